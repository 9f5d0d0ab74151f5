import path from 'node:path';
import pg from 'pg';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { QuestionDocT } from '../../server/quizzes/model.ts';
import { launch, newPage, signIn } from '../support/browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

const GIFT = path.resolve(import.meta.dirname, '../fixtures/quiz/bank-soal.gift.txt');
const TEST_TITLE = 'Uji Kompetensi Pelayanan Publik 2026';

const sidewaysOverflow = (page: Page) =>
  page.evaluate(
    () => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(document.documentElement.scrollWidth - document.documentElement.clientWidth))),
  );

describe('an admin manages question banks and reads quiz results', () => {
  it('creates a bank, checks and imports a GIFT file, and opens a quiz’s results', async () => {
    const slug = `bank-e2e-${Date.now().toString(36)}`;
    const { context, page } = await newPage(browser);
    page.setDefaultTimeout(20_000);
    try {
      await signIn(page, 'admin');
      await page.getByTestId('home-admin').waitFor();

      await page.goto('/authoring');
      await page.getByRole('link', { name: 'Bank soal' }).click();
      await page.waitForURL(/\/authoring\/question-banks$/);
      const form = page.getByTestId('new-bank');
      await form.getByLabel('Nama bank').fill('Bank uji e2e integritas');
      await form.getByLabel('Alamat bank').fill(slug);
      await form.getByRole('button', { name: 'Buat bank soal' }).click();
      await page.waitForURL(/\/authoring\/question-banks\/\d+$/);
      await page.getByRole('heading', { level: 1, name: 'Bank uji e2e integritas' }).waitFor();
      await page.getByText('Bank ini belum berisi soal.').waitFor();

      // A dry run reports what would happen and writes nothing.
      await page.getByLabel('Berkas soal').setInputFiles(GIFT);
      await page.getByLabel('Format').selectOption('gift');
      await page.getByRole('button', { name: 'Periksa dulu' }).click();
      const report = page.getByTestId('import-report');
      await report.getByText('Hasil pemeriksaan — belum ada yang disimpan').waitFor();
      await report.getByRole('table', { name: 'Soal yang diimpor' }).getByText('Nilai dasar ASN').waitFor();
      expect(await report.getByRole('table', { name: 'Soal yang diimpor' }).getByRole('row').count()).toBeGreaterThan(1);
      await expect.poll(() => page.getByText('Bank ini belum berisi soal.').isVisible()).toBe(true);
      const bankId = Number(new URL(page.url()).pathname.split('/').pop());
      const before = (await (await page.request.get(`/api/question-banks/${bankId}`)).json()) as { bank: { questionCount: number } };
      expect(before.bank.questionCount).toBe(0);

      // For real: the questions appear in the bank.
      await page.getByRole('button', { name: 'Impor', exact: true }).click();
      await report.getByText('Hasil impor').waitFor();
      await page.getByTestId('bank-questions').getByText('Nilai dasar ASN').first().waitFor();
      const after = (await (await page.request.get(`/api/question-banks/${bankId}`)).json()) as { bank: { questionCount: number } };
      expect(after.bank.questionCount).toBeGreaterThan(0);
      await expect.poll(() => page.getByTestId('bank-questions').count()).toBeGreaterThan(0);

      // The bank page fits a phone: tables scroll inside their own box.
      await page.setViewportSize({ width: 360, height: 740 });
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await page.setViewportSize({ width: 1280, height: 800 });

      // Results of the seeded test (it may have no attempts yet when this spec runs first).
      await page.goto('/authoring/quizzes');
      await page.getByRole('link', { name: `Hasil ${TEST_TITLE}` }).click();
      await page.waitForURL(/\/authoring\/quizzes\/\d+\/results$/);
      await page.getByRole('heading', { level: 1, name: `Hasil: ${TEST_TITLE}` }).waitFor();
      await page.getByTestId('results-summary').getByRole('heading', { name: 'Ringkasan' }).waitFor();
      await page.getByTestId('results-summary').getByRole('link', { name: 'Unduh CSV' }).waitFor();
      const analysis = page.getByTestId('analysis');
      await analysis.getByRole('heading', { name: 'Analisis butir soal' }).waitFor();
      await analysis.locator('table, .empty').first().waitFor();
      await page.getByTestId('grading').getByRole('heading', { name: 'Esai menunggu penilaian' }).waitFor();
    } finally {
      await context.close();
    }
  });
});

/** The text of the element that has focus, through the shadow roots it sits in. */
const focusedText = (page: Page) =>
  page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el?.textContent?.trim() ?? '';
  });

/** The question bank page's editor, as a trainer fills it in. */
const editor = (page: Page) => page.getByTestId('question-editor');
const row = (scope: Locator, name: string) => scope.getByRole('group', { name, exact: true });

async function query<T extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<T[]> {
  const db = new pg.Client({ connectionString: inject('databaseUrl') });
  await db.connect();
  try {
    return (await db.query<T>(text, values)).rows;
  } finally {
    await db.end();
  }
}

describe('a trainer writes questions and builds a quiz that a learner takes', () => {
  const stamp = Date.now().toString(36);
  const bankName = `Bank etika pelayanan ${stamp}`;
  const quizTitle = `Kuis Etika Pelayanan ${stamp}`;
  const mrName = 'Gratifikasi yang wajib dilaporkan';
  const mrRevised = 'Gratifikasi yang wajib dilaporkan (revisi)';
  const matchName = 'Pasangan istilah integritas';
  const essayName = 'Refleksi pelayanan';
  let trainer: { context: BrowserContext; page: Page };
  let bankId = 0;
  let quizId = 0;
  const ids = { mr: 0, match: 0, essay: 0, essayCategory: 0 };

  beforeAll(async () => {
    trainer = await newPage(browser);
    trainer.page.setDefaultTimeout(20_000);
    await signIn(trainer.page, 'pelatih');
    await trainer.page.getByTestId('home-trainer').waitFor();
  });
  afterAll(() => trainer?.context.close());

  it('writes a multiple-response, a matching and an essay question, is told why a bad one cannot be saved, and edits one', async () => {
    const { page } = trainer;
    await page.goto('/authoring/question-banks');
    const form = page.getByTestId('new-bank');
    await form.getByLabel('Nama bank').fill(bankName);
    await form.getByLabel('Alamat bank').fill(`bank-etika-${stamp}`);
    await form.getByRole('button', { name: 'Buat bank soal' }).click();
    await page.waitForURL(/\/authoring\/question-banks\/\d+$/);
    bankId = Number(new URL(page.url()).pathname.split('/').pop());

    // Multiple response, first without a right choice: the server says why, the form stays.
    await page.getByRole('button', { name: 'Soal baru' }).click();
    const ed = editor(page);
    await ed.getByRole('heading', { name: 'Soal baru' }).waitFor();
    await ed.getByLabel('Jenis soal').selectOption('multiple');
    await ed.getByLabel('Kategori', { exact: true }).fill('Etika');
    await ed.getByLabel('Nama soal').fill(mrName);
    await ed.getByLabel('Pertanyaan').fill('Pemberian mana yang **wajib** dilaporkan kepada KPK?');
    await ed.getByLabel('Poin').fill('2');
    await ed.getByRole('button', { name: 'Tambah pilihan' }).click();
    await row(ed, 'Pilihan 1').getByLabel('Teks pilihan').fill('Uang terima kasih dari pemohon izin');
    await row(ed, 'Pilihan 2').getByLabel('Teks pilihan').fill('Hadiah ulang tahun dari keluarga inti');
    await row(ed, 'Pilihan 3').getByLabel('Teks pilihan').fill('Voucher dari rekanan pengadaan');
    await row(ed, 'Pilihan 2').getByLabel('Umpan balik jika dipilih').fill('Pemberian keluarga inti tidak wajib dilaporkan.');
    await ed.getByTestId('save-question').click();
    const problems = ed.getByTestId('save-problems');
    await problems.getByText('Soal belum dapat disimpan:').waitFor();
    await problems.getByText('Minimal satu pilihan harus benar.').waitFor();
    expect(await ed.getByLabel('Nama soal').inputValue()).toBe(mrName);
    expect(await row(ed, 'Pilihan 3').getByLabel('Teks pilihan').inputValue()).toBe('Voucher dari rekanan pengadaan');
    expect((await page.request.get(`/api/question-banks/${bankId}`).then((r) => r.json())).bank.questionCount).toBe(0);

    // Mark the two right ones (they share the points), move the third up by keyboard, save.
    await row(ed, 'Pilihan 1').getByLabel('Jawaban benar').check();
    await row(ed, 'Pilihan 3').getByLabel('Jawaban benar').check();
    expect(await row(ed, 'Pilihan 1').getByLabel('Nilai (%)').inputValue()).toBe('50');
    expect(await row(ed, 'Pilihan 3').getByLabel('Nilai (%)').inputValue()).toBe('50');
    await row(ed, 'Pilihan 3').getByRole('button', { name: 'Naikkan Pilihan 3' }).focus();
    await page.keyboard.press('Enter');
    expect(await row(ed, 'Pilihan 2').getByLabel('Teks pilihan').inputValue()).toBe('Voucher dari rekanan pengadaan');
    // Focus stays on the moved row's button, so it can go on moving.
    expect(await focusedText(page)).toContain('Naikkan Pilihan 2');
    await ed.getByTestId('save-question').click();
    await page.getByText(`Soal "${mrName}" tersimpan.`).waitFor();
    await page.getByTestId('bank-questions').getByRole('rowheader', { name: mrName }).waitFor();

    // Matching, with a pair and a distractor added.
    await page.getByRole('button', { name: 'Soal baru' }).click();
    await ed.getByLabel('Jenis soal').selectOption('matching');
    await ed.getByLabel('Kategori', { exact: true }).fill('Etika');
    await ed.getByLabel('Nama soal').fill(matchName);
    await ed.getByLabel('Pertanyaan').fill('Pasangkan istilah dengan artinya.');
    await ed.getByRole('button', { name: 'Tambah pasangan' }).click();
    const pairs = [
      ['Gratifikasi', 'Pemberian dalam arti luas'],
      ['Konflik kepentingan', 'Kepentingan pribadi memengaruhi keputusan'],
      ['Whistleblowing', 'Melaporkan pelanggaran'],
    ];
    for (const [i, [prompt, answer]] of pairs.entries()) {
      await row(ed, `Pasangan ${i + 1}`).getByLabel('Pernyataan').fill(prompt!);
      await row(ed, `Pasangan ${i + 1}`).getByLabel('Jawaban yang cocok').fill(answer!);
    }
    await ed.getByRole('button', { name: 'Tambah pengecoh' }).click();
    await row(ed, 'Pengecoh 1').getByLabel('Teks pengecoh').fill('Pungutan resmi');
    // The preview shows it as learners will: a choice of answers per statement.
    await ed.getByRole('button', { name: 'Tampilkan pratinjau' }).click();
    const preview = ed.locator('sinau-question-preview');
    await preview.getByLabel('Gratifikasi').waitFor();
    expect(await preview.getByLabel('Gratifikasi').locator('option').allInnerTexts()).toContain('Pungutan resmi');
    await ed.getByTestId('save-question').click();
    await page.getByText(`Soal "${matchName}" tersimpan.`).waitFor();

    // An essay with a rubric, in a category of its own (the quiz draws from it).
    await page.getByRole('button', { name: 'Soal baru' }).click();
    await ed.getByLabel('Jenis soal').selectOption('essay');
    await ed.getByLabel('Kategori', { exact: true }).fill('Esai reflektif');
    await ed.getByLabel('Nama soal').fill(essayName);
    await ed.getByLabel('Pertanyaan').fill('Ceritakan bagaimana Anda menolak pemberian dari warga.');
    await ed.getByLabel('Poin').fill('4');
    await ed.getByLabel('Jumlah kata maksimal').fill('300');
    await ed.getByRole('button', { name: 'Tambah kriteria' }).click();
    await row(ed, 'Kriteria 1').getByLabel('Kriteria', { exact: true }).fill('Menolak dengan sopan');
    await row(ed, 'Kriteria 1').getByLabel('Poin maksimal').fill('2');
    await ed.getByRole('button', { name: 'Tambah kriteria' }).click();
    await row(ed, 'Kriteria 2').getByLabel('Kriteria', { exact: true }).fill('Menjelaskan aturannya');
    await row(ed, 'Kriteria 2').getByLabel('Poin maksimal').fill('2');
    await ed.getByTestId('save-question').click();
    await page.getByText(`Soal "${essayName}" tersimpan.`).waitFor();

    const bank = await (await page.request.get(`/api/question-banks/${bankId}`)).json();
    const all = bank.categories.flatMap((c: { id: number; name: string; questions: { id: number; doc: QuestionDocT }[] }) => c.questions.map((q) => ({ ...q, category: c })));
    const mr = all.find((q: { doc: QuestionDocT }) => q.doc.name === mrName);
    const match = all.find((q: { doc: QuestionDocT }) => q.doc.name === matchName);
    const essay = all.find((q: { doc: QuestionDocT }) => q.doc.name === essayName);
    Object.assign(ids, { mr: mr.id, match: match.id, essay: essay.id, essayCategory: essay.category.id });
    expect(mr.category.name).toBe('Etika');
    expect(mr.doc).toMatchObject({ type: 'multiple', points: 2, stem: 'Pemberian mana yang **wajib** dilaporkan kepada KPK?' });
    expect(mr.doc.choices.map((c: { text: string; fraction: number }) => [c.text, c.fraction])).toEqual([
      ['Uang terima kasih dari pemohon izin', 0.5],
      ['Voucher dari rekanan pengadaan', 0.5],
      ['Hadiah ulang tahun dari keluarga inti', 0],
    ]);
    expect(mr.doc.choices[2].feedback).toBe('Pemberian keluarga inti tidak wajib dilaporkan.');
    expect(match.doc.pairs.map((p: { prompt: string; answer: string }) => [p.prompt, p.answer])).toEqual(pairs);
    expect(match.doc.distractors).toEqual(['Pungutan resmi']);
    expect(essay.doc).toMatchObject({ type: 'essay', points: 4, maxWords: 300, rubric: [{ criterion: 'Menolak dengan sopan', points: 2 }, { criterion: 'Menjelaskan aturannya', points: 2 }] });

    // Editing: the form opens with the question as stored; the change is saved in place (unused yet).
    await page.getByRole('button', { name: `Ubah soal ${mrName}` }).click();
    await ed.getByRole('heading', { name: `Ubah soal: ${mrName}` }).waitFor();
    expect(await row(ed, 'Pilihan 2').getByLabel('Teks pilihan').inputValue()).toBe('Voucher dari rekanan pengadaan');
    await ed.getByLabel('Nama soal').fill(mrRevised);
    await ed.getByLabel('Tag').fill('integritas, gratifikasi');
    await ed.getByTestId('save-question').click();
    await page.getByText(`Soal "${mrRevised}" tersimpan.`).waitFor();
    await page.getByTestId('bank-questions').getByRole('rowheader', { name: mrRevised }).waitFor();
    const [stored] = await query<{ current_version: number; doc: QuestionDocT; tags: string[] }>(
      'SELECT q.current_version, v.doc, v.tags FROM questions q JOIN question_versions v ON v.question_id = q.id AND v.version = q.current_version WHERE q.id = $1',
      [ids.mr],
    );
    expect(stored!.current_version).toBe(1);
    expect(stored!.doc.name).toBe(mrRevised);
    expect(stored!.tags).toEqual(['integritas', 'gratifikasi']);

    await page.setViewportSize({ width: 360, height: 740 });
    await page.getByRole('button', { name: 'Soal baru' }).click();
    await ed.getByLabel('Jenis soal').selectOption('ordering');
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await ed.getByRole('button', { name: 'Batal' }).click();
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('builds a quiz from fixed questions and a random draw, sets its time limit and pass mark, and publishes it', async () => {
    const { page } = trainer;
    await page.goto('/authoring/quizzes');
    const form = page.getByTestId('new-quiz');
    await form.getByLabel('Judul kuis').fill(quizTitle);
    await form.getByLabel('Alamat kuis').fill(`kuis-etika-${stamp}`);
    await form.getByRole('button', { name: 'Buat kuis' }).click();
    await page.waitForURL(/\/authoring\/quizzes\/\d+$/);
    quizId = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByRole('heading', { level: 1, name: `Ubah kuis: ${quizTitle}` }).waitFor();
    await page.getByText('Kuis ini belum berisi soal.').waitFor();

    await page.getByLabel('Soal', { exact: true }).selectOption({ label: mrRevised });
    await page.getByRole('button', { name: 'Tambahkan soal', exact: true }).click();
    await page.getByLabel('Soal', { exact: true }).selectOption({ label: matchName });
    await page.getByRole('button', { name: 'Tambahkan soal', exact: true }).click();
    await page.getByLabel('Kategori').selectOption({ label: `${bankName} › Esai reflektif` });
    await page.getByLabel('Jumlah soal diambil').fill('1');
    await page.getByRole('button', { name: 'Tambahkan soal acak' }).click();
    await page.getByTestId('items-summary').getByText('3 soal per percobaan: 2 soal tetap dan 1 soal acak.').waitFor();
    // The draw goes before the matching question, by keyboard.
    await page.getByRole('button', { name: 'Naikkan soal acak 3 (Esai reflektif)' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Naikkan soal acak 2 (Esai reflektif)' }).waitFor();

    await page.getByLabel('Batas waktu (menit)').fill('20');
    await page.getByLabel('Nilai lulus (%)').fill('60');
    await page.getByLabel('Nilai yang dihitung').selectOption('last');
    await page.getByLabel('Status').selectOption('published');
    await page.getByTestId('save-quiz').click();
    await page.getByTestId('quiz-save-result').getByText('Kuis tersimpan (status: Terbit).').waitFor();

    const [quiz] = await query<{ time_limit_minutes: number; pass_pct: number; status: string; grading: string }>(
      'SELECT time_limit_minutes, pass_pct::float8 AS pass_pct, status, grading FROM quizzes WHERE id = $1',
      [quizId],
    );
    expect(quiz).toEqual({ time_limit_minutes: 20, pass_pct: 60, status: 'published', grading: 'last' });
    const items = await query<{ position: number; question_id: number | null; category_id: number | null; draw_count: number | null }>(
      'SELECT position, question_id::int, category_id::int, draw_count FROM quiz_items WHERE quiz_id = $1 ORDER BY position',
      [quizId],
    );
    expect(items).toEqual([
      { position: 1, question_id: ids.mr, category_id: null, draw_count: null },
      { position: 2, question_id: null, category_id: ids.essayCategory, draw_count: 1 },
      { position: 3, question_id: ids.match, category_id: null, draw_count: null },
    ]);

    // Extra time for the learner's office, saved on its own.
    const units = (await (await page.request.get('/api/units')).json()) as { id: number; code: string }[];
    const office = units.find((u) => u.code === 'DISDUKCAPIL')!;
    const extra = page.getByTestId('extra-time');
    await extra.getByRole('combobox', { name: 'Unit kerja' }).selectOption(String(office.id));
    await extra.getByLabel('Menit tambahan', { exact: true }).fill('15');
    await extra.getByRole('button', { name: 'Tambahkan ke daftar' }).click();
    await extra.getByRole('button', { name: 'Simpan waktu tambahan' }).click();
    await extra.getByText('Waktu tambahan tersimpan.').waitFor();
    expect(await query('SELECT unit_id::int, person_id, extra_minutes FROM quiz_extra_time WHERE quiz_id = $1', [quizId])).toEqual([
      { unit_id: office.id, person_id: null, extra_minutes: 15 },
    ]);

    // A reload shows what was saved; the list links to the editor and the results.
    await page.reload();
    expect(await page.getByLabel('Batas waktu (menit)').inputValue()).toBe('20');
    await expect.poll(() => page.getByTestId('quiz-item').count()).toBe(3);
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/authoring/quizzes');
    await page.getByRole('link', { name: `Ubah kuis ${quizTitle}` }).click();
    await page.waitForURL(new RegExp(`/authoring/quizzes/${quizId}$`));
    await page.goto('/authoring/quizzes');
    await page.getByRole('link', { name: `Hasil ${quizTitle}` }).waitFor();
  });

  it('a learner takes the quiz, and the trainer grades the essay on the results page', async () => {
    const learner = await newPage(browser);
    learner.page.setDefaultTimeout(20_000);
    let attemptId = 0;
    try {
      const { page } = learner;
      await signIn(page, 'asn');
      await page.getByTestId('home-learner').waitFor();
      await page.goto(`/quizzes/${quizId}`);
      await page.getByRole('heading', { level: 1, name: quizTitle }).waitFor();
      await page.getByTestId('start-quiz').click();
      await page.waitForURL(/\/attempts\/\d+/);
      attemptId = Number(/\/attempts\/(\d+)/.exec(page.url())![1]);
      // 20 minutes and the 15 extra for the office.
      expect(await page.getByTestId('timer').innerText()).toMatch(/^(35:00|34:\d\d)$/);
      const q = (id: number) => page.locator(`sinau-question[data-question-id="${id}"]`);
      await q(ids.mr).getByLabel('Uang terima kasih dari pemohon izin').check();
      await q(ids.mr).getByLabel('Voucher dari rekanan pengadaan').check();
      await q(ids.match).getByLabel('Gratifikasi').selectOption('Pemberian dalam arti luas');
      await q(ids.match).getByLabel('Konflik kepentingan').selectOption('Kepentingan pribadi memengaruhi keputusan');
      await q(ids.match).getByLabel('Whistleblowing').selectOption('Pungutan resmi');
      await q(ids.essay).getByLabel('Jawaban Anda').fill('Saya menolak dengan sopan dan menjelaskan larangan gratifikasi kepada warga.');
      await q(ids.essay).getByLabel('Jawaban Anda').press('Tab');
      await expect.poll(() => page.getByTestId('save-status').getAttribute('data-state')).toBe('saved');
      await page.getByTestId('submit-attempt').click();
      await page.getByTestId('confirm-submit-yes').click();
      await page.getByTestId('result-summary').waitFor();
      await page.getByTestId('pending-grading').waitFor();
    } finally {
      await learner.context.close();
    }

    // 2 (multiple response) + 2/3 of 1 (matching) so far; the essay's 4 points wait for the trainer.
    const { page } = trainer;
    await page.goto(`/authoring/quizzes/${quizId}/results`);
    const grading = page.getByTestId('grading');
    const item = grading.locator('sinau-grading-item');
    await item.getByText('Saya menolak dengan sopan').waitFor();
    await item.getByLabel('Menolak dengan sopan (maks. 2)').fill('2');
    await item.getByLabel('Menjelaskan aturannya (maks. 2)').fill('1');
    expect(await item.getByLabel('Nilai (maks. 4)').inputValue()).toBe('3');
    await item.getByLabel('Komentar').fill('Baik; sebutkan dasar hukumnya.');
    await item.getByRole('button', { name: 'Simpan nilai' }).click();
    await grading.getByText('Tidak ada esai yang menunggu penilaian.').waitFor();

    const attempt = await (await page.request.get(`/api/attempts/${attemptId}`)).json();
    expect(attempt.result.needsGrading).toBe(false);
    expect(attempt.result.score).toBeCloseTo(2 + 2 / 3 + 3, 2);
    expect(attempt.result.maxScore).toBe(7);
    expect(attempt.result.passed).toBe(true);
    const essay = attempt.questions.find((x: { id: number }) => x.id === ids.essay);
    expect(essay).toMatchObject({ score: 3, graderComment: 'Baik; sebutkan dasar hukumnya.' });
    await page.getByTestId('results-summary').getByRole('cell', { name: 'Dikumpulkan' }).waitFor();

    // Changing a question an attempt has used makes a new version; the attempt keeps the old one.
    await page.goto(`/authoring/question-banks/${bankId}`);
    await page.getByRole('button', { name: `Ubah soal ${mrRevised}` }).click();
    const ed = editor(page);
    await ed.getByText('Soal ini sudah dipakai dalam percobaan.', { exact: false }).waitFor();
    await ed.getByLabel('Pertanyaan').fill('Pemberian mana yang wajib dilaporkan dalam 30 hari kerja?');
    await ed.getByTestId('save-question').click();
    await page.getByText(`Soal "${mrRevised}" tersimpan sebagai versi 2`, { exact: false }).waitFor();
    const after = await (await page.request.get(`/api/attempts/${attemptId}`)).json();
    expect(after.questions.find((x: { id: number }) => x.id === ids.mr).stemHtml).toContain('<strong>wajib</strong>');
  }, 90_000);

  it('an admin assigns the quiz to an office', async () => {
    const { context, page } = await newPage(browser);
    page.setDefaultTimeout(20_000);
    try {
      await signIn(page, 'admin');
      await page.getByTestId('home-admin').waitFor();
      const units = (await (await page.request.get('/api/units')).json()) as { id: number; code: string; name: string }[];
      const office = units.find((u) => u.code === 'DISDUKCAPIL')!;
      await page.goto(`/authoring/quizzes/${quizId}`);
      await page.getByText('Belum ditugaskan', { exact: false }).waitFor();
      const form = page.getByRole('group', { name: 'Tugaskan ke unit kerja atau jabatan' });
      await form.getByRole('combobox', { name: 'Unit kerja' }).selectOption(String(office.id));
      await form.getByRole('button', { name: 'Tugaskan' }).click();
      await form.getByText('Penugasan tersimpan.').waitFor();
      await page.getByTestId('assignments').getByText(`Unit kerja: ${office.name} (DISDUKCAPIL)`).waitFor();
      expect(await query('SELECT unit_id::int, position_id FROM quiz_assignments WHERE quiz_id = $1', [quizId])).toEqual([{ unit_id: office.id, position_id: null }]);
    } finally {
      await context.close();
    }
  });
});
