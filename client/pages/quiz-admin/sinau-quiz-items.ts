import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { BankDetail, BankQuestion } from '../../api/quizzes.ts';
import { announce } from '../../announce.ts';
import { formatNumber, LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { editorStyles } from '../authoring/editor-styles.ts';
import { parseNumber } from '../quizzes/quiz-format.ts';
import { newKey } from './question-draft.ts';
import type { ItemRow } from './quiz-settings.ts';
import { quizAdminStyles } from './quiz-admin-styles.ts';
import { afterMoveSelector, rowTools } from './row-tools.ts';

interface CategoryRef {
  bank: BankDetail['bank'];
  category: BankDetail['categories'][number];
}
interface QuestionRef extends CategoryRef {
  question: BankQuestion;
}

/**
 * The questions of a quiz, in order: fixed questions picked from the banks I may edit, and
 * random draws (n questions from a category, optionally of one competency). Add, reorder,
 * remove. Fires `sinau-items-change` with the whole new list.
 */
@customElement('sinau-quiz-items')
export class SinauQuizItems extends LitElement {
  static override styles = [
    pageStyles,
    editorStyles,
    quizAdminStyles,
    css`
      .kind {
        margin-right: var(--sinau-space-2);
      }
      .row-box p {
        margin-bottom: var(--sinau-space-2);
      }
      .add {
        margin-top: var(--sinau-space-4);
      }
    `,
  ];

  /** The quiz's items. */
  @property({ attribute: false }) items: ItemRow[] = [];
  /** The banks I may edit, with their categories and questions. */
  @property({ attribute: false }) banks: BankDetail[] = [];

  @state() private pickQuestion = '';
  @state() private pickCategory = '';
  @state() private drawCount = '1';
  @state() private drawCompetency = '';
  @state() private addError: { field: 'question' | 'category' | 'count'; message: string } | null = null;
  private focusAfter: string | null = null;

  private readonly locale = new LocaleController(this);

  protected override updated(): void {
    if (this.focusAfter) {
      this.renderRoot.querySelector<HTMLElement>(this.focusAfter)?.focus();
      this.focusAfter = null;
    }
  }

  private questions = new Map<number, QuestionRef>();
  private categories = new Map<number, CategoryRef>();

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('banks')) return;
    this.questions = new Map();
    this.categories = new Map();
    for (const b of this.banks) {
      for (const c of b.categories) {
        this.categories.set(c.id, { bank: b.bank, category: c });
        for (const q of c.questions) this.questions.set(q.id, { bank: b.bank, category: c, question: q });
      }
    }
  }

  private emit(items: ItemRow[]): void {
    this.dispatchEvent(new CustomEvent<ItemRow[]>('sinau-items-change', { detail: items, bubbles: true, composed: true }));
  }

  private itemName(item: ItemRow, index: number): string {
    if ('questionId' in item) return t('quizEditor.fixedN', { n: index + 1, name: this.questions.get(item.questionId)?.question.doc.name ?? `#${item.questionId}` });
    return t('quizEditor.drawN', { n: index + 1, category: this.categories.get(item.categoryId)?.category.name ?? `#${item.categoryId}` });
  }

  private move(index: number, delta: -1 | 1): void {
    const items = [...this.items];
    const target = index + delta;
    [items[index], items[target]] = [items[target]!, items[index]!];
    this.focusAfter = afterMoveSelector(items[target]!.key, target, items.length, delta);
    this.emit(items);
    announce(t('quizEditor.moved', { item: this.itemName(items[target]!, index), position: target + 1, count: items.length }));
  }

  private removeItem(index: number): void {
    const name = this.itemName(this.items[index]!, index);
    const items = this.items.filter((_, i) => i !== index);
    const next = items[Math.min(index, items.length - 1)];
    this.focusAfter = next ? `[data-row="${next.key}"] [data-tool="remove"]` : '#add-question';
    this.emit(items);
    announce(t('quizEditor.removed', { item: name }));
  }

  private change(index: number, changes: { count?: number; competency?: string }): void {
    this.emit(
      this.items.map((item, i) => {
        if (i !== index || !('categoryId' in item)) return item;
        const next = { ...item, ...changes };
        if (!next.competency) delete next.competency;
        return next;
      }),
    );
  }

  private addQuestion(): void {
    const id = Number(this.pickQuestion);
    if (!id) {
      this.addError = { field: 'question', message: t('quizEditor.pickQuestion') };
      this.focusAfter = '#add-question';
      return;
    }
    this.addError = null;
    const key = newKey();
    this.emit([...this.items, { key, questionId: id }]);
    this.pickQuestion = '';
    announce(t('quizEditor.added', { item: this.questions.get(id)?.question.doc.name ?? '' }));
  }

  private addDraw(): void {
    const categoryId = Number(this.pickCategory);
    const count = parseNumber(this.drawCount);
    if (!categoryId) {
      this.addError = { field: 'category', message: t('quizEditor.pickCategory') };
      this.focusAfter = '#add-category';
      return;
    }
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 200) {
      this.addError = { field: 'count', message: t('quizEditor.countInvalid') };
      this.focusAfter = '#add-count';
      return;
    }
    this.addError = null;
    const competency = this.drawCompetency.trim().toUpperCase();
    this.emit([...this.items, { key: newKey(), categoryId, count, ...(competency && { competency }) }]);
    this.pickCategory = '';
    this.drawCount = '1';
    this.drawCompetency = '';
    announce(t('quizEditor.added', { item: this.categories.get(categoryId)?.category.name ?? '' }));
  }

  /** Questions in a category a draw can pick (of the competency, when one is set). */
  private available(categoryId: number, competency?: string): number {
    const c = this.categories.get(categoryId)?.category;
    if (!c) return 0;
    return competency ? c.questions.filter((q) => q.doc.competency?.code === competency).length : c.questions.length;
  }

  private renderItem(item: ItemRow, index: number) {
    const tools = rowTools({ name: this.itemName(item, index), index, count: this.items.length, onMove: (d) => this.move(index, d), onRemove: () => this.removeItem(index) });
    if ('questionId' in item) {
      const ref = this.questions.get(item.questionId);
      return html`<div class="row-box" data-testid="quiz-item" data-question-id=${item.questionId}>
        <p>
          <span class="badge kind">${t('quizEditor.fixed')}</span>
          <strong>${ref?.question.doc.name ?? t('quizEditor.unknownQuestion', { id: item.questionId })}</strong>
        </p>
        ${ref
          ? html`<p class="muted">
              ${ref.bank.name} › ${ref.category.name} · ${t(`quizEditor.types.${ref.question.doc.type}`)} · ${t('quizEditor.pointsN', { points: ref.question.doc.points })}
            </p>`
          : nothing}
        <div class="row-foot"><span></span>${tools}</div>
      </div>`;
    }
    const ref = this.categories.get(item.categoryId);
    const available = this.available(item.categoryId, item.competency);
    const countId = `count-${item.key}`;
    const compId = `competency-${item.key}`;
    return html`<div class="row-box" data-testid="quiz-item" data-category-id=${item.categoryId}>
      <p>
        <span class="badge kind">${t('quizEditor.random')}</span>
        <strong>${ref ? `${ref.bank.name} › ${ref.category.name}` : t('quizEditor.unknownCategory', { id: item.categoryId })}</strong>
      </p>
      <div class="inline-fields">
        <div class="field">
          <label for=${countId}>${t('quizEditor.drawCount')}</label>
          <input
            id=${countId}
            type="number"
            inputmode="numeric"
            min="1"
            max="200"
            .value=${String(item.count)}
            aria-describedby=${`${countId}-hint`}
            @change=${(e: Event) => {
              const n = Math.round(Number((e.target as HTMLInputElement).value));
              if (Number.isFinite(n) && n >= 1 && n <= 200) this.change(index, { count: n });
              else (e.target as HTMLInputElement).value = String(item.count);
            }}
          />
          <p id=${`${countId}-hint`} class=${available < item.count ? 'field-error' : 'hint'}>
            ${available < item.count ? t('quizEditor.tooFew', { available }) : t('quizEditor.availableN', { available })}
          </p>
        </div>
        <div class="field">
          <label for=${compId}>${t('quizEditor.drawCompetency')}</label>
          <input
            id=${compId}
            maxlength="40"
            autocapitalize="characters"
            spellcheck="false"
            .value=${item.competency ?? ''}
            @change=${(e: Event) => this.change(index, { competency: (e.target as HTMLInputElement).value.trim().toUpperCase() })}
          />
        </div>
      </div>
      <div class="row-foot"><span></span>${tools}</div>
    </div>`;
  }

  private renderAdd() {
    const used = new Set(this.items.flatMap((i) => ('questionId' in i ? [i.questionId] : [])));
    const withQuestions = this.banks.flatMap((b) => b.categories.filter((c) => c.questions.length).map((c) => ({ bank: b.bank, category: c })));
    const err = (field: 'question' | 'category' | 'count') => (this.addError?.field === field ? this.addError.message : '');
    const codes = [...new Set(this.categories.get(Number(this.pickCategory))?.category.questions.flatMap((q) => (q.doc.competency ? [q.doc.competency.code] : [])) ?? [])].sort();
    const onEnter = (add: () => void) => (e: KeyboardEvent) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        add();
      }
    };
    if (!withQuestions.length) return html`<p class="empty add">${t('quizEditor.noBankQuestions')}</p>`;
    return html`<div class="form-grid add">
      <fieldset>
        <legend>${t('quizEditor.addFixedLegend')}</legend>
        <div class="field">
          <label for="add-question">${t('quizEditor.question')}</label>
          <select
            id="add-question"
            aria-invalid=${err('question') ? 'true' : 'false'}
            aria-describedby=${err('question') ? 'add-question-error' : nothing}
            @change=${(e: Event) => (this.pickQuestion = (e.target as HTMLSelectElement).value)}
          >
            <option value="" .selected=${this.pickQuestion === ''}>${t('quizEditor.choose')}</option>
            ${withQuestions.map(
              ({ bank, category }) => html`<optgroup label=${`${bank.name} › ${category.name}`}>
                ${category.questions.map(
                  (q) => html`<option value=${String(q.id)} ?disabled=${used.has(q.id)} .selected=${this.pickQuestion === String(q.id)}>${q.doc.name}</option>`,
                )}
              </optgroup>`,
            )}
          </select>
          ${err('question') ? html`<p id="add-question-error" class="field-error">${err('question')}</p>` : nothing}
        </div>
        <button type="button" class="secondary" @click=${this.addQuestion}>${t('quizEditor.addFixed')}</button>
      </fieldset>
      <fieldset>
        <legend>${t('quizEditor.addRandomLegend')}</legend>
        <div class="field">
          <label for="add-category">${t('quizEditor.category')}</label>
          <select
            id="add-category"
            aria-invalid=${err('category') ? 'true' : 'false'}
            aria-describedby=${err('category') ? 'add-category-error' : nothing}
            @change=${(e: Event) => (this.pickCategory = (e.target as HTMLSelectElement).value)}
          >
            <option value="" .selected=${this.pickCategory === ''}>${t('quizEditor.choose')}</option>
            ${withQuestions.map(
              ({ bank, category }) => html`<option value=${String(category.id)} .selected=${this.pickCategory === String(category.id)}>${bank.name} › ${category.name}</option>`,
            )}
          </select>
          ${err('category') ? html`<p id="add-category-error" class="field-error">${err('category')}</p>` : nothing}
        </div>
        <div class="inline-fields">
          <div class="field">
            <label for="add-count">${t('quizEditor.drawCount')}</label>
            <input
              id="add-count"
              inputmode="numeric"
              maxlength="3"
              .value=${this.drawCount}
              aria-invalid=${err('count') ? 'true' : 'false'}
              aria-describedby=${err('count') ? 'add-count-error' : nothing}
              @input=${(e: Event) => (this.drawCount = (e.target as HTMLInputElement).value)}
              @keydown=${onEnter(() => this.addDraw())}
            />
            ${err('count') ? html`<p id="add-count-error" class="field-error">${err('count')}</p>` : nothing}
          </div>
          <div class="field">
            <label for="add-competency">${t('quizEditor.drawCompetency')}</label>
            <input
              id="add-competency"
              maxlength="40"
              list="competency-codes"
              autocapitalize="characters"
              spellcheck="false"
              .value=${this.drawCompetency}
              @input=${(e: Event) => (this.drawCompetency = (e.target as HTMLInputElement).value)}
              @keydown=${onEnter(() => this.addDraw())}
            />
            <datalist id="competency-codes">${codes.map((c) => html`<option value=${c}></option>`)}</datalist>
          </div>
        </div>
        <button type="button" class="secondary" @click=${this.addDraw}>${t('quizEditor.addRandom')}</button>
      </fieldset>
    </div>`;
  }

  override render() {
    const fixed = this.items.filter((i) => 'questionId' in i).length;
    const drawn = this.items.reduce((s, i) => s + ('count' in i ? i.count : 0), 0);
    return html`${this.items.length
        ? html`<p data-testid="items-summary">${t('quizEditor.itemsSummary', { total: formatNumber(fixed + drawn), fixed: formatNumber(fixed), drawn: formatNumber(drawn) })}</p>
            <ol class="rows" aria-label=${t('quizEditor.itemsLabel')}>
              ${repeat(
                this.items,
                (i) => i.key,
                (item, index) => html`<li data-row=${item.key}>${this.renderItem(item, index)}</li>`,
              )}
            </ol>`
        : html`<p class="empty">${t('quizEditor.noItems')}</p>`}
      ${this.renderAdd()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-quiz-items': SinauQuizItems;
  }
  interface HTMLElementEventMap {
    'sinau-items-change': CustomEvent<ItemRow[]>;
  }
}
