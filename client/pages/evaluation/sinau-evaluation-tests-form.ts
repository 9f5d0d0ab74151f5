import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { setTests, type ActivityKind, type Tests } from '../../api/evaluation.ts';
import { managedQuizzes } from '../../api/quizzes.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import '../../components/sinau-alert.ts';

/**
 * Chooses an activity's pre-test and post-test among the quizzes the trainer manages (a
 * webinar's post-test is its own quiz). Fires `sinau-tests-change` once saved.
 */
@customElement('sinau-evaluation-tests-form')
export class SinauEvaluationTestsForm extends LitElement {
  static override styles = pageStyles;

  /** courses or webinars. */
  @property() kind: ActivityKind = 'courses';
  /** The course's or webinar's id. */
  @property({ type: Number }) activityId = 0;
  /** The tests as they are. */
  @property({ attribute: false }) tests: Tests = { pre: null, post: null };

  @state() private saving = false;
  @state() private error = '';

  private readonly locale = new LocaleController(this);
  private readonly quizzes = new LoadController(this, (signal) => managedQuizzes(signal));

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const id = (name: string) => (data.get(name) ? Number(data.get(name)) : null);
    this.saving = true;
    this.error = '';
    try {
      const saved = await setTests(this.kind, this.activityId, this.kind === 'courses' ? { preQuizId: id('pre'), postQuizId: id('post') } : { preQuizId: id('pre') });
      announce(t('evaluation.report.testsSaved'));
      this.dispatchEvent(new CustomEvent<Tests>('sinau-tests-change', { detail: saved, bubbles: true, composed: true }));
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.saving = false;
    }
  }

  private renderSelect(name: 'pre' | 'post', label: string, current: { id: number; title: string } | null) {
    const options = [...(this.quizzes.value ?? [])];
    // The current quiz may be one this person does not manage: keep it choosable.
    if (current && !options.some((q) => q.id === current.id)) options.unshift({ id: current.id, title: current.title } as (typeof options)[number]);
    return html`<div class="field">
      <label for=${`test-${name}`}>${label}</label>
      <select id=${`test-${name}`} name=${name}>
        <option value="" ?selected=${!current}>${t('evaluation.report.noQuiz')}</option>
        ${options.map((q) => html`<option value=${String(q.id)} ?selected=${current?.id === q.id}>${q.title}</option>`)}
      </select>
    </div>`;
  }

  override render() {
    return html`<form @submit=${this.onSubmit}>
      <fieldset>
        <legend>${t('evaluation.report.testsLegend')}</legend>
        <p class="hint">${t('evaluation.report.testsHint')}</p>
        ${this.renderSelect('pre', t('evaluation.report.preLabel'), this.tests.pre)}
        ${this.kind === 'courses'
          ? this.renderSelect('post', t('evaluation.report.postLabel'), this.tests.post)
          : html`<p>${this.tests.post ? t('evaluation.report.webinarPost', { title: this.tests.post.title }) : t('evaluation.report.webinarNoPost')}</p>`}
        ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : null}
        <button type="submit" class="secondary" ?disabled=${this.saving || !this.quizzes.value}>${t('evaluation.report.saveTests')}</button>
      </fieldset>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-evaluation-tests-form': SinauEvaluationTestsForm;
  }
}
