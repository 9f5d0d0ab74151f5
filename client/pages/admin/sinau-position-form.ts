import { LitElement, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { createPosition, tiers, updatePosition, type Position, type PositionChanges, type Tier, type Unit } from '../../api/org.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { unitOptions } from './unit-tree.ts';
import '../../components/sinau-alert.ts';

/**
 * Creates a position in an office or edits one (name, tier; the office is fixed once created).
 * Fires `sinau-position-saved` (detail: the saved Position) or `sinau-form-cancel`.
 */
@customElement('sinau-position-form')
export class SinauPositionForm extends LitElement {
  static override styles = pageStyles;

  /** The position to edit; null to create a new one. */
  @property({ attribute: false }) position: Position | null = null;
  /** Offices to choose from when creating. */
  @property({ attribute: false }) units: Unit[] = [];
  /** Office chosen at first when creating (the list's filter). */
  @property({ attribute: false }) defaultUnitId: number | null = null;

  @state() private name = '';
  @state() private tier: Tier = 'Pelaksana';
  @state() private unitId: number | null = null;
  @state() private busy = false;
  @state() private error = '';
  @state() private invalid: { name?: boolean; unit?: boolean } = {};

  private readonly locale = new LocaleController(this);
  private focusHeading = true;

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('position') || (!this.hasUpdated && !this.position)) {
      this.name = this.position?.name ?? '';
      this.tier = this.position?.tier ?? 'Pelaksana';
      this.unitId = this.position?.unit.id ?? this.defaultUnitId;
      this.error = '';
      this.invalid = {};
      this.focusHeading = true;
    }
  }

  // Moving focus to the form's heading tells screen-reader users the form has opened.
  override updated(): void {
    if (!this.focusHeading) return;
    this.focusHeading = false;
    this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const name = this.name.trim();
    this.invalid = { name: !name, unit: !this.position && this.unitId === null };
    if (this.invalid.name || this.invalid.unit) {
      this.error = t('form.fixErrors');
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      let saved: Position;
      if (this.position) {
        const changes: PositionChanges = {};
        if (name !== this.position.name) changes.name = name;
        if (this.tier !== this.position.tier) changes.tier = this.tier;
        saved = Object.keys(changes).length ? await updatePosition(this.position.id, changes) : this.position;
      } else {
        saved = await createPosition({ name, tier: this.tier, unitId: this.unitId! });
      }
      this.dispatchEvent(new CustomEvent<Position>('sinau-position-saved', { detail: saved, bubbles: true, composed: true }));
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = false;
    }
  }

  private cancel(): void {
    this.dispatchEvent(new CustomEvent('sinau-form-cancel', { bubbles: true, composed: true }));
  }

  override render() {
    const editing = this.position;
    return html`<form class="card" novalidate @submit=${this.onSubmit} aria-labelledby="position-form-heading">
      <h2 id="position-form-heading" tabindex="-1">
        ${editing ? t('positions.editHeading', { name: editing.name }) : t('positions.createHeading')}
      </h2>
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : null}
      <div class="form-grid">
        <div class="field">
          <label for="position-unit">${t('positions.unit')}</label>
          ${editing
            ? html`<input id="position-unit" .value=${editing.unit.name} readonly aria-describedby="position-unit-hint" />
                <p class="hint" id="position-unit-hint">${t('positions.unitFixed')}</p>`
            : html`<select
                id="position-unit"
                required
                aria-invalid=${this.invalid.unit ? 'true' : 'false'}
                @change=${(e: Event) => {
                  const value = (e.target as HTMLSelectElement).value;
                  this.unitId = value ? Number(value) : null;
                }}
              >
                <option value="" .selected=${this.unitId === null}>${t('positions.chooseUnit')}</option>
                ${unitOptions(this.units, this.unitId)}
              </select>`}
        </div>
        <div class="field">
          <label for="position-name">${t('positions.name')}</label>
          <input
            id="position-name"
            .value=${this.name}
            required
            autocomplete="off"
            aria-invalid=${this.invalid.name ? 'true' : 'false'}
            @input=${(e: Event) => (this.name = (e.target as HTMLInputElement).value)}
          />
        </div>
        <div class="field">
          <label for="position-tier">${t('positions.tier')}</label>
          <select id="position-tier" @change=${(e: Event) => (this.tier = (e.target as HTMLSelectElement).value as Tier)}>
            ${tiers.map((tier) => html`<option value=${tier} .selected=${tier === this.tier}>${t(`tiers.${tier}`)}</option>`)}
          </select>
        </div>
      </div>
      <div class="actions">
        <button type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>${this.busy ? t('common.saving') : t('common.save')}</button>
        <button type="button" class="secondary" @click=${this.cancel}>${t('common.cancel')}</button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-position-form': SinauPositionForm;
  }
  interface HTMLElementEventMap {
    'sinau-position-saved': CustomEvent<Position>;
  }
}
