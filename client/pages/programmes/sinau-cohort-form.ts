import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { PersonRef, Position, Unit } from '../../api/org.ts';
import { createCohort, type CohortCreated } from '../../api/programmes.ts';
import { announce } from '../../announce.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t } from '../../i18n.ts';
import { unitOptions } from '../admin/unit-tree.ts';
import { skippedSentence, todayIso } from './programme-format.ts';
import { programmeStyles } from './programme-styles.ts';
import '../../components/sinau-alert.ts';
import '../admin/sinau-person-picker.ts';

/**
 * Creating a cohort of a programme: name, dates, facilitators, whether principals review
 * practice, and participants by office or school, position, or a list of people.
 * Fires `sinau-cohort-created` with the cohort and the people skipped (already in another cohort).
 */
@customElement('sinau-cohort-form')
export class SinauCohortForm extends LitElement {
  static override styles = programmeStyles;

  /** The programme the cohort belongs to. */
  @property({ type: Number }) programmeId = 0;
  /** Offices and schools the admin may choose from. */
  @property({ attribute: false }) units: Unit[] = [];
  /** Positions the admin may choose from. */
  @property({ attribute: false }) positions: Position[] = [];

  @state() private name = '';
  @state() private startsOn = todayIso();
  @state() private endsOn = todayIso(90);
  @state() private principalReview = false;
  @state() private facilitators: PersonRef[] = [];
  @state() private unitIds: number[] = [];
  @state() private includeSubUnits = true;
  @state() private positionIds: number[] = [];
  @state() private people: PersonRef[] = [];
  @state() private busy = false;
  @state() private error = '';
  @state() private errors: string[] = [];

  private readonly locale = new LocaleController(this);

  private addUnit(): void {
    const id = Number(this.renderRoot.querySelector<HTMLSelectElement>('#c-unit')?.value);
    if (!id || this.unitIds.includes(id)) return;
    this.unitIds = [...this.unitIds, id];
    announce(t('programmes.cohortForm.added', { name: this.units.find((u) => u.id === id)?.name ?? '' }));
  }

  private addPosition(): void {
    const id = Number(this.renderRoot.querySelector<HTMLSelectElement>('#c-position')?.value);
    if (!id || this.positionIds.includes(id)) return;
    this.positionIds = [...this.positionIds, id];
    announce(t('programmes.cohortForm.added', { name: this.positions.find((p) => p.id === id)?.name ?? '' }));
  }

  private addPerson(list: 'facilitators' | 'people', person: PersonRef | null): void {
    if (!person || this[list].some((p) => p.id === person.id)) return;
    this[list] = [...this[list], person];
    announce(t('programmes.cohortForm.added', { name: person.name }));
  }

  private chips<T>(items: T[], label: (item: T) => string, remove: (item: T) => void, listLabel: string) {
    if (!items.length) return nothing;
    return html`<ul class="plain" aria-label=${listLabel}>
      ${items.map(
        (item) => html`<li>
          ${label(item)}
          <button type="button" class="link" @click=${() => remove(item)}>${t('programmes.cohortForm.remove')}<span class="visually-hidden"> ${label(item)}</span></button>
        </li>`,
      )}
    </ul>`;
  }

  private async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const errors: string[] = [];
    if (!this.name.trim()) errors.push(t('programmes.cohortForm.nameRequired'));
    if (!this.startsOn || !this.endsOn || this.endsOn < this.startsOn) errors.push(t('programmes.cohortForm.datesInvalid'));
    if (!this.unitIds.length && !this.positionIds.length && !this.people.length) errors.push(t('programmes.cohortForm.participantsRequired'));
    this.errors = errors;
    this.error = '';
    if (errors.length) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#cohort-errors')?.focus();
      return;
    }
    this.busy = true;
    try {
      const cohort = await createCohort(this.programmeId, {
        name: this.name.trim(),
        startsOn: this.startsOn,
        endsOn: this.endsOn,
        facilitatorIds: this.facilitators.map((p) => p.id),
        principalReview: this.principalReview,
        participants: {
          ...(this.unitIds.length ? { unitIds: this.unitIds, includeSubUnits: this.includeSubUnits } : {}),
          ...(this.positionIds.length ? { positionIds: this.positionIds } : {}),
          ...(this.people.length ? { personIds: this.people.map((p) => p.id) } : {}),
        },
      });
      announce([t('programmes.cohortForm.created', { name: cohort.name, count: cohort.participantCount }), skippedSentence(cohort.skipped)].filter(Boolean).join(' '));
      this.dispatchEvent(new CustomEvent<CohortCreated>('sinau-cohort-created', { detail: cohort, bubbles: true, composed: true }));
      this.name = '';
      this.unitIds = [];
      this.positionIds = [];
      this.people = [];
      this.facilitators = [];
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const schools = this.units.filter((u) => u.kind === 'sekolah');
    const others = this.units.filter((u) => u.kind !== 'sekolah');
    const unitName = (id: number) => this.units.find((u) => u.id === id)?.name ?? String(id);
    const positionName = (id: number) => {
      const p = this.positions.find((x) => x.id === id);
      return p ? `${p.name} (${p.unit.name})` : String(id);
    };
    return html`<form novalidate @submit=${this.submit} data-testid="cohort-form">
      <div class="form-grid">
        <div class="field">
          <label for="c-name">${t('programmes.cohortForm.name')}</label>
          <input id="c-name" maxlength="200" .value=${this.name} @input=${(e: Event) => (this.name = (e.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="c-starts">${t('programmes.cohortForm.startsOn')}</label>
          <input id="c-starts" type="date" .value=${this.startsOn} @input=${(e: Event) => (this.startsOn = (e.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="c-ends">${t('programmes.cohortForm.endsOn')}</label>
          <input id="c-ends" type="date" .value=${this.endsOn} @input=${(e: Event) => (this.endsOn = (e.target as HTMLInputElement).value)} />
        </div>
      </div>
      <label class="check">
        <input type="checkbox" .checked=${this.principalReview} @change=${(e: Event) => (this.principalReview = (e.target as HTMLInputElement).checked)} />
        ${t('programmes.cohortForm.principalReview')}
      </label>
      <p class="hint">${t('programmes.cohortForm.principalReviewHint')}</p>
      <sinau-person-picker
        .label=${t('programmes.cohortForm.facilitators')}
        .value=${null}
        @sinau-person-change=${(e: CustomEvent<PersonRef | null>) => {
          e.stopPropagation();
          this.addPerson('facilitators', e.detail);
        }}
      ></sinau-person-picker>
      ${this.chips(this.facilitators, (p) => p.name, (p) => (this.facilitators = this.facilitators.filter((x) => x.id !== p.id)), t('programmes.cohortForm.facilitators'))}
      <fieldset>
        <legend>${t('programmes.cohortForm.participants')}</legend>
        <p class="hint">${t('programmes.cohortForm.participantsHint')}</p>
        <div class="form-grid">
          <div class="field">
            <label for="c-unit">${t('programmes.cohortForm.unit')}</label>
            <select id="c-unit">
              ${schools.length
                ? html`<optgroup label=${t('programmes.cohortForm.schools')}>
                    ${schools.map((u) => html`<option value=${String(u.id)}>${u.name}</option>`)}
                  </optgroup>`
                : nothing}
              <optgroup label=${t('programmes.cohortForm.offices')}>${unitOptions(others, null)}</optgroup>
            </select>
          </div>
          <div class="field">
            <span aria-hidden="true">&nbsp;</span>
            <button type="button" class="secondary" @click=${this.addUnit}>${t('programmes.cohortForm.addUnit')}</button>
          </div>
        </div>
        ${this.chips(this.unitIds, unitName, (id) => (this.unitIds = this.unitIds.filter((x) => x !== id)), t('programmes.cohortForm.chosenUnits'))}
        <label class="check">
          <input type="checkbox" .checked=${this.includeSubUnits} @change=${(e: Event) => (this.includeSubUnits = (e.target as HTMLInputElement).checked)} />
          ${t('programmes.cohortForm.includeSubUnits')}
        </label>
        <div class="form-grid">
          <div class="field">
            <label for="c-position">${t('programmes.cohortForm.position')}</label>
            <select id="c-position">
              ${this.positions.map((p) => html`<option value=${String(p.id)}>${p.name} (${p.unit.name})</option>`)}
            </select>
          </div>
          <div class="field">
            <span aria-hidden="true">&nbsp;</span>
            <button type="button" class="secondary" @click=${this.addPosition}>${t('programmes.cohortForm.addPosition')}</button>
          </div>
        </div>
        ${this.chips(this.positionIds, positionName, (id) => (this.positionIds = this.positionIds.filter((x) => x !== id)), t('programmes.cohortForm.chosenPositions'))}
        <sinau-person-picker
          .label=${t('programmes.cohortForm.people')}
          .value=${null}
          @sinau-person-change=${(e: CustomEvent<PersonRef | null>) => {
            e.stopPropagation();
            this.addPerson('people', e.detail);
          }}
        ></sinau-person-picker>
        ${this.chips(this.people, (p) => p.name, (p) => (this.people = this.people.filter((x) => x.id !== p.id)), t('programmes.cohortForm.people'))}
      </fieldset>
      ${this.errors.length
        ? html`<div id="cohort-errors" tabindex="-1" role="alert"><sinau-alert variant="error">${this.errors.join(' ')}</sinau-alert></div>`
        : nothing}
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : nothing}
      <div class="actions">
        <button type="submit" ?disabled=${this.busy}>${this.busy ? t('common.saving') : t('programmes.cohortForm.create')}</button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-cohort-form': SinauCohortForm;
  }
  interface HTMLElementEventMap {
    'sinau-cohort-created': CustomEvent<CohortCreated>;
  }
}
