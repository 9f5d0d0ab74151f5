import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { ApiError, isApiError } from '../../api/http.ts';
import { getAttempt, submitAttempt, type AnswerValue, type Attempt } from '../../api/quizzes.ts';
import { announce } from '../../announce.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t } from '../../i18n.ts';
import { router } from '../../router.ts';
import { SessionController } from '../../session.ts';
import { pageStyles, dialogStyles } from '../../styles/shared-styles.ts';
import { AnswerOutbox, type OutboxClosed, type OutboxRejected } from './answer-outbox.ts';
import { attemptStyles } from './attempt-styles.ts';
import { clockText, isAnswered } from './quiz-format.ts';
import type { AnswerDetail, SinauQuestion } from './sinau-question.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import './sinau-attempt-result.ts';
import './sinau-question.ts';

/** answering → (flushing the outbox → submitting) → done, where the result shows. */
type Phase = 'answering' | 'flushing' | 'submitting' | 'done';

/** Time warnings, in seconds left. */
const warnings = [
  { at: 60, key: 'attempt.oneMinute' },
  { at: 300, key: 'attempt.fiveMinutes' },
] as const;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves after `ms`, or as soon as the device is back online. */
function onlineOrAfter(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      window.removeEventListener('online', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    window.addEventListener('online', done);
  });
}

function retryable(error: unknown): boolean {
  return !(error instanceof ApiError) || error.status === 0 || error.status >= 500 || error.status === 429;
}

/**
 * Taking a quiz: the attempt's questions page by page, each answer saved on its own through the
 * answer outbox (kept on this device until the server has it), a countdown by the server's
 * clock with warnings at 5 and 1 minutes and submission at zero, and a confirmation that lists
 * unanswered questions. Once submitted, the result and review.
 */
@customElement('sinau-attempt-page')
export class SinauAttemptPage extends LitElement {
  static override styles = [pageStyles, dialogStyles, attemptStyles];

  /** Route parameters: id (the attempt). */
  @property({ attribute: false }) params: Record<string, string> = {};
  /** The address's query: page (the page of questions shown). */
  @property({ attribute: false }) query: URLSearchParams = new URLSearchParams();

  @state() private attempt: Attempt | null = null;
  @state() private loadError: unknown = null;
  /** What each question shows: the unsent answer, else the server's. */
  @state() private answers = new Map<number, AnswerValue>();
  @state() private pageNo = 1;
  /** Seconds left by the server's clock; null without a time limit. */
  @state() private remaining: number | null = null;
  @state() private phase: Phase = 'answering';
  @state() private finishReason: 'learner' | 'deadline' = 'learner';
  @state() private submitError = '';
  /** Submitting failed for lack of a connection; it is being retried. */
  @state() private submitWaiting = false;
  @state() private lost = 0;
  @state() private rejections: string[] = [];
  /** Bumped when the outbox changes, so its states are read again. */
  @state() private outboxTick = 0;

  private readonly locale = new LocaleController(this);
  private readonly session = new SessionController(this);
  private readonly abort = new AbortController();
  private outbox: AnswerOutbox | null = null;
  /** Server time minus local time, in ms. */
  private clockOffset = 0;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private warned = new Set<number>();
  /** Cancelling a submission while it waits bumps this; the waiting run then stops. */
  private finishTicket = 0;

  private get attemptId(): number {
    return Number(this.params.id);
  }

  private get readOnly(): boolean {
    return !!this.attempt && this.attempt.personId !== this.session.me?.id;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('online', this.onOnline);
    void this.load();
  }

  override disconnectedCallback(): void {
    this.abort.abort();
    this.finishTicket++;
    clearInterval(this.ticker);
    window.removeEventListener('online', this.onOnline);
    this.detachOutbox();
    super.disconnectedCallback();
  }

  private async load(): Promise<void> {
    if (!Number.isInteger(this.attemptId) || this.attemptId < 1) {
      this.loadError = 'not-found';
      return;
    }
    try {
      const sentAt = Date.now();
      const attempt = await getAttempt(this.attemptId, this.abort.signal);
      // The deadline is the server's: measure how far this device's clock is off.
      this.clockOffset = Date.parse(attempt.serverNow) - (sentAt + Date.now()) / 2;
      if (attempt.state === 'submitted') {
        AnswerOutbox.for(attempt.id).discard();
        this.attempt = attempt;
        this.phase = 'done';
        return;
      }
      const pages = Math.max(1, attempt.pages);
      this.pageNo = Math.min(pages, Math.max(1, Number(this.query.get('page')) || 1));
      this.attempt = attempt;
      if (this.readOnly) {
        this.answers = new Map(attempt.questions.map((q) => [q.id, q.response as AnswerValue]));
        return;
      }
      this.attachOutbox(attempt);
      this.tick();
      if (attempt.deadline) this.ticker = setInterval(() => this.tick(), 1000);
    } catch (error) {
      if (this.abort.signal.aborted) return;
      this.loadError = error;
    }
  }

  // ---- Answers and the outbox ------------------------------------------------------------------

  private attachOutbox(attempt: Attempt): void {
    const outbox = AnswerOutbox.for(attempt.id);
    this.outbox = outbox;
    outbox.addEventListener('change', this.onOutboxChange);
    outbox.addEventListener('closed', this.onOutboxClosed);
    outbox.addEventListener('rejected', this.onOutboxRejected);
    // Answers given on this device that the server does not have yet win over the server's.
    outbox.reconcile(attempt.questions);
    this.answers = new Map(
      attempt.questions.map((q) => {
        const unsent = outbox.unsentAnswer(q.id);
        return [q.id, unsent !== undefined ? unsent : (q.response as AnswerValue)];
      }),
    );
  }

  private detachOutbox(): void {
    this.outbox?.removeEventListener('change', this.onOutboxChange);
    this.outbox?.removeEventListener('closed', this.onOutboxClosed);
    this.outbox?.removeEventListener('rejected', this.onOutboxRejected);
  }

  private readonly onOutboxChange = (): void => {
    this.outboxTick++;
  };

  private readonly onOutboxClosed = (event: Event): void => {
    const { lost } = (event as CustomEvent<OutboxClosed>).detail;
    this.lost = lost;
    // Time is up (or the attempt was submitted elsewhere): show the result.
    void this.finish('deadline');
  };

  private readonly onOutboxRejected = (event: Event): void => {
    const { questionId, error } = (event as CustomEvent<OutboxRejected>).detail;
    const number = (this.attempt?.questions.findIndex((q) => q.id === questionId) ?? -1) + 1;
    const message = t('attempt.rejected', { number, message: describeError(error) });
    this.rejections = [...this.rejections, message];
  };

  private readonly onOnline = (): void => {
    if (this.phase !== 'done' && this.outbox?.unsent) announce(t('attempt.backOnline'));
  };

  private onAnswer(event: CustomEvent<AnswerDetail>): void {
    const { questionId, response, delayMs } = event.detail;
    if (this.phase !== 'answering' || !this.outbox) return;
    this.answers = new Map(this.answers).set(questionId, response);
    this.outbox.set(questionId, response, delayMs);
  }

  private onCommit(event: CustomEvent<number>): void {
    this.outbox?.commit(event.detail);
  }

  // ---- Time ------------------------------------------------------------------------------------

  private tick(): void {
    const deadline = this.attempt?.deadline;
    if (!deadline || this.phase === 'done') {
      this.remaining = null;
      return;
    }
    const left = (Date.parse(deadline) - (Date.now() + this.clockOffset)) / 1000;
    this.remaining = Math.max(0, left);
    for (const w of warnings) {
      if (left <= w.at && !this.warned.has(w.at)) {
        // A page opened with 40 s left warns once, with the nearer warning.
        for (const other of warnings) if (other.at >= w.at) this.warned.add(other.at);
        if (left > 0) announce(t(w.key));
      }
    }
    if (left <= 0 && (this.phase === 'answering' || (this.phase === 'flushing' && this.finishReason === 'learner'))) {
      announce(t('attempt.timeUp'));
      void this.finish('deadline');
    }
  }

  private timeWarning(): string {
    const left = this.remaining;
    if (left === null || this.phase !== 'answering') return '';
    if (left <= 0) return t('attempt.timeUp');
    if (left <= 60) return t('attempt.oneMinute');
    if (left <= 300) return t('attempt.fiveMinutes');
    return '';
  }

  // ---- Submitting ------------------------------------------------------------------------------

  private openConfirm(): void {
    this.renderRoot.querySelector<HTMLDialogElement>('dialog')?.showModal();
  }

  private closeConfirm(): void {
    this.renderRoot.querySelector<HTMLDialogElement>('dialog')?.close();
  }

  private confirmSubmit(): void {
    this.closeConfirm();
    void this.finish('learner');
  }

  /**
   * Sends every unsent answer, waiting until each is acknowledged (for as long as it takes when
   * the learner submits; at the deadline only through the server's grace period), then submits.
   */
  private async finish(reason: 'learner' | 'deadline'): Promise<void> {
    const outbox = this.outbox;
    const attempt = this.attempt;
    if (!outbox || !attempt || this.phase === 'done') return;
    // Time running out takes over from a learner's submission still waiting for the network.
    const takeOver = reason === 'deadline' && this.phase === 'flushing' && this.finishReason === 'learner';
    if (this.phase !== 'answering' && !takeOver) return;
    const ticket = ++this.finishTicket;
    this.finishReason = reason;
    this.submitError = '';
    this.phase = 'flushing';
    if (reason === 'deadline') {
      const graceMs = Math.max(0, (attempt.graceSeconds - 2) * 1000);
      await Promise.race([outbox.flush(), sleep(graceMs)]);
    } else {
      await outbox.flush();
    }
    if (ticket !== this.finishTicket) return;
    this.phase = 'submitting';
    for (let failures = 0; ; failures++) {
      try {
        const result = await submitAttempt(attempt.id);
        if (ticket !== this.finishTicket) return;
        this.showResult(result);
        return;
      } catch (error) {
        if (ticket !== this.finishTicket) return;
        if (!retryable(error)) {
          this.submitError = describeError(error);
          this.submitWaiting = false;
          this.phase = 'answering';
          return;
        }
        this.submitWaiting = true;
        const retryAfter = isApiError(error) ? error.retryAfterSeconds : null;
        await onlineOrAfter(retryAfter !== null ? retryAfter * 1000 : Math.min(30_000, 1000 * 2 ** Math.min(failures, 5)));
        if (ticket !== this.finishTicket) return;
      }
    }
  }

  private cancelFinish(): void {
    if (this.finishReason !== 'learner' || this.phase === 'done') return;
    this.finishTicket++;
    this.submitWaiting = false;
    this.phase = 'answering';
  }

  private showResult(result: Attempt): void {
    // At the deadline, answers still unsent when time ran out are not graded: say so.
    this.lost = Math.max(this.lost, this.outbox?.unsent ?? 0);
    this.detachOutbox();
    this.outbox?.discard();
    this.outbox = null;
    clearInterval(this.ticker);
    this.submitWaiting = false;
    this.attempt = result;
    this.phase = 'done';
    this.remaining = null;
    router.replaceQuery({});
    announce(t('attempt.submitted'));
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement & { focus(): void }>('sinau-attempt-result')?.focus());
  }

  // ---- Pages -----------------------------------------------------------------------------------

  private async goToPage(page: number, focus: 'heading' | number = 'heading'): Promise<void> {
    this.pageNo = page;
    router.replaceQuery({ page: page > 1 ? page : null });
    await this.updateComplete;
    if (focus === 'heading') {
      this.renderRoot.querySelector<HTMLElement>('.page-heading')?.focus();
    } else {
      const question = this.renderRoot.querySelector<SinauQuestion>(`sinau-question[data-question-id="${focus}"]`);
      await question?.updateComplete;
      question?.scrollIntoView({ block: 'start' });
      question?.focus();
    }
  }

  private async goToQuestion(questionId: number): Promise<void> {
    const question = this.attempt?.questions.find((q) => q.id === questionId);
    if (!question) return;
    this.closeConfirm();
    await this.goToPage(question.page, questionId);
  }

  // ---- Rendering -------------------------------------------------------------------------------

  private renderSaveStatus() {
    const outbox = this.outbox;
    if (!outbox) return null;
    const unsent = outbox.unsent;
    const state = unsent === 0 ? 'saved' : outbox.health === 'ok' ? 'saving' : 'unsaved';
    const text = state === 'saved' ? t('attempt.allSaved') : state === 'saving' ? t('attempt.saving') : t('attempt.unsaved', { count: unsent });
    return html`<span class="save-status ${state}" data-testid="save-status" data-state=${state}>
      ${state === 'saved' ? html`<span aria-hidden="true">✓</span> ` : null}${text}
    </span>`;
  }

  private renderStatusBar(attempt: Attempt) {
    const answered = attempt.questions.filter((q) => isAnswered(this.answers.get(q.id))).length;
    const left = this.remaining;
    const timerClass = left === null ? 'timer' : left <= 60 ? 'timer urgent' : left <= 300 ? 'timer soon' : 'timer';
    return html`<div class="status-bar">
      <p class=${timerClass}>
        ${left === null
          ? html`<span>${t('attempt.noTimeLimit')}</span>`
          : html`<span id="time-label">${t('attempt.timeLeft')}</span>
              <span class="clock" role="timer" aria-labelledby="time-label" data-testid="timer">${clockText(left)}</span>`}
      </p>
      <p class="bar-facts">
        <span>${t('attempt.progress', { answered, total: attempt.questions.length })}</span>
        ${this.renderSaveStatus()}
      </p>
    </div>`;
  }

  private renderAlerts() {
    const health = this.outbox?.health ?? 'ok';
    const warning = this.timeWarning();
    // Read out by tick() through announce(); an alert role here would say it twice.
    return html`${warning ? html`<p class="time-warning" data-testid="time-warning">${warning}</p>` : null}
    ${health === 'offline' ? html`<sinau-alert variant="warning" data-testid="offline-warning">${t('attempt.offline')}</sinau-alert>` : null}
    ${health === 'trouble' ? html`<sinau-alert variant="warning" data-testid="server-warning">${t('attempt.trouble')}</sinau-alert>` : null}
    ${this.rejections.map((message) => html`<sinau-alert variant="error">${message}</sinau-alert>`)}`;
  }

  private renderPageNav(pages: number) {
    if (pages <= 1) return null;
    return html`<nav class="pages" aria-label=${t('attempt.pagesLabel')}>
      <button type="button" class="secondary" ?disabled=${this.pageNo <= 1} @click=${() => this.goToPage(this.pageNo - 1)}>
        <span aria-hidden="true">←</span> ${t('attempt.previousPage')}
      </button>
      <ol>
        ${Array.from({ length: pages }, (_, i) => i + 1).map(
          (page) => html`<li>
            <button
              type="button"
              class="secondary"
              aria-label=${t('attempt.pageButton', { page })}
              aria-current=${page === this.pageNo ? 'page' : 'false'}
              @click=${() => this.goToPage(page)}
            >
              ${page}
            </button>
          </li>`,
        )}
      </ol>
      <button type="button" class="secondary" data-testid="next-page" ?disabled=${this.pageNo >= pages} @click=${() => this.goToPage(this.pageNo + 1)}>
        ${t('attempt.nextPage')} <span aria-hidden="true">→</span>
      </button>
    </nav>`;
  }

  private renderFinish() {
    if (this.readOnly) return null;
    const learner = this.finishReason === 'learner';
    let message = '';
    if (this.phase === 'flushing') {
      message = this.outbox && this.outbox.health !== 'ok' ? t('attempt.flushingOffline', { count: this.outbox.unsent }) : t('attempt.flushing');
    } else if (this.phase === 'submitting') {
      message = this.submitWaiting ? t('attempt.submitOffline') : t('attempt.submitting');
    }
    return html`<div class="finish">
      ${this.submitError ? html`<sinau-alert variant="error"><strong>${t('attempt.submitFailed')}</strong> <p>${this.submitError}</p></sinau-alert>` : null}
      ${message
        ? html`<sinau-alert variant=${this.submitWaiting || (this.outbox?.health ?? 'ok') !== 'ok' ? 'warning' : 'info'} data-testid="submit-progress">${message}</sinau-alert>
            ${learner && this.phase === 'flushing' ? html`<button type="button" class="secondary" @click=${this.cancelFinish}>${t('attempt.keepWorking')}</button>` : null}`
        : html`<button type="button" data-testid="submit-attempt" ?disabled=${this.phase !== 'answering'} @click=${this.openConfirm}>${t('attempt.submit')}</button>`}
    </div>`;
  }

  private renderConfirm(attempt: Attempt) {
    const unanswered = attempt.questions.map((q, i) => ({ q, number: i + 1 })).filter(({ q }) => !isAnswered(this.answers.get(q.id)));
    return html`<dialog aria-labelledby="confirm-heading" data-testid="confirm-submit">
      <h2 id="confirm-heading">${t('attempt.confirmHeading')}</h2>
      ${unanswered.length
        ? html`<p>${t('attempt.unansweredList', { count: unanswered.length })}</p>
            <ul class="unanswered" data-testid="unanswered">
              ${unanswered.map(
                ({ q, number }) => html`<li>
                  <button type="button" class="secondary" @click=${() => this.goToQuestion(q.id)}>${t('attempt.goTo', { number })}</button>
                </li>`,
              )}
            </ul>`
        : html`<p>${t('attempt.allAnswered')}</p>`}
      <p>${t('attempt.confirmNote')}</p>
      <div class="actions">
        <button type="button" data-testid="confirm-submit-yes" @click=${this.confirmSubmit}>${t('attempt.confirm')}</button>
        <button type="button" class="secondary" @click=${this.closeConfirm}>${t('attempt.keepWorking')}</button>
      </div>
    </dialog>`;
  }

  private renderTaking(attempt: Attempt) {
    const pages = Math.max(1, attempt.pages);
    const numbered = attempt.questions.map((q, i) => ({ q, number: i + 1 }));
    const onPage = numbered.filter(({ q }) => q.page === this.pageNo);
    const locked = this.phase !== 'answering' || this.readOnly;
    return html`<div class="sheet">
      ${this.renderStatusBar(attempt)} ${this.readOnly ? html`<sinau-alert variant="info">${t('attempt.readOnly')}</sinau-alert>` : null}
      ${this.renderAlerts()}
      ${pages > 1 ? html`<h2 class="page-heading" tabindex="-1">${t('attempt.pageHeading', { page: this.pageNo, pages })}</h2>` : null}
      <div @sinau-answer=${this.onAnswer} @sinau-answer-commit=${this.onCommit}>
        ${repeat(
          onPage,
          ({ q }) => q.id,
          ({ q, number }) => html`<sinau-question
            data-question-id=${q.id}
            .question=${q}
            .number=${number}
            .value=${this.answers.get(q.id) ?? null}
            .saveState=${this.outbox ? this.outbox.state(q.id) : 'saved'}
            ?disabled=${locked}
          ></sinau-question>`,
        )}
      </div>
      ${this.renderPageNav(pages)} ${this.renderFinish()}
    </div>
    ${this.renderConfirm(attempt)}`;
  }

  private renderError() {
    const missing = this.loadError === 'not-found' || isApiError(this.loadError, 'not_found');
    return html`<h1>${missing ? t('attempt.notFoundTitle') : t('attempt.title')}</h1>
      ${missing
        ? html`<p>${t('attempt.notFound')}</p>`
        : html`<sinau-alert variant="error">${describeError(this.loadError)}</sinau-alert>
            <button type="button" @click=${() => location.reload()}>${t('common.reload')}</button>`}
      <p><a href="/">${t('errorPage.backHome')}</a></p>`;
  }

  override render() {
    if (this.loadError) return this.renderError();
    const attempt = this.attempt;
    if (!attempt) return html`<sinau-loading .label=${t('attempt.loading')}></sinau-loading>`;
    return html`<h1>${attempt.quiz.title}</h1>
      ${this.phase === 'done'
        ? html`${this.lost ? html`<sinau-alert variant="warning">${t('attempt.lost', { count: this.lost })}</sinau-alert>` : null}
            <div class="sheet result"><sinau-attempt-result .attempt=${attempt}></sinau-attempt-result></div>
            <p class="links"><a class="button secondary" href=${`/quizzes/${attempt.quiz.id}`}>${t('attempt.backToQuiz')}</a></p>`
        : this.renderTaking(attempt)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-attempt-page': SinauAttemptPage;
  }
}
