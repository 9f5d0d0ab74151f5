/**
 * Runs Janus as a child process of the app: writes its configuration, starts it, waits until it
 * answers `info`, watches it (exit, and an `info` probe every few seconds), restarts it with
 * backoff when it dies or hangs, and stops it when the app closes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { JanusConnection } from './client.ts';
import { layoutOf, writeJanusConfig, type JanusInstall, type JanusLayout, type JanusNat, type JanusSecrets } from './install.ts';

export interface SupervisorOptions {
  install: JanusInstall;
  /** DATA_DIR/janus: each app instance runs its Janus from its own folder in run/ there. */
  dir: string;
  secrets: JanusSecrets;
  /** WebSocket API port on 127.0.0.1; 0: a free one, chosen at the first start. */
  port: number;
  rtpPortRange: string;
  nat?: JanusNat;
  log: FastifyBaseLogger;
  /** setpriv, when the machine has it: Janus then dies with the app even if the app is killed. */
  setpriv?: string | null;
  /** How long one start may take before it counts as failed. */
  startTimeoutMs?: number;
}

export type SupervisorState = 'stopped' | 'starting' | 'running' | 'waiting' | 'stopping';

const PROBE_EVERY_MS = 5_000;
const PROBE_TIMEOUT_MS = 3_000;
/** Failed probes in a row after which a running Janus counts as hung and is killed. */
const PROBE_FAILURES = 3;
const BACKOFF_MS = [250, 500, 1000, 2000, 5000, 10_000, 30_000];
/** A Janus that ran this long before dying restarts without the accumulated backoff. */
const STABLE_MS = 60_000;
const TAIL_LINES = 40;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Emits 'ready' after every start that answered (the first one and each restart) and 'down'
 * when a running Janus died or was found hung.
 */
export class JanusSupervisor extends EventEmitter {
  state: SupervisorState = 'stopped';
  /** Starts after the first: restarts after a crash or hang. */
  restarts = 0;
  /** Milliseconds the last successful start took, from spawn to the first `info` answer. */
  lastStartMs: number | null = null;
  private child: ChildProcess | null = null;
  private port: number;
  private layout: JanusLayout | null = null;
  private failures = 0;
  /** stop() was called: nothing starts any more. */
  private closing = false;
  /** Files being written for a start, which stop() lets finish before removing them. */
  private preparing: Promise<void> | null = null;
  private startFailed = false;
  private startedAt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private probeTimer: NodeJS.Timeout | null = null;
  private probeConn: JanusConnection | null = null;
  private probeFailures = 0;
  private tail: string[] = [];
  private readyWaiters = new Set<() => void>();
  private readonly killOnExit = () => this.child?.kill('SIGKILL');

  /** This instance's folder: several app instances (or apps in one test) may share a DATA_DIR. */
  private readonly runDir: string;

  constructor(private readonly o: SupervisorOptions) {
    super();
    this.port = o.port;
    this.runDir = path.join(o.dir, 'run', `${process.pid}-${randomBytes(4).toString('hex')}`);
  }

  /** ws://127.0.0.1:port of the running Janus (null before the first start). */
  get url(): string | null {
    return this.port ? `ws://127.0.0.1:${this.port}` : null;
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** Starts Janus; resolves once it answers or the first attempt failed (then it keeps trying). */
  async start(): Promise<void> {
    if (this.state !== 'stopped' || this.closing) return;
    this.state = 'starting';
    process.on('exit', this.killOnExit);
    this.preparing = (async () => {
      await this.killLeftovers();
      await mkdir(this.runDir, { recursive: true });
      await writeFile(layoutOf(this.runDir).ownerFile, `${process.pid}\n`);
    })();
    try {
      await this.preparing;
    } catch (err) {
      this.o.log.error({ err }, 'janus: could not prepare its folder');
    }
    await this.attempt();
  }

  /** Resolves true when Janus answers within `ms`. */
  waitReady(ms: number): Promise<boolean> {
    if (this.state === 'running') return Promise.resolve(true);
    if (this.state === 'stopped' || this.state === 'stopping') return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.readyWaiters.delete(done);
        resolve(this.state === 'running');
      };
      const timer = setTimeout(done, ms);
      this.readyWaiters.add(done);
    });
  }

  async stop(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.state = 'stopping';
    // Files being written for a start are finished first, so nothing is left behind.
    await this.preparing?.catch(() => {});
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.stopProbe();
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    this.child = null;
    process.off('exit', this.killOnExit);
    await rm(this.runDir, { recursive: true, force: true });
    this.state = 'stopped';
    this.wakeWaiters();
  }

  private wakeWaiters() {
    for (const w of [...this.readyWaiters]) w();
  }

  /**
   * Janus processes left by app instances that died without stopping them (possible only where
   * setpriv is missing) are ended, and their folders removed; other live instances' are left alone.
   */
  private async killLeftovers() {
    let entries: string[];
    try {
      entries = await readdir(path.join(this.o.dir, 'run'));
    } catch {
      return;
    }
    for (const entry of entries) {
      const l = layoutOf(path.join(this.o.dir, 'run', entry));
      if (l.runDir === this.runDir) continue;
      const owner = Number((await readFile(l.ownerFile, 'utf8').catch(() => '')).trim());
      if (owner > 0 && alive(owner)) continue;
      const pid = Number((await readFile(l.pidFile, 'utf8').catch(() => '')).trim());
      if (pid > 0 && alive(pid)) {
        const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
        if (cmdline.includes(l.configsDir)) {
          this.o.log.warn({ pid }, 'janus: ending a Janus left running by an app instance that is gone');
          process.kill(pid, 'SIGKILL');
          for (let i = 0; i < 40 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
        }
      }
      await rm(l.runDir, { recursive: true, force: true });
    }
  }

  private async attempt(): Promise<void> {
    if (this.closing) return;
    this.state = 'starting';
    this.tail = [];
    this.preparing = (async () => {
      // A chosen port is kept across restarts unless a start failed (someone may have taken it).
      if (!this.port || (this.o.port === 0 && this.startFailed)) this.port = this.o.port || (await freePort());
      this.layout = await writeJanusConfig(this.runDir, this.o.install, this.o.secrets, this.port, this.o.rtpPortRange, this.o.nat);
    })();
    try {
      await this.preparing;
    } catch (err) {
      this.o.log.error({ err }, 'janus: could not write its configuration');
      return this.scheduleRetry();
    }
    if (this.closing || !this.layout) return;
    const args = [`--configs-folder=${this.layout.configsDir}`, `--plugins-folder=${this.layout.pluginsDir}`, '--disable-colors'];
    const [cmd, argv] = this.o.setpriv ? [this.o.setpriv, ['--pdeathsig', 'KILL', '--', this.o.install.binary, ...args]] : [this.o.install.binary, args];
    const began = Date.now();
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        this.tail.push(line);
        if (this.tail.length > TAIL_LINES) this.tail.shift();
        this.o.log.debug({ janus: line }, 'janus output');
      }
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('error', (err) => {
      this.o.log.error({ err }, 'janus: could not be started');
      // A process that never came to be fires no 'exit'.
      if (child.pid === undefined) this.onExit(child, null, null);
    });
    child.once('exit', (code, signal) => this.onExit(child, code, signal));
    if (child.pid) await writeFile(this.layout.pidFile, `${child.pid}\n`).catch(() => {});

    const deadline = began + (this.o.startTimeoutMs ?? 15_000);
    while ((this.state as SupervisorState) === 'starting' && this.child === child && child.exitCode === null) {
      try {
        const conn = await JanusConnection.connect(this.url!, { timeoutMs: 1000 });
        try {
          await conn.info(2000);
        } finally {
          conn.close();
        }
        if (this.closing || this.child !== child) return;
        this.lastStartMs = Date.now() - began;
        this.startedAt = Date.now();
        this.state = 'running';
        this.startFailed = false;
        this.o.log.info({ pid: child.pid, port: this.port, ms: this.lastStartMs }, 'janus: running');
        this.startProbe();
        this.wakeWaiters();
        this.emit('ready');
        return;
      } catch {
        if (Date.now() > deadline) {
          this.o.log.error({ output: this.tail.join('\n') }, 'janus: did not answer in time; killing it');
          child.kill('SIGKILL');
          return;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null) {
    if (this.child !== child) return;
    this.stopProbe();
    if (this.state === 'stopping' || this.state === 'stopped') return;
    const wasRunning = this.state === 'running';
    this.child = null;
    if (!wasRunning) this.startFailed = true;
    if (wasRunning && Date.now() - this.startedAt > STABLE_MS) this.failures = 0;
    this.o.log.warn({ code, signal, output: this.tail.join('\n') }, wasRunning ? 'janus: exited; restarting it' : 'janus: failed to start');
    if (wasRunning) this.emit('down');
    this.scheduleRetry();
  }

  private scheduleRetry() {
    if (this.closing) return;
    const delay = BACKOFF_MS[Math.min(this.failures, BACKOFF_MS.length - 1)]!;
    this.failures++;
    this.state = 'waiting';
    this.wakeWaiters();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.restarts++;
      void this.attempt();
    }, delay);
    this.retryTimer.unref();
  }

  /** A Janus that stops answering while its process lives is as good as dead: it is killed and restarted. */
  private startProbe() {
    this.probeFailures = 0;
    this.probeTimer = setInterval(() => void this.probe(), PROBE_EVERY_MS);
    this.probeTimer.unref();
  }

  private async probe() {
    const child = this.child;
    if (this.state !== 'running' || !child) return;
    try {
      if (!this.probeConn || this.probeConn.isClosed) this.probeConn = await JanusConnection.connect(this.url!, { timeoutMs: PROBE_TIMEOUT_MS });
      await this.probeConn.info(PROBE_TIMEOUT_MS);
      this.probeFailures = 0;
    } catch {
      this.probeFailures++;
      if (this.probeFailures >= PROBE_FAILURES && this.child === child) {
        this.o.log.error({ pid: child.pid }, 'janus: not answering; killing it to restart');
        child.kill('SIGKILL');
      }
    }
  }

  private stopProbe() {
    if (this.probeTimer) clearInterval(this.probeTimer);
    this.probeTimer = null;
    this.probeConn?.close();
    this.probeConn = null;
  }
}
