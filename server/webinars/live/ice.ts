/**
 * The STUN/TURN servers a browser's PeerConnections use (WEBINAR_ICE_URLS). TURN needs
 * credentials: with coturn's shared secret (WEBINAR_TURN_SECRET, coturn `use-auth-secret`),
 * each room socket gets its own, valid for WEBINAR_TURN_HOURS — the "TURN REST API" scheme:
 * the username is the expiry (Unix seconds) and who it is for, the password
 * base64(HMAC-SHA1(secret, username)). The secret itself never leaves the server.
 */
import { createHmac } from 'node:crypto';

export interface IceServerV {
  urls: string[];
  username?: string;
  credential?: string;
}

export interface IceConfig {
  urls: string[];
  turnSecret: string;
  turnHours: number;
}

export function iceConfigOf(c: { WEBINAR_ICE_URLS: string; WEBINAR_TURN_SECRET: string; WEBINAR_TURN_HOURS: number }): IceConfig {
  return { urls: c.WEBINAR_ICE_URLS.split(',').filter(Boolean), turnSecret: c.WEBINAR_TURN_SECRET, turnHours: c.WEBINAR_TURN_HOURS };
}

const isTurn = (url: string) => /^turns?:/.test(url);

/** The ICE servers for one person's room socket. */
export function iceServersFor(c: IceConfig, personId: number, now = Date.now()): IceServerV[] {
  const stun = c.urls.filter((u) => !isTurn(u));
  const turn = c.urls.filter(isTurn);
  const servers: IceServerV[] = [];
  if (stun.length) servers.push({ urls: stun });
  if (turn.length && c.turnSecret) {
    const username = `${Math.floor(now / 1000) + c.turnHours * 3600}:sinau-${personId}`;
    servers.push({ urls: turn, username, credential: createHmac('sha1', c.turnSecret).update(username).digest('base64') });
  }
  return servers;
}
