import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { listWebinars, type Webinar } from '../../api/webinars.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { LocaleController, t } from '../../i18n.ts';
import { homeSectionStyles } from '../home/home-styles.ts';
import { webinarError, webinarStyles } from './webinar-format.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import './sinau-webinar-card.ts';

const SHOWN = 3;

/**
 * A home-page section with a few webinars: `upcoming` (what I may join, live ones first) for
 * learners, `hosting` (the ones I host that are still to come) for trainers.
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
    `,
  ];

  /** Which webinars: upcoming ones, or those I host. */
  @property() mode: 'upcoming' | 'hosting' = 'upcoming';

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

  override render() {
    const hosting = this.mode === 'hosting';
    const headingId = `webinars-${this.mode}-heading`;
    const items = this.webinars.value;
    return html`<section aria-labelledby=${headingId}>
      <h2 id=${headingId} data-testid=${`home-webinars-${this.mode}`}>${hosting ? t('webinars.home.hostingHeading') : t('webinars.home.upcomingHeading')}</h2>
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
