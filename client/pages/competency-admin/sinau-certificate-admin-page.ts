import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { revokeCertificate, verifyCertificate, type Verification } from '../../api/competency-admin.ts';
import { isApiError } from '../../api/http.ts';
import { announce } from '../../announce.ts';
import { describeError } from '../../errors.ts';
import { formatDate, formatNumber, LocaleController, t } from '../../i18n.ts';
import { textField } from '../quiz-admin/form-fields.ts';
import { competencyAdminStyles } from './competency-admin-styles.ts';
import '../../components/sinau-alert.ts';
import './sinau-competency-admin-nav.ts';

/**
 * Looks a certificate up by its verification code and, for an admin whose offices include the
 * holder's, revokes it with a reason (for good; the public verification page shows the reason).
 */
@customElement('sinau-certificate-admin-page')
export class SinauCertificateAdminPage extends LitElement {
  static override styles = competencyAdminStyles;

  /** Query of the address: `code` looks a certificate up at once. */
  @property({ attribute: false }) query = new URLSearchParams();

  @state() private code = '';
  @state() private found: Verification | null = null;
  @state() private codeError = '';
  @state() private lookupError = '';
  @state() private reason = '';
  @state() private reasonError = '';
  @state() private revokeError = '';
  @state() private revokedNote = '';
  @state() private busy = false;

  private readonly locale = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    const code = this.query.get('code');
    if (code) {
      this.code = code;
      void this.lookUp();
    }
  }

  /** Plain words for what the server answered about a code. */
  private lookupProblem(error: unknown, code: string): string {
    if (isApiError(error, 'not_found')) return t('competencyAdmin.certificates.notFound', { code });
    if (isApiError(error) && error.status === 400) return t('competencyAdmin.certificates.invalidCode', { code });
    return describeError(error);
  }

  private async lookUp(event?: SubmitEvent): Promise<void> {
    event?.preventDefault();
    if (this.busy) return;
    const code = this.code.trim();
    this.found = null;
    this.revokedNote = '';
    this.revokeError = '';
    this.reason = '';
    this.reasonError = '';
    this.lookupError = '';
    if (!code) {
      this.codeError = t('competencyAdmin.certificates.codeRequired');
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#cert-code')?.focus();
      return;
    }
    this.codeError = '';
    this.busy = true;
    try {
      this.found = await verifyCertificate(code);
      announce(this.statusText(this.found));
    } catch (error) {
      this.lookupError = this.lookupProblem(error, code);
    } finally {
      this.busy = false;
    }
  }

  private statusText(v: Verification): string {
    return v.status === 'revoked'
      ? t('competencyAdmin.certificates.revokedStatus', { date: v.revokedAt ? formatDate(v.revokedAt) : '', reason: v.reason ?? '' })
      : t('competencyAdmin.certificates.validStatus', { code: v.code });
  }

  private async revoke(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const cert = this.found;
    if (this.busy || !cert) return;
    const reason = this.reason.trim();
    this.revokeError = '';
    if (reason.length < 3) {
      this.reasonError = t('competencyAdmin.certificates.reasonShort');
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#revoke-reason')?.focus();
      return;
    }
    this.reasonError = '';
    this.busy = true;
    try {
      this.found = await revokeCertificate(cert.code, reason);
      this.revokedNote = t('competencyAdmin.certificates.revokedDone', { code: cert.code });
      announce(this.revokedNote);
    } catch (error) {
      if (isApiError(error, 'forbidden')) this.revokeError = t('competencyAdmin.certificates.outOfScope');
      else if (isApiError(error) && error.status === 409) this.revokeError = t('competencyAdmin.certificates.alreadyRevoked');
      else this.revokeError = describeError(error);
    } finally {
      this.busy = false;
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#cert-result')?.focus();
  }

  private renderFound(v: Verification) {
    const c = v.certificate;
    return html`<section class="card" aria-labelledby="cert-heading" data-testid="certificate">
      <h2 id="cert-heading">${t('competencyAdmin.certificates.foundHeading', { code: v.code })}</h2>
      <div id="cert-result" tabindex="-1">
        ${this.revokedNote ? html`<sinau-alert variant="success">${this.revokedNote}</sinau-alert>` : nothing}
        <sinau-alert variant=${v.status === 'revoked' ? 'warning' : 'info'}>${this.statusText(v)}</sinau-alert>
      </div>
      <dl class="details">
        <dt>${t('competencyAdmin.certificates.holder')}</dt>
        <dd>${c.holderName}${c.holderNip ? html` <span class="code muted">${c.holderNip}</span>` : nothing}</dd>
        <dt>${t('competencyAdmin.certificates.activity')}</dt>
        <dd>${c.activity} (${t(`competencyAdmin.certificates.kinds.${c.kind}`)})</dd>
        <dt>${t('competencyAdmin.certificates.jp')}</dt>
        <dd>${formatNumber(c.jp)}</dd>
        <dt>${t('competencyAdmin.certificates.issued')}</dt>
        <dd>${formatDate(c.issuedAt)}</dd>
        <dt>${t('competencyAdmin.certificates.competencies')}</dt>
        <dd>${c.competencies.length ? c.competencies.map((x) => `${x.code} ${x.name} (${t('competencyAdmin.standards.level', { level: x.level })})`).join('; ') : '—'}</dd>
      </dl>
      <p><a href=${`/verify/${encodeURIComponent(v.code)}`} target="_blank" rel="noopener">${t('competencyAdmin.certificates.publicPage')}</a></p>
      ${v.status === 'valid'
        ? html`<form novalidate @submit=${this.revoke} data-testid="revoke-form">
            <fieldset>
              <legend>${t('competencyAdmin.certificates.revokeLegend')}</legend>
              <p>${t('competencyAdmin.certificates.revokeWarning')}</p>
              ${textField({
                id: 'revoke-reason',
                label: t('competencyAdmin.certificates.reason'),
                hint: t('competencyAdmin.certificates.reasonHint'),
                value: this.reason,
                area: 'short',
                maxlength: 500,
                error: this.reasonError || undefined,
                onInput: (value) => (this.reason = value),
              })}
              ${this.revokeError ? html`<sinau-alert variant="error">${this.revokeError}</sinau-alert>` : nothing}
              <button type="submit" class="danger" aria-disabled=${this.busy ? 'true' : 'false'}>${t('competencyAdmin.certificates.revoke')}</button>
            </fieldset>
          </form>`
        : nothing}
    </section>`;
  }

  override render() {
    return html`<sinau-competency-admin-nav current="/admin/certificates"></sinau-competency-admin-nav>
      <h1>${t('competencyAdmin.certificates.title')}</h1>
      <p class="lead">${t('competencyAdmin.certificates.intro')}</p>
      <form novalidate @submit=${this.lookUp} role="search" aria-label=${t('competencyAdmin.certificates.searchLabel')}>
        <div class="inline-fields">
          ${textField({
            id: 'cert-code',
            label: t('competencyAdmin.certificates.code'),
            hint: t('competencyAdmin.certificates.codeHint'),
            value: this.code,
            maxlength: 40,
            error: this.codeError || undefined,
            onInput: (value) => (this.code = value),
          })}
        </div>
        <button type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>${t('competencyAdmin.certificates.check')}</button>
      </form>
      ${this.lookupError ? html`<sinau-alert variant="error">${this.lookupError}</sinau-alert>` : nothing}
      ${this.found ? this.renderFound(this.found) : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-certificate-admin-page': SinauCertificateAdminPage;
  }
}
