import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { listCourses, type CourseCard } from '../../api/courses.ts';
import { ApiError, isApiError } from '../../api/http.ts';
import { calendarUrl, endWebinar, getWebinar, openRoom, register, unregister, type Webinar } from '../../api/webinars.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { formatMinutes, LocaleController, t } from '../../i18n.ts';
import { hasRole, SessionController } from '../../session.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { canJoin, durationMinutes, formatDateTime, jpText, liveHref, registrationBadge, scheduleTime, SEATED, seatsText, statusBadge, webinarError, webinarStyles } from './webinar-format.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import './sinau-webinar-assignments.ts';
import './sinau-webinar-cancel-dialog.ts';
import './sinau-webinar-registrations.ts';
import '../evaluation/sinau-survey-prompt.ts';

/** How often the page asks for the webinar's status while it may still open, go live or end. */
const POLL_MS = 15_000;
/** How early a host may open the room (the server's OPEN_EARLY_MINUTES). */
const OPEN_EARLY_MINUTES = 60;

/**
 * A webinar: what it is, when, who hosts it, what it counts for; registering, the calendar
 * file, and the lobby that turns into a Join button once a host opens the room. Hosts also
 * open and end the room, decide registrations, edit and cancel; admins assign it.
 */
@customElement('sinau-webinar-page')
export class SinauWebinarPage extends LitElement {
  static override styles = [
    pageStyles,
    webinarStyles,
    css`
      h1 {
        overflow-wrap: anywhere;
      }
      .crumbs {
        font-size: 0.9rem;
        margin-bottom: var(--sinau-space-2);
      }
      .badges {
        margin-bottom: var(--sinau-space-4);
      }
      /* The panel comes first in the page (on a phone, registering is not below a long
         description); on a wide screen it sits to the right. */
      .hero {
        display: grid;
        gap: var(--sinau-space-4);
        grid-template-columns: minmax(0, 1fr);
        margin-bottom: var(--sinau-space-5);
      }
      @media (min-width: 56rem) {
        .hero {
          grid-template-columns: minmax(0, 1.6fr) minmax(18rem, 1fr);
          grid-template-areas: 'about panel';
          align-items: start;
        }
        .hero .panel {
          grid-area: panel;
        }
        .hero .about {
          grid-area: about;
        }
      }
      .panel {
        background: var(--sinau-color-surface);
        border: 1px solid var(--sinau-color-border);
        border-radius: var(--sinau-radius);
        padding: var(--sinau-space-4);
        box-shadow: var(--sinau-shadow);
      }
      .panel > * + * {
        margin-top: var(--sinau-space-3);
      }
      .panel .button,
      .panel button {
        width: 100%;
      }
      .panel dl.details {
        margin: 0;
      }
      .panel > * + dl.details {
        margin-top: var(--sinau-space-3);
      }
      dd .hint {
        display: block;
      }
      .state {
        border-left: 0.35rem solid var(--sinau-color-info);
        background: var(--sinau-color-info-bg);
        padding: var(--sinau-space-3) var(--sinau-space-4);
        border-radius: var(--sinau-radius);
        margin-bottom: var(--sinau-space-4);
      }
      .state.live {
        border-left-color: var(--sinau-color-danger);
        background: var(--sinau-color-danger-bg);
      }
      .state.ok {
        border-left-color: var(--sinau-color-success);
        background: var(--sinau-color-success-bg);
      }
      .state.muted-state {
        border-left-color: var(--sinau-color-border);
        background: #eef1f4;
      }
      .state strong {
        display: block;
        margin-bottom: var(--sinau-space-1);
      }
      .state p {
        margin: 0;
      }
      .state p + p,
      .state .button {
        margin-top: var(--sinau-space-2);
      }
      .description {
        white-space: pre-line;
        overflow-wrap: anywhere;
        max-width: 46rem;
      }
      ul.plain {
        list-style: none;
        margin: 0;
        padding: 0;
        display: flex;
        flex-wrap: wrap;
        gap: var(--sinau-space-1) var(--sinau-space-2);
      }
      section.block {
        margin-top: var(--sinau-space-5);
      }
      .host-actions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--sinau-space-3);
        margin-bottom: var(--sinau-space-3);
      }
      @media (max-width: 30rem) {
        .host-actions > * {
          flex: 1 1 100%;
        }
      }
    `,
  ];

  /** Route parameters: id. */
  @property({ attribute: false }) params: Record<string, string> = {};

  @state() private busy: 'register' | 'unregister' | 'open' | 'end' | null = null;
  @state() private actionError = '';
  @state() private hostError = '';
  @state() private cancelOpen = false;
  @state() private refreshFailed = false;

  private readonly locale = new LocaleController(this);
  private readonly session = new SessionController(this);
  private readonly webinar = new LoadController<Webinar>(this, (signal) =>
    // An address such as /webinars/abc names no webinar.
    this.webinarId ? getWebinar(this.webinarId, signal) : Promise.reject(new ApiError({ status: 404, code: 'not_found', message: '' })),
  );
  // The webinar names its course by id; the catalogue gives its address and title.
  private readonly course = new LoadController<CourseCard | null>(
    this,
    async (signal) => (await listCourses({ limit: 100 }, signal)).items.find((c) => c.id === this.webinar.value?.courseId) ?? null,
    { auto: false },
  );
  private timer: ReturnType<typeof setInterval> | undefined;

  private get webinarId(): number {
    return Number(this.params.id) || 0;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.timer = setInterval(() => void this.poll(), POLL_MS);
    document.addEventListener('visibilitychange', this.onVisible);
  }

  override disconnectedCallback(): void {
    clearInterval(this.timer);
    document.removeEventListener('visibilitychange', this.onVisible);
    super.disconnectedCallback();
  }

  private readonly onVisible = (): void => {
    if (document.visibilityState === 'visible') void this.poll();
  };

  protected override willUpdate(): void {
    const w = this.webinar.value;
    if (w?.courseId && this.course.value === undefined && !this.course.loading && !this.course.error) void this.course.run();
  }

  /** Reads the status again while it can still change; says so when the room opens. */
  private async poll(): Promise<void> {
    const before = this.webinar.value;
    if (!before || document.visibilityState !== 'visible' || this.busy) return;
    if (before.status !== 'scheduled' && before.status !== 'live') return;
    try {
      const now = await getWebinar(before.id);
      this.refreshFailed = false;
      this.setWebinar(now);
      if (before.status === 'scheduled' && now.status === 'live' && canJoin(now)) announce(t('webinars.lobby.opened'));
      if (before.status === 'live' && now.status === 'ended') announce(t('webinars.lobby.ended'));
    } catch {
      this.refreshFailed = true;
    }
  }

  private setWebinar(w: Webinar): void {
    this.webinar.value = w;
    this.requestUpdate();
  }

  private async focusTestId(testId: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-testid="${testId}"]`)?.focus();
  }

  private async onRegister(): Promise<void> {
    const w = this.webinar.value;
    if (!w || this.busy) return;
    this.busy = 'register';
    this.actionError = '';
    try {
      const reg = await register(w.id);
      this.setWebinar(await getWebinar(w.id));
      announce(
        reg.status === 'waitlisted'
          ? t('webinars.register.waitlistPosition', { position: reg.waitlistPosition ?? 1 })
          : reg.status === 'pending_approval'
            ? t('webinars.register.pending')
            : t('webinars.register.registered'),
      );
      await this.focusTestId('registration-state');
    } catch (error) {
      this.actionError = webinarError(error);
    } finally {
      this.busy = null;
    }
  }

  private async onUnregister(): Promise<void> {
    const w = this.webinar.value;
    if (!w || this.busy || !window.confirm(t('webinars.register.cancelConfirm'))) return;
    this.busy = 'unregister';
    this.actionError = '';
    try {
      await unregister(w.id);
      this.setWebinar(await getWebinar(w.id));
      announce(t('webinars.register.cancelled'));
      await this.focusTestId('register');
    } catch (error) {
      this.actionError = webinarError(error);
    } finally {
      this.busy = null;
    }
  }

  private async onOpen(): Promise<void> {
    const w = this.webinar.value;
    if (!w || this.busy) return;
    this.busy = 'open';
    this.hostError = '';
    try {
      this.setWebinar(await openRoom(w.id));
      announce(t('webinars.host.opened'));
      await this.focusTestId('join');
    } catch (error) {
      this.hostError = webinarError(error);
    } finally {
      this.busy = null;
    }
  }

  private async onEnd(): Promise<void> {
    const w = this.webinar.value;
    if (!w || this.busy || !window.confirm(t('webinars.host.endConfirm'))) return;
    this.busy = 'end';
    this.hostError = '';
    try {
      this.setWebinar(await endWebinar(w.id));
      announce(t('webinars.host.ended'));
    } catch (error) {
      this.hostError = webinarError(error);
    } finally {
      this.busy = null;
    }
  }

  private onWebinarChange(event: CustomEvent<Webinar | null>): void {
    if (event.detail) this.setWebinar(event.detail);
    else void this.webinar.run();
  }

  /** The box at the top: lobby, live, over or cancelled (poll() announces the changes that matter). */
  private renderState(w: Webinar) {
    const reg = w.me.registration;
    const seated = reg !== null && SEATED.includes(reg.status);
    let content: unknown = null;
    let kind = '';
    if (w.status === 'cancelled') {
      kind = 'muted-state';
      content = html`<strong>${t('webinars.lobby.cancelled')}</strong>
        ${w.cancelReason ? html`<p>${t('webinars.lobby.cancelReason', { reason: w.cancelReason })}</p>` : null}`;
    } else if (w.status === 'ended') {
      kind = 'muted-state';
      content = html`<strong>${w.endedAt ? t('webinars.lobby.endedAt', { time: formatDateTime(w.endedAt) }) : t('webinars.lobby.ended')}</strong>
        ${w.quizId && (seated || w.me.canHost) ? html`<a class="button secondary" href=${`/quizzes/${w.quizId}`}>${t('webinars.detail.postTestLink')}</a>` : null}`;
    } else if (w.status === 'live') {
      kind = 'live';
      content = canJoin(w)
        ? html`<strong>${t('webinars.lobby.opened')}</strong>
            <a class="button join" href=${liveHref(w)} data-testid="join">${t('webinars.join')}</a>`
        : html`<strong>${t('webinars.lobby.live')}</strong>`;
    } else if (seated || w.me.canHost) {
      content = html`<strong data-testid="lobby">${t('webinars.lobby.heading')}</strong>
        <p>${w.me.canHost ? t('webinars.lobby.hostWaiting') : t('webinars.lobby.waiting')}</p>
        <p>${t('webinars.lobby.startsAt', { time: formatDateTime(w.startsAt) })}</p>`;
    }
    return html`${content ? html`<div class=${`state ${kind}`} data-testid="webinar-state">${content}</div>` : null}
    ${this.refreshFailed ? html`<p class="muted" role="status">${t('webinars.detail.refreshFailed')}</p>` : null}`;
  }

  private renderRegistration(w: Webinar) {
    const reg = w.me.registration;
    const open = w.status === 'scheduled' || w.status === 'live';
    const busy = this.busy !== null;
    if (reg && reg.status !== 'cancelled') {
      const message =
        reg.status === 'waitlisted'
          ? reg.waitlistPosition
            ? t('webinars.register.waitlistPosition', { position: reg.waitlistPosition })
            : t('webinars.register.waitlisted')
          : reg.status === 'pending_approval'
            ? t('webinars.register.pending')
            : reg.status === 'declined'
              ? t('webinars.register.declined')
              : t('webinars.register.registered');
      const variant = SEATED.includes(reg.status) ? 'success' : reg.status === 'declined' ? 'warning' : 'info';
      return html`<sinau-alert variant=${variant} data-testid="registration-state" tabindex="-1">
          ${SEATED.includes(reg.status) ? html`<strong>${t('webinars.register.registeredHeading')}</strong>` : null}
          <p>${message}</p>
        </sinau-alert>
        ${open && reg.status !== 'declined'
          ? html`<button type="button" class="secondary" data-testid="unregister" ?disabled=${busy} @click=${this.onUnregister}>
              ${this.busy === 'unregister' ? t('webinars.register.cancelBusy') : t('webinars.register.cancel')}
            </button>`
          : null}`;
    }
    // Hosts go in without registering.
    if (w.me.canHost) return null;
    if (!open) return html`<p class="muted">${t('webinars.register.closed')}</p>`;
    const hint = w.approvalRequired && !w.me.assigned ? t('webinars.register.approvalHint') : w.seats.free === 0 ? t('webinars.register.fullHint') : '';
    return html`<button type="button" data-testid="register" ?disabled=${busy} aria-describedby=${hint ? 'register-hint' : nothing} @click=${this.onRegister}>
        ${this.busy === 'register' ? t('webinars.register.busy') : t('webinars.register.action')}
      </button>
      ${hint ? html`<p class="hint" id="register-hint">${hint}</p>` : null}`;
  }

  private renderFacts(w: Webinar) {
    const course = this.course.value;
    return html`<dl class="details">
      <dt>${t('webinars.detail.when')}</dt>
      <dd>${scheduleTime(w)}</dd>
      <dt>${t('webinars.detail.duration')}</dt>
      <dd>${formatMinutes(durationMinutes(w))}</dd>
      <dt>${t('webinars.detail.jp')}</dt>
      <dd>${jpText(w.jp)} <span class="hint">${t('webinars.detail.jpHint', { pct: w.attendanceThresholdPct })}</span></dd>
      <dt>${t('webinars.detail.seats')}</dt>
      <dd data-testid="seats">${seatsText(w)}${w.me.canHost && w.seats.pending ? html` · ${t('webinars.seatsPending', { count: w.seats.pending })}` : null}</dd>
      <dt>${t('webinars.hostLabel')}</dt>
      <dd>${w.host.name}</dd>
      ${w.coHosts.length
        ? html`<dt>${t('webinars.coHosts')}</dt>
            <dd>${w.coHosts.map((h) => h.name).join(', ')}</dd>`
        : null}
      ${w.competencies.length
        ? html`<dt>${t('webinars.detail.competencies')}</dt>
            <dd>
              <ul class="plain">
                ${w.competencies.map(
                  (c) => html`<li><span class="badge" title=${t('webinars.detail.competencyLevel', { code: c.code, level: c.level })}>${c.code} · ${t('course.levelShort', { level: c.level })}</span></li>`,
                )}
              </ul>
            </dd>`
        : null}
      ${w.courseId && course
        ? html`<dt>${t('webinars.detail.course')}</dt>
            <dd><a href=${`/courses/${encodeURIComponent(course.slug)}`}>${course.title}</a></dd>`
        : null}
      ${w.quizId && w.status !== 'ended'
        ? html`<dt>${t('webinars.detail.postTest')}</dt>
            <dd>${t('webinars.detail.postTestLater')}</dd>`
        : null}
      ${w.record
        ? html`<dt>${t('webinars.detail.record')}</dt>
            <dd>${t('webinars.detail.recorded')}</dd>`
        : null}
    </dl>`;
  }

  /** Open, end, edit, cancel: while the webinar is scheduled or live. */
  private renderHostTools(w: Webinar) {
    const busy = this.busy !== null;
    const opensAt = new Date(new Date(w.startsAt).getTime() - OPEN_EARLY_MINUTES * 60_000);
    const tooEarly = w.status === 'scheduled' && opensAt.getTime() > Date.now();
    return html`<section class="block" aria-labelledby="host-heading" data-testid="host-tools">
        <h2 id="host-heading">${t('webinars.host.heading')}</h2>
        ${w.liveVideo !== 'ok' ? html`<sinau-alert variant="warning">${t('webinars.host.liveVideoUnavailable')}</sinau-alert>` : null}
        ${this.hostError ? html`<sinau-alert variant="error">${this.hostError}</sinau-alert>` : null}
        <div class="host-actions">
          ${w.status === 'scheduled'
            ? html`<button type="button" data-testid="open-room" ?disabled=${busy || tooEarly} aria-describedby=${tooEarly ? 'opens-at' : nothing} @click=${this.onOpen}>
                ${this.busy === 'open' ? t('webinars.host.opening') : t('webinars.host.open')}
              </button>`
            : null}
          ${w.status === 'live'
            ? html`<button type="button" class="danger" data-testid="end-webinar" ?disabled=${busy} @click=${this.onEnd}>
                ${this.busy === 'end' ? t('webinars.host.ending') : t('webinars.host.end')}
              </button>`
            : null}
          ${w.me.canEdit ? html`<a class="button secondary" href=${`/webinars/${w.id}/edit`}>${t('webinars.host.edit')}</a>` : null}
          ${w.me.canEdit && w.status === 'scheduled'
            ? html`<button type="button" class="secondary" data-testid="cancel-webinar" @click=${() => (this.cancelOpen = true)}>${t('webinars.host.cancel')}</button>`
            : null}
        </div>
        ${tooEarly ? html`<p class="hint" id="opens-at">${t('webinars.host.openFrom', { time: formatDateTime(opensAt.toISOString()) })}</p>` : null}
      </section>`;
  }

  private renderHost(w: Webinar) {
    const admin = hasRole(this.session.me, 'admin');
    const editable = w.status === 'scheduled' || w.status === 'live';
    return html`${editable ? this.renderHostTools(w) : null}
      ${w.status === 'ended' ? html`<p><a class="button secondary" href=${`/evaluations/webinars/${w.id}/report`}>${t('evaluation.report.link')}</a></p>` : null}
      <section class="block" aria-labelledby="registrations-heading">
        <h2 id="registrations-heading">${t('webinars.registrations.heading')}</h2>
        <sinau-webinar-registrations .webinar=${w} @sinau-webinar-change=${this.onWebinarChange}></sinau-webinar-registrations>
      </section>
      ${admin
        ? html`<section class="block" aria-labelledby="assignments-heading">
            <h2 id="assignments-heading">${t('webinars.assignments.heading')}</h2>
            <sinau-webinar-assignments .webinarId=${w.id} ?editable=${editable}></sinau-webinar-assignments>
          </section>`
        : null}
      ${w.me.canEdit
        ? html`<sinau-webinar-cancel-dialog
            .webinarId=${w.id}
            .open=${this.cancelOpen}
            @sinau-webinar-change=${this.onWebinarChange}
            @sinau-dialog-close=${() => (this.cancelOpen = false)}
          ></sinau-webinar-cancel-dialog>`
        : null}`;
  }

  private renderWebinar(w: Webinar) {
    const reg = w.me.registration;
    return html`<nav class="crumbs" aria-label=${t('webinars.detail.breadcrumbs')}><a href="/webinars">${t('webinars.title')}</a></nav>
      <h1>${w.title}</h1>
      <p class="badges">
        ${statusBadge(w.status)} ${reg && reg.status !== 'cancelled' ? registrationBadge(reg.status) : null}
        ${w.me.assigned ? html`<span class="badge assigned">${t('webinars.assigned')}</span>` : null}
      </p>
      ${this.renderState(w)}
      ${w.status === 'ended' ? html`<sinau-survey-prompt kind="webinars" activity-id=${w.id}></sinau-survey-prompt>` : null}
      <div class="hero">
        <aside class="panel" aria-label=${t('webinars.detail.actionsLabel')}>
          ${this.actionError ? html`<sinau-alert variant="error">${this.actionError}</sinau-alert>` : null} ${this.renderRegistration(w)}
          ${w.status !== 'cancelled'
            ? html`<a class="button secondary" href=${calendarUrl(w.id)} download=${`webinar-${w.id}.ics`} data-testid="calendar" aria-describedby="calendar-hint"
                  >${t('webinars.detail.calendar')}</a
                >
                <p class="hint" id="calendar-hint">${t('webinars.detail.calendarHint')}</p>`
            : null}
          ${this.renderFacts(w)}
        </aside>
        <section class="about" aria-labelledby="about-heading">
          <h2 id="about-heading">${t('webinars.detail.about')}</h2>
          ${w.description.trim() ? html`<p class="description">${w.description}</p>` : html`<p class="muted">${t('webinars.detail.noDescription')}</p>`}
          ${w.approvalRequired ? html`<p class="muted">${t('webinars.detail.approval')}</p>` : null}
        </section>
      </div>
      ${w.me.canHost ? this.renderHost(w) : null}`;
  }

  override render() {
    const w = this.webinar.value;
    if (!w) {
      if (this.webinar.error) {
        const missing = isApiError(this.webinar.error, 'not_found');
        return html`<h1>${missing ? t('webinars.detail.notFoundTitle') : t('webinars.detail.title')}</h1>
          <sinau-alert variant="error">${webinarError(this.webinar.error)}</sinau-alert>
          <p><a href="/webinars">${t('webinars.detail.back')}</a></p>`;
      }
      return html`<sinau-loading></sinau-loading>`;
    }
    return this.renderWebinar(w);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-webinar-page': SinauWebinarPage;
  }
}
