import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { baseStyles } from '../styles/shared-styles.ts';

export type AlertVariant = 'error' | 'warning' | 'success' | 'info';

/**
 * A message box; the message goes in as children (an optional <strong> first line, then text).
 * Errors and warnings are role="alert", read out at once; success and info are polite status.
 */
@customElement('sinau-alert')
export class SinauAlert extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        margin: 0 0 var(--sinau-space-4);
      }
      .alert {
        border-left: 0.35rem solid var(--accent);
        background: var(--bg);
        color: var(--sinau-color-text);
        border-radius: var(--sinau-radius);
        padding: var(--sinau-space-3) var(--sinau-space-4);
      }
      ::slotted(strong) {
        display: block;
        color: var(--accent);
        margin-bottom: var(--sinau-space-1);
      }
      ::slotted(p) {
        margin: 0;
      }
      :host([variant='error']) .alert {
        --accent: var(--sinau-color-danger);
        --bg: var(--sinau-color-danger-bg);
      }
      :host([variant='warning']) .alert {
        --accent: var(--sinau-color-warning);
        --bg: var(--sinau-color-warning-bg);
      }
      :host([variant='success']) .alert {
        --accent: var(--sinau-color-success);
        --bg: var(--sinau-color-success-bg);
      }
      :host([variant='info']) .alert {
        --accent: var(--sinau-color-info);
        --bg: var(--sinau-color-info-bg);
      }
    `,
  ];

  /** error (default), warning, success or info. */
  @property({ reflect: true }) variant: AlertVariant = 'error';

  // The role sits on the host, next to the message in light DOM, so the message is the alert's
  // own text for assistive technology and for tests alike.
  protected override willUpdate(): void {
    const urgent = this.variant === 'error' || this.variant === 'warning';
    this.setAttribute('role', urgent ? 'alert' : 'status');
  }

  override render() {
    return html`<div class="alert"><slot></slot></div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-alert': SinauAlert;
  }
}
