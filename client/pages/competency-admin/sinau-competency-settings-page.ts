import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import {
  attainmentMethods,
  evidenceSources,
  getCompetencySettings,
  saveCompetencySettings,
  type AttainmentMethod,
  type CompetencySettings,
  type EvidenceSource,
} from '../../api/competency-admin.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t } from '../../i18n.ts';
import { SessionController } from '../../session.ts';
import { numberText, parseNumber } from '../quizzes/quiz-format.ts';
import { textField } from '../quiz-admin/form-fields.ts';
import { competencyAdminStyles } from './competency-admin-styles.ts';
import { isCityAdmin, readOnlyNote } from './competency-admin-shared.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import './sinau-competency-admin-nav.ts';

type NumberField = 'minWeight' | 'fullYears' | 'decayYears' | 'jpMinutesPerJp' | 'jpTarget';

/** The server's limits (CompetencySettings in server/competencies/settings.ts). */
const limits: Record<NumberField | 'weight', [number, number]> = {
  minWeight: [0.1, 10],
  fullYears: [0, 30],
  decayYears: [0, 30],
  jpMinutesPerJp: [1, 600],
  jpTarget: [0, 1000],
  weight: [0.1, 10],
};

type NeedsField = 'signalMonths' | 'D' | 'C' | 'B' | 'jpPerLevel';
/** The training-needs priority's settings (TrainingNeedsSettings on the server). */
const needsLimits: Record<NeedsField, [number, number]> = { signalMonths: [1, 36], D: [0, 10], C: [0, 10], B: [0, 10], jpPerLevel: [1, 100] };

interface Draft {
  method: AttainmentMethod;
  numbers: Record<NumberField, string>;
  weights: Record<EvidenceSource, string>;
  needs: Record<NeedsField, string>;
}

function draftOf(s: CompetencySettings): Draft {
  return {
    method: s.method,
    numbers: {
      minWeight: numberText(s.minWeight),
      fullYears: numberText(s.fullYears),
      decayYears: numberText(s.decayYears),
      jpMinutesPerJp: numberText(s.jpMinutesPerJp),
      jpTarget: numberText(s.jpTarget),
    },
    weights: Object.fromEntries(evidenceSources.map((source) => [source, numberText(s.weights[source])])) as Record<EvidenceSource, string>,
    needs: {
      signalMonths: numberText(s.trainingNeeds?.signalMonths ?? 6),
      D: numberText(s.trainingNeeds?.signalWeights.D ?? 1),
      C: numberText(s.trainingNeeds?.signalWeights.C ?? 0.5),
      B: numberText(s.trainingNeeds?.signalWeights.B ?? 0.25),
      jpPerLevel: numberText(s.trainingNeeds?.jpPerLevel ?? 8),
    },
  };
}

/**
 * How attainment is computed from evidence (the method and its numbers, how evidence ages, what
 * each kind of evidence weighs) and the JP rules, each explained in plain words. City-wide
 * admins change them; office admins see them.
 */
@customElement('sinau-competency-settings-page')
export class SinauCompetencySettingsPage extends LitElement {
  static override styles = competencyAdminStyles;

  /** Query of the address (unused; set by the router). */
  @property({ attribute: false }) query = new URLSearchParams();

  @state() private draft: Draft | null = null;
  @state() private invalid: Record<string, string> = {};
  @state() private error = '';
  @state() private savedNote = '';
  @state() private busy = false;

  private readonly locale = new LocaleController(this);
  private readonly session = new SessionController(this);
  private readonly settings = new LoadController<CompetencySettings>(this, (signal) => getCompetencySettings(signal));

  protected override willUpdate(): void {
    if (this.settings.value && !this.draft) this.draft = draftOf(this.settings.value);
  }

  /** The settings to save, or null with `invalid` filled in. */
  private parse(d: Draft): CompetencySettings | null {
    const invalid: Record<string, string> = {};
    const read = (id: string, text: string, [min, max]: [number, number]): number => {
      const value = parseNumber(text);
      if (value === null || value === undefined || value < min || value > max) {
        invalid[id] = t('competencyAdmin.settings.outOfRange', { min, max });
        return min;
      }
      return value;
    };
    const n = (field: NumberField) => read(`set-${field}`, d.numbers[field], limits[field]);
    const needs = (field: NeedsField) => {
      const value = read(`needs-${field}`, d.needs[field], needsLimits[field]);
      // Months are whole.
      if (field === 'signalMonths' && !Number.isInteger(value)) invalid[`needs-${field}`] = t('competencyAdmin.settings.outOfRange', { min: needsLimits[field][0], max: needsLimits[field][1] });
      return value;
    };
    const settings: CompetencySettings = {
      method: d.method,
      minWeight: n('minWeight'),
      fullYears: n('fullYears'),
      decayYears: n('decayYears'),
      weights: Object.fromEntries(evidenceSources.map((source) => [source, read(`weight-${source}`, d.weights[source], limits.weight)])) as CompetencySettings['weights'],
      jpMinutesPerJp: n('jpMinutesPerJp'),
      jpTarget: n('jpTarget'),
      trainingNeeds: {
        signalMonths: Math.trunc(needs('signalMonths')),
        signalWeights: { D: needs('D'), C: needs('C'), B: needs('B') },
        jpPerLevel: needs('jpPerLevel'),
      },
    };
    this.invalid = invalid;
    return Object.keys(invalid).length ? null : settings;
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const d = this.draft;
    if (this.busy || !d) return;
    this.savedNote = '';
    const settings = this.parse(d);
    if (!settings) {
      this.error = t('form.fixErrors');
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const saved = await saveCompetencySettings(settings);
      this.settings.value = saved;
      this.draft = draftOf(saved);
      this.savedNote = t('competencyAdmin.settings.saved');
      announce(this.savedNote);
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = false;
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#save-result')?.focus();
  }

  private number(field: NumberField, d: Draft) {
    return textField({
      id: `set-${field}`,
      label: t(`competencyAdmin.settings.fields.${field}`),
      hint: t(`competencyAdmin.settings.hints.${field}`),
      value: d.numbers[field],
      numeric: true,
      maxlength: 8,
      error: this.invalid[`set-${field}`],
      onInput: (v) => (this.draft = { ...d, numbers: { ...d.numbers, [field]: v } }),
    });
  }

  private renderForm(d: Draft) {
    const canEdit = isCityAdmin(this.session.me);
    return html`<form novalidate @submit=${this.onSubmit} data-testid="competency-settings">
      <fieldset ?disabled=${!canEdit} class="plain">
        <legend class="visually-hidden">${t('competencyAdmin.settings.title')}</legend>
        <fieldset>
          <legend>${t('competencyAdmin.settings.methodLegend')}</legend>
          <p class="hint">${t('competencyAdmin.settings.methodIntro')}</p>
          ${attainmentMethods.map(
            (method) => html`<div class="method">
              <label class="check">
                <input
                  type="radio"
                  name="method"
                  value=${method}
                  aria-describedby=${`method-${method}-hint`}
                  .checked=${d.method === method}
                  @change=${() => (this.draft = { ...d, method })}
                />
                <span>${t(`competencyAdmin.settings.methods.${method}`)}</span>
              </label>
              <p id=${`method-${method}-hint`} class="hint">${t(`competencyAdmin.settings.methodHints.${method}`)}</p>
            </div>`,
          )}
          <div class="form-grid">${this.number('minWeight', d)}</div>
        </fieldset>
        <fieldset>
          <legend>${t('competencyAdmin.settings.ageLegend')}</legend>
          <div class="form-grid">${this.number('fullYears', d)} ${this.number('decayYears', d)}</div>
        </fieldset>
        <fieldset>
          <legend>${t('competencyAdmin.settings.weightsLegend')}</legend>
          <p class="hint">${t('competencyAdmin.settings.weightsIntro')}</p>
          <div class="inline-fields">
            ${evidenceSources.map((source) =>
              textField({
                id: `weight-${source}`,
                label: t(`competencyAdmin.settings.sources.${source}`),
                value: d.weights[source],
                numeric: true,
                maxlength: 6,
                error: this.invalid[`weight-${source}`],
                onInput: (v) => (this.draft = { ...d, weights: { ...d.weights, [source]: v } }),
              }),
            )}
          </div>
        </fieldset>
        <fieldset>
          <legend>${t('competencyAdmin.settings.jpLegend')}</legend>
          <div class="form-grid">${this.number('jpMinutesPerJp', d)} ${this.number('jpTarget', d)}</div>
        </fieldset>
        <fieldset data-testid="needs-settings">
          <legend>${t('trainingNeeds.settingsLegend')}</legend>
          <p class="hint">${t('trainingNeeds.settingsIntro')}</p>
          <div class="inline-fields">
            ${(['signalMonths', 'D', 'C', 'B', 'jpPerLevel'] as const).map((field) =>
              textField({
                id: `needs-${field}`,
                label: t(`trainingNeeds.settingsFields.${field}`),
                value: d.needs[field],
                numeric: true,
                maxlength: 6,
                error: this.invalid[`needs-${field}`],
                onInput: (v) => (this.draft = { ...d, needs: { ...d.needs, [field]: v } }),
              }),
            )}
          </div>
        </fieldset>
      </fieldset>
      <div id="save-result" tabindex="-1" data-testid="settings-save-result">
        ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : nothing}
        ${this.savedNote ? html`<sinau-alert variant="success">${this.savedNote}</sinau-alert>` : nothing}
      </div>
      ${canEdit
        ? html`<div class="actions">
            <button type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>${t('competencyAdmin.settings.save')}</button>
          </div>`
        : nothing}
    </form>`;
  }

  override render() {
    let body;
    if (this.settings.error) body = html`<sinau-alert variant="error">${describeError(this.settings.error)}</sinau-alert>`;
    else if (!this.draft) body = html`<sinau-loading></sinau-loading>`;
    else body = this.renderForm(this.draft);
    return html`<sinau-competency-admin-nav current="/admin/competencies/settings"></sinau-competency-admin-nav>
      <h1>${t('competencyAdmin.settings.title')}</h1>
      <p class="lead">${t('competencyAdmin.settings.intro')}</p>
      ${readOnlyNote(this.session.me)} ${body}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-competency-settings-page': SinauCompetencySettingsPage;
  }
}
