import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { listUnits, type Unit } from '../../api/org.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatList, formatNumber, LocaleController, t } from '../../i18n.ts';
import { router } from '../../router.ts';
import { SessionController } from '../../session.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { unitsInScope, unitTree } from './unit-tree.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import './sinau-unit-form.ts';

/** Offices: searchable list, create and edit; a scoped admin sees only their offices. */
@customElement('sinau-units-page')
export class SinauUnitsPage extends LitElement {
  static override styles = pageStyles;

  /** Query of the address; `q` pre-fills the search. */
  @property({ attribute: false }) query = new URLSearchParams();

  @state() private search = '';
  /** The office being edited, 'new' while creating, null when no form is open. */
  @state() private editing: Unit | 'new' | null = null;
  @state() private notice = '';

  private readonly session = new SessionController(this);
  private readonly locale = new LocaleController(this);
  private readonly units = new LoadController<Unit[]>(this, (signal) => listUnits(signal));

  override connectedCallback(): void {
    super.connectedCallback();
    this.search = this.query.get('q') ?? '';
  }

  private onSearch(event: Event): void {
    this.search = (event.target as HTMLInputElement).value;
    router.replaceQuery({ q: this.search.trim() });
  }

  private openForm(target: Unit | 'new'): void {
    this.notice = '';
    this.editing = target;
  }

  private async onSaved(event: CustomEvent<Unit>): Promise<void> {
    const created = this.editing === 'new';
    this.editing = null;
    const saved = event.detail;
    this.notice = created ? t('units.created', { name: saved.name }) : t('units.saved', { name: saved.name });
    announce(this.notice);
    // Show the saved office at once; the reload then brings counts and other changes.
    const current = this.units.value ?? [];
    this.units.value = created ? [...current, saved] : current.map((unit) => (unit.id === saved.id ? saved : unit));
    await this.units.run();
  }

  private onCancel(): void {
    this.editing = null;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('h1')?.focus());
  }

  private filtered(units: Unit[]): { unit: Unit; depth: number }[] {
    const needle = this.search.trim().toLocaleLowerCase();
    const tree = unitTree(units);
    if (!needle) return tree;
    return tree.filter(({ unit }) => unit.name.toLocaleLowerCase().includes(needle) || unit.code.toLocaleLowerCase().includes(needle));
  }

  private renderTable(units: Unit[]) {
    const rows = this.filtered(units);
    const byId = new Map(units.map((unit) => [unit.id, unit]));
    return html`<p class="muted" role="status">${t('units.count', { shown: rows.length, total: units.length })}</p>
      ${rows.length === 0
        ? html`<p class="empty">${t('units.noMatch')}</p>`
        : html`<div class="table-scroll" role="region" aria-labelledby="units-caption" tabindex="0">
            <table class="cards" role="table">
              <caption id="units-caption">${t('units.caption')}</caption>
              <thead role="rowgroup">
                <tr role="row">
                  <th role="columnheader" scope="col">${t('units.code')}</th>
                  <th role="columnheader" scope="col">${t('units.name')}</th>
                  <th role="columnheader" scope="col">${t('units.kind')}</th>
                  <th role="columnheader" scope="col">${t('units.parent')}</th>
                  <th role="columnheader" scope="col" class="num">${t('units.people')}</th>
                  <th role="columnheader" scope="col">${t('common.status')}</th>
                  <th role="columnheader" scope="col"><span class="visually-hidden">${t('common.actions')}</span></th>
                </tr>
              </thead>
              <tbody role="rowgroup">
                ${rows.map(
                  ({ unit }) => html`<tr role="row">
                    <td role="cell" data-label=${t('units.code')}>${unit.code}</td>
                    <td role="cell" data-label=${t('units.name')}>${unit.name}</td>
                    <td role="cell" data-label=${t('units.kind')}>${t(`unitKinds.${unit.kind}`)}</td>
                    <td role="cell" data-label=${t('units.parent')}>${unit.parentId !== null ? (byId.get(unit.parentId)?.name ?? '—') : '—'}</td>
                    <td role="cell" data-label=${t('units.people')} class="num">${formatNumber(unit.peopleCount)}</td>
                    <td role="cell" data-label=${t('common.status')}>
                      <span class=${unit.active ? 'badge' : 'badge inactive'}>${unit.active ? t('common.active') : t('common.inactive')}</span>
                    </td>
                    <td role="cell" data-label=${t('common.actions')}>
                      <button type="button" class="link" @click=${() => this.openForm(unit)}>
                        ${t('common.edit')}<span class="visually-hidden"> ${unit.name}</span>
                      </button>
                    </td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`}`;
  }

  override render() {
    const me = this.session.me;
    const scope = me?.adminScope ?? null;
    const units = this.units.value ? unitsInScope(this.units.value, scope) : undefined;
    return html`<div class="page-header">
        <h1>${t('units.title')}</h1>
        ${this.editing === null ? html`<button type="button" @click=${() => this.openForm('new')}>${t('units.create')}</button>` : null}
      </div>
      ${scope && scope.length ? html`<p class="muted">${t('admin.scopeNote', { units: formatList(scope.map((unit) => unit.name)) })}</p>` : null}
      ${this.notice ? html`<sinau-alert variant="success">${this.notice}</sinau-alert>` : null}
      ${this.editing !== null && units
        ? html`<sinau-unit-form
            .unit=${this.editing === 'new' ? null : this.editing}
            .units=${units}
            .requireParent=${scope !== null}
            @sinau-unit-saved=${this.onSaved}
            @sinau-form-cancel=${this.onCancel}
          ></sinau-unit-form>`
        : null}
      <div class="field">
        <label for="unit-search">${t('units.search')}</label>
        <input id="unit-search" type="search" .value=${this.search} @input=${this.onSearch} autocomplete="off" />
      </div>
      ${this.units.error ? html`<sinau-alert variant="error">${describeError(this.units.error)}</sinau-alert>` : null}
      ${units ? this.renderTable(units) : this.units.loading ? html`<sinau-loading></sinau-loading>` : null}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-units-page': SinauUnitsPage;
  }
}
