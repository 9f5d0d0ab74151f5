import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { isApiError } from '../../api/http.ts';
import { announce } from '../../announce.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t } from '../../i18n.ts';
import { isSafeInternalPath, router } from '../../router.ts';
import { signIn } from '../../session.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import '../../components/sinau-alert.ts';

type Field = 'username' | 'password';

/** NIPs are often written in groups ("19800101 200501 1 001"); the server wants the digits. */
function normalizeUsername(value: string): string {
  const trimmed = value.trim();
  return /^[\d\s.]+$/.test(trimmed) ? trimmed.replace(/[\s.]/g, '') : trimmed;
}

/** Sign-in with NIP, e-mail or username and a password. */
@customElement('sinau-login-page')
export class SinauLoginPage extends LitElement {
  static override styles = [
    pageStyles,
    css`
      .card {
        max-width: 28rem;
        margin: var(--sinau-space-4) auto;
        padding: var(--sinau-space-5);
      }
      button[type='submit'] {
        width: 100%;
      }
      .help {
        margin-top: var(--sinau-space-4);
        font-size: 0.95rem;
      }
      @media (max-width: 30rem) {
        .card {
          padding: var(--sinau-space-4);
          margin: 0;
        }
      }
    `,
  ];

  /** Query of the address; `next` is where to go after signing in. */
  @property({ attribute: false }) query = new URLSearchParams();

  @state() private busy = false;
  @state() private error = '';
  @state() private fieldErrors: Partial<Record<Field, string>> = {};
  @state() private showPassword = false;

  private readonly locale = new LocaleController(this);

  private input(name: Field): HTMLInputElement {
    return this.renderRoot.querySelector<HTMLInputElement>(`#${name}`)!;
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const username = normalizeUsername(this.input('username').value);
    const password = this.input('password').value;

    const fieldErrors: Partial<Record<Field, string>> = {};
    if (!username) fieldErrors.username = t('login.usernameRequired');
    if (!password) fieldErrors.password = t('login.passwordRequired');
    this.fieldErrors = fieldErrors;
    this.error = '';
    if (fieldErrors.username || fieldErrors.password) {
      await this.updateComplete;
      this.input(fieldErrors.username ? 'username' : 'password').focus();
      return;
    }

    this.busy = true;
    try {
      const me = await signIn(username, password);
      announce(t('login.signedIn', { name: me.name }));
      const next = this.query.get('next');
      router.navigate(me.mustChangePassword ? '/profile' : isSafeInternalPath(next) ? next : '/', { replace: true });
    } catch (error) {
      // A malformed NIP comes back as validation_failed with the server's explanation.
      this.error = isApiError(error, 'invalid_credentials') ? t('login.wrongCredentials') : describeError(error);
      this.input('password').select();
    } finally {
      this.busy = false;
    }
  }

  private renderFieldError(field: Field) {
    const message = this.fieldErrors[field];
    return message ? html`<p class="field-error" id=${`${field}-error`}>${message}</p>` : null;
  }

  override render() {
    const errors = this.fieldErrors;
    return html`<div class="card">
      <h1>${t('login.title')}</h1>
      <p class="lead">${t('login.intro')}</p>
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : null}
      <form novalidate @submit=${this.onSubmit}>
        <div class="field">
          <label for="username">${t('login.username')}</label>
          <input
            id="username"
            name="username"
            type="text"
            autocomplete="username"
            autocapitalize="none"
            autocorrect="off"
            spellcheck="false"
            required
            aria-invalid=${errors.username ? 'true' : 'false'}
            aria-describedby=${errors.username ? 'username-error username-hint' : 'username-hint'}
          />
          <p class="hint" id="username-hint">${t('login.usernameHint')}</p>
          ${this.renderFieldError('username')}
        </div>
        <div class="field">
          <label for="password">${t('login.password')}</label>
          <input
            id="password"
            name="password"
            type=${this.showPassword ? 'text' : 'password'}
            autocomplete="current-password"
            required
            aria-invalid=${errors.password ? 'true' : 'false'}
            aria-describedby=${errors.password ? 'password-error' : nothing}
          />
          ${this.renderFieldError('password')}
          <label class="check">
            <input type="checkbox" .checked=${this.showPassword} @change=${(e: Event) => (this.showPassword = (e.target as HTMLInputElement).checked)} />
            ${t('login.showPassword')}
          </label>
        </div>
        <button type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>
          ${this.busy ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
      <p class="help muted">${t('login.help')}</p>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-login-page': SinauLoginPage;
  }
}
