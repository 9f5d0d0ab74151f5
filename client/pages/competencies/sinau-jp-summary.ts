import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { JpYear } from '../../api/competencies.ts';
import { formatDate, formatMinutes, formatNumber, LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { currentYear, roundJp, sourceName } from './competency-format.ts';
import '../../components/sinau-progress-bar.ts';

/**
 * A year's JP against the yearly target: the total as a progress bar and the activities that
 * earned it. With `pick-year`, a year picker that fires `sinau-year-change` (detail: the year).
 */
@customElement('sinau-jp-summary')
export class SinauJpSummary extends LitElement {
  static override styles = [
    pageStyles,
    css`
      .head {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: var(--sinau-space-2) var(--sinau-space-4);
        margin-bottom: var(--sinau-space-2);
      }
      .figure {
        font-size: 1.5rem;
        font-weight: 800;
        color: var(--sinau-color-primary);
        margin: 0;
      }
      .figure.reached {
        color: var(--sinau-color-success);
      }
      .year-picker {
        display: flex;
        align-items: center;
        gap: var(--sinau-space-2);
      }
      .year-picker select {
        width: auto;
        min-width: 6.5rem;
      }
      .hint {
        margin: var(--sinau-space-2) 0 var(--sinau-space-3);
      }
    `,
  ];

  /** The year's JP, as GET /api/me/jp returns it. */
  @property({ attribute: false }) jp: JpYear | null = null;
  /** Show a year picker. */
  @property({ type: Boolean, attribute: 'pick-year' }) pickYear = false;
  /** Set while another year loads. */
  @property({ type: Boolean }) busy = false;

  private readonly locale = new LocaleController(this);

  private years(selected: number): number[] {
    const now = currentYear();
    const years = [now, now - 1, now - 2, now - 3, now - 4];
    if (!years.includes(selected)) years.push(selected);
    return years.sort((a, b) => b - a);
  }

  private onYear(event: Event): void {
    const year = Number((event.target as HTMLSelectElement).value);
    this.dispatchEvent(new CustomEvent<number>('sinau-year-change', { detail: year, bubbles: true, composed: true }));
  }

  override render() {
    const jp = this.jp;
    if (!jp) return null;
    const total = roundJp(jp.total);
    const reached = jp.total >= jp.target;
    return html`<div class="head">
        <p class=${reached ? 'figure reached' : 'figure'} data-testid="jp-total" data-total=${String(jp.total)}>
          ${t('competencies.jp.ofTarget', { jp: total, target: jp.target })}
        </p>
        ${this.pickYear
          ? html`<div class="year-picker">
              <label for="jp-year">${t('competencies.jp.year')}</label>
              <select id="jp-year" .value=${String(jp.year)} ?disabled=${this.busy} @change=${this.onYear}>
                ${this.years(jp.year).map((y) => html`<option value=${String(y)} ?selected=${y === jp.year}>${y}</option>`)}
              </select>
            </div>`
          : null}
      </div>
      <sinau-progress-bar
        .value=${jp.total}
        .max=${jp.target}
        .label=${t('competencies.jp.label', { year: String(jp.year) })}
        .text=${t('competencies.jp.short', { jp: total, target: jp.target })}
        ?complete=${reached}
        hide-label
      ></sinau-progress-bar>
      <p class="hint">
        ${reached
          ? t('competencies.jp.reached', { target: jp.target, year: String(jp.year) })
          : t('competencies.jp.missing', { missing: roundJp(jp.target - jp.total), target: jp.target })}
      </p>
      ${jp.entries.length
        ? html`<div class="table-scroll" role="region" aria-labelledby="jp-caption" tabindex="0">
            <table class="cards" role="table" data-testid="jp-entries">
              <caption id="jp-caption">${t('competencies.jp.entries', { year: String(jp.year) })}</caption>
              <thead role="rowgroup">
                <tr role="row">
                  <th role="columnheader" scope="col">${t('competencies.jp.colDate')}</th>
                  <th role="columnheader" scope="col">${t('competencies.jp.colActivity')}</th>
                  <th role="columnheader" scope="col">${t('competencies.jp.colSource')}</th>
                  <th role="columnheader" scope="col" class="num">${t('competencies.jp.colJp')}</th>
                </tr>
              </thead>
              <tbody role="rowgroup">
                ${jp.entries.map(
                  (e) => html`<tr role="row">
                    <td role="cell" data-label=${t('competencies.jp.colDate')}>${formatDate(e.occurredAt)}</td>
                    <td role="cell" data-label=${t('competencies.jp.colActivity')}>
                      ${e.title}${e.minutes !== null ? html`<br /><span class="muted">${t('competencies.jp.attended', { duration: formatMinutes(e.minutes) })}</span>` : null}
                    </td>
                    <td role="cell" data-label=${t('competencies.jp.colSource')}>${sourceName(e.source)}</td>
                    <td role="cell" class="num" data-label=${t('competencies.jp.colJp')}>${formatNumber(roundJp(e.jp))}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : html`<p class="muted">${t('competencies.jp.none', { year: String(jp.year) })}</p>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-jp-summary': SinauJpSummary;
  }
  interface HTMLElementEventMap {
    'sinau-year-change': CustomEvent<number>;
  }
}
