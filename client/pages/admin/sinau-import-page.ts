import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { isApiError } from '../../api/http.ts';
import { importColumns, importPeople, type ImportReport } from '../../api/org.ts';
import { announce } from '../../announce.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t, type MessageKey } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import './sinau-import-report.ts';

// Semicolons: Excel set to Indonesian uses them as the list separator, so the template opens
// in columns there; the server accepts commas too.
const templateHref = `data:text/csv;charset=utf-8,${encodeURIComponent(`${importColumns.join(';')}\r\n`)}`;

const columnHelp: { column: string; key: MessageKey }[] = [
  { column: 'nip', key: 'import.columns.nip' },
  { column: 'nama', key: 'import.columns.nama' },
  { column: 'email', key: 'import.columns.email' },
  { column: 'kode_unit', key: 'import.columns.kode_unit' },
  { column: 'jabatan', key: 'import.columns.jabatan' },
  { column: 'nip_atasan', key: 'import.columns.nip_atasan' },
  { column: 'jenjang', key: 'import.columns.jenjang' },
];

function isAcceptableReport(value: unknown): value is ImportReport {
  return typeof value === 'object' && value !== null && 'summary' in value && 'lines' in value;
}

/**
 * People import from CSV in two steps: "Periksa" (dry run, nothing changes) shows what each
 * line would do; "Terapkan" applies it. Rejected lines must be skipped knowingly.
 */
@customElement('sinau-import-page')
export class SinauImportPage extends LitElement {
  static override styles = [
    pageStyles,
    css`
      .steps {
        display: grid;
        gap: var(--sinau-space-4);
      }
      code {
        font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
        background: #eef1f4;
        padding: 0 0.25em;
        border-radius: 4px;
      }
      details {
        margin: var(--sinau-space-3) 0;
      }
      summary {
        cursor: pointer;
        font-weight: 600;
        padding: var(--sinau-space-1) 0;
      }
      .or {
        font-weight: 600;
        margin: var(--sinau-space-2) 0;
      }
      .file-name {
        margin: 0;
      }
      h3 {
        margin-top: var(--sinau-space-5);
      }
    `,
  ];

  @state() private csv = '';
  @state() private fileName = '';
  @state() private checking = false;
  @state() private applying = false;
  @state() private error = '';
  @state() private fileError = '';
  /** The dry-run report, and the exact text it was made from. */
  @state() private check: { report: ImportReport; csv: string } | null = null;
  @state() private skipInvalid = false;
  @state() private skipInvalidMissing = false;
  @state() private result: ImportReport | null = null;

  private readonly locale = new LocaleController(this);

  private async onFile(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    this.fileError = '';
    if (!file) return;
    try {
      // A byte-order mark (Excel's "CSV UTF-8") would otherwise stick to the first header.
      this.setCsv((await file.text()).replace(/^\uFEFF/, ''));
      this.fileName = file.name;
    } catch {
      this.fileError = t('import.fileUnreadable');
    }
  }

  private setCsv(text: string): void {
    this.csv = text;
    this.result = null;
    this.error = '';
  }

  private get checkIsCurrent(): boolean {
    return this.check !== null && this.check.csv === this.csv;
  }

  private async runCheck(): Promise<void> {
    if (this.checking) return;
    this.error = '';
    this.result = null;
    if (!this.csv.trim()) {
      this.error = t('import.nothingToCheck');
      return;
    }
    this.checking = true;
    const csv = this.csv;
    try {
      const report = await importPeople(csv, { dryRun: true, skipInvalid: false });
      this.check = { report, csv };
      this.skipInvalid = false;
      this.skipInvalidMissing = false;
      announce(this.summaryText(report, 'import.checkedAnnouncement'));
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#check-heading')?.focus();
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.checking = false;
    }
  }

  private async apply(): Promise<void> {
    const check = this.check;
    if (!check || !this.checkIsCurrent || this.applying) return;
    const rejects = check.report.summary.reject;
    if (rejects > 0 && !this.skipInvalid) {
      this.skipInvalidMissing = true;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#skip-invalid')?.focus();
      return;
    }
    this.applying = true;
    this.error = '';
    try {
      const report = await importPeople(check.csv, { dryRun: false, skipInvalid: rejects > 0 && this.skipInvalid });
      this.result = report;
      this.check = null;
      announce(this.summaryText(report, 'import.appliedAnnouncement'));
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#result-heading')?.focus();
    } catch (error) {
      if (isApiError(error, 'import_has_errors') && isAcceptableReport(error.details)) {
        // The file changed on the server's side since the check (new conflicts): show the new report.
        this.check = { report: error.details, csv: check.csv };
        this.skipInvalid = false;
        this.error = t('import.hasErrors');
      } else {
        this.error = describeError(error);
      }
    } finally {
      this.applying = false;
    }
  }

  private startOver(): void {
    this.csv = '';
    this.fileName = '';
    this.check = null;
    this.result = null;
    this.error = '';
    const file = this.renderRoot.querySelector<HTMLInputElement>('#csv-file');
    if (file) file.value = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#csv-file')?.focus());
  }

  private summaryText(report: ImportReport, key: MessageKey): string {
    const { summary } = report;
    return t(key, {
      total: summary.total,
      create: summary.create,
      update: summary.update,
      unchanged: summary.unchanged,
      reject: summary.reject,
    });
  }

  private renderSource() {
    return html`<section class="card" aria-labelledby="source-heading">
      <h2 id="source-heading">${t('import.sourceHeading')}</h2>
      <p>${t('import.sourceIntro')}</p>
      <p><a href=${templateHref} download="templat-impor-pegawai.csv">${t('import.template')}</a></p>
      <details>
        <summary>${t('import.columnsHeading')}</summary>
        <dl class="details">
          ${columnHelp.map((item) => html`<dt><code>${item.column}</code></dt><dd>${t(item.key)}</dd>`)}
        </dl>
        <p class="hint">${t('import.columnsNote')}</p>
      </details>
      <div class="field">
        <label for="csv-file">${t('import.file')}</label>
        <input id="csv-file" type="file" accept=".csv,text/csv" @change=${this.onFile} aria-describedby="csv-file-status" />
        <p class="hint file-name" id="csv-file-status" aria-live="polite">
          ${this.fileName ? t('import.fileLoaded', { name: this.fileName }) : ''}
        </p>
        ${this.fileError ? html`<p class="field-error">${this.fileError}</p>` : null}
      </div>
      <div class="field">
        <label for="csv-text">${t('import.paste')}</label>
        <textarea
          id="csv-text"
          rows="8"
          spellcheck="false"
          .value=${this.csv}
          @input=${(e: Event) => this.setCsv((e.target as HTMLTextAreaElement).value)}
          aria-describedby="csv-text-hint"
        ></textarea>
        <p class="hint" id="csv-text-hint">${t('import.pasteHint')}</p>
      </div>
      <div class="actions">
        <button type="button" aria-disabled=${this.checking ? 'true' : 'false'} @click=${() => void this.runCheck()}>
          ${this.checking ? t('import.checking') : t('import.check')}
        </button>
      </div>
      ${this.checking ? html`<sinau-loading .label=${t('import.checking')}></sinau-loading>` : null}
    </section>`;
  }

  private renderCheck(report: ImportReport) {
    const { summary } = report;
    const stale = !this.checkIsCurrent;
    const hasChanges = summary.create + summary.update > 0;
    return html`<section class="card" aria-labelledby="check-heading">
      <h2 id="check-heading" tabindex="-1">${t('import.checkHeading')}</h2>
      <p>${t('import.checkIntro')}</p>
      <sinau-import-report .report=${report} .caption=${t('import.checkCaption')}></sinau-import-report>
      ${stale
        ? html`<sinau-alert variant="warning">${t('import.stale')}</sinau-alert>`
        : html`<h3>${t('import.applyHeading')}</h3>
            ${summary.reject > 0
              ? html`<div class="field">
                  <label class="check">
                    <input
                      id="skip-invalid"
                      type="checkbox"
                      .checked=${this.skipInvalid}
                      aria-invalid=${this.skipInvalidMissing ? 'true' : 'false'}
                      aria-describedby="skip-invalid-hint"
                      @change=${(e: Event) => {
                        this.skipInvalid = (e.target as HTMLInputElement).checked;
                        this.skipInvalidMissing = false;
                      }}
                    />
                    ${t('import.skipInvalid')}
                  </label>
                  <p class="hint" id="skip-invalid-hint">${t('import.skipInvalidHint', { count: summary.reject })}</p>
                  ${this.skipInvalidMissing ? html`<p class="field-error">${t('import.skipInvalidRequired')}</p>` : null}
                </div>`
              : null}
            ${hasChanges
              ? html`<p>${t('import.applyIntro', { create: summary.create, update: summary.update })}</p>
                  <div class="actions">
                    <button type="button" aria-disabled=${this.applying ? 'true' : 'false'} @click=${() => void this.apply()}>
                      ${this.applying ? t('import.applying') : t('import.apply')}
                    </button>
                  </div>`
              : html`<p class="muted">${t('import.nothingToApply')}</p>`}`}
    </section>`;
  }

  private renderResult(report: ImportReport) {
    const { summary } = report;
    return html`<section class="card" aria-labelledby="result-heading">
      <h2 id="result-heading" tabindex="-1">${t('import.resultHeading')}</h2>
      <sinau-alert variant="success">
        ${t('import.resultText', { create: summary.create, update: summary.update, unchanged: summary.unchanged, reject: summary.reject })}
      </sinau-alert>
      <sinau-import-report .report=${report} .caption=${t('import.resultCaption')}></sinau-import-report>
      <div class="actions">
        <a class="button secondary" href="/admin/people">${t('import.toPeople')}</a>
        <button type="button" class="secondary" @click=${this.startOver}>${t('import.again')}</button>
      </div>
    </section>`;
  }

  override render() {
    return html`<h1>${t('import.title')}</h1>
      <p class="lead">${t('import.intro')}</p>
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : null}
      <div class="steps">
        ${this.result ? this.renderResult(this.result) : this.renderSource()}
        ${this.check && !this.result ? this.renderCheck(this.check.report) : null}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-import-page': SinauImportPage;
  }
}
