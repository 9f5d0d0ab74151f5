import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ClientMessage } from '../../api/webinar-live.ts';
import { announce } from '../../announce.ts';
import { LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import type { RoomConnection } from './room-connection.ts';
import { roomErrorText } from './room-format.ts';
import { sortParticipants, type ParticipantRow, type RoomState } from './room-state.ts';
import { panelStyles } from './webinar-live.styles.ts';
import './sinau-live-attention-form.ts';

type Moderation = Extract<ClientMessage, { type: 'speaker.promote' | 'speaker.demote' | 'mute' | 'hand.lower' }>;

/**
 * For hosts: who is in the room with their role, raised hands first; promote an attendee to
 * speaker, demote a speaker, mute a microphone, lower a hand; and the attention check.
 */
@customElement('sinau-live-participants')
export class SinauLiveParticipants extends LitElement {
  static override styles = [
    pageStyles,
    panelStyles,
    css`
      .hand {
        color: var(--sinau-color-warning);
        font-weight: 700;
      }
      .badge.hand {
        background: var(--sinau-color-warning-bg);
      }
      sinau-live-attention-form {
        margin-bottom: var(--sinau-space-4);
      }
    `,
  ];

  /** The room's connection, through which moderation requests go. */
  @property({ attribute: false }) room: RoomConnection | null = null;
  /** The room as last known. */
  @property({ attribute: false }) state: RoomState | null = null;

  @state() private error = '';
  @state() private busy = new Set<string>();

  private readonly locale = new LocaleController(this);

  private async moderate(message: Moderation, done: string): Promise<void> {
    const key = `${message.type}:${message.personId ?? ''}`;
    if (!this.room || this.busy.has(key)) return;
    this.busy = new Set(this.busy).add(key);
    this.error = '';
    try {
      await this.room.request(message);
      announce(done);
    } catch (error) {
      this.error = roomErrorText(error);
    } finally {
      const next = new Set(this.busy);
      next.delete(key);
      this.busy = next;
    }
  }

  private renderRow(p: ParticipantRow, state: RoomState) {
    const self = p.personId === state.me.personId;
    const busy = (type: Moderation['type']) => this.busy.has(`${type}:${p.personId}`);
    return html`<li data-testid=${`participant-${p.personId}`} data-role=${p.role} data-hand=${p.handAt ? 'up' : 'down'}>
      <div class="meta">
        <strong>${p.name}${self ? ` (${t('webinarLive.you')})` : ''}</strong>
        <span class="badge ${p.role === 'attendee' ? 'inactive' : ''}">${t(`webinarLive.roles.${p.role}`)}</span>
        ${p.handAt ? html`<span class="badge hand">${t('webinarLive.people.handUp')}</span>` : null}
        ${p.mode === 'audio-only' ? html`<span>${t('webinarLive.people.audioOnly')}</span>` : null}
        ${p.connections > 1 ? html`<span>${t('webinarLive.people.connections', { count: p.connections })}</span>` : null}
      </div>
      ${self
        ? null
        : html`<div class="tools">
            ${p.role === 'attendee'
              ? html`<button
                  type="button"
                  class="secondary"
                  data-testid=${`promote-${p.personId}`}
                  aria-label=${t('webinarLive.people.promoteLabel', { name: p.name })}
                  ?disabled=${busy('speaker.promote')}
                  @click=${() => this.moderate({ type: 'speaker.promote', personId: p.personId }, t('webinarLive.people.promoted', { name: p.name }))}
                >
                  ${t('webinarLive.people.promote')}
                </button>`
              : null}
            ${p.role === 'speaker'
              ? html`<button
                  type="button"
                  class="secondary"
                  data-testid=${`demote-${p.personId}`}
                  aria-label=${t('webinarLive.people.demoteLabel', { name: p.name })}
                  ?disabled=${busy('speaker.demote')}
                  @click=${() => this.moderate({ type: 'speaker.demote', personId: p.personId }, t('webinarLive.people.demoted', { name: p.name }))}
                >
                  ${t('webinarLive.people.demote')}
                </button>`
              : null}
            ${p.role !== 'attendee'
              ? html`<button
                  type="button"
                  class="secondary"
                  data-testid=${`mute-${p.personId}`}
                  aria-label=${t('webinarLive.people.muteLabel', { name: p.name })}
                  ?disabled=${busy('mute')}
                  @click=${() => this.moderate({ type: 'mute', personId: p.personId }, t('webinarLive.people.muted', { name: p.name }))}
                >
                  ${t('webinarLive.people.mute')}
                </button>`
              : null}
            ${p.handAt
              ? html`<button
                  type="button"
                  class="secondary"
                  data-testid=${`lower-hand-${p.personId}`}
                  aria-label=${t('webinarLive.people.lowerHandLabel', { name: p.name })}
                  ?disabled=${busy('hand.lower')}
                  @click=${() => this.moderate({ type: 'hand.lower', personId: p.personId }, t('webinarLive.people.handLowered', { name: p.name }))}
                >
                  ${t('webinarLive.people.lowerHand')}
                </button>`
              : null}
          </div>`}
    </li>`;
  }

  override render() {
    const state = this.state;
    if (!state || state.me.role !== 'host') return null;
    const rows = sortParticipants(state.participants ?? [], state.hands);
    const hands = state.hands.length;
    return html`<h2 class="visually-hidden">${t('webinarLive.tabs.people')}</h2>
      <sinau-live-attention-form .room=${this.room} .check=${state.attention}></sinau-live-attention-form>
      <h3 class="count">
        ${t('webinarLive.participantCount', { count: state.participantCount })}${hands
          ? html` · <span class="hand">${t('webinarLive.people.hands', { count: hands })}</span>`
          : null}
      </h3>
      ${this.error ? html`<p class="field-error" role="alert">${this.error}</p>` : null}
      ${rows.length === 0
        ? html`<p class="empty">${t('webinarLive.people.empty')}</p>`
        : html`<ul class="items" aria-label=${t('webinarLive.people.listLabel')} data-testid="participant-list">
            ${repeat(
              rows,
              (p) => p.personId,
              (p) => this.renderRow(p, state),
            )}
          </ul>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-live-participants': SinauLiveParticipants;
  }
}
