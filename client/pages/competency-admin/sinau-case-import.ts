import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { importCase, type CaseImportResult, type Framework, type SaveReport } from '../../api/competency-admin.ts';
import { isApiError } from '../../api/http.ts';
import { announce } from '../../announce.ts';
import { describeError } from '../../errors.ts';
import { formatList, formatNumber, LocaleController, t, type MessageKey } from '../../i18n.ts';
import { competencyAdminStyles } from './competency-admin-styles.ts';
import '../../components/sinau-alert.ts';

/** What the file says about itself, read in the browser before anything is sent. */
interface FileInfo {
  name: string;
  text: string;
  title: string;
  identifier: string;
}

const reportParts: { key: keyof Omit<SaveReport, 'framework'>; label: MessageKey }[] = [
  { key: 'created', label: 'competencyAdmin.import.created' },
  { key: 'newVersions', label: 'competencyAdmin.import.newVersions' },
  { key: 'unchanged', label: 'competencyAdmin.import.unchanged' },
  { key: 'retired', label: 'competencyAdmin.import.retired' },
];

/**
 * Imports an IMS CASE 1.0 package in two steps: "Periksa" reads it on the server and says what
 * it contains and which framework it would create or update; "Impor" saves it and reports per
 * competency what happened. Fires `sinau-frameworks-change` after an import.
 */
@customElement('sinau-case-import')
export class SinauCaseImport extends LitElement {
  static override styles = competencyAdminStyles;

  /** The frameworks as they are now, to tell whether the file updates one of them. */
  @property({ attribute: false }) frameworks: Framework[] = [];

  @state() private file: FileInfo | null = null;
  /** What is wrong with the chosen file, found while reading it. */
  @state() private fileProblem = '';
  @state() private error = '';
  @state() private busy = false;
  @state() private preview: { result: CaseImportResult; file: FileInfo } | null = null;
  @state() private report: SaveReport | null = null;

  private readonly locale = new LocaleController(this);

  private async onFile(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const chosen = input.files?.[0];
    this.error = '';
    this.fileProblem = '';
    this.preview = null;
    this.report = null;
    this.file = null;
    if (!chosen) return;
    let text: string;
    try {
      text = (await chosen.text()).replace(/^\uFEFF/, '');
    } catch {
      this.fileProblem = t('competencyAdmin.import.unreadable');
      this.error = this.fileProblem;
      return;
    }
    // Read here first so a wrong file gets a plain answer without a round trip.
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      this.fileProblem = t('competencyAdmin.import.notJson', { name: chosen.name });
      this.error = this.fileProblem;
      return;
    }
    const cf = typeof doc === 'object' && doc !== null ? (doc as { CFDocument?: { title?: unknown; identifier?: unknown } }).CFDocument : undefined;
    if (!cf || typeof cf.title !== 'string') {
      this.fileProblem = t('competencyAdmin.import.notCase', { name: chosen.name });
      this.error = this.fileProblem;
      return;
    }
    this.file = { name: chosen.name, text, title: cf.title, identifier: typeof cf.identifier === 'string' ? cf.identifier.toLowerCase() : '' };
  }

  private problem(error: unknown): string {
    // The server says what is wrong with the package (invalid_case) in the reader's language.
    if (isApiError(error) && error.status === 400 && error.message) return t('competencyAdmin.import.rejected', { reason: error.message });
    return describeError(error);
  }

  private async check(): Promise<void> {
    if (this.busy) return;
    const file = this.file;
    this.report = null;
    if (!file) {
      this.error = this.fileProblem || t('competencyAdmin.import.chooseFile');
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const result = await importCase(file.text, true);
      this.preview = { result, file };
      announce(t('competencyAdmin.import.checkedAnnouncement', { title: file.title, count: result.competencies }));
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#case-preview-heading')?.focus();
    } catch (error) {
      this.preview = null;
      this.error = this.problem(error);
    } finally {
      this.busy = false;
    }
  }

  private async apply(): Promise<void> {
    const preview = this.preview;
    if (this.busy || !preview || preview.file !== this.file) return;
    this.busy = true;
    this.error = '';
    try {
      const result = await importCase(preview.file.text, false);
      this.report = result.report;
      this.preview = null;
      if (this.report) announce(this.summary(this.report));
      this.dispatchEvent(new CustomEvent('sinau-frameworks-change', { bubbles: true, composed: true }));
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#case-result-heading')?.focus();
    } catch (error) {
      this.error = this.problem(error);
    } finally {
      this.busy = false;
    }
  }

  private summary(report: SaveReport): string {
    return t('competencyAdmin.import.doneAnnouncement', {
      title: report.framework.title,
      created: report.created.length,
      newVersions: report.newVersions.length,
      unchanged: report.unchanged.length,
      retired: report.retired.length,
    });
  }

  private renderPreview() {
    const preview = this.preview;
    if (!preview) return nothing;
    const { result, file } = preview;
    const existing = this.frameworks.find((f) => f.slug === result.slug || (file.identifier && f.caseId === file.identifier));
    return html`<div class="card" data-testid="case-preview">
      <h3 id="case-preview-heading" tabindex="-1">${t('competencyAdmin.import.previewHeading')}</h3>
      <p>${t('competencyAdmin.import.previewContains', { title: file.title, count: result.competencies })}</p>
      <p>
        ${existing
          ? t('competencyAdmin.import.previewUpdates', { title: existing.title, count: existing.competencies.length })
          : t('competencyAdmin.import.previewCreates', { slug: result.slug })}
      </p>
      ${result.report ? html`<p data-testid="case-preview-changes">${this.summary(result.report)}</p>` : nothing}
      <div class="actions">
        <button type="button" aria-disabled=${this.busy ? 'true' : 'false'} @click=${this.apply}>${t('competencyAdmin.import.apply')}</button>
      </div>
    </div>`;
  }

  private renderReport() {
    const report = this.report;
    if (!report) return nothing;
    return html`<div class="card" data-testid="case-report">
      <h3 id="case-result-heading" tabindex="-1">${t('competencyAdmin.import.resultHeading', { title: report.framework.title })}</h3>
      <p>${this.summary(report)}</p>
      <div class="report-lists">
        ${reportParts.map(
          (part) => html`<div>
            <h4>${t(part.label)} (${formatNumber(report[part.key].length)})</h4>
            <p class="code">${report[part.key].length ? formatList(report[part.key]) : t('competencyAdmin.import.none')}</p>
          </div>`,
        )}
      </div>
    </div>`;
  }

  override render() {
    return html`<section aria-labelledby="case-import-heading">
      <h2 id="case-import-heading">${t('competencyAdmin.import.heading')}</h2>
      <p>${t('competencyAdmin.import.intro')}</p>
      <div class="field">
        <label for="case-file">${t('competencyAdmin.import.file')}</label>
        <input id="case-file" type="file" accept=".json,application/json" aria-describedby="case-file-hint" @change=${this.onFile} />
        <p id="case-file-hint" class="hint">${t('competencyAdmin.import.fileHint')}</p>
      </div>
      <div class="actions">
        <button type="button" class="secondary" aria-disabled=${this.busy ? 'true' : 'false'} @click=${this.check}>${t('competencyAdmin.import.check')}</button>
      </div>
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : nothing}
      ${this.renderPreview()} ${this.renderReport()}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-case-import': SinauCaseImport;
  }
}
