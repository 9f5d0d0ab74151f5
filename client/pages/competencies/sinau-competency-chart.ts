import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { CompetencyStatus, Evidence, Framework, FrameworkCompetency } from '../../api/competencies.ts';
import { formatDate, formatNumber, LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { competenciesByCode, kindName, kinds, sourceName } from './competency-format.ts';

const LEVELS = [1, 2, 3, 4, 5];

/**
 * A person's competencies against their position's standard: per kind, one bar per competency
 * (levels 1–5, the proven ones filled, the missing ones up to the standard striped, the standard
 * marked), with the figures as text. Each competency opens to its explanation, its evidence and
 * the framework's level descriptions and behaviour indicators. A button switches to a table.
 */
@customElement('sinau-competency-chart')
export class SinauCompetencyChart extends LitElement {
  static override styles = [
    pageStyles,
    css`
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        gap: var(--sinau-space-3);
        align-items: center;
        justify-content: space-between;
        margin-bottom: var(--sinau-space-3);
      }
      ul.legend {
        display: flex;
        flex-wrap: wrap;
        gap: var(--sinau-space-1) var(--sinau-space-4);
        list-style: none;
        margin: 0;
        padding: 0;
        font-size: 0.9rem;
      }
      ul.legend li {
        display: inline-flex;
        align-items: center;
        gap: var(--sinau-space-2);
      }
      .swatch {
        display: inline-block;
        width: 1.25rem;
        height: 0.9rem;
        border-radius: 3px;
        border: 1px solid var(--sinau-color-border);
      }
      .swatch.attained,
      .cell.attained {
        background: var(--sinau-color-primary);
        border-color: var(--sinau-color-primary);
        color: var(--sinau-color-on-primary);
      }
      .swatch.missing,
      .cell.missing {
        background: repeating-linear-gradient(135deg, var(--sinau-color-danger-bg) 0 4px, #f6c9c4 4px 8px);
        border-color: var(--sinau-color-danger);
        color: var(--sinau-color-danger);
      }
      .swatch.standard {
        width: 0.3rem;
        height: 1.2rem;
        border: 0;
        background: var(--sinau-color-text);
      }
      h3 {
        margin-top: var(--sinau-space-4);
      }
      h3 .count {
        font-weight: normal;
        color: var(--sinau-color-muted);
        font-size: 1rem;
      }
      ul.rows {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: var(--sinau-space-2);
      }
      details.competency {
        border: 1px solid var(--sinau-color-border);
        border-radius: var(--sinau-radius);
        background: var(--sinau-color-surface);
      }
      details.competency.short {
        border-left: 0.35rem solid var(--sinau-color-danger);
      }
      details.competency.met {
        border-left: 0.35rem solid var(--sinau-color-success);
      }
      summary {
        display: grid;
        grid-template-columns: auto minmax(0, 1fr);
        gap: var(--sinau-space-1) var(--sinau-space-3);
        align-items: center;
        padding: var(--sinau-space-3);
        cursor: pointer;
        list-style: none;
        border-radius: var(--sinau-radius);
      }
      summary::-webkit-details-marker {
        display: none;
      }
      summary:hover {
        background: #f7f9fa;
      }
      .chevron {
        grid-row: span 3;
        width: 0.6rem;
        height: 0.6rem;
        border: solid var(--sinau-color-muted);
        border-width: 0 2px 2px 0;
        transform: rotate(-45deg);
        transition: transform 0.15s ease;
        margin: 0 var(--sinau-space-1);
      }
      details[open] > summary .chevron {
        transform: rotate(45deg);
      }
      @media (prefers-reduced-motion: reduce) {
        .chevron {
          transition: none;
        }
      }
      .name {
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .code {
        font-variant-numeric: tabular-nums;
        color: var(--sinau-color-muted);
        margin-right: var(--sinau-space-1);
      }
      .bar {
        display: grid;
        grid-template-columns: repeat(5, 1fr);
        gap: 3px;
        max-width: 20rem;
      }
      .cell {
        position: relative;
        height: 1.5rem;
        border: 1px solid var(--sinau-color-border);
        border-radius: 3px;
        background: #eef1f4;
        color: var(--sinau-color-muted);
        font-size: 0.75rem;
        font-weight: 700;
        display: flex;
        align-items: center;
        justify-content: center;
      }
      /* The standard: a dark post at the right edge of the required level. */
      .cell.standard::after {
        content: '';
        position: absolute;
        right: -4px;
        top: -5px;
        bottom: -5px;
        width: 4px;
        border-radius: 2px;
        background: var(--sinau-color-text);
      }
      .figures {
        display: flex;
        flex-wrap: wrap;
        gap: 0 var(--sinau-space-3);
        font-size: 0.9rem;
      }
      .figures .gap {
        color: var(--sinau-color-danger);
        font-weight: 700;
      }
      .figures .ok {
        color: var(--sinau-color-success);
        font-weight: 700;
      }
      @media (min-width: 52rem) {
        summary {
          grid-template-columns: auto minmax(12rem, 1fr) minmax(12rem, 18rem) minmax(11rem, 14rem);
        }
        .chevron {
          grid-row: auto;
        }
      }
      .more {
        padding: 0 var(--sinau-space-4) var(--sinau-space-4);
        border-top: 1px solid var(--sinau-color-border);
      }
      .more h4 {
        font-size: 1rem;
        margin: var(--sinau-space-3) 0 var(--sinau-space-2);
      }
      ul.evidence {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: var(--sinau-space-2);
      }
      ul.evidence li {
        padding-left: var(--sinau-space-3);
        border-left: 3px solid var(--sinau-color-border);
      }
      ul.evidence li.supports {
        border-left-color: var(--sinau-color-primary);
      }
      ul.evidence p {
        margin: 0;
      }
      details.levels > summary {
        display: list-item;
        padding: var(--sinau-space-2) 0;
        font-weight: 600;
        color: var(--sinau-color-link);
      }
      details.levels > summary:hover {
        background: none;
        text-decoration: underline;
      }
      ol.levels {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: var(--sinau-space-3);
      }
      ol.levels li {
        padding: var(--sinau-space-2) var(--sinau-space-3);
        border-radius: var(--sinau-radius);
        background: #f7f9fa;
      }
      ol.levels ul {
        margin: var(--sinau-space-1) 0 0;
        padding-left: var(--sinau-space-5);
      }
      .level-title {
        font-weight: 700;
        margin-right: var(--sinau-space-2);
      }
    `,
  ];

  /** The person's competencies, as GET /api/me/competencies returns them. */
  @property({ attribute: false }) competencies: CompetencyStatus[] = [];
  /** The frameworks, for each level's description and behaviour indicators (optional). */
  @property({ attribute: false }) frameworks: Framework[] = [];
  /** Says "you" (the learner's own page) or the person's name in the level badges. */
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
        <summary>
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
