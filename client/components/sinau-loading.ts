import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LocaleController, t } from '../i18n.ts';
import { baseStyles } from '../styles/shared-styles.ts';

/** A spinner with a spoken label, shown while something loads. */
@customElement('sinau-loading')
export class SinauLoading extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        padding: var(--sinau-space-4) 0;
      }
      .loading {
        display: flex;
        align-items: center;
        gap: var(--sinau-space-3);
        color: var(--sinau-color-muted);
      }
      .spinner {
        width: 1.5rem;
        height: 1.5rem;
        border-radius: 50%;
        border: 3px solid var(--sinau-color-primary-soft);
        border-top-color: var(--sinau-color-primary);
        animation: spin 0.8s linear infinite;
        flex: none;
      }
      @keyframes spin {
        to {
          transform: rotate(360deg);
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .spinner {
          animation-duration: 3s;
        }
      }
    `,
  ];

  /** What is loading; defaults to a general "Loading…". */
  @property() label = '';

  private readonly locale = new LocaleController(this);

  override render() {
    return html`<div class="loading" role="status">
      <span class="spinner" aria-hidden="true"></span>
      <span>${this.label || t('common.loading')}</span>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-loading': SinauLoading;
  }
}
