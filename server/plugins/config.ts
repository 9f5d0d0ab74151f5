import path from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import fp from 'fastify-plugin';

/** Every setting Sinau reads, with its default. `.env.example` lists the same. */
export const ConfigSchema = Type.Object({
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('production'), Type.Literal('test')], { default: 'development' }),
  HOST: Type.String({ default: '0.0.0.0' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  /** Where the embedded database and stored files live. */
  DATA_DIR: Type.String({ minLength: 1, default: './data' }),
  /** PostgreSQL 15+; when empty, Sinau runs its own embedded PostgreSQL under DATA_DIR. */
  DATABASE_URL: Type.String({ default: '' }),
  /** Connections this app instance keeps to PostgreSQL (more lets more commits share one disk flush). */
  DATABASE_POOL_SIZE: Type.Integer({ minimum: 2, maximum: 500, default: 20 }),
  EMBEDDED_PG_PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 54320 }),
  /** Load demo people and offices. Default: on with the embedded database, off with DATABASE_URL. */
  SINAU_DEMO: Type.Union([Type.Literal(''), Type.Literal('0'), Type.Literal('1'), Type.Literal('true'), Type.Literal('false')], { default: '' }),
  SESSION_IDLE_MINUTES: Type.Integer({ minimum: 1, default: 120 }),
  SESSION_MAX_HOURS: Type.Integer({ minimum: 1, default: 12 }),
  /** Seconds a signed-in request may reuse a session checked moments ago (0: check every time). */
  SESSION_CACHE_SECONDS: Type.Integer({ minimum: 0, maximum: 60, default: 5 }),
  /** Seconds a person's enrolments and progress, as the catalogue and course pages show them, may be reused (0: read every time). */
  READER_CACHE_SECONDS: Type.Integer({ minimum: 0, maximum: 60, default: 5 }),
  LOGIN_WINDOW_MINUTES: Type.Integer({ minimum: 1, default: 15 }),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: Type.Integer({ minimum: 1, default: 5 }),
  LOGIN_MAX_FAILURES_PER_IP: Type.Integer({ minimum: 1, default: 50 }),
  /** auto: Secure cookies when the request came over HTTPS (see TRUST_PROXY). */
  COOKIE_SECURE: Type.Union([Type.Literal('auto'), Type.Literal('true'), Type.Literal('false')], { default: 'auto' }),
  /** Trust X-Forwarded-* from a reverse proxy (true, false, or a list of proxy addresses). */
  TRUST_PROXY: Type.String({ default: 'false' }),
  IMPORT_MAX_BYTES: Type.Integer({ minimum: 1024, default: 5 * 1024 * 1024 }),
  /** Object storage: empty S3_ENDPOINT keeps files on the filesystem under DATA_DIR/files. */
  S3_ENDPOINT: Type.String({ default: '' }),
  S3_ACCESS_KEY: Type.String({ default: '' }),
  S3_SECRET_KEY: Type.String({ default: '' }),
  S3_BUCKET: Type.String({ default: 'sinau' }),
  S3_REGION: Type.String({ default: 'us-east-1' }),
  /** Largest single upload (trainers' videos and documents). */
  UPLOAD_MAX_BYTES: Type.Integer({ minimum: 1024, default: 1024 * 1024 * 1024 }),
  /** ffmpeg and ffprobe for video; when missing, videos play as uploaded. */
  FFMPEG_PATH: Type.String({ default: 'ffmpeg' }),
  FFPROBE_PATH: Type.String({ default: 'ffprobe' }),
  /**
   * Janus servers for live webinars (ws:// URLs of their WebSocket API, comma-separated). Empty:
   * Sinau runs Janus itself (JANUS_PATH) on 127.0.0.1; without a Janus binary, live video is off.
   */
  JANUS_URL: Type.String({ default: '' }),
  /** The api_secret and VideoRoom admin_key the servers in JANUS_URL require (Sinau's own Janus gets generated ones). */
  JANUS_API_SECRET: Type.String({ default: '' }),
  JANUS_ADMIN_KEY: Type.String({ default: '' }),
  /** The janus binary Sinau runs when JANUS_URL is empty (Debian package janus). */
  JANUS_PATH: Type.String({ default: 'janus' }),
  /** Port of that Janus's WebSocket API on 127.0.0.1; 0: a free port chosen at start. */
  JANUS_WS_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 0 }),
  /** UDP ports that Janus's media (RTP/ICE) may use: open them to browsers in the firewall. */
  JANUS_RTP_PORT_RANGE: Type.String({ pattern: '^[0-9]{1,5}-[0-9]{1,5}$', default: '20000-40000' }),
  /**
   * The public address of the machine Sinau's own Janus runs on, when it sits behind 1:1 NAT (a
   * cloud VM with a private address): Janus offers it to browsers (nat_1_1_mapping).
   */
  JANUS_PUBLIC_IP: Type.String({ pattern: '^([0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9a-fA-F:]+)?$', default: '' }),
  /** A STUN server (host:port) Sinau's own Janus uses to learn its public address, when JANUS_PUBLIC_IP is not known. */
  JANUS_STUN_SERVER: Type.String({ pattern: '^([^\\s:]+:[0-9]{1,5})?$', default: '' }),
  /**
   * STUN/TURN servers for browsers (comma-separated stun:, turn: or turns: URLs), for people
   * behind firewalls that block the media ports. With WEBINAR_TURN_SECRET (coturn's
   * static-auth-secret, "use-auth-secret"), each room socket gets its own credentials valid
   * for WEBINAR_TURN_HOURS; the secret never leaves the server.
   */
  WEBINAR_ICE_URLS: Type.String({ pattern: '^((stuns?|turns?):[^\\s,]+)?(,(stuns?|turns?):[^\\s,]+)*$', default: '' }),
  WEBINAR_TURN_SECRET: Type.String({ default: '' }),
  WEBINAR_TURN_HOURS: Type.Integer({ minimum: 1, maximum: 72, default: 12 }),
  /**
   * Webinars with more seats than this run as broadcasts: hosts and promoted speakers use the
   * VideoRoom, attendees watch through the Streaming plugin (RTP-forwarded, on every Janus server).
   */
  WEBINAR_ROOM_VIEWERS: Type.Integer({ minimum: 1, default: 150 }),
  /** Live rooms ping every socket this often; one silent for three pings has left (its attendance ends at its last answer). */
  WEBINAR_HEARTBEAT_SECONDS: Type.Integer({ minimum: 1, maximum: 60, default: 10 }),
  /** The address people reach Sinau at: certificate QR codes and credentials point here. */
  PUBLIC_URL: Type.String({ pattern: '^https?://[^\\s/]+(/[^\\s]*)?$', default: 'http://localhost:3000' }),
  /**
   * The city's Ed25519 key that signs certificates (PKCS#8 PEM; "\n" may stand for line breaks).
   * Empty: a key is generated once and kept in the database, shared by every app instance.
   */
  CERTIFICATE_SIGNING_KEY: Type.String({ default: '' }),
  /**
   * Citizens' satisfaction survey. Accepted responses per survey office (each counter counts
   * toward its office) from one device (its cookie) and from one address, per hour and per day;
   * more get 429. Addresses are generous: many phones share one behind a mobile network.
   */
  SURVEY_LIMIT_DEVICE_HOUR: Type.Integer({ minimum: 1, default: 5 }),
  SURVEY_LIMIT_DEVICE_DAY: Type.Integer({ minimum: 1, default: 20 }),
  SURVEY_LIMIT_IP_HOUR: Type.Integer({ minimum: 1, default: 60 }),
  SURVEY_LIMIT_IP_DAY: Type.Integer({ minimum: 1, default: 300 }),
  /**
   * Bursts from one network (/24 or /64) to one office within SURVEY_BURST_MINUTES: responses
   * past SURVEY_BURST_COUNT, and the SURVEY_BURST_IDENTICAL-th identical set of answers (with
   * the identical ones before it), are kept but left out of the index until an admin decides.
   */
  SURVEY_BURST_MINUTES: Type.Integer({ minimum: 1, default: 10 }),
  SURVEY_BURST_COUNT: Type.Integer({ minimum: 1, default: 10 }),
  SURVEY_BURST_IDENTICAL: Type.Integer({ minimum: 2, default: 6 }),
  /** Key of the address and device hashes; empty: one made by the migration, kept in the database. */
  SURVEY_HASH_SECRET: Type.String({ default: '' }),
  /** Days the address and device hashes are kept (the abuse checks need only the last day). */
  SURVEY_HASH_RETENTION_DAYS: Type.Integer({ minimum: 1, default: 30 }),
  /**
   * A closed month whose U6 or U7 average is below this (1–4 scale), from at least
   * SURVEY_SIGNAL_MIN_RESPONSES respondents, becomes unit evidence (M.05; M.01 too for U7).
   */
  SURVEY_SIGNAL_THRESHOLD: Type.Number({ minimum: 1, maximum: 4, default: 3 }),
  SURVEY_SIGNAL_MIN_RESPONSES: Type.Integer({ minimum: 1, default: 10 }),
  /** Hours between evaluations of the closed months (the first one minutes after start); 0: off. */
  SURVEY_EVALUATION_HOURS: Type.Integer({ minimum: 0, maximum: 720, default: 24 }),
  LOG_LEVEL: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), { default: 'info' }),
});
type RawConfig = Static<typeof ConfigSchema>;

export interface Config extends Omit<RawConfig, 'SINAU_DEMO'> {
  SINAU_DEMO: boolean;
  /** Absolute DATA_DIR. */
  dataDir: string;
}

export class ConfigError extends Error {}

/** Reads the settings once, at start; nothing else reads process.env. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const keys = Object.keys(ConfigSchema.properties);
  const picked: Record<string, unknown> = {};
  for (const key of keys) {
    const value = env[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const withDefaults = Value.Default(ConfigSchema, picked);
  const converted = Value.Convert(ConfigSchema, withDefaults);
  const errors = [...Value.Errors(ConfigSchema, converted)];
  if (errors.length > 0) {
    const lines = errors.map((e) => `  ${e.path.slice(1) || '(root)'}: ${e.message} (got ${JSON.stringify(e.value)})`);
    throw new ConfigError(`Invalid settings:\n${lines.join('\n')}`);
  }
  const raw = converted as RawConfig;
  if (/(^|,)turns?:/.test(raw.WEBINAR_ICE_URLS) && !raw.WEBINAR_TURN_SECRET) {
    throw new ConfigError('Invalid settings:\n  WEBINAR_ICE_URLS lists TURN servers: set WEBINAR_TURN_SECRET to their shared secret (coturn static-auth-secret)');
  }
  const demo = raw.SINAU_DEMO === '' ? raw.DATABASE_URL === '' : raw.SINAU_DEMO === '1' || raw.SINAU_DEMO === 'true';
  return { ...raw, SINAU_DEMO: demo, dataDir: path.resolve(raw.DATA_DIR) };
}

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
  }
}

export default fp<{ config: Config }>(
  async (app, opts) => {
    app.decorate('config', opts.config);
  },
  { name: 'config' },
);
