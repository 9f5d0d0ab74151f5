import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Me } from '../../api/auth.ts';
import { LocaleController, t } from '../../i18n.ts';
import { homeSectionStyles } from './home-styles.ts';

/** Trainer's home section: the office they train for. */
@customElement('sinau-home-trainer')
export class SinauHomeTrainer extends LitElement {
  static override styles = homeSectionStyles;

  /** The signed-in person. */
  @property({ attribute: false }) me: Me | null = null;

  private readonly locale = new LocaleController(this);

  override render() {
    if (!this.me) return null;
    const unit = this.me.unit;
    return html`<section aria-labelledby="trainer-heading">
      <h2 id="trainer-heading" data-testid="home-trainer">${t('home.trainer.heading')}</h2>
      <p>${unit ? t('home.trainer.office', { office: unit.name }) : t('home.trainer.noOffice')}</p>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-home-trainer': SinauHomeTrainer;
  }
}
