import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { listPeople, listUnits, type PeoplePage, type Unit } from '../../api/org.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatList, LocaleController, t } from '../../i18n.ts';
import { router } from '../../router.ts';
import { SessionController } from '../../session.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { unitOptions, unitsInScope } from './unit-tree.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import '../../components/sinau-pager.ts';

const pageSize = 50;

function positiveInt(value: string | null): number | null {
  const number = Number(value);
  return Number.isInteger(number) && number > 0 ? number : null;
}

/** People: search by name or NIP, filter by office, page through, open a person. */
@customElement('sinau-people-page')
export class SinauPeoplePage extends LitElement {
  static override styles = [
    pageStyles,
    css`
      .filters {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 15rem), 1fr));
        gap: 0 var(--sinau-space-4);
        align-items: end;
        margin-bottom: var(--sinau-space-3);
      }
      .filters .submit {
        margin-bottom: var(--sinau-space-4);
      }
    `,
  ];

  /** Query of the address: q, unitId and offset survive reloads and the back button. */
  @property({ attribute: false }) query = new URLSearchParams();

  @state() private q = '';
  @state() private unitId: number | null = null;
  @state() private offset = 0;

  private readonly locale = new LocaleController(this);
  private readonly session = new SessionController(this);
  private readonly units = new LoadController<Unit[]>(this, (signal) => listUnits(signal));
  private readonly people = new LoadController<PeoplePage>(this, (signal) =>
    listPeople({ q: this.q, unitId: this.unitId, limit: pageSize, offset: this.offset }, signal),
  );

  override connectedCallback(): void {
    this.q = this.query.get('q') ?? '';
    this.unitId = positiveInt(this.query.get('unitId'));
    this.offset = positiveInt(this.query.get('offset')) ?? 0;
    super.connectedCallback();
  }

  private async reload(): Promise<void> {
    router.replaceQuery({ q: this.q.trim(), unitId: this.unitId, offset: this.offset || null });
    await this.people.run();
  }

  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  override disconnectedCallback(): void {
    clearTimeout(this.searchTimer);
    super.disconnectedCallback();
  }

  // The list follows the search box as one types, after a short pause.
  private onSearchInput(event: Event): void {
    const value = (event.target as HTMLInputElement).value.trim();
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => {
      if (value === this.q) return;
      this.q = value;
      this.offset = 0;
      void this.reload();
    }, 350);
  }

  private onSubmit(event: SubmitEvent): void {
    clearTimeout(this.searchTimer);
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    this.q = (form.querySelector<HTMLInputElement>('#people-q')?.value ?? '').trim();
    const unit = form.querySelector<HTMLSelectElement>('#people-unit')?.value ?? '';
    this.unitId = unit ? Number(unit) : null;
    this.offset = 0;
    void this.reload();
  }

  private onUnitChange(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    this.unitId = value ? Number(value) : null;
    this.offset = 0;
    void this.reload();
  }

  private async onPageChange(event: CustomEvent<number>): Promise<void> {
    this.offset = event.detail;
    await this.reload();
    await this.updateComplete;
    // The pager's buttons were replaced while loading; continue from the top of the new page.
    this.renderRoot.querySelector<HTMLElement>('.table-scroll')?.focus();
  }

  private renderResults() {
    if (this.people.error) return html`<sinau-alert variant="error">${describeError(this.people.error)}</sinau-alert>`;
    const page = this.people.value;
    if (!page || this.people.loading) return html`<sinau-loading></sinau-loading>`;
    if (page.total === 0) return html`<p class="empty" role="status">${t('people.empty')}</p>`;
    const missing = html`<span class="muted">—</span>`;
    return html`<div class="table-scroll" role="region" aria-labelledby="people-caption" tabindex="0">
        <table class="cards" role="table">
          <caption id="people-caption">${t('people.caption')}</caption>
          <thead role="rowgroup">
            <tr role="row">
              <th role="columnheader" scope="col">${t('person.name')}</th>
              <th role="columnheader" scope="col">${t('person.nip')}</th>
              <th role="columnheader" scope="col">${t('person.unit')}</th>
              <th role="columnheader" scope="col">${t('person.position')}</th>
              <th role="columnheader" scope="col">${t('person.roles')}</th>
              <th role="columnheader" scope="col">${t('common.status')}</th>
            </tr>
          </thead>
          <tbody role="rowgroup">
            ${page.items.map(
              (person) => html`<tr role="row">
                <td role="cell" data-label=${t('person.name')}><a href=${`/admin/people/${person.id}`}>${person.name}</a></td>
                <td role="cell" data-label=${t('person.nip')}>${person.nip ?? person.username ?? missing}</td>
                <td role="cell" data-label=${t('person.unit')}>${person.unit?.name ?? missing}</td>
                <td role="cell" data-label=${t('person.position')}>${person.position?.name ?? missing}</td>
                <td role="cell" data-label=${t('person.roles')}>${person.roles.length ? formatList(person.roles.map((role) => t(`roles.${role}`))) : missing}</td>
                <td role="cell" data-label=${t('common.status')}>
                  <span class=${person.active ? 'badge' : 'badge inactive'}>${person.active ? t('common.active') : t('common.inactive')}</span>
                </td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <sinau-pager .total=${page.total} .offset=${this.offset} .limit=${pageSize} @sinau-page-change=${this.onPageChange}></sinau-pager>`;
  }

  override render() {
    return html`<div class="page-header">
        <h1>${t('people.title')}</h1>
        <a class="button secondary" href="/admin/import">${t('nav.import')}</a>
      </div>
      <form class="filters" role="search" aria-label=${t('people.searchLabel')} @submit=${this.onSubmit}>
        <div class="field">
          <label for="people-q">${t('people.search')}</label>
          <input
            id="people-q"
            type="search"
            .value=${this.q}
            autocomplete="off"
            aria-describedby="people-q-hint"
            @input=${this.onSearchInput}
          />
          <p class="hint" id="people-q-hint">${t('people.searchHint')}</p>
        </div>
        <div class="field">
          <label for="people-unit">${t('person.unit')}</label>
          <select id="people-unit" @change=${this.onUnitChange}>
            <option value="" .selected=${this.unitId === null}>${t('people.allUnits')}</option>
            ${unitOptions(unitsInScope(this.units.value ?? [], this.session.me?.adminScope ?? null), this.unitId)}
          </select>
        </div>
        <div class="submit"><button type="submit">${t('common.search')}</button></div>
      </form>
      ${this.renderResults()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-people-page': SinauPeoplePage;
  }
}
