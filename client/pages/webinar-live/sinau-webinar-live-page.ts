import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { isApiError } from '../../api/http.ts';
import { openLiveRoom, type LiveMode, type Role, type RoomStatus, type ServerMessage } from '../../api/webinar-live.ts';
import { getWebinar } from '../../api/webinars.ts';
import { announce } from '../../announce.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t } from '../../i18n.ts';
import { router } from '../../router.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { RoomMedia } from './media.ts';
import { RoomConnection, type RoomVerdict } from './room-connection.ts';
import { roomErrorText } from './room-format.ts';
import type { RoomState } from './room-state.ts';
import type { SinauLiveChat } from './sinau-live-chat.ts';
import { roomStyles } from './webinar-live.styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import './sinau-live-attention.ts';
import './sinau-live-chat.ts';
import './sinau-live-participants.ts';
import './sinau-live-polls.ts';
import './sinau-live-questions.ts';
import './sinau-live-stage.ts';

type Tab = 'chat' | 'questions' | 'polls' | 'people';

const statusBadge: Record<RoomStatus, string> = { scheduled: '', live: 'live', ended: 'inactive', cancelled: 'reject' };

/**
 * The live room of a webinar (/webinars/:id/live): the stage (video and audio, publishing for
 * hosts and speakers), chat, questions, polls, raised hands, the participant list for hosts and
 * attention checks, all over the room's one WebSocket. A lobby before the room opens; a closing
 * message once it ended. The connection comes back by itself after a network blip.
 */
@customElement('sinau-webinar-live-page')
export class SinauWebinarLivePage extends LitElement {
  static override styles = [pageStyles, roomStyles];

  /** Route parameters: id (the webinar). */
  @property({ attribute: false }) params: Record<string, string> = {};
  /** The address's query: mode=audio-only for a weak connection. */
  @property({ attribute: false }) query: URLSearchParams = new URLSearchParams();

  @state() private tab: Tab = 'chat';
  @state() private unread: Record<Tab, number> = { chat: 0, questions: 0, polls: 0, people: 0 };
  @state() private handError = '';
  @state() private handBusy = false;
  /** An error the server sent that no request was waiting for. */
  @state() private roomError = '';
  /** What the webinar's page says, when the room could not be entered (before any welcome). */
  @state() private info: { title: string; status: RoomStatus } | null = null;

  /** The room's connection; null for an address without a valid id. */
  room: RoomConnection | null = null;
  /** The room's media; reachable for tests, like the stage's peer connections. */
  media: RoomMedia | null = null;

  private readonly locale = new LocaleController(this);
  private mode: LiveMode = 'full';
  private knownQuestions = new Set<number>();
  private knownPolls = new Set<number>();
  private lastRole: Role | null = null;
  /** Whose hands were up before the latest event (hosts hear of new ones). */
  private prevHands = new Set<number>();

  private get webinarId(): number {
    return Number(this.params.id);
  }

  private get validId(): boolean {
    return Number.isInteger(this.webinarId) && this.webinarId > 0;
  }

  /** The peer connection receiving the room's feeds (see the stage). */
  get subscriberPc(): RTCPeerConnection | null {
    return this.media?.subscriberPc ?? null;
  }

  /** The peer connection sending this person's media (see the stage). */
  get publisherPc(): RTCPeerConnection | null {
    return this.media?.publisherPc ?? null;
  }

  override connectedCallback(): void {
    // Created before super.connectedCallback so the controller connects with the page.
    if (this.validId && !this.room) {
      this.mode = this.query.get('mode') === 'audio-only' ? 'audio-only' : 'full';
      this.room = new RoomConnection(this, { open: () => openLiveRoom(this.webinarId, this.mode), diagnose: () => this.diagnose() });
      this.room.addEventListener('message', this.onMessage);
    }
    if (this.room && !this.media) this.media = new RoomMedia(this.room, { audioOnly: this.mode === 'audio-only' });
    super.connectedCallback();
    window.addEventListener('online', this.onOnline);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('online', this.onOnline);
    super.disconnectedCallback();
    this.media?.dispose();
    this.media = null;
  }

  /** Why the room's socket was refused, in the webinar's own terms (the socket cannot say). */
  private async diagnose(): Promise<RoomVerdict | null> {
    let webinar;
    try {
      webinar = await getWebinar(this.webinarId);
    } catch (error) {
      // Offline or the server is down: keep trying. A session that ended goes to sign-in by itself.
      if (isApiError(error, 'not_found')) return { reason: 'refused', message: t('webinarLive.notFound') };
      if (isApiError(error, 'forbidden') || isApiError(error, 'partner_forbidden')) return { reason: 'refused', message: describeError(error) };
      return null;
    }
    this.info = { title: webinar.title, status: webinar.status };
    if (webinar.status === 'ended') return { reason: 'ended' };
    if (webinar.status === 'cancelled') return { reason: 'refused', message: t('webinarLive.cancelledText') };
    if (webinar.me.canHost) return null;
    const registration = webinar.me.registration?.status;
    if (registration === 'registered' || registration === 'approved') return null;
    if (registration === 'pending_approval') return { reason: 'refused', message: t('webinarLive.refusedPending') };
    if (registration === 'waitlisted') return { reason: 'refused', message: t('webinarLive.refusedWaitlisted') };
    return { reason: 'refused', message: t('webinarLive.refusedNotRegistered') };
  }

  private readonly onOnline = (): void => {
    if (this.room?.status === 'reconnecting') this.room.connect();
  };

  // ---- What the server says --------------------------------------------------------------------

  private readonly onMessage = (event: Event): void => {
    const message = (event as CustomEvent<ServerMessage>).detail;
    const state = this.room?.state;
    if (!state) return;
    switch (message.type) {
      case 'welcome':
        this.knownQuestions = new Set(state.questions.map((q) => q.id));
        this.knownPolls = new Set(state.polls.map((p) => p.id));
        if (this.lastRole && this.lastRole !== state.me.role) this.onRoleChanged(state.me.role);
        this.lastRole = state.me.role;
        if (this.tab === 'people' && state.me.role !== 'host') this.tab = 'chat';
        break;
      case 'status':
        if (message.status === 'live') announce(t('webinarLive.nowLive'));
        if (message.status === 'ended') announce(t('webinarLive.ended'));
        break;
      case 'role':
        this.onRoleChanged(message.role);
        break;
      case 'chat':
        if (message.message.personId !== state.me.personId) this.bump('chat');
        break;
      case 'question':
        if (!this.knownQuestions.has(message.question.id)) {
          this.knownQuestions.add(message.question.id);
          if (message.question.personId !== state.me.personId) {
            this.bump('questions');
            announce(t('webinarLive.questions.arrived', { body: message.question.body }));
          }
        }
        break;
      case 'poll':
        if (!this.knownPolls.has(message.poll.id)) {
          this.knownPolls.add(message.poll.id);
          if (state.me.role !== 'host') {
            this.bump('polls');
            announce(t('webinarLive.polls.arrived', { question: message.poll.question }));
          }
        }
        break;
      case 'hands':
        if (state.me.role === 'host') this.announceNewHands(message.hands.map((h) => h.personId));
        break;
      case 'error':
        // An error no request waits for (its request timed out, or none was sent): the server's words.
        this.roomError = message.message || t('webinarLive.errors.failed');
        break;
    }
    this.prevHands = new Set(state.hands.map((h) => h.personId));
  };

  private announceNewHands(hands: number[]): void {
    const state = this.room?.state;
    for (const personId of hands) {
      if (this.prevHands.has(personId) || personId === state?.me.personId) continue;
      const name = state?.hands.find((h) => h.personId === personId)?.name ?? '';
      announce(t('webinarLive.people.handRaised', { name }));
      this.bump('people');
    }
  }

  private onRoleChanged(role: Role): void {
    this.lastRole = role;
    announce(t(`webinarLive.roleChanged.${role}`));
    if (role !== 'host' && this.tab === 'people') this.tab = 'chat';
  }

  private bump(tab: Tab): void {
    if (this.tab === tab) return;
    this.unread = { ...this.unread, [tab]: this.unread[tab] + 1 };
  }

  // ---- What the person does --------------------------------------------------------------------

  private async selectTab(tab: Tab, focus = false): Promise<void> {
    this.tab = tab;
    this.unread = { ...this.unread, [tab]: 0 };
    await this.updateComplete;
    if (focus) this.renderRoot.querySelector<HTMLElement>(`#tab-${tab}`)?.focus();
    if (tab === 'chat') this.renderRoot.querySelector<SinauLiveChat>('sinau-live-chat')?.scrollToEnd();
  }

  private onTabKeydown(event: KeyboardEvent, tabs: Tab[]): void {
    const index = tabs.indexOf(this.tab);
    let next: number;
    if (event.key === 'ArrowRight') next = (index + 1) % tabs.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + tabs.length) % tabs.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = tabs.length - 1;
    else return;
    event.preventDefault();
    void this.selectTab(tabs[next] ?? 'chat', true);
  }

  private async toggleHand(raised: boolean): Promise<void> {
    if (!this.room || this.handBusy) return;
    this.handBusy = true;
    this.handError = '';
    try {
      await this.room.request(raised ? { type: 'hand.lower' } : { type: 'hand.raise' });
      announce(raised ? t('webinarLive.hand.lowered') : t('webinarLive.hand.raised'));
    } catch (error) {
      this.handError = roomErrorText(error);
    } finally {
      this.handBusy = false;
    }
  }

  private onAudioOnly(event: CustomEvent<boolean>): void {
    this.mode = event.detail ? 'audio-only' : 'full';
    // Kept in the address so a reload or reconnection asks for the same.
    router.replaceQuery({ mode: event.detail ? 'audio-only' : null });
  }

  // ---- Rendering -------------------------------------------------------------------------------

  private backLink() {
    return html`<p class="crumbs">
      <a href=${`/webinars/${this.params.id ?? ''}`} data-testid="back-to-webinar"><span aria-hidden="true">←</span> ${t('webinarLive.back')}</a>
    </p>`;
  }

  private renderConnection(room: RoomConnection) {
    let text = '';
    if (room.status === 'reconnecting') text = room.failures > 2 ? t('webinarLive.reconnectingLong', { count: room.failures }) : t('webinarLive.reconnecting');
    else if (room.status === 'connecting' && room.state) text = t('webinarLive.connecting');
    // Always present, so the status is read out when it changes.
    return html`<span class="connection" role="status" data-testid="connection-status" data-status=${room.status}>
      ${text}${room.status === 'reconnecting' && room.failures > 2
        ? html` <button type="button" class="link" @click=${() => room.connect()}>${t('webinarLive.retryNow')}</button>`
        : nothing}
    </span>`;
  }

  private renderFacts(room: RoomConnection, state: RoomState) {
    const status = state.webinar.status;
    return html`<p class="facts">
      <span class="badge ${statusBadge[status]}" data-testid="room-status" data-status=${status}>${t(`webinarLive.status.${status}`)}</span>
      <span data-testid="participant-count">${t('webinarLive.participantCount', { count: state.participantCount })}</span>
      <span class="muted">${t('webinarLive.youAre', { role: t(`webinarLive.roles.${state.me.role}`) })}</span>
      ${this.renderConnection(room)}
    </p>`;
  }

  private renderMain(state: RoomState) {
    const status = state.webinar.status;
    const host = state.me.role === 'host';
    if (status === 'scheduled') {
      return html`<div class="card lobby" data-testid="lobby">
        <h2>${t('webinarLive.lobby')}</h2>
        <p>${host ? t('webinarLive.lobbyHost') : t('webinarLive.lobbyHint')}</p>
        ${host ? html`<p><a class="button" href=${`/webinars/${state.webinar.id}`}>${t('webinarLive.openRoom')}</a></p>` : nothing}
      </div>`;
    }
    return html`${state.liveVideo
      ? html`<sinau-live-stage .media=${this.media} .state=${state} @sinau-audio-only=${this.onAudioOnly}></sinau-live-stage>`
      : html`<sinau-alert variant="info" data-testid="no-live-video">${t('webinarLive.noLiveVideo')}</sinau-alert>`}`;
  }

  private renderHand(state: RoomState) {
    if (state.me.role === 'host') return nothing;
    const raised = state.me.handRaised;
    return html`<div class="hand-bar">
        <button type="button" class="secondary toggle" data-testid="hand-raise" aria-pressed=${raised ? 'true' : 'false'} ?disabled=${this.handBusy} @click=${() => this.toggleHand(raised)}>
          ${t('webinarLive.hand.raise')}
        </button>
        ${raised ? html`<p data-testid="hand-state">${t('webinarLive.hand.isRaised')}</p>` : nothing}
      </div>
      ${this.handError ? html`<p class="field-error" role="alert">${this.handError}</p>` : nothing}`;
  }

  private renderTabs(state: RoomState) {
    const host = state.me.role === 'host';
    const tabs: Tab[] = host ? ['chat', 'questions', 'polls', 'people'] : ['chat', 'questions', 'polls'];
    const labels: Record<Tab, string> = {
      chat: t('webinarLive.tabs.chat'),
      questions: t('webinarLive.tabs.questions'),
      polls: t('webinarLive.tabs.polls'),
      people: t('webinarLive.tabs.people'),
    };
    const panel = (tab: Tab, content: unknown) =>
      html`<div role="tabpanel" id=${`panel-${tab}`} aria-labelledby=${`tab-${tab}`} ?hidden=${this.tab !== tab} tabindex="0">${content}</div>`;
    return html`<div role="tablist" aria-label=${t('webinarLive.tabsLabel')} @keydown=${(e: KeyboardEvent) => this.onTabKeydown(e, tabs)}>
        ${tabs.map((tab) => {
          const unread = this.unread[tab];
          return html`<button
            type="button"
            role="tab"
            id=${`tab-${tab}`}
            data-testid=${`tab-${tab}`}
            aria-controls=${`panel-${tab}`}
            aria-selected=${this.tab === tab ? 'true' : 'false'}
            tabindex=${this.tab === tab ? '0' : '-1'}
            @click=${() => this.selectTab(tab)}
          >
            ${labels[tab]}${unread
              ? html` <span class="unread"><span aria-hidden="true">${unread}</span><span class="visually-hidden">${t('webinarLive.unread', { count: unread })}</span></span>`
              : nothing}
          </button>`;
        })}
      </div>
      ${panel('chat', html`<sinau-live-chat .room=${this.room} .state=${state}></sinau-live-chat>`)}
      ${panel('questions', html`<sinau-live-questions .room=${this.room} .state=${state}></sinau-live-questions>`)}
      ${panel('polls', html`<sinau-live-polls .room=${this.room} .state=${state}></sinau-live-polls>`)}
      ${host ? panel('people', html`<sinau-live-participants .room=${this.room} .state=${state}></sinau-live-participants>`) : nothing}`;
  }

  private renderClosed(room: RoomConnection, state: RoomState | null) {
    const title = state?.webinar.title ?? this.info?.title ?? t('webinarLive.title');
    const status = state?.webinar.status ?? this.info?.status;
    if (room.closed === 'replaced') {
      return html`${this.backLink()}
        <h1>${title}</h1>
        <sinau-alert variant="warning" data-testid="room-replaced"><strong>${t('webinarLive.replacedHeading')}</strong> <p>${t('webinarLive.replaced')}</p></sinau-alert>
        <button type="button" data-testid="take-over" @click=${() => room.takeOver()}>${t('webinarLive.takeOver')}</button>`;
    }
    if (room.closed === 'refused') {
      return html`${this.backLink()}
        <h1>${title}</h1>
        <sinau-alert variant="error" data-testid="room-refused">
          <strong>${status === 'cancelled' ? t('webinarLive.cancelled') : t('webinarLive.refusedHeading')}</strong>
          <p>${room.closedMessage || t('webinarLive.refused')}</p>
        </sinau-alert>`;
    }
    return this.renderOver(title, status === 'cancelled');
  }

  private renderOver(title: string, cancelled: boolean) {
    return html`${this.backLink()}
      <h1>${title}</h1>
      <div class="card lobby" data-testid="room-ended">
        <h2>${cancelled ? t('webinarLive.cancelled') : t('webinarLive.endedHeading')}</h2>
        <p>${cancelled ? t('webinarLive.cancelledText') : t('webinarLive.ended')}</p>
        <p><a class="button" href=${`/webinars/${this.params.id ?? ''}`}>${t('webinarLive.back')}</a></p>
      </div>`;
  }

  override render() {
    const room = this.room;
    if (!this.validId || !room) {
      return html`<h1>${t('webinarLive.title')}</h1>
        <sinau-alert variant="error">${t('webinarLive.notFound')}</sinau-alert>
        <p><a href="/">${t('errorPage.backHome')}</a></p>`;
    }
    const state = room.state;
    if (room.status === 'closed' && room.closed !== 'left') return this.renderClosed(room, state);
    if (!state) {
      return html`${this.backLink()}
        <h1>${t('webinarLive.title')}</h1>
        <sinau-loading .label=${room.status === 'reconnecting' ? t('webinarLive.reconnecting') : t('webinarLive.connecting')}></sinau-loading>
        ${room.failures > 2
          ? html`<sinau-alert variant="warning">${t('webinarLive.cannotConnect')}</sinau-alert>
              <button type="button" class="secondary" @click=${() => room.connect()}>${t('webinarLive.retryNow')}</button>`
          : nothing}`;
    }
    const status = state.webinar.status;
    if (status === 'ended' || status === 'cancelled') return this.renderOver(state.webinar.title, status === 'cancelled');
    return html`${this.backLink()}
      <h1>${state.webinar.title}</h1>
      ${this.renderFacts(room, state)}
      ${this.roomError
        ? html`<sinau-alert variant="warning" data-testid="room-error">
            ${this.roomError} <button type="button" class="link" @click=${() => (this.roomError = '')}>${t('common.close')}</button>
          </sinau-alert>`
        : nothing}
      ${state.me.role !== 'host' ? html`<sinau-live-attention .room=${room} .check=${state.attention}></sinau-live-attention>` : nothing}
      <div class="room">
        <div class="main-column">${this.renderMain(state)} ${this.renderHand(state)}</div>
        <div class="side">${this.renderTabs(state)}</div>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-webinar-live-page': SinauWebinarLivePage;
  }
}
