import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import {
  competencyHeatMap,
  jpReport,
  reportDownloadUrl,
  trainingNeeds,
  type HeatMap,
  type JpReport,
  type ReportFilter,
  type ReportName,
  type TrainingNeed,
} from '../../api/competency-admin.ts';
import { listUnits, type Unit } from '../../api/org.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatNumber, LocaleController, t } from '../../i18n.ts';
import { router } from '../../router.ts';
import { SessionController } from '../../session.ts';
import { unitOptions, unitsInScope } from '../admin/unit-tree.ts';
import { competencyAdminStyles } from './competency-admin-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import './sinau-competency-admin-nav.ts';
import './sinau-heat-map.ts';
import './sinau-training-needs.ts';

/** People listed before "show all": the city has thousands; the download has everyone. */
const PEOPLE_SHOWN = 25;

const thisYear = () => Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Jakarta' }).format(new Date()));

/**
 * Reports for the whole city or the admin's offices (the server narrows an office admin's to
 * theirs): the competency heat-map, who is below the yearly JP target, and the training-needs
 * analysis (sinau-training-needs) — each filtered by office, and each downloadable as CSV or XLSX
 * (training needs also as a PDF document).
 */
@customElement('sinau-reports-page')
export class SinauReportsPage extends LitElement {
  static override styles = competencyAdminStyles;

  /** Query of the address: unitId and year pre-set the filters. */
  @property({ attribute: false }) query = new URLSearchParams();

  @state() private unitId: number | null = null;
  @state() private year = thisYear();
  @state() private allPeople = false;

  private readonly locale = new LocaleController(this);
  private readonly session = new SessionController(this);
  private readonly units = new LoadController<Unit[]>(this, (signal) => listUnits(signal));
  private readonly heat = new LoadController<HeatMap>(this, (signal) => competencyHeatMap(this.filter, signal));
  private readonly jp = new LoadController<JpReport>(this, (signal) => jpReport({ ...this.filter, below: true }, signal));
  private readonly needs = new LoadController<TrainingNeed[]>(this, (signal) => trainingNeeds(this.filter, signal));

  override connectedCallback(): void {
    const unitId = Number(this.query.get('unitId'));
    const year = Number(this.query.get('year'));
    this.unitId = Number.isInteger(unitId) && unitId > 0 ? unitId : null;
    if (Number.isInteger(year) && year >= 2000 && year <= 2200) this.year = year;
    super.connectedCallback();
  }

  private get filter(): ReportFilter {
    return { unitId: this.unitId, year: this.year };
  }

  private async reload(which: 'all' | 'jp'): Promise<void> {
    this.allPeople = false;
    router.replaceQuery({ unitId: this.unitId, year: this.year === thisYear() ? null : this.year });
    const runs = which === 'jp' ? [this.jp.run()] : [this.heat.run(), this.jp.run(), this.needs.run()];
    await Promise.all(runs);
    if (!this.heat.error && !this.jp.error && !this.needs.error) announce(t('competencyAdmin.reports.updated'));
  }

  private onUnit(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    this.unitId = value ? Number(value) : null;
    void this.reload('all');
  }

  private onYear(event: Event): void {
    this.year = Number((event.target as HTMLSelectElement).value);
    void this.reload('jp');
  }

  private async showAllPeople(): Promise<void> {
    this.allPeople = true;
    await this.updateComplete;
    // Focus the first newly shown person, so keyboard users carry on where the list grew.
    this.renderRoot.querySelectorAll<HTMLElement>('[data-testid="jp-people"] tbody a')[PEOPLE_SHOWN]?.focus();
  }

  private downloads(name: ReportName, label: string, filter: ReportFilter) {
    return html`<div class="downloads">
      ${(['csv', 'xlsx'] as const).map(
        (format) => {
          const action = t(format === 'csv' ? 'competencyAdmin.reports.downloadCsv' : 'competencyAdmin.reports.downloadXlsx');
          return html`<a
            class="button secondary"
            href=${reportDownloadUrl(name, filter, format)}
            download
            aria-label=${t('competencyAdmin.reports.downloadNamed', { action, report: label })}
            >${action}</a
          >`;
        },
      )}
    </div>`;
  }

  private state<T>(load: LoadController<T>, render: (value: T) => unknown) {
    if (load.error) return html`<sinau-alert variant="error">${describeError(load.error)}</sinau-alert>`;
    // While new figures load, the old ones stay below a spinner.
    if (load.value === undefined) return html`<sinau-loading></sinau-loading>`;
    return html`${load.loading ? html`<sinau-loading></sinau-loading>` : nothing}${render(load.value)}`;
  }

  private renderHeat() {
    return html`<section aria-labelledby="heat-heading" data-testid="heat-section">
      <h2 id="heat-heading">${t('competencyAdmin.reports.heatHeading')}</h2>
      <p>${t('competencyAdmin.reports.heatIntro')}</p>
      ${this.downloads('competencies', t('competencyAdmin.reports.heatHeading'), { unitId: this.unitId })}
      ${this.state(this.heat, (report) => html`<sinau-heat-map .report=${report}></sinau-heat-map>`)}
    </section>`;
  }

  private renderJp(report: JpReport) {
    const offices = report.offices.filter((o) => o.below > 0);
    return html`<p>${t('competencyAdmin.reports.jpTarget', { target: report.target, year: String(report.year) })}</p>
      ${offices.length
        ? html`<div class="table-scroll" role="region" aria-labelledby="jp-office-caption" tabindex="0">
            <table class="compact" data-testid="jp-offices">
              <caption id="jp-office-caption">${t('competencyAdmin.reports.jpOfficeCaption')}</caption>
              <thead role="rowgroup">
                <tr role="row">
                  <th role="columnheader" scope="col">${t('competencyAdmin.reports.colOffice')}</th>
                  <th role="columnheader" scope="col" class="num">${t('competencyAdmin.reports.colPeople')}</th>
                  <th role="columnheader" scope="col" class="num">${t('competencyAdmin.reports.colBelow')}</th>
                  <th role="columnheader" scope="col" class="num">${t('competencyAdmin.reports.colAverage')}</th>
                </tr>
              </thead>
              <tbody role="rowgroup">
                ${offices.map(
                  (o) => html`<tr role="row">
                    <td role="cell" data-label=${t('competencyAdmin.reports.colOffice')}>${o.unit.name}</td>
                    <td role="cell" class="num" data-label=${t('competencyAdmin.reports.colPeople')}>${formatNumber(o.people)}</td>
                    <td role="cell" class="num" data-label=${t('competencyAdmin.reports.colBelow')}>${formatNumber(o.below)}</td>
                    <td role="cell" class="num" data-label=${t('competencyAdmin.reports.colAverage')}>${formatNumber(o.averageJp)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : nothing}
      ${report.people.length
        ? html`<div class="table-scroll" role="region" aria-labelledby="jp-people-caption" tabindex="0">
            <table class="cards" role="table" data-testid="jp-people">
              <caption id="jp-people-caption">${t('competencyAdmin.reports.jpPeopleCaption', { count: report.people.length })}</caption>
              <thead role="rowgroup">
                <tr role="row">
                  <th role="columnheader" scope="col">${t('competencyAdmin.reports.colName')}</th>
                  <th role="columnheader" scope="col">${t('competencyAdmin.reports.colOffice')}</th>
                  <th role="columnheader" scope="col">${t('competencyAdmin.reports.colPosition')}</th>
                  <th role="columnheader" scope="col" class="num">${t('competencyAdmin.reports.colJp')}</th>
                </tr>
              </thead>
              <tbody role="rowgroup">
                ${(this.allPeople ? report.people : report.people.slice(0, PEOPLE_SHOWN)).map(
                  (p) => html`<tr role="row">
                    <td role="cell" data-label=${t('competencyAdmin.reports.colName')}>
                      <a href=${`/admin/people/${p.id}`}>${p.name}</a>${p.nip ? html`<br /><span class="code muted">${p.nip}</span>` : nothing}
                    </td>
                    <td role="cell" data-label=${t('competencyAdmin.reports.colOffice')}>${p.unit.name}</td>
                    <td role="cell" data-label=${t('competencyAdmin.reports.colPosition')}>${p.position ?? '—'}</td>
                    <td role="cell" class="num" data-label=${t('competencyAdmin.reports.colJp')}>${formatNumber(p.jp)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>
          ${report.people.length > PEOPLE_SHOWN && !this.allPeople
            ? html`<p class="row">
                <span class="muted">${t('competencyAdmin.reports.shownOf', { shown: PEOPLE_SHOWN, count: report.people.length })}</span>
                <button type="button" class="secondary" @click=${this.showAllPeople}>${t('competencyAdmin.reports.showAll', { count: report.people.length })}</button>
              </p>`
            : nothing}`
        : html`<sinau-alert variant="success">${t('competencyAdmin.reports.jpNone')}</sinau-alert>`}`;
  }

  override render() {
    const units = unitsInScope(this.units.value ?? [], this.session.me?.adminScope ?? null);
    const years = Array.from({ length: 6 }, (_, i) => thisYear() - i);
    if (!years.includes(this.year)) years.push(this.year);
    return html`<sinau-competency-admin-nav current="/admin/reports"></sinau-competency-admin-nav>
      <h1>${t('competencyAdmin.reports.title')}</h1>
      <p class="lead">${t('competencyAdmin.reports.intro')}</p>
      <div class="filters" role="group" aria-label=${t('competencyAdmin.reports.filters')}>
        <div class="field">
          <label for="report-unit">${t('competencyAdmin.reports.office')}</label>
          <select id="report-unit" @change=${this.onUnit}>
            <option value="" .selected=${this.unitId === null}>${t('competencyAdmin.reports.allOffices')}</option>
            ${unitOptions(units, this.unitId)}
          </select>
        </div>
        <div class="field">
          <label for="report-year">${t('competencyAdmin.reports.year')}</label>
          <select id="report-year" @change=${this.onYear}>
            ${years.map((y) => html`<option value=${String(y)} .selected=${y === this.year}>${y}</option>`)}
          </select>
        </div>
      </div>
      ${this.units.error ? html`<sinau-alert variant="error">${describeError(this.units.error)}</sinau-alert>` : nothing} ${this.renderHeat()}
      <section aria-labelledby="jp-heading" data-testid="jp-section">
        <h2 id="jp-heading">${t('competencyAdmin.reports.jpHeading', { year: String(this.year) })}</h2>
        ${this.downloads('jp', t('competencyAdmin.reports.jpHeading', { year: String(this.year) }), { ...this.filter, below: true })}
        ${this.state(this.jp, (report) => this.renderJp(report))}
      </section>
      <section aria-labelledby="needs-heading" data-testid="needs-section">
        <h2 id="needs-heading">${t('competencyAdmin.reports.needsHeading')}</h2>
        ${this.state(this.needs, (needs) => html`<sinau-training-needs .needs=${needs} .unitId=${this.unitId}></sinau-training-needs>`)}
        ${this.downloads('training-needs', t('competencyAdmin.reports.needsHeading'), { unitId: this.unitId })}
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-reports-page': SinauReportsPage;
  }
}
