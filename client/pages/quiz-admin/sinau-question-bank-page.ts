import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { isApiError } from '../../api/http.ts';
import { getQuestionBank, importQuestions, questionBankExportUrl, type BankDetail, type BankQuestion, type ImportFormat, type ImportReport } from '../../api/quizzes.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatNumber, LocaleController, t, type MessageKey } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { quizAdminStyles } from './quiz-admin-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import type { QuestionSaved } from './sinau-question-editor.ts';
import './sinau-question-editor.ts';

const formats: { value: ImportFormat; key: MessageKey }[] = [
  { value: 'moodlexml', key: 'quizAdmin.formatMoodle' },
  { value: 'gift', key: 'quizAdmin.formatGift' },
  { value: 'csv', key: 'quizAdmin.formatCsv' },
];

const actionKeys: Record<string, MessageKey> = {
  created: 'quizAdmin.actionCreated',
  updated: 'quizAdmin.actionUpdated',
  unchanged: 'quizAdmin.actionUnchanged',
};

/** The format a file's name suggests (the select can still be changed). */
function guessFormat(name: string): ImportFormat | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.xml')) return 'moodlexml';
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.gift') || lower.endsWith('.txt')) return 'gift';
  return null;
}

/** One question bank: its categories and questions, importing a file into it, and exporting it. */
@customElement('sinau-question-bank-page')
export class SinauQuestionBankPage extends LitElement {
  static override styles = [
    pageStyles,
    quizAdminStyles,
    css`
      .import-actions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--sinau-space-2);
      }
      h3 {
        margin-top: var(--sinau-space-4);
      }
    `,
  ];

  /** Route parameters: id. */
  @property({ attribute: false }) params: Record<string, string> = {};

  @state() private format: ImportFormat = 'gift';
  @state() private file: File | null = null;
  @state() private busy = false;
  @state() private importError = '';
  @state() private report: ImportReport | null = null;
  /** The question being written or changed (null: a new one), with its category. */
  @state() private editing: { question: BankQuestion | null; category: string } | null = null;
  @state() private savedNote = '';
  /** Where focus goes back to when the editor closes. */
  private opener: string | null = null;

  private readonly locale = new LocaleController(this);
  private readonly detail = new LoadController<BankDetail>(this, (signal) => getQuestionBank(this.bankId, signal));

  private get bankId(): number {
    return Number(this.params.id);
  }

  private onFile(event: Event): void {
    const file = (event.target as HTMLInputElement).files?.[0] ?? null;
    this.file = file;
    this.report = null;
    this.importError = '';
    const guessed = file ? guessFormat(file.name) : null;
    if (guessed) this.format = guessed;
  }

  private async runImport(dryRun: boolean): Promise<void> {
    if (this.busy) return;
    if (!this.file) {
      this.importError = t('quizAdmin.chooseFile');
      this.renderRoot.querySelector<HTMLInputElement>('#import-file')?.focus();
      return;
    }
    this.busy = true;
    this.importError = '';
    let content: string;
    try {
      content = await this.file.text();
    } catch {
      this.importError = t('quizAdmin.readFailed');
      this.busy = false;
      return;
    }
    try {
      this.report = await importQuestions(this.bankId, this.format, content, dryRun);
      announce(dryRun ? t('quizAdmin.reportDry') : t('quizAdmin.reportDone'));
      if (!dryRun) void this.detail.run();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#import-report')?.focus();
    } catch (error) {
      this.importError = isApiError(error, 'managed_by_files')
        ? t('quizAdmin.managedByFiles')
        : isApiError(error, 'validation_failed')
          ? error.message
          : describeError(error);
    } finally {
      this.busy = false;
    }
  }

  private async openEditor(question: BankQuestion | null, category: string, opener: string): Promise<void> {
    this.editing = { question, category };
    this.savedNote = '';
    this.opener = opener;
    await this.updateComplete;
    const editor = this.renderRoot.querySelector('sinau-question-editor');
    editor?.scrollIntoView({ block: 'start' });
    editor?.focus();
  }

  private async closeEditor(): Promise<void> {
    this.editing = null;
    await this.updateComplete;
    if (this.opener) this.renderRoot.querySelector<HTMLElement>(this.opener)?.focus();
  }

  private async onSaved(event: CustomEvent<QuestionSaved>): Promise<void> {
    const { name, version, action } = event.detail;
    this.editing = null;
    this.savedNote =
      action === 'versioned'
        ? t('quizEditor.savedVersioned', { name, version })
        : action === 'unchanged'
          ? t('quizEditor.savedUnchanged', { name })
          : t('quizEditor.saved', { name });
    announce(this.savedNote);
    await this.detail.run();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#saved-note')?.focus();
  }

  private renderEditorArea(detail: BankDetail) {
    if (detail.bank.source === 'file') return null;
    const names = detail.categories.map((c) => c.name);
    if (this.editing) {
      // A fresh editor per question: its form starts from the question it is given.
      return keyed(
        this.editing.question?.id ?? 'new',
        html`<sinau-question-editor
          .bankId=${detail.bank.id}
          .question=${this.editing.question}
          .categories=${names}
          .category=${this.editing.category}
          @sinau-question-saved=${this.onSaved}
          @sinau-question-cancel=${() => void this.closeEditor()}
        ></sinau-question-editor>`,
      );
    }
    return html`${this.savedNote
        ? html`<div id="saved-note" tabindex="-1"><sinau-alert variant="success">${this.savedNote}</sinau-alert></div>`
        : null}
      <p>
        <button type="button" id="new-question" data-testid="new-question" @click=${() => void this.openEditor(null, names[0] ?? '', '#new-question')}>
          ${t('quizEditor.newQuestion')}
        </button>
      </p>`;
  }

  private renderQuestions(detail: BankDetail) {
    const withQuestions = detail.categories.filter((c) => c.questions.length);
    if (!withQuestions.length) return html`<p class="empty">${t('quizAdmin.noQuestions')}</p>`;
    const editable = detail.bank.source === 'app';
    const competency = (q: BankQuestion) =>
      q.doc.competency ? t('quizAdmin.competencyLevel', { code: q.doc.competency.code, level: String(q.doc.competency.level) }) : html`<span class="muted">—</span>`;
    return withQuestions.map(
      (category) => html`<div class="table-scroll" role="region" aria-labelledby=${`cat-${category.id}`} tabindex="0">
        <table data-testid="bank-questions">
          <caption id=${`cat-${category.id}`}>${t('quizAdmin.categoryCaption', { name: category.name })}</caption>
          <thead>
            <tr>
              <th scope="col">${t('quizAdmin.questionName')}</th>
              <th scope="col">${t('quizAdmin.type')}</th>
              <th scope="col">${t('quizAdmin.competency')}</th>
              <th scope="col" class="num">${t('quizAdmin.version')}</th>
              ${editable ? html`<th scope="col">${t('quizEditor.actions')}</th>` : null}
            </tr>
          </thead>
          <tbody>
            ${category.questions.map(
              (q) => html`<tr>
                <th scope="row">${q.doc.name}</th>
                <td>${t(`quizEditor.types.${q.doc.type}`)}</td>
                <td>${competency(q)}</td>
                <td class="num">${formatNumber(q.version)}${q.used ? html` <span class="muted">(${t('quizAdmin.used')})</span>` : null}</td>
                ${editable
                  ? html`<td>
                      <button
                        type="button"
                        class="secondary"
                        id=${`edit-${q.id}`}
                        aria-label=${t('quizEditor.editLabel', { name: q.doc.name })}
                        @click=${() => void this.openEditor(q, category.name, `#edit-${q.id}`)}
                      >
                        ${t('quizEditor.edit')}
                      </button>
                    </td>`
                  : null}
              </tr>`,
            )}
          </tbody>
        </table>
      </div>`,
    );
  }

  private renderImport(detail: BankDetail) {
    if (detail.bank.source === 'file') return html`<sinau-alert variant="info">${t('quizAdmin.managedByFiles')}</sinau-alert>`;
    return html`<form class="card" novalidate @submit=${(e: Event) => (e.preventDefault(), void this.runImport(true))} data-testid="import-form">
      ${this.importError ? html`<sinau-alert variant="error">${this.importError}</sinau-alert>` : null}
      <p class="hint">${t('quizAdmin.importIntro')}</p>
      <div class="field">
        <label for="import-file">${t('quizAdmin.file')}</label>
        <input id="import-file" type="file" accept=".xml,.txt,.gift,.csv,text/plain,text/xml,application/xml,text/csv" @change=${this.onFile} />
      </div>
      <div class="field">
        <label for="import-format">${t('quizAdmin.format')}</label>
        <select id="import-format" @change=${(e: Event) => (this.format = (e.target as HTMLSelectElement).value as ImportFormat)}>
          ${formats.map((f) => html`<option value=${f.value} ?selected=${f.value === this.format}>${t(f.key)}</option>`)}
        </select>
      </div>
      <div class="import-actions">
        <button type="submit" class="secondary" aria-disabled=${this.busy ? 'true' : 'false'}>${t('quizAdmin.dryRun')}</button>
        <button type="button" aria-disabled=${this.busy ? 'true' : 'false'} @click=${() => void this.runImport(false)}>${t('quizAdmin.import')}</button>
      </div>
    </form>`;
  }

  private renderReport(report: ImportReport) {
    const tile = (key: MessageKey, value: number, warning = false) =>
      html`<li class=${warning ? 'stat warning' : 'stat'}><span class="number">${formatNumber(value)}</span> ${t(key)}</li>`;
    return html`<div data-testid="import-report">
      <h3 id="import-report" tabindex="-1">${report.dryRun ? t('quizAdmin.reportDry') : t('quizAdmin.reportDone')}</h3>
      <ul class="stats" aria-label=${t('quizAdmin.reportLabel')}>
        ${tile('quizAdmin.total', report.summary.total)} ${tile('quizAdmin.created', report.summary.created)}
        ${tile('quizAdmin.updated', report.summary.updated)} ${tile('quizAdmin.unchanged', report.summary.unchanged)}
        ${tile('quizAdmin.skipped', report.summary.skipped, report.summary.skipped > 0)}
      </ul>
      ${report.imported.length
        ? html`<div class="table-scroll" role="region" aria-labelledby="imported-caption" tabindex="0">
            <table>
              <caption id="imported-caption">${t('quizAdmin.importedCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col" class="num">${t('quizAdmin.number')}</th>
                  <th scope="col">${t('quizAdmin.questionName')}</th>
                  <th scope="col">${t('quizAdmin.category')}</th>
                  <th scope="col">${t('quizAdmin.type')}</th>
                  <th scope="col">${t('quizAdmin.action')}</th>
                </tr>
              </thead>
              <tbody>
                ${report.imported.map(
                  (i) => html`<tr>
                    <td class="num">${i.index}</td>
                    <th scope="row">${i.name}</th>
                    <td>${i.category}</td>
                    <td>${i.type}</td>
                    <td>${actionKeys[i.action] ? t(actionKeys[i.action]!) : i.action}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : null}
      ${report.skipped.length
        ? html`<div class="table-scroll" role="region" aria-labelledby="skipped-caption" tabindex="0">
            <table>
              <caption id="skipped-caption">${t('quizAdmin.skippedCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col" class="num">${t('quizAdmin.number')}</th>
                  <th scope="col">${t('quizAdmin.questionName')}</th>
                  <th scope="col">${t('quizAdmin.reason')}</th>
                </tr>
              </thead>
              <tbody>
                ${report.skipped.map(
                  (s) => html`<tr>
                    <td class="num">${s.index}</td>
                    <th scope="row">${s.name}</th>
                    <td>${s.reason}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : null}
    </div>`;
  }

  override render() {
    const crumbs = html`<nav class="crumbs" aria-label=${t('course.breadcrumbs')}>
      <a href="/authoring">${t('quizAdmin.toAuthoring')}</a> › <a href="/authoring/question-banks">${t('quizAdmin.toBanks')}</a>
    </nav>`;
    if (this.detail.error) {
      return html`${crumbs}<h1>${t('quizAdmin.bankTitle')}</h1><sinau-alert variant="error">${describeError(this.detail.error)}</sinau-alert>`;
    }
    const detail = this.detail.value;
    if (!detail) return html`${crumbs}<h1>${t('quizAdmin.bankTitle')}</h1><sinau-loading></sinau-loading>`;
    return html`${crumbs}
      <h1>${detail.bank.name}</h1>
      <p class="lead">${detail.bank.slug}${detail.bank.course ? html` · ${detail.bank.course.title}` : null}</p>
      <section aria-labelledby="questions-heading">
        <h2 id="questions-heading">${t('quizAdmin.categoriesTitle')}</h2>
        ${this.renderEditorArea(detail)} ${this.renderQuestions(detail)}
      </section>
      <section aria-labelledby="import-heading">
        <h2 id="import-heading">${t('quizAdmin.importTitle')}</h2>
        ${this.renderImport(detail)} ${this.report ? this.renderReport(this.report) : null}
      </section>
      <section aria-labelledby="export-heading">
        <h2 id="export-heading">${t('quizAdmin.exportTitle')}</h2>
        <p class="links">
          <a class="button secondary" href=${questionBankExportUrl(detail.bank.id, 'gift')} download>${t('quizAdmin.exportGift')}</a>
          <a class="button secondary" href=${questionBankExportUrl(detail.bank.id, 'moodlexml')} download>${t('quizAdmin.exportMoodle')}</a>
        </p>
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-question-bank-page': SinauQuestionBankPage;
  }
}
