import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { decideAsHost, listPlacementApplications, reportPlacement, type Application, type Placement } from '../../api/placements.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatDate, LocaleController, t } from '../../i18n.ts';
import { applicationBadge, today } from './placement-format.ts';
import { placementStyles } from './placement-styles.ts';
import { applicationTimeline } from './sinau-my-applications.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';

interface ReportDraft {
  completed: boolean;
  summary: string;
  score: string;
}

/**
 * The host's view of a placement's applicants (those past their supervisor): accepting or
 * declining, and the completion report once the placement has started. Fires `sinau-placement-changed`.
 */
@customElement('sinau-placement-applications')
export class SinauPlacementApplications extends LitElement {
  static override styles = placementStyles;

  /** The placement managed. */
  @property({ attribute: false }) placement: Placement | null = null;

  @state() private notes: Record<number, string> = {};
  @state() private reports: Record<number, ReportDraft> = {};
  @state() private errors: Record<number, string> = {};
  @state() private busy = 0;

  private readonly locale = new LocaleController(this);
  private readonly applications = new LoadController<Application[]>(this, (signal) => listPlacementApplications(this.placement?.id ?? 0, signal));

  private setError(id: number, message: string): void {
    this.errors = { ...this.errors, [id]: message };
  }

  private async afterChange(a: Application, message: string): Promise<void> {
    announce(message);
    await this.applications.run();
    this.dispatchEvent(new CustomEvent('sinau-placement-changed', { bubbles: true, composed: true }));
  }

  private async decide(a: Application, accept: boolean): Promise<void> {
    this.busy = a.id;
    this.setError(a.id, '');
    try {
      const note = (this.notes[a.id] ?? '').trim();
      await decideAsHost(a.id, accept, note || undefined);
      await this.afterChange(a, accept ? t('placements.applications.accepted', { name: a.person.name }) : t('placements.applications.declined', { name: a.person.name }));
    } catch (error) {
      this.setError(a.id, describeError(error));
    } finally {
      this.busy = 0;
    }
  }

  private draft(id: number): ReportDraft {
    return this.reports[id] ?? { completed: true, summary: '', score: '' };
  }

  private change(id: number, changes: Partial<ReportDraft>): void {
    this.reports = { ...this.reports, [id]: { ...this.draft(id), ...changes } };
  }

  private async report(event: Event, a: Application): Promise<void> {
    event.preventDefault();
    const draft = this.draft(a.id);
    if (draft.summary.trim().length < 20) return this.setError(a.id, t('placements.report.tooShort'));
    const score = draft.score.trim() === '' ? undefined : Number(draft.score);
    if (score !== undefined && (!Number.isInteger(score) || score < 0 || score > 100)) return this.setError(a.id, t('placements.report.badScore'));
    this.busy = a.id;
    this.setError(a.id, '');
    try {
      await reportPlacement(a.id, { completed: draft.completed, summary: draft.summary.trim(), ...(score !== undefined ? { score } : {}) });
      await this.afterChange(a, t('placements.report.sent', { name: a.person.name }));
    } catch (error) {
      this.setError(a.id, describeError(error));
    } finally {
      this.busy = 0;
    }
  }

  private renderDecision(a: Application) {
    const busy = this.busy === a.id;
    return html`<div class="field">
        <label for=${`hn-${a.id}`}>${t('placements.applications.note')}</label>
        <textarea
          id=${`hn-${a.id}`}
          rows="2"
          maxlength="2000"
          .value=${this.notes[a.id] ?? ''}
          @input=${(e: Event) => (this.notes = { ...this.notes, [a.id]: (e.target as HTMLTextAreaElement).value })}
        ></textarea>
      </div>
      <div class="row">
        <button type="button" ?disabled=${busy} @click=${() => this.decide(a, true)}>${t('placements.applications.accept')}</button>
        <button type="button" class="danger" ?disabled=${busy} @click=${() => this.decide(a, false)}>${t('placements.applications.decline')}</button>
      </div>`;
  }

  private renderReport(a: Application) {
    const p = this.placement!;
    if (p.startsOn > today()) return html`<p class="muted">${t('placements.report.notYet', { date: formatDate(p.startsOn) })}</p>`;
    const draft = this.draft(a.id);
    const id = (name: string) => `${name}-${a.id}`;
    return html`<form novalidate @submit=${(e: Event) => this.report(e, a)} aria-busy=${this.busy === a.id ? 'true' : 'false'} data-testid="report-form">
      <h4>${t('placements.report.heading', { name: a.person.name })}</h4>
      <fieldset>
        <legend>${t('placements.report.outcome')}</legend>
        <label class="check"
          ><input type="radio" name=${id('outcome')} .checked=${draft.completed} @change=${() => this.change(a.id, { completed: true })} /> ${t('placements.report.completed')}</label
        >
        <label class="check"
          ><input type="radio" name=${id('outcome')} .checked=${!draft.completed} @change=${() => this.change(a.id, { completed: false })} />
          ${t('placements.report.notCompleted')}</label
        >
      </fieldset>
      <div class="field">
        <label for=${id('summary')}>${t('placements.report.summary')}</label>
        <textarea
          id=${id('summary')}
          class="tall"
          maxlength="5000"
          aria-describedby=${id('summary-hint')}
          .value=${draft.summary}
          @input=${(e: Event) => this.change(a.id, { summary: (e.target as HTMLTextAreaElement).value })}
        ></textarea>
        <p class="hint" id=${id('summary-hint')}>${t('placements.report.summaryHint')}</p>
      </div>
      <div class="field">
        <label for=${id('score')}>${t('placements.report.score')}</label>
        <input id=${id('score')} type="number" min="0" max="100" inputmode="numeric" .value=${draft.score} @input=${(e: Event) => this.change(a.id, { score: (e.target as HTMLInputElement).value })} />
      </div>
      <div class="actions"><button type="submit" ?disabled=${this.busy === a.id}>${t('placements.report.submit')}</button></div>
    </form>`;
  }

  private renderItem(a: Application) {
    const error = this.errors[a.id];
    const who = [a.person.name, a.person.unit, a.person.position].filter(Boolean).join(' · ');
    return html`<li class="card" data-testid="host-application">
      <h3>${who}</h3>
      <p>${applicationBadge(a.status)}</p>
      <details>
        <summary>${t('placements.applications.motivation')}</summary>
        <p class="motivation">${a.motivation}</p>
      </details>
      ${applicationTimeline(a)}
      ${error ? html`<sinau-alert variant="error">${error}</sinau-alert>` : nothing}
      ${a.status === 'pending_host' ? this.renderDecision(a) : nothing} ${a.status === 'accepted' ? this.renderReport(a) : nothing}
    </li>`;
  }

  override render() {
    let body;
    if (this.applications.error) body = html`<sinau-alert variant="error">${describeError(this.applications.error)}</sinau-alert>`;
    else if (!this.applications.value) body = html`<sinau-loading .label=${t('placements.applications.loading')}></sinau-loading>`;
    else if (!this.applications.value.length) body = html`<p class="muted">${t('placements.applications.empty')}</p>`;
    else body = html`<ul class="plain">${this.applications.value.map((a) => this.renderItem(a))}</ul>`;
    return html`<section aria-labelledby="applicants-heading" data-testid="host-applications">
      <h2 id="applicants-heading">${t('placements.applications.heading')}</h2>
      <p>${t('placements.applications.intro')}</p>
      ${body}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-placement-applications': SinauPlacementApplications;
  }
  interface HTMLElementEventMap {
    'sinau-placement-changed': CustomEvent<void>;
  }
}
