import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { AttentionV } from '../../api/webinar-live.ts';
import { announce } from '../../announce.ts';
import { LocaleController, t } from '../../i18n.ts';
import { dialogStyles, pageStyles } from '../../styles/shared-styles.ts';
import type { RoomConnection } from './room-connection.ts';
import { countdown, roomErrorText } from './room-format.ts';
import { attentionOpen } from './room-state.ts';

/**
 * An attention check as an attendee sees it: a modal prompt with one button, "I'm here", until
 * it is answered or runs out. Closed with Escape, it stays on the page as a banner.
 */
@customElement('sinau-live-attention')
export class SinauLiveAttention extends LitElement {
  static override styles = [
    pageStyles,
    dialogStyles,
    css`
      .banner {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--sinau-space-2) var(--sinau-space-3);
        padding: var(--sinau-space-3) var(--sinau-space-4);
        border-left: 0.35rem solid var(--sinau-color-warning);
        background: var(--sinau-color-warning-bg);
        border-radius: var(--sinau-radius);
      }
      .banner p {
        margin: 0;
        flex: 1 1 12rem;
      }
      .time {
        font-variant-numeric: tabular-nums;
        color: var(--sinau-color-muted);
      }
    `,
  ];

  /** The room's connection, through which the answer goes. */
  @property({ attribute: false }) room: RoomConnection | null = null;
  /** The check running now or last run, if any. */
  @property({ attribute: false }) check: AttentionV | null = null;

  @state() private now = Date.now();
  /** Checks answered on this page; a reconnection's welcome repeats the running check. */
  @state() private answered = new Set<number>();
  /** Checks whose dialog was closed without answering: they show as a banner. */
  @state() private dismissed = new Set<number>();
  @state() private busy = false;
  @state() private error = '';

  @query('dialog') private dialog?: HTMLDialogElement;

  private readonly locale = new LocaleController(this);
  private ticker: ReturnType<typeof setInterval> | undefined;

  override disconnectedCallback(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
    super.disconnectedCallback();
  }

  private get pending(): AttentionV | null {
    const check = this.check;
    return check && attentionOpen(check, this.now) && !this.answered.has(check.id) ? check : null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('check')) {
      this.now = Date.now();
      this.error = '';
    }
    const pending = this.pending;
    if (pending && !this.ticker) this.ticker = setInterval(() => (this.now = Date.now()), 1000);
    if (!pending && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  protected override updated(): void {
    const dialog = this.dialog;
    if (!dialog) return;
    const pending = this.pending;
    const show = !!pending && !this.dismissed.has(pending.id);
    if (show && !dialog.open) {
      dialog.showModal();
      announce(t('webinarLive.attention.arrived'));
    } else if (!show && dialog.open) {
      dialog.close();
    }
  }

  private async ack(): Promise<void> {
    const check = this.pending;
    if (!check || !this.room || this.busy) return;
    this.busy = true;
    this.error = '';
    try {
      await this.room.request({ type: 'attention.ack', checkId: check.id });
      this.answered = new Set(this.answered).add(check.id);
      announce(t('webinarLive.attention.acked'));
    } catch (error) {
      this.error = roomErrorText(error);
    } finally {
      this.busy = false;
    }
  }

  private onCancel(): void {
    const check = this.pending;
    if (check) this.dismissed = new Set(this.dismissed).add(check.id);
  }

  private renderBody(check: AttentionV, inDialog: boolean) {
    const left = countdown((Date.parse(check.expiresAt) - this.now) / 1000);
    return html`${inDialog ? html`<h2 id="attention-title">${t('webinarLive.attention.heading')}</h2>` : null}
      <p id=${inDialog ? 'attention-text' : 'attention-banner-text'}>
        ${inDialog ? null : html`<strong>${t('webinarLive.attention.heading')}:</strong> `}${check.prompt}
        <span class="time">${t('webinarLive.attention.timeLeft', { time: left })}</span>
      </p>
      ${this.error ? html`<p class="field-error" role="alert">${this.error}</p>` : null}
      <div class=${inDialog ? 'actions' : ''}>
        <button type="button" data-testid="attention-ack" ?disabled=${this.busy} @click=${this.ack}>${t('webinarLive.attention.ack')}</button>
      </div>`;
  }

  override render() {
    const pending = this.pending;
    const inDialog = !!pending && !this.dismissed.has(pending.id);
    // Only one "I'm here" button exists at a time: in the dialog, or in the banner after it closed.
    return html`<dialog
        aria-labelledby="attention-title"
        aria-describedby="attention-text"
        data-testid="attention-dialog"
        @cancel=${this.onCancel}
        @close=${this.onCancel}
      >
        ${pending && inDialog ? this.renderBody(pending, true) : null}
      </dialog>
      ${pending && !inDialog ? html`<div class="banner" role="region" aria-label=${t('webinarLive.attention.heading')}>${this.renderBody(pending, false)}</div>` : null}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-live-attention': SinauLiveAttention;
  }
}
