import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { importActions, type ImportAction, type ImportReport } from '../../api/org.ts';
import { formatList, formatNumber, LocaleController, t, type MessageKey } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';

const maxRows = 1000;

// Field names the server reports in `changes`, in either language of the CSV header.
const fieldLabels: Record<string, MessageKey> = {
  name: 'person.name',
  nama: 'person.name',
  email: 'person.email',
  unit: 'person.unit',
  unitId: 'person.unit',
  kode_unit: 'person.unit',
  unit_code: 'person.unit',
  position: 'person.position',
  positionId: 'person.position',
  jabatan: 'person.position',
  supervisor: 'person.supervisor',
  supervisorId: 'person.supervisor',
  nip_atasan: 'person.supervisor',
  supervisor_nip: 'person.supervisor',
  tier: 'positions.tier',
  jenjang: 'positions.tier',
  active: 'common.status',
};

/** The per-line report of a people import: counts per action and a filterable table. */
@customElement('sinau-import-report')
export class SinauImportReport extends LitElement {
  static override styles = [
    pageStyles,
    css`
      .summary {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 8.5rem), 1fr));
        gap: var(--sinau-space-2);
        margin: 0 0 var(--sinau-space-4);
      }
      .summary div {
        border: 1px solid var(--sinau-color-border);
        border-radius: var(--sinau-radius);
        padding: var(--sinau-space-2) var(--sinau-space-3);
        background: var(--sinau-color-surface);
      }
      .summary dt {
        font-size: 0.9rem;
        color: var(--sinau-color-muted);
      }
      .summary dd {
        margin: 0;
        font-size: 1.5rem;
        font-weight: 800;
      }
      .summary .reject dd {
        color: var(--sinau-color-danger);
      }
      .filter {
        max-width: 20rem;
      }
      td.line {
        font-variant-numeric: tabular-nums;
      }
    `,
  ];

  /** The report from POST /api/people/import. */
  @property({ attribute: false }) report: ImportReport | null = null;
  /** Caption of the table. */
  @property() caption = '';

  @state() private filter: ImportAction | 'all' = 'all';

  private readonly locale = new LocaleController(this);

  private describeChanges(changes: string[] | undefined): string {
    if (!changes?.length) return '';
    return t('import.changedFields', { fields: formatList(changes.map((field) => (fieldLabels[field] ? t(fieldLabels[field]) : field))) });
  }

  override render() {
    const report = this.report;
    if (!report) return null;
    const { summary } = report;
    const lines = this.filter === 'all' ? report.lines : report.lines.filter((line) => line.action === this.filter);
    const shown = lines.slice(0, maxRows);
    return html`<dl class="summary" aria-label=${t('import.summaryLabel')}>
        <div><dt>${t('import.total')}</dt><dd>${formatNumber(summary.total)}</dd></div>
        ${importActions.map(
          (action) => html`<div class=${action}><dt>${t(`import.actions.${action}`)}</dt><dd>${formatNumber(summary[action])}</dd></div>`,
        )}
      </dl>
      <div class="field filter">
        <label for="report-filter">${t('import.filter')}</label>
        <select id="report-filter" @change=${(e: Event) => (this.filter = (e.target as HTMLSelectElement).value as ImportAction | 'all')}>
          <option value="all" .selected=${this.filter === 'all'}>${t('import.filterAll')}</option>
          ${importActions.map(
            (action) => html`<option value=${action} .selected=${this.filter === action}>${t(`import.actions.${action}`)} (${formatNumber(summary[action])})</option>`,
          )}
        </select>
      </div>
      ${shown.length === 0
        ? html`<p class="empty">${t('import.noLines')}</p>`
        : html`<div class="table-scroll" role="region" aria-labelledby="report-caption" tabindex="0">
            <table class="cards" role="table">
              <caption id="report-caption">${this.caption || t('import.reportCaption')}</caption>
              <thead role="rowgroup">
                <tr role="row">
                  <th role="columnheader" scope="col" class="num">${t('import.line')}</th>
                  <th role="columnheader" scope="col">${t('person.nip')}</th>
                  <th role="columnheader" scope="col">${t('person.name')}</th>
                  <th role="columnheader" scope="col">${t('import.action')}</th>
                  <th role="columnheader" scope="col">${t('import.notes')}</th>
                </tr>
              </thead>
              <tbody role="rowgroup">
                ${shown.map(
                  (line) => html`<tr role="row">
                    <td role="cell" data-label=${t('import.line')} class="num line">${line.line}</td>
                    <td role="cell" data-label=${t('person.nip')}>${line.nip}</td>
                    <td role="cell" data-label=${t('person.name')}>${line.name}</td>
                    <td role="cell" data-label=${t('import.action')}><span class="badge ${line.action}">${t(`import.actions.${line.action}`)}</span></td>
                    <td role="cell" data-label=${t('import.notes')}>${line.action === 'reject' ? (line.reason ?? '') : this.describeChanges(line.changes)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`}
      ${lines.length > maxRows ? html`<p class="muted">${t('import.truncated', { shown: maxRows, total: lines.length })}</p>` : null}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-import-report': SinauImportReport;
  }
}
