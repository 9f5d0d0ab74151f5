import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { getMySurvey, submitSurvey, type ActivityKind, type MySurvey, type SurveyAnswers } from '../../api/evaluation.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatDate, formatList, LocaleController, t, type MessageKey } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { scaleStyles } from './evaluation-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';

type ScaleKey = 'relevance' | 'trainer' | 'materials' | 'delivery' | 'recommend';
const FIVE: ScaleKey[] = ['relevance', 'trainer', 'materials', 'delivery'];
const LEVELS: MessageKey[] = ['evaluation.survey.levels.l1', 'evaluation.survey.levels.l2', 'evaluation.survey.levels.l3', 'evaluation.survey.levels.l4', 'evaluation.survey.levels.l5'];
const LABEL: Record<ScaleKey, MessageKey> = {
  relevance: 'evaluation.survey.relevance',
  trainer: 'evaluation.survey.trainer',
  materials: 'evaluation.survey.materials',
  delivery: 'evaluation.survey.delivery',
  recommend: 'evaluation.survey.recommend',
};

/** The reaction survey of a course or webinar (Kirkpatrick level 1): four 1–5 scales, a 0–10 recommendation and two comments. */
@customElement('sinau-survey-page')
export class SinauSurveyPage extends LitElement {
  static override styles = [
    pageStyles,
    scaleStyles,
    css`
      form {
        max-width: 44rem;
      }
      textarea {
        width: 100%;
        min-height: 5rem;
        box-sizing: border-box;
      }
      dl {
        display: grid;
        grid-template-columns: minmax(0, 1fr) auto;
        gap: var(--sinau-space-1) var(--sinau-space-3);
      }
      dd {
        margin: 0;
        font-weight: 600;
      }
    `,
  ];

  /** Route parameters: kind (courses or webinars) and id. */
  @property({ attribute: false }) params: Record<string, string> = {};

  @state() private values: Partial<Record<ScaleKey, number>> = {};
  @state() private missing: ScaleKey[] = [];
  @state() private sending = false;
  @state() private error = '';
  @state() private sent = false;

  private readonly locale = new LocaleController(this);
  private readonly survey = new LoadController<MySurvey>(this, (signal) => getMySurvey(this.kind, this.activityId, signal));

  private get kind(): ActivityKind {
    return this.params.kind === 'webinars' ? 'webinars' : 'courses';
  }

  private get activityId(): number {
    return Number(this.params.id);
  }

  private pick(key: ScaleKey, value: number): void {
    this.values = { ...this.values, [key]: value };
    this.missing = this.missing.filter((k) => k !== key);
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const missing = [...FIVE, 'recommend' as const].filter((k) => this.values[k] === undefined);
    this.missing = missing;
    if (missing.length) {
      this.error = t('evaluation.survey.missing', { fields: formatList(missing.map((k) => t(LABEL[k]))) });
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>(`fieldset[data-key='${missing[0]}'] input`)?.focus();
      return;
    }
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const answers: SurveyAnswers = {
      relevance: this.values.relevance!,
      trainer: this.values.trainer!,
      materials: this.values.materials!,
      delivery: this.values.delivery!,
      recommend: this.values.recommend!,
      ...(text('mostUseful') ? { mostUseful: text('mostUseful') } : {}),
      ...(text('improve') ? { improve: text('improve') } : {}),
    };
    this.sending = true;
    this.error = '';
    try {
      this.survey.value = await submitSurvey(this.kind, this.activityId, answers);
      this.sent = true;
      announce(t('evaluation.survey.sent'));
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.sending = false;
    }
  }

  private renderScale(key: ScaleKey) {
    const options = key === 'recommend' ? Array.from({ length: 11 }, (_, i) => i) : [1, 2, 3, 4, 5];
    const invalid = this.missing.includes(key);
    const hint = key === 'recommend' ? t('evaluation.survey.recommendHint') : t('evaluation.survey.scaleHint');
    return html`<fieldset data-key=${key} aria-invalid=${invalid ? 'true' : 'false'} aria-describedby=${`${key}-hint`}>
      <legend>${t(LABEL[key])}</legend>
      <p class="hint" id=${`${key}-hint`}>${hint}</p>
      <div class="scale">
        ${options.map(
          (n) => html`<label class="option">
            <input type="radio" name=${key} .value=${String(n)} .checked=${this.values[key] === n} @change=${() => this.pick(key, n)} />
            ${key === 'recommend' ? n : html`${n} <span>${t(LEVELS[n - 1]!)}</span>`}
          </label>`,
        )}
      </div>
    </fieldset>`;
  }

  private renderAnswers(s: MySurvey) {
    const r = s.response!;
    return html`${this.sent
        ? html`<sinau-alert variant="success">${t('evaluation.survey.sent')}</sinau-alert>`
        : html`<p>${t('evaluation.survey.already', { date: formatDate(r.submittedAt) })}</p>`}
      <h2>${t('evaluation.survey.yourAnswers')}</h2>
      <dl>
        ${[...FIVE, 'recommend' as const].map((k) => html`<dt>${t(LABEL[k])}</dt><dd>${r[k]}</dd>`)}
      </dl>
      ${r.mostUseful ? html`<p><strong>${t('evaluation.survey.mostUseful')}</strong><br />${r.mostUseful}</p>` : null}
      ${r.improve ? html`<p><strong>${t('evaluation.survey.improve')}</strong><br />${r.improve}</p>` : null}
      <p><a href=${s.activity.path}>${t('evaluation.survey.back')}</a></p>`;
  }

  private renderBody(s: MySurvey) {
    if (s.response) return this.renderAnswers(s);
    if (!s.eligible) {
      return html`<sinau-alert variant="info">${t('evaluation.survey.notEligible')}</sinau-alert>
        <p><a href=${s.activity.path}>${t('evaluation.survey.back')}</a></p>`;
    }
    return html`<p class="lead">${t('evaluation.survey.intro', { title: s.activity.title })}</p>
      <p class="muted">${t('evaluation.survey.anonymous')}</p>
      <form novalidate @submit=${this.onSubmit}>
        ${FIVE.map((k) => this.renderScale(k))} ${this.renderScale('recommend')}
        <div class="field">
          <label for="most-useful">${t('evaluation.survey.mostUseful')}</label>
          <textarea id="most-useful" name="mostUseful" maxlength="2000"></textarea>
        </div>
        <div class="field">
          <label for="improve">${t('evaluation.survey.improve')}</label>
          <textarea id="improve" name="improve" maxlength="2000"></textarea>
        </div>
        ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : null}
        <button type="submit" ?disabled=${this.sending}>${this.sending ? t('evaluation.survey.sending') : t('evaluation.survey.submit')}</button>
      </form>`;
  }

  override render() {
    const s = this.survey.value;
    return html`<h1>${t('evaluation.survey.title')}</h1>
      ${s ? html`<p><a href=${s.activity.path}>${s.activity.title}</a></p>` : null}
      ${this.survey.error
        ? html`<sinau-alert variant="error">${describeError(this.survey.error)}</sinau-alert>`
        : s
          ? this.renderBody(s)
          : html`<sinau-loading></sinau-loading>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-survey-page': SinauSurveyPage;
  }
}
