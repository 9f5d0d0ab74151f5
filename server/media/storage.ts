import type { Readable } from 'node:stream';

/** What a stored object is, without reading it. */
export interface StoredObject {
  size: number;
  contentType: string;
  etag: string;
  lastModified: Date;
}

/**
 * Where files live: the filesystem under DATA_DIR by default, or S3/MinIO. Keys are relative
 * paths with '/' separators (e.g. 'media/2026/11/<uuid>/original.mp4'); nothing here is ever
 * served directly: the media routes check who may read what.
 */
export interface Storage {
  readonly kind: 'fs' | 's3';
  /** Streams the body in; resolves once it is durably stored. Never buffers the whole body. */
  put(key: string, body: Readable, opts: { contentType: string; size?: number }): Promise<{ size: number }>;
  /** The object, or bytes start..end inclusive of it. */
  get(key: string, range?: { start: number; end: number }): Promise<Readable>;
  stat(key: string): Promise<StoredObject | null>;
  delete(key: string): Promise<void>;
  /** Deletes every object under a prefix (a video's HLS folder). */
  deletePrefix(prefix: string): Promise<void>;
  /** A time-limited URL a browser can fetch directly, where the backend supports it (S3). */
  presignedGetUrl(key: string, expirySeconds: number): Promise<string | null>;
}

/** get() of a key that holds nothing. */
export class ObjectNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`No stored object under '${key}'`);
  }
}

/**
 * Throws unless a key is a plain relative path: '/'-separated, no empty, '.' or '..' segments,
 * no segment starting with '.' (the filesystem store keeps its temp files and sidecars there),
 * no backslash or control characters.
 */
export function assertValidKey(key: string, what = 'key'): void {
  const ok =
    key.length > 0 &&
    key.length <= 1024 &&
    !key.startsWith('/') &&
    !/[\\\u0000-\u001f\u007f]/.test(key) &&
    key.split('/').every((segment, i, all) => (segment === '' ? what === 'prefix' && i === all.length - 1 : !segment.startsWith('.'))) &&
    !key.endsWith('.meta.json');
  if (!ok) throw new Error(`Invalid storage ${what}: ${JSON.stringify(key)}`);
}
