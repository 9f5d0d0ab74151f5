import { putProgress, type ProgressBody, type ProgressReply, type WatchedRange } from '../../api/courses.ts';
import { ApiError, isApiError } from '../../api/http.ts';
import { session } from '../../session.ts';

/** Progress not yet acknowledged by the server for one lesson. */
interface Pending {
  completed?: true;
  positionSeconds?: number;
  watchedRanges?: WatchedRange[];
  readPct?: number;
}

export interface OutboxSaved {
  lessonId: number;
  reply: ProgressReply;
}

export interface OutboxRejected {
  lessonId: number;
  error: ApiError;
  /** What was refused (a completion, say). */
  body: ProgressBody;
}

/** idle: nothing unsent; saving: a request is out; waiting: a retry is scheduled (offline, server trouble). */
export type OutboxState = 'idle' | 'saving' | 'waiting';

const maxDelayMs = 60_000;

function mergeRanges(ranges: WatchedRange[]): WatchedRange[] {
  const sorted = ranges.filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b) && b > a).sort((x, y) => x[0] - y[0]);
  const out: WatchedRange[] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 0.5) last[1] = Math.max(last[1], b);
    else out.push([Math.max(0, a), b]);
  }
  // The server takes at most 500 ranges; a learner who skips about that much is rare.
  return out.slice(-500);
}

/** Combines an older and a newer unsent update: completion sticks, ranges add up, the latest position wins. */
function merge(older: Pending | undefined, newer: Pending): Pending {
  if (!older) return { ...newer, ...(newer.watchedRanges && { watchedRanges: mergeRanges(newer.watchedRanges) }) };
  const result: Pending = { ...older };
  if (newer.completed) result.completed = true;
  if (newer.positionSeconds !== undefined) result.positionSeconds = newer.positionSeconds;
  if (newer.readPct !== undefined) result.readPct = Math.max(newer.readPct, older.readPct ?? 0);
  if (newer.watchedRanges) result.watchedRanges = mergeRanges([...(older.watchedRanges ?? []), ...newer.watchedRanges]);
  return result;
}

function retryable(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.code === 'network_error' || error.code === 'server_error' || error.code === 'too_many_attempts' || error.code === 'csrf_failed' || error.status === 401;
}

/**
 * Sends lesson progress and keeps what could not be sent (offline, server trouble, session
 * ended) on this device, retrying with growing pauses, so a completion the learner saw is never
 * lost, not even across a reload. Events: `saved` (OutboxSaved), `rejected` (OutboxRejected:
 * the server refused, e.g. not_watched_enough), `state` (the OutboxState changed).
 */
class ProgressOutbox extends EventTarget {
  private pending = new Map<number, Pending>();
  private inFlight: { lessonId: number; update: Pending } | null = null;
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private loadedFor: number | null = null;
  #state: OutboxState = 'idle';

  constructor() {
    super();
    window.addEventListener('online', () => this.retryNow());
    session.addEventListener('change', () => {
      this.restore();
      this.retryNow();
    });
    this.restore();
    if (this.pending.size) this.retryNow();
  }

  get state(): OutboxState {
    return this.#state;
  }

  /** Whether anything for this lesson still waits to reach the server. */
  hasUnsent(lessonId: number): boolean {
    return this.pending.has(lessonId) || this.inFlight?.lessonId === lessonId;
  }

  /** Whether a completion of this lesson is still on its way to the server. */
  hasUnsentCompletion(lessonId: number): boolean {
    this.restore();
    return !!this.pending.get(lessonId)?.completed || (this.inFlight?.lessonId === lessonId && !!this.inFlight.update.completed);
  }

  /** Queues an update and sends it as soon as it can. */
  queue(lessonId: number, update: Pending): void {
    this.restore();
    this.pending.set(lessonId, merge(this.pending.get(lessonId), update));
    this.persist();
    // A deliberate action (a completion) is tried at once, even while a retry is waiting.
    if (update.completed) this.retryNow();
    else void this.run();
  }

  /** Tries again now, without waiting for the scheduled retry. */
  retryNow(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    void this.run();
  }

  private setState(state: OutboxState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.dispatchEvent(new Event('state'));
  }

  private storageKey(): string | null {
    const id = session.me?.id;
    return id ? `sinau.progress.${id}` : null;
  }

  /** Picks up what an earlier visit (of the same person) left unsent. */
  private restore(): void {
    const personId = session.me?.id ?? null;
    if (personId === this.loadedFor) return;
    this.loadedFor = personId;
    this.pending.clear();
    const key = this.storageKey();
    if (!key) return;
    try {
      const stored = JSON.parse(localStorage.getItem(key) ?? '{}') as Record<string, Pending>;
      for (const [id, update] of Object.entries(stored)) {
        const lessonId = Number(id);
        if (Number.isInteger(lessonId) && lessonId > 0 && update && typeof update === 'object') this.pending.set(lessonId, update);
      }
    } catch {
      // Unreadable or blocked storage: nothing to restore.
    }
  }

  // What is out on the network is stored too: a tab closed mid-request must not lose it.
  private persist(): void {
    const key = this.storageKey();
    if (!key) return;
    const all: Record<string, Pending> = {};
    if (this.inFlight) all[this.inFlight.lessonId] = this.inFlight.update;
    for (const [lessonId, update] of this.pending) all[lessonId] = merge(all[lessonId], update);
    try {
      if (Object.keys(all).length) localStorage.setItem(key, JSON.stringify(all));
      else localStorage.removeItem(key);
    } catch {
      // Without storage the queue still lives for this visit.
    }
  }

  private async run(): Promise<void> {
    if (this.inFlight || this.retryTimer || !session.me) return;
    const next = this.pending.entries().next();
    if (next.done) {
      this.setState('idle');
      return;
    }
    const [lessonId, update] = next.value;
    this.pending.delete(lessonId);
    this.inFlight = { lessonId, update };
    this.setState('saving');
    const body: ProgressBody = { ...update };
    try {
      const reply = await putProgress(lessonId, body);
      this.inFlight = null;
      this.failures = 0;
      this.persist();
      this.dispatchEvent(new CustomEvent<OutboxSaved>('saved', { detail: { lessonId, reply } }));
    } catch (error) {
      this.inFlight = null;
      if (retryable(error)) {
        // Put it back under anything newer, and wait longer each time.
        this.pending.set(lessonId, merge(update, this.pending.get(lessonId) ?? {}));
        this.persist();
        this.failures += 1;
        const delay = Math.min(maxDelayMs, 1000 * 2 ** Math.min(this.failures - 1, 6)) * (0.8 + Math.random() * 0.4);
        this.setState('waiting');
        // After a 401 the session change (signing in again) triggers the retry.
        if (!(isApiError(error) && error.status === 401)) {
          this.retryTimer = setTimeout(() => {
            this.retryTimer = undefined;
            void this.run();
          }, delay);
        }
        return;
      }
      const apiError = error as ApiError;
      // A refused completion must not take the watched time and position down with it.
      if (update.completed && apiError.code === 'not_watched_enough') {
        const { completed: _refused, ...rest } = update;
        if (Object.keys(rest).length) this.pending.set(lessonId, merge(rest, this.pending.get(lessonId) ?? {}));
      }
      this.persist();
      this.dispatchEvent(new CustomEvent<OutboxRejected>('rejected', { detail: { lessonId, error: apiError, body } }));
    }
    void this.run();
  }
}

export const progressOutbox = new ProgressOutbox();
