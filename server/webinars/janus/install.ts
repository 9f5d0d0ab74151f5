/**
 * What Sinau needs to run Janus itself: the binary, the folders of the plugins it uses (found
 * where the binary's installation put them), secrets kept under DATA_DIR, and a configuration
 * folder that loads only the WebSocket transport, VideoRoom and Streaming.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, readdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';

export interface JanusInstall {
  binary: string;
  pluginsDir: string;
  transportsDir: string;
}

export interface JanusSecrets {
  /** Every Janus API request must carry it (other local users cannot drive Janus). */
  apiSecret: string;
  /** The Admin API's secret (that API is not exposed, but Janus's sample default must not stand). */
  adminSecret: string;
  /** VideoRoom's and Streaming's admin_key: only Sinau creates rooms and forwarders. */
  adminKey: string;
}

/** Plugins and transports loaded: nothing else is linked into the folders Janus reads. */
export const PLUGINS = ['libjanus_videoroom.so', 'libjanus_streaming.so'];
export const TRANSPORTS = ['libjanus_websockets.so'];

async function executable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `name` as the shell finds it (a path as given, else on PATH), with links resolved. */
export async function findExecutable(name: string): Promise<string | null> {
  if (!name) return null;
  let file = name;
  if (!name.includes('/')) {
    const found = await new Promise<string>((resolve) =>
      execFile('sh', ['-c', 'command -v -- "$1"', 'sh', name], { timeout: 5000 }, (err, stdout) => resolve(err ? '' : stdout.trim())),
    );
    if (!found.startsWith('/')) return null;
    file = found;
  }
  return (await executable(file)) ? realpath(file) : null;
}

async function hasFiles(dir: string, files: string[]): Promise<boolean> {
  for (const f of files) {
    try {
      await access(path.join(dir, f));
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * The janus folder of the binary's installation: <prefix>/lib/janus, <prefix>/lib64/janus, or
 * a multiarch <prefix>/lib/<triplet>/janus (Debian: /usr/lib/x86_64-linux-gnu/janus).
 */
export async function findLibDir(binary: string): Promise<{ pluginsDir: string; transportsDir: string } | null> {
  const prefix = path.dirname(path.dirname(binary));
  const candidates = [path.join(prefix, 'lib', 'janus'), path.join(prefix, 'lib64', 'janus')];
  try {
    for (const entry of await readdir(path.join(prefix, 'lib'), { withFileTypes: true })) {
      if (entry.isDirectory() && /-linux-/.test(entry.name)) candidates.push(path.join(prefix, 'lib', entry.name, 'janus'));
    }
  } catch {
    // no lib folder beside the binary
  }
  for (const dir of candidates) {
    const pluginsDir = path.join(dir, 'plugins');
    const transportsDir = path.join(dir, 'transports');
    if ((await hasFiles(pluginsDir, PLUGINS.slice(0, 1))) && (await hasFiles(transportsDir, TRANSPORTS))) return { pluginsDir, transportsDir };
  }
  return null;
}

/** The binary and its plugin folders, or why Janus cannot be run here. */
export async function locateJanus(janusPath: string): Promise<JanusInstall | { missing: string }> {
  const binary = await findExecutable(janusPath);
  if (!binary) return { missing: `no Janus binary '${janusPath}' found (install the Debian package janus, or set JANUS_PATH or JANUS_URL)` };
  const lib = await findLibDir(binary);
  if (!lib) return { missing: `Janus at ${binary} has no VideoRoom plugin and WebSocket transport beside it` };
  return { binary, ...lib };
}

const secret = () => randomBytes(24).toString('base64url');

/** Secrets generated on first use and kept (readable by the owner only) in dir/secrets.json. */
export async function loadSecrets(dir: string): Promise<JanusSecrets> {
  const file = path.join(dir, 'secrets.json');
  try {
    const stored = JSON.parse(await readFile(file, 'utf8')) as Partial<JanusSecrets>;
    if (stored.apiSecret && stored.adminSecret && stored.adminKey) return stored as JanusSecrets;
  } catch {
    // first start, or an unreadable file: make new ones
  }
  const fresh: JanusSecrets = { apiSecret: secret(), adminSecret: secret(), adminKey: secret() };
  await mkdir(dir, { recursive: true });
  try {
    await writeFile(file, JSON.stringify(fresh, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Another app instance wrote them first: use those.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return JSON.parse(await readFile(file, 'utf8')) as JanusSecrets;
    throw err;
  }
  return fresh;
}

export interface JanusLayout {
  /** This app instance's own folder: configuration, plugin links, pid files. */
  runDir: string;
  configsDir: string;
  pluginsDir: string;
  transportsDir: string;
  /** Event handlers and loggers: deliberately empty. */
  emptyDir: string;
  pidFile: string;
  /** The app process that owns this Janus. */
  ownerFile: string;
}

export function layoutOf(runDir: string): JanusLayout {
  return {
    runDir,
    configsDir: path.join(runDir, 'conf'),
    pluginsDir: path.join(runDir, 'plugins'),
    transportsDir: path.join(runDir, 'transports'),
    emptyDir: path.join(runDir, 'none'),
    pidFile: path.join(runDir, 'janus.pid'),
    ownerFile: path.join(runDir, 'owner.pid'),
  };
}

const q = (s: string) => JSON.stringify(s);

/**
 * Writes the configuration folder for one start: the core (secrets, folders, quiet logging),
 * the WebSocket transport on 127.0.0.1:port only, VideoRoom and Streaming with the admin_key.
 * The plugin folders hold links to the installed plugins Sinau uses, and nothing else.
 */
/** How Sinau's own Janus is reached from outside: a 1:1 NAT public address, or a STUN server to learn it. */
export interface JanusNat {
  publicIp?: string;
  /** host:port */
  stunServer?: string;
}

/** The `nat` section: interfaces to ignore, and what JanusNat says. */
export function natSection(nat: JanusNat): string {
  const lines = ['  ice_ignore_list = "vmnet"'];
  if (nat.publicIp) lines.push(`  nat_1_1_mapping = ${q(nat.publicIp)}`, '  keep_private_host = false');
  if (nat.stunServer) {
    const at = nat.stunServer.lastIndexOf(':');
    lines.push(`  stun_server = ${q(nat.stunServer.slice(0, at))}`, `  stun_port = ${Number(nat.stunServer.slice(at + 1))}`);
  }
  return `nat: {\n${lines.join('\n')}\n}\n`;
}

export async function writeJanusConfig(runDir: string, install: JanusInstall, secrets: JanusSecrets, port: number, rtpPortRange: string, nat: JanusNat = {}): Promise<JanusLayout> {
  const l = layoutOf(runDir);
  for (const d of [l.configsDir, l.emptyDir]) await mkdir(d, { recursive: true });
  for (const [folder, from, names] of [
    [l.pluginsDir, install.pluginsDir, PLUGINS],
    [l.transportsDir, install.transportsDir, TRANSPORTS],
  ] as const) {
    await rm(folder, { recursive: true, force: true });
    await mkdir(folder, { recursive: true });
    for (const name of names) if (await hasFiles(from, [name])) await symlink(path.join(from, name), path.join(folder, name));
  }
  const files: Record<string, string> = {
    'janus.jcfg': `# Written by Sinau at every start; edits here are overwritten.
general: {
  configs_folder = ${q(l.configsDir)}
  plugins_folder = ${q(l.pluginsDir)}
  transports_folder = ${q(l.transportsDir)}
  events_folder = ${q(l.emptyDir)}
  loggers_folder = ${q(l.emptyDir)}
  debug_level = 3
  debug_colors = false
  server_name = "sinau"
  api_secret = ${q(secrets.apiSecret)}
  admin_secret = ${q(secrets.adminSecret)}
  session_timeout = 60
  # A fixed pool of media loops, one per core, instead of a thread per PeerConnection.
  event_loops = ${Math.max(2, availableParallelism())}
  hide_dependencies = true
  # Plugins may not record into these. /var itself is not listed: DATA_DIR, where recordings
  # go, usually lives under /var/lib (a recorder under a protected folder silently writes nothing).
  protected_folders = ["/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/proc", "/sbin", "/sys", "/usr", "/var/backups", "/var/cache", "/var/lib/dpkg", "/var/log", "/var/mail", "/var/spool"]
}
media: {
  rtp_port_range = ${q(rtpPortRange)}
}
${natSection(nat)}`,
    'janus.transport.websockets.jcfg': `general: {
  json = "compact"
  ws = true
  ws_port = ${port}
  ws_ip = "127.0.0.1"
  wss = false
}
admin: {
  admin_ws = false
  admin_wss = false
}
`,
    'janus.plugin.videoroom.jcfg': `general: {
  admin_key = ${q(secrets.adminKey)}
  lock_rtp_forward = true
}
`,
    'janus.plugin.streaming.jcfg': `general: {
  admin_key = ${q(secrets.adminKey)}
}
`,
  };
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(l.configsDir, name), text, { mode: 0o600 });
  return l;
}
