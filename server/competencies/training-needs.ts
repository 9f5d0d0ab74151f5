/**
 * Training-needs analysis (analisis kebutuhan pelatihan) for an office or the city: which
 * competencies most people lack, ranked by an explainable priority, who is affected, which
 * courses and webinars already address each, and a proposed programme where none does.
 *
 * The rule, each part returned so a reader sees why a competency ranks where it does:
 *   priority = Σ over the people below the standard of gap × (1 + survey weight of their office)
 * With no survey signal this is people × average gap (= the levels missing, added up). The
 * survey weight of an office is the largest weight of its U6/U7 signals (server/satisfaction/
 * signals.ts) of the last `signalMonths` closed months — its own or an office above it — that
 * speak of the competency (U6 → M.05; U7 → M.05, M.01), by the grade of the element average
 * (`signalWeights`: D 1, C 0.5, B 0.25 by default). Ties: more levels missing, more people,
 * then the code.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/types.ts';
import { SIGNAL_COMPETENCIES } from '../satisfaction/signals.ts';
import type { PersonRow } from './routes.ts';
import type { CompetencyStatus } from './profile.ts';
import { DEFAULT_SETTINGS, type CompetencySettingsT } from './settings.ts';

type Db = Kysely<DB> | Transaction<DB>;
export type Grade = 'A' | 'B' | 'C' | 'D';
type UnitRef = { id: number; code: string; name: string };

/** Webinars ended this long ago still count as recent (their recordings and tests remain). */
export const RECENT_WEBINAR_DAYS = 180;
/** The grade of a signal, from the evidence level it recorded (ikm.ts LEVEL_OF_GRADE). */
const GRADE_OF_LEVEL: Record<number, Grade> = { 1: 'D', 2: 'C', 3: 'B', 4: 'A' };

export type ProposedForm = 'e_learning' | 'webinar' | 'coaching';
/**
 * The form a proposed programme takes by the average gap: one level missing — a self-paced
 * e-learning course; up to two — a webinar series with a test; more — coaching at work.
 */
export const formOfGap = (averageGap: number): ProposedForm => (averageGap <= 1 ? 'e_learning' : averageGap <= 2 ? 'webinar' : 'coaching');

export interface AffectedPerson {
  id: number;
  name: string;
  nip: string | null;
  position: string | null;
  unit: UnitRef;
  required: number;
  attained: number;
  gap: number;
}

export interface SurveySignal {
  element: 'U6' | 'U7';
  unit: UnitRef;
  /** The element's average (1–4) in the worst month, and × 25 as a score with its grade. */
  average: number;
  score: number;
  grade: Grade;
  /** Months (YYYY-MM) of this office and element below the threshold in the window. */
  months: string[];
  weight: number;
  /** People below the standard whose gap it weighs. */
  people: number;
}

export interface Activity {
  kind: 'course' | 'webinar';
  id: number;
  title: string;
  url: string;
  level: number;
  jp: number;
  /** Webinars: when it starts. */
  startsAt: string | null;
  /** Develops the competency at the target level or above. */
  reachesTarget: boolean;
  /** People affected whose required level it reaches. */
  covers: number;
}

export interface Proposal {
  title: string;
  level: number;
  form: ProposedForm;
  jp: number;
  headCount: number;
  positions: { name: string; tier: string | null; people: number }[];
  offices: { unit: UnitRef; people: number }[];
}

export interface Need {
  rank: number;
  code: string;
  name: string;
  kind: string;
  people: number;
  required: number;
  totalGap: number;
  averageGap: number;
  priority: number;
  surveySignal: SurveySignal | null;
  /** The level most of the people affected require (ties: the higher). */
  targetLevel: number;
  offices: { unit: UnitRef; people: number }[];
  courses: { id: number; slug: string; title: string; level: number; jp: number }[];
  activities: Activity[];
  /** The people affected, largest gap first, at most `peopleLimit`; `people` counts them all. */
  affected: AffectedPerson[];
  proposal: Proposal | null;
}

export const trainingNeedsSettings = (s: CompetencySettingsT) => s.trainingNeeds ?? DEFAULT_SETTINGS.trainingNeeds!;

/** "2026-11" for the month `back` months before the one `now` falls in (Asia/Jakarta). */
function monthBefore(now: Date, back: number): string {
  const j = new Date(now.getTime() + 7 * 3600_000);
  const d = new Date(Date.UTC(j.getUTCFullYear(), j.getUTCMonth() - back, 1));
  return d.toISOString().slice(0, 7);
}

interface Acc {
  c: CompetencyStatus;
  required: number;
  people: { p: PersonRow; s: CompetencyStatus; weight: number; signal: number | null }[];
}

/** The ranked needs of these people (with their competency profiles). */
export async function analyseTrainingNeeds(
  db: Db,
  people: PersonRow[],
  profiles: Map<number, CompetencyStatus[]>,
  settings: CompetencySettingsT,
  opts: { now?: Date; peopleLimit?: number } = {},
): Promise<Need[]> {
  const now = opts.now ?? new Date();
  const limit = opts.peopleLimit ?? 20;
  const tn = trainingNeedsSettings(settings);

  // Signals in the window, and each office's ancestors (a signal of an office covers the offices below it).
  const from = monthBefore(now, tn.signalMonths);
  const signals = (
    await db
      .selectFrom('satisfaction_signals as s')
      .innerJoin('units as u', 'u.id', 's.unit_id')
      .select(['s.id', 's.unit_id', 'u.code', 'u.name', 's.element', 's.month', 's.average', 's.level'])
      .where('s.level', 'is not', null)
      .where('s.month', '>=', `${from}-01`)
      .orderBy('s.month')
      .execute()
  ).map((s) => ({ ...s, month: String(s.month).slice(0, 7), average: Number(s.average), grade: GRADE_OF_LEVEL[s.level!]! }));
  const weightOf = (grade: Grade) => (grade === 'A' ? 0 : tn.signalWeights[grade]);
  const parents = new Map((await db.selectFrom('units').select(['id', 'parent_id']).execute()).map((u) => [u.id, u.parent_id]));
  const lineOf = (unitId: number) => {
    const line = new Set<number>();
    for (let u: number | null | undefined = unitId; u != null && !line.has(u); u = parents.get(u)) line.add(u);
    return line;
  };
  const lines = new Map<number, Set<number>>();
  /** The strongest signal speaking of `code` for an office: heavier, then lower average, then newer. */
  const signalFor = (unitId: number, code: string) => {
    let line = lines.get(unitId);
    if (!line) lines.set(unitId, (line = lineOf(unitId)));
    let best: (typeof signals)[number] | null = null;
    for (const s of signals) {
      if (!line.has(s.unit_id) || !SIGNAL_COMPETENCIES[s.element].includes(code)) continue;
      if (!best || weightOf(s.grade) > weightOf(best.grade) || (weightOf(s.grade) === weightOf(best.grade) && (s.average < best.average || (s.average === best.average && s.month > best.month)))) best = s;
    }
    return best;
  };

  const needs = new Map<string, Acc>();
  for (const p of people) {
    for (const s of profiles.get(p.id) ?? []) {
      if (s.required <= 0) continue;
      const n = needs.get(s.code) ?? { c: s, required: 0, people: [] };
      n.required++;
      if (s.gap > 0) {
        const sig = signalFor(p.unit_id!, s.code);
        n.people.push({ p, s, weight: sig ? weightOf(sig.grade) : 0, signal: sig?.id ?? null });
      }
      needs.set(s.code, n);
    }
  }
  const open = [...needs.values()].filter((n) => n.people.length > 0);
  const codes = open.map((n) => n.c.code);
  const [courses, webinars] = codes.length
    ? await Promise.all([
        db
          .selectFrom('course_competencies as cc')
          .innerJoin('courses as c', 'c.id', 'cc.course_id')
          .select(['c.id', 'c.slug', 'c.title', 'c.jp', 'cc.competency_code', 'cc.level'])
          .where('c.status', '=', 'published')
          .where('cc.competency_code', 'in', codes)
          .orderBy('cc.level', 'desc')
          .orderBy('c.title')
          .execute(),
        db
          .selectFrom('webinar_competencies as wc')
          .innerJoin('webinars as w', 'w.id', 'wc.webinar_id')
          .select(['w.id', 'w.title', 'w.jp', 'w.starts_at', 'wc.competency_code', 'wc.level'])
          .where('w.status', '!=', 'cancelled')
          .where('w.ends_at', '>=', new Date(now.getTime() - RECENT_WEBINAR_DAYS * 86_400_000))
          .where('wc.competency_code', 'in', codes)
          .orderBy('w.starts_at')
          .execute(),
      ])
    : [[], []];

  const round2 = (x: number) => Math.round(x * 100) / 100;
  const rows = open.map((n) => {
    const totalGap = n.people.reduce((sum, x) => sum + x.s.gap, 0);
    const priority = round2(n.people.reduce((sum, x) => sum + x.s.gap * (1 + x.weight), 0));
    const averageGap = round2(totalGap / n.people.length);

    // The signal reported: the heaviest that weighed someone's gap.
    const weighed = n.people.filter((x) => x.signal !== null && x.weight > 0);
    let surveySignal: SurveySignal | null = null;
    if (weighed.length) {
      const chosen = weighed.reduce((a, b) => (b.weight > a.weight ? b : a));
      const s = signals.find((x) => x.id === chosen.signal)!;
      surveySignal = {
        element: s.element,
        unit: { id: s.unit_id, code: s.code, name: s.name },
        average: s.average,
        score: round2(s.average * 25),
        grade: s.grade,
        months: [...new Set(signals.filter((x) => x.unit_id === s.unit_id && x.element === s.element).map((x) => x.month))],
        weight: chosen.weight,
        people: weighed.filter((x) => x.signal === s.id).length,
      };
    }

    const levelCounts = new Map<number, number>();
    for (const x of n.people) levelCounts.set(x.s.required, (levelCounts.get(x.s.required) ?? 0) + 1);
    const targetLevel = [...levelCounts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]![0];

    const offices = new Map<number, { unit: UnitRef; people: number }>();
    const positions = new Map<string, { name: string; tier: string | null; people: number }>();
    for (const x of n.people) {
      const o = offices.get(x.p.unit_id!) ?? { unit: { id: x.p.unit_id!, code: x.p.unit_code!, name: x.p.unit_name! }, people: 0 };
      o.people++;
      offices.set(x.p.unit_id!, o);
      const key = `${x.p.position_name ?? ''}|${x.p.tier ?? ''}`;
      const pos = positions.get(key) ?? { name: x.p.position_name ?? '—', tier: x.p.tier, people: 0 };
      pos.people++;
      positions.set(key, pos);
    }
    const byCount = <T extends { people: number }>(a: T, b: T, tie: number) => b.people - a.people || tie;
    const officeList = [...offices.values()].sort((a, b) => byCount(a, b, a.unit.name.localeCompare(b.unit.name)));

    const covers = (level: number) => n.people.filter((x) => x.s.required <= level).length;
    const candidates: Activity[] = [
      ...courses
        .filter((c) => c.competency_code === n.c.code)
        .map((c) => ({ kind: 'course' as const, id: c.id, title: c.title, url: `/courses/${c.slug}`, level: c.level, jp: Number(c.jp), startsAt: null })),
      ...webinars
        .filter((w) => w.competency_code === n.c.code)
        .map((w) => ({ kind: 'webinar' as const, id: w.id, title: w.title, url: `/webinars/${w.id}`, level: w.level, jp: Number(w.jp), startsAt: new Date(w.starts_at).toISOString() })),
    ].map((a) => ({ ...a, reachesTarget: a.level >= targetLevel, covers: covers(a.level) }));
    let activities = candidates.filter((a) => a.reachesTarget);
    if (!activities.length && candidates.length) {
      const closest = Math.max(...candidates.map((a) => a.level));
      activities = candidates.filter((a) => a.level === closest);
    }
    activities.sort((a, b) => a.level - b.level || (a.kind === b.kind ? 0 : a.kind === 'course' ? -1 : 1) || b.jp - a.jp || a.title.localeCompare(b.title) || a.id - b.id);

    const proposal: Proposal | null = activities.some((a) => a.reachesTarget)
      ? null
      : {
          title: `Pelatihan ${n.c.name} Level ${targetLevel}`,
          level: targetLevel,
          form: formOfGap(averageGap),
          jp: tn.jpPerLevel * Math.ceil(averageGap),
          headCount: n.people.length,
          positions: [...positions.values()].sort((a, b) => byCount(a, b, a.name.localeCompare(b.name))),
          offices: officeList,
        };

    const affected = [...n.people]
      .sort((a, b) => b.s.gap - a.s.gap || a.p.name.localeCompare(b.p.name) || a.p.id - b.p.id)
      .slice(0, limit)
      .map((x) => ({
        id: x.p.id,
        name: x.p.name,
        nip: x.p.nip,
        position: x.p.position_name,
        unit: { id: x.p.unit_id!, code: x.p.unit_code!, name: x.p.unit_name! },
        required: x.s.required,
        attained: x.s.attained,
        gap: x.s.gap,
      }));

    return {
      rank: 0,
      code: n.c.code,
      name: n.c.name,
      kind: n.c.kind,
      people: n.people.length,
      required: n.required,
      totalGap,
      averageGap,
      priority,
      surveySignal,
      targetLevel,
      offices: officeList,
      courses: courses.filter((c) => c.competency_code === n.c.code).map((c) => ({ id: c.id, slug: c.slug, title: c.title, level: c.level, jp: Number(c.jp) })),
      activities,
      affected,
      proposal,
    };
  });
  rows.sort((a, b) => b.priority - a.priority || b.totalGap - a.totalGap || b.people - a.people || a.code.localeCompare(b.code));
  rows.forEach((r, i) => (r.rank = i + 1));
  return rows;
}

const FORM_ID: Record<ProposedForm, string> = { e_learning: 'e-learning mandiri', webinar: 'webinar berseri dengan tes', coaching: 'coaching di tempat kerja' };
export const formLabelId = (f: ProposedForm) => FORM_ID[f];
export const signalText = (s: SurveySignal) =>
  `${s.element} ${s.average.toLocaleString('id-ID')} (${s.grade}, ${s.unit.code}, ${s.months.length} bln) ×${(1 + s.weight).toLocaleString('id-ID')}`;

/** The ranking as a table: each figure of the priority, the signal, what exists, the proposal. */
export function rankingTable(rows: Need[], name: string) {
  return {
    name,
    head: [
      'peringkat',
      'kode',
      'kompetensi',
      'jenis',
      'pegawai_di_bawah_standar',
      'pegawai_wajib',
      'total_kesenjangan_level',
      'rata_rata_kesenjangan',
      'sinyal_survei',
      'bobot_survei',
      'prioritas',
      'level_sasaran',
      'kegiatan_tersedia',
      'usulan_program',
      'usulan_bentuk',
      'usulan_jp',
      'usulan_peserta',
    ],
    rows: rows.map((n) => [
      n.rank,
      n.code,
      n.name,
      n.kind,
      n.people,
      n.required,
      n.totalGap,
      n.averageGap,
      n.surveySignal ? signalText(n.surveySignal) : '',
      n.surveySignal?.weight ?? 0,
      n.priority,
      n.targetLevel,
      n.activities.map((a) => `${a.title} (${a.kind === 'course' ? 'kursus' : 'webinar'}, level ${a.level}, ${a.jp} JP)`).join('; '),
      n.proposal?.title ?? '',
      n.proposal ? formLabelId(n.proposal.form) : '',
      n.proposal?.jp ?? '',
      n.proposal?.headCount ?? '',
    ]),
  };
}

/** One row per person and competency below the standard (as far as `affected` lists them). */
export function peopleTable(rows: Need[], name: string) {
  return {
    name,
    head: ['peringkat', 'kode', 'kompetensi', 'nip', 'nama', 'jabatan', 'kode_unit', 'unit', 'level_wajib', 'level_dicapai', 'kesenjangan'],
    rows: rows.flatMap((n) => n.affected.map((p) => [n.rank, n.code, n.name, p.nip, p.name, p.position, p.unit.code, p.unit.name, p.required, p.attained, p.gap])),
  };
}
