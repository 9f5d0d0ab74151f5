import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { LocaleController, t } from '../i18n.ts';
import { baseStyles } from '../styles/shared-styles.ts';

/**
 * The signed-in person's disclosure menu in the header: profile and sign out.
 * Fires `sinau-sign-out` when the person asks to sign out.
 */
@customElement('sinau-user-menu')
export class SinauUserMenu extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        position: relative;
        display: inline-block;
      }
      .toggle {
        font: inherit;
        display: inline-flex;
        align-items: center;
        gap: var(--sinau-space-2);
        min-height: 2.75rem;
        max-width: 16rem;
        padding: var(--sinau-space-1) var(--sinau-space-3);
        border: 2px solid transparent;
        border-radius: var(--sinau-radius);
        background: transparent;
        color: inherit;
        cursor: pointer;
      }
      .toggle:hover {
        border-color: currentColor;
      }
      .toggle:focus-visible {
        outline: 3px solid var(--sinau-color-focus-on-dark);
      }
      .name {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .caret {
        border: solid currentColor;
        border-width: 0 2px 2px 0;
        padding: 3px;
        transform: rotate(45deg) translateY(-2px);
      }
      .panel {
        position: absolute;
        right: 0;
        top: calc(100% + 0.25rem);
        min-width: 14rem;
        background: var(--sinau-color-surface);
        color: var(--sinau-color-text);
        border: 1px solid var(--sinau-color-border);
        border-radius: var(--sinau-radius);
        box-shadow: 0 8px 24px rgb(16 24 40 / 0.18);
        padding: var(--sinau-space-2);
        z-index: 20;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      a,
      button.item {
        display: block;
        width: 100%;
        text-align: left;
        font: inherit;
        padding: var(--sinau-space-2) var(--sinau-space-3);
        border: 0;
        border-radius: calc(var(--sinau-radius) - 2px);
        background: none;
        color: var(--sinau-color-text);
        text-decoration: none;
        cursor: pointer;
      }
      a:hover,
      button.item:hover {
        background: var(--sinau-color-primary-soft);
      }
    `,
  ];

  /** Name shown on the toggle button. */
  @property() name = '';

  @state() private open = false;

  private readonly locale = new LocaleController(this);

  private readonly onDocumentClick = (event: MouseEvent): void => {
    if (this.open && !event.composedPath().includes(this)) this.open = false;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('click', this.onDocumentClick);
  }

  override disconnectedCallback(): void {
    document.removeEventListener('click', this.onDocumentClick);
    super.disconnectedCallback();
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.open) {
      this.open = false;
      this.renderRoot.querySelector<HTMLButtonElement>('.toggle')?.focus();
    }
  }

  private onFocusOut(event: FocusEvent): void {
    const next = event.relatedTarget;
    if (next instanceof Node && (this.renderRoot.contains(next) || this.contains(next))) return;
    if (next) this.open = false;
  }

  private signOut(): void {
    this.open = false;
    this.dispatchEvent(new CustomEvent('sinau-sign-out', { bubbles: true, composed: true }));
  }

  override render() {
    return html`<div @keydown=${this.onKeydown} @focusout=${this.onFocusOut}>
      <button
        class="toggle"
        type="button"
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-controls="user-menu"
        @click=${() => (this.open = !this.open)}
      >
        <span class="visually-hidden">${t('userMenu.label')}:</span>
        <span class="name">${this.name}</span>
        <span class="caret" aria-hidden="true"></span>
      </button>
      <div class="panel" id="user-menu" ?hidden=${!this.open}>
        <ul>
          <li><a href="/profile" @click=${() => (this.open = false)}>${t('nav.profile')}</a></li>
          <li><button class="item" type="button" @click=${this.signOut}>${t('nav.signOut')}</button></li>
        </ul>
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-user-menu': SinauUserMenu;
  }
  interface HTMLElementEventMap {
    'sinau-sign-out': CustomEvent<void>;
  }
}
