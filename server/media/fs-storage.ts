import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, rmdir, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertValidKey, ObjectNotFoundError, type Storage, type StoredObject } from './storage.ts';

const META_SUFFIX = '.meta.json';

interface Sidecar {
  contentType: string;
}

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Files on the local disk under one root folder (DATA_DIR/files). Each object is a file at its
 * key's path, with a small `<file>.meta.json` beside it holding its content type.
 */
export class FsStorage implements Storage {
  readonly kind = 'fs' as const;

  constructor(readonly root: string) {
    if (!path.isAbsolute(root)) throw new Error(`FsStorage needs an absolute root, got ${root}`);
  }

  /** The file of a key; keys are checked so that no key can point outside the root. */
  pathOf(key: string): string {
    assertValidKey(key);
    const file = path.resolve(this.root, ...key.split('/'));
    if (!file.startsWith(this.root + path.sep)) throw new Error(`Invalid storage key: ${JSON.stringify(key)}`);
    return file;
  }

  async put(key: string, body: Readable, opts: { contentType: string; size?: number }): Promise<{ size: number }> {
    const file = this.pathOf(key);
    const dir = path.dirname(file);
    await mkdir(dir, { recursive: true });
    // The body goes to a temp file in the same folder and is renamed into place only once it is
    // complete and on disk: a crash or a failed upload never leaves a partial file under the key.
    const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
    const tmpMeta = `${tmp}.meta`;
    let handle: FileHandle | undefined;
    try {
      handle = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o640);
      // Written chunk by chunk through the handle: a write stream with autoClose off never
      // signals completion to pipeline() for some sources (fs read streams), hanging the put.
      for await (const chunk of body) await handle.write(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array));
      await handle.sync();
      const { size } = await handle.stat();
      await handle.close();
      handle = undefined;
      await writeDurably(tmpMeta, JSON.stringify({ contentType: opts.contentType } satisfies Sidecar));
      await rename(tmpMeta, file + META_SUFFIX);
      await rename(tmp, file);
      await syncDir(dir);
      return { size };
    } catch (err) {
      body.destroy();
      await handle?.close().catch(() => {});
      await Promise.all([unlink(tmp).catch(() => {}), unlink(tmpMeta).catch(() => {})]);
      await this.pruneEmptyDirs(dir);
      throw err;
    }
  }

  async get(key: string, range?: { start: number; end: number }): Promise<Readable> {
    const file = this.pathOf(key);
    let handle: FileHandle;
    try {
      // Opened here so that a missing file fails the call rather than the stream later.
      handle = await open(file, 'r');
    } catch (err) {
      if (isMissing(err)) throw new ObjectNotFoundError(key);
      throw err;
    }
    return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async stat(key: string): Promise<StoredObject | null> {
    const file = this.pathOf(key);
    let st;
    try {
      st = await stat(file);
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
    if (!st.isFile()) return null;
    let contentType = 'application/octet-stream';
    try {
      contentType = (JSON.parse(await readFile(file + META_SUFFIX, 'utf8')) as Sidecar).contentType || contentType;
    } catch (err) {
      if (!isMissing(err)) throw err;
    }
    // Objects are written once and replaced only as a whole, so size and mtime identify a version.
    const etag = `${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}`;
    return { size: st.size, contentType, etag, lastModified: st.mtime };
  }

  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    await Promise.all([rm(file, { force: true }), rm(file + META_SUFFIX, { force: true })]);
    await this.pruneEmptyDirs(path.dirname(file));
  }

  async deletePrefix(prefix: string): Promise<void> {
    assertValidKey(prefix, 'prefix');
    const slash = prefix.lastIndexOf('/');
    const dir = slash === -1 ? this.root : path.resolve(this.root, ...prefix.slice(0, slash).split('/'));
    const start = prefix.slice(slash + 1);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (err) {
      if (isMissing(err)) return;
      throw err;
    }
    // Same meaning as an S3 prefix: every entry of the folder whose name starts with the rest.
    await Promise.all(names.filter((n) => n.startsWith(start)).map((n) => rm(path.join(dir, n), { recursive: true, force: true })));
    await this.pruneEmptyDirs(dir);
  }

  async presignedGetUrl(): Promise<string | null> {
    return null;
  }

  /** Removes now-empty folders from dir up to (not including) the root. */
  private async pruneEmptyDirs(dir: string): Promise<void> {
    let current = dir;
    while (current.startsWith(this.root + path.sep)) {
      try {
        await rmdir(current);
      } catch {
        return; // not empty (or gone): stop
      }
      current = path.dirname(current);
    }
  }
}

async function writeDurably(file: string, content: string) {
  const handle = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o640);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes the renames in a folder durable (its entries are metadata of the folder). */
async function syncDir(dir: string) {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
