import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { listPositions, listUnits, type Position, type Unit } from '../../api/org.ts';
import { addAssignment, listAssignments, removeAssignment, type Assignment } from '../../api/webinars.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { LocaleController, t } from '../../i18n.ts';
import { SessionController } from '../../session.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { unitOptions, unitsInScope } from '../admin/unit-tree.ts';
import { webinarError } from './webinar-format.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';

type Target = 'unit' | 'position';

const assignmentName = (a: Assignment) => (a.unit ? a.unit.name : a.position ? a.position.name : '');

/** Admins assign a webinar to offices (with those below them) or to positions within their scope. */
@customElement('sinau-webinar-assignments')
export class SinauWebinarAssignments extends LitElement {
  static override styles = [
    pageStyles,
    css`
      ul.assignments {
        list-style: none;
        margin: 0 0 var(--sinau-space-4);
        padding: 0;
        border: 1px solid var(--sinau-color-border);
        border-radius: var(--sinau-radius);
      }
      ul.assignments li {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        align-items: center;
        gap: var(--sinau-space-2);
        padding: var(--sinau-space-2) var(--sinau-space-3);
        overflow-wrap: anywhere;
      }
      ul.assignments li + li {
        border-top: 1px solid var(--sinau-color-border);
      }
      .choices {
        display: flex;
        flex-wrap: wrap;
        gap: 0 var(--sinau-space-4);
      }
    `,
  ];

  /** The webinar's id. */
  @property({ type: Number }) webinarId = 0;
  /** Adding and removing is allowed (the webinar is neither over nor cancelled). */
  @property({ type: Boolean }) editable = true;

  @state() private target: Target = 'unit';
  @state() private unitId: number | null = null;
  @state() private positionId: number | null = null;
  @state() private positions: Position[] = [];
  @state() private busy = false;
  @state() private error = '';

  private readonly locale = new LocaleController(this);
  private readonly session = new SessionController(this);
  private readonly assignments = new LoadController<Assignment[]>(this, (signal) => listAssignments(this.webinarId, signal));
  private readonly units = new LoadController<Unit[]>(this, async (signal) =>
    unitsInScope(await listUnits(signal), this.session.me?.adminScope ?? null).filter((u) => u.active),
  );

  private async loadPositions(): Promise<void> {
    this.positions = [];
    if (this.target !== 'position' || !this.unitId) return;
    try {
      this.positions = await listPositions(this.unitId);
    } catch (error) {
      this.error = webinarError(error);
    }
  }

  private async onUnitChange(event: Event): Promise<void> {
    this.unitId = Number((event.target as HTMLSelectElement).value) || null;
    this.positionId = null;
    await this.loadPositions();
  }

  private async onTargetChange(target: Target): Promise<void> {
    this.target = target;
    this.positionId = null;
    await this.loadPositions();
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    this.error = '';
    const target = this.target === 'unit' ? (this.unitId ? { unitId: this.unitId } : null) : this.positionId ? { positionId: this.positionId } : null;
    if (!target) {
      this.error = t('webinars.assignments.chooseFirst');
      return;
    }
    this.busy = true;
    try {
      const added = await addAssignment(this.webinarId, target);
      await this.assignments.run();
      announce(t('webinars.assignments.added', { name: assignmentName(added) }));
    } catch (error) {
      this.error = webinarError(error);
    } finally {
      this.busy = false;
    }
  }

  private async removeOne(a: Assignment): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = '';
    try {
      await removeAssignment(this.webinarId, a.id);
      await this.assignments.run();
      announce(t('webinars.assignments.removed', { name: assignmentName(a) }));
      this.renderRoot.querySelector<HTMLElement>('#assign-unit')?.focus();
    } catch (error) {
      this.error = webinarError(error);
    } finally {
      this.busy = false;
    }
  }

  private renderList() {
    const items = this.assignments.value;
    if (!items) {
      return this.assignments.error ? html`<sinau-alert variant="error">${webinarError(this.assignments.error)}</sinau-alert>` : html`<sinau-loading></sinau-loading>`;
    }
    if (!items.length) return html`<p class="muted">${t('webinars.assignments.empty')}</p>`;
    return html`<ul class="assignments" aria-label=${t('webinars.assignments.listLabel')}>
      ${items.map(
        (a) => html`<li>
          <span>
            <span class="muted">${a.unit ? t('webinars.assignments.unit') : t('webinars.assignments.position')}:</span>
            <strong>${assignmentName(a)}</strong>
          </span>
          ${this.editable
            ? html`<button type="button" class="secondary" ?disabled=${this.busy} @click=${() => void this.removeOne(a)}>
                <span aria-hidden="true">✕</span><span class="visually-hidden">${t('webinars.assignments.remove', { name: assignmentName(a) })}</span>
              </button>`
            : null}
        </li>`,
      )}
    </ul>`;
  }

  private renderForm() {
    return html`<form @submit=${this.onSubmit}>
      <fieldset>
        <legend>${t('webinars.assignments.target')}</legend>
        <div class="choices">
          <label class="check"
            ><input type="radio" name="assign-target" .checked=${this.target === 'unit'} @change=${() => void this.onTargetChange('unit')} />${t('webinars.assignments.toUnit')}</label
          >
          <label class="check"
            ><input type="radio" name="assign-target" .checked=${this.target === 'position'} @change=${() => void this.onTargetChange('position')} />${t(
              'webinars.assignments.toPosition',
            )}</label
          >
        </div>
        <div class="form-grid">
          <div class="field">
            <label for="assign-unit">${t('webinars.assignments.unit')}</label>
            <select id="assign-unit" @change=${this.onUnitChange}>
              <option value="" .selected=${this.unitId === null}>${t('webinars.assignments.chooseUnit')}</option>
              ${unitOptions(this.units.value ?? [], this.unitId)}
            </select>
          </div>
          ${this.target === 'position'
            ? html`<div class="field">
                <label for="assign-position">${t('webinars.assignments.position')}</label>
                <select id="assign-position" ?disabled=${!this.unitId} @change=${(e: Event) => (this.positionId = Number((e.target as HTMLSelectElement).value) || null)}>
                  <option value="" .selected=${this.positionId === null}>${t('webinars.assignments.choosePosition')}</option>
                  ${this.positions.map((p) => html`<option value=${String(p.id)} .selected=${p.id === this.positionId}>${p.name}</option>`)}
                </select>
              </div>`
            : null}
        </div>
        <button type="submit" ?disabled=${this.busy}>${this.busy ? t('webinars.assignments.adding') : t('webinars.assignments.add')}</button>
      </fieldset>
    </form>`;
  }

  override render() {
    return html`<p>${t('webinars.assignments.intro')}</p>
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : null} ${this.renderList()}
      ${this.editable ? this.renderForm() : null}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-webinar-assignments': SinauWebinarAssignments;
  }
}
