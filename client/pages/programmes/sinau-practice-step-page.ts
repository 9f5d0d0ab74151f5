import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { isAbortError, isApiError } from '../../api/http.ts';
import {
  getPractice,
  maxFileBytes,
  maxFiles,
  practiceAccept,
  reflectionMax,
  reflectionMin,
  submitPractice,
  uploadPracticeFile,
  type PracticeFile,
  type PracticeStep,
} from '../../api/programmes.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatNumber, LocaleController, t } from '../../i18n.ts';
import { formatBytes } from './programme-format.ts';
import { programmeStyles } from './programme-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import './sinau-submission-view.ts';

/**
 * A practice step ("aksi nyata"): what to do and how it is judged, the upload of the evidence
 * with progress, the reflection, and earlier submissions with the reviewer's answer.
 */
@customElement('sinau-practice-step-page')
export class SinauPracticeStepPage extends LitElement {
  static override styles = programmeStyles;

  /** Route parameters: `id` is the programme, `stepId` the step. */
  @property({ attribute: false }) params: Record<string, string> = {};

  @state() private files: PracticeFile[] = [];
  @state() private uploading: { name: string; loaded: number; total: number } | null = null;
  @state() private reflection = '';
  @state() private busy = false;
  @state() private error = '';
  @state() private fieldErrors: { files?: string; reflection?: string } = {};
  @state() private notice = '';

  private readonly locale = new LocaleController(this);
  private readonly practice = new LoadController<PracticeStep>(this, (signal) => getPractice(Number(this.params.stepId), signal));
  private abort: AbortController | null = null;

  override disconnectedCallback(): void {
    this.abort?.abort();
    super.disconnectedCallback();
  }

  private async onFiles(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const chosen = [...(input.files ?? [])];
    input.value = '';
    if (!chosen.length) return;
    this.error = '';
    this.fieldErrors = { ...this.fieldErrors, files: undefined };
    const stepId = Number(this.params.stepId);
    for (const file of chosen) {
      if (this.files.length >= maxFiles) {
        this.fieldErrors = { ...this.fieldErrors, files: t('programmes.practice.tooManyFiles', { max: maxFiles }) };
        break;
      }
      if (file.size > maxFileBytes) {
        this.fieldErrors = { ...this.fieldErrors, files: t('programmes.practice.fileTooLarge', { name: file.name, max: formatBytes(maxFileBytes) }) };
        continue;
      }
      const abort = new AbortController();
      this.abort = abort;
      this.uploading = { name: file.name, loaded: 0, total: file.size };
      announce(t('programmes.practice.uploadStarted', { name: file.name }));
      try {
        const uploaded = await uploadPracticeFile(stepId, file, {
          signal: abort.signal,
          onProgress: ({ loaded, total }) => (this.uploading = { name: file.name, loaded, total }),
        });
        this.files = [...this.files, uploaded];
        announce(t('programmes.practice.uploadDone', { name: file.name }));
      } catch (error) {
        if (isAbortError(error)) {
          announce(t('programmes.practice.uploadCancelled'));
          break;
        }
        this.fieldErrors = {
          ...this.fieldErrors,
          files: isApiError(error, 'payload_too_large') && error.message ? error.message : `${file.name}: ${describeError(error)}`,
        };
      } finally {
        this.uploading = null;
        if (this.abort === abort) this.abort = null;
      }
    }
  }

  private removeFile(id: string): void {
    const file = this.files.find((f) => f.id === id);
    this.files = this.files.filter((f) => f.id !== id);
    if (file) announce(t('programmes.practice.fileRemoved', { name: file.name }));
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('#practice-files')?.focus());
  }

  private validate(): boolean {
    const errors: { files?: string; reflection?: string } = {};
    if (!this.files.length) errors.files = t('programmes.practice.filesRequired');
    const length = this.reflection.trim().length;
    if (length < reflectionMin) errors.reflection = t('programmes.practice.reflectionShort', { min: reflectionMin });
    else if (length > reflectionMax) errors.reflection = t('programmes.practice.reflectionLong', { max: reflectionMax });
    this.fieldErrors = errors;
    if (errors.files || errors.reflection) {
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(errors.files ? '#practice-files' : '#reflection')?.focus());
      return false;
    }
    return true;
  }

  private async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy || this.uploading || !this.validate()) return;
    this.busy = true;
    this.error = '';
    try {
      await submitPractice(
        Number(this.params.stepId),
        this.reflection.trim(),
        this.files.map((f) => f.id),
      );
      this.files = [];
      this.reflection = '';
      await this.practice.run();
      this.notice = t('programmes.practice.submitted');
      announce(this.notice);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#status-heading')?.focus();
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = false;
    }
  }

  private renderForm(p: PracticeStep) {
    const latest = p.submissions[0];
    if (p.locked) {
      return html`<sinau-alert variant="info" data-testid="practice-locked"
        ><strong>${t('programmes.practice.lockedHeading')}</strong>
        <p>${t('programmes.practice.lockedText')}</p></sinau-alert
      >`;
    }
    if (latest?.status === 'submitted') return html`<p data-testid="practice-waiting">${t('programmes.practice.waiting')}</p>`;
    if (latest?.status === 'accepted') return nothing;
    const length = this.reflection.trim().length;
    const up = this.uploading;
    return html`<form novalidate @submit=${this.submit} aria-labelledby="form-heading" data-testid="practice-form">
      <h3 id="form-heading">${latest?.status === 'revise' ? t('programmes.practice.resubmitHeading') : t('programmes.practice.formHeading')}</h3>
      ${latest?.status === 'revise' ? html`<sinau-alert variant="warning">${t('programmes.practice.reviseNote')}</sinau-alert>` : nothing}
      <div class="field">
        <label for="practice-files">${t('programmes.practice.filesLabel')}</label>
        <p class="hint" id="files-hint">${t('programmes.practice.filesHint', { max: maxFiles, size: formatBytes(maxFileBytes) })}</p>
        <input
          id="practice-files"
          type="file"
          multiple
          accept=${practiceAccept}
          ?disabled=${!!up || this.busy}
          aria-describedby=${this.fieldErrors.files ? 'files-hint files-error' : 'files-hint'}
          aria-invalid=${this.fieldErrors.files ? 'true' : 'false'}
          @change=${this.onFiles}
        />
        ${this.fieldErrors.files ? html`<p class="field-error" id="files-error">${this.fieldErrors.files}</p>` : nothing}
      </div>
      ${up
        ? html`<div class="field" data-testid="upload-progress">
            <label for="upload-bar">${t('programmes.practice.uploading', { name: up.name })}</label>
            <progress id="upload-bar" max=${String(up.total || 1)} .value=${up.loaded}></progress>
            <span class="hint">${t('programmes.practice.uploadedOf', { loaded: formatBytes(up.loaded), total: formatBytes(up.total) })}</span>
            <div><button type="button" class="secondary" @click=${() => this.abort?.abort()}>${t('programmes.practice.cancelUpload')}</button></div>
          </div>`
        : nothing}
      ${this.files.length
        ? html`<ul class="plain" aria-label=${t('programmes.practice.uploadedFiles')} data-testid="uploaded-files">
            ${this.files.map(
              (f) => html`<li>
                ${f.name} <span class="muted">(${formatBytes(f.size)})</span>
                <button type="button" class="link" @click=${() => this.removeFile(f.id)}>
                  ${t('programmes.practice.removeFile')}<span class="visually-hidden"> ${f.name}</span>
                </button>
              </li>`,
            )}
          </ul>`
        : nothing}
      <div class="field">
        <label for="reflection">${t('programmes.practice.reflectionLabel')}</label>
        <p class="hint" id="reflection-hint">${t('programmes.practice.reflectionHint', { min: reflectionMin })}</p>
        <textarea
          id="reflection"
          class="prose-input"
          rows="8"
          maxlength=${String(reflectionMax)}
          .value=${this.reflection}
          aria-describedby=${this.fieldErrors.reflection ? 'reflection-hint reflection-count reflection-error' : 'reflection-hint reflection-count'}
          aria-invalid=${this.fieldErrors.reflection ? 'true' : 'false'}
          @input=${(e: Event) => (this.reflection = (e.target as HTMLTextAreaElement).value)}
        ></textarea>
        <p class="hint" id="reflection-count" data-testid="reflection-count">
          ${t('programmes.practice.charCount', { count: formatNumber(length), max: formatNumber(reflectionMax) })}
          ${length > 0 && length < reflectionMin ? html` · ${t('programmes.practice.charsToGo', { count: reflectionMin - length })}` : nothing}
        </p>
        ${this.fieldErrors.reflection ? html`<p class="field-error" id="reflection-error">${this.fieldErrors.reflection}</p>` : nothing}
      </div>
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : nothing}
      <div class="actions">
        <button type="submit" ?disabled=${this.busy || !!up} data-testid="submit-practice">${this.busy ? t('common.saving') : t('programmes.practice.submit')}</button>
      </div>
    </form>`;
  }

  override render() {
    const back = html`<p><a href="/programmes">← ${t('programmes.mine.title')}</a></p>`;
    if (this.practice.error) return html`${back}<h1>${t('programmes.practice.title')}</h1><sinau-alert variant="error">${describeError(this.practice.error)}</sinau-alert>`;
    const p = this.practice.value;
    if (!p) return html`${back}<sinau-loading .label=${t('programmes.loading')}></sinau-loading>`;
    const step = p.step;
    return html`${back}
      <h1>${step.title}</h1>
      <p class="meta">
        <span>${t('programmes.kind.practice')}</span>
        <span class="badge s-${p.status}" data-testid="practice-status">${t(`programmes.stepStatus.${p.status}`)}</span>
      </p>
      <section aria-labelledby="instructions-heading">
        <h2 id="instructions-heading">${t('programmes.practice.instructions')}</h2>
        <p class="prose">${step.instructions}</p>
        ${step.competencies.length ? html`<p class="muted">${t('programmes.competencies')}: ${step.competencies.map((c) => `${c.code} (${c.level})`).join(', ')}</p>` : nothing}
        <h3>${t('programmes.rubric.heading')}</h3>
        <p class="hint">${t('programmes.practice.rubricIntro')}</p>
        <ol data-testid="practice-rubric">
          ${step.rubric.map((row) => html`<li><strong>${row.criterion}</strong>${row.description ? html` — ${row.description}` : nothing}</li>`)}
        </ol>
      </section>
      <section aria-labelledby="status-heading">
        <h2 id="status-heading" tabindex="-1">${t('programmes.practice.statusHeading')}</h2>
        ${this.notice ? html`<sinau-alert variant="success">${this.notice}</sinau-alert>` : nothing}
        ${p.submissions[0]?.status === 'accepted' ? html`<sinau-alert variant="success" data-testid="practice-accepted">${t('programmes.practice.accepted')}</sinau-alert>` : nothing}
        ${this.renderForm(p)}
      </section>
      ${p.submissions.length
        ? html`<section aria-labelledby="history-heading">
            <h2 id="history-heading">${t('programmes.practice.history')}</h2>
            ${p.submissions.map((s) => html`<sinau-submission-view .submission=${s}></sinau-submission-view>`)}
          </section>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-practice-step-page': SinauPracticeStepPage;
  }
}
