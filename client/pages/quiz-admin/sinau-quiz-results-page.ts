import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import {
  getGradingQueue,
  getQuizAnalysis,
  getQuizResults,
  quizResultsCsvUrl,
  type GradingItem,
  type QuestionAnalysis,
  type QuizAnalysis,
  type QuizResults,
} from '../../api/quizzes.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatNumber, LocaleController, t, type MessageKey } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { quizAdminStyles } from './quiz-admin-styles.ts';
import type { GradedEvent } from './sinau-grading-item.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import './sinau-grading-item.ts';

const percent = (value: number | null) => (value === null ? '—' : t('quizAdmin.percent', { value: formatNumber(value) }));

/** Plain-language notes on a question's figures (thresholds as in Moodle's guidance). */
function hints(q: QuestionAnalysis): string {
  const notes: MessageKey[] = [];
  if (q.facilityIndex !== null && q.facilityIndex > 90) notes.push('quizAdmin.tooEasy');
  if (q.facilityIndex !== null && q.facilityIndex < 30) notes.push('quizAdmin.tooHard');
  if (q.discriminationIndex !== null && q.discriminationIndex < 20) notes.push('quizAdmin.lowDiscrimination');
  if (!notes.length && q.facilityIndex !== null) notes.push('quizAdmin.fine');
  return notes.map((k) => t(k)).join(', ');
}

/** A quiz's results per office and person, item analysis, and the essays waiting for a grade. */
@customElement('sinau-quiz-results-page')
export class SinauQuizResultsPage extends LitElement {
  static override styles = [
    pageStyles,
    quizAdminStyles,
    css`
      .choices {
        margin: 0;
        padding-left: var(--sinau-space-4);
      }
      sinau-grading-item {
        display: block;
        margin-bottom: var(--sinau-space-4);
      }
      .download .hint {
        display: block;
        margin-top: var(--sinau-space-1);
      }
    `,
  ];

  /** Route parameters: id. */
  @property({ attribute: false }) params: Record<string, string> = {};

  private readonly locale = new LocaleController(this);
  private readonly results = new LoadController<QuizResults>(this, (signal) => getQuizResults(this.quizId, signal));
  private readonly analysis = new LoadController<QuizAnalysis>(this, (signal) => getQuizAnalysis(this.quizId, signal));
  private readonly grading = new LoadController<GradingItem[]>(this, (signal) => getGradingQueue(this.quizId, signal));

  private get quizId(): number {
    return Number(this.params.id);
  }

  private onGraded(event: GradedEvent): void {
    const done = event.detail;
    this.grading.value = (this.grading.value ?? []).filter((i) => !(i.attemptId === done.attemptId && i.questionId === done.questionId));
    this.requestUpdate();
    announce(t('quizAdmin.saved', { person: done.person.name }));
    void this.results.run();
    void this.analysis.run();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#grading-heading')?.focus());
  }

  private renderSummary(r: QuizResults) {
    const tile = (key: MessageKey, value: string, warning = false) =>
      html`<li class=${warning ? 'stat warning' : 'stat'}><span class="number">${value}</span> ${t(key)}</li>`;
    const s = r.summary;
    return html`<section aria-labelledby="summary-heading" data-testid="results-summary">
      <h2 id="summary-heading">${t('quizAdmin.summaryTitle')}</h2>
      <p>${t('quizAdmin.passPct', { value: formatNumber(r.quiz.passPct) })}</p>
      <ul class="stats" aria-label=${t('quizAdmin.summaryTitle')}>
        ${tile('quizAdmin.people', formatNumber(s.people))} ${tile('quizAdmin.attempts', formatNumber(s.attempts))}
        ${tile('quizAdmin.submitted', formatNumber(s.submitted))} ${tile('quizAdmin.passedPeople', formatNumber(s.passedPeople))}
        ${tile('quizAdmin.averagePct', percent(s.averagePct))} ${tile('quizAdmin.needsGrading', formatNumber(s.needsGrading), s.needsGrading > 0)}
      </ul>
      <p class="download">
        <a class="button secondary" href=${quizResultsCsvUrl(r.quiz.id)} download>${t('quizAdmin.download')}</a>
        <span class="hint">${t('quizAdmin.downloadHint')}</span>
      </p>
      ${r.items.length ? html`${this.renderOffices(r)} ${this.renderPeople(r)}` : html`<p class="empty">${t('quizAdmin.noAttempts')}</p>`}
    </section>`;
  }

  private renderOffices(r: QuizResults) {
    return html`<div class="table-scroll" role="region" aria-labelledby="office-caption" tabindex="0">
      <table>
        <caption id="office-caption">${t('quizAdmin.officeCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">${t('quizAdmin.office')}</th>
            <th scope="col" class="num">${t('quizAdmin.people')}</th>
            <th scope="col" class="num">${t('quizAdmin.passedPeople')}</th>
            <th scope="col" class="num">${t('quizAdmin.averagePct')}</th>
          </tr>
        </thead>
        <tbody>
          ${r.byOffice.map(
            (o) => html`<tr>
              <th scope="row">${o.unit ? html`${o.unit.name} <span class="muted">(${o.unit.code})</span>` : html`<span class="muted">${t('quizAdmin.noOffice')}</span>`}</th>
              <td class="num">${formatNumber(o.people)}</td>
              <td class="num">${formatNumber(o.passedPeople)}</td>
              <td class="num">${percent(o.averagePct)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private renderPeople(r: QuizResults) {
    const state = (row: QuizResults['items'][number]) =>
      row.state !== 'submitted' ? t('quizAdmin.stateInProgress') : row.needsGrading ? t('quizAdmin.waitingGrade') : t('quizAdmin.stateSubmitted');
    const passed = (value: boolean | null) => (value === null ? '—' : value ? t('quizAdmin.yes') : t('quizAdmin.no'));
    return html`<div class="table-scroll" role="region" aria-labelledby="person-caption" tabindex="0">
      <table>
        <caption id="person-caption">${t('quizAdmin.personCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">${t('quizAdmin.person')}</th>
            <th scope="col">${t('quizAdmin.office')}</th>
            <th scope="col" class="num">${t('quizAdmin.attempt')}</th>
            <th scope="col">${t('quizAdmin.state')}</th>
            <th scope="col" class="num">${t('quizAdmin.score')}</th>
            <th scope="col">${t('quizAdmin.passed')}</th>
          </tr>
        </thead>
        <tbody>
          ${r.items.map(
            (row) => html`<tr>
              <th scope="row">${row.person.name}${row.person.nip ? html`<br /><span class="muted">${row.person.nip}</span>` : null}</th>
              <td>${row.unit?.name ?? html`<span class="muted">—</span>`}</td>
              <td class="num">${formatNumber(row.number)}</td>
              <td>${state(row)}</td>
              <td class="num">${percent(row.pct)}</td>
              <td>${passed(row.passed)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private renderAnalysis() {
    let body;
    if (this.analysis.error) body = html`<sinau-alert variant="error">${describeError(this.analysis.error)}</sinau-alert>`;
    else if (!this.analysis.value) body = html`<sinau-loading></sinau-loading>`;
    else if (!this.analysis.value.attempts || !this.analysis.value.questions.length) body = html`<p class="empty">${t('quizAdmin.noAnalysis')}</p>`;
    else {
      const a = this.analysis.value;
      body = html`<p>${t('quizAdmin.analysisIntro', { count: a.attempts })}</p>
        <div class="table-scroll" role="region" aria-labelledby="analysis-caption" tabindex="0">
          <table>
            <caption id="analysis-caption">${t('quizAdmin.analysisCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">${t('quizAdmin.questionName')}</th>
                <th scope="col" class="num">${t('quizAdmin.answered')}</th>
                <th scope="col" class="num">${t('quizAdmin.facility')}</th>
                <th scope="col" class="num">${t('quizAdmin.discrimination')}</th>
                <th scope="col">${t('quizAdmin.hint')}</th>
                <th scope="col">${t('quizAdmin.distractors')}</th>
              </tr>
            </thead>
            <tbody>
              ${a.questions.map(
                (q) => html`<tr>
                  <th scope="row">${q.name}<br /><span class="muted">${q.type}</span></th>
                  <td class="num">${formatNumber(q.answered)}</td>
                  <td class="num">${percent(q.facilityIndex)}</td>
                  <td class="num">${percent(q.discriminationIndex)}</td>
                  <td>${hints(q)}</td>
                  <td>
                    ${q.distractors.length
                      ? html`<ul class="choices">
                          ${q.distractors.map(
                            (d) => html`<li>${t('quizAdmin.choiceCount', { text: d.text, count: d.count })}${d.correct ? html` <strong>${t('quizAdmin.correctChoice')}</strong>` : null}</li>`,
                          )}
                        </ul>`
                      : html`<span class="muted">—</span>`}
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>
        </div>`;
    }
    return html`<section aria-labelledby="analysis-heading" data-testid="analysis">
      <h2 id="analysis-heading">${t('quizAdmin.analysisTitle')}</h2>
      ${body}
    </section>`;
  }

  private renderGrading() {
    let body;
    if (this.grading.error) body = html`<sinau-alert variant="error">${describeError(this.grading.error)}</sinau-alert>`;
    else if (!this.grading.value) body = html`<sinau-loading></sinau-loading>`;
    else if (!this.grading.value.length) body = html`<p class="empty">${t('quizAdmin.gradingEmpty')}</p>`;
    else
      body = this.grading.value.map(
        (item) => html`<sinau-grading-item .item=${item} @sinau-graded=${this.onGraded}></sinau-grading-item>`,
      );
    return html`<section aria-labelledby="grading-heading" data-testid="grading">
      <h2 id="grading-heading" tabindex="-1">${t('quizAdmin.gradingTitle')}</h2>
      ${body}
    </section>`;
  }

  override render() {
    const crumbs = html`<nav class="crumbs" aria-label=${t('course.breadcrumbs')}>
      <a href="/authoring">${t('quizAdmin.toAuthoring')}</a> › <a href="/authoring/quizzes">${t('quizAdmin.toQuizzes')}</a>
    </nav>`;
    if (this.results.error) {
      return html`${crumbs}<h1>${t('quizAdmin.resultsTitle')}</h1><sinau-alert variant="error">${describeError(this.results.error)}</sinau-alert>`;
    }
    const results = this.results.value;
    if (!results) return html`${crumbs}<h1>${t('quizAdmin.resultsTitle')}</h1><sinau-loading></sinau-loading>`;
    return html`${crumbs}
      <h1>${t('quizAdmin.resultsHeading', { title: results.quiz.title })}</h1>
      ${this.renderSummary(results)} ${this.renderGrading()} ${this.renderAnalysis()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-quiz-results-page': SinauQuizResultsPage;
  }
}
