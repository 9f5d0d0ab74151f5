import { LitElement, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { changePassword } from '../../api/auth.ts';
import { isApiError } from '../../api/http.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import '../../components/sinau-alert.ts';

type Field = 'current' | 'next' | 'confirm';

export const minPasswordLength = 10;

/** Change own password: current, new, and the new one again. Fires `sinau-password-changed`. */
@customElement('sinau-password-form')
export class SinauPasswordForm extends LitElement {
  static override styles = pageStyles;

  @state() private busy = false;
  @state() private error = '';
  @state() private done = false;
  @state() private fieldErrors: Partial<Record<Field, string>> = {};

  private readonly locale = new LocaleController(this);

  private input(field: Field): HTMLInputElement {
    return this.renderRoot.querySelector<HTMLInputElement>(`#password-${field}`)!;
  }

  private validate(current: string, next: string, confirm: string): Partial<Record<Field, string>> {
    const errors: Partial<Record<Field, string>> = {};
    if (!current) errors.current = t('password.currentRequired');
    if (next.length < minPasswordLength) errors.next = t('password.tooShort', { min: minPasswordLength });
    else if (next === current) errors.next = t('password.sameAsCurrent');
    if (confirm !== next) errors.confirm = t('password.mismatch');
    return errors;
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const current = this.input('current').value;
    const next = this.input('next').value;
    const confirm = this.input('confirm').value;
    this.error = '';
    this.done = false;
    this.fieldErrors = this.validate(current, next, confirm);
    const firstInvalid = (['current', 'next', 'confirm'] as const).find((field) => this.fieldErrors[field]);
    if (firstInvalid) {
      await this.updateComplete;
      this.input(firstInvalid).focus();
      return;
    }

    this.busy = true;
    try {
      await changePassword(current, next);
      for (const field of ['current', 'next', 'confirm'] as const) this.input(field).value = '';
      this.done = true;
      this.dispatchEvent(new CustomEvent('sinau-password-changed', { bubbles: true, composed: true }));
    } catch (error) {
      // A wrong current password belongs to that field; anything else to the form.
      if (isApiError(error, 'wrong_password')) {
        this.fieldErrors = { current: error.message.trim() || t('password.currentWrong') };
        await this.updateComplete;
        this.input('current').focus();
      } else {
        this.error = describeError(error);
      }
    } finally {
      this.busy = false;
    }
  }

  private renderField(field: Field, autocomplete: string, hint?: string) {
    const error = this.fieldErrors[field];
    const describedBy = [error ? `password-${field}-error` : '', hint ? `password-${field}-hint` : ''].filter(Boolean).join(' ');
    return html`<div class="field">
      <label for=${`password-${field}`}>${t(`password.${field}`)}</label>
      <input
        id=${`password-${field}`}
        type="password"
        autocomplete=${autocomplete}
        required
        minlength=${field === 'current' ? nothing : minPasswordLength}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${describedBy || nothing}
      />
      ${hint ? html`<p class="hint" id=${`password-${field}-hint`}>${hint}</p>` : null}
      ${error ? html`<p class="field-error" id=${`password-${field}-error`}>${error}</p>` : null}
    </div>`;
  }

  override render() {
    return html`
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : null}
      ${this.done ? html`<sinau-alert variant="success">${t('password.changed')}</sinau-alert>` : null}
      <form novalidate @submit=${this.onSubmit}>
        ${this.renderField('current', 'current-password')}
        ${this.renderField('next', 'new-password', t('password.hint', { min: minPasswordLength }))}
        ${this.renderField('confirm', 'new-password')}
        <button type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>${this.busy ? t('common.saving') : t('password.submit')}</button>
      </form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-password-form': SinauPasswordForm;
  }
  interface HTMLElementEventMap {
    'sinau-password-changed': CustomEvent<void>;
  }
}
