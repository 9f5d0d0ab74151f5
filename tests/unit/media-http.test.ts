import { describe, expect, it } from 'vitest';
import { contentDisposition, isNotModified, parseRange, rangeStillValid } from '../../server/media/http.ts';

describe('parseRange', () => {
  it('reads single ranges, clamped to the file', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=900-', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-5000', 1000)).toEqual({ start: 0, end: 999 });
    expect(parseRange('bytes=990-5000', 1000)).toEqual({ start: 990, end: 999 });
  });

  it('says unsatisfiable for a start past the end or an empty suffix', () => {
    expect(parseRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 1000)).toBe('unsatisfiable');
  });

  it('ignores what is not one valid bytes range (the whole file is sent)', () => {
    for (const header of [undefined, '', 'items=0-1', 'bytes=5-1', 'bytes=abc', 'bytes=-', 'bytes=0-1,5-6']) {
      expect(parseRange(header, 1000), String(header)).toBeNull();
    }
  });
});

describe('validators', () => {
  const modified = new Date('2026-03-01T10:00:00.750Z');
  it('matches If-None-Match weakly and in lists, and falls back to If-Modified-Since only without it', () => {
    expect(isNotModified({ 'if-none-match': '"a", W/"b"' }, '"b"', modified)).toBe(true);
    expect(isNotModified({ 'if-none-match': '*' }, '"b"', modified)).toBe(true);
    expect(isNotModified({ 'if-none-match': '"c"', 'if-modified-since': modified.toUTCString() }, '"b"', modified)).toBe(false);
    expect(isNotModified({ 'if-modified-since': modified.toUTCString() }, '"b"', modified)).toBe(true);
    expect(isNotModified({ 'if-modified-since': new Date('2026-03-01T09:59:59Z').toUTCString() }, '"b"', modified)).toBe(false);
  });

  it('applies If-Range only to the same version', () => {
    expect(rangeStillValid(undefined, '"b"', modified)).toBe(true);
    expect(rangeStillValid('"b"', '"b"', modified)).toBe(true);
    expect(rangeStillValid('W/"b"', '"b"', modified)).toBe(false);
    expect(rangeStillValid(modified.toUTCString(), '"b"', modified)).toBe(true);
    expect(rangeStillValid('Sun, 01 Mar 2026 09:00:00 GMT', '"b"', modified)).toBe(false);
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('inline', 'Materi "Ke-1" 100%.pdf')).toBe(`inline; filename="Materi _Ke-1_ 100_.pdf"; filename*=UTF-8''Materi%20%22Ke-1%22%20100%25.pdf`);
    expect(contentDisposition('attachment', 'Ängka (1).png')).toBe(`attachment; filename="_ngka (1).png"; filename*=UTF-8''%C3%84ngka%20%281%29.png`);
  });
});
