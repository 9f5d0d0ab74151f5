import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import authRoutes from './auth/routes.ts';
import certificateRoutes from './certificates/routes.ts';
import quizRoutes from './quizzes/routes.ts';
import bankRoutes from './quizzes/bank-routes.ts';
import resultRoutes from './quizzes/results-routes.ts';
import manageRoutes from './quizzes/manage-routes.ts';
import authoringRoutes from './courses/authoring.ts';
import cataloguePlugin from './courses/catalogue.ts';
import courseRoutes from './courses/routes.ts';
import competencyRoutes from './competencies/routes.ts';
import evidenceRoutes from './competencies/evidence-routes.ts';
import planRoutes from './competencies/plans-routes.ts';
import competencyReportRoutes from './competencies/reports-routes.ts';
import assessmentCampaignRoutes from './assessment-campaigns/routes.ts';
import type { DB } from './db/types.ts';
import healthRoutes from './health/routes.ts';
import hlsRoutes from './media/hls-routes.ts';
import mediaRoutes from './media/routes.ts';
import type { Storage } from './media/storage.ts';
import videoPlugin from './media/video.ts';
import orgRoutes from './org/routes.ts';
import satisfactionPlugin from './satisfaction/plugin.ts';
import authPlugin from './plugins/auth.ts';
import configPlugin, { type Config } from './plugins/config.ts';
import dbPlugin from './plugins/db.ts';
import errorsPlugin, { AppError, text } from './plugins/errors.ts';
import jobsPlugin from './plugins/jobs.ts';
import storagePlugin from './plugins/storage.ts';
import janusPlugin from './webinars/janus/plugin.ts';
import liveRoomRoutes from './webinars/live/routes.ts';
import webinarRoutes from './webinars/routes.ts';
import recordingsPlugin from './webinars/recordings.ts';
import webinarLifecycle from './webinars/lifecycle.ts';
import evaluationRoutes from './evaluation/routes.ts';
import webinarReportRoutes from './webinars/report-routes.ts';
import partnerRoutes from './partners/routes.ts';
import placementRoutes from './placements/routes.ts';
import programmeRoutes from './programmes/routes.ts';
import practiceRoutes from './programmes/practice-routes.ts';
import webinarReviewRoutes from './webinars/review-routes.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLIENT_DIR = path.join(ROOT, 'dist', 'client');

export interface AppOptions {
  config: Config;
  db: Kysely<DB>;
  /** Serve the built web client (default: when it has been built). */
  serveClient?: boolean;
  /** Where the built client is; dist/client by default. */
  clientDir?: string;
  /** A ready file store; by default the settings choose (filesystem or S3). */
  storage?: Storage;
}

/** Builds the whole app without listening: main.ts and the tests call this the same way. */
export async function buildApp({ config, db, serveClient, clientDir = CLIENT_DIR, storage }: AppOptions): Promise<FastifyInstance> {
  const trustProxy = config.TRUST_PROXY === 'true' ? true : config.TRUST_PROXY === 'false' ? false : config.TRUST_PROXY;
  const app = Fastify({
    trustProxy,
    logger:
      config.LOG_LEVEL === 'silent'
        ? false
        : { level: config.LOG_LEVEL, redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'] },
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, useDefaults: true, allErrors: false } },
    bodyLimit: 1024 * 1024,
    // One line per request only when asked for (debug); errors are always logged.
    logController: new LogController({ disableRequestLogging: config.LOG_LEVEL !== 'debug' && config.LOG_LEVEL !== 'trace' }),
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(configPlugin, { config });
  await app.register(dbPlugin, { db });
  await app.register(storagePlugin, { storage });
  await app.register(jobsPlugin);
  await app.register(videoPlugin);
  await app.register(janusPlugin);
  await app.register(errorsPlugin);
  // The staff import takes the CSV file itself as the body.
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: config.IMPORT_MAX_BYTES }, (_req, body, done) => done(null, body));

  // The docs UI and its document are public, like the API's own shape.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs')) route.config = { ...(route.config as object), auth: 'public' };
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Sinau API', version: '0.1.0', description: 'Learning and competency platform for the civil servants of Surakarta.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'sinau_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
        },
      },
      security: [{ session: [], csrf: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' }, staticCSP: true });

  await app.register(authPlugin);
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(orgRoutes);
  await app.register(mediaRoutes);
  await app.register(hlsRoutes);
  await app.register(cataloguePlugin);
  await app.register(courseRoutes);
  await app.register(authoringRoutes);
  await app.register(quizRoutes);
  await app.register(bankRoutes);
  await app.register(resultRoutes);
  await app.register(manageRoutes);
  await app.register(certificateRoutes);
  await app.register(competencyRoutes);
  await app.register(evidenceRoutes);
  await app.register(planRoutes);
  await app.register(competencyReportRoutes);
  await app.register(assessmentCampaignRoutes);
  // Citizens' survey: its pages (/s/…, /satisfaction/report/…) are served before the web app's fallback.
  await app.register(satisfactionPlugin);
  await app.register(liveRoomRoutes);
  await app.register(webinarRoutes);
  await app.register(recordingsPlugin);
  await app.register(webinarReportRoutes);
  await app.register(webinarLifecycle);
  await app.register(evaluationRoutes);
  await app.register(partnerRoutes);
  await app.register(placementRoutes);
  await app.register(programmeRoutes);
  await app.register(practiceRoutes);
  await app.register(webinarReviewRoutes);

  const withClient = serveClient ?? existsSync(path.join(clientDir, 'index.html'));
  if (withClient) {
    await app.register(fastifyStatic, {
      root: clientDir,
      // Look files up per request, so a rebuilt client is served without a restart.
      wildcard: true,
      index: ['index.html'],
      cacheControl: false,
      setHeaders: (reply, file) => {
        // Vite puts a content hash in every asset's name; anything else must be revalidated.
        reply.header('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0]!;
    // A missing asset or file must not get the page: the browser would fail on HTML as code.
    const isFile = pathname.startsWith('/assets/') || /\.[a-z0-9]{1,5}$/i.test(pathname);
    if (pathname.startsWith('/api/') || pathname === '/api' || isFile || !withClient || (request.method !== 'GET' && request.method !== 'HEAD')) {
      throw new AppError(404, 'not_found', text('Alamat ini tidak ada.', 'There is nothing at this address.'));
    }
    // The web app routes in the browser: every other page address gets its shell.
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  return app;
}
