import { css, html, svg } from 'lit';
import type { Competency, LessonKind } from '../../api/courses.ts';
import { t } from '../../i18n.ts';

const paths: Record<LessonKind, ReturnType<typeof svg>> = {
  text: svg`<path d="M5 4h14v16H5z" fill="none" stroke="currentColor" stroke-width="2"/><path d="M8 8h8M8 12h8M8 16h5" stroke="currentColor" stroke-width="2"/>`,
  video: svg`<rect x="3" y="5" width="18" height="14" rx="2" fill="none" stroke="currentColor" stroke-width="2"/><path d="M10 9v6l5-3z" fill="currentColor"/>`,
  document: svg`<path d="M6 3h8l4 4v14H6z" fill="none" stroke="currentColor" stroke-width="2"/><path d="M14 3v4h4" fill="none" stroke="currentColor" stroke-width="2"/>`,
  link: svg`<path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>`,
  quiz: svg`<circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" stroke-width="2"/><path d="M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.7.3-1 .8-1 1.5v.7" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/><circle cx="12" cy="17" r="1.2" fill="currentColor"/>`,
};

/** The lesson kind as an icon, with its name for screen readers (and as a tooltip). */
export function kindIcon(kind: LessonKind) {
  const label = t(`lessonKinds.${kind}`);
  return html`<span class="kind-icon" title=${label}
    ><svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">${paths[kind]}</svg
    ><span class="visually-hidden">${label}</span></span
  >`;
}

/** A tick or an empty circle, saying "done" / "not done yet" to screen readers. */
export function doneMark(done: boolean) {
  return html`<span class=${done ? 'done-mark done' : 'done-mark'}
    ><svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      ${done
        ? svg`<circle cx="12" cy="12" r="10" fill="currentColor"/><path d="M7 12.5l3 3 7-7" fill="none" stroke="#fff" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round"/>`
        : svg`<circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" stroke-width="2"/>`}</svg
    ><span class="visually-hidden">${done ? t('course.done') : t('course.notDone')}</span></span
  >`;
}

export function competencyBadges(competencies: readonly Competency[]) {
  if (!competencies.length) return null;
  return html`<ul class="competencies" aria-label=${t('course.competencies')}>
    ${competencies.map(
      (c) => html`<li><span class="badge" title=${t('course.competencyLevel', { code: c.code, level: c.level })}>${c.code} · ${t('course.levelShort', { level: c.level })}</span></li>`,
    )}
  </ul>`;
}

/** "4 JP", with one decimal only when there is one. */
export function jpText(jp: number): string {
  return t('course.jp', { jp: Math.round(jp * 10) / 10 });
}

/** Styles for the helpers above. */
export const courseFormatStyles = css`
  .kind-icon {
    display: inline-flex;
    color: var(--sinau-color-primary);
    flex: none;
  }
  .done-mark {
    display: inline-flex;
    color: var(--sinau-color-border);
    flex: none;
  }
  .done-mark.done {
    color: var(--sinau-color-success);
  }
  ul.competencies {
    list-style: none;
    display: flex;
    flex-wrap: wrap;
    gap: var(--sinau-space-1) var(--sinau-space-2);
    margin: 0;
    padding: 0;
  }
  .badge.recommended {
    background: var(--sinau-color-warning-bg);
    color: var(--sinau-color-warning);
    border: 1px solid currentColor;
  }
  .badge.done {
    background: var(--sinau-color-success-bg);
    color: var(--sinau-color-success);
  }
  .badge.overdue {
    background: var(--sinau-color-danger-bg);
    color: var(--sinau-color-danger);
  }
  /* Rendered Markdown from the server (already sanitised there). */
  .prose {
    overflow-wrap: anywhere;
    max-width: 46rem;
  }
  .prose img,
  .prose video {
    max-width: 100%;
    height: auto;
  }
  .prose pre {
    overflow-x: auto;
    background: #f1f3f5;
    padding: var(--sinau-space-3);
    border-radius: var(--sinau-radius);
  }
  .prose table {
    min-width: 0;
    display: block;
    overflow-x: auto;
  }
  .prose blockquote {
    margin: 0 0 var(--sinau-space-3);
    padding-left: var(--sinau-space-3);
    border-left: 4px solid var(--sinau-color-border);
    color: var(--sinau-color-muted);
  }
  .prose h1 {
    font-size: 1.4rem;
  }
  .prose h2 {
    font-size: 1.25rem;
    margin-top: var(--sinau-space-5);
  }
  .prose h3 {
    font-size: 1.1rem;
    margin-top: var(--sinau-space-4);
  }
  .prose ul,
  .prose ol {
    padding-left: 1.5rem;
    margin: 0 0 var(--sinau-space-3);
  }
  .prose li + li {
    margin-top: var(--sinau-space-1);
  }
`;
