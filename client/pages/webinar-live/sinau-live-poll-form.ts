import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { announce } from '../../announce.ts';
import { LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import type { RoomConnection } from './room-connection.ts';
import { roomErrorText } from './room-format.ts';
import { panelStyles } from './webinar-live.styles.ts';

const MIN_OPTIONS = 2;
const MAX_OPTIONS = 10;

/** A host's form for a new poll: the question, 2 to 10 options, one choice or several. */
@customElement('sinau-live-poll-form')
export class SinauLivePollForm extends LitElement {
  static override styles = [
    pageStyles,
    panelStyles,
    css`
      .option {
        display: flex;
        gap: var(--sinau-space-2);
        align-items: center;
        margin-bottom: var(--sinau-space-2);
      }
      .option input {
        flex: 1;
        min-width: 0;
      }
      .option button {
        flex: none;
        min-width: 2.75rem;
        padding: var(--sinau-space-1) var(--sinau-space-2);
      }
    `,
  ];

  /** The room's connection, through which the poll is created. */
  @property({ attribute: false }) room: RoomConnection | null = null;

  @state() private question = '';
  @state() private options: string[] = ['', ''];
  @state() private multiple = false;
  @state() private busy = false;
  @state() private error = '';

  private readonly locale = new LocaleController(this);

  private setOption(index: number, value: string): void {
    this.options = this.options.map((o, i) => (i === index ? value : o));
  }

  private async addOption(): Promise<void> {
    if (this.options.length >= MAX_OPTIONS) return;
    this.options = [...this.options, ''];
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>(`#poll-option-${this.options.length - 1}`)?.focus();
  }

  private async removeOption(index: number): Promise<void> {
    if (this.options.length <= MIN_OPTIONS) return;
    this.options = this.options.filter((_, i) => i !== index);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>(`#poll-option-${Math.min(index, this.options.length - 1)}`)?.focus();
  }

  private async create(event: Event): Promise<void> {
    event.preventDefault();
    if (!this.room || this.busy) return;
    const question = this.question.trim();
    const options = this.options.map((o) => o.trim()).filter(Boolean);
    if (!question) {
      this.error = t('webinarLive.polls.needQuestion');
      return;
    }
    if (options.length < MIN_OPTIONS) {
      this.error = t('webinarLive.polls.needOptions');
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      await this.room.request({ type: 'poll.create', question, options, ...(this.multiple ? { multiple: true } : {}) });
      this.question = '';
      this.options = ['', ''];
      this.multiple = false;
      announce(t('webinarLive.polls.created'));
    } catch (error) {
      this.error = roomErrorText(error);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`<form class="compose" @submit=${this.create} aria-labelledby="poll-form-heading">
      <h3 id="poll-form-heading">${t('webinarLive.polls.createHeading')}</h3>
      <div class="field">
        <label for="poll-question">${t('webinarLive.polls.question')}</label>
        <input
          id="poll-question"
          type="text"
          maxlength="300"
          data-testid="poll-question"
          .value=${this.question}
          @input=${(e: Event) => (this.question = (e.target as HTMLInputElement).value)}
        />
      </div>
      <fieldset>
        <legend>${t('webinarLive.polls.options')}</legend>
        ${this.options.map(
          (option, i) => html`<div class="option">
            <label class="visually-hidden" for=${`poll-option-${i}`}>${t('webinarLive.polls.option', { number: i + 1 })}</label>
            <input
              id=${`poll-option-${i}`}
              type="text"
              maxlength="120"
              data-testid=${`poll-option-${i}`}
              placeholder=${t('webinarLive.polls.option', { number: i + 1 })}
              .value=${option}
              @input=${(e: Event) => this.setOption(i, (e.target as HTMLInputElement).value)}
            />
            ${this.options.length > MIN_OPTIONS
              ? html`<button
                  type="button"
                  class="secondary"
                  aria-label=${t('webinarLive.polls.removeOption', { number: i + 1 })}
                  @click=${() => this.removeOption(i)}
                >
                  <span aria-hidden="true">×</span>
                </button>`
              : nothing}
          </div>`,
        )}
        ${this.options.length < MAX_OPTIONS
          ? html`<button type="button" class="secondary" data-testid="poll-add-option" @click=${this.addOption}>${t('webinarLive.polls.addOption')}</button>`
          : html`<p class="hint">${t('webinarLive.polls.maxOptions')}</p>`}
      </fieldset>
      <label class="check">
        <input
          type="checkbox"
          data-testid="poll-multiple"
          .checked=${this.multiple}
          @change=${(e: Event) => (this.multiple = (e.target as HTMLInputElement).checked)}
        />
        <span>${t('webinarLive.polls.multiple')}</span>
      </label>
      ${this.error ? html`<p class="field-error" role="alert">${this.error}</p>` : null}
      <div class="actions">
        <button type="submit" data-testid="poll-create" ?disabled=${this.busy}>${t('webinarLive.polls.create')}</button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-live-poll-form': SinauLivePollForm;
  }
}
