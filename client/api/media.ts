import { getLocale } from '../i18n.ts';
import { ApiError, errorFromPayload, getCsrfToken, renewCsrfToken, reportUnauthenticated, request } from './http.ts';

import type { Static } from '@sinclair/typebox';
import type * as S from '../../server/media/schemas.ts';

/** An uploaded file as the server describes it. */
export type Media = Static<typeof S.Media>;
export type MediaKind = Static<typeof S.MediaKindSchema>;
/** Processing state of an upload (videos are converted for streaming after the upload). */
export type MediaStatus = Static<typeof S.MediaStatus>;

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadOptions {
  /** The course the file belongs to (its quota and access). */
  courseId?: number | null;
  /** Called as the bytes leave the browser. */
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

/** The form parts in the order the server needs them: courseId before the file. */
function formFor(file: File, courseId: number | null | undefined): FormData {
  const form = new FormData();
  if (courseId) form.append('courseId', String(courseId));
  form.append('file', file, file.name);
  return form;
}

function send(file: File, options: UploadOptions): Promise<{ status: number; statusText: string; body: unknown; retryAfter: string | null }> {
  return new Promise((resolve, reject) => {
    // XMLHttpRequest rather than fetch: only it reports upload progress.
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/media');
    xhr.responseType = 'text';
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', getLocale());
    const token = getCsrfToken();
    if (token) xhr.setRequestHeader('X-CSRF-Token', token);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) options.onProgress?.({ loaded: event.loaded, total: event.total });
    });
    const onAbort = () => xhr.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => options.signal?.removeEventListener('abort', onAbort);
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
    xhr.send(formFor(file, options.courseId));
  });
}

/**
 * Uploads one file (POST /api/media, multipart) and reports progress. Throws ApiError
 * (payload_too_large, quota_exceeded, unsupported_media_type …) or an AbortError.
 */
export async function uploadMedia(file: File, options: UploadOptions = {}): Promise<Media> {
  if (options.signal?.aborted) throw new DOMException('The upload was cancelled.', 'AbortError');
  let response = await send(file, options);
  let error = response.status >= 200 && response.status < 300 ? null : errorFromPayload(response.status, response.statusText, response.body, response.retryAfter);
  if (error?.code === 'csrf_failed' && (await renewCsrfToken())) {
    options.onProgress?.({ loaded: 0, total: file.size });
    response = await send(file, options);
    error = response.status >= 200 && response.status < 300 ? null : errorFromPayload(response.status, response.statusText, response.body, response.retryAfter);
  }
  if (error) {
    if (error.status === 401) reportUnauthenticated();
    throw error;
  }
  return response.body as Media;
}

/** Where a video's conversion stands; the editor polls this until it is ready or failed. */
export function getMediaStatus(id: string, signal?: AbortSignal): Promise<MediaStatus> {
  return request<MediaStatus>('GET', `/api/media/${encodeURIComponent(id)}/status`, { signal });
}

/** Address of a stored file (cover images, documents), behind the same authorisation. */
export function mediaUrl(id: string): string {
  return `/api/media/${encodeURIComponent(id)}`;
}
