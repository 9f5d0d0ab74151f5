import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql, type Kysely, type Transaction } from 'kysely';
import { parse as parseYaml } from 'yaml';
import { ROLES, TIERS, UNIT_KINDS, type DB, type Role, type Tier, type UnitKind } from '../db/types.ts';
import { nipProblem } from '../org/nip.ts';

/** Paths inside the content directory; error messages name files by these. */
export const UNITS_FILE = 'org/units.yaml';
export const POSITIONS_FILE = 'org/positions.yaml';
export const PEOPLE_FILE = 'demo/people.yaml';

const UNIT_CODE = /^[A-Z0-9][A-Z0-9._-]{0,31}$/;
const USERNAME = /^[a-z][a-z0-9._-]{1,39}$/;
// Two app instances starting together would both insert the same rows; one waits instead.
const SEED_LOCK = 7341002;

export interface UnitEntry {
  code: string;
  name: string;
  kind: UnitKind;
  parent: string | null;
}

export interface PositionEntry {
  unit: string;
  name: string;
  tier: Tier;
}

export interface OrgContent {
  /** Parents before their children. */
  units: UnitEntry[];
  positions: PositionEntry[];
}

export interface DemoPerson {
  username: string | null;
  nip: string | null;
  email: string | null;
  name: string;
  unit: string | null;
  position: string | null;
  /** Username or NIP of another demo person. */
  supervisor: string | null;
  roles: Role[];
  /** Unit code an admin is limited to; null: the whole city. */
  adminScope: string | null;
  password: string | null;
}

/** Content files that do not make sense; lists every problem, each naming its file and entry. */
export class ContentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid content (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  ${problems.join('\n  ')}`);
    this.name = 'ContentError';
  }
}

type Raw = Record<string, unknown>;
const isRecord = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseFile(text: string, file: string): unknown {
  try {
    return parseYaml(text);
  } catch (err) {
    throw new ContentError([`${file}: ${err instanceof Error ? err.message : String(err)}`]);
  }
}

function unknownKeys(raw: Raw, allowed: readonly string[], where: string, problems: string[]) {
  for (const key of Object.keys(raw)) {
    if (!allowed.includes(key)) problems.push(`${where}: unknown field "${key}" (expected ${allowed.join(', ')})`);
  }
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

// ---------------------------------------------------------------------------------------------
// Parsing and validation (pure)

/** Parses and checks content/org/units.yaml and positions.yaml (their text). Throws ContentError. */
export function parseOrgContent(files: { units: string; positions: string }): OrgContent {
  const problems: string[] = [];
  const units = parseUnits(files.units, problems);
  const positions = parsePositions(files.positions, units, problems);
  if (problems.length > 0) throw new ContentError(problems);
  return { units, positions };
}

function parseUnits(source: string, problems: string[]): UnitEntry[] {
  const doc = parseFile(source, UNITS_FILE);
  if (!isRecord(doc) || !Array.isArray(doc.units)) {
    problems.push(`${UNITS_FILE}: expected a top-level "units:" list`);
    return [];
  }
  const entries: UnitEntry[] = [];
  const byCode = new Map<string, UnitEntry>();
  doc.units.forEach((raw: unknown, i) => {
    let where = `${UNITS_FILE}: units[${i}]`;
    if (!isRecord(raw)) {
      problems.push(`${where}: expected a mapping with code, name and kind`);
      return;
    }
    if (typeof raw.code === 'string') where += ` (${raw.code})`;
    unknownKeys(raw, ['code', 'name', 'kind', 'parent'], where, problems);
    const code = typeof raw.code === 'string' ? raw.code : '';
    const name = text(raw.name);
    const kind = raw.kind as UnitKind;
    const parent = raw.parent === undefined || raw.parent === null ? null : raw.parent;
    let ok = true;
    if (!UNIT_CODE.test(code)) {
      problems.push(`${where}: code must match ${UNIT_CODE.source} (upper case letters, digits, . _ -)`);
      ok = false;
    } else if (byCode.has(code)) {
      problems.push(`${where}: code ${code} appears more than once`);
      ok = false;
    }
    if (name === null) {
      problems.push(`${where}: name is missing`);
      ok = false;
    }
    if (!UNIT_KINDS.includes(kind)) {
      problems.push(`${where}: kind ${JSON.stringify(raw.kind)} is not one of ${UNIT_KINDS.join(', ')}`);
      ok = false;
    }
    if (parent !== null && typeof parent !== 'string') {
      problems.push(`${where}: parent must be a unit code`);
      ok = false;
    }
    if (!ok) return;
    const entry: UnitEntry = { code, name: name!, kind, parent: parent as string | null };
    entries.push(entry);
    byCode.set(code, entry);
  });

  for (const unit of entries) {
    if (unit.parent === null) {
      if (unit.kind === 'kelurahan') problems.push(`${UNITS_FILE}: ${unit.code}: a kelurahan needs its kecamatan as parent`);
      continue;
    }
    const parent = byCode.get(unit.parent);
    if (!parent) problems.push(`${UNITS_FILE}: ${unit.code}: unknown parent ${unit.parent}`);
    else if (unit.kind === 'kelurahan' && parent.kind !== 'kecamatan') {
      problems.push(`${UNITS_FILE}: ${unit.code}: a kelurahan's parent must be a kecamatan, not ${parent.code} (${parent.kind})`);
    }
  }
  return parentsFirst(entries, byCode, problems);
}

/** Orders units so that each parent comes before its children; reports cycles. */
function parentsFirst(entries: UnitEntry[], byCode: Map<string, UnitEntry>, problems: string[]): UnitEntry[] {
  const ordered: UnitEntry[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (unit: UnitEntry, chain: string[]) => {
    const seen = state.get(unit.code);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      problems.push(`${UNITS_FILE}: ${unit.code}: parents form a cycle (${[...chain, unit.code].join(' → ')})`);
      return;
    }
    state.set(unit.code, 'visiting');
    const parent = unit.parent === null ? undefined : byCode.get(unit.parent);
    if (parent) visit(parent, [...chain, unit.code]);
    state.set(unit.code, 'done');
    ordered.push(unit);
  };
  for (const unit of entries) visit(unit, []);
  return ordered;
}

type TierLists = Map<Tier, string[]>;

function readTierLists(raw: Raw, where: string, problems: string[], extra: readonly string[] = []): TierLists {
  const lists: TierLists = new Map();
  unknownKeys(raw, [...TIERS, ...extra], where, problems);
  for (const tier of TIERS) {
    const value = raw[tier];
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value)) {
      problems.push(`${where}.${tier}: expected a list of position names`);
      continue;
    }
    const names: string[] = [];
    value.forEach((v: unknown, i) => {
      const name = text(v);
      if (name === null) problems.push(`${where}.${tier}[${i}]: expected a position name, got ${JSON.stringify(v)}`);
      else names.push(name);
    });
    lists.set(tier, names);
  }
  return lists;
}

function parsePositions(source: string, units: UnitEntry[], problems: string[]): PositionEntry[] {
  const doc = parseFile(source, POSITIONS_FILE);
  if (!isRecord(doc)) {
    problems.push(`${POSITIONS_FILE}: expected a mapping with "kinds:" and "units:"`);
    return [];
  }
  unknownKeys(doc, ['kinds', 'units'], POSITIONS_FILE, problems);
  const kindsRaw = doc.kinds ?? {};
  const unitsRaw = doc.units ?? {};
  if (!isRecord(kindsRaw) || !isRecord(unitsRaw)) {
    problems.push(`${POSITIONS_FILE}: "kinds:" and "units:" must be mappings`);
    return [];
  }

  const byKind = new Map<UnitKind, TierLists>();
  for (const [kind, raw] of Object.entries(kindsRaw)) {
    const where = `${POSITIONS_FILE}: kinds.${kind}`;
    if (!UNIT_KINDS.includes(kind as UnitKind)) {
      problems.push(`${where}: ${kind} is not a unit kind (${UNIT_KINDS.join(', ')})`);
      continue;
    }
    if (!isRecord(raw)) {
      problems.push(`${where}: expected tiers with lists of position names`);
      continue;
    }
    byKind.set(kind as UnitKind, readTierLists(raw, where, problems));
  }

  const unitCodes = new Map(units.map((u) => [u.code, u]));
  const own = new Map<string, { lists: TierLists; omit: string[] }>();
  for (const [code, raw] of Object.entries(unitsRaw)) {
    const where = `${POSITIONS_FILE}: units.${code}`;
    if (!unitCodes.has(code)) {
      problems.push(`${where}: no unit with code ${code} in ${UNITS_FILE}`);
      continue;
    }
    if (!isRecord(raw)) {
      problems.push(`${where}: expected tiers with lists of position names`);
      continue;
    }
    const omitRaw = raw.omit ?? [];
    const omit = Array.isArray(omitRaw) ? omitRaw.map(text).filter((n): n is string => n !== null) : [];
    if (!Array.isArray(omitRaw) || omit.length !== omitRaw.length) problems.push(`${where}.omit: expected a list of position names`);
    own.set(code, { lists: readTierLists(raw, where, problems, ['omit']), omit });
  }

  const positions: PositionEntry[] = [];
  for (const unit of units) {
    const fromKind = byKind.get(unit.kind);
    const mine = own.get(unit.code);
    const omitted = new Set((mine?.omit ?? []).map((n) => n.toLowerCase()));
    const seen = new Map<string, string>();
    const add = (name: string, tier: Tier, where: string) => {
      const key = name.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) {
        problems.push(`${POSITIONS_FILE}: ${unit.code}: position "${name}" (${where}) is already listed (${first})`);
        return;
      }
      seen.set(key, where);
      positions.push({ unit: unit.code, name, tier });
    };
    for (const [tier, names] of fromKind ?? []) {
      for (const name of names) if (!omitted.has(name.toLowerCase())) add(name, tier, `kinds.${unit.kind}.${tier}`);
    }
    for (const name of mine?.omit ?? []) {
      const inKind = [...(fromKind?.values() ?? [])].some((names) => names.some((n) => n.toLowerCase() === name.toLowerCase()));
      if (!inKind) problems.push(`${POSITIONS_FILE}: units.${unit.code}.omit: "${name}" is not a position of kind ${unit.kind}`);
    }
    for (const [tier, names] of mine?.lists ?? []) {
      for (const name of names) add(name, tier, `units.${unit.code}.${tier}`);
    }
  }
  return positions;
}

/** Parses and checks content/demo/people.yaml (its text). Throws ContentError. */
export function parseDemoPeople(source: string): DemoPerson[] {
  const problems: string[] = [];
  const doc = parseFile(source, PEOPLE_FILE);
  if (!isRecord(doc) || !Array.isArray(doc.people)) throw new ContentError([`${PEOPLE_FILE}: expected a top-level "people:" list`]);
  const fields = ['username', 'nip', 'email', 'name', 'unit', 'position', 'supervisor', 'roles', 'admin_scope', 'password'];
  const people: DemoPerson[] = [];
  const taken = new Map<string, string>();
  const claim = (key: string, where: string) => {
    const first = taken.get(key);
    if (first !== undefined) problems.push(`${where}: ${key.split(':')[0]} ${key.slice(key.indexOf(':') + 1)} is already used by ${first}`);
    else taken.set(key, where);
  };

  doc.people.forEach((raw: unknown, i) => {
    let where = `${PEOPLE_FILE}: people[${i}]`;
    if (!isRecord(raw)) {
      problems.push(`${where}: expected a mapping`);
      return;
    }
    const label = [raw.username, raw.nip, raw.email, raw.name].find((v) => typeof v === 'string');
    if (label !== undefined) where += ` (${label as string})`;
    unknownKeys(raw, fields, where, problems);
    const optional = (field: string): string | null => {
      const value = raw[field];
      if (value === undefined || value === null) return null;
      if (typeof value === 'string' && value.trim() !== '') return value.trim();
      const hint = typeof value === 'number' ? ' (quote it: a bare number loses digits)' : '';
      problems.push(`${where}: ${field} must be text${hint}`);
      return null;
    };
    const person: DemoPerson = {
      username: optional('username'),
      nip: optional('nip'),
      email: optional('email'),
      name: optional('name') ?? '',
      unit: optional('unit'),
      position: optional('position'),
      supervisor: optional('supervisor'),
      roles: ['learner'],
      adminScope: optional('admin_scope'),
      password: optional('password'),
    };
    if (person.name === '') problems.push(`${where}: name is missing`);
    if (person.username !== null && !USERNAME.test(person.username)) problems.push(`${where}: username must match ${USERNAME.source}`);
    if (person.nip !== null) {
      const why = nipProblem(person.nip);
      if (why) problems.push(`${where}: NIP ${person.nip}: ${why.en}`);
    }
    if (person.email !== null && (person.email !== person.email.toLowerCase() || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(person.email))) {
      problems.push(`${where}: email must be a lower-case e-mail address`);
    }
    if (person.username === null && person.nip === null && person.email === null) problems.push(`${where}: needs a username, nip or email`);
    if (person.position !== null && person.unit === null) problems.push(`${where}: a position needs a unit`);
    if (raw.roles !== undefined) {
      if (!Array.isArray(raw.roles) || raw.roles.length === 0 || raw.roles.some((r) => !ROLES.includes(r as Role))) {
        problems.push(`${where}: roles must be a non-empty list of ${ROLES.join(', ')}`);
      } else {
        person.roles = [...new Set(raw.roles as Role[])];
      }
    }
    if (person.adminScope !== null && !person.roles.includes('admin')) problems.push(`${where}: admin_scope needs the admin role`);
    if (person.username !== null) claim(`username:${person.username}`, where);
    if (person.nip !== null) claim(`NIP:${person.nip}`, where);
    if (person.email !== null) claim(`email:${person.email}`, where);
    people.push(person);
  });

  for (const person of people) {
    if (person.supervisor === null) continue;
    const who = person.username ?? person.nip ?? person.email;
    const boss = people.find((p) => p.username === person.supervisor || p.nip === person.supervisor);
    if (!boss) problems.push(`${PEOPLE_FILE}: ${who}: supervisor ${person.supervisor} is neither a username nor a NIP in this file`);
    else if (boss === person) problems.push(`${PEOPLE_FILE}: ${who}: cannot be their own supervisor`);
  }
  if (problems.length > 0) throw new ContentError(problems);
  return people;
}

// ---------------------------------------------------------------------------------------------
// Loading

export async function readOrgContent(contentDir: string): Promise<OrgContent> {
  const [units, positions] = await Promise.all([
    readFile(path.join(contentDir, UNITS_FILE), 'utf8'),
    readFile(path.join(contentDir, POSITIONS_FILE), 'utf8'),
  ]);
  return parseOrgContent({ units, positions });
}

export async function lockSeeding(trx: Transaction<DB>) {
  await sql`SELECT pg_advisory_xact_lock(${SEED_LOCK})`.execute(trx);
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`seed: ${what} vanished during loading`);
  return value;
}

const positionKey = (unitId: number, name: string) => `${unitId}\u0000${name.toLowerCase()}`;

/**
 * Inserts the units (by code) and positions (by unit and case-insensitive name) of
 * content/org that were never seeded before, in one transaction: a second run writes nothing,
 * and what admins changed or created in the app is never touched.
 * Returns how many units and positions the files hold, and how many rows were written.
 */
export async function loadOrgContent(
  db: Kysely<DB>,
  contentDir: string,
): Promise<{ units: number; positions: number; inserted: number; updated: number }> {
  const content = await readOrgContent(contentDir);
  return db.transaction().execute(async (trx) => {
    await lockSeeding(trx);
    let inserted = 0;
    let updated = 0;

    // The files seed; the app owns what they seeded. An entry is inserted once and remembered,
    // so an admin's later rename, move or edit survives every restart.
    const seeded = new Set(
      (await trx.selectFrom('seeded_content').select(['kind', 'key']).execute()).map((r) => `${r.kind}:${r.key}`),
    );
    const remember = async (kind: 'unit' | 'position', keys: string[]) => {
      for (let i = 0; i < keys.length; i += 500) {
        const batch = keys.slice(i, i + 500).map((key) => ({ kind, key }));
        if (batch.length) await trx.insertInto('seeded_content').values(batch).onConflict((oc) => oc.doNothing()).execute();
      }
    };

    const existing = await trx.selectFrom('units').select(['id', 'code']).execute();
    const byCode = new Map(existing.map((u) => [u.code, u.id]));
    const newUnitKeys: string[] = [];
    for (const unit of content.units) {
      if (seeded.has(`unit:${unit.code}`)) continue;
      newUnitKeys.push(unit.code);
      if (byCode.has(unit.code)) continue; // created in the app before the file named it
      // Parents come first in the file, so a parent's id is known by now.
      const parentId = unit.parent === null ? null : (byCode.get(unit.parent) ?? null);
      const created = await trx
        .insertInto('units')
        .values({ code: unit.code, name: unit.name, kind: unit.kind, parent_id: parentId })
        .returning('id')
        .executeTakeFirstOrThrow();
      byCode.set(unit.code, created.id);
      inserted++;
    }
    await remember('unit', newUnitKeys);

    const current = await trx.selectFrom('positions').select(['unit_id', 'name']).execute();
    const present = new Set(current.map((p) => positionKey(p.unit_id, p.name)));
    const toInsert: { unit_id: number; name: string; tier: Tier }[] = [];
    const newPositionKeys: string[] = [];
    for (const position of content.positions) {
      const seedKey = `${position.unit}/${position.name.toLowerCase()}`;
      if (seeded.has(`position:${seedKey}`)) continue;
      newPositionKeys.push(seedKey);
      const unitId = byCode.get(position.unit);
      if (unitId === undefined || present.has(positionKey(unitId, position.name))) continue;
      present.add(positionKey(unitId, position.name));
      toInsert.push({ unit_id: unitId, name: position.name, tier: position.tier });
    }
    for (let i = 0; i < toInsert.length; i += 500) {
      await trx.insertInto('positions').values(toInsert.slice(i, i + 500)).execute();
    }
    inserted += toInsert.length;
    await remember('position', newPositionKeys);

    return { units: content.units.length, positions: content.positions.length, inserted, updated };
  });
}

/**
 * Inserts the people of content/demo/people.yaml whose username, NIP and e-mail are all still
 * free, with their roles and supervisors, in one transaction. Existing people are never
 * updated, so edits made in the app survive restarts. Returns how many people were inserted.
 * The units and positions must be loaded first (loadOrgContent).
 */
export async function loadDemoPeople(
  db: Kysely<DB>,
  contentDir: string,
  hashPassword: (password: string) => Promise<string>,
): Promise<number> {
  const people = parseDemoPeople(await readFile(path.join(contentDir, PEOPLE_FILE), 'utf8'));
  // One hash per distinct password, computed only when someone is inserted: scrypt is slow on purpose.
  const hashes = new Map<string, Promise<string>>();
  const hashOf = (password: string) => {
    let hash = hashes.get(password);
    if (!hash) hashes.set(password, (hash = hashPassword(password)));
    return hash;
  };

  return db.transaction().execute(async (trx) => {
    await lockSeeding(trx);
    const usernames = people.flatMap((p) => (p.username ? [p.username] : []));
    const nips = people.flatMap((p) => (p.nip ? [p.nip] : []));
    const emails = people.flatMap((p) => (p.email ? [p.email] : []));
    const existing = await trx
      .selectFrom('people')
      .select(['username', 'nip', 'email'])
      .where((eb) =>
        eb.or([
          ...(usernames.length ? [eb('username', 'in', usernames)] : []),
          ...(nips.length ? [eb('nip', 'in', nips)] : []),
          ...(emails.length ? [eb('email', 'in', emails)] : []),
        ]),
      )
      .execute();
    const taken = new Set(existing.flatMap((p) => [`u:${p.username}`, `n:${p.nip}`, `e:${p.email}`]));
    const fresh = people.filter(
      (p) => !(p.username && taken.has(`u:${p.username}`)) && !(p.nip && taken.has(`n:${p.nip}`)) && !(p.email && taken.has(`e:${p.email}`)),
    );
    if (fresh.length === 0) return 0;

    const codes = [...new Set(fresh.flatMap((p) => [p.unit, p.adminScope].filter((c): c is string => c !== null)))];
    const units = codes.length ? await trx.selectFrom('units').select(['id', 'code']).where('code', 'in', codes).execute() : [];
    const unitId = new Map(units.map((u) => [u.code, u.id]));
    const positions = units.length
      ? await trx
          .selectFrom('positions')
          .select(['id', 'unit_id', 'name'])
          .where('unit_id', 'in', units.map((u) => u.id))
          .execute()
      : [];
    const positionId = new Map(positions.map((p) => [positionKey(p.unit_id, p.name), p.id]));

    const problems: string[] = [];
    const resolved = fresh.map((person) => {
      const who = `${PEOPLE_FILE}: ${person.username ?? person.nip ?? person.email}`;
      const unit = person.unit === null ? null : (unitId.get(person.unit) ?? null);
      if (person.unit !== null && unit === null) problems.push(`${who}: no unit with code ${person.unit}`);
      const scope = person.adminScope === null ? null : (unitId.get(person.adminScope) ?? null);
      if (person.adminScope !== null && scope === null) problems.push(`${who}: no unit with code ${person.adminScope} (admin_scope)`);
      const position = person.position === null || unit === null ? null : (positionId.get(positionKey(unit, person.position)) ?? null);
      if (person.position !== null && unit !== null && position === null) {
        problems.push(`${who}: unit ${person.unit} has no position "${person.position}"`);
      }
      return { person, unit, scope, position };
    });
    if (problems.length > 0) throw new ContentError(problems);

    const inserted: { id: number; supervisor: string | null }[] = [];
    for (const { person, unit, scope, position } of resolved) {
      const row = await trx
        .insertInto('people')
        .values({
          username: person.username,
          nip: person.nip,
          email: person.email,
          name: person.name,
          unit_id: unit,
          position_id: position,
          supervisor_id: null,
          password_hash: person.password === null ? null : await hashOf(person.password),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('person_roles')
        .values(person.roles.map((role) => ({ person_id: row.id, role, scope_unit_id: role === 'admin' ? scope : null })))
        .execute();
      inserted.push({ id: row.id, supervisor: person.supervisor });
    }

    // Second pass: a supervisor may be listed after the people who report to them, or may
    // have been inserted by an earlier run. One renamed in the app since is left unresolved.
    const refs = [...new Set(inserted.flatMap((p) => (p.supervisor ? [p.supervisor] : [])))];
    if (refs.length > 0) {
      const bosses = await trx
        .selectFrom('people')
        .select(['id', 'username', 'nip'])
        .where((eb) => eb.or([eb('username', 'in', refs), eb('nip', 'in', refs)]))
        .execute();
      const byRef = new Map<string, number>();
      for (const b of bosses) {
        if (b.nip) byRef.set(b.nip, b.id);
        if (b.username) byRef.set(b.username, b.id);
      }
      for (const p of inserted) {
        const bossId = p.supervisor === null ? undefined : byRef.get(p.supervisor);
        if (bossId === undefined || bossId === p.id) continue;
        await trx.updateTable('people').set({ supervisor_id: bossId }).where('id', '=', p.id).execute();
      }
    }
    return inserted.length;
  });
}
