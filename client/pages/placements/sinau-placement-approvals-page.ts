import { LitElement, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { decideAsSupervisor, listPlacementApprovals, type Application } from '../../api/placements.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatDate, LocaleController, t } from '../../i18n.ts';
import { placementStyles } from './placement-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';

/** Supervisors (and admins, for applicants without one): placement applications to approve or refuse with a note. */
@customElement('sinau-placement-approvals-page')
export class SinauPlacementApprovalsPage extends LitElement {
  static override styles = placementStyles;

  @state() private notes: Record<number, string> = {};
  @state() private errors: Record<number, string> = {};
  @state() private busy = 0;

  private readonly locale = new LocaleController(this);
  private readonly pending = new LoadController<Application[]>(this, (signal) => listPlacementApprovals(signal));

  private async decide(a: Application, approve: boolean): Promise<void> {
    const note = (this.notes[a.id] ?? '').trim();
    const name = a.person.name ?? '';
    if (!approve && !note) {
      this.errors = { ...this.errors, [a.id]: t('placements.approvals.needNote') };
      this.renderRoot.querySelector<HTMLTextAreaElement>(`#note-${a.id}`)?.focus();
      return;
    }
    this.busy = a.id;
    this.errors = { ...this.errors, [a.id]: '' };
    try {
      await decideAsSupervisor(a.id, approve, note || undefined);
      announce(approve ? t('placements.approvals.approved', { name }) : t('placements.approvals.refused', { name }));
      await this.pending.run();
    } catch (error) {
      this.errors = { ...this.errors, [a.id]: describeError(error) };
    } finally {
      this.busy = 0;
    }
  }

  private renderItem(a: Application) {
    const busy = this.busy === a.id;
    const error = this.errors[a.id];
    return html`<li class="card" data-testid="approval-item">
      <h2><a href=${`/placements/${a.placement.id}`}>${a.placement.title}</a></h2>
      <p>
        <strong>${t('placements.approvals.applicant', { name: a.person.name ?? '', unit: a.person.unit ?? '' })}</strong>
        · ${t(`placements.kinds.${a.placement.kind}`)} · ${formatDate(a.createdAt)}
      </p>
      <h3>${t('placements.approvals.motivation')}</h3>
      <p class="motivation">${a.motivation}</p>
      <div class="field">
        <label for=${`note-${a.id}`}>${t('placements.approvals.note')}</label>
        <textarea
          id=${`note-${a.id}`}
          rows="2"
          maxlength="2000"
          aria-describedby=${`note-hint-${a.id}`}
          .value=${this.notes[a.id] ?? ''}
          @input=${(e: Event) => (this.notes = { ...this.notes, [a.id]: (e.target as HTMLTextAreaElement).value })}
        ></textarea>
        <p class="hint" id=${`note-hint-${a.id}`}>${t('placements.approvals.noteHint')}</p>
      </div>
      ${error ? html`<sinau-alert variant="error">${error}</sinau-alert>` : nothing}
      <div class="row">
        <button type="button" ?disabled=${busy} @click=${() => this.decide(a, true)}>${t('placements.approvals.approve')}</button>
        <button type="button" class="danger" ?disabled=${busy} @click=${() => this.decide(a, false)}>${t('placements.approvals.refuse')}</button>
      </div>
    </li>`;
  }

  private renderList() {
    if (this.pending.error) return html`<sinau-alert variant="error">${describeError(this.pending.error)}</sinau-alert>`;
    const list = this.pending.value;
    if (!list) return html`<sinau-loading .label=${t('placements.approvals.loading')}></sinau-loading>`;
    if (!list.length) return html`<p class="muted" role="status">${t('placements.approvals.empty')}</p>`;
    return html`<ul class="plain">${list.map((a) => this.renderItem(a))}</ul>`;
  }

  override render() {
    return html`<p class="crumbs"><a href="/placements">${t('placements.detail.back')}</a></p>
      <h1>${t('placements.approvals.title')}</h1>
      <p class="lead">${t('placements.approvals.intro')}</p>
      ${this.renderList()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-placement-approvals-page': SinauPlacementApprovalsPage;
  }
}
