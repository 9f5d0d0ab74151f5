import type { Webinar, WebinarCreate, WebinarPatch } from '../../api/webinars.ts';
import type { MessageKey } from '../../i18n.ts';
import { fromWibInput, toWibInput } from './webinar-format.ts';

/** Longest a webinar may be scheduled for (the server's MAX_HOURS). */
const MAX_HOURS = 12;

export interface CompetencyRow {
  /** Client-only, for rendering and focus. */
  key: number;
  code: string;
  level: number;
}

/** The schedule form as typed: numbers and times as text, times as WIB datetime-local values. */
export interface WebinarDraft {
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  capacity: string;
  jp: string;
  threshold: string;
  approvalRequired: boolean;
  record: boolean;
  courseId: number | null;
  quizId: number | null;
  competencies: CompetencyRow[];
  coHosts: { id: number; name: string }[];
}

/** Ids of the inputs, shared by the form and the checks (an error focuses its input). */
export const fieldIds = {
  title: 'webinar-title',
  description: 'webinar-description',
  startsAt: 'webinar-starts',
  endsAt: 'webinar-ends',
  capacity: 'webinar-capacity',
  jp: 'webinar-jp',
  threshold: 'webinar-threshold',
} as const;

let nextKey = 1;
export const newRowKey = () => nextKey++;

const numberText = (n: number) => String(Math.round(n * 100) / 100);

export function emptyDraft(): WebinarDraft {
  return {
    title: '',
    description: '',
    startsAt: '',
    endsAt: '',
    capacity: '100',
    jp: '2',
    threshold: '80',
    approvalRequired: false,
    record: false,
    courseId: null,
    quizId: null,
    competencies: [],
    coHosts: [],
  };
}

export function draftFrom(w: Webinar): WebinarDraft {
  return {
    title: w.title,
    description: w.description,
    startsAt: toWibInput(w.startsAt),
    endsAt: toWibInput(w.endsAt),
    capacity: String(w.capacity),
    jp: numberText(w.jp),
    threshold: numberText(w.attendanceThresholdPct),
    approvalRequired: w.approvalRequired,
    record: w.record,
    courseId: w.courseId,
    quizId: w.quizId,
    competencies: w.competencies.map((c) => ({ key: newRowKey(), code: c.code, level: c.level })),
    coHosts: w.coHosts.map((h) => ({ ...h })),
  };
}

/** A number as typed (a decimal comma is fine); null when it is not one. */
function parseNumber(text: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  if (!trimmed || !/^-?\d+(\.\d+)?$/.test(trimmed)) return null;
  return Number(trimmed);
}

export type DraftErrors = Partial<Record<keyof typeof fieldIds | `competency-${number}`, MessageKey>>;

/** Checks the draft as the server would and builds the body of a new webinar. */
export function toCreate(d: WebinarDraft): { body: WebinarCreate | null; errors: DraftErrors } {
  const errors: DraftErrors = {};
  const title = d.title.trim();
  if (title.length < 3 || title.length > 200) errors.title = 'webinars.form.errors.title';
  const startsAt = fromWibInput(d.startsAt);
  const endsAt = fromWibInput(d.endsAt);
  if (!startsAt) errors.startsAt = 'webinars.form.errors.startsAt';
  if (!endsAt) errors.endsAt = 'webinars.form.errors.endsAt';
  if (startsAt && endsAt) {
    const length = new Date(endsAt).getTime() - new Date(startsAt).getTime();
    if (length <= 0) errors.endsAt = 'webinars.form.errors.endBeforeStart';
    else if (length > MAX_HOURS * 3600_000) errors.endsAt = 'webinars.form.errors.tooLong';
  }
  const capacity = parseNumber(d.capacity);
  if (capacity === null || !Number.isInteger(capacity) || capacity < 1 || capacity > 100_000) errors.capacity = 'webinars.form.errors.capacity';
  const jp = parseNumber(d.jp);
  if (jp === null || jp < 0 || jp > 100) errors.jp = 'webinars.form.errors.jp';
  const threshold = parseNumber(d.threshold);
  if (threshold === null || threshold <= 0 || threshold > 100) errors.threshold = 'webinars.form.errors.threshold';
  const seen = new Set<string>();
  d.competencies.forEach((c, index) => {
    if (!c.code) errors[`competency-${index}`] = 'webinars.form.errors.competency';
    else if (seen.has(c.code)) errors[`competency-${index}`] = 'webinars.form.errors.duplicateCompetency';
    seen.add(c.code);
  });
  if (Object.keys(errors).length) return { body: null, errors };
  return {
    body: {
      title,
      description: d.description,
      startsAt: startsAt!,
      endsAt: endsAt!,
      capacity: capacity!,
      jp: jp!,
      attendanceThresholdPct: threshold!,
      approvalRequired: d.approvalRequired,
      record: d.record,
      courseId: d.courseId,
      quizId: d.quizId,
      competencies: d.competencies.map((c) => ({ code: c.code, level: c.level })),
      coHostIds: d.coHosts.map((h) => h.id),
    },
    errors,
  };
}

const sameList = <T>(a: readonly T[], b: readonly T[]) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Only what changed since the webinar was loaded: unchanged times are left out, so saving a
 * new title neither re-checks a schedule nor bumps the calendar file's sequence.
 */
export function toPatch(d: WebinarDraft, w: Webinar): { patch: WebinarPatch | null; errors: DraftErrors } {
  const { body, errors } = toCreate(d);
  if (!body) return { patch: null, errors };
  const before = draftFrom(w);
  const patch: WebinarPatch = {};
  if (body.title !== w.title) patch.title = body.title;
  if (body.description !== w.description) patch.description = body.description;
  if (d.startsAt !== before.startsAt) patch.startsAt = body.startsAt;
  if (d.endsAt !== before.endsAt) patch.endsAt = body.endsAt;
  if (body.capacity !== w.capacity) patch.capacity = body.capacity;
  if (body.jp !== w.jp) patch.jp = body.jp;
  if (body.attendanceThresholdPct !== w.attendanceThresholdPct) patch.attendanceThresholdPct = body.attendanceThresholdPct!;
  if (body.approvalRequired !== w.approvalRequired) patch.approvalRequired = body.approvalRequired!;
  if (body.record !== w.record) patch.record = body.record!;
  if (body.courseId !== w.courseId) patch.courseId = body.courseId ?? null;
  if (body.quizId !== w.quizId) patch.quizId = body.quizId ?? null;
  if (!sameList(body.competencies!, w.competencies)) patch.competencies = body.competencies!;
  if (!sameList(body.coHostIds!, w.coHosts.map((h) => h.id))) patch.coHostIds = body.coHostIds!;
  return { patch, errors };
}
