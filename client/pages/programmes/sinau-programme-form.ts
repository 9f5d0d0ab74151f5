import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { listCourses, type CourseCard } from '../../api/courses.ts';
import type { Unit } from '../../api/org.ts';
import { createProgramme, stepKinds, type CompetencyLevel, type NewStep, type Programme, type StepKind } from '../../api/programmes.ts';
import { managedQuizzes, type ManagedQuiz } from '../../api/quizzes.ts';
import { listWebinars, type Webinar } from '../../api/webinars.ts';
import { announce } from '../../announce.ts';
import { describeError } from '../../errors.ts';
import { formatDate, LocaleController, t } from '../../i18n.ts';
import { unitOptions } from '../admin/unit-tree.ts';
import { programmeStyles } from './programme-styles.ts';
import '../../components/sinau-alert.ts';
import '../authoring/sinau-competency-rows.ts';

interface StepDraft {
  /** Stable key for rendering while steps are added and removed. */
  key: number;
  kind: StepKind;
  title: string;
  course: { id: number; title: string } | null;
  quizId: number | null;
  webinarId: number | null;
  dueDays: string;
  /** Indexes of earlier steps. */
  requires: number[];
  instructions: string;
  rubric: { criterion: string; description: string }[];
  competencies: CompetencyLevel[];
}

const maxRubricRows = 10;
let nextKey = 1;

function newStep(kind: StepKind): StepDraft {
  return {
    key: nextKey++,
    kind,
    title: '',
    course: null,
    quizId: null,
    webinarId: null,
    dueDays: '',
    requires: [],
    instructions: '',
    rubric: kind === 'practice' ? [{ criterion: '', description: '' }] : [],
    competencies: [],
  };
}

/**
 * Creating a programme: title, summary, JP, owning office, competencies, and its steps (a course
 * from the catalogue, a quiz, a webinar, or practice with instructions and a rubric), each with
 * the earlier steps it requires and a due day. Fires `sinau-programme-created` with the programme.
 */
@customElement('sinau-programme-form')
export class SinauProgrammeForm extends LitElement {
  static override styles = [
    programmeStyles,
    css`
      fieldset.step {
        background: var(--sinau-color-surface);
      }
      fieldset.step > legend {
        font-size: 1.05rem;
      }
      .course-results {
        list-style: none;
        padding: 0;
        margin: var(--sinau-space-2) 0;
        border: 1px solid var(--sinau-color-border);
        border-radius: var(--sinau-radius);
      }
      .course-results li {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        align-items: center;
        gap: var(--sinau-space-2);
        padding: var(--sinau-space-2) var(--sinau-space-3);
      }
      .course-results li + li {
        border-top: 1px solid var(--sinau-color-border);
      }
      .rubric-row {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 12rem), 1fr)) auto;
        gap: 0 var(--sinau-space-3);
        align-items: end;
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
    `,
  ];

  /** Offices the admin may give as owner. */
  @property({ attribute: false }) units: Unit[] = [];

  @state() private programmeTitle = '';
  @state() private summary = '';
  @state() private description = '';
  @state() private jp = '';
  @state() private unitId: number | null = null;
  @state() private competencies: CompetencyLevel[] = [];
  @state() private steps: StepDraft[] = [];
  @state() private quizzes: ManagedQuiz[] = [];
  @state() private webinars: Webinar[] = [];
  @state() private courseResults = new Map<number, CourseCard[]>();
  @state() private addKind: StepKind = 'course';
  @state() private busy = false;
  @state() private error = '';
  @state() private errors: string[] = [];

  private readonly locale = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    // Lists to pick from; a failure leaves them empty and the form says so where it matters.
    void managedQuizzes().then((q) => (this.quizzes = q), () => undefined);
    void listWebinars('upcoming').then((w) => (this.webinars = w), () => undefined);
  }

  private change(index: number, changes: Partial<StepDraft>): void {
    this.steps = this.steps.map((s, i) => (i === index ? { ...s, ...changes } : s));
  }

  private async addStep(): Promise<void> {
    this.steps = [...this.steps, newStep(this.addKind)];
    announce(t('programmes.form.stepAdded', { n: this.steps.length }));
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#step-${this.steps.length - 1}-title`)?.focus();
  }

  private async removeStep(index: number): Promise<void> {
    // Later steps' prerequisites shift with the removal; a requirement on the removed step goes.
    this.steps = this.steps
      .filter((_, i) => i !== index)
      .map((s) => ({ ...s, requires: s.requires.filter((r) => r !== index).map((r) => (r > index ? r - 1 : r)) }));
    announce(t('programmes.form.stepRemoved', { n: index + 1 }));
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#add-kind')?.focus();
  }

  private toggleRequire(index: number, earlier: number, on: boolean): void {
    const current = this.steps[index]!.requires.filter((r) => r !== earlier);
    this.change(index, { requires: on ? [...current, earlier].sort((a, b) => a - b) : current });
  }

  private async searchCourses(index: number, key: number): Promise<void> {
    const q = this.renderRoot.querySelector<HTMLInputElement>(`#step-${index}-q`)?.value.trim() ?? '';
    try {
      const page = await listCourses({ q, limit: 10 });
      this.courseResults = new Map(this.courseResults).set(key, page.items);
      announce(page.items.length ? t('programmes.form.coursesFound', { count: page.items.length }) : t('programmes.form.noCourses'));
    } catch (error) {
      this.error = describeError(error);
    }
  }

  private chooseCourse(index: number, key: number, course: CourseCard): void {
    const step = this.steps[index]!;
    this.change(index, { course: { id: course.id, title: course.title }, title: step.title || course.title });
    const results = new Map(this.courseResults);
    results.delete(key);
    this.courseResults = results;
    announce(t('programmes.form.courseChosen', { title: course.title }));
  }

  private changeRubric(index: number, row: number, changes: Partial<{ criterion: string; description: string }>): void {
    const rubric = this.steps[index]!.rubric.map((r, i) => (i === row ? { ...r, ...changes } : r));
    this.change(index, { rubric });
  }

  private validate(): string[] {
    const errors: string[] = [];
    if (!this.programmeTitle.trim()) errors.push(t('programmes.form.titleRequired'));
    const jp = Number(this.jp);
    if (this.jp.trim() === '' || !Number.isFinite(jp) || jp < 0) errors.push(t('programmes.form.jpRequired'));
    if (!this.steps.length) errors.push(t('programmes.form.stepsRequired'));
    if (this.competencies.some((c) => !c.code.trim())) errors.push(t('programmes.form.competencyCode'));
    this.steps.forEach((s, i) => {
      const n = i + 1;
      if (s.kind === 'course' && !s.course) errors.push(t('programmes.form.stepNeedsCourse', { n }));
      if (s.kind === 'quiz' && !s.quizId) errors.push(t('programmes.form.stepNeedsQuiz', { n }));
      if (s.kind === 'webinar' && !s.webinarId) errors.push(t('programmes.form.stepNeedsWebinar', { n }));
      if (s.kind === 'practice') {
        if (!s.title.trim()) errors.push(t('programmes.form.stepNeedsTitle', { n }));
        if (!s.instructions.trim()) errors.push(t('programmes.form.stepNeedsInstructions', { n }));
        if (!s.rubric.length || s.rubric.some((r) => !r.criterion.trim())) errors.push(t('programmes.form.stepNeedsRubric', { n }));
        if (s.competencies.some((c) => !c.code.trim())) errors.push(t('programmes.form.competencyCode'));
      }
      const due = s.dueDays.trim();
      if (due && (!Number.isInteger(Number(due)) || Number(due) < 0)) errors.push(t('programmes.form.stepDueDays', { n }));
    });
    return errors;
  }

  private toStep(s: StepDraft): NewStep {
    const step: NewStep = { kind: s.kind, requires: s.requires };
    if (s.title.trim()) step.title = s.title.trim();
    if (s.dueDays.trim()) step.dueDays = Number(s.dueDays);
    if (s.kind === 'course' && s.course) step.courseId = s.course.id;
    if (s.kind === 'quiz' && s.quizId) step.quizId = s.quizId;
    if (s.kind === 'webinar' && s.webinarId) step.webinarId = s.webinarId;
    if (s.kind === 'practice') {
      step.practice = {
        instructions: s.instructions.trim(),
        rubric: s.rubric.map((r) => ({ criterion: r.criterion.trim(), ...(r.description.trim() ? { description: r.description.trim() } : {}) })),
      };
      step.competencies = s.competencies.map((c) => ({ code: c.code.trim(), level: c.level }));
    }
    return step;
  }

  private async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    this.errors = this.validate();
    this.error = '';
    if (this.errors.length) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#form-errors')?.focus();
      return;
    }
    this.busy = true;
    try {
      const programme = await createProgramme({
        title: this.programmeTitle.trim(),
        ...(this.summary.trim() ? { summary: this.summary.trim() } : {}),
        ...(this.description.trim() ? { description: this.description.trim() } : {}),
        jp: Number(this.jp),
        ...(this.unitId ? { unitId: this.unitId } : {}),
        competencies: this.competencies.map((c) => ({ code: c.code.trim(), level: c.level })),
        steps: this.steps.map((s) => this.toStep(s)),
      });
      announce(t('programmes.form.created', { title: programme.title }));
      this.dispatchEvent(new CustomEvent<Programme>('sinau-programme-created', { detail: programme, bubbles: true, composed: true }));
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = false;
    }
  }

  private renderKindFields(s: StepDraft, i: number) {
    const id = (name: string) => `step-${i}-${name}`;
    switch (s.kind) {
      case 'course': {
        const results = this.courseResults.get(s.key);
        return html`<p aria-live="polite">${t('programmes.form.course')}: ${s.course ? html`<strong>${s.course.title}</strong>` : html`<span class="muted">${t('programmes.form.noneChosen')}</span>`}</p>
          <div class="search">
            <div class="field">
              <label for=${id('q')}>${t('programmes.form.searchCourse')}</label>
              <input
                id=${id('q')}
                type="search"
                autocomplete="off"
                @keydown=${(e: KeyboardEvent) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    void this.searchCourses(i, s.key);
                  }
                }}
              />
            </div>
            <button type="button" class="secondary" @click=${() => void this.searchCourses(i, s.key)}>${t('common.search')}</button>
          </div>
          ${results?.length
            ? html`<ul class="course-results">
                ${results.map(
                  (c) => html`<li>
                    <span><strong>${c.title}</strong> <span class="muted">· ${t('programmes.jpValue', { jp: c.jp })}</span></span>
                    <button type="button" class="secondary" @click=${() => this.chooseCourse(i, s.key, c)}>
                      ${t('programmes.form.choose')}<span class="visually-hidden"> ${c.title}</span>
                    </button>
                  </li>`,
                )}
              </ul>`
            : nothing}`;
      }
      case 'quiz':
        return html`<div class="field">
          <label for=${id('quiz')}>${t('programmes.kind.quiz')}</label>
          <select id=${id('quiz')} @change=${(e: Event) => this.change(i, { quizId: Number((e.target as HTMLSelectElement).value) || null })}>
            <option value="">${t('programmes.form.chooseQuiz')}</option>
            ${this.quizzes.map((q) => html`<option value=${String(q.id)} .selected=${q.id === s.quizId}>${q.title}</option>`)}
          </select>
          ${this.quizzes.length ? nothing : html`<p class="hint">${t('programmes.form.noQuizzes')}</p>`}
        </div>`;
      case 'webinar':
        return html`<div class="field">
          <label for=${id('webinar')}>${t('programmes.kind.webinar')}</label>
          <select id=${id('webinar')} @change=${(e: Event) => this.change(i, { webinarId: Number((e.target as HTMLSelectElement).value) || null })}>
            <option value="">${t('programmes.form.chooseWebinar')}</option>
            ${this.webinars.map((w) => html`<option value=${String(w.id)} .selected=${w.id === s.webinarId}>${w.title} (${formatDate(w.startsAt)})</option>`)}
          </select>
          ${this.webinars.length ? nothing : html`<p class="hint">${t('programmes.form.noWebinars')}</p>`}
        </div>`;
      case 'practice':
        return html`<div class="field">
            <label for=${id('instructions')}>${t('programmes.practice.instructions')}</label>
            <textarea
              id=${id('instructions')}
              class="prose-input"
              rows="5"
              maxlength="10000"
              .value=${s.instructions}
              @input=${(e: Event) => this.change(i, { instructions: (e.target as HTMLTextAreaElement).value })}
            ></textarea>
          </div>
          <fieldset>
            <legend>${t('programmes.rubric.heading')}</legend>
            ${s.rubric.map(
              (r, row) => html`<div class="rubric-row">
                <div class="field">
                  <label for=${id(`criterion-${row}`)}>${t('programmes.form.criterion', { n: row + 1 })}</label>
                  <input id=${id(`criterion-${row}`)} maxlength="200" .value=${r.criterion} @input=${(e: Event) => this.changeRubric(i, row, { criterion: (e.target as HTMLInputElement).value })} />
                </div>
                <div class="field">
                  <label for=${id(`description-${row}`)}>${t('programmes.form.criterionDescription')}</label>
                  <input id=${id(`description-${row}`)} maxlength="1000" .value=${r.description} @input=${(e: Event) => this.changeRubric(i, row, { description: (e.target as HTMLInputElement).value })} />
                </div>
                <div class="field">
                  <button
                    type="button"
                    class="secondary"
                    ?disabled=${s.rubric.length <= 1}
                    @click=${() => this.change(i, { rubric: s.rubric.filter((_, k) => k !== row) })}
                  >
                    <span aria-hidden="true">✕</span><span class="visually-hidden">${t('programmes.form.removeCriterion', { n: row + 1 })}</span>
                  </button>
                </div>
              </div>`,
            )}
            <button
              type="button"
              class="secondary"
              ?disabled=${s.rubric.length >= maxRubricRows}
              @click=${() => this.change(i, { rubric: [...s.rubric, { criterion: '', description: '' }] })}
            >
              ${t('programmes.form.addCriterion')}
            </button>
          </fieldset>
          <fieldset>
            <legend>${t('programmes.form.stepCompetencies')}</legend>
            <sinau-competency-rows
              .competencies=${s.competencies}
              @sinau-competencies-change=${(e: CustomEvent<CompetencyLevel[]>) => {
                e.stopPropagation();
                this.change(i, { competencies: e.detail });
              }}
            ></sinau-competency-rows>
          </fieldset>`;
    }
  }

  private renderStep(s: StepDraft, i: number) {
    const id = (name: string) => `step-${i}-${name}`;
    return html`<fieldset class="step" data-testid="step-draft">
      <legend>${t('programmes.form.stepLegend', { n: i + 1, kind: t(`programmes.kind.${s.kind}`) })}</legend>
      <div class="form-grid">
        <div class="field">
          <label for=${id('title')}>${s.kind === 'practice' ? t('programmes.form.stepTitle') : t('programmes.form.stepTitleOptional')}</label>
          <input id=${id('title')} maxlength="200" .value=${s.title} @input=${(e: Event) => this.change(i, { title: (e.target as HTMLInputElement).value })} />
        </div>
        <div class="field">
          <label for=${id('due')}>${t('programmes.form.dueDays')}</label>
          <input id=${id('due')} type="number" min="0" step="1" inputmode="numeric" .value=${s.dueDays} @input=${(e: Event) => this.change(i, { dueDays: (e.target as HTMLInputElement).value })} />
        </div>
      </div>
      ${this.renderKindFields(s, i)}
      ${i > 0
        ? html`<fieldset>
            <legend>${t('programmes.form.requires')}</legend>
            ${this.steps.slice(0, i).map(
              (earlier, j) => html`<label class="check">
                <input type="checkbox" .checked=${s.requires.includes(j)} @change=${(e: Event) => this.toggleRequire(i, j, (e.target as HTMLInputElement).checked)} />
                ${t('programmes.form.requireStep', { n: j + 1, title: earlier.title || earlier.course?.title || t(`programmes.kind.${earlier.kind}`) })}
              </label>`,
            )}
          </fieldset>`
        : nothing}
      <button type="button" class="secondary" @click=${() => void this.removeStep(i)}>${t('programmes.form.removeStep', { n: i + 1 })}</button>
    </fieldset>`;
  }

  override render() {
    return html`<form novalidate @submit=${this.submit} data-testid="programme-form">
      <div class="form-grid">
        <div class="field">
          <label for="p-title">${t('programmes.form.title')}</label>
          <input id="p-title" maxlength="200" required .value=${this.programmeTitle} @input=${(e: Event) => (this.programmeTitle = (e.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="p-jp">${t('programmes.form.jp')}</label>
          <input id="p-jp" type="number" min="0" step="1" inputmode="numeric" required .value=${this.jp} @input=${(e: Event) => (this.jp = (e.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="p-unit">${t('programmes.form.unit')}</label>
          <select id="p-unit" @change=${(e: Event) => (this.unitId = Number((e.target as HTMLSelectElement).value) || null)}>
            <option value="">${t('programmes.form.noUnit')}</option>
            ${unitOptions(this.units, this.unitId)}
          </select>
        </div>
      </div>
      <div class="field">
        <label for="p-summary">${t('programmes.form.summary')}</label>
        <input id="p-summary" maxlength="500" .value=${this.summary} @input=${(e: Event) => (this.summary = (e.target as HTMLInputElement).value)} />
      </div>
      <div class="field">
        <label for="p-description">${t('programmes.form.description')}</label>
        <textarea id="p-description" class="prose-input" rows="4" maxlength="10000" .value=${this.description} @input=${(e: Event) => (this.description = (e.target as HTMLTextAreaElement).value)}></textarea>
      </div>
      <fieldset>
        <legend>${t('programmes.competencies')}</legend>
        <sinau-competency-rows
          .competencies=${this.competencies}
          @sinau-competencies-change=${(e: CustomEvent<CompetencyLevel[]>) => {
            e.stopPropagation();
            this.competencies = e.detail;
          }}
        ></sinau-competency-rows>
      </fieldset>
      <h3>${t('programmes.steps')}</h3>
      ${this.steps.length ? nothing : html`<p class="muted">${t('programmes.form.noSteps')}</p>`}
      ${this.steps.map((s, i) => this.renderStep(s, i))}
      <div class="search">
        <div class="field">
          <label for="add-kind">${t('programmes.form.addKind')}</label>
          <select id="add-kind" @change=${(e: Event) => (this.addKind = (e.target as HTMLSelectElement).value as StepKind)}>
            ${stepKinds.map((k) => html`<option value=${k} .selected=${k === this.addKind}>${t(`programmes.kind.${k}`)}</option>`)}
          </select>
        </div>
        <button type="button" class="secondary" @click=${() => void this.addStep()}>${t('programmes.form.addStep')}</button>
      </div>
      ${this.errors.length
        ? html`<div id="form-errors" tabindex="-1" role="alert">
            <sinau-alert variant="error"
              ><strong>${t('programmes.form.fix')}</strong>
              <p>${this.errors.join(' ')}</p></sinau-alert
            >
          </div>`
        : nothing}
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : nothing}
      <div class="actions">
        <button type="submit" ?disabled=${this.busy}>${this.busy ? t('common.saving') : t('programmes.form.create')}</button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-programme-form': SinauProgrammeForm;
  }
  interface HTMLElementEventMap {
    'sinau-programme-created': CustomEvent<Programme>;
  }
}
