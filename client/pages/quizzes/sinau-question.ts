import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { AnswerValue, AttemptQuestion } from '../../api/quizzes.ts';
import { announce } from '../../announce.ts';
import { LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { courseFormatStyles } from '../courses/course-format.ts';
import type { AnswerState } from './answer-outbox.ts';
import { inlineHtmlStyles, isAnswered, numberText, parseNumber, plainText, pointsText, wordCount } from './quiz-format.ts';

/** An answer given; `delayMs` asks to wait for a pause in typing before sending it. */
export interface AnswerDetail {
  questionId: number;
  response: AnswerValue;
  delayMs: number;
}

/** How long typing must pause before a text answer is sent (blur sends at once). */
const typingPauseMs = 800;

/**
 * One question of an attempt with the input its type needs: radios, checkboxes, true/false,
 * text, a number, a select per matching prompt, Up/Down buttons for ordering, or an essay box.
 * Fires `sinau-answer` (AnswerDetail) on every change and `sinau-answer-commit` (the question
 * id) when a text field loses focus.
 */
@customElement('sinau-question')
export class SinauQuestion extends LitElement {
  static override styles = [
    pageStyles,
    courseFormatStyles,
    inlineHtmlStyles,
    css`
      article {
        border-top: 1px solid var(--sinau-color-border);
        padding: var(--sinau-space-4) 0 var(--sinau-space-2);
      }
      h2 {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: 0 var(--sinau-space-3);
        font-size: 1.1rem;
      }
      .points {
        font-size: 0.9rem;
        font-weight: normal;
        color: var(--sinau-color-muted);
      }
      .stem {
        margin-bottom: var(--sinau-space-3);
      }
      fieldset {
        margin-bottom: var(--sinau-space-2);
      }
      legend {
        font-size: 0.95rem;
      }
      .check {
        padding: var(--sinau-space-2) 0;
        margin: 0;
        cursor: pointer;
      }
      .check + .check {
        border-top: 1px dashed var(--sinau-color-border);
      }
      .check .inline-html {
        min-width: 0;
        overflow-wrap: anywhere;
      }
      .match-row {
        padding: var(--sinau-space-2) 0;
      }
      .match-row + .match-row {
        border-top: 1px dashed var(--sinau-color-border);
      }
      .match-prompt {
        font-weight: 600;
        margin-bottom: var(--sinau-space-1);
        overflow-wrap: anywhere;
      }
      select {
        max-width: 100%;
        text-overflow: ellipsis;
      }
      ol.order {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      ol.order li {
        display: grid;
        grid-template-columns: auto minmax(0, 1fr);
        gap: var(--sinau-space-2) var(--sinau-space-3);
        align-items: start;
        padding: var(--sinau-space-2) 0;
      }
      ol.order li + li {
        border-top: 1px dashed var(--sinau-color-border);
      }
      .position {
        display: inline-flex;
        align-items: center;
        justify-content: center;
        min-width: 2rem;
        height: 2rem;
        border-radius: 999px;
        background: var(--sinau-color-primary-soft);
        color: var(--sinau-color-primary);
        font-weight: 700;
      }
      .moves {
        grid-column: 2;
        display: flex;
        flex-wrap: wrap;
        gap: var(--sinau-space-2);
      }
      .moves button {
        min-height: 2.5rem;
        padding: var(--sinau-space-1) var(--sinau-space-3);
      }
      input#answer {
        max-width: 32rem;
      }
      textarea.essay {
        font-family: inherit;
        font-size: 1rem;
        min-height: 12rem;
      }
      .count {
        margin: var(--sinau-space-1) 0 0;
        font-size: 0.9rem;
        color: var(--sinau-color-muted);
      }
      .save-state {
        margin: var(--sinau-space-2) 0 0;
        font-size: 0.9rem;
        color: var(--sinau-color-muted);
      }
      .save-state.saved {
        color: var(--sinau-color-success);
      }
      .save-state.unsaved {
        color: var(--sinau-color-warning);
        font-weight: 700;
      }
    `,
  ];

  /** The question as the attempt shows it. */
  @property({ attribute: false }) question: AttemptQuestion | null = null;
  /** Its number in the attempt (1, 2 …). */
  @property({ type: Number }) number = 0;
  /** The current answer: unsent (from the outbox) or as the server has it. */
  @property({ attribute: false }) value: AnswerValue = null;
  /** Where the answer is: saved, on its way, or kept on this device. */
  @property() saveState: AnswerState = 'saved';
  /** No more changes (time is up, submitting, or someone else's attempt). */
  @property({ type: Boolean }) disabled = false;

  /** What is typed in a number field, which may not be a number yet. */
  @state() private numberDraft: string | null = null;
  /** After an Up/Down press: the item moved and the way it went, to keep focus on it. */
  private moved: { id: string; up: boolean } | null = null;

  private readonly locale = new LocaleController(this);

  private emit(response: AnswerValue, delayMs = 0): void {
    if (!this.question) return;
    this.value = response;
    this.dispatchEvent(new CustomEvent<AnswerDetail>('sinau-answer', { detail: { questionId: this.question.id, response, delayMs }, bubbles: true, composed: true }));
  }

  private commit(): void {
    if (!this.question) return;
    this.dispatchEvent(new CustomEvent<number>('sinau-answer-commit', { detail: this.question.id, bubbles: true, composed: true }));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('question')) this.numberDraft = null;
  }

  protected override updated(): void {
    if (this.moved) {
      const { id, up } = this.moved;
      this.moved = null;
      const li = this.renderRoot.querySelector<HTMLElement>(`li[data-item-id="${CSS.escape(id)}"]`);
      const buttons = li ? [...li.querySelectorAll<HTMLButtonElement>('.moves button')] : [];
      // Stay on the same button while it can move further, else on the other one.
      const preferred = up ? buttons[0] : buttons[1];
      (preferred && !preferred.disabled ? preferred : buttons.find((b) => !b.disabled))?.focus();
    }
  }

  // ---- Inputs per type ---------------------------------------------------------------------

  private renderChoices(q: AttemptQuestion, multiple: boolean) {
    const chosen = multiple ? (Array.isArray(this.value) ? this.value : []) : typeof this.value === 'string' ? [this.value] : [];
    const choices = q.choices ?? [];
    const toggle = (id: string, checked: boolean) => {
      if (!multiple) return this.emit(id);
      const next = choices.map((c) => c.id).filter((cid) => (cid === id ? checked : chosen.includes(cid)));
      this.emit(next.length ? next : null);
    };
    return html`<fieldset aria-describedby="stem">
      <legend>${multiple ? t('attempt.chooseMany') : t('attempt.chooseOne')}</legend>
      ${choices.map(
        (c) => html`<label class="check">
          <input
            type=${multiple ? 'checkbox' : 'radio'}
            name="answer"
            .value=${c.id}
            .checked=${chosen.includes(c.id)}
            ?disabled=${this.disabled}
            @change=${(e: Event) => toggle(c.id, (e.target as HTMLInputElement).checked)}
          />
          <span class="inline-html prose">${unsafeHTML(c.html)}</span>
        </label>`,
      )}
    </fieldset>`;
  }

  private renderTrueFalse() {
    const option = (value: boolean, label: string) => html`<label class="check">
      <input type="radio" name="answer" .value=${String(value)} .checked=${this.value === value} ?disabled=${this.disabled} @change=${() => this.emit(value)} />
      <span>${label}</span>
    </label>`;
    return html`<fieldset aria-describedby="stem">
      <legend>${t('attempt.trueOrFalse')}</legend>
      ${option(true, t('attempt.true'))} ${option(false, t('attempt.false'))}
    </fieldset>`;
  }

  private renderShort() {
    return html`<div class="field">
      <label for="answer">${t('attempt.yourAnswer')}</label>
      <input
        id="answer"
        type="text"
        autocomplete="off"
        spellcheck="false"
        aria-describedby="stem"
        .value=${typeof this.value === 'string' ? this.value : ''}
        ?disabled=${this.disabled}
        @input=${(e: Event) => this.emit((e.target as HTMLInputElement).value, typingPauseMs)}
        @change=${this.commit}
      />
    </div>`;
  }

  private renderNumeric() {
    const text = this.numberDraft ?? (typeof this.value === 'number' ? numberText(this.value) : '');
    const parsed = parseNumber(text);
    const invalid = parsed === undefined;
    return html`<div class="field">
      <label for="answer">${t('attempt.yourAnswer')}</label>
      <input
        id="answer"
        type="text"
        inputmode="decimal"
        autocomplete="off"
        aria-describedby=${invalid ? 'stem number-error' : 'stem number-hint'}
        aria-invalid=${invalid ? 'true' : 'false'}
        .value=${text}
        ?disabled=${this.disabled}
        @input=${(e: Event) => {
          this.numberDraft = (e.target as HTMLInputElement).value;
          const n = parseNumber(this.numberDraft);
          if (n !== undefined) this.emit(n, typingPauseMs);
        }}
        @change=${this.commit}
      />
      ${invalid ? html`<p class="field-error" id="number-error">${t('attempt.notANumber')}</p>` : html`<p class="hint" id="number-hint">${t('attempt.numberHint')}</p>`}
    </div>`;
  }

  private renderMatching(q: AttemptQuestion) {
    const current = this.value && typeof this.value === 'object' && !Array.isArray(this.value) ? this.value : {};
    const choose = (promptId: string, option: string) => {
      const next: Record<string, string> = { ...current };
      if (option) next[promptId] = option;
      else delete next[promptId];
      this.emit(Object.keys(next).length ? next : null);
    };
    return html`<fieldset aria-describedby="stem">
      <legend>${t('attempt.matchLegend')}</legend>
      ${(q.prompts ?? []).map(
        (p) => html`<div class="match-row">
          <div class="match-prompt inline-html prose" id=${`prompt-${p.id}`}>${unsafeHTML(p.html)}</div>
          <select
            aria-labelledby=${`prompt-${p.id}`}
            data-prompt-id=${p.id}
            ?disabled=${this.disabled}
            @change=${(e: Event) => choose(p.id, (e.target as HTMLSelectElement).value)}
          >
            <option value="" ?selected=${!current[p.id]}>${t('attempt.matchChoose')}</option>
            ${(q.options ?? []).map((o) => html`<option .value=${o} ?selected=${current[p.id] === o}>${o}</option>`)}
          </select>
        </div>`,
      )}
    </fieldset>`;
  }

  private renderOrdering(q: AttemptQuestion) {
    const items = q.items ?? [];
    const byId = new Map(items.map((i) => [i.id, i]));
    const answered = Array.isArray(this.value) && this.value.length > 0;
    // The answer's order, or the shuffled order shown before any answer.
    const order = answered ? (this.value as string[]).filter((id) => byId.has(id)) : items.map((i) => i.id);
    for (const i of items) if (!order.includes(i.id)) order.push(i.id);
    const move = (index: number, up: boolean) => {
      const target = up ? index - 1 : index + 1;
      if (target < 0 || target >= order.length) return;
      const next = [...order];
      [next[index], next[target]] = [next[target]!, next[index]!];
      this.moved = { id: order[index]!, up };
      this.emit(next);
      announce(t('attempt.moved', { item: plainText(byId.get(order[index]!)?.html ?? ''), position: target + 1, count: order.length }));
    };
    return html`<fieldset aria-describedby="stem">
      <legend>${t('attempt.orderLegend')}</legend>
      <ol class="order">
        ${order.map((id, index) => {
          const text = plainText(byId.get(id)?.html ?? '');
          return html`<li data-item-id=${id}>
            <span class="position" aria-hidden="true">${index + 1}</span>
            <div class="inline-html prose">${unsafeHTML(byId.get(id)?.html ?? '')}</div>
            <div class="moves">
              <button type="button" class="secondary" aria-label=${t('attempt.moveUpLabel', { item: text })} ?disabled=${this.disabled || index === 0} @click=${() => move(index, true)}>
                <span aria-hidden="true">↑</span> ${t('attempt.moveUp')}
              </button>
              <button
                type="button"
                class="secondary"
                aria-label=${t('attempt.moveDownLabel', { item: text })}
                ?disabled=${this.disabled || index === order.length - 1}
                @click=${() => move(index, false)}
              >
                <span aria-hidden="true">↓</span> ${t('attempt.moveDown')}
              </button>
            </div>
          </li>`;
        })}
      </ol>
      ${answered || this.disabled
        ? null
        : html`<p class="hint">${t('attempt.orderUnanswered')}</p>
            <button type="button" class="secondary" data-testid="keep-order" @click=${() => this.emit(order)}>${t('attempt.keepOrder')}</button>`}
    </fieldset>`;
  }

  private renderEssay(q: AttemptQuestion) {
    const text = typeof this.value === 'string' ? this.value : '';
    const min = q.minWords ?? null;
    const max = q.maxWords ?? null;
    const rule = min && max ? t('attempt.wordsRange', { min, max }) : min ? t('attempt.wordsMin', { min }) : max ? t('attempt.wordsMax', { max }) : '';
    return html`<div class="field">
      <label for="answer">${t('attempt.yourAnswer')}</label>
      <p class="hint" id="essay-hint">${t('attempt.essayHint')} ${rule}</p>
      <textarea
        id="answer"
        class="essay"
        aria-describedby="stem essay-hint essay-count"
        .value=${text}
        ?disabled=${this.disabled}
        @input=${(e: Event) => this.emit((e.target as HTMLTextAreaElement).value, typingPauseMs)}
        @change=${this.commit}
      ></textarea>
      <p class="count" id="essay-count">${t('attempt.words', { count: wordCount(text) })}</p>
    </div>`;
  }

  private renderInput(q: AttemptQuestion) {
    switch (q.type) {
      case 'single':
        return this.renderChoices(q, false);
      case 'multiple':
        return this.renderChoices(q, true);
      case 'truefalse':
        return this.renderTrueFalse();
      case 'short':
        return this.renderShort();
      case 'numeric':
        return this.renderNumeric();
      case 'matching':
        return this.renderMatching(q);
      case 'ordering':
        return this.renderOrdering(q);
      case 'essay':
        return this.renderEssay(q);
    }
  }

  private renderState() {
    // Nothing to report about a question never answered.
    if (this.saveState === 'saved' && !isAnswered(this.value)) return html`<p class="save-state" data-testid="answer-state"></p>`;
    return html`<p class="save-state ${this.saveState}" data-testid="answer-state" data-state=${this.saveState}>
      ${this.saveState === 'saved' ? html`<span aria-hidden="true">✓</span> ` : null}${t(`attempt.states.${this.saveState}`)}
    </p>`;
  }

  /** Moves focus to the question (after jumping to it from the list of unanswered ones). */
  override focus(): void {
    this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
  }

  override render() {
    const q = this.question;
    if (!q) return null;
    return html`<article data-testid="question" data-question-id=${q.id} data-type=${q.type} aria-labelledby="heading">
      <h2 id="heading" tabindex="-1">
        ${t('attempt.questionHeading', { number: this.number })}
        <span class="points">${t('attempt.points', { points: pointsText(q.points) })}</span>
      </h2>
      <div class="stem prose" id="stem">${unsafeHTML(q.stemHtml)}</div>
      ${this.renderInput(q)} ${this.renderState()}
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-question': SinauQuestion;
  }
}
