import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Me } from '../../api/auth.ts';
import { LocaleController, t } from '../../i18n.ts';
import { homeSectionStyles } from './home-styles.ts';
import '../../components/sinau-person-details.ts';
import '../webinars/sinau-webinar-shortlist.ts';
import '../programmes/sinau-home-programmes.ts';
import './sinau-home-courses.ts';

/** Learner's home sections: my courses (what to continue, what is due), upcoming webinars, my competencies, and my staff record. */
@customElement('sinau-home-learner')
export class SinauHomeLearner extends LitElement {
  static override styles = [
    homeSectionStyles,
    css`
      .sections {
        display: grid;
        gap: var(--sinau-space-4);
      }
    `,
  ];

  /** The signed-in person. */
  @property({ attribute: false }) me: Me | null = null;

  private readonly locale = new LocaleController(this);

  override render() {
    if (!this.me) return null;
    return html`<div class="sections">
      <sinau-home-programmes></sinau-home-programmes>
      <sinau-home-courses></sinau-home-courses>
      <sinau-webinar-shortlist mode="upcoming" reminders></sinau-webinar-shortlist>
      <section aria-labelledby="competencies-heading">
        <h2 id="competencies-heading">${t('competencies.home.heading')}</h2>
        <p>${t('competencies.home.intro')}</p>
        <div class="row">
          <a class="button secondary" href="/competencies">${t('competencies.title')}</a>
          <a class="button secondary" href="/competencies/plan">${t('competencies.plan.title')}</a>
        </div>
      </section>
      <section aria-labelledby="learner-heading">
        <h2 id="learner-heading" data-testid="home-learner">${t('home.learner.heading')}</h2>
        <p>${t('home.learner.intro')}</p>
        <sinau-person-details .person=${this.me}></sinau-person-details>
        <a class="button secondary" href="/profile">${t('nav.profile')}</a>
      </section>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-home-learner': SinauHomeLearner;
  }
}
