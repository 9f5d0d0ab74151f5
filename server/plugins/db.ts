import type { Kysely } from 'kysely';
import fp from 'fastify-plugin';
import type { DB } from '../db/types.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<DB>;
  }
}

/** Hands the app a Kysely instance; whoever created it (main.ts, a test) destroys it. */
export default fp<{ db: Kysely<DB> }>(
  async (app, opts) => {
    app.decorate('db', opts.db);
  },
  { name: 'db' },
);
