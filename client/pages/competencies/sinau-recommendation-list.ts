import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Recommendation } from '../../api/competencies.ts';
import { LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { competencyPageStyles, roundJp } from './competency-format.ts';

/** The key a plan item and a recommendation share. */
export const recommendationKey = (r: { kind: string; id: number }) => `${r.kind}:${r.id}`;

/**
 * Courses and tests that close a person's gaps, best fit first: their JP and which gaps each
 * closes or narrows, linking to the course or test. With `pickable`, each has a button that
 * fires `sinau-recommendation-pick` (detail: the recommendation) to add it to a plan.
 */
@customElement('sinau-recommendation-list')
export class SinauRecommendationList extends LitElement {
  static override styles = [
    pageStyles,
    competencyPageStyles,
    css`
      li.item {
        display: grid;
        grid-template-columns: minmax(0, 1fr) auto;
        gap: var(--sinau-space-2) var(--sinau-space-4);
        align-items: center;
      }
      @media (max-width: 36rem) {
        li.item {
          grid-template-columns: minmax(0, 1fr);
        }
      }
      ul.closes {
        margin: var(--sinau-space-1) 0 0;
        padding-left: var(--sinau-space-4);
      }
      .closes .full {
        color: var(--sinau-color-success);
      }
    `,
  ];

  /** Recommendations, as GET /api/me/recommendations returns them. */
  @property({ attribute: false }) items: Recommendation[] = [];
  /** Offer "add to plan" buttons. */
  @property({ type: Boolean }) pickable = false;
  /** Keys (recommendationKey) already in the plan: their button says so and is disabled. */
  @property({ attribute: false }) picked: readonly string[] = [];
  /** The list is about the signed-in person ("for your position") rather than someone else. */
  @property({ type: Boolean }) own = true;

  private readonly locale = new LocaleController(this);

  private pick(item: Recommendation): void {
    this.dispatchEvent(new CustomEvent<Recommendation>('sinau-recommendation-pick', { detail: item, bubbles: true, composed: true }));
  }

  private renderAction(item: Recommendation) {
    if (!this.pickable) return null;
    const inPlan = this.picked.includes(recommendationKey(item));
    return html`<button type="button" class="secondary" ?disabled=${inPlan} @click=${() => this.pick(item)}>
      ${inPlan ? t('competencies.recommendations.inPlan') : t('competencies.recommendations.addToPlan')}<span class="visually-hidden">: ${item.title}</span>
    </button>`;
  }

  override render() {
    return html`<ul class="items" data-testid="recommendations">
      ${this.items.map(
        (item) => html`<li class="item" data-testid="recommendation" data-slug=${item.slug}>
          <div>
            <h3><a href=${item.url}>${item.title}</a></h3>
            <ul class="badges">
              <li><span class="badge inactive">${item.kind === 'course' ? t('competencies.recommendations.kinds.course') : item.kind === 'quiz' ? t('competencies.recommendations.kinds.quiz') : t('competencies.recommendations.kinds.webinar')}</span></li>
              ${item.jp > 0 ? html`<li><span class="badge">${t('competencies.recommendations.jp', { jp: roundJp(item.jp) })}</span></li>` : null}
              ${item.forMe ? html`<li><span class="badge update">${this.own ? t('competencies.recommendations.forMe') : t('competencies.recommendations.forThem')}</span></li>` : null}
              ${item.enrolled ? html`<li><span class="badge create">${t('competencies.recommendations.enrolled')}</span></li>` : null}
            </ul>
            <ul class="closes">
              ${item.competencies.map((c) =>
                c.closesGap
                  ? html`<li class="full">${t('competencies.recommendations.closes', { code: c.code, name: c.name, level: c.level })}</li>`
                  : html`<li>${t('competencies.recommendations.narrows', { code: c.code, name: c.name, level: c.level, required: c.required })}</li>`,
              )}
            </ul>
          </div>
          ${this.renderAction(item)}
        </li>`,
      )}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-recommendation-list': SinauRecommendationList;
  }
  interface HTMLElementEventMap {
    'sinau-recommendation-pick': CustomEvent<Recommendation>;
  }
}
