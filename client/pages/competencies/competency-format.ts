import { css } from 'lit';
import type { ClaimStatus, CompetencyKind, Framework, FrameworkCompetency, PlanStatus } from '../../api/competencies.ts';
import { t, type MessageKey } from '../../i18n.ts';

export const kinds: readonly CompetencyKind[] = ['manajerial', 'sosial_kultural', 'teknis'];

export function kindName(kind: CompetencyKind): string {
  return t(`competencies.kinds.${kind}`);
}

const sourceKeys: Record<string, MessageKey> = {
  course: 'competencies.sources.course',
  quiz: 'competencies.sources.quiz',
  webinar: 'competencies.sources.webinar',
  assessment: 'competencies.sources.assessment',
  prior_learning: 'competencies.sources.prior_learning',
  citizen_feedback: 'competencies.sources.citizen_feedback',
  programme: 'competencies.sources.programme',
  placement: 'competencies.sources.placement',
  practice: 'competencies.sources.practice',
};

/** Where evidence or JP came from: "Kursus", "Penilaian atasan" … */
export function sourceName(source: string): string {
  const key = sourceKeys[source];
  return key ? t(key) : source;
}

const claimStatusKeys: Record<ClaimStatus, MessageKey> = {
  pending: 'competencies.prior.status.pending',
  accepted: 'competencies.prior.status.accepted',
  rejected: 'competencies.prior.status.rejected',
  withdrawn: 'competencies.prior.status.withdrawn',
};

export function claimStatusName(status: string): string {
  return status in claimStatusKeys ? t(claimStatusKeys[status as ClaimStatus]) : status;
}

/** The badge class that goes with a claim's status. */
export function claimStatusClass(status: string): string {
  return status === 'accepted' ? 'badge create' : status === 'rejected' ? 'badge reject' : status === 'withdrawn' ? 'badge inactive' : 'badge update';
}

export function planStatusName(status: PlanStatus | string): string {
  switch (status) {
    case 'draft':
      return t('competencies.plan.status.draft');
    case 'submitted':
      return t('competencies.plan.status.submitted');
    case 'approved':
      return t('competencies.plan.status.approved');
    case 'done':
      return t('competencies.plan.status.done');
    default:
      return status;
  }
}

export function planStatusClass(status: PlanStatus | string): string {
  return status === 'approved' || status === 'done' ? 'badge create' : status === 'submitted' ? 'badge update' : 'badge inactive';
}

/** "Triwulan II (Apr–Jun)", or "not set yet" for null. */
export function quarterName(quarter: number | null): string {
  switch (quarter) {
    case 1:
      return t('competencies.plan.quarters.q1');
    case 2:
      return t('competencies.plan.quarters.q2');
    case 3:
      return t('competencies.plan.quarters.q3');
    case 4:
      return t('competencies.plan.quarters.q4');
    default:
      return t('competencies.plan.quarters.none');
  }
}

/** JP with at most one decimal, as a number for t() to format. */
export function roundJp(jp: number): number {
  return Math.round(jp * 10) / 10;
}

/** Jakarta's calendar year now, the year the server counts JP in. */
export function currentYear(): number {
  return Number(new Date().toLocaleString('en-GB', { year: 'numeric', timeZone: 'Asia/Jakarta' }));
}

/** The current competencies of every framework, by code. */
export function competenciesByCode(frameworks: readonly Framework[]): Map<string, FrameworkCompetency> {
  return new Map(frameworks.flatMap((f) => f.competencies.map((c) => [c.code, c] as const)));
}

/** Styles shared by the competency pages: sections, item lists, the year picker. */
export const competencyPageStyles = css`
  .sections {
    display: grid;
    gap: var(--sinau-space-5);
  }
  section.panel {
    background: var(--sinau-color-surface);
    border: 1px solid var(--sinau-color-border);
    border-radius: var(--sinau-radius);
    padding: var(--sinau-space-4) var(--sinau-space-5);
    box-shadow: var(--sinau-shadow);
    min-width: 0;
  }
  @media (max-width: 30rem) {
    section.panel {
      padding: var(--sinau-space-4) var(--sinau-space-3);
    }
  }
  .intro {
    max-width: 48rem;
  }
  ul.items {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--sinau-space-3);
  }
  li.item {
    border: 1px solid var(--sinau-color-border);
    border-radius: var(--sinau-radius);
    padding: var(--sinau-space-3) var(--sinau-space-4);
    background: var(--sinau-color-surface);
    min-width: 0;
    overflow-wrap: anywhere;
  }
  li.item h3,
  li.item h4 {
    margin: 0 0 var(--sinau-space-1);
    font-size: 1.05rem;
  }
  li.item p {
    margin: 0 0 var(--sinau-space-1);
  }
  .year-picker {
    display: flex;
    align-items: center;
    gap: var(--sinau-space-2);
  }
  .year-picker select {
    width: auto;
    min-width: 6.5rem;
  }
  .badges {
    display: flex;
    flex-wrap: wrap;
    gap: var(--sinau-space-1) var(--sinau-space-2);
    margin: 0 0 var(--sinau-space-1);
    padding: 0;
    list-style: none;
  }
  .back {
    display: inline-block;
    margin-bottom: var(--sinau-space-3);
  }
`;
