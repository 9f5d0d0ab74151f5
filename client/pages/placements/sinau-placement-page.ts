import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { getPlacement, listMyApplications, type Application, type Placement } from '../../api/placements.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatDate, formatNumber, LocaleController, t } from '../../i18n.ts';
import { hasRole, SessionController } from '../../session.ts';
import { applicationBadge, canApplyAgain, hostName, placementPeriod, placementStatusBadge, seatsLeft, today } from './placement-format.ts';
import { placementStyles } from './placement-styles.ts';
import { applicationTimeline } from './sinau-my-applications.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import './sinau-apply-dialog.ts';
import './sinau-placement-applications.ts';

/** One placement: its details; for an applicant, their application; for hosts, the applicants and reports. */
@customElement('sinau-placement-page')
export class SinauPlacementPage extends LitElement {
  static override styles = placementStyles;

  /** Route parameters: `id`. */
  @property({ attribute: false }) params: Record<string, string> = {};

  @state() private applying = false;

  private readonly locale = new LocaleController(this);
  private readonly session = new SessionController(this);
  private readonly placement = new LoadController<Placement>(this, (signal) => getPlacement(Number(this.params.id), signal));
  private readonly mine = new LoadController<Application | null>(this, async (signal) => {
    if (!hasRole(this.session.me, 'learner')) return null;
    const items = await listMyApplications(signal);
    // The latest application for this placement (an earlier one may have been withdrawn).
    return items.filter((a) => a.placement.id === Number(this.params.id)).sort((x, y) => y.id - x.id)[0] ?? null;
  });

  private refresh(): void {
    void this.placement.run();
    void this.mine.run();
  }

  private canApply(p: Placement): boolean {
    return hasRole(this.session.me, 'learner') && canApplyAgain(p) && !p.canManage && p.status === 'open' && p.applyBy >= today() && seatsLeft(p) > 0;
  }

  private renderDetails(p: Placement) {
    return html`<dl class="details">
      <dt>${t('placements.detail.topic')}</dt>
      <dd>${p.topic}</dd>
      <dt>${t('placements.detail.host')}</dt>
      <dd>${hostName(p)}</dd>
      <dt>${t('placements.detail.location')}</dt>
      <dd>${p.location}</dd>
      <dt>${t('placements.detail.period')}</dt>
      <dd>${placementPeriod(p)}</dd>
      <dt>${t('placements.detail.applyBy')}</dt>
      <dd>${formatDate(p.applyBy)}</dd>
      <dt>${t('placements.detail.seats')}</dt>
      <dd>${t('placements.detail.seatsValue', { taken: p.seatsTaken, seats: p.seats })}</dd>
      <dt>${t('placements.detail.jp')}</dt>
      <dd>${t('placements.jp', { jp: formatNumber(p.jp) })}</dd>
      <dt>${t('placements.detail.status')}</dt>
      <dd>${placementStatusBadge(p.status)}</dd>
      ${p.competencies.length
        ? html`<dt>${t('placements.list.competencies')}</dt>
            <dd>${p.competencies.map((c) => `${c.code}${c.name ? ` ${c.name}` : ''} (${c.level})`).join(', ')}</dd>`
        : nothing}
    </dl>`;
  }

  private renderMine() {
    const a = this.mine.value;
    if (!a) return nothing;
    return html`<section aria-labelledby="mine-heading" class="card" data-testid="my-application">
      <h2 id="mine-heading">${t('placements.detail.mine')}</h2>
      <p>${applicationBadge(a.status)}</p>
      ${applicationTimeline(a)}
      <p><a href="/placements">${t('placements.mine.heading')}</a></p>
    </section>`;
  }

  override render() {
    const crumbs = html`<p class="crumbs"><a href="/placements">${t('placements.detail.back')}</a></p>`;
    if (this.placement.error) return html`${crumbs}<h1>${t('placements.detail.title')}</h1><sinau-alert variant="error">${describeError(this.placement.error)}</sinau-alert>`;
    const p = this.placement.value;
    if (!p) return html`${crumbs}<sinau-loading .label=${t('placements.detail.loading')}></sinau-loading>`;
    return html`${crumbs}
      <div class="page-header">
        <h1>${p.title}</h1>
        <div class="row">
          ${this.canApply(p) ? html`<button type="button" @click=${() => (this.applying = true)}>${t('placements.list.apply')}</button>` : nothing}
          ${p.canManage ? html`<a class="button secondary" href=${`/placements/${p.id}/edit`}>${t('placements.detail.edit')}</a>` : nothing}
        </div>
      </div>
      <p class="lead">${t(`placements.kinds.${p.kind}`)}</p>
      ${this.renderDetails(p)}
      <section aria-labelledby="description-heading">
        <h2 id="description-heading">${t('placements.detail.description')}</h2>
        <p class="motivation">${p.description}</p>
      </section>
      ${this.renderMine()}
      ${p.canManage ? html`<sinau-placement-applications .placement=${p} @sinau-placement-changed=${() => this.placement.run()}></sinau-placement-applications>` : nothing}
      <sinau-apply-dialog .placement=${p} ?open=${this.applying} @sinau-dialog-close=${() => (this.applying = false)} @sinau-application-sent=${this.refresh}></sinau-apply-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-placement-page': SinauPlacementPage;
  }
}
