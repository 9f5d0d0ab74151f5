import { LitElement, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { listCampaigns, type Campaign, type Opened } from '../../api/assessment-campaigns.ts';
import { listFrameworks, type Framework } from '../../api/competencies.ts';
import { listUnits, type Unit } from '../../api/org.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatDate, formatNumber, LocaleController, t } from '../../i18n.ts';
import { router } from '../../router.ts';
import { SessionController } from '../../session.ts';
import { unitsInScope } from '../admin/unit-tree.ts';
import { competencyAdminStyles } from '../competency-admin/competency-admin-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import '../competency-admin/sinau-competency-admin-nav.ts';
import './sinau-campaign-form.ts';

/** Admin: the assessment campaigns I manage, and the form to open a new one. */
@customElement('sinau-campaigns-page')
export class SinauCampaignsPage extends LitElement {
  static override styles = competencyAdminStyles;

  private readonly locale = new LocaleController(this);
  private readonly session = new SessionController(this);
  private readonly campaigns = new LoadController<Campaign[]>(this, (signal) => listCampaigns(signal));
  private readonly units = new LoadController<Unit[]>(this, (signal) => listUnits(signal));
  private readonly frameworks = new LoadController<Framework[]>(this, (signal) => listFrameworks(signal));

  private onOpened(event: CustomEvent<Opened>): void {
    router.navigate(`/admin/campaigns/${event.detail.id}`);
  }

  private renderList() {
    if (this.campaigns.error) return html`<sinau-alert variant="error">${describeError(this.campaigns.error)}</sinau-alert>`;
    const list = this.campaigns.value;
    if (!list) return html`<sinau-loading .label=${t('campaigns.loading')}></sinau-loading>`;
    if (!list.length) return html`<p class="muted">${t('campaigns.empty')}</p>`;
    return html`<div class="table-scroll" role="region" aria-labelledby="campaigns-caption" tabindex="0">
      <table class="cards" role="table" data-testid="campaigns-table">
        <caption id="campaigns-caption">${t('campaigns.listCaption')}</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th role="columnheader" scope="col">${t('campaigns.col.name')}</th>
            <th role="columnheader" scope="col">${t('campaigns.col.period')}</th>
            <th role="columnheader" scope="col">${t('campaigns.col.state')}</th>
            <th role="columnheader" scope="col" class="num">${t('campaigns.col.progress')}</th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          ${list.map(
            (c) => html`<tr role="row">
              <td role="cell" data-label=${t('campaigns.col.name')}><a href=${`/admin/campaigns/${c.id}`}>${c.name}</a></td>
              <td role="cell" data-label=${t('campaigns.col.period')}>${t('campaigns.period', { from: formatDate(c.opensOn), to: formatDate(c.closesOn) })}</td>
              <td role="cell" data-label=${t('campaigns.col.state')}>
                ${t(`campaigns.state.${c.state}`)}${c.overdue ? html` <strong>(${t('campaigns.overdue')})</strong>` : nothing}
              </td>
              <td role="cell" class="num" data-label=${t('campaigns.col.progress')}>${t('campaigns.progressValue', { done: formatNumber(c.counts.finalised), total: formatNumber(c.counts.total) })}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  override render() {
    const units = unitsInScope(this.units.value ?? [], this.session.me?.adminScope ?? null);
    return html`<sinau-competency-admin-nav current="/admin/campaigns"></sinau-competency-admin-nav>
      <h1>${t('campaigns.title')}</h1>
      <p class="lead">${t('campaigns.intro')}</p>
      <section aria-labelledby="campaign-list-heading">
        <h2 id="campaign-list-heading" class="visually-hidden">${t('campaigns.listCaption')}</h2>
        ${this.renderList()}
      </section>
      <section aria-labelledby="campaign-form-heading">
        <h2 id="campaign-form-heading">${t('campaigns.form.heading')}</h2>
        ${this.units.error ? html`<sinau-alert variant="error">${describeError(this.units.error)}</sinau-alert>` : nothing}
        <sinau-campaign-form .units=${units} .frameworks=${this.frameworks.value ?? []} @sinau-campaign-opened=${this.onOpened}></sinau-campaign-form>
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-campaigns-page': SinauCampaignsPage;
  }
}
