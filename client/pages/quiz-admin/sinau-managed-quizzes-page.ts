import { LitElement, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { managedQuizzes, type ManagedQuiz } from '../../api/quizzes.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatNumber, LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { quizAdminStyles } from './quiz-admin-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';

/** The quizzes and tests I manage, each leading to its results and to what learners see. */
@customElement('sinau-managed-quizzes-page')
export class SinauManagedQuizzesPage extends LitElement {
  static override styles = [pageStyles, quizAdminStyles];

  private readonly locale = new LocaleController(this);
  private readonly quizzes = new LoadController<ManagedQuiz[]>(this, (signal) => managedQuizzes(signal));

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
            <th scope="col">${t('quizAdmin.results')}</th>
          </tr>
        </thead>
        <tbody>
          ${quizzes.map(
            (quiz) => html`<tr>
              <th scope="row">${quiz.title}<br /><span class="muted">${quiz.slug}</span></th>
              <td>${quiz.status}</td>
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
          : html`<sinau-loading></sinau-loading>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-managed-quizzes-page': SinauManagedQuizzesPage;
  }
}
