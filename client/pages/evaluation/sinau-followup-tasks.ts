import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { answerFollowUp, myFollowUps, type Applied, type FollowUp } from '../../api/evaluation.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatDate, LocaleController, t, type MessageKey } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { promptStyles, scaleStyles } from './evaluation-styles.ts';
import '../../components/sinau-alert.ts';

const APPLIED: Applied[] = ['not_at_all', 'partly', 'mostly', 'fully'];
const appliedKey = (a: Applied) => `evaluation.followUp.applied.${a}` as MessageKey;

/**
 * A supervisor's follow-ups (Kirkpatrick level 3), due 90 days after a team member completed a
 * course or attended a webinar: one small form each. Nothing when none is due.
 */
@customElement('sinau-followup-tasks')
export class SinauFollowupTasks extends LitElement {
  static override styles = [
    pageStyles,
    promptStyles,
    scaleStyles,
    css`
      textarea {
        width: 100%;
        min-height: 4rem;
        box-sizing: border-box;
      }
      form {
        border-top: 1px solid var(--sinau-color-border);
        padding-top: var(--sinau-space-3);
      }
    `,
  ];

  @state() private choice = new Map<number, Applied>();
  @state() private errors = new Map<number, string>();
  @state() private busy: number | null = null;

  private readonly locale = new LocaleController(this);
  private readonly tasks = new LoadController<FollowUp[]>(this, (signal) => myFollowUps(signal));

  private setError(id: number, message: string | null): void {
    const next = new Map(this.errors);
    if (message) next.set(id, message);
    else next.delete(id);
    this.errors = next;
  }

  private async onSubmit(event: SubmitEvent, f: FollowUp): Promise<void> {
    event.preventDefault();
    const applied = this.choice.get(f.id);
    if (!applied) {
      this.setError(f.id, t('evaluation.followUp.missing'));
      (event.target as HTMLFormElement).querySelector<HTMLInputElement>('input[type=radio]')?.focus();
      return;
    }
    const example = String(new FormData(event.target as HTMLFormElement).get('example') ?? '');
    this.busy = f.id;
    this.setError(f.id, null);
    try {
      await answerFollowUp(f.id, applied, example);
      this.tasks.value = this.tasks.value?.filter((x) => x.id !== f.id);
      announce(t('evaluation.followUp.saved', { person: f.person.name }));
    } catch (error) {
      this.setError(f.id, describeError(error));
    } finally {
      this.busy = null;
    }
  }

  private renderTask(f: FollowUp) {
    const error = this.errors.get(f.id);
    const legendId = `followup-${f.id}-q`;
    return html`<li>
      <form novalidate @submit=${(e: SubmitEvent) => this.onSubmit(e, f)} data-testid="followup">
        <fieldset aria-invalid=${error ? 'true' : 'false'}>
          <legend id=${legendId}>${t('evaluation.followUp.question', { person: f.person.name, activity: f.activity.title })}</legend>
          <p class="hint">${t('evaluation.followUp.completedOn', { date: formatDate(f.completedAt) })}</p>
          <div class="scale">
            ${APPLIED.map(
              (a) => html`<label class="option">
                <input
                  type="radio"
                  name=${`applied-${f.id}`}
                  .checked=${this.choice.get(f.id) === a}
                  @change=${() => {
                    this.choice = new Map(this.choice).set(f.id, a);
                    this.setError(f.id, null);
                  }}
                />
                ${t(appliedKey(a))}
              </label>`,
            )}
          </div>
        </fieldset>
        <div class="field">
          <label for=${`followup-${f.id}-example`}>${t('evaluation.followUp.example')}</label>
          <textarea id=${`followup-${f.id}-example`} name="example" maxlength="2000" aria-describedby=${`followup-${f.id}-hint`}></textarea>
          <span class="hint" id=${`followup-${f.id}-hint`}>${t('evaluation.followUp.exampleHint')}</span>
        </div>
        ${error ? html`<sinau-alert variant="error">${error}</sinau-alert>` : null}
        <button type="submit" ?disabled=${this.busy === f.id}>${t('evaluation.followUp.submit')}</button>
      </form>
    </li>`;
  }

  override render() {
    if (this.tasks.error) return html`<sinau-alert variant="error">${describeError(this.tasks.error)}</sinau-alert>`;
    const items = this.tasks.value;
    if (!items?.length) return null;
    return html`<section class="prompt" aria-labelledby="followups-heading" data-testid="followups">
      <h2 id="followups-heading">${t('evaluation.followUp.heading')}</h2>
      <p class="muted">${t('evaluation.followUp.intro')}</p>
      <ul class="plain">
        ${items.map((f) => this.renderTask(f))}
      </ul>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-followup-tasks': SinauFollowupTasks;
  }
}
