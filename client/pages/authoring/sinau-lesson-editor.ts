import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { lessonKinds, type LessonDoc, type LessonKind } from '../../api/courses.ts';
import { managedQuizzes, type ManagedQuiz } from '../../api/quizzes.ts';
import { LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { courseFormatStyles, kindIcon } from '../courses/course-format.ts';
import { editorStyles } from './editor-styles.ts';
import type { MediaChange } from './sinau-media-upload.ts';
import './sinau-media-upload.ts';

export type MoveDirection = -1 | 1;

function optionalInt(value: string, min: number, max: number): number | null {
  if (value.trim() === '') return null;
  const number = Math.round(Number(value));
  return Number.isFinite(number) ? Math.min(max, Math.max(min, number)) : null;
}

/**
 * One lesson in the editor: a header (open/close, move up/down, remove) and its fields.
 * Fires `sinau-lesson-change` (detail: the changed LessonDoc), `sinau-lesson-move`
 * (detail: -1 or 1) and `sinau-lesson-remove`.
 */
@customElement('sinau-lesson-editor')
export class SinauLessonEditor extends LitElement {
  static override styles = [
    pageStyles,
    courseFormatStyles,
    editorStyles,
    css`
      :host {
        display: block;
        border: 1px solid var(--sinau-color-border);
        border-radius: var(--sinau-radius);
        background: var(--sinau-color-surface);
        padding: var(--sinau-space-2);
      }
      .fields {
        padding: var(--sinau-space-3) var(--sinau-space-2) 0;
      }
      .num {
        color: var(--sinau-color-muted);
        font-variant-numeric: tabular-nums;
      }
    `,
  ];

  /** The lesson being edited. */
  @property({ attribute: false }) lesson: LessonDoc | null = null;
  /** Its place in the module (0-based) and the module's lesson count, for the move buttons. */
  @property({ type: Number }) index = 0;
  @property({ type: Number }) count = 1;
  /** The course, for uploads. */
  @property({ type: Number }) courseId: number | null = null;
  /** The course's default minimum watch percentage, for the hint. */
  @property({ type: Number }) courseMinWatchPct = 0;
  /** No changes allowed. */
  @property({ type: Boolean }) readOnly = false;
  /** Whether the fields are shown. */
  @property({ type: Boolean, reflect: true }) open = false;
  /** Quizzes the author may attach (loaded when a quiz lesson is shown). */
  @state() private quizzes: ManagedQuiz[] | null = null;
  private loadingQuizzes = false;

  private async loadQuizzes() {
    if (this.loadingQuizzes) return;
    this.loadingQuizzes = true;
    try {
      this.quizzes = await managedQuizzes();
    } catch {
      this.quizzes = [];
    }
  }

  private readonly locale = new LocaleController(this);

  private change(changes: Partial<LessonDoc>): void {
    if (!this.lesson) return;
    this.dispatchEvent(new CustomEvent<LessonDoc>('sinau-lesson-change', { detail: { ...this.lesson, ...changes }, bubbles: true, composed: true }));
  }

  private move(by: MoveDirection): void {
    const to = this.index + by;
    if (to < 0 || to >= this.count) return;
    this.dispatchEvent(new CustomEvent<MoveDirection>('sinau-lesson-move', { detail: by, bubbles: true, composed: true }));
  }

  private removeLesson(): void {
    const lesson = this.lesson;
    if (!lesson) return;
    const hasContent = lesson.body.trim() !== '' || !!lesson.mediaId || !!lesson.url;
    if (hasContent && !window.confirm(t('editor.confirmRemoveLesson', { title: lesson.title }))) return;
    this.dispatchEvent(new CustomEvent('sinau-lesson-remove', { bubbles: true, composed: true }));
  }

  /** Puts focus back on a header button after the lesson moved (the list re-rendered). */
  focusTool(which: 'up' | 'down' | 'toggle'): void {
    this.renderRoot.querySelector<HTMLElement>(`[data-tool="${which}"]`)?.focus();
  }

  private onKind(event: Event): void {
    const kind = (event.target as HTMLSelectElement).value as LessonKind;
    // A file or address of the old kind would not fit the new one.
    const changes: Partial<LessonDoc> = { kind };
    if (kind !== 'video' && kind !== 'document') changes.mediaId = null;
    if (kind !== 'link') changes.url = null;
    if (kind !== 'video') changes.minWatchPct = null;
    if (kind !== 'quiz') changes.quizId = null;
    this.change(changes);
  }

  private onMedia(event: CustomEvent<MediaChange>): void {
    event.stopPropagation();
    this.change({ mediaId: event.detail.id });
  }

  private renderKindFields(lesson: LessonDoc) {
    switch (lesson.kind) {
      case 'video':
      case 'document':
        return html`<sinau-media-upload
            .courseId=${this.courseId}
            .mediaId=${lesson.mediaId ?? null}
            .kind=${lesson.kind}
            .label=${lesson.kind === 'video' ? t('editor.videoFile') : t('editor.documentFile')}
            ?disabled=${this.readOnly}
            @sinau-media-change=${this.onMedia}
          ></sinau-media-upload>
          ${lesson.kind === 'video'
            ? html`<div class="field">
                <label for="min-watch">${t('editor.lessonMinWatch')}</label>
                <input
                  id="min-watch"
                  type="number"
                  min="0"
                  max="100"
                  inputmode="numeric"
                  .value=${lesson.minWatchPct === null || lesson.minWatchPct === undefined ? '' : String(lesson.minWatchPct)}
                  ?disabled=${this.readOnly}
                  aria-describedby="min-watch-hint"
                  @input=${(e: Event) => this.change({ minWatchPct: optionalInt((e.target as HTMLInputElement).value, 0, 100) })}
                />
                <p class="hint" id="min-watch-hint">${t('editor.lessonMinWatchHint', { pct: this.courseMinWatchPct })}</p>
              </div>`
            : null}`;
      case 'link':
        return html`<div class="field">
          <label for="url">${t('editor.url')}</label>
          <input
            id="url"
            type="url"
            inputmode="url"
            maxlength="2000"
            placeholder="https://"
            .value=${lesson.url ?? ''}
            ?disabled=${this.readOnly}
            aria-invalid=${lesson.url && !/^https?:\/\//.test(lesson.url) ? 'true' : 'false'}
            aria-describedby="url-hint"
            @input=${(e: Event) => this.change({ url: (e.target as HTMLInputElement).value.trim() || null })}
          />
          <p class="hint" id="url-hint">${t('editor.urlHint')}</p>
        </div>`;
      case 'quiz': {
        if (this.quizzes === null) void this.loadQuizzes();
        const options = (this.quizzes ?? []).filter((q) => q.courseId === null || q.courseId === this.courseId);
        return html`<div class="field">
          <label for="quiz">${t('editor.quiz')}</label>
          <select
            id="quiz"
            ?disabled=${this.readOnly}
            aria-describedby="quiz-hint"
            @change=${(e: Event) => this.change({ quizId: Number((e.target as HTMLSelectElement).value) || null })}
          >
            <option value="" ?selected=${!lesson.quizId}>${t('editor.quizNone')}</option>
            ${options.map((q) => html`<option value=${q.id} ?selected=${lesson.quizId === q.id}>${q.title}${q.status === 'published' ? '' : ` (${q.status})`}</option>`)}
          </select>
          <p class="hint" id="quiz-hint">${t('editor.quizHint')}</p>
        </div>`;
      }
      case 'text':
        return null;
    }
  }

  override render() {
    const lesson = this.lesson;
    if (!lesson) return null;
    const title = lesson.title.trim() || t('editor.untitledLesson');
    const atTop = this.index === 0;
    const atBottom = this.index >= this.count - 1;
    return html`<div class="item-head">
        <button type="button" class="toggle" data-tool="toggle" aria-expanded=${this.open ? 'true' : 'false'} aria-controls="fields" @click=${() => (this.open = !this.open)}>
          <span class="caret" aria-hidden="true"></span>
          <span class="num">${this.index + 1}.</span> ${kindIcon(lesson.kind)}
          <span class="name">${title}</span>
        </button>
        ${this.readOnly
          ? null
          : html`<div class="tools">
              <button type="button" class="secondary" data-tool="up" aria-disabled=${atTop ? 'true' : 'false'} @click=${() => this.move(-1)}>
                <span aria-hidden="true">↑</span><span class="visually-hidden">${t('editor.moveLessonUp', { title })}</span>
              </button>
              <button type="button" class="secondary" data-tool="down" aria-disabled=${atBottom ? 'true' : 'false'} @click=${() => this.move(1)}>
                <span aria-hidden="true">↓</span><span class="visually-hidden">${t('editor.moveLessonDown', { title })}</span>
              </button>
              <button type="button" class="secondary" @click=${this.removeLesson}>
                <span aria-hidden="true">✕</span><span class="visually-hidden">${t('editor.removeLesson', { title })}</span>
              </button>
            </div>`}
      </div>
      <div class="fields" id="fields" ?hidden=${!this.open}>
        <div class="inline-fields">
          <div class="field">
            <label for="title">${t('editor.lessonTitle')}</label>
            <input
              id="title"
              maxlength="200"
              .value=${lesson.title}
              ?disabled=${this.readOnly}
              aria-invalid=${lesson.title.trim() ? 'false' : 'true'}
              @input=${(e: Event) => this.change({ title: (e.target as HTMLInputElement).value })}
            />
          </div>
          <div class="field">
            <label for="kind">${t('editor.lessonKind')}</label>
            <select id="kind" ?disabled=${this.readOnly} @change=${this.onKind}>
              ${lessonKinds.map((kind) => html`<option value=${kind} .selected=${kind === lesson.kind}>${t(`lessonKinds.${kind}`)}</option>`)}
            </select>
          </div>
          <div class="field">
            <label for="duration">${t('editor.durationMinutes')}</label>
            <input
              id="duration"
              type="number"
              min="0"
              max="1000"
              inputmode="numeric"
              .value=${lesson.durationMinutes === null || lesson.durationMinutes === undefined ? '' : String(lesson.durationMinutes)}
              ?disabled=${this.readOnly}
              @input=${(e: Event) => this.change({ durationMinutes: optionalInt((e.target as HTMLInputElement).value, 0, 1000) })}
            />
          </div>
        </div>
        <label class="check">
          <input type="checkbox" .checked=${lesson.required} ?disabled=${this.readOnly} @change=${(e: Event) => this.change({ required: (e.target as HTMLInputElement).checked })} />
          <span>${t('editor.required')}<br /><span class="hint">${t('editor.requiredHint')}</span></span>
        </label>
        ${this.renderKindFields(lesson)}
        <div class="field">
          <label for="body">${lesson.kind === 'text' ? t('editor.body') : t('editor.intro')}</label>
          <textarea
            id="body"
            rows=${lesson.kind === 'text' ? 14 : 5}
            maxlength="200000"
            .value=${lesson.body}
            ?disabled=${this.readOnly}
            aria-describedby="body-hint"
            @input=${(e: Event) => this.change({ body: (e.target as HTMLTextAreaElement).value })}
          ></textarea>
          <p class="hint" id="body-hint">${t('editor.markdownHint')}</p>
        </div>
        <p class="key">${t('editor.key', { key: lesson.key })}</p>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-lesson-editor': SinauLessonEditor;
  }
  interface HTMLElementEventMap {
    'sinau-lesson-change': CustomEvent<LessonDoc>;
    'sinau-lesson-move': CustomEvent<MoveDirection>;
    'sinau-lesson-remove': CustomEvent<void>;
  }
}
