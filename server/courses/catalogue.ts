import fp from 'fastify-plugin';

/**
 * The published catalogue, shared by every request and kept for a few seconds: most catalogue
 * reads then cost no query at all. Publishing, archiving or reloading content on this instance
 * refreshes it at once (and forgets every reader's cached part); other instances see the change
 * within `ttlMs`.
 */
export class CatalogueCache<T> {
  loader: (() => Promise<T>) | null = null;
  private value: Promise<T> | null = null;
  private loadedAt = 0;
  /** Search results by term: which published courses match, with their rank. */
  private searches = new Map<string, Promise<Map<number, number>>>();
  constructor(
    private readonly ttlMs = 10_000,
    readonly readers = new ReaderCache(5_000),
  ) {}

  get(): Promise<T> {
    if (!this.loader) throw new Error('catalogue loader not set');
    if (!this.value || Date.now() - this.loadedAt > this.ttlMs) {
      this.loadedAt = Date.now();
      this.searches.clear();
      const next = this.loader();
      // A failed load is not kept: the next request tries again.
      next.catch(() => {
        if (this.value === next) this.value = null;
      });
      this.value = next;
    }
    return this.value;
  }

  /** The matches for a search term, computed once per catalogue refresh. */
  search(term: string, load: () => Promise<Map<number, number>>): Promise<Map<number, number>> {
    return remember(this.searches, term, load, 1_000);
  }

  invalidate() {
    this.value = null;
    this.searches.clear();
    this.readers.clear();
  }
}

/**
 * What one reader sees of courses (their enrolments, progress, the course pages they open),
 * kept for a few seconds per person so that browsing the catalogue and going back and forth
 * between pages does not ask the database each time.
 *
 * Every write to a person's enrolments or progress on this instance calls `forget(personId)`
 * after it commits, so a person always sees their own changes here at once. A read that started
 * before the write finishes into the forgotten entry and is never served. Other instances (and
 * writes made outside the app) show within `ttlMs`. `ttlMs` 0 turns the cache off.
 */
export class ReaderCache {
  private entries = new Map<number, { until: number; values: Map<string, Promise<unknown>> }>();
  constructor(
    readonly ttlMs: number,
    private readonly maxPeople = 20_000,
  ) {}

  get<T>(personId: number, key: string, load: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return load();
    const now = Date.now();
    let entry = this.entries.get(personId);
    if (entry && entry.until < now) {
      this.entries.delete(personId);
      entry = undefined;
    }
    if (!entry) {
      if (this.entries.size >= this.maxPeople) this.evictExpired(now);
      entry = { until: now + this.ttlMs, values: new Map() };
      this.entries.set(personId, entry);
    }
    return remember(entry.values, key, load, 200) as Promise<T>;
  }

  forget(personId: number) {
    this.entries.delete(personId);
  }

  forgetMany(personIds: Iterable<number>) {
    for (const id of personIds) this.entries.delete(id);
  }

  clear() {
    this.entries.clear();
  }

  private evictExpired(now: number) {
    for (const [id, e] of this.entries) if (e.until < now) this.entries.delete(id);
    // Still full: drop the oldest half (a Map iterates in insertion order).
    if (this.entries.size >= this.maxPeople) {
      let drop = Math.ceil(this.entries.size / 2);
      for (const id of this.entries.keys()) {
        if (drop-- <= 0) break;
        this.entries.delete(id);
      }
    }
  }
}

/** A promise kept under `key` in `map`; a failed one is dropped so the next caller retries. */
function remember<T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>, max: number): Promise<T> {
  const hit = map.get(key);
  if (hit) return hit;
  if (map.size >= max) map.clear();
  const value = load();
  map.set(key, value);
  value.catch(() => {
    if (map.get(key) === value) map.delete(key);
  });
  return value;
}

declare module 'fastify' {
  interface FastifyInstance {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    courseCatalogue: CatalogueCache<any>;
  }
}

export default fp(
  async (app) => {
    app.decorate('courseCatalogue', new CatalogueCache(10_000, new ReaderCache(app.config.READER_CACHE_SECONDS * 1000)));
  },
  { name: 'course-catalogue', dependencies: ['config'] },
);
