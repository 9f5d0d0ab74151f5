import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Plan, PlanItem } from '../../api/competencies.ts';
import { formatDate, formatNumber, LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { planStatusClass, planStatusName, quarterName, roundJp } from './competency-format.ts';
import '../../components/sinau-progress-bar.ts';

/**
 * A development plan as it stands: status and what it means, the supervisor's note, planned JP
 * against the target, and the activities (read-only). Used by the learner once the plan is
 * submitted and by the supervisor.
 */
@customElement('sinau-plan-summary')
export class SinauPlanSummary extends LitElement {
  static override styles = [
    pageStyles,
    css`
      .status {
        margin-bottom: var(--sinau-space-3);
      }
      .decision {
        padding: var(--sinau-space-3) var(--sinau-space-4);
        border-left: 0.35rem solid var(--sinau-color-info);
        background: var(--sinau-color-info-bg);
        border-radius: var(--sinau-radius);
        margin-bottom: var(--sinau-space-3);
      }
      .decision.returned {
        border-left-color: var(--sinau-color-warning);
        background: var(--sinau-color-warning-bg);
      }
      .decision p {
        margin: 0;
        white-space: pre-line;
      }
      .note {
        white-space: pre-line;
      }
      sinau-progress-bar {
        margin-bottom: var(--sinau-space-3);
        max-width: 32rem;
      }
    `,
  ];

  /** The plan, as GET /api/me/plan or /api/people/:id/plan returns it. */
  @property({ attribute: false }) plan: Plan | null = null;
  /** Names of competencies by code. */
  @property({ attribute: false }) names: ReadonlyMap<string, string> = new Map();
  /** Only the status, the supervisor's note and the JP (the learner's editor shows the items). */
  @property({ type: Boolean, attribute: 'status-only' }) statusOnly = false;
  /** The plan is the signed-in person's own (wording of the status help). */
  @property({ type: Boolean }) own = true;

  private readonly locale = new LocaleController(this);

  private statusHelp(plan: Plan): string {
    const name = plan.decidedBy ?? '—';
    switch (plan.status) {
      case 'submitted':
        return t(this.own ? 'competencies.plan.help.submitted' : 'competencies.plan.help.submittedTheirs', { date: plan.submittedAt ? formatDate(plan.submittedAt) : '—' });
      case 'approved':
        return t('competencies.plan.help.approved', { name, date: plan.decidedAt ? formatDate(plan.decidedAt) : '—' });
      case 'done':
        return t('competencies.plan.help.done', { name });
      default:
        return plan.id === null ? t('competencies.plan.help.none') : t(this.own ? 'competencies.plan.help.draft' : 'competencies.plan.help.draftTheirs');
    }
  }

  private competency(item: PlanItem): string {
    if (!item.competencyCode) return '—';
    const name = this.names.get(item.competencyCode);
    return name ? `${item.competencyCode} ${name}` : item.competencyCode;
  }

  private kind(item: PlanItem): string {
    return item.kind === 'course' ? t('competencies.plan.kinds.course') : item.kind === 'quiz' ? t('competencies.plan.kinds.quiz') : t('competencies.plan.kinds.other');
  }

  override render() {
    const plan = this.plan;
    if (!plan) return null;
    const returned = plan.status === 'draft' && !!plan.decisionNote;
    return html`<p class="status">
        <span class=${planStatusClass(plan.status)} data-testid="plan-status">${planStatusName(plan.status)}</span>
        ${this.statusHelp(plan)}
      </p>
      ${plan.decisionNote
        ? html`<div class=${returned ? 'decision returned' : 'decision'} data-testid="plan-decision-note">
            <strong>${returned ? t('competencies.plan.returnedBy', { name: plan.decidedBy ?? '—' }) : t('competencies.plan.noteBy', { name: plan.decidedBy ?? '—' })}</strong>
            <p>${plan.decisionNote}</p>
          </div>`
        : null}
      <sinau-progress-bar
        .value=${plan.plannedJp}
        .max=${plan.target}
        .label=${t('competencies.plan.plannedJp')}
        .text=${t('competencies.plan.plannedOfTarget', { jp: roundJp(plan.plannedJp), target: plan.target })}
        ?complete=${plan.plannedJp >= plan.target}
      ></sinau-progress-bar>
      <p>${t('competencies.plan.earned', { jp: roundJp(plan.jpThisYear), year: String(plan.year) })}</p>
      ${this.statusOnly ? null : this.renderItems(plan)}`;
  }

  private renderItems(plan: Plan) {
    return html`${plan.items.length
        ? html`<div class="table-scroll" role="region" aria-labelledby="plan-caption" tabindex="0">
            <table class="cards" role="table" data-testid="plan-items">
              <caption id="plan-caption">${t('competencies.plan.itemsCaption', { year: String(plan.year) })}</caption>
              <thead role="rowgroup">
                <tr role="row">
                  <th role="columnheader" scope="col">${t('competencies.plan.col.activity')}</th>
                  <th role="columnheader" scope="col">${t('competencies.plan.col.kind')}</th>
                  <th role="columnheader" scope="col">${t('competencies.plan.col.competency')}</th>
                  <th role="columnheader" scope="col">${t('competencies.plan.col.quarter')}</th>
                  <th role="columnheader" scope="col" class="num">${t('competencies.plan.col.jp')}</th>
                  <th role="columnheader" scope="col">${t('competencies.plan.col.done')}</th>
                </tr>
              </thead>
              <tbody role="rowgroup">
                ${plan.items.map(
                  (item) => html`<tr role="row">
                    <td role="cell" data-label=${t('competencies.plan.col.activity')}>${item.url ? html`<a href=${item.url}>${item.title}</a>` : item.title}</td>
                    <td role="cell" data-label=${t('competencies.plan.col.kind')}>${this.kind(item)}</td>
                    <td role="cell" data-label=${t('competencies.plan.col.competency')}>${this.competency(item)}</td>
                    <td role="cell" data-label=${t('competencies.plan.col.quarter')}>${quarterName(item.plannedQuarter)}</td>
                    <td role="cell" class="num" data-label=${t('competencies.plan.col.jp')}>${formatNumber(roundJp(item.jp))}</td>
                    <td role="cell" data-label=${t('competencies.plan.col.done')}>
                      ${item.done ? html`<span class="badge create">${t('competencies.plan.itemDone')}</span>` : html`<span class="muted">${t('competencies.plan.itemNotDone')}</span>`}
                    </td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : html`<p class="muted">${t('competencies.plan.noItemsYet')}</p>`}
      ${plan.note ? html`<h3>${t('competencies.plan.note')}</h3><p class="note">${plan.note}</p>` : null}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-plan-summary': SinauPlanSummary;
  }
}
