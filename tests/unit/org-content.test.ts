import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ContentError, parseDemoPeople, parseOrgContent, PEOPLE_FILE, POSITIONS_FILE, UNITS_FILE } from '../../server/seed/org.ts';
import { nipProblem } from '../../server/org/nip.ts';

const contentDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../content');
const read = (file: string) => readFileSync(path.join(contentDir, file), 'utf8');
const files = { units: read(UNITS_FILE), positions: read(POSITIONS_FILE) };

describe('content/org', () => {
  const org = parseOrgContent(files);
  const byCode = new Map(org.units.map((u) => [u.code, u]));

  it('has unique unit codes whose parents exist and come first', () => {
    expect(byCode.size).toBe(org.units.length);
    const seen = new Set<string>();
    for (const unit of org.units) {
      if (unit.parent !== null) expect(seen.has(unit.parent), `${unit.code} → ${unit.parent}`).toBe(true);
      seen.add(unit.code);
    }
  });

  it('lists the five kecamatan of Surakarta, each with kelurahan', () => {
    const kecamatan = org.units.filter((u) => u.kind === 'kecamatan').map((u) => u.name);
    expect(kecamatan.sort()).toEqual(
      ['Kecamatan Banjarsari', 'Kecamatan Jebres', 'Kecamatan Laweyan', 'Kecamatan Pasar Kliwon', 'Kecamatan Serengan'].sort(),
    );
    for (const kec of org.units.filter((u) => u.kind === 'kecamatan')) {
      expect(org.units.some((u) => u.kind === 'kelurahan' && u.parent === kec.code), kec.code).toBe(true);
    }
  });

  it('gives every office a head and schools a parent in Dinas Pendidikan', () => {
    for (const unit of org.units.filter((u) => u.kind === 'dinas' || u.kind === 'badan')) {
      expect(org.positions.some((p) => p.unit === unit.code && p.tier === 'JPT'), unit.code).toBe(true);
    }
    for (const school of org.units.filter((u) => u.kind === 'sekolah')) expect(school.parent).toBe('DISDIK');
  });

  it('keeps position names unique per office regardless of case', () => {
    const keys = org.positions.map((p) => `${p.unit}|${p.name.toLowerCase()}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(org.positions.length).toBeLessThan(600);
  });

  it('rejects an unknown parent, naming the file and the entry', () => {
    const bad = { ...files, units: 'units:\n  - { code: KEL-X, name: Kelurahan X, kind: kelurahan, parent: KEC-NOWHERE }\n' };
    expect(() => parseOrgContent(bad)).toThrow(ContentError);
    expect(() => parseOrgContent(bad)).toThrow(/org\/units\.yaml: KEL-X: unknown parent KEC-NOWHERE/);
  });

  it('rejects a bad code, kind and tier', () => {
    const units = 'units:\n  - { code: dinas x, name: X, kind: dinas }\n  - { code: OK, name: Y, kind: kantor }\n';
    expect(() => parseOrgContent({ ...files, units })).toThrow(/units\[0\] \(dinas x\): code must match[\s\S]*units\[1\] \(OK\): kind "kantor"/);
    const positions = 'kinds:\n  dinas:\n    Eselon: [Kepala Dinas]\n';
    expect(() => parseOrgContent({ ...files, positions })).toThrow(/org\/positions\.yaml: kinds\.dinas: unknown field "Eselon"/);
  });
});

describe('content/demo/people.yaml', () => {
  const org = parseOrgContent(files);
  const people = parseDemoPeople(read(PEOPLE_FILE));
  const byUsername = new Map(people.flatMap((p) => (p.username ? [[p.username, p] as const] : [])));

  it('holds each demo account with its roles and a password', () => {
    const expected: Record<string, string[]> = {
      admin: ['admin', 'learner'],
      'admin.disdik': ['admin', 'learner'],
      pelatih: ['trainer', 'learner'],
      atasan: ['supervisor', 'learner'],
      asn: ['learner'],
      guru: ['learner'],
      mitra: ['partner'],
    };
    for (const [username, roles] of Object.entries(expected)) {
      const person = byUsername.get(username);
      expect(person, username).toBeDefined();
      expect([...person!.roles].sort()).toEqual([...roles].sort());
      expect(person!.password).toBe('sinau-demo');
    }
    expect(byUsername.get('admin.disdik')!.adminScope).toBe('DISDIK');
    expect(byUsername.get('admin')!.adminScope).toBeNull();
    expect(byUsername.get('mitra')!).toMatchObject({ nip: null, unit: null, email: 'mitra@uns.ac.id' });
    expect(byUsername.get('asn')!.supervisor).toBe('atasan');
  });

  it('places every person in an existing office and position', () => {
    const units = new Set(org.units.map((u) => u.code));
    const positions = new Set(org.positions.map((p) => `${p.unit}|${p.name.toLowerCase()}`));
    for (const person of people) {
      if (person.unit !== null) expect(units.has(person.unit), `${person.name}: ${person.unit}`).toBe(true);
      if (person.position !== null) {
        expect(positions.has(`${person.unit}|${person.position.toLowerCase()}`), `${person.name}: ${person.position}`).toBe(true);
      }
      if (person.adminScope !== null) expect(units.has(person.adminScope)).toBe(true);
    }
  });

  it('gives every civil servant a valid NIP, appointed at 18 or later, unique', () => {
    const nips = people.flatMap((p) => (p.nip ? [p.nip] : []));
    expect(new Set(nips).size).toBe(nips.length);
    for (const person of people) {
      if (person.username === 'mitra') continue;
      expect(person.nip, person.name).not.toBeNull();
      const nip = person.nip!;
      expect(nipProblem(nip), `${person.name}: ${nip}`).toBeNull();
      const bornYear = Number(nip.slice(0, 4));
      const appointed = Number(nip.slice(8, 12));
      expect(appointed - bornYear, `${person.name}: ${nip}`).toBeGreaterThanOrEqual(18);
    }
  });

  it('has a team of several people reporting to atasan', () => {
    const team = people.filter((p) => p.supervisor === 'atasan' || p.supervisor === byUsername.get('atasan')!.nip);
    expect(team.length).toBeGreaterThanOrEqual(5);
    expect(people.length).toBeGreaterThanOrEqual(25);
  });

  it('rejects a NIP written as a number', () => {
    expect(() => parseDemoPeople('people:\n  - { nip: 198604172010011002, name: X }\n')).toThrow(/nip must be text \(quote it/);
  });
});
