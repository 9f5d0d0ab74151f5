import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'minio';
import { assertValidKey, ObjectNotFoundError, type Storage, type StoredObject } from './storage.ts';

export interface S3StorageOptions {
  /** e.g. http://127.0.0.1:9000 or https://s3.example.org */
  endpoint: string;
  accessKey: string;
  secretKey: string;
  bucket: string;
  region: string;
  /**
   * Size of each part of a multipart upload; the client holds about one part in memory per
   * upload. 16 MiB allows objects up to 160 GiB (10,000 parts), far above any upload limit.
   */
  partSize?: number;
}

const NOT_FOUND = new Set(['NoSuchKey', 'NotFound', 'NoSuchObject']);
const isNotFound = (err: unknown) => NOT_FOUND.has((err as { code?: string }).code ?? '');

/** Objects in one bucket of MinIO or any S3-compatible service, through the minio client. */
export class S3Storage implements Storage {
  readonly kind = 's3' as const;
  readonly client: Client;
  readonly bucket: string;
  private readonly region: string;

  constructor(opts: S3StorageOptions) {
    const url = new URL(opts.endpoint);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`S3_ENDPOINT must be an http(s) URL, got ${opts.endpoint}`);
    const useSSL = url.protocol === 'https:';
    this.client = new Client({
      endPoint: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port ? Number(url.port) : useSSL ? 443 : 80,
      useSSL,
      accessKey: opts.accessKey,
      secretKey: opts.secretKey,
      region: opts.region,
      // Path-style addressing works with MinIO, s3rver and AWS alike, and needs no wildcard DNS.
      pathStyle: true,
      // Set explicitly, the part size stays fixed even when the body's length is unknown (an
      // upload streamed from the browser); otherwise the client sizes parts for a 5 TiB object.
      partSize: opts.partSize ?? 16 * 1024 * 1024,
    });
    this.bucket = opts.bucket;
    this.region = opts.region;
  }

  /** Creates the bucket when it does not exist yet. */
  async init(): Promise<this> {
    if (!(await this.client.bucketExists(this.bucket))) {
      try {
        await this.client.makeBucket(this.bucket, this.region);
      } catch (err) {
        // Another app instance may have created it in the meantime.
        const code = (err as { code?: string }).code;
        if (code !== 'BucketAlreadyOwnedByYou' && code !== 'BucketAlreadyExists') throw err;
      }
    }
    return this;
  }

  async put(key: string, body: Readable, opts: { contentType: string; size?: number }): Promise<{ size: number }> {
    assertValidKey(key);
    let size = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        done(null, chunk);
      },
    });
    // The client pipes the body into its part splitter without listening for the body's errors,
    // so a failing source (an upload over the limit, a dropped connection) would leave its promise
    // pending forever: the pipeline below carries the failure instead.
    const fed = pipeline(body, counted);
    const uploaded = this.client.putObject(this.bucket, key, counted, opts.size, { 'Content-Type': opts.contentType });
    uploaded.catch(() => {});
    try {
      await Promise.all([fed, uploaded]);
      return { size };
    } catch (err) {
      counted.destroy();
      await this.abortIncomplete(key).catch(() => {});
      throw err;
    }
  }

  /** Drops the parts of an unfinished multipart upload, which S3 would otherwise keep (and bill). */
  private async abortIncomplete(key: string) {
    const uploadId = await this.client.findUploadId(this.bucket, key);
    if (uploadId) await this.client.abortMultipartUpload(this.bucket, key, uploadId);
  }

  async get(key: string, range?: { start: number; end: number }): Promise<Readable> {
    assertValidKey(key);
    try {
      return range
        ? await this.client.getPartialObject(this.bucket, key, range.start, range.end - range.start + 1)
        : await this.client.getObject(this.bucket, key);
    } catch (err) {
      if (isNotFound(err)) throw new ObjectNotFoundError(key);
      throw err;
    }
  }

  async stat(key: string): Promise<StoredObject | null> {
    assertValidKey(key);
    try {
      const st = await this.client.statObject(this.bucket, key);
      const meta = st.metaData as Record<string, string | undefined>;
      const contentType = meta['content-type'] ?? meta['Content-Type'] ?? 'application/octet-stream';
      return { size: st.size, etag: st.etag, lastModified: st.lastModified, contentType };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    await this.client.removeObject(this.bucket, key);
  }

  async deletePrefix(prefix: string): Promise<void> {
    assertValidKey(prefix, 'prefix');
    const names: string[] = [];
    for await (const item of this.client.listObjectsV2(this.bucket, prefix, true)) {
      if (item.name) names.push(item.name);
    }
    // DeleteObjects takes at most 1000 keys per request.
    for (let i = 0; i < names.length; i += 1000) {
      const results = await this.client.removeObjects(this.bucket, names.slice(i, i + 1000));
      const failed = results.filter((r) => r?.Error);
      if (failed.length) throw new Error(`Could not delete ${failed.length} object(s) under ${prefix}`);
    }
  }

  async presignedGetUrl(key: string, expirySeconds: number): Promise<string | null> {
    assertValidKey(key);
    return this.client.presignedGetObject(this.bucket, key, expirySeconds);
  }
}
