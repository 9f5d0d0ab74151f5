import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { listMyApplications, listPlacements, placementKinds, type Application, type Placement, type PlacementKind } from '../../api/placements.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatDate, formatNumber, LocaleController, t } from '../../i18n.ts';
import { router } from '../../router.ts';
import { hasRole, SessionController } from '../../session.ts';
import { applicationBadge, canApplyAgain, hostName, placementPeriod, placementStatusBadge, seatsLeft, today } from './placement-format.ts';
import { placementStyles } from './placement-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import './sinau-apply-dialog.ts';
import './sinau-my-applications.ts';

/**
 * Internships and research: open placements (filter by kind, search), a card per placement,
 * applying; my applications; for hosts, their own placements in any status.
 */
@customElement('sinau-placements-page')
export class SinauPlacementsPage extends LitElement {
  static override styles = placementStyles;

  /** The address's query: `kind`, `q`. */
  @property({ attribute: false }) query: URLSearchParams = new URLSearchParams();

  @state() private kind: PlacementKind | '' = '';
  @state() private q = '';
  @state() private applying: Placement | null = null;

  private readonly locale = new LocaleController(this);
  private readonly session = new SessionController(this);
  private readonly placements = new LoadController<Placement[]>(this, (signal) => listPlacements({ kind: this.kind, q: this.q.trim() }, signal));
  private readonly mine = new LoadController<Application[]>(this, (signal) => (this.isLearner ? listMyApplications(signal) : Promise.resolve([])));

  override connectedCallback(): void {
    const kind = this.query.get('kind');
    this.kind = kind === 'internship' || kind === 'research' ? kind : '';
    this.q = this.query.get('q') ?? '';
    super.connectedCallback();
  }

  private get isLearner(): boolean {
    return hasRole(this.session.me, 'learner');
  }

  private get isHost(): boolean {
    return hasRole(this.session.me, 'partner') || hasRole(this.session.me, 'admin');
  }

  private search(event?: Event): void {
    event?.preventDefault();
    router.replaceQuery({ kind: this.kind, q: this.q.trim() });
    void this.placements.run();
  }

  private refresh(): void {
    void this.placements.run();
    void this.mine.run();
  }

  private canApply(p: Placement): boolean {
    return this.isLearner && canApplyAgain(p) && !p.canManage && p.status === 'open' && p.applyBy >= today() && seatsLeft(p) > 0;
  }

  private renderCard(p: Placement) {
    return html`<li class="card" data-testid="placement-card">
      <h3><a href=${`/placements/${p.id}`}>${p.title}</a></h3>
      <p>${t(`placements.kinds.${p.kind}`)}${p.status !== 'open' ? html` · ${placementStatusBadge(p.status)}` : nothing} · ${p.topic}</p>
      <ul class="facts">
        <li><strong>${t('placements.list.host')}:</strong> ${hostName(p)}</li>
        <li><strong>${t('placements.list.dates')}:</strong> ${placementPeriod(p)}</li>
        <li><strong>${t('placements.list.location')}:</strong> ${p.location}</li>
        <li>${t('placements.list.applyBy', { date: formatDate(p.applyBy) })}</li>
        <li>${t('placements.list.seatsLeft', { left: seatsLeft(p), seats: p.seats })} · ${t('placements.jp', { jp: formatNumber(p.jp) })}</li>
        ${p.competencies.length
          ? html`<li><strong>${t('placements.list.competencies')}:</strong> ${p.competencies.map((c) => `${c.name ?? c.code} (${c.level})`).join(', ')}</li>`
          : nothing}
      </ul>
      ${p.mine ? html`<p>${t('placements.detail.mine')}: ${applicationBadge(p.mine.status)}</p>` : nothing}
      <div class="row">
        ${this.canApply(p) ? html`<button type="button" @click=${() => (this.applying = p)}>${t('placements.list.apply')}</button>` : nothing}
        <a class="button secondary" href=${`/placements/${p.id}`}>${t('placements.list.details')}<span class="visually-hidden">: ${p.title}</span></a>
      </div>
    </li>`;
  }

  private renderList() {
    if (this.placements.error) return html`<sinau-alert variant="error">${describeError(this.placements.error)}</sinau-alert>`;
    const list = this.placements.value;
    if (!list) return html`<sinau-loading .label=${t('placements.list.loading')}></sinau-loading>`;
    return html`<p role="status" class="muted">${t('placements.list.count', { count: list.length })}</p>
      ${list.length ? html`<ul class="cards-grid">${list.map((p) => this.renderCard(p))}</ul>` : html`<p>${t('placements.list.empty')}</p>`}`;
  }

  private renderMine() {
    if (!this.isLearner) return nothing;
    let body;
    if (this.mine.error) body = html`<sinau-alert variant="error">${describeError(this.mine.error)}</sinau-alert>`;
    else if (!this.mine.value) body = html`<sinau-loading .label=${t('placements.mine.loading')}></sinau-loading>`;
    else body = html`<sinau-my-applications .applications=${this.mine.value} @sinau-applications-changed=${this.refresh}></sinau-my-applications>`;
    return html`<section aria-labelledby="mine-heading" data-testid="my-applications">
      <h2 id="mine-heading">${t('placements.mine.heading')}</h2>
      ${body}
    </section>`;
  }

  override render() {
    const me = this.session.me;
    const value = (e: Event) => (e.target as HTMLInputElement).value;
    return html`<div class="page-header">
        <h1>${t('placements.list.title')}</h1>
        <div class="row">
          ${hasRole(me, 'supervisor') || hasRole(me, 'admin') ? html`<a class="button secondary" href="/placements/approvals">${t('placements.list.approvals')}</a>` : nothing}
          ${this.isHost ? html`<a class="button" href="/placements/new">${t('placements.list.create')}</a>` : nothing}
        </div>
      </div>
      <p class="lead">${this.isLearner ? t('placements.list.intro') : t('placements.list.hostIntro')}</p>
      ${this.renderMine()}
      <section aria-labelledby="list-heading">
        <h2 id="list-heading" class="visually-hidden">${t('placements.list.title')}</h2>
        <form class="filters" role="search" aria-label=${t('placements.list.filters')} @submit=${this.search}>
          <div class="field">
            <label for="f-kind">${t('placements.list.kind')}</label>
            <select id="f-kind" @change=${(e: Event) => ((this.kind = value(e) as PlacementKind | ''), this.search())}>
              <option value="" .selected=${this.kind === ''}>${t('placements.list.allKinds')}</option>
              ${placementKinds.map((k) => html`<option value=${k} .selected=${this.kind === k}>${t(`placements.kinds.${k}`)}</option>`)}
            </select>
          </div>
          <div class="field">
            <label for="f-q">${t('placements.list.search')}</label>
            <input id="f-q" type="search" maxlength="100" data-testid="placement-search" .value=${this.q} @input=${(e: Event) => (this.q = value(e))} />
          </div>
          <button type="submit">${t('placements.list.searchButton')}</button>
        </form>
        ${this.renderList()}
      </section>
      <sinau-apply-dialog
        .placement=${this.applying}
        ?open=${this.applying !== null}
        @sinau-dialog-close=${() => (this.applying = null)}
        @sinau-application-sent=${this.refresh}
      ></sinau-apply-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-placements-page': SinauPlacementsPage;
  }
}
