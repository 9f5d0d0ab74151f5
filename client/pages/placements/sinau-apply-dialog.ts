import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { applyForPlacement, type Application, type Placement } from '../../api/placements.ts';
import { announce } from '../../announce.ts';
import { describeError } from '../../errors.ts';
import { formatNumber, LocaleController, t } from '../../i18n.ts';
import { placementStyles } from './placement-styles.ts';
import '../../components/sinau-alert.ts';

const minLength = 20;
const maxLength = 3000;

/**
 * Applying for a placement: the motivation, with a character count. Fires
 * `sinau-application-sent` (detail: the application) and `sinau-dialog-close`.
 */
@customElement('sinau-apply-dialog')
export class SinauApplyDialog extends LitElement {
  static override styles = placementStyles;

  /** The placement applied for. */
  @property({ attribute: false }) placement: Placement | null = null;
  /** Whether the dialog is shown. */
  @property({ type: Boolean }) open = false;

  @state() private motivation = '';
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
    if (this.busy || !this.placement) return;
    if (this.motivation.trim().length < minLength) {
      this.error = t('placements.apply.tooShort');
      this.renderRoot.querySelector<HTMLTextAreaElement>('#motivation')?.focus();
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const application = await applyForPlacement(this.placement.id, this.motivation.trim());
      announce(t('placements.apply.sent', { title: this.placement.title }));
      this.motivation = '';
      this.dispatchEvent(new CustomEvent<Application>('sinau-application-sent', { detail: application, bubbles: true, composed: true }));
      this.close();
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const length = this.motivation.length;
    return html`<dialog aria-labelledby="apply-title" @close=${() => this.open && this.close()} data-testid="apply-dialog">
      <h2 id="apply-title">${t('placements.apply.title', { title: this.placement?.title ?? '' })}</h2>
      <form novalidate @submit=${this.onSubmit} aria-busy=${this.busy ? 'true' : 'false'}>
        <div class="field">
          <label for="motivation">${t('placements.apply.motivation')}</label>
          <textarea
            id="motivation"
            class="tall"
            required
            minlength=${minLength}
            maxlength=${maxLength}
            aria-describedby="motivation-hint motivation-count"
            .value=${this.motivation}
            @input=${(e: Event) => (this.motivation = (e.target as HTMLTextAreaElement).value)}
          ></textarea>
          <p class="hint" id="motivation-hint">${t('placements.apply.motivationHint')}</p>
          <p class="hint" id="motivation-count">${t('placements.apply.count', { count: formatNumber(length) })}</p>
        </div>
        ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : nothing}
        <div class="actions">
          <button type="submit" ?disabled=${this.busy}>${t('placements.apply.submit')}</button>
          <button type="button" class="secondary" @click=${this.close}>${t('common.cancel')}</button>
        </div>
      </form>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-apply-dialog': SinauApplyDialog;
  }
  interface HTMLElementEventMap {
    'sinau-application-sent': CustomEvent<Application>;
  }
}
