import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { PollV } from '../../api/webinar-live.ts';
import { announce } from '../../announce.ts';
import { LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import type { RoomConnection } from './room-connection.ts';
import { roomErrorText } from './room-format.ts';
import { pollPercentages, sortPolls, type RoomState } from './room-state.ts';
import { panelStyles } from './webinar-live.styles.ts';
import './sinau-live-poll-form.ts';

/**
 * Polls: attendees vote (one choice, or several when the poll allows) and then see the results
 * grow as others vote; hosts create polls, see results throughout and close a poll.
 */
@customElement('sinau-live-polls')
export class SinauLivePolls extends LitElement {
  static override styles = [
    pageStyles,
    panelStyles,
    css`
      .poll {
        border: 1px solid var(--sinau-color-border);
        border-radius: var(--sinau-radius);
        padding: var(--sinau-space-3);
        margin: 0 0 var(--sinau-space-3);
      }
      .poll h3 {
        font-size: 1rem;
        margin-bottom: var(--sinau-space-1);
        overflow-wrap: anywhere;
      }
      .poll fieldset {
        margin: var(--sinau-space-2) 0;
      }
      .results {
        list-style: none;
        padding: 0;
        margin: var(--sinau-space-2) 0;
      }
      .results li {
        margin-bottom: var(--sinau-space-2);
      }
      .result-text {
        display: flex;
        justify-content: space-between;
        gap: var(--sinau-space-2);
        overflow-wrap: anywhere;
      }
      .result-text .figure {
        white-space: nowrap;
        font-variant-numeric: tabular-nums;
      }
      .bar {
        height: 0.6rem;
        border-radius: 999px;
        background: var(--sinau-color-primary-soft);
        overflow: hidden;
      }
      .bar span {
        display: block;
        height: 100%;
        background: var(--sinau-color-primary);
        transition: width 0.3s ease-out;
      }
      @media (prefers-reduced-motion: reduce) {
        .bar span {
          transition: none;
        }
      }
      .mine {
        font-weight: 700;
      }
      sinau-live-poll-form {
        margin-bottom: var(--sinau-space-4);
      }
    `,
  ];

  /** The room's connection, through which polls are created, voted in and closed. */
  @property({ attribute: false }) room: RoomConnection | null = null;
  /** The room as last known. */
  @property({ attribute: false }) state: RoomState | null = null;

  /** Choices ticked but not yet sent, per poll. */
  @state() private picked = new Map<number, number[]>();
  @state() private busy = new Set<number>();
  @state() private errors = new Map<number, string>();

  private readonly locale = new LocaleController(this);

  private pick(poll: PollV, index: number, checked: boolean): void {
    const current = this.picked.get(poll.id) ?? [];
    const next = poll.multiple ? (checked ? [...new Set([...current, index])] : current.filter((i) => i !== index)) : [index];
    this.picked = new Map(this.picked).set(poll.id, next.sort((a, b) => a - b));
  }

  private setError(pollId: number, message: string): void {
    const errors = new Map(this.errors);
    if (message) errors.set(pollId, message);
    else errors.delete(pollId);
    this.errors = errors;
  }

  private setBusy(pollId: number, busy: boolean): void {
    const next = new Set(this.busy);
    if (busy) next.add(pollId);
    else next.delete(pollId);
    this.busy = next;
  }

  private async vote(event: Event, poll: PollV): Promise<void> {
    event.preventDefault();
    const choices = this.picked.get(poll.id) ?? [];
    if (!this.room || this.busy.has(poll.id)) return;
    if (choices.length === 0) return this.setError(poll.id, t('webinarLive.polls.needChoice'));
    this.setBusy(poll.id, true);
    this.setError(poll.id, '');
    try {
      await this.room.votePoll(poll.id, choices);
      announce(t('webinarLive.polls.voted'));
    } catch (error) {
      this.setError(poll.id, roomErrorText(error));
    } finally {
      this.setBusy(poll.id, false);
    }
  }

  private async close(poll: PollV): Promise<void> {
    if (!this.room || this.busy.has(poll.id)) return;
    this.setBusy(poll.id, true);
    this.setError(poll.id, '');
    try {
      await this.room.request({ type: 'poll.close', pollId: poll.id });
    } catch (error) {
      this.setError(poll.id, roomErrorText(error));
    } finally {
      this.setBusy(poll.id, false);
    }
  }

  private renderVote(poll: PollV) {
    const picked = this.picked.get(poll.id) ?? [];
    const error = this.errors.get(poll.id);
    return html`<form @submit=${(e: Event) => this.vote(e, poll)}>
      <fieldset aria-describedby=${`poll-hint-${poll.id}`}>
        <legend class="visually-hidden">${poll.question}</legend>
        <p id=${`poll-hint-${poll.id}`} class="hint">${poll.multiple ? t('webinarLive.polls.chooseAny') : t('webinarLive.polls.chooseOne')}</p>
        ${poll.options.map(
          (option, i) => html`<label class="check">
            <input
              type=${poll.multiple ? 'checkbox' : 'radio'}
              name=${`poll-${poll.id}`}
              data-testid=${`poll-option-${i}`}
              .checked=${picked.includes(i)}
              @change=${(e: Event) => this.pick(poll, i, (e.target as HTMLInputElement).checked)}
            />
            <span>${option}</span>
          </label>`,
        )}
      </fieldset>
      ${error ? html`<p class="field-error" role="alert">${error}</p>` : null}
      <button type="submit" data-testid="poll-vote" ?disabled=${this.busy.has(poll.id)}>${t('webinarLive.polls.vote')}</button>
    </form>`;
  }

  private renderResults(poll: PollV, mine: number[] | undefined) {
    const percents = pollPercentages(poll);
    return html`<ul class="results" aria-label=${t('webinarLive.polls.resultsLabel', { question: poll.question })}>
      ${poll.options.map((option, i) => {
        const chosen = mine?.includes(i) ?? false;
        return html`<li data-testid=${`poll-result-${i}`} data-count=${poll.counts[i] ?? 0}>
          <div class="result-text ${chosen ? 'mine' : ''}">
            <span>${option}${chosen ? html` <span class="badge">${t('webinarLive.polls.yourChoice')}</span>` : null}</span>
            <span class="figure">${t('webinarLive.polls.figure', { percent: percents[i] ?? 0, count: poll.counts[i] ?? 0 })}</span>
          </div>
          <div class="bar" aria-hidden="true"><span style=${styleMap({ width: `${percents[i] ?? 0}%` })}></span></div>
        </li>`;
      })}
    </ul>`;
  }

  private renderPoll(poll: PollV, state: RoomState) {
    const host = state.me.role === 'host';
    const mine = state.myPollChoices[poll.id];
    const canVote = !host && poll.status === 'open' && !mine;
    const error = this.errors.get(poll.id);
    return html`<article class="poll" data-testid=${`poll-${poll.id}`} data-status=${poll.status} aria-labelledby=${`poll-q-${poll.id}`}>
      <h3 id=${`poll-q-${poll.id}`}>${poll.question}</h3>
      <p class="meta">
        <span class="badge ${poll.status === 'open' ? 'create' : 'inactive'}">${t(`webinarLive.polls.status.${poll.status}`)}</span>
        <span>${t('webinarLive.polls.voters', { count: poll.voters })}</span>
      </p>
      ${canVote ? this.renderVote(poll) : this.renderResults(poll, mine)}
      ${host && poll.status === 'open'
        ? html`${error ? html`<p class="field-error" role="alert">${error}</p>` : null}
            <button type="button" class="secondary" data-testid="poll-close" ?disabled=${this.busy.has(poll.id)} @click=${() => this.close(poll)}>
              ${t('webinarLive.polls.close')}
            </button>`
        : null}
    </article>`;
  }

  override render() {
    const state = this.state;
    if (!state) return null;
    const polls = sortPolls(state.polls);
    return html`<h2 class="visually-hidden">${t('webinarLive.tabs.polls')}</h2>
      ${state.me.role === 'host' ? html`<sinau-live-poll-form .room=${this.room}></sinau-live-poll-form>` : null}
      ${polls.length === 0
        ? html`<p class="empty">${t('webinarLive.polls.empty')}</p>`
        : repeat(
            polls,
            (p) => p.id,
            (p) => this.renderPoll(p, state),
          )}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-live-polls': SinauLivePolls;
  }
}
