import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { getLocale, locales, LocaleController, t, type Locale } from '../i18n.ts';
import { changeLocale } from '../session.ts';
import { baseStyles } from '../styles/shared-styles.ts';

const short: Record<Locale, string> = { id: 'ID', en: 'EN' };

/** ID/EN toggle for the header. The language names are always shown in their own language. */
@customElement('sinau-language-switch')
export class SinauLanguageSwitch extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: inline-block;
      }
      .group {
        display: inline-flex;
        border: 2px solid currentColor;
        border-radius: var(--sinau-radius);
        overflow: hidden;
      }
      button {
        font: inherit;
        font-weight: 700;
        min-width: 2.75rem;
        min-height: 2.5rem;
        border: 0;
        background: transparent;
        color: inherit;
        cursor: pointer;
      }
      button[aria-pressed='true'] {
        background: var(--sinau-switch-active-bg, var(--sinau-color-on-primary));
        color: var(--sinau-switch-active-color, var(--sinau-color-primary));
      }
      button:focus-visible {
        outline: 3px solid var(--sinau-switch-focus, var(--sinau-color-focus-on-dark));
        outline-offset: -5px;
      }
    `,
  ];

  private readonly locale = new LocaleController(this);

  override render() {
    const currentLocale = getLocale();
    return html`<div class="group" role="group" aria-label=${t('language.label')}>
      ${locales.map(
        (locale) =>
          html`<button
            type="button"
            lang=${locale}
            aria-pressed=${locale === currentLocale ? 'true' : 'false'}
            aria-label=${`${t(`language.names.${locale}`)} (${short[locale]})`}
            @click=${() => void changeLocale(locale)}
          >
            ${short[locale]}
          </button>`,
      )}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-language-switch': SinauLanguageSwitch;
  }
}
