import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { lessonKinds, levels, listCourses, type CataloguePage, type LessonKind, type Level } from '../../api/courses.ts';
import { listUnits, type Unit } from '../../api/org.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t } from '../../i18n.ts';
import { router } from '../../router.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { unitOptions } from '../admin/unit-tree.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import '../../components/sinau-pager.ts';
import './sinau-course-card.ts';

const pageSize = 24;

interface Filters {
  q: string;
  competency: string;
  level: Level | null;
  kind: LessonKind | null;
  jpMin: number | null;
  jpMax: number | null;
  unitId: number | null;
}

const noFilters: Filters = { q: '', competency: '', level: null, kind: null, jpMin: null, jpMax: null, unitId: null };

function nonNegative(value: string | null | undefined): number | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 ? number : null;
}

function positiveInt(value: string | null): number | null {
  const number = Number(value);
  return Number.isInteger(number) && number > 0 ? number : null;
}

/** The catalogue: search as one types, filters, paging; the courses meant for me come first. */
@customElement('sinau-catalogue-page')
export class SinauCataloguePage extends LitElement {
  static override styles = [
    pageStyles,
    css`
      form {
        margin-bottom: var(--sinau-space-4);
      }
      .search-row {
        display: flex;
        gap: var(--sinau-space-2);
        align-items: flex-end;
      }
      .search-row .field {
        flex: 1;
        margin-bottom: 0;
      }
      details {
        margin-top: var(--sinau-space-3);
        border: 1px solid var(--sinau-color-border);
        border-radius: var(--sinau-radius);
        background: var(--sinau-color-surface);
      }
      summary {
        cursor: pointer;
        font-weight: 600;
        padding: var(--sinau-space-3) var(--sinau-space-4);
        min-height: 2.75rem;
      }
      .filters {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 13rem), 1fr));
        gap: 0 var(--sinau-space-4);
        padding: 0 var(--sinau-space-4);
      }
      .range {
        display: flex;
        gap: var(--sinau-space-2);
        align-items: center;
      }
      .range input {
        min-width: 0;
      }
      fieldset.jp {
        border: 0;
        padding: 0;
        margin: 0 0 var(--sinau-space-4);
      }
      fieldset.jp legend {
        padding: 0;
        margin-bottom: var(--sinau-space-1);
      }
      .filter-actions {
        padding: 0 var(--sinau-space-4) var(--sinau-space-4);
        display: flex;
        flex-wrap: wrap;
        gap: var(--sinau-space-3);
      }
      .grid {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 17rem), 1fr));
        gap: var(--sinau-space-4);
      }
      .empty {
        background: var(--sinau-color-surface);
        border: 1px dashed var(--sinau-color-border);
        border-radius: var(--sinau-radius);
      }
    `,
  ];

  /** Query of the address: the search, filters and page survive reloads and the back button. */
  @property({ attribute: false }) query = new URLSearchParams();

  @state() private filters: Filters = { ...noFilters };
  @state() private offset = 0;
  @state() private filtersOpen = false;
  /** Competency codes seen on the cards so far, offered as suggestions. */
  @state() private knownCodes = new Set<string>();

  private readonly locale = new LocaleController(this);
  private readonly units = new LoadController<Unit[]>(this, (signal) => listUnits(signal));
  private readonly courses = new LoadController<CataloguePage>(this, async (signal) => {
    const page = await listCourses({ ...this.filters, limit: pageSize, offset: this.offset }, signal);
    const codes = new Set(this.knownCodes);
    for (const course of page.items) for (const c of course.competencies) codes.add(c.code);
    if (codes.size !== this.knownCodes.size) this.knownCodes = codes;
    return page;
  });
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  override connectedCallback(): void {
    const q = this.query;
    const level = q.get('level');
    const kind = q.get('kind');
    this.filters = {
      q: q.get('q') ?? '',
      competency: q.get('competency') ?? '',
      level: levels.includes(level as Level) ? (level as Level) : null,
      kind: lessonKinds.includes(kind as LessonKind) ? (kind as LessonKind) : null,
      jpMin: nonNegative(q.get('jpMin')),
      jpMax: nonNegative(q.get('jpMax')),
      unitId: positiveInt(q.get('unitId')),
    };
    this.offset = positiveInt(q.get('offset')) ?? 0;
    // On a wide screen the filters are open; on a phone they wait behind their summary.
    this.filtersOpen = this.activeFilterCount() > 0 || window.matchMedia('(min-width: 48rem)').matches;
    super.connectedCallback();
  }

  override disconnectedCallback(): void {
    clearTimeout(this.searchTimer);
    super.disconnectedCallback();
  }

  private activeFilterCount(): number {
    const f = this.filters;
    return [f.competency, f.level, f.kind, f.jpMin, f.jpMax, f.unitId].filter((v) => v !== null && v !== '').length;
  }

  private async reload(): Promise<void> {
    const f = this.filters;
    router.replaceQuery({ q: f.q.trim(), competency: f.competency.trim(), level: f.level, kind: f.kind, jpMin: f.jpMin, jpMax: f.jpMax, unitId: f.unitId, offset: this.offset || null });
    const page = await this.courses.run();
    if (page) announce(page.total === 0 ? t('catalogue.empty') : t('catalogue.found', { count: page.total }));
  }

  private readForm(): Filters {
    const root = this.renderRoot;
    const value = (id: string) => root.querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`)?.value ?? '';
    const level = value('f-level');
    const kind = value('f-kind');
    const unit = value('f-unit');
    return {
      q: value('course-q').trim(),
      competency: value('f-competency').trim(),
      level: level ? (level as Level) : null,
      kind: kind ? (kind as LessonKind) : null,
      jpMin: nonNegative(value('f-jp-min')),
      jpMax: nonNegative(value('f-jp-max')),
      unitId: unit ? Number(unit) : null,
    };
  }

  // The list follows the search box as one types, after a short pause.
  private onSearchInput(): void {
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => {
      const next = this.readForm();
      if (next.q === this.filters.q) return;
      this.filters = { ...this.filters, q: next.q };
      this.offset = 0;
      void this.reload();
    }, 350);
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    clearTimeout(this.searchTimer);
    this.filters = this.readForm();
    this.offset = 0;
    void this.reload();
  }

  private onFilterChange(): void {
    this.filters = this.readForm();
    this.offset = 0;
    void this.reload();
  }

  private clearFilters(): void {
    clearTimeout(this.searchTimer);
    this.filters = { ...noFilters };
    this.offset = 0;
    void this.reload();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('#course-q')?.focus());
  }

  private async onPageChange(event: CustomEvent<number>): Promise<void> {
    this.offset = event.detail;
    await this.reload();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#results-heading')?.focus();
  }

  private renderFilters() {
    const f = this.filters;
    const active = this.activeFilterCount();
    return html`<details ?open=${this.filtersOpen} @toggle=${(e: Event) => (this.filtersOpen = (e.target as HTMLDetailsElement).open)}>
      <summary>${active ? t('catalogue.filtersActive', { count: active }) : t('catalogue.filters')}</summary>
      <div class="filters">
        <div class="field">
          <label for="f-competency">${t('catalogue.competency')}</label>
          <input id="f-competency" list="f-competency-codes" .value=${f.competency} autocomplete="off" aria-describedby="f-competency-hint" @change=${this.onFilterChange} />
          <datalist id="f-competency-codes">${[...this.knownCodes].sort().map((code) => html`<option value=${code}></option>`)}</datalist>
          <p class="hint" id="f-competency-hint">${t('catalogue.competencyHint')}</p>
        </div>
        <div class="field">
          <label for="f-level">${t('course.level')}</label>
          <select id="f-level" @change=${this.onFilterChange}>
            <option value="" .selected=${f.level === null}>${t('catalogue.anyLevel')}</option>
            ${levels.map((level) => html`<option value=${level} .selected=${f.level === level}>${t(`levels.${level}`)}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="f-kind">${t('catalogue.kind')}</label>
          <select id="f-kind" @change=${this.onFilterChange}>
            <option value="" .selected=${f.kind === null}>${t('catalogue.anyKind')}</option>
            ${lessonKinds.map((kind) => html`<option value=${kind} .selected=${f.kind === kind}>${t(`lessonKinds.${kind}`)}</option>`)}
          </select>
        </div>
        <fieldset class="jp">
          <legend>${t('catalogue.jpRange')}</legend>
          <div class="range">
            <label class="visually-hidden" for="f-jp-min">${t('catalogue.jpMin')}</label>
            <input id="f-jp-min" type="number" min="0" step="1" inputmode="numeric" placeholder=${t('catalogue.jpMinPlaceholder')} .value=${f.jpMin === null ? '' : String(f.jpMin)} @change=${this.onFilterChange} />
            <span aria-hidden="true">–</span>
            <label class="visually-hidden" for="f-jp-max">${t('catalogue.jpMax')}</label>
            <input id="f-jp-max" type="number" min="0" step="1" inputmode="numeric" placeholder=${t('catalogue.jpMaxPlaceholder')} .value=${f.jpMax === null ? '' : String(f.jpMax)} @change=${this.onFilterChange} />
          </div>
        </fieldset>
        <div class="field">
          <label for="f-unit">${t('catalogue.unit')}</label>
          <select id="f-unit" @change=${this.onFilterChange}>
            <option value="" .selected=${f.unitId === null}>${t('catalogue.anyUnit')}</option>
            ${unitOptions((this.units.value ?? []).filter((unit) => unit.active), f.unitId)}
          </select>
        </div>
      </div>
      <div class="filter-actions">
        <button type="submit" class="secondary">${t('catalogue.apply')}</button>
        ${active || f.q ? html`<button type="button" class="link" @click=${this.clearFilters}>${t('catalogue.clear')}</button>` : null}
      </div>
    </details>`;
  }

  private renderResults() {
    if (this.courses.error) {
      return html`<sinau-alert variant="error">${describeError(this.courses.error)}</sinau-alert>
        <button type="button" @click=${() => void this.courses.run()}>${t('common.retry')}</button>`;
    }
    const page = this.courses.value;
    if (!page || this.courses.loading) return html`<sinau-loading .label=${t('catalogue.loading')}></sinau-loading>`;
    if (page.total === 0) {
      const filtered = this.activeFilterCount() > 0 || this.filters.q !== '';
      return html`<div class="empty" role="status">
        <p>${filtered ? t('catalogue.emptyFiltered') : t('catalogue.empty')}</p>
        ${filtered ? html`<button type="button" class="secondary" @click=${this.clearFilters}>${t('catalogue.clear')}</button>` : null}
      </div>`;
    }
    return html`<ul class="grid">
        ${page.items.map((course) => html`<li><sinau-course-card .course=${course}></sinau-course-card></li>`)}
      </ul>
      <sinau-pager .total=${page.total} .offset=${this.offset} .limit=${pageSize} @sinau-page-change=${this.onPageChange}></sinau-pager>`;
  }

  override render() {
    return html`<div class="page-header">
        <h1>${t('catalogue.title')}</h1>
        <a class="button secondary" href="/learning">${t('nav.learning')}</a>
      </div>
      <p class="lead">${t('catalogue.intro')}</p>
      <form role="search" aria-label=${t('catalogue.searchLabel')} @submit=${this.onSubmit}>
        <div class="search-row">
          <div class="field">
            <label for="course-q">${t('catalogue.search')}</label>
            <input
              id="course-q"
              data-testid="course-search"
              type="search"
              enterkeyhint="search"
              autocomplete="off"
              .value=${this.filters.q}
              @input=${this.onSearchInput}
            />
          </div>
          <button type="submit">${t('common.search')}</button>
        </div>
        ${this.renderFilters()}
      </form>
      <h2 id="results-heading" class="visually-hidden" tabindex="-1">${t('catalogue.results')}</h2>
      <div aria-busy=${this.courses.loading ? 'true' : 'false'}>${this.renderResults()}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-catalogue-page': SinauCataloguePage;
  }
}
