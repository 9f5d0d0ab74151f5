import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { isApiError } from '../../api/http.ts';
import { gradeQuestion, type GradingItem } from '../../api/quizzes.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import '../../components/sinau-alert.ts';

/** Fired once a grade is saved; detail: the graded item. */
export type GradedEvent = CustomEvent<GradingItem>;

/** One essay to grade: the answer, the rubric, a score and a comment. Fires `sinau-graded`. */
@customElement('sinau-grading-item')
export class SinauGradingItem extends LitElement {
  static override styles = [
    pageStyles,
    css`
      .answer {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        padding: var(--sinau-space-3);
        border-left: 4px solid var(--sinau-color-border);
        background: var(--sinau-color-surface);
      }
      input[type='number'] {
        max-width: 8rem;
      }
    `,
  ];

  /** The essay waiting for a grade. */
  @property({ attribute: false }) item!: GradingItem;

  @state() private score = '';
  @state() private comment = '';
  @state() private rubricScores: string[] = [];
  @state() private busy = false;
  @state() private error = '';

  private readonly locale = new LocaleController(this);

  private get idBase(): string {
    return `g-${this.item.attemptId}-${this.item.questionId}`;
  }

  private onRubric(index: number, value: string): void {
    const next = [...this.rubricScores];
    next[index] = value;
    this.rubricScores = next;
    // The rubric adds up to the score; the trainer can still change the score afterwards.
    const sum = this.item.rubric.reduce((s, _c, i) => s + (Number(next[i]) || 0), 0);
    this.score = String(Math.min(sum, this.item.points));
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const { item } = this;
    const score = Number(this.score);
    const rubricFilled = item.rubric.length > 0 && this.rubricScores.some((v) => v !== undefined && v !== '');
    const rubricScores = rubricFilled ? item.rubric.map((_c, i) => Number(this.rubricScores[i]) || 0) : undefined;
    if (this.score.trim() === '' || !Number.isFinite(score) || score < 0 || score > item.points || rubricScores?.some((s, i) => s < 0 || s > item.rubric[i]!.points)) {
      this.error = t('quizAdmin.scoreInvalid', { points: item.points });
      this.renderRoot.querySelector<HTMLInputElement>(`#${this.idBase}-score`)?.focus();
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      await gradeQuestion(item.attemptId, item.questionId, { score, ...(this.comment.trim() && { comment: this.comment.trim() }), ...(rubricScores && { rubricScores }) });
      this.dispatchEvent(new CustomEvent('sinau-graded', { detail: item, bubbles: true, composed: true }) satisfies GradedEvent);
    } catch (error) {
      this.error = isApiError(error, 'validation_failed') ? error.message : describeError(error);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const { item, idBase: prefix } = this;
    const answer = typeof item.response === 'string' && item.response.trim() ? item.response : null;
    return html`<form class="card" novalidate @submit=${this.onSubmit} aria-labelledby=${`${prefix}-heading`}>
      <h3 id=${`${prefix}-heading`}>${t('quizAdmin.gradingItem', { person: item.person.name, question: item.name })}</h3>
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : null}
      <p><strong>${t('quizAdmin.answer')}</strong></p>
      ${answer ? html`<div class="answer">${answer}</div>` : html`<p class="muted">${t('quizAdmin.noAnswer')}</p>`}
      ${item.graderInfo ? html`<p class="hint"><strong>${t('quizAdmin.graderInfo')}:</strong> ${item.graderInfo}</p>` : null}
      ${item.rubric.length
        ? html`<fieldset>
            <legend>${t('quizAdmin.rubric')}</legend>
            ${item.rubric.map(
              (c, i) => html`<div class="field">
                <label for=${`${prefix}-r${i}`}>${t('quizAdmin.criterion', { criterion: c.criterion, points: c.points })}</label>
                <input
                  id=${`${prefix}-r${i}`}
                  type="number"
                  inputmode="decimal"
                  min="0"
                  max=${c.points}
                  step="any"
                  .value=${this.rubricScores[i] ?? ''}
                  @input=${(e: Event) => this.onRubric(i, (e.target as HTMLInputElement).value)}
                />
              </div>`,
            )}
          </fieldset>`
        : null}
      <div class="field">
        <label for=${`${prefix}-score`}>${t('quizAdmin.scoreLabel', { points: item.points })}</label>
        <input
          id=${`${prefix}-score`}
          type="number"
          inputmode="decimal"
          min="0"
          max=${item.points}
          step="any"
          required
          .value=${this.score}
          @input=${(e: Event) => (this.score = (e.target as HTMLInputElement).value)}
        />
      </div>
      <div class="field">
        <label for=${`${prefix}-comment`}>${t('quizAdmin.comment')}</label>
        <textarea id=${`${prefix}-comment`} maxlength="10000" rows="3" .value=${this.comment} @input=${(e: Event) => (this.comment = (e.target as HTMLTextAreaElement).value)}></textarea>
      </div>
      <div class="actions">
        <button type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>${t('quizAdmin.save')}</button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-grading-item': SinauGradingItem;
  }
  interface HTMLElementEventMap {
    'sinau-graded': GradedEvent;
  }
}
