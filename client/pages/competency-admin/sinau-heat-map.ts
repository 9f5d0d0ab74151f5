import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { HeatMap } from '../../api/competency-admin.ts';
import { getLocale, LocaleController, t, type MessageKey } from '../../i18n.ts';
import { competencyAdminStyles } from './competency-admin-styles.ts';

/** Upper bounds (exclusive) of the colour bands, in percent; 100 % is the last band. */
const bands: { max: number; key: MessageKey }[] = [
  { max: 25, key: 'competencyAdmin.reports.band0' },
  { max: 50, key: 'competencyAdmin.reports.band1' },
  { max: 75, key: 'competencyAdmin.reports.band2' },
  { max: 100, key: 'competencyAdmin.reports.band3' },
  { max: Infinity, key: 'competencyAdmin.reports.band4' },
];

const bandOf = (share: number) => bands.findIndex((b) => share < b.max);

export function formatPercent(share: number): string {
  return new Intl.NumberFormat(getLocale(), { style: 'percent', maximumFractionDigits: 1 }).format(share / 100);
}

/**
 * The heat-map table: offices down, competencies across, in each cell the share of the people
 * it is required of who meet the standard — written out as a percentage, the colour only
 * repeats it. The office column stays put while the rest scrolls sideways.
 */
@customElement('sinau-heat-map')
export class SinauHeatMap extends LitElement {
  static override styles = competencyAdminStyles;

  /** The report as GET /api/reports/competencies answers it. */
  @property({ attribute: false }) report: HeatMap | null = null;

  private readonly locale = new LocaleController(this);

  override render() {
    const report = this.report;
    if (!report) return nothing;
    if (!report.offices.length || !report.competencies.length) return html`<p class="empty">${t('competencyAdmin.reports.heatEmpty')}</p>`;
    return html`<ul class="legend" aria-label=${t('competencyAdmin.reports.legend')}>
        ${bands.map((band, i) => html`<li class=${`band-${i}`}>${t(band.key)}</li>`)}
        <li class="band-none">${t('competencyAdmin.reports.legendNone')}</li>
      </ul>
      <div class="table-scroll" role="region" aria-labelledby="heat-caption" tabindex="0" data-testid="heat-map">
        <table class="heat">
          <caption id="heat-caption" class="visually-hidden">${t('competencyAdmin.reports.heatCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">${t('competencyAdmin.reports.colOffice')}</th>
              ${report.competencies.map(
                (c) => html`<th scope="col" class="num" title=${c.name}><span class="code">${c.code}</span><span class="visually-hidden"> ${c.name}</span></th>`,
              )}
            </tr>
          </thead>
          <tbody>
            ${report.offices.map(
              (office) => html`<tr>
                <th scope="row">
                  ${office.unit.name}
                  <span class="sub"><span class="code">${office.unit.code}</span> · ${t('competencyAdmin.reports.peopleCount', { count: office.people })}</span>
                </th>
                ${office.cells.map((cell) =>
                  cell.share === null
                    ? html`<td class="cell band-none"><span aria-hidden="true">—</span><span class="visually-hidden">${t('competencyAdmin.reports.notRequired')}</span></td>`
                    : html`<td class=${`cell band-${bandOf(cell.share)}`} title=${t('competencyAdmin.reports.cellMeeting', { meeting: cell.meeting, required: cell.required })}>
                        ${formatPercent(cell.share)}<span class="visually-hidden">, ${t('competencyAdmin.reports.cellMeeting', { meeting: cell.meeting, required: cell.required })}</span>
                      </td>`,
                )}
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <details>
        <summary>${t('competencyAdmin.reports.codesHeading')}</summary>
        <ul class="codes">
          ${report.competencies.map((c) => html`<li><span class="code">${c.code}</span> ${c.name}</li>`)}
        </ul>
      </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-heat-map': SinauHeatMap;
  }
}
