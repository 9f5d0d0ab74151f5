import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { getPartner, updatePartner, type Partner } from '../../api/partners.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t } from '../../i18n.ts';
import { partnerStyles } from './partner-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import './sinau-partner-agreements.ts';
import './sinau-partner-members.ts';
import './sinau-webinar-review.ts';

/** Admin: one partner institution: details, agreements, users and its webinars waiting for approval. */
@customElement('sinau-partner-admin-page')
export class SinauPartnerAdminPage extends LitElement {
  static override styles = partnerStyles;

  /** Route parameters: `id`. */
  @property({ attribute: false }) params: Record<string, string> = {};

  @state() private busy = false;
  @state() private error = '';

  private readonly locale = new LocaleController(this);
  private readonly partner = new LoadController<Partner>(this, (signal) => getPartner(Number(this.params.id), signal));

  private async toggleActive(partner: Partner): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      this.partner.value = await updatePartner(partner.id, { active: !partner.active });
      announce(t('partners.detail.statusChanged'));
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = false;
    }
  }

  private renderDetails(p: Partner) {
    const none = html`<span class="muted">${t('partners.none')}</span>`;
    return html`<dl class="details">
        <dt>${t('partners.detail.kind')}</dt>
        <dd>${t(`partners.kinds.${p.kind}`)}</dd>
        <dt>${t('partners.detail.website')}</dt>
        <dd>${p.website ? html`<a href=${p.website} target="_blank" rel="noopener noreferrer">${p.website}</a>` : none}</dd>
        <dt>${t('partners.detail.contactEmail')}</dt>
        <dd>${p.contactEmail ? html`<a href=${`mailto:${p.contactEmail}`}>${p.contactEmail}</a>` : none}</dd>
        <dt>${t('partners.detail.description')}</dt>
        <dd>${p.description || none}</dd>
        <dt>${t('partners.detail.content')}</dt>
        <dd>${t('partners.list.contentValue', p.counts)}</dd>
        <dt>${t('partners.detail.status')}</dt>
        <dd>
          <span class="badge ${p.active ? 'create' : 'inactive'}">${p.active ? t('common.active') : t('common.inactive')}</span>
        </dd>
      </dl>
      <button type="button" class="secondary" ?disabled=${this.busy} @click=${() => this.toggleActive(p)}>
        ${p.active ? t('partners.detail.deactivate') : t('partners.detail.activate')}
      </button>`;
  }

  override render() {
    const crumbs = html`<p class="crumbs"><a href="/admin/partners">${t('partners.detail.back')}</a></p>`;
    if (this.partner.error) return html`${crumbs}<h1>${t('partners.detail.title')}</h1><sinau-alert variant="error">${describeError(this.partner.error)}</sinau-alert>`;
    const p = this.partner.value;
    if (!p) return html`${crumbs}<sinau-loading .label=${t('partners.detail.loading')}></sinau-loading>`;
    return html`${crumbs}
      <h1>${p.name}</h1>
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : nothing}
      <section aria-label=${t('partners.detail.title')}>${this.renderDetails(p)}</section>
      <sinau-partner-agreements editable .partnerId=${p.id} .agreements=${p.agreements} @sinau-partner-changed=${() => this.partner.run()}></sinau-partner-agreements>
      <sinau-partner-members .partnerId=${p.id} .members=${p.members} @sinau-partner-changed=${() => this.partner.run()}></sinau-partner-members>
      <sinau-webinar-review .partnerId=${p.id}></sinau-webinar-review>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-partner-admin-page': SinauPartnerAdminPage;
  }
}
