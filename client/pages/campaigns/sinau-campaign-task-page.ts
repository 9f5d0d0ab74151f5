import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { finaliseTask, getTask, nominatePeers, peerCandidates, savePeerInput, saveSelf, saveSupervisor, type Ratings, type Task, type TaskCompetency } from '../../api/assessment-campaigns.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatDate, LocaleController, t } from '../../i18n.ts';
import { formStyles, pageStyles } from '../../styles/shared-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import './sinau-indicator-ratings.ts';

/**
 * One assessment task of a campaign, as the reader's role allows: the person rates themself,
 * a nominated peer gives input, the direct supervisor (or an office admin) rates with the
 * self-assessment and peers' marks beside, saves drafts and finalises.
 */
@customElement('sinau-campaign-task-page')
export class SinauCampaignTaskPage extends LitElement {
  static override styles = [
    pageStyles,
    formStyles,
    css`
      section.competency {
        border: 1px solid var(--sinau-color-border, #ccc);
        border-radius: var(--sinau-radius, 8px);
        padding: var(--sinau-space-3);
        margin-bottom: var(--sinau-space-4);
      }
      h2 {
        font-size: 1.15rem;
      }
      .overdue {
        color: var(--sinau-color-danger, #b00020);
        font-weight: 700;
      }
      textarea {
        font-family: inherit;
        font-size: 1rem;
        min-height: 4rem;
        width: 100%;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--sinau-space-2);
      }
    `,
  ];

  /** Route parameters: `id` is the task. */
  @property({ attribute: false }) params: Record<string, string> = {};

  @state() private ratings: Record<string, Ratings> = {};
  @state() private notes: Record<string, string> = {};
  @state() private comment = '';
  @state() private candidates: { id: number; name: string; position: string | null }[] | null = null;
  @state() private nominee = '';
  @state() private busy = false;
  @state() private error = '';

  private readonly locale = new LocaleController(this);
  private readonly task = new LoadController<Task>(this, async (signal) => this.adopt(await getTask(Number(this.params.id), signal)));

  /** Starts the form from what the server has for the reader's role. */
  private adopt(task: Task): Task {
    const mine = (c: TaskCompetency): Ratings | null =>
      task.role === 'subject' ? c.selfRatings : task.role === 'peer' ? (task.myPeerInput?.ratings?.[c.code] ?? null) : c.supervisorRatings;
    this.ratings = Object.fromEntries(task.competencies.map((c) => [c.code, mine(c) ?? Object.fromEntries(c.levels.map((l) => [String(l.level), l.indicators.map(() => false)]))]));
    this.notes = Object.fromEntries(task.competencies.map((c) => [c.code, c.supervisorNote]));
    this.comment = task.myPeerInput?.comment ?? '';
    return task;
  }

  /** May the reader nominate (more) peers on this task now? */
  private mayNominate(task: Task): boolean {
    return task.role !== 'peer' && task.campaign.peerInput && task.campaign.state === 'open' && task.status !== 'finalised' && task.peers.length < task.campaign.maxPeers;
  }

  override updated(): void {
    const task = this.task.value;
    if (task && this.candidates === null && this.mayNominate(task)) {
      this.candidates = [];
      peerCandidates(task.id)
        .then((list) => (this.candidates = list))
        .catch((error: unknown) => (this.error = describeError(error)));
    }
  }

  private nominate(event: Event): void {
    event.preventDefault();
    const id = Number(this.nominee);
    if (!id) return;
    const taskId = this.task.value!.id;
    void this.act(() => nominatePeers(taskId, [id]), () => t('campaigns.task.nominated'), true).then(() => (this.nominee = ''));
  }

  private renderNominate(task: Task) {
    if (!this.mayNominate(task) || !this.candidates?.length) return nothing;
    const taken = new Set(task.peers.map((p) => p.id));
    return html`<form @submit=${this.nominate} class="nominate">
      <div class="field">
        <label for="peer-pick">${t('campaigns.task.nominateLabel')}</label>
        <select id="peer-pick" .value=${this.nominee} @change=${(e: Event) => (this.nominee = (e.target as HTMLSelectElement).value)}>
          <option value=""></option>
          ${this.candidates.filter((c) => !taken.has(c.id)).map((c) => html`<option value=${String(c.id)}>${c.name}${c.position ? ` — ${c.position}` : ''}</option>`)}
        </select>
      </div>
      <button type="submit" class="secondary" ?disabled=${this.busy || !this.nominee}>${t('campaigns.task.nominate')}</button>
    </form>`;
  }

  private editable(task: Task): boolean {
    if (task.campaign.state !== 'open' || task.status === 'finalised') return false;
    if (task.role === 'subject') return task.campaign.selfAssessment && !task.selfSubmittedAt;
    if (task.role === 'peer') return !task.myPeerInput?.submittedAt;
    return true;
  }

  /** Runs a change; the form restarts from the reply unless `keepForm` (unsaved marks stay). */
  private async act(run: () => Promise<Task>, message: (task: Task) => string, keepForm = false): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = '';
    try {
      const reply = await run();
      const task = keepForm ? reply : this.adopt(reply);
      this.task.value = task;
      announce(message(task));
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = false;
    }
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const task = this.task.value!;
    const id = task.id;
    const submitter = (event.submitter as HTMLButtonElement | null)?.value ?? 'draft';
    if (task.role === 'subject') {
      const submit = submitter === 'submit';
      void this.act(() => saveSelf(id, this.ratings, submit), () => t(submit ? 'campaigns.task.selfSubmitted' : 'campaigns.task.saved'));
    } else if (task.role === 'peer') {
      const submit = submitter === 'submit';
      void this.act(() => savePeerInput(id, this.ratings, this.comment.trim(), submit), () => t(submit ? 'campaigns.task.peerSubmitted' : 'campaigns.task.saved'));
    } else if (submitter === 'finalise') {
      if (!confirm(t('campaigns.task.finaliseConfirm'))) return;
      void this.act(
        async () => {
          await saveSupervisor(id, this.ratings, this.notes);
          return finaliseTask(id);
        },
        (tk) => t('campaigns.task.finalised', { name: tk.person.name }),
      );
    } else {
      void this.act(() => saveSupervisor(id, this.ratings, this.notes), () => t('campaigns.task.saved'));
    }
  }

  private renderCompetency(task: Task, c: TaskCompetency, editable: boolean) {
    const oversees = task.role === 'supervisor' || task.role === 'admin';
    const shown = task.role === 'subject' && task.status === 'finalised' ? (c.supervisorRatings ?? {}) : (this.ratings[c.code] ?? {});
    return html`<section class="competency" aria-labelledby=${`c-${c.code}`} data-testid="task-competency" data-code=${c.code}>
      <h2 id=${`c-${c.code}`}>${c.code} ${c.name}</h2>
      ${c.resultLevel !== null
        ? html`<p class="result" data-testid="final-level">${c.resultLevel > 0 ? t('campaigns.task.result', { level: c.resultLevel }) : t('campaigns.task.resultNone')}</p>`
        : nothing}
      ${task.role === 'subject' && c.peerSummary ? html`<p class="hint">${t('campaigns.task.peerSummary', { count: c.peerSummary.answered })}</p>` : nothing}
      <sinau-indicator-ratings
        .competency=${c}
        .ratings=${shown}
        .self=${oversees ? c.selfRatings : null}
        .peers=${oversees || task.role === 'subject' ? c.peerSummary : null}
        ?readonly=${!editable}
        @sinau-ratings-change=${(e: CustomEvent<Ratings>) => (this.ratings = { ...this.ratings, [c.code]: e.detail })}
      ></sinau-indicator-ratings>
      ${oversees
        ? html`<div class="field">
            <label for=${`note-${c.code}`}>${t('campaigns.task.note', { code: c.code })}</label>
            <textarea
              id=${`note-${c.code}`}
              maxlength="4000"
              ?readonly=${!editable}
              .value=${this.notes[c.code] ?? ''}
              @input=${(e: Event) => (this.notes = { ...this.notes, [c.code]: (e.target as HTMLTextAreaElement).value })}
            ></textarea>
          </div>`
        : task.role === 'subject' && task.status === 'finalised' && c.supervisorNote
          ? html`<p>${c.supervisorNote}</p>`
          : nothing}
    </section>`;
  }

  private renderIntro(task: Task) {
    switch (task.role) {
      case 'subject':
        if (!task.campaign.selfAssessment) return html`<p>${t('campaigns.task.selfOff')}</p>`;
        return html`<p>${task.selfSubmittedAt ? t('campaigns.task.selfDone') : t('campaigns.task.selfIntro')}</p>`;
      case 'peer':
        return html`<p>${task.myPeerInput?.submittedAt ? t('campaigns.task.peerSubmitted') : t('campaigns.task.peerIntro', { name: task.person.name })}</p>`;
      default:
        return html`<p>${t('campaigns.task.supervisorIntro', { name: task.person.name })}</p>
          ${task.campaign.selfAssessment && !task.selfSubmittedAt ? html`<p class="hint">${t('campaigns.task.selfNotYet')}</p>` : nothing}`;
    }
  }

  private renderPeers(task: Task) {
    if (!task.campaign.peerInput || task.role === 'peer') return nothing;
    return html`<section aria-labelledby="peers-heading">
      <h2 id="peers-heading">${t('campaigns.task.peersHeading')}</h2>
      ${task.peers.length
        ? html`<ul>
            ${task.peers.map((p) => html`<li>${p.name} — ${p.answered ? t('campaigns.task.peerAnswered') : t('campaigns.task.peerWaiting')}</li>`)}
          </ul>`
        : html`<p class="muted">${t('campaigns.task.peersNone')}</p>`}
      ${this.renderNominate(task)}
      ${task.role === 'subject' && task.peers.filter((p) => p.answered).length < 2 ? html`<p class="hint">${t('campaigns.task.peerSummaryHidden')}</p>` : nothing}
      ${task.peerComments.length
        ? html`<h3>${t('campaigns.task.peerComments')}</h3>
            <ul data-testid="peer-comments">
              ${task.peerComments.map((c) => html`<li>${c.peer ? html`<strong>${c.peer.name}:</strong> ` : nothing}${c.comment}</li>`)}
            </ul>`
        : nothing}
    </section>`;
  }

  private renderActions(task: Task) {
    if (!this.editable(task)) return nothing;
    if (task.role === 'supervisor' || task.role === 'admin') {
      return html`<div class="actions">
        <button type="submit" class="secondary" value="draft" ?disabled=${this.busy}>${t('campaigns.task.saveDraft')}</button>
        <button type="submit" value="finalise" ?disabled=${this.busy}>${t('campaigns.task.finalise')}</button>
      </div>`;
    }
    const submitKey = task.role === 'subject' ? 'campaigns.task.selfSubmit' : 'campaigns.task.peerSubmit';
    return html`${task.role === 'peer'
        ? html`<div class="field">
            <label for="peer-comment">${t('campaigns.task.peerComment')}</label>
            <textarea id="peer-comment" maxlength="4000" .value=${this.comment} @input=${(e: Event) => (this.comment = (e.target as HTMLTextAreaElement).value)}></textarea>
          </div>`
        : nothing}
      <div class="actions">
        <button type="submit" class="secondary" value="draft" ?disabled=${this.busy}>${t('campaigns.task.saveDraft')}</button>
        <button type="submit" value="submit" ?disabled=${this.busy}>${t(submitKey)}</button>
      </div>`;
  }

  override render() {
    if (this.task.error) return html`<h1>${t('campaigns.task.title')}</h1><sinau-alert variant="error">${describeError(this.task.error)}</sinau-alert>`;
    const task = this.task.value;
    if (!task) return html`<sinau-loading .label=${t('campaigns.task.loading')}></sinau-loading>`;
    const editable = this.editable(task);
    return html`<h1>${t('campaigns.task.title')}</h1>
      <p class="lead">${t('campaigns.task.forPerson', { name: task.person.name, campaign: task.campaign.name })}</p>
      <p>
        <span class="badge" data-testid="task-status">${t(`campaigns.status.${task.status}`)}</span>
        ${t('campaigns.task.due', { date: formatDate(task.campaign.closesOn) })}
        ${task.overdue ? html`<span class="overdue">${t('campaigns.overdue')}</span>` : nothing}
      </p>
      ${task.status === 'finalised' ? html`<sinau-alert variant="success">${t('campaigns.task.readOnly')}</sinau-alert>` : nothing}
      ${task.campaign.state !== 'open' && task.status !== 'finalised' ? html`<sinau-alert variant="warning">${t('campaigns.task.notOpen')}</sinau-alert>` : nothing}
      ${this.renderIntro(task)}
      ${task.role === 'subject' && task.status !== 'finalised' && !task.campaign.selfAssessment ? html`<p class="hint">${t('campaigns.task.waitingResult')}</p>` : nothing}
      <form novalidate @submit=${this.onSubmit} aria-busy=${this.busy ? 'true' : 'false'}>
        ${task.role === 'subject' && !task.campaign.selfAssessment && task.status !== 'finalised' ? nothing : task.competencies.map((c) => this.renderCompetency(task, c, editable))}
        ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : nothing} ${this.renderActions(task)}
      </form>
      ${this.renderPeers(task)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-campaign-task-page': SinauCampaignTaskPage;
  }
}
