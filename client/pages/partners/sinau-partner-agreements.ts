import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { addAgreement, agreementKinds, deleteAgreement, type Agreement, type AgreementKind } from '../../api/partners.ts';
import { announce } from '../../announce.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t } from '../../i18n.ts';
import { agreementBadge, periodText, today } from './partner-format.ts';
import { partnerStyles } from './partner-styles.ts';
import '../../components/sinau-alert.ts';

/**
 * A partner's agreements: the list with status, deleting one (after confirming) and adding one.
 * Fires `sinau-partner-changed` after a change. Read-only without `editable`.
 */
@customElement('sinau-partner-agreements')
export class SinauPartnerAgreements extends LitElement {
  static override styles = partnerStyles;

  /** The partner the agreements belong to. */
  @property({ type: Number }) partnerId = 0;
  /** The agreements to show. */
  @property({ attribute: false }) agreements: Agreement[] = [];
  /** Whether agreements may be added and deleted (admins). */
  @property({ type: Boolean }) editable = false;

  @state() private confirming = 0;
  @state() private kind: AgreementKind = 'pks';
  @state() private number = '';
  @state() private agreementTitle = '';
  @state() private startsOn = today();
  @state() private endsOn = '';
  @state() private scope = '';
  @state() private busy = false;
  @state() private error = '';

  private readonly locale = new LocaleController(this);

  private changed(): void {
    this.dispatchEvent(new CustomEvent('sinau-partner-changed', { bubbles: true, composed: true }));
  }

  private async removeAgreement(agreement: Agreement): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      await deleteAgreement(this.partnerId, agreement.id);
      this.confirming = 0;
      announce(t('partners.agreements.deleted', { number: agreement.number }));
      this.changed();
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = false;
    }
  }

  private async onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    if (!this.number.trim() || !this.agreementTitle.trim() || !this.startsOn || !this.endsOn) return void (this.error = t('partners.agreements.needFields'));
    if (this.endsOn < this.startsOn) return void (this.error = t('partners.agreements.badPeriod'));
    this.busy = true;
    this.error = '';
    try {
      const added = await addAgreement(this.partnerId, {
        kind: this.kind,
        number: this.number.trim(),
        title: this.agreementTitle.trim(),
        startsOn: this.startsOn,
        endsOn: this.endsOn,
        scope: this.scope.trim(),
      });
      announce(t('partners.agreements.added', { number: added.number }));
      this.number = '';
      this.agreementTitle = '';
      this.scope = '';
      this.endsOn = '';
      this.changed();
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = false;
    }
  }

  private renderActions(a: Agreement) {
    if (this.confirming === a.id) {
      return html`<div class="confirm" role="group" aria-label=${t('partners.agreements.confirmDelete', { number: a.number })}>
        <span>${t('partners.agreements.confirmDelete', { number: a.number })}</span>
        <button type="button" class="danger" ?disabled=${this.busy} @click=${() => this.removeAgreement(a)}>${t('partners.agreements.confirm')}</button>
        <button type="button" class="secondary" @click=${() => (this.confirming = 0)}>${t('common.cancel')}</button>
      </div>`;
    }
    return html`<button type="button" class="secondary" @click=${() => (this.confirming = a.id)}>${t('partners.agreements.delete')}</button>`;
  }

  private renderTable() {
    if (!this.agreements.length) return html`<p class="muted">${t('partners.agreements.empty')}</p>`;
    return html`<div class="table-scroll" role="region" aria-labelledby="agreements-heading" tabindex="0">
      <table class="cards" role="table" aria-labelledby="agreements-heading" data-testid="agreements-table">
        <thead role="rowgroup">
          <tr role="row">
            <th role="columnheader" scope="col">${t('partners.agreements.kind')}</th>
            <th role="columnheader" scope="col">${t('partners.agreements.number')}</th>
            <th role="columnheader" scope="col">${t('partners.agreements.title')}</th>
            <th role="columnheader" scope="col">${t('partners.agreements.period')}</th>
            <th role="columnheader" scope="col">${t('partners.agreements.status')}</th>
            ${this.editable ? html`<th role="columnheader" scope="col">${t('partners.agreements.actions')}</th>` : nothing}
          </tr>
        </thead>
        <tbody role="rowgroup">
          ${this.agreements.map(
            (a) => html`<tr role="row">
              <td role="cell" data-label=${t('partners.agreements.kind')}>${t(`partners.agreementKinds.${a.kind}`)}</td>
              <td role="cell" data-label=${t('partners.agreements.number')}>${a.number}</td>
              <td role="cell" data-label=${t('partners.agreements.title')}>
                <div>${a.title}${a.scope ? html`<br /><span class="muted">${a.scope}</span>` : nothing}</div>
              </td>
              <td role="cell" data-label=${t('partners.agreements.period')}>${periodText(a.startsOn, a.endsOn)}</td>
              <td role="cell" data-label=${t('partners.agreements.status')}>${agreementBadge(a.status)}</td>
              ${this.editable ? html`<td role="cell" data-label=${t('partners.agreements.actions')}>${this.renderActions(a)}</td>` : nothing}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private renderForm() {
    const value = (e: Event) => (e.target as HTMLInputElement).value;
    return html`<h3>${t('partners.agreements.formHeading')}</h3>
      <form novalidate @submit=${this.onSubmit} aria-busy=${this.busy ? 'true' : 'false'} data-testid="agreement-form">
        <div class="form-grid">
          <div class="field">
            <label for="a-kind">${t('partners.agreements.kind')}</label>
            <select id="a-kind" @change=${(e: Event) => (this.kind = value(e) as AgreementKind)}>
              ${agreementKinds.map((k) => html`<option value=${k} .selected=${k === this.kind}>${t(`partners.agreementKinds.${k}`)}</option>`)}
            </select>
          </div>
          <div class="field">
            <label for="a-number">${t('partners.agreements.number')}</label>
            <input id="a-number" required maxlength="100" .value=${this.number} @input=${(e: Event) => (this.number = value(e))} />
          </div>
          <div class="field">
            <label for="a-starts">${t('partners.agreements.startsOn')}</label>
            <input id="a-starts" type="date" required .value=${this.startsOn} @input=${(e: Event) => (this.startsOn = value(e))} />
          </div>
          <div class="field">
            <label for="a-ends">${t('partners.agreements.endsOn')}</label>
            <input id="a-ends" type="date" required min=${this.startsOn} .value=${this.endsOn} @input=${(e: Event) => (this.endsOn = value(e))} />
          </div>
        </div>
        <div class="field">
          <label for="a-title">${t('partners.agreements.title')}</label>
          <input id="a-title" required maxlength="300" .value=${this.agreementTitle} @input=${(e: Event) => (this.agreementTitle = value(e))} />
        </div>
        <div class="field">
          <label for="a-scope">${t('partners.agreements.scope')}</label>
          <textarea id="a-scope" rows="3" maxlength="5000" .value=${this.scope} @input=${(e: Event) => (this.scope = value(e))}></textarea>
        </div>
        <div class="actions"><button type="submit" ?disabled=${this.busy}>${t('partners.agreements.submit')}</button></div>
      </form>`;
  }

  override render() {
    return html`<section aria-labelledby="agreements-heading">
      <h2 id="agreements-heading">${t('partners.agreements.heading')}</h2>
      <p>${t('partners.agreements.intro')}</p>
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : nothing}
      ${this.renderTable()} ${this.editable ? this.renderForm() : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-partner-agreements': SinauPartnerAgreements;
  }
  interface HTMLElementEventMap {
    'sinau-partner-changed': CustomEvent<void>;
  }
}
