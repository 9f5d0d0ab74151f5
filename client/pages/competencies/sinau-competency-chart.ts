import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { CompetencyStatus, Evidence, Framework, FrameworkCompetency } from '../../api/competencies.ts';
import { formatDate, formatNumber, LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { competenciesByCode, kindName, kinds, sourceName } from './competency-format.ts';
import { chartStyles } from './sinau-competency-chart.styles.ts';

const LEVELS = [1, 2, 3, 4, 5];

/**
 * A person's competencies against their position's standard: per kind, one bar per competency
 * (levels 1–5, the proven ones filled, the missing ones up to the standard striped, the standard
 * marked), with the figures as text. Each competency opens to its explanation, its evidence and
 * the framework's level descriptions and behaviour indicators. A button switches to a table.
 */
@customElement('sinau-competency-chart')
export class SinauCompetencyChart extends LitElement {
  static override styles = [pageStyles, chartStyles];

  /** The person's competencies, as GET /api/me/competencies returns them. */
  @property({ attribute: false }) competencies: CompetencyStatus[] = [];
  /** The frameworks, for each level's description and behaviour indicators (optional). */
  @property({ attribute: false }) frameworks: Framework[] = [];
  /** The chart is the signed-in person's own ("your level") rather than a team member's. */
  @property({ type: Boolean }) own = true;

  @state() private asTable = false;

  private readonly locale = new LocaleController(this);

  private renderBar(c: CompetencyStatus) {
    return html`<span class="bar" aria-hidden="true">
      ${LEVELS.map((level) => {
        const classes = ['cell', level <= c.attained ? 'attained' : level <= c.required ? 'missing' : '', level === c.required ? 'standard' : ''];
        return html`<span class=${classes.join(' ').trim()}>${level}</span>`;
      })}
    </span>`;
  }

  private renderFigures(c: CompetencyStatus) {
    return html`<span class="figures">
      <span>${t('competencies.chart.attained', { level: c.attained })}</span>
      <span>${c.required > 0 ? t('competencies.chart.required', { level: c.required }) : t('competencies.chart.notRequired')}</span>
      ${c.required > 0
        ? c.gap > 0
          ? html`<span class="gap">${t('competencies.chart.gap', { gap: c.gap })}</span>`
          : html`<span class="ok">${t('competencies.chart.met')}</span>`
        : null}
    </span>`;
  }

  private renderEvidence(e: Evidence) {
    const faded = e.currentWeight < e.weight - 0.005;
    return html`<li class=${e.supportsLevel ? 'supports' : ''}>
      <p><strong>${e.title}</strong>${e.detail ? html` · ${e.detail}` : null}</p>
      <p class="muted">${t('competencies.chart.evidenceLine', { source: sourceName(e.source), level: e.level, date: formatDate(e.occurredAt) })}</p>
      ${e.supportsLevel ? html`<p><span class="badge">${t('competencies.chart.supports')}</span></p>` : null}
      ${faded ? html`<p class="muted">${t('competencies.chart.faded', { current: e.currentWeight, weight: e.weight })}</p>` : null}
    </li>`;
  }

  private renderLevels(c: CompetencyStatus, doc: FrameworkCompetency | undefined) {
    if (!doc?.levels.length) return null;
    return html`<details class="levels">
      <summary>${t('competencies.chart.levels')}</summary>
      <ol class="levels">
        ${doc.levels.map(
          (l) => html`<li>
            <span class="level-title">${t('competencies.levelNamed', { level: l.level, name: l.name })}</span>
            ${l.level === c.required ? html`<span class="badge update">${t('competencies.chart.standardBadge')}</span>` : null}
            ${l.level === c.attained ? html`<span class="badge create">${this.own ? t('competencies.chart.yourLevel') : t('competencies.chart.theirLevel')}</span>` : null}
            ${l.description ? html`<p>${l.description}</p>` : null}
            ${l.indicators.length
              ? html`<p class="muted">${t('competencies.chart.indicators')}</p>
                  <ul>
                    ${l.indicators.map((i) => html`<li>${i}</li>`)}
                  </ul>`
              : null}
          </li>`,
        )}
      </ol>
    </details>`;
  }

  private renderRow(c: CompetencyStatus, doc: FrameworkCompetency | undefined) {
    const state = c.required === 0 ? '' : c.gap > 0 ? 'short' : 'met';
    return html`<li>
      <details class=${`competency ${state}`.trim()} data-testid="competency-row" data-code=${c.code} data-attained=${c.attained} data-required=${c.required}>
        <summary data-testid="competency-summary">
          <span class="chevron" aria-hidden="true"></span>
          <span class="name"><span class="code">${c.code}</span>${c.name}</span>
          ${this.renderBar(c)} ${this.renderFigures(c)}
        </summary>
        <div class="more">
          <h4>${t('competencies.chart.why')}</h4>
          <p data-testid="competency-explanation">${c.explanation}</p>
          <h4>${t('competencies.chart.evidence')}</h4>
          ${c.evidence.length ? html`<ul class="evidence">${c.evidence.map((e) => this.renderEvidence(e))}</ul>` : html`<p class="muted">${t('competencies.chart.noEvidence')}</p>`}
          ${doc?.description ? html`<h4>${t('competencies.chart.about')}</h4><p>${doc.description}</p>` : null}
          ${this.renderLevels(c, doc)}
        </div>
      </details>
    </li>`;
  }

  private renderTable(groups: [string, CompetencyStatus[]][]) {
    return html`<div class="table-scroll" role="region" aria-labelledby="competency-table-caption" tabindex="0">
      <table class="cards" role="table" data-testid="competency-table">
        <caption id="competency-table-caption">${t('competencies.chart.caption')}</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th role="columnheader" scope="col">${t('competencies.chart.colCompetency')}</th>
            <th role="columnheader" scope="col">${t('competencies.chart.colKind')}</th>
            <th role="columnheader" scope="col" class="num">${t('competencies.chart.colRequired')}</th>
            <th role="columnheader" scope="col" class="num">${t('competencies.chart.colAttained')}</th>
            <th role="columnheader" scope="col" class="num">${t('competencies.chart.colGap')}</th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          ${groups.flatMap(([, list]) =>
            list.map(
              (c) => html`<tr role="row">
                <td role="rowheader" data-label=${t('competencies.chart.colCompetency')}>${c.code} ${c.name}</td>
                <td role="cell" data-label=${t('competencies.chart.colKind')}>${kindName(c.kind)}</td>
                <td role="cell" class="num" data-label=${t('competencies.chart.colRequired')}>${c.required > 0 ? formatNumber(c.required) : '—'}</td>
                <td role="cell" class="num" data-label=${t('competencies.chart.colAttained')}>${formatNumber(c.attained)}</td>
                <td role="cell" class="num" data-label=${t('competencies.chart.colGap')}>${formatNumber(c.gap)}</td>
              </tr>`,
            ),
          )}
        </tbody>
      </table>
    </div>`;
  }

  override render() {
    if (!this.competencies.length) return html`<p class="muted">${t('competencies.chart.empty')}</p>`;
    const byCode = competenciesByCode(this.frameworks);
    const groups = kinds
      .map((kind) => [kind, this.competencies.filter((c) => c.kind === kind).sort((a, b) => a.code.localeCompare(b.code, undefined, { numeric: true }))] as [string, CompetencyStatus[]])
      .filter(([, list]) => list.length > 0);
    return html`<div class="toolbar">
        ${this.asTable
          ? html`<span></span>`
          : html`<ul class="legend" aria-label=${t('competencies.chart.legend')}>
              <li><span class="swatch attained" aria-hidden="true"></span>${t('competencies.chart.legendAttained')}</li>
              <li><span class="swatch missing" aria-hidden="true"></span>${t('competencies.chart.legendGap')}</li>
              <li><span class="swatch standard" aria-hidden="true"></span>${t('competencies.chart.legendRequired')}</li>
            </ul>`}
        <button type="button" class="secondary" aria-pressed=${this.asTable ? 'true' : 'false'} @click=${() => (this.asTable = !this.asTable)}>
          ${t('competencies.chart.showTable')}
        </button>
      </div>
      ${this.asTable
        ? this.renderTable(groups)
        : groups.map(
            ([kind, list]) => html`<h3>${kindName(kind as CompetencyStatus['kind'])} <span class="count">(${formatNumber(list.length)})</span></h3>
              <ul class="rows">
                ${list.map((c) => this.renderRow(c, byCode.get(c.code)))}
              </ul>`,
          )}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-competency-chart': SinauCompetencyChart;
  }
}
