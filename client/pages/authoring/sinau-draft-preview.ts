import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { previewMarkdown, type CourseDoc } from '../../api/courses.ts';
import { isAbortError } from '../../api/http.ts';
import { formatMinutes, LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { competencyBadges, courseFormatStyles, jpText, kindIcon } from '../courses/course-format.ts';

/** A text of the draft (the description, or the body of lesson `m.l`) and its rendering. */
interface Rendered {
  markdown: string;
  html: string;
}

/** Wait after the last change before asking the server again, and how many requests at once. */
const DEBOUNCE_MS = 400;
const CONCURRENCY = 4;

/**
 * The draft as learners will meet it: facts, modules and lessons in order, and each text
 * formatted. The Markdown is rendered (and sanitised) by the server, so the preview matches
 * what learners get; it falls back to the text as written when that fails.
 */
@customElement('sinau-draft-preview')
export class SinauDraftPreview extends LitElement {
  static override styles = [
    pageStyles,
    courseFormatStyles,
    css`
      :host {
        display: block;
        border: 2px dashed var(--sinau-color-input-border);
        border-radius: var(--sinau-radius);
        background: var(--sinau-color-surface);
        padding: var(--sinau-space-4);
      }
      pre.raw {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        font-family: var(--sinau-font);
        font-size: 0.95rem;
        background: #f7f9fa;
        border: 1px solid var(--sinau-color-border);
        border-radius: var(--sinau-radius);
        padding: var(--sinau-space-3);
        margin: 0 0 var(--sinau-space-3);
        max-height: 24rem;
        overflow-y: auto;
      }
      ol.modules {
        padding-left: 1.25rem;
      }
      ol.lessons {
        padding-left: 0;
        list-style: none;
      }
      ol.lessons > li {
        border-top: 1px solid var(--sinau-color-border);
        padding: var(--sinau-space-3) 0;
      }
      .lesson-head {
        display: flex;
        gap: var(--sinau-space-2);
        align-items: center;
        font-weight: 600;
        flex-wrap: wrap;
      }
      .missing {
        color: var(--sinau-color-danger);
        font-weight: 600;
      }
      .url {
        overflow-wrap: anywhere;
      }
      .prose {
        margin: 0 0 var(--sinau-space-3);
      }
      .prose[aria-busy='true'] {
        opacity: 0.6;
      }
      .status {
        font-size: 0.9rem;
      }
      .status:empty {
        margin: 0;
      }
    `,
  ];

  /** The course document to show. */
  @property({ attribute: false }) doc: CourseDoc | null = null;

  /** Renderings by slot ('description', or 'module.lesson' indexes); the last good one stays while a newer loads. */
  @state() private shown = new Map<string, Rendered>();
  @state() private pending = false;
  @state() private failed = false;

  private readonly locale = new LocaleController(this);
  private timer: ReturnType<typeof setTimeout> | undefined;
  private abort: AbortController | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.schedule(0);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
    this.abort?.abort();
    this.abort = null;
    this.pending = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // At once when the preview opens; debounced while the author types.
    if (changed.has('doc')) this.schedule(this.hasUpdated ? DEBOUNCE_MS : 0);
  }

  private slots(doc: CourseDoc): [string, string][] {
    const all: [string, string][] = [
      ['description', doc.description],
      ...doc.modules.flatMap((module, m) => module.lessons.map((lesson, l): [string, string] => [`${m}.${l}`, lesson.body])),
    ];
    return all.filter(([, markdown]) => markdown.trim() !== '');
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    const stale = this.doc ? this.slots(this.doc).some(([slot, markdown]) => this.shown.get(slot)?.markdown !== markdown) : false;
    if (!stale) {
      this.abort?.abort();
      this.abort = null;
      this.pending = false;
      return;
    }
    this.pending = true;
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  private async refresh(): Promise<void> {
    const doc = this.doc;
    if (!doc) return;
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    const slots = this.slots(doc);
    const results = new Map<string, string>();
    for (const entry of this.shown.values()) results.set(entry.markdown, entry.html);
    const queue = [...new Set(slots.map(([, markdown]) => markdown))].filter((markdown) => !results.has(markdown));
    const worker = async () => {
      for (let markdown = queue.shift(); markdown !== undefined; markdown = queue.shift()) {
        results.set(markdown, await previewMarkdown(markdown, abort.signal));
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
      if (abort.signal.aborted) return;
      this.shown = new Map(slots.map(([slot, markdown]) => [slot, { markdown, html: results.get(markdown) ?? '' }]));
      this.failed = false;
    } catch (error) {
      if (abort.signal.aborted || isAbortError(error)) return;
      abort.abort();
      this.failed = true;
    } finally {
      if (this.abort === abort) {
        this.abort = null;
        this.pending = false;
      }
    }
  }

  private renderText(slot: string, markdown: string) {
    const entry = this.shown.get(slot);
    if (entry && entry.markdown === markdown) return html`<div class="prose">${unsafeHTML(entry.html)}</div>`;
    if (this.pending && !this.failed) {
      return entry
        ? html`<div class="prose" aria-busy="true">${unsafeHTML(entry.html)}</div>`
        : html`<p class="muted">${t('editor.previewLoading')}</p>`;
    }
    return html`<pre class="raw">${markdown}</pre>`;
  }

  override render() {
    const doc = this.doc;
    if (!doc) return null;
    const minutes = doc.modules.flatMap((m) => m.lessons).reduce((sum, l) => sum + (l.durationMinutes ?? 0), 0);
    return html`<h2 tabindex="-1">${t('editor.previewHeading')}</h2>
      <p class="hint">${t('editor.previewNote')}</p>
      <p class="status muted" role="status">${this.pending && !this.failed ? t('editor.previewLoading') : this.failed ? t('editor.previewFailed') : ''}</p>
      <h3>${doc.title}</h3>
      ${doc.summary ? html`<p class="lead">${doc.summary}</p>` : null}
      <p>${jpText(doc.jp)} · ${t(`levels.${doc.level}`)}${minutes ? html` · ${formatMinutes(minutes)}` : null}</p>
      ${competencyBadges(doc.competencies)}
      ${doc.description.trim() ? html`<h4>${t('course.about')}</h4>
            ${this.renderText('description', doc.description)}` : null}
      <h4>${t('course.content')}</h4>
      ${doc.modules.length
        ? html`<ol class="modules">
            ${doc.modules.map(
              (module, m) => html`<li>
                <strong>${module.title}</strong>
                <ol class="lessons">
                  ${module.lessons.map(
                    (lesson, l) => html`<li>
                      <div class="lesson-head">
                        ${kindIcon(lesson.kind)} <span>${lesson.title}</span>
                        ${lesson.durationMinutes ? html`<span class="muted">· ${formatMinutes(lesson.durationMinutes)}</span>` : null}
                        ${lesson.required ? null : html`<span class="muted">· ${t('course.optional')}</span>`}
                      </div>
                      ${(lesson.kind === 'video' || lesson.kind === 'document') && !lesson.mediaId ? html`<p class="missing">${t('editor.previewNoFile')}</p>` : null}
                      ${lesson.kind === 'link' ? (lesson.url ? html`<p class="url">${lesson.url}</p>` : html`<p class="missing">${t('editor.previewNoUrl')}</p>`) : null}
                      ${lesson.kind === 'quiz' ? html`<p class="muted">${t('lesson.quizLater')}</p>` : null}
                      ${lesson.body.trim() ? this.renderText(`${m}.${l}`, lesson.body) : null}
                    </li>`,
                  )}
                </ol>
              </li>`,
            )}
          </ol>`
        : html`<p class="muted">${t('course.noLessons')}</p>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-draft-preview': SinauDraftPreview;
  }
}
