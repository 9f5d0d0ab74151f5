import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, day, partnerOfMitra } from '../support/api-client.ts';
import { journeyAs, launch, newPage, signIn } from '../support/browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

const as = (username: string, homeTestId: string, journey: (page: Page) => Promise<void>) => journeyAs(browser, username, homeTestId, journey);

describe('partners', () => {
  it("a partner lecturer's course is reviewed and published", { timeout: 240_000 }, async () => {
    const partner = await partnerOfMitra();
    expect(partner.hasActiveAgreement).toBe(true);
    const slug = `kebijakan-publik-${Date.now().toString(36)}`;
    const title = 'Analisis Kebijakan Publik untuk Pelayanan';

    await as('mitra', 'home-partner', async (page) => {
      // A partner-only user: a reduced menu, and no city staff or learner pages.
      const nav = page.getByRole('navigation', { name: 'Menu utama' });
      const links = await nav.getByRole('link').allInnerTexts();
      expect(links.map((l) => l.trim())).toEqual(['Beranda', 'Mitra', 'Kursus', 'Webinar', 'Penempatan']);
      await page.getByText('Perjanjian kerja sama sedang berlaku.').first().waitFor();
      await page.goto('/admin/people');
      await page.getByRole('heading', { level: 1, name: 'Tidak ada akses' }).waitFor();
      // Told what a partner account may open, not that the page is for staff administrators.
      await page.getByText('Akun mitra hanya dapat membuka halaman mitra: kursus, webinar dan penempatan milik institusi Anda.').waitFor();
      expect(await page.getByText(/hanya untuk admin kepegawaian/).count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Buka halaman mitra' }).getAttribute('href')).toBe('/partner');
      await page.goto('/courses');
      await page.getByRole('heading', { level: 1, name: 'Tidak ada akses' }).waitFor();

      await nav.getByRole('link', { name: 'Kursus' }).click();
      await page.getByRole('button', { name: 'Kursus baru' }).click();
      const form = page.getByTestId('new-course');
      await form.getByLabel(/^Judul/).fill(title);
      await form.getByLabel('Alamat kursus').fill(slug);
      await form.getByRole('button', { name: 'Buat kursus' }).click();
      await page.waitForURL(new RegExp(`/authoring/${slug}$`));

      await page.getByLabel('Ringkasan').fill('Cara membaca dan menyusun analisis kebijakan yang berpihak pada warga.');
      await page.getByLabel('Nilai JP').fill('2');
      await page.getByRole('button', { name: 'Tambah modul' }).click();
      await page.getByRole('button', { name: 'Tambah pelajaran' }).click();
      await page.getByLabel('Judul pelajaran').fill('Siklus kebijakan publik');
      await page.getByLabel('Jenis').selectOption('text');
      await page.getByLabel('Isi pelajaran').fill('Kebijakan publik melewati tahap agenda, formulasi, adopsi, implementasi dan evaluasi.');
      await page.getByTestId('save-draft').click();
      await page.getByText(/Draf tersimpan/).first().waitFor();
      await page.getByTestId('submit-review').click();
      await page.getByText('Sedang ditinjau admin').first().waitFor();

      // The partner page lists the course with its participants.
      await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Mitra' }).click();
      await page.getByTestId('partner-courses').getByRole('link', { name: title }).waitFor();
      // A partner can never publish its own course.
      const { csrfToken } = (await (await page.request.get('/api/me')).json()) as { csrfToken: string };
      expect((await page.request.post(`/api/authoring/courses/${slug}/publish`, { headers: { 'x-csrf-token': csrfToken } })).status()).toBe(403);
    });

    await as('asn', 'home-learner', async (page) => {
      expect((await page.request.get(`/api/courses/${slug}`)).status()).toBe(404);
    });

    await as('admin', 'home-admin', async (page) => {
      await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Mitra' }).click();
      await page.getByRole('heading', { level: 1, name: 'Mitra' }).waitFor();
      await page.goto('/authoring');
      await page.getByRole('link', { name: title, exact: true }).click();
      await page.waitForURL(new RegExp(`/authoring/${slug}$`));
      await page.getByText('Menunggu tinjauan Anda').first().waitFor();
      await page.getByTestId('publish').click();
      await page.waitForFunction(async (s) => {
        const res = await fetch(`/api/courses/${s}`);
        return res.ok && (await res.json()).status === 'published';
      }, slug);
    });

    await as('asn', 'home-learner', async (page) => {
      await page.goto('/courses');
      await page.getByTestId('course-search').fill('Analisis Kebijakan Publik');
      await page.keyboard.press('Enter');
      await page.getByTestId('course-card').filter({ hasText: title }).first().waitFor();
    });
  });
  it('an admin records a partner, its agreement and a user who gets a temporary password', { timeout: 120_000 }, async () => {
    const name = `Ikatan Arsitek Indonesia ${Date.now().toString(36)}`;
    const email = `arsitek.${Date.now().toString(36)}@iai.or.id`;
    await as('admin', 'home-admin', async (page) => {
      await page.goto('/admin/partners');
      const form = page.getByTestId('partner-form');
      await form.getByLabel('Nama institusi').fill(name);
      await form.getByLabel('Jenis institusi').selectOption('professional');
      await form.getByLabel('E-mail kontak (tidak wajib)').fill('sekretariat@iai.or.id');
      await form.getByRole('button', { name: 'Tambah mitra' }).click();
      await page.getByRole('heading', { level: 1, name }).waitFor();

      const agreement = page.getByTestId('agreement-form');
      await agreement.getByLabel('Nomor').fill('PKS/IAI/2026/01');
      await agreement.getByLabel('Judul').fill('Pelatihan perencanaan bangunan gedung');
      await agreement.getByLabel('Mulai berlaku').fill(day(-1));
      await agreement.getByLabel('Berlaku sampai').fill(day(180));
      await agreement.getByRole('button', { name: 'Tambah perjanjian' }).click();
      const row = page.getByTestId('agreements-table').getByRole('row').filter({ hasText: 'PKS/IAI/2026/01' });
      await row.getByText('Berlaku', { exact: true }).waitFor();

      const member = page.getByTestId('member-form');
      await member.getByLabel('Nama lengkap').fill('Ir. Sri Handayani, IAI');
      await member.getByLabel('E-mail').fill(email);
      await member.getByRole('button', { name: 'Tambah pengguna' }).click();
      const password = (await page.getByTestId('member-password').locator('.secret').innerText()).trim();
      expect(password.length).toBeGreaterThanOrEqual(10);
      await page.getByTestId('members-list').getByText('Ir. Sri Handayani, IAI').waitFor();

      // Deleting asks first.
      await row.getByRole('button', { name: 'Hapus' }).click();
      await row.getByRole('button', { name: 'Ya, hapus' }).click();
      await page.getByText('Belum ada perjanjian.').waitFor();

      // The new user signs in with the temporary password and must change it first.
      const { context, page: other } = await newPage(browser);
      try {
        await signIn(other, email, password);
        await other.waitForURL(/\/profile$/);
      } finally {
        await context.close();
      }
    });
  });
  it("an admin approves one partner webinar and returns another with a note, which the partner sees", { timeout: 120_000 }, async () => {
    const partner = await partnerOfMitra();
    const mitra = await api('mitra');
    const stamp = Date.now().toString(36);
    const at = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
    const schedule = (title: string) => mitra.json<{ id: number }>('POST', '/api/webinars', { title, startsAt: at(72), endsAt: at(74), capacity: 50, jp: 2 }, 201);
    const approve = `Webinar riset kebijakan ${stamp}`;
    const back = `Webinar metodologi survei ${stamp}`;
    await schedule(approve);
    await schedule(back);

    await as('admin', 'home-admin', async (page) => {
      await page.goto(`/admin/partners/${partner.id}`);
      const review = page.getByTestId('webinar-review');
      await review.getByTestId('webinar-review-item').filter({ hasText: approve }).getByRole('button', { name: 'Setujui' }).click();
      await review.getByTestId('webinar-review-item').filter({ hasText: approve }).waitFor({ state: 'detached' });
      const item = review.getByTestId('webinar-review-item').filter({ hasText: back });
      await item.getByRole('button', { name: 'Kembalikan' }).click();
      await item.getByLabel('Catatan untuk mitra').fill('Lengkapi deskripsi dan profil narasumber.');
      await item.getByRole('button', { name: 'Kembalikan dengan catatan' }).click();
      await item.waitFor({ state: 'detached' });
    });

    await as('mitra', 'home-partner', async (page) => {
      // Partner users may schedule webinars too, and are told the city reviews them first.
      await page.goto('/webinars');
      await page.getByTestId('partner-review-note').waitFor();
      await page.getByTestId('schedule-webinar').click();
      await page.waitForURL(/\/webinars\/new$/);
      await page.getByTestId('webinar-form').waitFor();
      expect(await page.getByTestId('partner-review-note').innerText()).toContain('ditinjau dulu oleh admin kota');

      await page.goto('/partner');
      const table = page.getByTestId('partner-webinars');
      await table.getByRole('row').filter({ hasText: approve }).getByText('Disetujui').waitFor();
      const returned = table.getByRole('row').filter({ hasText: back });
      await returned.getByText('Dikembalikan').waitFor();
      await returned.getByText('Lengkapi deskripsi dan profil narasumber.', { exact: false }).waitFor();
    });
  });
});
