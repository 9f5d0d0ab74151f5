import { ApiError, isApiError } from '../../api/http.ts';
import { putAnswer, type AnswerValue } from '../../api/quizzes.ts';

/** An answer not yet acknowledged by the server, with the sequence number it is sent with. */
interface Pending {
  response: AnswerValue;
  seq: number;
}

interface Stored {
  counters: Record<string, number>;
  pending: Record<string, Pending>;
}

/** saved: nothing unsent; saving: on its way; unsaved: kept on this device, sending failed for now. */
export type AnswerState = 'saved' | 'saving' | 'unsaved';
/** ok: sending works; offline: the device has no connection; trouble: the server did not take it (5xx). */
export type OutboxHealth = 'ok' | 'offline' | 'trouble';

/** Why the attempt no longer takes answers, and how many answers never reached the server. */
export interface OutboxClosed {
  error: ApiError;
  lost: number;
}

export interface OutboxRejected {
  questionId: number;
  error: ApiError;
}

const maxDelayMs = 30_000;
const storageKey = (attemptId: number) => `sinau.quizAnswers.${attemptId}`;

/** Worth trying again: the request may not have arrived, or the server could not commit it. */
function retryable(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.status === 0 || error.status >= 500 || error.status === 429 || error.status === 401 || error.code === 'csrf_failed';
}

/**
 * The answers of one attempt on their way to the server. Every answer gets the next sequence
 * number for its question and is written to localStorage before it is sent; it stays there until
 * the server acknowledges it (200, or 409 stale_seq: a newer answer is stored). Offline or on
 * server trouble it is kept and sent again (when the device is back online, and with growing
 * pauses that honour Retry-After), so no answer the learner saw is lost, not even across a
 * reload. Events: `change` (states changed), `closed` (OutboxClosed: the deadline passed or the
 * attempt was submitted), `rejected` (OutboxRejected: the server refused one answer for good).
 */
export class AnswerOutbox extends EventTarget {
  private static readonly open = new Map<number, AnswerOutbox>();

  /** The outbox of an attempt; one per attempt, kept across page visits so retries go on. */
  static for(attemptId: number): AnswerOutbox {
    let outbox = AnswerOutbox.open.get(attemptId);
    if (!outbox) {
      outbox = new AnswerOutbox(attemptId);
      AnswerOutbox.open.set(attemptId, outbox);
    }
    return outbox;
  }

  private readonly counters = new Map<number, number>();
  private readonly pending = new Map<number, Pending>();
  /** Question id → the seq being sent. */
  private readonly inFlight = new Map<number, number>();
  private readonly debounce = new Map<number, ReturnType<typeof setTimeout>>();
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private lastFailure: 'network' | 'server' | null = null;
  #closed = false;

  private constructor(readonly attemptId: number) {
    super();
    this.restore();
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** How many answers still wait to reach the server. */
  get unsent(): number {
    return this.pending.size;
  }

  get health(): OutboxHealth {
    if (!navigator.onLine) return 'offline';
    if (!this.pending.size) return 'ok';
    if (this.lastFailure === 'network') return 'offline';
    return this.lastFailure === 'server' ? 'trouble' : 'ok';
  }

  state(questionId: number): AnswerState {
    if (!this.pending.has(questionId)) return 'saved';
    return this.health === 'ok' ? 'saving' : 'unsaved';
  }

  /** The unsent answer to a question, to show over what the server has. */
  unsentAnswer(questionId: number): AnswerValue | undefined {
    return this.pending.get(questionId)?.response;
  }

  /**
   * Lines the outbox up with the attempt as the server has it: answers the server already holds
   * (its seq is as new or newer) are done; counters continue above the server's seq. Then sends
   * whatever is left.
   */
  reconcile(questions: readonly { id: number; seq: number | null }[]): void {
    for (const q of questions) {
      const stored = q.seq ?? 0;
      const entry = this.pending.get(q.id);
      if (entry && stored >= entry.seq) this.pending.delete(q.id);
      this.counters.set(q.id, Math.max(this.counters.get(q.id) ?? 0, stored, entry?.seq ?? 0));
    }
    this.persist();
    this.emit();
    this.run();
  }

  /**
   * Records an answer under the question's next sequence number, on this device at once, and
   * sends it now or, while the learner is still typing, after `delayMs`.
   */
  set(questionId: number, response: AnswerValue, delayMs = 0): void {
    if (this.#closed) return;
    const seq = (this.counters.get(questionId) ?? 0) + 1;
    this.counters.set(questionId, seq);
    this.pending.set(questionId, { response, seq });
    this.persist();
    clearTimeout(this.debounce.get(questionId));
    this.debounce.delete(questionId);
    if (delayMs > 0) {
      this.debounce.set(
        questionId,
        setTimeout(() => {
          this.debounce.delete(questionId);
          this.run();
        }, delayMs),
      );
    }
    this.emit();
    this.run();
  }

  /** Sends a question's answer without waiting for the typing pause (on blur). */
  commit(questionId: number): void {
    if (!this.debounce.has(questionId)) return;
    clearTimeout(this.debounce.get(questionId));
    this.debounce.delete(questionId);
    this.run();
  }

  /** Tries again now, without waiting for the scheduled retry. */
  retryNow(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.run();
  }

  /**
   * Sends everything now and resolves once every answer is acknowledged ('saved'), or when the
   * attempt stops taking answers ('closed'). It never gives up on its own while offline.
   */
  flush(): Promise<'saved' | 'closed'> {
    for (const timer of this.debounce.values()) clearTimeout(timer);
    this.debounce.clear();
    this.retryNow();
    return new Promise((resolve) => {
      const check = (): void => {
        const result = this.#closed ? 'closed' : this.pending.size === 0 && this.inFlight.size === 0 ? 'saved' : null;
        if (!result) return;
        this.removeEventListener('change', check);
        resolve(result);
      };
      this.addEventListener('change', check);
      check();
    });
  }

  /** Forgets the attempt on this device (it was submitted and graded). */
  discard(): void {
    this.#closed = true;
    this.stopTimers();
    this.pending.clear();
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    AnswerOutbox.open.delete(this.attemptId);
    try {
      localStorage.removeItem(storageKey(this.attemptId));
    } catch {
      // Nothing stored, or storage is blocked.
    }
    this.emit();
  }

  private readonly onOnline = (): void => {
    this.failures = 0;
    this.lastFailure = null;
    this.retryNow();
    this.emit();
  };

  private readonly onOffline = (): void => this.emit();

  private emit(): void {
    this.dispatchEvent(new Event('change'));
  }

  private stopTimers(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    for (const timer of this.debounce.values()) clearTimeout(timer);
    this.debounce.clear();
  }

  private restore(): void {
    try {
      const stored = JSON.parse(localStorage.getItem(storageKey(this.attemptId)) ?? 'null') as Stored | null;
      if (!stored || typeof stored !== 'object') return;
      for (const [id, n] of Object.entries(stored.counters ?? {})) {
        if (Number.isInteger(Number(id)) && typeof n === 'number') this.counters.set(Number(id), n);
      }
      for (const [id, entry] of Object.entries(stored.pending ?? {})) {
        if (Number.isInteger(Number(id)) && entry && typeof entry.seq === 'number' && 'response' in entry) this.pending.set(Number(id), entry);
      }
    } catch {
      // Unreadable or blocked storage: nothing to restore.
    }
  }

  private persist(): void {
    const stored: Stored = { counters: Object.fromEntries(this.counters), pending: Object.fromEntries(this.pending) };
    try {
      localStorage.setItem(storageKey(this.attemptId), JSON.stringify(stored));
    } catch {
      // Without storage the answers still live (and are retried) for this visit.
    }
  }

  private run(): void {
    if (this.#closed || this.retryTimer) return;
    // Offline, a request would only fail: the `online` event starts sending again.
    if (!navigator.onLine) return;
    for (const [questionId, entry] of this.pending) {
      if (this.inFlight.has(questionId) || this.debounce.has(questionId)) continue;
      void this.send(questionId, entry);
    }
  }

  private async send(questionId: number, entry: Pending): Promise<void> {
    this.inFlight.set(questionId, entry.seq);
    this.emit();
    try {
      await putAnswer(this.attemptId, questionId, entry.response, entry.seq);
      this.failures = 0;
      this.lastFailure = null;
      this.acknowledge(questionId, entry.seq);
    } catch (error) {
      if (isApiError(error, 'stale_seq')) {
        // A newer answer is stored (sent from another tab, say): this one is superseded.
        const storedSeq = (error.details as { storedSeq?: unknown } | undefined)?.storedSeq;
        if (typeof storedSeq === 'number') this.counters.set(questionId, Math.max(this.counters.get(questionId) ?? 0, storedSeq));
        this.acknowledge(questionId, entry.seq);
      } else if (isApiError(error, 'deadline_passed') || isApiError(error, 'attempt_submitted')) {
        this.close(error);
      } else if (retryable(error)) {
        this.lastFailure = error instanceof ApiError && error.status === 0 ? 'network' : 'server';
        // After a 401 the learner signs in again and reopens the attempt, which resends.
        if (!(isApiError(error) && error.status === 401)) this.scheduleRetry(error);
      } else {
        this.acknowledge(questionId, entry.seq);
        this.dispatchEvent(new CustomEvent<OutboxRejected>('rejected', { detail: { questionId, error: error as ApiError } }));
      }
    } finally {
      this.inFlight.delete(questionId);
      this.emit();
    }
    // A newer answer to this question may have come in meanwhile.
    this.run();
  }

  private acknowledge(questionId: number, seq: number): void {
    if (this.pending.get(questionId)?.seq !== seq) return;
    this.pending.delete(questionId);
    this.persist();
  }

  private scheduleRetry(error: unknown): void {
    if (this.retryTimer) return;
    this.failures += 1;
    const retryAfter = error instanceof ApiError ? error.retryAfterSeconds : null;
    const delay =
      retryAfter !== null
        ? retryAfter * 1000 * (1 + Math.random() * 0.2)
        : Math.min(maxDelayMs, 1000 * 2 ** Math.min(this.failures - 1, 5)) * (0.8 + Math.random() * 0.4);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.run();
    }, delay);
  }

  private close(error: ApiError): void {
    if (this.#closed) return;
    const lost = this.pending.size;
    this.#closed = true;
    this.stopTimers();
    this.dispatchEvent(new CustomEvent<OutboxClosed>('closed', { detail: { error, lost } }));
  }
}
