import { html } from 'lit';
import type { CourseStatus, DraftState } from '../../api/courses.ts';
import { t } from '../../i18n.ts';

const statusClass: Record<CourseStatus, string> = {
  draft: 'badge inactive',
  review: 'badge update',
  published: 'badge create',
  archived: 'badge inactive',
};

/** The course's status, whether a draft is being edited or reviewed, and whether it is managed as files. */
export function courseStateBadges(status: CourseStatus, draftState: DraftState, source: string) {
  return html`<span class=${statusClass[status]}>${t(`courseStatus.${status}`)}</span>
    ${draftState && status !== 'draft' && !(status === 'review' && draftState === 'review')
      ? html`<span class=${draftState === 'review' ? 'badge update' : 'badge'}>${t(`draftState.${draftState}`)}</span>`
      : null}
    ${source === 'file' ? html`<span class="badge inactive">${t('editor.fromFiles')}</span>` : null}`;
}
