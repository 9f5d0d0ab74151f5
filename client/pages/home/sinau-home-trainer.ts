import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Me } from '../../api/auth.ts';
import { LocaleController, t } from '../../i18n.ts';
import { homeSectionStyles } from './home-styles.ts';
import '../webinars/sinau-webinar-shortlist.ts';

/** Trainer's home sections: the office they train for, and the webinars they host. */
@customElement('sinau-home-trainer')
export class SinauHomeTrainer extends LitElement {
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
    const unit = this.me.unit;
    return html`<div class="sections">
      <section aria-labelledby="trainer-heading">
        <h2 id="trainer-heading" data-testid="home-trainer">${t('home.trainer.heading')}</h2>
        <p>${unit ? t('home.trainer.office', { office: unit.name }) : t('home.trainer.noOffice')}</p>
      </section>
      <!-- A trainer who is also a learner is reminded in the learner's section (it lists what they host too). -->
      <sinau-webinar-shortlist mode="hosting" ?reminders=${!this.me.roles.includes('learner')}></sinau-webinar-shortlist>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-home-trainer': SinauHomeTrainer;
  }
}
