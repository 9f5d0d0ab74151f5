import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import {
  getDraft,
  levels,
  listAuthoringCourses,
  publishDraft,
  returnDraft,
  saveDraft,
  submitDraft,
  type AuthoringCourse,
  type Competency,
  type CourseDoc,
  type Draft,
  type ModuleDoc,
} from '../../api/courses.ts';
import { ApiError } from '../../api/http.ts';
import { announce } from '../../announce.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t, type MessageKey } from '../../i18n.ts';
import { hasRole, SessionController } from '../../session.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { courseStateBadges } from './course-state.ts';
import { blankLesson, blankModule, moved } from './doc-keys.ts';
import type { MoveDirection } from './sinau-lesson-editor.ts';
import type { MediaChange } from './sinau-media-upload.ts';
import type { SinauModuleEditor } from './sinau-module-editor.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import './sinau-competency-rows.ts';
import './sinau-draft-preview.ts';
import './sinau-media-upload.ts';
import './sinau-module-editor.ts';

type Busy = 'save' | 'submit' | 'publish' | 'return' | null;

const fieldNames: Record<string, MessageKey> = {
  title: 'editor.title',
  summary: 'editor.summary',
  description: 'editor.description',
  jp: 'editor.jp',
  level: 'course.level',
  language: 'editor.language',
  minVideoWatchPct: 'editor.minVideoWatchPct',
  url: 'editor.url',
  body: 'editor.body',
  durationMinutes: 'editor.durationMinutes',
  minWatchPct: 'editor.lessonMinWatch',
  code: 'editor.competencyCode',
  key: 'editor.keyLabel',
};

/** "Modul 2 › Pelajaran 3 › Tautan: …" for a validation error at /modules/1/lessons/2/url. */
function describeProblemPath(doc: CourseDoc, path: string, message: string): string {
  const parts = path.split('/').filter(Boolean);
  const where: string[] = [];
  let field = '';
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i]!;
    const next = Number(parts[i + 1]);
    if (part === 'modules' && Number.isInteger(next)) {
      where.push(`${t('course.moduleNumber', { number: next + 1 })} (${doc.modules[next]?.title ?? ''})`);
      i += 1;
    } else if (part === 'lessons' && Number.isInteger(next)) {
      const m = Number(parts[i - 1]);
      where.push(`${t('editor.lessonNumber', { number: next + 1 })} (${doc.modules[m]?.lessons[next]?.title ?? ''})`);
      i += 1;
    } else if (part === 'competencies' && Number.isInteger(next)) {
      where.push(`${t('editor.competencies')} ${next + 1}`);
      i += 1;
    } else {
      field = fieldNames[part] ? t(fieldNames[part]) : part;
    }
  }
  if (field) where.push(field);
  return where.length ? `${where.join(' › ')}: ${message}` : message;
}

/** What the server's schema would refuse, found before sending, in plain words. */
function localProblems(doc: CourseDoc): string[] {
  const problems: string[] = [];
  if (doc.title.trim().length < 3) problems.push(t('editor.problems.title'));
  doc.competencies.forEach((c, i) => {
    if (!c.code.trim()) problems.push(t('editor.problems.competencyCode', { number: i + 1 }));
  });
  doc.modules.forEach((m, mi) => {
    if (!m.title.trim()) problems.push(t('editor.problems.moduleTitle', { module: mi + 1 }));
    m.lessons.forEach((l, li) => {
      if (!l.title.trim()) problems.push(t('editor.problems.lessonTitle', { module: mi + 1, lesson: li + 1 }));
      if (l.kind === 'link' && l.url && !/^https?:\/\//.test(l.url)) problems.push(t('editor.problems.url', { title: l.title || String(li + 1) }));
    });
  });
  return problems;
}

/** The problems a refused request carries: the server's list, or its one message. */
function problemsOf(error: unknown, doc: CourseDoc): string[] {
  if (!(error instanceof ApiError)) return [describeError(error)];
  const details = error.details;
  if (Array.isArray(details) && details.length) {
    return details.map((d) => {
      if (typeof d === 'string') return d;
      if (d && typeof d === 'object' && 'message' in d) {
        const { path, message } = d as { path?: string; message?: string };
        return describeProblemPath(doc, path ?? '', message ?? '');
      }
      return String(d);
    });
  }
  return [describeError(error)];
}

/**
 * The course editor: facts, competencies, modules and lessons with their files; save the draft,
 * preview it, submit it for review; admins publish it or return it with a note.
 */
@customElement('sinau-course-editor-page')
export class SinauCourseEditorPage extends LitElement {
  static override styles = [
    pageStyles,
    css`
      .crumbs {
        font-size: 0.9rem;
        margin-bottom: var(--sinau-space-2);
      }
      .header-links {
        display: flex;
        flex-wrap: wrap;
        gap: var(--sinau-space-2);
      }
      .state {
        display: flex;
        flex-wrap: wrap;
        gap: var(--sinau-space-2);
        align-items: center;
        margin-bottom: var(--sinau-space-4);
      }
      .state .badge + .badge {
        margin-left: var(--sinau-space-1);
      }
      section.part {
        background: var(--sinau-color-surface);
        border: 1px solid var(--sinau-color-border);
        border-radius: var(--sinau-radius);
        padding: var(--sinau-space-4) var(--sinau-space-5);
        margin-bottom: var(--sinau-space-4);
        box-shadow: var(--sinau-shadow);
      }
      @media (max-width: 30rem) {
        section.part {
          padding: var(--sinau-space-3);
        }
      }
      textarea.description {
        min-height: 12rem;
      }
      ol.modules {
        list-style: none;
        margin: 0 0 var(--sinau-space-3);
        padding: 0;
        display: grid;
        gap: var(--sinau-space-4);
      }
      ul.problems {
        margin: var(--sinau-space-2) 0 0;
        padding-left: 1.25rem;
      }
      .bar {
        position: sticky;
        bottom: 0;
        z-index: 5;
        background: var(--sinau-color-surface);
        border: 1px solid var(--sinau-color-border);
        border-radius: var(--sinau-radius) var(--sinau-radius) 0 0;
        box-shadow: 0 -4px 12px rgb(16 24 40 / 0.08);
        padding: var(--sinau-space-2) var(--sinau-space-3);
        display: flex;
        flex-wrap: wrap;
        gap: var(--sinau-space-2);
        align-items: center;
      }
      .bar .dirty {
        flex: 1 1 100%;
        margin: 0;
        font-size: 0.9rem;
        color: var(--sinau-color-warning);
        font-weight: 600;
      }
      .bar .dirty:empty {
        display: none;
      }
      @media (max-width: 30rem) {
        .bar button {
          flex: 1 1 auto;
          padding-left: var(--sinau-space-3);
          padding-right: var(--sinau-space-3);
        }
      }
      sinau-draft-preview {
        margin-bottom: var(--sinau-space-4);
      }
      form.return textarea {
        min-height: 5rem;
        font-family: inherit;
      }
    `,
  ];

  /** Route parameters: slug. */
  @property({ attribute: false }) params: Record<string, string> = {};

  @state() private draft: Draft | null = null;
  @state() private meta: AuthoringCourse | null = null;
  @state() private doc: CourseDoc | null = null;
  @state() private loadError: unknown = null;
  @state() private dirty = false;
  @state() private busy: Busy = null;
  @state() private notice = '';
  @state() private problemsHeading = '';
  @state() private problems: string[] = [];
  @state() private previewOpen = false;
  @state() private returning = false;
  @state() private returnNote = '';
  @state() private returnError = '';

  private readonly locale = new LocaleController(this);
  private readonly session = new SessionController(this);

  private get slug(): string {
    return this.params.slug ?? '';
  }

  private get admin(): boolean {
    return hasRole(this.session.me, 'admin');
  }

  private get readOnlyReason(): 'files' | 'review' | null {
    if (this.meta?.source === 'file') return 'files';
    if (this.draft?.draftState === 'review' && !this.admin) return 'review';
    return null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('beforeunload', this.onBeforeUnload);
    window.addEventListener('click', this.onLinkClick, true);
    void this.load();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('beforeunload', this.onBeforeUnload);
    window.removeEventListener('click', this.onLinkClick, true);
    super.disconnectedCallback();
  }

  private readonly onBeforeUnload = (event: BeforeUnloadEvent): void => {
    if (!this.dirty) return;
    event.preventDefault();
    event.returnValue = '';
  };

  // Following a link inside the app would drop unsaved changes without a word: ask first.
  private readonly onLinkClick = (event: MouseEvent): void => {
    if (!this.dirty || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    const anchor = event.composedPath().find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement);
    if (!anchor || !anchor.href || anchor.target === '_blank' || anchor.hasAttribute('download')) return;
    if (!window.confirm(t('editor.leaveUnsaved'))) {
      event.preventDefault();
      event.stopPropagation();
    }
  };

  private async load(): Promise<void> {
    try {
      const [draft, courses] = await Promise.all([getDraft(this.slug), listAuthoringCourses()]);
      this.adopt(draft);
      this.meta = courses.find((c) => c.slug === draft.slug) ?? null;
    } catch (error) {
      this.loadError = error;
    }
  }

  private adopt(draft: Draft): void {
    this.draft = draft;
    this.doc = structuredClone(draft.document);
    this.dirty = false;
  }

  private async refreshMeta(): Promise<void> {
    try {
      const courses = await listAuthoringCourses();
      this.meta = courses.find((c) => c.slug === this.slug) ?? this.meta;
    } catch {
      // The list only adds the review note and owner; the draft itself is current.
    }
  }

  private change(changes: Partial<CourseDoc>): void {
    if (!this.doc) return;
    this.doc = { ...this.doc, ...changes };
    this.dirty = true;
    this.notice = '';
  }

  private setModules(modules: ModuleDoc[]): void {
    this.change({ modules });
  }

  private showProblems(heading: string, problems: string[]): void {
    this.problemsHeading = heading;
    this.problems = problems;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#problems')?.focus());
  }

  private clearMessages(): void {
    this.notice = '';
    this.problems = [];
    this.problemsHeading = '';
  }

  /** Saves when there are changes; false (with the problems shown) when the server refused. */
  private async saveIfDirty(): Promise<boolean> {
    if (!this.dirty || !this.doc) return true;
    const local = localProblems(this.doc);
    if (local.length) {
      this.showProblems(t('editor.saveFailed'), local);
      return false;
    }
    try {
      this.adopt(await saveDraft(this.slug, this.doc));
      return true;
    } catch (error) {
      this.showProblems(t('editor.saveFailed'), problemsOf(error, this.doc));
      return false;
    }
  }

  private async onSave(): Promise<void> {
    if (this.busy || !this.doc) return;
    this.clearMessages();
    const local = localProblems(this.doc);
    if (local.length) {
      this.showProblems(t('editor.saveFailed'), local);
      return;
    }
    this.busy = 'save';
    try {
      this.adopt(await saveDraft(this.slug, this.doc));
      this.notice = t('editor.saved');
      announce(this.notice);
      void this.refreshMeta();
    } catch (error) {
      this.showProblems(t('editor.saveFailed'), problemsOf(error, this.doc));
    } finally {
      this.busy = null;
    }
  }

  private async onSubmit(): Promise<void> {
    if (this.busy || !this.doc) return;
    this.busy = 'submit';
    this.clearMessages();
    try {
      if (!(await this.saveIfDirty())) return;
      this.adopt(await submitDraft(this.slug));
      this.notice = t('editor.submitted');
      announce(this.notice);
      await this.refreshMeta();
    } catch (error) {
      this.showProblems(t('editor.submitFailed'), problemsOf(error, this.doc));
    } finally {
      this.busy = null;
    }
  }

  private async onPublish(): Promise<void> {
    if (this.busy || !this.doc) return;
    this.busy = 'publish';
    this.clearMessages();
    try {
      if (!(await this.saveIfDirty())) return;
      const draft = await publishDraft(this.slug);
      this.adopt(draft);
      this.notice = t('editor.published', { version: draft.version });
      announce(this.notice);
      await this.refreshMeta();
    } catch (error) {
      this.showProblems(t('editor.publishFailed'), problemsOf(error, this.doc));
    } finally {
      this.busy = null;
    }
  }

  private async onReturn(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const note = this.returnNote.trim();
    if (note.length < 3) {
      this.returnError = t('editor.returnNoteRequired');
      this.renderRoot.querySelector<HTMLTextAreaElement>('#return-note')?.focus();
      return;
    }
    this.busy = 'return';
    this.returnError = '';
    this.clearMessages();
    try {
      this.adopt(await returnDraft(this.slug, note));
      this.returning = false;
      this.returnNote = '';
      this.notice = t('editor.returned');
      announce(this.notice);
      await this.refreshMeta();
    } catch (error) {
      this.returnError = describeError(error);
    } finally {
      this.busy = null;
    }
  }

  private async togglePreview(): Promise<void> {
    this.previewOpen = !this.previewOpen;
    if (!this.previewOpen) return;
    await this.updateComplete;
    const preview = this.renderRoot.querySelector('sinau-draft-preview');
    await preview?.updateComplete;
    preview?.shadowRoot?.querySelector<HTMLElement>('h2')?.focus();
  }

  // ---- Modules -------------------------------------------------------------------------------

  private async addModule(): Promise<void> {
    if (!this.doc) return;
    const module = blankModule(this.doc, t('editor.newModuleTitle', { number: this.doc.modules.length + 1 }));
    this.setModules([...this.doc.modules, module]);
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const editor = this.renderRoot.querySelector<SinauModuleEditor>(`sinau-module-editor[data-key="${CSS.escape(module.key)}"]`);
    await editor?.updateComplete;
    const input = editor?.shadowRoot?.querySelector<HTMLInputElement>('#module-title');
    input?.focus();
    input?.select();
  }

  private onModuleChange(index: number, event: CustomEvent<ModuleDoc>): void {
    event.stopPropagation();
    if (!this.doc) return;
    const modules = [...this.doc.modules];
    modules[index] = event.detail;
    this.setModules(modules);
  }

  private async onModuleMove(index: number, event: CustomEvent<MoveDirection>): Promise<void> {
    event.stopPropagation();
    if (!this.doc) return;
    const module = this.doc.modules[index];
    if (!module) return;
    this.setModules(moved(this.doc.modules, index, event.detail));
    announce(t('editor.moduleMoved', { title: module.title, position: index + event.detail + 1, count: this.doc.modules.length }));
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const editor = this.renderRoot.querySelector<SinauModuleEditor>(`sinau-module-editor[data-key="${CSS.escape(module.key)}"]`);
    await editor?.updateComplete;
    editor?.focusTool(event.detail === -1 ? 'up' : 'down');
  }

  private async onModuleRemove(index: number, event: Event): Promise<void> {
    event.stopPropagation();
    if (!this.doc) return;
    const module = this.doc.modules[index];
    this.setModules(this.doc.modules.filter((_, i) => i !== index));
    if (module) announce(t('editor.moduleRemoved', { title: module.title }));
    await new Promise((resolve) => requestAnimationFrame(resolve));
    this.renderRoot.querySelector<HTMLButtonElement>('#add-module')?.focus();
  }

  // ---- Rendering -----------------------------------------------------------------------------

  private renderFacts(doc: CourseDoc, readOnly: boolean) {
    const num = (value: string, min: number, max: number, fallback: number) => {
      const n = Number(value);
      return value.trim() === '' || !Number.isFinite(n) ? fallback : Math.min(max, Math.max(min, n));
    };
    return html`<section class="part" aria-labelledby="facts-heading">
      <h2 id="facts-heading">${t('editor.factsHeading')}</h2>
      <div class="field">
        <label for="c-title">${t('editor.title')}</label>
        <input
          id="c-title"
          maxlength="200"
          .value=${doc.title}
          ?disabled=${readOnly}
          aria-invalid=${doc.title.trim().length >= 3 ? 'false' : 'true'}
          @input=${(e: Event) => this.change({ title: (e.target as HTMLInputElement).value })}
        />
      </div>
      <div class="field">
        <label for="c-summary">${t('editor.summary')}</label>
        <textarea
          id="c-summary"
          maxlength="1000"
          rows="3"
          style="min-height: 5rem; font-family: inherit"
          .value=${doc.summary}
          ?disabled=${readOnly}
          aria-describedby="c-summary-hint"
          @input=${(e: Event) => this.change({ summary: (e.target as HTMLTextAreaElement).value })}
        ></textarea>
        <p class="hint" id="c-summary-hint">${t('editor.summaryHint')}</p>
      </div>
      <div class="field">
        <label for="c-description">${t('editor.description')}</label>
        <textarea
          id="c-description"
          class="description"
          maxlength="100000"
          .value=${doc.description}
          ?disabled=${readOnly}
          aria-describedby="c-description-hint"
          @input=${(e: Event) => this.change({ description: (e.target as HTMLTextAreaElement).value })}
        ></textarea>
        <p class="hint" id="c-description-hint">${t('editor.markdownHint')}</p>
      </div>
      <div class="form-grid">
        <div class="field">
          <label for="c-jp">${t('editor.jp')}</label>
          <input
            id="c-jp"
            type="number"
            min="0"
            max="200"
            step="0.5"
            inputmode="decimal"
            .value=${String(doc.jp)}
            ?disabled=${readOnly}
            aria-describedby="c-jp-hint"
            @input=${(e: Event) => this.change({ jp: num((e.target as HTMLInputElement).value, 0, 200, 0) })}
          />
          <p class="hint" id="c-jp-hint">${t('editor.jpHint')}</p>
        </div>
        <div class="field">
          <label for="c-level">${t('course.level')}</label>
          <select id="c-level" ?disabled=${readOnly} @change=${(e: Event) => this.change({ level: (e.target as HTMLSelectElement).value as CourseDoc['level'] })}>
            ${levels.map((level) => html`<option value=${level} .selected=${level === doc.level}>${t(`levels.${level}`)}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="c-language">${t('editor.language')}</label>
          <select id="c-language" ?disabled=${readOnly} @change=${(e: Event) => this.change({ language: (e.target as HTMLSelectElement).value as CourseDoc['language'] })}>
            <option value="id" .selected=${doc.language === 'id'}>${t('language.names.id')}</option>
            <option value="en" .selected=${doc.language === 'en'}>${t('language.names.en')}</option>
          </select>
        </div>
        <div class="field">
          <label for="c-watch">${t('editor.minVideoWatchPct')}</label>
          <input
            id="c-watch"
            type="number"
            min="0"
            max="100"
            step="1"
            inputmode="numeric"
            .value=${String(doc.minVideoWatchPct)}
            ?disabled=${readOnly}
            aria-describedby="c-watch-hint"
            @input=${(e: Event) => this.change({ minVideoWatchPct: Math.round(num((e.target as HTMLInputElement).value, 0, 100, 0)) })}
          />
          <p class="hint" id="c-watch-hint">${t('editor.minVideoWatchPctHint')}</p>
        </div>
      </div>
      <sinau-media-upload
        kind="image"
        .label=${t('editor.cover')}
        .courseId=${this.meta?.id ?? null}
        .mediaId=${doc.coverMediaId ?? null}
        ?disabled=${readOnly}
        @sinau-media-change=${(e: CustomEvent<MediaChange>) => this.change({ coverMediaId: e.detail.id })}
      ></sinau-media-upload>
    </section>`;
  }

  private renderModules(doc: CourseDoc, readOnly: boolean) {
    return html`<section class="part" aria-labelledby="modules-heading">
      <h2 id="modules-heading">${t('editor.modulesHeading')}</h2>
      <p class="hint">${t('editor.modulesHint')}</p>
      ${doc.modules.length
        ? html`<ol class="modules">
            ${repeat(
              doc.modules,
              (module) => module.key,
              (module, index) => html`<li>
                <sinau-module-editor
                  data-key=${module.key}
                  .module=${module}
                  .index=${index}
                  .count=${doc.modules.length}
                  .courseId=${this.meta?.id ?? null}
                  .courseMinWatchPct=${doc.minVideoWatchPct}
                  .readOnly=${readOnly}
                  .createLesson=${(title: string) => blankLesson(this.doc ?? doc, title)}
                  @sinau-module-change=${(e: CustomEvent<ModuleDoc>) => this.onModuleChange(index, e)}
                  @sinau-module-move=${(e: CustomEvent<MoveDirection>) => void this.onModuleMove(index, e)}
                  @sinau-module-remove=${(e: Event) => void this.onModuleRemove(index, e)}
                ></sinau-module-editor>
              </li>`,
            )}
          </ol>`
        : html`<p class="muted">${t('editor.noModules')}</p>`}
      ${readOnly ? null : html`<button id="add-module" type="button" class="secondary" @click=${this.addModule}>${t('editor.addModule')}</button>`}
    </section>`;
  }

  private renderStateNotes(draft: Draft) {
    const reason = this.readOnlyReason;
    const meta = this.meta;
    return html`${reason === 'files'
        ? html`<sinau-alert variant="info"><strong>${t('editor.filesHeading')}</strong><p>${t('editor.filesText', { path: `content/courses/${draft.slug}/` })}</p></sinau-alert>`
        : null}
      ${reason === 'review' ? html`<sinau-alert variant="info"><strong>${t('editor.inReviewHeading')}</strong><p>${t('editor.inReviewText')}</p></sinau-alert>` : null}
      ${draft.draftState === 'review' && this.admin && reason !== 'files'
        ? html`<sinau-alert variant="info"><strong>${t('editor.reviewHeading')}</strong><p>${t('editor.reviewText')}</p></sinau-alert>`
        : null}
      ${meta?.reviewNote && draft.draftState === 'editing'
        ? html`<sinau-alert variant="warning"><strong>${t('editor.returnedHeading')}</strong><p>${meta.reviewNote}</p></sinau-alert>`
        : null}
      ${draft.problems.length && reason !== 'files'
        ? html`<sinau-alert variant="info">
            <strong>${t('editor.openProblems')}</strong>
            <ul class="problems">${draft.problems.map((p) => html`<li>${p}</li>`)}</ul>
          </sinau-alert>`
        : null}`;
  }

  private renderReturnForm() {
    return html`<form class="return part" @submit=${this.onReturn}>
      <div class="field">
        <label for="return-note">${t('editor.returnNote')}</label>
        <textarea
          id="return-note"
          maxlength="2000"
          .value=${this.returnNote}
          aria-invalid=${this.returnError ? 'true' : 'false'}
          aria-describedby="return-note-hint"
          @input=${(e: Event) => (this.returnNote = (e.target as HTMLTextAreaElement).value)}
        ></textarea>
        <p class="hint" id="return-note-hint">${t('editor.returnNoteHint')}</p>
      </div>
      ${this.returnError ? html`<sinau-alert variant="error">${this.returnError}</sinau-alert>` : null}
      <div class="row">
        <button type="submit" ?disabled=${this.busy !== null}>${this.busy === 'return' ? t('common.saving') : t('editor.returnSubmit')}</button>
        <button type="button" class="secondary" @click=${() => (this.returning = false)}>${t('common.cancel')}</button>
      </div>
    </form>`;
  }

  private renderBar(draft: Draft) {
    const readOnly = this.readOnlyReason !== null;
    const files = this.meta?.source === 'file';
    const label = (busy: Busy, idle: MessageKey, working: MessageKey) => (this.busy === busy ? t(working) : t(idle));
    return html`<div class="bar" role="group" aria-label=${t('editor.actions')}>
      <p class="dirty" role="status">${this.dirty ? t('editor.unsaved') : ''}</p>
      ${readOnly
        ? null
        : html`<button type="button" data-testid="save-draft" ?disabled=${this.busy !== null} @click=${this.onSave}>
            ${label('save', 'editor.save', 'common.saving')}
          </button>`}
      <button type="button" class="secondary" aria-expanded=${this.previewOpen ? 'true' : 'false'} @click=${this.togglePreview}>
        ${this.previewOpen ? t('editor.closePreview') : t('editor.preview')}
      </button>
      ${readOnly || draft.draftState === 'review' || (draft.draftState === null && !this.dirty)
        ? null
        : html`<button type="button" class="secondary" data-testid="submit-review" ?disabled=${this.busy !== null} @click=${this.onSubmit}>
            ${label('submit', 'editor.submit', 'editor.submitting')}
          </button>`}
      ${this.admin && !files && (draft.draftState !== null || this.dirty)
        ? html`<button type="button" data-testid="publish" ?disabled=${this.busy !== null} @click=${this.onPublish}>
            ${label('publish', 'editor.publish', 'editor.publishing')}
          </button>`
        : null}
      ${this.admin && !files && draft.draftState === 'review' && !this.returning
        ? html`<button type="button" class="secondary" ?disabled=${this.busy !== null} @click=${() => (this.returning = true)}>${t('editor.return')}</button>`
        : null}
    </div>`;
  }

  override render() {
    if (this.loadError) {
      return html`<h1>${t('editor.heading')}</h1>
        <sinau-alert variant="error">${describeError(this.loadError)}</sinau-alert>
        <p><a href="/authoring">${t('editor.back')}</a></p>`;
    }
    const draft = this.draft;
    const doc = this.doc;
    if (!draft || !doc) return html`<sinau-loading></sinau-loading>`;
    const readOnly = this.readOnlyReason !== null;
    return html`<nav class="crumbs" aria-label=${t('course.breadcrumbs')}><a href="/authoring">${t('authoring.title')}</a></nav>
      <div class="page-header">
        <h1>${t('editor.headingFor', { title: doc.title || draft.slug })}</h1>
        <div class="header-links">
          ${draft.status === 'published' || draft.status === 'archived'
            ? html`<a class="button secondary" href=${`/courses/${encodeURIComponent(draft.slug)}`}>${t('editor.openPublished')}</a>`
            : null}
          <a class="button secondary" href=${`/authoring/${encodeURIComponent(draft.slug)}/report`}>${t('editor.report')}</a>
        </div>
      </div>
      <div class="state">
        ${courseStateBadges(draft.status, draft.draftState, this.meta?.source ?? 'app')}
        <span class="muted">${draft.version > 0 ? t('editor.version', { version: draft.version }) : t('editor.neverPublished')} · /courses/${draft.slug}</span>
      </div>
      ${this.notice ? html`<sinau-alert variant="success">${this.notice}</sinau-alert>` : null}
      ${this.problems.length
        ? html`<div id="problems" tabindex="-1">
            <sinau-alert variant="error">
              <strong>${this.problemsHeading}</strong>
              <ul class="problems">${this.problems.map((p) => html`<li>${p}</li>`)}</ul>
            </sinau-alert>
          </div>`
        : null}
      ${this.renderStateNotes(draft)} ${this.returning ? this.renderReturnForm() : null}
      ${this.previewOpen ? html`<sinau-draft-preview .doc=${doc}></sinau-draft-preview>` : null} ${this.renderFacts(doc, readOnly)}
      <section class="part" aria-labelledby="competencies-heading">
        <h2 id="competencies-heading">${t('editor.competencies')}</h2>
        <p class="hint">${t('editor.competenciesHint')}</p>
        <sinau-competency-rows
          .competencies=${doc.competencies}
          .readOnly=${readOnly}
          @sinau-competencies-change=${(e: CustomEvent<Competency[]>) => this.change({ competencies: e.detail })}
        ></sinau-competency-rows>
      </section>
      ${this.renderModules(doc, readOnly)} ${this.renderBar(draft)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-course-editor-page': SinauCourseEditorPage;
  }
}
