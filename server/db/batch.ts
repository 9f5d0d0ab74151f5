/**
 * Requests that arrive together, written (or read) together: what is queued while earlier
 * statements are on their way goes to the database as one statement — one round trip and one
 * commit for many requests. Each caller still gets its own answer; `run` answers per item, in
 * the order given, and a failed statement fails every item in it.
 */
export class Batcher<I, R> {
  private queue: { item: I; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;
  private inFlight = 0;

  constructor(
    private readonly run: (items: I[]) => Promise<R[]>,
    private readonly opts: {
      /** The most items in one statement. */
      maxItems: number;
      /** The most statements on their way at once; what arrives meanwhile waits for the next. */
      maxInFlight?: number;
    },
  ) {}

  add(item: I): Promise<R> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush() {
    this.scheduled = false;
    const limit = this.opts.maxInFlight ?? Infinity;
    while (this.queue.length && this.inFlight < limit) {
      const batch = this.queue.splice(0, this.opts.maxItems);
      this.inFlight++;
      this.run(batch.map((b) => b.item))
        .then(
          (results) => batch.forEach((b, i) => b.resolve(results[i]!)),
          (err: unknown) => batch.forEach((b) => b.reject(err)),
        )
        .finally(() => {
          this.inFlight--;
          if (this.queue.length) this.schedule();
        });
    }
  }
}

/** One batcher per database handle (the app's, or a test's). */
export function batcherFor<I, R>(cache: WeakMap<object, Batcher<I, R>>, db: object, make: () => Batcher<I, R>): Batcher<I, R> {
  let b = cache.get(db);
  if (!b) cache.set(db, (b = make()));
  return b;
}
