import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { getProgramme, type Programme, type ProgrammeStep } from '../../api/programmes.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatDate, LocaleController, t } from '../../i18n.ts';
import { hasRole, SessionController } from '../../session.ts';
import { programmeStyles } from './programme-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';

/** A programme's overview: its steps in order, JP and competencies; admins and facilitators also see its cohorts. */
@customElement('sinau-programme-page')
export class SinauProgrammePage extends LitElement {
  static override styles = programmeStyles;

  /** Route parameters: `id` is the programme. */
  @property({ attribute: false }) params: Record<string, string> = {};

  private readonly locale = new LocaleController(this);
  private readonly session = new SessionController(this);
  private readonly programme = new LoadController<Programme>(this, (signal) => getProgramme(Number(this.params.id), signal));

  private stepLink(p: Programme, step: ProgrammeStep) {
    if (step.kind === 'course' && step.course) return `/courses/${encodeURIComponent(step.course.slug)}`;
    if (step.kind === 'quiz' && step.quiz) return `/quizzes/${step.quiz.id}`;
    if (step.kind === 'webinar' && step.webinar) return `/webinars/${step.webinar.id}`;
    if (step.kind === 'practice') return `/programmes/${p.id}/steps/${step.id}`;
    return null;
  }

  private renderStep(p: Programme, step: ProgrammeStep) {
    const link = this.stepLink(p, step);
    const requires = step.requires.map((id) => p.steps.find((s) => s.id === id)).filter((s): s is ProgrammeStep => !!s);
    return html`<li data-testid="programme-step">
      <span class="step-no" aria-hidden="true">${step.position}</span>
      <div class="step-body">
        <span class="visually-hidden">${t('programmes.stepNumber', { n: step.position })}</span>
        ${link ? html`<a class="step-title" href=${link}>${step.title}</a>` : html`<span class="step-title">${step.title}</span>`}
        <p class="meta">
          <span>${t(`programmes.kind.${step.kind}`)}</span>
          ${step.course ? html`<span>${t('programmes.jpValue', { jp: step.course.jp })}</span>` : nothing}
          ${step.webinar ? html`<span>${formatDate(step.webinar.startsAt)}</span>` : nothing}
          ${step.dueDays !== null ? html`<span>${t('programmes.dueDaysValue', { days: step.dueDays })}</span>` : nothing}
        </p>
        ${requires.length ? html`<p class="muted">${t('programmes.requires', { steps: requires.map((s) => s.title).join(', ') })}</p>` : nothing}
        ${step.competencies.length ? html`<p class="muted">${t('programmes.competencies')}: ${step.competencies.map((c) => `${c.code} (${c.level})`).join(', ')}</p>` : nothing}
      </div>
    </li>`;
  }

  private renderCohorts(p: Programme) {
    if (!p.cohorts.length) return nothing;
    return html`<section aria-labelledby="cohorts-heading">
      <h2 id="cohorts-heading">${t('programmes.cohorts.heading')}</h2>
      <ul class="plain" data-testid="programme-cohorts">
        ${p.cohorts.map(
          (c) => html`<li>
            <a href=${`/cohorts/${c.id}`}>${c.name}</a>
            <span class="muted">· ${t('programmes.period', { from: formatDate(c.startsOn), to: formatDate(c.endsOn) })} · ${t('programmes.participantsValue', { count: c.participantCount })}</span>
          </li>`,
        )}
      </ul>
    </section>`;
  }

  override render() {
    if (this.programme.error) return html`<h1>${t('programmes.overview.title')}</h1><sinau-alert variant="error">${describeError(this.programme.error)}</sinau-alert>`;
    const p = this.programme.value;
    if (!p) return html`<sinau-loading .label=${t('programmes.loading')}></sinau-loading>`;
    const isAdmin = hasRole(this.session.me, 'admin');
    return html`<p><a href="/programmes">← ${t('programmes.mine.title')}</a></p>
      <h1>${p.title}</h1>
      ${p.summary ? html`<p class="lead">${p.summary}</p>` : nothing}
      <p class="meta">
        <span>${t('programmes.jpValue', { jp: p.jp })}</span>
        ${p.unit ? html`<span>${p.unit.name}</span>` : nothing}
        <span>${t('programmes.stepCount', { count: p.steps.length })}</span>
        ${isAdmin ? html`<a href=${`/admin/programmes/${p.id}`}>${t('programmes.overview.manage')}</a>` : nothing}
      </p>
      ${p.description ? html`<p class="prose">${p.description}</p>` : nothing}
      ${p.competencies.length
        ? html`<section aria-labelledby="competencies-heading">
            <h2 id="competencies-heading">${t('programmes.competencies')}</h2>
            <ul class="plain">
              ${p.competencies.map((c) => html`<li><span class="badge">${c.code}</span> ${c.name ?? ''} · ${t('programmes.levelValue', { level: c.level })}</li>`)}
            </ul>
          </section>`
        : nothing}
      <section aria-labelledby="steps-heading">
        <h2 id="steps-heading">${t('programmes.steps')}</h2>
        <ol class="steps">
          ${p.steps.map((step) => this.renderStep(p, step))}
        </ol>
      </section>
      ${this.renderCohorts(p)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-programme-page': SinauProgrammePage;
  }
}
