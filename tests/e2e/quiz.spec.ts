import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, newPage, signIn } from '../support/browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

const TEST_TITLE = 'Uji Kompetensi Pelayanan Publik 2026';

/** Answers one question through its inputs, as a person would, and says what was answered. */
async function answer(question: Locator): Promise<{ id: number; type: string; value: unknown }> {
  const article = question.getByTestId('question');
  const id = Number(await article.getAttribute('data-question-id'));
  const type = (await article.getAttribute('data-type'))!;
  let value: unknown;
  switch (type) {
    case 'single': {
      const radio = question.getByRole('radio').nth(1);
      await radio.check();
      value = await radio.inputValue();
      break;
    }
    case 'multiple': {
      const boxes = question.getByRole('checkbox');
      const [first, second] = [boxes.nth(0), boxes.nth((await boxes.count()) > 2 ? 2 : 1)];
      await first.check();
      await second.check();
      value = [await first.inputValue(), await second.inputValue()];
      break;
    }
    case 'truefalse':
      await question.getByRole('radio', { name: 'Salah' }).check();
      value = false;
      break;
    case 'short':
      await question.getByLabel('Jawaban Anda').fill('petugas loket');
      await question.getByLabel('Jawaban Anda').press('Tab');
      value = 'petugas loket';
      break;
    case 'numeric':
      await question.getByLabel('Jawaban Anda').fill('12,5');
      await question.getByLabel('Jawaban Anda').press('Tab');
      value = 12.5;
      break;
    case 'matching': {
      const pairs: Record<string, string> = {};
      const selects = question.locator('select');
      for (let i = 0; i < (await selects.count()); i++) {
        const select = selects.nth(i);
        await select.selectOption({ index: i + 1 });
        pairs[(await select.getAttribute('data-prompt-id'))!] = await select.inputValue();
      }
      value = pairs;
      break;
    }
    case 'ordering': {
      // Keyboard, as the Up/Down buttons are meant to be used.
      await question.getByRole('button', { name: /^Turun:/ }).first().focus();
      await question.page().keyboard.press('Enter');
      value = await question.locator('li[data-item-id]').evaluateAll((items) => items.map((li) => li.getAttribute('data-item-id')));
      break;
    }
    case 'essay': {
      const text = 'Saya menyapa warga dengan tenang, mendengarkan keluhannya sampai selesai, meminta maaf, lalu menjelaskan langkah berikutnya.';
      await question.getByLabel('Jawaban Anda').fill(text);
      await question.getByLabel('Jawaban Anda').press('Tab');
      value = text;
      break;
    }
    default:
      throw new Error(`unknown question type ${type}`);
  }
  return { id, type, value };
}

/** The page fits a 360 px wide phone: nothing scrolls sideways. */
async function fitsPhone(page: Page) {
  await page.setViewportSize({ width: 360, height: 740 });
  const overflow = await page.evaluate(
    () => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(document.documentElement.scrollWidth - document.documentElement.clientWidth))),
  );
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(overflow, `the page ${page.url()} scrolls sideways at 360 px`).toBeLessThanOrEqual(0);
}

const saveStatus = (page: Page) => page.getByTestId('save-status');

describe('a learner takes the competency test assigned to their office', () => {
  it('answers online and offline, survives a reload with unsent answers, submits, and every answer is stored', async () => {
    const { context, page } = await newPage(browser);
    page.setDefaultTimeout(20_000);
    const consoleErrors: string[] = [];
    try {
      await signIn(page, 'asn');
      const assigned = page.getByTestId('assigned-quizzes');
      await assigned.getByRole('heading', { name: 'Uji kompetensi untuk Anda' }).waitFor();
      // From here on (the signed-out start logs the 401 of its session check). Going offline and
      // answering 503 on purpose make the browser log those failed requests too.
      const expectedFailure = /Failed to load resource: (net::ERR_INTERNET_DISCONNECTED|the server responded with a status of 503)/;
      page.on('console', (msg) => {
        if (msg.type() === 'error' && !expectedFailure.test(msg.text())) consoleErrors.push(msg.text());
      });
      page.on('pageerror', (err) => consoleErrors.push(String(err)));
      await assigned.getByRole('link', { name: TEST_TITLE }).click();
      await page.getByRole('heading', { name: TEST_TITLE, level: 1 }).waitFor();
      await fitsPhone(page);

      await page.getByTestId('start-quiz').click();
      await page.waitForURL(/\/attempts\/\d+/);
      const attemptId = Number(/\/attempts\/(\d+)/.exec(page.url())![1]);
      const questions = page.locator('sinau-question');
      await questions.first().waitFor();
      expect(await page.getByTestId('timer').innerText()).toMatch(/^(30:00|29:\d\d)$/);
      const started = await (await page.request.get(`/api/attempts/${attemptId}`)).json();
      expect(started.pages).toBe(3);
      expect(started.questions).toHaveLength(15);

      const given = new Map<number, { type: string; value: unknown }>();
      const answerAll = async (count = Infinity) => {
        const n = Math.min(count, await questions.count());
        const ids: number[] = [];
        for (let i = 0; i < n; i++) {
          const a = await answer(questions.nth(i));
          given.set(a.id, a);
          ids.push(a.id);
        }
        return ids;
      };

      // Page 1, online: each answer is saved as it is given.
      const page1 = await answerAll();
      await expect.poll(() => saveStatus(page).getAttribute('data-state')).toBe('saved');
      for (let i = 0; i < page1.length; i++) expect(await questions.nth(i).getByTestId('answer-state').innerText()).toContain('Tersimpan');
      await fitsPhone(page);

      // Page 2, offline: the answers are kept on the device and the page says so.
      await context.setOffline(true);
      await page.getByTestId('next-page').click();
      await page.getByRole('heading', { name: 'Halaman 2 dari 3' }).waitFor();
      const page2 = await answerAll();
      await page.getByTestId('offline-warning').getByText('Anda sedang offline; jawaban disimpan di perangkat ini dan dikirim saat tersambung').waitFor();
      await expect.poll(() => saveStatus(page).getAttribute('data-state')).toBe('unsaved');
      expect(await saveStatus(page).innerText()).toContain(`${page2.length} jawaban belum tersimpan`);
      for (let i = 0; i < page2.length; i++) expect(await questions.nth(i).getByTestId('answer-state').innerText()).toContain('Belum tersimpan');
      const kept = await page.evaluate((id) => JSON.parse(localStorage.getItem(`sinau.quizAnswers.${id}`) ?? '{}'), attemptId);
      expect(Object.keys(kept.pending).map(Number).sort()).toEqual([...page2].sort());
      await fitsPhone(page);

      // Back online: the page sends them by itself.
      await context.setOffline(false);
      await expect.poll(() => saveStatus(page).getAttribute('data-state'), { timeout: 15_000 }).toBe('saved');
      await page.getByTestId('offline-warning').waitFor({ state: 'detached' });
      for (let i = 0; i < page2.length; i++) expect(await questions.nth(i).getByTestId('answer-state').innerText()).toContain('Tersimpan');

      // Page 3 while the server refuses answers (503, Retry-After): they survive a reload and
      // are sent once the server takes them again. The last question stays unanswered.
      const answerPut = /\/api\/attempts\/\d+\/answers\/\d+$/;
      await page.route(answerPut, (route) =>
        route.fulfill({
          status: 503,
          headers: { 'Retry-After': '1', 'Content-Type': 'application/json' },
          body: JSON.stringify({ error: { code: 'unavailable', message: 'Layanan sedang tidak tersedia sesaat.' } }),
        }),
      );
      await page.getByTestId('next-page').click();
      await page.getByRole('heading', { name: 'Halaman 3 dari 3' }).waitFor();
      const onPage3 = await questions.count();
      const page3 = await answerAll(onPage3 - 1);
      await page.getByTestId('server-warning').waitFor();
      await expect.poll(() => saveStatus(page).getAttribute('data-state')).toBe('unsaved');

      await page.reload();
      await page.getByRole('heading', { name: 'Halaman 3 dari 3' }).waitFor();
      await questions.first().waitFor();
      // The unsent answers are back on screen, still marked as not saved.
      for (let i = 0; i < page3.length; i++) expect(await questions.nth(i).getByTestId('answer-state').innerText()).toContain('Belum tersimpan');
      const typed = page3.find((id) => ['short', 'numeric', 'essay'].includes(given.get(id)!.type));
      if (typed !== undefined) {
        const a = given.get(typed)!;
        const field = page.locator(`sinau-question[data-question-id="${typed}"]`).getByLabel('Jawaban Anda');
        expect(await field.inputValue()).toBe(a.type === 'numeric' ? '12,5' : a.value);
      }
      await page.unroute(answerPut);
      await expect.poll(() => saveStatus(page).getAttribute('data-state'), { timeout: 15_000 }).toBe('saved');

      // Submit: the confirmation lists the one question left unanswered.
      await page.getByTestId('submit-attempt').click();
      const dialog = page.getByTestId('confirm-submit');
      await dialog.getByRole('heading', { name: 'Kumpulkan jawaban?' }).waitFor();
      expect(await dialog.getByTestId('unanswered').getByRole('button').count()).toBe(1);
      await page.getByTestId('confirm-submit-yes').click();
      const summary = page.getByTestId('result-summary');
      await summary.waitFor();
      expect(await summary.innerText()).toMatch(/poin/);
      const essayAnswered = [...given.values()].some((a) => a.type === 'essay');
      if (essayAnswered) await page.getByTestId('pending-grading').waitFor();

      // The review shows every answer given …
      for (const [id, a] of given) {
        const item = page.locator(`[data-testid="review-item"][data-question-id="${id}"]`);
        expect(await item.getAttribute('data-answered'), `question ${id} (${a.type}) in the review`).toBe('true');
        if (a.type === 'short' || a.type === 'essay') expect(await item.getByTestId('given-answer').innerText()).toContain(String(a.value));
        if (a.type === 'numeric') expect(await item.getByTestId('given-answer').innerText()).toContain('12,5');
      }
      await fitsPhone(page);

      // … and the server stored each of them with the value chosen.
      const stored = await (await page.request.get(`/api/attempts/${attemptId}`)).json();
      expect(stored.state).toBe('submitted');
      expect(given.size).toBe(14);
      for (const q of stored.questions as { id: number; response: unknown }[]) {
        const a = given.get(q.id);
        expect(q.response, `question ${q.id} (${a?.type ?? 'unanswered'})`).toEqual(a ? a.value : null);
      }
      expect(await page.evaluate((id) => localStorage.getItem(`sinau.quizAnswers.${id}`), attemptId)).toBeNull();

      // The home page now says the test was submitted; the quiz page lists the attempt.
      await page.goto('/');
      const item = page.getByTestId('assigned-quiz').filter({ hasText: TEST_TITLE });
      await item.getByText('Sudah dikumpulkan').waitFor();
      await item.getByRole('link', { name: 'Lihat hasil' }).click();
      await page.getByTestId('attempt-row').waitFor();
      expect(await page.getByTestId('cannot-start').innerText()).toContain('Kesempatan mengerjakan sudah habis');
      await fitsPhone(page);
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 150_000);
});
