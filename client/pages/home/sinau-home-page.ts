import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import type { Role } from '../../api/org.ts';
import { LocaleController, t, type MessageKey } from '../../i18n.ts';
import { SessionController } from '../../session.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import '../quizzes/sinau-assigned-quizzes.ts';
import '../evaluation/sinau-evaluation-prompts.ts';
import '../evaluation/sinau-followup-tasks.ts';
import '../campaigns/sinau-campaign-tasks.ts';
import './sinau-home-admin.ts';
import './sinau-home-learner.ts';
import './sinau-home-partner.ts';
import './sinau-home-supervisor.ts';
import './sinau-home-trainer.ts';

function greetingKey(hour: number): MessageKey {
  if (hour >= 4 && hour < 11) return 'home.greeting.morning';
  if (hour >= 11 && hour < 15) return 'home.greeting.midday';
  if (hour >= 15 && hour < 18) return 'home.greeting.afternoon';
  return 'home.greeting.evening';
}

/**
 * Home: a greeting, the competency tests assigned to me (when there are any), then one section
 * per role the person holds, each saying what to do next.
 */
@customElement('sinau-home-page')
export class SinauHomePage extends LitElement {
  static override styles = [
    pageStyles,
    css`
      .sections {
        display: grid;
        gap: var(--sinau-space-4);
      }
    `,
  ];

  private readonly session = new SessionController(this);
  private readonly locale = new LocaleController(this);

  private renderSection(role: Role) {
    const me = this.session.me!;
    switch (role) {
      case 'learner':
        return html`<sinau-home-learner .me=${me}></sinau-home-learner>`;
      case 'trainer':
        return html`<sinau-home-trainer .me=${me}></sinau-home-trainer>`;
      case 'supervisor':
        return html`<sinau-home-supervisor .me=${me}></sinau-home-supervisor>`;
      case 'admin':
        return html`<sinau-home-admin .me=${me}></sinau-home-admin>`;
      case 'partner':
        return html`<sinau-home-partner .me=${me}></sinau-home-partner>`;
    }
  }

  override render() {
    const me = this.session.me;
    if (!me) return null;
    const order: Role[] = ['learner', 'trainer', 'supervisor', 'admin', 'partner'];
    const held = order.filter((role) => me.roles.includes(role));
    return html`<h1>${t(greetingKey(new Date().getHours()), { name: me.name })}</h1>
      <p class="lead">${held.length ? t('home.intro') : t('home.noRoles')}</p>
      <div class="sections">
        <sinau-assigned-quizzes></sinau-assigned-quizzes>
        <sinau-evaluation-prompts></sinau-evaluation-prompts>
        <sinau-campaign-tasks></sinau-campaign-tasks>
        ${held.includes('supervisor') ? html`<sinau-followup-tasks></sinau-followup-tasks>` : null}
        ${held.map((role) => this.renderSection(role))}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-home-page': SinauHomePage;
  }
}
