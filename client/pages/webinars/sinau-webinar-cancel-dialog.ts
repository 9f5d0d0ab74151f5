import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { cancelWebinar, type Webinar } from '../../api/webinars.ts';
import { announce } from '../../announce.ts';
import { LocaleController, t } from '../../i18n.ts';
import { dialogStyles, pageStyles } from '../../styles/shared-styles.ts';
import { webinarError } from './webinar-format.ts';
import '../../components/sinau-alert.ts';

/**
 * Cancelling a webinar, with an optional reason participants will see. Fires
 * `sinau-webinar-change` (detail: the cancelled webinar) and `sinau-dialog-close` when it closes.
 */
@customElement('sinau-webinar-cancel-dialog')
export class SinauWebinarCancelDialog extends LitElement {
  static override styles = [
    pageStyles,
    dialogStyles,
    css`
      textarea.short {
        font-family: inherit;
        font-size: inherit;
        min-height: 5rem;
      }
    `,
  ];

  /** The webinar to cancel. */
  @property({ type: Number }) webinarId = 0;
  /** Whether the dialog is shown. */
  @property({ type: Boolean }) open = false;

  @state() private reason = '';
  @state() private busy = false;
  @state() private error = '';

  private readonly locale = new LocaleController(this);

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open')) return;
    const dialog = this.renderRoot.querySelector('dialog');
    if (!dialog) return;
    if (this.open && !dialog.open) {
      this.error = '';
      dialog.showModal();
    } else if (!this.open && dialog.open) {
      dialog.close();
    }
  }

  private close(): void {
    this.dispatchEvent(new CustomEvent('sinau-dialog-close', { bubbles: true, composed: true }));
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    this.busy = true;
    this.error = '';
    try {
      const webinar = await cancelWebinar(this.webinarId, this.reason);
      announce(t('webinars.cancelDialog.done'));
      this.dispatchEvent(new CustomEvent<Webinar>('sinau-webinar-change', { detail: webinar, bubbles: true, composed: true }));
      this.close();
    } catch (error) {
      this.error = webinarError(error);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`<dialog aria-labelledby="cancel-title" @close=${() => this.open && this.close()}>
      <h2 id="cancel-title">${t('webinars.cancelDialog.title')}</h2>
      <p>${t('webinars.cancelDialog.intro')}</p>
      <form @submit=${this.onSubmit}>
        <div class="field">
          <label for="cancel-reason">${t('webinars.cancelDialog.reason')}</label>
          <textarea
            id="cancel-reason"
            class="short"
            maxlength="1000"
            aria-describedby="cancel-reason-hint"
            .value=${this.reason}
            @input=${(e: Event) => (this.reason = (e.target as HTMLTextAreaElement).value)}
          ></textarea>
          <p class="hint" id="cancel-reason-hint">${t('webinars.cancelDialog.reasonHint')}</p>
        </div>
        ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : null}
        <div class="actions">
          <button type="submit" class="danger" ?disabled=${this.busy}>${this.busy ? t('webinars.cancelDialog.busy') : t('webinars.cancelDialog.confirm')}</button>
          <button type="button" class="secondary" @click=${this.close}>${t('webinars.cancelDialog.keep')}</button>
        </div>
      </form>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-webinar-cancel-dialog': SinauWebinarCancelDialog;
  }
}
