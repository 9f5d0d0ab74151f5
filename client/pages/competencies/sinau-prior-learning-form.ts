import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { submitClaim, type Claim, type ClaimKind, type Framework, type UploadProgress } from '../../api/competencies.ts';
import { isAbortError } from '../../api/http.ts';
import { partnerOptions, type PartnerOption } from '../../api/partners.ts';
import { announce } from '../../announce.ts';
import { describeError } from '../../errors.ts';
import { formatNumber, LocaleController, t } from '../../i18n.ts';
import { formStyles, pageStyles } from '../../styles/shared-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-progress-bar.ts';

const claimKinds: readonly ClaimKind[] = ['pelatihan', 'pendidikan', 'seminar', 'sertifikasi', 'lainnya'];
const MAX_BYTES = 10 * 1024 * 1024;
const ACCEPT = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'];

interface Row {
  /** Stable key for rendering, so a removed row does not hand its focus to the next. */
  key: number;
  code: string;
  level: number;
}

type Field = 'title' | 'completedOn' | 'jp' | 'file' | `competency-${number}`;

/** Jakarta's date today, YYYY-MM-DD (what the date input and the server expect). */
function today(): string {
  return new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Jakarta' });
}

/**
 * The form to claim learning done outside Sinau: what, who ran it, when, JP, the competencies
 * it shows, and the proof (a PDF or picture up to 10 MB), uploaded with its progress shown and
 * a way to cancel. Fires `sinau-claim-sent` (detail: the claim) when the server has it.
 */
@customElement('sinau-prior-learning-form')
export class SinauPriorLearningForm extends LitElement {
  static override styles = [
    pageStyles,
    formStyles,
    css`
      .competency-row {
        display: grid;
        grid-template-columns: minmax(0, 1fr) 7rem auto;
        gap: var(--sinau-space-2) var(--sinau-space-3);
        align-items: end;
        margin-bottom: var(--sinau-space-3);
      }
      .competency-row .field {
        margin: 0;
      }
      @media (max-width: 30rem) {
        .competency-row {
          grid-template-columns: minmax(0, 1fr) 6rem;
        }
        .competency-row button {
          grid-column: 1 / -1;
          justify-self: start;
        }
      }
      .row-error {
        grid-column: 1 / -1;
      }
      textarea {
        font-family: inherit;
        font-size: 1rem;
        min-height: 5rem;
      }
      .upload {
        margin: var(--sinau-space-3) 0;
      }
    `,
  ];

  /** Frameworks whose competencies may be claimed. */
  @property({ attribute: false }) frameworks: Framework[] = [];

  @state() private kind: ClaimKind = 'pelatihan';
  @state() private activityTitle = '';
  @state() private provider = '';
  /** A partner institution chosen as the provider, if any. */
  @state() private partnerId: number | null = null;
  @state() private partners: PartnerOption[] = [];
  @state() private completedOn = '';
  @state() private jp = '0';
  @state() private rows: Row[] = [];
  @state() private note = '';
  @state() private file: File | null = null;
  @state() private errors: Partial<Record<Field, string>> = {};
  @state() private error = '';
  @state() private progress: UploadProgress | null = null;

  private readonly locale = new LocaleController(this);
  private nextKey = 1;
  private abort: AbortController | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    // The list of partners is a convenience: without it the provider is simply typed in.
    partnerOptions()
      .then((items) => (this.partners = items))
      .catch(() => undefined);
  }

  override disconnectedCallback(): void {
    this.abort?.abort();
    super.disconnectedCallback();
  }

  private addRow(): void {
    this.rows = [...this.rows, { key: this.nextKey++, code: '', level: 1 }];
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLSelectElement>(`#competency-${this.rows.at(-1)!.key}`)?.focus());
  }

  private removeRow(key: number): void {
    this.rows = this.rows.filter((r) => r.key !== key);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>('#add-competency')?.focus());
  }

  private patchRow(key: number, changes: Partial<Row>): void {
    this.rows = this.rows.map((r) => (r.key === key ? { ...r, ...changes } : r));
  }

  private onFile(event: Event): void {
    this.file = (event.target as HTMLInputElement).files?.[0] ?? null;
    const { file: _, ...rest } = this.errors;
    this.errors = rest;
  }

  private validate(): Partial<Record<Field, string>> {
    const errors: Partial<Record<Field, string>> = {};
    if (this.activityTitle.trim().length < 3) errors.title = t('competencies.prior.errors.title');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(this.completedOn) || this.completedOn > today()) errors.completedOn = t('competencies.prior.errors.completedOn');
    const jp = Number(this.jp);
    if (this.jp.trim() === '' || !Number.isFinite(jp) || jp < 0 || jp > 200) errors.jp = t('competencies.prior.errors.jp');
    const seen = new Set<string>();
    for (const row of this.rows) {
      if (!row.code) errors[`competency-${row.key}`] = t('competencies.prior.errors.competency');
      else if (seen.has(row.code)) errors[`competency-${row.key}`] = t('competencies.prior.errors.duplicate');
      seen.add(row.code);
    }
    if (!this.file) errors.file = t('competencies.prior.errors.file');
    else if (this.file.size > MAX_BYTES) errors.file = t('competencies.prior.errors.fileTooLarge');
    else if (this.file.type && !ACCEPT.includes(this.file.type)) errors.file = t('competencies.prior.errors.fileType');
    return errors;
  }

  private onPartner(event: Event): void {
    const id = Number((event.target as HTMLSelectElement).value);
    const partner = this.partners.find((p) => p.id === id) ?? null;
    this.partnerId = partner?.id ?? null;
    if (partner) this.provider = partner.name;
  }

  private reset(): void {
    this.kind = 'pelatihan';
    this.activityTitle = '';
    this.provider = '';
    this.partnerId = null;
    this.completedOn = '';
    this.jp = '0';
    this.rows = [];
    this.note = '';
    this.file = null;
    const input = this.renderRoot.querySelector<HTMLInputElement>('#file');
    if (input) input.value = '';
  }

  private async onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.progress) return;
    this.error = '';
    this.errors = this.validate();
    const first = Object.keys(this.errors)[0];
    if (first) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(`#${first}`)?.focus();
      return;
    }
    const file = this.file!;
    this.abort = new AbortController();
    this.progress = { loaded: 0, total: file.size };
    announce(t('competencies.prior.uploading'));
    try {
      const claim = await submitClaim(
        {
          kind: this.kind,
          title: this.activityTitle.trim(),
          provider: this.provider.trim(),
          partnerId: this.partnerId,
          completedOn: this.completedOn,
          jp: Number(this.jp),
          competencies: this.rows.map((r) => ({ code: r.code, level: r.level })),
          note: this.note.trim(),
        },
        file,
        { onProgress: (p) => (this.progress = p), signal: this.abort.signal },
      );
      this.reset();
      announce(t('competencies.prior.sent', { title: claim.title }));
      this.dispatchEvent(new CustomEvent<Claim>('sinau-claim-sent', { detail: claim, bubbles: true, composed: true }));
    } catch (error) {
      if (isAbortError(error)) {
        announce(t('competencies.prior.cancelled'));
      } else {
        this.error = describeError(error);
      }
    } finally {
      this.progress = null;
      this.abort = null;
    }
  }

  private fieldError(field: Field) {
    const message = this.errors[field];
    return message ? html`<p class="field-error" id=${`${field}-error`}>${message}</p>` : null;
  }

  private described(field: Field, hint?: string): string {
    return [hint, this.errors[field] ? `${field}-error` : ''].filter(Boolean).join(' ');
  }

  private renderCompetencyOptions(selected: string) {
    return this.frameworks.map(
      (f) => html`<optgroup label=${f.title}>
        ${f.competencies.map((c) => html`<option value=${c.code} ?selected=${c.code === selected}>${c.code} ${c.name}</option>`)}
      </optgroup>`,
    );
  }

  private renderRows(busy: boolean) {
    return html`<fieldset ?disabled=${busy}>
      <legend>${t('competencies.prior.competencies')}</legend>
      <p class="hint">${t('competencies.prior.competenciesHint')}</p>
      ${this.rows.map((row, index) => {
        const id = `competency-${row.key}` as const;
        return html`<div class="competency-row">
          <div class="field">
            <label for=${id}>${t('competencies.prior.competencyN', { n: index + 1 })}</label>
            <select
              id=${id}
              aria-invalid=${this.errors[id] ? 'true' : 'false'}
              aria-describedby=${this.described(id)}
              @change=${(e: Event) => this.patchRow(row.key, { code: (e.target as HTMLSelectElement).value })}
            >
              <option value="" ?selected=${!row.code}>${t('competencies.prior.chooseCompetency')}</option>
              ${this.renderCompetencyOptions(row.code)}
            </select>
          </div>
          <div class="field">
            <label for=${`level-${row.key}`}>${t('competencies.prior.level')}</label>
            <select id=${`level-${row.key}`} @change=${(e: Event) => this.patchRow(row.key, { level: Number((e.target as HTMLSelectElement).value) })}>
              ${[1, 2, 3, 4, 5].map((l) => html`<option value=${String(l)} ?selected=${l === row.level}>${formatNumber(l)}</option>`)}
            </select>
          </div>
          <button type="button" class="secondary" @click=${() => this.removeRow(row.key)}>
            ${t('competencies.prior.removeCompetency')}<span class="visually-hidden"> ${index + 1}</span>
          </button>
          ${this.errors[id] ? html`<div class="row-error">${this.fieldError(id)}</div>` : null}
        </div>`;
      })}
      <button type="button" class="secondary" id="add-competency" @click=${this.addRow}>${t('competencies.prior.addCompetency')}</button>
    </fieldset>`;
  }

  private renderUpload() {
    const p = this.progress;
    if (!p) return null;
    const pct = p.total > 0 ? Math.round((p.loaded * 100) / p.total) : 0;
    return html`<div class="upload" data-testid="upload-progress">
      <sinau-progress-bar .value=${pct} .label=${t('competencies.prior.progressLabel')}></sinau-progress-bar>
      <div class="actions">
        <button type="button" class="secondary" @click=${() => this.abort?.abort()}>${t('competencies.prior.cancel')}</button>
      </div>
    </div>`;
  }

  override render() {
    const busy = this.progress !== null;
    const hasErrors = Object.keys(this.errors).length > 0;
    return html`<form novalidate @submit=${this.onSubmit} aria-busy=${busy ? 'true' : 'false'}>
      ${hasErrors ? html`<sinau-alert variant="error">${t('form.fixErrors')}</sinau-alert>` : null}
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : null}
      <fieldset ?disabled=${busy}>
        <legend>${t('competencies.prior.what')}</legend>
        <div class="form-grid">
          <div class="field">
            <label for="kind">${t('competencies.prior.kind')}</label>
            <select id="kind" @change=${(e: Event) => (this.kind = (e.target as HTMLSelectElement).value as ClaimKind)}>
              ${claimKinds.map((k) => html`<option value=${k} ?selected=${k === this.kind}>${t(`competencies.prior.kinds.${k}`)}</option>`)}
            </select>
          </div>
          <div class="field">
            <label for="title">${t('competencies.prior.titleLabel')}</label>
            <input
              id="title"
              .value=${this.activityTitle}
              maxlength="300"
              required
              aria-invalid=${this.errors.title ? 'true' : 'false'}
              aria-describedby=${this.described('title')}
              @input=${(e: Event) => (this.activityTitle = (e.target as HTMLInputElement).value)}
            />
            ${this.fieldError('title')}
          </div>
          ${this.partners.length
            ? html`<div class="field">
                <label for="partner">${t('partners.prior.partner')}</label>
                <select id="partner" aria-describedby="partner-hint" @change=${this.onPartner}>
                  <option value="" .selected=${this.partnerId === null}>${t('partners.prior.none')}</option>
                  ${this.partners.map((p) => html`<option value=${String(p.id)} .selected=${this.partnerId === p.id}>${p.name}</option>`)}
                </select>
                <p class="hint" id="partner-hint">${t('partners.prior.hint')}</p>
              </div>`
            : null}
          <div class="field">
            <label for="provider">${t('competencies.prior.provider')}</label>
            <input id="provider" .value=${this.provider} maxlength="300" @input=${(e: Event) => (this.provider = (e.target as HTMLInputElement).value)} />
          </div>
          <div class="field">
            <label for="completedOn">${t('competencies.prior.completedOn')}</label>
            <input
              id="completedOn"
              type="date"
              .value=${this.completedOn}
              max=${today()}
              required
              aria-invalid=${this.errors.completedOn ? 'true' : 'false'}
              aria-describedby=${this.described('completedOn')}
              @input=${(e: Event) => (this.completedOn = (e.target as HTMLInputElement).value)}
            />
            ${this.fieldError('completedOn')}
          </div>
          <div class="field">
            <label for="jp">${t('competencies.prior.jp')}</label>
            <input
              id="jp"
              type="number"
              inputmode="decimal"
              min="0"
              max="200"
              step="0.5"
              .value=${this.jp}
              aria-invalid=${this.errors.jp ? 'true' : 'false'}
              aria-describedby=${this.described('jp', 'jp-hint')}
              @input=${(e: Event) => (this.jp = (e.target as HTMLInputElement).value)}
            />
            <p class="hint" id="jp-hint">${t('competencies.prior.jpHint')}</p>
            ${this.fieldError('jp')}
          </div>
        </div>
      </fieldset>
      ${this.renderRows(busy)}
      <fieldset ?disabled=${busy}>
        <legend>${t('competencies.prior.proofLegend')}</legend>
        <div class="field">
          <label for="file">${t('competencies.prior.file')}</label>
          <input
            id="file"
            type="file"
            accept=${ACCEPT.join(',')}
            aria-invalid=${this.errors.file ? 'true' : 'false'}
            aria-describedby=${this.described('file', 'file-hint')}
            @change=${this.onFile}
          />
          <p class="hint" id="file-hint">${t('competencies.prior.fileHint')}</p>
          ${this.fieldError('file')}
        </div>
        <div class="field">
          <label for="note">${t('competencies.prior.note')}</label>
          <textarea id="note" maxlength="2000" .value=${this.note} @input=${(e: Event) => (this.note = (e.target as HTMLTextAreaElement).value)}></textarea>
        </div>
      </fieldset>
      ${this.renderUpload()}
      <div class="actions">
        <button type="submit" ?disabled=${busy}>${busy ? t('competencies.prior.uploading') : t('competencies.prior.submit')}</button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-prior-learning-form': SinauPriorLearningForm;
  }
  interface HTMLElementEventMap {
    'sinau-claim-sent': CustomEvent<Claim>;
  }
}
