import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { assess, type Assessment, type CompetencyLevel, type CompetencyStatus, type Framework } from '../../api/competencies.ts';
import { announce } from '../../announce.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t } from '../../i18n.ts';
import { formStyles, pageStyles } from '../../styles/shared-styles.ts';
import { competenciesByCode } from '../competencies/competency-format.ts';
import '../../components/sinau-alert.ts';

/**
 * The level the marks show, by the server's rule: a level counts when at least two thirds of
 * its indicators are marked, and the result is the highest level up to which every level counts.
 */
export function assessedLevel(levels: readonly CompetencyLevel[], ratings: Record<string, boolean[]>): number {
  let shown = 0;
  for (const l of [...levels].sort((a, b) => a.level - b.level)) {
    const yes = (ratings[String(l.level)] ?? []).filter(Boolean).length;
    if (yes > 0 && yes * 3 >= l.indicators.length * 2) shown = l.level;
    else break;
  }
  return shown;
}

/**
 * The supervisor's assessment of a team member on one competency: each level's behaviour
 * indicators as checkboxes, the level they add up to, a note. Fires `sinau-assessed` (detail:
 * the saved assessment).
 */
@customElement('sinau-assessment-form')
export class SinauAssessmentForm extends LitElement {
  static override styles = [
    pageStyles,
    formStyles,
    css`
      fieldset.level p {
        margin-bottom: var(--sinau-space-2);
      }
      .result {
        font-weight: 700;
        font-size: 1.05rem;
      }
      textarea {
        font-family: inherit;
        font-size: 1rem;
        min-height: 4rem;
      }
      select {
        max-width: 40rem;
      }
    `,
  ];

  /** The person assessed. */
  @property({ type: Number, attribute: 'person-id' }) personId = 0;
  /** Their name, for the labels. */
  @property({ attribute: 'person-name' }) personName = '';
  /** Their competencies (those their position requires come first in the choice). */
  @property({ attribute: false }) competencies: CompetencyStatus[] = [];
  /** The frameworks: every competency's levels and indicators. */
  @property({ attribute: false }) frameworks: Framework[] = [];

  @state() private code = '';
  @state() private ratings: Record<string, boolean[]> = {};
  @state() private note = '';
  @state() private busy = false;
  @state() private error = '';

  private readonly locale = new LocaleController(this);

  private get levels(): CompetencyLevel[] {
    return competenciesByCode(this.frameworks).get(this.code)?.levels ?? [];
  }

  private choose(code: string): void {
    this.code = code;
    this.ratings = Object.fromEntries(this.levels.map((l) => [String(l.level), l.indicators.map(() => false)]));
    this.error = '';
  }

  private mark(level: number, index: number, on: boolean): void {
    const key = String(level);
    const marks = [...(this.ratings[key] ?? [])];
    marks[index] = on;
    this.ratings = { ...this.ratings, [key]: marks };
  }

  private async onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    if (!this.code || this.busy) return;
    this.busy = true;
    this.error = '';
    try {
      const saved = await assess(this.personId, { code: this.code, ratings: this.ratings, note: this.note.trim() });
      announce(t('team.member.assessed', { code: saved.code, level: saved.level, name: this.personName }));
      this.note = '';
      this.choose(this.code);
      this.dispatchEvent(new CustomEvent<Assessment>('sinau-assessed', { detail: saved, bubbles: true, composed: true }));
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = false;
    }
  }

  private renderChoice() {
    const required = this.competencies.filter((c) => c.required > 0).sort((a, b) => a.code.localeCompare(b.code, undefined, { numeric: true }));
    const requiredCodes = new Set(required.map((c) => c.code));
    const others = this.frameworks.flatMap((f) => f.competencies).filter((c) => !requiredCodes.has(c.code));
    return html`<div class="field">
      <label for="assess-competency">${t('team.member.chooseCompetency')}</label>
      <select id="assess-competency" @change=${(e: Event) => this.choose((e.target as HTMLSelectElement).value)}>
        <option value="" ?selected=${!this.code}>${t('team.member.pickCompetency')}</option>
        ${required.length
          ? html`<optgroup label=${t('team.member.requiredGroup')}>
              ${required.map(
                (c) => html`<option value=${c.code} ?selected=${c.code === this.code}>
                  ${c.code} ${c.name} (${t('team.member.levelNow', { attained: c.attained, required: c.required })})
                </option>`,
              )}
            </optgroup>`
          : null}
        <optgroup label=${t('team.member.otherGroup')}>
          ${others.map((c) => html`<option value=${c.code} ?selected=${c.code === this.code}>${c.code} ${c.name}</option>`)}
        </optgroup>
      </select>
    </div>`;
  }

  private renderLevels() {
    if (!this.code) return null;
    const levels = this.levels;
    const result = assessedLevel(levels, this.ratings);
    return html`${levels.map(
        (l) => html`<fieldset class="level">
          <legend>${t('competencies.levelNamed', { level: l.level, name: l.name })}</legend>
          ${l.description ? html`<p class="hint">${l.description}</p>` : null}
          ${l.indicators.length
            ? l.indicators.map(
                (indicator, i) => html`<label class="check">
                  <input
                    type="checkbox"
                    .checked=${this.ratings[String(l.level)]?.[i] ?? false}
                    @change=${(e: Event) => this.mark(l.level, i, (e.target as HTMLInputElement).checked)}
                  />
                  <span>${indicator}</span>
                </label>`,
              )
            : html`<p class="muted">${t('team.member.noIndicators')}</p>`}
        </fieldset>`,
      )}
      <p class="result" role="status" data-testid="assessment-result">
        ${result > 0 ? t('team.member.resultLevel', { level: result }) : t('team.member.resultNone')}
      </p>
      <div class="field">
        <label for="assess-note">${t('team.member.assessNote')}</label>
        <textarea id="assess-note" maxlength="4000" .value=${this.note} @input=${(e: Event) => (this.note = (e.target as HTMLTextAreaElement).value)}></textarea>
      </div>
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : null}
      <div class="actions">
        <button type="submit" ?disabled=${this.busy}>${t('team.member.saveAssessment')}</button>
      </div>`;
  }

  override render() {
    return html`<form novalidate @submit=${this.onSubmit} aria-busy=${this.busy ? 'true' : 'false'}>
      <p>${t('team.member.assessIntro', { name: this.personName })}</p>
      ${this.renderChoice()} ${this.renderLevels()}
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-assessment-form': SinauAssessmentForm;
  }
  interface HTMLElementEventMap {
    'sinau-assessed': CustomEvent<Assessment>;
  }
}
