import { LitElement, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { getCourse, getLesson, type CourseDetail, type LessonDetail, type ProgressReply, type WatchedRange } from '../../api/courses.ts';
import { isApiError } from '../../api/http.ts';
import { getQuiz, type QuizInfo } from '../../api/quizzes.ts';
import { announce } from '../../announce.ts';
import type { VideoProgressDetail } from '../../components/sinau-video-player.ts';
import { describeError } from '../../errors.ts';
import { formatDate, formatMinutes, formatNumber, LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { courseFormatStyles, doneMark, jpText, kindIcon } from '../courses/course-format.ts';
import { lessonStyles } from './lesson-styles.ts';
import { progressOutbox, type OutboxRejected, type OutboxSaved } from './progress-outbox.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import '../../components/sinau-progress-bar.ts';
import '../../components/sinau-video-player.ts';
import '../quizzes/sinau-quiz-overview.ts';

/** How often reading progress may be sent while scrolling. */
const readEveryMs = 3000;

function rangesTotal(ranges: readonly WatchedRange[]): number {
  return ranges.reduce((sum, [a, b]) => sum + Math.max(0, b - a), 0);
}

/**
 * One lesson to study: text (reading progress as one scrolls), video (resume, watched time,
 * completion at the end), PDF, link or quiz (its rules and start button; the lesson completes
 * when the quiz is passed); previous/next, the course's progress, and a celebration when the
 * course is completed. Progress goes through the outbox, which keeps and retries whatever could
 * not be sent.
 */
@customElement('sinau-lesson-page')
export class SinauLessonPage extends LitElement {
  static override styles = [pageStyles, courseFormatStyles, lessonStyles];

  /** Route parameters: lessonId. */
  @property({ attribute: false }) params: Record<string, string> = {};

  @state() private lesson: LessonDetail | null = null;
  @state() private course: CourseDetail | null = null;
  /** A quiz lesson's quiz. */
  @state() private quiz: QuizInfo | null = null;
  @state() private quizError: unknown = null;
  @state() private loadError: unknown = null;
  /** Shown as complete (saved, or waiting in the outbox to be sent). */
  @state() private completed = false;
  @state() private completing = false;
  @state() private completionNote = '';
  @state() private completionError = '';
  @state() private saveState: 'idle' | 'saving' | 'waiting' = 'idle';
  @state() private courseProgress = 0;
  /** The course's completion, once this visit completed it (for the celebration). */
  @state() private celebration: { completedAt: string; jp: number } | null = null;
  @state() private watchedSeconds = 0;
  @state() private videoDuration = 0;

  private readonly locale = new LocaleController(this);
  private readonly abort = new AbortController();
  /** Wide screens show the course outline open beside the lesson. */
  private readonly wide = window.matchMedia('(min-width: 60rem)').matches;
  private readMax = 0;
  private readSent = 0;
  private readTimer: ReturnType<typeof setTimeout> | undefined;
  private lastReadSend = 0;
  private sessionRanges: WatchedRange[] = [];

  private get lessonId(): number {
    return Number(this.params.lessonId);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    progressOutbox.addEventListener('saved', this.onSaved);
    progressOutbox.addEventListener('rejected', this.onRejected);
    progressOutbox.addEventListener('state', this.onOutboxState);
    window.addEventListener('scroll', this.onScroll, { passive: true });
    window.addEventListener('resize', this.onScroll, { passive: true });
    void this.load();
  }

  override disconnectedCallback(): void {
    this.abort.abort();
    clearTimeout(this.readTimer);
    this.sendRead(true);
    progressOutbox.removeEventListener('saved', this.onSaved);
    progressOutbox.removeEventListener('rejected', this.onRejected);
    progressOutbox.removeEventListener('state', this.onOutboxState);
    window.removeEventListener('scroll', this.onScroll);
    window.removeEventListener('resize', this.onScroll);
    super.disconnectedCallback();
  }

  private async load(): Promise<void> {
    if (!Number.isInteger(this.lessonId) || this.lessonId < 1) {
      this.loadError = 'not-found';
      return;
    }
    try {
      const lesson = await getLesson(this.lessonId, this.abort.signal);
      // The lesson shows at once; the course (title, progress, completion) follows.
      this.lesson = lesson;
      this.completed = lesson.progress.completed || progressOutbox.hasUnsentCompletion(lesson.id);
      this.readMax = this.readSent = lesson.progress.readPct;
      this.watchedSeconds = lesson.progress.watchedSeconds;
      this.videoDuration = lesson.media?.durationSeconds ?? 0;
      this.saveState = progressOutbox.hasUnsent(lesson.id) ? progressOutbox.state : 'idle';
      if (lesson.kind === 'quiz' && lesson.quizId) void this.loadQuiz(lesson.quizId);
      const course = await getCourse(lesson.courseSlug, this.abort.signal);
      this.course = course;
      this.courseProgress = course.enrollment?.progress ?? 0;
    } catch (error) {
      if (this.abort.signal.aborted) return;
      if (!this.lesson) this.loadError = error;
    }
  }

  private async loadQuiz(quizId: number): Promise<void> {
    try {
      this.quiz = await getQuiz(quizId, this.abort.signal);
    } catch (error) {
      if (!this.abort.signal.aborted) this.quizError = error;
    }
  }

  protected override updated(changed: PropertyValues): void {
    // A short text is read as soon as it is on screen.
    if (changed.has('lesson') && this.lesson?.kind === 'text') requestAnimationFrame(() => this.onScroll());
  }

  // ---- Saving ----------------------------------------------------------------------------------

  private readonly onOutboxState = (): void => {
    if (!this.lesson) return;
    this.saveState = progressOutbox.hasUnsent(this.lesson.id) ? progressOutbox.state : 'idle';
  };

  private readonly onSaved = (event: Event): void => {
    const { lessonId, reply } = (event as CustomEvent<OutboxSaved>).detail;
    if (!this.lesson || lessonId !== this.lesson.id) return;
    this.applyReply(reply);
  };

  private applyReply(reply: ProgressReply): void {
    this.watchedSeconds = Math.max(this.watchedSeconds, reply.watchedSeconds);
    this.courseProgress = reply.course.progress;
    if (reply.completed && !this.completed) {
      this.completed = true;
      announce(t('lesson.completedNow'));
    }
    if (reply.completed) this.markDoneInOutline(reply.lessonId);
    if (reply.completed) {
      this.completionNote = '';
      this.completing = false;
    }
    const wasComplete = !!this.course?.enrollment?.completedAt;
    if (reply.course.completedAt && !wasComplete && !this.celebration) {
      this.celebration = { completedAt: reply.course.completedAt, jp: reply.course.jpAwarded ?? this.course?.jp ?? 0 };
      announce(t('lesson.courseCompletedAnnouncement', { title: this.course?.title ?? '', jp: jpText(this.celebration.jp) }));
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[data-testid="course-completed"]')?.focus());
    }
  }

  private markDoneInOutline(lessonId: number): void {
    const course = this.course;
    if (!course || course.modules.every((m) => m.lessons.every((l) => l.id !== lessonId || l.completed))) return;
    this.course = {
      ...course,
      modules: course.modules.map((m) => ({ ...m, lessons: m.lessons.map((l) => (l.id === lessonId ? { ...l, completed: true } : l)) })),
    };
  }

  private readonly onRejected = (event: Event): void => {
    const { lessonId, error, body } = (event as CustomEvent<OutboxRejected>).detail;
    if (!this.lesson || lessonId !== this.lesson.id || !body.completed) return;
    this.completed = false;
    this.completing = false;
    this.completionNote = '';
    if (error.code === 'not_watched_enough') {
      const details = error.details as { requiredPct?: number; watchedPct?: number } | undefined;
      this.completionError = t('lesson.notWatchedEnough', { required: details?.requiredPct ?? this.lesson.minWatchPct ?? 0, watched: details?.watchedPct ?? 0 });
    } else if (error.code === 'not_enrolled') {
      this.completionError = t('lesson.notEnrolledSave');
    } else {
      this.completionError = describeError(error);
    }
    announce(this.completionError);
  };

  private markComplete(): void {
    const lesson = this.lesson;
    if (!lesson || this.completing) return;
    this.completionError = '';
    const update: Parameters<typeof progressOutbox.queue>[1] = { completed: true };
    if (lesson.kind === 'text') update.readPct = Math.max(this.readMax, this.readSent);
    if (lesson.kind === 'video' && this.sessionRanges.length) update.watchedRanges = this.sessionRanges;
    // A video must be confirmed by the server (watched enough); other lessons show done at once
    // and the outbox makes sure the server hears of it.
    if (lesson.kind === 'video') {
      this.completing = true;
      this.completionNote = t('lesson.checking');
    } else {
      this.completed = true;
      this.markDoneInOutline(lesson.id);
      announce(t('lesson.completedNow'));
    }
    progressOutbox.queue(lesson.id, update);
  }

  // Reading progress: how far down the lesson text the reader has come.
  private readonly onScroll = (): void => {
    if (this.lesson?.kind !== 'text') return;
    const article = this.renderRoot.querySelector<HTMLElement>('.lesson-body');
    if (!article) return;
    const rect = article.getBoundingClientRect();
    const seen = Math.min(rect.height, Math.max(0, window.innerHeight - rect.top));
    const pct = rect.height <= 0 ? 100 : Math.min(100, Math.round((seen * 100) / rect.height));
    if (pct <= this.readMax) return;
    this.readMax = pct;
    const wait = readEveryMs - (Date.now() - this.lastReadSend);
    if (wait <= 0) this.sendRead(false);
    else if (!this.readTimer) this.readTimer = setTimeout(() => this.sendRead(false), wait);
  };

  private sendRead(final: boolean): void {
    clearTimeout(this.readTimer);
    this.readTimer = undefined;
    const lesson = this.lesson;
    if (!lesson || lesson.kind !== 'text' || this.readMax <= this.readSent || !this.course?.enrollment) return;
    // Small steps are not worth a request, except the last one when leaving the page.
    if (!final && this.readMax < 100 && this.readMax - this.readSent < 10) return;
    this.readSent = this.readMax;
    this.lastReadSend = Date.now();
    progressOutbox.queue(lesson.id, { readPct: this.readMax });
  }

  private onVideoProgress(event: CustomEvent<VideoProgressDetail>): void {
    const lesson = this.lesson;
    if (!lesson || !this.course?.enrollment) return;
    const { position, watchedRanges, duration, ended } = event.detail;
    this.sessionRanges = watchedRanges;
    if (duration > 0) this.videoDuration = duration;
    this.watchedSeconds = Math.max(this.watchedSeconds, rangesTotal(watchedRanges));
    // At the end, the next visit starts from the beginning.
    const update: Parameters<typeof progressOutbox.queue>[1] = { positionSeconds: ended ? 0 : position, watchedRanges };
    if (ended && !this.completed) {
      update.completed = true;
      this.completing = true;
      this.completionNote = t('lesson.checking');
      this.completionError = '';
    }
    progressOutbox.queue(lesson.id, update);
  }

  // ---- Rendering -------------------------------------------------------------------------------

  private renderBody(lesson: LessonDetail) {
    return lesson.bodyHtml.trim() ? html`<div class="prose lesson-body">${unsafeHTML(lesson.bodyHtml)}</div>` : null;
  }

  private renderVideo(lesson: LessonDetail) {
    const media = lesson.media;
    if (!media) return html`<sinau-alert variant="warning">${t('lesson.mediaMissing')}</sinau-alert>`;
    const required = lesson.minWatchPct ?? 0;
    const duration = this.videoDuration;
    const watchedPct = duration > 0 ? Math.min(100, Math.floor((this.watchedSeconds * 100) / duration)) : null;
    return html`<div class="media">
        <sinau-video-player
          .src=${media.url}
          .hls=${media.hlsUrl ?? ''}
          .startAt=${lesson.progress.positionSeconds}
          .label=${lesson.title}
          @sinau-video-progress=${this.onVideoProgress}
        ></sinau-video-player>
        ${media.status === 'processing' ? html`<p class="hint">${t('lesson.videoProcessing')}</p>` : null}
      </div>
      ${required > 0 && !this.completed
        ? html`<p class="watch-rule">
            ${t('lesson.watchRequired', { pct: required })}
            ${watchedPct !== null ? html`<span class="muted"> ${t('lesson.watchedSoFar', { pct: watchedPct })}</span>` : null}
          </p>`
        : null}
      ${this.renderBody(lesson)}`;
  }

  private renderDocument(lesson: LessonDetail) {
    const media = lesson.media;
    if (!media) return html`${this.renderBody(lesson)}<sinau-alert variant="warning">${t('lesson.mediaMissing')}</sinau-alert>`;
    const download = html`<a class="button secondary" href=${media.url} download=${media.originalName}>
      ${t('lesson.download')} <span class="muted file-size">(${t('lesson.fileSize', { size: formatNumber(Math.max(0.1, Math.round(media.sizeBytes / 104857.6) / 10)) })})</span>
    </a>`;
    return html`${this.renderBody(lesson)}
      ${media.mime === 'application/pdf'
        ? html`<object class="pdf" data=${media.url} type="application/pdf" aria-label=${lesson.title}>
            <p>${t('lesson.pdfFallback')} <a href=${media.url} target="_blank" rel="noopener">${t('lesson.openPdf')}</a></p>
          </object>`
        : null}
      <div class="actions">${download}</div>`;
  }

  private renderLink(lesson: LessonDetail) {
    return html`${this.renderBody(lesson)}
      ${lesson.url
        ? html`<p>
            <a class="button secondary" href=${lesson.url} target="_blank" rel="noopener noreferrer">
              ${t('lesson.openLink')}<span class="visually-hidden"> (${t('lesson.newTab')})</span>
              <span aria-hidden="true">↗</span>
            </a>
          </p>
          <p class="hint url">${lesson.url}</p>`
        : html`<sinau-alert variant="warning">${t('lesson.linkMissing')}</sinau-alert>`}`;
  }

  private renderQuiz(lesson: LessonDetail) {
    if (!lesson.quizId) return html`<sinau-alert variant="warning">${t('lesson.quizMissing')}</sinau-alert>`;
    if (this.quizError) return html`<sinau-alert variant="error">${describeError(this.quizError)}</sinau-alert>`;
    const quiz = this.quiz;
    if (!quiz) return html`<sinau-loading></sinau-loading>`;
    return html`<section class="quiz" aria-labelledby="quiz-title">
      <h2 id="quiz-title"><a href=${`/quizzes/${quiz.id}`}>${quiz.title}</a></h2>
      <sinau-quiz-overview .quiz=${quiz}></sinau-quiz-overview>
    </section>`;
  }

  private renderContent(lesson: LessonDetail) {
    switch (lesson.kind) {
      case 'text':
        return this.renderBody(lesson) ?? html`<p class="muted">${t('lesson.empty')}</p>`;
      case 'video':
        return this.renderVideo(lesson);
      case 'document':
        return this.renderDocument(lesson);
      case 'link':
        return this.renderLink(lesson);
      case 'quiz':
        return html`${this.renderBody(lesson)}${this.renderQuiz(lesson)}`;
    }
  }

  private renderCompletion(lesson: LessonDetail) {
    const enrolled = !!this.course?.enrollment;
    if (this.course && !enrolled) {
      return html`<p class="muted">${t('lesson.previewOnly')}</p>`;
    }
    if (lesson.kind === 'quiz') {
      return this.completed
        ? html`<div class="completion done"><p class="lesson-done"><span aria-hidden="true">✓</span> ${t('lesson.done')}</p></div>`
        : html`<div class="completion"><p class="hint">${t('lesson.quizAutoComplete')}</p></div>`;
    }
    const status =
      this.saveState === 'waiting'
        ? html`<p class="save-state waiting" role="status">${t('lesson.savePending')}</p>`
        : this.saveState === 'saving'
          ? html`<p class="save-state" role="status">${t('common.saving')}</p>`
          : html`<p class="save-state" role="status"></p>`;
    if (this.completed) {
      return html`<div class="completion done">
        <p class="lesson-done"><span aria-hidden="true">✓</span> ${t('lesson.done')}</p>
        ${status}
      </div>`;
    }
    return html`<div class="completion">
      ${this.completionError ? html`<sinau-alert variant="warning">${this.completionError}</sinau-alert>` : null}
      <button type="button" data-testid="mark-complete" ?disabled=${this.completing} @click=${this.markComplete}>
        ${this.completing ? this.completionNote || t('common.saving') : t('lesson.markComplete')}
      </button>
      ${lesson.kind === 'video' && (lesson.minWatchPct ?? 0) > 0 ? html`<p class="hint">${t('lesson.videoAutoComplete')}</p>` : null}
      ${status}
    </div>`;
  }

  /** The course was completed before this visit: a quiet note at the top. */
  private renderCompletedNote() {
    const course = this.course;
    const completedAt = course?.enrollment?.completedAt;
    if (!course || !completedAt || this.celebration) return null;
    return html`<div class="celebration" data-testid="course-completed" role="status">
      <h2>${t('course.completedHeading')}</h2>
      <p>${t('course.completedLine', { date: formatDate(completedAt), jp: jpText(course.jp) })}</p>
    </div>`;
  }

  /** This visit completed the course: a celebration where the learner is (by the button). */
  private renderCelebration() {
    const done = this.celebration;
    const course = this.course;
    if (!done || !course) return null;
    return html`<div class="celebration fresh" data-testid="course-completed" tabindex="-1" role="status">
      <svg class="medal" viewBox="0 0 48 48" width="56" height="56" aria-hidden="true" focusable="false">
        <path d="M15 4h8l4 12h-8zM33 4h-8l-4 12h8z" fill="#f2c14e" />
        <circle cx="24" cy="29" r="14" fill="var(--sinau-color-success)" />
        <path d="M17 29.5l5 5 9-10" fill="none" stroke="#fff" stroke-width="3.5" stroke-linecap="round" stroke-linejoin="round" />
      </svg>
      <h2>${t('lesson.congratulations')}</h2>
      <p>${t('lesson.courseCompleted', { title: course.title, date: formatDate(done.completedAt), jp: jpText(done.jp) })}</p>
      <div class="actions">
        <a class="button" href="/learning">${t('lesson.toMyLearning')}</a>
        <a class="button secondary" href="/courses">${t('lesson.findMore')}</a>
      </div>
    </div>`;
  }

  /** The course's lessons, this one marked, for moving around (folded away on phones). */
  private renderOutline(course: CourseDetail, lesson: LessonDetail) {
    return html`<details class="outline" ?open=${this.wide}>
      <summary>${t('course.content')}</summary>
      <ol class="outline-modules">
        ${course.modules.map(
          (module) => html`<li>
            <span class="outline-module">${module.title}</span>
            <ol>
              ${module.lessons.map(
                (l) => html`<li>
                  ${doneMark(l.completed)}
                  ${l.id === lesson.id ? html`<span aria-current="page" class="current">${l.title}</span>` : html`<a href=${`/learn/${l.id}`}>${l.title}</a>`}
                </li>`,
              )}
            </ol>
          </li>`,
        )}
      </ol>
    </details>`;
  }

  private renderNav(lesson: LessonDetail) {
    const courseHref = `/courses/${encodeURIComponent(lesson.courseSlug)}`;
    return html`<nav class="pager" aria-label=${t('lesson.navLabel')}>
      ${lesson.previousLessonId
        ? html`<a class="button secondary" rel="prev" href=${`/learn/${lesson.previousLessonId}`}><span aria-hidden="true">←</span> ${t('lesson.previous')}</a>`
        : html`<span></span>`}
      ${lesson.nextLessonId
        ? html`<a class="button" rel="next" data-testid="next-lesson" href=${`/learn/${lesson.nextLessonId}`}>${t('lesson.next')} <span aria-hidden="true">→</span></a>`
        : html`<a class="button secondary" href=${courseHref}>${t('lesson.backToCourse')}</a>`}
    </nav>`;
  }

  private renderError() {
    const error = this.loadError;
    const notEnrolled = isApiError(error, 'not_enrolled');
    const missing = error === 'not-found' || isApiError(error, 'not_found');
    return html`<h1>${missing ? t('lesson.notFoundTitle') : notEnrolled ? t('lesson.notEnrolledTitle') : t('lesson.title')}</h1>
      ${missing
        ? html`<p>${t('lesson.notFound')}</p>`
        : notEnrolled
          ? html`<p>${t('lesson.notEnrolled')}</p>`
          : html`<sinau-alert variant="error">${describeError(error)}</sinau-alert>
              <button type="button" @click=${() => location.reload()}>${t('common.reload')}</button>`}
      <p><a href="/courses">${t('course.backToCatalogue')}</a></p>`;
  }

  override render() {
    if (this.loadError) return this.renderError();
    const lesson = this.lesson;
    if (!lesson) return html`<sinau-loading></sinau-loading>`;
    const course = this.course;
    const courseHref = `/courses/${encodeURIComponent(lesson.courseSlug)}`;
    return html`<nav class="crumbs" aria-label=${t('course.breadcrumbs')}>
        <ol>
          <li><a href="/courses">${t('catalogue.title')}</a></li>
          <li><a href=${courseHref}>${course?.title ?? t('lesson.course')}</a></li>
          <li aria-current="page">${lesson.moduleTitle}</li>
        </ol>
      </nav>
      <div class="layout">
        <article class="lesson" aria-labelledby="lesson-title">
          <p class="module">${lesson.moduleTitle}</p>
          <h1 id="lesson-title">${lesson.title}</h1>
          <p class="meta">
            ${kindIcon(lesson.kind)}<span aria-hidden="true">${t(`lessonKinds.${lesson.kind}`)}</span>
            ${lesson.durationMinutes ? html`<span>· ${formatMinutes(lesson.durationMinutes)}</span>` : null}
            ${lesson.required ? null : html`<span>· ${t('course.optional')}</span>`}
          </p>
          ${this.renderCompletedNote()} ${this.renderContent(lesson)} ${this.renderCompletion(lesson)} ${this.renderCelebration()}
        </article>
        ${course?.enrollment
          ? html`<aside class="side" aria-label=${t('lesson.courseProgress')}>
              <sinau-progress-bar
                .value=${this.courseProgress}
                .label=${t('lesson.courseProgress')}
                ?complete=${this.courseProgress >= 100}
              ></sinau-progress-bar>
              ${this.renderOutline(course, lesson)}
            </aside>`
          : null}
      </div>
      ${this.renderNav(lesson)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-lesson-page': SinauLessonPage;
  }
}
