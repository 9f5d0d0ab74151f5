import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nip, staffCsv } from '../factories/staff-csv.ts';
import { launch, newPage, signIn } from '../support/browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

describe('staff CSV import', () => {
  it('an admin checks a file, sees a rejected line, skips it, applies, and finds the new people', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signIn(page, 'admin');
      await page.getByTestId('home-admin').waitFor();
      await page.getByRole('link', { name: /impor pegawai/i }).first().click();
      await page.getByRole('heading', { name: /impor pegawai dari csv/i }).waitFor();

      const head = nip({ birth: '19720505', tmt: '199803' });
      const csv = staffCsv([
        { nip: head, nama: 'Suharti Lestari, S.E.', email: 'suharti.e2e@surakarta.go.id', kode_unit: 'DISDUKCAPIL', jabatan: 'Kepala Dinas' },
        { nip: nip({ sex: '2' }), nama: 'Endang Kusumaningtyas', kode_unit: 'DISDUKCAPIL', jabatan: 'Pengelola Layanan Kependudukan', nip_atasan: head },
        { nip: '1234', nama: 'Baris Rusak', kode_unit: 'DISDUKCAPIL', jabatan: 'Pengelola Layanan Kependudukan' },
      ]);
      await page.getByLabel(/pilih berkas csv/i).setInputFiles({ name: 'pegawai.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByRole('button', { name: /^periksa$/i }).click();

      const table = page.getByRole('table', { name: /hasil pemeriksaan per baris/i });
      await table.waitFor();
      await table.getByText(/18 digit/).waitFor();
      expect(await table.getByRole('row').count()).toBeGreaterThanOrEqual(4);

      // Nothing has changed yet.
      const before = await page.request.get('/api/people?q=Kusumaningtyas');
      expect((await before.json()).total).toBe(0);

      await page.getByLabel(/lewati baris yang ditolak/i).check();
      await page.getByRole('button', { name: /^terapkan$/i }).click();
      await page.getByRole('heading', { name: /impor selesai/i }).waitFor();

      const after = await (await page.request.get('/api/people?q=Kusumaningtyas')).json();
      expect(after.total).toBe(1);
      expect(after.items[0].supervisor.name).toBe('Suharti Lestari, S.E.');

      await page.getByRole('link', { name: /lihat daftar pegawai/i }).click();
      await page.getByRole('searchbox').or(page.getByRole('textbox', { name: /cari/i })).first().fill('Kusumaningtyas');
      await page.getByText('Endang Kusumaningtyas').first().waitFor();
    } finally {
      await context.close();
    }
  });
});
