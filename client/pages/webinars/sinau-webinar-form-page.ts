import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { listFrameworks, type Framework } from '../../api/competencies.ts';
import { listCourses, type CourseCard } from '../../api/courses.ts';
import { isApiError } from '../../api/http.ts';
import { listPeople, type Person } from '../../api/org.ts';
import { managedQuizzes, type ManagedQuiz } from '../../api/quizzes.ts';
import { createWebinar, getWebinar, updateWebinar, type Webinar } from '../../api/webinars.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { LocaleController, t } from '../../i18n.ts';
import { router } from '../../router.ts';
import { hasRole, SessionController } from '../../session.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { textField } from '../quiz-admin/form-fields.ts';
import { draftFrom, emptyDraft, fieldIds, newRowKey, toCreate, toPatch, type DraftErrors, type WebinarDraft } from './webinar-draft.ts';
import { fromWibInput, toWibInput, webinarError } from './webinar-format.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';

interface Options {
  courses: CourseCard[];
  quizzes: ManagedQuiz[];
  frameworks: Framework[];
  /** Something could not be loaded; the form still works without it. */
  partial: boolean;
}

const competencyLevels = [1, 2, 3, 4, 5] as const;
/** A new webinar's end, when only its start was typed: 90 minutes later. */
const DEFAULT_MINUTES = 90;

async function loadOptions(signal: AbortSignal): Promise<Options> {
  let partial = false;
  const soft = <T,>(p: Promise<T>, fallback: T) =>
    p.catch((error: unknown) => {
      if (signal.aborted) throw error;
      // A partner account may not list the city's courses, tests or frameworks: nothing failed.
      if (!isApiError(error, 'partner_forbidden')) partial = true;
      return fallback;
    });
  const [courses, quizzes, frameworks] = await Promise.all([
    soft(listCourses({ limit: 100 }, signal).then((page) => page.items), []),
    soft(managedQuizzes(signal), []),
    soft(listFrameworks(signal), []),
  ]);
  return { courses, quizzes, frameworks, partial };
}

/**
 * Scheduling a webinar (/webinars/new) or changing one (/webinars/:id/edit), for trainers,
 * partner users (whose webinars wait for the city's review) and admins: title, description, the schedule in WIB, seats, JP, attendance threshold, approval,
 * recording, the related course and post-test, the competencies it proves, and co-hosts.
 */
@customElement('sinau-webinar-form-page')
export class SinauWebinarFormPage extends LitElement {
  static override styles = [
    pageStyles,
    css`
      textarea.short {
        font-family: inherit;
        font-size: inherit;
        min-height: 7rem;
      }
      .crumbs {
        font-size: 0.9rem;
        margin-bottom: var(--sinau-space-2);
      }
      form {
        max-width: 48rem;
      }
      ol.rows,
      ul.rows {
        list-style: none;
        margin: 0 0 var(--sinau-space-3);
        padding: 0;
        display: grid;
        gap: var(--sinau-space-2);
      }
      ol.rows li {
        display: grid;
        grid-template-columns: minmax(0, 3fr) minmax(5rem, 1fr) auto;
        gap: var(--sinau-space-2);
        align-items: end;
      }
      ol.rows .field {
        margin: 0;
      }
      ul.rows li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: var(--sinau-space-2);
        padding: var(--sinau-space-2) var(--sinau-space-3);
        border: 1px solid var(--sinau-color-border);
        border-radius: var(--sinau-radius);
        overflow-wrap: anywhere;
      }
      .search {
        display: flex;
        flex-wrap: wrap;
        gap: var(--sinau-space-2);
        align-items: flex-end;
      }
      .search .field {
        flex: 1 1 12rem;
        margin-bottom: 0;
      }
      .results {
        margin-top: var(--sinau-space-3);
      }
      .row-error {
        grid-column: 1 / -1;
      }
    `,
  ];

  /** Route parameters: id when editing; none for a new webinar. */
  @property({ attribute: false }) params: Record<string, string> = {};

  @state() private draft: WebinarDraft | null = null;
  @state() private invalid: DraftErrors = {};
  @state() private error = '';
  @state() private busy = false;
  @state() private people: Person[] | null = null;
  @state() private searching = false;
  @state() private searchError = '';

  private readonly locale = new LocaleController(this);
  private readonly session = new SessionController(this);
  private readonly webinar = new LoadController<Webinar | null>(this, (signal) => (this.editing ? getWebinar(this.webinarId, signal) : Promise.resolve(null)));
  private readonly options = new LoadController<Options>(this, loadOptions);

  private get editing(): boolean {
    return this.params.id !== undefined;
  }

  private get webinarId(): number {
    return Number(this.params.id) || 0;
  }

  protected override willUpdate(): void {
    if (this.draft || this.webinar.value === undefined) return;
    this.draft = this.webinar.value ? draftFrom(this.webinar.value) : emptyDraft();
  }

  private set<K extends keyof WebinarDraft>(key: K, value: WebinarDraft[K]): void {
    if (!this.draft) return;
    const next = { ...this.draft, [key]: value };
    // The end follows a newly typed start, until the end is typed itself.
    if (key === 'startsAt' && !this.editing && !this.draft.endsAt) {
      const start = fromWibInput(value as string);
      if (start) next.endsAt = toWibInput(new Date(new Date(start).getTime() + DEFAULT_MINUTES * 60_000).toISOString());
    }
    this.draft = next;
  }

  private async focusFirstInvalid(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const d = this.draft;
    if (!d || this.busy) return;
    const original = this.webinar.value;
    const created = original ? null : toCreate(d);
    const patched = original ? toPatch(d, original) : null;
    this.invalid = (created ?? patched)!.errors;
    if (Object.keys(this.invalid).length) {
      this.error = t('form.fixErrors');
      await this.focusFirstInvalid();
      return;
    }
    if (original && patched?.patch && !Object.keys(patched.patch).length) {
      announce(t('webinars.form.noChanges'));
      router.navigate(`/webinars/${original.id}`);
      return;
    }
    this.error = '';
    this.busy = true;
    try {
      if (original) {
        await updateWebinar(original.id, patched!.patch!);
        announce(t('webinars.form.saved'));
        router.navigate(`/webinars/${original.id}`);
      } else {
        const saved = await createWebinar(created!.body!);
        announce(t('webinars.form.created', { title: saved.title }));
        router.navigate(`/webinars/${saved.id}`);
      }
    } catch (error) {
      // The form keeps what was typed.
      this.error = webinarError(error);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#form-error')?.focus();
    } finally {
      this.busy = false;
    }
  }

  // ---- Competencies ----------------------------------------------------------------------------

  private async addCompetency(): Promise<void> {
    if (!this.draft) return;
    this.set('competencies', [...this.draft.competencies, { key: newRowKey(), code: '', level: 1 }]);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#competency-${this.draft.competencies.length - 1}`)?.focus();
  }

  private changeCompetency(index: number, changes: { code?: string; level?: number }): void {
    if (!this.draft) return;
    this.set('competencies', this.draft.competencies.map((c, i) => (i === index ? { ...c, ...changes } : c)));
  }

  private async removeCompetency(index: number): Promise<void> {
    if (!this.draft) return;
    this.set('competencies', this.draft.competencies.filter((_, i) => i !== index));
    this.invalid = {};
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#add-competency')?.focus();
  }

  private renderCompetencies(d: WebinarDraft, frameworks: Framework[]) {
    const known = new Set(frameworks.flatMap((f) => f.competencies.map((c) => c.code)));
    const nameOf = (code: string) => frameworks.flatMap((f) => f.competencies).find((c) => c.code === code)?.name ?? code;
    return html`<fieldset>
      <legend>${t('webinars.form.competencies')}</legend>
      ${d.competencies.length
        ? html`<ol class="rows">
            ${d.competencies.map((c, index) => {
              const error = this.invalid[`competency-${index}`];
              return html`<li>
                <div class="field">
                  <label for=${`competency-${index}`}>${t('webinars.form.competency')}</label>
                  <select
                    id=${`competency-${index}`}
                    aria-invalid=${error ? 'true' : 'false'}
                    aria-describedby=${error ? `competency-${index}-error` : nothing}
                    @change=${(e: Event) => this.changeCompetency(index, { code: (e.target as HTMLSelectElement).value })}
                  >
                    <option value="" .selected=${!c.code}>${t('webinars.form.chooseCompetency')}</option>
                    ${c.code && !known.has(c.code) ? html`<option value=${c.code} selected>${c.code}</option>` : null}
                    ${frameworks.map(
                      (f) => html`<optgroup label=${f.title}>
                        ${f.competencies.map((k) => html`<option value=${k.code} .selected=${k.code === c.code}>${k.code} — ${k.name}</option>`)}
                      </optgroup>`,
                    )}
                  </select>
                </div>
                <div class="field">
                  <label for=${`level-${index}`}>${t('webinars.form.level')}</label>
                  <select id=${`level-${index}`} @change=${(e: Event) => this.changeCompetency(index, { level: Number((e.target as HTMLSelectElement).value) })}>
                    ${competencyLevels.map((level) => html`<option value=${String(level)} .selected=${level === c.level}>${level}</option>`)}
                  </select>
                </div>
                <button type="button" class="secondary" @click=${() => void this.removeCompetency(index)}>
                  <span aria-hidden="true">✕</span
                  ><span class="visually-hidden">${t('webinars.form.removeCompetency', { name: c.code ? nameOf(c.code) : String(index + 1) })}</span>
                </button>
                ${error ? html`<p class="field-error row-error" id=${`competency-${index}-error`}>${t(error)}</p>` : null}
              </li>`;
            })}
          </ol>`
        : html`<p class="muted">${t('webinars.form.noCompetencies')}</p>`}
      <button type="button" class="secondary" id="add-competency" @click=${this.addCompetency}>${t('webinars.form.addCompetency')}</button>
    </fieldset>`;
  }

  // ---- Co-hosts ----------------------------------------------------------------------------------

  private async searchPeople(): Promise<void> {
    const q = this.renderRoot.querySelector<HTMLInputElement>('#cohost-q')?.value.trim() ?? '';
    if (!q || this.searching || !this.draft) return;
    this.searching = true;
    this.searchError = '';
    try {
      const hostId = this.webinar.value?.host.id ?? this.session.me?.id;
      const taken = new Set([hostId, ...this.draft.coHosts.map((h) => h.id)]);
      this.people = (await listPeople({ q, limit: 10 })).items.filter((p) => !taken.has(p.id) && p.active);
    } catch (error) {
      this.searchError = webinarError(error);
    } finally {
      this.searching = false;
    }
  }

  private async addCoHost(person: Person): Promise<void> {
    if (!this.draft) return;
    this.set('coHosts', [...this.draft.coHosts, { id: person.id, name: person.name }]);
    this.people = this.people?.filter((p) => p.id !== person.id) ?? null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#cohost-q')?.focus();
  }

  private async removeCoHost(id: number): Promise<void> {
    if (!this.draft) return;
    this.set('coHosts', this.draft.coHosts.filter((h) => h.id !== id));
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#cohosts-legend')?.focus();
  }

  private renderCoHosts(d: WebinarDraft) {
    const admin = hasRole(this.session.me, 'admin');
    return html`<fieldset aria-describedby="cohosts-hint">
      <legend id="cohosts-legend" tabindex="-1">${t('webinars.form.coHosts')}</legend>
      <p class="hint" id="cohosts-hint">${t('webinars.form.coHostsHint')}</p>
      ${d.coHosts.length
        ? html`<ul class="rows">
            ${d.coHosts.map(
              (h) => html`<li>
                <span>${h.name}</span>
                <button type="button" class="secondary" @click=${() => void this.removeCoHost(h.id)}>
                  <span aria-hidden="true">✕</span><span class="visually-hidden">${t('webinars.form.removeCoHost', { name: h.name })}</span>
                </button>
              </li>`,
            )}
          </ul>`
        : html`<p class="muted">${t('webinars.form.noCoHosts')}</p>`}
      ${admin
        ? html`<div class="search">
              <div class="field">
                <label for="cohost-q">${t('webinars.form.searchPeople')}</label>
                <input
                  id="cohost-q"
                  type="search"
                  autocomplete="off"
                  @keydown=${(e: KeyboardEvent) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      void this.searchPeople();
                    }
                  }}
                />
              </div>
              <button type="button" class="secondary" @click=${() => void this.searchPeople()}>${t('common.search')}</button>
            </div>
            ${this.searchError ? html`<sinau-alert variant="error">${this.searchError}</sinau-alert>` : null}
            <div role="status" class="results">
              ${this.searching
                ? t('common.loading')
                : this.people === null
                  ? ''
                  : this.people.length
                    ? t('webinars.form.searchResults', { count: this.people.length })
                    : t('webinars.form.noResults')}
            </div>
            ${this.people?.length
              ? html`<ul class="rows results">
                  ${this.people.map(
                    (p) => html`<li>
                      <span><strong>${p.name}</strong> <span class="muted">${[p.nip, p.unit?.name].filter(Boolean).join(' · ')}</span></span>
                      <button type="button" class="secondary" aria-label=${t('webinars.form.addCoHostName', { name: p.name })} @click=${() => void this.addCoHost(p)}>
                        ${t('webinars.form.addCoHost')}
                      </button>
                    </li>`,
                  )}
                </ul>`
              : null}`
        : html`<p class="hint">${t('webinars.form.coHostsFromRegistrations')}</p>`}
    </fieldset>`;
  }

  // ---- The form ----------------------------------------------------------------------------------

  private field(key: keyof typeof fieldIds, label: string, opts: { hint?: string; numeric?: boolean; type?: 'datetime-local'; area?: 'short'; required?: boolean; maxlength?: number } = {}) {
    const d = this.draft!;
    const value = d[key];
    const error = this.invalid[key];
    return textField({
      id: fieldIds[key],
      label,
      value,
      onInput: (v) => this.set(key, v),
      error: error ? t(error) : undefined,
      hint: opts.hint,
      numeric: opts.numeric,
      type: opts.type,
      area: opts.area,
      required: opts.required,
      maxlength: opts.maxlength,
    });
  }

  private renderSelect(id: string, label: string, value: number | null, items: { id: number; title: string }[], onChange: (value: number | null) => void) {
    const listed = value === null || items.some((i) => i.id === value);
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <select id=${id} @change=${(e: Event) => onChange(Number((e.target as HTMLSelectElement).value) || null)}>
        <option value="" .selected=${value === null}>${t('webinars.form.none')}</option>
        ${listed ? null : html`<option value=${String(value)} selected>#${value}</option>`}
        ${items.map((i) => html`<option value=${String(i.id)} .selected=${i.id === value}>${i.title}</option>`)}
      </select>
    </div>`;
  }

  private renderForm(d: WebinarDraft) {
    const options = this.options.value;
    return html`<form @submit=${this.onSubmit} novalidate data-testid="webinar-form">
      ${this.error ? html`<sinau-alert variant="error" id="form-error" tabindex="-1">${this.error}</sinau-alert>` : null}
      <fieldset>
        <legend>${t('webinars.form.basics')}</legend>
        ${this.field('title', t('webinars.form.titleLabel'), { required: true, maxlength: 200 })}
        ${this.field('description', t('webinars.form.description'), { area: 'short', hint: t('webinars.form.descriptionHint'), maxlength: 20000 })}
      </fieldset>
      <fieldset>
        <legend>${t('webinars.form.schedule')}</legend>
        <p class="hint">${t('webinars.form.intro')}</p>
        <div class="form-grid">
          ${this.field('startsAt', t('webinars.form.startsAt'), { type: 'datetime-local', required: true })}
          ${this.field('endsAt', t('webinars.form.endsAt'), { type: 'datetime-local', required: true, hint: t('webinars.form.endsAtHint') })}
        </div>
      </fieldset>
      <fieldset>
        <legend>${t('webinars.form.participation')}</legend>
        <div class="form-grid">
          ${this.field('capacity', t('webinars.form.capacity'), { numeric: true, required: true, hint: t('webinars.form.capacityHint'), maxlength: 6 })}
          ${this.field('jp', t('webinars.form.jp'), { numeric: true, required: true, maxlength: 5 })}
          ${this.field('threshold', t('webinars.form.threshold'), { numeric: true, required: true, hint: t('webinars.form.thresholdHint'), maxlength: 5 })}
        </div>
        <label class="check">
          <input type="checkbox" .checked=${d.approvalRequired} aria-describedby="approval-hint" @change=${(e: Event) => this.set('approvalRequired', (e.target as HTMLInputElement).checked)} />
          <span>${t('webinars.form.approvalRequired')}</span>
        </label>
        <p class="hint" id="approval-hint">${t('webinars.form.approvalHint')}</p>
        <label class="check">
          <input type="checkbox" .checked=${d.record} aria-describedby="record-hint" @change=${(e: Event) => this.set('record', (e.target as HTMLInputElement).checked)} />
          <span>${t('webinars.form.record')}</span>
        </label>
        <p class="hint" id="record-hint">${t('webinars.form.recordHint')}</p>
      </fieldset>
      <fieldset>
        <legend>${t('webinars.form.links')}</legend>
        ${options
          ? html`${options.partial ? html`<sinau-alert variant="warning">${t('webinars.form.optionsFailed')}</sinau-alert>` : null}
              <div class="form-grid">
                ${this.renderSelect('webinar-course', t('webinars.form.course'), d.courseId, options.courses, (v) => this.set('courseId', v))}
                ${this.renderSelect('webinar-quiz', t('webinars.form.quiz'), d.quizId, options.quizzes, (v) => this.set('quizId', v))}
              </div>`
          : html`<sinau-loading .label=${t('webinars.form.loadingOptions')}></sinau-loading>`}
      </fieldset>
      ${this.renderCompetencies(d, options?.frameworks ?? [])} ${this.renderCoHosts(d)}
      <div class="actions">
        <button type="submit" ?disabled=${this.busy} data-testid="save-webinar">
          ${this.busy ? t('webinars.form.saving') : this.editing ? t('webinars.form.submitEdit') : t('webinars.form.submitNew')}
        </button>
        <a class="button secondary" href=${this.editing ? `/webinars/${this.webinarId}` : '/webinars'}>${t('common.cancel')}</a>
      </div>
    </form>`;
  }

  override render() {
    const heading = this.editing ? t('webinars.form.editTitle') : t('webinars.form.newTitle');
    const crumbs = html`<nav class="crumbs" aria-label=${t('webinars.detail.breadcrumbs')}>
      <a href="/webinars">${t('webinars.title')}</a>${this.webinar.value ? html` › <a href=${`/webinars/${this.webinar.value.id}`}>${this.webinar.value.title}</a>` : null}
    </nav>`;
    if (this.webinar.error) {
      return html`${crumbs}
        <h1>${heading}</h1>
        <sinau-alert variant="error">${webinarError(this.webinar.error)}</sinau-alert>`;
    }
    const w = this.webinar.value;
    if (w && !w.me.canEdit) {
      return html`${crumbs}
        <h1>${heading}</h1>
        <sinau-alert variant="warning">${t('webinars.form.notYours')}</sinau-alert>`;
    }
    if (w && (w.status === 'ended' || w.status === 'cancelled')) {
      return html`${crumbs}
        <h1>${heading}</h1>
        <sinau-alert variant="warning">${t('webinars.form.notEditable')}</sinau-alert>`;
    }
    if (!this.draft) return html`${crumbs}<h1>${heading}</h1><sinau-loading></sinau-loading>`;
    // A partner user's webinar waits for the city's review: a new one, or one not yet approved.
    const reviewed = hasRole(this.session.me, 'partner') && !hasRole(this.session.me, 'admin') && (!w || w.reviewState !== 'approved');
    return html`${crumbs}
      <h1>${heading}</h1>
      ${reviewed ? html`<sinau-alert variant="info" data-testid="partner-review-note">${t('webinars.partnerReviewNote')}</sinau-alert>` : null}
      ${this.renderForm(this.draft)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-webinar-form-page': SinauWebinarFormPage;
  }
}
