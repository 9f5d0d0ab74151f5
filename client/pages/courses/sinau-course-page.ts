import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { enroll, getCourse, type CourseDetail } from '../../api/courses.ts';
import { isApiError } from '../../api/http.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatDate, formatMinutes, LocaleController, t } from '../../i18n.ts';
import { hasRole, SessionController } from '../../session.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { competencyBadges, courseFormatStyles, doneMark, jpText, kindIcon } from './course-format.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import '../../components/sinau-progress-bar.ts';
import './sinau-assign-dialog.ts';
import '../evaluation/sinau-survey-prompt.ts';

/** Where "Continue" leads: the lesson last worked on, else the first one not done, else the first. */
export function continueLessonId(course: CourseDetail): number | null {
  const lessons = course.modules.flatMap((m) => m.lessons);
  if (course.lastLessonId && lessons.some((l) => l.id === course.lastLessonId && !l.completed)) return course.lastLessonId;
  return lessons.find((l) => !l.completed && l.required)?.id ?? lessons.find((l) => !l.completed)?.id ?? course.lastLessonId ?? lessons[0]?.id ?? null;
}

/** A course: what it is about, what it counts for, its lessons, and enrolling or continuing. */
@customElement('sinau-course-page')
export class SinauCoursePage extends LitElement {
  static override styles = [
    pageStyles,
    courseFormatStyles,
    css`
      .hero {
        display: grid;
        gap: var(--sinau-space-4);
        grid-template-columns: minmax(0, 1fr);
        margin-bottom: var(--sinau-space-5);
      }
      @media (min-width: 56rem) {
        .hero {
          grid-template-columns: minmax(0, 1.6fr) minmax(18rem, 1fr);
          align-items: start;
        }
      }
      .cover {
        width: 100%;
        aspect-ratio: 16 / 6;
        object-fit: cover;
        border-radius: var(--sinau-radius);
        background: #eef1f4;
        display: block;
        margin-bottom: var(--sinau-space-4);
      }
      .crumbs {
        font-size: 0.9rem;
        margin-bottom: var(--sinau-space-2);
      }
      h1 {
        overflow-wrap: anywhere;
      }
      .panel {
        background: var(--sinau-color-surface);
        border: 1px solid var(--sinau-color-border);
        border-radius: var(--sinau-radius);
        padding: var(--sinau-space-4);
        box-shadow: var(--sinau-shadow);
      }
      .panel .button,
      .panel button {
        width: 100%;
      }
      .panel > * + * {
        margin-top: var(--sinau-space-3);
      }
      .panel dl.details {
        margin: 0;
      }
      .recommended-line {
        margin: 0;
      }
      .completed {
        border-left: 0.35rem solid var(--sinau-color-success);
        background: var(--sinau-color-success-bg);
        padding: var(--sinau-space-3);
        border-radius: var(--sinau-radius);
      }
      .completed strong {
        display: block;
        color: var(--sinau-color-success);
      }
      .overdue {
        color: var(--sinau-color-danger);
        font-weight: 600;
      }
      section {
        margin-top: var(--sinau-space-5);
      }
      ol.modules {
        list-style: none;
        padding: 0;
        margin: 0;
        display: grid;
        gap: var(--sinau-space-4);
      }
      .module {
        background: var(--sinau-color-surface);
        border: 1px solid var(--sinau-color-border);
        border-radius: var(--sinau-radius);
        overflow: hidden;
      }
      .module h3 {
        margin: 0;
        padding: var(--sinau-space-3) var(--sinau-space-4);
        background: #eef1f4;
        font-size: 1rem;
      }
      ol.lessons {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      ol.lessons li {
        display: flex;
        gap: var(--sinau-space-3);
        align-items: flex-start;
        padding: var(--sinau-space-3) var(--sinau-space-4);
        border-top: 1px solid var(--sinau-color-border);
      }
      ol.lessons li:first-child {
        border-top: 0;
      }
      .lesson-title {
        flex: 1;
        min-width: 0;
        overflow-wrap: anywhere;
      }
      .lesson-meta {
        font-size: 0.85rem;
        color: var(--sinau-color-muted);
        white-space: nowrap;
      }
      ul.prereqs {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      ul.prereqs li {
        display: flex;
        gap: var(--sinau-space-2);
        align-items: center;
        padding: var(--sinau-space-1) 0;
      }
    `,
  ];

  /** Route parameters: slug. */
  @property({ attribute: false }) params: Record<string, string> = {};

  @state() private enrolling = false;
  @state() private enrollError = '';
  @state() private assignOpen = false;

  private readonly locale = new LocaleController(this);
  private readonly session = new SessionController(this);
  private readonly course = new LoadController<CourseDetail>(this, (signal) => getCourse(this.params.slug ?? '', signal));

  private async onEnroll(): Promise<void> {
    const course = this.course.value;
    if (!course || this.enrolling) return;
    this.enrolling = true;
    this.enrollError = '';
    try {
      await enroll(course.slug);
      await this.course.run();
      announce(t('course.enrolled', { title: course.title }));
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[data-testid="continue"]')?.focus();
    } catch (error) {
      this.enrollError = describeError(error);
    } finally {
      this.enrolling = false;
    }
  }

  private renderAction(course: CourseDetail) {
    const enrollment = course.enrollment;
    const next = continueLessonId(course);
    if (!enrollment) {
      const blocked = course.prerequisites.some((p) => !p.completed);
      return html`${course.status === 'published'
          ? html`<button type="button" data-testid="enroll" ?disabled=${this.enrolling} @click=${this.onEnroll}>
              ${this.enrolling ? t('course.enrolling') : t('course.enroll')}
            </button>`
          : html`<p class="muted">${t('course.notPublished')}</p>`}
        ${blocked && course.status === 'published' ? html`<p class="hint">${t('course.prerequisitesFirst')}</p>` : null}
        ${this.enrollError ? html`<sinau-alert variant="error">${this.enrollError}</sinau-alert>` : null}`;
    }
    if (enrollment.completedAt) {
      return html`<div class="completed" data-testid="course-completed" role="status">
          <strong>${t('course.completedHeading')}</strong>
          ${t('course.completedLine', { date: formatDate(enrollment.completedAt), jp: jpText(course.jp) })}
        </div>
        <sinau-survey-prompt kind="courses" activity-id=${course.id}></sinau-survey-prompt>
        ${next ? html`<a class="button secondary" href=${`/learn/${next}`}>${t('course.review')}</a>` : null}`;
    }
    const overdue = enrollment.dueAt !== null && new Date(enrollment.dueAt).getTime() < Date.now();
    const started = enrollment.progress > 0 || course.lastLessonId !== null;
    return html`<sinau-progress-bar .value=${enrollment.progress} .label=${t('course.myProgress')}></sinau-progress-bar>
      ${enrollment.dueAt
        ? html`<p class=${overdue ? 'overdue' : ''}>
            ${overdue ? t('course.overdueSince', { date: formatDate(enrollment.dueAt) }) : t('course.dueOn', { date: formatDate(enrollment.dueAt) })}
          </p>`
        : null}
      ${next
        ? html`<a class="button" data-testid="continue" href=${`/learn/${next}`}>${started ? t('course.continue') : t('course.start')}</a>`
        : html`<p class="muted">${t('course.noLessons')}</p>`}`;
  }

  private renderFacts(course: CourseDetail) {
    return html`<dl class="details">
      <dt>${t('course.jpLabel')}</dt>
      <dd>${jpText(course.jp)}</dd>
      <dt>${t('course.level')}</dt>
      <dd>${t(`levels.${course.level}`)}</dd>
      ${course.durationMinutes > 0
        ? html`<dt>${t('course.duration')}</dt>
            <dd>${formatMinutes(course.durationMinutes)}</dd>`
        : null}
      <dt>${t('course.lessons')}</dt>
      <dd>${t('course.lessonCount', { count: course.lessonCount })}</dd>
      ${course.owner
        ? html`<dt>${t('course.owner')}</dt>
            <dd>${course.owner.name}</dd>`
        : null}
      ${course.competencies.length
        ? html`<dt>${t('course.competencies')}</dt>
            <dd>${competencyBadges(course.competencies)}</dd>`
        : null}
    </dl>`;
  }

  private renderLessons(course: CourseDetail) {
    const canOpen = course.enrollment !== null || course.canEdit;
    if (!course.modules.length) return html`<p class="muted">${t('course.noLessons')}</p>`;
    return html`<ol class="modules">
      ${course.modules.map(
        (module, index) => html`<li class="module">
          <h3>${t('course.moduleNumber', { number: index + 1 })}: ${module.title}</h3>
          <ol class="lessons">
            ${module.lessons.map(
              (lesson) => html`<li>
                ${kindIcon(lesson.kind)}
                <span class="lesson-title">
                  ${canOpen ? html`<a href=${`/learn/${lesson.id}`}>${lesson.title}</a>` : lesson.title}
                  ${lesson.required ? null : html`<span class="muted"> (${t('course.optional')})</span>`}
                </span>
                ${lesson.durationMinutes ? html`<span class="lesson-meta">${formatMinutes(lesson.durationMinutes)}</span>` : null}
                ${course.enrollment ? doneMark(lesson.completed) : null}
              </li>`,
            )}
          </ol>
        </li>`,
      )}
    </ol>`;
  }

  private renderCourse(course: CourseDetail) {
    const admin = hasRole(this.session.me, 'admin');
    return html`<nav class="crumbs" aria-label=${t('course.breadcrumbs')}><a href="/courses">${t('catalogue.title')}</a></nav>
      <div class="hero">
        <div>
          ${course.coverUrl ? html`<img class="cover" src=${course.coverUrl} alt="" />` : null}
          <h1>${course.title}</h1>
          ${course.summary ? html`<p class="lead">${course.summary}</p>` : null}
          ${course.recommended ? html`<p class="recommended-line"><span class="badge recommended">${t('catalogue.recommended')}</span></p>` : null}
        </div>
        <aside class="panel" aria-label=${t('course.actionsLabel')}>
          ${this.renderAction(course)} ${this.renderFacts(course)}
          ${course.canEdit
            ? html`<a class="button secondary" href=${`/authoring/${encodeURIComponent(course.slug)}`}>${t('course.edit')}</a>
                <a class="button secondary" href=${`/evaluations/courses/${course.id}/report`}>${t('evaluation.report.link')}</a>
                ${course.draftState === 'review' ? html`<p class="hint">${t('course.draftInReview')}</p>` : null}
                ${course.draftState === 'editing' ? html`<p class="hint">${t('course.draftEditing')}</p>` : null}`
            : null}
          ${admin && course.status === 'published'
            ? html`<button type="button" class="secondary" @click=${() => (this.assignOpen = true)}>${t('assign.open')}</button>`
            : null}
        </aside>
      </div>
      ${course.descriptionHtml.trim()
        ? html`<section aria-labelledby="about-heading">
            <h2 id="about-heading">${t('course.about')}</h2>
            <div class="prose">${unsafeHTML(course.descriptionHtml)}</div>
          </section>`
        : null}
      ${course.prerequisites.length
        ? html`<section aria-labelledby="prereq-heading">
            <h2 id="prereq-heading">${t('course.prerequisites')}</h2>
            <ul class="prereqs">
              ${course.prerequisites.map(
                (p) => html`<li>${doneMark(p.completed)}<a href=${`/courses/${encodeURIComponent(p.slug)}`}>${p.title}</a></li>`,
              )}
            </ul>
          </section>`
        : null}
      <section aria-labelledby="lessons-heading">
        <h2 id="lessons-heading">${t('course.content')}</h2>
        ${this.renderLessons(course)}
      </section>
      ${admin
        ? html`<sinau-assign-dialog
            .slug=${course.slug}
            .courseTitle=${course.title}
            .open=${this.assignOpen}
            @sinau-dialog-close=${() => (this.assignOpen = false)}
          ></sinau-assign-dialog>`
        : null}`;
  }

  override render() {
    if (this.course.error) {
      const missing = isApiError(this.course.error, 'not_found');
      return html`<h1>${missing ? t('course.notFoundTitle') : t('course.title')}</h1>
        <sinau-alert variant="error">${describeError(this.course.error)}</sinau-alert>
        <p><a href="/courses">${t('course.backToCatalogue')}</a></p>`;
    }
    const course = this.course.value;
    if (!course) return html`<sinau-loading></sinau-loading>`;
    return this.renderCourse(course);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-course-page': SinauCoursePage;
  }
}
