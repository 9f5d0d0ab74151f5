import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { PersonRef } from '../../api/org.ts';
import { addParticipants, cohortProgressCsvUrl, getCohortProgress, removeParticipant, sendCohortReminders, type CohortProgress } from '../../api/programmes.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatDate, formatNumber, LocaleController, t } from '../../i18n.ts';
import { router } from '../../router.ts';
import { hasRole, SessionController } from '../../session.ts';
import { skippedSentence } from './programme-format.ts';
import { programmeStyles } from './programme-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import '../admin/sinau-person-picker.ts';

/**
 * A cohort's progress for its facilitators and the office: counts, a row per school, each
 * participant's state (on track, behind, stuck, completed), the CSV and reminders.
 */
@customElement('sinau-cohort-page')
export class SinauCohortPage extends LitElement {
  static override styles = programmeStyles;

  /** Route parameters: `id` is the cohort. */
  @property({ attribute: false }) params: Record<string, string> = {};
  /** The address's query: `?unitId=` filters by school or office. */
  @property({ attribute: false }) query: URLSearchParams = new URLSearchParams();

  @state() private unitId: number | null = null;
  @state() private busy = false;
  @state() private error = '';
  @state() private notice = '';
  /** Schools and offices of the whole cohort, kept while a filter narrows the rows. */
  @state() private allSchools: CohortProgress['schools'] = [];

  private readonly locale = new LocaleController(this);
  private readonly session = new SessionController(this);
  private readonly progress = new LoadController<CohortProgress>(
    this,
    async (signal) => {
      const p = await getCohortProgress(Number(this.params.id), this.unitId, signal);
      if (this.unitId === null || !this.allSchools.length) this.allSchools = p.schools;
      return p;
    },
    { auto: false },
  );

  override connectedCallback(): void {
    const unit = Number(this.query.get('unitId'));
    this.unitId = Number.isInteger(unit) && unit > 0 ? unit : null;
    super.connectedCallback();
    void this.progress.run();
  }

  private filter(event: Event): void {
    const value = Number((event.target as HTMLSelectElement).value);
    this.unitId = value > 0 ? value : null;
    router.replaceQuery({ unitId: this.unitId });
    void this.progress.run();
  }

  /** Runs an admin change, then shows and reads out its result and reloads the figures. */
  private async change(run: () => Promise<string>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = '';
    this.notice = '';
    try {
      const message = await run();
      await this.progress.run();
      this.notice = message;
      announce(message);
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = false;
    }
  }

  private addPerson(person: PersonRef | null): void {
    if (!person) return;
    void this.change(async () => {
      const { added, skipped } = await addParticipants(Number(this.params.id), { personIds: [person.id] });
      if (skipped.length) return skippedSentence(skipped);
      return added ? t('programmes.cohort.personAdded', { name: person.name }) : t('programmes.cohort.personAlready', { name: person.name });
    });
  }

  private removePerson(person: { id: number; name: string }): void {
    if (!confirm(t('programmes.cohort.removeConfirm', { name: person.name }))) return;
    void this.change(async () => {
      await removeParticipant(Number(this.params.id), person.id);
      return t('programmes.cohort.personRemoved', { name: person.name });
    });
  }

  private async remind(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = '';
    this.notice = '';
    try {
      const { sent } = await sendCohortReminders(Number(this.params.id));
      this.notice = sent ? t('programmes.cohort.reminded', { count: sent }) : t('programmes.cohort.remindedNone');
      announce(this.notice);
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = false;
    }
  }

  private renderSchools(p: CohortProgress) {
    if (!p.schools.length) return nothing;
    return html`<div class="table-scroll" role="region" aria-labelledby="schools-caption" tabindex="0">
      <table class="cards" role="table" data-testid="cohort-schools">
        <caption id="schools-caption">${t('programmes.cohort.schoolsCaption')}</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th role="columnheader" scope="col">${t('programmes.cohort.school')}</th>
            <th role="columnheader" scope="col" class="num">${t('programmes.cohort.total')}</th>
            <th role="columnheader" scope="col" class="num">${t('programmes.participantStatus.completed')}</th>
            <th role="columnheader" scope="col" class="num">${t('programmes.participantStatus.behind')}</th>
            <th role="columnheader" scope="col" class="num">${t('programmes.participantStatus.stuck')}</th>
            <th role="columnheader" scope="col" class="num">${t('programmes.cohort.avgPct')}</th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          ${p.schools.map(
            (s) => html`<tr role="row">
              <td role="cell" data-label=${t('programmes.cohort.school')}>${s.unit?.name ?? t('common.notRecorded')}</td>
              <td role="cell" class="num" data-label=${t('programmes.cohort.total')}>${formatNumber(s.total)}</td>
              <td role="cell" class="num" data-label=${t('programmes.participantStatus.completed')}>${formatNumber(s.completed)}</td>
              <td role="cell" class="num" data-label=${t('programmes.participantStatus.behind')}>${formatNumber(s.behind)}</td>
              <td role="cell" class="num" data-label=${t('programmes.participantStatus.stuck')}>${formatNumber(s.stuck)}</td>
              <td role="cell" class="num" data-label=${t('programmes.cohort.avgPct')}>${formatNumber(Math.round(s.avgPct))}%</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private renderParticipants(p: CohortProgress) {
    const admin = hasRole(this.session.me, 'admin');
    if (!p.participants.length) return html`<p class="muted">${t('programmes.cohort.noParticipants')}</p>`;
    return html`<div class="table-scroll" role="region" aria-labelledby="participants-caption" tabindex="0">
      <table class="cards" role="table" data-testid="cohort-participants">
        <caption id="participants-caption">${t('programmes.cohort.participantsCaption', { count: p.participants.length })}</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th role="columnheader" scope="col">${t('programmes.cohort.name')}</th>
            <th role="columnheader" scope="col">${t('programmes.cohort.school')}</th>
            <th role="columnheader" scope="col">${t('common.status')}</th>
            <th role="columnheader" scope="col" class="num">${t('programmes.cohort.steps')}</th>
            <th role="columnheader" scope="col">${t('programmes.cohort.currentStep')}</th>
            <th role="columnheader" scope="col">${t('programmes.cohort.lastActivity')}</th>
            ${admin ? html`<th role="columnheader" scope="col">${t('common.actions')}</th>` : nothing}
          </tr>
        </thead>
        <tbody role="rowgroup">
          ${p.participants.map(
            (row) => html`<tr role="row" data-testid="participant-row" data-status=${row.status}>
              <td role="cell" data-label=${t('programmes.cohort.name')}><div>${row.person.name}${row.person.nip ? html`<br /><span class="muted">${row.person.nip}</span>` : nothing}</div></td>
              <td role="cell" data-label=${t('programmes.cohort.school')}>${row.unit?.name ?? '—'}</td>
              <td role="cell" data-label=${t('common.status')}><span class="badge s-${row.status}">${t(`programmes.participantStatus.${row.status}`)}</span></td>
              <td role="cell" class="num" data-label=${t('programmes.cohort.steps')}>${t('programmes.stepsDone', { done: row.done, total: row.total })}</td>
              <td role="cell" data-label=${t('programmes.cohort.currentStep')}>${row.currentStep?.title ?? (row.completedAt ? t('programmes.completedOn', { date: formatDate(row.completedAt) }) : '—')}</td>
              <td role="cell" data-label=${t('programmes.cohort.lastActivity')}>${row.lastActivityAt ? formatDate(row.lastActivityAt) : t('programmes.cohort.never')}</td>
              ${admin
                ? html`<td role="cell" data-label=${t('common.actions')}>
                    <button type="button" class="link" ?disabled=${this.busy} @click=${() => this.removePerson(row.person)}>
                      ${t('programmes.cohort.remove')}<span class="visually-hidden"> ${row.person.name}</span>
                    </button>
                  </td>`
                : nothing}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  override render() {
    if (this.progress.error) return html`<h1>${t('programmes.cohort.title')}</h1><sinau-alert variant="error">${describeError(this.progress.error)}</sinau-alert>`;
    const p = this.progress.value;
    if (!p) return html`<sinau-loading .label=${t('programmes.loading')}></sinau-loading>`;
    const c = p.cohort;
    const sum = p.summary;
    return html`<p><a href=${`/programmes/${p.programme.id}`}>← ${p.programme.title}</a></p>
      <h1>${c.name}</h1>
      <p class="meta">
        <span>${t('programmes.period', { from: formatDate(c.startsOn), to: formatDate(c.endsOn) })}</span>
        <span>${t('programmes.jpValue', { jp: p.programme.jp })}</span>
        ${c.facilitators.length ? html`<span>${t('programmes.cohort.facilitators')}: ${c.facilitators.map((f) => f.name).join(', ')}</span>` : nothing}
        ${c.principalReview ? html`<span>${t('programmes.cohort.principalReviews')}</span>` : nothing}
      </p>
      <ul class="stats" aria-label=${t('programmes.cohort.summary')} data-testid="cohort-summary">
        <li class="stat"><span class="number">${formatNumber(sum.total)}</span> ${t('programmes.cohort.total')}</li>
        <li class="stat"><span class="number">${formatNumber(sum.onTrack)}</span> ${t('programmes.participantStatus.on_track')}</li>
        <li class="stat"><span class="number">${formatNumber(sum.behind)}</span> ${t('programmes.participantStatus.behind')}</li>
        <li class="stat"><span class="number">${formatNumber(sum.stuck)}</span> ${t('programmes.participantStatus.stuck')}</li>
        <li class="stat" data-testid="count-completed"><span class="number">${formatNumber(sum.completed)}</span> ${t('programmes.participantStatus.completed')}</li>
      </ul>
      <div class="filters">
        <div class="field">
          <label for="unit-filter">${t('programmes.cohort.filter')}</label>
          <select id="unit-filter" @change=${this.filter}>
            <option value="" .selected=${this.unitId === null}>${t('programmes.cohort.allSchools')}</option>
            ${this.allSchools
              .filter((s) => s.unit)
              .map((s) => html`<option value=${String(s.unit!.id)} .selected=${s.unit!.id === this.unitId}>${s.unit!.name}</option>`)}
          </select>
        </div>
      </div>
      <div class="row">
        <a class="button secondary" href=${cohortProgressCsvUrl(c.id, this.unitId)} download>${t('programmes.cohort.csv')}</a>
        <button type="button" ?disabled=${this.busy} data-testid="send-reminders" @click=${() => void this.remind()}>${t('programmes.cohort.remind')}</button>
      </div>
      <p class="hint">${t('programmes.cohort.remindHint')}</p>
      ${this.notice ? html`<sinau-alert variant="success" data-testid="reminder-result">${this.notice}</sinau-alert>` : nothing}
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : nothing}
      <section aria-labelledby="schools-caption">${this.renderSchools(p)}</section>
      <section aria-labelledby="participants-caption">${this.renderParticipants(p)}</section>
      ${hasRole(this.session.me, 'admin')
        ? html`<section aria-labelledby="add-heading">
            <h2 id="add-heading">${t('programmes.cohort.addHeading')}</h2>
            <sinau-person-picker
              .label=${t('programmes.cohortForm.people')}
              .value=${null}
              @sinau-person-change=${(e: CustomEvent<PersonRef | null>) => {
                e.stopPropagation();
                this.addPerson(e.detail);
              }}
            ></sinau-person-picker>
          </section>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-cohort-page': SinauCohortPage;
  }
}
