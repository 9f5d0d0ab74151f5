import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Webinar } from '../../api/webinars.ts';
import { LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { canJoin, jpText, liveHref, registrationBadge, scheduleTime, seatsText, statusBadge, webinarStyles } from './webinar-format.ts';

/** One webinar in a list: title, status, when, JP, seats, my registration, and Join while it is live. */
@customElement('sinau-webinar-card')
export class SinauWebinarCard extends LitElement {
  static override styles = [pageStyles, webinarStyles];

  /** The webinar to show. */
  @property({ attribute: false }) webinar: Webinar | null = null;
  /** Leave out the seats (the home page's short list). */
  @property({ type: Boolean }) compact = false;

  private readonly locale = new LocaleController(this);

  override render() {
    const w = this.webinar;
    if (!w) return null;
    const reg = w.me.registration;
    const showReg = reg !== null && reg.status !== 'cancelled';
    const joinable = canJoin(w);
    const titleId = `webinar-${w.id}-title`;
    return html`<article class=${w.status === 'live' ? 'webinar-item live' : 'webinar-item'} aria-labelledby=${titleId} data-testid="webinar-card">
      <div>
        <p class="badges">
          ${statusBadge(w.status)} ${showReg ? registrationBadge(reg.status) : null}
          ${w.me.canHost ? html`<span class="badge">${t('webinars.hosting')}</span>` : null}
          ${w.me.assigned && !w.me.canHost ? html`<span class="badge assigned">${t('webinars.assigned')}</span>` : null}
        </p>
        <h3 id=${titleId}><a href=${`/webinars/${w.id}`}>${w.title}</a></h3>
        <p>${scheduleTime(w)}</p>
        <p class="meta">
          ${jpText(w.jp)} · ${t('webinars.hostLabel')}: ${w.host.name}${this.compact || w.status === 'ended' || w.status === 'cancelled' ? null : html` · ${seatsText(w)}`}
        </p>
      </div>
      ${joinable
        ? html`<div class="item-actions">
            <a class="button join" href=${liveHref(w)} data-testid="join" aria-label=${t('webinars.joinTitle', { title: w.title })}>${t('webinars.join')}</a>
          </div>`
        : null}
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-webinar-card': SinauWebinarCard;
  }
}
