import { LitElement, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { createPartner, partnerKinds, type Partner, type PartnerKind } from '../../api/partners.ts';
import { announce } from '../../announce.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t } from '../../i18n.ts';
import { partnerStyles } from './partner-styles.ts';
import '../../components/sinau-alert.ts';

const emailPattern = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** The admin's form to add a partner institution. Fires `sinau-partner-created` (detail: the partner). */
@customElement('sinau-partner-form')
export class SinauPartnerForm extends LitElement {
  static override styles = partnerStyles;

  @state() private name = '';
  @state() private kind: PartnerKind = 'university';
  @state() private website = '';
  @state() private contactEmail = '';
  @state() private description = '';
  @state() private busy = false;
  @state() private error = '';

  private readonly locale = new LocaleController(this);

  private async onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    if (this.name.trim().length < 2) return void (this.error = t('partners.form.needName'));
    if (this.contactEmail.trim() && !emailPattern.test(this.contactEmail.trim())) return void (this.error = t('partners.form.badEmail'));
    this.busy = true;
    this.error = '';
    try {
      const partner = await createPartner({
        name: this.name.trim(),
        kind: this.kind,
        website: this.website.trim(),
        contactEmail: this.contactEmail.trim(),
        description: this.description.trim(),
      });
      announce(t('partners.form.created', { name: partner.name }));
      this.dispatchEvent(new CustomEvent<Partner>('sinau-partner-created', { detail: partner, bubbles: true, composed: true }));
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const value = (e: Event) => (e.target as HTMLInputElement).value;
    return html`<form novalidate @submit=${this.onSubmit} aria-busy=${this.busy ? 'true' : 'false'} data-testid="partner-form">
      <div class="form-grid">
        <div class="field">
          <label for="p-name">${t('partners.form.name')}</label>
          <input id="p-name" required minlength="2" maxlength="200" .value=${this.name} @input=${(e: Event) => (this.name = value(e))} />
        </div>
        <div class="field">
          <label for="p-kind">${t('partners.form.kind')}</label>
          <select id="p-kind" @change=${(e: Event) => (this.kind = value(e) as PartnerKind)}>
            ${partnerKinds.map((k) => html`<option value=${k} .selected=${k === this.kind}>${t(`partners.kinds.${k}`)}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="p-website">${t('partners.form.website')}</label>
          <input id="p-website" type="url" maxlength="300" placeholder="https://" .value=${this.website} @input=${(e: Event) => (this.website = value(e))} />
        </div>
        <div class="field">
          <label for="p-email">${t('partners.form.contactEmail')}</label>
          <input id="p-email" type="email" maxlength="200" autocomplete="off" .value=${this.contactEmail} @input=${(e: Event) => (this.contactEmail = value(e))} />
        </div>
      </div>
      <div class="field">
        <label for="p-description">${t('partners.form.description')}</label>
        <textarea id="p-description" rows="3" maxlength="5000" .value=${this.description} @input=${(e: Event) => (this.description = value(e))}></textarea>
      </div>
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : nothing}
      <div class="actions"><button type="submit" ?disabled=${this.busy}>${t('partners.form.submit')}</button></div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-partner-form': SinauPartnerForm;
  }
  interface HTMLElementEventMap {
    'sinau-partner-created': CustomEvent<Partner>;
  }
}
