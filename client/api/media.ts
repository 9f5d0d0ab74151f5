import { request, uploadForm, type UploadProgress } from './http.ts';

export type { UploadProgress };

import type { Static } from '@sinclair/typebox';
import type * as S from '../../server/media/schemas.ts';

/** An uploaded file as the server describes it. */
export type Media = Static<typeof S.Media>;
export type MediaKind = Static<typeof S.MediaKindSchema>;
/** Processing state of an upload (videos are converted for streaming after the upload). */
export type MediaStatus = Static<typeof S.MediaStatus>;

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

/**
 * Uploads one file (POST /api/media, multipart) and reports progress. Throws ApiError
 * (payload_too_large, quota_exceeded, unsupported_media_type …) or an AbortError.
 */
export function uploadMedia(file: File, options: UploadOptions = {}): Promise<Media> {
  return uploadForm<Media>('/api/media', () => formFor(file, options.courseId), { size: file.size, onProgress: options.onProgress, signal: options.signal });
}

/** Where a video's conversion stands; the editor polls this until it is ready or failed. */
export function getMediaStatus(id: string, signal?: AbortSignal): Promise<MediaStatus> {
  return request<MediaStatus>('GET', `/api/media/${encodeURIComponent(id)}/status`, { signal });
}

/** Address of a stored file (cover images, documents), behind the same authorisation. */
export function mediaUrl(id: string): string {
  return `/api/media/${encodeURIComponent(id)}`;
}
