/**
 * content/satisfaction/*.yaml: the surveys of service units, loaded at every start and by
 * `npm run content:import`. The file seeds, the app owns what it seeded (seeded_content): an
 * office survey, counter or question is inserted once; what admins change afterwards stays. In
 * demo mode each survey also gets six months of made-up responses, once.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { sql, type Kysely, type Transaction } from 'kysely';
import { parse as parseYaml } from 'yaml';
import type { DB } from '../db/types.ts';
import { ELEMENT_CODES, PROFILE_FIELDS, elementColumn, type ElementCode } from './elements.ts';
import { evaluateSignals, type SignalSettings } from './signals.ts';
import { addQuestion, createSurvey } from './surveys.ts';

export class SatisfactionContentError extends Error {}

const Mean = Type.Number({ minimum: 1, maximum: 4 });
const SurveyDoc = Type.Object(
  {
    unit: Type.String({ minLength: 1 }),
    services: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }))),
    questions: Type.Optional(
      Type.Array(
        Type.Object(
          {
            kind: Type.Union([Type.Literal('scale'), Type.Literal('text')]),
            prompt: Type.String({ minLength: 1, maxLength: 300 }),
            labels: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 4, maxItems: 4 })),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    counters: Type.Optional(
      Type.Array(Type.Object({ name: Type.String({ minLength: 1, maxLength: 120 }), services: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }))) }, { additionalProperties: false })),
    ),
    demo: Type.Optional(
      Type.Object(
        {
          perMonth: Type.Integer({ minimum: 1, maximum: 2000 }),
          means: Type.Record(Type.String({ pattern: '^U[1-9]$' }), Mean),
          identicalBurst: Type.Optional(Type.Integer({ minimum: 2, maximum: 100 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
type SurveyDocT = Static<typeof SurveyDoc>;
const FileDoc = Type.Object({ surveys: Type.Array(SurveyDoc) }, { additionalProperties: false });

export interface SatisfactionLoadResult {
  surveys: number;
  counters: number;
  questions: number;
  demoResponses: number;
}

export interface LoadOptions {
  /** Add the demo responses (demo mode). */
  demo?: boolean;
  /** After adding demo responses, evaluate their closed months with these settings. */
  signals?: SignalSettings;
  now?: Date;
  log?: (line: string) => void;
}

async function readDocs(dir: string): Promise<{ where: string; doc: SurveyDocT }[]> {
  if (!existsSync(dir)) return [];
  const out: { where: string; doc: SurveyDocT }[] = [];
  for (const file of (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    const where = `content/satisfaction/${file}`;
    let parsed: unknown;
    try {
      parsed = parseYaml(await readFile(path.join(dir, file), 'utf8'));
    } catch (err) {
      throw new SatisfactionContentError(`${where}: ${(err as Error).message}`);
    }
    if (!Value.Check(FileDoc, parsed)) {
      const first = [...Value.Errors(FileDoc, parsed)][0];
      throw new SatisfactionContentError(`${where}: ${first?.path || '/'} ${first?.message ?? 'is not a list of surveys'}`);
    }
    for (const [i, doc] of parsed.surveys.entries()) {
      for (const q of doc.questions ?? []) {
        if ((q.kind === 'scale') !== (q.labels !== undefined)) throw new SatisfactionContentError(`${where} survey ${i + 1}: a scale question has four labels, a text question none (${q.prompt})`);
      }
      out.push({ where: `${where} survey ${i + 1} (${doc.unit})`, doc });
    }
  }
  return out;
}

export async function loadSatisfactionContent(db: Kysely<DB>, contentDir: string, opts: LoadOptions = {}): Promise<SatisfactionLoadResult> {
  const docs = await readDocs(path.join(contentDir, 'satisfaction'));
  const result: SatisfactionLoadResult = { surveys: 0, counters: 0, questions: 0, demoResponses: 0 };
  if (!docs.length) return result;
  await db.transaction().execute(async (trx) => {
    // Two instances starting together seed once.
    await sql`SELECT pg_advisory_xact_lock(7341008)`.execute(trx);
    const seeded = new Set((await trx.selectFrom('seeded_content').select(['kind', 'key']).where('kind', 'like', 'satisfaction-%').execute()).map((r) => `${r.kind}:${r.key}`));
    const remember = (kind: string, key: string) => trx.insertInto('seeded_content').values({ kind, key }).onConflict((oc) => oc.doNothing()).execute();
    for (const { where, doc } of docs) {
      const unit = await trx.selectFrom('units').select(['id', 'code']).where('code', '=', doc.unit).executeTakeFirst();
      if (!unit) throw new SatisfactionContentError(`${where}: no office with the code ${doc.unit} (content/org/units.yaml)`);
      let office = await trx.selectFrom('satisfaction_surveys').select('id').where('unit_id', '=', unit.id).where('parent_id', 'is', null).executeTakeFirst();
      if (!seeded.has(`satisfaction-survey:${unit.code}`)) {
        if (!office) {
          office = { id: await createSurvey(trx, { unitId: unit.id, services: doc.services ?? [] }) };
          result.surveys++;
        }
        await remember('satisfaction-survey', unit.code);
      }
      if (!office) continue; // seeded once, and since removed by hand: left alone
      for (const c of doc.counters ?? []) {
        const key = `${unit.code}/${c.name.toLowerCase()}`;
        if (seeded.has(`satisfaction-survey:${key}`)) continue;
        const same = await trx.selectFrom('satisfaction_surveys').select('id').where('parent_id', '=', office.id).where(sql<string>`lower(name)`, '=', c.name.toLowerCase()).executeTakeFirst();
        if (!same) {
          await createSurvey(trx, { unitId: unit.id, parentId: office.id, name: c.name, services: c.services ?? [] });
          result.counters++;
        }
        await remember('satisfaction-survey', key);
      }
      for (const q of doc.questions ?? []) {
        const key = `${unit.code}/${q.prompt}`;
        if (seeded.has(`satisfaction-question:${key}`)) continue;
        await addQuestion(trx, office.id, { kind: q.kind, prompt: q.prompt, labels: q.labels ?? null });
        await remember('satisfaction-question', key);
        result.questions++;
      }
      if (opts.demo && doc.demo && !seeded.has(`satisfaction-demo:${unit.code}`)) {
        result.demoResponses += await addDemoResponses(trx, unit, office.id, doc, opts.now ?? new Date());
        await remember('satisfaction-demo', unit.code);
      }
    }
  });
  if (result.demoResponses && opts.signals) await evaluateSignals(db, opts.signals, { now: opts.now });
  if (result.surveys || result.counters || result.questions || result.demoResponses) {
    opts.log?.(`satisfaction surveys: ${result.surveys} offices, ${result.counters} counters, ${result.questions} questions added; ${result.demoResponses} demo responses`);
  }
  return result;
}

/** A small seeded generator (mulberry32): the same unit code gives the same responses. */
function random(seedText: string): () => number {
  let seed = 2166136261;
  for (const ch of seedText) seed = Math.imul(seed ^ ch.charCodeAt(0), 16777619) >>> 0;
  return () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An answer near `mean`: the two neighbouring values in the right proportion, now and then one further off. */
function answerNear(mean: number, rnd: () => number): number {
  const base = Math.floor(mean);
  let v = base + (rnd() < mean - base ? 1 : 0);
  const r = rnd();
  if (r < 0.08) v -= 1;
  else if (r > 0.94) v += 1;
  return Math.min(4, Math.max(1, v));
}

const SUGGESTIONS = [
  'Antrean terlalu lama, mohon ditambah petugas di jam ramai.',
  'Petugasnya ramah dan sabar menjelaskan. Terima kasih.',
  'Mohon daftar persyaratan dipasang lebih jelas di depan loket.',
  'Ruang tunggu panas, kipas angin kurang.',
  'Petugas kurang senyum dan bicaranya ketus.',
  'Pelayanan cepat, dokumen jadi hari itu juga.',
  'Tolong informasi jam layanan diumumkan di media sosial.',
];

async function addDemoResponses(trx: Transaction<DB>, unit: { id: number; code: string }, officeId: number, doc: SurveyDocT, now: Date): Promise<number> {
  const demo = doc.demo!;
  const rnd = random(`sinau-demo:${unit.code}`);
  const surveys = await trx.selectFrom('satisfaction_surveys').select(['id', 'services', 'parent_id']).where('unit_id', '=', unit.id).orderBy('id').execute();
  const officeServices = surveys.find((s) => s.id === officeId)?.services ?? [];
  const questions = await trx.selectFrom('satisfaction_questions').select(['id', 'kind']).where('survey_id', '=', officeId).where('active', '=', true).execute();
  const rows: Record<string, unknown>[] = [];
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const answersFor = () => Object.fromEntries(ELEMENT_CODES.map((c) => [c, answerNear(demo.means[c] ?? 3.2, rnd)])) as Record<ElementCode, number>;

  // Office hours on weekdays (08:00–15:00 in Surakarta, UTC+7), over this month and the five before.
  const y = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Jakarta', year: 'numeric' }).format(now));
  const m = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Jakarta', month: 'numeric' }).format(now)) - 1;
  for (let back = 5; back >= 0; back--) {
    const first = new Date(Date.UTC(y, m - back, 1));
    const days = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
    const count = Math.round(demo.perMonth * (0.85 + rnd() * 0.3));
    for (let i = 0; i < count; i++) {
      let at: Date;
      for (let tries = 0; ; tries++) {
        const day = 1 + Math.floor(rnd() * days);
        at = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), day, 1 + Math.floor(rnd() * 7), Math.floor(rnd() * 60), Math.floor(rnd() * 60)));
        const weekday = new Date(at.getTime() + 7 * 3600_000).getUTCDay();
        if ((weekday !== 0 && weekday !== 6) || tries > 20) break;
      }
      if (at.getTime() > now.getTime()) continue;
      const survey = pick(surveys);
      const services = survey.services.length ? survey.services : officeServices;
      const answers = answersFor();
      // Now and then someone skips a question (most often the cost, or complaints).
      if (rnd() < 0.1) delete (answers as Partial<Record<ElementCode, number>>)[pick(['U4', 'U8', 'U5'] as ElementCode[])];
      const extra: Record<string, number | string> = {};
      for (const q of questions) if (q.kind === 'scale' && rnd() < 0.8) extra[String(q.id)] = answerNear(3.1, rnd);
      rows.push({
        survey_id: survey.id,
        unit_id: unit.id,
        submitted_at: at,
        channel: 'demo',
        ...Object.fromEntries(ELEMENT_CODES.map((c) => [elementColumn(c), answers[c] ?? null])),
        extra: JSON.stringify(extra),
        ...Object.fromEntries(PROFILE_FIELDS.map((f) => [f.column, rnd() < 0.75 ? pick(f.options).value : null])),
        service: services.length && rnd() < 0.8 ? pick(services) : null,
        suggestion: rnd() < 0.15 ? pick(SUGGESTIONS) : null,
      });
    }
  }
  if (demo.identicalBurst) {
    // Someone sent the same answers again and again within minutes: kept, held back for review.
    const start = new Date(now.getTime() - 2 * 24 * 3600_000);
    const same = Object.fromEntries(ELEMENT_CODES.map((c) => [elementColumn(c), 4]));
    for (let i = 0; i < demo.identicalBurst; i++) {
      rows.push({ survey_id: officeId, unit_id: unit.id, submitted_at: new Date(start.getTime() + i * 40_000), channel: 'demo', ...same, extra: '{}', flag_reason: 'identical' });
    }
  }
  for (let i = 0; i < rows.length; i += 500) await trx.insertInto('satisfaction_responses').values(rows.slice(i, i + 500) as never).execute();
  return rows.length;
}
