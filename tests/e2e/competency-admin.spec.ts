import { readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import pg from 'pg';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { formatCertificateCode, newCertificateCode } from '../../server/certificates/code.ts';
import { launch, newPage, signIn } from '../support/browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

interface Level {
  level: number;
  name: string;
  description: string;
  indicators: string[];
}
interface Competency {
  id: number;
  code: string;
  name: string;
  description: string;
  version: number;
  levels: Level[];
}
interface Framework {
  id: number;
  slug: string;
  title: string;
  competencies: Competency[];
}

const sidewaysOverflow = (page: Page) =>
  page.evaluate(
    () => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(document.documentElement.scrollWidth - document.documentElement.clientWidth))),
  );

/** The text of the element that has focus, through the shadow roots it sits in. */
const focusedText = (page: Page) =>
  page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el?.textContent?.trim() ?? '';
  });

async function query<T extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<T[]> {
  const db = new pg.Client({ connectionString: inject('databaseUrl') });
  await db.connect();
  try {
    return (await db.query<T>(text, values)).rows;
  } finally {
    await db.end();
  }
}

async function getJson<T>(page: Page, url: string): Promise<T> {
  const res = await page.request.get(url);
  expect(res.status(), url).toBe(200);
  return (await res.json()) as T;
}

/** A change through the API, as the signed-in person (for putting things back as they were). */
async function putJson(page: Page, url: string, body: unknown): Promise<void> {
  const { csrfToken } = await getJson<{ csrfToken: string }>(page, '/api/me');
  const res = await page.request.put(url, { data: body, headers: { 'X-CSRF-Token': csrfToken } });
  expect(res.status(), await res.text()).toBe(200);
}

async function competency(page: Page, code: string): Promise<Competency> {
  const frameworks = await getJson<Framework[]>(page, '/api/competency-frameworks');
  const found = frameworks.flatMap((f) => f.competencies).find((c) => c.code === code);
  expect(found, code).toBeTruthy();
  return found!;
}

async function downloaded(download: Download): Promise<Buffer> {
  const file = await download.path();
  return readFile(file!);
}

describe('a city admin manages frameworks, standards, settings and reports', () => {
  let admin: { context: BrowserContext; page: Page };

  beforeAll(async () => {
    admin = await newPage(browser);
    admin.page.setDefaultTimeout(20_000);
    await signIn(admin.page, 'admin');
    await admin.page.getByTestId('home-admin').waitFor();
  });
  afterAll(() => admin?.context.close());

  it('edits a behaviour indicator of M.08 by keyboard and saves a new version', async () => {
    const { page } = admin;
    const original = await competency(page, 'M.08');
    try {
      await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Kompetensi', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Kerangka kompetensi' }).waitFor();
      await page.getByRole('link', { name: 'Ubah M.08 Pengambilan Keputusan' }).click();
      await page.waitForURL(new RegExp(`/admin/competencies/${original.id}$`));
      await page.getByRole('heading', { level: 1, name: 'Ubah kompetensi M.08: Pengambilan Keputusan' }).waitFor();

      const level1 = page.getByTestId('level-1');
      const indicator = (n: number) => level1.getByRole('group', { name: `indikator ${n} level 1`, exact: true });
      const [first, second, third] = original.levels[0]!.indicators;
      expect(await indicator(1).getByLabel('Indikator 1').inputValue()).toBe(first);
      await indicator(1).getByLabel('Indikator 1').fill(`${first} (diuji e2e)`);

      // A new indicator, moved up by keyboard: focus stays on the moved row's button.
      await level1.getByRole('button', { name: 'Tambah indikator pada level 1' }).click();
      await indicator(4).getByLabel('Indikator 4').fill('Menimbang risiko sebelum memutuskan hal yang mendesak.');
      await indicator(4).getByRole('button', { name: 'Naikkan indikator 4 level 1' }).focus();
      await page.keyboard.press('Enter');
      expect(await indicator(3).getByLabel('Indikator 3').inputValue()).toBe('Menimbang risiko sebelum memutuskan hal yang mendesak.');
      expect(await indicator(4).getByLabel('Indikator 4').inputValue()).toBe(third);
      expect(await focusedText(page)).toContain('Naikkan indikator 3 level 1');

      // An empty indicator is refused with a plain message, and nothing is sent.
      await level1.getByRole('button', { name: 'Tambah indikator pada level 1' }).click();
      await page.getByRole('button', { name: 'Simpan kompetensi' }).click();
      await indicator(5).getByText('Isi teks indikator, atau hapus indikatornya.').waitFor();
      expect((await competency(page, 'M.08')).version).toBe(original.version);
      await indicator(5).getByRole('button', { name: 'Hapus indikator 5 level 1' }).click();

      await page.getByRole('button', { name: 'Simpan kompetensi' }).click();
      const result = page.getByTestId('competency-save-result');
      await result.getByText(`M.08 tersimpan sebagai versi ${original.version + 1}.`).waitFor();
      const saved = await competency(page, 'M.08');
      expect(saved.version).toBe(original.version + 1);
      expect(saved.levels[0]!.indicators).toEqual([`${first} (diuji e2e)`, second, 'Menimbang risiko sebelum memutuskan hal yang mendesak.', third]);
      expect(saved.levels.slice(1)).toEqual(original.levels.slice(1));
      await page.getByTestId('versions').getByRole('cell', { name: String(original.version + 1), exact: true }).waitFor();

      // Saving the same wording again changes nothing.
      await page.getByRole('button', { name: 'Simpan kompetensi' }).click();
      await result.getByText(`Tidak ada perubahan; tetap versi ${original.version + 1}.`).waitFor();
      expect((await competency(page, 'M.08')).version).toBe(original.version + 1);

      await page.setViewportSize({ width: 360, height: 740 });
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await page.setViewportSize({ width: 1280, height: 800 });
    } finally {
      // The wording as it was (as a further version: history is never rewritten).
      await putJson(page, `/api/competencies/${original.id}`, { name: original.name, description: original.description, levels: original.levels });
    }
  });

  it('exports a framework as CASE and imports it back: a plain error for a wrong file, then nothing changes', async () => {
    const { page } = admin;
    await page.goto('/admin/competencies');
    const framework = page.getByTestId('framework').filter({ hasText: 'T.UMUM.02' });
    const [download] = await Promise.all([page.waitForEvent('download'), framework.getByRole('link', { name: /^Unduh CASE JSON/ }).click()]);
    const pkg = JSON.parse((await downloaded(download)).toString('utf8')) as { CFDocument: { title: string }; CFItems: unknown[] };
    expect(pkg.CFItems.length).toBeGreaterThan(5);

    const file = page.getByLabel('Berkas CASE (JSON)');
    await file.setInputFiles({ name: 'bukan-case.json', mimeType: 'application/json', buffer: Buffer.from('ini bukan json') });
    await page.getByRole('button', { name: 'Periksa dulu' }).click();
    await page.getByRole('alert').filter({ hasText: 'Berkas "bukan-case.json" bukan JSON yang dapat dibaca.' }).waitFor();

    await file.setInputFiles({ name: 'teknis.case.json', mimeType: 'application/json', buffer: await downloaded(download) });
    await page.getByRole('button', { name: 'Periksa dulu' }).click();
    const preview = page.getByTestId('case-preview');
    await preview.getByText('Hasil pemeriksaan — belum ada yang disimpan').waitFor();
    await preview.getByText(`Impor akan memperbarui kerangka "${pkg.CFDocument.title}"`, { exact: false }).waitFor();
    await preview.getByRole('button', { name: 'Impor' }).click();
    const report = page.getByTestId('case-report');
    await report.getByText(`Hasil impor: ${pkg.CFDocument.title}`).waitFor();
    await report.getByText('0 baru, 0 versi baru', { exact: false }).waitFor();
    await report.getByRole('heading', { name: /^Tidak berubah \(\d+\)$/ }).waitFor();
  });

  it('sets a technical competency for a position and sees it listed, then puts the default back', async () => {
    const { page } = admin;
    const units = await getJson<{ id: number; code: string }[]>(page, '/api/units');
    const office = units.find((u) => u.code === 'DISHUB')!;
    const positions = await getJson<{ id: number; name: string }[]>(page, `/api/positions?unitId=${office.id}`);
    const position = positions.find((p) => p.name === 'Pengolah Data dan Informasi')!;

    await page.goto('/admin/competencies');
    await page.getByRole('navigation', { name: 'Pengelolaan kompetensi' }).getByRole('link', { name: 'Standar jabatan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Standar kompetensi jabatan' }).waitFor();
    await page.getByLabel('Unit kerja', { exact: true }).selectOption(String(office.id));
    await page.getByLabel('Jabatan', { exact: true }).selectOption(String(position.id));
    const table = page.getByRole('table', { name: 'Standar kompetensi: Pengolah Data dan Informasi' });
    await table.getByText('M.01', { exact: true }).waitFor();
    expect(await table.getByText('T.UMUM.02', { exact: true }).count()).toBe(0);

    await page.getByLabel('Kompetensi teknis').selectOption('T.UMUM.02');
    await page.getByLabel('Level wajib', { exact: true }).selectOption('2');
    await page.getByRole('button', { name: 'Tambahkan ke daftar' }).click();
    await table.getByText('Baru, belum disimpan').waitFor();
    await page.getByRole('button', { name: /^Simpan standar jabatan/ }).click();
    await page.getByTestId('standard-result').getByText('Standar jabatan Pengolah Data dan Informasi tersimpan.').waitFor();
    const row = table.getByRole('row').filter({ hasText: 'T.UMUM.02' });
    await row.getByText('Khusus jabatan ini').waitFor();
    expect(await row.getByRole('combobox').inputValue()).toBe('2');
    const stored = await getJson<{ competencies: { code: string; level: number; from: string }[] }>(page, `/api/positions/${position.id}/standard`);
    expect(stored.competencies.find((c) => c.code === 'T.UMUM.02')).toMatchObject({ level: 2, from: 'position' });

    // The address keeps the choice: a reload shows the same position with the new row.
    await page.reload();
    await table.getByRole('row').filter({ hasText: 'T.UMUM.02' }).getByText('Khusus jabatan ini').waitFor();

    await page.setViewportSize({ width: 360, height: 740 });
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 800 });

    await table.getByRole('row').filter({ hasText: 'T.UMUM.02' }).getByRole('combobox').selectOption('default');
    await page.getByRole('button', { name: /^Simpan standar jabatan/ }).click();
    await page.getByTestId('standard-result').getByText('Standar jabatan Pengolah Data dan Informasi tersimpan.').waitFor();
    await expect.poll(() => table.getByText('T.UMUM.02', { exact: true }).count()).toBe(0);
    const after = await getJson<{ competencies: { code: string }[] }>(page, `/api/positions/${position.id}/standard`);
    expect(after.competencies.map((c) => c.code)).not.toContain('T.UMUM.02');
  });

  it('changes the webinar minutes per JP and sets it back', async () => {
    const { page } = admin;
    const before = await getJson<{ jpMinutesPerJp: number }>(page, '/api/competency-settings');
    try {
      await page.goto('/admin/competencies');
      await page.getByRole('navigation', { name: 'Pengelolaan kompetensi' }).getByRole('link', { name: 'Pengaturan penilaian' }).click();
      await page.getByRole('heading', { level: 1, name: 'Pengaturan penilaian kompetensi' }).waitFor();
      // Each option is explained in plain words.
      await page.getByText('Satu bukti yang lemah (misalnya webinar saja) belum cukup.', { exact: false }).waitFor();
      const minutes = page.getByLabel('Menit webinar per JP');
      expect(await minutes.inputValue()).toBe(String(before.jpMinutesPerJp));

      await minutes.fill('0');
      await page.getByRole('button', { name: 'Simpan pengaturan' }).click();
      await page.getByText('Isi angka antara 1 dan 600.').waitFor();
      expect((await getJson<{ jpMinutesPerJp: number }>(page, '/api/competency-settings')).jpMinutesPerJp).toBe(before.jpMinutesPerJp);

      await minutes.fill('50');
      await page.getByRole('button', { name: 'Simpan pengaturan' }).click();
      await page.getByTestId('settings-save-result').getByText('Pengaturan penilaian kompetensi tersimpan.').waitFor();
      expect((await getJson<{ jpMinutesPerJp: number }>(page, '/api/competency-settings')).jpMinutesPerJp).toBe(50);

      await minutes.fill(String(before.jpMinutesPerJp));
      await page.getByRole('button', { name: 'Simpan pengaturan' }).click();
      await expect.poll(async () => (await getJson<{ jpMinutesPerJp: number }>(page, '/api/competency-settings')).jpMinutesPerJp).toBe(before.jpMinutesPerJp);
    } finally {
      const now = await getJson<Record<string, unknown>>(page, '/api/competency-settings');
      if (now.jpMinutesPerJp !== before.jpMinutesPerJp) await putJson(page, '/api/competency-settings', before);
    }
  });

  it('opens the reports: the heat-map shows DISDUKCAPIL with percentages, scrolls sideways on a phone, and downloads as XLSX', async () => {
    const { page } = admin;
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Laporan', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Laporan kompetensi dan JP' }).waitFor();
    const heat = page.getByTestId('heat-map');
    const row = heat.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /DISDUKCAPIL/ }) });
    await row.waitFor();
    // Every required cell says its percentage in words, not only in colour.
    const cells = await row.locator('td.cell').allInnerTexts();
    expect(cells.some((text) => /\d+(,\d)?\s?%/.test(text))).toBe(true);
    await page.getByTestId('jp-section').getByRole('heading', { name: /^Pegawai di bawah target JP \d{4}$/ }).waitFor();
    await page.getByTestId('needs-section').locator('table, sinau-alert').first().waitFor();

    await page.setViewportSize({ width: 360, height: 740 });
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    const scroll = await heat.evaluate((el) => ({ width: el.scrollWidth, visible: el.clientWidth }));
    expect(scroll.width).toBeGreaterThan(scroll.visible);
    // The office column stays in view while the table scrolls.
    await heat.evaluate((el) => (el.scrollLeft = 400));
    const officeX = await row.getByRole('rowheader').evaluate((el) => el.getBoundingClientRect().left - el.closest('.table-scroll')!.getBoundingClientRect().left);
    expect(Math.abs(officeX)).toBeLessThanOrEqual(2);
    await page.setViewportSize({ width: 1280, height: 800 });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Unduh XLSX: Peta kompetensi per unit kerja' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('peta-kompetensi.xlsx');
    const bytes = await downloaded(download);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const files = unzipSync(new Uint8Array(bytes));
    expect(Object.keys(files)).toContain('xl/worksheets/sheet1.xml');
    expect(strFromU8(files['xl/worksheets/sheet1.xml']!)).toContain('DISDUKCAPIL');
  });
});

describe('an office admin sees only their offices in the reports', () => {
  it('admin.disdik sees DISDIK and its schools in the heat-map, nothing else', async () => {
    const { context, page } = await newPage(browser);
    page.setDefaultTimeout(20_000);
    try {
      await signIn(page, 'admin.disdik');
      await page.getByTestId('home-admin').waitFor();
      const units = await getJson<{ id: number; code: string; parentId: number | null }[]>(page, '/api/units');
      const disdik = units.find((u) => u.code === 'DISDIK')!;
      const allowed = new Set(['DISDIK', ...units.filter((u) => u.parentId === disdik.id).map((u) => u.code)]);

      await page.goto('/admin/reports');
      const heat = page.getByTestId('heat-map');
      await heat.getByRole('rowheader', { name: /DISDIK/ }).first().waitFor();
      const codes = await heat.locator('th[scope="row"] .code').allInnerTexts();
      expect(codes.length).toBeGreaterThan(0);
      expect(codes).toContain('DISDIK');
      expect(codes.filter((code) => !allowed.has(code))).toEqual([]);
      // The office filter offers only their offices too.
      const options = await page.getByLabel('Unit kerja', { exact: true }).locator('option').allInnerTexts();
      expect(options.some((o) => o.includes('Kependudukan'))).toBe(false);
      expect(options.some((o) => o.includes('Dinas Pendidikan'))).toBe(true);
    } finally {
      await context.close();
    }
  });
});

/** A certificate of a course, as completing one issues it (made here so the spec needs no course run). */
async function issueCertificate(username: string): Promise<string> {
  const code = newCertificateCode();
  await query(
    `INSERT INTO certificates (code, person_id, kind, source_id, holder_name, holder_nip, activity_title, jp)
     SELECT $1, id, 'course', $2, name, nip, 'Kursus uji sertifikat', 4 FROM people WHERE username = $3`,
    [code, 900_000_000 + Math.floor(Math.random() * 1_000_000), username],
  );
  return formatCertificateCode(code);
}

describe('an office admin checks and revokes certificates', () => {
  it('admin.disdik is told plainly about a mistyped code and one outside DISDIK, and revokes a teacher’s certificate', async () => {
    const teacher = await issueCertificate('guru');
    const outside = await issueCertificate('asn');
    const { context, page } = await newPage(browser);
    page.setDefaultTimeout(20_000);
    try {
      await signIn(page, 'admin.disdik');
      await page.getByTestId('home-admin').waitFor();
      await page.getByRole('link', { name: 'Periksa atau cabut sertifikat' }).click();
      await page.getByRole('heading', { level: 1, name: 'Periksa dan cabut sertifikat' }).waitFor();
      const code = page.getByLabel('Kode verifikasi');

      // One character changed: the check character catches it.
      const typo = `${teacher.slice(0, 3)}${teacher[3] === '7' ? '8' : '7'}${teacher.slice(4)}`;
      await code.fill(typo);
      await page.getByRole('button', { name: 'Periksa', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: 'tampaknya salah ketik' }).waitFor();

      await code.fill(outside.toLowerCase());
      await page.getByRole('button', { name: 'Periksa', exact: true }).click();
      const card = page.getByTestId('certificate');
      await card.getByText(`Sertifikat ${outside} sah.`).waitFor();
      await card.getByLabel('Alasan pencabutan').fill('Salah terbit');
      await card.getByRole('button', { name: 'Cabut sertifikat ini' }).click();
      await card.getByRole('alert').filter({ hasText: 'di luar unit kerja yang Anda kelola' }).waitFor();

      await code.fill(teacher);
      await page.getByRole('button', { name: 'Periksa', exact: true }).click();
      await card.getByText(`Sertifikat ${teacher} sah.`).waitFor();
      await card.getByText('Retno Wulandari', { exact: false }).waitFor();
      // A reason is required, in plain words.
      await card.getByRole('button', { name: 'Cabut sertifikat ini' }).click();
      await card.getByText('Tulis alasan pencabutan, minimal 3 karakter.').waitFor();
      await card.getByLabel('Alasan pencabutan').fill('Diterbitkan untuk peserta yang salah');
      await card.getByRole('button', { name: 'Cabut sertifikat ini' }).click();
      await card.getByText(`Sertifikat ${teacher} telah dicabut.`).waitFor();
      await card.getByText('Sertifikat ini dicabut pada', { exact: false }).waitFor();
      expect(await card.getByRole('button', { name: 'Cabut sertifikat ini' }).count()).toBe(0);

      const verified = await getJson<{ status: string; reason: string }>(page, `/api/certificates/${teacher}/verify`);
      expect(verified).toMatchObject({ status: 'revoked', reason: 'Diterbitkan untuk peserta yang salah' });
      expect((await getJson<{ status: string }>(page, `/api/certificates/${outside}/verify`)).status).toBe('valid');
    } finally {
      await context.close();
    }
  });
});

describe('a trainer adds a competency evidence rule to a quiz', () => {
  it('adds a sub-score rule in the quiz editor; it is saved with the settings', async () => {
    const stamp = Date.now().toString(36);
    const title = `Kuis Literasi Data ${stamp}`;
    const { context, page } = await newPage(browser);
    page.setDefaultTimeout(20_000);
    try {
      await signIn(page, 'pelatih');
      await page.getByTestId('home-trainer').waitFor();
      await page.goto('/authoring/quizzes');
      const form = page.getByTestId('new-quiz');
      await form.getByLabel('Judul kuis').fill(title);
      await form.getByLabel('Alamat kuis').fill(`kuis-literasi-${stamp}`);
      await form.getByRole('button', { name: 'Buat kuis' }).click();
      await page.waitForURL(/\/authoring\/quizzes\/\d+$/);
      const quizId = Number(new URL(page.url()).pathname.split('/').pop());
      const rules = page.getByTestId('quiz-rules');
      await rules.getByText('Kuis ini belum membuktikan kompetensi apa pun.').waitFor();

      await rules.getByRole('button', { name: 'Tambah aturan bukti' }).click();
      const rule = rules.getByRole('group', { name: 'Aturan 1', exact: true });
      await rule.getByLabel('Kompetensi').selectOption('T.UMUM.02');
      await rule.getByLabel('Level yang dibuktikan').selectOption('2');
      await rule.getByLabel('Syarat').selectOption('subscore');
      // Without a minimum the form says what is missing and keeps the rule.
      await page.getByTestId('save-quiz').click();
      await rule.getByText('Isi angka 0 sampai 100.').waitFor();
      expect(await query('SELECT 1 FROM quiz_competencies WHERE quiz_id = $1', [quizId])).toEqual([]);

      await rule.getByLabel('Nilai minimal (%)').fill('70');
      await page.getByTestId('save-quiz').click();
      await page.getByTestId('quiz-save-result').getByText('Kuis tersimpan (status: Draf).').waitFor();
      expect(await query('SELECT competency_code, level, condition, min_pct::float8 AS min_pct FROM quiz_competencies WHERE quiz_id = $1', [quizId])).toEqual([
        { competency_code: 'T.UMUM.02', level: 2, condition: 'subscore', min_pct: 70 },
      ]);

      // A reload shows the rule as saved.
      await page.reload();
      const again = page.getByTestId('quiz-rules').getByRole('group', { name: 'Aturan 1', exact: true });
      expect(await again.getByLabel('Kompetensi').inputValue()).toBe('T.UMUM.02');
      expect(await again.getByLabel('Nilai minimal (%)').inputValue()).toBe('70');
      await page.setViewportSize({ width: 360, height: 740 });
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    } finally {
      await context.close();
    }
  });
});
