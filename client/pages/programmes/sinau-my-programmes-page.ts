import { LitElement, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { myProgrammes, type MyProgramme, type MyStep } from '../../api/programmes.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatDate, LocaleController, t } from '../../i18n.ts';
import { programmeStyles } from './programme-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import '../../components/sinau-progress-bar.ts';

/** A learner's programmes: progress, each step with its state and due date, reminders and the certificate. */
@customElement('sinau-my-programmes-page')
export class SinauMyProgrammesPage extends LitElement {
  static override styles = programmeStyles;

  private readonly locale = new LocaleController(this);
  private readonly programmes = new LoadController<MyProgramme[]>(this, (signal) => myProgrammes(signal));

  private renderStep(p: MyProgramme, step: MyStep) {
    const title = step.link && step.status !== 'locked' ? html`<a class="step-title" href=${step.link}>${step.title}</a>` : html`<span class="step-title">${step.title}</span>`;
    return html`<li class=${step.overdue ? 'overdue' : ''} data-testid="my-step" data-step-id=${String(step.id)} data-status=${step.status}>
      <span class="step-no" aria-hidden="true">${step.position}</span>
      <div class="step-body">
        <span class="visually-hidden">${t('programmes.stepNumber', { n: step.position })}</span>
        ${title}
        <p class="meta">
          <span>${t(`programmes.kind.${step.kind}`)}</span>
          <span class="badge s-${step.status}" data-testid="step-status">${t(`programmes.stepStatus.${step.status}`)}</span>
          ${step.dueAt
            ? html`<span class=${step.overdue ? 'late' : ''}>${step.overdue ? t('programmes.overdueSince', { date: formatDate(step.dueAt) }) : t('programmes.dueOn', { date: formatDate(step.dueAt) })}</span>`
            : nothing}
        </p>
        ${step.status === 'locked' && step.requires.length
          ? html`<p class="muted">
              ${t('programmes.lockedUntil', {
                steps: step.requires.map((id) => p.steps.find((s) => s.id === id)?.title ?? '').filter(Boolean).join(', '),
              })}
            </p>`
          : nothing}
      </div>
    </li>`;
  }

  private renderProgramme(p: MyProgramme) {
    const headingId = `programme-${p.programme.id}-${p.cohort.id}`;
    return html`<article class="card" aria-labelledby=${headingId} data-testid="my-programme" data-programme-id=${String(p.programme.id)} data-status=${p.status}>
      <h2 id=${headingId}><a href=${`/programmes/${p.programme.id}`}>${p.programme.title}</a></h2>
      <p class="meta">
        <span>${p.cohort.name}</span>
        <span>${t('programmes.period', { from: formatDate(p.cohort.startsOn), to: formatDate(p.cohort.endsOn) })}</span>
        <span>${t('programmes.jpValue', { jp: p.programme.jp })}</span>
        <span class="badge s-${p.status}" data-testid="programme-status">${t(`programmes.status.${p.status}`)}</span>
      </p>
      ${p.reminder && p.status !== 'completed'
        ? html`<sinau-alert variant="warning" data-testid="programme-reminder"
            ><strong>${t('programmes.reminderHeading', { date: formatDate(p.reminder.at) })}</strong>
            <p>${p.reminder.message}</p></sinau-alert
          >`
        : nothing}
      <sinau-progress-bar
        .value=${p.pct}
        .label=${t('programmes.progressLabel')}
        .text=${t('programmes.stepsDone', { done: p.done, total: p.total })}
        ?complete=${p.status === 'completed'}
      ></sinau-progress-bar>
      ${p.status === 'completed'
        ? html`<sinau-alert variant="success" data-testid="programme-completed"
            ><strong>${p.completedAt ? t('programmes.completedOn', { date: formatDate(p.completedAt) }) : t('programmes.status.completed')}</strong>
            <p>
              ${p.certificate
                ? html`${t('programmes.certificateReady')} <a href="/certificates" data-testid="programme-certificate">${t('programmes.certificateLink')}</a>`
                : t('programmes.certificatePending')}
            </p></sinau-alert
          >`
        : nothing}
      <ol class="steps" aria-label=${t('programmes.stepsOf', { title: p.programme.title })}>
        ${p.steps.map((step) => this.renderStep(p, step))}
      </ol>
    </article>`;
  }

  private renderContent() {
    if (this.programmes.error) return html`<sinau-alert variant="error">${describeError(this.programmes.error)}</sinau-alert>`;
    const list = this.programmes.value;
    if (!list) return html`<sinau-loading .label=${t('programmes.loading')}></sinau-loading>`;
    if (!list.length) return html`<p class="muted" data-testid="programmes-empty">${t('programmes.mine.empty')}</p>`;
    const reminders = list.filter((p) => p.reminder && p.status !== 'completed').length;
    return html`${reminders ? html`<sinau-alert variant="warning" data-testid="reminder-banner">${t('programmes.mine.reminderBanner', { count: reminders })}</sinau-alert>` : nothing}
      ${list.map((p) => this.renderProgramme(p))}`;
  }

  override render() {
    return html`<h1>${t('programmes.mine.title')}</h1>
      <p class="lead">${t('programmes.mine.intro')}</p>
      ${this.renderContent()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-my-programmes-page': SinauMyProgrammesPage;
  }
}
