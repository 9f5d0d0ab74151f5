import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../server/app.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_COOKIE } from '../../server/satisfaction/abuse.ts';
import { loadSatisfactionContent } from '../../server/satisfaction/content.ts';
import { computeIndex, gradeOf } from '../../server/satisfaction/ikm.ts';
import { evaluateSignals } from '../../server/satisfaction/signals.ts';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';

const CONTENT = path.resolve(import.meta.dirname, '../../content');
const PUBLIC_URL = 'https://sinau.surakarta.go.id';
const SIGNALS = { threshold: 3, minResponses: 10 };
let t: TestApp;
let admin: Client;
let scopedAdmin: Client;
let atasan: Client;
let asn: Client;

beforeAll(async () => {
  // The timer stays off: the tests run the evaluation themselves.
  t = await createTestApp({ PUBLIC_URL, SURVEY_EVALUATION_HOURS: '0' });
  await loadSatisfactionContent(t.db, CONTENT, { demo: false });
  [admin, scopedAdmin, atasan, asn] = (await Promise.all(['admin', 'admin.disdik', 'atasan', 'asn'].map((u) => t.login(u)))) as [Client, Client, Client, Client];
}, 120_000);
afterAll(async () => {
  await t?.close();
});

interface Office {
  unitId: number;
  code: string;
  surveyId: number;
  token: string;
}

/** Opens the survey of an office that has none yet (one office per test keeps their figures apart). */
async function office(code: string): Promise<Office> {
  const unit = await t.db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirstOrThrow();
  const res = await admin.post('/api/satisfaction/surveys', { unitId: unit.id, services: ['Layanan A', 'Layanan B'] });
  expect(res.statusCode, res.body).toBe(201);
  return { unitId: unit.id, code, surveyId: res.json().id, token: res.json().token };
}

type Row = (number | null)[];
/** Responses written straight to the table, as if sent at `at`. */
async function insertResponses(o: Office, rows: Row[], at: Date, extra: { suggestion?: string } = {}) {
  await t.db
    .insertInto('satisfaction_responses')
    .values(
      rows.map((r) => ({
        survey_id: o.surveyId,
        unit_id: o.unitId,
        submitted_at: at,
        channel: 'api' as const,
        u1: r[0] ?? null,
        u2: r[1] ?? null,
        u3: r[2] ?? null,
        u4: r[3] ?? null,
        u5: r[4] ?? null,
        u6: r[5] ?? null,
        u7: r[6] ?? null,
        u8: r[7] ?? null,
        u9: r[8] ?? null,
        suggestion: extra.suggestion ?? null,
      })),
    )
    .execute();
}

const all = (v: number) => ({ U1: v, U2: v, U3: v, U4: v, U5: v, U6: v, U7: v, U8: v, U9: v });
/** Nine answers that differ from one call to the next (not an identical pattern). */
const varied = (i: number) => ({ U1: 1 + (i % 4), U2: 1 + ((i >> 2) % 4), U3: 1 + ((i >> 4) % 4), U4: 3, U5: 3, U6: 3, U7: 3, U8: 3, U9: 3 });

function send(token: string, body: unknown, opts: { ip?: string; cookie?: string } = {}): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url: `/api/public/surveys/${token}/responses`,
    payload: body as object,
    remoteAddress: opts.ip ?? '198.51.100.1',
    headers: opts.cookie ? { cookie: `${DEVICE_COOKIE}=${opts.cookie}` } : {},
  });
}

function postForm(token: string, fields: Record<string, string>, opts: { ip?: string; cookie?: string; origin?: string } = {}) {
  return t.app.inject({
    method: 'POST',
    url: `/s/${token}`,
    payload: new URLSearchParams(fields).toString(),
    remoteAddress: opts.ip ?? '198.51.100.2',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(opts.cookie ? { cookie: `${DEVICE_COOKIE}=${opts.cookie}` } : {}),
      ...(opts.origin ? { origin: opts.origin } : {}),
    },
  });
}

const stored = async (o: Office) =>
  Number((await t.db.selectFrom('satisfaction_responses').select((eb) => eb.fn.countAll<number>().as('n')).where('unit_id', '=', o.unitId).executeTakeFirstOrThrow()).n);

async function report(o: Office, query = '') {
  const res = await admin.get(`/api/satisfaction/units/${o.unitId}/report${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** The 10th of the month `back` months before this one, at noon in Surakarta; for 0, a minute ago. */
function monthsAgo(back: number): Date {
  const now = new Date();
  if (back === 0) return new Date(now.getTime() - 60_000);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 10, 5, 0, 0));
}

describe('the index (PermenPAN-RB 14/2017)', () => {
  it('averages each element over those who answered it and divides by the elements answered', () => {
    // Worked by hand: U1 14/4 = 3.5, U2 12/4 = 3, U3 10/4 = 2.5, U4 12/3 = 4, U5 13/4 = 3.25,
    // U6 11/4 = 2.75, U7 9/4 = 2.25, U8 8/3 = 2.6667, U9 14/4 = 3.5; sum 27.41667 / 9 = 3.046296;
    // × 25 = 76.157 → 76.16, grade C.
    const r = computeIndex({
      U1: { sum: 14, count: 4 },
      U2: { sum: 12, count: 4 },
      U3: { sum: 10, count: 4 },
      U4: { sum: 12, count: 3 },
      U5: { sum: 13, count: 4 },
      U6: { sum: 11, count: 4 },
      U7: { sum: 9, count: 4 },
      U8: { sum: 8, count: 3 },
      U9: { sum: 14, count: 4 },
    });
    expect(r.elements.map((e) => e.average)).toEqual([3.5, 3, 2.5, 4, 3.25, 2.75, 2.25, 2.67, 3.5]);
    expect(r).toMatchObject({ answered: 9, ikm: 3.0463, score: 76.16, grade: 'C' });
  });

  it('leaves elements no one answered out of the division', () => {
    const r = computeIndex({ U1: { sum: 8, count: 2 }, U2: { sum: 8, count: 2 }, U3: { sum: 8, count: 2 } });
    expect(r).toMatchObject({ answered: 3, ikm: 4, score: 100, grade: 'A' });
    expect(r.elements[3]).toEqual({ code: 'U4', responses: 0, average: null, score: null, grade: null });
    expect(computeIndex({})).toMatchObject({ answered: 0, ikm: null, score: null, grade: null });
  });

  it('grades the score at the exact boundaries', () => {
    expect([88.3, 88.31, 76.6, 76.61, 65, 64.99, 100, 25].map(gradeOf)).toEqual(['B', 'A', 'C', 'B', 'C', 'D', 'A', 'D']);
    const one = (sum: number, count: number) => computeIndex({ U6: { sum, count } });
    expect(one(883, 250)).toMatchObject({ score: 88.3, grade: 'B' }); // 3.532 × 25
    expect(one(8831, 2500)).toMatchObject({ score: 88.31, grade: 'A' }); // 3.5324 × 25
    expect(one(766, 250)).toMatchObject({ score: 76.6, grade: 'C' }); // 3.064 × 25
    expect(one(7661, 2500)).toMatchObject({ score: 76.61, grade: 'B' });
    expect(one(13, 5)).toMatchObject({ score: 65, grade: 'C' }); // 2.6 × 25
    expect(one(6499, 2500)).toMatchObject({ score: 64.99, grade: 'D' });
    // Rounded once, half up, from the exact fraction: 3.5322 × 25 = 88.305 → 88.31.
    expect(one(17661, 5000)).toMatchObject({ score: 88.31, grade: 'A' });
    expect(one(176609, 50000)).toMatchObject({ score: 88.3, grade: 'B' }); // 88.30450
  });
});

describe('GET /api/satisfaction/units/:id/report', () => {
  it('computes the index of crafted responses, blanks included, as worked by hand', async () => {
    const o = await office('DISHUB');
    await insertResponses(
      o,
      [
        [4, 3, 3, 4, 3, 3, 2, 3, 4],
        [3, 3, 2, 4, 3, 2, 2, null, 3],
        [4, 4, 3, null, 4, 3, 3, 3, 4],
        [3, 2, 2, 4, 3, 3, 2, 2, 3],
      ],
      monthsAgo(0),
    );
    const r = await report(o);
    expect(r.overall).toMatchObject({ responses: 4, answered: 9, ikm: 3.0463, score: 76.16, grade: 'C' });
    expect(r.overall.elements.find((e: { code: string }) => e.code === 'U8')).toMatchObject({ responses: 3, average: 2.67 });
    expect(r.trend).toHaveLength(1);
    expect(r.counters[0]).toMatchObject({ survey: { id: o.surveyId, counter: null }, figures: { responses: 4, score: 76.16 } });

    const ikm = await admin.get(`/api/reports/ikm?unit=${o.code}`);
    expect(ikm.statusCode).toBe(200);
    expect(ikm.json()).toMatchObject({ ikm: 3.0463, score: 76.16, grade: 'C', responses: 4 });
    expect(ikm.json().elements[0]).toEqual({ code: 'U1', average: 3.5, responses: 4 });
  });

  it('gives the trend by month and by quarter', async () => {
    const o = await office('DINSOS');
    await insertResponses(o, [[4, 4, 4, 4, 4, 4, 4, 4, 4]], new Date('2025-02-10T03:00:00Z'));
    await insertResponses(o, [[2, 2, 2, 2, 2, 2, 2, 2, 2]], new Date('2025-03-10T03:00:00Z'));
    await insertResponses(o, [[3, 3, 3, 3, 3, 3, 3, 3, 3]], new Date('2025-04-10T03:00:00Z'));
    // 31 March 23:30 in Surakarta is still March there.
    await insertResponses(o, [[1, 1, 1, 1, 1, 1, 1, 1, 1]], new Date('2025-03-31T16:30:00Z'));
    const monthly = await report(o, '?from=2025-01-01&to=2025-12-31');
    expect(monthly.trend.map((p: { period: string; score: number }) => [p.period, p.score])).toEqual([
      ['2025-02', 100],
      ['2025-03', 37.5],
      ['2025-04', 75],
    ]);
    const quarterly = await report(o, '?from=2025-01-01&to=2025-12-31&period=quarter');
    expect(quarterly.trend.map((p: { period: string; responses: number }) => [p.period, p.responses])).toEqual([
      ['2025-Q1', 3],
      ['2025-Q2', 1],
    ]);
    expect(quarterly.overall).toMatchObject({ responses: 4, score: 62.5, grade: 'D' });
  });

  it('opens counters, and lists the office as a whole and each counter on its own', async () => {
    const o = await office('SETDA');
    const counter = await admin.post('/api/satisfaction/surveys', { unitId: o.unitId, counter: 'Loket 1 Informasi' });
    expect(counter.statusCode, counter.body).toBe(201);
    expect(counter.json()).toMatchObject({ parentId: o.surveyId, counter: 'Loket 1 Informasi', url: `${PUBLIC_URL}/s/${counter.json().token}` });
    expect((await admin.post('/api/satisfaction/surveys', { unitId: o.unitId, counter: 'loket 1 informasi' })).statusCode).toBe(409);
    expect((await admin.post('/api/satisfaction/surveys', { unitId: o.unitId })).statusCode).toBe(409);
    expect((await send(o.token, { answers: all(4) }, { ip: '192.0.2.60' })).statusCode).toBe(201);
    expect((await send(counter.json().token, { answers: all(2) }, { ip: '192.0.2.61' })).statusCode).toBe(201);
    const items = (await admin.get('/api/satisfaction/surveys')).json().items as { id: number; year: { responses: number; score: number } }[];
    expect(items.find((s) => s.id === o.surveyId)!.year).toMatchObject({ responses: 2, score: 75 });
    expect(items.find((s) => s.id === counter.json().id)!.year).toMatchObject({ responses: 1, score: 50 });
    const own = await admin.post(`/api/satisfaction/surveys/${counter.json().id}/questions`, { kind: 'scale', prompt: 'Apakah papan informasi jelas?', labels: ['Tidak', 'Kurang', 'Jelas', 'Sangat jelas'] });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json()).toMatchObject({ id: o.surveyId, questions: [{ kind: 'scale', prompt: 'Apakah papan informasi jelas?' }] });
    expect((await admin.post(`/api/satisfaction/surveys/${o.surveyId}/questions`, { kind: 'scale', prompt: 'Tanpa pilihan?' })).statusCode).toBe(400);
  });

  it('exports CSV', async () => {
    const o = await office('DISNAKER');
    await insertResponses(o, [[4, 4, 4, 4, 4, 4, 4, 4, 4], [3, 3, 3, 3, 3, 3, 3, 3, 3]], new Date('2025-05-05T03:00:00Z'));
    const res = await admin.get(`/api/satisfaction/units/${o.unitId}/report?from=2025-05-01&to=2025-05-31&format=csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain('ikm-disnaker-2025-05-01-2025-05-31.csv');
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^periode,responden,U1 Persyaratan,.*,IKM,nilai_unit,mutu,kinerja$/);
    expect(lines[1]).toBe('2025-05,2,3.5,3.5,3.5,3.5,3.5,3.5,3.5,3.5,3.5,3.5,87.5,B,Baik');
    expect(lines[2]).toBe('2025-05-01 s.d. 2025-05-31,2,3.5,3.5,3.5,3.5,3.5,3.5,3.5,3.5,3.5,3.5,87.5,B,Baik');
  });

  it('is closed to another office’s admin and to learners; supervisors of the office may read it', async () => {
    const unit = await t.db.selectFrom('units').select('id').where('code', '=', 'DISDUKCAPIL').executeTakeFirstOrThrow();
    const survey = await t.db.selectFrom('satisfaction_surveys').select('id').where('unit_id', '=', unit.id).where('parent_id', 'is', null).executeTakeFirstOrThrow();
    const url = `/api/satisfaction/units/${unit.id}/report`;
    expect((await scopedAdmin.get(url)).statusCode).toBe(403);
    expect((await scopedAdmin.get(`/api/satisfaction/surveys/${survey.id}/poster`)).statusCode).toBe(403);
    expect((await scopedAdmin.get(`/api/satisfaction/units/${unit.id}/responses`)).statusCode).toBe(403);
    expect((await scopedAdmin.get(`/api/reports/ikm?unit=DISDUKCAPIL`)).statusCode).toBe(403);
    expect((await scopedAdmin.get(`/api/satisfaction/signals?unitId=${unit.id}`)).statusCode).toBe(403);
    expect((await scopedAdmin.post('/api/satisfaction/surveys', { unitId: unit.id, counter: 'Loket Liar' })).statusCode).toBe(403);
    const scopedList = (await scopedAdmin.get('/api/satisfaction/surveys')).json().items as { unit: { code: string } }[];
    expect(scopedList.some((s) => s.unit.code === 'DISDUKCAPIL')).toBe(false);
    expect((await asn.get(url)).statusCode).toBe(403);
    expect((await t.anonymous().get(url)).statusCode).toBe(401);
    expect((await atasan.get(url)).statusCode).toBe(200);
    expect((await atasan.get(`/api/satisfaction/units/${unit.id}/responses`)).statusCode).toBe(403);
    const mine = (await atasan.get('/api/satisfaction/surveys')).json().items as { unit: { code: string } }[];
    expect(mine.map((s) => s.unit.code)).toEqual(['DISDUKCAPIL', 'DISDUKCAPIL', 'DISDUKCAPIL']);
    await insertResponses({ unitId: unit.id, code: 'DISDUKCAPIL', surveyId: survey.id, token: '' }, [[3, 3, 3, 3, 3, 3, 3, 3, 3]], new Date());
    const response = await t.db.selectFrom('satisfaction_responses').select('id').where('unit_id', '=', unit.id).executeTakeFirstOrThrow();
    expect((await scopedAdmin.post(`/api/satisfaction/responses/${response.id}/review`, { decision: 'exclude' })).statusCode).toBe(403);
    expect((await admin.post(`/api/satisfaction/responses/${response.id}/review`, { decision: 'exclude' })).statusCode).toBe(200);
  });
});

describe('POST /api/public/surveys/:token/responses', () => {
  it('stores a response without sign-in and counts it', async () => {
    const o = await office('DLH');
    const res = await send(o.token, {
      answers: { U1: 4, U2: 3, U3: 3, U5: 4, U6: 3, U7: 4, U8: 3, U9: 3 },
      profile: { ageBand: '30-39', sex: 'P', education: 's1', occupation: 'wirausaha', service: 'Layanan B' },
      suggestion: 'Terima kasih, pelayanannya cepat.',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({ status: 'received' });
    const row = await t.db.selectFrom('satisfaction_responses').selectAll().where('unit_id', '=', o.unitId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'api', u4: null, u1: 4, sex: 'P', service: 'Layanan B', counted: true, flag_reason: null });
    // Neither the address nor anything that contains it is stored.
    expect(JSON.stringify(row)).not.toContain('198.51.100');
    expect(row.ip_hash).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((await report(o)).overall).toMatchObject({ responses: 1, answered: 8 });
  });

  it("is also reached by the office's code: the page at /survei/<CODE> and the API", async () => {
    const o = await office('BPBD');
    const page = await t.anonymous().get('/survei/BPBD');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain(`/s/${o.token}`);
    expect((await send('BPBD', { answers: all(3) }, { ip: '203.0.113.77' })).statusCode).toBe(201);
    expect((await report(o)).overall).toMatchObject({ responses: 1 });
    expect((await t.anonymous().get('/survei/TIDAK-ADA')).statusCode).toBe(404);
  });

  it('accepts and counts five from one address within a minute', async () => {
    const o = await office('DISPORA');
    for (let i = 0; i < 5; i++) expect((await send(o.token, { answers: all(4) }, { ip: '192.0.2.10' })).statusCode).toBe(201);
    expect((await report(o)).overall).toMatchObject({ responses: 5, score: 100 });
  });

  it('refuses invalid values with 400, names the field in plain words and stores nothing', async () => {
    const o = await office('DISBUDPAR');
    const cases: [unknown, string, RegExp][] = [
      [{ answers: { ...all(3), U3: 7 } }, 'answers.U3', /pertanyaan 3 \(Waktu Penyelesaian, U3\).*1 sampai 4/],
      [{ answers: { U1: 'baik' } }, 'answers.U1', /1 sampai 4/],
      [{ answers: {} }, 'answers', /paling sedikit satu pertanyaan/],
      [{ answers: { U10: 3 } }, 'answers.U10', /tidak ada di survei ini/],
      [{ answers: all(3), profile: { service: 'Layanan Z' } }, 'profile.service', /tidak ada dalam daftar layanan/],
      [{ answers: all(3), profile: { sex: 'X' } }, 'profile.sex', /Jenis kelamin/],
      [{ answers: all(3), suggestion: 'x'.repeat(2001) }, 'suggestion', /terlalu panjang/],
    ];
    for (const [body, field, message] of cases) {
      const res = await send(o.token, body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      expect(res.json().error.message).toMatch(message);
      expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const english = await t.app.inject({ method: 'POST', url: `/api/public/surveys/${o.token}/responses`, payload: { answers: { U3: 0 } }, headers: { 'accept-language': 'en' } });
    expect(english.json().error.message).toMatch(/question 3 \(Time taken, U3\) must be one of the choices, 1 to 4/);
    expect(await stored(o)).toBe(0);
  });

  it('stores a response sent twice with the same key once', async () => {
    const o = await office('DISDAG');
    expect((await send(o.token, { answers: all(3), key: 'kunci-sekali-kirim-1' })).statusCode).toBe(201);
    expect((await send(o.token, { answers: all(3), key: 'kunci-sekali-kirim-1' })).statusCode).toBe(200);
    expect(await stored(o)).toBe(1);
  });

  it('answers 404 for an unknown or closed survey', async () => {
    expect((await send('abcdefghjkmn', { answers: all(3) })).statusCode).toBe(404);
    expect((await t.anonymous().get('/api/public/surveys/zzzz')).statusCode).toBe(404);
    const o = await office('DISARPUS');
    expect((await admin.patch(`/api/satisfaction/surveys/${o.surveyId}`, { active: false })).statusCode).toBe(200);
    expect((await send(o.token, { answers: all(3) })).statusCode).toBe(404);
  });

  it('shows the questions, choices and services without sign-in', async () => {
    const dukcapil = await t.db
      .selectFrom('satisfaction_surveys as s')
      .innerJoin('units as u', 'u.id', 's.unit_id')
      .select(['s.token'])
      .where('u.code', '=', 'DISDUKCAPIL')
      .where('s.name', '=', 'Loket 3 Perekaman KTP-el')
      .executeTakeFirstOrThrow();
    const res = await t.anonymous().get(`/api/public/surveys/${dukcapil.token}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.counter).toBe('Loket 3 Perekaman KTP-el');
    expect(body.elements).toHaveLength(9);
    expect(body.elements[6]).toMatchObject({ code: 'U7', name: 'Perilaku Pelaksana', labels: ['Tidak sopan', 'Kurang sopan', 'Sopan dan ramah', 'Sangat sopan dan ramah'] });
    expect(body.services).toEqual(['Perekaman KTP-el', 'Pencetakan KTP-el']);
    expect(body.questions.map((q: { kind: string }) => q.kind)).toEqual(['scale', 'text']);
  });
});

describe('GET and POST /s/:token', () => {
  it('serves a small page without script or sign-in, and gives the device a cookie', async () => {
    const o = await office('DPUPR');
    const res = await t.anonymous().get(`/s/${o.token}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(Buffer.byteLength(res.body)).toBeLessThan(30 * 1024);
    expect(res.body).not.toMatch(/<script|<link rel="stylesheet"|https?:\/\/(?!www\.w3\.org)/);
    expect(res.body.match(/<fieldset id="U\d"/g)).toHaveLength(9);
    expect(res.body.match(/type="radio" name="U7"/g)).toHaveLength(4);
    expect(res.body).toContain('Apakah petugas sopan dan ramah?');
    const cookie = res.cookies.find((c) => c.name === DEVICE_COOKIE)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const english = await t.anonymous().get(`/s/${o.token}?lang=en`);
    expect(english.body).toContain('Were the staff polite and friendly?');
    expect((await t.anonymous().get('/s/abcdefghjkmn')).statusCode).toBe(404);
  });

  it('stores a form, keeps no raw cookie or address, and thanks', async () => {
    const o = await office('DAMKAR');
    const res = await postForm(o.token, { k: 'form-key-000001', U1: '4', U2: '3', U7: '2', ageBand: '20-29', service: 'Layanan A', suggestion: 'Petugas kurang ramah.' }, { cookie: 'c'.repeat(32) });
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe(`/s/${o.token}/thanks`);
    const thanks = await t.anonymous().get(res.headers.location as string);
    expect(thanks.statusCode).toBe(200);
    expect(thanks.body).toContain('Terima kasih!');
    const row = await t.db.selectFrom('satisfaction_responses').selectAll().where('unit_id', '=', o.unitId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'form', u1: 4, u2: 3, u7: 2, u3: null, age_band: '20-29', suggestion: 'Petugas kurang ramah.', counted: true });
    expect(row.device_hash).not.toContain('cccc');
    expect(row.device_hash).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // Sent again (a double tap on a slow connection): stored once.
    expect((await postForm(o.token, { k: 'form-key-000001', U1: '4' }, { cookie: 'c'.repeat(32) })).statusCode).toBe(303);
    expect(await stored(o)).toBe(1);
  });

  it('sends the form back with the mistakes in plain words and the answers kept', async () => {
    const o = await office('DISKOMINFOSP');
    const res = await postForm(o.token, { k: 'form-key-000002', U1: '4', U3: '7', sex: 'P', suggestion: 'Saran saya <b>ini</b>' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Ada yang perlu diperbaiki');
    expect(res.body).toContain('Jawaban pertanyaan 3 (Waktu Penyelesaian, U3) harus salah satu pilihan, dari 1 sampai 4.');
    expect(res.body).toContain('<fieldset id="U3" aria-invalid="true" aria-describedby="U3-err">');
    expect(res.body).toContain('name="U1" value="4" checked');
    expect(res.body).toContain('<option value="P" selected>');
    expect(res.body).toContain('Saran saya &lt;b&gt;ini&lt;/b&gt;</textarea>');
    expect(res.body).toContain('value="form-key-000002"');
    const empty = await postForm(o.token, { k: 'form-key-000003' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Jawab paling sedikit satu pertanyaan');
    expect(await stored(o)).toBe(0);
  });

  it('refuses a form posted from another site', async () => {
    const o = await office('DISPERUMKPP');
    const res = await postForm(o.token, { U1: '4' }, { origin: 'https://contoh-jahat.example' });
    expect(res.statusCode).toBe(403);
    expect(await stored(o)).toBe(0);
    expect((await postForm(o.token, { U1: '4' }, { origin: PUBLIC_URL })).statusCode).toBe(303);
  });
});

describe('the public pages beside the web app', () => {
  it('are served, not the web app’s page, when the web app is built', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sinau-client-'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>Sinau app</title>');
    const withClient = await buildApp({ config: t.config, db: t.db, clientDir: dir, serveClient: true });
    try {
      const o = await office('SETDPRD');
      for (const url of [`/s/${o.token}`, `/s/${o.token}/thanks`, `/satisfaction/report/${o.token}`]) {
        const res = await withClient.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(200);
        expect(res.body, url).not.toContain('Sinau app');
        expect(res.body, url).toContain('Sekretariat Dewan Perwakilan Rakyat Daerah');
      }
      expect((await withClient.inject({ method: 'GET', url: '/satisfaction/unknown' })).body).toContain('Sinau app');
    } finally {
      await withClient.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('are described in the API document', async () => {
    const doc = (await t.anonymous().get('/api/docs/json')).json();
    for (const p of ['/api/public/surveys/{token}/responses', '/api/satisfaction/units/{id}/report', '/api/satisfaction/signals', '/api/reports/ikm']) expect(Object.keys(doc.paths), p).toContain(p);
  });
});

describe('abuse protection', () => {
  it('limits one device per office and hour: 429 with Retry-After', async () => {
    const o = await office('SATPOLPP');
    const page = await t.anonymous().get(`/s/${o.token}`);
    const cookie = page.cookies.find((c) => c.name === DEVICE_COOKIE)!.value;
    // From different addresses: the device's cookie is what is counted.
    for (let i = 0; i < 5; i++) expect((await send(o.token, { answers: varied(i) }, { cookie, ip: `10.${i}.0.1` })).statusCode).toBe(201);
    const refused = await send(o.token, { answers: varied(9) }, { cookie, ip: '10.9.0.1' });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('rate_limited');
    expect(refused.json().error.message).toMatch(/coba lagi dalam/);
    const retry = Number(refused.headers['retry-after']);
    expect(retry).toBeGreaterThan(3000);
    expect(retry).toBeLessThanOrEqual(3600);
    const form = await postForm(o.token, { U1: '3' }, { cookie, ip: '10.10.0.1' });
    expect(form.statusCode).toBe(429);
    expect(form.headers['retry-after']).toBeDefined();
    expect(form.body).toContain('Mohon tunggu sebentar');
    expect(await stored(o)).toBe(5);
    // Another device is not held back.
    expect((await send(o.token, { answers: varied(3) }, { ip: '10.11.0.1' })).statusCode).toBe(201);
  });

  it('limits one address per office and hour', async () => {
    const strict = await createTestApp({ SURVEY_LIMIT_IP_HOUR: '3', SURVEY_EVALUATION_HOURS: '0' });
    try {
      const unit = await strict.db.selectFrom('units').select('id').where('code', '=', 'BPBD').executeTakeFirstOrThrow();
      const res = await (await strict.login('admin')).post('/api/satisfaction/surveys', { unitId: unit.id });
      const token = res.json().token as string;
      const post = (ip: string) => strict.app.inject({ method: 'POST', url: `/api/public/surveys/${token}/responses`, payload: { answers: { U1: 3 } }, remoteAddress: ip });
      for (let i = 0; i < 3; i++) expect((await post('203.0.113.7')).statusCode).toBe(201);
      const refused = await post('203.0.113.7');
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect((await post('203.0.113.8')).statusCode).toBe(201);
    } finally {
      await strict.close();
    }
  });

  it('keeps a burst from one network out of the index until an admin includes it', async () => {
    const o = await office('DP3AP2KB');
    // Twelve different answers from one /24 within minutes: the 11th and 12th are held back.
    for (let i = 0; i < 12; i++) expect((await send(o.token, { answers: varied(i) }, { ip: `100.64.5.${i + 1}` })).statusCode).toBe(201);
    expect(await stored(o)).toBe(12);
    let r = await report(o);
    expect(r.overall.responses).toBe(10);
    expect(r.flagged).toBe(2);

    const list = await admin.get(`/api/satisfaction/units/${o.unitId}/responses?flagged=true`);
    expect(list.statusCode).toBe(200);
    expect(list.json().total).toBe(2);
    const first = list.json().items[0];
    expect(first).toMatchObject({ flagReason: 'burst', counted: false, review: null });
    expect(first.flagExplanation).toMatch(/Lebih dari 10 jawaban untuk unit ini dari satu jaringan dalam 10 menit/);

    const review = await admin.post(`/api/satisfaction/responses/${first.id}/review`, { decision: 'include' });
    expect(review.statusCode, review.body).toBe(200);
    expect(review.json()).toMatchObject({ review: 'include', counted: true });
    r = await report(o);
    expect(r.overall.responses).toBe(11);
    expect(r.flagged).toBe(1);
    // An admin may also exclude one the checks let through.
    const ok = (await admin.get(`/api/satisfaction/units/${o.unitId}/responses`)).json().items.find((x: { flagReason: string | null }) => x.flagReason === null);
    expect((await admin.post(`/api/satisfaction/responses/${ok.id}/review`, { decision: 'exclude' })).json()).toMatchObject({ counted: false });
    expect((await report(o)).overall.responses).toBe(10);
  });

  it('holds back identical answers in a burst, the earlier ones of it too', async () => {
    const o = await office('DISPERTANKPP');
    for (let i = 0; i < 5; i++) await send(o.token, { answers: all(4) }, { ip: `100.64.9.${i + 1}` });
    expect((await report(o)).overall.responses).toBe(5);
    expect((await send(o.token, { answers: all(4) }, { ip: '100.64.9.77' })).statusCode).toBe(201);
    const r = await report(o);
    expect(r.overall.responses).toBe(0);
    expect(r.flagged).toBe(6);
    const list = (await admin.get(`/api/satisfaction/units/${o.unitId}/responses?flagged=true`)).json();
    expect(list.items.every((x: { flagReason: string }) => x.flagReason === 'identical')).toBe(true);
    // A different answer from the same network still counts.
    await send(o.token, { answers: varied(1) }, { ip: '100.64.9.78' });
    expect((await report(o)).overall.responses).toBe(1);
  });
});

describe('GET /api/satisfaction/surveys/:id/poster', () => {
  it('is an A4 PDF with the survey’s address', async () => {
    const o = await office('DISKOPUKMPERIN');
    const res = await admin.get(`/api/satisfaction/surveys/${o.surveyId}/poster`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdf.toString('latin1');
    expect(text).toContain(`/URI (${PUBLIC_URL}/s/${o.token})`);
    expect(text).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    // The page's text (compressed, kerned into pieces) names the office and invites.
    const shown = [...text.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)]
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
    expect(shown).toContain('Dinas Koperasi');
    expect(shown).toContain('Bagaimana pelayanan kami hari ini?');
    expect(shown).toContain(`sinau.surakarta.go.id/s/${o.token}`);
  });
});

describe('GET /satisfaction/report/:token', () => {
  it('publishes aggregates only: no suggestion, no respondent data', async () => {
    const o = await office('KESBANGPOL');
    const year = new Date().getUTCFullYear() - 1;
    await insertResponses(o, [[4, 4, 4, 4, 4, 3, 3, 4, 4]], new Date(`${year}-08-14T03:00:00Z`), { suggestion: 'RAHASIA-PETUGAS-BUDI' });
    await t.db.updateTable('satisfaction_responses').set({ sex: 'P', age_band: '60plus', service: 'Layanan A' }).where('unit_id', '=', o.unitId).execute();
    const res = await t.anonymous().get(`/satisfaction/report/${o.token}?year=${year}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`Indeks Kepuasan Masyarakat ${year}`);
    expect(res.body).toContain('94,44'); // (7 × 4 + 2 × 3) / 9 = 3.7778 × 25
    expect(res.body).toContain('Sangat Baik');
    expect(res.body).not.toContain('RAHASIA');
    expect(res.body).not.toContain('Layanan A');
    expect(res.body).not.toContain('60 tahun');
    expect(res.body).not.toMatch(/<script/);
    expect(res.body).toContain('@media print');
    const empty = await t.anonymous().get(`/satisfaction/report/${o.token}?year=${year - 1}`);
    expect(empty.body).toContain('Belum ada jawaban yang dihitung');
  });
});

describe('U6/U7 signals and unit evidence', () => {
  const unitEvidence = (unitId: number) =>
    t.db
      .selectFrom('evidence as e')
      .innerJoin('competencies as c', 'c.id', 'e.competency_id')
      .select(['e.id', 'c.code', 'e.level', 'e.detail', 'e.corrects_id', 'e.person_id', 'e.source', 'e.source_id', 'e.source_record_id'])
      .where('e.unit_id', '=', unitId)
      .orderBy('e.id')
      .execute();

  it('writes unit evidence once for a low closed month, and a correction when a review changes it', async () => {
    const o = await office('BAPPEDA');
    const closed = monthsAgo(2);
    // Twelve respondents: U7 average 30/12 = 2.5 (below 3), U6 3.5 (fine).
    const rows: Row[] = Array.from({ length: 12 }, (_, i) => [3, 3, 3, 3, 3, i % 2 ? 4 : 3, i < 6 ? 2 : 3, 3, 3]);
    await insertResponses(o, rows, closed);
    // This month is not closed yet: its low U6 is not evaluated.
    await insertResponses(o, Array.from({ length: 12 }, () => [3, 3, 3, 3, 3, 1, 3, 3, 3]), new Date());

    const first = await evaluateSignals(t.db, SIGNALS, { unitId: o.unitId });
    expect(first.written).toBe(2);
    let ev = await unitEvidence(o.unitId);
    expect(ev.map((e) => [e.code, e.level])).toEqual([
      ['M.05', 1],
      ['M.01', 1],
    ]);
    const month = new Intl.DateTimeFormat('id-ID', { month: 'long', year: 'numeric', timeZone: 'Asia/Jakarta' }).format(closed);
    expect(ev[0]).toMatchObject({ person_id: null, source: 'citizen_feedback', source_id: o.surveyId, corrects_id: null, detail: `U7 2,5 (${month}, 12 responden)` });

    // Again: nothing new.
    expect((await evaluateSignals(t.db, SIGNALS, { unitId: o.unitId })).written).toBe(0);
    expect(await unitEvidence(o.unitId)).toHaveLength(2);

    const signals = await admin.get(`/api/satisfaction/signals?unitId=${o.unitId}`);
    expect(signals.statusCode).toBe(200);
    expect(signals.json().items).toHaveLength(1);
    expect(signals.json().items[0]).toMatchObject({ element: 'U7', average: 2.5, responses: 12, level: 1, active: true, competencies: ['M.05', 'M.01'] });
    expect(signals.json().items[0].evidence).toHaveLength(2);

    // An admin excludes two of the low answers, one after the other: 28/11 = 2.55 (still grade
    // D, level 1), then 26/10 = 2.6 — still low, but exactly 65.00, grade C (level 2). Each
    // review corrects the entries.
    const low = await t.db.selectFrom('satisfaction_responses').select('id').where('unit_id', '=', o.unitId).where('u7', '=', 2).orderBy('id').limit(2).execute();
    for (const r of low) expect((await admin.post(`/api/satisfaction/responses/${r.id}/review`, { decision: 'exclude' })).statusCode).toBe(200);
    ev = await unitEvidence(o.unitId);
    expect(ev.slice(2).map((e) => [e.code, e.level, e.corrects_id, e.detail])).toEqual([
      ['M.05', 1, ev[0]!.id, `U7 2,55 (${month}, 11 responden)`],
      ['M.01', 1, ev[1]!.id, `U7 2,55 (${month}, 11 responden)`],
      ['M.05', 2, ev[0]!.id, `U7 2,6 (${month}, 10 responden)`],
      ['M.01', 2, ev[1]!.id, `U7 2,6 (${month}, 10 responden)`],
    ]);

    // Below the minimum of respondents now: the evidence is withdrawn (a correction with no level).
    const more = await t.db.selectFrom('satisfaction_responses').select('id').where('unit_id', '=', o.unitId).where('u7', '=', 2).where('review', 'is', null).orderBy('id').limit(1).execute();
    await admin.post(`/api/satisfaction/responses/${more[0]!.id}/review`, { decision: 'exclude' });
    ev = await unitEvidence(o.unitId);
    expect(ev.slice(6).map((e) => [e.code, e.level, e.corrects_id])).toEqual([
      ['M.05', null, ev[0]!.id],
      ['M.01', null, ev[1]!.id],
    ]);
    const after = (await admin.get(`/api/satisfaction/signals?unitId=${o.unitId}`)).json().items[0];
    expect(after).toMatchObject({ active: false, level: null, responses: 9 });
    // The ledger stays append-only.
    await expect(t.db.deleteFrom('evidence').where('unit_id', '=', o.unitId).execute()).rejects.toThrow(/append-only/);
  });

  it('writes U6 as M.05 only, and nothing for a month with too few respondents', async () => {
    const o = await office('BPPKAD');
    await insertResponses(o, Array.from({ length: 10 }, () => [3, 3, 3, 3, 3, 2, 4, 3, 3]), monthsAgo(3));
    await insertResponses(o, Array.from({ length: 9 }, () => [3, 3, 3, 3, 3, 1, 1, 3, 3]), monthsAgo(4));
    await evaluateSignals(t.db, SIGNALS, { unitId: o.unitId });
    const ev = await unitEvidence(o.unitId);
    expect(ev.map((e) => [e.code, e.level])).toEqual([['M.05', 1]]);
    expect(ev[0]!.detail).toMatch(/^U6 2 \(/);
    expect((await atasan.get(`/api/satisfaction/signals?unitId=${o.unitId}`)).statusCode).toBe(403);
  });
});

describe('content/satisfaction', () => {
  it('opens DISDUKCAPIL with two counters and a kecamatan, once, with demo responses that show low U7', async () => {
    const demoApp = await createTestApp({ SURVEY_EVALUATION_HOURS: '0' });
    try {
      const now = new Date('2026-06-15T05:00:00Z');
      const first = await loadSatisfactionContent(demoApp.db, CONTENT, { demo: true, signals: SIGNALS, now });
      expect(first).toMatchObject({ surveys: 2, counters: 3, questions: 2 });
      expect(first.demoResponses).toBeGreaterThan(250);
      const again = await loadSatisfactionContent(demoApp.db, CONTENT, { demo: true, signals: SIGNALS, now });
      expect(again).toEqual({ surveys: 0, counters: 0, questions: 0, demoResponses: 0 });

      const surveys = await demoApp.db
        .selectFrom('satisfaction_surveys as s')
        .innerJoin('units as u', 'u.id', 's.unit_id')
        .select(['u.code', 's.name', 's.token'])
        .orderBy('s.id')
        .execute();
      expect(surveys.map((s) => [s.code, s.name])).toEqual([
        ['DISDUKCAPIL', null],
        ['DISDUKCAPIL', 'Loket 3 Perekaman KTP-el'],
        ['DISDUKCAPIL', 'Loket 6 Akta Kelahiran dan Kematian'],
        ['KEC-LAWEYAN', null],
        ['KEC-LAWEYAN', 'Meja Layanan Terpadu'],
      ]);
      expect(new Set(surveys.map((s) => s.token)).size).toBe(5);

      const span = await demoApp.db
        .selectFrom('satisfaction_responses')
        .select((eb) => [eb.fn.min('submitted_at').as('first'), eb.fn.max('submitted_at').as('last')])
        .executeTakeFirstOrThrow();
      expect(new Date(span.first as Date).getTime()).toBeGreaterThanOrEqual(Date.UTC(2025, 11, 31, 17));
      expect(new Date(span.last as Date).getTime()).toBeLessThanOrEqual(now.getTime());

      const signals = await demoApp.db
        .selectFrom('satisfaction_signals as s')
        .innerJoin('units as u', 'u.id', 's.unit_id')
        .select(['u.code', 's.element', 's.month'])
        .where('s.level', 'is not', null)
        .execute();
      const u7 = signals.filter((s) => s.code === 'DISDUKCAPIL' && s.element === 'U7').map((s) => s.month).sort();
      expect(u7).toEqual(['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01']);
      expect(signals.some((s) => s.code === 'KEC-LAWEYAN')).toBe(false);
      const flagged = await demoApp.db.selectFrom('satisfaction_responses').select('id').where('flag_reason', '=', 'identical').execute();
      expect(flagged).toHaveLength(7);
    } finally {
      await demoApp.close();
    }
  });
});
