/**
 * The parts of HTTP that serving a stored file needs (RFC 9110): byte ranges, validators and
 * a download name.
 */

export type RangeRequest = { start: number; end: number } | 'unsatisfiable' | null;

/**
 * The single byte range a Range header asks for, inclusive, clamped to the file; null to send
 * the whole file. A header that is not a valid bytes range is ignored, as the RFC allows, and so
 * is a request for several ranges: answering it whole (200) spares multipart/byteranges, which
 * browsers and media players never ask for.
 */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (!header) return null;
  const match = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (!match) return null;
  const specs = match[1]!.split(',').map((s) => s.trim()).filter(Boolean);
  if (specs.length !== 1) return null;
  const spec = /^(\d*)-(\d*)$/.exec(specs[0]!);
  if (!spec) return null;
  const [, first, last] = spec as unknown as [string, string, string];
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return null;
  if (start >= size) return 'unsatisfiable';
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  return { start, end };
}

const stripWeak = (tag: string) => tag.replace(/^W\//, '');

/** HTTP dates have whole seconds. */
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** If-None-Match (weak comparison) or, only without it, If-Modified-Since. */
export function isNotModified(headers: Record<string, string | string[] | undefined>, etag: string, lastModified: Date): boolean {
  const noneMatch = headers['if-none-match'];
  if (typeof noneMatch === 'string') {
    if (noneMatch.trim() === '*') return true;
    return noneMatch.split(',').some((t) => stripWeak(t.trim()) === stripWeak(etag));
  }
  const modifiedSince = headers['if-modified-since'];
  if (typeof modifiedSince === 'string') {
    const since = Date.parse(modifiedSince);
    if (!Number.isNaN(since)) return seconds(lastModified) <= Math.floor(since / 1000);
  }
  return false;
}

/** If-Range: the range applies only when the client's copy is still this one (strong comparison). */
export function rangeStillValid(ifRange: string | string[] | undefined, etag: string, lastModified: Date): boolean {
  if (typeof ifRange !== 'string') return true;
  const value = ifRange.trim();
  if (value.startsWith('"')) return value === etag;
  if (value.startsWith('W/')) return false;
  const date = Date.parse(value);
  return !Number.isNaN(date) && Math.floor(date / 1000) === seconds(lastModified);
}

/** Content-Disposition with the original name: an ASCII fallback plus the exact UTF-8 name (RFC 6266). */
export function contentDisposition(type: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
