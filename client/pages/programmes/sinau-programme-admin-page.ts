import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { listPositions, listUnits, type Position, type Unit } from '../../api/org.ts';
import { getProgramme, updateProgramme, type CohortCreated, type Programme, type ProgrammeStatus } from '../../api/programmes.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatDate, LocaleController, t } from '../../i18n.ts';
import { SessionController } from '../../session.ts';
import { unitsInScope } from '../admin/unit-tree.ts';
import { skippedSentence } from './programme-format.ts';
import { programmeStyles } from './programme-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import './sinau-cohort-form.ts';

/** Admin: one programme's details and state, its cohorts with their progress, and the form for a new cohort. */
@customElement('sinau-programme-admin-page')
export class SinauProgrammeAdminPage extends LitElement {
  static override styles = programmeStyles;

  /** Route parameters: `id` is the programme. */
  @property({ attribute: false }) params: Record<string, string> = {};

  @state() private busy = false;
  @state() private error = '';
  @state() private notice = '';

  private readonly locale = new LocaleController(this);
  private readonly session = new SessionController(this);
  private readonly programme = new LoadController<Programme>(this, (signal) => getProgramme(Number(this.params.id), signal));
  private readonly units = new LoadController<Unit[]>(this, (signal) => listUnits(signal));
  private readonly positions = new LoadController<Position[]>(this, (signal) => listPositions(null, signal));

  private async setStatus(status: ProgrammeStatus): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = '';
    try {
      await updateProgramme(Number(this.params.id), { status });
      this.notice = t('programmes.admin.statusChanged', { status: t(`programmes.programmeStatus.${status}`) });
      announce(this.notice);
      await this.programme.run();
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = false;
    }
  }

  private async onCohortCreated(event: CustomEvent<CohortCreated>): Promise<void> {
    this.notice = [t('programmes.cohortForm.created', { name: event.detail.name, count: event.detail.participantCount }), skippedSentence(event.detail.skipped)].filter(Boolean).join(' ');
    await this.programme.run();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#cohorts-heading')?.focus();
  }

  override render() {
    const back = html`<p><a href="/admin/programmes">← ${t('programmes.admin.title')}</a></p>`;
    if (this.programme.error) return html`${back}<h1>${t('programmes.overview.title')}</h1><sinau-alert variant="error">${describeError(this.programme.error)}</sinau-alert>`;
    const p = this.programme.value;
    if (!p) return html`${back}<sinau-loading .label=${t('programmes.loading')}></sinau-loading>`;
    const units = unitsInScope(this.units.value ?? [], this.session.me?.adminScope ?? null);
    const unitIds = new Set(units.map((u) => u.id));
    const positions = (this.positions.value ?? []).filter((x) => unitIds.has(x.unit.id));
    return html`${back}
      <h1>${p.title}</h1>
      <p class="meta">
        <span data-testid="programme-admin-status">${t(`programmes.programmeStatus.${p.status}`)}</span>
        <span>${t('programmes.jpValue', { jp: p.jp })}</span>
        ${p.unit ? html`<span>${p.unit.name}</span>` : nothing}
        <span>${t('programmes.stepCount', { count: p.steps.length })}</span>
        <a href=${`/programmes/${p.id}`}>${t('programmes.admin.view')}</a>
      </p>
      ${p.summary ? html`<p class="lead">${p.summary}</p>` : nothing}
      ${p.competencies.length
        ? html`<p>${t('programmes.competencies')}: ${p.competencies.map((c) => `${c.code}${c.name ? ` ${c.name}` : ''} (${t('programmes.levelValue', { level: c.level })})`).join(', ')}</p>`
        : nothing}
      ${this.notice ? html`<sinau-alert variant="success">${this.notice}</sinau-alert>` : nothing} ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : nothing}
      <div class="row">
        ${p.status !== 'active' ? html`<button type="button" ?disabled=${this.busy} @click=${() => void this.setStatus('active')}>${t('programmes.admin.activate')}</button>` : nothing}
        ${p.status !== 'archived' ? html`<button type="button" class="secondary" ?disabled=${this.busy} @click=${() => void this.setStatus('archived')}>${t('programmes.admin.archive')}</button>` : nothing}
      </div>
      <section aria-labelledby="steps-heading">
        <h2 id="steps-heading">${t('programmes.steps')}</h2>
        <ol class="steps">
          ${p.steps.map(
            (s) => html`<li>
              <span class="step-no" aria-hidden="true">${s.position}</span>
              <div class="step-body">
                <span class="step-title">${s.title}</span>
                <p class="meta">
                  <span>${t(`programmes.kind.${s.kind}`)}</span>
                  ${s.dueDays !== null ? html`<span>${t('programmes.dueDaysValue', { days: s.dueDays })}</span>` : nothing}
                  ${s.requires.length
                    ? html`<span>${t('programmes.requires', { steps: s.requires.map((id) => p.steps.find((x) => x.id === id)?.title ?? '').join(', ') })}</span>`
                    : nothing}
                </p>
              </div>
            </li>`,
          )}
        </ol>
      </section>
      <section aria-labelledby="cohorts-heading">
        <h2 id="cohorts-heading" tabindex="-1">${t('programmes.cohorts.heading')}</h2>
        ${p.cohorts.length
          ? html`<ul class="plain" data-testid="admin-cohorts">
              ${p.cohorts.map(
                (c) => html`<li>
                  <a href=${`/cohorts/${c.id}`}>${c.name}</a>
                  <span class="muted">· ${t('programmes.period', { from: formatDate(c.startsOn), to: formatDate(c.endsOn) })} · ${t('programmes.participantsValue', { count: c.participantCount })}</span>
                </li>`,
              )}
            </ul>`
          : html`<p class="muted">${t('programmes.cohorts.empty')}</p>`}
        <h3>${t('programmes.cohortForm.heading')}</h3>
        <sinau-cohort-form .programmeId=${p.id} .units=${units} .positions=${positions} @sinau-cohort-created=${(e: CustomEvent<CohortCreated>) => void this.onCohortCreated(e)}></sinau-cohort-form>
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-programme-admin-page': SinauProgrammeAdminPage;
  }
}
