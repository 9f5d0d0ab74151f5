/** Polls `fn` every 25 ms until it gives something truthy (resolved with it), or fails after `ms`. */
export async function until<T>(what: string, fn: () => Promise<T | null | false | undefined>, ms = 8000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
