import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/** A message in both languages of the UI; the error handler picks the reader's. */
export interface Text {
  id: string;
  en: string;
}
export const text = (id: string, en: string): Text => ({ id, en });

/** An error a client can act on: a status, a stable code and a plain message. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly text: Text,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(text.en);
  }
}

export const notFound = (what: Text = text('Data tidak ditemukan.', 'Not found.')) => new AppError(404, 'not_found', what);
export const forbidden = (why: Text = text('Anda tidak berwenang melakukan ini.', 'You are not allowed to do this.')) =>
  new AppError(403, 'forbidden', why);
export const conflict = (why: Text, details?: unknown) => new AppError(409, 'conflict', why, details);
export const invalid = (why: Text, details?: unknown) => new AppError(400, 'validation_failed', why, details);
export const unauthenticated = () =>
  new AppError(401, 'unauthenticated', text('Silakan masuk terlebih dahulu.', 'Please sign in first.'));

/** The reader's language: the signed-in person's choice, else Accept-Language, else Indonesian. */
export function localeOf(request: FastifyRequest): 'id' | 'en' {
  const chosen = request.user?.locale;
  if (chosen) return chosen;
  const header = request.headers['accept-language'];
  if (typeof header === 'string') {
    const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
    if (first.startsWith('en')) return 'en';
  }
  return 'id';
}

export const ErrorBody = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
} as const;

function send(reply: FastifyReply, status: number, code: string, message: string, details?: unknown) {
  const error: Record<string, unknown> = { code, message };
  if (details !== undefined) error.details = details;
  return reply.status(status).type('application/json; charset=utf-8').send(JSON.stringify({ error }));
}

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300', '40P01', '40001']);

/**
 * The database is down, restarting or out of connections, or chose this request to give way in
 * a deadlock: nothing of it was acknowledged, and the client should try again shortly (503 with
 * Retry-After).
 */
export function databaseUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  if (!e) return false;
  if (e.code && UNAVAILABLE_CODES.has(e.code)) return true;
  const m = e.message ?? '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)/.test(m);
}

export default fp(
  async (app) => {
    app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
      const locale = localeOf(request);
      if (err instanceof AppError) {
        if (err.headers) reply.headers(err.headers);
        return send(reply, err.statusCode, err.code, err.text[locale], err.details);
      }
      const fe = err as FastifyError & { validationContext?: string };
      if (fe.validation) {
        const first = fe.validation[0];
        const where = first?.instancePath ? first.instancePath.slice(1).replaceAll('/', '.') : (first?.params as { missingProperty?: string })?.missingProperty;
        const message =
          locale === 'id'
            ? `Isian tidak valid${where ? ` pada '${where}'` : ''}: ${first?.message ?? 'periksa kembali data yang dikirim'}.`
            : `Invalid input${where ? ` at '${where}'` : ''}: ${first?.message ?? 'check the data sent'}.`;
        return send(reply, 400, 'validation_failed', message, fe.validation.map((v) => ({ path: v.instancePath, message: v.message })));
      }
      const status = fe.statusCode ?? 500;
      if (status === 413) {
        return send(reply, 413, 'payload_too_large', locale === 'id' ? 'Berkas atau data terlalu besar.' : 'The file or data is too large.');
      }
      if (status === 415) {
        return send(reply, 415, 'unsupported_media_type', locale === 'id' ? 'Jenis isi permintaan tidak didukung.' : 'Unsupported content type.');
      }
      if (status >= 400 && status < 500) {
        const code = fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'invalid_body' : 'bad_request';
        return send(reply, status, code, locale === 'id' ? `Permintaan tidak dapat diproses: ${fe.message}` : `The request could not be processed: ${fe.message}`);
      }
      if (databaseUnavailable(err)) {
        request.log.warn({ err: { message: err.message, code: (err as { code?: string }).code }, url: request.url }, 'database unavailable');
        reply.header('retry-after', '2');
        return send(
          reply,
          503,
          'unavailable',
          locale === 'id' ? 'Layanan sedang tidak tersedia sesaat. Coba lagi dalam beberapa detik.' : 'The service is briefly unavailable. Try again in a few seconds.',
        );
      }
      request.log.error({ err, url: request.url, method: request.method, user: request.user?.id }, 'request failed');
      return send(
        reply,
        500,
        'internal_error',
        locale === 'id' ? 'Terjadi kesalahan di server. Silakan coba lagi.' : 'Something went wrong on the server. Please try again.',
      );
    });
  },
  { name: 'errors' },
);
