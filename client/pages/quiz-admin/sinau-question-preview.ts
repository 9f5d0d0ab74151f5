import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { previewMarkdown } from '../../api/courses.ts';
import { LocaleController, t } from '../../i18n.ts';
import { baseStyles } from '../../styles/shared-styles.ts';
import { previewQuestion, previewTexts, type QuestionDraft } from './question-draft.ts';
import '../quizzes/sinau-question.ts';

/** Wait after the last change before asking the server to render, and how many requests at once. */
const DEBOUNCE_MS = 400;
const CONCURRENCY = 4;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A question being written, as a learner will meet it in an attempt (the attempt's own
 * element, read-only). Markdown is rendered by the server, as for learners; until it arrives,
 * or when it cannot, the text shows as written.
 */
@customElement('sinau-question-preview')
export class SinauQuestionPreview extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        border: 2px dashed var(--sinau-color-input-border);
        border-radius: var(--sinau-radius);
        padding: 0 var(--sinau-space-4) var(--sinau-space-2);
      }
      .hint {
        margin: var(--sinau-space-3) 0 0;
        color: var(--sinau-color-muted);
        font-size: 0.9rem;
      }
    `,
  ];

  /** The question as the editor holds it. */
  @property({ attribute: false }) draft: QuestionDraft | null = null;

  /** Markdown → rendered HTML, kept while the preview is open. */
  @state() private rendered = new Map<string, string>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  private readonly locale = new LocaleController(this);

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('draft') || !this.draft) return;
    const missing = [...new Set(previewTexts(this.draft))].filter((text) => text.trim() && !this.rendered.has(text));
    if (!missing.length) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.fetchRendered(missing), DEBOUNCE_MS);
  }

  private async fetchRendered(texts: string[]): Promise<void> {
    const done = new Map(this.rendered);
    for (let i = 0; i < texts.length; i += CONCURRENCY) {
      await Promise.all(
        texts.slice(i, i + CONCURRENCY).map(async (text) => {
          try {
            done.set(text, await previewMarkdown(text));
          } catch {
            // Shown as written; the next change tries again.
          }
        }),
      );
    }
    // Only what the draft still shows, so the map does not grow with every keystroke.
    const wanted = new Set(this.draft ? previewTexts(this.draft) : []);
    this.rendered = new Map([...done].filter(([text]) => wanted.has(text)));
  }

  private html = (markdown: string): string => this.rendered.get(markdown) ?? `<p>${escapeHtml(markdown)}</p>`;

  override render() {
    if (!this.draft) return null;
    return html`<p class="hint">${t('quizEditor.previewHint')}</p>
      <sinau-question .question=${previewQuestion(this.draft, this.html)} .number=${1} disabled></sinau-question>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-question-preview': SinauQuestionPreview;
  }
}
