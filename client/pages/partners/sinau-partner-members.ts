import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { addMember, removeMember as deleteMember, type NewMember, type PartnerMember } from '../../api/partners.ts';
import { announce } from '../../announce.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t } from '../../i18n.ts';
import { partnerStyles } from './partner-styles.ts';
import '../../components/sinau-alert.ts';

const emailPattern = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * A partner's users: the list, removing one (after confirming) and adding one by name and
 * e-mail. A new account's temporary password is shown once, with a copy button.
 * Fires `sinau-partner-changed` after a change.
 */
@customElement('sinau-partner-members')
export class SinauPartnerMembers extends LitElement {
  static override styles = partnerStyles;

  /** The partner. */
  @property({ type: Number }) partnerId = 0;
  /** Its users. */
  @property({ attribute: false }) members: PartnerMember[] = [];

  @state() private name = '';
  @state() private email = '';
  @state() private busy = false;
  @state() private error = '';
  @state() private added: NewMember | null = null;
  @state() private copyNote = '';
  @state() private confirming = 0;

  private readonly locale = new LocaleController(this);

  private changed(): void {
    this.dispatchEvent(new CustomEvent('sinau-partner-changed', { bubbles: true, composed: true }));
  }

  private async onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    if (this.name.trim().length < 2 || !emailPattern.test(this.email.trim())) return void (this.error = t('partners.members.needFields'));
    this.busy = true;
    this.error = '';
    this.copyNote = '';
    try {
      const added = await addMember(this.partnerId, { name: this.name.trim(), email: this.email.trim().toLowerCase() });
      this.added = added;
      announce(added.temporaryPassword ? t('partners.members.added', { name: added.person.name }) : t('partners.members.existing', { name: added.person.name }));
      this.name = '';
      this.email = '';
      this.changed();
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = false;
    }
  }

  private async copy(password: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(password);
      this.copyNote = t('partners.members.copied');
    } catch {
      this.copyNote = t('partners.members.copyFailed');
    }
    announce(this.copyNote);
  }

  private async removeMember(member: PartnerMember): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      await deleteMember(this.partnerId, member.id);
      this.confirming = 0;
      announce(t('partners.members.removed', { name: member.name }));
      this.changed();
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = false;
    }
  }

  private renderAdded() {
    const added = this.added;
    if (!added) return nothing;
    if (!added.temporaryPassword) return html`<sinau-alert variant="success">${t('partners.members.existing', { name: added.person.name })}</sinau-alert>`;
    return html`<sinau-alert variant="success" data-testid="member-password">
      <p><strong>${t('partners.members.password', { name: added.person.name })}</strong></p>
      <p><span class="secret">${added.temporaryPassword}</span></p>
      <p>${t('partners.members.passwordHint')}</p>
      <div class="row">
        <button type="button" class="secondary" @click=${() => this.copy(added.temporaryPassword!)}>${t('partners.members.copy')}</button>
        ${this.copyNote ? html`<span role="status">${this.copyNote}</span>` : nothing}
      </div>
    </sinau-alert>`;
  }

  private renderMember(m: PartnerMember) {
    return html`<li class="row">
      <span><strong>${m.name}</strong>${m.email ? html` · <span class="muted">${m.email}</span>` : nothing}</span>
      ${this.confirming === m.id
        ? html`<span class="confirm" role="group" aria-label=${t('partners.members.confirmRemove', { name: m.name })}>
            <span>${t('partners.members.confirmRemove', { name: m.name })}</span>
            <button type="button" class="danger" ?disabled=${this.busy} @click=${() => this.removeMember(m)}>${t('partners.members.confirm')}</button>
            <button type="button" class="secondary" @click=${() => (this.confirming = 0)}>${t('common.cancel')}</button>
          </span>`
        : html`<button type="button" class="secondary" @click=${() => (this.confirming = m.id)}>${t('partners.members.remove')}</button>`}
    </li>`;
  }

  override render() {
    const value = (e: Event) => (e.target as HTMLInputElement).value;
    return html`<section aria-labelledby="members-heading">
      <h2 id="members-heading">${t('partners.members.heading')}</h2>
      <p>${t('partners.members.intro')}</p>
      ${this.members.length ? html`<ul class="plain" data-testid="members-list">${this.members.map((m) => this.renderMember(m))}</ul>` : html`<p class="muted">${t('partners.members.empty')}</p>`}
      <h3>${t('partners.members.formHeading')}</h3>
      ${this.renderAdded()}
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : nothing}
      <form novalidate @submit=${this.onSubmit} aria-busy=${this.busy ? 'true' : 'false'} data-testid="member-form">
        <div class="form-grid">
          <div class="field">
            <label for="m-name">${t('partners.members.name')}</label>
            <input id="m-name" required minlength="2" maxlength="200" autocomplete="off" .value=${this.name} @input=${(e: Event) => (this.name = value(e))} />
          </div>
          <div class="field">
            <label for="m-email">${t('partners.members.email')}</label>
            <input id="m-email" type="email" required maxlength="200" autocomplete="off" .value=${this.email} @input=${(e: Event) => (this.email = value(e))} />
          </div>
        </div>
        <div class="actions"><button type="submit" ?disabled=${this.busy}>${t('partners.members.submit')}</button></div>
      </form>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-partner-members': SinauPartnerMembers;
  }
}
