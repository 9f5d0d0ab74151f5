import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { LessonDoc, ModuleDoc } from '../../api/courses.ts';
import { announce } from '../../announce.ts';
import { LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { moved } from './doc-keys.ts';
import { editorStyles } from './editor-styles.ts';
import type { MoveDirection, SinauLessonEditor } from './sinau-lesson-editor.ts';
import './sinau-lesson-editor.ts';

/**
 * One module: its title, its place among the modules, and its lessons (add, edit, reorder,
 * remove). Fires `sinau-module-change` (detail: the changed ModuleDoc), `sinau-module-move`
 * (detail: -1 or 1) and `sinau-module-remove`.
 */
@customElement('sinau-module-editor')
export class SinauModuleEditor extends LitElement {
  static override styles = [
    pageStyles,
    editorStyles,
    css`
      :host {
        display: block;
      }
      fieldset {
        background: #f7f9fa;
        margin: 0;
      }
      @media (max-width: 30rem) {
        fieldset {
          padding: var(--sinau-space-2);
        }
      }
      legend {
        font-size: 1.05rem;
      }
      ol {
        list-style: none;
        margin: 0 0 var(--sinau-space-3);
        padding: 0;
        display: grid;
        gap: var(--sinau-space-2);
      }
      .module-head {
        display: flex;
        flex-wrap: wrap;
        gap: var(--sinau-space-2) var(--sinau-space-3);
        align-items: flex-end;
        margin-bottom: var(--sinau-space-3);
      }
      .module-head .field {
        flex: 1 1 14rem;
        margin-bottom: 0;
      }
      .empty {
        color: var(--sinau-color-muted);
        margin: 0 0 var(--sinau-space-3);
      }
    `,
  ];

  /** The module being edited. */
  @property({ attribute: false }) module: ModuleDoc | null = null;
  /** Its place among the modules (0-based) and how many there are. */
  @property({ type: Number }) index = 0;
  @property({ type: Number }) count = 1;
  /** The course, for uploads. */
  @property({ type: Number }) courseId: number | null = null;
  /** The course's default minimum watch percentage. */
  @property({ type: Number }) courseMinWatchPct = 0;
  /** No changes allowed. */
  @property({ type: Boolean }) readOnly = false;
  /** Makes a new lesson with a key unique in the whole course. */
  @property({ attribute: false }) createLesson: ((title: string) => LessonDoc) | null = null;

  /** Lessons added in this visit start open. */
  @state() private openKeys = new Set<string>();

  private readonly locale = new LocaleController(this);

  private emit(module: ModuleDoc): void {
    this.dispatchEvent(new CustomEvent<ModuleDoc>('sinau-module-change', { detail: module, bubbles: true, composed: true }));
  }

  private changeLessons(lessons: LessonDoc[]): void {
    if (this.module) this.emit({ ...this.module, lessons });
  }

  private onLessonChange(index: number, event: CustomEvent<LessonDoc>): void {
    event.stopPropagation();
    const lessons = [...(this.module?.lessons ?? [])];
    lessons[index] = event.detail;
    this.changeLessons(lessons);
  }

  private async onLessonMove(index: number, event: CustomEvent<MoveDirection>): Promise<void> {
    event.stopPropagation();
    const lessons = this.module?.lessons ?? [];
    const lesson = lessons[index];
    if (!lesson) return;
    this.changeLessons(moved(lessons, index, event.detail));
    announce(t('editor.lessonMoved', { title: lesson.title, position: index + event.detail + 1, count: lessons.length }));
    // Keep focus on the same button of the lesson that moved, so it can be moved again.
    await this.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const editor = this.renderRoot.querySelector<SinauLessonEditor>(`sinau-lesson-editor[data-key="${CSS.escape(lesson.key)}"]`);
    await editor?.updateComplete;
    editor?.focusTool(event.detail === -1 ? 'up' : 'down');
  }

  private async onLessonRemove(index: number, event: Event): Promise<void> {
    event.stopPropagation();
    const lessons = this.module?.lessons ?? [];
    const lesson = lessons[index];
    this.changeLessons(lessons.filter((_, i) => i !== index));
    if (lesson) announce(t('editor.lessonRemoved', { title: lesson.title }));
    await new Promise((resolve) => requestAnimationFrame(resolve));
    this.renderRoot.querySelector<HTMLButtonElement>('.add-lesson')?.focus();
  }

  private async addLesson(): Promise<void> {
    if (!this.module || !this.createLesson) return;
    const lesson = this.createLesson(t('editor.newLessonTitle', { number: this.module.lessons.length + 1 }));
    this.openKeys = new Set([...this.openKeys, lesson.key]);
    this.changeLessons([...this.module.lessons, lesson]);
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const editor = this.renderRoot.querySelector<SinauLessonEditor>(`sinau-lesson-editor[data-key="${CSS.escape(lesson.key)}"]`);
    await editor?.updateComplete;
    const title = editor?.shadowRoot?.querySelector<HTMLInputElement>('#title');
    title?.focus();
    title?.select();
  }

  private move(by: MoveDirection): void {
    const to = this.index + by;
    if (to < 0 || to >= this.count) return;
    this.dispatchEvent(new CustomEvent<MoveDirection>('sinau-module-move', { detail: by, bubbles: true, composed: true }));
  }

  private removeModule(): void {
    const module = this.module;
    if (!module) return;
    if (module.lessons.length && !window.confirm(t('editor.confirmRemoveModule', { title: module.title, count: module.lessons.length }))) return;
    this.dispatchEvent(new CustomEvent('sinau-module-remove', { bubbles: true, composed: true }));
  }

  /** Puts focus back on a move button after the module moved. */
  focusTool(which: 'up' | 'down'): void {
    this.renderRoot.querySelector<HTMLElement>(`[data-tool="${which}"]`)?.focus();
  }

  override render() {
    const module = this.module;
    if (!module) return null;
    const title = module.title.trim() || t('editor.untitledModule');
    return html`<fieldset>
      <legend>${t('course.moduleNumber', { number: this.index + 1 })}</legend>
      <div class="module-head">
        <div class="field">
          <label for="module-title">${t('editor.moduleTitle')}</label>
          <input
            id="module-title"
            maxlength="200"
            .value=${module.title}
            ?disabled=${this.readOnly}
            aria-invalid=${module.title.trim() ? 'false' : 'true'}
            @input=${(e: Event) => this.emit({ ...module, title: (e.target as HTMLInputElement).value })}
          />
        </div>
        ${this.readOnly
          ? null
          : html`<div class="tools">
              <button type="button" class="secondary" data-tool="up" aria-disabled=${this.index === 0 ? 'true' : 'false'} @click=${() => this.move(-1)}>
                <span aria-hidden="true">↑</span><span class="visually-hidden">${t('editor.moveModuleUp', { title })}</span>
              </button>
              <button type="button" class="secondary" data-tool="down" aria-disabled=${this.index >= this.count - 1 ? 'true' : 'false'} @click=${() => this.move(1)}>
                <span aria-hidden="true">↓</span><span class="visually-hidden">${t('editor.moveModuleDown', { title })}</span>
              </button>
              <button type="button" class="secondary" @click=${this.removeModule}>${t('editor.removeModule')}<span class="visually-hidden"> ${title}</span></button>
            </div>`}
      </div>
      ${module.lessons.length
        ? html`<ol aria-label=${t('editor.lessonsOf', { title })}>
            ${repeat(
              module.lessons,
              (lesson) => lesson.key,
              (lesson, index) => html`<li>
                <sinau-lesson-editor
                  data-key=${lesson.key}
                  .lesson=${lesson}
                  .index=${index}
                  .count=${module.lessons.length}
                  .courseId=${this.courseId}
                  .courseMinWatchPct=${this.courseMinWatchPct}
                  .readOnly=${this.readOnly}
                  .open=${this.openKeys.has(lesson.key)}
                  @sinau-lesson-change=${(e: CustomEvent<LessonDoc>) => this.onLessonChange(index, e)}
                  @sinau-lesson-move=${(e: CustomEvent<MoveDirection>) => void this.onLessonMove(index, e)}
                  @sinau-lesson-remove=${(e: Event) => void this.onLessonRemove(index, e)}
                ></sinau-lesson-editor>
              </li>`,
            )}
          </ol>`
        : html`<p class="empty">${t('editor.noLessons')}</p>`}
      ${this.readOnly ? null : html`<button type="button" class="secondary add-lesson" @click=${this.addLesson}>${t('editor.addLesson')}</button>`}
    </fieldset>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-module-editor': SinauModuleEditor;
  }
  interface HTMLElementEventMap {
    'sinau-module-change': CustomEvent<ModuleDoc>;
    'sinau-module-move': CustomEvent<MoveDirection>;
    'sinau-module-remove': CustomEvent<void>;
  }
}
