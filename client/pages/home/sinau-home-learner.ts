import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Me } from '../../api/auth.ts';
import { LocaleController, t } from '../../i18n.ts';
import { homeSectionStyles } from './home-styles.ts';
import '../../components/sinau-person-details.ts';

/** Learner's home section: their staff record, and where to go to see or fix it. */
@customElement('sinau-home-learner')
export class SinauHomeLearner extends LitElement {
  static override styles = homeSectionStyles;

  /** The signed-in person. */
  @property({ attribute: false }) me: Me | null = null;

  private readonly locale = new LocaleController(this);

  override render() {
    if (!this.me) return null;
    return html`<section aria-labelledby="learner-heading">
      <h2 id="learner-heading" data-testid="home-learner">${t('home.learner.heading')}</h2>
      <p>${t('home.learner.intro')}</p>
      <sinau-person-details .person=${this.me}></sinau-person-details>
      <a class="button secondary" href="/profile">${t('nav.profile')}</a>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-home-learner': SinauHomeLearner;
  }
}
