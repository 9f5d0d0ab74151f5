import { LitElement, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { AttentionV } from '../../api/webinar-live.ts';
import { announce } from '../../announce.ts';
import { LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import type { RoomConnection } from './room-connection.ts';
import { countdown, roomErrorText } from './room-format.ts';
import { attentionOpen } from './room-state.ts';
import { panelStyles } from './webinar-live.styles.ts';

/** A host's form to ask every attendee to confirm they are still there, within some seconds. */
@customElement('sinau-live-attention-form')
export class SinauLiveAttentionForm extends LitElement {
  static override styles = [pageStyles, panelStyles];

  /** The room's connection, through which the check starts. */
  @property({ attribute: false }) room: RoomConnection | null = null;
  /** The check running now or last run, if any. */
  @property({ attribute: false }) check: AttentionV | null = null;

  @state() private prompt = '';
  @state() private seconds = '60';
  @state() private busy = false;
  @state() private error = '';
  @state() private now = Date.now();

  private readonly locale = new LocaleController(this);
  private ticker: ReturnType<typeof setInterval> | undefined;

  override disconnectedCallback(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
    super.disconnectedCallback();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('check')) this.now = Date.now();
    const running = attentionOpen(this.check, this.now);
    if (running && !this.ticker) this.ticker = setInterval(() => (this.now = Date.now()), 1000);
    if (!running && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  private async start(event: Event): Promise<void> {
    event.preventDefault();
    if (!this.room || this.busy) return;
    const seconds = Number(this.seconds);
    if (!Number.isInteger(seconds) || seconds < 10 || seconds > 600) {
      this.error = t('webinarLive.attention.secondsInvalid');
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      await this.room.request({ type: 'attention.start', prompt: this.prompt.trim() || t('webinarLive.attention.promptDefault'), seconds });
      announce(t('webinarLive.attention.started'));
    } catch (error) {
      this.error = roomErrorText(error);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const check = this.check;
    const running = attentionOpen(check, this.now);
    return html`<form class="compose" @submit=${this.start} aria-labelledby="attention-heading">
      <h3 id="attention-heading">${t('webinarLive.attention.startHeading')}</h3>
      ${running && check
        ? html`<p data-testid="attention-running">
            ${t('webinarLive.attention.running', { time: countdown((Date.parse(check.expiresAt) - this.now) / 1000) })}
          </p>`
        : null}
      <div class="field">
        <label for="attention-prompt">${t('webinarLive.attention.prompt')}</label>
        <input
          id="attention-prompt"
          type="text"
          maxlength="200"
          data-testid="attention-prompt"
          placeholder=${t('webinarLive.attention.promptDefault')}
          .value=${this.prompt}
          @input=${(e: Event) => (this.prompt = (e.target as HTMLInputElement).value)}
        />
      </div>
      <div class="field">
        <label for="attention-seconds">${t('webinarLive.attention.seconds')}</label>
        <input
          id="attention-seconds"
          type="number"
          inputmode="numeric"
          min="10"
          max="600"
          step="1"
          data-testid="attention-seconds"
          aria-describedby="attention-seconds-hint"
          .value=${this.seconds}
          @input=${(e: Event) => (this.seconds = (e.target as HTMLInputElement).value)}
        />
        <p id="attention-seconds-hint" class="hint">${t('webinarLive.attention.secondsHint')}</p>
      </div>
      ${this.error ? html`<p class="field-error" role="alert">${this.error}</p>` : null}
      <button type="submit" class="secondary" data-testid="attention-start" ?disabled=${this.busy || running}>${t('webinarLive.attention.start')}</button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-live-attention-form': SinauLiveAttentionForm;
  }
}
