import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { listPositions, listUnits, type Position, type Unit } from '../../api/org.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatNumber, LocaleController, t } from '../../i18n.ts';
import { router } from '../../router.ts';
import { SessionController } from '../../session.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { unitOptions, unitsInScope } from './unit-tree.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import './sinau-position-form.ts';

/** Positions of one office at a time: list, create and edit. */
@customElement('sinau-positions-page')
export class SinauPositionsPage extends LitElement {
  static override styles = pageStyles;

  /** Query of the address; `unitId` pre-selects the office filter. */
  @property({ attribute: false }) query = new URLSearchParams();

  @state() private unitId: number | null = null;
  /** The position being edited, 'new' while creating, null when no form is open. */
  @state() private editing: Position | 'new' | null = null;
  @state() private notice = '';

  private readonly locale = new LocaleController(this);
  private readonly session = new SessionController(this);
  private readonly units = new LoadController<Unit[]>(this, (signal) => listUnits(signal));
  // One office at a time: the whole city has hundreds of positions.
  private readonly positions = new LoadController<Position[] | null>(this, (signal) =>
    this.unitId === null ? Promise.resolve(null) : listPositions(this.unitId, signal),
  );

  override connectedCallback(): void {
    const unitId = Number(this.query.get('unitId'));
    const scope = this.session.me?.adminScope ?? null;
    this.unitId = Number.isInteger(unitId) && unitId > 0 ? unitId : scope?.length === 1 ? scope[0]!.id : null;
    super.connectedCallback();
  }

  private onUnitFilter(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    this.unitId = value ? Number(value) : null;
    router.replaceQuery({ unitId: this.unitId });
    this.positions.value = undefined;
    void this.positions.run();
  }

  private openForm(target: Position | 'new'): void {
    this.notice = '';
    this.editing = target;
  }

  private async onSaved(event: CustomEvent<Position>): Promise<void> {
    const created = this.editing === 'new';
    this.editing = null;
    const saved = event.detail;
    this.notice = created ? t('positions.created', { name: saved.name }) : t('positions.saved', { name: saved.name });
    announce(this.notice);
    // Show the saved position at once, in the office it belongs to.
    let current = this.positions.value ?? [];
    if (this.unitId !== saved.unit.id) {
      this.unitId = saved.unit.id;
      router.replaceQuery({ unitId: this.unitId });
      current = [];
    }
    this.positions.value = created ? [...current, saved] : current.map((position) => (position.id === saved.id ? saved : position));
    await this.positions.run();
  }

  private onCancel(): void {
    this.editing = null;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('h1')?.focus());
  }

  private renderTable(positions: Position[]) {
    if (positions.length === 0) return html`<p class="empty">${t('positions.empty')}</p>`;
    const sorted = [...positions].sort((a, b) => a.unit.name.localeCompare(b.unit.name, 'id') || a.name.localeCompare(b.name, 'id'));
    return html`<p class="muted" role="status">${t('positions.count', { count: positions.length })}</p>
      <div class="table-scroll" role="region" aria-labelledby="positions-caption" tabindex="0">
        <table class="cards" role="table">
          <caption id="positions-caption">${t('positions.caption')}</caption>
          <thead role="rowgroup">
            <tr role="row">
              <th role="columnheader" scope="col">${t('positions.name')}</th>
              <th role="columnheader" scope="col">${t('positions.tier')}</th>
              <th role="columnheader" scope="col">${t('positions.unit')}</th>
              <th role="columnheader" scope="col" class="num">${t('positions.people')}</th>
              <th role="columnheader" scope="col"><span class="visually-hidden">${t('common.actions')}</span></th>
            </tr>
          </thead>
          <tbody role="rowgroup">
            ${sorted.map(
              (position) => html`<tr role="row">
                <td role="cell" data-label=${t('positions.name')}>${position.name}</td>
                <td role="cell" data-label=${t('positions.tier')}>${t(`tiers.${position.tier}`)}</td>
                <td role="cell" data-label=${t('positions.unit')}>${position.unit.name}</td>
                <td role="cell" data-label=${t('positions.people')} class="num">${formatNumber(position.peopleCount)}</td>
                <td role="cell" data-label=${t('common.actions')}>
                  <button type="button" class="link" @click=${() => this.openForm(position)}>
                    ${t('common.edit')}<span class="visually-hidden"> ${position.name}, ${position.unit.name}</span>
                  </button>
                </td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
  }

  override render() {
    const units = unitsInScope(this.units.value ?? [], this.session.me?.adminScope ?? null);
    const inScope = new Set(units.map((unit) => unit.id));
    // Positions of offices outside a scoped admin's offices are not theirs to manage.
    const positions = this.positions.value?.filter((position) => !this.units.value || inScope.has(position.unit.id));
    const error = this.units.error ?? this.positions.error;
    return html`<div class="page-header">
        <h1>${t('positions.title')}</h1>
        ${this.editing === null ? html`<button type="button" @click=${() => this.openForm('new')}>${t('positions.create')}</button>` : null}
      </div>
      ${this.notice ? html`<sinau-alert variant="success">${this.notice}</sinau-alert>` : null}
      ${this.editing !== null
        ? html`<sinau-position-form
            .position=${this.editing === 'new' ? null : this.editing}
            .units=${units}
            .defaultUnitId=${this.unitId}
            @sinau-position-saved=${this.onSaved}
            @sinau-form-cancel=${this.onCancel}
          ></sinau-position-form>`
        : null}
      <div class="field">
        <label for="position-filter">${t('positions.filter')}</label>
        <select id="position-filter" @change=${this.onUnitFilter}>
          <option value="" .selected=${this.unitId === null}>${t('positions.chooseUnit')}</option>
          ${unitOptions(units, this.unitId)}
        </select>
      </div>
      ${error ? html`<sinau-alert variant="error">${describeError(error)}</sinau-alert>` : null}
      ${positions
        ? this.renderTable(positions)
        : this.positions.loading
          ? html`<sinau-loading></sinau-loading>`
          : this.unitId === null && !error
            ? html`<p class="muted">${t('positions.chooseUnitFirst')}</p>`
            : null}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-positions-page': SinauPositionsPage;
  }
}
