import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import type { RoomConnection } from './room-connection.ts';
import { roomErrorText, timeOfDay } from './room-format.ts';
import type { RoomState } from './room-state.ts';
import { panelStyles } from './webinar-live.styles.ts';

/**
 * The room's chat: the messages as a live log (new ones are read out while the panel shows), a
 * box to send one, and for hosts a button to remove a message.
 */
@customElement('sinau-live-chat')
export class SinauLiveChat extends LitElement {
  static override styles = [pageStyles, panelStyles];

  /** The room's connection, through which messages are sent. */
  @property({ attribute: false }) room: RoomConnection | null = null;
  /** The room as last known. */
  @property({ attribute: false }) state: RoomState | null = null;

  @state() private draft = '';
  @state() private sending = false;
  @state() private error = '';

  @query('.scroll') private list?: HTMLElement;

  private readonly locale = new LocaleController(this);
  private stickToBottom = true;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('state') && this.list) {
      const list = this.list;
      this.stickToBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 48;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('state') && this.stickToBottom && this.list) this.list.scrollTop = this.list.scrollHeight;
  }

  /** Scrolls to the newest message (when the panel is shown again). */
  scrollToEnd(): void {
    if (this.list) this.list.scrollTop = this.list.scrollHeight;
  }

  private async send(event: Event): Promise<void> {
    event.preventDefault();
    const body = this.draft.trim();
    if (!body || this.sending || !this.room) return;
    this.sending = true;
    this.error = '';
    try {
      await this.room.request({ type: 'chat.send', body });
      this.draft = '';
      this.stickToBottom = true;
    } catch (error) {
      this.error = roomErrorText(error);
    } finally {
      this.sending = false;
    }
  }

  private async removeMessage(messageId: number): Promise<void> {
    this.error = '';
    try {
      await this.room?.request({ type: 'chat.remove', messageId });
    } catch (error) {
      this.error = roomErrorText(error);
    }
  }

  override render() {
    const state = this.state;
    if (!state) return null;
    const host = state.me.role === 'host';
    return html`<h2 class="visually-hidden">${t('webinarLive.tabs.chat')}</h2>
      ${state.chat.length === 0 ? html`<p class="empty">${t('webinarLive.chat.empty')}</p>` : null}
      <ol class="items scroll" role="log" aria-label=${t('webinarLive.chat.listLabel')} data-testid="chat-list" tabindex="0">
        ${repeat(
          state.chat,
          (m) => m.id,
          (m) => html`<li data-testid=${`chat-message-${m.id}`}>
            <div class="meta">
              <strong>${m.personId === state.me.personId ? t('webinarLive.you') : m.name}</strong>
              <time datetime=${m.at}>${timeOfDay(m.at)}</time>
            </div>
            ${m.removed
              ? html`<p class="body removed">${t('webinarLive.chat.removed')}</p>`
              : html`<p class="body">${m.body}</p>
                  ${host
                    ? html`<div class="tools">
                        <button
                          type="button"
                          class="secondary"
                          data-testid=${`chat-remove-${m.id}`}
                          aria-label=${t('webinarLive.chat.removeLabel', { name: m.name })}
                          @click=${() => this.removeMessage(m.id)}
                        >
                          ${t('webinarLive.chat.remove')}
                        </button>
                      </div>`
                    : null}`}
          </li>`,
        )}
      </ol>
      <form class="compose" @submit=${this.send}>
        <div class="field">
          <label for="chat-input">${t('webinarLive.chat.inputLabel')}</label>
          <input
            id="chat-input"
            type="text"
            maxlength="1000"
            autocomplete="off"
            data-testid="chat-input"
            .value=${this.draft}
            aria-invalid=${this.error ? 'true' : 'false'}
            aria-describedby=${this.error ? 'chat-error' : nothing}
            @input=${(e: Event) => (this.draft = (e.target as HTMLInputElement).value)}
          />
          ${this.error ? html`<p id="chat-error" class="field-error" role="alert">${this.error}</p>` : null}
        </div>
        <button type="submit" data-testid="chat-send" ?disabled=${this.sending}>
          ${this.sending ? t('webinarLive.chat.sending') : t('webinarLive.chat.send')}
        </button>
      </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-live-chat': SinauLiveChat;
  }
}
