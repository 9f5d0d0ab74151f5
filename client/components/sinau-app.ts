import { LitElement, html, type PropertyValues } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Me } from '../api/auth.ts';
import { onUnauthenticated } from '../api/http.ts';
import { announce } from '../announce.ts';
import { describeError } from '../errors.ts';
import { LocaleController, t, type MessageKey } from '../i18n.ts';
import { authorsOnlyRoute, forbiddenRoute, partnersOnlyRoute, router, supervisorsOnlyRoute, type Guard, type RouteChangeDetail, type RouteMatch } from '../router.ts';
import { clearSession, hasRole, restoreSession, session, SessionController, signOut } from '../session.ts';
import { baseStyles, buttonStyles } from '../styles/shared-styles.ts';
import { appStyles } from './sinau-app.styles.ts';
import './sinau-alert.ts';
import './sinau-language-switch.ts';
import './sinau-loading.ts';
import './sinau-user-menu.ts';

interface NavItem {
  href: string;
  labelKey: MessageKey;
}

const commonNav: NavItem[] = [
  { href: '/', labelKey: 'nav.home' },
  { href: '/courses', labelKey: 'nav.courses' },
  { href: '/learning', labelKey: 'nav.learning' },
  { href: '/webinars', labelKey: 'nav.webinars' },
  { href: '/competencies', labelKey: 'competencies.title' },
];
const supervisorNav: NavItem[] = [{ href: '/team', labelKey: 'team.title' }];
const authorNav: NavItem[] = [{ href: '/authoring', labelKey: 'nav.authoring' }];
const adminNav: NavItem[] = [
  { href: '/admin/units', labelKey: 'nav.units' },
  { href: '/admin/positions', labelKey: 'nav.positions' },
  { href: '/admin/people', labelKey: 'nav.people' },
  { href: '/admin/import', labelKey: 'nav.import' },
  { href: '/admin/competencies', labelKey: 'competencyAdmin.appNav.competencies' },
  { href: '/admin/reports', labelKey: 'competencyAdmin.appNav.reports' },
  { href: '/admin/programmes', labelKey: 'programmes.nav.admin' },
];
// Programmes: learners follow theirs; facilitators, principals and admins review practice.
const learnerProgrammeNav: NavItem[] = [{ href: '/programmes', labelKey: 'programmes.nav.mine' }];
const reviewNav: NavItem[] = [{ href: '/reviews', labelKey: 'programmes.nav.reviews' }];
// Partners: a partner-only user works on their institution's content and never opens city staff
// or learner pages (the server refuses those anyway).
const partnerOnlyNav: NavItem[] = [
  { href: '/', labelKey: 'nav.home' },
  { href: '/partner', labelKey: 'partners.nav.partner' },
  { href: '/authoring', labelKey: 'partners.nav.courses' },
  { href: '/webinars', labelKey: 'nav.webinars' },
  { href: '/placements', labelKey: 'placements.nav.partner' },
];
const partnerNav: NavItem[] = [{ href: '/partner', labelKey: 'partners.nav.partner' }];
const placementNav: NavItem[] = [{ href: '/placements', labelKey: 'placements.nav.learner' }];
const partnerAdminNav: NavItem[] = [{ href: '/admin/partners', labelKey: 'partners.nav.admin' }];
/** The signed-in pages a partner-only user may open, besides authoring and host pages. */
const partnerPages = new Set(['/', '/profile', '/partner', '/webinars', '/webinars/:id', '/webinars/:id/live', '/placements', '/placements/:id']);
const isPartnerOnly = (me: Me | null): boolean =>
  hasRole(me, 'partner') && !hasRole(me, 'learner') && !hasRole(me, 'trainer') && !hasRole(me, 'supervisor') && !hasRole(me, 'admin');

type PageElement = HTMLElement & { updateComplete?: Promise<unknown> };

/** The application shell: header, navigation, language switch, user menu, routed page. */
@customElement('sinau-app')
export class SinauApp extends LitElement {
  static override styles = [baseStyles, buttonStyles, appStyles];

  @state() private ready = false;
  @state() private bootError = '';
  @state() private loadingPage = true;
  @state() private pageLoadFailed = false;
  @state() private page: PageElement | null = null;
  @state() private menuOpen = false;
  @state() private announcement = '';

  private readonly session = new SessionController(this);
  private readonly locale = new LocaleController(this);
  private focusPageAfterRender = false;

  private readonly guard: Guard = (match) => {
    const me = session.me;
    const access = match.route.access;
    if (access === 'public') return null;
    if (access === 'guest') return me ? { redirect: me.mustChangePassword ? '/profile' : '/' } : null;
    if (!me) return { redirect: match.url === '/' ? '/login' : `/login?next=${encodeURIComponent(match.url)}` };
    // A temporary password must be replaced before anything else.
    if (me.mustChangePassword && match.route.path !== '/profile') return { redirect: '/profile' };
    // A partner-only user is told what a partner account may open, whatever the page was for.
    if (isPartnerOnly(me)) {
      const allowed =
        access === 'partner' || access === 'host' || access === 'author' || (access === 'signed-in' && partnerPages.has(match.route.path));
      return allowed ? null : { show: partnersOnlyRoute };
    }
    if (access === 'admin' && !hasRole(me, 'admin')) return { show: forbiddenRoute };
    if (access === 'author' && !hasRole(me, 'trainer') && !hasRole(me, 'admin') && !hasRole(me, 'partner')) return { show: authorsOnlyRoute };
    if (access === 'partner' && !hasRole(me, 'partner')) return { show: forbiddenRoute };
    if (access === 'host' && !hasRole(me, 'partner') && !hasRole(me, 'admin')) return { show: forbiddenRoute };
    if (access === 'supervisor' && !hasRole(me, 'supervisor') && !hasRole(me, 'admin')) return { show: supervisorsOnlyRoute };
    return null;
  };

  private readonly onRouteLoading = (): void => {
    this.loadingPage = true;
    this.pageLoadFailed = false;
    this.menuOpen = false;
  };

  private readonly onRouteChange = (event: Event): void => {
    const { match, navigated } = (event as CustomEvent<RouteChangeDetail>).detail;
    this.page = this.createPage(match);
    this.loadingPage = false;
    this.focusPageAfterRender = navigated;
  };

  private readonly onRouteError = (): void => {
    this.loadingPage = false;
    this.pageLoadFailed = true;
  };

  private readonly onAnnounce = (event: CustomEvent<string>): void => {
    // Clearing first makes the same message be read again when it repeats.
    this.announcement = '';
    setTimeout(() => (this.announcement = event.detail), 100);
  };

  override connectedCallback(): void {
    super.connectedCallback();
    router.guard = this.guard;
    router.addEventListener('route-loading', this.onRouteLoading);
    router.addEventListener('route-change', this.onRouteChange);
    router.addEventListener('route-error', this.onRouteError);
    window.addEventListener('sinau-announce', this.onAnnounce);
    this.addEventListener('click', router.handleClick);
    this.addEventListener('sinau-sign-out', this.onSignOut);
    onUnauthenticated(() => {
      if (!session.me) return;
      clearSession();
      const here = location.pathname + location.search;
      router.navigate(here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`, { replace: true });
      announce(t('errors.sessionEnded'));
    });
    void this.boot();
  }

  override disconnectedCallback(): void {
    router.removeEventListener('route-loading', this.onRouteLoading);
    router.removeEventListener('route-change', this.onRouteChange);
    router.removeEventListener('route-error', this.onRouteError);
    window.removeEventListener('sinau-announce', this.onAnnounce);
    this.removeEventListener('click', router.handleClick);
    this.removeEventListener('sinau-sign-out', this.onSignOut);
    super.disconnectedCallback();
  }

  private async boot(): Promise<void> {
    try {
      await restoreSession();
    } catch (error) {
      // The server could not be reached; the sign-in page still works once it is back.
      this.bootError = describeError(error);
    }
    this.ready = true;
    router.start();
  }

  private createPage(match: RouteMatch): PageElement {
    const element = document.createElement(match.route.tag) as PageElement;
    Object.assign(element, match.route.props ?? {}, { params: match.params, query: match.query });
    return element;
  }

  private readonly onSignOut = (): void => {
    void this.signOut();
  };

  private async signOut(): Promise<void> {
    try {
      await signOut();
    } catch {
      // Even if the server did not answer, this device forgets the session.
    }
    router.navigate('/login');
    announce(t('auth.signedOut'));
  }

  protected override updated(changed: PropertyValues): void {
    const title = router.current ? t(router.current.route.titleKey) : '';
    document.title = title ? `${title} · ${t('app.name')}` : t('app.name');
    if (changed.has('page') && this.focusPageAfterRender) {
      this.focusPageAfterRender = false;
      void this.focusPage();
    }
  }

  /** After navigation, move focus to the new page's heading so screen readers start there. */
  private async focusPage(): Promise<void> {
    const page = this.page;
    await page?.updateComplete;
    const heading = page?.shadowRoot?.querySelector<HTMLElement>('h1');
    const target = heading ?? this.renderRoot.querySelector<HTMLElement>('main');
    if (!target) return;
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus({ preventScroll: false });
  }

  private skipToContent(event: Event): void {
    event.preventDefault();
    this.renderRoot.querySelector<HTMLElement>('main')?.focus();
  }

  private toggleMenu(): void {
    this.menuOpen = !this.menuOpen;
  }

  private onHeaderKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.menuOpen) {
      this.menuOpen = false;
      this.renderRoot.querySelector<HTMLButtonElement>('.menu-button')?.focus();
    }
  }

  private isCurrent(href: string): boolean {
    const path = router.current?.url.split('?')[0] ?? location.pathname;
    return href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`);
  }

  private renderNavLink(item: NavItem) {
    return html`<li>
      <a href=${item.href} aria-current=${this.isCurrent(item.href) ? 'page' : 'false'}>${t(item.labelKey)}</a>
    </li>`;
  }

  private renderHeader() {
    const me = this.session.me;
    return html`<header @keydown=${this.onHeaderKeydown}>
      <div class="bar">
        <a class="brand" href="/">${t('app.name')}</a>
        <div class="tools">
          <sinau-language-switch></sinau-language-switch>
          ${me
            ? html`<sinau-user-menu .name=${me.name}></sinau-user-menu>
                <button
                  class="menu-button"
                  type="button"
                  aria-expanded=${this.menuOpen ? 'true' : 'false'}
                  aria-controls="primary-nav"
                  @click=${this.toggleMenu}
                >
                  <span class="burger" aria-hidden="true"></span>${t('nav.menu')}
                </button>`
            : null}
        </div>
      </div>
      ${me
        ? html`<nav id="primary-nav" class=${this.menuOpen ? 'open' : ''} aria-label=${t('nav.label')}>
            <ul>
              ${isPartnerOnly(me) ? partnerOnlyNav.map((item) => this.renderNavLink(item)) : commonNav.map((item) => this.renderNavLink(item))}
              ${isPartnerOnly(me) ? null : placementNav.map((item) => this.renderNavLink(item))}
              ${hasRole(me, 'partner') && !isPartnerOnly(me) ? partnerNav.map((item) => this.renderNavLink(item)) : null}
              ${hasRole(me, 'admin') ? partnerAdminNav.map((item) => this.renderNavLink(item)) : null}
              ${hasRole(me, 'learner') ? learnerProgrammeNav.map((item) => this.renderNavLink(item)) : null}
              ${hasRole(me, 'supervisor') || hasRole(me, 'trainer') || hasRole(me, 'admin') ? reviewNav.map((item) => this.renderNavLink(item)) : null}
              ${hasRole(me, 'supervisor') ? supervisorNav.map((item) => this.renderNavLink(item)) : null}
              ${hasRole(me, 'trainer') || hasRole(me, 'admin') ? authorNav.map((item) => this.renderNavLink(item)) : null}
              ${hasRole(me, 'admin') ? adminNav.map((item) => this.renderNavLink(item)) : null}
              <li class="narrow-only separator user-name">${t('userMenu.signedInAs', { name: me.name })}</li>
              <li class="narrow-only">
                <a href="/profile" aria-current=${this.isCurrent('/profile') ? 'page' : 'false'}>${t('nav.profile')}</a>
              </li>
              <li class="narrow-only"><button type="button" @click=${this.onSignOut}>${t('nav.signOut')}</button></li>
            </ul>
          </nav>`
        : null}
    </header>`;
  }

  private renderMain() {
    if (!this.ready || (this.loadingPage && !this.pageLoadFailed)) return html`<sinau-loading></sinau-loading>`;
    if (this.pageLoadFailed) {
      return html`<sinau-alert variant="error"><strong>${t('errors.pageLoadHeading')}</strong> <p>${t('errors.pageLoad')}</p></sinau-alert>
        <button type="button" @click=${() => location.reload()}>${t('common.reload')}</button>`;
    }
    return this.page;
  }

  override render() {
    return html`
      <a class="skip-link" href="#main" @click=${this.skipToContent}>${t('app.skipToContent')}</a>
      ${this.renderHeader()}
      <main id="main" tabindex="-1">
        ${this.bootError && !this.session.me ? html`<sinau-alert variant="warning">${this.bootError}</sinau-alert>` : null}
        ${this.renderMain()}
      </main>
      <footer>
        <div class="footer-inner"><p>${t('app.footer')}</p></div>
      </footer>
      <div class="visually-hidden" aria-live="polite" aria-atomic="true">${this.announcement}</div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-app': SinauApp;
  }
}
