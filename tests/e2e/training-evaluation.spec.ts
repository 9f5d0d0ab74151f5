import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hashPassword } from '../../server/auth/password.ts';
import { launch, newPage, signIn } from '../support/browser.ts';
import { studyEveryLesson } from '../support/course-journey.ts';

const COURSE = 'Literasi Digital dan Keamanan Data Pribadi';
const PASSWORD = 'evaluasi-rahasia';

let browser: Browser;
let username: string;

beforeAll(async () => {
  browser = await launch();
  // A learner of its own, so that no other journey's progress on this course gets in the way.
  username = `peserta.eval.${randomBytes(3).toString('hex')}`;
  const db = new pg.Client({ connectionString: inject('databaseUrl') });
  await db.connect();
  try {
    const { rows } = await db.query<{ id: string }>('INSERT INTO people (name, username, password_hash) VALUES ($1, $2, $3) RETURNING id', [
      'Peserta Evaluasi',
      username,
      await hashPassword(PASSWORD),
    ]);
    await db.query("INSERT INTO person_roles (person_id, role) VALUES ($1, 'learner')", [rows[0]!.id]);
  } finally {
    await db.end();
  }
});
afterAll(() => browser?.close());

/** A member of atasan's team who completed a course 91 days ago: their follow-up is due. */
async function teamMemberDueForFollowUp(): Promise<string> {
  const db = new pg.Client({ connectionString: inject('databaseUrl') });
  await db.connect();
  try {
    const name = `Staf Tindak Lanjut ${randomBytes(2).toString('hex')}`;
    const { rows } = await db.query<{ id: string }>(
      "INSERT INTO people (name, username, supervisor_id) SELECT $1, $2, id FROM people WHERE username = 'atasan' RETURNING id",
      [name, `staf.tl.${randomBytes(3).toString('hex')}`],
    );
    await db.query(
      `INSERT INTO enrollments (person_id, course_id, source, enrolled_at, completed_at, jp_awarded)
       SELECT $1, id, 'self', now() - interval '120 days', now() - interval '91 days', 3 FROM courses WHERE slug = 'integritas-anti-korupsi-asn'`,
      [rows[0]!.id],
    );
    return name;
  } finally {
    await db.end();
  }
}

describe('training evaluation', () => {
  it('a learner completes a course on a phone, answers the survey from the prompt, and the admin sees it counted', async () => {
    const { context, page } = await newPage(browser, { width: 360, height: 740 });
    page.setDefaultTimeout(20_000);
    try {
      await signIn(page, username, PASSWORD);
      await page.getByTestId('home-learner').waitFor();
      await page.goto('/courses/literasi-digital-keamanan-data');
      await page.getByRole('heading', { name: COURSE }).waitFor();
      await page.getByTestId('enroll').click();
      await studyEveryLesson(page);

      // The course page asks, and so does the home page.
      await page.goto('/courses/literasi-digital-keamanan-data');
      await page.getByTestId('course-completed').first().waitFor();
      await page.getByTestId('survey-prompt').waitFor();
      await page.goto('/');
      const pending = page.getByTestId('pending-surveys');
      await pending.getByRole('heading', { name: COURSE }).waitFor();
      await pending.getByRole('link', { name: `Isi survei: ${COURSE}` }).click();
      await page.getByRole('heading', { name: 'Survei reaksi pelatihan' }).waitFor();

      // Sending with a rating missing names it plainly.
      await page.getByRole('group', { name: 'Relevansi dengan pekerjaan saya' }).getByRole('radio', { name: /^5/ }).check();
      await page.getByRole('button', { name: 'Kirim survei' }).click();
      await page.getByText(/Pilih nilai untuk: .*Pengajar atau fasilitator/).waitFor();

      await page.getByRole('group', { name: 'Pengajar atau fasilitator' }).getByRole('radio', { name: /^4/ }).check();
      await page.getByRole('group', { name: 'Materi' }).getByRole('radio', { name: /^4/ }).check();
      await page.getByRole('group', { name: 'Platform dan penyelenggaraan' }).getByRole('radio', { name: /^3/ }).check();
      await page.getByRole('group', { name: /merekomendasikan/ }).getByRole('radio', { name: '9', exact: true }).check();
      await page.getByLabel('Apa yang paling bermanfaat? (tidak wajib)').fill('Contoh email phishing yang nyata.');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await page.getByRole('button', { name: 'Kirim survei' }).click();
      await page.getByText('Terima kasih! Survei Anda terkirim.').first().waitFor();

      // Answered: the prompts are gone.
      await page.goto('/courses/literasi-digital-keamanan-data');
      await page.getByTestId('survey-thanks').waitFor();
      expect(await page.getByTestId('survey-prompt').count()).toBe(0);
    } finally {
      await context.close();
    }

    const admin = await newPage(browser);
    try {
      await signIn(admin.page, 'admin');
      await admin.page.getByTestId('home-admin').waitFor();
      await admin.page.goto('/courses/literasi-digital-keamanan-data');
      await admin.page.getByRole('link', { name: 'Evaluasi pelatihan' }).click();
      await admin.page.getByRole('heading', { name: `Evaluasi pelatihan: ${COURSE}` }).waitFor();
      const stats = admin.page.getByTestId('reaction-stats');
      await stats.waitFor();
      expect(await stats.innerText()).toMatch(/\b1\s*jawaban/);
      // One answer is below the minimum: no averages or comments that would give the learner away.
      await admin.page.getByText(/minimal 3 jawaban/).waitFor();
      expect(await admin.page.getByText('Contoh email phishing yang nyata.').count()).toBe(0);

      // The course's own post-test becomes both its pre-test and post-test.
      const quiz = 'Post-test Literasi Digital dan Keamanan Data Pribadi';
      await admin.page.getByLabel('Tes awal', { exact: true }).selectOption({ label: quiz });
      await admin.page.getByLabel('Tes akhir', { exact: true }).selectOption({ label: quiz });
      await admin.page.getByRole('button', { name: 'Simpan tes' }).click();
      await admin.page.getByText(`Tes awal: ${quiz}. Tes akhir: ${quiz}.`).waitFor();
    } finally {
      await admin.context.close();
    }
  }, 180_000);

  it('a supervisor answers the follow-up due 90 days after a team member’s course, on a phone', async () => {
    const person = await teamMemberDueForFollowUp();
    const { context, page } = await newPage(browser, { width: 360, height: 740 });
    try {
      await signIn(page, 'atasan');
      const tasks = page.getByTestId('followups');
      await tasks.waitFor();
      const form = tasks.getByTestId('followup').filter({ hasText: person });
      const question = form.getByRole('group', { name: `Apakah ${person} sudah menerapkan «Integritas dan Anti-Korupsi bagi ASN» dalam pekerjaan?` });
      await form.getByRole('button', { name: 'Simpan jawaban' }).click();
      await form.getByText('Pilih salah satu jawaban.').waitFor();
      await question.getByRole('radio', { name: 'Sebagian besar' }).check();
      await form.getByLabel('Contoh penerapan (tidak wajib)').fill('Menolak bingkisan dari pemohon layanan.');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await form.getByRole('button', { name: 'Simpan jawaban' }).click();
      await tasks.getByTestId('followup').filter({ hasText: person }).waitFor({ state: 'detached' });
      const saved = await (await page.request.get('/api/evaluations/follow-ups?state=all')).json();
      expect(saved.items.find((f: { person: { name: string } }) => f.person.name === person)).toMatchObject({ applied: 'mostly', example: 'Menolak bingkisan dari pemohon layanan.' });
    } finally {
      await context.close();
    }
  }, 60_000);
});

