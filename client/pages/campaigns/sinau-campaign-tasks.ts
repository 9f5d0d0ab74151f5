import { LitElement, css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { getMyWork, type MyWork, type TaskSummary } from '../../api/assessment-campaigns.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { formatDate, LocaleController, t, type MessageKey } from '../../i18n.ts';
import { homeSectionStyles } from '../home/home-styles.ts';
import '../../components/sinau-alert.ts';

/**
 * Home section: the open assessment-campaign tasks waiting for me (subordinates to rate, my
 * self-assessment, peer input asked of me) with their due dates, overdue ones marked, and the
 * admins' reminders. Shows nothing when there is nothing to do.
 */
@customElement('sinau-campaign-tasks')
export class SinauCampaignTasks extends LitElement {
  static override styles = [
    homeSectionStyles,
    css`
      .overdue {
        color: var(--sinau-color-danger, #b00020);
        font-weight: 700;
      }
      li.task {
        margin-bottom: var(--sinau-space-1);
      }
    `,
  ];

  private readonly locale = new LocaleController(this);
  private readonly work = new LoadController<MyWork>(this, (signal) => getMyWork(signal));

  private renderList(key: MessageKey, tasks: TaskSummary[], testId: string) {
    const todo = tasks.filter((x) => x.todo !== null);
    if (!todo.length) return nothing;
    return html`<h3>${t(key)}</h3>
      <ul data-testid=${testId}>
        ${todo.map(
          (x) => html`<li class="task">
            <a href=${`/assessments/${x.id}`}>${x.person.name}</a> — ${x.campaign.name} ·
            <span class=${x.overdue ? 'overdue' : ''}>${t('campaigns.home.due', { date: formatDate(x.campaign.closesOn) })}${x.overdue ? ` (${t('campaigns.overdue')})` : ''}</span>
            · ${t(`campaigns.status.${x.status}`)}
          </li>`,
        )}
      </ul>`;
  }

  override render() {
    const w = this.work.value;
    // Quiet when it fails or is empty: the rest of the home page matters more.
    if (!w) return nothing;
    const any = [...w.asSupervisor, ...w.asSubject, ...w.asPeer].some((x) => x.todo !== null);
    if (!any && !w.reminders.length) return nothing;
    return html`<section aria-labelledby="campaign-tasks-heading" data-testid="campaign-tasks">
      <h2 id="campaign-tasks-heading">${t('campaigns.home.heading')}</h2>
      ${any
        ? w.reminders.map(
            (r) =>
              html`<sinau-alert variant="warning">${r.message ? t('campaigns.home.reminder', { campaign: r.campaign.name, message: r.message }) : t('campaigns.home.reminderPlain', { campaign: r.campaign.name })}</sinau-alert>`,
          )
        : nothing}
      ${this.renderList('campaigns.home.asSupervisor', w.asSupervisor, 'campaign-supervisor-tasks')} ${this.renderList('campaigns.home.asSubject', w.asSubject, 'campaign-self-tasks')}
      ${this.renderList('campaigns.home.asPeer', w.asPeer, 'campaign-peer-tasks')}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-campaign-tasks': SinauCampaignTasks;
  }
}
