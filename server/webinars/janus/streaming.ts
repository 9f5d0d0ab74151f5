/**
 * Mountpoint administration in the Janus Streaming plugin (1.x API): RTP mountpoints that
 * VideoRoom RTP forwarders feed and many viewers watch (create, info, destroy, list).
 */
import { JanusError, type JanusHandle } from './client.ts';

export const STREAMING_PLUGIN = 'janus.plugin.streaming';

/** Streaming error codes this code acts on. */
export const STREAMING_ERRORS = { noSuchMountpoint: 455, cantCreate: 456, unauthorized: 457 } as const;

/** One stream of a multistream RTP mountpoint: one m-line in every viewer's offer. */
export interface RtpStream {
  type: 'audio' | 'video';
  mid: string;
  codec: 'opus' | 'vp8';
  pt: number;
  /** Also bind an RTCP port, so viewers' keyframe requests go back to the source. */
  rtcp?: boolean;
}

export interface CreateMountpointOptions {
  id: number;
  /** Needed to learn the ports and to destroy the mountpoint. */
  secret: string;
  description: string;
  media: RtpStream[];
  /** The address the ports are bound to (all interfaces when missing). */
  iface?: string;
  /** SRTP the sources must use (the crypto is base64, as in SDES). */
  srtp?: { suite: 32 | 80; crypto: string };
}

/** Where a mountpoint takes its RTP: one entry per stream. */
export interface MountpointPorts {
  [mid: string]: { port: number; rtcpPort?: number };
}

export interface MountpointSummary {
  id: number;
  description: string;
}

/** Mountpoint administration over one Streaming handle; `adminKey` is the plugin's admin_key, when it has one. */
export class StreamingAdmin {
  constructor(
    readonly handle: JanusHandle,
    private readonly adminKey: string | undefined,
  ) {}

  /** Creates an RTP mountpoint whose ports Janus picks (port 0: from the plugin's rtp_port_range); resolves with them. */
  async create(o: CreateMountpointOptions): Promise<MountpointPorts> {
    const body: Record<string, unknown> = {
      request: 'create',
      type: 'rtp',
      id: o.id,
      secret: o.secret,
      description: o.description,
      is_private: true,
      permanent: false,
      media: o.media.map((m) => ({
        type: m.type,
        mid: m.mid,
        label: m.mid,
        port: 0,
        ...(m.rtcp ? { rtcpport: 0 } : {}),
        pt: m.pt,
        codec: m.codec,
        ...(o.iface ? { iface: o.iface } : {}),
      })),
    };
    if (o.srtp) {
      body.srtpsuite = o.srtp.suite;
      body.srtpcrypto = o.srtp.crypto;
    }
    if (this.adminKey) body.admin_key = this.adminKey;
    const { data } = await this.handle.message(body);
    const ports = ((data.stream as { ports?: { mid: string; port: number; rtcp_port?: number }[] } | undefined)?.ports ?? []) as { mid: string; port: number; rtcp_port?: number }[];
    return Object.fromEntries(ports.map((p) => [p.mid, { port: p.port, ...(p.rtcp_port ? { rtcpPort: p.rtcp_port } : {}) }]));
  }

  /** The mountpoint's description and ports (the secret reveals them); null when there is no such mountpoint. */
  async info(id: number, secret: string): Promise<{ description: string; viewers: number; ports: MountpointPorts } | null> {
    try {
      const { data } = await this.handle.message({ request: 'info', id, secret });
      const info = data.info as { description?: string; viewers?: number; media?: { mid: string; port?: number; rtcpport?: number }[] };
      const ports: MountpointPorts = {};
      for (const m of info.media ?? []) if (m.port) ports[m.mid] = { port: m.port, ...(m.rtcpport ? { rtcpPort: m.rtcpport } : {}) };
      return { description: info.description ?? '', viewers: info.viewers ?? 0, ports };
    } catch (err) {
      if (err instanceof JanusError && err.code === STREAMING_ERRORS.noSuchMountpoint) return null;
      throw err;
    }
  }

  /** Destroys the mountpoint (its viewers' PeerConnections close). Resolves false when there was no such mountpoint. */
  async destroy(id: number, secret: string | undefined): Promise<boolean> {
    try {
      await this.handle.message({ request: 'destroy', id, permanent: false, ...(secret !== undefined ? { secret } : {}) });
      return true;
    } catch (err) {
      if (err instanceof JanusError && err.code === STREAMING_ERRORS.noSuchMountpoint) return false;
      throw err;
    }
  }

  /** Every mountpoint, private ones included when the admin_key is known. */
  async list(): Promise<MountpointSummary[]> {
    const { data } = await this.handle.message({ request: 'list', ...(this.adminKey ? { admin_key: this.adminKey } : {}) });
    return ((data.list ?? []) as { id: number; description?: string }[]).map((m) => ({ id: Number(m.id), description: m.description ?? '' }));
  }
}
