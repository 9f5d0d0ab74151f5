import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Me } from '../../api/auth.ts';
import { listPeople, type PeoplePage } from '../../api/org.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t } from '../../i18n.ts';
import { homeSectionStyles } from './home-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import '../../components/sinau-pager.ts';

const pageSize = 50;

/** Supervisor's home section: the team (direct and indirect reports) with their positions. */
@customElement('sinau-home-supervisor')
export class SinauHomeSupervisor extends LitElement {
  static override styles = homeSectionStyles;

  /** The signed-in person. */
  @property({ attribute: false }) me: Me | null = null;

  @state() private offset = 0;

  private readonly locale = new LocaleController(this);
  private readonly team = new LoadController<PeoplePage>(this, (signal) => listPeople({ team: true, limit: pageSize, offset: this.offset }, signal));

  private onPageChange(event: CustomEvent<number>): void {
    this.offset = event.detail;
    void this.team.run();
  }

  private renderTeam() {
    if (this.team.error) return html`<sinau-alert variant="error">${describeError(this.team.error)}</sinau-alert>`;
    const team = this.team.value;
    if (!team) return html`<sinau-loading .label=${t('home.supervisor.loading')}></sinau-loading>`;
    if (team.total === 0) return html`<p class="muted">${t('home.supervisor.empty')}</p>`;
    return html`<div class="table-scroll" role="region" aria-labelledby="team-caption" tabindex="0">
        <table class="cards" role="table">
          <caption id="team-caption">${t('home.supervisor.caption')}</caption>
          <thead role="rowgroup">
            <tr role="row">
              <th role="columnheader" scope="col">${t('person.name')}</th>
              <th role="columnheader" scope="col">${t('person.position')}</th>
              <th role="columnheader" scope="col">${t('person.unit')}</th>
              <th role="columnheader" scope="col">${t('home.supervisor.reportsTo')}</th>
            </tr>
          </thead>
          <tbody role="rowgroup">
            ${team.items.map(
              (person) => html`<tr role="row">
                <td role="cell" data-label=${t('person.name')}>${person.name}${person.nip ? html`<br /><span class="muted">${person.nip}</span>` : null}</td>
                <td role="cell" data-label=${t('person.position')}>${person.position?.name ?? html`<span class="muted">${t('common.notRecorded')}</span>`}</td>
                <td role="cell" data-label=${t('person.unit')}>${person.unit?.name ?? html`<span class="muted">${t('common.notRecorded')}</span>`}</td>
                <td role="cell" data-label=${t('home.supervisor.reportsTo')}>
                  ${person.supervisor?.id === this.me?.id
                    ? html`<span class="badge">${t('home.supervisor.direct')}</span>`
                    : (person.supervisor?.name ?? html`<span class="muted">${t('common.notRecorded')}</span>`)}
                </td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <sinau-pager .total=${team.total} .offset=${this.offset} .limit=${pageSize} @sinau-page-change=${this.onPageChange}></sinau-pager>`;
  }

  override render() {
    return html`<section aria-labelledby="supervisor-heading" aria-busy=${this.team.loading ? 'true' : 'false'}>
      <h2 id="supervisor-heading" data-testid="home-supervisor">${t('home.supervisor.heading')}</h2>
      <p>${t('home.supervisor.intro')}</p>
      <p>${t('team.home.intro')} <a class="button secondary" href="/team">${t('team.home.open')}</a></p>
      ${this.renderTeam()}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-home-supervisor': SinauHomeSupervisor;
  }
}
