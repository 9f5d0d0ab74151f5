import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { FeedV } from '../../api/webinar-live.ts';
import { announce } from '../../announce.ts';
import { LocaleController, formatList, t, type MessageKey } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { RoomMedia, type MediaProblem } from './media.ts';
import { midFor, pickMainFeed, type RoomState } from './room-state.ts';
import '../../components/sinau-alert.ts';

const problemKeys: Record<MediaProblem, MessageKey> = {
  'camera-denied': 'webinarLive.stage.problems.cameraDenied',
  'camera-missing': 'webinarLive.stage.problems.cameraMissing',
  'camera-busy': 'webinarLive.stage.problems.cameraBusy',
  unsupported: 'webinarLive.stage.problems.unsupported',
  'screen-failed': 'webinarLive.stage.problems.screenFailed',
  'publish-failed': 'webinarLive.stage.problems.publishFailed',
  'subscribe-failed': 'webinarLive.stage.problems.subscribeFailed',
  'connection-failed': 'webinarLive.stage.problems.connectionFailed',
};

/**
 * The stage of a live room: the main feed's video (a shared screen before cameras), every
 * speaker's audio, the button that lets sound play where the browser held it back, the
 * audio-only switch, and for hosts and speakers the controls to publish.
 *
 * `subscriberPc` and `publisherPc` are the room's peer connections (end-to-end tests read their
 * stats); the <video data-testid="main-video"> and <audio data-testid="speaker-audio">
 * elements play what they receive.
 *
 * Events: `sinau-audio-only` (CustomEvent<boolean>) when the person switches audio-only mode.
 */
@customElement('sinau-live-stage')
export class SinauLiveStage extends LitElement {
  static override styles = [
    pageStyles,
    css`
      .screen {
        position: relative;
        aspect-ratio: 16 / 9;
        background: #101418;
        border-radius: var(--sinau-radius);
        overflow: hidden;
        color: #fff;
      }
      .screen video.main {
        width: 100%;
        height: 100%;
        object-fit: contain;
        display: block;
      }
      .placeholder {
        position: absolute;
        inset: 0;
        display: flex;
        align-items: center;
        justify-content: center;
        text-align: center;
        padding: var(--sinau-space-4);
      }
      .placeholder p {
        margin: 0;
      }
      .caption {
        position: absolute;
        left: var(--sinau-space-2);
        bottom: var(--sinau-space-2);
        max-width: calc(100% - 1rem);
        padding: 0 var(--sinau-space-2);
        border-radius: var(--sinau-radius);
        background: rgb(0 0 0 / 0.65);
        font-size: 0.9rem;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .self {
        position: absolute;
        right: var(--sinau-space-2);
        top: var(--sinau-space-2);
        width: min(28%, 10rem);
        aspect-ratio: 16 / 9;
        object-fit: cover;
        border: 2px solid #fff;
        border-radius: var(--sinau-radius);
        background: #000;
      }
      .enable-sound {
        position: absolute;
        inset: auto 0 var(--sinau-space-6);
        margin: 0 auto;
        width: max-content;
        max-width: calc(100% - 2rem);
      }
      .screen :focus-visible {
        outline-color: var(--sinau-color-focus-on-dark);
      }
      .audio-only {
        display: flex;
        align-items: center;
        justify-content: center;
        min-height: 8rem;
        padding: var(--sinau-space-4);
        background: var(--sinau-color-primary-soft);
        border-radius: var(--sinau-radius);
        text-align: center;
      }
      .on-stage {
        margin: var(--sinau-space-2) 0 0;
        font-size: 0.9rem;
        color: var(--sinau-color-muted);
        overflow-wrap: anywhere;
      }
      .controls {
        display: flex;
        flex-wrap: wrap;
        gap: var(--sinau-space-2);
        margin-top: var(--sinau-space-3);
      }
      .controls button[data-state='off'][data-testid='mic-toggle'],
      .controls button[data-state='on'][data-testid='share-screen'],
      .mode button[aria-pressed='true'] {
        background: var(--sinau-color-warning-bg);
        color: var(--sinau-color-warning);
        border-color: var(--sinau-color-warning);
      }
      .publishing {
        margin: var(--sinau-space-2) 0 0;
        font-weight: 600;
        color: var(--sinau-color-danger);
      }
      .mode {
        margin-top: var(--sinau-space-3);
      }
      .mode .hint {
        margin-top: var(--sinau-space-1);
      }
      .notice {
        margin: var(--sinau-space-3) 0 0;
      }
    `,
  ];

  /** The room's media. */
  @property({ attribute: false }) media: RoomMedia | null = null;
  /** The room as last known. */
  @property({ attribute: false }) state: RoomState | null = null;

  /** The browser refused to start sound (or video) without a click on the page. */
  @state() private soundBlocked = false;
  /** The last thing done to this person's publishing by someone else, in words. */
  @state() private notice = '';
  /** Bumped on every media change so the stage renders again. */
  @state() private mediaTick = 0;

  private readonly locale = new LocaleController(this);
  private listening: RoomMedia | null = null;

  /** The peer connection that receives the room's feeds (for end-to-end tests' getStats). */
  get subscriberPc(): RTCPeerConnection | null {
    return this.media?.subscriberPc ?? null;
  }

  /** The peer connection that sends this person's camera or screen and microphone. */
  get publisherPc(): RTCPeerConnection | null {
    return this.media?.publisherPc ?? null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.listen(this.media);
  }

  override disconnectedCallback(): void {
    this.listen(null);
    super.disconnectedCallback();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('media') && this.isConnected) this.listen(this.media);
  }

  private listen(media: RoomMedia | null): void {
    if (this.listening === media) return;
    this.listening?.removeEventListener('change', this.onMediaChange);
    this.listening?.removeEventListener('muted', this.onMuted);
    this.listening?.removeEventListener('demoted', this.onDemoted);
    this.listening = media;
    media?.addEventListener('change', this.onMediaChange);
    media?.addEventListener('muted', this.onMuted);
    media?.addEventListener('demoted', this.onDemoted);
  }

  private readonly onMediaChange = (): void => {
    this.mediaTick++;
  };

  private readonly onMuted = (event: Event): void => {
    this.notice = t('webinarLive.stage.mutedBy', { name: (event as CustomEvent<string>).detail });
    announce(this.notice);
  };

  private readonly onDemoted = (): void => {
    this.notice = t('webinarLive.stage.demoted');
    announce(this.notice);
  };

  // ---- Playing what arrives --------------------------------------------------------------------

  private mainFeed(): FeedV | null {
    const state = this.state;
    return state ? pickMainFeed(state.feeds, state.me.personId) : null;
  }

  /** This person's own published picture (camera or screen), while publishing. */
  private localVideo(): MediaStreamTrack | null {
    const media = this.media;
    if (!media || media.publishState === 'off') return null;
    return media.source === 'screen' ? media.screenTrack : media.cameraTrack;
  }

  private mainTrack(): MediaStreamTrack | null {
    const media = this.media;
    const main = this.mainFeed();
    if (!media || media.audioOnly) return null;
    if (main && main.personId !== this.state?.me.personId) {
      const mid = midFor(media.streams, main.feedId, 'video');
      const track = mid ? media.remoteTrack(mid) : null;
      if (track) return track;
    }
    return this.localVideo();
  }

  protected override updated(): void {
    const mainTrack = this.mainTrack();
    const main = this.renderRoot.querySelector<HTMLVideoElement>('video[data-testid="main-video"]');
    if (main) this.attach(main, mainTrack);
    const self = this.renderRoot.querySelector<HTMLVideoElement>('video[data-testid="self-preview"]');
    if (self) this.attach(self, this.localVideo());
    const audio = new Map((this.media?.remoteAudio() ?? []).map((a) => [a.mid, a.track]));
    for (const element of this.renderRoot.querySelectorAll<HTMLAudioElement>('audio[data-testid="speaker-audio"]')) {
      this.attach(element, audio.get(element.dataset.mid ?? '') ?? null);
    }
  }

  /** Gives a media element a track to play, if it is not playing that one already. */
  private attach(element: HTMLMediaElement, track: MediaStreamTrack | null): void {
    const current = element.srcObject instanceof MediaStream ? (element.srcObject.getTracks()[0] ?? null) : null;
    if (current === track) return;
    element.srcObject = track ? new MediaStream([track]) : null;
    if (track) this.play(element);
  }

  private play(element: HTMLMediaElement): void {
    element.play().catch((error: unknown) => {
      if (error instanceof DOMException && error.name === 'NotAllowedError') this.soundBlocked = true;
    });
  }

  private async enableSound(): Promise<void> {
    const elements = [...this.renderRoot.querySelectorAll<HTMLMediaElement>('video[data-testid="main-video"], audio[data-testid="speaker-audio"]')];
    try {
      await Promise.all(elements.filter((e) => e.srcObject).map((e) => e.play()));
      this.soundBlocked = false;
      announce(t('webinarLive.stage.soundOn'));
    } catch {
      // Still refused: the button stays.
    }
  }

  // ---- Controls --------------------------------------------------------------------------------

  private toggleAudioOnly(): void {
    const media = this.media;
    if (!media) return;
    const on = !media.audioOnly;
    media.setAudioOnly(on);
    announce(on ? t('webinarLive.stage.audioOnlyOn') : t('webinarLive.stage.audioOnlyOff'));
    this.dispatchEvent(new CustomEvent<boolean>('sinau-audio-only', { detail: on, bubbles: true, composed: true }));
  }

  private startCamera(): void {
    this.notice = '';
    void this.media?.startCamera();
  }

  private toggleScreen(): void {
    const media = this.media;
    if (!media) return;
    void (media.screenTrack ? media.stopScreen() : media.shareScreen());
  }

  private renderControls(state: RoomState, media: RoomMedia) {
    const role = state.me.role;
    if (role !== 'host' && role !== 'speaker') return null;
    const publishing = media.publishState;
    const sharing = !!media.screenTrack;
    return html`<div class="controls" role="group" aria-label=${t('webinarLive.stage.controlsLabel')}>
        ${publishing === 'off'
          ? html`<button type="button" data-testid="publish-camera" @click=${this.startCamera}>${t('webinarLive.stage.publishCamera')}</button>`
          : html`${publishing === 'starting' ? html`<button type="button" disabled>${t('webinarLive.stage.publishing')}</button>` : nothing}
              ${media.localStream?.getAudioTracks().length
                ? html`<button type="button" class="secondary" data-testid="mic-toggle" data-state=${media.micMuted ? 'off' : 'on'} @click=${() => media.toggleMic()}>
                    ${media.micMuted ? t('webinarLive.stage.unmuteMic') : t('webinarLive.stage.muteMic')}
                  </button>`
                : nothing}
              ${RoomMedia.canShareScreen()
                ? html`<button
                    type="button"
                    class="secondary"
                    data-testid="share-screen"
                    data-state=${sharing ? 'on' : 'off'}
                    ?disabled=${publishing !== 'on'}
                    @click=${this.toggleScreen}
                  >
                    ${sharing ? t('webinarLive.stage.stopScreen') : t('webinarLive.stage.shareScreen')}
                  </button>`
                : nothing}
              <button type="button" class="danger" data-testid="stop-publish" @click=${() => media.stopPublishing()}>${t('webinarLive.stage.stopPublish')}</button>`}
      </div>
      ${publishing === 'on'
        ? html`<p class="publishing" role="status" data-testid="publishing-status">
            <span aria-hidden="true">●</span> ${media.micMuted ? t('webinarLive.stage.liveMicOff') : t('webinarLive.stage.live')}
          </p>`
        : nothing}`;
  }

  private caption(feed: FeedV): string {
    const name = feed.personId === this.state?.me.personId ? t('webinarLive.you') : feed.name;
    return feed.source === 'screen' ? t('webinarLive.stage.screenOf', { name }) : name;
  }

  private renderScreen(state: RoomState, media: RoomMedia) {
    const main = this.mainFeed();
    const mainTrack = this.mainTrack();
    const local = this.localVideo();
    const showSelf = !!local && mainTrack !== local;
    if (media.audioOnly) {
      return html`<div class="audio-only" data-testid="audio-only-notice">
        <p>${t('webinarLive.stage.audioOnlyNotice')}${main ? html`<br />${this.caption(main)}` : nothing}</p>
      </div>`;
    }
    const label = main ? this.caption(main) : t('webinarLive.stage.label');
    return html`<div class="screen">
      <!-- The picture only: sound plays through the audio elements, so the video may start on its own. -->
      <video class="main" data-testid="main-video" autoplay playsinline .muted=${true} aria-label=${label}></video>
      ${mainTrack ? (main ? html`<p class="caption">${this.caption(main)}</p>` : nothing) : html`<div class="placeholder"><p>${t('webinarLive.stage.nobody')}</p></div>`}
      ${showSelf ? html`<video class="self" data-testid="self-preview" autoplay playsinline .muted=${true} aria-label=${t('webinarLive.stage.selfPreview')}></video>` : nothing}
      ${this.soundBlocked ? this.renderEnableSound() : nothing}
    </div>`;
  }

  private renderEnableSound() {
    return html`<button type="button" class="enable-sound" data-testid="enable-sound" @click=${this.enableSound}>
      ${t('webinarLive.stage.enableSound')}
    </button>`;
  }

  override render() {
    const state = this.state;
    const media = this.media;
    if (!state || !media) return null;
    const onStage = [...new Map(state.feeds.map((f) => [f.personId, f.personId === state.me.personId ? t('webinarLive.you') : f.name])).values()];
    const audio = media.remoteAudio();
    return html`<section aria-label=${t('webinarLive.stage.label')}>
      ${this.renderScreen(state, media)}
      ${media.audioOnly && this.soundBlocked ? html`<p class="notice">${this.renderEnableSound()}</p>` : nothing}
      ${repeat(
        audio,
        (a) => a.mid,
        (a) => html`<audio data-testid="speaker-audio" data-mid=${a.mid} data-feed-id=${a.feedId} autoplay></audio>`,
      )}
      <p class="on-stage" data-testid="on-stage">
        ${onStage.length ? t('webinarLive.stage.onStage', { names: formatList(onStage) }) : t('webinarLive.stage.nobodyOnStage')}
      </p>
      ${media.problem
        ? html`<sinau-alert variant="warning" class="notice" data-testid="media-problem">
            ${t(problemKeys[media.problem])}${media.problemDetail ? html` <span>${media.problemDetail}</span>` : nothing}
            ${media.problem === 'connection-failed'
              ? html` <button type="button" class="link" data-testid="media-retry" @click=${() => media.retry()}>${t('webinarLive.stage.retry')}</button>`
              : nothing}
          </sinau-alert>`
        : nothing}
      ${this.notice ? html`<sinau-alert variant="info" class="notice" data-testid="media-notice">${this.notice}</sinau-alert>` : nothing}
      ${this.renderControls(state, media)}
      <div class="mode">
        <button type="button" class="secondary" data-testid="audio-only" aria-pressed=${media.audioOnly ? 'true' : 'false'} aria-describedby="audio-only-hint" @click=${this.toggleAudioOnly}>
          ${t('webinarLive.stage.audioOnly')}
        </button>
        <p id="audio-only-hint" class="hint">${t('webinarLive.stage.audioOnlyHint')}</p>
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-live-stage': SinauLiveStage;
  }
}
