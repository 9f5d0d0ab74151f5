import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { isApiError } from '../../api/http.ts';
import { getQuiz, type QuizInfo } from '../../api/quizzes.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { courseFormatStyles } from '../courses/course-format.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import './sinau-quiz-overview.ts';

/** A quiz: what it is about, its rules, my attempts and grade, and where to start. */
@customElement('sinau-quiz-page')
export class SinauQuizPage extends LitElement {
  static override styles = [
    pageStyles,
    courseFormatStyles,
    css`
      h1 {
        overflow-wrap: anywhere;
      }
      .sheet {
        background: var(--sinau-color-surface);
        border: 1px solid var(--sinau-color-border);
        border-radius: var(--sinau-radius);
        padding: var(--sinau-space-4) var(--sinau-space-5) var(--sinau-space-5);
        box-shadow: var(--sinau-shadow);
      }
      @media (max-width: 30rem) {
        .sheet {
          padding: var(--sinau-space-3) var(--sinau-space-3) var(--sinau-space-4);
          border-left: 0;
          border-right: 0;
          border-radius: 0;
          margin: 0 calc(-1 * var(--sinau-space-4));
        }
      }
      .course {
        color: var(--sinau-color-muted);
      }
    `,
  ];

  /** Route parameters: id (the quiz). */
  @property({ attribute: false }) params: Record<string, string> = {};

  private readonly locale = new LocaleController(this);
  private readonly quiz = new LoadController<QuizInfo>(this, (signal) => getQuiz(Number(this.params.id), signal));

  private renderError(error: unknown) {
    const missing = isApiError(error, 'not_found') || isApiError(error, 'validation_failed');
    return html`<h1>${missing ? t('quiz.notFoundTitle') : t('quiz.title')}</h1>
      ${missing ? html`<p>${t('quiz.notFound')}</p>` : html`<sinau-alert variant="error">${describeError(error)}</sinau-alert>`}
      <p><a href="/">${t('errorPage.backHome')}</a></p>`;
  }

  override render() {
    if (this.quiz.error) return this.renderError(this.quiz.error);
    const quiz = this.quiz.value;
    if (!quiz) return html`<sinau-loading></sinau-loading>`;
    return html`<h1>${quiz.title}</h1>
      ${quiz.course
        ? html`<p class="course">${t('quiz.partOf')}: <a href=${`/courses/${encodeURIComponent(quiz.course.slug)}`}>${quiz.course.title}</a></p>`
        : null}
      <div class="sheet">
        ${quiz.descriptionHtml.trim() ? html`<div class="prose">${unsafeHTML(quiz.descriptionHtml)}</div>` : null}
        <h2>${t('quiz.facts')}</h2>
        <sinau-quiz-overview .quiz=${quiz}></sinau-quiz-overview>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-quiz-page': SinauQuizPage;
  }
}
