import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdf, png } from '../factories/media-files.ts';
import { api } from '../support/api-client.ts';
import { launch, newPage, signIn } from '../support/browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

const TEACHER = 'Retno Wulandari, S.Pd.';
const PRACTICE = 'Aksi nyata: pembelajaran berdiferensiasi di kelas';
const REFLECTION =
  'Saya memetakan kesiapan belajar murid kelas VIII B dengan asesmen diagnostik, lalu membagi tugas menjadi tiga tingkat. Murid yang belum siap mendapat contoh langkah demi langkah.';

/** A published one-lesson course, a one-question quiz for the school, and a programme of the two plus practice, with a cohort for SMPN1-SKA. */
async function setUpProgramme(): Promise<{ programmeId: number; cohortId: number; cohortName: string; courseTitle: string; quizTitle: string; title: string }> {
  const admin = await api('admin');
  const tag = Date.now().toString(36);
  const units = await admin.json<{ id: number; code: string }[]>('GET', '/api/units');
  const school = units.find((u) => u.code === 'SMPN1-SKA')!;
  expect(school).toBeTruthy();

  const courseSlug = `asesmen-diagnostik-${tag}`;
  const courseTitle = `Asesmen Diagnostik Singkat ${tag}`;
  await admin.json('POST', '/api/authoring/courses', { slug: courseSlug, title: courseTitle }, 201);
  await admin.json('PUT', `/api/authoring/courses/${courseSlug}/draft`, {
    title: courseTitle,
    summary: 'Pengantar singkat asesmen diagnostik untuk guru.',
    jp: 2,
    modules: [
      {
        key: 'm1',
        title: 'Pengantar',
        lessons: [{ key: 'l1', kind: 'text', title: 'Mengapa asesmen diagnostik', body: 'Asesmen diagnostik memetakan kesiapan belajar murid sebelum pembelajaran dimulai.' }],
      },
    ],
  });
  await admin.json('POST', `/api/authoring/courses/${courseSlug}/publish`);
  const courseId = (await admin.json<{ id: number }>('GET', `/api/courses/${courseSlug}`)).id;

  const bank = await admin.json<{ id: number }>('POST', '/api/question-banks', { slug: `bank-program-${tag}`, name: `Bank program ${tag}` }, 201);
  const question = await admin.json<{ id: number }>(
    'POST',
    `/api/question-banks/${bank.id}/questions`,
    { category: 'Konsep', doc: { type: 'truefalse', name: 'Tujuan asesmen diagnostik', stem: 'Asesmen diagnostik dilakukan untuk memetakan kesiapan belajar murid.', answer: true, points: 1, tags: [] } },
    201,
  );
  const quizTitle = `Kuis Asesmen Diagnostik ${tag}`;
  const quiz = await admin.json<{ id: number }>(
    'POST',
    '/api/quizzes',
    { slug: `kuis-program-${tag}`, settings: { title: quizTitle, items: [{ questionId: question.id }], status: 'published', passPct: 70 } },
    201,
  );
  // A standalone test is open to the offices it is assigned to.
  await admin.json('POST', `/api/quizzes/${quiz.id}/assignments`, { unitId: school.id, dueAt: null }, 201);

  const title = `Program Guru Penggerak Diferensiasi ${tag}`;
  const programme = await admin.json<{ id: number; status: string; steps: { id: number; requires: number[] }[] }>(
    'POST',
    '/api/programmes',
    {
      title,
      summary: 'Kursus, kuis, dan aksi nyata di kelas.',
      jp: 6,
      unitId: units.find((u) => u.code === 'DISDIK')?.id,
      competencies: [{ code: 'T.DIK.01', level: 3 }],
      steps: [
        { kind: 'course', courseId, dueDays: 7 },
        { kind: 'quiz', quizId: quiz.id, dueDays: 10, requires: [0] },
        {
          kind: 'practice',
          title: PRACTICE,
          dueDays: 21,
          requires: [0, 1],
          competencies: [{ code: 'T.DIK.01', level: 3 }],
          practice: {
            instructions: 'Terapkan satu pembelajaran berdiferensiasi di kelas Anda. Unggah modul ajar dan foto kegiatan, lalu tulis refleksinya.',
            rubric: [
              { criterion: 'Modul ajar memuat diferensiasi', description: 'Konten, proses, atau produk dibedakan menurut kesiapan murid.' },
              { criterion: 'Refleksi menyebut dampak bagi murid' },
            ],
          },
        },
      ],
    },
    201,
  );
  expect(programme.steps).toHaveLength(3);
  expect(programme.steps[2]!.requires).toEqual([programme.steps[0]!.id, programme.steps[1]!.id]);
  if (programme.status !== 'active') await admin.json('PATCH', `/api/programmes/${programme.id}`, { status: 'active' });
  const today = new Date().toISOString().slice(0, 10);
  const ends = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  const cohort = await admin.json<{ id: number; participantCount: number; principalReview: boolean }>(
    'POST',
    `/api/programmes/${programme.id}/cohorts`,
    { name: `Angkatan SMPN 1 ${tag}`, startsOn: today, endsOn: ends, principalReview: true, participants: { unitIds: [school.id], includeSubUnits: true } },
    201,
  );
  expect(cohort.principalReview).toBe(true);
  expect(cohort.participantCount).toBeGreaterThan(0);
  return { programmeId: programme.id, cohortId: cohort.id, cohortName: `Angkatan SMPN 1 ${tag}`, courseTitle, quizTitle, title };
}

/** Nothing scrolls sideways at 360 px. */
async function fitsPhone(page: Page) {
  const overflow = await page.evaluate(
    () => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(document.documentElement.scrollWidth - document.documentElement.clientWidth))),
  );
  expect(overflow, `the page ${page.url()} scrolls sideways at 360 px`).toBeLessThanOrEqual(0);
}

async function signedIn(username: string, width = 1280) {
  const session = await newPage(browser, { width, height: 800 });
  session.page.setDefaultTimeout(20_000);
  await signIn(session.page, username);
  // signIn does not wait: the home page's sections say it is done.
  await session.page.getByTestId(/^home-/).first().waitFor();
  return session;
}

describe('a teacher goes through a programme and the principal accepts the practice', () => {
  it('course, quiz and practice upload; the principal asks for a revision, then accepts; certificate and cohort dashboard', async () => {
    const { programmeId, cohortId, cohortName, courseTitle, quizTitle, title } = await setUpProgramme();
    const programme = (page: Page) => page.getByTestId('my-programme').filter({ has: page.getByRole('heading', { name: title }) });
    // A locked step names the steps it waits for: match the step's own title exactly.
    const step = (page: Page, name: string) => programme(page).getByTestId('my-step').filter({ has: page.getByText(name, { exact: true }) });
    const statusAfterReload = async (page: Page, name: string) => {
      await page.goto('/programmes');
      await programme(page).waitFor();
      return step(page, name).getAttribute('data-status');
    };

    // The teacher, on a phone: the programme with its steps; the practice is locked.
    const teacher = await signedIn('guru', 360);
    const page = teacher.page;
    try {
      await page.getByTestId('home-programmes').waitFor();
      await page.getByRole('link', { name: 'Semua program saya' }).click();
      await page.getByRole('heading', { level: 1, name: 'Program saya' }).waitFor();
      await programme(page).waitFor();
      expect(await step(page, PRACTICE).getAttribute('data-status')).toBe('locked');
      await step(page, PRACTICE).getByText(/Terbuka setelah Anda menyelesaikan/).waitFor();
      await fitsPhone(page);
      await page.setViewportSize({ width: 1280, height: 800 });

      // The practice page explains why it is locked.
      const practiceId = Number(await step(page, PRACTICE).getAttribute('data-step-id'));
      await page.goto(`/programmes/${programmeId}/steps/${practiceId}`);
      await page.getByTestId('practice-locked').waitFor();

      // The course: one text lesson, marked complete.
      await page.goto('/programmes');
      await step(page, courseTitle).getByRole('link', { name: courseTitle }).click();
      await page.getByRole('heading', { level: 1, name: courseTitle }).waitFor();
      // Joining the cohort enrolled her in the course: she can start at once.
      await page.getByTestId('continue').click();
      await page.getByTestId('mark-complete').click();
      await page.getByText('Pelajaran ini selesai.').waitFor();

      // The quiz, answered through the page.
      await expect.poll(() => statusAfterReload(page, courseTitle), { timeout: 15_000 }).toBe('completed');
      await step(page, quizTitle).getByRole('link', { name: quizTitle }).click();
      await page.getByRole('heading', { level: 1, name: quizTitle }).waitFor();
      await page.getByTestId('start-quiz').click();
      await page.waitForURL(/\/attempts\/\d+/);
      await page.locator('sinau-question').first().getByRole('radio', { name: 'Benar' }).check();
      await expect.poll(() => page.getByTestId('save-status').getAttribute('data-state')).toBe('saved');
      await page.getByTestId('submit-attempt').click();
      await page.getByTestId('confirm-submit-yes').click();
      await page.getByTestId('result-summary').getByText(/Lulus/).waitFor();

      // The practice: a PDF uploaded with progress, a reflection, sent.
      await expect.poll(() => statusAfterReload(page, quizTitle), { timeout: 15_000 }).toBe('completed');
      await step(page, PRACTICE).getByRole('link', { name: PRACTICE }).click();
      await page.getByRole('heading', { level: 1, name: PRACTICE }).waitFor();
      await page.getByTestId('practice-rubric').getByText('Modul ajar memuat diferensiasi').waitFor();
      // Sent empty: plain errors, nothing sent.
      await page.getByTestId('submit-practice').click();
      await page.getByText('Unggah paling sedikit satu berkas bukti.').waitFor();
      // The upload is held back a moment so that its progress bar can be seen.
      const uploads = '**/api/programme-steps/*/files';
      await page.route(uploads, async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        await route.continue();
      });
      await page.getByLabel(/Berkas bukti/).setInputFiles({ name: 'modul-ajar-diferensiasi.pdf', mimeType: 'application/pdf', buffer: pdf() });
      await page.getByTestId('upload-progress').getByRole('progressbar', { name: 'Mengunggah modul-ajar-diferensiasi.pdf' }).waitFor();
      await page.getByTestId('uploaded-files').getByText('modul-ajar-diferensiasi.pdf').waitFor();
      expect(await page.getByTestId('upload-progress').count()).toBe(0);
      await page.unroute(uploads);
      await page.getByLabel('Refleksi', { exact: true }).fill(REFLECTION);
      expect(await page.getByTestId('reflection-count').innerText()).toContain(`${REFLECTION.length} / 5.000`);
      await page.getByTestId('submit-practice').click();
      await page.getByTestId('practice-waiting').waitFor();
      expect(await page.getByTestId('submission').first().getAttribute('data-status')).toBe('submitted');
    } finally {
      await teacher.context.close();
    }

    /** As the principal: from the reviews list to the teacher's submission. */
    const openSubmission = async (p: Page) => {
      await p.getByRole('link', { name: 'Tinjauan aksi nyata' }).first().click();
      await p.getByRole('heading', { level: 1, name: 'Tinjauan aksi nyata' }).waitFor();
      await p.getByTestId('review-row').filter({ hasText: TEACHER }).getByRole('link', { name: TEACHER }).click();
      await p.getByRole('heading', { level: 1, name: `Aksi nyata ${TEACHER}` }).waitFor();
    };

    // The principal asks for a revision: a comment is required for that.
    const principal = await signedIn('kepsek');
    try {
      const p = principal.page;
      await openSubmission(p);
      await p.getByTestId('submission-files').getByRole('link', { name: 'modul-ajar-diferensiasi.pdf' }).waitFor();
      await p.getByText(REFLECTION).waitFor();
      const rows = p.getByTestId('rubric-row');
      expect(await rows.count()).toBe(2);
      await rows.nth(0).getByRole('radio', { name: 'Terpenuhi', exact: true }).check();
      await rows.nth(1).getByRole('radio', { name: 'Belum terpenuhi', exact: true }).check();
      await p.getByTestId('revise').click();
      await p.getByText('Tulis catatan umum (paling sedikit 3 karakter) agar peserta tahu apa yang perlu diperbaiki.').waitFor();
      await p.getByLabel('Catatan umum').fill('Tambahkan foto kegiatan dan dampaknya bagi murid.');
      await p.getByTestId('revise').click();
      await p.getByText(`Permintaan perbaikan terkirim ke ${TEACHER}.`).first().waitFor();
      await expect.poll(() => p.getByTestId('submission-status').first().getAttribute('class')).toContain('s-revise');
    } finally {
      await principal.context.close();
    }

    // The teacher reads the comments and sends a revision with a photo.
    const again = await signedIn('guru');
    try {
      const page1 = again.page;
      await page1.goto('/programmes');
      await expect.poll(() => step(page1, PRACTICE).getAttribute('data-status')).toBe('revise');
      await step(page1, PRACTICE).getByRole('link', { name: PRACTICE }).click();
      await page1.getByRole('heading', { level: 3, name: 'Kumpulkan perbaikan' }).waitFor();
      await page1.getByTestId('submission-review').getByText('Tambahkan foto kegiatan dan dampaknya bagi murid.').waitFor();
      await page1.getByLabel(/Berkas bukti/).setInputFiles([
        { name: 'modul-ajar-diferensiasi.pdf', mimeType: 'application/pdf', buffer: pdf() },
        { name: 'foto-kegiatan.png', mimeType: 'image/png', buffer: png(4000) },
      ]);
      await page1.getByTestId('uploaded-files').getByText('foto-kegiatan.png').waitFor();
      await page1.getByLabel('Refleksi', { exact: true }).fill(`${REFLECTION} Murid yang tadinya pasif kini ikut berdiskusi dalam kelompok.`);
      await page1.getByTestId('submit-practice').click();
      await page1.getByTestId('practice-waiting').waitFor();
      expect(await page1.getByTestId('submission').count()).toBe(2);
    } finally {
      await again.context.close();
    }

    // The principal accepts the revision against the rubric.
    const accepting = await signedIn('kepsek');
    try {
      const p = accepting.page;
      await openSubmission(p);
      await p.getByTestId('submission-files').getByRole('link', { name: 'foto-kegiatan.png' }).waitFor();
      // Accepting with a rubric row unmarked is refused before anything is sent.
      await p.getByTestId('accept').click();
      await p.getByText(/Tandai kriteria berikut/).waitFor();
      const rows = p.getByTestId('rubric-row');
      for (let i = 0; i < 2; i++) await rows.nth(i).getByRole('radio', { name: 'Terpenuhi', exact: true }).check();
      await rows.nth(0).getByLabel('Catatan untuk kriteria ini (tidak wajib)').fill('Tiga tingkat tugas yang jelas.');
      await p.getByLabel('Catatan umum').fill('Bagus, lanjutkan di kelas lain.');
      await p.getByTestId('accept').click();
      await p.getByText(`Aksi nyata ${TEACHER} diterima.`).first().waitFor();
      await p.getByTestId('submission-review').getByText('Tiga tingkat tugas yang jelas.').waitFor();
    } finally {
      await accepting.context.close();
    }

    // The teacher: the programme completed, its certificate on /certificates.
    const back = await signedIn('guru');
    try {
      const page2 = back.page;
      await page2.goto('/programmes');
      await programme(page2).waitFor();
      expect(await programme(page2).getAttribute('data-status')).toBe('completed');
      await programme(page2).getByTestId('programme-completed').waitFor();
      await programme(page2).getByTestId('programme-certificate').click();
      await page2.waitForURL(/\/certificates$/);
      await page2.getByText(title).first().waitFor();
      const mine = await (await page2.request.get('/api/me/programmes')).json();
      const done = mine.items.find((i: { programme: { id: number } }) => i.programme.id === programmeId);
      expect(done).toMatchObject({ status: 'completed', done: 3, total: 3, certificate: { code: expect.any(String) } });

      // On a phone nothing scrolls sideways.
      await page2.setViewportSize({ width: 360, height: 740 });
      await page2.goto('/programmes');
      await programme(page2).waitFor();
      await fitsPhone(page2);
    } finally {
      await back.context.close();
    }

    // The office's admin: the cohort's dashboard counts her as completed, per school too.
    const office = await signedIn('admin');
    try {
      const a = office.page;
      await a.getByRole('link', { name: 'Program', exact: true }).first().click();
      await a.getByRole('heading', { level: 1, name: 'Program pelatihan' }).waitFor();
      await a.getByTestId('programmes-table').getByRole('link', { name: title }).click();
      await a.getByRole('heading', { level: 1, name: title }).waitFor();
      await a.getByTestId('admin-cohorts').getByRole('link', { name: cohortName }).click();
      await a.getByRole('heading', { level: 1, name: cohortName }).waitFor();
      expect(new URL(a.url()).pathname).toBe(`/cohorts/${cohortId}`);
      const row = a.getByTestId('participant-row').filter({ hasText: TEACHER });
      expect(await row.getAttribute('data-status')).toBe('completed');
      expect(Number(await a.getByTestId('count-completed').locator('.number').innerText())).toBeGreaterThanOrEqual(1);
      await a.getByTestId('cohort-schools').getByText('SMP Negeri 1 Surakarta').first().waitFor();
      // One more participant from the list of people, then taken off again.
      await a.getByLabel('Cari pegawai (nama atau NIP)').fill('Dewi Anggraeni');
      await a.getByLabel('Cari pegawai (nama atau NIP)').press('Enter');
      await a.getByRole('button', { name: 'Pilih Dewi Anggraeni, A.Md.' }).click();
      await a.getByText('Dewi Anggraeni, A.Md. ditambahkan ke angkatan.').first().waitFor();
      const added = a.getByTestId('participant-row').filter({ hasText: 'Dewi Anggraeni' });
      expect(await added.getAttribute('data-status')).toBe('on_track');
      a.once('dialog', (dialog) => void dialog.accept());
      await added.getByRole('button', { name: 'Keluarkan Dewi Anggraeni, A.Md.' }).click();
      await a.getByText('Dewi Anggraeni, A.Md. dikeluarkan dari angkatan.').first().waitFor();
      expect(await added.count()).toBe(0);
      await a.getByLabel('Sekolah atau unit').selectOption({ label: 'SMP Negeri 1 Surakarta' });
      await expect.poll(() => new URL(a.url()).searchParams.get('unitId')).not.toBeNull();
      await row.waitFor();
      const csv = await a.request.get((await a.getByRole('link', { name: 'Unduh CSV' }).getAttribute('href'))!);
      expect(csv.status()).toBe(200);
      expect(csv.headers()['content-type']).toContain('text/csv');
      expect(await csv.text()).toContain(TEACHER);
      // The cohort started today: nobody is behind or stuck, and the page says no reminder went out.
      await a.getByTestId('send-reminders').click();
      await a.getByTestId('reminder-result').getByText(/^Tidak ada pengingat yang dikirim/).waitFor();
      await a.setViewportSize({ width: 360, height: 740 });
      await fitsPhone(a);
    } finally {
      await office.context.close();
    }
  }, 240_000);
});

describe('an office admin builds a programme in the browser', () => {
  it('creates a programme of a catalogue course and a practice step, then a cohort with a facilitator', async () => {
    const { context, page } = await signedIn('admin.disdik');
    try {
      const title = `Program Literasi Kelas ${Date.now().toString(36)}`;
      await page.goto('/admin/programmes');
      await page.getByRole('heading', { level: 1, name: 'Program pelatihan' }).waitFor();
      const form = page.getByTestId('programme-form');
      await form.getByLabel('Judul program').fill(title);
      // Sent incomplete: every problem is named, nothing is created.
      await form.getByRole('button', { name: 'Buat program' }).click();
      await form.getByText(/Isi JP program.*Tambahkan paling sedikit satu langkah/).waitFor();
      await form.getByLabel('JP program').fill('8');

      await form.getByRole('button', { name: 'Tambah langkah' }).click();
      await form.getByLabel('Cari kursus di katalog').fill('Berdiferensiasi');
      await form.getByLabel('Cari kursus di katalog').press('Enter');
      await form.getByRole('button', { name: 'Pilih Pembelajaran Berdiferensiasi' }).click();
      await form.getByText('Kursus: Pembelajaran Berdiferensiasi').waitFor();

      await form.getByLabel('Jenis langkah').selectOption({ label: 'Aksi nyata' });
      await form.getByRole('button', { name: 'Tambah langkah' }).click();
      const practice = form.getByTestId('step-draft').nth(1);
      await practice.getByLabel('Judul langkah', { exact: true }).fill('Aksi nyata literasi');
      await practice.getByLabel('Petunjuk').fill('Jalankan kegiatan literasi 15 menit sebelum pelajaran selama dua pekan.');
      await practice.getByLabel('Kriteria 1').fill('Kegiatan berjalan rutin');
      await practice.getByRole('button', { name: 'Tambah kriteria' }).click();
      await practice.getByLabel('Kriteria 2').fill('Ada refleksi murid');
      await practice.getByLabel('Batas waktu (hari sejak angkatan dimulai)').fill('30');
      await practice.getByRole('checkbox', { name: 'Langkah 1: Pembelajaran Berdiferensiasi' }).check();
      await form.getByRole('button', { name: 'Buat program' }).click();

      await page.waitForURL(/\/admin\/programmes\/\d+$/);
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      const id = Number(new URL(page.url()).pathname.split('/').pop());
      const created = await (await page.request.get(`/api/programmes/${id}`)).json();
      expect(created).toMatchObject({ title, jp: 8, status: 'active', unit: { name: expect.stringMatching(/Pendidikan/) } });
      expect(created.steps.map((s: { kind: string }) => s.kind)).toEqual(['course', 'practice']);
      expect(created.steps[1]).toMatchObject({ dueDays: 30, requires: [created.steps[0].id], practice: { rubric: [{ criterion: 'Kegiatan berjalan rutin' }, { criterion: 'Ada refleksi murid' }] } });

      // A cohort: one person chosen from the list, a facilitator, principals reviewing.
      const cohort = page.getByTestId('cohort-form');
      await cohort.getByLabel('Nama angkatan').fill('Angkatan uji');
      await cohort.getByRole('button', { name: 'Buat angkatan' }).click();
      await cohort.getByText('Pilih paling sedikit satu unit, jabatan, atau pegawai.').waitFor();
      await cohort.getByLabel('Kepala sekolah (atasan langsung) boleh meninjau aksi nyata peserta').check();
      const [facilitators, people] = [cohort.getByRole('group', { name: 'Fasilitator' }), cohort.getByRole('group', { name: 'Pegawai tertentu' })];
      await facilitators.getByLabel('Cari pegawai (nama atau NIP)').fill('Yuli Astuti');
      await facilitators.getByLabel('Cari pegawai (nama atau NIP)').press('Enter');
      await facilitators.getByRole('button', { name: /^Pilih Yuli Astuti/ }).click();
      await people.getByLabel('Cari pegawai (nama atau NIP)').fill('Dwi Hartono');
      await people.getByLabel('Cari pegawai (nama atau NIP)').press('Enter');
      await people.getByRole('button', { name: /^Pilih Dwi Hartono/ }).click();
      await cohort.getByRole('button', { name: 'Buat angkatan' }).click();
      await page.getByText('Angkatan «Angkatan uji» dibuat dengan 1 peserta.').first().waitFor();
      await page.getByTestId('admin-cohorts').getByRole('link', { name: 'Angkatan uji' }).waitFor();
    } finally {
      await context.close();
    }
  }, 120_000);
});
