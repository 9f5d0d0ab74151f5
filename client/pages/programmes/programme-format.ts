import type { MyStepStatus, SkippedPeople, StepKind } from '../../api/programmes.ts';
import { formatList, formatNumber, t } from '../../i18n.ts';

/** Bytes in a short human form: "820 KB", "2,4 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${formatNumber(Math.max(1, Math.round(bytes / 1024)))} KB`;
  return `${formatNumber(Math.round((bytes / (1024 * 1024)) * 10) / 10)} MB`;
}

/** The step to do next: one sent back for revision first, else the first open one. */
export function nextStep<T extends { status: MyStepStatus; kind: StepKind }>(steps: readonly T[]): T | null {
  return steps.find((s) => s.status === 'revise') ?? steps.find((s) => s.status === 'in_progress' || s.status === 'available') ?? null;
}

/** "3 people skipped: already in another cohort: …" (the first ten named), or '' when no one was. */
export function skippedSentence(skipped: SkippedPeople): string {
  if (!skipped.length) return '';
  const shown = skipped.slice(0, 10).map((p) => `${p.name} (${p.cohort.name})`);
  const rest = skipped.length - shown.length;
  const names = formatList(rest > 0 ? [...shown, t('programmes.cohort.skippedMore', { count: rest })] : shown);
  return t('programmes.cohort.skipped', { count: skipped.length, names });
}

/** Today's date as YYYY-MM-DD in Surakarta (for date inputs). */
export function todayIso(offsetDays = 0): string {
  const date = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}
