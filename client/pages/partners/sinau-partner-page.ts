import { LitElement, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { getMyPartner, type PartnerCourse, type PartnerHome, type PartnerPlacement, type PartnerWebinar } from '../../api/partners.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { formatNumber, LocaleController, t, type MessageKey } from '../../i18n.ts';
import { formatDateTime } from '../webinars/webinar-format.ts';
import { partnerHomeError, reviewBadge } from './partner-format.ts';
import { partnerStyles } from './partner-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import './sinau-partner-agreements.ts';

const courseStatusKey = (status: string): MessageKey | null =>
  status === 'draft' || status === 'review' || status === 'published' || status === 'archived' ? `courseStatus.${status}` : null;
const placementStatusKey = (status: string): MessageKey | null =>
  status === 'draft' || status === 'open' || status === 'closed' || status === 'cancelled' ? `placements.status.${status}` : null;
const label = (key: MessageKey | null, fallback: string) => (key ? t(key) : fallback);

/**
 * A partner user's own institution: its agreements, colleagues, and the courses, webinars and
 * placements it offers with their participants, with links to manage each.
 */
@customElement('sinau-partner-page')
export class SinauPartnerPage extends LitElement {
  static override styles = partnerStyles;

  private readonly locale = new LocaleController(this);
  private readonly home = new LoadController<PartnerHome>(this, (signal) => getMyPartner(signal));

  /** A table labelled by its section's heading (`headingId`). */
  private table<T>(id: string, headingId: string, columns: { label: string; num?: boolean; cell: (row: T) => unknown }[], rows: T[]) {
    return html`<div class="table-scroll" role="region" aria-labelledby=${headingId} tabindex="0">
      <table class="cards" role="table" aria-labelledby=${headingId} data-testid=${id}>
        <thead role="rowgroup">
          <tr role="row">
            ${columns.map((c) => html`<th role="columnheader" scope="col" class=${c.num ? 'num' : ''}>${c.label}</th>`)}
          </tr>
        </thead>
        <tbody role="rowgroup">
          ${rows.map(
            (row) => html`<tr role="row">
              ${columns.map((c) => html`<td role="cell" class=${c.num ? 'num' : ''} data-label=${c.label}>${c.cell(row)}</td>`)}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private renderCourses(courses: PartnerCourse[]) {
    return html`<section aria-labelledby="p-courses">
      <div class="page-header">
        <h2 id="p-courses">${t('partners.mine.courses.heading')}</h2>
        <a class="button secondary" href="/authoring">${t('partners.mine.courses.create')}</a>
      </div>
      ${courses.length
        ? this.table<PartnerCourse>(
            'partner-courses',
            'p-courses',
            [
              { label: t('partners.mine.courses.title'), cell: (c) => html`<a href=${`/authoring/${c.slug}`}>${c.title}</a>` },
              { label: t('partners.mine.courses.status'), cell: (c) => label(courseStatusKey(c.status), c.status) },
              {
                label: t('partners.mine.courses.review'),
                cell: (c) => (c.draftState === 'editing' || c.draftState === 'review' ? t(`draftState.${c.draftState}`) : html`<span class="muted">${t('partners.none')}</span>`),
              },
              { label: t('partners.mine.courses.enrolled'), num: true, cell: (c) => formatNumber(c.enrolled) },
              { label: t('partners.mine.courses.completed'), num: true, cell: (c) => formatNumber(c.completed) },
            ],
            courses,
          )
        : html`<p class="muted">${t('partners.mine.courses.empty')}</p>`}
    </section>`;
  }

  private renderWebinars(webinars: PartnerWebinar[]) {
    return html`<section aria-labelledby="p-webinars">
      <div class="page-header">
        <h2 id="p-webinars">${t('partners.mine.webinars.heading')}</h2>
        <a class="button secondary" href="/webinars/new">${t('partners.mine.webinars.create')}</a>
      </div>
      ${webinars.length
        ? this.table<PartnerWebinar>(
            'partner-webinars',
            'p-webinars',
            [
              { label: t('partners.mine.webinars.title'), cell: (w) => html`<a href=${`/webinars/${w.id}`}>${w.title}</a>` },
              { label: t('partners.mine.webinars.startsAt'), cell: (w) => formatDateTime(w.startsAt) },
              {
                label: t('partners.mine.webinars.review'),
                cell: (w) =>
                  html`${reviewBadge(w.reviewState)}${w.reviewState === 'returned' && w.reviewNote
                    ? html`<br /><span class="muted">${t('partners.mine.webinars.returnedNote', { note: w.reviewNote })}</span>`
                    : nothing}`,
              },
              { label: t('partners.mine.webinars.registered'), num: true, cell: (w) => formatNumber(w.registered) },
            ],
            webinars,
          )
        : html`<p class="muted">${t('partners.mine.webinars.empty')}</p>`}
    </section>`;
  }

  private renderPlacements(placements: PartnerPlacement[], canPublish: boolean) {
    return html`<section aria-labelledby="p-placements">
      <div class="page-header">
        <h2 id="p-placements">${t('partners.mine.placements.heading')}</h2>
        ${canPublish ? html`<a class="button secondary" href="/placements/new">${t('partners.mine.placements.create')}</a>` : nothing}
      </div>
      ${placements.length
        ? this.table<PartnerPlacement>(
            'partner-placements',
            'p-placements',
            [
              { label: t('partners.mine.placements.title'), cell: (p) => html`<a href=${`/placements/${p.id}`}>${p.title}</a>` },
              { label: t('partners.mine.placements.status'), cell: (p) => label(placementStatusKey(p.status), p.status) },
              { label: t('partners.mine.placements.seats'), num: true, cell: (p) => formatNumber(p.seats) },
              { label: t('partners.mine.placements.applications'), num: true, cell: (p) => formatNumber(p.applications) },
            ],
            placements,
          )
        : html`<p class="muted">${t('partners.mine.placements.empty')}</p>`}
    </section>`;
  }

  override render() {
    if (this.home.error) return html`<h1>${t('partners.mine.title')}</h1><sinau-alert variant="error">${partnerHomeError(this.home.error)}</sinau-alert>`;
    const home = this.home.value;
    if (!home) return html`<h1>${t('partners.mine.title')}</h1><sinau-loading .label=${t('partners.mine.loading')}></sinau-loading>`;
    const { partner, content } = home;
    return html`<h1>${partner.name}</h1>
      <p class="lead">${t(`partners.kinds.${partner.kind}`)} · ${t('partners.mine.intro')}</p>
      ${partner.hasActiveAgreement
        ? html`<sinau-alert variant="success">${t('partners.mine.agreementActive')}</sinau-alert>`
        : html`<sinau-alert variant="warning" data-testid="no-agreement">${t('partners.mine.noAgreement')}</sinau-alert>`}
      ${this.renderCourses(content.courses)} ${this.renderWebinars(content.webinars)} ${this.renderPlacements(content.placements, partner.hasActiveAgreement)}
      <sinau-partner-agreements .partnerId=${partner.id} .agreements=${partner.agreements}></sinau-partner-agreements>
      <section aria-labelledby="p-colleagues">
        <h2 id="p-colleagues">${t('partners.mine.colleagues')}</h2>
        <ul>
          ${partner.members.map((m) => html`<li>${m.name}${m.email ? html` · <span class="muted">${m.email}</span>` : nothing}</li>`)}
        </ul>
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-partner-page': SinauPartnerPage;
  }
}
