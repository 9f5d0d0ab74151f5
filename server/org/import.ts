import { parse } from 'csv-parse/sync';
import { sql, type Transaction } from 'kysely';
import type { DB, Tier } from '../db/types.ts';
import { TIERS } from '../db/types.ts';
import { invalid, text, type Text } from '../plugins/errors.ts';
import { nipProblem } from './nip.ts';
import { audit } from './service.ts';
import type { ImportLineT, ImportReportT } from './schemas.ts';

/** Column names a personnel export may use, Indonesian first. */
const COLUMNS = {
  nip: ['nip'],
  name: ['nama', 'name', 'nama_lengkap', 'nama_pegawai'],
  email: ['email', 'e-mail', 'surel', 'e_mail'],
  unitCode: ['kode_unit', 'unit_code', 'kode_opd', 'office_code', 'unit'],
  position: ['jabatan', 'position', 'nama_jabatan'],
  supervisorNip: ['nip_atasan', 'supervisor_nip', 'atasan_nip'],
  tier: ['jenjang', 'tier', 'jenjang_jabatan'],
} as const;
type Column = keyof typeof COLUMNS;
const REQUIRED: Column[] = ['nip', 'name', 'unitCode', 'position'];

export interface CsvRow {
  line: number;
  values: Partial<Record<Column, string>>;
}

/** Parses the file; a file that cannot be read at all is a 400, not a report. */
export function parseStaffCsv(body: string): { rows: CsvRow[]; columns: Set<Column> } {
  const text_ = body.replace(/^\uFEFF/, '');
  const firstLine = text_.split(/\r?\n/, 1)[0] ?? '';
  // Spreadsheets set to Indonesian save CSV with semicolons.
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text_, { delimiter, info: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as never;
  } catch (err) {
    throw invalid(text(`Berkas CSV tidak dapat dibaca: ${(err as Error).message}`, `The CSV file cannot be read: ${(err as Error).message}`));
  }
  const header = records[0];
  if (!header) throw invalid(text('Berkas CSV kosong.', 'The CSV file is empty.'));
  const index = new Map<Column, number>();
  header.record.forEach((h, i) => {
    const key = h.trim().toLowerCase().replace(/\s+/g, '_');
    for (const [col, names] of Object.entries(COLUMNS) as [Column, readonly string[]][]) {
      if (names.includes(key) && !index.has(col)) index.set(col, i);
    }
  });
  const missing = REQUIRED.filter((c) => !index.has(c)).map((c) => COLUMNS[c][0]);
  if (missing.length > 0) {
    throw invalid(
      text(
        `Kolom wajib tidak ada: ${missing.join(', ')}. Baris pertama harus berisi judul kolom: nip, nama, email, kode_unit, jabatan, nip_atasan (dan jenjang bila perlu).`,
        `Required columns missing: ${missing.join(', ')}. The first line must name the columns: nip, nama, email, kode_unit, jabatan, nip_atasan (and jenjang if needed).`,
      ),
    );
  }
  const rows = records.slice(1).map(({ record, info }) => {
    const values: CsvRow['values'] = {};
    for (const [col, i] of index) values[col] = (record[i] ?? '').trim();
    return { line: info.lines, values };
  });
  return { rows, columns: new Set(index.keys()) };
}

interface Planned {
  line: number;
  nip: string;
  name: string;
  reason?: Text;
  action?: 'create' | 'update' | 'unchanged';
  changes?: string[];
  email?: string | null;
  unitId?: number;
  positionId?: number | null;
  /** A position to create, when the file names one the office lacks. */
  newPosition?: { unitId: number; name: string; tier: Tier };
  supervisorNip?: string | null;
  existingId?: number;
}

export interface ImportScope {
  /** null: the whole city. */
  unitIds: number[] | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Decides, line by line, what importing the file would do, against the database as seen by
 * `trx`. Nothing is written here.
 */
async function plan(trx: Transaction<DB>, rows: CsvRow[], columns: Set<Column>, scope: ImportScope): Promise<Planned[]> {
  const units = await trx.selectFrom('units').select(['id', 'code', 'active']).execute();
  const unitByCode = new Map(units.map((u) => [u.code, u]));
  const positions = await trx.selectFrom('positions').select(['id', 'unit_id', 'name']).execute();
  const positionKey = (unitId: number, name: string) => `${unitId}\u0000${name.trim().toLowerCase()}`;
  const positionByKey = new Map(positions.map((p) => [positionKey(p.unit_id, p.name), p.id]));
  const people = await trx.selectFrom('people').select(['id', 'nip', 'name', 'email', 'unit_id', 'position_id', 'supervisor_id']).execute();
  const personByNip = new Map(people.filter((p) => p.nip).map((p) => [p.nip!, p]));
  const personById = new Map(people.map((p) => [p.id, p]));
  const emailOwner = new Map(people.filter((p) => p.email).map((p) => [p.email!, p.nip ?? `#${p.id}`]));
  const inScope = (unitId: number | null) => scope.unitIds === null || (unitId !== null && scope.unitIds.includes(unitId));

  const seenNip = new Map<string, number>();
  const seenEmail = new Map<string, string>();
  const planned: Planned[] = rows.map(({ line, values }) => {
    const nip = (values.nip ?? '').replace(/[\s.'’]/g, '');
    const name = (values.name ?? '').replace(/\s+/g, ' ').trim();
    const p: Planned = { line, nip: values.nip ?? '', name };
    const reject = (reason: Text) => Object.assign(p, { reason });
    const nipIssue = nipProblem(nip);
    if (nipIssue) return reject(nipIssue);
    p.nip = nip;
    const dup = seenNip.get(nip);
    if (dup) return reject(text(`NIP ini sudah ada di baris ${dup}.`, `This NIP already appears on line ${dup}.`));
    seenNip.set(nip, line);
    if (name.length < 2 || name.length > 200) return reject(text('Nama wajib diisi (2–200 karakter).', 'A name is required (2–200 characters).'));

    const code = (values.unitCode ?? '').toUpperCase();
    const unit = unitByCode.get(code);
    if (!unit) return reject(text(`Kode unit '${values.unitCode ?? ''}' tidak dikenal.`, `Unknown office code '${values.unitCode ?? ''}'.`));
    if (!unit.active) return reject(text(`Unit '${code}' tidak aktif.`, `Office '${code}' is inactive.`));
    const existing = personByNip.get(nip);
    if (!inScope(unit.id) || (existing && !inScope(existing.unit_id))) {
      return reject(text('Pegawai atau unit ini di luar wewenang Anda.', 'This person or office is outside your scope.'));
    }
    p.unitId = unit.id;

    const positionName = (values.position ?? '').replace(/\s+/g, ' ').trim();
    if (!positionName) {
      p.positionId = null;
    } else {
      const found = positionByKey.get(positionKey(unit.id, positionName));
      if (found) p.positionId = found;
      else {
        const tier = TIERS.find((t) => t.toLowerCase() === (values.tier ?? '').trim().toLowerCase());
        if (!tier) {
          return reject(
            text(
              `Jabatan '${positionName}' belum ada di ${code}; isi kolom jenjang (${TIERS.join('/')}) agar jabatan dibuat.`,
              `Position '${positionName}' does not exist in ${code}; fill the jenjang column (${TIERS.join('/')}) to create it.`,
            ),
          );
        }
        p.newPosition = { unitId: unit.id, name: positionName, tier };
        p.positionId = null;
      }
    }

    if (columns.has('email')) {
      const email = (values.email ?? '').toLowerCase();
      if (email === '') p.email = null;
      else {
        if (!EMAIL.test(email) || email.length > 254) return reject(text(`Alamat e-mail '${values.email}' tidak valid.`, `Invalid e-mail address '${values.email}'.`));
        const owner = emailOwner.get(email);
        if (owner && owner !== nip) return reject(text('E-mail ini sudah dipakai pegawai lain.', 'This e-mail is already used by someone else.'));
        const inFile = seenEmail.get(email);
        if (inFile) return reject(text(`E-mail ini sudah dipakai di baris lain (NIP ${inFile}).`, `This e-mail is already used on another line (NIP ${inFile}).`));
        seenEmail.set(email, nip);
        p.email = email;
      }
    }
    if (columns.has('supervisorNip')) {
      const sup = (values.supervisorNip ?? '').replace(/[\s.'’]/g, '');
      if (sup === '') p.supervisorNip = null;
      else {
        const supIssue = nipProblem(sup);
        if (supIssue) return reject(text(`NIP atasan tidak valid: ${supIssue.id}`, `Invalid supervisor NIP: ${supIssue.en}`));
        if (sup === nip) return reject(text('Pegawai tidak boleh menjadi atasannya sendiri.', 'A person cannot be their own supervisor.'));
        p.supervisorNip = sup;
      }
    }
    if (existing) p.existingId = existing.id;
    return p;
  });

  // Supervisors must exist in the database or on a line that is itself accepted; repeat
  // until stable, since rejecting one line can orphan another.
  const lineOf = new Map(planned.filter((p) => !p.reason).map((p) => [p.nip, p]));
  for (let changed = true; changed; ) {
    changed = false;
    for (const p of planned) {
      if (p.reason || !p.supervisorNip) continue;
      const inFile = planned.find((q) => q.nip === p.supervisorNip);
      if (inFile?.reason) {
        p.reason = text(`Atasan (NIP ${p.supervisorNip}) ditolak di baris ${inFile.line}.`, `The supervisor (NIP ${p.supervisorNip}) is rejected on line ${inFile.line}.`);
        lineOf.delete(p.nip);
        changed = true;
      } else if (!inFile && !personByNip.has(p.supervisorNip)) {
        p.reason = text(`Atasan dengan NIP ${p.supervisorNip} tidak ditemukan.`, `No supervisor with NIP ${p.supervisorNip} was found.`);
        lineOf.delete(p.nip);
        changed = true;
      }
    }
  }
  // No reporting loops: follow each accepted person's chain upward in the merged picture.
  const supervisorOf = (nip: string): string | null | undefined => {
    const p = lineOf.get(nip);
    if (p && p.supervisorNip !== undefined) return p.supervisorNip;
    const person = personByNip.get(nip);
    const supId = person?.supervisor_id;
    return supId ? (personById.get(supId)?.nip ?? null) : null;
  };
  for (const p of planned) {
    if (p.reason) continue;
    let cur = supervisorOf(p.nip);
    for (let steps = 0; cur && steps < 1000; steps++) {
      if (cur === p.nip) {
        p.reason = text('Rantai atasan membentuk lingkaran.', 'The supervisor chain forms a loop.');
        break;
      }
      cur = supervisorOf(cur);
    }
  }

  for (const p of planned) {
    if (p.reason) continue;
    const existing = personByNip.get(p.nip);
    if (!existing) {
      p.action = 'create';
      continue;
    }
    const changes: string[] = [];
    if (existing.name !== p.name) changes.push('name');
    if (p.email !== undefined && existing.email !== p.email) changes.push('email');
    if (existing.unit_id !== p.unitId) changes.push('unit');
    if (p.newPosition || existing.position_id !== p.positionId) changes.push('position');
    if (p.supervisorNip !== undefined) {
      const current = existing.supervisor_id ? (personById.get(existing.supervisor_id)?.nip ?? null) : null;
      if (current !== p.supervisorNip) changes.push('supervisor');
    }
    p.action = changes.length > 0 ? 'update' : 'unchanged';
    p.changes = changes;
  }
  return planned;
}

export interface ImportOptions {
  dryRun: boolean;
  skipInvalid: boolean;
  scope: ImportScope;
  locale: 'id' | 'en';
  actorId: number;
}

/**
 * Plans and, unless a dry run, applies the import in one transaction: all of it or, when lines
 * are rejected and the admin did not choose to skip them, none of it.
 */
export async function importStaff(trx: Transaction<DB>, csv: string, opts: ImportOptions): Promise<ImportReportT> {
  const { rows, columns } = parseStaffCsv(csv);
  if (rows.length === 0) throw invalid(text('Berkas CSV tidak berisi data pegawai.', 'The CSV file has no staff lines.'));
  const planned = await plan(trx, rows, columns, opts.scope);
  const lines: ImportLineT[] = planned.map((p) => {
    const out: ImportLineT = { line: p.line, nip: p.nip, name: p.name, action: p.reason ? 'reject' : p.action! };
    if (p.reason) out.reason = p.reason[opts.locale];
    if (p.changes && p.changes.length > 0) out.changes = p.changes;
    if (p.newPosition) out.changes = [...(out.changes ?? []), 'newPosition'];
    return out;
  });
  const count = (a: ImportLineT['action']) => lines.filter((l) => l.action === a).length;
  const summary = { total: lines.length, create: count('create'), update: count('update'), unchanged: count('unchanged'), reject: count('reject') };
  const report: ImportReportT = { dryRun: opts.dryRun, applied: false, summary, lines };
  if (opts.dryRun || (summary.reject > 0 && !opts.skipInvalid)) return report;

  const accepted = planned.filter((p) => !p.reason && p.action !== 'unchanged');
  // Positions the file introduces, once each.
  const createdPositions = new Map<string, number>();
  for (const p of accepted) {
    if (!p.newPosition) continue;
    const key = `${p.newPosition.unitId}\u0000${p.newPosition.name.toLowerCase()}`;
    let id = createdPositions.get(key);
    if (id === undefined) {
      const row = await trx.insertInto('positions').values({ unit_id: p.newPosition.unitId, name: p.newPosition.name, tier: p.newPosition.tier }).returning('id').executeTakeFirstOrThrow();
      id = row.id;
      createdPositions.set(key, id);
    }
    p.positionId = id;
  }
  const idByNip = new Map<string, number>();
  for (const p of accepted) {
    if (p.action === 'create') {
      const row = await trx
        .insertInto('people')
        .values({ nip: p.nip, name: p.name, email: p.email ?? null, unit_id: p.unitId!, position_id: p.positionId ?? null })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('person_roles').values({ person_id: row.id, role: 'learner' }).execute();
      idByNip.set(p.nip, row.id);
    } else {
      const set: Record<string, unknown> = { name: p.name, unit_id: p.unitId!, position_id: p.positionId ?? null, updated_at: sql`now()` };
      if (p.email !== undefined) set.email = p.email;
      await trx.updateTable('people').set(set).where('id', '=', p.existingId!).execute();
    }
  }
  // Supervisors last: they may be people this same file creates.
  for (const p of accepted) {
    if (p.supervisorNip === undefined) continue;
    let supId: number | null = null;
    if (p.supervisorNip) {
      supId = idByNip.get(p.supervisorNip) ?? null;
      if (supId === null) {
        const row = await trx.selectFrom('people').select('id').where('nip', '=', p.supervisorNip).executeTakeFirstOrThrow();
        supId = row.id;
      }
    }
    await trx.updateTable('people').set({ supervisor_id: supId }).where('nip', '=', p.nip).execute();
  }
  // People who report to someone now must be able to see their team as supervisors.
  await trx
    .insertInto('person_roles')
    .columns(['person_id', 'role'])
    .expression((eb) =>
      eb
        .selectFrom('people as s')
        .select(['s.id', sql.lit('supervisor').as('role')])
        .where('s.id', 'in', eb.selectFrom('people').select('supervisor_id').where('supervisor_id', 'is not', null))
        .where((e) => e.not(e.exists(e.selectFrom('person_roles as r').select('r.id').whereRef('r.person_id', '=', 's.id').where('r.role', '=', 'supervisor')))),
    )
    .execute();
  await audit(trx, opts.actorId, 'people.import', null, summary);
  report.applied = true;
  return report;
}
