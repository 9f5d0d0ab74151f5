/**
 * Abuse protection without identity. A citizen is never asked who they are, and Sinau keeps
 * neither their address nor their cookie: only keyed hashes of the device cookie, the address
 * and its network, which the rate limits and burst checks compare and which are cleared after
 * SURVEY_HASH_RETENTION_DAYS.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.ts';

/** The random cookie the survey page gives a device: httpOnly, SameSite=Lax. */
export const DEVICE_COOKIE = 'sinau_survey_device';
export const DEVICE_COOKIE_MAX_AGE = 400 * 24 * 3600;
const DEVICE_TOKEN = /^[A-Za-z0-9_-]{32}$/;

export const newDeviceToken = () => randomBytes(24).toString('base64url');
export const validDeviceToken = (v: string | undefined): v is string => typeof v === 'string' && DEVICE_TOKEN.test(v);

/** The address's network: the /24 of an IPv4 address, the /64 of an IPv6 one. */
export function networkOf(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const v4 = mapped ? mapped[1]! : ip;
  if (isIPv4(v4)) return `${v4.split('.').slice(0, 3).join('.')}.0/24`;
  if (isIPv6(ip)) {
    const [head, tail = ''] = ip.toLowerCase().split('::');
    const left = head ? head.split(':') : [];
    const right = tail ? tail.split(':') : [];
    const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
    return `${groups.slice(0, 4).map((g) => g.padStart(4, '0')).join(':')}::/64`;
  }
  return ip;
}

export interface Hasher {
  device(token: string): string;
  ip(ip: string): string;
  net(ip: string): string;
}

export function makeHasher(secret: string): Hasher {
  const h = (kind: string, value: string) => createHmac('sha256', secret).update(`${kind}:${value}`).digest('base64url').slice(0, 32);
  return {
    device: (token) => h('device', token),
    ip: (ip) => h('ip', ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '')),
    net: (ip) => h('net', networkOf(ip)),
  };
}

/** The configured key, else the one the migration made (shared by every app instance). */
export async function loadHasher(db: Kysely<DB>, configured: string): Promise<Hasher> {
  if (configured) return makeHasher(configured);
  const row = await db.selectFrom('satisfaction_hash_key').select('secret').executeTakeFirstOrThrow();
  return makeHasher(row.secret);
}
