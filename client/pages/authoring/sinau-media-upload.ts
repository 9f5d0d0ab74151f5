import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { isAbortError, isApiError } from '../../api/http.ts';
import { getMediaStatus, mediaUrl, uploadMedia, type Media, type MediaStatus } from '../../api/media.ts';
import { announce } from '../../announce.ts';
import { describeError } from '../../errors.ts';
import { formatNumber, LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-progress-bar.ts';

export type UploadKind = 'video' | 'document' | 'image';

export interface MediaChange {
  /** The new file's id, or null when the file was taken off. */
  id: string | null;
  media: Media | null;
}

const accept: Record<UploadKind, string> = {
  video: 'video/mp4,video/webm,video/quicktime,.mp4,.webm,.mov',
  document: 'application/pdf,.pdf',
  image: 'image/png,image/jpeg,image/webp,image/gif',
};

const pollEveryMs = 2000;

/**
 * Uploads a lesson's video or PDF, or a course cover, with a real progress bar; for videos it
 * then follows the conversion for streaming until it is ready. Fires `sinau-media-change`.
 */
@customElement('sinau-media-upload')
export class SinauMediaUpload extends LitElement {
  static override styles = [
    pageStyles,
    css`
      .current {
        display: flex;
        flex-wrap: wrap;
        gap: var(--sinau-space-2) var(--sinau-space-3);
        align-items: center;
        margin-bottom: var(--sinau-space-2);
      }
      img.preview {
        display: block;
        max-width: min(100%, 20rem);
        aspect-ratio: 16 / 7;
        object-fit: cover;
        border-radius: var(--sinau-radius);
        border: 1px solid var(--sinau-color-border);
      }
      .uploading {
        display: grid;
        gap: var(--sinau-space-2);
        margin-top: var(--sinau-space-2);
      }
      progress {
        width: 100%;
        height: 0.9rem;
        accent-color: var(--sinau-color-primary);
      }
      .status {
        margin: var(--sinau-space-2) 0 0;
        font-size: 0.9rem;
      }
      .status.ready {
        color: var(--sinau-color-success);
        font-weight: 600;
      }
    `,
  ];

  /** The course the file belongs to. */
  @property({ type: Number }) courseId: number | null = null;
  /** The file there is now, if any. */
  @property() mediaId: string | null = null;
  /** What may be uploaded. */
  @property() kind: UploadKind = 'document';
  /** Label of the file input. */
  @property() label = '';
  /** No changes allowed (a course managed as files, one under review). */
  @property({ type: Boolean }) disabled = false;

  @state() private uploading: { name: string; loaded: number; total: number } | null = null;
  @state() private error = '';
  @state() private status: MediaStatus | null = null;

  private readonly locale = new LocaleController(this);
  private abort: AbortController | null = null;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private pollFor: string | null = null;

  override disconnectedCallback(): void {
    this.abort?.abort();
    this.stopPolling();
    super.disconnectedCallback();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated && this.kind === 'video' && this.mediaId) this.startPolling(this.mediaId);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('mediaId') && this.mediaId !== this.pollFor) {
      this.stopPolling();
      this.status = null;
      // An existing video may still be converting: look once, and follow it if so.
      if (this.kind === 'video' && this.mediaId) this.startPolling(this.mediaId);
    }
  }

  private stopPolling(): void {
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    this.pollFor = null;
  }

  private startPolling(id: string): void {
    this.stopPolling();
    this.pollFor = id;
    void this.poll(id);
  }

  private async poll(id: string): Promise<void> {
    if (this.pollFor !== id) return;
    try {
      const status = await getMediaStatus(id);
      if (this.pollFor !== id) return;
      const before = this.status?.status;
      this.status = status;
      if (status.status === 'processing') {
        this.pollTimer = setTimeout(() => void this.poll(id), pollEveryMs);
        return;
      }
      if (before === 'processing') announce(status.status === 'ready' ? t('upload.videoReady') : t('upload.videoFailed'));
      this.pollFor = null;
    } catch (error) {
      if (this.pollFor !== id) return;
      // A file someone else uploaded is not ours to follow; anything else is tried again.
      if (isApiError(error, 'not_found') || isApiError(error, 'forbidden') || isApiError(error, 'partner_forbidden')) {
        this.pollFor = null;
        return;
      }
      this.pollTimer = setTimeout(() => void this.poll(id), pollEveryMs * 3);
    }
  }

  private async onFile(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    this.error = '';
    this.stopPolling();
    this.status = null;
    const abort = new AbortController();
    this.abort = abort;
    this.uploading = { name: file.name, loaded: 0, total: file.size };
    announce(t('upload.started', { name: file.name }));
    try {
      const media = await uploadMedia(file, {
        courseId: this.courseId,
        signal: abort.signal,
        onProgress: ({ loaded, total }) => (this.uploading = { name: file.name, loaded, total }),
      });
      this.uploading = null;
      input.value = '';
      if (this.kind !== 'image' && media.kind !== this.kind) {
        this.error = t('upload.wrongKind', { kind: t(`upload.kinds.${this.kind}`) });
        return;
      }
      announce(t('upload.done', { name: file.name }));
      this.dispatchEvent(new CustomEvent<MediaChange>('sinau-media-change', { detail: { id: media.id, media }, bubbles: true, composed: true }));
      if (media.kind === 'video' && media.status === 'processing') {
        this.status = { id: media.id, status: media.status, progress: media.progress, error: null };
        this.pollFor = media.id;
        this.pollTimer = setTimeout(() => void this.poll(media.id), pollEveryMs);
      }
    } catch (error) {
      this.uploading = null;
      input.value = '';
      if (isAbortError(error)) {
        announce(t('upload.cancelled'));
        return;
      }
      // The server words size and quota limits with the numbers; use its message.
      this.error = isApiError(error, 'payload_too_large') && error.message ? error.message : describeError(error);
    } finally {
      if (this.abort === abort) this.abort = null;
    }
  }

  private detach(): void {
    this.stopPolling();
    this.status = null;
    this.dispatchEvent(new CustomEvent<MediaChange>('sinau-media-change', { detail: { id: null, media: null }, bubbles: true, composed: true }));
  }

  private renderStatus() {
    const status = this.status;
    if (!status || this.kind !== 'video') return null;
    if (status.status === 'processing') {
      return html`<div class="status">
        <sinau-progress-bar .value=${status.progress} .label=${t('upload.converting')}></sinau-progress-bar>
        <p class="hint">${t('upload.convertingHint')}</p>
      </div>`;
    }
    if (status.status === 'failed') {
      return html`<sinau-alert variant="warning">${t('upload.convertFailed')}${status.error ? html` <span class="muted">(${status.error})</span>` : null}</sinau-alert>`;
    }
    return html`<p class="status ready" role="status">${t('upload.videoReady')}</p>`;
  }

  private renderUploading() {
    const up = this.uploading;
    if (!up) return null;
    const pct = up.total > 0 ? Math.floor((up.loaded * 100) / up.total) : 0;
    const mb = (bytes: number) => formatNumber(Math.round(bytes / 104857.6) / 10);
    return html`<div class="uploading">
      <label for="upload-progress">${t('upload.uploading', { name: up.name })}</label>
      <progress id="upload-progress" data-testid="upload-progress" max="100" .value=${pct} aria-valuetext=${`${pct}%`}></progress>
      <span class="hint" aria-hidden="true">${t('upload.bytes', { loaded: mb(up.loaded), total: mb(up.total), pct })}</span>
      <div><button type="button" class="secondary" @click=${() => this.abort?.abort()}>${t('upload.cancel')}</button></div>
    </div>`;
  }

  override render() {
    const id = this.mediaId;
    return html`<div class="field">
      <label for="file">${this.label || t('upload.choose')}</label>
      ${id
        ? html`<div class="current">
            ${this.kind === 'image'
              ? html`<img class="preview" src=${mediaUrl(id)} alt=${t('upload.coverPreview')} />`
              : html`<a href=${mediaUrl(id)} target="_blank" rel="noopener">${t('upload.currentFile')}</a>`}
            ${this.disabled ? null : html`<button type="button" class="link" @click=${this.detach}>${t('upload.remove')}</button>`}
          </div>`
        : html`<p class="hint">${t('upload.none')}</p>`}
      <input
        id="file"
        type="file"
        data-testid="media-upload"
        accept=${accept[this.kind]}
        ?disabled=${this.disabled || this.uploading !== null}
        aria-describedby="file-hint"
        @change=${this.onFile}
      />
      <p class="hint" id="file-hint">${t(`upload.hints.${this.kind}`)}</p>
      ${this.renderUploading()} ${this.renderStatus()}
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : null}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-media-upload': SinauMediaUpload;
  }
  interface HTMLElementEventMap {
    'sinau-media-change': CustomEvent<MediaChange>;
  }
}
