import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { listAuthoringCourses, type AuthoringCourse } from '../../api/courses.ts';
import { isApiError } from '../../api/http.ts';
import { getQuestionBank, getQuizForEdit, listQuestionBanks, updateQuiz, type BankDetail, type QuizEdit, type QuizItem } from '../../api/quizzes.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t, type MessageKey } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { textField } from './form-fields.ts';
import { newKey } from './question-draft.ts';
import { gradings, quizStatuses, reviewWhens, ruleRows, settingsDraft, settingsIds, toRules, toSettings, type ItemRow, type RuleRow, type SettingsDraft } from './quiz-settings.ts';
import { quizAdminStyles } from './quiz-admin-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import './sinau-quiz-access.ts';
import './sinau-quiz-items.ts';
import './sinau-quiz-rules.ts';

/** Every bank I may edit, with its categories and questions (for picking items). */
async function loadBanks(signal: AbortSignal): Promise<BankDetail[]> {
  const banks = await listQuestionBanks(signal);
  return Promise.all(banks.map((b) => getQuestionBank(b.id, signal)));
}

const withKeys = (items: QuizItem[]): ItemRow[] => items.map((i) => ({ key: newKey(), ...i }));
const withoutKeys = (rows: ItemRow[]): QuizItem[] => rows.map(({ key: _key, ...item }) => item as QuizItem);

/**
 * Builds a quiz: its settings (time, window, attempts, grading, pass mark, shuffling, pages,
 * review, status, the competency evidence rules) and its questions, saved together; then extra
 * time and who it is assigned to.
 */
@customElement('sinau-quiz-editor-page')
export class SinauQuizEditorPage extends LitElement {
  static override styles = [pageStyles, quizAdminStyles];

  /** Route parameters: id. */
  @property({ attribute: false }) params: Record<string, string> = {};

  @state() private draft: SettingsDraft | null = null;
  @state() private items: ItemRow[] = [];
  @state() private rules: RuleRow[] = [];
  @state() private invalid: Record<string, MessageKey> = {};
  @state() private error = '';
  @state() private savedNote = '';
  @state() private busy = false;

  private readonly locale = new LocaleController(this);
  private readonly quiz = new LoadController<QuizEdit>(this, (signal) => getQuizForEdit(this.quizId, signal));
  private readonly banks = new LoadController<BankDetail[]>(this, loadBanks);
  private readonly courses = new LoadController<AuthoringCourse[]>(this, (signal) => listAuthoringCourses(signal).catch(() => []));

  private get quizId(): number {
    return Number(this.params.id);
  }

  protected override willUpdate(): void {
    const quiz = this.quiz.value;
    if (quiz && !this.draft) {
      this.draft = settingsDraft(quiz.settings);
      this.items = withKeys(quiz.settings.items);
      this.rules = ruleRows(quiz.settings.competencies, newKey);
    }
  }

  private set<K extends keyof SettingsDraft>(key: K, value: SettingsDraft[K]): void {
    if (this.draft) this.draft = { ...this.draft, [key]: value };
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const quiz = this.quiz.value;
    if (this.busy || !this.draft || !quiz) return;
    const { settings, errors } = toSettings(this.draft, withoutKeys(this.items), quiz.settings);
    const rules = toRules(this.rules);
    settings.competencies = rules.rules;
    this.invalid = { ...errors, ...rules.errors };
    this.savedNote = '';
    if (Object.keys(this.invalid).length) {
      this.error = t('form.fixErrors');
      await this.updateComplete;
      // The evidence rules sit in their own element's shadow root.
      const rulesRoot = this.renderRoot.querySelector('sinau-quiz-rules');
      if (rulesRoot) await rulesRoot.updateComplete;
      (this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]') ?? rulesRoot?.shadowRoot?.querySelector<HTMLElement>('[aria-invalid="true"]'))?.focus();
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const saved = await updateQuiz(this.quizId, settings);
      this.quiz.value = saved;
      // What the server kept (it fills in defaults), with the rows' keys kept for focus.
      this.draft = settingsDraft(saved.settings);
      this.rules = ruleRows(saved.settings.competencies, newKey);
      this.savedNote = t('quizEditor.quizSaved', { status: t(`quizEditor.statuses.${saved.settings.status}`) });
      announce(this.savedNote);
    } catch (error) {
      // The form keeps what was typed.
      this.error = isApiError(error, 'managed_by_files') ? t('quizEditor.quizManagedByFiles') : describeError(error);
    } finally {
      this.busy = false;
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#save-result')?.focus();
  }

  /** Extra time or an assignment was saved: the quiz as the server has it now (settings unchanged). */
  private onAccessChange(event: CustomEvent<QuizEdit>): void {
    this.quiz.value = event.detail;
    this.requestUpdate();
  }

  private field(id: string, label: string, value: string, onInput: (v: string) => void, opts: { hint?: string; numeric?: boolean; type?: 'datetime-local'; maxlength?: number; area?: 'long' } = {}) {
    const error = this.invalid[id];
    return textField({ id, label, value, onInput, error: error && t(error), ...opts });
  }

  private check(label: string, checked: boolean, onChange: (v: boolean) => void) {
    return html`<label class="check">
      <input type="checkbox" .checked=${checked} @change=${(e: Event) => onChange((e.target as HTMLInputElement).checked)} />
      <span>${label}</span>
    </label>`;
  }

  private renderSettings(quiz: QuizEdit, d: SettingsDraft) {
    const ids = settingsIds;
    const course = quiz.courseId === null ? null : this.courses.value?.find((c) => c.id === quiz.courseId);
    return html`<fieldset>
        <legend>${t('quizEditor.generalLegend')}</legend>
        ${this.field(ids.title, t('quizEditor.title'), d.title, (v) => this.set('title', v), { maxlength: 200 })}
        ${this.field('set-description', t('quizEditor.description'), d.description, (v) => this.set('description', v), { area: 'long', maxlength: 50000, hint: t('quizEditor.descriptionHint') })}
        <div class="field">
          <span id="course-label"><strong>${t('quizEditor.course')}</strong></span>
          <p aria-labelledby="course-label" data-testid="quiz-course">
            ${quiz.courseId === null
              ? t('quizEditor.standalone')
              : course
                ? html`<a href=${`/courses/${course.slug}`}>${course.title}</a>`
                : t('quizEditor.courseN', { id: quiz.courseId })}
            <br /><span class="hint">${t('quizEditor.courseFixed')}</span>
          </p>
        </div>
        <div class="field">
          <label for="set-status">${t('quizEditor.status')}</label>
          <select id="set-status" aria-describedby="set-status-hint" @change=${(e: Event) => this.set('status', (e.target as HTMLSelectElement).value as SettingsDraft['status'])}>
            ${quizStatuses.map((s) => html`<option value=${s} .selected=${s === d.status}>${t(`quizEditor.statuses.${s}`)}</option>`)}
          </select>
          <p id="set-status-hint" class="hint">${t('quizEditor.statusHint')}</p>
        </div>
      </fieldset>
      <fieldset>
        <legend>${t('quizEditor.timeLegend')}</legend>
        <div class="form-grid">
          ${this.field(ids.timeLimit, t('quizEditor.timeLimit'), d.timeLimit, (v) => this.set('timeLimit', v), { numeric: true, maxlength: 5, hint: t('quizEditor.timeLimitHint') })}
          ${this.field(ids.opensAt, t('quizEditor.opensAt'), d.opensAt, (v) => this.set('opensAt', v), { type: 'datetime-local', hint: t('quizEditor.opensAtHint') })}
          ${this.field(ids.closesAt, t('quizEditor.closesAt'), d.closesAt, (v) => this.set('closesAt', v), { type: 'datetime-local', hint: t('quizEditor.closesAtHint') })}
        </div>
      </fieldset>
      <fieldset>
        <legend>${t('quizEditor.gradingLegend')}</legend>
        <div class="form-grid">
          ${this.field(ids.attemptsAllowed, t('quizEditor.attemptsAllowed'), d.attemptsAllowed, (v) => this.set('attemptsAllowed', v), {
            numeric: true,
            maxlength: 3,
            hint: t('quizEditor.attemptsHint'),
          })}
          <div class="field">
            <label for="set-grading">${t('quizEditor.grading')}</label>
            <select id="set-grading" @change=${(e: Event) => this.set('grading', (e.target as HTMLSelectElement).value as SettingsDraft['grading'])}>
              ${gradings.map((g) => html`<option value=${g} .selected=${g === d.grading}>${t(`quizEditor.gradings.${g}`)}</option>`)}
            </select>
          </div>
          ${this.field(ids.passPct, t('quizEditor.passPct'), d.passPct, (v) => this.set('passPct', v), { numeric: true, maxlength: 6 })}
        </div>
      </fieldset>
      <fieldset>
        <legend>${t('quizEditor.layoutLegend')}</legend>
        ${this.check(t('quizEditor.shuffleQuestions'), d.shuffleQuestions, (v) => this.set('shuffleQuestions', v))}
        ${this.check(t('quizEditor.shuffleQuizChoices'), d.shuffleChoices, (v) => this.set('shuffleChoices', v))}
        ${this.field(ids.perPage, t('quizEditor.perPage'), d.perPage, (v) => this.set('perPage', v), { numeric: true, maxlength: 3, hint: t('quizEditor.perPageHint') })}
      </fieldset>
      <fieldset>
        <legend>${t('quizEditor.reviewLegend')}</legend>
        <p class="hint">${t('quizEditor.reviewHint')}</p>
        <div class="form-grid">
          ${(['score', 'answers', 'feedback'] as const).map(
            (k) => html`<div class="field">
              <label for=${`review-${k}`}>${t(`quizEditor.review.${k}`)}</label>
              <select id=${`review-${k}`} @change=${(e: Event) => this.set('review', { ...d.review, [k]: (e.target as HTMLSelectElement).value })}>
                ${reviewWhens.map((w) => html`<option value=${w} .selected=${w === d.review[k]}>${t(`quizEditor.reviewWhen.${w}`)}</option>`)}
              </select>
            </div>`,
          )}
        </div>
      </fieldset>`;
  }

  private renderItems() {
    let body;
    if (this.banks.error) body = html`<sinau-alert variant="error">${describeError(this.banks.error)}</sinau-alert>`;
    else if (!this.banks.value) body = html`<sinau-loading></sinau-loading>`;
    else body = html`<sinau-quiz-items .items=${this.items} .banks=${this.banks.value} @sinau-items-change=${(e: CustomEvent<ItemRow[]>) => (this.items = e.detail)}></sinau-quiz-items>`;
    return html`<section aria-labelledby="items-heading">
      <h2 id="items-heading">${t('quizEditor.itemsHeading')}</h2>
      <p class="hint">${t('quizEditor.itemsIntro')}</p>
      ${body}
    </section>`;
  }

  override render() {
    const crumbs = html`<nav class="crumbs" aria-label=${t('course.breadcrumbs')}>
      <a href="/authoring">${t('quizAdmin.toAuthoring')}</a> › <a href="/authoring/quizzes">${t('quizAdmin.toQuizzes')}</a>
    </nav>`;
    if (this.quiz.error) {
      return html`${crumbs}<h1>${t('quizEditor.quizTitle')}</h1><sinau-alert variant="error">${describeError(this.quiz.error)}</sinau-alert>`;
    }
    const quiz = this.quiz.value;
    const d = this.draft;
    if (!quiz || !d) return html`${crumbs}<h1>${t('quizEditor.quizTitle')}</h1><sinau-loading></sinau-loading>`;
    return html`${crumbs}
      <h1>${t('quizEditor.quizHeading', { title: quiz.settings.title })}</h1>
      <p class="links">
        <a href=${`/authoring/quizzes/${quiz.id}/results`}>${t('quizAdmin.results')}</a>
        <a href=${`/quizzes/${quiz.id}`}>${t('quizAdmin.learnerView')}</a>
        <span class="muted">${quiz.slug}</span>
      </p>
      <form novalidate @submit=${this.onSubmit} aria-labelledby="settings-heading" data-testid="quiz-settings">
        <section aria-labelledby="settings-heading">
          <h2 id="settings-heading">${t('quizEditor.settingsHeading')}</h2>
          ${this.renderSettings(quiz, d)}
          <sinau-quiz-rules .rules=${this.rules} .invalid=${this.invalid} @sinau-rules-change=${(e: CustomEvent<RuleRow[]>) => (this.rules = e.detail)}></sinau-quiz-rules>
        </section>
        ${this.renderItems()}
        <div id="save-result" tabindex="-1" data-testid="quiz-save-result">
          ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : nothing}
          ${this.savedNote ? html`<sinau-alert variant="success">${this.savedNote}</sinau-alert>` : nothing}
        </div>
        <div class="actions">
          <button type="submit" aria-disabled=${this.busy ? 'true' : 'false'} data-testid="save-quiz">${t('quizEditor.saveQuiz')}</button>
        </div>
      </form>
      <sinau-quiz-access .quiz=${quiz} @sinau-quiz-change=${this.onAccessChange}></sinau-quiz-access>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-quiz-editor-page': SinauQuizEditorPage;
  }
}
