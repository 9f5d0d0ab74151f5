import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatNumber, LocaleController } from '../i18n.ts';
import { baseStyles } from '../styles/shared-styles.ts';

/**
 * A labelled progress bar (role="progressbar" with aria-valuenow), the label and the figure
 * shown above the bar. For course progress, yearly JP and uploads.
 */
@customElement('sinau-progress-bar')
export class SinauProgressBar extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .top {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        gap: 0 var(--sinau-space-3);
        font-size: 0.9rem;
        margin-bottom: var(--sinau-space-1);
      }
      .label {
        font-weight: 600;
      }
      .track {
        height: 0.6rem;
        border-radius: 999px;
        background: var(--sinau-color-primary-soft);
        border: 1px solid var(--sinau-color-border);
        overflow: hidden;
      }
      .fill {
        height: 100%;
        background: var(--sinau-color-primary);
        border-radius: 999px;
        transition: width 0.3s ease;
      }
      :host([complete]) .fill {
        background: var(--sinau-color-success);
      }
      @media (prefers-reduced-motion: reduce) {
        .fill {
          transition: none;
        }
      }
    `,
  ];

  /** Current value. */
  @property({ type: Number }) value = 0;
  /** Value of a full bar (100 for percentages, 20 for the yearly JP target …). */
  @property({ type: Number }) max = 100;
  /** What the bar measures; also its accessible name. */
  @property() label = '';
  /** The figure shown and read out, e.g. "40%" or "12 dari 20 JP"; defaults to the percentage. */
  @property() text = '';
  /** Hide the visible label (it still names the bar). */
  @property({ type: Boolean, attribute: 'hide-label' }) hideLabel = false;
  /** Turns the bar green. */
  @property({ type: Boolean, reflect: true }) complete = false;

  private readonly locale = new LocaleController(this);

  override render() {
    const max = this.max > 0 ? this.max : 100;
    const clamped = Math.min(max, Math.max(0, this.value));
    const pct = Math.round((clamped * 100) / max);
    const text = this.text || `${formatNumber(pct)}%`;
    return html`<div class="top" aria-hidden="true">
        ${this.hideLabel ? html`<span></span>` : html`<span class="label">${this.label}</span>`}<span>${text}</span>
      </div>
      <div
        class="track"
        role="progressbar"
        aria-label=${this.label}
        aria-valuemin="0"
        aria-valuemax=${String(max)}
        aria-valuenow=${String(clamped)}
        aria-valuetext=${text}
      >
        <div class="fill" style=${`width: ${pct}%`}></div>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-progress-bar': SinauProgressBar;
  }
}
