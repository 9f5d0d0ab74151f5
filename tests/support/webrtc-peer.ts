/**
 * WebRTC peers in Node (werift) for tests and benchmarks of live webinars: a publisher whose
 * VP8 video and Opus audio come from an ffmpeg test pattern, and a subscriber that counts the
 * RTP it receives. Both speak plain SDP, so they work with any signalling; the helpers at the
 * end drive them through Janus VideoRoom messages on a handle, as the server does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { MediaStreamTrack, RTCPeerConnection, useOPUS, useVP8, type RTCPeerConnectionConfig } from 'werift';
import type { JanusHandle } from '../../server/webinars/janus/client.ts';
import { findExecutable } from '../../server/webinars/janus/install.ts';
import type { RoomClient } from './room-client.ts';

/** A session description as Janus carries it in `jsep`; `trickle: false` says every candidate is in the SDP. */
export interface Jsep {
  type: 'offer' | 'answer';
  sdp: string;
  trickle?: boolean;
}

export type MediaKind = 'audio' | 'video';

/** RTP counted for one kind of media; bytes are RTP payload bytes. */
export interface RtpCount {
  packets: number;
  bytes: number;
}

export interface PeerOptions {
  /**
   * Host addresses offered besides werift's own (which leave loopback out): 127.0.0.1 by
   * default, so a peer reaches a Janus on the same machine without any network.
   */
  hostAddresses?: string[];
  /** Anything else for werift's RTCPeerConnection. */
  config?: RTCPeerConnectionConfig;
}

const GATHER_TIMEOUT_MS = 10_000;

function peerConnection(o: PeerOptions): RTCPeerConnection {
  return new RTCPeerConnection({
    codecs: { video: [useVP8()], audio: [useOPUS()] },
    iceUseIpv6: false,
    iceAdditionalHostAddresses: o.hostAddresses ?? ['127.0.0.1'],
    ...o.config,
  });
}

/** Resolves once ICE gathering is complete, so the local SDP holds every candidate. */
function gathered(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error('ICE gathering did not complete in time'));
    }, GATHER_TIMEOUT_MS);
    const { unSubscribe: unsubscribe } = pc.iceGatheringStateChange.subscribe((state) => {
      if (state !== 'complete') return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}

/** Resolves when the connection is up; rejects when it fails, closes, or takes longer than `ms`. */
function connectedWithin(pc: RTCPeerConnection, ms: number): Promise<void> {
  if (pc.connectionState === 'connected') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`the peer connection is still '${pc.connectionState}' after ${ms} ms`));
    }, ms);
    const { unSubscribe: unsubscribe } = pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected') {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      } else if (state === 'failed' || state === 'closed') {
        clearTimeout(timer);
        unsubscribe();
        reject(new Error(`the peer connection ${state}`));
      }
    });
  });
}

function localJsep(pc: RTCPeerConnection): Jsep {
  const d = pc.localDescription;
  if (!d) throw new Error('no local description');
  return { type: d.type as Jsep['type'], sdp: d.sdp, trickle: false };
}

const isRtcp = (b: Buffer) => b.length >= 2 && b[1]! >= 192 && b[1]! <= 223;

export interface PublisherOptions extends PeerOptions {
  /** Which media to send (both by default). */
  video?: boolean;
  audio?: boolean;
  width?: number;
  height?: number;
  fps?: number;
  /** Target video bitrate in kbit/s. */
  videoKbps?: number;
  /** The sine tone's frequency, to tell publishers apart in a mixed recording. */
  toneHz?: number;
  /** ffmpeg stops sending after this long (a safety net for long benchmarks); default one hour. */
  maxSeconds?: number;
  ffmpegPath?: string;
}

/**
 * Sends a test pattern (testsrc, VP8) and a tone (sine, Opus), encoded in real time by one
 * ffmpeg that writes RTP to local UDP sockets; each packet goes on through track.writeRtp
 * (werift rewrites SSRC, payload type and sequence for the negotiated stream). A key frame
 * every second, since ffmpeg cannot answer Janus's picture loss requests.
 */
export class WebRtcPublisher {
  readonly pc: RTCPeerConnection;
  readonly tracks: Partial<Record<MediaKind, MediaStreamTrack>> = {};
  /** RTP read from ffmpeg and handed to werift (sent once the connection is up). */
  readonly produced: Record<MediaKind, RtpCount> = { audio: { packets: 0, bytes: 0 }, video: { packets: 0, bytes: 0 } };
  private readonly sockets: Socket[] = [];
  private ffmpeg: ChildProcess | null = null;
  private ffmpegLog = '';
  private closed = false;

  private constructor(
    private readonly o: PublisherOptions,
    pc: RTCPeerConnection,
  ) {
    this.pc = pc;
  }

  /** Opens the sockets, starts ffmpeg and adds the send-only tracks. */
  static async start(o: PublisherOptions = {}): Promise<WebRtcPublisher> {
    const p = new WebRtcPublisher(o, peerConnection(o));
    try {
      const outputs: string[] = [];
      const kinds = (['video', 'audio'] as const).filter((k) => o[k] !== false);
      if (kinds.length === 0) throw new Error('a publisher sends video, audio or both');
      for (const kind of kinds) {
        const track = new MediaStreamTrack({ kind });
        p.tracks[kind] = track;
        p.pc.addTransceiver(track, { direction: 'sendonly' });
        const port = await p.listen(kind, track);
        const url = `rtp://127.0.0.1:${port}?pkt_size=1200`;
        if (kind === 'video') {
          const fps = o.fps ?? 15;
          const kbps = o.videoKbps ?? 500;
          outputs.push(
            '-map', '0:v', '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-threads', '1',
            '-b:v', `${kbps}k`, '-maxrate', `${kbps}k`, '-bufsize', `${kbps}k`, '-g', String(fps), '-keyint_min', String(fps),
            '-auto-alt-ref', '0', '-error-resilient', '1', '-f', 'rtp', url,
          );
        } else {
          outputs.push('-map', `${kinds.length === 2 ? 1 : 0}:a`, '-c:a', 'libopus', '-b:a', '48k', '-ar', '48000', '-ac', '2', '-application', 'lowdelay', '-f', 'rtp', url);
        }
      }
      const inputs: string[] = [];
      const input = (source: string) => inputs.push('-re', '-t', String(o.maxSeconds ?? 3600), '-f', 'lavfi', '-i', source);
      if (o.video !== false) input(`testsrc=size=${o.width ?? 640}x${o.height ?? 360}:rate=${o.fps ?? 15}`);
      if (o.audio !== false) input(`sine=frequency=${o.toneHz ?? 440}:sample_rate=48000`);
      const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', ...inputs, ...outputs];
      // With setpriv, ffmpeg dies with the test process even when that is killed.
      const setpriv = await findExecutable('setpriv');
      const [cmd, argv] = setpriv ? [setpriv, ['--pdeathsig', 'KILL', '--', o.ffmpegPath ?? 'ffmpeg', ...args]] : [o.ffmpegPath ?? 'ffmpeg', args];
      const child = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
      p.ffmpeg = child;
      child.stderr!.setEncoding('utf8').on('data', (s: string) => {
        p.ffmpegLog = (p.ffmpegLog + s).slice(-4000);
      });
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
      return p;
    } catch (err) {
      await p.close();
      throw err;
    }
  }

  private listen(kind: MediaKind, track: MediaStreamTrack): Promise<number> {
    const socket = createSocket('udp4');
    this.sockets.push(socket);
    socket.on('message', (buf) => {
      // ffmpeg also sends RTCP sender reports to the port above; anything not RTP is dropped.
      if (isRtcp(buf) || this.closed) return;
      this.produced[kind].packets++;
      this.produced[kind].bytes += buf.length - 12;
      track.writeRtp(buf);
    });
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => resolve(socket.address().port));
    });
  }

  /** The offer, once every local candidate is in it. */
  async offer(): Promise<Jsep> {
    await this.pc.setLocalDescription(await this.pc.createOffer());
    await gathered(this.pc);
    return localJsep(this.pc);
  }

  async acceptAnswer(answer: Jsep): Promise<void> {
    await this.pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
  }

  connected(ms = 10_000): Promise<void> {
    return connectedWithin(this.pc, ms);
  }

  /** What ffmpeg last said on stderr (for a test's failure message). */
  get log(): string {
    return this.ffmpegLog;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const child = this.ffmpeg;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(timer);
    }
    for (const s of this.sockets) s.close();
    for (const t of Object.values(this.tracks)) t.stop();
    await this.pc.close();
  }
}

/** Receives what it is offered and counts the RTP packets and payload bytes per kind (and per track). */
export class WebRtcSubscriber {
  readonly pc: RTCPeerConnection;
  readonly received: Record<MediaKind, RtpCount> = { audio: { packets: 0, bytes: 0 }, video: { packets: 0, bytes: 0 } };
  /** Each remote track, in the order they arrived, with what it received. */
  readonly tracks: { kind: MediaKind; received: RtpCount }[] = [];
  private waiters = new Set<() => void>();

  constructor(o: PeerOptions = {}) {
    this.pc = peerConnection(o);
    this.pc.onTrack.subscribe((track) => {
      const kind = track.kind as MediaKind;
      const total = this.received[kind];
      if (!total) return;
      const own = { packets: 0, bytes: 0 };
      this.tracks.push({ kind, received: own });
      track.onReceiveRtp.subscribe((rtp) => {
        for (const c of [total, own]) {
          c.packets++;
          c.bytes += rtp.payload.length;
        }
        for (const w of [...this.waiters]) w();
      });
    });
  }

  /** The answer to a remote offer, once every local candidate is in it. */
  async answer(offer: Jsep): Promise<Jsep> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    await gathered(this.pc);
    return localJsep(this.pc);
  }

  connected(ms = 10_000): Promise<void> {
    return connectedWithin(this.pc, ms);
  }

  /** Resolves once at least this many packets of each kind arrived; rejects after `ms` with what did. */
  waitForPackets(want: Partial<Record<MediaKind, number>>, ms = 10_000): Promise<void> {
    const enough = () => (Object.entries(want) as [MediaKind, number][]).every(([k, n]) => this.received[k].packets >= n);
    if (enough()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = () => {
        if (!enough()) return;
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(done);
        reject(new Error(`wanted ${JSON.stringify(want)} RTP packets, received ${JSON.stringify(this.received)} in ${ms} ms`));
      }, ms);
      this.waiters.add(done);
    });
  }

  async close(): Promise<void> {
    await this.pc.close();
  }
}

// ---- Janus VideoRoom -----------------------------------------------------------------------

/** Resolves with the first event on the handle that `match` accepts (core events such as webrtcup, or plugin events). */
export function janusEvent(handle: JanusHandle, match: (msg: { janus: string; plugindata?: { data: Record<string, unknown> } }) => boolean, ms = 10_000) {
  return new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => {
      handle.off('event', on);
      reject(new Error(`no matching Janus event on handle ${handle.id} in ${ms} ms`));
    }, ms);
    const on = (msg: { janus: string; plugindata?: { data: Record<string, unknown> } }) => {
      if (!match(msg)) return;
      clearTimeout(timer);
      handle.off('event', on);
      resolve(msg as Record<string, unknown>);
    };
    handle.on('event', on);
  });
}

export interface PublishOptions {
  room: number;
  display?: string;
  pin?: string;
  /** The publisher's id in the room (Janus picks one when missing). */
  id?: number;
  /** Extra fields of the publish request (e.g. a per-publisher `record` or `filename`). */
  publish?: Record<string, unknown>;
}

/**
 * Joins the room as a publisher on a VideoRoom handle, publishes the peer's offer and applies
 * Janus's answer; resolves once Janus says the PeerConnection is up (webrtcup).
 */
export async function publishToRoom(handle: JanusHandle, publisher: WebRtcPublisher, o: PublishOptions): Promise<{ id: number; privateId: number }> {
  const { data: joined } = await handle.message({
    request: 'join',
    ptype: 'publisher',
    room: o.room,
    ...(o.display !== undefined ? { display: o.display } : {}),
    ...(o.pin !== undefined ? { pin: o.pin } : {}),
    ...(o.id !== undefined ? { id: o.id } : {}),
  });
  if (joined.videoroom !== 'joined') throw new Error(`unexpected answer to join: ${JSON.stringify(joined)}`);
  const up = janusEvent(handle, (m) => m.janus === 'webrtcup');
  const { jsep } = await handle.message({ request: 'publish', ...o.publish }, await publisher.offer());
  if (!jsep) throw new Error('Janus answered the publish request without an SDP answer');
  await publisher.acceptAnswer(jsep as Jsep);
  await Promise.all([up, publisher.connected()]);
  return { id: Number(joined.id), privateId: Number(joined.private_id) };
}

export interface SubscribeOptions {
  room: number;
  /** The publisher (or publishers) whose streams to receive, all on one PeerConnection. */
  feed: number | number[];
  pin?: string;
  /** The subscribing participant's private_id as a publisher in the room, when it is one. */
  privateId?: number;
}

/**
 * Joins the room as a subscriber to one feed (or several) on a VideoRoom handle: Janus offers, the peer
 * answers, `start` carries the answer; resolves once Janus says the PeerConnection is up.
 */
export async function subscribeToFeed(handle: JanusHandle, subscriber: WebRtcSubscriber, o: SubscribeOptions): Promise<void> {
  const { data, jsep } = await handle.message({
    request: 'join',
    ptype: 'subscriber',
    room: o.room,
    streams: (Array.isArray(o.feed) ? o.feed : [o.feed]).map((feed) => ({ feed })),
    ...(o.pin !== undefined ? { pin: o.pin } : {}),
    ...(o.privateId !== undefined ? { private_id: o.privateId } : {}),
  });
  if (data.videoroom !== 'attached' || !jsep) throw new Error(`unexpected answer to a subscriber join: ${JSON.stringify(data)}`);
  const up = janusEvent(handle, (m) => m.janus === 'webrtcup');
  const answer = await subscriber.answer(jsep as Jsep);
  await handle.message({ request: 'start' }, answer);
  await Promise.all([up, subscriber.connected()]);
}

/**
 * Publishes a test pattern through Sinau's room socket (as the browser does: `publish` with an
 * offer, then Janus's answer), and waits for the connection. The caller closes the publisher.
 */
export async function publishThroughRoom(room: RoomClient, o: PublisherOptions & { source?: 'camera' | 'screen'; ms?: number } = {}): Promise<WebRtcPublisher> {
  const audio = o.audio ?? true;
  const video = o.video ?? true;
  const ms = o.ms ?? 15_000;
  const pub = await WebRtcPublisher.start({ width: 320, height: 240, fps: 10, ...o, audio, video });
  try {
    const offer = await pub.offer();
    const answered = room.next('publish.answer', () => true, ms);
    await room.request({ type: 'publish', jsep: { type: 'offer', sdp: offer.sdp }, source: o.source ?? 'camera', audio, video }, ms);
    await pub.acceptAnswer((await answered).jsep as Jsep);
    await pub.connected(ms);
    return pub;
  } catch (err) {
    await pub.close();
    throw err;
  }
}
