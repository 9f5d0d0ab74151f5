import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { setTemporaryPassword } from '../../api/org.ts';
import { announce } from '../../announce.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import '../../components/sinau-alert.ts';

const minLength = 10;
// No 0/O, 1/l/I: the admin reads this password out or writes it down for the person.
const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function randomPassword(): string {
  const chars: string[] = [];
  const bytes = new Uint8Array(1);
  while (chars.length < 12) {
    crypto.getRandomValues(bytes);
    const byte = bytes[0]!;
    // Rejection sampling keeps every character equally likely.
    if (byte < 256 - (256 % alphabet.length)) chars.push(alphabet[byte % alphabet.length]!);
  }
  return `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`;
}

/** Sets a temporary password for a person, who must change it at the next sign-in. */
@customElement('sinau-temp-password-form')
export class SinauTempPasswordForm extends LitElement {
  static override styles = pageStyles;

  /** Whose password to set. */
  @property({ type: Number }) personId = 0;
  /** Their name, for the confirmation message. */
  @property() personName = '';

  @state() private password = '';
  @state() private busy = false;
  @state() private error = '';
  @state() private fieldError = '';
  @state() private done = '';

  private readonly locale = new LocaleController(this);

  private generate(): void {
    this.password = randomPassword();
    this.fieldError = '';
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    this.error = '';
    this.done = '';
    const password = this.password.trim();
    if (password.length < minLength) {
      this.fieldError = t('password.tooShort', { min: minLength });
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#temp-password')?.focus();
      return;
    }
    this.fieldError = '';
    this.busy = true;
    try {
      await setTemporaryPassword(this.personId, password);
      this.done = t('tempPassword.done', { name: this.personName, password });
      announce(t('tempPassword.doneShort'));
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`<form novalidate @submit=${this.onSubmit}>
      <p>${t('tempPassword.intro')}</p>
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : null}
      ${this.done ? html`<sinau-alert variant="success">${this.done}</sinau-alert>` : null}
      <div class="field">
        <label for="temp-password">${t('tempPassword.label')}</label>
        <input
          id="temp-password"
          type="text"
          autocomplete="new-password"
          autocapitalize="none"
          spellcheck="false"
          .value=${this.password}
          aria-invalid=${this.fieldError ? 'true' : 'false'}
          aria-describedby=${this.fieldError ? 'temp-password-error temp-password-hint' : 'temp-password-hint'}
          @input=${(e: Event) => (this.password = (e.target as HTMLInputElement).value)}
        />
        <p class="hint" id="temp-password-hint">${t('password.hint', { min: minLength })}</p>
        ${this.fieldError ? html`<p class="field-error" id="temp-password-error">${this.fieldError}</p>` : null}
      </div>
      <div class="actions">
        <button type="button" class="secondary" @click=${this.generate}>${t('tempPassword.generate')}</button>
        <button type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>${this.busy ? t('common.saving') : t('tempPassword.submit')}</button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-temp-password-form': SinauTempPasswordForm;
  }
}
