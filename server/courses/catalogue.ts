import fp from 'fastify-plugin';

/**
 * The published catalogue, shared by every request and kept for a few seconds: most catalogue
 * reads then cost one small personal query. Publishing or archiving on this instance refreshes
 * it at once; other instances see the change within `ttlMs`.
 */
export class CatalogueCache<T> {
  loader: (() => Promise<T>) | null = null;
  private value: Promise<T> | null = null;
  private loadedAt = 0;
  constructor(private readonly ttlMs = 10_000) {}

  get(): Promise<T> {
    if (!this.loader) throw new Error('catalogue loader not set');
    if (!this.value || Date.now() - this.loadedAt > this.ttlMs) {
      this.loadedAt = Date.now();
      const next = this.loader();
      // A failed load is not kept: the next request tries again.
      next.catch(() => {
        if (this.value === next) this.value = null;
      });
      this.value = next;
    }
    return this.value;
  }

  invalidate() {
    this.value = null;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    courseCatalogue: CatalogueCache<any>;
  }
}

export default fp(
  async (app) => {
    app.decorate('courseCatalogue', new CatalogueCache());
  },
  { name: 'course-catalogue' },
);
