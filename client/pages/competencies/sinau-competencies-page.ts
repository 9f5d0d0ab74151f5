import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import {
  getCompetencySettings,
  listFrameworks,
  myCompetencies,
  myJp,
  myRecommendations,
  type CompetencySettings,
  type CompetencyStatus,
  type Framework,
  type JpYear,
  type Recommendation,
} from '../../api/competencies.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatNumber, LocaleController, onLocaleChange, t } from '../../i18n.ts';
import { router } from '../../router.ts';
import { SessionController } from '../../session.ts';
import { pageStyles, statStyles } from '../../styles/shared-styles.ts';
import { competencyPageStyles, roundJp } from './competency-format.ts';
import './sinau-competency-chart.ts';
import './sinau-gap-list.ts';
import './sinau-jp-summary.ts';
import './sinau-method-note.ts';
import './sinau-recommendation-list.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';

interface Profile {
  competencies: CompetencyStatus[];
  recommendations: Recommendation[];
  frameworks: Framework[];
  settings: CompetencySettings;
}

/**
 * Kompetensi saya: my position's standard against what I have proven (a chart by kind, each
 * competency opening to its evidence and levels), my gaps and what to take next, my JP of a
 * year, and the way to my development plan, prior-learning claims and certificates.
 */
@customElement('sinau-competencies-page')
export class SinauCompetenciesPage extends LitElement {
  static override styles = [
    pageStyles,
    statStyles,
    competencyPageStyles,
    css`
      .links {
        margin-bottom: var(--sinau-space-4);
      }
      .after-list {
        margin-top: var(--sinau-space-4);
      }
      .stat .label {
        display: block;
      }
    `,
  ];

  /** Query of the address: `year` picks the JP year. */
  @property({ attribute: false }) query: URLSearchParams = new URLSearchParams();

  @state() private year: number | null = null;

  private readonly locale = new LocaleController(this);
  private readonly session = new SessionController(this);
  private readonly profile = new LoadController<Profile>(this, async (signal) => {
    const [competencies, recommendations, frameworks, settings] = await Promise.all([
      myCompetencies(signal),
      myRecommendations(signal),
      listFrameworks(signal),
      getCompetencySettings(signal),
    ]);
    return { competencies, recommendations, frameworks, settings };
  });
  private readonly jp = new LoadController<JpYear>(this, (signal) => myJp(this.year, signal));
  private offLocale: (() => void) | null = null;

  override connectedCallback(): void {
    const year = Number(this.query.get('year'));
    this.year = Number.isInteger(year) && year >= 2000 && year <= 2200 ? year : null;
    super.connectedCallback();
    // Explanations are worded by the server in the reader's language.
    this.offLocale = onLocaleChange(() => void this.profile.run());
  }

  override disconnectedCallback(): void {
    this.offLocale?.();
    super.disconnectedCallback();
  }

  private async onYearChange(event: CustomEvent<number>): Promise<void> {
    this.year = event.detail;
    router.replaceQuery({ year: event.detail });
    const jp = await this.jp.run();
    if (jp) announce(t('competencies.jp.loaded', { year: String(jp.year), jp: roundJp(jp.total) }));
  }

  private renderStats(profile: Profile) {
    const required = profile.competencies.filter((c) => c.required > 0);
    const met = required.filter((c) => c.gap === 0).length;
    const gaps = required.length - met;
    const jp = this.jp.value;
    return html`<ul class="stats" aria-label=${t('competencies.stats.label')}>
      <li class="stat" data-testid="stat-meeting">
        <span class="number">${t('competencies.stats.meetingValue', { met, total: required.length })}</span>
        <span class="label">${t('competencies.stats.meeting')}</span>
      </li>
      <li class=${gaps > 0 ? 'stat warning' : 'stat'} data-testid="stat-gaps">
        <span class="number">${formatNumber(gaps)}</span>
        <span class="label">${t('competencies.stats.gaps')}</span>
      </li>
      ${jp
        ? html`<li class=${jp.total >= jp.target ? 'stat' : 'stat warning'}>
            <span class="number">${t('competencies.stats.jpValue', { jp: roundJp(jp.total), target: jp.target })}</span>
            <span class="label">${t('competencies.stats.jp', { year: String(jp.year) })}</span>
          </li>`
        : null}
    </ul>`;
  }

  private renderProfile() {
    if (this.profile.error) {
      return html`<sinau-alert variant="error">${describeError(this.profile.error)}</sinau-alert>
        <button type="button" @click=${() => void this.profile.run()}>${t('common.retry')}</button>`;
    }
    const profile = this.profile.value;
    if (!profile) return html`<sinau-loading .label=${t('competencies.loading')}></sinau-loading>`;
    const gaps = profile.competencies.filter((c) => c.gap > 0);
    return html`${this.renderStats(profile)}
      <section class="panel" aria-labelledby="chart-heading">
        <h2 id="chart-heading">${t('competencies.chart.heading')}</h2>
        <p class="intro">${t('competencies.chart.caption')}</p>
        <sinau-competency-chart .competencies=${profile.competencies} .frameworks=${profile.frameworks}></sinau-competency-chart>
        <sinau-method-note .settings=${profile.settings}></sinau-method-note>
      </section>
      <section class="panel" aria-labelledby="next-heading">
        <h2 id="next-heading">${t('competencies.gaps.heading')}</h2>
        <sinau-gap-list .competencies=${profile.competencies}></sinau-gap-list>
        ${gaps.length
          ? html`<h3>${t('competencies.recommendations.heading')}</h3>
              <p>${t('competencies.recommendations.intro')}</p>
              ${profile.recommendations.length
                ? html`<sinau-recommendation-list .items=${profile.recommendations}></sinau-recommendation-list>`
                : html`<p class="muted">${t('competencies.recommendations.none')}</p>`}
              <p class="after-list"><a class="button secondary" href="/competencies/plan">${t('competencies.links.planFromRecommendations')}</a></p>`
          : null}
      </section>`;
  }

  private renderJp() {
    return html`<section class="panel" aria-labelledby="jp-heading" aria-busy=${this.jp.loading ? 'true' : 'false'}>
      <h2 id="jp-heading">${t('competencies.jp.heading')}</h2>
      ${this.jp.error ? html`<sinau-alert variant="error">${describeError(this.jp.error)}</sinau-alert>` : null}
      ${this.jp.value
        ? html`<sinau-jp-summary pick-year .jp=${this.jp.value} ?busy=${this.jp.loading} @sinau-year-change=${this.onYearChange}></sinau-jp-summary>`
        : this.jp.error
          ? null
          : html`<sinau-loading></sinau-loading>`}
    </section>`;
  }

  override render() {
    const me = this.session.me;
    return html`<h1>${t('competencies.title')}</h1>
      <p class="intro">${t('competencies.intro')}</p>
      ${me?.position
        ? html`<p>${t('competencies.position', { position: me.position.name, unit: me.unit?.name ?? '—' })}</p>`
        : html`<sinau-alert variant="info">${t('competencies.noPosition')}</sinau-alert>`}
      <nav class="row links" aria-label=${t('competencies.links.label')}>
        <a class="button secondary" href="/competencies/plan">${t('competencies.plan.title')}</a>
        <a class="button secondary" href="/competencies/prior-learning">${t('competencies.prior.title')}</a>
        <a class="button secondary" href="/certificates">${t('competencies.links.certificates')}</a>
      </nav>
      <div class="sections">${this.renderProfile()} ${this.renderJp()}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-competencies-page': SinauCompetenciesPage;
  }
}
