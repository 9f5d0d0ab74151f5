import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { CourseCard } from '../../api/courses.ts';
import { formatDate, formatMinutes, LocaleController, t } from '../../i18n.ts';
import { baseStyles } from '../../styles/shared-styles.ts';
import { competencyBadges, courseFormatStyles, jpText, kindIcon } from './course-format.ts';
import '../../components/sinau-progress-bar.ts';

/** One course in the catalogue: cover, title (the link), facts, competencies and my progress. */
@customElement('sinau-course-card')
export class SinauCourseCard extends LitElement {
  static override styles = [
    baseStyles,
    courseFormatStyles,
    css`
      :host {
        height: 100%;
      }
      article {
        position: relative;
        display: flex;
        flex-direction: column;
        height: 100%;
        background: var(--sinau-color-surface);
        border: 1px solid var(--sinau-color-border);
        border-radius: var(--sinau-radius);
        box-shadow: var(--sinau-shadow);
        overflow: hidden;
      }
      article:hover,
      article:focus-within {
        border-color: var(--sinau-color-primary);
      }
      .cover {
        aspect-ratio: 2 / 1;
        background: linear-gradient(135deg, var(--sinau-color-primary), #2b8a74);
        color: var(--sinau-color-on-primary);
        display: flex;
        align-items: flex-end;
        padding: var(--sinau-space-3);
        font-weight: 800;
        font-size: 1.6rem;
      }
      .cover img {
        width: 100%;
        height: 100%;
        object-fit: cover;
      }
      .cover.has-image {
        padding: 0;
        background: #eef1f4;
      }
      .body {
        display: flex;
        flex-direction: column;
        gap: var(--sinau-space-2);
        padding: var(--sinau-space-3) var(--sinau-space-4) var(--sinau-space-4);
        flex: 1;
      }
      h3 {
        margin: 0;
        font-size: 1.1rem;
      }
      h3 a {
        color: var(--sinau-color-text);
        text-decoration: none;
      }
      h3 a:hover {
        text-decoration: underline;
      }
      /* The whole card opens the course; the title stays the one link. */
      h3 a::after {
        content: '';
        position: absolute;
        inset: 0;
      }
      h3 a:focus-visible {
        outline: none;
      }
      article:has(h3 a:focus-visible) {
        outline: 3px solid var(--sinau-color-focus);
        outline-offset: 2px;
      }
      .summary {
        margin: 0;
        color: var(--sinau-color-muted);
        display: -webkit-box;
        -webkit-line-clamp: 3;
        -webkit-box-orient: vertical;
        overflow: hidden;
      }
      .facts {
        display: flex;
        flex-wrap: wrap;
        gap: var(--sinau-space-1) var(--sinau-space-3);
        margin: 0;
        padding: 0;
        list-style: none;
        font-size: 0.9rem;
      }
      .facts .jp {
        font-weight: 700;
        color: var(--sinau-color-primary);
      }
      .kinds {
        display: inline-flex;
        gap: var(--sinau-space-1);
      }
      .badges {
        display: flex;
        flex-wrap: wrap;
        gap: var(--sinau-space-2);
      }
      .mine {
        margin-top: auto;
        padding-top: var(--sinau-space-2);
      }
      .due {
        font-size: 0.9rem;
        margin: var(--sinau-space-1) 0 0;
      }
    `,
  ];

  /** The course to show. */
  @property({ attribute: false }) course: CourseCard | null = null;

  private readonly locale = new LocaleController(this);

  private renderMine(course: CourseCard) {
    const enrollment = course.enrollment;
    if (!enrollment) return null;
    if (enrollment.completedAt) {
      return html`<div class="mine"><span class="badge done">${t('course.completedOn', { date: formatDate(enrollment.completedAt) })}</span></div>`;
    }
    return html`<div class="mine">
      <sinau-progress-bar .value=${enrollment.progress} .label=${t('course.myProgress')}></sinau-progress-bar>
      ${enrollment.dueAt ? html`<p class="due">${t('course.dueOn', { date: formatDate(enrollment.dueAt) })}</p>` : null}
    </div>`;
  }

  override render() {
    const course = this.course;
    if (!course) return null;
    return html`<article data-testid="course-card" aria-labelledby="title">
      <div class=${course.coverUrl ? 'cover has-image' : 'cover'} aria-hidden="true">
        ${course.coverUrl ? html`<img src=${course.coverUrl} alt="" loading="lazy" />` : course.title.slice(0, 1)}
      </div>
      <div class="body">
        ${course.recommended || course.enrollment?.source === 'assigned'
          ? html`<div class="badges">
              ${course.recommended ? html`<span class="badge recommended">${t('catalogue.recommended')}</span>` : null}
              ${course.enrollment?.source === 'assigned' && !course.enrollment.completedAt ? html`<span class="badge">${t('course.assigned')}</span>` : null}
            </div>`
          : null}
        <h3 id="title"><a href=${`/courses/${encodeURIComponent(course.slug)}`}>${course.title}</a></h3>
        ${course.summary ? html`<p class="summary">${course.summary}</p>` : null}
        <ul class="facts" aria-label=${t('course.facts')}>
          <li class="jp">${jpText(course.jp)}</li>
          <li>${t(`levels.${course.level}`)}</li>
          ${course.durationMinutes > 0 ? html`<li>${formatMinutes(course.durationMinutes)}</li>` : null}
          <li>${t('course.lessonCount', { count: course.lessonCount })}</li>
          ${course.kinds.length ? html`<li class="kinds">${course.kinds.map((kind) => kindIcon(kind))}</li>` : null}
        </ul>
        ${competencyBadges(course.competencies)} ${this.renderMine(course)}
      </div>
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-course-card': SinauCourseCard;
  }
}
