/**
 * Reading the ledgers: what a position requires, what a person has proven, the gap, what
 * closes it, and the JP of a year. Shared by the learner's, the supervisor's and the admin's
 * views, so everyone sees the same numbers.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AuthUser } from '../auth/sessions.ts';
import type { CompetencyKind, DB, EvidenceSource, JpSource, LevelDoc } from '../db/types.ts';
import { cachedQuiz, takeRefusal } from '../quizzes/attempts.ts';
import { attain, currentFactor, explain, type EvidenceItem } from './attainment.ts';
import { loadSettings, type CompetencySettingsT } from './settings.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface CompetencyRef {
  id: number;
  code: string;
  name: string;
  kind: CompetencyKind;
  framework: string;
  levels: LevelDoc[];
}

/** Current competencies of every framework, by id (a handful of rows: read per request). */
export async function allCompetencies(db: Db): Promise<Map<number, CompetencyRef>> {
  const rows = await db
    .selectFrom('competencies as c')
    .innerJoin('competency_versions as v', 'v.id', 'c.current_version_id')
    .innerJoin('competency_frameworks as f', 'f.id', 'c.framework_id')
    .select(['c.id', 'c.code', 'v.name', 'c.kind', 'f.slug as framework', 'v.levels'])
    .where('c.retired_at', 'is', null)
    .orderBy('f.id')
    .orderBy('c.position')
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Required level per competency for each position: the tier default for managerial and
 * socio-cultural competencies, replaced by the position's own standard where it has one
 * (0 = not required), plus the technical competencies the position lists.
 */
export async function requiredLevels(db: Db, positionIds: number[]): Promise<Map<number, Map<number, number>>> {
  const out = new Map<number, Map<number, number>>();
  if (!positionIds.length) return out;
  const rows = await sql<{ position_id: number; competency_id: number; level: number }>`
    SELECT p.id AS position_id, c.id AS competency_id,
           coalesce(ps.level, CASE WHEN c.kind IN ('manajerial','sosial_kultural') THEN ts.level END, 0) AS level
      FROM positions p
      CROSS JOIN competencies c
      LEFT JOIN tier_standards ts ON ts.tier = p.tier
      LEFT JOIN position_standards ps ON ps.position_id = p.id AND ps.competency_id = c.id
     WHERE p.id = ANY(${positionIds}::bigint[]) AND c.retired_at IS NULL AND c.current_version_id IS NOT NULL`.execute(db);
  for (const r of rows.rows) {
    if (r.level <= 0) continue;
    let m = out.get(r.position_id);
    if (!m) out.set(r.position_id, (m = new Map()));
    m.set(r.competency_id, r.level);
  }
  return out;
}

export interface LedgerEvidence extends EvidenceItem {
  personId: number;
  competencyId: number;
  sourceId: number;
  sourceRecordId: number | null;
  recordedAt: Date;
  corrected: boolean;
}

/** The evidence in force for these people: the latest entry of each chain, withdrawn ones left out. */
export async function evidenceInForce(db: Db, personIds: number[]): Promise<LedgerEvidence[]> {
  if (!personIds.length) return [];
  const rows = await sql<{
    id: number;
    person_id: number;
    competency_id: number;
    level: number | null;
    weight: number;
    occurred_at: Date;
    recorded_at: Date;
    source: EvidenceSource;
    source_id: number;
    source_record_id: number | null;
    title: string;
    detail: string;
    corrects_id: number | null;
  }>`
    SELECT DISTINCT ON (coalesce(corrects_id, id)) id, person_id, competency_id, level, weight, occurred_at, recorded_at,
           source, source_id, source_record_id, title, detail, corrects_id
      FROM evidence
     WHERE person_id = ANY(${personIds}::bigint[])
     ORDER BY coalesce(corrects_id, id), id DESC`.execute(db);
  return rows.rows
    .filter((r) => r.level !== null)
    .map((r) => ({
      id: r.id,
      personId: r.person_id,
      competencyId: r.competency_id,
      level: r.level!,
      weight: Number(r.weight),
      occurredAt: r.occurred_at,
      recordedAt: r.recorded_at,
      source: r.source,
      sourceId: r.source_id,
      sourceRecordId: r.source_record_id,
      title: r.title,
      detail: r.detail,
      corrected: r.corrects_id !== null,
    }));
}

export interface CompetencyStatus {
  competencyId: number;
  code: string;
  name: string;
  kind: CompetencyKind;
  framework: string;
  required: number;
  attained: number;
  gap: number;
  explanation: string;
  evidence: {
    id: number;
    source: string;
    sourceId: number;
    title: string;
    detail: string;
    level: number;
    weight: number;
    currentWeight: number;
    occurredAt: string;
    supportsLevel: boolean;
  }[];
}

export interface PersonPlace {
  id: number;
  position_id: number | null;
  locale: 'id' | 'en';
}

/** Status of every competency a person must have or has evidence of, largest gap first. */
export async function competencyProfiles(db: Db, people: PersonPlace[], opts: { settings?: CompetencySettingsT; now?: Date } = {}): Promise<Map<number, CompetencyStatus[]>> {
  const settings = opts.settings ?? (await loadSettings(db));
  const now = opts.now ?? new Date();
  const [comps, required, evidence] = await Promise.all([
    allCompetencies(db),
    requiredLevels(db, [...new Set(people.map((p) => p.position_id).filter((x): x is number => x !== null))]),
    evidenceInForce(db, people.map((p) => p.id)),
  ]);
  const out = new Map<number, CompetencyStatus[]>();
  for (const person of people) {
    const req = (person.position_id !== null && required.get(person.position_id)) || new Map<number, number>();
    const mine = evidence.filter((e) => e.personId === person.id);
    const ids = new Set([...req.keys(), ...mine.map((e) => e.competencyId)]);
    const list: CompetencyStatus[] = [];
    for (const id of ids) {
      const c = comps.get(id);
      if (!c) continue;
      const items = mine.filter((e) => e.competencyId === id);
      const a = attain(items, settings, now);
      const basis = new Set(a.basis.map((b) => b.id));
      const requiredLevel = req.get(id) ?? 0;
      list.push({
        competencyId: id,
        code: c.code,
        name: c.name,
        kind: c.kind,
        framework: c.framework,
        required: requiredLevel,
        attained: a.level,
        gap: Math.max(0, requiredLevel - a.level),
        explanation: explain(a, settings, person.locale),
        evidence: items
          .sort((x, y) => y.occurredAt.getTime() - x.occurredAt.getTime())
          .map((e) => ({
            id: e.id,
            source: e.source,
            sourceId: e.sourceId,
            title: e.title,
            detail: e.detail,
            level: e.level,
            weight: e.weight,
            currentWeight: Math.round(e.weight * currentFactor(e.occurredAt, now, settings) * 100) / 100,
            occurredAt: e.occurredAt.toISOString(),
            supportsLevel: basis.has(e.id),
          })),
      });
    }
    const kindOrder = { manajerial: 0, sosial_kultural: 1, teknis: 2 } as const;
    list.sort((x, y) => y.gap - x.gap || kindOrder[x.kind] - kindOrder[y.kind] || x.code.localeCompare(y.code));
    out.set(person.id, list);
  }
  return out;
}

export async function competencyProfile(db: Db, person: PersonPlace, opts: { settings?: CompetencySettingsT; now?: Date } = {}) {
  return (await competencyProfiles(db, [person], opts)).get(person.id) ?? [];
}

export interface JpEntryView {
  id: number;
  source: JpSource;
  sourceId: number;
  title: string;
  jp: number;
  minutes: number | null;
  occurredAt: string;
  corrected: boolean;
}

/** JP in force per person for a year (latest entry of each chain). */
export async function jpEntries(db: Db, personIds: number[], year: number): Promise<Map<number, JpEntryView[]>> {
  const out = new Map<number, JpEntryView[]>(personIds.map((id) => [id, []]));
  if (!personIds.length) return out;
  const rows = await sql<{ id: number; person_id: number; source: JpSource; source_id: number; title: string; jp: number; minutes: number | null; occurred_at: Date; corrects_id: number | null }>`
    SELECT * FROM (
      SELECT DISTINCT ON (coalesce(corrects_id, id)) id, person_id, source, source_id, title, jp, minutes, occurred_at, corrects_id, year
        FROM jp_entries
       WHERE person_id = ANY(${personIds}::bigint[]) AND year = ${year}
       ORDER BY coalesce(corrects_id, id), id DESC) t
     WHERE jp > 0
     ORDER BY occurred_at DESC, id DESC`.execute(db);
  for (const r of rows.rows) {
    out.get(r.person_id)!.push({
      id: r.id,
      source: r.source,
      sourceId: r.source_id,
      title: r.title,
      jp: Number(r.jp),
      minutes: r.minutes,
      occurredAt: r.occurred_at.toISOString(),
      corrected: r.corrects_id !== null,
    });
  }
  return out;
}

export const sumJp = (entries: { jp: number }[]) => Math.round(entries.reduce((s, e) => s + e.jp, 0) * 100) / 100;

/** Jakarta's calendar year now. */
export const currentYear = (now = new Date()) => Number(now.toLocaleString('en-GB', { year: 'numeric', timeZone: 'Asia/Jakarta' }));

export interface Recommendation {
  kind: 'course' | 'quiz';
  id: number;
  slug: string;
  title: string;
  jp: number;
  url: string;
  enrolled: boolean;
  forMe: boolean;
  fit: number;
  competencies: { code: string; name: string; level: number; required: number; attained: number; closesGap: boolean }[];
}

/**
 * Courses and tests that can prove a level the person lacks, best fit first: those that close
 * a gap entirely before those that narrow it, more gaps before fewer, activities meant for
 * the person's office or position first, then more JP.
 */
export async function recommendations(db: Db, user: AuthUser, profile: CompetencyStatus[]): Promise<Recommendation[]> {
  const gaps = new Map(profile.filter((p) => p.gap > 0).map((p) => [p.code, p]));
  if (!gaps.size) return [];
  const codes = [...gaps.keys()];
  const courses = await db
    .selectFrom('course_competencies as cc')
    .innerJoin('courses as c', 'c.id', 'cc.course_id')
    .leftJoin('enrollments as e', (j) => j.onRef('e.course_id', '=', 'c.id').on('e.person_id', '=', user.id))
    .select(['c.id', 'c.slug', 'c.title', 'c.jp', 'cc.competency_code', 'cc.level', 'e.id as enrollment_id', 'e.completed_at'])
    .where('c.status', '=', 'published')
    .where('cc.competency_code', 'in', codes)
    .execute();
  const targeted = new Set(
    (
      await db
        .selectFrom('course_targets')
        .select('course_id')
        .where((eb) =>
          eb.or([
            ...(user.place.unitId !== null ? [eb('unit_id', '=', user.place.unitId)] : []),
            ...(user.place.positionId !== null ? [eb('position_id', '=', user.place.positionId)] : []),
            ...(user.place.tier !== null ? [eb('tier', '=', user.place.tier as never)] : []),
            eb.val(false),
          ]),
        )
        .execute()
    ).map((r) => r.course_id),
  );
  const items = new Map<string, Recommendation>();
  const add = (kind: 'course' | 'quiz', row: { id: number; slug: string; title: string; jp: number }, code: string, level: number, extra: Partial<Recommendation>) => {
    const gap = gaps.get(code)!;
    if (level <= gap.attained) return;
    const key = `${kind}:${row.id}`;
    const item = items.get(key) ?? {
      kind,
      id: row.id,
      slug: row.slug,
      title: row.title,
      jp: Number(row.jp),
      url: kind === 'course' ? `/courses/${row.slug}` : `/quizzes/${row.id}`,
      enrolled: false,
      forMe: false,
      fit: 0,
      competencies: [],
      ...extra,
    };
    const closes = level >= gap.required;
    item.competencies.push({ code, name: gap.name, level, required: gap.required, attained: gap.attained, closesGap: closes });
    item.fit += closes ? 2 : (level - gap.attained) / (gap.required - gap.attained);
    items.set(key, item);
  };
  for (const c of courses) {
    if (c.completed_at) continue;
    add('course', c, c.competency_code, c.level, { enrolled: c.enrollment_id !== null, forMe: targeted.has(c.id) });
  }
  const quizRules = await db
    .selectFrom('quiz_competencies as qc')
    .innerJoin('quizzes as q', 'q.id', 'qc.quiz_id')
    .select(['q.id', 'q.slug', 'q.title', 'q.course_id', 'qc.competency_code', 'qc.level'])
    .where('q.status', '=', 'published')
    .where('qc.competency_code', 'in', codes)
    .execute();
  const proven = new Set(profile.flatMap((p) => p.evidence.filter((e) => e.source === 'quiz').map((e) => `${e.sourceId}:${p.code}`)));
  const open = new Map<number, boolean>();
  for (const r of quizRules) {
    if (proven.has(`${r.id}:${r.competency_code}`)) continue;
    // A course's own test is reached through its course (recommended above).
    if (r.course_id !== null && items.has(`course:${r.course_id}`)) continue;
    if (!open.has(r.id)) {
      const quiz = await cachedQuiz(db, r.id);
      open.set(r.id, !!quiz && !(await takeRefusal(db, user, quiz, false)));
    }
    if (open.get(r.id)) add('quiz', { ...r, jp: 0 }, r.competency_code, r.level, { forMe: true });
  }
  return [...items.values()]
    .map((i) => ({ ...i, fit: Math.round(i.fit * 100) / 100 }))
    .sort((a, b) => b.fit - a.fit || Number(b.forMe) - Number(a.forMe) || b.jp - a.jp || a.title.localeCompare(b.title));
}
