import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { announce } from '../../announce.ts';
import { getLocale, locales, LocaleController, t, type Locale } from '../../i18n.ts';
import { router } from '../../router.ts';
import { changeLocale, refreshSession, SessionController } from '../../session.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-person-details.ts';
import './sinau-password-form.ts';

/** Own details, language and password. People with a temporary password are sent here first. */
@customElement('sinau-profile-page')
export class SinauProfilePage extends LitElement {
  static override styles = [
    pageStyles,
    css`
      .sections {
        display: grid;
        gap: var(--sinau-space-4);
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr));
        align-items: start;
      }
      .radio-list {
        display: flex;
        flex-wrap: wrap;
        gap: var(--sinau-space-2) var(--sinau-space-5);
      }
    `,
  ];

  private readonly session = new SessionController(this);
  private readonly locale = new LocaleController(this);

  /** Remembers that this visit started with a forced password change, to go on afterwards. */
  @state() private wasForced = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.wasForced = this.session.me?.mustChangePassword ?? false;
  }

  private async onPasswordChanged(): Promise<void> {
    try {
      await refreshSession();
    } catch {
      // The change itself succeeded; the flag is re-read on the next page load.
    }
    if (this.wasForced) {
      announce(t('profile.passwordChangedContinue'));
      router.navigate('/');
    }
  }

  private onLocaleChoice(event: Event): void {
    const value = (event.target as HTMLInputElement).value as Locale;
    void changeLocale(value);
  }

  override render() {
    const me = this.session.me;
    if (!me) return null;
    const currentLocale = getLocale();
    const details = html`<section class="card" aria-labelledby="details-heading">
      <h2 id="details-heading">${t('profile.detailsHeading')}</h2>
      <sinau-person-details full .person=${me}></sinau-person-details>
      <p class="hint">${t('profile.detailsHint')}</p>
    </section>`;
    const password = html`<section class="card" aria-labelledby="password-heading">
      <h2 id="password-heading">${t('profile.passwordHeading')}</h2>
      <sinau-password-form @sinau-password-changed=${this.onPasswordChanged}></sinau-password-form>
    </section>`;
    const language = html`<section class="card" aria-labelledby="language-heading">
      <h2 id="language-heading">${t('profile.languageHeading')}</h2>
      <fieldset>
        <legend>${t('language.choose')}</legend>
        <div class="radio-list">
          ${locales.map(
            (locale) => html`<label class="check" lang=${locale}>
              <input type="radio" name="locale" .value=${locale} .checked=${locale === currentLocale} @change=${this.onLocaleChoice} />
              ${t(`language.names.${locale}`)}
            </label>`,
          )}
        </div>
      </fieldset>
      <p class="hint">${t('profile.languageHint')}</p>
    </section>`;
    // With a temporary password the change form comes first: it is the only thing to do.
    return html`<h1>${t('profile.title')}</h1>
      ${me.mustChangePassword
        ? html`<sinau-alert variant="warning"><strong>${t('profile.mustChangeHeading')}</strong> <p>${t('profile.mustChangeText')}</p></sinau-alert>`
        : null}
      <div class="sections">
        ${me.mustChangePassword
          ? html`${password}<div class="stack">${details}${language}</div>`
          : html`${details}<div class="stack">${password}${language}</div>`}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-profile-page': SinauProfilePage;
  }
}
