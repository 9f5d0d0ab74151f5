/**
 * `GET /api/webinars/:id/live`: the room WebSocket. Checked before the upgrade (signed in, a
 * host or a seated registration, the webinar not over, the page's origin ours); then the hub
 * takes the socket. `app.liveRooms` is the hub, for the routes that open and end webinars.
 */
import websocket from '@fastify/websocket';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import fp from 'fastify-plugin';
import { AppError, conflict, forbidden, text } from '../../plugins/errors.ts';
import { loadWebinar, SEATED } from '../queries.ts';
import { canHost, webinarNotFound } from '../service.ts';
import { Hub } from './hub.ts';
import { iceConfigOf } from './ice.ts';

declare module 'fastify' {
  interface FastifyInstance {
    liveRooms: Hub;
  }
  interface FastifyRequest {
    liveRoom?: { webinarId: number; isHost: boolean };
  }
}

const LiveQuery = Type.Object({ mode: Type.Union([Type.Literal('web'), Type.Literal('audio-only')], { default: 'web' }) });

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db;
  const hub = new Hub(db, app.janus, app.log.child({ module: 'live-room' }), app.config.WEBINAR_HEARTBEAT_SECONDS * 1000, app.config.WEBINAR_ROOM_VIEWERS, iceConfigOf(app.config));
  await hub.start();
  app.decorate('liveRooms', hub);
  // Before the WebSocket server closes: sockets are told to reconnect, attendance is closed.
  app.addHook('preClose', async () => hub.close());

  await app.register(websocket, { options: { maxPayload: 256 * 1024 } });

  const publicOrigin = new URL(app.config.PUBLIC_URL).origin;

  app.get(
    '/api/webinars/:id/live',
    {
      websocket: true,
      config: { partner: true },
      schema: {
        tags: ['webinars'],
        summary: 'The live room WebSocket (registered people and hosts)',
        description: 'Messages are described in server/webinars/live/protocol.ts. Refused before the upgrade with 401/403/404/409.',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        querystring: LiveQuery,
      },
      preHandler: async (request) => {
        const user = request.user;
        if (!user) throw new AppError(401, 'unauthorized', text('Silakan masuk terlebih dahulu.', 'Please sign in first.'));
        // A page of another site must not open a room in this person's name.
        const origin = request.headers.origin;
        if (origin && origin !== publicOrigin && origin !== `${request.protocol}://${request.host}`) {
          throw forbidden(text('Asal permintaan tidak dikenal.', 'Unknown request origin.'));
        }
        const { id } = request.params as { id: number };
        const w = await loadWebinar(db, id);
        if (!w) throw webinarNotFound();
        if (w.status === 'ended' || w.status === 'cancelled') {
          throw conflict(text(w.status === 'ended' ? 'Webinar ini sudah selesai.' : 'Webinar ini dibatalkan.', w.status === 'ended' ? 'This webinar has ended.' : 'This webinar was cancelled.'), { status: w.status });
        }
        const isHost = await canHost(db, w, user);
        if (!isHost) {
          const reg = await db.selectFrom('webinar_registrations').select('status').where('webinar_id', '=', id).where('person_id', '=', user.id).executeTakeFirst();
          if (!reg || !SEATED.includes(reg.status)) {
            throw forbidden(text('Daftar ke webinar ini terlebih dahulu untuk masuk ke ruangnya.', 'Register for this webinar first to enter its room.'));
          }
        }
        request.liveRoom = { webinarId: id, isHost };
      },
      // A refused upgrade's socket is ours, not the HTTP server's: end it after the answer, or it
      // lingers (and holds up the server's close).
      onResponse: async (request, reply) => {
        if (reply.statusCode >= 400) request.raw.socket.destroySoon();
      },
    },
    (socket, request) => {
      const { webinarId, isHost } = request.liveRoom!;
      const mode = (request.query as { mode?: string }).mode === 'audio-only' ? 'audio-only' : 'web';
      hub.accept(socket, request.user!, webinarId, isHost, mode);
    },
  );
};

export default fp(routes, { name: 'live-rooms', dependencies: ['janus'] });
