/**
 * Attained level from evidence: pure functions, so the method can be tested on crafted
 * evidence and explained to the person in plain words.
 *
 * Every piece of evidence has a weight (by its source, from the settings) and an age. It counts
 * fully for `fullYears`, then loses its weight evenly over `decayYears`, then no longer counts.
 *  - highest_supported (default): the highest level L such that the current weight of the
 *    evidence at level L or above adds up to at least `minWeight`. With the defaults, one
 *    course, quiz or supervisor assessment in the last three years proves its level; a
 *    webinar (weight 0.5) needs a second piece of evidence.
 *  - highest: the highest level any current evidence shows.
 *  - most_recent: the level of the latest current evidence (a later, lower assessment wins).
 *  - weighted_average: the average of current evidence levels weighted by current weight,
 *    rounded down.
 */
import type { CompetencySettingsT } from './settings.ts';

export interface EvidenceItem {
  id: number;
  level: number;
  weight: number;
  occurredAt: Date;
  source: string;
  title: string;
  detail: string;
}

export interface Attainment {
  level: number;
  /** The evidence the level rests on, strongest first. */
  basis: (EvidenceItem & { currentWeight: number })[];
}

const YEAR_MS = 365.25 * 24 * 3600 * 1000;

export function currentFactor(occurredAt: Date, now: Date, s: Pick<CompetencySettingsT, 'fullYears' | 'decayYears'>): number {
  const age = Math.max(0, (now.getTime() - occurredAt.getTime()) / YEAR_MS);
  if (age <= s.fullYears) return 1;
  if (s.decayYears <= 0) return 0;
  return Math.max(0, 1 - (age - s.fullYears) / s.decayYears);
}

const EPS = 1e-9;

export function attain(items: EvidenceItem[], s: CompetencySettingsT, now = new Date()): Attainment {
  const current = items
    .map((e) => ({ ...e, currentWeight: e.weight * currentFactor(e.occurredAt, now, s) }))
    .filter((e) => e.currentWeight > EPS)
    .sort((a, b) => b.level - a.level || b.occurredAt.getTime() - a.occurredAt.getTime());
  if (!current.length) return { level: 0, basis: [] };
  switch (s.method) {
    case 'highest':
      return { level: current[0]!.level, basis: current.filter((e) => e.level === current[0]!.level) };
    case 'most_recent': {
      const latest = [...current].sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime() || b.id - a.id)[0]!;
      return { level: latest.level, basis: [latest] };
    }
    case 'weighted_average': {
      const total = current.reduce((sum, e) => sum + e.currentWeight, 0);
      const avg = current.reduce((sum, e) => sum + e.level * e.currentWeight, 0) / total;
      return { level: Math.floor(avg + EPS), basis: current };
    }
    case 'highest_supported':
    default: {
      for (let level = 5; level >= 1; level--) {
        const support = current.filter((e) => e.level >= level);
        const weight = support.reduce((sum, e) => sum + e.currentWeight, 0);
        if (weight + EPS >= s.minWeight) return { level, basis: support };
      }
      return { level: 0, basis: [] };
    }
  }
}

const LEVEL_NAMES: Record<'id' | 'en', string[]> = {
  id: ['Belum ada bukti', 'Paham', 'Dasar', 'Menengah', 'Mumpuni', 'Ahli'],
  en: ['No evidence yet', 'Aware', 'Basic', 'Intermediate', 'Advanced', 'Expert'],
};
const SOURCE_NAMES: Record<'id' | 'en', Record<string, string>> = {
  id: {
    course: 'kursus',
    quiz: 'kuis',
    webinar: 'webinar',
    assessment: 'penilaian atasan',
    prior_learning: 'pembelajaran di luar Sinau',
    citizen_feedback: 'survei kepuasan masyarakat',
    programme: 'program',
    placement: 'magang',
    practice: 'aksi nyata',
  },
  en: {
    course: 'course',
    quiz: 'quiz',
    webinar: 'webinar',
    assessment: 'supervisor assessment',
    prior_learning: 'learning outside Sinau',
    citizen_feedback: 'citizen satisfaction survey',
    programme: 'programme',
    placement: 'placement',
    practice: 'practice task',
  },
};

export const levelName = (level: number, locale: 'id' | 'en') => LEVEL_NAMES[locale][level] ?? String(level);

function date(d: Date, locale: 'id' | 'en') {
  return d.toLocaleDateString(locale === 'id' ? 'id-ID' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Jakarta' });
}

/** "Level 3 (Menengah): kuis Pelayanan Publik 85 % pada 12 Mei 2026; kursus … pada …". */
export function explain(a: Attainment, s: CompetencySettingsT, locale: 'id' | 'en'): string {
  if (a.level === 0) return locale === 'id' ? 'Belum ada bukti yang masih berlaku.' : 'No current evidence yet.';
  const on = locale === 'id' ? 'pada' : 'on';
  const pieces = a.basis.slice(0, 4).map((e) => {
    const what = `${SOURCE_NAMES[locale][e.source] ?? e.source} ${e.title}${e.detail ? ` ${e.detail}` : ''}`.trim();
    const lv = e.level !== a.level ? ` (${locale === 'id' ? 'level' : 'level'} ${e.level})` : '';
    const faded = e.currentWeight < e.weight - EPS ? (locale === 'id' ? ', bobotnya mulai berkurang karena sudah lama' : ', weighing less as it ages') : '';
    return `${what}${lv} ${on} ${date(e.occurredAt, locale)}${faded}`;
  });
  const more = a.basis.length > 4 ? (locale === 'id' ? `, dan ${a.basis.length - 4} bukti lain` : `, and ${a.basis.length - 4} more`) : '';
  const head = `Level ${a.level} (${levelName(a.level, locale)})`;
  const how =
    s.method === 'most_recent'
      ? locale === 'id' ? ' — bukti terbaru' : ' — latest evidence'
      : s.method === 'weighted_average'
        ? locale === 'id' ? ' — rata-rata bukti' : ' — average of the evidence'
        : '';
  return `${head}${how}: ${pieces.join('; ')}${more}.`;
}
