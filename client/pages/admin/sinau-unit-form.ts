import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { createUnit, unitKinds, updateUnit, type Unit, type UnitChanges, type UnitKind } from '../../api/org.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { unitOptions, unitWithDescendants } from './unit-tree.ts';
import '../../components/sinau-alert.ts';

/**
 * Creates an office or edits one (name, kind, parent, active).
 * Fires `sinau-unit-saved` (detail: the saved Unit) or `sinau-form-cancel`.
 */
@customElement('sinau-unit-form')
export class SinauUnitForm extends LitElement {
  static override styles = pageStyles;

  /** The office to edit; null to create a new one. */
  @property({ attribute: false }) unit: Unit | null = null;
  /** All offices, for the parent choice. */
  @property({ attribute: false }) units: Unit[] = [];
  /** Only city-wide admins may create top-level offices; scoped admins must pick a parent. */
  @property({ type: Boolean }) requireParent = false;

  @state() private code = '';
  @state() private name = '';
  @state() private kind: UnitKind = 'dinas';
  @state() private parentId: number | null = null;
  @state() private active = true;
  @state() private busy = false;
  @state() private error = '';
  @state() private invalid: { code?: boolean; name?: boolean; parent?: boolean } = {};

  private readonly locale = new LocaleController(this);
  private focusHeading = true;

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('unit')) {
      this.code = this.unit?.code ?? '';
      this.name = this.unit?.name ?? '';
      this.kind = this.unit?.kind ?? 'dinas';
      this.parentId = this.unit?.parentId ?? null;
      this.active = this.unit?.active ?? true;
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
    const code = this.code.trim();
    const name = this.name.trim();
    this.invalid = {
      code: !this.unit && !/^[A-Z0-9][A-Z0-9._-]{0,31}$/.test(code),
      name: name.length < 2,
      parent: this.requireParent && this.parentId === null,
    };
    if (this.invalid.code || this.invalid.name || this.invalid.parent) {
      this.error = t('form.fixErrors');
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      let saved: Unit;
      if (this.unit) {
        const changes: UnitChanges = {};
        if (name !== this.unit.name) changes.name = name;
        if (this.kind !== this.unit.kind) changes.kind = this.kind;
        if (this.parentId !== this.unit.parentId) changes.parentId = this.parentId;
        if (this.active !== this.unit.active) changes.active = this.active;
        saved = Object.keys(changes).length ? await updateUnit(this.unit.id, changes) : this.unit;
      } else {
        saved = await createUnit({ code, name, kind: this.kind, parentId: this.parentId });
      }
      this.dispatchEvent(new CustomEvent<Unit>('sinau-unit-saved', { detail: saved, bubbles: true, composed: true }));
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
    const editing = this.unit;
    const exclude = editing ? unitWithDescendants(this.units, editing.id) : new Set<number>();
    return html`<form class="card" novalidate @submit=${this.onSubmit} aria-labelledby="unit-form-heading">
      <h2 id="unit-form-heading" tabindex="-1">${editing ? t('units.editHeading', { name: editing.name }) : t('units.createHeading')}</h2>
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : null}
      <div class="form-grid">
        <div class="field">
          <label for="unit-code">${t('units.code')}</label>
          <input
            id="unit-code"
            .value=${this.code}
            ?readonly=${!!editing}
            ?required=${!editing}
            autocomplete="off"
            spellcheck="false"
            aria-invalid=${this.invalid.code ? 'true' : 'false'}
            aria-describedby="unit-code-hint"
            autocapitalize="characters"
            @input=${(e: Event) => {
              // Codes are upper case (BKPSDM, DISDIK-01); typing in lower case is fine.
              const input = e.target as HTMLInputElement;
              this.code = input.value.toUpperCase();
              input.value = this.code;
            }}
          />
          <p class="hint" id="unit-code-hint">${editing ? t('units.codeFixed') : t('units.codeHint')}</p>
        </div>
        <div class="field">
          <label for="unit-name">${t('units.name')}</label>
          <input
            id="unit-name"
            .value=${this.name}
            required
            autocomplete="off"
            aria-invalid=${this.invalid.name ? 'true' : 'false'}
            @input=${(e: Event) => (this.name = (e.target as HTMLInputElement).value)}
          />
        </div>
        <div class="field">
          <label for="unit-kind">${t('units.kind')}</label>
          <select id="unit-kind" @change=${(e: Event) => (this.kind = (e.target as HTMLSelectElement).value as UnitKind)}>
            ${unitKinds.map((kind) => html`<option value=${kind} .selected=${kind === this.kind}>${t(`unitKinds.${kind}`)}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="unit-parent">${t('units.parent')}</label>
          <select
            id="unit-parent"
            aria-invalid=${this.invalid.parent ? 'true' : 'false'}
            aria-describedby=${this.requireParent ? 'unit-parent-hint' : nothing}
            @change=${(e: Event) => {
              const value = (e.target as HTMLSelectElement).value;
              this.parentId = value ? Number(value) : null;
            }}
          >
            <option value="" .selected=${this.parentId === null}>${this.requireParent ? t('units.chooseParent') : t('units.noParent')}</option>
            ${unitOptions(this.units, this.parentId, exclude)}
          </select>
          ${this.requireParent ? html`<p class="hint" id="unit-parent-hint">${t('units.parentRequired')}</p>` : null}
        </div>
      </div>
      ${editing
        ? html`<label class="check">
            <input type="checkbox" .checked=${this.active} @change=${(e: Event) => (this.active = (e.target as HTMLInputElement).checked)} />
            ${t('units.activeLabel')}
          </label>`
        : null}
      <div class="actions">
        <button type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>${this.busy ? t('common.saving') : t('common.save')}</button>
        <button type="button" class="secondary" @click=${this.cancel}>${t('common.cancel')}</button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-unit-form': SinauUnitForm;
  }
  interface HTMLElementEventMap {
    'sinau-unit-saved': CustomEvent<Unit>;
    'sinau-form-cancel': CustomEvent<void>;
  }
}
