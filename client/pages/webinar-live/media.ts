import type { ServerMessage, Source, StreamV } from '../../api/webinar-live.ts';
import { RoomError, type RoomConnection } from './room-connection.ts';

/**
 * What went wrong with media, worded for people by the page: the camera or microphone was not
 * allowed, is missing or busy; the browser cannot send media here; a screen could not be shared;
 * the server refused a publication or subscription; the media connection failed.
 */
export type MediaProblem =
  | 'camera-denied'
  | 'camera-missing'
  | 'camera-busy'
  | 'unsupported'
  | 'screen-failed'
  | 'publish-failed'
  | 'subscribe-failed'
  | 'connection-failed';

/** off → starting (camera asked, offer sent) → on (the server's answer applied). */
export type PublishState = 'off' | 'starting' | 'on';

export interface RemoteAudio {
  mid: string;
  feedId: number;
  track: MediaStreamTrack;
}

type PcName = 'publisher' | 'subscriber';

const PUBLISHING_PROBLEMS: ReadonlySet<MediaProblem> = new Set(['camera-denied', 'camera-missing', 'camera-busy', 'unsupported', 'screen-failed', 'publish-failed']);

/** Media requests wait longer than chat: the server asks Janus before it answers. */
const MEDIA_TIMEOUT_MS = 30_000;
/** Automatic reconnections after the received media failed, before asking the person. */
const MAX_RECOVERIES = 2;

function iceUfrag(sdp: string | undefined): string | null {
  return sdp?.match(/^a=ice-ufrag:(\S+)/m)?.[1] ?? null;
}

function problemFromMediaError(error: unknown): MediaProblem {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'camera-denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'camera-missing';
  return 'camera-busy';
}

/**
 * The room's WebRTC side, with plain RTCPeerConnections whose signalling goes over the room's
 * socket (the browser never talks to Janus). Every participant subscribes once welcomed to a
 * live room with live video, answering each `subscribe.offer`; hosts and speakers may publish a
 * camera and microphone, swap the camera for a shared screen (replaceTrack, then `source`),
 * mute their microphone and stop. A new welcome (after a reconnection) starts the subscription
 * again and publishes again what was being published.
 *
 * Events: `change` when anything shown changed; `muted` (CustomEvent<string>: who muted this
 * person's microphone); `demoted` when publishing stopped because the role became attendee.
 */
export class RoomMedia extends EventTarget {
  /** Receives every feed in the room; reachable for the end-to-end tests' getStats. */
  subscriberPc: RTCPeerConnection | null = null;
  /** Sends this person's camera or screen and microphone. */
  publisherPc: RTCPeerConnection | null = null;
  /** The subscription's streams from the latest offer: which mid carries which feed. */
  streams: StreamV[] = [];
  /** STUN/TURN servers from the latest welcome (TURN credentials are this socket's own). */
  private iceServers: RTCIceServer[] = [];
  /** Receive audio only (a weak connection). */
  audioOnly: boolean;
  publishState: PublishState = 'off';
  /** What the published video shows. */
  source: Source = 'camera';
  micMuted = false;
  /** Microphone and (when there is one) camera. */
  localStream: MediaStream | null = null;
  screenTrack: MediaStreamTrack | null = null;
  problem: MediaProblem | null = null;
  /** The server's words for a refused publication or subscription. */
  problemDetail = '';

  private subscribeState: 'none' | 'requested' | 'active' = 'none';
  private offerChain: Promise<void> = Promise.resolve();
  /** Reconnections since the received media last connected. */
  private recoveries = 0;
  /** A host muted this person: the server also silenced the feed, so unmuting publishes anew. */
  private mutedByHost = false;
  private audioSender: RTCRtpSender | null = null;
  private videoSender: RTCRtpSender | null = null;
  /** Candidates gathered before their offer or answer went to the server wait here. */
  private readonly held: Record<PcName, (RTCIceCandidate | null)[]> = { publisher: [], subscriber: [] };
  private readonly canTrickle: Record<PcName, boolean> = { publisher: false, subscriber: false };
  private disposed = false;

  constructor(
    private readonly room: RoomConnection,
    options: { audioOnly: boolean },
  ) {
    super();
    this.audioOnly = options.audioOnly;
    room.addEventListener('message', this.onMessage);
    room.addEventListener('change', this.onRoomChange);
  }

  /** Whether this browser can send media from this page (needs a secure context). */
  static canPublish(): boolean {
    return typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;
  }

  static canShareScreen(): boolean {
    return typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getDisplayMedia;
  }

  dispose(): void {
    this.disposed = true;
    this.room.removeEventListener('message', this.onMessage);
    this.room.removeEventListener('change', this.onRoomChange);
    this.closeSubscriber();
    this.stopLocal();
  }

  /** A received track by mid, while its stream is live in the subscription. */
  remoteTrack(mid: string): MediaStreamTrack | null {
    const transceiver = this.subscriberPc?.getTransceivers().find((t) => t.mid === mid);
    if (!transceiver || transceiver.currentDirection === 'inactive' || transceiver.currentDirection === 'stopped') return null;
    return transceiver.receiver.track;
  }

  /** Every speaker's received audio, except this person's own. */
  remoteAudio(): RemoteAudio[] {
    const me = this.room.state?.me.personId;
    const result: RemoteAudio[] = [];
    for (const stream of this.streams) {
      if (stream.kind !== 'audio' || stream.personId === me) continue;
      const track = this.remoteTrack(stream.mid);
      if (track) result.push({ mid: stream.mid, feedId: stream.feedId, track });
    }
    return result;
  }

  /** The camera's video track, while it runs. */
  get cameraTrack(): MediaStreamTrack | null {
    return this.localStream?.getVideoTracks()[0] ?? null;
  }

  // ---- Subscribing -----------------------------------------------------------------------------

  /** Switches between receiving video and audio only; the subscription starts again. */
  setAudioOnly(on: boolean): void {
    if (this.audioOnly === on) return;
    this.audioOnly = on;
    // The server starts a new subscription when the mode changes; its offer gets a new connection.
    this.closeSubscriber();
    this.maybeSubscribe();
    this.changed();
  }

  private maybeSubscribe(): void {
    const state = this.room.state;
    if (this.disposed || this.subscribeState !== 'none' || this.room.status !== 'open') return;
    if (!state?.liveVideo || state.webinar.status !== 'live') return;
    this.subscribeState = 'requested';
    this.room.request({ type: 'subscribe', ...(this.audioOnly ? { audioOnly: true } : {}) }, MEDIA_TIMEOUT_MS).then(
      () => {
        if (this.problem === 'subscribe-failed') this.setProblem(null);
      },
      (error: unknown) => {
        // A refusal (e.g. nobody publishes yet) is tried again at the next change of feeds.
        if (!(error instanceof RoomError) || error.code === 'timeout' || this.subscribeState !== 'requested') return;
        this.subscribeState = 'none';
        if (error.code !== 'disconnected') this.setProblem('subscribe-failed', error.message);
      },
    );
  }

  private closeSubscriber(): void {
    this.subscriberPc?.close();
    this.subscriberPc = null;
    this.streams = [];
    this.subscribeState = 'none';
    this.held.subscriber = [];
    this.canTrickle.subscriber = false;
  }

  private createSubscriber(): RTCPeerConnection {
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', iceServers: this.iceServers });
    this.subscriberPc = pc;
    this.canTrickle.subscriber = false;
    this.held.subscriber = [];
    pc.onicecandidate = (event) => this.trickle('subscriber', pc, event.candidate);
    pc.ontrack = (event) => {
      event.track.addEventListener('unmute', () => this.changed());
      event.track.addEventListener('ended', () => this.changed());
      this.changed();
    };
    pc.onconnectionstatechange = () => {
      if (this.subscriberPc !== pc) return;
      if (pc.connectionState === 'failed') this.recoverSubscriber();
      else if (pc.connectionState === 'connected') {
        this.recoveries = 0;
        if (this.problem === 'connection-failed') this.setProblem(null);
      }
      this.changed();
    };
    return pc;
  }

  /**
   * The received media failed while the room's socket still works. The protocol has no way to
   * ask for a new subscription on the same socket, so the socket starts over: its welcome
   * brings a fresh subscription (and republishes). After a few tries the person decides.
   */
  private recoverSubscriber(): void {
    this.closeSubscriber();
    this.setProblem('connection-failed');
    if (this.recoveries >= MAX_RECOVERIES) return;
    this.recoveries++;
    setTimeout(() => {
      if (!this.disposed && this.problem === 'connection-failed') this.room.restart();
    }, 1_000 * this.recoveries);
  }

  /** Tries the media again when the person asks (after the automatic tries gave up). */
  retry(): void {
    this.recoveries = 0;
    this.setProblem(null);
    this.room.restart();
  }

  private onOffer(offer: Extract<ServerMessage, { type: 'subscribe.offer' }>): void {
    this.offerChain = this.offerChain.then(() => this.answerOffer(offer)).catch(() => this.recoverSubscriber());
  }

  private async answerOffer(offer: Extract<ServerMessage, { type: 'subscribe.offer' }>): Promise<void> {
    if (this.disposed) return;
    let pc = this.subscriberPc;
    // A new Janus subscription comes with new ICE credentials; an update of the same one keeps them.
    if (!pc || iceUfrag(offer.jsep.sdp) !== iceUfrag(pc.remoteDescription?.sdp)) {
      this.closeSubscriber();
      pc = this.createSubscriber();
    }
    this.subscribeState = 'active';
    this.streams = offer.streams;
    await pc.setRemoteDescription(offer.jsep);
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    if (this.subscriberPc !== pc) return;
    const sdp = pc.localDescription?.sdp ?? answer.sdp ?? '';
    this.room.request({ type: 'subscribe.answer', jsep: { type: 'answer', sdp } }, MEDIA_TIMEOUT_MS).catch((error: unknown) => {
      if (error instanceof RoomError && error.code !== 'timeout' && error.code !== 'disconnected') this.setProblem('subscribe-failed', error.message);
    });
    this.releaseCandidates('subscriber');
    this.changed();
  }

  // ---- Publishing ------------------------------------------------------------------------------

  /** Starts the camera and microphone (the microphone alone when there is no camera) and publishes. */
  async startCamera(): Promise<void> {
    if (this.publishState !== 'off') return;
    if (!RoomMedia.canPublish()) return this.setProblem('unsupported');
    this.publishState = 'starting';
    this.setProblem(null);
    let stream: MediaStream;
    try {
      stream = await this.getCamera();
    } catch (error) {
      this.publishState = 'off';
      return this.setProblem(problemFromMediaError(error));
    }
    if (this.disposed || this.publishState !== 'starting' || !this.mayPublish()) {
      stream.getTracks().forEach((t) => t.stop());
      if (this.publishState === 'starting') this.publishState = 'off';
      return this.changed();
    }
    this.localStream = stream;
    this.source = 'camera';
    this.micMuted = false;
    this.mutedByHost = false;
    await this.publish();
  }

  private async getCamera(): Promise<MediaStream> {
    const audio: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };
    try {
      return await navigator.mediaDevices.getUserMedia({
        audio,
        video: { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 24, max: 30 } },
      });
    } catch (error) {
      // Without a usable camera, the microphone alone still lets a speaker speak.
      if (problemFromMediaError(error) === 'camera-denied') throw error;
      return navigator.mediaDevices.getUserMedia({ audio });
    }
  }

  private async publish(): Promise<void> {
    const stream = this.localStream;
    if (!stream) return;
    this.publisherPc?.close();
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', iceServers: this.iceServers });
    this.publisherPc = pc;
    this.publishState = 'starting';
    this.canTrickle.publisher = false;
    this.held.publisher = [];
    pc.onicecandidate = (event) => this.trickle('publisher', pc, event.candidate);
    pc.onconnectionstatechange = () => {
      if (this.publisherPc !== pc) return;
      if (pc.connectionState === 'failed') this.setProblem('connection-failed');
      this.changed();
    };
    const audio = stream.getAudioTracks()[0] ?? null;
    const video = this.source === 'screen' && this.screenTrack ? this.screenTrack : (stream.getVideoTracks()[0] ?? null);
    if (audio) audio.enabled = !this.micMuted;
    this.audioSender = audio ? pc.addTransceiver(audio, { direction: 'sendonly', streams: [stream] }).sender : null;
    // A video line even without a camera, so a screen can be shared later without renegotiating.
    this.videoSender = pc.addTransceiver(video ?? 'video', { direction: 'sendonly', streams: [stream] }).sender;
    this.changed();
    try {
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
    } catch {
      if (this.publisherPc === pc) this.failPublishing('publish-failed');
      return;
    }
    if (this.publisherPc !== pc) return;
    const sdp = pc.localDescription?.sdp ?? '';
    this.room
      .request({ type: 'publish', jsep: { type: 'offer', sdp }, source: video ? this.source : 'camera', audio: !!audio, video: !!video }, MEDIA_TIMEOUT_MS)
      .catch((error: unknown) => {
        if (this.publisherPc !== pc) return;
        // The answer may have come and the ack been lost in a reconnection: that one republishes.
        if (error instanceof RoomError && (error.code === 'disconnected' || (error.code === 'timeout' && this.publishState === 'on'))) return;
        this.failPublishing('publish-failed', error instanceof RoomError ? error.message : '');
      });
    this.releaseCandidates('publisher');
  }

  private async onPublishAnswer(answer: Extract<ServerMessage, { type: 'publish.answer' }>): Promise<void> {
    const pc = this.publisherPc;
    if (!pc || pc.signalingState !== 'have-local-offer') return;
    try {
      await pc.setRemoteDescription(answer.jsep);
    } catch {
      if (this.publisherPc === pc) this.failPublishing('publish-failed');
      return;
    }
    if (this.publisherPc !== pc) return;
    this.publishState = 'on';
    this.setProblem(null);
  }

  /** Shows a screen (or window, or tab) instead of the camera, until the sharing stops. */
  async shareScreen(): Promise<void> {
    if (this.publishState !== 'on' || this.screenTrack || !this.videoSender) return;
    let display: MediaStream;
    try {
      display = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15, max: 30 } }, audio: false });
    } catch (error) {
      // Cancelling the browser's picker is a choice, not a problem.
      if (!(error instanceof DOMException && error.name === 'NotAllowedError')) this.setProblem('screen-failed');
      return;
    }
    const track = display.getVideoTracks()[0];
    const sender = this.videoSender;
    if (!track || !sender || this.publishState !== 'on') {
      display.getTracks().forEach((t) => t.stop());
      return;
    }
    track.contentHint = 'detail';
    // The browser's own "Stop sharing" button ends the track.
    track.addEventListener('ended', () => void this.stopScreen());
    try {
      await sender.replaceTrack(track);
    } catch {
      track.stop();
      return this.setProblem('screen-failed');
    }
    this.screenTrack = track;
    this.source = 'screen';
    this.changed();
    this.sendSource('screen');
  }

  /** Back to the camera (or no picture, without one) after sharing a screen. */
  async stopScreen(): Promise<void> {
    const track = this.screenTrack;
    if (!track) return;
    this.screenTrack = null;
    track.stop();
    this.source = 'camera';
    this.changed();
    if (this.publishState === 'off') return;
    try {
      await this.videoSender?.replaceTrack(this.cameraTrack);
    } catch {
      // The publication is being torn down.
    }
    this.sendSource('camera');
  }

  private sendSource(source: Source): void {
    this.room.request({ type: 'source', source }).catch(() => {
      // The next welcome republishes with the current source anyway.
    });
  }

  toggleMic(): void {
    const track = this.localStream?.getAudioTracks()[0];
    if (!track) return;
    this.micMuted = !this.micMuted;
    track.enabled = !this.micMuted;
    if (!this.micMuted && this.mutedByHost && this.publishState === 'on') {
      // The server had the feed's audio silenced; a new publication is heard again.
      this.mutedByHost = false;
      void this.publish();
    }
    this.changed();
  }

  /** Stops publishing and releases the camera, microphone and screen. */
  stopPublishing(): void {
    if (this.publishState === 'off') return;
    this.room.request({ type: 'unpublish' }).catch(() => {
      // Closing the peer connection ends the publication on the server too.
    });
    this.stopLocal();
  }

  private failPublishing(problem: MediaProblem, detail = ''): void {
    this.stopLocal();
    this.setProblem(problem, detail);
  }

  private stopLocal(): void {
    this.publisherPc?.close();
    this.publisherPc = null;
    this.audioSender = null;
    this.videoSender = null;
    this.localStream?.getTracks().forEach((t) => t.stop());
    this.localStream = null;
    this.screenTrack?.stop();
    this.screenTrack = null;
    this.source = 'camera';
    this.micMuted = false;
    this.mutedByHost = false;
    this.publishState = 'off';
    this.held.publisher = [];
    this.canTrickle.publisher = false;
    this.changed();
  }

  private mayPublish(): boolean {
    const role = this.room.state?.me.role;
    return (role === 'host' || role === 'speaker') && this.room.state?.webinar.status === 'live';
  }

  // ---- Signalling ------------------------------------------------------------------------------

  private trickle(name: PcName, pc: RTCPeerConnection, candidate: RTCIceCandidate | null): void {
    if ((name === 'publisher' ? this.publisherPc : this.subscriberPc) !== pc) return;
    // Chrome ends each gathering generation with an empty candidate; the null that follows says it.
    if (candidate && !candidate.candidate) return;
    if (!this.canTrickle[name]) {
      this.held[name].push(candidate);
      return;
    }
    this.room.send({
      type: 'trickle',
      pc: name,
      candidate: candidate
        ? { candidate: candidate.candidate, sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex, usernameFragment: candidate.usernameFragment }
        : null,
    });
  }

  private releaseCandidates(name: PcName): void {
    this.canTrickle[name] = true;
    const pc = name === 'publisher' ? this.publisherPc : this.subscriberPc;
    const held = this.held[name];
    this.held[name] = [];
    if (pc) for (const candidate of held) this.trickle(name, pc, candidate);
  }

  private readonly onMessage = (event: Event): void => {
    const message = (event as CustomEvent<ServerMessage>).detail;
    switch (message.type) {
      case 'welcome':
        this.iceServers = message.iceServers ?? [];
        this.onWelcome();
        break;
      case 'status':
        if (message.status === 'live') this.maybeSubscribe();
        else if (message.status === 'ended' || message.status === 'cancelled') {
          this.closeSubscriber();
          this.stopLocal();
        }
        break;
      case 'feeds':
        this.maybeSubscribe();
        this.changed();
        break;
      case 'subscribe.offer':
        this.onOffer(message);
        break;
      case 'publish.answer':
        void this.onPublishAnswer(message);
        break;
      case 'unpublished':
        // While a new publication is on its way, this one answers the previous unpublish.
        if (this.publishState === 'on') this.stopLocal();
        break;
      case 'role':
        if (message.role === 'attendee') {
          if (this.publishState !== 'off') {
            this.stopPublishing();
            this.dispatchEvent(new Event('demoted'));
          }
          // What went wrong with publishing no longer concerns an attendee.
          if (this.problem && PUBLISHING_PROBLEMS.has(this.problem)) this.setProblem(null);
        }
        this.changed();
        break;
      case 'muted': {
        const track = this.localStream?.getAudioTracks()[0];
        if (track) track.enabled = false;
        this.micMuted = true;
        this.mutedByHost = this.publishState !== 'off';
        this.changed();
        this.dispatchEvent(new CustomEvent<string>('muted', { detail: message.by }));
        break;
      }
    }
  };

  /** A (new) connection: subscribe afresh and publish again what was being published. */
  private onWelcome(): void {
    this.closeSubscriber();
    this.maybeSubscribe();
    if (this.publishState !== 'off') {
      if (this.mayPublish() && this.localStream) void this.publish();
      else this.stopLocal();
    }
    this.changed();
  }

  private readonly onRoomChange = (): void => {
    if (this.room.status === 'closed') {
      this.closeSubscriber();
      this.stopLocal();
    }
  };

  private setProblem(problem: MediaProblem | null, detail = ''): void {
    this.problem = problem;
    this.problemDetail = detail;
    this.changed();
  }

  private changed(): void {
    if (!this.disposed) this.dispatchEvent(new Event('change'));
  }
}
