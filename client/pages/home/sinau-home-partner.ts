import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Me } from '../../api/auth.ts';
import { LocaleController, t } from '../../i18n.ts';
import { homeSectionStyles } from './home-styles.ts';

/** Partner's home section: the organisation they represent (their unit in Sinau). */
@customElement('sinau-home-partner')
export class SinauHomePartner extends LitElement {
  static override styles = homeSectionStyles;

  /** The signed-in person. */
  @property({ attribute: false }) me: Me | null = null;

  private readonly locale = new LocaleController(this);

  override render() {
    if (!this.me) return null;
    const organisation = this.me.unit;
    return html`<section aria-labelledby="partner-heading">
      <h2 id="partner-heading" data-testid="home-partner">${t('home.partner.heading')}</h2>
      <p>
        ${organisation ? t('home.partner.organisation', { organisation: organisation.name }) : t('home.partner.noOrganisation')}
      </p>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-home-partner': SinauHomePartner;
  }
}
