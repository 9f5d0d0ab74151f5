import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type HlsType from 'hls.js';
import { LocaleController, t } from '../i18n.ts';
import { baseStyles, formStyles } from '../styles/shared-styles.ts';

/** What `sinau-video-progress` carries, for the lesson page to save. */
export interface VideoProgressDetail {
  /** Where playback is, in seconds (the next visit resumes here). */
  position: number;
  /** Stretches actually played, merged, in seconds; seeking over a part does not count it. */
  watchedRanges: [number, number][];
  /** Length of the video in seconds, 0 while unknown. */
  duration: number;
  /** The video played to its end. */
  ended: boolean;
}

type Quality = 'auto' | `${number}p`;
type Mode = 'hls.js' | 'native' | 'file';

const QUALITY_KEY = 'sinau.video.quality';
const EMIT_EVERY_MS = 10_000;
// timeupdate fires every 250 ms or so; a larger step between two of them is a jump, not playback.
// Generous: a real seek fires 'seeking'; this only catches jumps the browser did not report,
// and a busy phone can go a second or two between timeupdate events.
const MAX_STEP_SECONDS = 3;

function readQuality(): Quality {
  try {
    const stored = localStorage.getItem(QUALITY_KEY);
    if (stored === 'auto' || (stored && /^\d+p$/.test(stored))) return stored as Quality;
  } catch {
    // Storage may be blocked; automatic quality still works.
  }
  return 'auto';
}

function storeQuality(quality: Quality): void {
  try {
    localStorage.setItem(QUALITY_KEY, quality);
  } catch {
    // See readQuality.
  }
}

/** Merges overlapping or touching ranges (within a quarter second), sorted by start. */
export function mergeWatched(ranges: [number, number][]): [number, number][] {
  const sorted = ranges.filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b) && b > a).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out.at(-1);
    if (last && a <= last[1] + 0.25) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * A lesson video: HLS through hls.js where Media Source Extensions exist, the browser's own HLS
 * where it has it, the uploaded file otherwise. Offers a quality choice (remembered on this
 * device), resumes at `startAt`, and reports what was watched with `sinau-video-progress`.
 */
@customElement('sinau-video-player')
export class SinauVideoPlayer extends LitElement {
  static override styles = [
    baseStyles,
    formStyles,
    css`
      :host {
        display: block;
        max-width: 100%;
      }
      video {
        display: block;
        width: 100%;
        height: auto;
        max-height: 80vh;
        background: #000;
        border-radius: var(--sinau-radius);
      }
      .quality {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: flex-end;
        gap: var(--sinau-space-2);
        margin-top: var(--sinau-space-2);
      }
      .quality select {
        width: auto;
        min-width: 10rem;
      }
      .notice {
        margin: var(--sinau-space-2) 0 0;
        color: var(--sinau-color-muted);
      }
    `,
  ];

  /** Address of the uploaded file; played when there is no HLS or it cannot be played. */
  @property() src = '';
  /** Address of the HLS master playlist (master.m3u8), or empty while there is none. */
  @property() hls = '';
  /** Seconds to resume from. */
  @property({ type: Number, attribute: 'start-at' }) startAt = 0;
  /** Accessible name of the video, e.g. the lesson's title. */
  @property() label = '';

  @state() private mode: Mode = 'file';
  /** Renditions hls.js found, best first, named by the picture's shorter side ('720p'). */
  @state() private levels: { name: Quality; index: number }[] = [];
  @state() private quality: Quality = readQuality();
  /** The rendition automatic selection is playing now, to show beside "Automatic". */
  @state() private autoLevel = '';
  @state() private notice: 'fallback' | 'error' | null = null;

  @query('video') private video!: HTMLVideoElement;

  private readonly locale = new LocaleController(this);
  private hlsPlayer: HlsType | null = null;
  private setupRun = 0;
  private ranges: [number, number][] = [];
  private segmentStart: number | null = null;
  private lastTime: number | null = null;
  private lastEmit = 0;
  private unsent = false;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.unsent) this.emitProgress();
    this.teardown();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('src') || changed.has('hls')) void this.setup();
  }

  private teardown(): void {
    this.hlsPlayer?.destroy();
    this.hlsPlayer = null;
    this.levels = [];
    this.autoLevel = '';
  }

  private async setup(): Promise<void> {
    const run = ++this.setupRun;
    this.teardown();
    this.ranges = [];
    this.segmentStart = null;
    this.lastTime = null;
    this.lastEmit = Date.now();
    this.notice = null;
    const video = this.video;
    if (!this.src && !this.hls) {
      video.removeAttribute('src');
      video.load();
      return;
    }
    const start = this.startAt > 0 ? this.startAt : 0;
    const hasMse = 'MediaSource' in window || 'ManagedMediaSource' in window;
    if (this.hls && hasMse) {
      // The light build (no subtitles, DRM or alternate audio: lessons need none) is a third smaller.
      // @ts-expect-error hls.js ships no types for it; they are the full build's.
      const { default: Hls } = (await import('hls.js/light')) as typeof import('hls.js');
      if (run !== this.setupRun) return;
      if (Hls.isSupported()) {
        this.mode = 'hls.js';
        this.startHlsJs(Hls, start);
        return;
      }
    }
    if (this.hls && video.canPlayType('application/vnd.apple.mpegurl')) {
      this.mode = 'native';
      this.load(this.hls, start);
      return;
    }
    this.mode = 'file';
    this.load(this.src, start);
  }

  private load(url: string, start: number): void {
    const video = this.video;
    video.src = url;
    if (start > 0) {
      video.addEventListener(
        'loadedmetadata',
        () => {
          // Close to the end, a resumed video would only show its last frame: start over.
          if (!video.duration || start < video.duration - 2) video.currentTime = start;
        },
        { once: true },
      );
    }
  }

  private startHlsJs(Hls: typeof HlsType, start: number): void {
    const player = new Hls({ startPosition: start > 0 ? start : -1, capLevelToPlayerSize: true });
    this.hlsPlayer = player;
    let recovered = false;
    player.on(Hls.Events.MANIFEST_PARSED, (_event, data) => {
      this.levels = data.levels
        .map((level, index) => ({ name: `${Math.min(level.width, level.height)}p` as Quality, index, height: Math.min(level.width, level.height) }))
        .sort((a, b) => b.height - a.height)
        .map(({ name, index }) => ({ name, index }));
      const chosen = this.levels.find((l) => l.name === this.quality);
      if (chosen) player.currentLevel = chosen.index;
    });
    player.on(Hls.Events.LEVEL_SWITCHED, (_event, data) => {
      const level = player.levels[data.level];
      this.autoLevel = level ? `${Math.min(level.width, level.height)}p` : '';
    });
    player.on(Hls.Events.ERROR, (_event, data) => {
      if (!data.fatal) return;
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR && !recovered) {
        recovered = true;
        player.recoverMediaError();
        return;
      }
      // The stream cannot be played here: the uploaded file still can.
      const position = this.video.currentTime || start;
      this.teardown();
      this.mode = 'file';
      this.notice = 'fallback';
      this.load(this.src, position);
    });
    player.loadSource(this.hls);
    player.attachMedia(this.video);
  }

  private chooseQuality(event: Event): void {
    const quality = (event.target as HTMLSelectElement).value as Quality;
    this.quality = quality;
    storeQuality(quality);
    const player = this.hlsPlayer;
    if (!player) return;
    // -1 hands the choice back to hls.js, which follows the connection.
    player.currentLevel = this.levels.find((l) => l.name === quality)?.index ?? -1;
  }

  // ---- What was watched ------------------------------------------------------------------------

  private closeSegment(): void {
    if (this.segmentStart !== null && this.lastTime !== null && this.lastTime > this.segmentStart) {
      this.ranges = mergeWatched([...this.ranges, [this.segmentStart, this.lastTime]]);
    }
    this.segmentStart = null;
    this.lastTime = null;
  }

  private onTimeUpdate(): void {
    const video = this.video;
    if (video.paused || video.seeking) return;
    const now = video.currentTime;
    const step = this.lastTime === null ? Infinity : now - this.lastTime;
    if (step < 0 || step > MAX_STEP_SECONDS * Math.max(1, video.playbackRate)) {
      // A jump we did not see as a seek: what lies between was not watched.
      this.closeSegment();
      this.segmentStart = now;
    } else if (this.segmentStart === null) {
      this.segmentStart = this.lastTime;
    }
    this.lastTime = now;
    this.unsent = true;
    if (Date.now() - this.lastEmit >= EMIT_EVERY_MS) this.emitProgress();
  }

  private onSeeking(): void {
    this.closeSegment();
  }

  private onPlaying(): void {
    this.lastTime = this.video.currentTime;
    this.segmentStart = this.video.currentTime;
    this.lastEmit = Date.now();
  }

  private onPauseOrEnded(event: Event): void {
    const video = this.video;
    // At the end 'pause' comes just before 'ended': report once.
    if (event.type === 'pause' && video.ended) return;
    // The last timeupdate can be up to a quarter second behind where playback stopped.
    if (this.lastTime !== null && video.currentTime - this.lastTime > 0 && video.currentTime - this.lastTime <= MAX_STEP_SECONDS) {
      this.lastTime = video.currentTime;
    }
    this.closeSegment();
    this.emitProgress();
  }

  private emitProgress(): void {
    const video = this.video;
    const current: [number, number][] =
      this.segmentStart !== null && this.lastTime !== null && this.lastTime > this.segmentStart ? [[this.segmentStart, this.lastTime]] : [];
    const duration = Number.isFinite(video?.duration) ? video.duration : 0;
    const detail: VideoProgressDetail = {
      position: round(video?.currentTime ?? 0),
      watchedRanges: mergeWatched([...this.ranges, ...current]).map(([a, b]) => [round(a), round(b)]),
      duration: round(duration),
      ended: video?.ended ?? false,
    };
    this.lastEmit = Date.now();
    this.unsent = false;
    this.dispatchEvent(new CustomEvent<VideoProgressDetail>('sinau-video-progress', { detail, bubbles: true, composed: true }));
  }

  override render() {
    const showQuality = this.mode === 'hls.js' && this.levels.length > 1;
    const chosen = this.levels.find((l) => l.name === this.quality)?.name;
    return html`
      <video
        data-testid="lesson-video"
        controls
        playsinline
        preload="metadata"
        aria-label=${this.label || t('player.label')}
        @timeupdate=${this.onTimeUpdate}
        @seeking=${this.onSeeking}
        @playing=${this.onPlaying}
        @pause=${this.onPauseOrEnded}
        @ended=${this.onPauseOrEnded}
        @error=${() => {
          if (this.mode === 'file') this.notice = 'error';
        }}
      ></video>
      ${showQuality
        ? html`<div class="quality">
            <label for="quality">${t('player.quality')}</label>
            <select id="quality" @change=${this.chooseQuality}>
              <option value="auto" ?selected=${!chosen}>${!chosen && this.autoLevel ? t('player.autoNow', { quality: this.autoLevel }) : t('player.auto')}</option>
              ${this.levels.map((l) => html`<option value=${l.name} ?selected=${l.name === chosen}>${l.name}</option>`)}
            </select>
          </div>`
        : null}
      ${this.notice ? html`<p class="notice" role="status">${t(this.notice === 'fallback' ? 'player.fallback' : 'player.error')}</p>` : null}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-video-player': SinauVideoPlayer;
  }
  interface HTMLElementEventMap {
    'sinau-video-progress': CustomEvent<VideoProgressDetail>;
  }
}
