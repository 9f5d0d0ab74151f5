import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { startAttempt, type AttemptSummary, type QuizInfo } from '../../api/quizzes.ts';
import { describeError } from '../../errors.ts';
import { formatDate, formatNumber, LocaleController, t } from '../../i18n.ts';
import { router } from '../../router.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import '../../components/sinau-alert.ts';

/**
 * A quiz's rules, my attempts and grade, and the button to start or continue, or the reason
 * one cannot start. Shown on the quiz page and inside a quiz lesson.
 */
@customElement('sinau-quiz-overview')
export class SinauQuizOverview extends LitElement {
  static override styles = [
    pageStyles,
    css`
      .grade {
        display: inline-flex;
        flex-wrap: wrap;
        gap: var(--sinau-space-2);
        align-items: baseline;
        font-weight: 700;
      }
      .grade.passed {
        color: var(--sinau-color-success);
      }
      .grade.failed {
        color: var(--sinau-color-danger);
      }
      .start {
        margin-top: var(--sinau-space-4);
      }
      .start .hint {
        margin-top: var(--sinau-space-2);
        max-width: 40rem;
      }
      h3 {
        margin-top: var(--sinau-space-4);
      }
    `,
  ];

  /** The quiz, as GET /api/quizzes/:id answers it. */
  @property({ attribute: false }) quiz: QuizInfo | null = null;

  @state() private starting = false;
  @state() private error = '';

  private readonly locale = new LocaleController(this);

  private async start(): Promise<void> {
    const quiz = this.quiz;
    if (!quiz || this.starting) return;
    this.starting = true;
    this.error = '';
    try {
      const attempt = await startAttempt(quiz.id);
      router.navigate(`/attempts/${attempt.id}`);
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.starting = false;
    }
  }

  private renderScore(a: AttemptSummary) {
    if (a.state === 'in_progress') return t('quiz.states.in_progress');
    if (a.needsGrading) return t('quiz.awaitingGrading');
    if (a.pct === null) return html`<span class="muted">${t('quiz.scoreHidden')}</span>`;
    return `${formatNumber(a.pct)}${a.passed === null ? '' : ` · ${a.passed ? t('quiz.passed') : t('quiz.failed')}`}`;
  }

  private renderAttempts(quiz: QuizInfo) {
    if (!quiz.attempts.length) return null;
    return html`<h3 id="attempts-heading">${t('quiz.attemptsHeading')}</h3>
      <div class="table-scroll" role="region" aria-labelledby="attempts-heading" tabindex="0">
        <table class="cards" role="table" aria-labelledby="attempts-heading">
          <thead role="rowgroup">
            <tr role="row">
              <th role="columnheader" scope="col">${t('quiz.attemptColumn')}</th>
              <th role="columnheader" scope="col">${t('quiz.started')}</th>
              <th role="columnheader" scope="col">${t('quiz.state')}</th>
              <th role="columnheader" scope="col">${t('quiz.score')}</th>
              <th role="columnheader" scope="col"><span class="visually-hidden">${t('common.actions')}</span></th>
            </tr>
          </thead>
          <tbody role="rowgroup">
            ${quiz.attempts.map(
              (a) => html`<tr role="row" data-testid="attempt-row">
                <td role="cell" data-label=${t('quiz.attemptColumn')}>${t('quiz.attemptNumber', { number: a.number })}</td>
                <td role="cell" data-label=${t('quiz.started')}>${formatDate(a.startedAt)}</td>
                <td role="cell" data-label=${t('quiz.state')}>${t(`quiz.states.${a.state}`)}</td>
                <td role="cell" data-label=${t('quiz.score')}>${this.renderScore(a)}</td>
                <td role="cell" data-label=${t('common.actions')}>
                  <a href=${`/attempts/${a.id}`}>${a.state === 'in_progress' ? t('quiz.continue') : t('quiz.view')}</a>
                </td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
  }

  private renderAction(quiz: QuizInfo) {
    const open = quiz.attempts.find((a) => a.state === 'in_progress');
    if (open) {
      return html`<div class="start">
        <a class="button" data-testid="start-quiz" href=${`/attempts/${open.id}`}>${t('quiz.continue')}</a>
      </div>`;
    }
    if (!quiz.canStart) {
      return html`<div class="start">
        <sinau-alert variant="info" data-testid="cannot-start"><strong>${t('quiz.cannotStart')}</strong> <p>${quiz.cannotStart?.message ?? ''}</p></sinau-alert>
      </div>`;
    }
    const time = quiz.timeLimitMinutes ? t('quiz.minutes', { count: quiz.timeLimitMinutes }) : null;
    return html`<div class="start">
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : null}
      <button type="button" data-testid="start-quiz" aria-describedby="start-note" ?disabled=${this.starting} @click=${this.start}>
        ${this.starting ? t('quiz.starting') : t('quiz.start')}
      </button>
      <p class="hint" id="start-note">${time ? t('quiz.startNote', { time }) : t('quiz.startNoteNoLimit')}</p>
    </div>`;
  }

  override render() {
    const quiz = this.quiz;
    if (!quiz) return null;
    const used = quiz.attempts.length;
    return html`<dl class="details">
        <dt>${t('quiz.timeLimit')}</dt>
        <dd>${quiz.timeLimitMinutes ? t('quiz.minutes', { count: quiz.timeLimitMinutes }) : t('quiz.noTimeLimit')}</dd>
        <dt>${t('quiz.questionCount')}</dt>
        <dd>${t('quiz.questions', { count: quiz.questionCount })}</dd>
        <dt>${t('quiz.passPct')}</dt>
        <dd>${formatNumber(quiz.passPct)}</dd>
        <dt>${t('quiz.attempts')}</dt>
        <dd>${quiz.attemptsAllowed === null ? t('quiz.attemptsUnlimited', { used }) : t('quiz.attemptsUsed', { allowed: quiz.attemptsAllowed, used })}</dd>
        ${quiz.attemptsAllowed === null || quiz.attemptsAllowed > 1
          ? html`<dt>${t('quiz.grading')}</dt>
              <dd>${t(`quiz.gradings.${quiz.grading}`)}</dd>`
          : null}
        ${quiz.opensAt && Date.parse(quiz.opensAt) > Date.now()
          ? html`<dt>${t('quiz.opensAt')}</dt>
              <dd>${formatDate(quiz.opensAt)}</dd>`
          : null}
        ${quiz.closesAt
          ? html`<dt>${t('quiz.closesAt')}</dt>
              <dd>${formatDate(quiz.closesAt)}</dd>`
          : null}
        ${quiz.grade
          ? html`<dt>${t('quiz.myGrade')}</dt>
              <dd>
                <span class="grade ${quiz.grade.passed ? 'passed' : 'failed'}" data-testid="quiz-grade">
                  ${t('quiz.gradeLine', { pct: formatNumber(quiz.grade.pct), verdict: quiz.grade.passed ? t('quiz.passed') : t('quiz.failed') })}
                </span>
              </dd>`
          : null}
      </dl>
      ${this.renderAttempts(quiz)} ${this.renderAction(quiz)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-quiz-overview': SinauQuizOverview;
  }
}
