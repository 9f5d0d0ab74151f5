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
  /**
   * Counts loads and invalidations: a reader's reply kept under one generation was made from
   * that catalogue or an older one, so it is served only while the generation holds.
   */
  generation = 0;
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
      this.generation++;
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

  /** The current generation, starting the reload of a catalogue older than `ttlMs` first. */
  fresh(): number {
    this.get();
    return this.generation;
  }

  /** The matches for a search term, computed once per catalogue refresh. */
  search(term: string, load: () => Promise<Map<number, number>>): Promise<Map<number, number>> {
    return remember(this.searches, term, load, 1_000);
  }

  invalidate() {
    this.value = null;
    this.generation++;
    this.searches.clear();
    this.readers.clear();
  }
}

/**
 * What one reader sees of courses (their enrolments, progress, the course pages they open),
 * kept for a few seconds per person so that browsing the catalogue and going back and forth
 * between pages does not ask the database each time. Beside the data, the replies made from it
 * (the JSON as sent) may be kept too, so a page read again is not rendered again.
 *
 * Every write to a person's enrolments or progress on this instance calls `forget(personId)`
 * after it commits, so a person always sees their own changes here at once. A read that started
 * before the write finishes into the forgotten entry and is never served. Other instances (and
 * writes made outside the app) show within `ttlMs`. `ttlMs` 0 turns the cache off.
 */
export class ReaderCache {
  private entries = new Map<number, ReaderEntry>();
  /** Bytes held in kept replies, all readers together. */
  private replyBytes = 0;
  private sweptAt = 0;
  constructor(
    readonly ttlMs: number,
    private readonly maxPeople = 20_000,
    /** Replies kept, all readers together, at most this many bytes. */
    private readonly maxReplyBytes = 32_000_000,
  ) {}

  get<T>(personId: number, key: string, load: () => Promise<T>): Promise<T> {
    const entry = this.entry(personId);
    if (!entry) return load();
    return remember(entry.values, key, load, 200) as Promise<T>;
  }

  /**
   * The reader's current entry, for a reply: look it up with `reply`, and keep a reply rendered
   * after this call with `keep` on the same entry, so a reply made from data read before a
   * write lands in the forgotten entry. Null when the cache is off.
   */
  entry(personId: number): ReaderEntry | null {
    if (this.ttlMs <= 0) return null;
    const now = Date.now();
    let entry = this.entries.get(personId);
    if (entry && entry.until < now) {
      this.drop(personId, entry);
      entry = undefined;
    }
    if (!entry) {
      if (this.entries.size >= this.maxPeople) this.evictExpired(now);
      entry = { until: now + this.ttlMs, values: new Map(), replies: new Map(), replyBytes: 0 };
      this.entries.set(personId, entry);
    }
    return entry;
  }

  /** A reply kept in `entry` under `key`, if any. */
  reply(entry: ReaderEntry, key: string): Buffer | undefined {
    return entry.replies.get(key);
  }

  /** Keeps a rendered reply, unless the entry has been forgotten or replies use their budget up. */
  keep(personId: number, entry: ReaderEntry, key: string, body: Buffer) {
    if (this.entries.get(personId) !== entry) return;
    if (entry.replies.size >= 20) this.dropReplies(entry);
    if (this.replyBytes + body.length > this.maxReplyBytes) {
      // Expired entries are dropped only when next read; make room from them, once a second at most.
      const now = Date.now();
      if (now - this.sweptAt < 1_000) return;
      this.sweptAt = now;
      this.evictExpired(now);
      if (this.replyBytes + body.length > this.maxReplyBytes) return;
    }
    entry.replies.set(key, body);
    entry.replyBytes += body.length;
    this.replyBytes += body.length;
  }

  forget(personId: number) {
    const entry = this.entries.get(personId);
    if (entry) this.drop(personId, entry);
  }

  forgetMany(personIds: Iterable<number>) {
    for (const id of personIds) this.forget(id);
  }

  clear() {
    this.entries.clear();
    this.replyBytes = 0;
  }

  private drop(personId: number, entry: ReaderEntry) {
    this.entries.delete(personId);
    this.dropReplies(entry);
  }

  private dropReplies(entry: ReaderEntry) {
    this.replyBytes -= entry.replyBytes;
    entry.replyBytes = 0;
    entry.replies.clear();
  }

  private evictExpired(now: number) {
    for (const [id, e] of this.entries) if (e.until < now) this.drop(id, e);
    // Still full: drop the oldest half (a Map iterates in insertion order).
    if (this.entries.size >= this.maxPeople) {
      let drop = Math.ceil(this.entries.size / 2);
      for (const [id, e] of this.entries) {
        if (drop-- <= 0) break;
        this.drop(id, e);
      }
    }
  }
}

/** One reader's cached data (promises by key) and replies (JSON as UTF-8, by key). */
export interface ReaderEntry {
  until: number;
  values: Map<string, Promise<unknown>>;
  replies: Map<string, Buffer>;
  replyBytes: number;
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
