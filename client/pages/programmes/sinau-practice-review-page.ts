import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { getSubmission, reviewSubmission, type ReviewDecision, type RubricRow, type Submission } from '../../api/programmes.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatDate, LocaleController, t } from '../../i18n.ts';
import { formatBytes } from './programme-format.ts';
import { programmeStyles } from './programme-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import './sinau-submission-view.ts';

/** Reviewing one practice submission: the work, then each rubric row met or not, an overall comment, and the decision. */
@customElement('sinau-practice-review-page')
export class SinauPracticeReviewPage extends LitElement {
  static override styles = programmeStyles;

  /** Route parameters: `id` is the submission. */
  @property({ attribute: false }) params: Record<string, string> = {};

  @state() private met: (boolean | null)[] = [];
  @state() private comments: string[] = [];
  @state() private comment = '';
  @state() private busy = false;
  @state() private error = '';
  @state() private fieldErrors: { rubric?: string; comment?: string } = {};
  @state() private notice = '';

  private readonly locale = new LocaleController(this);
  private readonly data = new LoadController<Submission>(this, (signal) => getSubmission(Number(this.params.id), signal));

  private setMet(index: number, value: boolean): void {
    const next = [...this.met];
    next[index] = value;
    this.met = next;
  }

  private setComment(index: number, value: string): void {
    const next = [...this.comments];
    next[index] = value;
    this.comments = next;
  }

  private async decide(decision: ReviewDecision, rubric: RubricRow[]): Promise<void> {
    if (this.busy) return;
    const errors: { rubric?: string; comment?: string } = {};
    const unanswered = rubric.map((r, i) => (this.met[i] === true || this.met[i] === false ? null : r.criterion)).filter((c): c is string => c !== null);
    if (unanswered.length) errors.rubric = t('programmes.review.rubricMissing', { criteria: unanswered.join(', ') });
    if (decision === 'revise' && this.comment.trim().length < 3) errors.comment = t('programmes.review.commentRequired');
    this.fieldErrors = errors;
    if (errors.rubric || errors.comment) {
      await this.updateComplete;
      const firstOpen = rubric.findIndex((_, i) => this.met[i] !== true && this.met[i] !== false);
      this.renderRoot.querySelector<HTMLElement>(errors.rubric ? `#met-${firstOpen}-yes` : '#overall')?.focus();
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const reviewed = await reviewSubmission(Number(this.params.id), {
        decision,
        rubric: rubric.map((_, i) => ({ met: this.met[i] === true, ...(this.comments[i]?.trim() ? { comment: this.comments[i]!.trim() } : {}) })),
        ...(this.comment.trim() ? { comment: this.comment.trim() } : {}),
      });
      await this.data.run();
      // Said once the page shows the reviewed state, so what is read out matches what is seen.
      this.notice = decision === 'accept' ? t('programmes.review.accepted', { name: reviewed.person.name }) : t('programmes.review.revised', { name: reviewed.person.name });
      announce(this.notice);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#result-heading')?.focus();
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = false;
    }
  }

  private renderRubricRow(row: RubricRow, index: number) {
    const groupId = `row-${index}`;
    return html`<fieldset data-testid="rubric-row">
      <legend id=${groupId}>${row.criterion}</legend>
      ${row.description ? html`<p class="hint">${row.description}</p>` : nothing}
      <div class="row">
        <label class="check"
          ><input id=${`met-${index}-yes`} type="radio" name=${`met-${index}`} .checked=${this.met[index] === true} @change=${() => this.setMet(index, true)} />
          ${t('programmes.rubric.met')}</label
        >
        <label class="check"
          ><input id=${`met-${index}-no`} type="radio" name=${`met-${index}`} .checked=${this.met[index] === false} @change=${() => this.setMet(index, false)} />
          ${t('programmes.rubric.notMet')}</label
        >
      </div>
      <div class="field">
        <label for=${`comment-${index}`}>${t('programmes.review.rowComment')}</label>
        <input id=${`comment-${index}`} maxlength="1000" .value=${this.comments[index] ?? ''} @input=${(e: Event) => this.setComment(index, (e.target as HTMLInputElement).value)} />
      </div>
    </fieldset>`;
  }

  private renderForm(rubric: RubricRow[]) {
    return html`<section aria-labelledby="review-heading">
      <h2 id="review-heading">${t('programmes.review.heading')}</h2>
      <p class="hint">${t('programmes.review.intro')}</p>
      ${rubric.map((row, i) => this.renderRubricRow(row, i))}
      ${this.fieldErrors.rubric ? html`<p class="field-error" role="alert">${this.fieldErrors.rubric}</p>` : nothing}
      <div class="field">
        <label for="overall">${t('programmes.review.overall')}</label>
        <p class="hint" id="overall-hint">${t('programmes.review.overallHint')}</p>
        <textarea
          id="overall"
          class="prose-input"
          rows="5"
          maxlength="5000"
          .value=${this.comment}
          aria-describedby=${this.fieldErrors.comment ? 'overall-hint overall-error' : 'overall-hint'}
          aria-invalid=${this.fieldErrors.comment ? 'true' : 'false'}
          @input=${(e: Event) => (this.comment = (e.target as HTMLTextAreaElement).value)}
        ></textarea>
        ${this.fieldErrors.comment ? html`<p class="field-error" id="overall-error">${this.fieldErrors.comment}</p>` : nothing}
      </div>
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : nothing}
      <div class="actions">
        <button type="button" ?disabled=${this.busy} data-testid="accept" @click=${() => void this.decide('accept', rubric)}>${t('programmes.review.accept')}</button>
        <button type="button" class="secondary" ?disabled=${this.busy} data-testid="revise" @click=${() => void this.decide('revise', rubric)}>
          ${t('programmes.review.revise')}
        </button>
      </div>
    </section>`;
  }

  override render() {
    const back = html`<p><a href="/reviews">← ${t('programmes.reviews.title')}</a></p>`;
    if (this.data.error) return html`${back}<h1>${t('programmes.review.title')}</h1><sinau-alert variant="error">${describeError(this.data.error)}</sinau-alert>`;
    const s = this.data.value;
    if (!s) return html`${back}<sinau-loading .label=${t('programmes.loading')}></sinau-loading>`;
    return html`${back}
      <h1>${t('programmes.review.titleFor', { name: s.person.name })}</h1>
      <p class="meta">
        ${s.person.unit ? html`<span>${s.person.unit.name}</span>` : nothing}
        <span>${s.stepTitle}</span>
        <span>${s.programme.title}</span>
        <span>${t('programmes.submission.title', { date: formatDate(s.submittedAt) })}</span>
        <span class="badge s-${s.status}" data-testid="submission-status">${t(`programmes.submissionStatus.${s.status}`)}</span>
      </p>
      <section aria-labelledby="work-heading">
        <h2 id="work-heading">${t('programmes.review.work')}</h2>
        <h3>${t('programmes.practice.reflectionLabel')}</h3>
        <p class="prose" data-testid="submission-reflection">${s.reflection}</p>
        <h3>${t('programmes.submission.files')}</h3>
        <ul class="plain" data-testid="submission-files">
          ${s.files.map((f) => html`<li><a href=${f.url} target="_blank" rel="noopener">${f.name}</a> <span class="muted">(${formatBytes(f.size)})</span></li>`)}
        </ul>
      </section>
      ${this.notice ? html`<sinau-alert variant="success">${this.notice}</sinau-alert>` : nothing}
      ${s.status === 'submitted'
        ? this.renderForm(s.rubric)
        : html`<section aria-labelledby="result-heading">
            <h2 id="result-heading" tabindex="-1">${t('programmes.review.result')}</h2>
            <sinau-submission-view .submission=${s} review-only></sinau-submission-view>
          </section>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-practice-review-page': SinauPracticeReviewPage;
  }
}
