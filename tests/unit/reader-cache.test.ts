import { describe, expect, it, vi } from 'vitest';
import { CatalogueCache, ReaderCache } from '../../server/courses/catalogue.ts';

const deferred = <T>() => {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
};

describe('ReaderCache', () => {
  it('asks once per person and key while fresh', async () => {
    const cache = new ReaderCache(5_000);
    const load = vi.fn(async () => 'x');
    await cache.get(1, 'cards', load);
    await cache.get(1, 'cards', load);
    await cache.get(2, 'cards', load);
    await cache.get(1, 'page:a', load);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('asks again after forget, and never serves a read that started before the write', async () => {
    const cache = new ReaderCache(5_000);
    const before = deferred<string>();
    const stale = cache.get(1, 'cards', () => before.promise);
    // The write commits and forgets while the earlier read is still on its way.
    cache.forget(1);
    before.resolve('old');
    expect(await stale).toBe('old');
    expect(await cache.get(1, 'cards', async () => 'new')).toBe('new');
    expect(await cache.get(1, 'cards', async () => 'newer')).toBe('new');
  });

  it('expires entries after its time', async () => {
    vi.useFakeTimers();
    try {
      const cache = new ReaderCache(1_000);
      await cache.get(1, 'k', async () => 1);
      vi.advanceTimersByTime(1_500);
      expect(await cache.get(1, 'k', async () => 2)).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not keep a failed read', async () => {
    const cache = new ReaderCache(5_000);
    await expect(cache.get(1, 'k', async () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await cache.get(1, 'k', async () => 'ok')).toBe('ok');
  });

  it('with 0 seconds reads every time', async () => {
    const cache = new ReaderCache(0);
    const load = vi.fn(async () => 1);
    await cache.get(1, 'k', load);
    await cache.get(1, 'k', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('stays bounded in the number of people it holds', async () => {
    const cache = new ReaderCache(60_000, 100);
    for (let id = 1; id <= 1_000; id++) await cache.get(id, 'k', async () => id);
    const load = vi.fn(async () => 0);
    await cache.get(1, 'k', load);
    expect(load).toHaveBeenCalledTimes(1); // the first ones were dropped
  });

  it('is cleared with the catalogue, as are search results', async () => {
    const catalogue = new CatalogueCache<string[]>(10_000, new ReaderCache(5_000));
    catalogue.loader = async () => ['a'];
    const search = vi.fn(async () => new Map([[1, 0.5]]));
    await catalogue.readers.get(1, 'k', async () => 'old');
    await catalogue.search('pelayanan', search);
    await catalogue.search('pelayanan', search);
    expect(search).toHaveBeenCalledTimes(1);
    catalogue.invalidate();
    await catalogue.search('pelayanan', search);
    expect(search).toHaveBeenCalledTimes(2);
    expect(await catalogue.readers.get(1, 'k', async () => 'new')).toBe('new');
  });

  it('keeps a rendered reply per key until the person is forgotten', () => {
    const cache = new ReaderCache(5_000);
    const entry = cache.entry(1)!;
    cache.keep(1, entry, 'page:a', Buffer.from('{"a":1}'));
    expect(cache.reply(cache.entry(1)!, 'page:a')?.toString()).toBe('{"a":1}');
    expect(cache.reply(cache.entry(1)!, 'page:b')).toBeUndefined();
    expect(cache.reply(cache.entry(2)!, 'page:a')).toBeUndefined();
    cache.forget(1);
    expect(cache.reply(cache.entry(1)!, 'page:a')).toBeUndefined();
  });

  it('never keeps a reply rendered from an entry taken before a write', () => {
    const cache = new ReaderCache(5_000);
    const before = cache.entry(1)!;
    // The write commits and forgets while the reply is being rendered from older data.
    cache.forget(1);
    cache.keep(1, before, 'page:a', Buffer.from('{"old":true}'));
    expect(cache.reply(cache.entry(1)!, 'page:a')).toBeUndefined();
  });

  it('drops replies with the entry when it expires', () => {
    vi.useFakeTimers();
    try {
      const cache = new ReaderCache(1_000);
      cache.keep(1, cache.entry(1)!, 'k', Buffer.from('x'));
      vi.advanceTimersByTime(1_500);
      expect(cache.reply(cache.entry(1)!, 'k')).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps replies within its size budget, and frees it as entries go', () => {
    const cache = new ReaderCache(5_000, 100, 10);
    cache.keep(1, cache.entry(1)!, 'a', Buffer.from('123456'));
    cache.keep(2, cache.entry(2)!, 'a', Buffer.from('123456')); // over the budget: not kept
    expect(cache.reply(cache.entry(1)!, 'a')?.toString()).toBe('123456');
    expect(cache.reply(cache.entry(2)!, 'a')).toBeUndefined();
    cache.forget(1);
    cache.keep(2, cache.entry(2)!, 'a', Buffer.from('123456'));
    expect(cache.reply(cache.entry(2)!, 'a')?.toString()).toBe('123456');
    cache.clear();
    cache.keep(3, cache.entry(3)!, 'a', Buffer.from('1234567890'));
    expect(cache.reply(cache.entry(3)!, 'a')?.toString()).toBe('1234567890');
  });

  it('makes room for replies from entries that have expired', () => {
    vi.useFakeTimers();
    try {
      const cache = new ReaderCache(1_000, 100, 10);
      cache.keep(1, cache.entry(1)!, 'a', Buffer.from('123456'));
      vi.advanceTimersByTime(1_500);
      cache.keep(2, cache.entry(2)!, 'a', Buffer.from('123456'));
      expect(cache.reply(cache.entry(2)!, 'a')?.toString()).toBe('123456');
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps no replies with 0 seconds', () => {
    expect(new ReaderCache(0).entry(1)).toBeNull();
  });

  it('counts a new catalogue generation on each reload and invalidation', async () => {
    vi.useFakeTimers();
    try {
      const catalogue = new CatalogueCache<string[]>(10_000, new ReaderCache(5_000));
      catalogue.loader = async () => ['a'];
      const first = catalogue.fresh();
      expect(catalogue.fresh()).toBe(first);
      vi.advanceTimersByTime(11_000);
      const second = catalogue.fresh();
      expect(second).toBeGreaterThan(first);
      catalogue.invalidate();
      expect(catalogue.fresh()).toBeGreaterThan(second);
    } finally {
      vi.useRealTimers();
    }
  });
});
