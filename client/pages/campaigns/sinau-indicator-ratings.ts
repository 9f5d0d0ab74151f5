import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Ratings, TaskCompetency } from '../../api/assessment-campaigns.ts';
import { LocaleController, t } from '../../i18n.ts';
import { formStyles, pageStyles } from '../../styles/shared-styles.ts';
import { assessedLevel } from '../team/sinau-assessment-form.ts';

/**
 * One competency's behaviour indicators as checkboxes, level by level, with the level they add
 * up to. Beside each indicator, when given: the person's own mark and how many peers marked it.
 * Fires `sinau-ratings-change` (detail: the new ratings).
 */
@customElement('sinau-indicator-ratings')
export class SinauIndicatorRatings extends LitElement {
  static override styles = [
    pageStyles,
    formStyles,
    css`
      fieldset {
        margin-bottom: var(--sinau-space-3);
      }
      .check {
        align-items: flex-start;
      }
      .beside {
        display: inline-flex;
        flex-wrap: wrap;
        gap: var(--sinau-space-1);
        margin-left: var(--sinau-space-2);
      }
      .tag {
        font-size: 0.85rem;
        border: 1px solid currentColor;
        border-radius: 999px;
        padding: 0 var(--sinau-space-2);
        white-space: nowrap;
      }
      .result {
        font-weight: 700;
      }
    `,
  ];

  /** The competency rated: its code, name and levels with their indicators. */
  @property({ attribute: false }) competency: TaskCompetency | null = null;
  /** The marks, { "<level>": [bool, …] }; missing levels count as unmarked. */
  @property({ attribute: false }) ratings: Ratings = {};
  /** The person's own marks, shown beside (for the supervisor). */
  @property({ attribute: false }) self: Ratings | null = null;
  /** Peers' marks counted per indicator, shown beside. */
  @property({ attribute: false }) peers: { answered: number; marks: Record<string, number[]> } | null = null;
  /** Show the marks without letting them change. */
  @property({ type: Boolean }) readonly = false;

  private readonly locale = new LocaleController(this);

  private mark(level: number, index: number, on: boolean): void {
    const c = this.competency!;
    const key = String(level);
    const count = c.levels.find((l) => l.level === level)?.indicators.length ?? 0;
    const marks = Array.from({ length: count }, (_, i) => this.ratings[key]?.[i] ?? false);
    marks[index] = on;
    const next = { ...this.ratings, [key]: marks };
    this.dispatchEvent(new CustomEvent<Ratings>('sinau-ratings-change', { detail: next, bubbles: true, composed: true }));
  }

  override render() {
    const c = this.competency;
    if (!c) return null;
    const result = assessedLevel(c.levels, this.ratings);
    return html`${c.levels.map(
        (l) => html`<fieldset>
          <legend>${t('campaigns.task.levelNamed', { level: l.level, name: l.name })}</legend>
          ${l.description ? html`<p class="hint">${l.description}</p>` : null}
          ${l.indicators.map((indicator, i) => {
            const self = this.self?.[String(l.level)]?.[i];
            const peers = this.peers?.marks[String(l.level)]?.[i];
            return html`<label class="check">
              <input
                type="checkbox"
                data-testid="indicator"
                .checked=${this.ratings[String(l.level)]?.[i] ?? false}
                ?disabled=${this.readonly}
                @change=${(e: Event) => this.mark(l.level, i, (e.target as HTMLInputElement).checked)}
              />
              <span
                >${indicator}
                ${self || peers !== undefined
                  ? html`<span class="beside">
                      ${self ? html`<span class="tag">${t('campaigns.task.selfMark')}</span>` : null}
                      ${peers !== undefined ? html`<span class="tag">${t('campaigns.task.peerMark', { count: peers, total: this.peers!.answered })}</span>` : null}
                    </span>`
                  : null}</span
              >
            </label>`;
          })}
        </fieldset>`,
      )}
      <p class="result" role="status" data-testid="rating-result">${result > 0 ? t('campaigns.task.result', { level: result }) : t('campaigns.task.resultNone')}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-indicator-ratings': SinauIndicatorRatings;
  }
  interface HTMLElementEventMap {
    'sinau-ratings-change': CustomEvent<Ratings>;
  }
}
