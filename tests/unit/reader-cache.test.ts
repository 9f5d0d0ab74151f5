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
});
