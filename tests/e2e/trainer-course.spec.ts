import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, newPage, signIn } from '../support/browser.ts';

let browser: Browser;
let dir: string;
let video: Buffer;
beforeAll(async () => {
  browser = await launch();
  dir = await mkdtemp(path.join(os.tmpdir(), 'sinau-e2e-video-'));
  const file = path.join(dir, 'pembuka.mp4');
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '3', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', file]);
  video = await readFile(file);
});
afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a trainer authors a course and an admin publishes it', () => {
  it('creates a course with an uploaded video, submits it, and learners see it once published', async () => {
    const slug = `video-pembuka-${Date.now().toString(36)}`;
    const title = 'Orientasi Layanan Digital Kota';
    {
      const { context, page } = await newPage(browser);
      page.setDefaultTimeout(20_000);
      try {
        await signIn(page, 'pelatih');
        await page.getByTestId('home-trainer').waitFor();
        await page.goto('/authoring');
        await page.getByRole('button', { name: 'Kursus baru' }).click();
        const form = page.getByTestId('new-course');
        await form.getByLabel(/^Judul/).fill(title);
        await form.getByLabel('Alamat kursus').fill(slug);
        await form.getByRole('button', { name: 'Buat kursus' }).click();
        await page.waitForURL(new RegExp(`/authoring/${slug}$`));

        await page.getByLabel('Ringkasan').fill('Pengenalan singkat layanan digital Pemkot Surakarta.');
        await page.getByLabel('Nilai JP').fill('1');
        await page.getByRole('button', { name: 'Tambah modul' }).click();
        await page.getByRole('button', { name: 'Tambah pelajaran' }).click();
        await page.getByLabel('Judul pelajaran').fill('Video pembuka');
        await page.getByLabel('Jenis').selectOption('video');
        await page.locator('sinau-lesson-editor').getByTestId('media-upload').setInputFiles({ name: 'pembuka.mp4', mimeType: 'video/mp4', buffer: video });
        await page.getByText('pembuka.mp4 selesai diunggah.').waitFor();

        await page.getByTestId('save-draft').click();
        await page.getByText(/Draf tersimpan/).first().waitFor();
        await page.getByTestId('submit-review').click();
        await page.getByText('Sedang ditinjau admin').first().waitFor();

        // Not visible to learners yet.
        expect((await page.request.get(`/api/courses/${slug}`)).status()).toBe(200); // the owner sees it
      } finally {
        await context.close();
      }
    }
    {
      const { context, page } = await newPage(browser);
      try {
        await signIn(page, 'asn');
        await page.getByTestId('home-learner').waitFor();
        expect((await page.request.get(`/api/courses/${slug}`)).status()).toBe(404);
      } finally {
        await context.close();
      }
    }
    {
      const { context, page } = await newPage(browser);
      page.setDefaultTimeout(20_000);
      try {
        await signIn(page, 'admin');
        await page.getByTestId('home-admin').waitFor();
        await page.goto(`/authoring/${slug}`);
        await page.getByText('Menunggu tinjauan Anda').first().waitFor();
        await page.getByTestId('publish').click();
        await page.waitForFunction(async (s) => (await fetch(`/api/courses/${s}`)).ok && (await (await fetch(`/api/courses/${s}`)).json()).status === 'published', slug);
      } finally {
        await context.close();
      }
    }
    {
      const { context, page } = await newPage(browser);
      try {
        await signIn(page, 'asn');
        await page.getByTestId('home-learner').waitFor();
        await page.goto('/courses');
        await page.getByTestId('course-search').fill('Orientasi Layanan Digital');
        await page.keyboard.press('Enter');
        await page.getByTestId('course-card').filter({ hasText: title }).first().waitFor();
        const course = await (await page.request.get(`/api/courses/${slug}`)).json();
        expect(course.modules[0].lessons[0]).toMatchObject({ kind: 'video', title: 'Video pembuka' });
      } finally {
        await context.close();
      }
    }
  });
});
