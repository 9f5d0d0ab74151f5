import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with nothing reaching out to the network. */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
    ],
  });
}

export async function newPage(browser: Browser, opts: { width?: number; height?: number; locale?: string } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: inject('baseUrl'),
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
    locale: opts.locale ?? 'id-ID',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

/** Signs in through the form, as a person would. */
export async function signIn(page: Page, username: string, password = 'sinau-demo') {
  await page.goto('/');
  await page.getByLabel(/NIP|nama pengguna|username/i).first().fill(username);
  await page.getByLabel(/kata sandi|password/i).first().fill(password);
  await page.keyboard.press('Enter');
}

/** Runs one person's part of a journey in a fresh context: signs in, waits for their home page, then `journey`. */
export async function journeyAs(browser: Browser, username: string, homeTestId: string, journey: (page: Page) => Promise<void>): Promise<void> {
  const { context, page } = await newPage(browser);
  page.setDefaultTimeout(20_000);
  try {
    await signIn(page, username);
    await page.getByTestId(homeTestId).waitFor();
    await journey(page);
  } finally {
    await context.close();
  }
}
