import { html } from 'lit';
import { isApiError } from '../../api/http.ts';
import type { AgreementStatus } from '../../api/partners.ts';
import { describeError } from '../../errors.ts';
import { formatDate, t } from '../../i18n.ts';

/** An agreement's status as a badge: in force, expired, not yet in force. */
export function agreementBadge(status: AgreementStatus) {
  const variant = status === 'active' ? 'create' : status === 'expired' ? 'inactive' : 'update';
  return html`<span class="badge ${variant}" data-testid="agreement-status">${t(`partners.agreementStatus.${status}`)}</span>`;
}

/** A webinar's review state as a badge. */
export function reviewBadge(state: 'pending' | 'approved' | 'returned') {
  const variant = state === 'approved' ? 'create' : state === 'returned' ? 'reject' : 'update';
  return html`<span class="badge ${variant}">${t(`partners.reviewState.${state}`)}</span>`;
}

export const periodText = (from: string, to: string) => t('partners.period', { from: formatDate(from), to: formatDate(to) });

/** Today in Surakarta, as YYYY-MM-DD. */
export const today = () => new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Jakarta' });

/** Why the partner home could not load; a partner user not (or no longer) in a partner is told so plainly. */
export const partnerHomeError = (error: unknown) => (isApiError(error, 'forbidden') ? t('partners.home.noPartner') : describeError(error));
