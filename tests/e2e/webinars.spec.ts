import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, newPage, signIn } from '../support/browser.ts';
import { DEMO_PASSWORD } from '../support/app.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

/** Tomorrow's date in Surakarta (WIB, UTC+7), as a datetime-local date part. */
function tomorrowInWib(): string {
  return new Date(Date.now() + 24 * 3600_000 + 7 * 3600_000).toISOString().slice(0, 10);
}

describe('a trainer schedules a webinar and a learner registers for it', () => {
  it('schedules it through the form; the learner finds it, registers, sees the confirmation and downloads the calendar file', async () => {
    const title = `Etika Pelayanan Digital ${Date.now().toString(36)}`;
    const day = tomorrowInWib();
    let webinarId = 0;
    {
      const { context, page } = await newPage(browser);
      page.setDefaultTimeout(20_000);
      try {
        await signIn(page, 'pelatih', DEMO_PASSWORD);
        await page.getByTestId('home-trainer').waitFor();
        await page.goto('/webinars');
        await page.getByTestId('schedule-webinar').click();
        await page.waitForURL(/\/webinars\/new$/);
        const form = page.getByTestId('webinar-form');
        await form.getByLabel('Judul').fill(title);
        await form.getByLabel('Deskripsi').fill('Menjaga etika saat melayani warga lewat kanal digital.');
        // An empty form says what is missing before anything is sent.
        await form.getByLabel('Mulai (WIB)').fill('');
        await form.getByRole('button', { name: 'Jadwalkan' }).click();
        await page.getByText('Isi waktu mulai.').waitFor();

        await form.getByLabel('Mulai (WIB)').fill(`${day}T09:00`);
        // The end follows the start: 90 minutes later.
        expect(await form.getByLabel('Selesai (WIB)').inputValue()).toBe(`${day}T10:30`);
        await form.getByLabel('Kapasitas kursi').fill('30');
        await form.getByLabel('Nilai JP').fill('2');
        await form.getByLabel('Rekam webinar').check();
        await form.getByRole('button', { name: 'Tambah kompetensi' }).click();
        await form.getByLabel('Kompetensi', { exact: true }).selectOption('M.01');
        await form.getByLabel('Level').selectOption('2');
        await form.getByRole('button', { name: 'Jadwalkan' }).click();

        await page.waitForURL(/\/webinars\/\d+$/);
        webinarId = Number(new URL(page.url()).pathname.split('/').pop());
        await page.getByRole('heading', { level: 1, name: title }).waitFor();
        await page.getByTestId('host-tools').waitFor();
        const w = await (await page.request.get(`/api/webinars/${webinarId}`)).json();
        expect(w).toMatchObject({ title, capacity: 30, jp: 2, record: true, status: 'scheduled', competencies: [{ code: 'M.01', level: 2 }] });
        // 09:00 WIB is 02:00 UTC.
        expect(w.startsAt).toBe(`${day}T02:00:00.000Z`);
        expect(w.endsAt).toBe(`${day}T03:30:00.000Z`);
      } finally {
        await context.close();
      }
    }
    {
      // The learner, on a 360 px phone.
      const { context, page } = await newPage(browser, { width: 360, height: 740 });
      page.setDefaultTimeout(20_000);
      try {
        await signIn(page, 'asn', DEMO_PASSWORD);
        await page.getByTestId('home-learner').waitFor();
        await page.goto('/webinars');
        const card = page.getByTestId('webinar-card').filter({ hasText: title });
        await card.waitFor();
        expect(await card.innerText()).toMatch(/Terjadwal/);
        expect(await card.innerText()).toMatch(/09\.00.10\.30 WIB/);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
        await card.getByRole('link', { name: title }).click();
        await page.waitForURL(new RegExp(`/webinars/${webinarId}$`));

        await page.getByTestId('register').click();
        const confirmation = page.getByTestId('registration-state');
        await confirmation.getByText('Anda terdaftar di webinar ini.').waitFor();
        // Before the host opens the room: the lobby, and no Join button yet.
        await page.getByText('Penyelenggara belum membuka ruang webinar.', { exact: false }).waitFor();
        expect(await page.getByTestId('join').count()).toBe(0);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
        const mine = await (await page.request.get('/api/webinars?view=mine')).json();
        expect(mine.items.find((w: { id: number }) => w.id === webinarId).me.registration).toMatchObject({ status: 'registered' });

        // The calendar file, as the link downloads it.
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('calendar').click()]);
        expect(download.suggestedFilename()).toBe(`webinar-${webinarId}.ics`);
        const ics = (await readFile((await download.path())!)).toString('utf8');
        expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
        expect(ics).toContain(`DTSTART:${day.replace(/-/g, '')}T020000Z`);
        expect(ics.replace(/\r\n /g, '')).toContain(`SUMMARY:${title}`);
        const response = await page.request.get(`/api/webinars/${webinarId}/calendar.ics`);
        expect(response.status()).toBe(200);
        expect(response.headers()['content-type']).toMatch(/^text\/calendar/);

        // The list's second tab has it too, with my registration.
        await page.goto('/webinars?view=mine');
        await page.getByRole('tab', { name: 'Webinar saya', selected: true }).waitFor();
        expect(await page.getByTestId('webinar-card').filter({ hasText: title }).innerText()).toMatch(/Terdaftar/);
      } finally {
        await context.close();
      }
    }
  }, 120_000);
});

describe('reminders on the home page', () => {
  it('reminds a registered learner of a webinar starting soon, then offers Join once the host opens the room', async () => {
    const title = `Pengingat Rapat Koordinasi ${Date.now().toString(36)}`;
    const trainer = await newPage(browser);
    const learner = await newPage(browser, { width: 360, height: 740 });
    try {
      for (const [{ page }, who, home] of [[trainer, 'pelatih', 'home-trainer'], [learner, 'asn', 'home-learner']] as const) {
        page.setDefaultTimeout(20_000);
        await signIn(page, who, DEMO_PASSWORD);
        await page.getByTestId(home).waitFor();
      }
      const post = async (page: typeof trainer.page, url: string, data?: unknown) => {
        const { csrfToken } = (await (await page.request.get('/api/me')).json()) as { csrfToken: string };
        return page.request.post(url, { data, headers: { 'x-csrf-token': csrfToken } });
      };
      // Starts in 30 minutes; the learner registers.
      const startsAt = new Date(Date.now() + 30 * 60_000);
      const created = await post(trainer.page, '/api/webinars', {
        title,
        description: 'Rapat koordinasi singkat.',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 60 * 60_000).toISOString(),
        capacity: 20,
        jp: 1,
      });
      expect(created.status(), await created.text()).toBe(201);
      const id = ((await created.json()) as { id: number }).id;
      expect((await post(learner.page, `/api/webinars/${id}/registrations`)).status()).toBe(201);

      // The learner's home counts down to it and leads to the lobby.
      await learner.page.goto('/');
      const reminder = learner.page.getByTestId('webinar-reminder').filter({ hasText: title });
      await reminder.waitFor();
      expect(await reminder.innerText()).toMatch(/dimulai dalam (29|30) menit/);
      expect(await reminder.getByRole('link', { name: 'Ke ruang tunggu' }).getAttribute('href')).toBe(`/webinars/${id}`);
      expect(await learner.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      // The trainer is reminded too, with the way to open it.
      await trainer.page.goto('/');
      await trainer.page.getByTestId('webinar-reminder').filter({ hasText: title }).getByRole('link', { name: 'Buka halaman webinar' }).waitFor();

      // The host opens the room: the reminder says it is live, with Join.
      const opened = await post(trainer.page, `/api/webinars/${id}/open`);
      expect(opened.status(), await opened.text()).toBe(200);
      await learner.page.reload();
      const live = learner.page.getByTestId('webinar-reminder').filter({ hasText: title });
      await live.getByText('sedang berlangsung').waitFor();
      expect(await live.getByTestId('reminder-join').getAttribute('href')).toBe(`/webinars/${id}/live`);
      expect((await post(trainer.page, `/api/webinars/${id}/end`)).status()).toBe(200);
    } finally {
      await trainer.context.close();
      await learner.context.close();
    }
  }, 90_000);
});
