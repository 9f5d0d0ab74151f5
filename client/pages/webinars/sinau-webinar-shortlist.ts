import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { listWebinars, type Webinar } from '../../api/webinars.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { LocaleController, t } from '../../i18n.ts';
import { homeSectionStyles } from '../home/home-styles.ts';
import { formatDateTime, liveHref, webinarError, webinarStyles } from './webinar-format.ts';
import { remindersFor, type Reminder } from './webinar-reminders.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import './sinau-webinar-card.ts';

const SHOWN = 3;
/** The reminders' countdown is redrawn this often; the list is fetched again (a room may have opened). */
const TICK_MS = 30_000;
const RELOAD_MS = 60_000;

/**
 * A home-page section with a few webinars: `upcoming` (what I may join, live ones first) for
 * learners, `hosting` (the ones I host that are still to come) for trainers. Above them,
 * reminders of the ones I take part in that are live or start within a day, with the way in.
 */
@customElement('sinau-webinar-shortlist')
export class SinauWebinarShortlist extends LitElement {
  static override styles = [
    homeSectionStyles,
    webinarStyles,
    css`
      .row {
        margin-top: var(--sinau-space-3);
      }
      .reminders {
        list-style: none;
        margin: 0 0 var(--sinau-space-3);
        padding: 0;
        display: grid;
        gap: var(--sinau-space-2);
      }
      .reminders p {
        margin: 0 0 var(--sinau-space-2);
      }
    `,
  ];

  /** Which webinars: upcoming ones, or those I host. */
  @property() mode: 'upcoming' | 'hosting' = 'upcoming';
  /** Whether this section shows the reminders (one section of the home page does). */
  @property({ type: Boolean }) reminders = false;

  private readonly locale = new LocaleController(this);
  private readonly webinars = new LoadController<Webinar[]>(this, async (signal) => {
    if (this.mode === 'hosting') {
      const mine = await listWebinars('mine', signal);
      // "mine" runs newest first and includes past ones; the next ones to host come first here.
      return mine.filter((w) => w.me.canHost && (w.status === 'scheduled' || w.status === 'live')).reverse();
    }
    const upcoming = await listWebinars('upcoming', signal, 20);
    return [...upcoming.filter((w) => w.status === 'live'), ...upcoming.filter((w) => w.status !== 'live')];
  });

  private tick: ReturnType<typeof setInterval> | null = null;
  private lastLoad = Date.now();

  override connectedCallback() {
    super.connectedCallback();
    this.tick = setInterval(() => {
      // A reminder counts down; once one is due, the room may have opened: look again now and then.
      const due = this.reminders && remindersFor(this.webinars.value ?? [], new Date()).some((r) => r.kind !== 'later');
      if (due && !document.hidden && Date.now() - this.lastLoad >= RELOAD_MS && !this.webinars.loading) {
        this.lastLoad = Date.now();
        void this.webinars.run();
      }
      this.requestUpdate();
    }, TICK_MS);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    if (this.tick) clearInterval(this.tick);
    this.tick = null;
  }

  private renderReminder(r: Reminder) {
    const w = r.webinar;
    const title = w.title;
    const time = formatDateTime(w.startsAt);
    const text =
      r.kind === 'live'
        ? t('webinars.reminders.live', { title })
        : r.kind === 'soon'
          ? r.minutes > 0
            ? t('webinars.reminders.soon', { title, minutes: r.minutes, time })
            : t('webinars.reminders.due', { title })
          : t('webinars.reminders.later', { title, time });
    const action =
      r.kind === 'live'
        ? html`<a class="button join" href=${liveHref(w)} data-testid="reminder-join">${t('webinars.join')}</a>`
        : html`<a class="button secondary" href=${`/webinars/${w.id}`}>${w.me.canHost ? t('webinars.reminders.toOpen') : t('webinars.reminders.toLobby')}</a>`;
    return html`<li>
      <sinau-alert variant=${r.kind === 'later' ? 'info' : 'success'} data-testid="webinar-reminder">
        <p>${text}</p>
        ${action}
      </sinau-alert>
    </li>`;
  }

  override render() {
    const hosting = this.mode === 'hosting';
    const headingId = `webinars-${this.mode}-heading`;
    const items = this.webinars.value;
    const reminders = this.reminders ? remindersFor(items ?? [], new Date()) : [];
    return html`<section aria-labelledby=${headingId}>
      <h2 id=${headingId} data-testid=${`home-webinars-${this.mode}`}>${hosting ? t('webinars.home.hostingHeading') : t('webinars.home.upcomingHeading')}</h2>
      ${reminders.length ? html`<ul class="reminders" aria-label=${t('webinars.reminders.label')}>${reminders.map((r) => this.renderReminder(r))}</ul>` : null}
      ${this.webinars.error
        ? html`<sinau-alert variant="error">${webinarError(this.webinars.error)}</sinau-alert>`
        : !items
          ? html`<sinau-loading .label=${t('webinars.loadingList')}></sinau-loading>`
          : items.length
            ? html`<ul class="webinar-list">
                ${items.slice(0, SHOWN).map((w) => html`<li><sinau-webinar-card compact .webinar=${w}></sinau-webinar-card></li>`)}
              </ul>`
            : html`<p>${hosting ? t('webinars.home.noneHosting') : t('webinars.home.noneUpcoming')}</p>`}
      <div class="row">
        <a class="button secondary" href=${hosting ? '/webinars?view=mine' : '/webinars'}>${t('webinars.home.all')}</a>
        ${hosting ? html`<a class="button secondary" href="/webinars/new">${t('webinars.schedule')}</a>` : null}
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-webinar-shortlist': SinauWebinarShortlist;
  }
}
