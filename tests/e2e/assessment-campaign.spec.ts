import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, newPage, signIn } from '../support/browser.ts';

// An admin opens a behaviour-assessment campaign for Disdukcapil on SK.01 (Perekat Bangsa, which
// no other journey proves), `asn` rates herself, her supervisor `atasan` rates and finalises,
// and the result is evidence on her competency page. The campaign is closed at the end so the
// other journeys' home pages stay as they were.
const CAMPAIGN = `Penilaian Perilaku E2E ${Date.now()}`;
const OFFICE = 'Dinas Kependudukan dan Pencatatan Sipil';
const ASN_NAME = 'Dewi Anggraeni, A.Md.';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(document.documentElement.scrollWidth - document.documentElement.clientWidth))));
}

/** Ticks every behaviour indicator of level 1 of the competency shown. */
async function markLevelOne(page: Page) {
  const level = page.getByRole('group', { name: /^Level 1 —/ });
  const boxes = level.getByRole('checkbox');
  const n = await boxes.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) await boxes.nth(i).check();
  await page.getByTestId('rating-result').getByText('Hasil: level 1').waitFor();
}

describe('assessment campaign', () => {
  let progressUrl = '';

  it('an admin opens a campaign for Disdukcapil through the form and sees its progress', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signIn(page, 'admin');
      await page.getByTestId('home-admin').waitFor();
      await page.goto('/admin/competencies');
      await page.getByRole('link', { name: 'Kampanye penilaian' }).click();
      await page.getByRole('heading', { level: 1, name: 'Kampanye penilaian' }).waitFor();

      await page.getByLabel('Nama kampanye').fill(CAMPAIGN);
      await page.getByLabel('Tanggal tutup').fill('2099-12-31');
      const offices = page.getByLabel('Unit kerja sasaran');
      const value = await offices.locator('option', { hasText: OFFICE }).first().getAttribute('value');
      await offices.selectOption(value!);
      await page.getByRole('checkbox', { name: /SK\.01/ }).check();
      await page.getByRole('button', { name: 'Buka kampanye' }).click();

      await page.getByRole('heading', { level: 1, name: CAMPAIGN }).waitFor();
      progressUrl = new URL(page.url()).pathname;
      expect(progressUrl).toMatch(/^\/admin\/campaigns\/\d+$/);
      const office = page.getByTestId('progress-offices').locator('tr[data-unit="DISDUKCAPIL"]');
      expect(Number(await office.locator('[data-col="total"]').innerText())).toBeGreaterThan(0);
      await page.getByTestId('progress-behind').getByText(/Bambang Setiawan/).waitFor();
      await page.setViewportSize({ width: 360, height: 740 });
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    } finally {
      await context.close();
    }
  });

  it('the learner rates herself from her home page', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signIn(page, 'asn');
      const mine = page.getByTestId('campaign-self-tasks').getByRole('listitem').filter({ hasText: CAMPAIGN });
      await mine.getByRole('link', { name: ASN_NAME }).click();
      await page.getByRole('heading', { level: 1, name: 'Penilaian perilaku' }).waitFor();
      await markLevelOne(page);
      await page.setViewportSize({ width: 360, height: 740 });
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.getByRole('button', { name: 'Kirim penilaian diri' }).click();
      await page.getByText('Penilaian diri Anda sudah terkirim.').waitFor();
      expect(await page.getByTestId('task-status').innerText()).toBe('Penilaian diri selesai');
    } finally {
      await context.close();
    }
  });

  it('a supervisor completes an assessment and the subordinate’s evidence shows it', async () => {
    const sup = await newPage(browser);
    try {
      const { page } = sup;
      await signIn(page, 'atasan');
      const task = page.getByTestId('campaign-supervisor-tasks').getByRole('listitem').filter({ hasText: CAMPAIGN }).filter({ hasText: ASN_NAME });
      await task.getByRole('link', { name: ASN_NAME }).click();
      await page.getByRole('heading', { level: 1, name: 'Penilaian perilaku' }).waitFor();
      // Her self-assessment is shown beside the indicators.
      await page.getByText('Diri: ya').first().waitFor();
      await markLevelOne(page);
      await page.getByLabel('Catatan untuk SK.01').fill('Menghargai perbedaan latar belakang warga yang dilayani.');
      await page.getByRole('button', { name: 'Simpan draf' }).click();
      await page.getByTestId('task-status').getByText('Sedang dinilai').waitFor();
      page.once('dialog', (d) => void d.accept());
      await page.getByRole('button', { name: 'Finalisasi penilaian' }).click();
      await page.getByText('Penilaian ini sudah final; hasilnya tercatat sebagai bukti kompetensi.').waitFor();
      expect(await page.getByTestId('final-level').innerText()).toBe('Hasil: level 1');
      // Read-only now.
      expect(await page.getByRole('button', { name: 'Finalisasi penilaian' }).count()).toBe(0);
      expect(await page.getByRole('group', { name: /^Level 1 —/ }).getByRole('checkbox').first().isDisabled()).toBe(true);
    } finally {
      await sup.context.close();
    }

    const learner = await newPage(browser);
    try {
      const { page } = learner;
      await signIn(page, 'asn');
      await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Kompetensi saya' }).click();
      await page.getByRole('heading', { level: 1, name: 'Kompetensi saya' }).waitFor();
      const row = page.locator('[data-testid="competency-row"][data-code="SK.01"]');
      await row.waitFor();
      expect(Number(await row.getAttribute('data-attained'))).toBeGreaterThanOrEqual(1);
      await row.getByTestId('competency-summary').click();
      await row.locator('ul.evidence').getByText(/Bambang Setiawan/).waitFor();
      expect(await row.locator('ul.evidence').innerText()).toMatch(/Penilaian atasan/);
    } finally {
      await learner.context.close();
    }
  });

  it('the admin sees it finalised and closes the campaign', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signIn(page, 'admin');
      await page.getByTestId('home-admin').waitFor();
      await page.goto(progressUrl);
      await page.getByRole('heading', { level: 1, name: CAMPAIGN }).waitFor();
      expect(await page.getByTestId('count-finalised').locator('.number').innerText()).toBe('1');
      page.once('dialog', (d) => void d.accept());
      await page.getByRole('button', { name: 'Tutup kampanye' }).click();
      await page.getByTestId('campaign-state').getByText('Ditutup').waitFor();
    } finally {
      await context.close();
    }
  });
});
