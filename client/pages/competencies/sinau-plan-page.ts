import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import {
  myCompetencies,
  myPlan,
  myRecommendations,
  saveMyPlan,
  submitMyPlan,
  type CompetencyStatus,
  type Plan,
  type PlanItemInput,
  type Recommendation,
} from '../../api/competencies.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t } from '../../i18n.ts';
import { router } from '../../router.ts';
import { formStyles, pageStyles } from '../../styles/shared-styles.ts';
import { competencyPageStyles, currentYear, quarterName, roundJp } from './competency-format.ts';
import { recommendationKey } from './sinau-recommendation-list.ts';
import './sinau-plan-summary.ts';
import './sinau-recommendation-list.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import '../../components/sinau-progress-bar.ts';

interface DraftItem {
  /** Stable key for rendering and focus. */
  key: number;
  kind: 'course' | 'quiz' | 'other';
  courseId: number | null;
  quizId: number | null;
  title: string;
  url: string | null;
  /** As typed (only "other" activities set their own JP). */
  jp: string;
  competencyCode: string | null;
  plannedQuarter: number | null;
  done: boolean;
}

interface Loaded {
  plan: Plan;
  recommendations: Recommendation[];
  competencies: CompetencyStatus[];
}

const draftKey = (item: DraftItem) => (item.kind === 'course' ? `course:${item.courseId}` : item.kind === 'quiz' ? `quiz:${item.quizId}` : `other:${item.key}`);

/**
 * Rencana Pengembangan Kompetensi: pick activities from my recommendations (and add others),
 * plan their quarter, see planned JP against the target, save a draft and submit it to my
 * supervisor; once submitted, its status and the supervisor's note.
 */
@customElement('sinau-plan-page')
export class SinauPlanPage extends LitElement {
  static override styles = [
    pageStyles,
    formStyles,
    competencyPageStyles,
    css`
      .item-fields {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 12rem), 1fr));
        gap: 0 var(--sinau-space-3);
        margin-top: var(--sinau-space-2);
      }
      .item-fields .field {
        margin-bottom: var(--sinau-space-2);
      }
      .item-head {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        gap: var(--sinau-space-2);
        align-items: flex-start;
      }
      textarea {
        font-family: inherit;
        font-size: 1rem;
        min-height: 5rem;
      }
      .note-field {
        margin-top: var(--sinau-space-4);
      }
      .unsaved {
        color: var(--sinau-color-warning);
        font-weight: 600;
        margin: var(--sinau-space-2) 0 0;
      }
      sinau-progress-bar {
        max-width: 32rem;
        margin-bottom: var(--sinau-space-2);
      }
    `,
  ];

  /** Query of the address: `year` picks the plan's year. */
  @property({ attribute: false }) query: URLSearchParams = new URLSearchParams();

  @state() private year = currentYear();
  @state() private items: DraftItem[] = [];
  @state() private note = '';
  @state() private dirty = false;
  @state() private busy = false;
  @state() private error = '';
  @state() private titleErrors: number[] = [];

  private readonly locale = new LocaleController(this);
  private nextKey = 1;
  private readonly loader = new LoadController<Loaded>(this, async (signal) => {
    const [plan, recommendations, competencies] = await Promise.all([myPlan(this.year, signal), myRecommendations(signal), myCompetencies(signal)]);
    this.adopt(plan);
    return { plan, recommendations, competencies };
  });

  override connectedCallback(): void {
    const year = Number(this.query.get('year'));
    if (Number.isInteger(year) && Math.abs(year - currentYear()) <= 1) this.year = year;
    super.connectedCallback();
  }

  private adopt(plan: Plan): void {
    this.items = plan.items.map((i) => ({
      key: this.nextKey++,
      kind: i.kind === 'course' || i.kind === 'quiz' ? i.kind : 'other',
      courseId: i.courseId,
      quizId: i.quizId,
      title: i.title,
      url: i.url,
      jp: String(i.jp),
      competencyCode: i.competencyCode,
      plannedQuarter: i.plannedQuarter,
      done: i.done,
    }));
    this.note = plan.note;
    this.dirty = false;
    this.titleErrors = [];
  }

  private get plan(): Plan | undefined {
    return this.loader.value?.plan;
  }

  private change(): void {
    this.dirty = true;
  }

  private patch(key: number, changes: Partial<DraftItem>): void {
    this.items = this.items.map((i) => (i.key === key ? { ...i, ...changes } : i));
    if (changes.title !== undefined) this.titleErrors = this.titleErrors.filter((k) => k !== key);
    this.change();
  }

  private onYear(event: Event): void {
    if (this.dirty && !confirm(t('competencies.plan.discardChanges'))) {
      (event.target as HTMLSelectElement).value = String(this.year);
      return;
    }
    this.year = Number((event.target as HTMLSelectElement).value);
    router.replaceQuery({ year: this.year });
    void this.loader.run();
  }

  private onPick(event: CustomEvent<Recommendation>): void {
    const r = event.detail;
    if (r.kind === 'webinar') return;
    // The gap it does most for: a closed gap before a narrowed one, then the largest.
    const gap = [...r.competencies].sort((a, b) => Number(b.closesGap) - Number(a.closesGap) || b.required - b.attained - (a.required - a.attained))[0];
    this.items = [
      ...this.items,
      {
        key: this.nextKey++,
        kind: r.kind,
        courseId: r.kind === 'course' ? r.id : null,
        quizId: r.kind === 'quiz' ? r.id : null,
        title: r.title,
        url: r.url,
        jp: String(r.jp),
        competencyCode: gap?.code ?? null,
        plannedQuarter: null,
        done: false,
      },
    ];
    this.change();
    announce(t('competencies.plan.added', { title: r.title }));
  }

  private addOther(): void {
    const key = this.nextKey++;
    this.items = [...this.items, { key, kind: 'other', courseId: null, quizId: null, title: '', url: null, jp: '0', competencyCode: null, plannedQuarter: null, done: false }];
    this.change();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>(`#title-${key}`)?.focus());
  }

  private removeItem(item: DraftItem): void {
    this.items = this.items.filter((i) => i.key !== item.key);
    this.titleErrors = this.titleErrors.filter((k) => k !== item.key);
    this.change();
    announce(t('competencies.plan.removed', { title: item.title || t('competencies.plan.kinds.other') }));
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#items-heading')?.focus());
  }

  private plannedJp(): number {
    return this.items.reduce((sum, i) => sum + (Number(i.jp) || 0), 0);
  }

  private toInput(item: DraftItem): PlanItemInput {
    const common = { competencyCode: item.competencyCode, plannedQuarter: item.plannedQuarter };
    if (item.kind === 'course') return { kind: 'course', courseId: item.courseId!, ...common };
    if (item.kind === 'quiz') return { kind: 'quiz', quizId: item.quizId!, ...common };
    return { kind: 'other', title: item.title.trim(), jp: Math.min(200, Math.max(0, Number(item.jp) || 0)), ...common };
  }

  private async validate(): Promise<boolean> {
    this.titleErrors = this.items.filter((i) => i.kind === 'other' && !i.title.trim()).map((i) => i.key);
    if (!this.titleErrors.length) return true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>(`#title-${this.titleErrors[0]}`)?.focus();
    return false;
  }

  private async save(): Promise<Plan | null> {
    const plan = await saveMyPlan(this.year, { note: this.note.trim(), items: this.items.map((i) => this.toInput(i)) });
    this.adopt(plan);
    if (this.loader.value) this.loader.value = { ...this.loader.value, plan };
    return plan;
  }

  private async onSave(): Promise<void> {
    if (this.busy || !(await this.validate())) return;
    this.busy = true;
    this.error = '';
    try {
      await this.save();
      announce(t('competencies.plan.saved'));
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = false;
    }
  }

  private async onSubmit(): Promise<void> {
    if (this.busy || !(await this.validate())) return;
    if (!this.items.length) {
      this.error = t('competencies.plan.errors.empty');
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      if (this.dirty || this.plan?.id === null) await this.save();
      const plan = await submitMyPlan(this.year);
      this.adopt(plan);
      if (this.loader.value) this.loader.value = { ...this.loader.value, plan };
      announce(t('competencies.plan.submitted'));
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#status-heading')?.focus();
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = false;
    }
  }

  private renderCompetencySelect(item: DraftItem, competencies: CompetencyStatus[]) {
    const id = `competency-${item.key}`;
    const known = competencies.some((c) => c.code === item.competencyCode);
    return html`<div class="field">
      <label for=${id}>${t('competencies.plan.col.competency')}</label>
      <select id=${id} @change=${(e: Event) => this.patch(item.key, { competencyCode: (e.target as HTMLSelectElement).value || null })}>
        <option value="" ?selected=${!item.competencyCode}>${t('competencies.plan.noCompetency')}</option>
        ${item.competencyCode && !known ? html`<option value=${item.competencyCode} selected>${item.competencyCode}</option>` : null}
        ${competencies.map(
          (c) => html`<option value=${c.code} ?selected=${c.code === item.competencyCode}>
            ${c.code} ${c.name}${c.gap > 0 ? ` (${t('competencies.chart.gap', { gap: c.gap })})` : ''}
          </option>`,
        )}
      </select>
    </div>`;
  }

  private renderItem(item: DraftItem, competencies: CompetencyStatus[]) {
    const headingId = `item-${item.key}`;
    const titleError = this.titleErrors.includes(item.key);
    return html`<li class="item" role="group" aria-labelledby=${headingId} data-testid="plan-item">
      <div class="item-head">
        <div>
          <h3 id=${headingId}>
            ${item.kind === 'other'
              ? item.title.trim() || t('competencies.plan.newOther')
              : item.url
                ? html`<a href=${item.url}>${item.title}</a>`
                : item.title}
          </h3>
          <ul class="badges">
            <li>
              <span class="badge inactive"
                >${item.kind === 'course' ? t('competencies.plan.kinds.course') : item.kind === 'quiz' ? t('competencies.plan.kinds.quiz') : t('competencies.plan.kinds.other')}</span
              >
            </li>
            ${item.kind !== 'other' && Number(item.jp) > 0 ? html`<li><span class="badge">${t('competencies.recommendations.jp', { jp: roundJp(Number(item.jp)) })}</span></li>` : null}
            ${item.done ? html`<li><span class="badge create">${t('competencies.plan.itemDone')}</span></li>` : null}
          </ul>
        </div>
        <button type="button" class="secondary" @click=${() => this.removeItem(item)}>
          ${t('competencies.plan.remove')}<span class="visually-hidden">: ${item.title || t('competencies.plan.newOther')}</span>
        </button>
      </div>
      <div class="item-fields">
        ${item.kind === 'other'
          ? html`<div class="field">
                <label for=${`title-${item.key}`}>${t('competencies.plan.otherTitle')}</label>
                <input
                  id=${`title-${item.key}`}
                  maxlength="300"
                  .value=${item.title}
                  aria-invalid=${titleError ? 'true' : 'false'}
                  aria-describedby=${titleError ? `title-${item.key}-error` : ''}
                  @input=${(e: Event) => this.patch(item.key, { title: (e.target as HTMLInputElement).value })}
                />
                ${titleError ? html`<p class="field-error" id=${`title-${item.key}-error`}>${t('competencies.plan.errors.otherTitle')}</p>` : null}
              </div>
              <div class="field">
                <label for=${`jp-${item.key}`}>${t('competencies.plan.col.jp')}</label>
                <input
                  id=${`jp-${item.key}`}
                  type="number"
                  inputmode="decimal"
                  min="0"
                  max="200"
                  step="0.5"
                  .value=${item.jp}
                  @input=${(e: Event) => this.patch(item.key, { jp: (e.target as HTMLInputElement).value })}
                />
              </div>`
          : null}
        ${this.renderCompetencySelect(item, competencies)}
        <div class="field">
          <label for=${`quarter-${item.key}`}>${t('competencies.plan.col.quarter')}</label>
          <select
            id=${`quarter-${item.key}`}
            @change=${(e: Event) => this.patch(item.key, { plannedQuarter: (e.target as HTMLSelectElement).value ? Number((e.target as HTMLSelectElement).value) : null })}
          >
            ${[null, 1, 2, 3, 4].map((q) => html`<option value=${q === null ? '' : String(q)} ?selected=${q === item.plannedQuarter}>${quarterName(q)}</option>`)}
          </select>
        </div>
      </div>
    </li>`;
  }

  private renderEditor(loaded: Loaded) {
    const plan = loaded.plan;
    const planned = this.plannedJp();
    const picked = this.items.map(draftKey);
    return html`<section class="panel" aria-labelledby="status-heading">
        <h2 id="status-heading" tabindex="-1">${t('competencies.plan.statusHeading')}</h2>
        <sinau-plan-summary status-only .plan=${{ ...plan, plannedJp: planned }}></sinau-plan-summary>
      </section>
      <section class="panel" aria-labelledby="items-heading">
        <h2 id="items-heading" tabindex="-1">${t('competencies.plan.itemsHeading')}</h2>
        ${this.items.length
          ? html`<ul class="items">
              ${this.items.map((item) => this.renderItem(item, loaded.competencies))}
            </ul>`
          : html`<p class="muted">${t('competencies.plan.noItems')}</p>`}
        <div class="actions">
          <button type="button" class="secondary" @click=${this.addOther}>${t('competencies.plan.addOther')}</button>
        </div>
        <div class="field note-field">
          <label for="plan-note">${t('competencies.plan.noteLabel')}</label>
          <textarea id="plan-note" maxlength="4000" .value=${this.note} @input=${(e: Event) => ((this.note = (e.target as HTMLTextAreaElement).value), this.change())}></textarea>
        </div>
        <p>${t('competencies.plan.plannedSummary', { jp: roundJp(planned), target: plan.target, count: this.items.length })}</p>
        ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : null}
        <div class="actions">
          <button type="button" class="secondary" ?disabled=${this.busy} @click=${this.onSave} data-testid="plan-save">${t('competencies.plan.save')}</button>
          <button type="button" ?disabled=${this.busy} @click=${this.onSubmit} data-testid="plan-submit">${t('competencies.plan.submit')}</button>
        </div>
        ${this.dirty ? html`<p class="unsaved" role="status">${t('competencies.plan.unsaved')}</p>` : null}
      </section>
      <section class="panel" aria-labelledby="recs-heading">
        <h2 id="recs-heading">${t('competencies.plan.fromRecommendations')}</h2>
        ${loaded.recommendations.length
          ? html`<sinau-recommendation-list pickable .items=${loaded.recommendations} .picked=${picked} @sinau-recommendation-pick=${this.onPick}></sinau-recommendation-list>`
          : html`<p class="muted">${loaded.competencies.some((c) => c.gap > 0) ? t('competencies.recommendations.none') : t('competencies.recommendations.noGaps')}</p>`}
      </section>`;
  }

  private renderContent() {
    if (this.loader.error) {
      return html`<sinau-alert variant="error">${describeError(this.loader.error)}</sinau-alert>
        <button type="button" @click=${() => void this.loader.run()}>${t('common.retry')}</button>`;
    }
    const loaded = this.loader.value;
    if (!loaded || this.loader.loading) return html`<sinau-loading></sinau-loading>`;
    if (loaded.plan.status === 'draft') return this.renderEditor(loaded);
    const names = new Map(loaded.competencies.map((c) => [c.code, c.name]));
    return html`<section class="panel" aria-labelledby="status-heading">
      <h2 id="status-heading" tabindex="-1">${t('competencies.plan.statusHeading')}</h2>
      <sinau-plan-summary .plan=${loaded.plan} .names=${names}></sinau-plan-summary>
    </section>`;
  }

  override render() {
    const now = currentYear();
    return html`<a class="back" href="/competencies">${t('competencies.backToDashboard')}</a>
      <div class="page-header">
        <h1>${t('competencies.plan.title')}</h1>
        <div class="year-picker">
          <label for="plan-year">${t('competencies.plan.year')}</label>
          <select id="plan-year" ?disabled=${this.busy} @change=${this.onYear}>
            ${[now - 1, now, now + 1].map((y) => html`<option value=${String(y)} ?selected=${y === this.year}>${y}</option>`)}
          </select>
        </div>
      </div>
      <p class="intro">${t('competencies.plan.intro')}</p>
      <div class="sections">${this.renderContent()}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-plan-page': SinauPlanPage;
  }
}
