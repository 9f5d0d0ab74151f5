import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamIds } from '../../server/org/service.ts';
import { evaluateSignals } from '../../server/satisfaction/signals.ts';
import { makeCourse, personId } from '../factories/competency.ts';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';

const SIGNALS = { threshold: 3, minResponses: 10 };
let t: TestApp;
let admin: Client;
let adminDisdik: Client;
let asn: Client;

/**
 * A crafted office, worked by hand. Dinas Uji Pelatihan (TNA-UJI) and its UPT (TNA-UJI-UPT);
 * every competency is set to 0 (not required) for their two positions except:
 *   Pengadministrasi Layanan (Pelaksana, in the office):  M.01 2, M.03 2, M.05 2 — Ani, Budi, Citra
 *   Kepala Seksi Layanan (Pengawas, in the UPT):          M.01 3, M.03 3, M.05 2 — Dewi, Eko
 * Evidence (assessments): Ani M.05 2, M.03 1 · Budi M.03 2 · Citra M.01 1, M.05 1 ·
 * Dewi M.03 3, M.05 1 · Eko M.01 2, M.05 1.
 * Gaps (required − attained):
 *   M.01: Ani 2, Budi 2, Citra 1, Dewi 3, Eko 1 → 5 people, 9 levels, average 1.8
 *   M.03: Ani 1, Citra 2, Eko 3               → 3 people, 6 levels, average 2
 *   M.05: Budi 2, Citra 1, Dewi 1, Eko 1      → 4 people, 5 levels, average 1.25
 * With no survey signal the priority is the levels missing: M.01 9, M.03 6, M.05 5.
 */
const OFFICE = { code: 'TNA-UJI', name: 'Dinas Uji Pelatihan' };
const UPT = { code: 'TNA-UJI-UPT', name: 'UPT Uji Pelatihan' };
const ids: { office: number; upt: number } = { office: 0, upt: 0 };

async function craft() {
  const db = t.db;
  const office = await db.insertInto('units').values({ code: OFFICE.code, name: OFFICE.name, kind: 'dinas', parent_id: null }).returning('id').executeTakeFirstOrThrow();
  const upt = await db.insertInto('units').values({ code: UPT.code, name: UPT.name, kind: 'lainnya', parent_id: office.id }).returning('id').executeTakeFirstOrThrow();
  ids.office = office.id;
  ids.upt = upt.id;
  const p1 = await db.insertInto('positions').values({ unit_id: office.id, name: 'Pengadministrasi Layanan', tier: 'Pelaksana' }).returning('id').executeTakeFirstOrThrow();
  const p2 = await db.insertInto('positions').values({ unit_id: upt.id, name: 'Kepala Seksi Layanan', tier: 'Pengawas' }).returning('id').executeTakeFirstOrThrow();
  const comps = await db.selectFrom('competencies').select(['id', 'code', 'current_version_id']).where('retired_at', 'is', null).execute();
  const standard = (levels: Record<string, number>, positionId: number) => comps.map((c) => ({ position_id: positionId, competency_id: c.id, level: levels[c.code] ?? 0 }));
  await db
    .insertInto('position_standards')
    .values([...standard({ 'M.01': 2, 'M.03': 2, 'M.05': 2 }, p1.id), ...standard({ 'M.01': 3, 'M.03': 3, 'M.05': 2 }, p2.id)])
    .execute();
  const person = async (name: string, unitId: number, positionId: number) =>
    (await db.insertInto('people').values({ name, username: `tna.${name.split(' ')[0]!.toLowerCase()}`, unit_id: unitId, position_id: positionId }).returning('id').executeTakeFirstOrThrow()).id;
  const people = {
    ani: await person('Ani Uji', office.id, p1.id),
    budi: await person('Budi Uji', office.id, p1.id),
    citra: await person('Citra Uji', office.id, p1.id),
    dewi: await person('Dewi Uji', upt.id, p2.id),
    eko: await person('Eko Uji', upt.id, p2.id),
  };
  const byCode = new Map(comps.map((c) => [c.code, c]));
  let source = 900_000;
  const proven: [number, string, number][] = [
    [people.ani, 'M.05', 2],
    [people.ani, 'M.03', 1],
    [people.budi, 'M.03', 2],
    [people.citra, 'M.01', 1],
    [people.citra, 'M.05', 1],
    [people.dewi, 'M.03', 3],
    [people.dewi, 'M.05', 1],
    [people.eko, 'M.01', 2],
    [people.eko, 'M.05', 1],
  ];
  await db
    .insertInto('evidence')
    .values(
      proven.map(([personId, code, level]) => ({
        person_id: personId,
        competency_id: byCode.get(code)!.id,
        competency_version_id: byCode.get(code)!.current_version_id!,
        level,
        source: 'assessment' as const,
        source_id: source++,
        title: 'Penilaian atasan',
        weight: 1,
        occurred_at: new Date(Date.now() - 30 * 86_400_000),
      })),
    )
    .execute();
  // M.03 has a course at its target level; M.01 only an upcoming webinar below it; M.05 nothing.
  await makeCourse(db, { title: 'Komunikasi Efektif Uji', jp: 6, competencies: [{ code: 'M.03', level: 2 }] });
  const host = await personId(db, 'admin');
  const starts = new Date(Date.now() + 7 * 86_400_000);
  const webinar = await db
    .insertInto('webinars')
    .values({ title: 'Webinar Integritas Dasar', starts_at: starts, ends_at: new Date(starts.getTime() + 2 * 3600_000), capacity: 100, jp: 2, host_id: host, created_by: host })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('webinar_competencies').values({ webinar_id: webinar.id, competency_code: 'M.01', level: 1 }).execute();
}

/** Ten responses in the middle of last month (a closed month), all answering 3 except `u6`/`u7`. */
async function lastMonthResponses(unitId: number, u6: number[], u7: number[]) {
  const res = await admin.post('/api/satisfaction/surveys', { unitId, services: ['Layanan A'] });
  expect(res.statusCode, res.body).toBe(201);
  const now = new Date();
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 10, 5, 0, 0));
  await t.db
    .insertInto('satisfaction_responses')
    .values(
      u6.map((v, i) => ({ survey_id: res.json().id, unit_id: unitId, submitted_at: at, channel: 'api' as const, u1: 3, u2: 3, u3: 3, u4: 3, u5: 3, u6: v, u7: u7[i]!, u8: 3, u9: 3 })),
    )
    .execute();
  await evaluateSignals(t.db, SIGNALS, { unitId });
}

interface NeedRow {
  rank: number;
  code: string;
  people: number;
  required: number;
  totalGap: number;
  averageGap: number;
  priority: number;
  targetLevel: number;
  surveySignal: null | { element: string; unit: { code: string }; average: number; score: number; grade: string; months: string[]; weight: number; people: number };
  activities: { kind: string; title: string; level: number; reachesTarget: boolean; covers: number }[];
  affected: { id: number; name: string; position: string | null; unit: { code: string }; required: number; attained: number; gap: number }[];
  proposal: null | { title: string; level: number; form: string; jp: number; headCount: number; positions: { name: string; people: number }[]; offices: { unit: { code: string }; people: number }[] };
}
const needs = async (query = '') => {
  const res = await admin.get(`/api/reports/training-needs?unit=${OFFICE.code}${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as NeedRow[];
};
const figures = (rows: NeedRow[]) => rows.map((n) => [n.rank, n.code, n.people, n.totalGap, n.averageGap, n.priority]);

/** The text a PDF shows (its compressed content streams, hex strings of TJ operators). */
function pdfText(body: Buffer): string {
  return [...body.toString('latin1').matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)]
    .map((m) => {
      try {
        return inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1');
      } catch {
        return '';
      }
    })
    .join('\n')
    .split(/TJ/)
    .map((op) => [...op.matchAll(/<([0-9a-f]+)>/g)].map((h) => Buffer.from(h[1]!, 'hex').toString('latin1')).join(''))
    .join('\n');
}

beforeAll(async () => {
  t = await createTestApp({ SURVEY_EVALUATION_HOURS: '0' });
  [admin, adminDisdik, asn] = (await Promise.all(['admin', 'admin.disdik', 'asn'].map((u) => t.login(u)))) as [Client, Client, Client];
  await craft();
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('GET /api/reports/training-needs', () => {
  it('ranks the crafted office by priority with the figures worked by hand, the people, what exists and a proposal', async () => {
    const rows = await needs();
    expect(figures(rows)).toEqual([
      [1, 'M.01', 5, 9, 1.8, 9],
      [2, 'M.03', 3, 6, 2, 6],
      [3, 'M.05', 4, 5, 1.25, 5],
    ]);
    const [m01, m03, m05] = rows as [NeedRow, NeedRow, NeedRow];
    expect(rows.every((n) => n.required === 5 && n.surveySignal === null && n.targetLevel === 2)).toBe(true);
    // People affected, largest gap first, with their position, office and levels.
    expect(m01.affected.map((p) => [p.name, p.unit.code, p.required, p.attained, p.gap])).toEqual([
      ['Dewi Uji', UPT.code, 3, 0, 3],
      ['Ani Uji', OFFICE.code, 2, 0, 2],
      ['Budi Uji', OFFICE.code, 2, 0, 2],
      ['Citra Uji', OFFICE.code, 2, 1, 1],
      ['Eko Uji', UPT.code, 3, 2, 1],
    ]);
    expect(m01.affected[0]!.position).toBe('Kepala Seksi Layanan');
    expect((await needs('&peopleLimit=2'))[0]!.affected).toHaveLength(2);
    // M.03: the course reaches the target level 2, the level Ani and Citra need (Eko needs 3).
    expect(m03.activities).toEqual([expect.objectContaining({ kind: 'course', title: 'Komunikasi Efektif Uji', level: 2, reachesTarget: true, covers: 2 })]);
    expect(m03.proposal).toBeNull();
    // M.01: only a webinar at level 1 (the closest below), so a programme is proposed:
    // average gap 1.8 → webinar form, JP = 8 × ⌈1.8⌉ = 16, for the five people.
    expect(m01.activities).toEqual([expect.objectContaining({ kind: 'webinar', title: 'Webinar Integritas Dasar', level: 1, reachesTarget: false, covers: 0 })]);
    expect(m01.proposal).toEqual({
      title: 'Pelatihan Integritas Level 2',
      level: 2,
      form: 'webinar',
      jp: 16,
      headCount: 5,
      positions: [
        { name: 'Pengadministrasi Layanan', tier: 'Pelaksana', people: 3 },
        { name: 'Kepala Seksi Layanan', tier: 'Pengawas', people: 2 },
      ],
      offices: [
        { unit: { id: ids.office, ...OFFICE }, people: 3 },
        { unit: { id: ids.upt, ...UPT }, people: 2 },
      ],
    });
    // M.05: nothing at all; average 1.25 → webinar, 8 × 2 = 16 JP.
    expect(m05.activities).toEqual([]);
    expect(m05.proposal).toMatchObject({ title: 'Pelatihan Pelayanan Publik Level 2', form: 'webinar', jp: 16, headCount: 4 });
    // The sub-office alone: Dewi and Eko only.
    const upt = (await admin.get(`/api/reports/training-needs?unit=${UPT.code}`)).json() as NeedRow[];
    expect(figures(upt)).toEqual([
      [1, 'M.01', 2, 4, 2, 4],
      [2, 'M.03', 1, 3, 3, 3],
      [3, 'M.05', 2, 2, 1, 2],
    ]);
    expect(upt[2]!.proposal).toMatchObject({ form: 'e_learning', jp: 8 });
  });

  it('a low U6 month of the sub-office raises M.05 above M.03; a low U7 of the office raises M.05 and M.01 for everyone below it', async () => {
    // UPT: U6 2.0 (10 respondents) → grade D (50.00), weight 1, for Dewi and Eko's M.05 gaps:
    // M.05 = Budi 2 + Citra 1 + (Dewi 1 + Eko 1) × 2 = 7 > M.03 6. M.01 is untouched (U6).
    await lastMonthResponses(ids.upt, Array(10).fill(2), Array(10).fill(3));
    let rows = await needs();
    expect(figures(rows)).toEqual([
      [1, 'M.01', 5, 9, 1.8, 9],
      [2, 'M.05', 4, 5, 1.25, 7],
      [3, 'M.03', 3, 6, 2, 6],
    ]);
    const now = new Date();
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 10)).toISOString().slice(0, 7);
    expect(rows[1]!.surveySignal).toEqual({ element: 'U6', unit: { id: ids.upt, ...UPT }, average: 2, score: 50, grade: 'D', months: [lastMonth], weight: 1, people: 2 });

    // Office: U7 27/10 = 2.7 → 67.50, grade C, weight 0.5, for everyone in the office and its UPT:
    // M.01 = 9 × 1.5 = 13.5; M.05 = (Budi 2 + Citra 1) × 1.5 + (Dewi 1 + Eko 1) × 2 (the heavier U6) = 8.5.
    await lastMonthResponses(ids.office, Array(10).fill(3), [3, 3, 3, 3, 3, 3, 3, 2, 2, 2]);
    rows = await needs();
    expect(figures(rows)).toEqual([
      [1, 'M.01', 5, 9, 1.8, 13.5],
      [2, 'M.05', 4, 5, 1.25, 8.5],
      [3, 'M.03', 3, 6, 2, 6],
    ]);
    expect(rows[0]!.surveySignal).toMatchObject({ element: 'U7', unit: { code: OFFICE.code }, average: 2.7, score: 67.5, grade: 'C', weight: 0.5, people: 5 });
    expect(rows[1]!.surveySignal).toMatchObject({ element: 'U6', unit: { code: UPT.code }, weight: 1, people: 2 });
    expect(rows[2]!.surveySignal).toBeNull();
  });

  it('keeps an office admin to their scope', async () => {
    expect((await adminDisdik.get(`/api/reports/training-needs?unit=${OFFICE.code}`)).statusCode).toBe(403);
    expect((await adminDisdik.get(`/api/reports/training-needs?unit=${OFFICE.code}&format=pdf`)).statusCode).toBe(403);
    expect((await adminDisdik.get(`/api/reports/training-needs?unitId=${ids.upt}&format=csv`)).statusCode).toBe(403);
    const own = await adminDisdik.get('/api/reports/training-needs');
    expect(own.statusCode).toBe(200);
    const units = (own.json() as { offices: { unit: { code: string } }[] }[]).flatMap((n) => n.offices.map((o) => o.unit.code));
    expect(units).not.toContain(OFFICE.code);
    expect((await asn.get(`/api/reports/training-needs?unit=${OFFICE.code}`)).statusCode).toBe(403);
  });

  it('shows a supervisor the same analysis for their own team only', async () => {
    const atasan = await t.login('atasan');
    const res = await atasan.get('/api/team/training-needs?peopleLimit=1000');
    expect(res.statusCode, res.body).toBe(200);
    const rows = res.json() as NeedRow[];
    const team = new Set((await teamIds(t.db, await personId(t.db, 'atasan'))).map(String));
    const shown = rows.flatMap((n) => n.affected.map((p) => String(p.id)));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((id) => team.has(id))).toBe(true);
    expect(shown).toContain(String(await personId(t.db, 'asn')));
    expect(rows.map((n) => n.rank)).toEqual(rows.map((_, i) => i + 1));
    const pdf = await atasan.get('/api/team/training-needs?format=pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await asn.get('/api/team/training-needs')).statusCode).toBe(403);
    // Not the office reports.
    expect((await atasan.get(`/api/reports/training-needs?unit=${OFFICE.code}`)).statusCode).toBe(403);
  });

  it('downloads the ranking and the people as CSV, and the analysis as a PDF document', async () => {
    const ranking = await admin.get(`/api/reports/training-needs?unit=${OFFICE.code}&format=csv&table=ranking`);
    expect(ranking.statusCode).toBe(200);
    expect(ranking.headers['content-type']).toMatch(/text\/csv/);
    const lines = ranking.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe(
      'peringkat,kode,kompetensi,jenis,pegawai_di_bawah_standar,pegawai_wajib,total_kesenjangan_level,rata_rata_kesenjangan,sinyal_survei,bobot_survei,prioritas,level_sasaran,kegiatan_tersedia,usulan_program,usulan_bentuk,usulan_jp,usulan_peserta',
    );
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^1,M\.01,Integritas,manajerial,5,5,9,1\.8,/);
    expect(lines[1]).toMatch(/,0\.5,13\.5,2,"Webinar Integritas Dasar \(webinar, level 1, 2 JP\)",Pelatihan Integritas Level 2,webinar berseri dengan tes,16,5$/);
    const people = await admin.get(`/api/reports/training-needs?unit=${OFFICE.code}&format=csv&table=people`);
    // 5 + 4 + 3 people below a standard, and the header.
    expect(people.body.trim().split('\r\n')).toHaveLength(13);
    expect(people.body).toContain('1,M.01,Integritas,,Dewi Uji,Kepala Seksi Layanan,TNA-UJI-UPT,UPT Uji Pelatihan,3,0,3');
    // The summary stays as it was.
    const summary = await admin.get(`/api/reports/training-needs?unit=${OFFICE.code}&format=csv`);
    expect(summary.body.split('\r\n')[0]).toBe('\uFEFFkode,kompetensi,jenis,pegawai_di_bawah_standar,pegawai_wajib,total_kesenjangan_level,rata_rata_kesenjangan,unit_terbanyak,kursus');

    const year = new Date().getUTCFullYear();
    const pdf = await admin.get(`/api/reports/training-needs?unit=${OFFICE.code}&format=pdf&year=${year}`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="analisis-kebutuhan-pelatihan-tna-uji-${year}.pdf"`);
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const shown = pdfText(pdf.rawPayload);
    expect(shown).toContain(`Analisis Kebutuhan Pelatihan ${OFFICE.name}`);
    expect(shown).toContain('Metode');
    expect(shown).toContain('Pelatihan Integritas Level 2');
    expect(shown).toContain('Pelatihan Pelayanan Publik Level 2');
    expect(shown).toContain('Komunikasi Efektif Uji');
    // The city-wide document is titled with the city.
    const city = await admin.get('/api/reports/training-needs?format=pdf');
    expect(pdfText(city.rawPayload)).toContain('Analisis Kebutuhan Pelatihan Pemerintah Kota Surakarta');
  });
});
