import { describe, expect, it } from 'vitest';
import { detectType } from '../../server/media/service.ts';
import { mp4, pdf, png } from '../factories/media-files.ts';

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const pad = (b: Buffer, n = 4000) => Buffer.concat([b, Buffer.alloc(n)]);

const samples: Record<string, Buffer> = {
  png: png(),
  pdf: pdf(),
  mp4: mp4(),
  jpeg: pad(bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF', [0])),
  gif: pad(bytes('GIF89a', [1, 0, 1, 0, 0, 0, 0])),
  webp: pad(bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ')),
  mov: pad(bytes([0, 0, 0, 0x14], 'ftypqt  ', [0, 0, 2, 0], 'qt  ')),
  m4a: pad(bytes([0, 0, 0, 0x18], 'ftypM4A ', [0, 0, 2, 0], 'M4A isom')),
  webm: pad(bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 1, 0x42, 0xf7, 0x81, 1, 0x42, 0xf2, 0x81, 4, 0x42, 0xf3, 0x81, 8, 0x42, 0x82, 0x84], 'webm', [0x42, 0x87, 0x81, 2, 0x42, 0x85, 0x81, 2])),
  mp3: pad(bytes('ID3', [3, 0, 0, 0, 0, 0, 0], [0xff, 0xfb, 0x90, 0x64])),
  ogg: pad(bytes('OggS', [0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 30], [1], 'vorbis')),
};

describe('detectType', () => {
  it('recognises every allowed type from its content', async () => {
    const found = Object.fromEntries(await Promise.all(Object.entries(samples).map(async ([name, b]) => [name, (await detectType(b))?.mime ?? null])));
    expect(found).toEqual({
      png: 'image/png',
      pdf: 'application/pdf',
      mp4: 'video/mp4',
      jpeg: 'image/jpeg',
      gif: 'image/gif',
      webp: 'image/webp',
      mov: 'video/quicktime',
      m4a: 'audio/mp4',
      webm: 'video/webm',
      mp3: 'audio/mpeg',
      ogg: 'audio/ogg',
    });
    expect((await detectType(samples.m4a!))?.kind).toBe('audio');
    expect((await detectType(samples.mov!))?.kind).toBe('video');
    expect((await detectType(samples.pdf!))?.kind).toBe('document');
  });

  it('refuses text, markup, archives and programs', async () => {
    for (const b of [
      Buffer.from('Hanya teks biasa.\n'.repeat(10)),
      Buffer.from('<!doctype html><html><script>alert(1)</script></html>'),
      Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>'),
      pad(bytes('PK', [3, 4, 20, 0, 0, 0, 8, 0])),
      pad(bytes('MZ', [0x90, 0])),
    ]) {
      expect(await detectType(b)).toBeNull();
    }
  });
});
