import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { assignCourse, type AssignmentResult } from '../../api/courses.ts';
import { listPositions, listUnits, type Position, type Unit } from '../../api/org.ts';
import { announce } from '../../announce.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t } from '../../i18n.ts';
import { SessionController } from '../../session.ts';
import { pageStyles, dialogStyles } from '../../styles/shared-styles.ts';
import { unitOptions, unitsInScope } from '../admin/unit-tree.ts';
import '../../components/sinau-alert.ts';

type Target = 'unit' | 'position';

/**
 * Admin's dialog to assign a published course to an office (with its sub-offices) or to a
 * position, with an optional due date. Fires `sinau-dialog-close` when it closes.
 */
@customElement('sinau-assign-dialog')
export class SinauAssignDialog extends LitElement {
  static override styles = [
    pageStyles,
    dialogStyles,
    css`
      .choices {
        display: flex;
        flex-wrap: wrap;
        gap: 0 var(--sinau-space-4);
      }
    `,
  ];

  /** The course to assign. */
  @property() slug = '';
  /** Its title, for the heading. */
  @property() courseTitle = '';
  /** Whether the dialog is shown. */
  @property({ type: Boolean }) open = false;

  @state() private target: Target = 'unit';
  @state() private units: Unit[] = [];
  @state() private positions: Position[] = [];
  @state() private unitId: number | null = null;
  @state() private positionId: number | null = null;
  @state() private dueAt = '';
  @state() private busy = false;
  @state() private error = '';
  @state() private result: AssignmentResult | null = null;

  private readonly locale = new LocaleController(this);
  private readonly session = new SessionController(this);

  protected override async updated(changed: PropertyValues<this>): Promise<void> {
    if (!changed.has('open')) return;
    const dialog = this.renderRoot.querySelector('dialog');
    if (!dialog) return;
    if (this.open && !dialog.open) {
      this.result = null;
      this.error = '';
      dialog.showModal();
      if (!this.units.length) {
        try {
          this.units = unitsInScope(await listUnits(), this.session.me?.adminScope ?? null).filter((unit) => unit.active);
        } catch (error) {
          this.error = describeError(error);
        }
      }
    } else if (!this.open && dialog.open) {
      dialog.close();
    }
  }

  private close(): void {
    this.dispatchEvent(new CustomEvent('sinau-dialog-close', { bubbles: true, composed: true }));
  }

  private async onUnitChange(event: Event): Promise<void> {
    const value = (event.target as HTMLSelectElement).value;
    this.unitId = value ? Number(value) : null;
    this.positionId = null;
    this.positions = [];
    if (this.target === 'position' && this.unitId) {
      try {
        this.positions = await listPositions(this.unitId);
      } catch (error) {
        this.error = describeError(error);
      }
    }
  }

  private async onTargetChange(target: Target): Promise<void> {
    this.target = target;
    this.positionId = null;
    if (target === 'position' && this.unitId && !this.positions.length) {
      try {
        this.positions = await listPositions(this.unitId);
      } catch (error) {
        this.error = describeError(error);
      }
    }
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    this.error = '';
    if (!this.unitId || (this.target === 'position' && !this.positionId)) {
      this.error = this.target === 'unit' ? t('assign.chooseUnitFirst') : t('assign.choosePositionFirst');
      return;
    }
    this.busy = true;
    try {
      const target = this.target === 'unit' ? { unitId: this.unitId } : { positionId: this.positionId! };
      this.result = await assignCourse(this.slug, { ...target, dueAt: this.dueAt || null });
      announce(t('assign.done', { assigned: this.result.assigned, already: this.result.alreadyEnrolled }));
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = false;
    }
  }

  private renderForm() {
    return html`<form @submit=${this.onSubmit}>
      <fieldset>
        <legend>${t('assign.target')}</legend>
        <div class="choices">
          <label class="check"><input type="radio" name="target" .checked=${this.target === 'unit'} @change=${() => void this.onTargetChange('unit')} />${t('assign.toUnit')}</label>
          <label class="check"><input type="radio" name="target" .checked=${this.target === 'position'} @change=${() => void this.onTargetChange('position')} />${t('assign.toPosition')}</label>
        </div>
      </fieldset>
      <div class="field">
        <label for="assign-unit">${t('person.unit')}</label>
        <select id="assign-unit" @change=${this.onUnitChange} aria-describedby="assign-unit-hint">
          <option value="" .selected=${this.unitId === null}>${t('assign.chooseUnit')}</option>
          ${unitOptions(this.units, this.unitId)}
        </select>
        <p class="hint" id="assign-unit-hint">${this.target === 'unit' ? t('assign.unitHint') : t('assign.positionUnitHint')}</p>
      </div>
      ${this.target === 'position'
        ? html`<div class="field">
            <label for="assign-position">${t('person.position')}</label>
            <select id="assign-position" ?disabled=${!this.unitId} @change=${(e: Event) => (this.positionId = Number((e.target as HTMLSelectElement).value) || null)}>
              <option value="" .selected=${this.positionId === null}>${t('assign.choosePosition')}</option>
              ${this.positions.map((p) => html`<option value=${String(p.id)} .selected=${p.id === this.positionId}>${p.name}</option>`)}
            </select>
          </div>`
        : null}
      <div class="field">
        <label for="assign-due">${t('assign.dueAt')}</label>
        <input id="assign-due" type="date" .value=${this.dueAt} aria-describedby="assign-due-hint" @input=${(e: Event) => (this.dueAt = (e.target as HTMLInputElement).value)} />
        <p class="hint" id="assign-due-hint">${t('assign.dueHint')}</p>
      </div>
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : null}
      <div class="actions">
        <button type="submit" ?disabled=${this.busy}>${this.busy ? t('common.saving') : t('assign.submit')}</button>
        <button type="button" class="secondary" @click=${this.close}>${t('common.cancel')}</button>
      </div>
    </form>`;
  }

  override render() {
    return html`<dialog aria-labelledby="assign-heading" @close=${this.close}>
      <h2 id="assign-heading">${t('assign.heading', { title: this.courseTitle })}</h2>
      ${this.result
        ? html`<sinau-alert variant="success"><p>${t('assign.done', { assigned: this.result.assigned, already: this.result.alreadyEnrolled })}</p></sinau-alert>
            <div class="actions">
              <button type="button" @click=${this.close}>${t('common.close')}</button>
              <button type="button" class="secondary" @click=${() => (this.result = null)}>${t('assign.again')}</button>
            </div>`
        : this.renderForm()}
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-assign-dialog': SinauAssignDialog;
  }
  interface HTMLElementEventMap {
    'sinau-dialog-close': CustomEvent<void>;
  }
}
