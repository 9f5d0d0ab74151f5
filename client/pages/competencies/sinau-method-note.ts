import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { CompetencySettings } from '../../api/competencies.ts';
import { LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';

/** "How is my level computed?": the city's attainment method and evidence ageing, in plain words. */
@customElement('sinau-method-note')
export class SinauMethodNote extends LitElement {
  static override styles = [
    pageStyles,
    css`
      details {
        margin-top: var(--sinau-space-4);
      }
      summary {
        cursor: pointer;
        font-weight: 600;
        color: var(--sinau-color-link);
        padding: var(--sinau-space-2) 0;
      }
      p {
        max-width: 48rem;
      }
    `,
  ];

  /** The settings from GET /api/competency-settings. */
  @property({ attribute: false }) settings: CompetencySettings | null = null;

  private readonly locale = new LocaleController(this);

  private methodText(s: CompetencySettings): string {
    switch (s.method) {
      case 'highest':
        return t('competencies.method.highest');
      case 'most_recent':
        return t('competencies.method.most_recent');
      case 'weighted_average':
        return t('competencies.method.weighted_average');
      case 'highest_supported':
      default:
        return t('competencies.method.highest_supported', { minWeight: s.minWeight });
    }
  }

  override render() {
    const s = this.settings;
    if (!s) return null;
    return html`<details>
      <summary>${t('competencies.method.heading')}</summary>
      <p>${this.methodText(s)}</p>
      <p>${s.decayYears > 0 ? t('competencies.method.ageing', { full: s.fullYears, decay: s.decayYears }) : t('competencies.method.ageingAtOnce', { full: s.fullYears })}</p>
      <p>${t('competencies.method.evidence')}</p>
    </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-method-note': SinauMethodNote;
  }
}
