import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Me } from '../../api/auth.ts';
import { getMyPartner, type PartnerHome } from '../../api/partners.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { LocaleController, t } from '../../i18n.ts';
import { partnerHomeError } from '../partners/partner-format.ts';
import { homeSectionStyles } from './home-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';

/**
 * Partner's home section: the institution they represent, whether its agreement is in force,
 * what it offers and how participants progress in its courses.
 */
@customElement('sinau-home-partner')
export class SinauHomePartner extends LitElement {
  static override styles = homeSectionStyles;

  /** The signed-in person. */
  @property({ attribute: false }) me: Me | null = null;

  private readonly locale = new LocaleController(this);
  private readonly home = new LoadController<PartnerHome>(this, (signal) => getMyPartner(signal));

  private renderBody() {
    if (this.home.error) return html`<sinau-alert variant="warning">${partnerHomeError(this.home.error)}</sinau-alert>`;
    const home = this.home.value;
    if (!home) return html`<sinau-loading .label=${t('partners.home.loading')}></sinau-loading>`;
    const { partner, content } = home;
    const enrolled = content.courses.reduce((sum, c) => sum + c.enrolled, 0);
    const completed = content.courses.reduce((sum, c) => sum + c.completed, 0);
    return html`<p>${t('partners.home.organisation', { name: partner.name, kind: t(`partners.kinds.${partner.kind}`) })}</p>
      ${partner.hasActiveAgreement
        ? html`<p>${t('partners.mine.agreementActive')}</p>`
        : html`<sinau-alert variant="warning">${t('partners.mine.noAgreement')}</sinau-alert>`}
      <p>${t('partners.home.summary', { courses: content.courses.length, webinars: content.webinars.length, placements: content.placements.length })}</p>
      ${content.courses.length ? html`<p>${t('partners.home.participants', { enrolled, completed })}</p>` : nothing}
      <p><a href="/partner">${t('partners.home.open')}</a></p>`;
  }

  override render() {
    if (!this.me) return null;
    return html`<section aria-labelledby="partner-heading">
      <h2 id="partner-heading" data-testid="home-partner">${t('partners.home.heading')}</h2>
      ${this.renderBody()}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-home-partner': SinauHomePartner;
  }
}
