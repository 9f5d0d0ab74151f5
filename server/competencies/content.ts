/**
 * content/competencies/*.yaml: frameworks (one per file), and standards.yaml, the position
 * standards. Loaded at every start and by `npm run content:import`, idempotently: an
 * unchanged file changes nothing (its hash is kept), a changed one versions what changed.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { sql, type Kysely } from 'kysely';
import { parse as parseYaml } from 'yaml';
import type { DB } from '../db/types.ts';
import { FrameworkDoc, FrameworkError, saveFramework, type FrameworkDocT } from './frameworks.ts';

export class CompetencyContentError extends Error {}

interface StandardsRow {
  unit?: string;
  unitKind?: string;
  positions: string[];
  require: Record<string, number>;
}

export interface CompetencyLoadResult {
  loaded: string[];
  unchanged: string[];
  skipped: string[];
  standards: number;
}

export async function loadCompetencyContent(db: Kysely<DB>, contentDir: string, log: (line: string) => void = () => {}): Promise<CompetencyLoadResult> {
  const dir = path.join(contentDir, 'competencies');
  const result: CompetencyLoadResult = { loaded: [], unchanged: [], skipped: [], standards: 0 };
  if (!existsSync(dir)) return result;
  const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f) && !/^standards\.ya?ml$/.test(f)).sort();
  for (const file of files) {
    const where = `content/competencies/${file}`;
    const text = await readFile(path.join(dir, file), 'utf8');
    const hash = createHash('sha256').update(text).digest('hex');
    let doc: FrameworkDocT;
    try {
      doc = parseYaml(text) as FrameworkDocT;
    } catch (err) {
      throw new CompetencyContentError(`${where}: ${(err as Error).message}`);
    }
    if (!Value.Check(FrameworkDoc, doc)) {
      const first = [...Value.Errors(FrameworkDoc, doc)][0];
      throw new CompetencyContentError(`${where}: ${first?.path || '/'} ${first?.message ?? 'is not a framework'}`);
    }
    const existing = await db.selectFrom('competency_frameworks').select(['source', 'content_hash']).where('slug', '=', doc.slug).executeTakeFirst();
    if (existing && existing.source !== 'file') {
      log(`${where}: a framework made in the app or imported has the slug ${doc.slug}; the file is ignored`);
      result.skipped.push(doc.slug);
      continue;
    }
    if (existing?.content_hash === hash) {
      result.unchanged.push(doc.slug);
      continue;
    }
    try {
      await db.transaction().execute(async (trx) => {
        await sql`SELECT pg_advisory_xact_lock(7341005)`.execute(trx);
        const again = await trx.selectFrom('competency_frameworks').select('content_hash').where('slug', '=', doc.slug).executeTakeFirst();
        if (again?.content_hash === hash) return;
        const saved = await saveFramework(trx, doc, { source: 'file', contentHash: hash });
        log(`${where}: ${saved.created.length} new, ${saved.newVersions.length} new versions, ${saved.retired.length} retired`);
      });
    } catch (err) {
      if (err instanceof FrameworkError) throw new CompetencyContentError(`${where}: ${err.message}`);
      throw err;
    }
    result.loaded.push(doc.slug);
  }
  result.standards = await loadStandards(db, path.join(dir, 'standards.yaml'));
  return result;
}

async function loadStandards(db: Kysely<DB>, file: string): Promise<number> {
  if (!existsSync(file)) return 0;
  const where = 'content/competencies/standards.yaml';
  const rows = (parseYaml(await readFile(file, 'utf8')) ?? []) as StandardsRow[];
  if (!Array.isArray(rows)) throw new CompetencyContentError(`${where}: must be a list`);
  const comps = new Map((await db.selectFrom('competencies').select(['id', 'code']).where('retired_at', 'is', null).execute()).map((c) => [c.code, c.id]));
  const wanted = new Map<string, { position_id: number; competency_id: number; level: number }>();
  for (const [i, r] of rows.entries()) {
    const at = `${where} entry ${i + 1}`;
    if (!r || (!r.unit && !r.unitKind) || !Array.isArray(r.positions) || typeof r.require !== 'object') {
      throw new CompetencyContentError(`${at}: needs unit or unitKind, positions and require`);
    }
    let q = db
      .selectFrom('positions as p')
      .innerJoin('units as u', 'u.id', 'p.unit_id')
      .select(['p.id', 'p.name'])
      .where(sql<string>`lower(p.name)`, 'in', r.positions.map((n) => n.toLowerCase()));
    q = r.unit ? q.where('u.code', '=', r.unit) : q.where('u.kind', '=', r.unitKind as never);
    const positions = await q.execute();
    if (r.unit) {
      const found = new Set(positions.map((p) => p.name.toLowerCase()));
      const missing = r.positions.filter((n) => !found.has(n.toLowerCase()));
      if (missing.length) throw new CompetencyContentError(`${at}: ${r.unit} has no position ${missing.join(', ')}`);
    }
    for (const [code, level] of Object.entries(r.require)) {
      const competencyId = comps.get(code);
      if (!competencyId) throw new CompetencyContentError(`${at}: unknown competency ${code}`);
      if (!Number.isInteger(level) || level < 0 || level > 5) throw new CompetencyContentError(`${at}: ${code} needs a level from 0 to 5`);
      for (const p of positions) wanted.set(`${p.id}:${competencyId}`, { position_id: p.id, competency_id: competencyId, level });
    }
  }
  if (!wanted.size) return 0;
  const values = [...wanted.values()];
  // Upsert the file's rows, never over an admin's; a file row the file no longer has goes.
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(7341006)`.execute(trx);
    await sql`
      INSERT INTO position_standards (position_id, competency_id, level, source)
      SELECT * FROM (VALUES ${sql.join(values.map((v) => sql`(${v.position_id}::bigint, ${v.competency_id}::bigint, ${v.level}::int, 'file')`))}) AS v
      ON CONFLICT (position_id, competency_id) DO UPDATE SET level = excluded.level, updated_at = now()
        WHERE position_standards.source = 'file' AND position_standards.level <> excluded.level`.execute(trx);
    await sql`
      DELETE FROM position_standards s WHERE s.source = 'file'
         AND NOT EXISTS (SELECT 1 FROM (VALUES ${sql.join(values.map((v) => sql`(${v.position_id}::bigint, ${v.competency_id}::bigint)`))}) AS v(p, c)
                          WHERE v.p = s.position_id AND v.c = s.competency_id)`.execute(trx);
  });
  return values.length;
}
