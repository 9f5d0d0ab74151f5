import { LitElement, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { listPartners, type Partner } from '../../api/partners.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatNumber, LocaleController, t } from '../../i18n.ts';
import { router } from '../../router.ts';
import { partnerStyles } from './partner-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import './sinau-partner-form.ts';
import './sinau-webinar-review.ts';

/** Admin: the partner institutions, adding one, and partner webinars waiting for approval. */
@customElement('sinau-partners-page')
export class SinauPartnersPage extends LitElement {
  static override styles = partnerStyles;

  private readonly locale = new LocaleController(this);
  private readonly partners = new LoadController<Partner[]>(this, (signal) => listPartners(signal));

  private onCreated(event: CustomEvent<Partner>): void {
    router.navigate(`/admin/partners/${event.detail.id}`);
  }

  private renderList() {
    if (this.partners.error) return html`<sinau-alert variant="error">${describeError(this.partners.error)}</sinau-alert>`;
    const list = this.partners.value;
    if (!list) return html`<sinau-loading .label=${t('partners.list.loading')}></sinau-loading>`;
    if (!list.length) return html`<p class="muted">${t('partners.list.empty')}</p>`;
    return html`<div class="table-scroll" role="region" aria-labelledby="partners-caption" tabindex="0">
      <table class="cards" role="table" data-testid="partners-table">
        <caption id="partners-caption">${t('partners.list.caption')}</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th role="columnheader" scope="col">${t('partners.list.name')}</th>
            <th role="columnheader" scope="col">${t('partners.list.kind')}</th>
            <th role="columnheader" scope="col">${t('partners.list.agreement')}</th>
            <th role="columnheader" scope="col" class="num">${t('partners.list.members')}</th>
            <th role="columnheader" scope="col">${t('partners.list.content')}</th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          ${list.map(
            (p) => html`<tr role="row">
              <td role="cell" data-label=${t('partners.list.name')}>
                <a href=${`/admin/partners/${p.id}`}>${p.name}</a>${p.active ? nothing : html` <span class="badge inactive">${t('partners.list.inactive')}</span>`}
              </td>
              <td role="cell" data-label=${t('partners.list.kind')}>${t(`partners.kinds.${p.kind}`)}</td>
              <td role="cell" data-label=${t('partners.list.agreement')}>
                ${p.hasActiveAgreement
                  ? html`<span class="badge create">${t('partners.list.hasAgreement')}</span>`
                  : html`<span class="badge inactive">${t('partners.list.noAgreement')}</span>`}
              </td>
              <td role="cell" class="num" data-label=${t('partners.list.members')}>${formatNumber(p.members.length)}</td>
              <td role="cell" data-label=${t('partners.list.content')}>${t('partners.list.contentValue', p.counts)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  override render() {
    return html`<h1>${t('partners.list.title')}</h1>
      <p class="lead">${t('partners.list.intro')}</p>
      <section aria-labelledby="partners-list-heading">
        <h2 id="partners-list-heading" class="visually-hidden">${t('partners.list.caption')}</h2>
        ${this.renderList()}
      </section>
      <sinau-webinar-review></sinau-webinar-review>
      <section aria-labelledby="partner-form-heading">
        <h2 id="partner-form-heading">${t('partners.form.heading')}</h2>
        <sinau-partner-form @sinau-partner-created=${this.onCreated}></sinau-partner-form>
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-partners-page': SinauPartnersPage;
  }
}
