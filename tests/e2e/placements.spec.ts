import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { day, partnerOfMitra } from '../support/api-client.ts';
import { journeyAs, launch } from '../support/browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

const as = (username: string, homeTestId: string, journey: (page: Page) => Promise<void>) => journeyAs(browser, username, homeTestId, journey);

describe('placements', () => {
  it('a civil servant applies, the supervisor approves, the partner accepts and reports, and the JP appears', { timeout: 240_000 }, async () => {
    await partnerOfMitra();
    const title = `Magang analisis data layanan ${Date.now().toString(36)}`;
    const motivation = 'Saya ingin belajar mengolah data antrean layanan kependudukan agar waktu tunggu warga berkurang.';
    let placementUrl = '';

    await as('mitra', 'home-partner', async (page) => {
      await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Penempatan' }).click();
      await page.getByRole('link', { name: 'Buka penempatan baru' }).click();
      const form = page.getByTestId('placement-form');
      await form.getByLabel('Jenis', { exact: true }).selectOption('internship');
      await form.getByLabel('Judul', { exact: true }).fill(title);
      await form.getByLabel('Topik', { exact: true }).fill('Analisis data layanan publik');
      await form.getByLabel('Uraian kegiatan').fill('Peserta membantu tim riset mengolah data antrean dan menyusun rekomendasi.');
      await form.getByLabel('Lokasi', { exact: true }).fill('Kampus UNS, Surakarta');
      await form.getByLabel('Batas pendaftaran').fill(day(7));
      await form.getByLabel('Mulai', { exact: true }).fill(day(0));
      await form.getByLabel('Selesai', { exact: true }).fill(day(30));
      await form.getByLabel('Kuota peserta').fill('2');
      await form.getByLabel('Nilai JP').fill('8');
      await form.getByRole('button', { name: 'Buka pendaftaran' }).click();
      await page.waitForURL(/\/placements\/\d+$/);
      placementUrl = new URL(page.url()).pathname;
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
    });

    await as('asn', 'home-learner', async (page) => {
      await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Magang & riset' }).click();
      await page.getByTestId('placement-search').fill(title);
      await page.keyboard.press('Enter');
      const card = page.getByTestId('placement-card').filter({ hasText: title });
      await card.getByRole('button', { name: 'Daftar' }).click();
      const dialog = page.getByTestId('apply-dialog');
      await dialog.getByLabel('Motivasi').fill(motivation);
      await dialog.getByText(`${motivation.length} dari 3.000 karakter`).waitFor();
      await dialog.getByRole('button', { name: 'Kirim lamaran' }).click();
      await page.getByTestId('my-application').filter({ hasText: title }).getByText('Menunggu persetujuan atasan').waitFor();
    });

    await as('atasan', 'home-supervisor', async (page) => {
      await page.goto('/placements');
      await page.getByRole('link', { name: 'Persetujuan lamaran tim Anda' }).click();
      const item = page.getByTestId('approval-item').filter({ hasText: title });
      await item.getByText(motivation).waitFor();
      await item.getByRole('button', { name: 'Setujui' }).click();
      await item.waitFor({ state: 'detached' });
    });

    await as('mitra', 'home-partner', async (page) => {
      await page.goto(placementUrl);
      const applicant = page.getByTestId('host-application').filter({ hasText: 'Dewi Anggraeni' });
      await applicant.getByRole('button', { name: 'Terima' }).click();
      await applicant.getByText('Diterima', { exact: true }).waitFor();
      await applicant.getByLabel('Ringkasan kegiatan dan hasil').fill('Menyelesaikan analisis data antrean tiga bulan dan mempresentasikan rekomendasinya.');
      await applicant.getByLabel('Nilai 0–100 (tidak wajib)').fill('88');
      await applicant.getByRole('button', { name: 'Kirim laporan' }).click();
      await applicant.getByText('Selesai', { exact: true }).waitFor();
    });

    await as('asn', 'home-learner', async (page) => {
      await page.goto('/placements');
      const mine = page.getByTestId('my-application').filter({ hasText: title });
      await mine.getByText('Selesai', { exact: true }).waitFor();
      await mine.getByText(/· 8 JP/).waitFor();
      await mine.getByText('Nilai: 88').waitFor();
    });
  });
});
