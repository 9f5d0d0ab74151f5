import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, newPage, signIn } from '../support/browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

const homes: [string, string[]][] = [
  ['admin', ['home-admin', 'home-learner']],
  ['pelatih', ['home-trainer', 'home-learner']],
  ['atasan', ['home-supervisor', 'home-learner']],
  ['asn', ['home-learner']],
  ['guru', ['home-learner']],
  ['mitra', ['home-partner']],
];

describe('signing in', () => {
  it.each(homes)('%s sees the home page of their roles, and can sign out', async (username, sections) => {
    const { context, page } = await newPage(browser);
    try {
      await signIn(page, username);
      for (const id of sections) await page.getByTestId(id).waitFor();
      const all = ['home-admin', 'home-trainer', 'home-supervisor', 'home-learner', 'home-partner'];
      for (const id of all.filter((s) => !sections.includes(s))) expect(await page.getByTestId(id).count(), id).toBe(0);
      // The session survives a reload.
      await page.reload();
      await page.getByTestId(sections[0]!).waitFor();
      // Sign out from the account menu.
      await page.getByRole('button', { name: /menu akun|masuk sebagai/i }).first().click();
      await page.getByRole('button', { name: /^keluar$/i }).or(page.getByRole('menuitem', { name: /^keluar$/i })).first().click();
      await page.getByLabel(/NIP, e-mail, atau nama pengguna/i).waitFor();
      const me = await page.request.get('/api/me');
      expect(me.status()).toBe(401);
    } finally {
      await context.close();
    }
  });

  it('says plainly when the password is wrong', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signIn(page, 'asn', 'bukan-sandinya');
      await page.getByRole('alert').first().waitFor();
      await page.getByText(/kata sandi salah/i).first().waitFor();
      expect(page.url()).not.toMatch(/admin/);
    } finally {
      await context.close();
    }
  });

  it('supervisor sees their team on the home page', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signIn(page, 'atasan');
      const section = page.locator('section', { has: page.getByTestId('home-supervisor') });
      await section.getByText('Dewi Anggraeni', { exact: false }).first().waitFor();
    } finally {
      await context.close();
    }
  });
});

describe('on a 360 px phone', () => {
  it('fits the screen without sideways scrolling and the menu opens by keyboard', async () => {
    const { context, page } = await newPage(browser, { width: 360, height: 740 });
    try {
      await page.goto('/');
      await page.getByLabel(/NIP, e-mail, atau nama pengguna/i).waitFor();
      const overflowLogin = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflowLogin).toBeLessThanOrEqual(0);
      await signIn(page, 'admin');
      await page.getByTestId('home-admin').waitFor();
      const overflowHome = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflowHome).toBeLessThanOrEqual(0);
      const menu = page.getByRole('button', { name: /^menu$/i });
      await menu.focus();
      await page.keyboard.press('Enter');
      await page.getByRole('link', { name: /impor pegawai/i }).first().waitFor({ state: 'visible' });
    } finally {
      await context.close();
    }
  });
});

describe('language', () => {
  it('switches to English and remembers the choice', async () => {
    const { context, page } = await newPage(browser);
    try {
      // mitra: the partner journeys set this user's saved language back to Indonesian before they start.
      await signIn(page, 'mitra');
      await page.getByTestId('home-partner').waitFor();
      await page.getByRole('button', { name: /english/i }).first().click();
      await page.getByRole('link', { name: /^home$/i }).first().waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      await page.reload();
      await page.getByTestId('home-partner').waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      await page.getByRole('button', { name: /bahasa indonesia/i }).first().click();
      await page.getByRole('link', { name: /^beranda$/i }).first().waitFor();
    } finally {
      await context.close();
    }
  });
});
