/** Room administration in the Janus VideoRoom plugin (create, edit, destroy, exists, list, participants, RTP forwarders). */
import { JanusError, type JanusHandle } from './client.ts';

export const VIDEOROOM_PLUGIN = 'janus.plugin.videoroom';

/** VideoRoom error codes this code acts on. */
export const VIDEOROOM_ERRORS = { noSuchRoom: 426, roomExists: 427, noSuchFeed: 428, missingElement: 429, unauthorized: 433 } as const;

export interface CreateRoomOptions {
  /** Our own numeric id (so it is known before Janus has it); Janus picks one when missing. */
  room?: number;
  /** Needed to edit or destroy the room. */
  secret: string;
  /** Needed to join the room. */
  pin?: string;
  /** Most concurrent publishers (host, co-hosts, promoted speakers). */
  publishers: number;
  description: string;
  record?: boolean;
  /** Where .mjr recordings go when recording. */
  rec_dir?: string;
}

export interface RoomSummary {
  room: number;
  description: string;
  numParticipants: number;
}

export interface Participant {
  id: number;
  display?: string;
  publisher: boolean;
  talking?: boolean;
}

/** Room administration over one VideoRoom handle; `adminKey` is the plugin's admin_key, when it has one. */
export class VideoRoomAdmin {
  constructor(
    readonly handle: JanusHandle,
    private readonly adminKey: string | undefined,
  ) {}

  async createRoom(o: CreateRoomOptions): Promise<number> {
    const body: Record<string, unknown> = {
      request: 'create',
      permanent: false,
      // Private rooms are left out of a list without the admin_key.
      is_private: true,
      description: o.description,
      secret: o.secret,
      publishers: o.publishers,
    };
    if (o.room !== undefined) body.room = o.room;
    if (o.pin) body.pin = o.pin;
    if (o.record !== undefined) body.record = o.record;
    if (o.rec_dir) body.rec_dir = o.rec_dir;
    if (this.adminKey) body.admin_key = this.adminKey;
    const { data } = await this.handle.message(body);
    return Number(data.room);
  }

  /** Destroys the room (participants are kicked). Resolves false when there was no such room. */
  async destroyRoom(room: number, secret: string | undefined): Promise<boolean> {
    try {
      await this.handle.message({ request: 'destroy', room, permanent: false, ...(secret !== undefined ? { secret } : {}) });
      return true;
    } catch (err) {
      if (err instanceof JanusError && err.code === VIDEOROOM_ERRORS.noSuchRoom) return false;
      throw err;
    }
  }

  async roomExists(room: number): Promise<boolean> {
    const { data } = await this.handle.message({ request: 'exists', room });
    return data.exists === true;
  }

  /** Every room, private ones included when the admin_key is known. */
  async listRooms(): Promise<RoomSummary[]> {
    const { data } = await this.handle.message({ request: 'list', ...(this.adminKey ? { admin_key: this.adminKey } : {}) });
    const list = (data.list ?? []) as { room: number; description?: string; num_participants?: number }[];
    return list.map((r) => ({ room: Number(r.room), description: r.description ?? '', numParticipants: r.num_participants ?? 0 }));
  }

  async listParticipants(room: number): Promise<Participant[]> {
    const { data } = await this.handle.message({ request: 'listparticipants', room });
    const list = (data.participants ?? []) as { id: number; display?: string; publisher?: boolean | string; talking?: boolean }[];
    return list.map((p) => ({ id: Number(p.id), display: p.display, publisher: p.publisher === true || p.publisher === 'true', talking: p.talking }));
  }

  /** Keyframes: the room asks every publisher for one every `seconds` (0: only when a subscriber asks). */
  async setFirFreq(room: number, secret: string, seconds: number): Promise<void> {
    await this.handle.message({ request: 'edit', room, secret, new_fir_freq: seconds });
  }

  /**
   * Forwards streams of a publisher as plain RTP (or SRTP) to `host`; each stream names the
   * publisher's mid, the target port and the payload type to send with. Needs the room secret
   * and, with lock_rtp_forward, the admin_key. Resolves with the forwarders' ids.
   */
  async rtpForward(o: { room: number; secret: string; publisher: number; host: string; streams: ForwardStream[]; srtp?: { suite: 32 | 80; crypto: string } }): Promise<Forwarder[]> {
    const { data } = await this.handle.message({
      request: 'rtp_forward',
      room: o.room,
      secret: o.secret,
      publisher_id: o.publisher,
      host: o.host,
      streams: o.streams.map((s) => ({ mid: s.mid, port: s.port, pt: s.pt, ...(s.ssrc ? { ssrc: s.ssrc } : {}), ...(s.rtcpPort ? { rtcp_port: s.rtcpPort } : {}) })),
      ...(o.srtp ? { srtp_suite: o.srtp.suite, srtp_crypto: o.srtp.crypto } : {}),
      ...(this.adminKey ? { admin_key: this.adminKey } : {}),
    });
    return ((data.forwarders ?? []) as RawForwarder[]).map((f) => forwarderOf(Number(data.publisher_id), f));
  }

  /** Stops one forwarder. Resolves false when the publisher or the forwarder is gone already. */
  async stopRtpForward(room: number, secret: string, publisher: number, streamId: number): Promise<boolean> {
    try {
      await this.handle.message({ request: 'stop_rtp_forward', room, secret, publisher_id: publisher, stream_id: streamId, ...(this.adminKey ? { admin_key: this.adminKey } : {}) });
      return true;
    } catch (err) {
      if (err instanceof JanusError && err.code === VIDEOROOM_ERRORS.noSuchFeed) return false;
      throw err;
    }
  }

  /** Every RTP forwarder in the room. */
  async listForwarders(room: number, secret: string): Promise<Forwarder[]> {
    const { data } = await this.handle.message({ request: 'listforwarders', room, secret });
    const publishers = (data.publishers ?? []) as { publisher_id: number; forwarders?: RawForwarder[] }[];
    return publishers.flatMap((p) => (p.forwarders ?? []).map((f) => forwarderOf(Number(p.publisher_id), f)));
  }
}

export interface ForwardStream {
  /** The publisher's mid. */
  mid: string;
  port: number;
  pt: number;
  ssrc?: number;
  /** The receiver's RTCP port: its keyframe requests reach the publisher. */
  rtcpPort?: number;
}

export interface Forwarder {
  publisher: number;
  streamId: number;
  type: 'audio' | 'video' | 'data';
  host: string;
  port: number;
}

type RawForwarder = { stream_id: number; type: Forwarder['type']; host: string; port: number };

const forwarderOf = (publisher: number, f: RawForwarder): Forwarder => ({ publisher, streamId: Number(f.stream_id), type: f.type, host: f.host, port: Number(f.port) });
