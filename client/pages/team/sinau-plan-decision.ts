import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { decidePlan, type Plan } from '../../api/competencies.ts';
import { announce } from '../../announce.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t } from '../../i18n.ts';
import { formStyles, pageStyles } from '../../styles/shared-styles.ts';
import '../../components/sinau-alert.ts';

type Decision = 'approve' | 'return' | 'done';

/**
 * The supervisor's decision on a team member's plan: approve or return a submitted plan (a
 * return needs a note saying what to change), or mark an approved plan done. Fires
 * `sinau-plan-decided` (detail: the plan after the decision).
 */
@customElement('sinau-plan-decision')
export class SinauPlanDecision extends LitElement {
  static override styles = [
    pageStyles,
    formStyles,
    css`
      :host {
        margin-top: var(--sinau-space-4);
      }
      textarea {
        font-family: inherit;
        font-size: 1rem;
        min-height: 4rem;
      }
    `,
  ];

  /** The plan to decide on. */
  @property({ attribute: false }) plan: Plan | null = null;

  @state() private note = '';
  @state() private noteError = false;
  @state() private busy = false;
  @state() private error = '';

  private readonly locale = new LocaleController(this);

  private async decide(decision: Decision): Promise<void> {
    const plan = this.plan;
    if (!plan?.id || this.busy) return;
    this.noteError = decision === 'return' && !this.note.trim();
    if (this.noteError) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLTextAreaElement>('#decision-note')?.focus();
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const decided = await decidePlan(plan.id, decision, this.note.trim());
      this.note = '';
      const name = plan.person.name;
      announce(decision === 'approve' ? t('team.member.approved', { name }) : decision === 'return' ? t('team.member.returned', { name }) : t('team.member.markedDone', { name }));
      this.dispatchEvent(new CustomEvent<Plan>('sinau-plan-decided', { detail: decided, bubbles: true, composed: true }));
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const plan = this.plan;
    if (!plan?.id || (plan.status !== 'submitted' && plan.status !== 'approved')) return null;
    return html`<div class="field">
        <label for="decision-note">${t('team.member.decisionNote', { name: plan.person.name })}</label>
        <textarea
          id="decision-note"
          maxlength="4000"
          .value=${this.note}
          aria-invalid=${this.noteError ? 'true' : 'false'}
          aria-describedby="decision-note-hint"
          @input=${(e: Event) => ((this.note = (e.target as HTMLTextAreaElement).value), (this.noteError = false))}
        ></textarea>
        <p class=${this.noteError ? 'field-error' : 'hint'} id="decision-note-hint">
          ${this.noteError ? t('team.member.returnNeedsNote') : plan.status === 'submitted' ? t('team.member.decisionNoteHint') : t('team.member.doneNoteHint')}
        </p>
      </div>
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : null}
      <div class="actions">
        ${plan.status === 'submitted'
          ? html`<button type="button" ?disabled=${this.busy} @click=${() => void this.decide('approve')} data-testid="plan-approve">${t('team.member.approve')}</button>
              <button type="button" class="secondary" ?disabled=${this.busy} @click=${() => void this.decide('return')} data-testid="plan-return">
                ${t('team.member.return')}
              </button>`
          : html`<button type="button" ?disabled=${this.busy} @click=${() => void this.decide('done')} data-testid="plan-done">${t('team.member.done')}</button>`}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-plan-decision': SinauPlanDecision;
  }
  interface HTMLElementEventMap {
    'sinau-plan-decided': CustomEvent<Plan>;
  }
}
