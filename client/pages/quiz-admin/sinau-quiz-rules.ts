import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { listFrameworks, type Framework } from '../../api/competency-admin.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t, type MessageKey } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { editorStyles } from '../authoring/editor-styles.ts';
import { allCompetencies, competencyOptions } from '../competency-admin/competency-admin-shared.ts';
import { textField } from './form-fields.ts';
import { newKey } from './question-draft.ts';
import { quizAdminStyles } from './quiz-admin-styles.ts';
import { ruleConditions, ruleIds, type RuleRow } from './quiz-settings.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';

const LEVELS = [1, 2, 3, 4, 5] as const;

/**
 * The quiz's evidence rules: each names a competency of the city's frameworks, the level the
 * quiz proves, and whether passing the quiz is enough or the questions of that competency must
 * reach a minimum score. Edited here, saved with the rest of the quiz's settings.
 * Fires `sinau-rules-change` (detail: the rows) on every change.
 */
@customElement('sinau-quiz-rules')
export class SinauQuizRules extends LitElement {
  static override styles = [pageStyles, editorStyles, quizAdminStyles];

  /** The rules as typed. */
  @property({ attribute: false }) rules: RuleRow[] = [];
  /** Inputs to fix (input id → message), from the editor's check before saving. */
  @property({ attribute: false }) invalid: Record<string, MessageKey> = {};

  private readonly locale = new LocaleController(this);
  private readonly frameworks = new LoadController<Framework[]>(this, (signal) => listFrameworks(signal));
  private focusAfter: string | null = null;

  protected override updated(): void {
    if (!this.focusAfter) return;
    const selector = this.focusAfter;
    this.focusAfter = null;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  private emit(rules: RuleRow[]): void {
    this.dispatchEvent(new CustomEvent('sinau-rules-change', { detail: rules, bubbles: true, composed: true }));
  }

  private change(key: string, changes: Partial<RuleRow>): void {
    this.emit(this.rules.map((r) => (r.key === key ? { ...r, ...changes } : r)));
  }

  private addRule(): void {
    const row: RuleRow = { key: newKey(), code: '', level: 1, condition: 'passed', minPct: '' };
    this.focusAfter = `#${ruleIds(row.key).code}`;
    this.emit([...this.rules, row]);
    announce(t('competencyAdmin.quizRules.added', { n: this.rules.length + 1 }));
  }

  private removeRule(index: number): void {
    const rules = this.rules.filter((_, i) => i !== index);
    const next = rules[Math.min(index, rules.length - 1)];
    this.focusAfter = next ? `[data-row="${next.key}"] [data-tool="remove"]` : '#add-rule';
    this.emit(rules);
    announce(t('competencyAdmin.quizRules.removed', { n: index + 1 }));
  }

  private error(id: string): string | undefined {
    const key = this.invalid[id];
    return key && t(key);
  }

  private renderRule(row: RuleRow, index: number, frameworks: Framework[]) {
    const ids = ruleIds(row.key);
    const name = t('competencyAdmin.quizRules.rule', { n: index + 1 });
    const known = allCompetencies(frameworks).some((c) => c.code === row.code);
    const codeError = this.error(ids.code);
    return html`<li data-row=${row.key} class="row-box" role="group" aria-label=${name} data-testid="quiz-rule">
      <div class="inline-fields">
        <div class="field">
          <label for=${ids.code}>${t('competencyAdmin.quizRules.competency')}</label>
          <select
            id=${ids.code}
            aria-invalid=${codeError ? 'true' : 'false'}
            aria-describedby=${codeError ? `${ids.code}-error` : nothing}
            @change=${(e: Event) => this.change(row.key, { code: (e.target as HTMLSelectElement).value })}
          >
            <option value="" .selected=${row.code === ''}>${t('competencyAdmin.quizRules.chooseCompetency')}</option>
            ${row.code && !known ? html`<option value=${row.code} selected>${row.code}</option>` : nothing} ${competencyOptions(frameworks, row.code)}
          </select>
          ${codeError ? html`<p id=${`${ids.code}-error`} class="field-error">${codeError}</p>` : nothing}
        </div>
        <div class="field">
          <label for=${ids.level}>${t('competencyAdmin.quizRules.level')}</label>
          <select id=${ids.level} @change=${(e: Event) => this.change(row.key, { level: Number((e.target as HTMLSelectElement).value) })}>
            ${LEVELS.map((level) => html`<option value=${String(level)} .selected=${row.level === level}>${t('competencyAdmin.standards.level', { level })}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for=${ids.condition}>${t('competencyAdmin.quizRules.condition')}</label>
          <select id=${ids.condition} @change=${(e: Event) => this.change(row.key, { condition: (e.target as HTMLSelectElement).value as RuleRow['condition'] })}>
            ${ruleConditions.map((c) => html`<option value=${c} .selected=${row.condition === c}>${t(`competencyAdmin.quizRules.conditions.${c}`)}</option>`)}
          </select>
        </div>
        ${row.condition === 'subscore'
          ? textField({
              id: ids.minPct,
              label: t('competencyAdmin.quizRules.minPct'),
              hint: t('competencyAdmin.quizRules.minPctHint'),
              value: row.minPct,
              numeric: true,
              maxlength: 6,
              error: this.error(ids.minPct),
              onInput: (v) => this.change(row.key, { minPct: v }),
            })
          : nothing}
      </div>
      <div class="row-foot">
        <span></span>
        <div class="tools">
          <button type="button" class="secondary" data-tool="remove" @click=${() => this.removeRule(index)}>
            <span aria-hidden="true">✕</span><span class="visually-hidden">${t('quizEditor.remove', { item: name })}</span>
          </button>
        </div>
      </div>
    </li>`;
  }

  override render() {
    let body;
    if (this.frameworks.error) body = html`<sinau-alert variant="error">${describeError(this.frameworks.error)}</sinau-alert>`;
    else if (!this.frameworks.value) body = html`<sinau-loading></sinau-loading>`;
    else {
      const frameworks = this.frameworks.value;
      body = html`${this.rules.length
          ? html`<ol class="rows">
              ${repeat(
                this.rules,
                (r) => r.key,
                (r, i) => this.renderRule(r, i, frameworks),
              )}
            </ol>`
          : html`<p class="muted">${t('competencyAdmin.quizRules.empty')}</p>`}
        <button type="button" class="secondary" id="add-rule" @click=${this.addRule}>${t('competencyAdmin.quizRules.add')}</button>`;
    }
    return html`<fieldset data-testid="quiz-rules">
      <legend>${t('competencyAdmin.quizRules.legend')}</legend>
      <p class="hint">${t('competencyAdmin.quizRules.intro')}</p>
      ${body}
    </fieldset>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-quiz-rules': SinauQuizRules;
  }
}
