import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, newPage, signIn } from '../support/browser.ts';
import { studyEveryLesson } from '../support/course-journey.ts';
import { pdf } from '../factories/media-files.ts';

// Puji Lestari: front-line counter staff at DISDUKCAPIL (position Pengelola Layanan Kependudukan,
// which requires M.05 at level 2) reporting to `atasan`. The demo gives her no password, so no
// other journey signs in as her: an admin sets a temporary one, as they would for a new user.
// (learner-course.spec.ts takes the same course as `asn`, who has the same position.)
const LEARNER_NIP = '198505302009022009';
const TEMPORARY = 'sementara-e2e-2026';
const PASSWORD = 'pelayanan-prima-e2e';
const COURSE = 'Pelayanan Prima di Loket Disdukcapil';
const COURSE_SLUG = 'pelayanan-prima-disdukcapil';
const COURSE_JP = 4;

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

/** The page fits a 360 px wide phone: nothing scrolls sideways. */
async function fitsPhone(page: Page) {
  await page.setViewportSize({ width: 360, height: 740 });
  const overflow = await page.evaluate(
    () => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(document.documentElement.scrollWidth - document.documentElement.clientWidth))),
  );
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(overflow, `the page ${page.url()} scrolls sideways at 360 px`).toBeLessThanOrEqual(0);
}

const competencyRow = (page: Page, code: string) => page.locator(`[data-testid="competency-row"][data-code="${code}"]`);

async function numberIn(locator: Locator, attribute: string): Promise<number> {
  await locator.waitFor();
  return Number(await locator.getAttribute(attribute));
}

/** Signs in as an admin and gives the learner a temporary password; answers the learner's id. */
async function giveTemporaryPassword(): Promise<number> {
  const { context, page } = await newPage(browser);
  try {
    await signIn(page, 'admin');
    await page.getByTestId('home-admin').waitFor();
    const me = await (await page.request.get('/api/me')).json();
    const found = await (await page.request.get(`/api/people?q=${LEARNER_NIP}`)).json();
    const learner = found.items.find((p: { nip: string }) => p.nip === LEARNER_NIP);
    expect(learner, 'the demo learner').toBeTruthy();
    expect(learner.position?.name).toBe('Pengelola Layanan Kependudukan');
    expect(learner.supervisor?.name).toMatch(/^Bambang Setiawan/);
    const res = await page.request.post(`/api/people/${learner.id}/password`, { data: { password: TEMPORARY }, headers: { 'x-csrf-token': me.csrfToken } });
    expect(res.status()).toBe(204);
    return learner.id as number;
  } finally {
    await context.close();
  }
}

describe('a learner closes a competency gap, and the supervisor sees it', () => {
  it('sees the M.05 gap, takes the recommended course and its post-test, sees the gap close and JP rise; the supervisor sees it on the team page', async () => {
    const learnerId = await giveTemporaryPassword();

    const learner = await newPage(browser);
    const { page } = learner;
    page.setDefaultTimeout(20_000);
    let gapsAfter = 0;
    let jpAfter = 0;
    try {
      // First sign-in with the temporary password: the app asks for a new one, then goes home.
      await signIn(page, LEARNER_NIP, TEMPORARY);
      await page.waitForURL(/\/profile/);
      await page.getByLabel('Kata sandi saat ini').fill(TEMPORARY);
      await page.getByLabel('Kata sandi baru', { exact: true }).fill(PASSWORD);
      await page.getByLabel('Ulangi kata sandi baru').fill(PASSWORD);
      await page.getByRole('button', { name: 'Ganti kata sandi' }).click();
      await page.getByTestId('home-learner').waitFor();

      // The dashboard, from the menu: M.05 required at level 2, nothing proven.
      await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Kompetensi saya' }).click();
      await page.getByRole('heading', { level: 1, name: 'Kompetensi saya' }).waitFor();
      const m05 = competencyRow(page, 'M.05');
      expect(await numberIn(m05, 'data-required')).toBe(2);
      expect(await numberIn(m05, 'data-attained')).toBe(0);
      const m05Summary = m05.getByTestId('competency-summary');
      expect(await m05Summary.innerText()).toMatch(/Terbukti: level 0[\s\S]*Standar: level 2[\s\S]*kurang 2 level/);
      await page.getByTestId('gap-list').locator('[data-code="M.05"]').waitFor();
      // Opening it tells why (no evidence yet) and shows the levels' behaviour indicators.
      await m05Summary.click();
      expect(await m05.getByTestId('competency-explanation').innerText()).toMatch(/Belum ada bukti/);
      await m05.getByText('Tingkat kemahiran dan indikator perilaku').click();
      await m05.getByText('Standar jabatan', { exact: true }).first().waitFor();

      const jpBefore = await numberIn(page.getByTestId('jp-total'), 'data-total');
      const gapsBefore = Number(await page.getByTestId('stat-gaps').locator('.number').innerText());
      expect(gapsBefore).toBeGreaterThan(0);
      await fitsPhone(page);

      // What to take next: the course that closes M.05, with its JP.
      const recommendation = page.locator(`[data-testid="recommendation"][data-slug="${COURSE_SLUG}"]`);
      expect(await recommendation.innerText()).toMatch(/Menutup kesenjangan M\.05[\s\S]*/);
      expect(await recommendation.innerText()).toMatch(new RegExp(`${COURSE_JP} JP`));

      // Follow it, enrol, study every lesson and pass the post-test.
      await recommendation.getByRole('link', { name: COURSE }).click();
      await page.getByRole('heading', { name: COURSE }).waitFor();
      await page.getByTestId('enroll').click();
      const { sawQuiz } = await studyEveryLesson(page);
      expect(sawQuiz).toBe(true);
      await page.getByTestId('course-completed').first().waitFor();

      // Back on the dashboard: M.05 proven at level 2, no gap, JP up by the course's JP.
      await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Kompetensi saya' }).click();
      await page.getByRole('heading', { level: 1, name: 'Kompetensi saya' }).waitFor();
      expect(await numberIn(competencyRow(page, 'M.05'), 'data-attained')).toBe(2);
      expect(await competencyRow(page, 'M.05').getByTestId('competency-summary').innerText()).toMatch(/Terbukti: level 2[\s\S]*Memenuhi standar/);
      expect(await page.getByTestId('gap-list').locator('[data-code="M.05"]').count()).toBe(0);
      jpAfter = await numberIn(page.getByTestId('jp-total'), 'data-total');
      expect(jpAfter).toBe(jpBefore + COURSE_JP);
      expect(await page.getByTestId('jp-entries').innerText()).toContain(COURSE);
      gapsAfter = Number(await page.getByTestId('stat-gaps').locator('.number').innerText());
      expect(gapsAfter).toBeLessThan(gapsBefore);
      expect(await page.locator(`[data-testid="recommendation"][data-slug="${COURSE_SLUG}"]`).count()).toBe(0);
    } finally {
      await learner.context.close();
    }

    // The supervisor's team page shows the same: fewer gaps, M.05 no longer among them, the JP.
    const supervisor = await newPage(browser);
    try {
      const boss = supervisor.page;
      await signIn(boss, 'atasan');
      await boss.getByTestId('home-supervisor').waitFor();
      await boss.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Tim saya' }).click();
      await boss.getByRole('heading', { level: 1, name: 'Tim saya' }).waitFor();
      const row = boss.locator(`[data-testid="team-row"][data-person-id="${learnerId}"]`);
      await row.getByRole('link', { name: 'Puji Lestari' }).waitFor();
      expect(await numberIn(row.getByTestId('member-gaps'), 'data-gaps')).toBe(gapsAfter);
      expect(await row.getByTestId('member-gaps').innerText()).not.toContain('M.05');
      expect(await numberIn(row.getByTestId('member-jp'), 'data-jp')).toBe(jpAfter);
      await fitsPhone(boss);

      // Her page: M.05 met, the same JP.
      await row.getByRole('link', { name: 'Puji Lestari' }).click();
      await boss.getByRole('heading', { level: 1, name: 'Puji Lestari' }).waitFor();
      expect(await numberIn(competencyRow(boss, 'M.05'), 'data-attained')).toBe(2);
      expect(await numberIn(boss.getByTestId('jp-total'), 'data-total')).toBe(jpAfter);
      await fitsPhone(boss);
    } finally {
      await supervisor.context.close();
    }
  }, 240_000);
});

describe('a teacher claims learning done outside Sinau', () => {
  it('fills the form, uploads the proof with progress, sees the claim waiting, and withdraws it', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signIn(page, 'guru');
      await page.getByTestId('home-learner').waitFor();
      await page.goto('/competencies/prior-learning');
      await page.getByRole('heading', { level: 1, name: 'Pembelajaran di luar Sinau' }).waitFor();
      const title = `Lokakarya Asesmen Diagnostik ${Date.now()}`;
      // Sent empty: plain errors next to the fields, nothing sent.
      await page.getByRole('button', { name: 'Kirim pengajuan' }).click();
      await page.getByText('Lampirkan berkas bukti.').waitFor();
      await page.getByLabel('Jenis kegiatan').selectOption('seminar');
      await page.getByLabel('Nama kegiatan').fill(title);
      await page.getByLabel('Penyelenggara').fill('LPMP Jawa Tengah');
      await page.getByLabel('Tanggal selesai').fill('2026-09-14');
      await page.getByLabel('JP yang diajukan').fill('6');
      await page.getByRole('button', { name: 'Tambah kompetensi' }).click();
      await page.getByLabel('Kompetensi 1').selectOption('T.DIK.02');
      await page.getByLabel('Level').selectOption('2');
      await page.getByLabel('Berkas bukti (sertifikat, ijazah, surat keterangan)').setInputFiles({ name: 'sertifikat.pdf', mimeType: 'application/pdf', buffer: pdf() });
      await page.getByRole('button', { name: 'Kirim pengajuan' }).click();
      const claim = page.getByTestId('my-claims').locator('li', { hasText: title });
      await claim.getByTestId('claim-status').filter({ hasText: 'Menunggu tinjauan' }).waitFor();
      expect(await claim.getByTestId('claim-proof').getAttribute('href')).toMatch(/^\/api\/media\/[0-9a-f-]{36}$/);
      const mine = await (await page.request.get('/api/me/prior-learning')).json();
      expect(mine.find((c: { title: string }) => c.title === title)).toMatchObject({ status: 'pending', jp: 6, competencies: [{ code: 'T.DIK.02', level: 2 }] });
      await fitsPhone(page);
      await claim.getByRole('button', { name: 'Tarik pengajuan' }).click();
      await claim.getByTestId('claim-status').filter({ hasText: 'Ditarik' }).waitFor();
    } finally {
      await context.close();
    }
  }, 120_000);
});
