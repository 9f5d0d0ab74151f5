import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LocaleController, t } from '../i18n.ts';
import { baseStyles, buttonStyles } from '../styles/shared-styles.ts';

/** Previous/next paging for an offset-based list. Fires `sinau-page-change` with the new offset. */
@customElement('sinau-pager')
export class SinauPager extends LitElement {
  static override styles = [
    baseStyles,
    buttonStyles,
    css`
      nav {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: var(--sinau-space-3);
        margin-top: var(--sinau-space-3);
      }
      p {
        margin: 0;
      }
    `,
  ];

  /** Number of items in the whole list. */
  @property({ type: Number }) total = 0;
  /** Index of the first item shown. */
  @property({ type: Number }) offset = 0;
  /** Items per page. */
  @property({ type: Number }) limit = 50;

  private readonly locale = new LocaleController(this);

  private go(offset: number): void {
    this.dispatchEvent(new CustomEvent<number>('sinau-page-change', { detail: offset, bubbles: true, composed: true }));
  }

  override render() {
    if (this.total === 0) return null;
    const from = this.offset + 1;
    const to = Math.min(this.offset + this.limit, this.total);
    const hasPrevious = this.offset > 0;
    const hasNext = to < this.total;
    return html`<nav aria-label=${t('pager.label')}>
      <p aria-live="polite">${t('pager.range', { from, to, total: this.total })}</p>
      ${hasPrevious || hasNext
        ? html`<div class="row">
            <button class="secondary" type="button" ?disabled=${!hasPrevious} @click=${() => this.go(Math.max(0, this.offset - this.limit))}>
              ${t('pager.previous')}
            </button>
            <button class="secondary" type="button" ?disabled=${!hasNext} @click=${() => this.go(this.offset + this.limit)}>
              ${t('pager.next')}
            </button>
          </div>`
        : null}
    </nav>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-pager': SinauPager;
  }
  interface HTMLElementEventMap {
    'sinau-page-change': CustomEvent<number>;
  }
}
