import fp from 'fastify-plugin';
import { CompiledQuery, sql } from 'kysely';
import PgBoss from 'pg-boss';

/** How a job is enqueued. Retries default to 3 with exponential backoff. */
export interface JobOptions {
  /** At most one waiting job per key (on queues with policy 'short'); also what `pending` looks up. */
  singletonKey?: string;
  /** Run no earlier than this many seconds from now. */
  startAfterSeconds?: number;
  retryLimit?: number;
  /** Base delay between attempts; with backoff it doubles each time (plus jitter). */
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  /** An attempt still running after this long is failed (and retried). */
  expireInSeconds?: number;
}

/** What a handler receives: one job, and a signal that fires when the app shuts down. */
export interface Job<T> {
  id: string;
  name: string;
  data: T;
  /** Attempts made before this one (0 on the first run). */
  retryCount: number;
  retryLimit: number;
  /** This is the last attempt: if it throws, the job ends 'failed'. */
  lastAttempt: boolean;
  /**
   * Aborted, with a JobInterrupted reason, when the app stops before the handler has finished
   * (the job is then retried) or when the attempt outlives its expiry.
   */
  signal: AbortSignal;
}

export type JobHandler<T> = (job: Job<T>) => Promise<void>;

/** Why a job's signal fired: the app is stopping (the job will run again), or the attempt took too long. */
export class JobInterrupted extends Error {
  constructor(readonly reason: 'shutdown' | 'timeout') {
    super(reason === 'shutdown' ? 'the app is shutting down' : 'the job took longer than it may');
  }
}

export interface WorkOptions {
  /** 'short': a second job with the same singletonKey is not queued while one waits. */
  policy?: 'standard' | 'short';
}

export type JobState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

export interface JobInfo {
  id: string;
  state: JobState;
  retryCount: number;
  retryLimit: number;
  retryBackoff: boolean;
  output: unknown;
}

export interface Jobs {
  /** Enqueues a job; resolves with its id, or null when a job with the same singletonKey already waits. */
  send<T extends object>(name: string, data: T, opts?: JobOptions): Promise<string | null>;
  /** Runs `handler` for jobs of this name, one at a time per app instance, from app start. */
  work<T>(name: string, handler: JobHandler<T>, opts?: WorkOptions): void;
  /** Whether a job with this key is waiting, retrying or running. */
  pending(name: string, singletonKey: string): Promise<boolean>;
  /** One job, while it is kept (completed and failed jobs are archived after a while). */
  get(name: string, id: string): Promise<JobInfo | null>;
  /** Runs `fn` once the queue is running (at app start, or later if the database was unreachable then). */
  onStarted(fn: () => Promise<void>): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    jobs: Jobs;
  }
}

export interface JobsPluginOptions {
  /** How often an idle worker looks for new jobs (a job sent from this instance wakes it at once). */
  pollingIntervalSeconds?: number;
  /** On close, how long a running job may take to finish before it is interrupted and left to retry. */
  shutdownGraceMs?: number;
}

const SCHEMA = 'pgboss';
const DEFAULTS = { retryLimit: 3, retryDelay: 5, retryBackoff: true, expireInSeconds: 3 * 60 * 60 } as const;

/**
 * A job queue kept in PostgreSQL (pg-boss), over the app's own Kysely pool: jobs survive a
 * restart, are retried with backoff, and are picked up by whichever instance is free.
 */
export default fp<JobsPluginOptions>(
  async (app, opts) => {
    const pollingIntervalSeconds = opts.pollingIntervalSeconds ?? 2;
    const shutdownGraceMs = opts.shutdownGraceMs ?? 10_000;

    // pg-boss fires some of its own writes (completing or failing a job) without awaiting them;
    // they are tracked so the app closes only once they have reached the database.
    const inFlight = new Set<Promise<unknown>>();
    const adapter: PgBoss.Db = {
      executeSql(text: string, values: unknown[] = []) {
        const query = app.db.executeQuery(CompiledQuery.raw(text, values)).then((r) => ({ rows: r.rows as unknown[] }));
        inFlight.add(query);
        void query.catch(() => {}).finally(() => inFlight.delete(query));
        return query;
      },
    };

    // A PgBoss whose start failed cannot be started again, hence one per attempt.
    const createBoss = () => {
      const b = new PgBoss({
        db: adapter,
        schema: SCHEMA,
        schedule: false,
        supervise: true,
        retryLimit: DEFAULTS.retryLimit,
        retryDelay: DEFAULTS.retryDelay,
        retryBackoff: DEFAULTS.retryBackoff,
        expireInSeconds: DEFAULTS.expireInSeconds,
      });
      b.on('error', (err) => app.log.error({ err }, 'job queue error'));
      return b;
    };
    let boss = createBoss();

    const registered = new Map<string, { handler: JobHandler<unknown>; policy: 'standard' | 'short' }>();
    const queues = new Set<string>();
    const workerIds = new Map<string, string>();
    const running = new Set<AbortController>();
    const startedHooks: (() => Promise<void>)[] = [];
    let state: 'idle' | 'started' | 'stopping' = 'idle';
    let retryTimer: NodeJS.Timeout | null = null;
    let attempt: Promise<void> | null = null;

    async function ensureQueue(name: string) {
      if (queues.has(name)) return;
      await boss.createQueue(name, { name, policy: registered.get(name)?.policy ?? 'standard' });
      queues.add(name);
    }

    async function startWorker(name: string, handler: JobHandler<unknown>) {
      await ensureQueue(name);
      const id = await boss.work<unknown>(name, { includeMetadata: true, batchSize: 1, pollingIntervalSeconds }, async ([job]) => {
        if (!job) return;
        const controller = new AbortController();
        running.add(controller);
        // pg-boss fails an attempt at its expiry but cannot stop the handler; the signal can.
        const expiry = setTimeout(() => controller.abort(new JobInterrupted('timeout')), Math.max(1, job.expireInSeconds - 5) * 1000);
        try {
          await handler({
            id: job.id,
            name: job.name,
            data: job.data,
            retryCount: job.retryCount,
            retryLimit: job.retryLimit,
            lastAttempt: job.retryCount >= job.retryLimit,
            signal: controller.signal,
          });
        } catch (err) {
          app.log.warn({ err, job: job.id, queue: name, attempt: job.retryCount + 1 }, 'job failed');
          throw err;
        } finally {
          clearTimeout(expiry);
          running.delete(controller);
        }
      });
      workerIds.set(name, id);
    }

    const jobs: Jobs = {
      async send(name, data, o = {}) {
        if (state !== 'started') throw new Error(`job queue is not running (sending '${name}')`);
        await ensureQueue(name);
        const options: PgBoss.SendOptions = {};
        if (o.singletonKey !== undefined) options.singletonKey = o.singletonKey;
        if (o.startAfterSeconds !== undefined) options.startAfter = o.startAfterSeconds;
        if (o.retryLimit !== undefined) options.retryLimit = o.retryLimit;
        if (o.retryDelaySeconds !== undefined) options.retryDelay = o.retryDelaySeconds;
        if (o.retryBackoff !== undefined) options.retryBackoff = o.retryBackoff;
        if (o.expireInSeconds !== undefined) options.expireInSeconds = o.expireInSeconds;
        const id = await boss.send(name, data, options);
        const worker = workerIds.get(name);
        if (id && worker && !o.startAfterSeconds) boss.notifyWorker(worker);
        return id;
      },
      work(name, handler, o = {}) {
        if (registered.has(name)) throw new Error(`a worker for '${name}' is already registered`);
        registered.set(name, { handler: handler as JobHandler<unknown>, policy: o.policy ?? 'standard' });
        if (state === 'started') void startWorker(name, handler as JobHandler<unknown>).catch((err) => app.log.error({ err }, 'job worker did not start'));
      },
      async pending(name, singletonKey) {
        const row = await sql<{ found: number }>`
          SELECT 1 AS found FROM ${sql.table(`${SCHEMA}.job`)}
          WHERE name = ${name} AND singleton_key = ${singletonKey} AND state < 'completed'
          LIMIT 1`.execute(app.db);
        return row.rows.length > 0;
      },
      onStarted(fn) {
        startedHooks.push(fn);
        if (state === 'started') void fn().catch((err: unknown) => app.log.error({ err }, 'job queue start hook failed'));
      },
      async get(name, id) {
        const job = await boss.getJobById(name, id);
        if (!job) return null;
        return { id: job.id, state: job.state, retryCount: job.retryCount, retryLimit: job.retryLimit, retryBackoff: job.retryBackoff, output: job.output };
      },
    };
    app.decorate('jobs', jobs);

    async function start(delayMs: number) {
      try {
        await boss.start();
        state = 'started';
        for (const [name, { handler }] of registered) await startWorker(name, handler);
      } catch (err) {
        state = 'idle';
        // The app still starts (and says so in /api/health) while the database is away;
        // the queue keeps trying in the background.
        app.log.error({ err }, `job queue could not start; trying again in ${delayMs / 1000} s`);
        await boss.stop({ graceful: false, close: false }).catch(() => {});
        workerIds.clear();
        boss = createBoss();
        retryTimer = setTimeout(() => {
          retryTimer = null;
          attempt = start(Math.min(delayMs * 2, 60_000));
        }, delayMs);
        retryTimer.unref();
        return;
      }
      for (const fn of startedHooks) await fn().catch((err: unknown) => app.log.error({ err }, 'job queue start hook failed'));
    }

    app.addHook('onReady', async () => {
      attempt = start(2000);
      await attempt;
    });

    app.addHook('onClose', async () => {
      if (retryTimer) clearTimeout(retryTimer);
      await attempt;
      if (state !== 'started') return;
      state = 'stopping';
      // A job still running near the end of the grace period is interrupted: it fails this
      // attempt and is picked up again (by another instance, or this one after the restart).
      const interrupt = setTimeout(() => {
        for (const c of running) c.abort(new JobInterrupted('shutdown'));
      }, Math.max(0, shutdownGraceMs - 1000));
      try {
        await boss.stop({ graceful: true, wait: true, close: false, timeout: shutdownGraceMs });
      } finally {
        clearTimeout(interrupt);
      }
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    });
  },
  { name: 'jobs', dependencies: ['db'] },
);
