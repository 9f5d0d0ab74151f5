import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';
import { nip, staffCsv, type StaffLine } from '../factories/staff-csv.ts';

let t: TestApp;
let admin: Client;
const url = (dryRun: boolean, skipInvalid = false) => `/api/people/import?dryRun=${dryRun}${skipInvalid ? '&skipInvalid=true' : ''}`;
const send = (c: Client, csv: string, dryRun: boolean, skipInvalid = false) =>
  c.request({ method: 'POST', url: url(dryRun, skipInvalid), payload: csv, headers: { 'content-type': 'text/csv' } });
const countPeople = async () => Number((await t.db.selectFrom('people').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  const unit = (await admin.post('/api/units', { code: 'IMP-OPD', name: 'Dinas Impor', kind: 'dinas' })).json();
  await admin.post('/api/positions', { name: 'Kepala Dinas Impor', tier: 'JPT', unitId: unit.id });
  await admin.post('/api/positions', { name: 'Pengadministrasi Perkantoran', tier: 'Pelaksana', unitId: unit.id });
});
afterAll(() => t.close());

let teams = 0;
function team(): StaffLine[] {
  const n = ++teams;
  const head = nip({ birth: '19700101', tmt: '199503', sex: '1' });
  return [
    { nip: head, nama: 'Bambang Sutrisno', email: `bambang.s${n}@example.go.id`, kode_unit: 'IMP-OPD', jabatan: 'Kepala Dinas Impor' },
    { nip: nip({ sex: '2' }), nama: 'Sri Wahyuni', email: `sri.w${n}@example.go.id`, kode_unit: 'imp-opd', jabatan: 'Pengadministrasi Perkantoran', nip_atasan: head },
    { nip: nip(), nama: 'Agus Prasetyo', kode_unit: 'IMP-OPD', jabatan: 'pengadministrasi perkantoran', nip_atasan: head },
  ];
}

describe('POST /api/people/import', () => {
  it('reports per line what a dry run would do, and writes nothing', async () => {
    const before = await countPeople();
    const res = await send(admin, staffCsv(team()), true);
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ dryRun: true, applied: false, summary: { total: 3, create: 3, update: 0, unchanged: 0, reject: 0 } });
    expect(report.lines.map((l: { line: number }) => l.line)).toEqual([2, 3, 4]);
    expect(await countPeople()).toBe(before);
  });

  it('applies, links supervisors from the same file, and a re-import changes nothing', async () => {
    const lines = team();
    const csv = staffCsv(lines);
    const applied = await send(admin, csv, false);
    expect(applied.statusCode).toBe(200);
    expect(applied.json()).toMatchObject({ dryRun: false, applied: true, summary: { create: 3, reject: 0 } });
    const sri = await t.db.selectFrom('people').selectAll().where('nip', '=', lines[1]!.nip).executeTakeFirstOrThrow();
    const head = await t.db.selectFrom('people').selectAll().where('nip', '=', lines[0]!.nip).executeTakeFirstOrThrow();
    expect(sri.supervisor_id).toBe(head.id);
    expect(sri.email).toBe(lines[1]!.email);
    // The head now has a team, so can see it.
    const roles = await t.db.selectFrom('person_roles').select('role').where('person_id', '=', head.id).execute();
    expect(roles.map((r) => r.role).sort()).toEqual(['learner', 'supervisor']);

    const snapshot = await t.db.selectFrom('people').selectAll().where('nip', 'in', lines.map((l) => l.nip)).orderBy('id').execute();
    const again = await send(admin, csv, false);
    expect(again.statusCode).toBe(200);
    expect(again.json().summary).toEqual({ total: 3, create: 0, update: 0, unchanged: 3, reject: 0 });
    const after = await t.db.selectFrom('people').selectAll().where('nip', 'in', lines.map((l) => l.nip)).orderBy('id').execute();
    expect(after).toEqual(snapshot);
  });

  it('reports updates with the fields that change', async () => {
    const lines = team();
    await send(admin, staffCsv(lines), false);
    lines[2]!.nama = 'Agus Prasetyo Nugroho';
    lines[2]!.email = `agus.p${teams}@example.go.id`;
    const res = await send(admin, staffCsv(lines), true);
    const line = res.json().lines.find((l: { nip: string }) => l.nip === lines[2]!.nip);
    expect(line).toMatchObject({ action: 'update', changes: ['name', 'email'] });
  });

  it('rejects bad lines with line number and reason, and applies none of the file', async () => {
    const lines = team();
    lines.push(
      { nip: '12345', nama: 'NIP Pendek', kode_unit: 'IMP-OPD', jabatan: 'Pengadministrasi Perkantoran' },
      { nip: nip(), nama: 'Unit Salah', kode_unit: 'TIDAK-ADA', jabatan: 'Pengadministrasi Perkantoran' },
      { nip: nip(), nama: 'Jabatan Baru', kode_unit: 'IMP-OPD', jabatan: 'Jabatan Yang Belum Ada' },
      { nip: lines[0]!.nip, nama: 'Duplikat', kode_unit: 'IMP-OPD', jabatan: 'Pengadministrasi Perkantoran' },
      { nip: nip(), nama: 'Atasan Hilang', kode_unit: 'IMP-OPD', jabatan: 'Pengadministrasi Perkantoran', nip_atasan: '198001012005011999' },
      { nip: nip(), nama: 'Email Buruk', email: 'bukan-email', kode_unit: 'IMP-OPD', jabatan: 'Pengadministrasi Perkantoran' },
    );
    const before = await countPeople();
    const dry = (await send(admin, staffCsv(lines), true)).json();
    expect(dry.summary).toMatchObject({ total: 9, create: 3, reject: 6 });
    const rejected = dry.lines.filter((l: { action: string }) => l.action === 'reject');
    expect(rejected.map((l: { line: number }) => l.line)).toEqual([5, 6, 7, 8, 9, 10]);
    for (const l of rejected) expect(l.reason).toEqual(expect.any(String));
    expect(rejected[0].reason).toMatch(/18 digit/);
    expect(rejected[3].reason).toMatch(/baris 2/);

    const res = await send(admin, staffCsv(lines), false);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('import_has_errors');
    expect(res.json().error.details.summary.reject).toBe(6);
    expect(await countPeople()).toBe(before);
  });

  it('applies the valid lines when the admin chooses to skip the rejected ones', async () => {
    const lines = team();
    lines.push({ nip: 'abc', nama: 'Rusak', kode_unit: 'IMP-OPD', jabatan: 'x' });
    const before = await countPeople();
    const res = await send(admin, staffCsv(lines), false, true);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ applied: true, summary: { create: 3, reject: 1 } });
    expect(await countPeople()).toBe(before + 3);
  });

  it('rejects a line whose supervisor is on a rejected line', async () => {
    const head = nip();
    const res = await send(admin, staffCsv([
      { nip: head, nama: 'Kepala Salah Unit', kode_unit: 'TIDAK-ADA', jabatan: 'Kepala Dinas Impor' },
      { nip: nip(), nama: 'Staf', kode_unit: 'IMP-OPD', jabatan: 'Pengadministrasi Perkantoran', nip_atasan: head },
    ]), true);
    expect(res.json().lines.map((l: { action: string }) => l.action)).toEqual(['reject', 'reject']);
    expect(res.json().lines[1].reason).toMatch(/baris 2/);
  });

  it('creates a missing position when the file gives its tier', async () => {
    const res = await send(admin, staffCsv([{ nip: nip(), nama: 'Pranata Baru', kode_unit: 'IMP-OPD', jabatan: 'Pranata Komputer Ahli Pertama', jenjang: 'fungsional' }], { withTier: true }), false);
    expect(res.statusCode).toBe(200);
    expect(res.json().lines[0].changes).toContain('newPosition');
    const pos = await t.db.selectFrom('positions').selectAll().where('name', '=', 'Pranata Komputer Ahli Pertama').executeTakeFirstOrThrow();
    expect(pos.tier).toBe('Fungsional');
  });

  it('reads semicolon-separated files with a BOM, as Indonesian spreadsheets save them', async () => {
    const csv = `\uFEFF${staffCsv(team(), { delimiter: ';' })}`;
    const res = await send(admin, csv, true);
    expect(res.statusCode).toBe(200);
    expect(res.json().summary.create).toBe(3);
  });

  it('explains an NIP that a spreadsheet turned into scientific notation', async () => {
    const res = await send(admin, 'nip,nama,kode_unit,jabatan\n1.98503E+17,Rusak,IMP-OPD,Pengadministrasi Perkantoran\n', true);
    expect(res.json().lines[0].reason).toMatch(/notasi ilmiah/);
  });

  it('refuses a file without the required columns with 400', async () => {
    const res = await send(admin, 'nama,email\nBudi,budi@example.go.id\n', true);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/nip/);
  });

  it('keeps an office-scoped admin to their own offices', async () => {
    const scoped = await t.login('admin.disdik');
    const res = await send(scoped, staffCsv(team()), true);
    expect(res.statusCode).toBe(200);
    expect(res.json().summary.reject).toBe(3);
    expect(res.json().lines[0].reason).toMatch(/wewenang/);
  });

  it('refuses non-admins, and requests without the CSRF token', async () => {
    const learner = await t.login('asn');
    expect((await send(learner, staffCsv(team()), true)).statusCode).toBe(403);
    const res = await admin.request({ method: 'POST', url: url(true), payload: staffCsv(team()), headers: { 'content-type': 'text/csv' }, csrf: false });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_failed');
  });

  it('refuses a body that is not CSV text', async () => {
    const res = await admin.request({ method: 'POST', url: url(true), payload: { a: 1 } });
    expect(res.statusCode).toBe(400);
  });
});
