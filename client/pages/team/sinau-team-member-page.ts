import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import {
  claimsToReview,
  getCompetencySettings,
  listFrameworks,
  personAssessments,
  personCompetencies,
  personPlan,
  type Assessment,
  type Claim,
  type CompetencySettings,
  type Framework,
  type PersonCompetencies,
  type Plan,
} from '../../api/competencies.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatDate, formatNumber, LocaleController, onLocaleChange, t } from '../../i18n.ts';
import { pageStyles, statStyles } from '../../styles/shared-styles.ts';
import { competencyPageStyles, currentYear, roundJp } from '../competencies/competency-format.ts';
import '../competencies/sinau-competency-chart.ts';
import '../competencies/sinau-gap-list.ts';
import '../competencies/sinau-jp-summary.ts';
import '../competencies/sinau-method-note.ts';
import '../competencies/sinau-plan-summary.ts';
import '../competencies/sinau-recommendation-list.ts';
import './sinau-assessment-form.ts';
import './sinau-claim-review.ts';
import './sinau-plan-decision.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';

interface Reference {
  frameworks: Framework[];
  settings: CompetencySettings;
}

/**
 * One team member as their supervisor sees them: their competencies against their position's
 * standard, gaps and JP (the learner's own dashboard parts), their development plan to approve,
 * return or close, their prior-learning claims to accept or reject, and a behaviour assessment.
 */
@customElement('sinau-team-member-page')
export class SinauTeamMemberPage extends LitElement {
  static override styles = [
    pageStyles,
    statStyles,
    competencyPageStyles,
    css`
      .stat .label {
        display: block;
      }
    `,
  ];

  /** Route parameters; `id` is the person's id. */
  @property({ attribute: false }) params: Record<string, string> = {};
  /** Query of the address: `year` picks the JP and plan year. */
  @property({ attribute: false }) query: URLSearchParams = new URLSearchParams();

  @state() private year = currentYear();

  private readonly locale = new LocaleController(this);
  private readonly profile = new LoadController<PersonCompetencies>(this, (signal) => personCompetencies(this.personId, this.year, signal));
  private readonly reference = new LoadController<Reference>(this, async (signal) => {
    const [frameworks, settings] = await Promise.all([listFrameworks(signal), getCompetencySettings(signal)]);
    return { frameworks, settings };
  });
  private readonly plan = new LoadController<Plan>(this, (signal) => personPlan(this.personId, this.year, signal));
  private readonly claims = new LoadController<Claim[]>(this, async (signal) => claimsToReview('pending', signal, this.personId));
  private readonly assessments = new LoadController<Assessment[]>(this, (signal) => personAssessments(this.personId, signal));
  private offLocale: (() => void) | null = null;

  private get personId(): number {
    return Number(this.params['id']);
  }

  override connectedCallback(): void {
    const year = Number(this.query.get('year'));
    if (Number.isInteger(year) && year >= 2000 && year <= 2200) this.year = year;
    super.connectedCallback();
    // Explanations are worded by the server in the reader's language.
    this.offLocale = onLocaleChange(() => void this.profile.run());
  }

  override disconnectedCallback(): void {
    this.offLocale?.();
    super.disconnectedCallback();
  }

  private names(): Map<string, string> {
    return new Map((this.reference.value?.frameworks ?? []).flatMap((f) => f.competencies.map((c) => [c.code, c.name] as const)));
  }

  private onPlanDecided(event: CustomEvent<Plan>): void {
    this.plan.value = event.detail;
    this.requestUpdate();
  }

  private onClaimReviewed(): void {
    void this.claims.run();
    void this.profile.run();
  }

  private onAssessed(): void {
    void this.assessments.run();
    void this.profile.run();
  }

  private renderStats(p: PersonCompetencies) {
    const required = p.competencies.filter((c) => c.required > 0);
    const met = required.filter((c) => c.gap === 0).length;
    return html`<ul class="stats" aria-label=${t('competencies.stats.label')}>
      <li class="stat" data-testid="stat-meeting">
        <span class="number">${t('competencies.stats.meetingValue', { met, total: required.length })}</span>
        <span class="label">${t('competencies.stats.meeting')}</span>
      </li>
      <li class=${required.length - met > 0 ? 'stat warning' : 'stat'} data-testid="stat-gaps">
        <span class="number">${formatNumber(required.length - met)}</span>
        <span class="label">${t('competencies.stats.gaps')}</span>
      </li>
      <li class=${p.jp.total >= p.jp.target ? 'stat' : 'stat warning'}>
        <span class="number">${t('competencies.stats.jpValue', { jp: roundJp(p.jp.total), target: p.jp.target })}</span>
        <span class="label">${t('competencies.stats.jp', { year: String(p.jp.year) })}</span>
      </li>
    </ul>`;
  }

  private renderPlan() {
    if (this.plan.error) return html`<sinau-alert variant="error">${describeError(this.plan.error)}</sinau-alert>`;
    const plan = this.plan.value;
    if (!plan) return html`<sinau-loading></sinau-loading>`;
    return html`<sinau-plan-summary .own=${false} .plan=${plan} .names=${this.names()}></sinau-plan-summary>
      <sinau-plan-decision .plan=${plan} @sinau-plan-decided=${this.onPlanDecided}></sinau-plan-decision>`;
  }

  private renderClaims() {
    if (this.claims.error) return html`<sinau-alert variant="error">${describeError(this.claims.error)}</sinau-alert>`;
    const claims = this.claims.value;
    if (!claims) return html`<sinau-loading></sinau-loading>`;
    if (!claims.length) return html`<p class="muted">${t('team.member.noClaims')}</p>`;
    const names = this.names();
    return html`<ul class="items">
      ${claims.map((c) => html`<li class="item"><sinau-claim-review .claim=${c} .names=${names} @sinau-claim-reviewed=${this.onClaimReviewed}></sinau-claim-review></li>`)}
    </ul>`;
  }

  private renderAssessments(p: PersonCompetencies) {
    const past = this.assessments.value ?? [];
    return html`<sinau-assessment-form
        person-id=${String(p.person.id)}
        person-name=${p.person.name}
        .competencies=${p.competencies}
        .frameworks=${this.reference.value?.frameworks ?? []}
        @sinau-assessed=${this.onAssessed}
      ></sinau-assessment-form>
      <h3>${t('team.member.history')}</h3>
      ${this.assessments.error ? html`<sinau-alert variant="error">${describeError(this.assessments.error)}</sinau-alert>` : null}
      ${past.length
        ? html`<ul>
            ${past.map(
              (a) => html`<li>
                ${t('team.member.historyLine', { code: a.code, name: a.name, level: a.level, assessor: a.assessor.name, date: formatDate(a.createdAt) })}
                ${a.note ? html`<br /><span class="muted">${a.note}</span>` : null}
              </li>`,
            )}
          </ul>`
        : html`<p class="muted">${t('team.member.noHistory')}</p>`}`;
  }

  private renderProfile(p: PersonCompetencies) {
    const frameworks = this.reference.value?.frameworks ?? [];
    return html`${this.renderStats(p)}
      <section class="panel" aria-labelledby="plan-heading">
        <h2 id="plan-heading">${t('team.member.planHeading', { year: String(this.year) })}</h2>
        ${this.renderPlan()}
      </section>
      <section class="panel" aria-labelledby="claims-heading" aria-busy=${this.claims.loading ? 'true' : 'false'}>
        <h2 id="claims-heading">${t('team.member.claimsHeading')}</h2>
        ${this.renderClaims()}
      </section>
      <section class="panel" aria-labelledby="chart-heading">
        <h2 id="chart-heading">${t('team.member.competenciesHeading')}</h2>
        <sinau-competency-chart .own=${false} .competencies=${p.competencies} .frameworks=${frameworks}></sinau-competency-chart>
        <sinau-method-note .settings=${this.reference.value?.settings ?? null}></sinau-method-note>
      </section>
      <section class="panel" aria-labelledby="gaps-heading">
        <h2 id="gaps-heading">${t('team.member.gapsHeading')}</h2>
        <sinau-gap-list .own=${false} .competencies=${p.competencies}></sinau-gap-list>
        ${p.recommendations.length
          ? html`<h3>${t('team.member.recommendationsHeading')}</h3>
              <sinau-recommendation-list .own=${false} .items=${p.recommendations}></sinau-recommendation-list>`
          : null}
      </section>
      <section class="panel" aria-labelledby="assess-heading">
        <h2 id="assess-heading">${t('team.member.assessHeading')}</h2>
        ${this.renderAssessments(p)}
      </section>
      <section class="panel" aria-labelledby="jp-heading">
        <h2 id="jp-heading">${t('competencies.jp.heading')}</h2>
        <sinau-jp-summary .jp=${p.jp}></sinau-jp-summary>
      </section>`;
  }

  override render() {
    const p = this.profile.value;
    const back = html`<a class="back" href=${this.year === currentYear() ? '/team' : `/team?year=${this.year}`}>${t('team.member.back')}</a>`;
    if (this.profile.error) {
      return html`${back}
        <h1>${t('team.member.title')}</h1>
        <sinau-alert variant="error">${describeError(this.profile.error)}</sinau-alert>`;
    }
    if (!p) return html`${back}<sinau-loading .label=${t('team.member.loading')}></sinau-loading>`;
    const place = [p.person.position?.name, p.person.unit?.name].filter(Boolean).join(' · ');
    return html`${back}
      <h1>${p.person.name}</h1>
      <p class="intro">${place || t('common.notRecorded')}${p.person.nip ? html`<br /><span class="muted">${t('team.member.nip', { nip: p.person.nip })}</span>` : null}</p>
      <div class="sections" aria-busy=${this.profile.loading ? 'true' : 'false'}>${this.renderProfile(p)}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-team-member-page': SinauTeamMemberPage;
  }
}
