import type { MessageKey } from './i18n.ts';

/**
 * Who may open a route: anyone; only signed-out visitors (the sign-in page); anyone signed in;
 * course authors (trainers, partner users and admins); supervisors (and admins, who see their
 * offices' people); admins only; partner users only; placement hosts (partner users and admins).
 */
export type Access = 'public' | 'guest' | 'signed-in' | 'author' | 'supervisor' | 'admin' | 'partner' | 'host';

export interface RouteDef {
  /** A pattern such as '/admin/people/:id'. */
  path: string;
  /** The page element the route renders; defined by the module `load` imports. */
  tag: string;
  titleKey: MessageKey;
  access: Access;
  load: () => Promise<unknown>;
  /** Extra properties set on the page element. */
  props?: Record<string, unknown>;
}

export interface RouteMatch {
  route: RouteDef;
  params: Record<string, string>;
  query: URLSearchParams;
  /** pathname + search, as it appears in the address bar. */
  url: string;
}

/** A guard returns a path to redirect to, a route to show instead, or null to go ahead. */
export type Guard = (match: RouteMatch) => { redirect: string } | { show: RouteDef } | null;

// Pages load lazily: the sign-in page does not pull in the admin screens.
export const routes: RouteDef[] = [
  { path: '/', tag: 'sinau-home-page', titleKey: 'nav.home', access: 'signed-in', load: () => import('./pages/home/sinau-home-page.ts') },
  { path: '/login', tag: 'sinau-login-page', titleKey: 'login.title', access: 'guest', load: () => import('./pages/auth/sinau-login-page.ts') },
  { path: '/profile', tag: 'sinau-profile-page', titleKey: 'nav.profile', access: 'signed-in', load: () => import('./pages/profile/sinau-profile-page.ts') },
  { path: '/admin/units', tag: 'sinau-units-page', titleKey: 'nav.units', access: 'admin', load: () => import('./pages/admin/sinau-units-page.ts') },
  { path: '/admin/positions', tag: 'sinau-positions-page', titleKey: 'nav.positions', access: 'admin', load: () => import('./pages/admin/sinau-positions-page.ts') },
  { path: '/admin/people', tag: 'sinau-people-page', titleKey: 'nav.people', access: 'admin', load: () => import('./pages/admin/sinau-people-page.ts') },
  { path: '/admin/people/:id', tag: 'sinau-person-page', titleKey: 'person.title', access: 'admin', load: () => import('./pages/admin/sinau-person-page.ts') },
  { path: '/admin/import', tag: 'sinau-import-page', titleKey: 'nav.import', access: 'admin', load: () => import('./pages/admin/sinau-import-page.ts') },
  // Before '/admin/competencies/:id': these fixed addresses win over a competency id.
  { path: '/admin/competencies', tag: 'sinau-frameworks-page', titleKey: 'competencyAdmin.frameworks.title', access: 'admin', load: () => import('./pages/competency-admin/sinau-frameworks-page.ts') },
  { path: '/admin/competencies/standards', tag: 'sinau-standards-page', titleKey: 'competencyAdmin.standards.title', access: 'admin', load: () => import('./pages/competency-admin/sinau-standards-page.ts') },
  { path: '/admin/competencies/settings', tag: 'sinau-competency-settings-page', titleKey: 'competencyAdmin.settings.title', access: 'admin', load: () => import('./pages/competency-admin/sinau-competency-settings-page.ts') },
  { path: '/admin/competencies/:id', tag: 'sinau-competency-page', titleKey: 'competencyAdmin.editor.title', access: 'admin', load: () => import('./pages/competency-admin/sinau-competency-page.ts') },
  { path: '/admin/reports', tag: 'sinau-reports-page', titleKey: 'competencyAdmin.reports.title', access: 'admin', load: () => import('./pages/competency-admin/sinau-reports-page.ts') },
  { path: '/admin/certificates', tag: 'sinau-certificate-admin-page', titleKey: 'competencyAdmin.certificates.title', access: 'admin', load: () => import('./pages/competency-admin/sinau-certificate-admin-page.ts') },
  { path: '/admin/campaigns', tag: 'sinau-campaigns-page', titleKey: 'campaigns.title', access: 'admin', load: () => import('./pages/campaigns/sinau-campaigns-page.ts') },
  { path: '/admin/campaigns/:id', tag: 'sinau-campaign-progress-page', titleKey: 'campaigns.progress.title', access: 'admin', load: () => import('./pages/campaigns/sinau-campaign-progress-page.ts') },
  { path: '/assessments/:id', tag: 'sinau-campaign-task-page', titleKey: 'campaigns.task.title', access: 'signed-in', load: () => import('./pages/campaigns/sinau-campaign-task-page.ts') },
  { path: '/admin/satisfaction', tag: 'sinau-satisfaction-page', titleKey: 'satisfaction.title', access: 'admin', load: () => import('./pages/satisfaction/sinau-satisfaction-page.ts') },
  // Partners and placements. Fixed addresses before '/placements/:id'.
  { path: '/admin/partners', tag: 'sinau-partners-page', titleKey: 'partners.list.title', access: 'admin', load: () => import('./pages/partners/sinau-partners-page.ts') },
  { path: '/admin/partners/:id', tag: 'sinau-partner-admin-page', titleKey: 'partners.detail.title', access: 'admin', load: () => import('./pages/partners/sinau-partner-admin-page.ts') },
  { path: '/partner', tag: 'sinau-partner-page', titleKey: 'partners.mine.title', access: 'partner', load: () => import('./pages/partners/sinau-partner-page.ts') },
  { path: '/placements', tag: 'sinau-placements-page', titleKey: 'placements.list.title', access: 'signed-in', load: () => import('./pages/placements/sinau-placements-page.ts') },
  { path: '/placements/approvals', tag: 'sinau-placement-approvals-page', titleKey: 'placements.approvals.title', access: 'supervisor', load: () => import('./pages/placements/sinau-placement-approvals-page.ts') },
  { path: '/placements/new', tag: 'sinau-placement-form-page', titleKey: 'placements.form.newTitle', access: 'host', load: () => import('./pages/placements/sinau-placement-form-page.ts') },
  { path: '/placements/:id', tag: 'sinau-placement-page', titleKey: 'placements.detail.title', access: 'signed-in', load: () => import('./pages/placements/sinau-placement-page.ts') },
  { path: '/placements/:id/edit', tag: 'sinau-placement-form-page', titleKey: 'placements.form.editTitle', access: 'host', load: () => import('./pages/placements/sinau-placement-form-page.ts') },
  { path: '/courses', tag: 'sinau-catalogue-page', titleKey: 'nav.courses', access: 'signed-in', load: () => import('./pages/courses/sinau-catalogue-page.ts') },
  { path: '/courses/:slug', tag: 'sinau-course-page', titleKey: 'course.title', access: 'signed-in', load: () => import('./pages/courses/sinau-course-page.ts') },
  { path: '/learn/:lessonId', tag: 'sinau-lesson-page', titleKey: 'lesson.title', access: 'signed-in', load: () => import('./pages/learning/sinau-lesson-page.ts') },
  { path: '/quizzes/:id', tag: 'sinau-quiz-page', titleKey: 'quiz.title', access: 'signed-in', load: () => import('./pages/quizzes/sinau-quiz-page.ts') },
  { path: '/attempts/:id', tag: 'sinau-attempt-page', titleKey: 'attempt.title', access: 'signed-in', load: () => import('./pages/quizzes/sinau-attempt-page.ts') },
  { path: '/learning', tag: 'sinau-my-learning-page', titleKey: 'nav.learning', access: 'signed-in', load: () => import('./pages/learning/sinau-my-learning-page.ts') },
  { path: '/webinars', tag: 'sinau-webinars-page', titleKey: 'nav.webinars', access: 'signed-in', load: () => import('./pages/webinars/sinau-webinars-page.ts') },
  // Before '/webinars/:id': the fixed address wins over a webinar id.
  { path: '/webinars/new', tag: 'sinau-webinar-form-page', titleKey: 'webinars.form.newTitle', access: 'author', load: () => import('./pages/webinars/sinau-webinar-form-page.ts') },
  { path: '/webinars/:id', tag: 'sinau-webinar-page', titleKey: 'webinars.detail.title', access: 'signed-in', load: () => import('./pages/webinars/sinau-webinar-page.ts') },
  { path: '/webinars/:id/edit', tag: 'sinau-webinar-form-page', titleKey: 'webinars.form.editTitle', access: 'author', load: () => import('./pages/webinars/sinau-webinar-form-page.ts') },
  { path: '/evaluations', tag: 'sinau-trainer-evaluations-page', titleKey: 'evaluation.overview.title', access: 'author', load: () => import('./pages/evaluation/sinau-trainer-evaluations-page.ts') },
  { path: '/evaluations/:kind/:id/survey', tag: 'sinau-survey-page', titleKey: 'evaluation.survey.title', access: 'signed-in', load: () => import('./pages/evaluation/sinau-survey-page.ts') },
  { path: '/evaluations/:kind/:id/report', tag: 'sinau-evaluation-report-page', titleKey: 'evaluation.report.title', access: 'author', load: () => import('./pages/evaluation/sinau-evaluation-report-page.ts') },
  { path: '/certificates', tag: 'sinau-certificates-page', titleKey: 'certificates.title', access: 'signed-in', load: () => import('./pages/certificates/sinau-certificates-page.ts') },
  { path: '/competencies', tag: 'sinau-competencies-page', titleKey: 'competencies.title', access: 'signed-in', load: () => import('./pages/competencies/sinau-competencies-page.ts') },
  { path: '/competencies/plan', tag: 'sinau-plan-page', titleKey: 'competencies.plan.title', access: 'signed-in', load: () => import('./pages/competencies/sinau-plan-page.ts') },
  { path: '/competencies/prior-learning', tag: 'sinau-prior-learning-page', titleKey: 'competencies.prior.title', access: 'signed-in', load: () => import('./pages/competencies/sinau-prior-learning-page.ts') },
  { path: '/team', tag: 'sinau-team-page', titleKey: 'team.title', access: 'supervisor', load: () => import('./pages/team/sinau-team-page.ts') },
  { path: '/team/:id', tag: 'sinau-team-member-page', titleKey: 'team.member.title', access: 'supervisor', load: () => import('./pages/team/sinau-team-member-page.ts') },
  { path: '/webinars/:id/live', tag: 'sinau-webinar-live-page', titleKey: 'webinarLive.title', access: 'signed-in', load: () => import('./pages/webinar-live/sinau-webinar-live-page.ts') },
  { path: '/authoring', tag: 'sinau-authoring-page', titleKey: 'nav.authoring', access: 'author', load: () => import('./pages/authoring/sinau-authoring-page.ts') },
  // Before '/authoring/:slug': these fixed addresses win over a course slug.
  { path: '/authoring/question-banks', tag: 'sinau-question-banks-page', titleKey: 'quizAdmin.banksTitle', access: 'author', load: () => import('./pages/quiz-admin/sinau-question-banks-page.ts') },
  { path: '/authoring/question-banks/:id', tag: 'sinau-question-bank-page', titleKey: 'quizAdmin.bankTitle', access: 'author', load: () => import('./pages/quiz-admin/sinau-question-bank-page.ts') },
  { path: '/authoring/quizzes', tag: 'sinau-managed-quizzes-page', titleKey: 'quizAdmin.quizzesTitle', access: 'author', load: () => import('./pages/quiz-admin/sinau-managed-quizzes-page.ts') },
  { path: '/authoring/quizzes/:id', tag: 'sinau-quiz-editor-page', titleKey: 'quizEditor.quizTitle', access: 'author', load: () => import('./pages/quiz-admin/sinau-quiz-editor-page.ts') },
  { path: '/authoring/quizzes/:id/results', tag: 'sinau-quiz-results-page', titleKey: 'quizAdmin.resultsTitle', access: 'author', load: () => import('./pages/quiz-admin/sinau-quiz-results-page.ts') },
  { path: '/authoring/:slug', tag: 'sinau-course-editor-page', titleKey: 'editor.heading', access: 'author', load: () => import('./pages/authoring/sinau-course-editor-page.ts') },
  { path: '/authoring/:slug/report', tag: 'sinau-course-report-page', titleKey: 'report.title', access: 'author', load: () => import('./pages/authoring/sinau-course-report-page.ts') },
  // Programmes: the server decides who may see a programme, a cohort or a submission.
  { path: '/programmes', tag: 'sinau-my-programmes-page', titleKey: 'programmes.mine.title', access: 'signed-in', load: () => import('./pages/programmes/sinau-my-programmes-page.ts') },
  { path: '/programmes/:id', tag: 'sinau-programme-page', titleKey: 'programmes.overview.title', access: 'signed-in', load: () => import('./pages/programmes/sinau-programme-page.ts') },
  { path: '/programmes/:id/steps/:stepId', tag: 'sinau-practice-step-page', titleKey: 'programmes.practice.title', access: 'signed-in', load: () => import('./pages/programmes/sinau-practice-step-page.ts') },
  { path: '/reviews', tag: 'sinau-practice-reviews-page', titleKey: 'programmes.reviews.title', access: 'signed-in', load: () => import('./pages/programmes/sinau-practice-reviews-page.ts') },
  { path: '/reviews/:id', tag: 'sinau-practice-review-page', titleKey: 'programmes.review.title', access: 'signed-in', load: () => import('./pages/programmes/sinau-practice-review-page.ts') },
  { path: '/cohorts/:id', tag: 'sinau-cohort-page', titleKey: 'programmes.cohort.title', access: 'signed-in', load: () => import('./pages/programmes/sinau-cohort-page.ts') },
  { path: '/admin/programmes', tag: 'sinau-programmes-admin-page', titleKey: 'programmes.admin.title', access: 'admin', load: () => import('./pages/programmes/sinau-programmes-admin-page.ts') },
  { path: '/admin/programmes/:id', tag: 'sinau-programme-admin-page', titleKey: 'programmes.admin.detailTitle', access: 'admin', load: () => import('./pages/programmes/sinau-programme-admin-page.ts') },
];

const loadErrorPage = () => import('./pages/errors/sinau-error-page.ts');

export const notFoundRoute: RouteDef = {
  path: '*',
  tag: 'sinau-error-page',
  titleKey: 'errorPage.notFoundTitle',
  access: 'public',
  load: loadErrorPage,
  props: { kind: 'not-found' },
};

export const forbiddenRoute: RouteDef = {
  path: '*',
  tag: 'sinau-error-page',
  titleKey: 'errorPage.forbiddenTitle',
  access: 'public',
  load: loadErrorPage,
  props: { kind: 'forbidden' },
};

/** Shown to someone who is neither trainer nor admin on the authoring pages. */
export const authorsOnlyRoute: RouteDef = { ...forbiddenRoute, props: { kind: 'authors-only' } };

/** Shown to someone who is neither supervisor nor admin on the team pages. */
export const supervisorsOnlyRoute: RouteDef = { ...forbiddenRoute, props: { kind: 'supervisors-only' } };

/** Shown to a partner-only user on any page that is not for partners. */
export const partnersOnlyRoute: RouteDef = { ...forbiddenRoute, props: { kind: 'partner-only' } };

function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = pathname.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (const [index, segment] of want.entries()) {
    const actual = have[index] ?? '';
    if (segment.startsWith(':')) {
      try {
        params[segment.slice(1)] = decodeURIComponent(actual);
      } catch {
        return null;
      }
    } else if (segment !== actual) {
      return null;
    }
  }
  return params;
}

/** A path we may send the browser to after sign-in: same origin, never /api. */
export function isSafeInternalPath(path: string | null): path is string {
  return !!path && path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/api');
}

export interface RouteChangeDetail {
  match: RouteMatch;
  /** False for the first page of the visit, where focus should stay where the browser put it. */
  navigated: boolean;
}

/**
 * History API router. Events: `route-loading` while a page module loads, `route-change`
 * (detail: RouteChangeDetail) once it can render, `route-error` (detail: the error) when the
 * module could not be loaded (usually offline).
 */
export class Router extends EventTarget {
  current: RouteMatch | null = null;
  guard: Guard | null = null;
  private resolving = 0;
  private started = false;

  constructor(
    private readonly table: RouteDef[],
    private readonly fallback: RouteDef,
  ) {
    super();
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    window.addEventListener('popstate', () => void this.resolve(true));
    void this.resolve(false);
  }

  navigate(to: string, options: { replace?: boolean } = {}): void {
    const url = new URL(to, location.origin);
    const target = url.pathname + url.search + url.hash;
    if (options.replace) history.replaceState(null, '', target);
    else history.pushState(null, '', target);
    void this.resolve(true);
  }

  /** Re-runs the guard for the current address (after signing in or out). */
  refresh(): void {
    void this.resolve(true);
  }

  /** Updates the query string of the current page without re-rendering it (filters, paging). */
  replaceQuery(values: Record<string, string | number | null | undefined>): void {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(values)) {
      if (value !== null && value !== undefined && value !== '') search.set(key, String(value));
    }
    const text = search.toString();
    history.replaceState(null, '', location.pathname + (text ? `?${text}` : ''));
    if (this.current) this.current = { ...this.current, query: search, url: location.pathname + location.search };
  }

  /**
   * Turns clicks on same-origin links (also inside shadow roots) into History API navigation.
   * Attach it to the app shell's click event.
   */
  handleClick = (event: MouseEvent): void => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = event.composedPath().find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement);
    if (!anchor || !anchor.href || anchor.hasAttribute('download') || (anchor.target && anchor.target !== '_self')) return;
    const url = new URL(anchor.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
    // In-page anchors are left to their own click handlers (the skip link).
    if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
    event.preventDefault();
    this.navigate(url.pathname + url.search + url.hash);
  };

  match(pathname: string, search: string): RouteMatch {
    const query = new URLSearchParams(search);
    const normalized = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
    for (const route of this.table) {
      const params = matchPath(route.path, normalized);
      if (params) return { route, params, query, url: pathname + search };
    }
    return { route: this.fallback, params: {}, query, url: pathname + search };
  }

  private async resolve(navigated: boolean, redirects = 0): Promise<void> {
    const ticket = ++this.resolving;
    let match = this.match(location.pathname, location.search);
    const verdict = this.guard?.(match) ?? null;
    if (verdict && 'redirect' in verdict && redirects < 5) {
      history.replaceState(null, '', verdict.redirect);
      return this.resolve(navigated, redirects + 1);
    }
    if (verdict && 'show' in verdict) match = { ...match, route: verdict.show };

    this.dispatchEvent(new CustomEvent('route-loading', { detail: match }));
    try {
      await match.route.load();
    } catch (error) {
      if (ticket === this.resolving) this.dispatchEvent(new CustomEvent('route-error', { detail: error }));
      return;
    }
    // A newer navigation started while this page was loading; it wins.
    if (ticket !== this.resolving) return;
    this.current = match;
    this.dispatchEvent(new CustomEvent<RouteChangeDetail>('route-change', { detail: { match, navigated } }));
  }
}

export const router = new Router(routes, notFoundRoute);
