import { LitElement, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { myProgrammes, type MyProgramme } from '../../api/programmes.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatDate, LocaleController, t } from '../../i18n.ts';
import { homeSectionStyles } from '../home/home-styles.ts';
import { nextStep } from './programme-format.ts';
import { programmeStyles } from './programme-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-progress-bar.ts';

/** "My programmes" on the learner's home: each programme in progress, its next step and any reminder. Hidden when I have none. */
@customElement('sinau-home-programmes')
export class SinauHomeProgrammes extends LitElement {
  static override styles = [programmeStyles, homeSectionStyles];

  private readonly locale = new LocaleController(this);
  private readonly programmes = new LoadController<MyProgramme[]>(this, (signal) => myProgrammes(signal));

  private renderOne(p: MyProgramme) {
    const next = nextStep(p.steps);
    return html`<li class="card" data-testid="home-programme">
      <h3><a href="/programmes">${p.programme.title}</a></h3>
      ${p.reminder ? html`<p class="late" data-testid="home-programme-reminder">${p.reminder.message}</p>` : nothing}
      <sinau-progress-bar .value=${p.pct} .label=${t('programmes.progressLabel')} .text=${t('programmes.stepsDone', { done: p.done, total: p.total })}></sinau-progress-bar>
      ${next
        ? html`<p>
            ${t('programmes.home.next')}:
            ${next.link ? html`<a href=${next.link}>${next.title}</a>` : next.title}
            ${next.dueAt ? html`<span class=${next.overdue ? 'late' : 'muted'}>· ${next.overdue ? t('programmes.overdueSince', { date: formatDate(next.dueAt) }) : t('programmes.dueOn', { date: formatDate(next.dueAt) })}</span>` : nothing}
          </p>`
        : nothing}
    </li>`;
  }

  override render() {
    // An empty section would still take a place (and a gap) in the home page's grid.
    this.hidden = !this.programmes.error && !(this.programmes.value ?? []).some((p) => p.status !== 'completed');
    if (this.programmes.error) {
      return html`<section aria-labelledby="home-programmes-heading">
        <h2 id="home-programmes-heading">${t('programmes.mine.title')}</h2>
        <sinau-alert variant="error">${describeError(this.programmes.error)}</sinau-alert>
      </section>`;
    }
    const open = (this.programmes.value ?? []).filter((p) => p.status !== 'completed');
    if (!open.length) return nothing;
    return html`<section aria-labelledby="home-programmes-heading">
      <h2 id="home-programmes-heading" data-testid="home-programmes">${t('programmes.mine.title')}</h2>
      <ul class="plain">
        ${open.map((p) => this.renderOne(p))}
      </ul>
      <a class="button secondary" href="/programmes">${t('programmes.home.all')}</a>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-home-programmes': SinauHomeProgrammes;
  }
}
