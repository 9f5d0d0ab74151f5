import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { dismissSurvey, getMySurvey, type ActivityKind, type MySurvey } from '../../api/evaluation.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { promptStyles } from './evaluation-styles.ts';
import '../../components/sinau-alert.ts';

/**
 * The reaction survey's prompt on a course or webinar page: shown once I completed it (or was
 * counted present) and have neither answered nor dismissed it; nothing for anyone else.
 */
@customElement('sinau-survey-prompt')
export class SinauSurveyPrompt extends LitElement {
  static override styles = [pageStyles, promptStyles];

  /** courses or webinars. */
  @property() kind: ActivityKind = 'courses';
  /** The course's or webinar's id. */
  @property({ type: Number, attribute: 'activity-id' }) activityId = 0;

  @state() private busy = false;
  @state() private error = '';

  private readonly locale = new LocaleController(this);
  private readonly survey = new LoadController<MySurvey>(this, (signal) => getMySurvey(this.kind, this.activityId, signal), { auto: false });

  override updated(changed: Map<string, unknown>): void {
    if ((changed.has('activityId') || changed.has('kind')) && this.activityId > 0) void this.survey.run();
  }

  private async onLater(): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      this.survey.value = await dismissSurvey(this.kind, this.activityId);
      announce(t('evaluation.prompt.dismissed'));
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const s = this.survey.value;
    if (!s || !s.eligible) return null;
    const href = `/evaluations/${s.activity.kind}/${s.activity.id}/survey`;
    if (s.response) return html`<p class="muted" data-testid="survey-thanks">${t('evaluation.prompt.thanks')}</p>`;
    if (s.dismissed) return html`<p><a href=${href}>${t('evaluation.survey.title')}</a></p>`;
    return html`<section class="prompt" aria-labelledby="survey-prompt-heading" data-testid="survey-prompt">
      <h2 id="survey-prompt-heading">${t('evaluation.prompt.heading')}</h2>
      <p>${t('evaluation.prompt.text', { title: s.activity.title })}</p>
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : null}
      <div class="actions">
        <a class="button" href=${href}>${t('evaluation.prompt.open')}</a>
        <button type="button" class="secondary" ?disabled=${this.busy} @click=${this.onLater}>${t('evaluation.prompt.later')}</button>
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-survey-prompt': SinauSurveyPrompt;
  }
}
