import type { QuizItem, QuizSettings, ReviewWhen } from '../../api/quizzes.ts';
import { t, type MessageKey } from '../../i18n.ts';
import { numberText, parseNumber } from '../quizzes/quiz-format.ts';

export const quizStatuses = ['draft', 'published', 'archived'] as const;
export type QuizStatus = (typeof quizStatuses)[number];
export const gradings = ['highest', 'last', 'average'] as const;
export const reviewWhens: readonly ReviewWhen[] = ['immediately', 'after_close', 'never'];

export function statusLabel(status: string): string {
  return (quizStatuses as readonly string[]).includes(status) ? t(`quizEditor.statuses.${status as QuizStatus}`) : status;
}

/** An item of the quiz being built, with a client-only key for rendering and focus. */
export type ItemRow = { key: string } & QuizItem;

/** The settings form as typed: numbers and times as text. */
export interface SettingsDraft {
  title: string;
  description: string;
  timeLimit: string;
  /** datetime-local values, in this device's time zone. */
  opensAt: string;
  closesAt: string;
  attemptsAllowed: string;
  grading: QuizSettings['grading'];
  passPct: string;
  shuffleQuestions: boolean;
  shuffleChoices: boolean;
  perPage: string;
  review: QuizSettings['review'];
  status: QuizStatus;
}

/** An ISO time as a datetime-local value in this device's time zone ('' for none). */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value as an ISO time; null for an empty field, undefined when unreadable. */
export function fromLocalInput(value: string): string | null | undefined {
  if (!value.trim()) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export function settingsDraft(s: QuizSettings): SettingsDraft {
  const n = (x: number | null | undefined) => (x === null || x === undefined ? '' : numberText(x));
  return {
    title: s.title,
    description: s.description,
    timeLimit: n(s.timeLimitMinutes),
    opensAt: toLocalInput(s.opensAt),
    closesAt: toLocalInput(s.closesAt),
    attemptsAllowed: n(s.attemptsAllowed),
    grading: s.grading,
    passPct: n(s.passPct),
    shuffleQuestions: s.shuffleQuestions,
    shuffleChoices: s.shuffleChoices,
    perPage: n(s.perPage),
    review: { ...s.review },
    status: s.status,
  };
}

/** Ids of the settings inputs (shared by the form and the checks). */
export const settingsIds = {
  title: 'set-title',
  timeLimit: 'set-time-limit',
  opensAt: 'set-opens',
  closesAt: 'set-closes',
  attemptsAllowed: 'set-attempts',
  passPct: 'set-pass',
  perPage: 'set-per-page',
} as const;

/**
 * The settings to save, or which fields must be fixed first (input id → message). Settings this
 * form does not edit are kept as `base` has them (the PUT replaces the whole quiz).
 */
export function toSettings(d: SettingsDraft, items: QuizItem[], base: QuizSettings): { settings: QuizSettings; errors: Record<string, MessageKey> } {
  const errors: Record<string, MessageKey> = {};
  const int = (id: string, value: string, min: number, max: number, message: MessageKey): number | null => {
    const x = parseNumber(value);
    if (x === null) return null;
    if (x === undefined || !Number.isInteger(x) || x < min || x > max) {
      errors[id] = message;
      return null;
    }
    return x;
  };
  const title = d.title.trim();
  if (title.length < 3 || title.length > 200) errors[settingsIds.title] = 'quizEditor.titleInvalid';
  const pass = parseNumber(d.passPct);
  if (pass === null || pass === undefined || pass < 0 || pass > 100) errors[settingsIds.passPct] = 'quizEditor.passInvalid';
  const opensAt = fromLocalInput(d.opensAt);
  const closesAt = fromLocalInput(d.closesAt);
  if (opensAt === undefined) errors[settingsIds.opensAt] = 'quizEditor.timeInvalid';
  if (closesAt === undefined) errors[settingsIds.closesAt] = 'quizEditor.timeInvalid';
  if (opensAt && closesAt && Date.parse(closesAt) <= Date.parse(opensAt)) errors[settingsIds.closesAt] = 'quizEditor.closesBeforeOpens';
  const settings: QuizSettings = {
    ...base,
    title,
    description: d.description,
    timeLimitMinutes: int(settingsIds.timeLimit, d.timeLimit, 1, 1440, 'quizEditor.timeLimitInvalid'),
    opensAt: opensAt ?? null,
    closesAt: closesAt ?? null,
    attemptsAllowed: int(settingsIds.attemptsAllowed, d.attemptsAllowed, 1, 100, 'quizEditor.attemptsInvalid'),
    grading: d.grading,
    passPct: typeof pass === 'number' ? pass : 0,
    shuffleQuestions: d.shuffleQuestions,
    shuffleChoices: d.shuffleChoices,
    perPage: int(settingsIds.perPage, d.perPage, 0, 200, 'quizEditor.perPageInvalid') ?? 0,
    review: d.review,
    items,
    status: d.status,
  };
  return { settings, errors };
}

// ---- Evidence rules: which competency levels the quiz proves, and on what condition ----------

export type QuizRule = QuizSettings['competencies'][number];
export type RuleCondition = NonNullable<QuizRule['condition']>;
export const ruleConditions: readonly RuleCondition[] = ['passed', 'subscore'];

/** A rule as typed, with a client-only key for rendering and focus. */
export interface RuleRow {
  key: string;
  code: string;
  level: number;
  condition: RuleCondition;
  /** Text: only read for a sub-score rule. */
  minPct: string;
}

export function ruleRows(rules: readonly QuizRule[], key: () => string): RuleRow[] {
  return rules.map((r) => ({
    key: key(),
    code: r.code,
    level: r.level,
    condition: r.condition ?? 'passed',
    minPct: r.minPct === null || r.minPct === undefined ? '' : numberText(r.minPct),
  }));
}

/** Ids of one rule's inputs (shared by the form and the checks). */
export const ruleIds = (key: string) => ({ code: `rule-${key}-code`, level: `rule-${key}-level`, condition: `rule-${key}-condition`, minPct: `rule-${key}-min` });

/** The rules to save, or which inputs must be fixed first (input id → message). */
export function toRules(rows: readonly RuleRow[]): { rules: QuizRule[]; errors: Record<string, MessageKey> } {
  const errors: Record<string, MessageKey> = {};
  const seen = new Set<string>();
  const rules: QuizRule[] = [];
  for (const row of rows) {
    const ids = ruleIds(row.key);
    if (!row.code) errors[ids.code] = 'competencyAdmin.quizRules.competencyRequired';
    else if (seen.has(row.code)) errors[ids.code] = 'competencyAdmin.quizRules.duplicate';
    seen.add(row.code);
    let minPct: number | null = null;
    if (row.condition === 'subscore') {
      const x = parseNumber(row.minPct);
      if (x === null || x === undefined || x < 0 || x > 100) errors[ids.minPct] = 'competencyAdmin.quizRules.minPctInvalid';
      else minPct = x;
    }
    rules.push({ code: row.code, level: row.level, condition: row.condition, minPct });
  }
  return { rules, errors };
}
