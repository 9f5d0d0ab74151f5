import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { listWebinars, type Webinar, type WebinarView } from '../../api/webinars.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { LocaleController, t } from '../../i18n.ts';
import { router } from '../../router.ts';
import { hasRole, SessionController } from '../../session.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { webinarError, webinarStyles } from './webinar-format.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import './sinau-webinar-card.ts';

const views: readonly WebinarView[] = ['upcoming', 'mine'];
/** Lists refresh this often, so a webinar that goes live shows its Join button. */
const REFRESH_MS = 30_000;

/** Webinars: the upcoming ones, or mine (hosting, registered, assigned), as two tabs. */
@customElement('sinau-webinars-page')
export class SinauWebinarsPage extends LitElement {
  static override styles = [
    pageStyles,
    webinarStyles,
    css`
      [role='tablist'] {
        display: flex;
        gap: var(--sinau-space-1);
        border-bottom: 2px solid var(--sinau-color-border);
        margin-bottom: var(--sinau-space-4);
      }
      [role='tab'] {
        background: none;
        color: var(--sinau-color-text);
        border: 0;
        border-bottom: 4px solid transparent;
        border-radius: var(--sinau-radius) var(--sinau-radius) 0 0;
        margin-bottom: -2px;
        flex: 1 1 0;
        max-width: 14rem;
      }
      [role='tab']:hover {
        background: var(--sinau-color-primary-soft);
        color: var(--sinau-color-primary);
      }
      [role='tab'][aria-selected='true'] {
        border-bottom-color: var(--sinau-color-primary);
        color: var(--sinau-color-primary);
      }
      .empty {
        background: var(--sinau-color-surface);
        border: 1px dashed var(--sinau-color-border);
        border-radius: var(--sinau-radius);
      }
    `,
  ];

  /** Query of the address: ?view=mine opens the second tab (and survives reloads). */
  @property({ attribute: false }) query = new URLSearchParams();

  @state() private view: WebinarView = 'upcoming';

  private readonly locale = new LocaleController(this);
  private readonly session = new SessionController(this);
  private readonly webinars = new LoadController<Webinar[]>(this, (signal) => listWebinars(this.view, signal));
  private timer: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    const asked = this.query.get('view');
    this.view = views.includes(asked as WebinarView) ? (asked as WebinarView) : 'upcoming';
    super.connectedCallback();
    this.timer = setInterval(() => {
      if (document.visibilityState === 'visible' && !this.webinars.loading) void this.webinars.run();
    }, REFRESH_MS);
  }

  override disconnectedCallback(): void {
    clearInterval(this.timer);
    super.disconnectedCallback();
  }

  private select(view: WebinarView, focus = false): void {
    if (view !== this.view) {
      this.view = view;
      this.webinars.value = undefined;
      router.replaceQuery({ view: view === 'upcoming' ? null : view });
      void this.webinars.run();
    }
    if (focus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${view}`)?.focus());
  }

  // Arrow keys move between tabs (and select them), as the ARIA tabs pattern expects.
  private onTabKeydown(event: KeyboardEvent): void {
    const index = views.indexOf(this.view);
    let next: number | null = null;
    if (event.key === 'ArrowRight') next = (index + 1) % views.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + views.length) % views.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = views.length - 1;
    if (next === null) return;
    event.preventDefault();
    this.select(views[next]!, true);
  }

  private renderList() {
    const items = this.webinars.value;
    if (!items) {
      return this.webinars.error
        ? html`<sinau-alert variant="error">${webinarError(this.webinars.error)}</sinau-alert>
            <button type="button" class="secondary" @click=${() => void this.webinars.run()}>${t('common.retry')}</button>`
        : html`<sinau-loading .label=${t('webinars.loadingList')}></sinau-loading>`;
    }
    if (!items.length) {
      return html`<p class="empty" data-testid="webinars-empty">${this.view === 'upcoming' ? t('webinars.emptyUpcoming') : t('webinars.emptyMine')}</p>`;
    }
    return html`<ul class="webinar-list" aria-label=${t(`webinars.tabs.${this.view}`)}>
      ${items.map((w) => html`<li><sinau-webinar-card .webinar=${w}></sinau-webinar-card></li>`)}
    </ul>`;
  }

  override render() {
    const me = this.session.me;
    // Partner users schedule webinars too; theirs wait for the city's review (admins' never do).
    const canSchedule = hasRole(me, 'trainer') || hasRole(me, 'admin') || hasRole(me, 'partner');
    const reviewed = hasRole(me, 'partner') && !hasRole(me, 'admin');
    return html`<div class="page-header">
        <h1>${t('webinars.title')}</h1>
        ${canSchedule ? html`<a class="button" href="/webinars/new" data-testid="schedule-webinar" aria-describedby=${reviewed ? 'partner-review-note' : nothing}>${t('webinars.schedule')}</a>` : null}
      </div>
      <p class="lead">${t('webinars.intro')}</p>
      ${reviewed ? html`<p class="hint" id="partner-review-note" data-testid="partner-review-note">${t('webinars.partnerReviewNote')}</p>` : null}
      <div role="tablist" aria-label=${t('webinars.tabsLabel')} @keydown=${this.onTabKeydown}>
        ${views.map(
          (view) => html`<button
            type="button"
            role="tab"
            id=${`tab-${view}`}
            aria-selected=${this.view === view ? 'true' : 'false'}
            aria-controls="webinar-panel"
            tabindex=${this.view === view ? '0' : '-1'}
            @click=${() => this.select(view)}
          >
            ${t(`webinars.tabs.${view}`)}
          </button>`,
        )}
      </div>
      <div id="webinar-panel" role="tabpanel" aria-labelledby=${`tab-${this.view}`} aria-busy=${this.webinars.loading && !this.webinars.value ? 'true' : 'false'}>
        ${this.renderList()}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-webinars-page': SinauWebinarsPage;
  }
}
