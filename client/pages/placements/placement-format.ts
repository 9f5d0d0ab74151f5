import { html } from 'lit';
import type { ApplicationStatus, Placement, PlacementStatus } from '../../api/placements.ts';
import { formatDate, t } from '../../i18n.ts';

export const placementPeriod = (p: Pick<Placement, 'startsOn' | 'endsOn'>) => t('placements.period', { from: formatDate(p.startsOn), to: formatDate(p.endsOn) });

/** Who hosts a placement: the partner, the office, or the city. */
export const hostName = (p: Pick<Placement, 'host'>) => p.host.partner?.name ?? p.host.unit?.name ?? t('placements.list.cityHost');

export const seatsLeft = (p: Pick<Placement, 'seats' | 'seatsTaken'>) => Math.max(0, p.seats - p.seatsTaken);

export function placementStatusBadge(status: PlacementStatus) {
  const variant = status === 'open' ? 'create' : status === 'draft' ? 'update' : 'inactive';
  return html`<span class="badge ${variant}">${t(`placements.status.${status}`)}</span>`;
}

export function applicationBadge(status: ApplicationStatus) {
  const variant = status === 'completed' || status === 'accepted' ? 'create' : status === 'declined' || status === 'not_completed' ? 'reject' : status === 'withdrawn' ? 'inactive' : 'update';
  return html`<span class="badge ${variant}" data-testid="application-status">${t(`placements.appStatus.${status}`)}</span>`;
}

/** No application yet, or only one that was withdrawn or declined (the server accepts a new one then). */
export const canApplyAgain = (p: Pick<Placement, 'mine'>) => !p.mine || p.mine.status === 'withdrawn' || p.mine.status === 'declined';

/** Today in Surakarta, as YYYY-MM-DD. */
export const today = () => new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Jakarta' });
