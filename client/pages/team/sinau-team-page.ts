import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { getTeam, type Team, type TeamMember } from '../../api/competencies.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatNumber, LocaleController, t } from '../../i18n.ts';
import { router } from '../../router.ts';
import { pageStyles, statStyles } from '../../styles/shared-styles.ts';
import { competencyPageStyles, currentYear, planStatusClass, planStatusName, roundJp } from '../competencies/competency-format.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import '../../components/sinau-progress-bar.ts';

/**
 * Tim saya: everyone below me in the reporting line with their JP of the year, their gaps
 * against their positions' standards, their development plan and claims waiting for me.
 */
@customElement('sinau-team-page')
export class SinauTeamPage extends LitElement {
  static override styles = [
    pageStyles,
    statStyles,
    competencyPageStyles,
    css`
      table {
        min-width: 56rem;
      }
      td sinau-progress-bar {
        min-width: 8rem;
      }
      ul.top-gaps {
        margin: var(--sinau-space-1) 0 0;
        padding-left: var(--sinau-space-4);
        font-size: 0.9rem;
      }
      .person a {
        font-weight: 600;
      }
      .waiting {
        color: var(--sinau-color-warning);
        font-weight: 700;
        white-space: nowrap;
      }
    `,
  ];

  /** Query of the address: `year` picks the JP year. */
  @property({ attribute: false }) query: URLSearchParams = new URLSearchParams();

  @state() private year: number = currentYear();

  private readonly locale = new LocaleController(this);
  private readonly team = new LoadController<Team>(this, (signal) => getTeam(this.year, signal));

  override connectedCallback(): void {
    const year = Number(this.query.get('year'));
    if (Number.isInteger(year) && year >= 2000 && year <= 2200) this.year = year;
    super.connectedCallback();
  }

  private async onYear(event: Event): Promise<void> {
    this.year = Number((event.target as HTMLSelectElement).value);
    router.replaceQuery({ year: this.year });
    const team = await this.team.run();
    if (team) announce(t('team.loaded', { year: String(team.year), count: team.members.length }));
  }

  private memberHref(member: TeamMember): string {
    return `/team/${member.person.id}${this.year !== currentYear() ? `?year=${this.year}` : ''}`;
  }

  private renderRow(m: TeamMember, target: number) {
    return html`<tr role="row" data-testid="team-row" data-person-id=${String(m.person.id)}>
      <td role="cell" class="person" data-label=${t('team.col.name')}>
        <div>
          <a href=${this.memberHref(m)}>${m.person.name}</a>
          ${m.person.position ? html`<br /><span class="muted">${m.person.position.name}</span>` : null}
          ${m.direct ? null : html`<br /><span class="badge inactive">${t('team.indirect')}</span>`}
        </div>
      </td>
      <td role="cell" data-label=${t('team.col.jp')} data-testid="member-jp" data-jp=${String(m.jp)}>
        <sinau-progress-bar
          .value=${m.jp}
          .max=${target}
          .label=${t('team.jpOf', { name: m.person.name })}
          .text=${t('competencies.jp.short', { jp: roundJp(m.jp), target })}
          ?complete=${m.jp >= target}
          hide-label
        ></sinau-progress-bar>
      </td>
      <td role="cell" data-label=${t('team.col.gaps')} data-testid="member-gaps" data-gaps=${String(m.gaps)}>
        ${m.gaps === 0
          ? html`<span>${t('team.noGaps')}</span>`
          : html`<div>
              ${t('team.gapsCount', { count: m.gaps })}
              <ul class="top-gaps" aria-label=${t('team.topGaps')}>
                ${m.topGaps.map((g) => html`<li>${t('team.topGap', { code: g.code, name: g.name, attained: g.attained, required: g.required })}</li>`)}
              </ul>
            </div>`}
      </td>
      <td role="cell" class="num" data-label=${t('team.col.meeting')} data-testid="member-meeting" data-meeting=${String(m.meetingStandard)}>
        ${t('team.meetingValue', { met: m.meetingStandard, total: m.required })}
      </td>
      <td role="cell" data-label=${t('team.col.plan')}>
        ${m.plan ? html`<span class=${planStatusClass(m.plan.status)}>${planStatusName(m.plan.status)}</span>` : html`<span class="muted">${t('team.noPlan')}</span>`}
      </td>
      <td role="cell" data-label=${t('team.col.claims')}>
        ${m.pendingClaims > 0 ? html`<span class="waiting">${t('team.claimsCount', { count: m.pendingClaims })}</span>` : html`<span class="muted">—</span>`}
      </td>
    </tr>`;
  }

  private renderTeam() {
    if (this.team.error) {
      return html`<sinau-alert variant="error">${describeError(this.team.error)}</sinau-alert>
        <button type="button" @click=${() => void this.team.run()}>${t('common.retry')}</button>`;
    }
    const team = this.team.value;
    if (!team) return html`<sinau-loading .label=${t('team.loading')}></sinau-loading>`;
    if (!team.members.length) return html`<p class="muted">${t('team.empty')}</p>`;
    const belowTarget = team.members.filter((m) => m.jp < team.target).length;
    const withGaps = team.members.filter((m) => m.gaps > 0).length;
    return html`<ul class="stats" aria-label=${t('team.summary')}>
        <li class=${team.plansToApprove > 0 ? 'stat warning' : 'stat'} data-testid="plans-to-approve">
          <span class="number">${formatNumber(team.plansToApprove)}</span> ${t('team.plansToApprove')}
        </li>
        <li class=${team.claimsToReview > 0 ? 'stat warning' : 'stat'} data-testid="claims-to-review">
          <span class="number">${formatNumber(team.claimsToReview)}</span> ${t('team.claimsToReview')}
        </li>
        <li class="stat"><span class="number">${formatNumber(withGaps)}</span> ${t('team.withGaps')}</li>
        <li class="stat"><span class="number">${formatNumber(belowTarget)}</span> ${t('team.belowTarget', { target: team.target })}</li>
      </ul>
      <div class="table-scroll" role="region" aria-labelledby="team-caption" tabindex="0">
        <table class="cards" role="table" data-testid="team-table">
          <caption id="team-caption">${t('team.caption', { year: String(team.year) })}</caption>
          <thead role="rowgroup">
            <tr role="row">
              <th role="columnheader" scope="col">${t('team.col.name')}</th>
              <th role="columnheader" scope="col">${t('team.col.jp')}</th>
              <th role="columnheader" scope="col">${t('team.col.gaps')}</th>
              <th role="columnheader" scope="col" class="num">${t('team.col.meeting')}</th>
              <th role="columnheader" scope="col">${t('team.col.plan')}</th>
              <th role="columnheader" scope="col">${t('team.col.claims')}</th>
            </tr>
          </thead>
          <tbody role="rowgroup">
            ${team.members.map((m) => this.renderRow(m, team.target))}
          </tbody>
        </table>
      </div>`;
  }

  override render() {
    const now = currentYear();
    return html`<div class="page-header">
        <h1>${t('team.title')}</h1>
        <div class="year-picker">
          <label for="team-year">${t('team.year')}</label>
          <select id="team-year" ?disabled=${this.team.loading} @change=${this.onYear}>
            ${[now, now - 1, now - 2, now - 3].map((y) => html`<option value=${String(y)} ?selected=${y === this.year}>${y}</option>`)}
          </select>
        </div>
      </div>
      <p class="intro">${t('team.intro')}</p>
      <div aria-busy=${this.team.loading ? 'true' : 'false'}>${this.renderTeam()}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-team-page': SinauTeamPage;
  }
}
