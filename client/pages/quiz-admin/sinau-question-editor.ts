import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { isApiError } from '../../api/http.ts';
import { createQuestion, updateQuestion, type BankQuestion, type QuestionType } from '../../api/quizzes.ts';
import { announce } from '../../announce.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t, type MessageKey } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { editorStyles } from '../authoring/editor-styles.ts';
import {
  draftFromDoc,
  emptyDraft,
  fieldId,
  isCorrect,
  markCorrect,
  newRow,
  questionTypes,
  toDoc,
  type FieldErrors,
  type QuestionDraft,
  type RowList,
} from './question-draft.ts';
import { quizAdminStyles } from './quiz-admin-styles.ts';
import { afterMoveSelector, rowTools } from './row-tools.ts';
import { textField, type TextFieldOptions } from './form-fields.ts';
import '../../components/sinau-alert.ts';
import './sinau-question-preview.ts';

/** What a save did: the question's id and version, and 'created', 'updated', 'versioned' or 'unchanged'. */
export interface QuestionSaved {
  id: number;
  version: number;
  action: 'created' | 'updated' | 'versioned' | 'unchanged';
  name: string;
}

const rowNames: Record<RowList, MessageKey> = {
  choices: 'quizEditor.choiceN',
  answers: 'quizEditor.acceptedN',
  numeric: 'quizEditor.numericN',
  pairs: 'quizEditor.pairN',
  distractors: 'quizEditor.distractorN',
  items: 'quizEditor.itemN',
  rubric: 'quizEditor.criterionN',
};
const addLabels: Record<RowList, MessageKey> = {
  choices: 'quizEditor.addChoice',
  answers: 'quizEditor.addAccepted',
  numeric: 'quizEditor.addNumeric',
  pairs: 'quizEditor.addPair',
  distractors: 'quizEditor.addDistractor',
  items: 'quizEditor.addItem',
  rubric: 'quizEditor.addCriterion',
};

/**
 * Writes a new question for a bank or changes one of its questions: the fields every question
 * has, a form per type, and a preview as learners will see it. Problems the server finds are
 * shown beside the Save button and the form keeps what was typed. Fires `sinau-question-saved`
 * (QuestionSaved) and `sinau-question-cancel`.
 */
@customElement('sinau-question-editor')
export class SinauQuestionEditor extends LitElement {
  static override styles = [
    pageStyles,
    editorStyles,
    quizAdminStyles,
    css`
      .problems {
        margin: var(--sinau-space-2) 0 0;
        padding-left: var(--sinau-space-4);
      }
      sinau-question-preview {
        margin-top: var(--sinau-space-3);
      }
    `,
  ];

  /** The bank a new question goes into. */
  @property({ type: Number }) bankId = 0;
  /** The question to change; null to write a new one. */
  @property({ attribute: false }) question: BankQuestion | null = null;
  /** Names of the bank's categories, offered for a new question. */
  @property({ attribute: false }) categories: string[] = [];
  /** The category of the question changed (it stays there), or the one a new question starts in. */
  @property() category = '';

  @state() private draft: QuestionDraft = emptyDraft();
  @state() private busy = false;
  @state() private error = '';
  @state() private problems: string[] = [];
  @state() private invalid: FieldErrors = {};
  @state() private preview = false;
  /** A selector to focus once rendered (after adding, moving or removing a row). */
  private focusAfter: string | null = null;

  private readonly locale = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    this.draft = this.question ? draftFromDoc(this.question.doc) : emptyDraft(this.category || t('quizEditor.defaultCategory'));
  }

  /** Moves focus to the editor's heading (after it opens). */
  override focus(): void {
    this.renderRoot.querySelector<HTMLElement>('#editor-heading')?.focus();
  }

  protected override updated(): void {
    if (this.focusAfter) {
      this.renderRoot.querySelector<HTMLElement>(this.focusAfter)?.focus();
      this.focusAfter = null;
    }
  }

  private set<K extends keyof QuestionDraft>(key: K, value: QuestionDraft[K]): void {
    this.draft = { ...this.draft, [key]: value };
  }

  private rows<L extends RowList>(list: L): QuestionDraft[L] {
    return this.draft[list];
  }

  private setRow<L extends RowList>(list: L, key: string, changes: Partial<QuestionDraft[L][number]>): void {
    this.set(list, (this.rows(list) as { key: string }[]).map((r) => (r.key === key ? { ...r, ...changes } : r)) as QuestionDraft[L]);
  }

  private addRow(list: RowList): void {
    const row = newRow(this.draft, list);
    this.set(list, [...this.rows(list), row] as QuestionDraft[typeof list]);
    this.focusAfter = `[data-row="${row.key}"] :is(input, textarea)`;
  }

  private moveRow(list: RowList, index: number, delta: -1 | 1): void {
    const rows = [...(this.rows(list) as { key: string }[])];
    const target = index + delta;
    if (target < 0 || target >= rows.length) return;
    [rows[index], rows[target]] = [rows[target]!, rows[index]!];
    this.set(list, rows as QuestionDraft[typeof list]);
    this.focusAfter = afterMoveSelector(rows[target]!.key, target, rows.length, delta);
    announce(t('quizEditor.moved', { item: t(rowNames[list], { n: index + 1 }), position: target + 1, count: rows.length }));
  }

  private removeRow(list: RowList, index: number): void {
    const rows = (this.rows(list) as { key: string }[]).filter((_, i) => i !== index);
    this.set(list, rows as QuestionDraft[typeof list]);
    const next = rows[Math.min(index, rows.length - 1)];
    this.focusAfter = next ? `[data-row="${next.key}"] [data-tool="remove"]` : `[data-add="${list}"]`;
    announce(t('quizEditor.removed', { item: t(rowNames[list], { n: index + 1 }) }));
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const isNew = !this.question;
    const { doc, errors } = toDoc(this.draft, isNew);
    this.invalid = errors;
    this.problems = [];
    if (Object.keys(errors).length) {
      this.error = t('form.fixErrors');
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const saved = this.question
        ? await updateQuestion(this.question.id, doc)
        : { ...(await createQuestion(this.bankId, this.draft.category.trim(), doc)), action: 'created' as const };
      this.dispatchEvent(
        new CustomEvent<QuestionSaved>('sinau-question-saved', { detail: { id: saved.id, version: saved.version, action: saved.action, name: doc.name }, bubbles: true, composed: true }),
      );
    } catch (error) {
      // The form keeps everything typed; the server's reasons are listed next to Save.
      if (isApiError(error, 'validation_failed')) {
        const details = Array.isArray(error.details) ? error.details.filter((d): d is string => typeof d === 'string') : [];
        this.error = details.length ? t('quizEditor.cannotSave') : error.message;
        this.problems = details;
      } else {
        this.error = isApiError(error, 'managed_by_files') ? t('quizAdmin.managedByFiles') : describeError(error);
      }
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#save-problems')?.focus();
    } finally {
      this.busy = false;
    }
  }

  private cancel(): void {
    this.dispatchEvent(new CustomEvent('sinau-question-cancel', { bubbles: true, composed: true }));
  }

  // ---- Field helpers ----------------------------------------------------------------------

  private fieldError(id: string) {
    const key = this.invalid[id];
    return key ? html`<p id=${`${id}-error`} class="field-error">${t(key)}</p>` : nothing;
  }

  private text(id: string, label: string, value: string, onInput: (value: string) => void, opts: Omit<TextFieldOptions, 'id' | 'label' | 'value' | 'onInput' | 'error'> = {}) {
    const error = this.invalid[id];
    return textField({ id, label, value, onInput, error: error && t(error), ...opts });
  }

  private rowList<R extends { key: string }>(list: RowList, rows: R[], body: (row: R, index: number) => TemplateResult, extraFoot?: (row: R, index: number) => unknown) {
    return html`<ol class="rows">
        ${repeat(
          rows,
          (r) => r.key,
          (r, index) => html`<li data-row=${r.key}>
            <fieldset>
              <legend>${t(rowNames[list], { n: index + 1 })}</legend>
              ${body(r, index)}
              <div class="row-foot">${extraFoot ? extraFoot(r, index) : html`<span></span>`} ${rowTools({
                  name: t(rowNames[list], { n: index + 1 }),
                  index,
                  count: rows.length,
                  onMove: (delta) => this.moveRow(list, index, delta),
                  onRemove: () => this.removeRow(list, index),
                })}</div>
            </fieldset>
          </li>`,
        )}
      </ol>
      <button type="button" class="secondary" data-add=${list} @click=${() => this.addRow(list)}>${t(addLabels[list])}</button>`;
  }

  // ---- Per type ---------------------------------------------------------------------------

  private renderChoices() {
    const d = this.draft;
    const single = d.type === 'single';
    return html`<fieldset>
      <legend>${t('quizEditor.choicesLegend')}</legend>
      <p class="hint">${single ? t('quizEditor.singleHint') : t('quizEditor.multipleHint')}</p>
      ${this.rowList(
        'choices',
        d.choices,
        (c) => html`${this.text(fieldId.row(c.key, 'text'), t('quizEditor.choiceText'), c.text, (v) => this.setRow('choices', c.key, { text: v }), { area: 'short', maxlength: 5000 })}
          <div class="inline-fields">
            ${this.text(fieldId.row(c.key, 'fraction'), t('quizEditor.fraction'), c.fraction, (v) => this.setRow('choices', c.key, { fraction: v }), { numeric: true, maxlength: 12 })}
            ${this.text(fieldId.row(c.key, 'feedback'), t('quizEditor.choiceFeedback'), c.feedback, (v) => this.setRow('choices', c.key, { feedback: v }), { maxlength: 5000 })}
          </div>`,
        (c) => html`<label class="check">
          <input
            type=${single ? 'radio' : 'checkbox'}
            name="correct"
            .checked=${isCorrect(d, c)}
            @change=${(e: Event) => this.set('choices', markCorrect(this.draft, c.key, (e.target as HTMLInputElement).checked))}
          />
          <span>${t('quizEditor.correct')}</span>
        </label>`,
      )}
      <label class="check">
        <input type="checkbox" .checked=${d.shuffleChoices} @change=${(e: Event) => this.set('shuffleChoices', (e.target as HTMLInputElement).checked)} />
        <span>${t('quizEditor.shuffleChoices')}</span>
      </label>
    </fieldset>`;
  }

  private renderTrueFalse() {
    const option = (value: 'true' | 'false', label: string) => html`<label class="check">
      <input type="radio" name="tf" .checked=${this.draft.answer === value} @change=${() => this.set('answer', value)} />
      <span>${label}</span>
    </label>`;
    return html`<fieldset>
      <legend>${t('quizEditor.tfLegend')}</legend>
      ${option('true', t('quizEditor.true'))} ${option('false', t('quizEditor.false'))}
    </fieldset>`;
  }

  private renderShort() {
    const d = this.draft;
    return html`<fieldset>
      <legend>${t('quizEditor.acceptedLegend')}</legend>
      <p class="hint">${t('quizEditor.shortHint')}</p>
      ${this.rowList(
        'answers',
        d.answers,
        (a) => html`<div class="inline-fields">
          ${this.text(fieldId.row(a.key, 'text'), t('quizEditor.acceptedText'), a.text, (v) => this.setRow('answers', a.key, { text: v }))}
          ${this.text(fieldId.row(a.key, 'fraction'), t('quizEditor.fraction'), a.fraction, (v) => this.setRow('answers', a.key, { fraction: v }), { numeric: true, maxlength: 12 })}
          ${this.text(fieldId.row(a.key, 'feedback'), t('quizEditor.choiceFeedback'), a.feedback, (v) => this.setRow('answers', a.key, { feedback: v }), { maxlength: 5000 })}
        </div>`,
      )}
      <label class="check">
        <input type="checkbox" .checked=${d.caseSensitive} @change=${(e: Event) => this.set('caseSensitive', (e.target as HTMLInputElement).checked)} />
        <span>${t('quizEditor.caseSensitive')}</span>
      </label>
    </fieldset>`;
  }

  private renderNumeric() {
    return html`<fieldset>
      <legend>${t('quizEditor.numericLegend')}</legend>
      <p class="hint">${t('quizEditor.numericHint')}</p>
      ${this.rowList(
        'numeric',
        this.draft.numeric,
        (a) => html`<div class="inline-fields">
          ${this.text(fieldId.row(a.key, 'value'), t('quizEditor.value'), a.value, (v) => this.setRow('numeric', a.key, { value: v }), { numeric: true, maxlength: 40 })}
          ${this.text(fieldId.row(a.key, 'tolerance'), t('quizEditor.tolerance'), a.tolerance, (v) => this.setRow('numeric', a.key, { tolerance: v }), { numeric: true, maxlength: 40 })}
          ${this.text(fieldId.row(a.key, 'fraction'), t('quizEditor.fraction'), a.fraction, (v) => this.setRow('numeric', a.key, { fraction: v }), { numeric: true, maxlength: 12 })}
          ${this.text(fieldId.row(a.key, 'feedback'), t('quizEditor.choiceFeedback'), a.feedback, (v) => this.setRow('numeric', a.key, { feedback: v }), { maxlength: 5000 })}
        </div>`,
      )}
    </fieldset>`;
  }

  private renderMatching() {
    return html`<fieldset>
        <legend>${t('quizEditor.pairsLegend')}</legend>
        <p class="hint">${t('quizEditor.pairsHint')}</p>
        ${this.rowList(
          'pairs',
          this.draft.pairs,
          (p) => html`<div class="inline-fields">
            ${this.text(fieldId.row(p.key, 'prompt'), t('quizEditor.prompt'), p.prompt, (v) => this.setRow('pairs', p.key, { prompt: v }), { maxlength: 2000 })}
            ${this.text(fieldId.row(p.key, 'answer'), t('quizEditor.pairAnswer'), p.answer, (v) => this.setRow('pairs', p.key, { answer: v }), { maxlength: 1000 })}
          </div>`,
        )}
      </fieldset>
      <fieldset>
        <legend>${t('quizEditor.distractorsLegend')}</legend>
        <p class="hint">${t('quizEditor.distractorsHint')}</p>
        ${this.rowList('distractors', this.draft.distractors, (x) =>
          this.text(fieldId.row(x.key, 'text'), t('quizEditor.distractorText'), x.text, (v) => this.setRow('distractors', x.key, { text: v }), { maxlength: 1000 }),
        )}
      </fieldset>`;
  }

  private renderOrdering() {
    return html`<fieldset>
      <legend>${t('quizEditor.itemsLegend')}</legend>
      <p class="hint">${t('quizEditor.itemsHint')}</p>
      ${this.rowList('items', this.draft.items, (i) =>
        this.text(fieldId.row(i.key, 'text'), t('quizEditor.itemText'), i.text, (v) => this.setRow('items', i.key, { text: v }), { maxlength: 2000 }),
      )}
    </fieldset>`;
  }

  private renderEssay() {
    const d = this.draft;
    return html`<fieldset>
      <legend>${t('quizEditor.essayLegend')}</legend>
      <div class="inline-fields">
        ${this.text(fieldId.minWords, t('quizEditor.minWords'), d.minWords, (v) => this.set('minWords', v), { numeric: true, maxlength: 6 })}
        ${this.text(fieldId.maxWords, t('quizEditor.maxWords'), d.maxWords, (v) => this.set('maxWords', v), { numeric: true, maxlength: 6 })}
      </div>
      ${this.text('q-grader-info', t('quizEditor.graderInfo'), d.graderInfo, (v) => this.set('graderInfo', v), { area: 'short', hint: t('quizEditor.graderInfoHint') })}
      <h4>${t('quizEditor.rubricHeading')}</h4>
      <p class="hint">${t('quizEditor.rubricHint')}</p>
      ${this.rowList(
        'rubric',
        d.rubric,
        (r) => html`<div class="inline-fields">
          ${this.text(fieldId.row(r.key, 'criterion'), t('quizEditor.criterion'), r.criterion, (v) => this.setRow('rubric', r.key, { criterion: v }))}
          ${this.text(fieldId.row(r.key, 'points'), t('quizEditor.criterionPoints'), r.points, (v) => this.setRow('rubric', r.key, { points: v }), { numeric: true, maxlength: 12 })}
        </div>`,
      )}
    </fieldset>`;
  }

  private renderTypeFields() {
    switch (this.draft.type) {
      case 'single':
      case 'multiple':
        return this.renderChoices();
      case 'truefalse':
        return this.renderTrueFalse();
      case 'short':
        return this.renderShort();
      case 'numeric':
        return this.renderNumeric();
      case 'matching':
        return this.renderMatching();
      case 'ordering':
        return this.renderOrdering();
      case 'essay':
        return this.renderEssay();
    }
  }

  override render() {
    const d = this.draft;
    const q = this.question;
    const levelInvalid = !!this.invalid[fieldId.competencyLevel];
    return html`<form class="card" novalidate @submit=${this.onSubmit} aria-labelledby="editor-heading" data-testid="question-editor">
      <h3 id="editor-heading" tabindex="-1">${q ? t('quizEditor.editHeading', { name: q.doc.name }) : t('quizEditor.newHeading')}</h3>
      ${q?.used ? html`<sinau-alert variant="info">${t('quizEditor.usedNote', { version: q.version })}</sinau-alert>` : nothing}
      <div class="form-grid">
        <div class="field">
          <label for="q-type">${t('quizEditor.type')}</label>
          <select id="q-type" @change=${(e: Event) => this.set('type', (e.target as HTMLSelectElement).value as QuestionType)}>
            ${questionTypes.map((type) => html`<option value=${type} .selected=${type === d.type}>${t(`quizEditor.types.${type}`)}</option>`)}
          </select>
        </div>
        ${q
          ? html`<div class="field">
              <label for="q-category-fixed">${t('quizEditor.category')}</label>
              <input id="q-category-fixed" readonly .value=${this.category} aria-describedby="q-category-fixed-hint" />
              <p id="q-category-fixed-hint" class="hint">${t('quizEditor.categoryFixed')}</p>
            </div>`
          : html`${this.text(fieldId.category, t('quizEditor.category'), d.category, (v) => this.set('category', v), {
                list: 'category-names',
                maxlength: 200,
                hint: t('quizEditor.categoryHint'),
                required: true,
              })}
              <datalist id="category-names">${this.categories.map((c) => html`<option value=${c}></option>`)}</datalist>`}
      </div>
      ${this.text(fieldId.name, t('quizEditor.name'), d.name, (v) => this.set('name', v), { maxlength: 200, hint: t('quizEditor.nameHint'), required: true })}
      ${this.text(fieldId.stem, t('quizEditor.stem'), d.stem, (v) => this.set('stem', v), { area: 'long', maxlength: 50000, hint: t('quizEditor.stemHint'), required: true })}
      <div class="inline-fields">
        ${this.text(fieldId.points, t('quizEditor.points'), d.points, (v) => this.set('points', v), { numeric: true, maxlength: 12, required: true })}
        ${this.text(fieldId.competencyCode, t('quizEditor.competencyCode'), d.competencyCode, (v) => this.set('competencyCode', v.toUpperCase()), { maxlength: 40 })}
        <div class="field">
          <label for=${fieldId.competencyLevel}>${t('quizEditor.competencyLevel')}</label>
          <select
            id=${fieldId.competencyLevel}
            aria-invalid=${levelInvalid ? 'true' : 'false'}
            aria-describedby=${levelInvalid ? `${fieldId.competencyLevel}-error` : nothing}
            @change=${(e: Event) => this.set('competencyLevel', (e.target as HTMLSelectElement).value)}
          >
            <option value="" .selected=${d.competencyLevel === ''}>${t('quizEditor.noLevel')}</option>
            ${['1', '2', '3', '4', '5'].map((l) => html`<option value=${l} .selected=${l === d.competencyLevel}>${l}</option>`)}
          </select>
          ${this.fieldError(fieldId.competencyLevel)}
        </div>
      </div>
      ${this.text(fieldId.tags, t('quizEditor.tags'), d.tags, (v) => this.set('tags', v), { maxlength: 2000, hint: t('quizEditor.tagsHint') })}
      ${this.renderTypeFields()}
      <fieldset>
        <legend>${t('quizEditor.feedbackLegend')}</legend>
        ${this.text('q-feedback-general', t('quizEditor.feedbackGeneral'), d.feedbackGeneral, (v) => this.set('feedbackGeneral', v), { area: 'short' })}
        ${d.type === 'essay'
          ? nothing
          : html`<div class="inline-fields">
              ${this.text('q-feedback-correct', t('quizEditor.feedbackCorrect'), d.feedbackCorrect, (v) => this.set('feedbackCorrect', v), { area: 'short' })}
              ${this.text('q-feedback-incorrect', t('quizEditor.feedbackIncorrect'), d.feedbackIncorrect, (v) => this.set('feedbackIncorrect', v), { area: 'short' })}
            </div>`}
      </fieldset>
      <button type="button" class="secondary" aria-expanded=${this.preview ? 'true' : 'false'} aria-controls="preview" @click=${() => (this.preview = !this.preview)}>
        ${this.preview ? t('quizEditor.hidePreview') : t('quizEditor.showPreview')}
      </button>
      <div id="preview">${this.preview ? html`<sinau-question-preview .draft=${d}></sinau-question-preview>` : nothing}</div>
      <div id="save-problems" tabindex="-1" data-testid="save-problems">
        ${this.error
          ? html`<sinau-alert variant="error"
              ><strong>${this.error}</strong>${this.problems.length
                ? html`<ul class="problems">
                    ${this.problems.map((p) => html`<li>${p}</li>`)}
                  </ul>`
                : nothing}</sinau-alert
            >`
          : nothing}
      </div>
      <div class="actions">
        <button type="submit" aria-disabled=${this.busy ? 'true' : 'false'} data-testid="save-question">${t('quizEditor.save')}</button>
        <button type="button" class="secondary" @click=${this.cancel}>${t('quizEditor.cancel')}</button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-question-editor': SinauQuestionEditor;
  }
  interface HTMLElementEventMap {
    'sinau-question-saved': CustomEvent<QuestionSaved>;
    'sinau-question-cancel': CustomEvent<void>;
  }
}
