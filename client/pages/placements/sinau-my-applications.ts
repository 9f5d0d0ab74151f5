import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { withdrawApplication, type Application } from '../../api/placements.ts';
import { announce } from '../../announce.ts';
import { describeError } from '../../errors.ts';
import { formatDate, formatNumber, LocaleController, t } from '../../i18n.ts';
import { applicationBadge } from './placement-format.ts';
import { placementStyles } from './placement-styles.ts';
import '../../components/sinau-alert.ts';

const withdrawable = new Set(['pending_supervisor', 'pending_host', 'accepted']);

/** The history of one application: sent, the supervisor's and host's decisions, the report. */
export function applicationTimeline(a: Application) {
  const note = (text: string | null | undefined) => (text ? html`<br /><span class="muted">${t('placements.mine.note', { note: text })}</span>` : nothing);
  const sd = a.supervisorDecision;
  const hd = a.hostDecision;
  const supervisorApproved = sd && a.status !== 'pending_supervisor' && !(a.status === 'declined' && !hd);
  return html`<ol class="timeline" aria-label=${t('placements.mine.timeline', { title: a.placement.title })}>
    <li>${t('placements.mine.sent', { date: formatDate(a.createdAt) })}</li>
    ${sd
      ? html`<li>
          ${supervisorApproved ? t('placements.mine.supervisorApproved', { date: formatDate(sd.at) }) : t('placements.mine.supervisorRefused', { date: formatDate(sd.at) })}
          ${note(sd.note)}
        </li>`
      : nothing}
    ${hd
      ? html`<li>
          ${a.status === 'declined' ? t('placements.mine.hostDeclined', { date: formatDate(hd.at) }) : t('placements.mine.hostAccepted', { date: formatDate(hd.at) })}
          ${note(hd.note)}
        </li>`
      : nothing}
    ${a.report
      ? html`<li>
          ${a.report.completed
            ? t('placements.mine.completed', { date: formatDate(a.report.at), jp: formatNumber(a.jpAwarded ?? 0) })
            : t('placements.mine.notCompleted', { date: formatDate(a.report.at) })}
          ${a.report.score !== null ? html`<br />${t('placements.mine.score', { score: formatNumber(a.report.score) })}` : nothing}
          ${a.report.summary ? html`<br /><span class="muted">${a.report.summary}</span>` : nothing}
        </li>`
      : nothing}
  </ol>`;
}

/** "Lamaran saya": my placement applications with their history; withdrawing one. Fires `sinau-applications-changed`. */
@customElement('sinau-my-applications')
export class SinauMyApplications extends LitElement {
  static override styles = placementStyles;

  /** My applications. */
  @property({ attribute: false }) applications: Application[] = [];

  @state() private confirming = 0;
  @state() private busy = false;
  @state() private error = '';

  private readonly locale = new LocaleController(this);

  private async withdraw(a: Application): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      await withdrawApplication(a.id);
      this.confirming = 0;
      announce(t('placements.mine.withdrawn', { title: a.placement.title }));
      this.dispatchEvent(new CustomEvent('sinau-applications-changed', { bubbles: true, composed: true }));
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = false;
    }
  }

  private renderItem(a: Application) {
    return html`<li class="card" data-testid="my-application">
      <h3><a href=${`/placements/${a.placement.id}`}>${a.placement.title}</a></h3>
      <p>${t(`placements.kinds.${a.placement.kind}`)} · ${applicationBadge(a.status)}</p>
      ${applicationTimeline(a)}
      ${withdrawable.has(a.status)
        ? this.confirming === a.id
          ? html`<div class="confirm" role="group" aria-label=${t('placements.mine.confirmWithdraw', { title: a.placement.title })}>
              <span>${t('placements.mine.confirmWithdraw', { title: a.placement.title })}</span>
              <button type="button" class="danger" ?disabled=${this.busy} @click=${() => this.withdraw(a)}>${t('placements.mine.confirm')}</button>
              <button type="button" class="secondary" @click=${() => (this.confirming = 0)}>${t('common.cancel')}</button>
            </div>`
          : html`<button type="button" class="secondary" @click=${() => (this.confirming = a.id)}>${t('placements.mine.withdraw')}</button>`
        : nothing}
    </li>`;
  }

  override render() {
    return html`${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : nothing}
      ${this.applications.length ? html`<ul class="plain">${this.applications.map((a) => this.renderItem(a))}</ul>` : html`<p class="muted">${t('placements.mine.empty')}</p>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-my-applications': SinauMyApplications;
  }
  interface HTMLElementEventMap {
    'sinau-applications-changed': CustomEvent<void>;
  }
}
