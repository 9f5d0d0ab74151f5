import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { listPeople, type Person, type PersonRef } from '../../api/org.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import '../../components/sinau-alert.ts';

/**
 * Chooses one person by searching name or NIP (used for the supervisor).
 * Fires `sinau-person-change` with the chosen PersonRef, or null when cleared.
 */
@customElement('sinau-person-picker')
export class SinauPersonPicker extends LitElement {
  static override styles = [
    pageStyles,
    css`
      .search {
        display: flex;
        gap: var(--sinau-space-2);
        align-items: flex-end;
        flex-wrap: wrap;
      }
      .search .field {
        flex: 1 1 12rem;
        margin-bottom: 0;
      }
      ul {
        list-style: none;
        margin: var(--sinau-space-3) 0 0;
        padding: 0;
        border: 1px solid var(--sinau-color-border);
        border-radius: var(--sinau-radius);
      }
      li {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        align-items: center;
        gap: var(--sinau-space-2);
        padding: var(--sinau-space-2) var(--sinau-space-3);
      }
      li + li {
        border-top: 1px solid var(--sinau-color-border);
      }
      .current {
        margin-bottom: var(--sinau-space-3);
      }
    `,
  ];

  /** Legend of the group, e.g. "Atasan langsung". */
  @property() label = '';
  /** The person chosen now. */
  @property({ attribute: false }) value: PersonRef | null = null;
  /** A person who cannot be chosen (nobody supervises themselves). */
  @property({ type: Number }) excludeId: number | null = null;

  @state() private results: Person[] | null = null;
  @state() private searching = false;
  @state() private error = '';

  private readonly locale = new LocaleController(this);

  private async search(): Promise<void> {
    const q = this.renderRoot.querySelector<HTMLInputElement>('#picker-q')?.value.trim() ?? '';
    if (!q || this.searching) return;
    this.searching = true;
    this.error = '';
    try {
      const page = await listPeople({ q, limit: 10 });
      this.results = page.items.filter((person) => person.id !== this.excludeId);
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.searching = false;
    }
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter') {
      event.preventDefault();
      void this.search();
    }
  }

  private choose(person: PersonRef | null): void {
    this.results = null;
    this.dispatchEvent(new CustomEvent<PersonRef | null>('sinau-person-change', { detail: person, bubbles: true, composed: true }));
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#picker-q')?.focus());
  }

  override render() {
    const value = this.value;
    return html`<fieldset>
      <legend>${this.label}</legend>
      <p class="current" aria-live="polite">
        ${value
          ? html`${t('picker.current')}: <strong>${value.name}</strong>${value.nip ? html` <span class="muted">(${value.nip})</span>` : null}`
          : html`${t('picker.current')}: <span class="muted">${t('picker.none')}</span>`}
        ${value ? html` <button type="button" class="link" @click=${() => this.choose(null)}>${t('picker.clear')}</button>` : null}
      </p>
      <div class="search">
        <div class="field">
          <label for="picker-q">${t('picker.search')}</label>
          <input id="picker-q" type="search" autocomplete="off" @keydown=${this.onKeydown} />
        </div>
        <button type="button" class="secondary" @click=${() => void this.search()}>${t('common.search')}</button>
      </div>
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : null}
      <div role="status">
        ${this.searching
          ? t('common.loading')
          : this.results === null
            ? ''
            : this.results.length === 0
              ? t('picker.noResults')
              : t('picker.results', { count: this.results.length })}
      </div>
      ${this.results?.length
        ? html`<ul>
            ${this.results.map(
              (person) => html`<li>
                <span>
                  <strong>${person.name}</strong>
                  <span class="muted">${[person.nip, person.position?.name, person.unit?.name].filter(Boolean).join(' · ')}</span>
                </span>
                <button
                  type="button"
                  class="secondary"
                  @click=${() => this.choose({ id: person.id, name: person.name, nip: person.nip })}
                >
                  ${t('picker.choose')}<span class="visually-hidden"> ${person.name}</span>
                </button>
              </li>`,
            )}
          </ul>`
        : null}
    </fieldset>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-person-picker': SinauPersonPicker;
  }
  interface HTMLElementEventMap {
    'sinau-person-change': CustomEvent<PersonRef | null>;
  }
}
