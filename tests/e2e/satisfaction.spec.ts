import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, newPage, signIn } from '../support/browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

/** Signs in over the API, as the admin page would, and returns a GET that carries the session. */
async function adminGet(): Promise<(path: string) => Promise<Response>> {
  const base = inject('baseUrl');
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'sinau-demo' }) });
  expect(login.status).toBe(200);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return (path) => fetch(`${base}${path}`, { headers: { cookie } });
}

describe('a citizen answers the survey of a counter', () => {
  it('on a 360 px phone, with the keyboard only, and the counter’s index moves', async () => {
    const get = await adminGet();
    const surveys = (await (await get('/api/satisfaction/surveys')).json()).items as { id: number; unit: { id: number; code: string }; counter: string | null; token: string; url: string }[];
    const counter = surveys.find((s) => s.unit.code === 'DISDUKCAPIL' && s.counter === 'Loket 3 Perekaman KTP-el');
    expect(counter).toBeDefined();
    const reportUrl = `/api/satisfaction/units/${counter!.unit.id}/report?surveyId=${counter!.id}`;
    const before = (await (await get(reportUrl)).json()).overall.responses as number;

    const { context, page } = await newPage(browser, { width: 360, height: 740 });
    try {
      const requests: string[] = [];
      let bytes = 0;
      page.on('request', (r) => requests.push(r.url()));
      page.on('response', async (r) => {
        bytes += (await r.body().catch(() => Buffer.alloc(0))).length;
      });
      await page.goto(`/s/${counter!.token}`);
      await page.getByRole('heading', { name: 'Survei Kepuasan Masyarakat' }).waitFor();
      await page.getByText('Loket 3 Perekaman KTP-el').waitFor();
      // One small document: no script, style sheet, font or image to fetch, not even a favicon.
      await page.waitForLoadState('networkidle');
      expect(requests).toEqual([new URL(`/s/${counter!.token}`, inject('baseUrl')).href]);
      expect(bytes).toBeGreaterThan(5_000);
      expect(bytes).toBeLessThan(30 * 1024);
      // Nothing wider than the phone's screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

      // Tab through the form as a person with a keyboard would: arrow keys choose within a group.
      const chosen: Record<string, string> = {};
      for (let step = 0; step < 80; step++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const el = document.activeElement as HTMLInputElement | null;
          return el ? { tag: el.tagName, type: el.type, name: el.name } : null;
        });
        if (!focused) continue;
        if (focused.type === 'radio') {
          // Tabbing into a group focuses its first choice; each arrow press moves and chooses.
          const presses = focused.name === 'U7' ? 1 : 2;
          for (let i = 0; i < presses; i++) await page.keyboard.press('ArrowRight');
          chosen[focused.name] = await page.evaluate((n) => (document.querySelector(`input[name="${n}"]:checked`) as HTMLInputElement | null)?.value ?? '', focused.name);
        } else if (focused.tag === 'SELECT' && focused.name === 'service') {
          await page.keyboard.press('ArrowDown');
        } else if (focused.tag === 'TEXTAREA' && focused.name === 'suggestion') {
          await page.keyboard.type('Petugas ramah, tetapi antrean panjang.');
        } else if (focused.tag === 'BUTTON') {
          await page.keyboard.press('Enter');
          break;
        }
      }
      for (const code of ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U8', 'U9']) expect(chosen[code], code).toBe('3');
      expect(chosen.U7).toBe('2');

      await page.getByRole('heading', { name: 'Terima kasih!' }).waitFor();
      await page.getByText('Jawaban Anda sudah kami terima.').waitFor();
      expect(new URL(page.url()).pathname).toBe(`/s/${counter!.token}/thanks`);
    } finally {
      await context.close();
    }
    const after = (await (await get(reportUrl)).json()).overall.responses as number;
    expect(after).toBe(before + 1);
  });

  it('lets an admin of the office count a response the burst check held back', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signIn(page, 'admin');
      await page.getByTestId('home-admin').waitFor();
      await page.goto('/admin/satisfaction');
      const office = page.getByTestId('survey-row').filter({ hasText: 'Dinas Kependudukan dan Pencatatan Sipil' }).first();
      await office.waitFor();
      const review = office.getByRole('button', { name: /^Tinjau \d+/ });
      const before = Number((await review.innerText()).match(/\d+/)![0]);
      await review.click();
      const row = page.getByTestId('flagged-row').first();
      await row.getByText('Tidak dihitung').waitFor();
      await row.getByRole('button', { name: /^Hitung / }).click();
      await page.getByTestId('flagged-row').first().getByText('Dihitung', { exact: true }).waitFor();
      await office.getByRole('button', { name: new RegExp(`^Tinjau ${before - 1}`) }).waitFor();
    } finally {
      await context.close();
    }
  });
});
