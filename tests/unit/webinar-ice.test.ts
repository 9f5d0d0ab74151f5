import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/plugins/config.ts';
import { natSection } from '../../server/webinars/janus/install.ts';
import { iceConfigOf, iceServersFor } from '../../server/webinars/live/ice.ts';

describe('ICE servers for browsers', () => {
  it('gives none by default', () => {
    expect(iceServersFor(iceConfigOf(loadConfig({})), 19)).toEqual([]);
  });

  it('passes STUN servers as they are, and gives each person TURN credentials of their own (coturn use-auth-secret)', () => {
    const c = iceConfigOf(
      loadConfig({ WEBINAR_ICE_URLS: 'stun:stun.surakarta.go.id:3478,turn:turn.surakarta.go.id:3478?transport=udp,turns:turn.surakarta.go.id:5349', WEBINAR_TURN_SECRET: 'coturn-secret' }),
    );
    const now = 1_800_000_000_000;
    expect(iceServersFor(c, 19, now)).toEqual([
      { urls: ['stun:stun.surakarta.go.id:3478'] },
      {
        urls: ['turn:turn.surakarta.go.id:3478?transport=udp', 'turns:turn.surakarta.go.id:5349'],
        // Expires 12 h later (WEBINAR_TURN_HOURS); the password as openssl computes it:
        // printf '1800043200:sinau-19' | openssl dgst -sha1 -hmac coturn-secret -binary | base64
        username: '1800043200:sinau-19',
        credential: 'AyXVcmdIy1TATgb9vfapFW8H8c4=',
      },
    ]);
    expect(iceServersFor(c, 20, now)[1]!.credential).not.toBe('AyXVcmdIy1TATgb9vfapFW8H8c4=');
  });

  it('refuses settings that cannot work', () => {
    expect(() => loadConfig({ WEBINAR_ICE_URLS: 'turn:turn.surakarta.go.id:3478' })).toThrow(ConfigError);
    expect(() => loadConfig({ WEBINAR_ICE_URLS: 'https://turn.surakarta.go.id' })).toThrow(ConfigError);
    expect(() => loadConfig({ JANUS_PUBLIC_IP: 'janus.surakarta.go.id' })).toThrow(ConfigError);
    expect(() => loadConfig({ JANUS_STUN_SERVER: 'stun.surakarta.go.id' })).toThrow(ConfigError);
  });
});

describe('Janus behind NAT', () => {
  it('writes the public address and the STUN server into the nat section', () => {
    expect(natSection({})).toBe('nat: {\n  ice_ignore_list = "vmnet"\n}\n');
    const s = natSection({ publicIp: '203.0.113.7', stunServer: 'stun.surakarta.go.id:3478' });
    expect(s).toContain('nat_1_1_mapping = "203.0.113.7"');
    expect(s).toContain('keep_private_host = false');
    expect(s).toContain('stun_server = "stun.surakarta.go.id"');
    expect(s).toContain('stun_port = 3478');
    expect(loadConfig({ JANUS_PUBLIC_IP: '203.0.113.7', JANUS_STUN_SERVER: 'stun.surakarta.go.id:3478' }).JANUS_PUBLIC_IP).toBe('203.0.113.7');
  });
});
