/**
 * The citizens' satisfaction survey: its public pages and API, its management and reports,
 * and the daily evaluation that turns low U6/U7 months into unit evidence.
 */
import type { FastifyPluginAsync } from 'fastify';
import publicRoutes from './public-routes.ts';
import { clearOldHashes } from './responses.ts';
import routes from './routes.ts';
import { evaluateSignals } from './signals.ts';

// The first evaluation waits a little after start, so a start is not slowed by it.
const FIRST_RUN_MS = 2 * 60_000;

const satisfaction: FastifyPluginAsync = async (app) => {
  await app.register(publicRoutes);
  await app.register(routes);

  const hours = app.config.SURVEY_EVALUATION_HOURS;
  if (hours <= 0) return;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  const schedule = (ms: number) => {
    if (closed) return;
    timer = setTimeout(tick, ms);
    timer.unref();
  };
  const tick = async () => {
    try {
      const settings = { threshold: app.config.SURVEY_SIGNAL_THRESHOLD, minResponses: app.config.SURVEY_SIGNAL_MIN_RESPONSES };
      const result = await evaluateSignals(app.db, settings);
      const cleared = await clearOldHashes(app.db, app.config.SURVEY_HASH_RETENTION_DAYS);
      app.log.info({ ...result, cleared }, 'satisfaction survey: months evaluated');
    } catch (err) {
      app.log.warn({ err }, 'satisfaction survey: the evaluation failed; it runs again at the next interval');
    }
    schedule(hours * 3600_000);
  };
  schedule(FIRST_RUN_MS);
  app.addHook('onClose', async () => {
    closed = true;
    if (timer) clearTimeout(timer);
  });
};

export default satisfaction;
