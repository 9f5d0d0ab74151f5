import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Storage } from '../../server/media/s3-storage.ts';
import { ObjectNotFoundError } from '../../server/media/storage.ts';
import { blob, png, sha256 } from '../factories/media-files.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { S3RVER_KEY, startS3rver, type TestS3 } from '../support/s3rver.ts';

let s3: TestS3;
let storage: S3Storage;
const MiB = 1024 * 1024;

beforeAll(async () => {
  s3 = await startS3rver();
  storage = await new S3Storage({ endpoint: s3.endpoint, accessKey: S3RVER_KEY, secretKey: S3RVER_KEY, bucket: 'sinau-uji', region: 'us-east-1', partSize: 5 * MiB }).init();
});
afterAll(() => s3?.close());

async function read(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function keys(bucket: string, prefix = ''): Promise<string[]> {
  const names: string[] = [];
  for await (const item of storage.client.listObjectsV2(bucket, prefix, true)) if (item.name) names.push(item.name);
  return names.sort();
}

/** `total` bytes in 64 KiB chunks of a repeatable pattern, produced as they are read. */
function generated(total: number): { stream: Readable; sha256: () => string } {
  const hash = createHash('sha256');
  let sent = 0;
  let n = 0;
  const stream = new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      const size = Math.min(64 * 1024, total - sent);
      const chunk = createHash('sha512').update(String(n++)).digest();
      const buf = Buffer.alloc(size, chunk);
      hash.update(buf);
      sent += size;
      this.push(buf);
    },
  });
  return { stream, sha256: () => hash.digest('hex') };
}

describe('S3Storage against s3rver over HTTP', () => {
  it('creates its bucket when missing, and starts fine when it exists', async () => {
    expect(await storage.client.bucketExists('sinau-uji')).toBe(true);
    await expect(storage.init()).resolves.toBe(storage);
  });

  it('puts, stats and gets a small object', async () => {
    const body = Buffer.from('Selamat belajar di Sinau.');
    expect(await storage.put('uji/kecil.txt', Readable.from([body]), { contentType: 'text/plain' })).toEqual({ size: body.length });
    const stat = await storage.stat('uji/kecil.txt');
    expect(stat).toMatchObject({ size: body.length, contentType: 'text/plain' });
    expect(stat!.etag).toMatch(/\S/);
    expect(stat!.lastModified).toBeInstanceOf(Date);
    expect(await read(await storage.get('uji/kecil.txt'))).toEqual(body);
  });

  it('streams a 21 MiB object in as a multipart upload and gets it back intact', async () => {
    const total = 21 * MiB;
    const source = generated(total);
    const before = s3.requests.length;
    expect(await storage.put('uji/besar.bin', source.stream, { contentType: 'video/mp4' })).toEqual({ size: total });
    const parts = s3.requests.slice(before).filter((r) => r.startsWith('PUT /sinau-uji/uji/besar.bin?partNumber='));
    expect(parts.length).toBeGreaterThanOrEqual(4);
    expect((await storage.stat('uji/besar.bin'))?.size).toBe(total);
    const back = createHash('sha256');
    for await (const chunk of await storage.get('uji/besar.bin')) back.update(chunk as Buffer);
    expect(back.digest('hex')).toBe(source.sha256());
  });

  it('gets a byte range', async () => {
    const body = Buffer.from('0123456789abcdefghij');
    await storage.put('uji/rentang.txt', Readable.from([body]), { contentType: 'text/plain' });
    expect((await read(await storage.get('uji/rentang.txt', { start: 5, end: 9 }))).toString()).toBe('56789');
    expect((await read(await storage.get('uji/rentang.txt', { start: 19, end: 19 }))).toString()).toBe('j');
  });

  it('hands out a presigned URL that plain fetch can read', async () => {
    const body = png(3000);
    await storage.put('uji/gambar.png', Readable.from([body]), { contentType: 'image/png' });
    const url = await storage.presignedGetUrl('uji/gambar.png', 60);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sinau-uji\/uji\/gambar\.png\?.*X-Amz-Signature=/);
    const res = await fetch(url!);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(body);
  });

  it('deletes one object, and every object under a prefix but nothing beside it', async () => {
    for (const key of ['hls/a/master.m3u8', 'hls/a/360p/index.m3u8', 'hls/a/360p/seg-0.ts', 'hls/ab/keep.txt']) {
      await storage.put(key, Readable.from([Buffer.from(key)]), { contentType: 'text/plain' });
    }
    await storage.deletePrefix('hls/a/');
    expect(await keys('sinau-uji', 'hls/')).toEqual(['hls/ab/keep.txt']);
    await storage.delete('hls/ab/keep.txt');
    expect(await storage.stat('hls/ab/keep.txt')).toBeNull();
  });

  it('reports a missing object: stat null, get ObjectNotFoundError', async () => {
    expect(await storage.stat('uji/tidak-ada')).toBeNull();
    await expect(storage.get('uji/tidak-ada')).rejects.toBeInstanceOf(ObjectNotFoundError);
  });

  it('fails a put whose source fails midway, leaving no object', async () => {
    let sent = 0;
    const failing = new Readable({
      read() {
        if (sent >= 7 * MiB) return void this.destroy(new Error('connection dropped'));
        sent += MiB;
        this.push(Buffer.alloc(MiB, 1));
      },
    });
    await expect(storage.put('uji/putus.bin', failing, { contentType: 'video/mp4' })).rejects.toThrow('connection dropped');
    expect(await storage.stat('uji/putus.bin')).toBeNull();
  });

  it('refuses keys that climb out or are absolute', async () => {
    await expect(storage.put('../luar', Readable.from([Buffer.from('x')]), { contentType: 'text/plain' })).rejects.toThrow(/Invalid storage key/);
    await expect(storage.stat('/mutlak')).rejects.toThrow(/Invalid storage key/);
  });
});

describe('POST /api/media and GET /api/media/:id with S3_ENDPOINT set', () => {
  let t: TestApp;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'sinau-media-s3-'));
    t = await createTestApp({
      DATA_DIR: dataDir,
      S3_ENDPOINT: s3.endpoint,
      S3_ACCESS_KEY: S3RVER_KEY,
      S3_SECRET_KEY: S3RVER_KEY,
      S3_BUCKET: 'sinau-app',
      UPLOAD_MAX_BYTES: '400000',
    });
  });
  afterAll(async () => {
    await t?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  function upload(client: Awaited<ReturnType<TestApp['login']>>, body: Buffer, name: string) {
    const form = new FormData();
    form.append('file', blob(body), name);
    return client.request({ method: 'POST', url: '/api/media', payload: form });
  }

  it('stores the upload in the bucket and serves ranges of it', async () => {
    expect(t.app.storage.kind).toBe('s3');
    const trainer = await t.login('pelatih');
    const body = png(150_000);
    const res = await upload(trainer, body, 'foto.png');
    expect(res.statusCode).toBe(201);
    const media = res.json();
    expect(media).toMatchObject({ kind: 'image', mime: 'image/png', sizeBytes: body.length });
    expect(await keys('sinau-app')).toEqual([`media/${media.id}/original.png`]);

    const whole = await trainer.get(`/api/media/${media.id}`);
    expect(whole.statusCode).toBe(200);
    expect(sha256(whole.rawPayload)).toBe(sha256(body));
    const part = await trainer.request({ method: 'GET', url: `/api/media/${media.id}`, headers: { range: 'bytes=70000-70099' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 70000-70099/${body.length}`);
    expect(part.rawPayload.equals(body.subarray(70_000, 70_100))).toBe(true);

    expect((await trainer.request({ method: 'DELETE', url: `/api/media/${media.id}` })).statusCode).toBe(204);
    expect(await keys('sinau-app')).toEqual([]);
  });

  it('leaves nothing in the bucket after a refused or too large upload', async () => {
    const trainer = await t.login('pelatih');
    expect((await upload(trainer, Buffer.from('bukan gambar '.repeat(100)), 'palsu.png')).statusCode).toBe(415);
    const big = await upload(trainer, png(600_000), 'besar.png');
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('payload_too_large');
    expect(await keys('sinau-app')).toEqual([]);
    expect(await t.db.selectFrom('media').select('id').execute()).toEqual([]);
  });
});
