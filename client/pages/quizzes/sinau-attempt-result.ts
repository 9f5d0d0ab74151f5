import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { AnswerValue, Attempt, AttemptQuestion } from '../../api/quizzes.ts';
import { formatDate, formatNumber, LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { courseFormatStyles } from '../courses/course-format.ts';
import { inlineHtmlStyles, isAnswered, pointsText } from './quiz-format.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-progress-bar.ts';

const htmlOf = (list: { id: string; html: string }[] | undefined, id: string) => list?.find((x) => x.id === id)?.html ?? '';

/**
 * A submitted attempt: the grade, pass or not, the sub-score per competency, and per question
 * the answer given with (as the quiz's review options allow) its score, the right answer and
 * feedback. Says so when an essay still awaits a trainer.
 */
@customElement('sinau-attempt-result')
export class SinauAttemptResult extends LitElement {
  static override styles = [
    pageStyles,
    courseFormatStyles,
    inlineHtmlStyles,
    css`
      .summary {
        border: 2px solid var(--sinau-color-border);
        border-radius: var(--sinau-radius);
        padding: var(--sinau-space-3) var(--sinau-space-4);
        margin-bottom: var(--sinau-space-4);
      }
      .summary.passed {
        border-color: var(--sinau-color-success);
        background: var(--sinau-color-success-bg);
      }
      .summary.failed {
        border-color: var(--sinau-color-danger);
        background: var(--sinau-color-danger-bg);
      }
      .grade {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: var(--sinau-space-2) var(--sinau-space-4);
        margin: 0 0 var(--sinau-space-2);
      }
      .grade .pct {
        font-size: 2.25rem;
        font-weight: 800;
        line-height: 1.1;
      }
      .verdict {
        font-size: 1.1rem;
        font-weight: 700;
      }
      .passed .verdict {
        color: var(--sinau-color-success);
      }
      .failed .verdict {
        color: var(--sinau-color-danger);
      }
      ul.competencies {
        list-style: none;
        padding: 0;
        margin: 0 0 var(--sinau-space-4);
        display: grid;
        gap: var(--sinau-space-3);
      }
      ol.review {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      ol.review > li {
        border-top: 1px solid var(--sinau-color-border);
        padding: var(--sinau-space-4) 0;
      }
      .review h3 {
        display: flex;
        flex-wrap: wrap;
        gap: var(--sinau-space-2) var(--sinau-space-3);
        align-items: baseline;
      }
      .mark {
        font-size: 0.9rem;
      }
      .mark.right {
        background: var(--sinau-color-success-bg);
        color: var(--sinau-color-success);
      }
      .mark.wrong {
        background: var(--sinau-color-danger-bg);
        color: var(--sinau-color-danger);
      }
      .mark.partial,
      .mark.pending {
        background: var(--sinau-color-warning-bg);
        color: var(--sinau-color-warning);
      }
      dl.answer {
        margin: 0;
      }
      dl.answer dt {
        font-weight: 600;
        margin-top: var(--sinau-space-2);
      }
      dl.answer dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      dl.answer ul,
      dl.answer ol {
        margin: 0;
        padding-left: 1.25rem;
      }
      .essay-text {
        white-space: pre-wrap;
      }
      .feedback {
        background: var(--sinau-color-info-bg);
        border-radius: var(--sinau-radius);
        padding: var(--sinau-space-2) var(--sinau-space-3);
      }
      .muted-answer {
        color: var(--sinau-color-muted);
        font-style: italic;
      }
    `,
  ];

  /** The submitted attempt, as GET /api/attempts/:id answers it. */
  @property({ attribute: false }) attempt: Attempt | null = null;

  private readonly locale = new LocaleController(this);

  private renderValue(q: AttemptQuestion, value: unknown) {
    switch (q.type) {
      case 'single':
        return typeof value === 'string' ? html`<div class="inline-html prose">${unsafeHTML(htmlOf(q.choices, value))}</div>` : nothing;
      case 'multiple': {
        // The right answer comes as a list of ids too.
        const ids = Array.isArray(value) ? (value as string[]) : [];
        return html`<ul>
          ${ids.map((id) => html`<li class="inline-html prose">${unsafeHTML(htmlOf(q.choices, id))}</li>`)}
        </ul>`;
      }
      case 'truefalse':
        return typeof value === 'boolean' ? (value ? t('attempt.true') : t('attempt.false')) : nothing;
      case 'short':
        return Array.isArray(value) ? (value as string[]).join(' / ') : typeof value === 'string' ? value : nothing;
      case 'numeric':
        if (Array.isArray(value)) {
          return (value as { value: number; tolerance: number }[])
            .map((a) => (a.tolerance ? t('attempt.tolerance', { value: a.value, tolerance: a.tolerance }) : formatNumber(a.value)))
            .join(' / ');
        }
        return typeof value === 'number' ? formatNumber(value) : typeof value === 'string' ? value : nothing;
      case 'matching': {
        const pairs = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, string>) : {};
        return html`<ul>
          ${(q.prompts ?? []).map(
            (p) => html`<li><span class="inline-html prose">${unsafeHTML(p.html)}</span> → ${pairs[p.id] ?? html`<span class="muted-answer">${t('attempt.noAnswer')}</span>`}</li>`,
          )}
        </ul>`;
      }
      case 'ordering': {
        const ids = Array.isArray(value) ? (value as string[]) : [];
        return html`<ol>
          ${ids.map((id) => html`<li class="inline-html prose">${unsafeHTML(htmlOf(q.items, id))}</li>`)}
        </ol>`;
      }
      case 'essay':
        return typeof value === 'string' ? html`<div class="essay-text">${value}</div>` : nothing;
    }
  }

  private renderMark(q: AttemptQuestion) {
    if (q.score === undefined) return null;
    if (q.fraction === null || q.fraction === undefined) {
      return isAnswered(q.response as AnswerValue) && q.type === 'essay' ? html`<span class="badge mark pending">${t('attempt.awaitingGrade')}</span>` : null;
    }
    const kind = q.fraction >= 1 ? 'right' : q.fraction <= 0 ? 'wrong' : 'partial';
    return html`<span class="badge mark ${kind}">${t('attempt.questionScore', { score: pointsText(q.score ?? 0), points: pointsText(q.points) })}</span>`;
  }

  private renderQuestion(q: AttemptQuestion, index: number) {
    const answered = isAnswered(q.response as AnswerValue);
    return html`<li data-testid="review-item" data-question-id=${q.id} data-answered=${answered ? 'true' : 'false'}>
      <h3>${t('attempt.questionHeading', { number: index + 1 })} ${this.renderMark(q)}</h3>
      <div class="prose">${unsafeHTML(q.stemHtml)}</div>
      <dl class="answer">
        <dt>${t('attempt.answer')}</dt>
        <dd data-testid="given-answer">${answered ? this.renderValue(q, q.response) : html`<span class="muted-answer">${t('attempt.noAnswer')}</span>`}</dd>
        ${q.correct !== undefined && q.correct !== null
          ? html`<dt>${t('attempt.correctAnswer')}</dt>
              <dd data-testid="correct-answer">${this.renderValue(q, q.correct)}</dd>`
          : null}
        ${q.feedback?.length
          ? html`<dt>${t('attempt.feedback')}</dt>
              <dd class="feedback prose">${q.feedback.map((f) => unsafeHTML(f))}</dd>`
          : null}
        ${q.graderComment
          ? html`<dt>${t('attempt.graderComment')}</dt>
              <dd class="feedback">${q.graderComment}</dd>`
          : null}
      </dl>
    </li>`;
  }

  private renderSummary(attempt: Attempt) {
    const result = attempt.result;
    if (!result) return html`<sinau-alert variant="info">${t('attempt.scoreHidden')}</sinau-alert>`;
    const verdict = result.passed === null ? null : result.passed ? 'passed' : 'failed';
    return html`<div class="summary ${verdict ?? ''}" data-testid="result-summary">
        <p class="grade">
          <span class="visually-hidden">${t('attempt.score')}:</span>
          <span class="pct">${formatNumber(result.pct)}</span>
          ${verdict ? html`<span class="verdict">${verdict === 'passed' ? t('attempt.passed') : t('attempt.failed')}</span>` : null}
        </p>
        <p>${t('attempt.scoreLine', { score: pointsText(result.score), max: pointsText(result.maxScore) })} · ${t('attempt.passMark', { pct: attempt.quiz.passPct })}</p>
      </div>
      ${result.needsGrading ? html`<sinau-alert variant="info" data-testid="pending-grading">${t('attempt.pendingGrading')}</sinau-alert>` : null}
      ${result.competencies.length
        ? html`<h3>${t('attempt.competenciesHeading')}</h3>
            <ul class="competencies">
              ${result.competencies.map(
                (c) => html`<li>
                  <sinau-progress-bar
                    .value=${c.pct}
                    .label=${c.level ? t('attempt.competencyLevel', { code: c.code, level: c.level }) : t('attempt.competency', { code: c.code })}
                    .text=${`${formatNumber(c.pct)} · ${t('attempt.scoreLine', { score: pointsText(c.score), max: pointsText(c.max) })}`}
                  ></sinau-progress-bar>
                </li>`,
              )}
            </ul>`
        : null}`;
  }

  override render() {
    const attempt = this.attempt;
    if (!attempt) return null;
    return html`<h2 id="result-heading" tabindex="-1">${t('attempt.resultHeading', { number: attempt.number })}</h2>
      <p class="muted">
        ${attempt.submittedAt ? t('attempt.submittedOn', { date: formatDate(attempt.submittedAt) }) : null}
        ${attempt.submittedBy === 'deadline' || attempt.submittedBy === 'sweep' ? t('attempt.submittedByTime') : null}
      </p>
      ${this.renderSummary(attempt)}
      <h3>${t('attempt.reviewHeading')}</h3>
      <ol class="review">
        ${attempt.questions.map((q, i) => this.renderQuestion(q, i))}
      </ol>`;
  }

  /** Moves focus to the result's heading (after submitting). */
  override focus(): void {
    this.renderRoot.querySelector<HTMLElement>('#result-heading')?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-attempt-result': SinauAttemptResult;
  }
}
