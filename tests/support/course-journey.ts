/** Steps of taking a course in the browser, shared by the end-to-end journeys that need them. */
import pg from 'pg';
import type { Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import type { QuestionDocT } from '../../server/quizzes/model.ts';
import { rightAnswer } from '../factories/quiz.ts';

/** Plays the lesson's video to its end, fast and muted, and checks that it really plays. */
export async function watchVideo(page: Page) {
  const video = page.getByTestId('lesson-video');
  await video.waitFor();
  await video.evaluate(async (el: HTMLVideoElement) => {
    el.muted = true;
    if (el.readyState < 1) await new Promise((r) => el.addEventListener('loadedmetadata', r, { once: true }));
    el.playbackRate = 2;
    await el.play();
  });
  const start = await video.evaluate((el: HTMLVideoElement) => el.currentTime);
  await page.waitForFunction((t0) => {
    const find = (root: Document | ShadowRoot): HTMLVideoElement | null => {
      const v = root.querySelector('video');
      if (v) return v;
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) {
        const found = find(el.shadowRoot);
        if (found) return found;
      }
      return null;
    };
    const v = find(document);
    return !!v && v.currentTime > t0 + 1;
  }, start, { timeout: 20_000 });
  expect(await video.evaluate((el: HTMLVideoElement) => el.currentTime)).toBeGreaterThan(start);
  await video.evaluate((el: HTMLVideoElement) => (el.ended ? true : new Promise((r) => el.addEventListener('ended', () => r(true), { once: true }))));
}

/**
 * Starts the lesson's post-test from the lesson page, answers every question right (the key comes
 * from the database, as a trainer would know it; the answers go through the API the page uses —
 * tests/e2e/quiz.spec.ts answers through the page itself), submits it on the page and sees the
 * pass; the lesson is then complete.
 */
export async function passPostTest(page: Page, lessonId: number) {
  await page.getByTestId('start-quiz').click();
  await page.waitForURL(/\/attempts\/\d+/);
  const attemptId = Number(/\/attempts\/(\d+)/.exec(page.url())![1]);
  const db = new pg.Client({ connectionString: inject('databaseUrl') });
  await db.connect();
  const keys = await db
    .query<{ question_id: string; doc: QuestionDocT }>('SELECT q.question_id, v.doc FROM attempt_questions q JOIN question_versions v ON v.id = q.version_id WHERE q.attempt_id = $1', [attemptId])
    .finally(() => db.end());
  const me = await (await page.request.get('/api/me')).json();
  for (const k of keys.rows) {
    const res = await page.request.put(`/api/attempts/${attemptId}/answers/${k.question_id}`, { data: { response: rightAnswer(k.doc), seq: 1 }, headers: { 'x-csrf-token': me.csrfToken } });
    expect(res.status()).toBe(200);
  }
  await page.reload();
  await page.getByTestId('submit-attempt').click();
  await page.getByTestId('confirm-submit-yes').click();
  const summary = page.getByTestId('result-summary');
  await summary.waitFor();
  expect(await summary.innerText()).toMatch(/Lulus/);
  await page.goto(`/learn/${lessonId}`);
}

/**
 * From the page of a course the person is enrolled in: continues to the first lesson and works
 * through every lesson in order (plays videos, passes the post-test, marks the others complete)
 * until the last one is done. Says which kinds of lesson it met.
 */
export async function studyEveryLesson(page: Page): Promise<{ sawVideo: boolean; sawQuiz: boolean }> {
  // Each lesson page loads its lesson from the API: its answer says what kind of lesson it is.
  const isLessonGet = (r: { url(): string; request(): { method(): string } }) => /\/api\/lessons\/\d+$/.test(r.url()) && r.request().method() === 'GET';
  let [response] = await Promise.all([page.waitForResponse(isLessonGet), page.getByTestId('continue').click()]);
  let sawVideo = false;
  let sawQuiz = false;
  for (let lessons = 1; ; lessons++) {
    expect(lessons).toBeLessThan(20);
    const lesson = await response.json();
    if (lesson.kind === 'video') {
      sawVideo = true;
      await watchVideo(page);
    } else if (lesson.kind === 'quiz') {
      sawQuiz = true;
      await passPostTest(page, lesson.id);
    } else if (!lesson.progress.completed) {
      await page.getByTestId('mark-complete').click();
    }
    await page
      .getByText('Pelajaran ini selesai.')
      .waitFor()
      .catch(async (err: Error) => {
        throw new Error(`lesson ${lesson.id} (${lesson.kind}) did not complete; the page says:\n${await page.locator('main').innerText().catch(() => '?')}`, { cause: err });
      });
    if (!lesson.nextLessonId) break;
    [response] = await Promise.all([page.waitForResponse(isLessonGet), page.getByTestId('next-lesson').click()]);
  }
  return { sawVideo, sawQuiz };
}
