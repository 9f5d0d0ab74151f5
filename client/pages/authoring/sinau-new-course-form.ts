import { LitElement, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { createCourse, type Draft } from '../../api/courses.ts';
import { isApiError } from '../../api/http.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { slugify } from './doc-keys.ts';
import '../../components/sinau-alert.ts';

const slugPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * "New course": a title and the course's address (slug, suggested from the title).
 * Fires `sinau-course-created` (detail: the new Draft) or `sinau-form-cancel`.
 */
@customElement('sinau-new-course-form')
export class SinauNewCourseForm extends LitElement {
  static override styles = pageStyles;

  @state() private courseTitle = '';
  @state() private slug = '';
  @state() private slugEdited = false;
  @state() private busy = false;
  @state() private error = '';
  @state() private invalid: { title?: string; slug?: string } = {};

  private readonly locale = new LocaleController(this);

  override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
  }

  private onTitle(event: Event): void {
    this.courseTitle = (event.target as HTMLInputElement).value;
    if (!this.slugEdited) this.slug = slugify(this.courseTitle);
  }

  private onSlug(event: Event): void {
    this.slug = (event.target as HTMLInputElement).value.toLowerCase();
    this.slugEdited = this.slug !== '';
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const title = this.courseTitle.trim();
    const slug = this.slug.trim();
    const invalid: { title?: string; slug?: string } = {};
    if (title.length < 3) invalid.title = t('authoring.titleTooShort');
    if (slug.length < 3 || slug.length > 100 || !slugPattern.test(slug)) invalid.slug = t('authoring.slugInvalid');
    this.invalid = invalid;
    if (invalid.title || invalid.slug) {
      this.error = t('form.fixErrors');
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const draft = await createCourse(slug, title);
      this.dispatchEvent(new CustomEvent<Draft>('sinau-course-created', { detail: draft, bubbles: true, composed: true }));
    } catch (error) {
      if (isApiError(error, 'conflict')) {
        this.invalid = { slug: t('authoring.slugTaken') };
        this.error = describeError(error);
      } else {
        this.error = describeError(error);
      }
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`<form class="card" data-testid="new-course" @submit=${this.onSubmit} novalidate>
      <h2 tabindex="-1">${t('authoring.newHeading')}</h2>
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : null}
      <div class="form-grid">
        <div class="field">
          <label for="new-title">${t('editor.title')}</label>
          <input
            id="new-title"
            name="title"
            .value=${this.courseTitle}
            maxlength="200"
            aria-invalid=${this.invalid.title ? 'true' : 'false'}
            aria-describedby=${this.invalid.title ? 'new-title-error' : ''}
            @input=${this.onTitle}
          />
          ${this.invalid.title ? html`<p class="field-error" id="new-title-error">${this.invalid.title}</p>` : null}
        </div>
        <div class="field">
          <label for="new-slug">${t('authoring.slug')}</label>
          <input
            id="new-slug"
            name="slug"
            .value=${this.slug}
            maxlength="100"
            autocapitalize="off"
            spellcheck="false"
            aria-invalid=${this.invalid.slug ? 'true' : 'false'}
            aria-describedby=${this.invalid.slug ? 'new-slug-error new-slug-hint' : 'new-slug-hint'}
            @input=${this.onSlug}
          />
          <p class="hint" id="new-slug-hint">${t('authoring.slugHint', { example: `/courses/${this.slug || 'pelayanan-prima'}` })}</p>
          ${this.invalid.slug ? html`<p class="field-error" id="new-slug-error">${this.invalid.slug}</p>` : null}
        </div>
      </div>
      <div class="actions">
        <button type="submit" ?disabled=${this.busy}>${this.busy ? t('common.saving') : t('authoring.create')}</button>
        <button type="button" class="secondary" @click=${() => this.dispatchEvent(new CustomEvent('sinau-form-cancel', { bubbles: true, composed: true }))}>
          ${t('common.cancel')}
        </button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-new-course-form': SinauNewCourseForm;
  }
  interface HTMLElementEventMap {
    'sinau-course-created': CustomEvent<Draft>;
  }
}
