import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
