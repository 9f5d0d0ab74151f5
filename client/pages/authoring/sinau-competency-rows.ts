import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Competency } from '../../api/courses.ts';
import { LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';

const competencyLevels = [1, 2, 3, 4, 5] as const;

/**
 * The competencies a course builds, as rows of code and level.
 * Fires `sinau-competencies-change` with the whole new list.
 */
@customElement('sinau-competency-rows')
export class SinauCompetencyRows extends LitElement {
  static override styles = [
    pageStyles,
    css`
      ol {
        list-style: none;
        margin: 0 0 var(--sinau-space-3);
        padding: 0;
        display: grid;
        gap: var(--sinau-space-2);
      }
      li {
        display: grid;
        grid-template-columns: minmax(0, 2fr) minmax(6rem, 1fr) auto;
        gap: var(--sinau-space-2);
        align-items: end;
      }
      .field {
        margin: 0;
      }
      .empty {
        color: var(--sinau-color-muted);
      }
    `,
  ];

  /** The rows. */
  @property({ attribute: false }) competencies: Competency[] = [];
  /** No changes allowed. */
  @property({ type: Boolean }) readOnly = false;

  private readonly locale = new LocaleController(this);

  private emit(competencies: Competency[]): void {
    this.dispatchEvent(new CustomEvent<Competency[]>('sinau-competencies-change', { detail: competencies, bubbles: true, composed: true }));
  }

  private changeRow(index: number, changes: Partial<Competency>): void {
    this.emit(this.competencies.map((c, i) => (i === index ? { ...c, ...changes } : c)));
  }

  private async add(): Promise<void> {
    this.emit([...this.competencies, { code: '', level: 1 }]);
    await new Promise((resolve) => requestAnimationFrame(resolve));
    this.renderRoot.querySelector<HTMLInputElement>(`#code-${this.competencies.length - 1}`)?.focus();
  }

  private async removeRow(index: number): Promise<void> {
    this.emit(this.competencies.filter((_, i) => i !== index));
    await new Promise((resolve) => requestAnimationFrame(resolve));
    this.renderRoot.querySelector<HTMLButtonElement>('.add')?.focus();
  }

  override render() {
    return html`${this.competencies.length
        ? html`<ol>
            ${this.competencies.map(
              (c, index) => html`<li>
                <div class="field">
                  <label for=${`code-${index}`}>${t('editor.competencyCode')}</label>
                  <input
                    id=${`code-${index}`}
                    maxlength="40"
                    autocapitalize="characters"
                    spellcheck="false"
                    .value=${c.code}
                    ?disabled=${this.readOnly}
                    aria-invalid=${c.code.trim() ? 'false' : 'true'}
                    @input=${(e: Event) => this.changeRow(index, { code: (e.target as HTMLInputElement).value })}
                  />
                </div>
                <div class="field">
                  <label for=${`level-${index}`}>${t('editor.competencyLevel')}</label>
                  <select id=${`level-${index}`} ?disabled=${this.readOnly} @change=${(e: Event) => this.changeRow(index, { level: Number((e.target as HTMLSelectElement).value) })}>
                    ${competencyLevels.map((level) => html`<option value=${String(level)} .selected=${level === c.level}>${level}</option>`)}
                  </select>
                </div>
                ${this.readOnly
                  ? html`<span></span>`
                  : html`<button type="button" class="secondary" @click=${() => void this.removeRow(index)}>
                      <span aria-hidden="true">✕</span><span class="visually-hidden">${t('editor.removeCompetency', { code: c.code || String(index + 1) })}</span>
                    </button>`}
              </li>`,
            )}
          </ol>`
        : html`<p class="empty">${t('editor.noCompetencies')}</p>`}
      ${this.readOnly ? null : html`<button type="button" class="secondary add" @click=${this.add}>${t('editor.addCompetency')}</button>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-competency-rows': SinauCompetencyRows;
  }
  interface HTMLElementEventMap {
    'sinau-competencies-change': CustomEvent<Competency[]>;
  }
}
