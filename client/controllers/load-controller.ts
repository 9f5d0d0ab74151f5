import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isAbortError } from '../api/http.ts';

/**
 * Loads data for an element: runs when the element connects (or on `run()`), cancels the
 * request when it disconnects or a newer run starts, and keeps value / error / loading for
 * render().
 */
export class LoadController<T> implements ReactiveController {
  value: T | undefined = undefined;
  error: unknown = null;
  loading = false;
  private abort: AbortController | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly load: (signal: AbortSignal) => Promise<T>,
    private readonly options: { auto?: boolean } = {},
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (this.options.auto !== false && this.value === undefined && !this.loading) void this.run();
  }

  hostDisconnected(): void {
    this.abort?.abort();
    this.abort = null;
    this.loading = false;
  }

  async run(): Promise<T | undefined> {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.loading = true;
    this.error = null;
    this.host.requestUpdate();
    try {
      this.value = await this.load(abort.signal);
    } catch (error) {
      if (isAbortError(error) || abort.signal.aborted) return undefined;
      this.error = error;
    } finally {
      if (this.abort === abort) {
        this.loading = false;
        this.abort = null;
        this.host.requestUpdate();
      }
    }
    return this.value;
  }
}
