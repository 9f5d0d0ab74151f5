import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { decideRegistration, listRegistrations, updateWebinar, type Registration, type Webinar } from '../../api/webinars.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { formatDate, LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { registrationBadge, SEATED, webinarError, webinarStyles } from './webinar-format.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';

/** What the row's figures depend on: reload the list when any of it changes. */
const fingerprint = (w: Webinar) => `${w.id}|${w.status}|${w.updatedAt}|${JSON.stringify(w.seats)}`;

/**
 * The hosts' list of registrations: approve or decline them, and (for the webinar's owner)
 * make a registered person a co-host. Fires `sinau-webinar-change` with the webinar as it is
 * after a change (detail: Webinar, or null when it should be read again).
 */
@customElement('sinau-webinar-registrations')
export class SinauWebinarRegistrations extends LitElement {
  static override styles = [
    pageStyles,
    webinarStyles,
    css`
      td .row {
        gap: var(--sinau-space-2);
      }
      td button {
        min-height: 2.5rem;
        padding: var(--sinau-space-1) var(--sinau-space-3);
      }
      .counts {
        color: var(--sinau-color-muted);
      }
    `,
  ];

  /** The webinar whose registrations are shown; the list reloads when its seats change. */
  @property({ attribute: false }) webinar: Webinar | null = null;

  @state() private busyId: number | null = null;
  @state() private error = '';

  private readonly locale = new LocaleController(this);
  private readonly registrations = new LoadController<Registration[]>(this, (signal) => listRegistrations(this.webinar!.id, signal), { auto: false });
  private loadedFor = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('webinar') && this.webinar && fingerprint(this.webinar) !== this.loadedFor) {
      this.loadedFor = fingerprint(this.webinar);
      void this.registrations.run();
    }
  }

  private emitChange(webinar: Webinar | null): void {
    this.dispatchEvent(new CustomEvent<Webinar | null>('sinau-webinar-change', { detail: webinar, bubbles: true, composed: true }));
  }

  private async decide(reg: Registration, decision: 'approve' | 'decline'): Promise<void> {
    if (!this.webinar || this.busyId !== null) return;
    this.busyId = reg.id;
    this.error = '';
    try {
      await decideRegistration(this.webinar.id, reg.id, decision);
      announce(t(decision === 'approve' ? 'webinars.registrations.approved' : 'webinars.registrations.declinedDone', { name: reg.person.name }));
      await this.registrations.run();
      this.emitChange(null);
    } catch (error) {
      this.error = webinarError(error);
    } finally {
      this.busyId = null;
    }
  }

  private async makeCoHost(reg: Registration): Promise<void> {
    const w = this.webinar;
    if (!w || this.busyId !== null) return;
    this.busyId = reg.id;
    this.error = '';
    try {
      const updated = await updateWebinar(w.id, { coHostIds: [...w.coHosts.map((h) => h.id), reg.person.id] });
      announce(t('webinars.registrations.madeCoHost', { name: reg.person.name }));
      this.emitChange(updated);
    } catch (error) {
      this.error = webinarError(error);
    } finally {
      this.busyId = null;
    }
  }

  private renderActions(w: Webinar, reg: Registration) {
    const open = w.status === 'scheduled' || w.status === 'live';
    const busy = this.busyId !== null;
    const canApprove = open && (reg.status === 'pending_approval' || reg.status === 'declined');
    const canDecline = open && reg.status !== 'cancelled' && reg.status !== 'declined';
    const isCoHost = w.coHosts.some((h) => h.id === reg.person.id);
    const canPromote = open && w.me.canEdit && !isCoHost && reg.person.id !== w.host.id && SEATED.includes(reg.status);
    return html`<div class="row">
      ${canApprove
        ? html`<button type="button" ?disabled=${busy} aria-label=${t('webinars.registrations.approveName', { name: reg.person.name })} @click=${() => void this.decide(reg, 'approve')}>
            ${t('webinars.registrations.approve')}
          </button>`
        : null}
      ${canDecline
        ? html`<button type="button" class="secondary" ?disabled=${busy} aria-label=${t('webinars.registrations.declineName', { name: reg.person.name })} @click=${() => void this.decide(reg, 'decline')}>
            ${t('webinars.registrations.decline')}
          </button>`
        : null}
      ${canPromote
        ? html`<button type="button" class="secondary" ?disabled=${busy} aria-label=${t('webinars.registrations.makeCoHostName', { name: reg.person.name })} @click=${() => void this.makeCoHost(reg)}>
            ${t('webinars.registrations.makeCoHost')}
          </button>`
        : null}
      ${isCoHost ? html`<span class="badge">${t('webinars.registrations.isCoHost')}</span>` : null}
    </div>`;
  }

  private renderTable(w: Webinar, items: Registration[]) {
    if (!items.length) return html`<p class="muted">${t('webinars.registrations.empty')}</p>`;
    return html`<div class="table-scroll" role="region" aria-labelledby="registrations-caption" tabindex="0">
      <table class="cards" role="table">
        <caption id="registrations-caption">${t('webinars.registrations.caption')}</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th role="columnheader" scope="col">${t('webinars.registrations.name')}</th>
            <th role="columnheader" scope="col">${t('webinars.registrations.status')}</th>
            <th role="columnheader" scope="col">${t('webinars.registrations.registeredAt')}</th>
            <th role="columnheader" scope="col">${t('webinars.registrations.actions')}</th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          ${items.map(
            (reg) => html`<tr role="row" data-testid="registration-row">
              <td role="cell" data-label=${t('webinars.registrations.name')}>${reg.person.name}</td>
              <td role="cell" data-label=${t('webinars.registrations.status')}>
                <span>
                  ${registrationBadge(reg.status)}
                  ${reg.waitlistPosition ? html`<span class="muted">${t('webinars.registrations.place', { position: reg.waitlistPosition })}</span>` : null}
                </span>
              </td>
              <td role="cell" data-label=${t('webinars.registrations.registeredAt')}><time datetime=${reg.createdAt}>${formatDate(reg.createdAt)}</time></td>
              <td role="cell" data-label=${t('webinars.registrations.actions')}>${this.renderActions(w, reg)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  override render() {
    const w = this.webinar;
    if (!w) return null;
    const items = this.registrations.value;
    return html`<p class="counts">${t('webinars.registrations.counts', { seated: w.seats.taken, waiting: w.seats.waitlisted, pending: w.seats.pending })}</p>
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : null}
      ${items
        ? this.renderTable(w, items)
        : this.registrations.error
          ? html`<sinau-alert variant="error">${webinarError(this.registrations.error)}</sinau-alert>`
          : html`<sinau-loading .label=${t('webinars.registrations.loading')}></sinau-loading>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-webinar-registrations': SinauWebinarRegistrations;
  }
  interface HTMLElementEventMap {
    'sinau-webinar-change': CustomEvent<Webinar | null>;
  }
}
