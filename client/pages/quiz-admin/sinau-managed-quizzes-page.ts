import { LitElement, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { listAuthoringCourses, type AuthoringCourse } from '../../api/courses.ts';
import { isApiError } from '../../api/http.ts';
import { createQuiz, managedQuizzes, type ManagedQuiz } from '../../api/quizzes.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatNumber, LocaleController, t } from '../../i18n.ts';
import { router } from '../../router.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { statusLabel } from './quiz-settings.ts';
import { quizAdminStyles } from './quiz-admin-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';

const slugPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The quizzes and tests I manage, each leading to its editor, its results and what learners see; and a form to start a new one. */
@customElement('sinau-managed-quizzes-page')
export class SinauManagedQuizzesPage extends LitElement {
  static override styles = [pageStyles, quizAdminStyles];

  @state() private quizTitle = '';
  @state() private slug = '';
  @state() private courseSlug = '';
  @state() private busy = false;
  @state() private error = '';
  @state() private invalid: { title?: string; slug?: string } = {};

  private readonly locale = new LocaleController(this);
  private readonly quizzes = new LoadController<ManagedQuiz[]>(this, (signal) => managedQuizzes(signal));
  // Courses a quiz can belong to; partners (who author no courses) simply get none.
  private readonly courses = new LoadController<AuthoringCourse[]>(this, (signal) => listAuthoringCourses(signal).catch(() => []));

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const title = this.quizTitle.trim();
    const slug = this.slug.trim();
    const invalid: { title?: string; slug?: string } = {};
    if (title.length < 3 || title.length > 200) invalid.title = t('quizEditor.titleInvalid');
    if (slug.length < 3 || slug.length > 100 || !slugPattern.test(slug)) invalid.slug = t('quizAdmin.slugInvalid');
    this.invalid = invalid;
    if (invalid.title || invalid.slug) {
      this.error = t('form.fixErrors');
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const quiz = await createQuiz(slug, { title }, this.courseSlug || undefined);
      router.navigate(`/authoring/quizzes/${quiz.id}`);
    } catch (error) {
      this.error = isApiError(error, 'conflict') || isApiError(error, 'validation_failed') ? (error as Error).message : describeError(error);
    } finally {
      this.busy = false;
    }
  }

  private renderForm() {
    const { invalid } = this;
    const courses = this.courses.value ?? [];
    return html`<form class="card" novalidate @submit=${this.onSubmit} data-testid="new-quiz" aria-labelledby="new-quiz-heading">
      <h2 id="new-quiz-heading">${t('quizEditor.newQuiz')}</h2>
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : null}
      <div class="field">
        <label for="quiz-title">${t('quizEditor.title')}</label>
        <input
          id="quiz-title"
          required
          maxlength="200"
          .value=${this.quizTitle}
          aria-invalid=${invalid.title ? 'true' : 'false'}
          aria-describedby=${invalid.title ? 'quiz-title-error' : ''}
          @input=${(e: Event) => (this.quizTitle = (e.target as HTMLInputElement).value)}
        />
        ${invalid.title ? html`<p id="quiz-title-error" class="field-error">${invalid.title}</p>` : null}
      </div>
      <div class="field">
        <label for="quiz-slug">${t('quizEditor.slug')}</label>
        <input
          id="quiz-slug"
          required
          maxlength="100"
          autocapitalize="off"
          spellcheck="false"
          .value=${this.slug}
          aria-invalid=${invalid.slug ? 'true' : 'false'}
          aria-describedby=${invalid.slug ? 'quiz-slug-hint quiz-slug-error' : 'quiz-slug-hint'}
          @input=${(e: Event) => (this.slug = (e.target as HTMLInputElement).value.toLowerCase())}
        />
        <p id="quiz-slug-hint" class="hint">${t('quizEditor.slugHint')}</p>
        ${invalid.slug ? html`<p id="quiz-slug-error" class="field-error">${invalid.slug}</p>` : null}
      </div>
      <div class="field">
        <label for="quiz-course">${t('quizEditor.course')}</label>
        <select id="quiz-course" aria-describedby="quiz-course-hint" @change=${(e: Event) => (this.courseSlug = (e.target as HTMLSelectElement).value)}>
          <option value="" .selected=${this.courseSlug === ''}>${t('quizEditor.noCourse')}</option>
          ${courses.map((c) => html`<option value=${c.slug} .selected=${c.slug === this.courseSlug}>${c.title}</option>`)}
        </select>
        <p id="quiz-course-hint" class="hint">${t('quizEditor.courseHint')}</p>
      </div>
      <div class="actions">
        <button type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>${t('quizEditor.createQuiz')}</button>
      </div>
    </form>`;
  }

  private renderTable(quizzes: ManagedQuiz[]) {
    if (!quizzes.length) return html`<p class="empty">${t('quizAdmin.noQuizzes')}</p>`;
    return html`<div class="table-scroll" role="region" aria-labelledby="quizzes-caption" tabindex="0">
      <table>
        <caption id="quizzes-caption">${t('quizAdmin.quizzesCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">${t('quizAdmin.quizTitle')}</th>
            <th scope="col">${t('quizAdmin.status')}</th>
            <th scope="col" class="num">${t('quizAdmin.attempts')}</th>
            <th scope="col">${t('quizEditor.links')}</th>
          </tr>
        </thead>
        <tbody>
          ${quizzes.map(
            (quiz) => html`<tr>
              <th scope="row">
                <a href=${`/authoring/quizzes/${quiz.id}`} aria-label=${t('quizEditor.editQuizLabel', { title: quiz.title })}>${quiz.title}</a>
                <br /><span class="muted">${quiz.slug}</span>
              </th>
              <td>${statusLabel(quiz.status)}</td>
              <td class="num">${formatNumber(quiz.attempts)}</td>
              <td>
                <a href=${`/authoring/quizzes/${quiz.id}/results`} aria-label=${t('quizAdmin.resultsLabel', { title: quiz.title })}>${t('quizAdmin.results')}</a>
                · <a href=${`/quizzes/${quiz.id}`} aria-label=${t('quizAdmin.learnerViewLabel', { title: quiz.title })}>${t('quizAdmin.learnerView')}</a>
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  override render() {
    return html`<nav class="crumbs" aria-label=${t('course.breadcrumbs')}><a href="/authoring">${t('quizAdmin.toAuthoring')}</a></nav>
      <h1>${t('quizAdmin.quizzesTitle')}</h1>
      <p class="lead">${t('quizAdmin.quizzesIntro')}</p>
      ${this.quizzes.error
        ? html`<sinau-alert variant="error">${describeError(this.quizzes.error)}</sinau-alert>`
        : this.quizzes.value
          ? this.renderTable(this.quizzes.value)
          : html`<sinau-loading></sinau-loading>`}
      <section>${this.renderForm()}</section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-managed-quizzes-page': SinauManagedQuizzesPage;
  }
}
