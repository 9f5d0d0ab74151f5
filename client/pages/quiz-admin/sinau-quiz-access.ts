import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { listPeople, listPositions, listUnits, type Position, type Unit } from '../../api/org.ts';
import { assignQuiz, getQuizResults, setQuizExtraTime, type ExtraTime, type QuizEdit } from '../../api/quizzes.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatDate, LocaleController, t } from '../../i18n.ts';
import { hasRole, SessionController } from '../../session.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { editorStyles } from '../authoring/editor-styles.ts';
import { parseNumber } from '../quizzes/quiz-format.ts';
import { newKey } from './question-draft.ts';
import { fromLocalInput } from './quiz-settings.ts';
import { quizAdminStyles } from './quiz-admin-styles.ts';
import '../../components/sinau-alert.ts';

type ExtraRow = ExtraTime & { key: string; minutesText: string };
interface PersonChoice {
  id: number;
  name: string;
  nip: string | null;
}

/**
 * Who takes a quiz and on what terms: extra time for a person or an office (saved as one list),
 * and, for a standalone test, the offices and positions it is assigned to (admins assign).
 * Fires `sinau-quiz-change` (QuizEdit) after each save.
 */
@customElement('sinau-quiz-access')
export class SinauQuizAccess extends LitElement {
  static override styles = [
    pageStyles,
    editorStyles,
    quizAdminStyles,
    css`
      .extra-row {
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(6rem, 8rem) auto;
        gap: var(--sinau-space-2);
        align-items: end;
      }
      .extra-row .who {
        align-self: center;
        overflow-wrap: anywhere;
      }
      .extra-row .field {
        margin: 0;
      }
      @media (max-width: 30rem) {
        .extra-row {
          grid-template-columns: minmax(0, 1fr) auto;
        }
        .extra-row .who {
          grid-column: 1 / -1;
        }
      }
      .search input {
        flex: 1 1 12rem;
        width: auto;
      }
      ul.assignments {
        padding-left: var(--sinau-space-4);
      }
    `,
  ];

  /** The quiz as last saved. */
  @property({ attribute: false }) quiz!: QuizEdit;

  @state() private rows: ExtraRow[] = [];
  @state() private addKind: 'person' | 'unit' = 'unit';
  @state() private addUnit = '';
  @state() private addPerson = '';
  @state() private addMinutes = '';
  @state() private search = '';
  @state() private found: PersonChoice[] | null = null;
  @state() private extraError = '';
  @state() private extraNote = '';
  @state() private extraBusy = false;

  @state() private assignKind: 'unit' | 'position' = 'unit';
  @state() private assignTarget = '';
  @state() private assignDue = '';
  @state() private assignError = '';
  @state() private assignNote = '';
  @state() private assignBusy = false;

  private readonly locale = new LocaleController(this);
  private readonly session = new SessionController(this);
  private readonly units = new LoadController<Unit[]>(this, (signal) => listUnits(signal));
  private readonly positions = new LoadController<Position[]>(this, (signal) => listPositions(null, signal), { auto: false });
  /** People who have attempts (trainers may not search the staff list; these they know). */
  private readonly takers = new LoadController<PersonChoice[]>(this, async (signal) => {
    const r = await getQuizResults(this.quiz.id, signal);
    const byId = new Map(r.items.map((i) => [i.person.id, { ...i.person, nip: i.person.nip ?? null }]));
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
  });
  /** Names of people already given extra time, as far as they are known. */
  private names = new Map<number, string>();

  private get isAdmin(): boolean {
    return hasRole(this.session.me, 'admin');
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.isAdmin) void this.positions.run();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('quiz') && this.quiz) {
      this.rows = this.quiz.extraTime.map((e) => ({ ...e, key: newKey(), minutesText: String(e.minutes) }));
    }
    for (const p of [...(this.takers.value ?? []), ...(this.found ?? [])]) this.names.set(p.id, p.name);
  }

  private who(row: ExtraTime): string {
    if (row.unitId !== null) {
      const u = this.units.value?.find((x) => x.id === row.unitId);
      return t('quizEditor.extraUnit', { name: u ? `${u.name} (${u.code})` : `#${row.unitId}` });
    }
    return this.names.get(row.personId!) ?? t('quizEditor.personN', { id: row.personId! });
  }

  private async runSearch(): Promise<void> {
    const q = this.search.trim();
    if (!q) return;
    try {
      const page = await listPeople({ q, limit: 20 });
      this.found = page.items.map((p) => ({ id: p.id, name: p.name, nip: p.nip }));
      announce(t('quizEditor.peopleFound', { count: this.found.length }));
    } catch (error) {
      this.extraError = describeError(error);
    }
  }

  private addExtra(): void {
    const minutes = parseNumber(this.addMinutes);
    const target = Number(this.addKind === 'unit' ? this.addUnit : this.addPerson);
    if (!target) {
      this.extraError = this.addKind === 'unit' ? t('quizEditor.pickUnit') : t('quizEditor.pickPerson');
      return;
    }
    if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1 || minutes > 1440) {
      this.extraError = t('quizEditor.minutesInvalid');
      return;
    }
    const same = this.rows.find((r) => (this.addKind === 'unit' ? r.unitId === target : r.personId === target));
    if (same) {
      this.extraError = t('quizEditor.extraDuplicate');
      return;
    }
    this.extraError = '';
    const row: ExtraRow = { key: newKey(), personId: this.addKind === 'person' ? target : null, unitId: this.addKind === 'unit' ? target : null, minutes, minutesText: String(minutes) };
    this.rows = [...this.rows, row];
    this.addMinutes = '';
    announce(t('quizEditor.extraAdded', { who: this.who(row) }));
  }

  private async saveExtra(): Promise<void> {
    if (this.extraBusy) return;
    const rows: ExtraTime[] = [];
    for (const r of this.rows) {
      const m = parseNumber(r.minutesText);
      if (typeof m !== 'number' || !Number.isInteger(m) || m < 1 || m > 1440) {
        this.extraError = t('quizEditor.minutesInvalid');
        this.renderRoot.querySelector<HTMLElement>(`#extra-${r.key}`)?.focus();
        return;
      }
      rows.push({ personId: r.personId, unitId: r.unitId, minutes: m });
    }
    this.extraBusy = true;
    this.extraError = '';
    this.extraNote = '';
    try {
      const quiz = await setQuizExtraTime(this.quiz.id, rows);
      this.extraNote = t('quizEditor.extraSaved');
      announce(this.extraNote);
      this.dispatchEvent(new CustomEvent<QuizEdit>('sinau-quiz-change', { detail: quiz, bubbles: true, composed: true }));
    } catch (error) {
      this.extraError = describeError(error);
    } finally {
      this.extraBusy = false;
    }
  }

  private async assign(): Promise<void> {
    if (this.assignBusy) return;
    const id = Number(this.assignTarget);
    if (!id) {
      this.assignError = this.assignKind === 'unit' ? t('quizEditor.pickUnit') : t('quizEditor.pickPosition');
      this.renderRoot.querySelector<HTMLElement>('#assign-target')?.focus();
      return;
    }
    const due = fromLocalInput(this.assignDue);
    if (due === undefined) {
      this.assignError = t('quizEditor.timeInvalid');
      return;
    }
    this.assignBusy = true;
    this.assignError = '';
    this.assignNote = '';
    try {
      const quiz = await assignQuiz(this.quiz.id, this.assignKind === 'unit' ? { unitId: id } : { positionId: id }, due);
      this.assignNote = t('quizEditor.assigned');
      announce(this.assignNote);
      this.assignTarget = '';
      this.assignDue = '';
      this.dispatchEvent(new CustomEvent<QuizEdit>('sinau-quiz-change', { detail: quiz, bubbles: true, composed: true }));
    } catch (error) {
      this.assignError = describeError(error);
    } finally {
      this.assignBusy = false;
    }
  }

  private renderExtraRows() {
    if (!this.rows.length) return html`<p class="empty">${t('quizEditor.noExtra')}</p>`;
    return html`<ol class="rows" aria-label=${t('quizEditor.extraListLabel')}>
      ${repeat(
        this.rows,
        (r) => r.key,
        (r, index) => html`<li class="row-box extra-row" data-row=${r.key}>
          <span class="who">${this.who(r)}</span>
          <div class="field">
            <label for=${`extra-${r.key}`}>${t('quizEditor.minutes')}</label>
            <input
              id=${`extra-${r.key}`}
              inputmode="numeric"
              maxlength="4"
              .value=${r.minutesText}
              aria-label=${t('quizEditor.minutesFor', { who: this.who(r) })}
              @input=${(e: Event) => (this.rows = this.rows.map((x) => (x.key === r.key ? { ...x, minutesText: (e.target as HTMLInputElement).value } : x)))}
            />
          </div>
          <button
            type="button"
            class="secondary"
            @click=${async () => {
              const who = this.who(r);
              this.rows = this.rows.filter((x) => x.key !== r.key);
              announce(t('quizEditor.removed', { item: who }));
              await this.updateComplete;
              const next = this.rows[Math.min(index, this.rows.length - 1)];
              this.renderRoot.querySelector<HTMLElement>(next ? `#extra-${next.key}` : '#extra-kind-unit')?.focus();
            }}
          >
            <span aria-hidden="true">✕</span><span class="visually-hidden">${t('quizEditor.remove', { item: this.who(r) })}</span>
          </button>
        </li>`,
      )}
    </ol>`;
  }

  private renderPersonPicker() {
    const people = this.isAdmin ? (this.found ?? []) : (this.takers.value ?? []);
    return html`${this.isAdmin
        ? html`<div class="field">
            <label for="person-search">${t('quizEditor.searchPerson')}</label>
            <div class="row search">
              <input
                id="person-search"
                type="search"
                maxlength="100"
                .value=${this.search}
                @input=${(e: Event) => (this.search = (e.target as HTMLInputElement).value)}
                @keydown=${(e: KeyboardEvent) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    void this.runSearch();
                  }
                }}
              />
              <button type="button" class="secondary" @click=${() => void this.runSearch()}>${t('quizEditor.search')}</button>
            </div>
          </div>`
        : html`<p class="hint">${t('quizEditor.takersOnly')}</p>`}
      <div class="field">
        <label for="extra-person">${t('quizEditor.person')}</label>
        <select id="extra-person" @change=${(e: Event) => (this.addPerson = (e.target as HTMLSelectElement).value)}>
          <option value="" .selected=${this.addPerson === ''}>${people.length ? t('quizEditor.choose') : t('quizEditor.noPeople')}</option>
          ${people.map((p) => html`<option value=${String(p.id)} .selected=${this.addPerson === String(p.id)}>${p.name}${p.nip ? ` (${p.nip})` : ''}</option>`)}
        </select>
      </div>`;
  }

  private renderExtra() {
    return html`<section aria-labelledby="extra-heading" data-testid="extra-time">
      <h2 id="extra-heading">${t('quizEditor.extraHeading')}</h2>
      <p class="hint">${t('quizEditor.extraIntro')}</p>
      ${this.renderExtraRows()}
      <fieldset>
        <legend>${t('quizEditor.extraAddLegend')}</legend>
        <div class="row" role="radiogroup" aria-label=${t('quizEditor.extraFor')}>
          <label class="check"
            ><input id="extra-kind-unit" type="radio" name="extra-kind" .checked=${this.addKind === 'unit'} @change=${() => (this.addKind = 'unit')} /><span
              >${t('quizEditor.office')}</span
            ></label
          >
          <label class="check"
            ><input type="radio" name="extra-kind" .checked=${this.addKind === 'person'} @change=${() => (this.addKind = 'person')} /><span
              >${t('quizEditor.person')}</span
            ></label
          >
        </div>
        ${this.addKind === 'unit'
          ? html`<div class="field">
              <label for="extra-unit">${t('quizEditor.office')}</label>
              <select id="extra-unit" @change=${(e: Event) => (this.addUnit = (e.target as HTMLSelectElement).value)}>
                <option value="" .selected=${this.addUnit === ''}>${t('quizEditor.choose')}</option>
                ${(this.units.value ?? []).map((u) => html`<option value=${String(u.id)} .selected=${this.addUnit === String(u.id)}>${u.name} (${u.code})</option>`)}
              </select>
            </div>`
          : this.renderPersonPicker()}
        <div class="field">
          <label for="extra-minutes">${t('quizEditor.minutes')}</label>
          <input id="extra-minutes" inputmode="numeric" maxlength="4" .value=${this.addMinutes} @input=${(e: Event) => (this.addMinutes = (e.target as HTMLInputElement).value)} />
        </div>
        <button type="button" class="secondary" @click=${this.addExtra}>${t('quizEditor.extraAdd')}</button>
      </fieldset>
      ${this.extraError ? html`<sinau-alert variant="error">${this.extraError}</sinau-alert>` : nothing}
      ${this.extraNote ? html`<sinau-alert variant="success">${this.extraNote}</sinau-alert>` : nothing}
      <div class="actions">
        <button type="button" aria-disabled=${this.extraBusy ? 'true' : 'false'} @click=${() => void this.saveExtra()}>${t('quizEditor.extraSave')}</button>
      </div>
    </section>`;
  }

  private renderAssignments() {
    const q = this.quiz;
    const unitName = (id: number) => {
      const u = this.units.value?.find((x) => x.id === id);
      return u ? `${u.name} (${u.code})` : `#${id}`;
    };
    const positionName = (id: number) => {
      const p = this.positions.value?.find((x) => x.id === id);
      return p ? `${p.name} — ${p.unit.name}` : t('quizEditor.positionN', { id });
    };
    let body;
    if (q.courseId !== null) body = html`<p>${t('quizEditor.courseQuizAssign')}</p>`;
    else {
      const list = q.assignments.length
        ? html`<ul class="assignments" data-testid="assignments">
            ${q.assignments.map(
              (a) => html`<li>
                ${a.unitId !== null ? t('quizEditor.assignedUnit', { name: unitName(a.unitId) }) : t('quizEditor.assignedPosition', { name: positionName(a.positionId!) })}
                ${a.dueAt ? html` · ${t('quizEditor.due', { date: formatDate(a.dueAt) })}` : nothing}
              </li>`,
            )}
          </ul>`
        : html`<p class="empty">${t('quizEditor.notAssigned')}</p>`;
      const options =
        this.assignKind === 'unit'
          ? (this.units.value ?? []).map((u) => ({ id: u.id, label: `${u.name} (${u.code})` }))
          : (this.positions.value ?? []).map((p) => ({ id: p.id, label: `${p.name} — ${p.unit.name}` }));
      const form = this.isAdmin
        ? html`<fieldset>
            <legend>${t('quizEditor.assignLegend')}</legend>
            <div class="row" role="radiogroup" aria-label=${t('quizEditor.assignTo')}>
              <label class="check"
                ><input type="radio" name="assign-kind" .checked=${this.assignKind === 'unit'} @change=${() => ((this.assignKind = 'unit'), (this.assignTarget = ''))} /><span
                  >${t('quizEditor.office')}</span
                ></label
              >
              <label class="check"
                ><input type="radio" name="assign-kind" .checked=${this.assignKind === 'position'} @change=${() => ((this.assignKind = 'position'), (this.assignTarget = ''))} /><span
                  >${t('quizEditor.position')}</span
                ></label
              >
            </div>
            <div class="field">
              <label for="assign-target">${this.assignKind === 'unit' ? t('quizEditor.office') : t('quizEditor.position')}</label>
              <select id="assign-target" @change=${(e: Event) => (this.assignTarget = (e.target as HTMLSelectElement).value)}>
                <option value="" .selected=${this.assignTarget === ''}>${t('quizEditor.choose')}</option>
                ${options.map((o) => html`<option value=${String(o.id)} .selected=${this.assignTarget === String(o.id)}>${o.label}</option>`)}
              </select>
            </div>
            <div class="field">
              <label for="assign-due">${t('quizEditor.dueAt')}</label>
              <input id="assign-due" type="datetime-local" .value=${this.assignDue} @input=${(e: Event) => (this.assignDue = (e.target as HTMLInputElement).value)} />
            </div>
            ${this.assignError ? html`<sinau-alert variant="error">${this.assignError}</sinau-alert>` : nothing}
            ${this.assignNote ? html`<sinau-alert variant="success">${this.assignNote}</sinau-alert>` : nothing}
            <button type="button" aria-disabled=${this.assignBusy ? 'true' : 'false'} @click=${() => void this.assign()}>${t('quizEditor.assign')}</button>
          </fieldset>`
        : html`<p class="hint">${t('quizEditor.adminsAssign')}</p>`;
      body = html`${list}${form}`;
    }
    return html`<section aria-labelledby="assign-heading">
      <h2 id="assign-heading">${t('quizEditor.assignHeading')}</h2>
      ${body}
    </section>`;
  }

  override render() {
    if (!this.quiz) return null;
    return html`${this.renderExtra()} ${this.renderAssignments()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-quiz-access': SinauQuizAccess;
  }
  interface HTMLElementEventMap {
    'sinau-quiz-change': CustomEvent<QuizEdit>;
  }
}
