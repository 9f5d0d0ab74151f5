import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';

const Health = Type.Object({
  status: Type.String(),
  database: Type.String(),
  /** ok: live video works; unavailable: no Janus configured or installed; down: Janus not answering now. */
  janus: Type.Union([Type.Literal('ok'), Type.Literal('unavailable'), Type.Literal('down')]),
});

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/health',
    {
      config: { auth: 'public' },
      schema: { tags: ['system'], summary: 'Liveness and database reachability', response: { 200: Health, 503: Health } },
    },
    async (request, reply) => {
      try {
        await sql`SELECT 1`.execute(app.db);
        return { status: 'ok', database: 'ok', janus: app.janus.status() };
      } catch (err) {
        request.log.warn({ err }, 'health check: database unreachable');
        return reply.status(503).send({ status: 'error', database: 'unreachable', janus: app.janus.status() });
      }
    },
  );
};

export default routes;
