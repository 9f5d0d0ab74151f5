/**
 * A live webinar in Chromium with fake camera and microphone, through the app's own Janus: the
 * trainer publishes, two attendees see and hear it, the screen share replaces the camera, an
 * attendee raises a hand, is promoted and heard, chat, a Q&A upvote and a poll vote reach
 * everyone, an unpromoted attendee is refused by the server, leaving and rejoining makes two
 * attendance intervals, and the host's report shows the minutes.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, newPage, signIn } from '../support/browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

interface Api {
  cookie: string;
  csrf: string;
  id: number;
  call(method: string, path: string, body?: unknown): Promise<Response>;
}

async function api(username: string): Promise<Api> {
  const base = inject('baseUrl');
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'sinau-demo' }) });
  expect(login.status).toBe(200);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = (await login.json()).csrfToken as string;
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${base}${path}`, { method, headers: { cookie, 'x-csrf-token': csrf, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const me = await (await call('GET', '/api/me')).json();
  return { cookie, csrf, id: me.id ?? me.user?.id, call };
}

/** Signed in through the form, then in the room. */
async function enterRoom(username: string, webinarId: number, width = 1280): Promise<Page> {
  const { page } = await newPage(browser, { width, height: 800 });
  await signIn(page, username);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.getByTestId(/^home-/).first().waitFor();
  await page.goto(`/webinars/${webinarId}/live`);
  await page.getByTestId('room-status').and(page.locator('[data-status="live"]')).waitFor();
  return page;
}

/** What the page's receiving PeerConnection got: decoded frames and audio bytes per inbound stream. */
const received = (page: Page) =>
  page.evaluate(async () => {
    const el = document.querySelector('sinau-app')?.shadowRoot?.querySelector('sinau-webinar-live-page') ?? findDeep(document, 'sinau-webinar-live-page');
    function findDeep(root: Document | ShadowRoot, tag: string): Element | null {
      const direct = root.querySelector(tag);
      if (direct) return direct;
      for (const host of root.querySelectorAll('*')) {
        if (host.shadowRoot) {
          const f = findDeep(host.shadowRoot, tag);
          if (f) return f;
        }
      }
      return null;
    }
    const pc = (el as unknown as { subscriberPc: RTCPeerConnection | null } | null)?.subscriberPc;
    if (!pc) return { frames: 0, audio: [] as number[], width: 0 };
    const stats = await pc.getStats();
    let frames = 0;
    let width = 0;
    const audio: number[] = [];
    stats.forEach((s) => {
      if (s.type !== 'inbound-rtp') return;
      if (s.kind === 'video') {
        frames += s.framesDecoded ?? 0;
        width = Math.max(width, s.frameWidth ?? 0);
      }
      if (s.kind === 'audio') audio.push(s.bytesReceived ?? 0);
    });
    return { frames, audio, width };
  });

/** The main video element's size as the page shows it. */
const mainVideoWidth = (page: Page) => page.getByTestId('main-video').evaluate((v) => (v as HTMLVideoElement).videoWidth);

describe('a live webinar in the browser', () => {
  it('carries the trainer to two attendees, the screen, a promoted speaker, chat, Q&A and a poll; attendance is recorded', async () => {
    const [host, asn, guru] = await Promise.all([api('pelatih'), api('asn'), api('guru')]);
    const start = new Date(Date.now() + 5 * 60_000);
    const created = await host.call('POST', '/api/webinars', {
      title: 'Webinar langsung: layanan adminduk',
      description: 'Uji ujung ke ujung',
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 60 * 60_000).toISOString(),
      capacity: 20,
      jp: 1,
    });
    expect(created.status).toBe(201);
    const id = (await created.json()).id as number;
    for (const a of [asn, guru]) expect((await a.call('POST', `/api/webinars/${id}/registrations`)).status).toBe(201);
    const opened = await host.call('POST', `/api/webinars/${id}/open`);
    expect(opened.status, await opened.clone().text()).toBe(200);

    const hostPage = await enterRoom('pelatih', id);
    const asnPage = await enterRoom('asn', id);
    const guruPage = await enterRoom('guru', id, 360);

    // 1. The trainer publishes the fake camera and microphone; both attendees decode it.
    await hostPage.getByTestId('publish-camera').click();
    await hostPage.getByTestId('publishing-status').waitFor();
    for (const page of [asnPage, guruPage]) {
      await expect.poll(async () => (await received(page)).frames, { timeout: 30_000 }).toBeGreaterThan(10);
      await expect.poll(() => mainVideoWidth(page), { timeout: 15_000 }).toBeGreaterThan(0);
      await expect.poll(async () => Math.max(0, ...(await received(page)).audio), { timeout: 15_000 }).toBeGreaterThan(1000);
    }
    const cameraWidth = await mainVideoWidth(guruPage);

    // 2. Screen sharing replaces the camera in the same feed: the attendees' picture changes.
    await hostPage.getByTestId('share-screen').click();
    await expect.poll(() => mainVideoWidth(asnPage), { timeout: 20_000 }).not.toBe(cameraWidth);
    const framesBefore = (await received(asnPage)).frames;
    await expect.poll(async () => (await received(asnPage)).frames, { timeout: 10_000 }).toBeGreaterThan(framesBefore);

    // 3. An attendee who was not promoted is refused by the server, whatever the page offers.
    const refused = await guruPage.evaluate(async (webinarId) => {
      const ws = new WebSocket(`${location.origin.replace('http', 'ws')}/api/webinars/${webinarId}/live`);
      return new Promise<string>((resolve) => {
        ws.onmessage = (e) => {
          const m = JSON.parse(e.data as string);
          if (m.type === 'welcome') ws.send(JSON.stringify({ type: 'publish', rid: 'p1', jsep: { type: 'offer', sdp: 'v=0\r\n' }, source: 'camera', audio: true, video: false }));
          if (m.rid === 'p1') {
            resolve(m.type === 'error' ? m.code : m.type);
            ws.close();
          }
        };
      });
    }, id);
    expect(refused).toBe('forbidden');

    // 4. A hand goes up; the host promotes; the speaker publishes; the other attendee hears two voices.
    await asnPage.getByTestId('hand-raise').click();
    await hostPage.getByTestId('tab-people').click();
    await hostPage.getByTestId(`participant-${asn.id}`).and(hostPage.locator('[data-hand]:not([data-hand=""])')).waitFor();
    await hostPage.getByTestId(`promote-${asn.id}`).click();
    await asnPage.getByTestId('publish-camera').click();
    await asnPage.getByTestId('publishing-status').waitFor();
    await expect
      .poll(async () => (await received(guruPage)).audio.filter((b) => b > 0).length, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(2);
    const speakerBytes = async () => (await received(guruPage)).audio.sort((a, b) => a - b)[0] ?? 0;
    const before = await speakerBytes();
    await expect.poll(speakerBytes, { timeout: 10_000 }).toBeGreaterThan(before);

    // 5. Chat reaches everyone.
    await guruPage.getByTestId('tab-chat').click();
    await guruPage.getByTestId('chat-input').fill('Selamat pagi dari Kecamatan Laweyan');
    await guruPage.getByTestId('chat-send').click();
    for (const page of [hostPage, asnPage]) {
      await page.getByTestId('tab-chat').click();
      await page.getByTestId('chat-list').getByText('Selamat pagi dari Kecamatan Laweyan').waitFor();
    }

    // 6. A question, upvoted by another attendee, shows its vote to the host.
    await asnPage.getByTestId('tab-questions').click();
    await asnPage.getByTestId('question-input').fill('Apakah KTP-el bisa dicetak di kelurahan?');
    await asnPage.getByTestId('question-ask').click();
    await guruPage.getByTestId('tab-questions').click();
    const question = guruPage.locator('[data-testid^="question-vote-"]').first();
    await question.click();
    await expect.poll(() => question.getAttribute('aria-pressed')).toBe('true');
    await hostPage.getByTestId('tab-questions').click();
    await hostPage.getByTestId('question-list').getByText('Apakah KTP-el bisa dicetak di kelurahan?').waitFor();
    await expect.poll(() => hostPage.getByTestId('question-list').innerText(), { timeout: 10_000 }).toMatch(/\b1\b/);

    // 7. A poll: the host asks, an attendee votes, the host sees the count.
    await hostPage.getByTestId('tab-polls').click();
    await hostPage.getByTestId('poll-question').fill('Layanan mana yang paling ramai?');
    await hostPage.getByTestId('poll-option-0').fill('KTP-el');
    await hostPage.getByTestId('poll-option-1').fill('Kartu Keluarga');
    await hostPage.getByTestId('poll-create').click();
    await guruPage.getByTestId('tab-polls').click();
    await guruPage.getByTestId('poll-option-1').check();
    await guruPage.getByTestId('poll-vote').click();
    await expect.poll(() => hostPage.getByTestId('poll-result-1').getAttribute('data-count'), { timeout: 10_000 }).toBe('1');
    // The other attendee has the poll too (results show once they vote or it closes).
    await asnPage.getByTestId('tab-polls').click();
    await asnPage.getByText('Layanan mana yang paling ramai?').first().waitFor();
    await hostPage.getByTestId('poll-close').click();
    await expect.poll(() => asnPage.getByTestId('poll-result-1').getAttribute('data-count'), { timeout: 10_000 }).toBe('1');

    // 8. Leaving and coming back: two intervals.
    await guruPage.goto('/');
    await guruPage.getByTestId(/^home-/).first().waitFor();
    await guruPage.goto(`/webinars/${id}/live`);
    await guruPage.getByTestId('room-status').and(guruPage.locator('[data-status="live"]')).waitFor();
    await guruPage.getByTestId('tab-chat').click();
    await guruPage.getByTestId('chat-list').getByText('Selamat pagi dari Kecamatan Laweyan').waitFor();

    // 9. The host ends it; the report has the attendees' intervals and minutes.
    const ended = await host.call('POST', `/api/webinars/${id}/end`);
    expect(ended.status).toBe(200);
    await guruPage.getByTestId('room-ended').waitFor();
    const report = await (await host.call('GET', `/api/webinars/${id}/attendance`)).json();
    const row = (personId: number) => report.items.find((i: { person: { id: number } }) => i.person.id === personId);
    // The page's first visit, the short socket of step 3 (a second connection, like a second tab), the page again.
    expect(row(guru.id).intervals).toHaveLength(3);
    expect(row(guru.id).intervals.every((i: { leftAt: string | null }) => i.leftAt)).toBe(true);
    expect(row(asn.id).intervals).toHaveLength(1);
    expect(row(guru.id).minutes).toBeGreaterThanOrEqual(0);
    const csv = await host.call('GET', `/api/webinars/${id}/attendance?format=csv`);
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toMatch(/^nip,nama,/);
    expect(lines.some((l) => l.includes(row(guru.id).person.name))).toBe(true);
    for (const page of [hostPage, asnPage, guruPage]) await page.context().close();
  }, 240_000);
});
