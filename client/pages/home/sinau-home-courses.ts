import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { myEnrollments, type MyEnrollment } from '../../api/courses.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatDate, LocaleController, t } from '../../i18n.ts';
import { continueHref, groupEnrollments, jpInYear, yearlyJpTarget } from '../learning/my-learning.ts';
import { homeSectionStyles } from './home-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import '../../components/sinau-progress-bar.ts';

/** "My courses" on the learner's home: the course to continue, what is assigned or overdue, this year's JP. */
@customElement('sinau-home-courses')
export class SinauHomeCourses extends LitElement {
  static override styles = [
    homeSectionStyles,
    css`
      .next {
        border: 1px solid var(--sinau-color-border);
        border-radius: var(--sinau-radius);
        padding: var(--sinau-space-3) var(--sinau-space-4);
        margin-bottom: var(--sinau-space-3);
        background: var(--sinau-color-primary-soft);
      }
      .next.overdue {
        border-left: 0.35rem solid var(--sinau-color-danger);
        background: var(--sinau-color-danger-bg);
      }
      .next h3 {
        margin: 0 0 var(--sinau-space-2);
        font-size: 1.05rem;
        overflow-wrap: anywhere;
      }
      .next .label {
        font-size: 0.85rem;
        font-weight: 600;
        color: var(--sinau-color-muted);
        margin: 0;
      }
      .late {
        color: var(--sinau-color-danger);
        font-weight: 700;
      }
      ul.counts {
        list-style: none;
        padding: 0;
        margin: 0 0 var(--sinau-space-3);
        display: flex;
        flex-wrap: wrap;
        gap: var(--sinau-space-2) var(--sinau-space-4);
      }
      .actions {
        margin-top: var(--sinau-space-3);
      }
    `,
  ];

  private readonly locale = new LocaleController(this);
  private readonly enrollments = new LoadController<MyEnrollment[]>(this, (signal) => myEnrollments(signal));

  private renderNext(next: MyEnrollment) {
    return html`<div class=${next.overdue ? 'next overdue' : 'next'}>
      <p class="label">${t('home.courses.next')}</p>
      <h3><a href=${`/courses/${encodeURIComponent(next.course.slug)}`}>${next.course.title}</a></h3>
      ${next.dueAt
        ? html`<p class=${next.overdue ? 'late' : ''}>
            ${next.overdue ? t('course.overdueSince', { date: formatDate(next.dueAt) }) : t('course.dueOn', { date: formatDate(next.dueAt) })}
          </p>`
        : null}
      <sinau-progress-bar .value=${next.progress} .label=${t('course.myProgress')}></sinau-progress-bar>
      <div class="actions">
        <a class="button" href=${continueHref(next)}>${next.progress > 0 || next.lastLessonId ? t('course.continue') : t('course.start')}</a>
      </div>
    </div>`;
  }

  private renderContent(enrollments: MyEnrollment[]) {
    const groups = groupEnrollments(enrollments);
    const overdue = groups.assigned.filter((e) => e.overdue).length;
    // Overdue and due work first, then what I chose myself.
    const next = groups.assigned[0] ?? groups.inProgress[0] ?? null;
    const jp = jpInYear(enrollments);
    return html`${next ? this.renderNext(next) : html`<p>${enrollments.length ? t('home.courses.allDone') : t('home.courses.none')}</p>`}
      <ul class="counts">
        <li>${t('home.courses.assigned', { count: groups.assigned.length })}</li>
        ${overdue ? html`<li class="late">${t('home.courses.overdue', { count: overdue })}</li>` : null}
        <li>${t('home.courses.inProgress', { count: groups.inProgress.length })}</li>
        <li>${t('learning.jpOfTarget', { jp, target: yearlyJpTarget })}</li>
      </ul>`;
  }

  override render() {
    return html`<section aria-labelledby="courses-heading">
      <h2 id="courses-heading" data-testid="home-courses">${t('home.courses.heading')}</h2>
      ${this.enrollments.error
        ? html`<sinau-alert variant="error">${describeError(this.enrollments.error)}</sinau-alert>`
        : this.enrollments.value
          ? this.renderContent(this.enrollments.value)
          : html`<sinau-loading></sinau-loading>`}
      <div class="row">
        <a class="button secondary" href="/learning">${t('nav.learning')}</a>
        <a class="button secondary" href="/courses">${t('home.courses.browse')}</a>
        <a class="button secondary" href="/certificates">${t('certificates.title')}</a>
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-home-courses': SinauHomeCourses;
  }
}
