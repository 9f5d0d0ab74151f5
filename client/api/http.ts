import { getLocale } from '../i18n.ts';

/** Error codes from the API contract, plus two the client produces itself. */
export type ApiErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'invalid_credentials'
  /** POST /api/me/password: the current password given is wrong. */
  | 'wrong_password'
  | 'forbidden'
  | 'csrf_failed'
  | 'not_found'
  | 'conflict'
  | 'too_many_attempts'
  | 'import_has_errors'
  /** 413: a file (the import CSV, an upload) over the server's size limit. */
  | 'payload_too_large'
  /** 413: an upload that would take a course over its storage quota. */
  | 'quota_exceeded'
  /** 415: a file type the server does not accept. */
  | 'unsupported_media_type'
  /** 403: a lesson of a course the person has not enrolled in. */
  | 'not_enrolled'
  /** 409: a video lesson marked complete before enough of it was watched (details: requiredPct, watchedPct). */
  | 'not_watched_enough'
  /** 409: enrolling before the prerequisite courses are completed (details: missing titles). */
  | 'prerequisites_not_met'
  /** 409: enrolling in or assigning a course that is not published. */
  | 'not_published'
  /** 409: progress on a lesson that has left the course. */
  | 'lesson_retired'
  /** 409: saving a draft while an admin reviews it. */
  | 'in_review'
  /** 409: editing a course that is managed as files under content/courses. */
  | 'managed_by_files'
  /** 409: submitting or publishing when there is no draft. */
  | 'no_draft'
  /** 409: returning a draft that is not under review. */
  | 'not_in_review'
  /** 409: an answer with a lower sequence number than the one stored (a newer one is saved). */
  | 'stale_seq'
  /** 409: an answer after the attempt's deadline (plus grace); the attempt is being submitted. */
  | 'deadline_passed'
  /** 409: an answer to an attempt that was already submitted. */
  | 'attempt_submitted'
  /** 409: completing a quiz lesson by hand; it completes when the quiz is passed. */
  | 'quiz_not_passed'
  /** 403: a standalone test not assigned to my office or position. */
  | 'not_assigned'
  /** 409: starting an attempt outside the quiz's open window, with none left, or on an empty quiz. */
  | 'quiz_not_open'
  | 'quiz_closed'
  | 'no_attempts_left'
  | 'quiz_empty'
  /** 403: a partner-only user on a route that is not for partners. */
  | 'partner_forbidden'
  /** 409: partner content sent for review, or a placement opened, without an agreement in force. */
  | 'no_active_agreement'
  /** 409: accepting someone onto a placement whose seats are all taken. */
  | 'placement_full'
  /** 409: a programme step whose prerequisite steps are not finished yet. */
  | 'step_locked'
  /** The request never reached the server (offline, DNS, server down). */
  | 'network_error'
  /** A 5xx, or a response that was not the JSON error shape. */
  | 'server_error';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** HTTP status; 0 when the request never got a response. */
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly details: unknown;
  /** Seconds from the Retry-After header (429), when the server sent one. */
  readonly retryAfterSeconds: number | null;

  constructor(init: { status: number; code: ApiErrorCode; message: string; details?: unknown; retryAfterSeconds?: number | null }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
  }
}

export function isApiError(error: unknown, code?: ApiErrorCode): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  /** Sent as application/json. */
  json?: unknown;
  /** A raw body with its content type, e.g. CSV text. */
  body?: { content: string; type: string };
  signal?: AbortSignal;
  /** Set to false where a 401 is an expected answer (checking the session at start). */
  redirectOnUnauthenticated?: boolean;
}

let csrfToken: string | null = null;
let unauthenticatedHandler: (() => void) | null = null;

/** The token from the login response or GET /api/me; sent on every state-changing request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** For the one request that cannot go through fetch (uploads, which need progress events). */
export function getCsrfToken(): string | null {
  return csrfToken;
}

/** Called when the session has ended (a 401 other than wrong credentials). */
export function onUnauthenticated(handler: () => void): void {
  unauthenticatedHandler = handler;
}

/** For requests made outside request() (uploads): tells the app the session has ended. */
export function reportUnauthenticated(): void {
  unauthenticatedHandler?.();
}

const knownCodes = new Set<string>([
  'validation_failed',
  'unauthenticated',
  'invalid_credentials',
  'forbidden',
  'csrf_failed',
  'not_found',
  'conflict',
  'too_many_attempts',
  'import_has_errors',
  'payload_too_large',
  'quota_exceeded',
  'unsupported_media_type',
  'not_enrolled',
  'not_watched_enough',
  'prerequisites_not_met',
  'not_published',
  'lesson_retired',
  'in_review',
  'managed_by_files',
  'no_draft',
  'not_in_review',
  'stale_seq',
  'deadline_passed',
  'attempt_submitted',
  'quiz_not_passed',
  'not_assigned',
  'quiz_not_open',
  'quiz_closed',
  'no_attempts_left',
  'quiz_empty',
  'partner_forbidden',
  'no_active_agreement',
  'placement_full',
  'step_locked',
]);

function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  if (!query) return path;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

async function send(method: Method, path: string, options: RequestOptions): Promise<Response> {
  const headers = new Headers({ Accept: 'application/json', 'Accept-Language': getLocale() });
  let body: string | undefined;
  // No Content-Type without a body: Fastify rejects an empty body declared as JSON.
  if (options.json !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(options.json);
  } else if (options.body) {
    headers.set('Content-Type', options.body.type);
    body = options.body.content;
  }
  if (method !== 'GET' && csrfToken) headers.set('X-CSRF-Token', csrfToken);
  try {
    return await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new ApiError({ status: 0, code: 'network_error', message: error instanceof Error ? error.message : String(error) });
  }
}

function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.round((date - Date.now()) / 1000));
}

function fallbackCode(status: number): ApiErrorCode {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 413) return 'payload_too_large';
  if (status === 415) return 'unsupported_media_type';
  if (status === 429) return 'too_many_attempts';
  if (status >= 400 && status < 500) return 'validation_failed';
  return 'server_error';
}

/** Turns an error response's status, parsed body and Retry-After header into an ApiError. */
export function errorFromPayload(status: number, statusText: string, payload: unknown, retryAfter: string | null): ApiError {
  const error = typeof payload === 'object' && payload !== null ? (payload as { error?: unknown }).error : undefined;
  const shaped = typeof error === 'object' && error !== null ? (error as { code?: unknown; message?: unknown; details?: unknown }) : {};
  const code = typeof shaped.code === 'string' && knownCodes.has(shaped.code) ? (shaped.code as ApiErrorCode) : fallbackCode(status);
  return new ApiError({
    status,
    code: status >= 500 ? 'server_error' : code,
    message: typeof shaped.message === 'string' ? shaped.message : statusText,
    details: shaped.details,
    retryAfterSeconds: parseRetryAfter(retryAfter),
  });
}

async function toApiError(response: Response): Promise<ApiError> {
  let payload: unknown = null;
  try {
    payload = await response.json();
  } catch {
    // Not JSON (a proxy's error page, say); the status still tells enough.
  }
  return errorFromPayload(response.status, response.statusText, payload, response.headers.get('Retry-After'));
}

/** Fetches a fresh CSRF token (after the session was renewed elsewhere, say). */
export async function renewCsrfToken(): Promise<boolean> {
  const response = await send('GET', '/api/me', {});
  if (!response.ok) return false;
  const me = (await response.json()) as { csrfToken?: unknown };
  if (typeof me.csrfToken !== 'string') return false;
  csrfToken = me.csrfToken;
  return true;
}

/** The one place the client talks HTTP: JSON in and out, typed errors, CSRF and session expiry. */
export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  let response = await send(method, path, options);
  let error = response.ok ? null : await toApiError(response);

  if (error?.code === 'csrf_failed' && (await renewCsrfToken())) {
    response = await send(method, path, options);
    error = response.ok ? null : await toApiError(response);
  }

  if (error) {
    if (error.status === 401 && error.code !== 'invalid_credentials' && options.redirectOnUnauthenticated !== false) {
      unauthenticatedHandler?.();
    }
    throw error;
  }

  if (response.status === 204) return undefined as T;
  const type = response.headers.get('Content-Type') ?? '';
  if (!type.includes('json')) return undefined as T;
  return (await response.json()) as T;
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

function sendForm(path: string, form: FormData, onProgress: ((p: UploadProgress) => void) | undefined, signal: AbortSignal | undefined) {
  return new Promise<{ status: number; statusText: string; body: unknown; retryAfter: string | null }>((resolve, reject) => {
    // XMLHttpRequest rather than fetch: only it reports upload progress.
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.responseType = 'text';
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', getLocale());
    const token = getCsrfToken();
    if (token) xhr.setRequestHeader('X-CSRF-Token', token);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress?.({ loaded: event.loaded, total: event.total });
    });
    const onAbort = () => xhr.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);
    xhr.addEventListener('load', () => {
      done();
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        // Not JSON; the status still tells enough.
      }
      resolve({ status: xhr.status, statusText: xhr.statusText, body, retryAfter: xhr.getResponseHeader('Retry-After') });
    });
    xhr.addEventListener('error', () => {
      done();
      reject(new ApiError({ status: 0, code: 'network_error', message: 'upload failed' }));
    });
    xhr.addEventListener('abort', () => {
      done();
      reject(new DOMException('The upload was cancelled.', 'AbortError'));
    });
    xhr.send(form);
  });
}

/**
 * POSTs a multipart form built by `makeForm` (called again for a retry), reporting upload
 * progress; renews the CSRF token once when it was stale. Throws ApiError or an AbortError.
 */
export async function uploadForm<T>(path: string, makeForm: () => FormData, options: { size: number; onProgress?: (p: UploadProgress) => void; signal?: AbortSignal }): Promise<T> {
  if (options.signal?.aborted) throw new DOMException('The upload was cancelled.', 'AbortError');
  const ok = (status: number) => status >= 200 && status < 300;
  let response = await sendForm(path, makeForm(), options.onProgress, options.signal);
  let error = ok(response.status) ? null : errorFromPayload(response.status, response.statusText, response.body, response.retryAfter);
  if (error?.code === 'csrf_failed' && (await renewCsrfToken())) {
    options.onProgress?.({ loaded: 0, total: options.size });
    response = await sendForm(path, makeForm(), options.onProgress, options.signal);
    error = ok(response.status) ? null : errorFromPayload(response.status, response.statusText, response.body, response.retryAfter);
  }
  if (error) {
    if (error.status === 401) reportUnauthenticated();
    throw error;
  }
  return response.body as T;
}
