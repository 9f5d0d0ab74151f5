import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { CourseDoc } from '../../api/courses.ts';
import { formatMinutes, LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { competencyBadges, courseFormatStyles, jpText, kindIcon } from '../courses/course-format.ts';

/**
 * The draft as learners will meet it: facts, modules and lessons in order, and each text as
 * written. Markdown is shown as written (it is rendered by the server once published).
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
      pre {
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
    `,
  ];

  /** The course document to show. */
  @property({ attribute: false }) doc: CourseDoc | null = null;

  private readonly locale = new LocaleController(this);

  override render() {
    const doc = this.doc;
    if (!doc) return null;
    const minutes = doc.modules.flatMap((m) => m.lessons).reduce((sum, l) => sum + (l.durationMinutes ?? 0), 0);
    return html`<h2 tabindex="-1">${t('editor.previewHeading')}</h2>
      <p class="hint">${t('editor.previewNote')}</p>
      <h3>${doc.title}</h3>
      ${doc.summary ? html`<p class="lead">${doc.summary}</p>` : null}
      <p>${jpText(doc.jp)} · ${t(`levels.${doc.level}`)}${minutes ? html` · ${formatMinutes(minutes)}` : null}</p>
      ${competencyBadges(doc.competencies)}
      ${doc.description.trim() ? html`<h4>${t('course.about')}</h4><pre>${doc.description}</pre>` : null}
      <h4>${t('course.content')}</h4>
      ${doc.modules.length
        ? html`<ol class="modules">
            ${doc.modules.map(
              (module) => html`<li>
                <strong>${module.title}</strong>
                <ol class="lessons">
                  ${module.lessons.map(
                    (lesson) => html`<li>
                      <div class="lesson-head">
                        ${kindIcon(lesson.kind)} <span>${lesson.title}</span>
                        ${lesson.durationMinutes ? html`<span class="muted">· ${formatMinutes(lesson.durationMinutes)}</span>` : null}
                        ${lesson.required ? null : html`<span class="muted">· ${t('course.optional')}</span>`}
                      </div>
                      ${(lesson.kind === 'video' || lesson.kind === 'document') && !lesson.mediaId ? html`<p class="missing">${t('editor.previewNoFile')}</p>` : null}
                      ${lesson.kind === 'link' ? (lesson.url ? html`<p class="url">${lesson.url}</p>` : html`<p class="missing">${t('editor.previewNoUrl')}</p>`) : null}
                      ${lesson.kind === 'quiz' ? html`<p class="muted">${t('lesson.quizLater')}</p>` : null}
                      ${lesson.body.trim() ? html`<pre>${lesson.body}</pre>` : null}
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
