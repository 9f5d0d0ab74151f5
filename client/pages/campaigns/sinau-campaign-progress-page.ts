import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { closeCampaign, getCampaign, getProgress, progressCsvUrl, refreshCampaign, sendReminders, type CampaignDetail, type Progress } from '../../api/assessment-campaigns.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatDate, formatNumber, LocaleController, t } from '../../i18n.ts';
import { statStyles } from '../../styles/shared-styles.ts';
import { competencyAdminStyles } from '../competency-admin/competency-admin-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import '../competency-admin/sinau-competency-admin-nav.ts';

/**
 * Admin: one campaign's progress per office, the supervisors behind (with a reminder to send),
 * the people who got no task and why, the CSV download, and closing.
 */
@customElement('sinau-campaign-progress-page')
export class SinauCampaignProgressPage extends LitElement {
  static override styles = [competencyAdminStyles, statStyles];

  /** Route parameters: `id` is the campaign. */
  @property({ attribute: false }) params: Record<string, string> = {};

  @state() private message = '';
  @state() private busy = false;
  @state() private error = '';
  @state() private notice = '';

  private readonly locale = new LocaleController(this);
  private readonly detail = new LoadController<CampaignDetail>(this, (signal) => getCampaign(Number(this.params.id), signal));
  private readonly progress = new LoadController<Progress>(this, (signal) => getProgress(Number(this.params.id), signal));

  private async act(run: () => Promise<string>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = '';
    try {
      this.notice = await run();
      announce(this.notice);
      await Promise.all([this.detail.run(), this.progress.run()]);
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = false;
    }
  }

  private remind(event: Event): void {
    event.preventDefault();
    const id = Number(this.params.id);
    void this.act(async () => {
      const { sent } = await sendReminders(id, this.message.trim());
      this.message = '';
      return t('campaigns.progress.reminded', { count: sent });
    });
  }

  private close(): void {
    if (!confirm(t('campaigns.progress.closeConfirm'))) return;
    const id = Number(this.params.id);
    void this.act(async () => t('campaigns.progress.closed', { count: (await closeCampaign(id)).unfinished }));
  }

  private refresh(): void {
    const id = Number(this.params.id);
    void this.act(async () => t('campaigns.progress.refreshed', { count: (await refreshCampaign(id)).tasksCreated }));
  }

  private renderOffices(p: Progress) {
    const cols = ['notStarted', 'selfDone', 'inProgress', 'finalised', 'total'] as const;
    return html`<div class="table-scroll" role="region" aria-labelledby="offices-caption" tabindex="0">
      <table class="cards" role="table" data-testid="progress-offices">
        <caption id="offices-caption">${t('campaigns.progress.officesCaption')}</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th role="columnheader" scope="col">${t('campaigns.col.office')}</th>
            ${cols.map((c) => html`<th role="columnheader" scope="col" class="num">${t(`campaigns.col.${c}`)}</th>`)}
          </tr>
        </thead>
        <tbody role="rowgroup">
          ${p.offices.map(
            (o) => html`<tr role="row" data-unit=${o.unit?.code ?? ''}>
              <th role="rowheader" scope="row" data-label=${t('campaigns.col.office')}>${o.unit?.name ?? t('common.notRecorded')}</th>
              ${cols.map((c) => html`<td role="cell" class="num" data-label=${t(`campaigns.col.${c}`)} data-col=${c}>${formatNumber(o[c])}</td>`)}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private renderBehind(p: Progress) {
    if (!p.behind.length) return html`<p>${t('campaigns.progress.behindNone')}</p>`;
    return html`<div class="table-scroll" role="region" aria-labelledby="behind-heading" tabindex="0">
      <table class="cards" role="table" data-testid="progress-behind">
        <thead role="rowgroup">
          <tr role="row">
            <th role="columnheader" scope="col">${t('campaigns.col.supervisor')}</th>
            <th role="columnheader" scope="col">${t('campaigns.col.office')}</th>
            <th role="columnheader" scope="col" class="num">${t('campaigns.col.unfinished')}</th>
            <th role="columnheader" scope="col">${t('campaigns.col.lastReminder')}</th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          ${p.behind.map(
            (b) => html`<tr role="row">
              <td role="cell" data-label=${t('campaigns.col.supervisor')}>${b.supervisor.name}</td>
              <td role="cell" data-label=${t('campaigns.col.office')}>${b.unit?.name ?? '—'}</td>
              <td role="cell" class="num" data-label=${t('campaigns.col.unfinished')}>${formatNumber(b.unfinished)}</td>
              <td role="cell" data-label=${t('campaigns.col.lastReminder')}>${b.lastReminderAt ? formatDate(b.lastReminderAt) : t('campaigns.progress.never')}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private renderProblems(d: CampaignDetail) {
    if (!d.problems.length) return nothing;
    return html`<section aria-labelledby="problems-heading">
      <h2 id="problems-heading">${t('campaigns.progress.problemsHeading')}</h2>
      <p>${t('campaigns.progress.problemsIntro')}</p>
      <ul data-testid="campaign-problems">
        ${d.problems.map((p) => html`<li><a href=${`/admin/people/${p.person.id}`}>${p.person.name}</a>${p.unit ? ` (${p.unit.name})` : ''} — ${t(`campaigns.progress.reason.${p.reason}`)}</li>`)}
      </ul>
      ${d.state !== 'closed' ? html`<button type="button" class="secondary" ?disabled=${this.busy} @click=${this.refresh}>${t('campaigns.progress.refresh')}</button>` : nothing}
    </section>`;
  }

  override render() {
    const d = this.detail.value;
    const p = this.progress.value;
    const failed = this.detail.error ?? this.progress.error;
    const back = html`<sinau-competency-admin-nav current="/admin/campaigns"></sinau-competency-admin-nav>
      <p><a href="/admin/campaigns">← ${t('campaigns.progress.back')}</a></p>`;
    if (failed) return html`${back}<h1>${t('campaigns.progress.title')}</h1><sinau-alert variant="error">${describeError(failed)}</sinau-alert>`;
    if (!d || !p) return html`${back}<sinau-loading .label=${t('campaigns.progress.loading')}></sinau-loading>`;
    const c = p.campaign;
    return html`${back}
      <h1>${d.name}</h1>
      <p class="lead">
        ${t('campaigns.period', { from: formatDate(d.opensOn), to: formatDate(d.closesOn) })} · <span data-testid="campaign-state">${t(`campaigns.state.${d.state}`)}</span>
        ${d.overdue ? html`<strong>(${t('campaigns.overdue')})</strong>` : nothing}
      </p>
      <p>
        ${d.units.map((u) => u.name).join(', ')}${d.positions.length ? ` · ${d.positions.map((x) => x.name).join(', ')}` : ''} ·
        ${d.competencies.length ? d.competencies.map((x) => x.code).join(', ') : t('campaigns.progress.byStandard')}
        ${d.selfAssessment ? html` · ${t('campaigns.progress.withSelf')}` : nothing} ${d.peerInput ? html` · ${t('campaigns.progress.withPeers', { count: d.maxPeers })}` : nothing}
      </p>
      ${this.notice ? html`<sinau-alert variant="success">${this.notice}</sinau-alert>` : nothing} ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : nothing}
      <ul class="stats" aria-label=${t('campaigns.progress.summary')}>
        <li class="stat"><span class="number">${formatNumber(c.counts.notStarted)}</span> ${t('campaigns.col.notStarted')}</li>
        <li class="stat"><span class="number">${formatNumber(c.counts.selfDone)}</span> ${t('campaigns.col.selfDone')}</li>
        <li class="stat"><span class="number">${formatNumber(c.counts.inProgress)}</span> ${t('campaigns.col.inProgress')}</li>
        <li class="stat" data-testid="count-finalised"><span class="number">${formatNumber(c.counts.finalised)}</span> ${t('campaigns.col.finalised')}</li>
      </ul>
      <section aria-labelledby="offices-caption">${this.renderOffices(p)}
        <p><a class="button secondary" href=${progressCsvUrl(d.id)} download>${t('campaigns.progress.csv')}</a></p>
      </section>
      <section aria-labelledby="behind-heading">
        <h2 id="behind-heading">${t('campaigns.progress.behindHeading')}</h2>
        ${this.renderBehind(p)}
        ${d.state === 'open' && p.behind.length
          ? html`<form @submit=${this.remind} aria-labelledby="remind-heading">
              <h3 id="remind-heading">${t('campaigns.progress.reminderHeading')}</h3>
              <div class="field">
                <label for="remind-message">${t('campaigns.progress.reminderMessage')}</label>
                <textarea id="remind-message" maxlength="1000" .value=${this.message} @input=${(e: Event) => (this.message = (e.target as HTMLTextAreaElement).value)}></textarea>
              </div>
              <button type="submit" ?disabled=${this.busy}>${t('campaigns.progress.remind')}</button>
            </form>`
          : nothing}
      </section>
      ${this.renderProblems(d)}
      ${d.state !== 'closed'
        ? html`<section aria-label=${t('campaigns.progress.close')}>
            <button type="button" class="danger" ?disabled=${this.busy} @click=${this.close}>${t('campaigns.progress.close')}</button>
          </section>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-campaign-progress-page': SinauCampaignProgressPage;
  }
}
