import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { QuestionV } from '../../api/webinar-live.ts';
import { announce } from '../../announce.ts';
import { LocaleController, formatNumber, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import type { RoomConnection } from './room-connection.ts';
import { roomErrorText, timeOfDay } from './room-format.ts';
import { sortQuestions, type RoomState } from './room-state.ts';
import { panelStyles } from './webinar-live.styles.ts';

/**
 * Questions and answers: ask (optionally without one's name shown to others), upvote a question
 * or take the vote back, most-voted open questions first; hosts mark a question answered,
 * dismiss it or open it again.
 */
@customElement('sinau-live-questions')
export class SinauLiveQuestions extends LitElement {
  static override styles = [pageStyles, panelStyles];

  /** The room's connection, through which questions are asked and decided. */
  @property({ attribute: false }) room: RoomConnection | null = null;
  /** The room as last known. */
  @property({ attribute: false }) state: RoomState | null = null;

  @state() private draft = '';
  @state() private anonymous = false;
  @state() private asking = false;
  @state() private askError = '';
  @state() private listError = '';
  /** Questions whose vote is on its way (the button waits). */
  @state() private voting = new Set<number>();

  private readonly locale = new LocaleController(this);

  private async ask(event: Event): Promise<void> {
    event.preventDefault();
    const body = this.draft.trim();
    if (!this.room || this.asking) return;
    if (!body) {
      this.askError = t('webinarLive.questions.needBody');
      return;
    }
    this.asking = true;
    this.askError = '';
    try {
      await this.room.request({ type: 'question.ask', body, ...(this.anonymous ? { anonymous: true } : {}) });
      this.draft = '';
      this.anonymous = false;
      announce(t('webinarLive.questions.asked'));
    } catch (error) {
      this.askError = roomErrorText(error);
    } finally {
      this.asking = false;
    }
  }

  private async vote(question: QuestionV, up: boolean): Promise<void> {
    if (!this.room || this.voting.has(question.id)) return;
    this.voting = new Set(this.voting).add(question.id);
    this.listError = '';
    try {
      await this.room.vote(question.id, up);
    } catch (error) {
      this.listError = roomErrorText(error);
    } finally {
      const next = new Set(this.voting);
      next.delete(question.id);
      this.voting = next;
    }
  }

  private async decide(question: QuestionV, status: QuestionV['status']): Promise<void> {
    this.listError = '';
    try {
      await this.room?.request({ type: 'question.decide', questionId: question.id, status });
    } catch (error) {
      this.listError = roomErrorText(error);
    }
  }

  private author(q: QuestionV, state: RoomState): string {
    if (q.personId !== null && q.personId === state.me.personId) return t('webinarLive.you');
    if (!q.anonymous) return q.name ?? '';
    // Hosts still learn who asked; they see it beside "Anonymous".
    return q.name ? t('webinarLive.questions.anonymousKnown', { name: q.name }) : t('webinarLive.questions.anonymousName');
  }

  private renderQuestion(q: QuestionV, state: RoomState) {
    const host = state.me.role === 'host';
    const voted = state.myVotes.has(q.id);
    const badge = q.status === 'answered' ? 'create' : q.status === 'dismissed' ? 'inactive' : '';
    return html`<li data-testid=${`question-${q.id}`} data-status=${q.status}>
      <div class="meta">
        <strong>${this.author(q, state)}</strong>
        <time datetime=${q.at}>${timeOfDay(q.at)}</time>
        ${q.status !== 'open' ? html`<span class="badge ${badge}">${t(`webinarLive.questions.status.${q.status}`)}</span>` : null}
      </div>
      <p class="body">${q.body}</p>
      <div class="tools">
        <button
          type="button"
          class="secondary"
          data-testid=${`question-vote-${q.id}`}
          aria-pressed=${voted ? 'true' : 'false'}
          aria-label=${t('webinarLive.questions.voteLabel', { count: q.votes, body: q.body })}
          ?disabled=${q.status !== 'open' || this.voting.has(q.id)}
          @click=${() => this.vote(q, !voted)}
        >
          <span aria-hidden="true">${voted ? '▲' : '△'}</span> ${formatNumber(q.votes)}
        </button>
        ${host && q.status === 'open'
          ? html`<button type="button" class="secondary" data-testid=${`question-answered-${q.id}`} @click=${() => this.decide(q, 'answered')}>
                ${t('webinarLive.questions.markAnswered')}
              </button>
              <button type="button" class="secondary" data-testid=${`question-dismiss-${q.id}`} @click=${() => this.decide(q, 'dismissed')}>
                ${t('webinarLive.questions.dismiss')}
              </button>`
          : null}
        ${host && q.status !== 'open'
          ? html`<button type="button" class="secondary" data-testid=${`question-reopen-${q.id}`} @click=${() => this.decide(q, 'open')}>
              ${t('webinarLive.questions.reopen')}
            </button>`
          : null}
      </div>
    </li>`;
  }

  override render() {
    const state = this.state;
    if (!state) return null;
    const questions = sortQuestions(state.questions);
    return html`<h2 class="visually-hidden">${t('webinarLive.tabs.questions')}</h2>
      <form class="compose" @submit=${this.ask}>
        <div class="field">
          <label for="question-input">${t('webinarLive.questions.askLabel')}</label>
          <textarea
            id="question-input"
            maxlength="500"
            data-testid="question-input"
            .value=${this.draft}
            aria-invalid=${this.askError ? 'true' : 'false'}
            aria-describedby=${this.askError ? 'ask-error' : nothing}
            @input=${(e: Event) => (this.draft = (e.target as HTMLTextAreaElement).value)}
          ></textarea>
          ${this.askError ? html`<p id="ask-error" class="field-error" role="alert">${this.askError}</p>` : null}
        </div>
        <label class="check">
          <input
            type="checkbox"
            data-testid="question-anonymous"
            aria-describedby="anonymous-hint"
            .checked=${this.anonymous}
            @change=${(e: Event) => (this.anonymous = (e.target as HTMLInputElement).checked)}
          />
          <span>${t('webinarLive.questions.anonymous')}</span>
        </label>
        <p id="anonymous-hint" class="hint">${t('webinarLive.questions.anonymousHint')}</p>
        <div class="actions">
          <button type="submit" data-testid="question-ask" ?disabled=${this.asking}>${t('webinarLive.questions.ask')}</button>
        </div>
      </form>
      <h3 class="count">${t('webinarLive.questions.listHeading', { count: questions.length })}</h3>
      ${this.listError ? html`<p class="field-error" role="alert">${this.listError}</p>` : null}
      ${questions.length === 0
        ? html`<p class="empty">${t('webinarLive.questions.empty')}</p>`
        : html`<ol class="items" data-testid="question-list">
            ${repeat(
              questions,
              (q) => q.id,
              (q) => this.renderQuestion(q, state),
            )}
          </ol>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-live-questions': SinauLiveQuestions;
  }
}
