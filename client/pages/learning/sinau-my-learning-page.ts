import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { myEnrollments, type MyEnrollment } from '../../api/courses.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatDate, formatNumber, LocaleController, t, type MessageKey } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { courseFormatStyles, jpText } from '../courses/course-format.ts';
import { continueHref, groupEnrollments, jpInYear, yearlyJpTarget } from './my-learning.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import '../../components/sinau-progress-bar.ts';

/** My learning: assigned courses (with due dates), those in progress, those done, and this year's JP. */
@customElement('sinau-my-learning-page')
export class SinauMyLearningPage extends LitElement {
  static override styles = [
    pageStyles,
    courseFormatStyles,
    css`
      .jp-card {
        background: var(--sinau-color-surface);
        border: 1px solid var(--sinau-color-border);
        border-radius: var(--sinau-radius);
        padding: var(--sinau-space-4);
        box-shadow: var(--sinau-shadow);
        margin-bottom: var(--sinau-space-5);
      }
      .jp-card .figure {
        font-size: 1.6rem;
        font-weight: 800;
        color: var(--sinau-color-primary);
        margin: 0 0 var(--sinau-space-2);
      }
      .jp-card .figure.reached {
        color: var(--sinau-color-success);
      }
      section {
        margin-bottom: var(--sinau-space-5);
      }
      h2 .count {
        font-weight: normal;
        color: var(--sinau-color-muted);
        font-size: 1rem;
      }
      ul.list {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: var(--sinau-space-3);
      }
      li.item {
        background: var(--sinau-color-surface);
        border: 1px solid var(--sinau-color-border);
        border-radius: var(--sinau-radius);
        padding: var(--sinau-space-3) var(--sinau-space-4);
        display: grid;
        grid-template-columns: minmax(0, 1fr) auto;
        gap: var(--sinau-space-2) var(--sinau-space-4);
        align-items: center;
      }
      li.item.overdue {
        border-left: 0.35rem solid var(--sinau-color-danger);
        background: var(--sinau-color-danger-bg);
      }
      @media (max-width: 36rem) {
        li.item {
          grid-template-columns: minmax(0, 1fr);
        }
      }
      .item h3 {
        margin: 0 0 var(--sinau-space-1);
        font-size: 1.05rem;
        overflow-wrap: anywhere;
      }
      .item p {
        margin: 0 0 var(--sinau-space-1);
      }
      .due.late {
        color: var(--sinau-color-danger);
        font-weight: 700;
      }
      .none {
        color: var(--sinau-color-muted);
      }
      .jp-card .hint {
        margin-top: var(--sinau-space-2);
      }
    `,
  ];

  private readonly locale = new LocaleController(this);
  private readonly enrollments = new LoadController<MyEnrollment[]>(this, (signal) => myEnrollments(signal));

  private renderItem(e: MyEnrollment) {
    const courseHref = `/courses/${encodeURIComponent(e.course.slug)}`;
    if (e.completedAt) {
      return html`<li class="item">
        <div>
          <h3><a href=${courseHref}>${e.course.title}</a></h3>
          <p>${t('learning.completedLine', { date: formatDate(e.completedAt), jp: jpText(e.jpAwarded ?? e.course.jp) })}</p>
        </div>
      </li>`;
    }
    return html`<li class=${e.overdue ? 'item overdue' : 'item'}>
      <div>
        <h3><a href=${courseHref}>${e.course.title}</a></h3>
        ${e.dueAt
          ? html`<p class=${e.overdue ? 'due late' : 'due'}>
              ${e.overdue ? t('course.overdueSince', { date: formatDate(e.dueAt) }) : t('course.dueOn', { date: formatDate(e.dueAt) })}
            </p>`
          : null}
        <sinau-progress-bar .value=${e.progress} .label=${t('course.myProgress')}></sinau-progress-bar>
      </div>
      <a class="button" href=${continueHref(e)}>
        ${e.progress > 0 || e.lastLessonId ? t('course.continue') : t('course.start')}<span class="visually-hidden">: ${e.course.title}</span>
      </a>
    </li>`;
  }

  private renderGroup(id: string, headingKey: MessageKey, emptyKey: MessageKey, items: MyEnrollment[]) {
    return html`<section aria-labelledby=${id}>
      <h2 id=${id}>${t(headingKey)} <span class="count">(${formatNumber(items.length)})</span></h2>
      ${items.length ? html`<ul class="list">${items.map((e) => this.renderItem(e))}</ul>` : html`<p class="none">${t(emptyKey)}</p>`}
    </section>`;
  }

  private renderContent(enrollments: MyEnrollment[]) {
    const groups = groupEnrollments(enrollments);
    const jp = jpInYear(enrollments);
    const reached = jp >= yearlyJpTarget;
    return html`<div class="jp-card" data-testid="jp-total">
        <p class=${reached ? 'figure reached' : 'figure'}>${t('learning.jpOfTarget', { jp, target: yearlyJpTarget })}</p>
        <sinau-progress-bar
          .value=${jp}
          .max=${yearlyJpTarget}
          .label=${t('learning.jpLabel')}
          .text=${t('learning.jpShort', { jp, target: yearlyJpTarget })}
          ?complete=${reached}
          hide-label
        ></sinau-progress-bar>
        <p class="hint">${reached ? t('learning.jpReached') : t('learning.jpHint', { missing: Math.round((yearlyJpTarget - jp) * 10) / 10 })}</p>
      </div>
      ${enrollments.length === 0
        ? html`<p>${t('learning.none')}</p>`
        : html`${this.renderGroup('assigned-heading', 'learning.assigned', 'learning.assignedEmpty', groups.assigned)}
          ${this.renderGroup('progress-heading', 'learning.inProgress', 'learning.inProgressEmpty', groups.inProgress)}
          ${this.renderGroup('completed-heading', 'learning.completed', 'learning.completedEmpty', groups.completed)}`}`;
  }

  override render() {
    return html`<div class="page-header">
        <h1>${t('learning.title')}</h1>
        <a class="button secondary" href="/courses">${t('learning.toCatalogue')}</a>
      </div>
      ${this.enrollments.error
        ? html`<sinau-alert variant="error">${describeError(this.enrollments.error)}</sinau-alert>`
        : this.enrollments.value
          ? this.renderContent(this.enrollments.value)
          : html`<sinau-loading></sinau-loading>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-my-learning-page': SinauMyLearningPage;
  }
}
