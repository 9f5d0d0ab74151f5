import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsStorage } from '../../server/media/fs-storage.ts';
import { ObjectNotFoundError } from '../../server/media/storage.ts';

let root: string;
let storage: FsStorage;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'sinau-fs-storage-'));
  storage = new FsStorage(root);
});
afterAll(() => rm(root, { recursive: true, force: true }));

const body = (s: string) => Readable.from([Buffer.from(s)]);
async function read(stream: Readable) {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString();
}
const allFiles = async () => (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name))).sort();

describe('FsStorage', () => {
  it('puts a file at its key with a content-type sidecar, and stats and gets it', async () => {
    expect(await storage.put('media/x/original.pdf', body('%PDF-isi'), { contentType: 'application/pdf' })).toEqual({ size: 8 });
    expect(await readFile(path.join(root, 'media/x/original.pdf'), 'utf8')).toBe('%PDF-isi');
    const stat = await storage.stat('media/x/original.pdf');
    expect(stat).toMatchObject({ size: 8, contentType: 'application/pdf' });
    expect(stat!.etag).toMatch(/^[0-9a-f]+-[0-9a-f]+$/);
    expect(await read(await storage.get('media/x/original.pdf'))).toBe('%PDF-isi');
    expect(await read(await storage.get('media/x/original.pdf', { start: 1, end: 3 }))).toBe('PDF');
    expect(await storage.presignedGetUrl()).toBeNull();
  });

  it('replaces a file whole, and leaves no partial file when the source fails', async () => {
    await storage.put('media/y/a.bin', body('first version'), { contentType: 'text/plain' });
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1000, 1));
        this.destroy(new Error('dropped'));
      },
    });
    await expect(storage.put('media/y/a.bin', failing, { contentType: 'text/plain' })).rejects.toThrow('dropped');
    expect(await read(await storage.get('media/y/a.bin'))).toBe('first version');
    expect((await allFiles()).filter((f) => f.startsWith('media/y/'))).toEqual(['media/y/a.bin', 'media/y/a.bin.meta.json']);
    await expect(storage.put('media/z/new.bin', new Readable({ read() { this.destroy(new Error('dropped')); } }), { contentType: 'text/plain' })).rejects.toThrow();
    expect((await allFiles()).filter((f) => f.startsWith('media/z'))).toEqual([]);
  });

  it('refuses keys that could leave the root or collide with its own files', async () => {
    for (const key of ['../outside', 'a/../../b', '/etc/passwd', 'a//b', 'a/.hidden', 'a\\b', '', 'x.meta.json', 'a/b/']) {
      await expect(storage.put(key, body('x'), { contentType: 'text/plain' }), key).rejects.toThrow(/Invalid storage key/);
    }
    await expect(storage.deletePrefix('../')).rejects.toThrow(/Invalid storage prefix/);
  });

  it('reports a missing object: stat null, get ObjectNotFoundError, delete quietly', async () => {
    expect(await storage.stat('media/none/x')).toBeNull();
    await expect(storage.get('media/none/x')).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(storage.delete('media/none/x')).resolves.toBeUndefined();
  });

  it('deletes by prefix with S3 meaning, removing emptied folders', async () => {
    for (const key of ['hls/a/master.m3u8', 'hls/a/360p/seg-0.ts', 'hls/ab/keep.txt', 'hls/b/other.txt']) await storage.put(key, body(key), { contentType: 'text/plain' });
    await storage.deletePrefix('hls/a/');
    expect((await allFiles()).filter((f) => f.startsWith('hls/'))).toEqual(['hls/ab/keep.txt', 'hls/ab/keep.txt.meta.json', 'hls/b/other.txt', 'hls/b/other.txt.meta.json']);
    await storage.deletePrefix('hls/a');
    expect((await allFiles()).filter((f) => f.startsWith('hls/'))).toEqual(['hls/b/other.txt', 'hls/b/other.txt.meta.json']);
    await storage.delete('hls/b/other.txt');
    expect(await readdir(root)).not.toContain('hls');
  });

  it('falls back to application/octet-stream without a sidecar', async () => {
    await storage.put('misc/plain.bin', body('abc'), { contentType: 'text/plain' });
    await rm(path.join(root, 'misc/plain.bin.meta.json'));
    expect((await storage.stat('misc/plain.bin'))?.contentType).toBe('application/octet-stream');
    await writeFile(path.join(root, 'misc/plain.bin.meta.json'), JSON.stringify({ contentType: 'image/png' }));
    expect((await storage.stat('misc/plain.bin'))?.contentType).toBe('image/png');
  });
});
