import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, newPage, signIn } from '../support/browser.ts';
import { studyEveryLesson } from '../support/course-journey.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

describe('a learner takes a course', () => {
  it('finds it, enrols, studies every lesson (the video really plays) and sees the completion with JP', async () => {
    const { context, page } = await newPage(browser);
    page.setDefaultTimeout(20_000);
    try {
      await signIn(page, 'asn');
      await page.getByTestId('home-learner').waitFor();
      await page.goto('/courses');
      await page.getByTestId('course-search').fill('pelayanan prima');
      await page.keyboard.press('Enter');
      const card = page.getByTestId('course-card').filter({ hasText: 'Pelayanan Prima di Loket Disdukcapil' });
      await card.getByRole('link').first().click();
      await page.getByRole('heading', { name: 'Pelayanan Prima di Loket Disdukcapil' }).waitFor();
      await page.getByTestId('enroll').click();
      const { sawVideo, sawQuiz } = await studyEveryLesson(page);
      expect(sawVideo).toBe(true);
      expect(sawQuiz).toBe(true);
      const done = page.getByTestId('course-completed').first();
      await done.waitFor();
      expect(await done.innerText()).toMatch(/4\s*JP/);

      const mine = await (await page.request.get('/api/me/enrollments')).json();
      const entry = mine.find((e: { course: { slug: string } }) => e.course.slug === 'pelayanan-prima-disdukcapil');
      expect(entry).toMatchObject({ progress: 100, jpAwarded: 4 });
      expect(entry.completedAt).not.toBeNull();
    } finally {
      await context.close();
    }
  }, 150_000);
});
