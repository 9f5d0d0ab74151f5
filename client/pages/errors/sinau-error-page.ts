import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';

/** "Page not found" or "Not allowed", with a way back home. */
@customElement('sinau-error-page')
export class SinauErrorPage extends LitElement {
  static override styles = pageStyles;

  /** Which error to explain. */
  @property() kind: 'not-found' | 'forbidden' | 'authors-only' | 'supervisors-only' | 'partner-only' = 'not-found';

  private readonly locale = new LocaleController(this);

  override render() {
    const forbidden = this.kind !== 'not-found';
    const text =
      this.kind === 'authors-only'
        ? t('errorPage.authorsOnlyText')
        : this.kind === 'supervisors-only'
          ? t('team.supervisorsOnly')
          : this.kind === 'partner-only'
            ? t('errorPage.partnerOnlyText')
            : forbidden
              ? t('errorPage.forbiddenText')
              : t('errorPage.notFoundText');
    return html`<h1>${forbidden ? t('errorPage.forbiddenTitle') : t('errorPage.notFoundTitle')}</h1>
      <p>${text}</p>
      ${this.kind === 'partner-only' ? html`<p><a href="/partner">${t('errorPage.toPartnerPage')}</a></p>` : null}
      <p><a href="/">${t('errorPage.backHome')}</a></p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-error-page': SinauErrorPage;
  }
}
