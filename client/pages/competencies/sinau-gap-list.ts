import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { CompetencyStatus } from '../../api/competencies.ts';
import { LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';

/** The competencies below the position's standard, largest gap first, or a word that there are none. */
@customElement('sinau-gap-list')
export class SinauGapList extends LitElement {
  static override styles = [
    pageStyles,
    css`
      ul {
        margin: 0 0 var(--sinau-space-3);
        padding-left: var(--sinau-space-5);
      }
      li {
        margin-bottom: var(--sinau-space-1);
      }
      .gap {
        color: var(--sinau-color-danger);
        font-weight: 700;
      }
      .none {
        color: var(--sinau-color-success);
        font-weight: 600;
      }
    `,
  ];

  /** The person's competencies (any order). */
  @property({ attribute: false }) competencies: CompetencyStatus[] = [];
  /** The list is about the signed-in person rather than someone else. */
  @property({ type: Boolean }) own = true;

  private readonly locale = new LocaleController(this);

  override render() {
    const gaps = this.competencies.filter((c) => c.gap > 0).sort((a, b) => b.gap - a.gap || a.code.localeCompare(b.code, undefined, { numeric: true }));
    if (!gaps.length) return html`<p class="none" data-testid="no-gaps">${this.own ? t('competencies.gaps.none') : t('competencies.gaps.noneTheirs')}</p>`;
    return html`<ul data-testid="gap-list">
      ${gaps.map(
        (c) => html`<li data-code=${c.code}>
          <strong>${c.code}</strong> ${c.name}: ${t('competencies.gaps.levels', { attained: c.attained, required: c.required })}
          <span class="gap">(${t('competencies.chart.gap', { gap: c.gap })})</span>
        </li>`,
      )}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-gap-list': SinauGapList;
  }
}
