/**
 * Live webinar rooms (issue: 2,000 attendees per room): event fan-out to 2,000 room sockets,
 * a join storm, and what Janus costs per real WebRTC subscriber. The app as `npm start` runs it
 * (embedded PostgreSQL, demo data, its own Janus); every client runs in this one process.
 *
 *   npm run bench:live       (about five minutes; prints the figures; nothing is asserted)
 *   BENCH_ATTENDEES=2000 BENCH_JOIN=1000 BENCH_JOIN_SECONDS=60 BENCH_SUBSCRIBERS=0,5,10,20 BENCH_MEDIA_SECONDS=15
 *
 * 1. Join storm: BENCH_JOIN attendees open their room socket evenly over BENCH_JOIN_SECONDS
 *    (open loop: each starts on time whatever the others do); then the rest, up to
 *    BENCH_ATTENDEES, in concurrent batches of 100. Figure: from `new WebSocket` to `welcome`.
 * 2. Fan-out to every attendee socket: 20 chat messages 250 ms apart (from the host and nine
 *    attendees in turn: the room allows 5 messages per 5 s per socket, hosts included); a poll,
 *    then 200 votes 25 ms apart, each sent after the previous one's ack, so a poll event with
 *    `voters >= k` is the first to show vote k. Figure: per (event, recipient), from the send to
 *    the receipt on the recipient's socket (its first listener).
 * 3. Janus per subscriber, on both paths: the broadcast webinar above (more seats than
 *    WEBINAR_ROOM_VIEWERS: attendees watch a Streaming mountpoint fed by RTP forwarders), then a
 *    100-seat workshop (attendees subscribe in the VideoRoom). The host publishes (werift,
 *    ffmpeg's VP8 test pattern and an Opus tone) through the room socket; werift subscribers
 *    join through the room socket in steps; at each step Janus's CPU (utime+stime from /proc)
 *    and RSS over BENCH_MEDIA_SECONDS.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { hashToken } from '../../server/auth/sessions.ts';
import type { ServerMessage } from '../../server/webinars/live/protocol.ts';
import { RoomClient } from '../support/room-client.ts';
import { publishThroughRoom, WebRtcSubscriber, type Jsep } from '../support/webrtc-peer.ts';
import { machine, signIn, startApp } from './support.ts';

const ATTENDEES = Number(process.env.BENCH_ATTENDEES ?? 2000);
const JOIN = Math.min(ATTENDEES, Number(process.env.BENCH_JOIN ?? 1000));
const JOIN_SECONDS = Number(process.env.BENCH_JOIN_SECONDS ?? 60);
const SUBSCRIBERS = (process.env.BENCH_SUBSCRIBERS ?? '0,5,10,20').split(',').map(Number);
const MEDIA_SECONDS = Number(process.env.BENCH_MEDIA_SECONDS ?? 15);
const CHATS = 20;
const CHAT_EVERY_MS = 250;
const CHAT_SENDERS = 10;
const VOTES = Math.min(200, ATTENDEES - CHAT_SENDERS);
const VOTE_EVERY_MS = 25;
const WITHIN_MS = 500;
const BATCH = 100;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

// ---- /proc ----

/** utime + stime of a process, in seconds. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // f[0] is field 3 (state)
  return (Number(f[11]) + Number(f[12])) / CLK_TCK;
}

function status(pid: number): { rssMb: number; threads: number } {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rssMb: Number(/VmRSS:\s+(\d+)/.exec(s)![1]) / 1024, threads: Number(/Threads:\s+(\d+)/.exec(s)![1]) };
}

const openFiles = (pid: number | 'self') => /Max open files\s+(\S+)\s+(\S+)/.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'))!.slice(1, 3).join('/');

/** CPU % (of one core) of a process between start() and the returned function's call. */
function cpuMeter(pid: number) {
  const c0 = cpuSeconds(pid);
  const t0 = performance.now();
  return () => (100 * (cpuSeconds(pid) - c0)) / ((performance.now() - t0) / 1000);
}

function selfCpuMeter() {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  return () => {
    const c = process.cpuUsage(c0);
    return (100 * (c.user + c.system)) / 1000 / (performance.now() - t0);
  };
}

function janusPid(dataDir: string): number | null {
  try {
    const out = execFileSync('pgrep', ['-f', `configs-folder=${dataDir}`], { encoding: 'utf8' }).trim();
    return out ? Number(out.split('\n')[0]) : null;
  } catch {
    return null;
  }
}

// ---- figures ----

/** p50/p95/p99/max of delays in ms (Infinity: never arrived), and the share within `WITHIN_MS`. */
function summary(delays: number[]) {
  const s = Float64Array.from(delays).sort();
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : 'never');
  const arrived = s.filter(Number.isFinite).length;
  const within = s.filter((x) => x <= WITHIN_MS).length;
  return {
    text: `p50 ${ms(at(0.5))}, p95 ${ms(at(0.95))}, p99 ${ms(at(0.99))}, max ${ms(s[s.length - 1]!)} ms`,
    withinPct: (100 * within) / s.length,
    arrived: `${arrived.toLocaleString('en')} of ${s.length.toLocaleString('en')}`,
    p99: at(0.99),
  };
}

/** Least-squares slope of y over x. */
function slope(points: [number, number][]): number {
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const sxy = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return sxx ? sxy / sxx : 0;
}

// ---- the room ----

/** What one attendee socket received during the fan-out: receipt times by chat index, and poll events. */
interface Receipts {
  chat: Float64Array;
  polls: { t: number; id: number; voters: number }[];
}

function record(c: RoomClient): Receipts {
  const r: Receipts = { chat: new Float64Array(CHATS).fill(Infinity), polls: [] };
  // First listener, before the client's own parsing: the time is when the frame reached this process's JavaScript.
  c.ws.prependListener('message', (data: Buffer) => {
    const t = performance.now();
    const head = data.toString('latin1', 0, 14);
    if (head === '{"type":"chat"') {
      const m = JSON.parse(data.toString()) as Extract<ServerMessage, { type: 'chat' }>;
      const i = /^bench (\d+)$/.exec(m.message.body)?.[1];
      if (i !== undefined && r.chat[Number(i)] === Infinity) r.chat[Number(i)] = t;
    } else if (head === '{"type":"poll"') {
      const m = JSON.parse(data.toString()) as Extract<ServerMessage, { type: 'poll' }>;
      r.polls.push({ t, id: m.poll.id, voters: m.poll.voters });
    }
  });
  return r;
}

type Offer = Extract<ServerMessage, { type: 'subscribe.offer' }>;

/** A werift subscriber through the room socket: answers every offer (the first and each renegotiation). */
function receive(room: RoomClient): WebRtcSubscriber {
  const sub = new WebRtcSubscriber();
  let chain = Promise.resolve();
  room.ws.on('message', (data: Buffer) => {
    if (data.toString('latin1', 0, 25) !== '{"type":"subscribe.offer"') return;
    const m = JSON.parse(data.toString()) as Offer;
    chain = chain.then(async () => {
      const answer = await sub.answer(m.jsep as Jsep);
      room.send({ type: 'subscribe.answer', jsep: { type: 'answer', sdp: answer.sdp } });
    });
  });
  room.send({ type: 'subscribe' });
  return sub;
}

async function main() {
  const lines: string[] = [];
  const say = (l: string) => {
    console.log(l);
    lines.push(l);
  };
  const loadAtStart = os.loadavg().map((x) => x.toFixed(1)).join(', ');
  const app = await startApp();
  const closers: (() => Promise<unknown>)[] = [];
  try {
    const db = await app.database();
    db.on('error', () => {}); // the app stopping at the end ends this connection too

    // People like the demo learner `asn`, each a learner with a session.
    await db.query(
      `INSERT INTO people (username, name, unit_id, position_id, supervisor_id, password_hash)
       SELECT 'uji.live.' || n, 'Peserta Webinar ' || n, p.unit_id, p.position_id, p.supervisor_id, p.password_hash
         FROM people p, generate_series(1, $1) n WHERE p.username = 'asn'`,
      [ATTENDEES],
    );
    const people = (await db.query<{ id: string }>(`SELECT id FROM people WHERE username LIKE 'uji.live.%' ORDER BY id`)).rows.map((r) => Number(r.id));
    await db.query(`INSERT INTO person_roles (person_id, role) SELECT unnest($1::bigint[]), 'learner'`, [people]);
    const tokens = people.map(() => randomBytes(32).toString('base64url'));
    await db.query(
      `INSERT INTO sessions (token_hash, person_id, csrf_token, expires_at)
       SELECT h, p, c, now() + interval '12 hours' FROM unnest($1::text[], $2::bigint[], $3::text[]) AS s(h, p, c)`,
      [tokens.map(hashToken), people, people.map(() => randomBytes(24).toString('base64url'))],
    );
    const cookie = (i: number) => `sinau_session=${tokens[i]}`;

    // The webinar, scheduled by the trainer through the API and opened (this needs Janus).
    const trainer = await signIn(app.base, 'pelatih');
    const api = (method: string, url: string, body?: unknown) =>
      fetch(`${app.base}${url}`, {
        method,
        headers: { cookie: trainer.cookie, 'x-csrf-token': trainer.csrf, ...(body !== undefined && { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
    const created = await api('POST', '/api/webinars', { title: 'Uji beban ruang webinar', startsAt: inMinutes(5), endsAt: inMinutes(125), capacity: ATTENDEES + 100, jp: 1, record: false });
    if (created.status !== 201) throw new Error(`creating the webinar: ${created.status} ${await created.text()}`);
    const webinarId = Number(((await created.json()) as { id: number }).id);
    await db.query(`INSERT INTO webinar_registrations (webinar_id, person_id, status) SELECT $1, unnest($2::bigint[]), 'registered'`, [webinarId, people]);
    let opened: Response | null = null;
    for (let i = 0; i < 30; i++) {
      // The app answers before its Janus is up; opening says 503 until then.
      opened = await api('POST', `/api/webinars/${webinarId}/open`);
      if (opened.status !== 503) break;
      await sleep(1000);
    }
    const liveVideo = opened!.status === 200;
    if (!liveVideo) {
      if (opened!.status !== 503) throw new Error(`opening the webinar: ${opened!.status} ${await opened!.text()}`);
      // Parts 1 and 2 need a live room only; part 3 is skipped without Janus.
      await db.query(`UPDATE webinars SET status = 'live', opened_at = now() WHERE id = $1`, [webinarId]);
    }
    const jpid = janusPid(app.dataDir);

    const host = await RoomClient.connect(app.base, webinarId, trainer.cookie);
    closers.push(() => host.close());

    // ---- 1. Join storm ----
    const clients: RoomClient[] = [];
    const joinFailures = new Map<string, number>();
    const connect = async (i: number, into: number[]) => {
      const s = performance.now();
      try {
        clients[i] = await RoomClient.connect(app.base, webinarId, cookie(i));
        into.push(performance.now() - s);
      } catch (err) {
        const why = (err as Error).message.replace(/\d+ ms/, 'N ms');
        joinFailures.set(why, (joinFailures.get(why) ?? 0) + 1);
        into.push(Infinity);
      }
    };
    const stormDelays: number[] = [];
    const appCpuStorm = cpuMeter(app.pid);
    const stormStart = performance.now();
    await Promise.all(
      Array.from({ length: JOIN }, async (_, i) => {
        await sleep(stormStart + (i * JOIN_SECONDS * 1000) / JOIN - performance.now());
        await connect(i, stormDelays);
      }),
    );
    const stormSeconds = (performance.now() - stormStart) / 1000;
    const stormCpu = appCpuStorm();

    const burstDelays: number[] = [];
    const appCpuBurst = cpuMeter(app.pid);
    const burstStart = performance.now();
    for (let b = JOIN; b < ATTENDEES; b += BATCH) {
      await Promise.all(Array.from({ length: Math.min(BATCH, ATTENDEES - b) }, (_, k) => connect(b + k, burstDelays)));
    }
    const burstSeconds = (performance.now() - burstStart) / 1000;
    const burstCpu = appCpuBurst();
    const connected = clients.filter(Boolean).length;
    await sleep(3000); // presence settles

    // ---- 2. Fan-out ----
    const attendees = clients.map((c, i) => [c, i] as const).filter(([c]) => c);
    const receipts = attendees.map(([c]) => record(c));
    const senders = [host, ...attendees.slice(0, CHAT_SENDERS - 1).map(([c]) => c)];
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const appCpuFan = cpuMeter(app.pid);
    const benchCpuFan = selfCpuMeter();
    const chatSent: number[] = [];
    const acks: Promise<unknown>[] = [];
    const chatStart = performance.now();
    for (let i = 0; i < CHATS; i++) {
      await sleep(chatStart + i * CHAT_EVERY_MS - performance.now());
      chatSent[i] = performance.now();
      acks.push(senders[i % senders.length]!.request({ type: 'chat.send', body: `bench ${i}` }, 20_000));
    }
    const chatErrors = (await Promise.allSettled(acks)).filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));
    await sleep(2000);

    const pollSent = performance.now();
    const pollId = (await host.request({ type: 'poll.create', question: 'Materi mana yang paling berguna?', options: ['SPBE', 'Pelayanan publik', 'Integritas'] }, 20_000))!;
    await sleep(1000);
    const voters = attendees.slice(CHAT_SENDERS, CHAT_SENDERS + VOTES).map(([c]) => c);
    const voteSent: number[] = [];
    const voteErrors: string[] = [];
    const voteStart = performance.now();
    for (let k = 0; k < voters.length; k++) {
      await sleep(voteStart + k * VOTE_EVERY_MS - performance.now());
      voteSent[k] = performance.now();
      await voters[k]!.request({ type: 'poll.vote', pollId, choices: [k % 3] }, 20_000).catch((err: unknown) => voteErrors.push(String(err)));
    }
    const voteSeconds = (performance.now() - voteStart) / 1000;
    await sleep(3000);
    const fanAppCpu = appCpuFan();
    const fanBenchCpu = benchCpuFan();
    const fanSeconds = (performance.now() - chatStart) / 1000;
    lag.disable();

    const chatDelays: number[] = [];
    const pollCreatedDelays: number[] = [];
    const voteDelays: number[] = [];
    for (const r of receipts) {
      for (let i = 0; i < CHATS; i++) chatDelays.push(r.chat[i]! - chatSent[i]!);
      const mine = r.polls.filter((p) => p.id === pollId).sort((a, b) => a.t - b.t);
      pollCreatedDelays.push(mine.length ? mine[0]!.t - pollSent : Infinity);
      // Votes are acknowledged one after another, so an event showing k voters is the first to show vote k.
      let j = 0;
      let most = 0;
      for (let k = 1; k <= voteSent.length; k++) {
        while (j < mine.length && most < k) most = Math.max(most, mine[j++]!.voters);
        // `most` was reached at event j-1.
        voteDelays.push(most >= k ? mine[j - 1]!.t - voteSent[k - 1]! : Infinity);
      }
    }

    // Everyone leaves before the media part (their sockets would only add noise).
    for (let b = 0; b < attendees.length; b += 200) await Promise.all(attendees.slice(b, b + 200).map(([c]) => c.close()));
    await sleep(2000);

    // ---- 3. Janus per subscriber, through the VideoRoom and through Streaming ----
    // The webinar above (2,100 seats, more than WEBINAR_ROOM_VIEWERS) is a broadcast: its
    // attendees watch a Streaming mountpoint. A workshop-size one keeps them in the VideoRoom.
    type Step = { subscribers: number; cpu: number; rssMb: number; threads: number; videoPps: number; audioPps: number; minVideoPps: number; benchCpu: number; appCpu: number };
    const paths: { label: string; steps: Step[] }[] = [];
    let mediaNote = '';
    const measure = async (id: number, host: RoomClient): Promise<Step[]> => {
      const steps: Step[] = [];
      const cleanup: (() => Promise<unknown>)[] = [];
      try {
        const feedUp = host.next('feeds', (f) => f.feeds.length === 1, 20_000);
        const pub = await publishThroughRoom(host, { width: 640, height: 360, fps: 15, ms: 20_000 });
        cleanup.push(() => pub.close());
        await feedUp;
        await sleep(3000);
        const subs: { room: RoomClient; sub: WebRtcSubscriber }[] = [];
        for (const n of SUBSCRIBERS) {
          while (subs.length < n) {
            const room = await RoomClient.connect(app.base, id, cookie(subs.length));
            const sub = receive(room);
            subs.push({ room, sub });
            cleanup.push(async () => {
              await sub.close();
              await room.close();
            });
          }
          await Promise.all(subs.map((x) => x.sub.waitForPackets({ video: 20, audio: 20 }, 30_000)));
          await sleep(3000);
          const before = subs.map((x) => ({ v: x.sub.received.video.packets, a: x.sub.received.audio.packets }));
          const janusCpu = cpuMeter(jpid!);
          const appCpu = cpuMeter(app.pid);
          const benchCpu = selfCpuMeter();
          const t0 = performance.now();
          await sleep(MEDIA_SECONDS * 1000);
          const secs = (performance.now() - t0) / 1000;
          const vpps = subs.map((x, i) => (x.sub.received.video.packets - before[i]!.v) / secs);
          const apps = subs.map((x, i) => (x.sub.received.audio.packets - before[i]!.a) / secs);
          const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
          steps.push({
            subscribers: n,
            cpu: janusCpu(),
            ...status(jpid!),
            videoPps: avg(vpps),
            audioPps: avg(apps),
            minVideoPps: vpps.length ? Math.min(...vpps) : 0,
            benchCpu: benchCpu(),
            appCpu: appCpu(),
          });
          console.log(`media: ${n} subscribers measured`);
        }
      } finally {
        for (const c of cleanup.reverse()) await c().catch(() => {});
        await sleep(2000);
      }
      return steps;
    };
    if (liveVideo && jpid) {
      paths.push({ label: `Streaming (a broadcast: ${ATTENDEES + 100} seats, attendees watch its mountpoint)`, steps: await measure(webinarId, host) });
      const workshop = await api('POST', '/api/webinars', { title: 'Uji beban lokakarya', startsAt: inMinutes(5), endsAt: inMinutes(125), capacity: 100, jp: 1, record: false });
      if (workshop.status !== 201) throw new Error(`creating the workshop webinar: ${workshop.status} ${await workshop.text()}`);
      const workshopId = Number(((await workshop.json()) as { id: number }).id);
      const most = Math.max(...SUBSCRIBERS);
      await db.query(`INSERT INTO webinar_registrations (webinar_id, person_id, status) SELECT $1, unnest($2::bigint[]), 'registered'`, [workshopId, people.slice(0, most)]);
      const opened2 = await api('POST', `/api/webinars/${workshopId}/open`);
      if (opened2.status !== 200) throw new Error(`opening the workshop webinar: ${opened2.status} ${await opened2.text()}`);
      const host2 = await RoomClient.connect(app.base, workshopId, trainer.cookie);
      closers.push(() => host2.close());
      paths.push({ label: 'VideoRoom (a workshop: 100 seats, attendees subscribe in the room)', steps: await measure(workshopId, host2) });
      if (janusPid(app.dataDir) !== jpid) mediaNote = ' (Janus restarted during the run: figures unreliable)';
    } else {
      mediaNote = liveVideo ? ' (Janus process not found)' : ' (skipped: the room could not be opened, 503 live_video_unavailable)';
    }
    await db.end();

    // ---- figures ----
    const storm = summary(stormDelays);
    const burst = summary(burstDelays);
    const chat = summary(chatDelays);
    const pollCreated = summary(pollCreatedDelays);
    const votes = summary(voteDelays);
    const fails = [...joinFailures].map(([why, n]) => `${n}× ${why}`).join('; ') || 'none';
    const met = (ok: boolean) => (ok ? 'met' : '**not met**');
    say(`\n${machine()}; load average at start ${loadAtStart}; open files (soft/hard): bench ${openFiles('self')}, app ${openFiles(app.pid)}${jpid ? `, Janus ${openFiles(jpid)}` : ''}\n`);
    say('| measure | target | figure | |');
    say('|---|---|---|---|');
    say(
      `| join storm: ${JOIN} attendees evenly over ${JOIN_SECONDS} s (took ${stormSeconds.toFixed(1)} s), new WebSocket → welcome | p99 < 1 s | ${storm.text}; failures: ${fails}; app CPU ${stormCpu.toFixed(0)} % | ${met(storm.p99 < 1000)} |`,
    );
    say(`| then ${ATTENDEES - JOIN} more in concurrent batches of ${BATCH} (all in ${burstSeconds.toFixed(1)} s) | — | ${burst.text}; app CPU ${burstCpu.toFixed(0)} % | |`);
    say(`| chat: ${CHATS} messages ${CHAT_EVERY_MS} ms apart → ${receipts.length} attendee sockets (${connected} connected) | 95 % within ${WITHIN_MS} ms | ${chat.withinPct.toFixed(1)} % within ${WITHIN_MS} ms; ${chat.text}; arrived ${chat.arrived}${chatErrors.length ? `; ${chatErrors.length} sends refused: ${chatErrors[0]}` : ''} | ${met(chat.withinPct >= 95)} |`);
    say(`| poll created → ${receipts.length} sockets | 95 % within ${WITHIN_MS} ms | ${pollCreated.withinPct.toFixed(1)} % within ${WITHIN_MS} ms; ${pollCreated.text}; arrived ${pollCreated.arrived} | ${met(pollCreated.withinPct >= 95)} |`);
    say(
      `| poll: ${voteSent.length} votes (${(voteSent.length / voteSeconds).toFixed(0)}/s, one after another) → first poll event showing each, on ${receipts.length} sockets (updates gathered for 250 ms by design) | 95 % within ${WITHIN_MS} ms | ${votes.withinPct.toFixed(1)} % within ${WITHIN_MS} ms; ${votes.text}; shown ${votes.arrived}${voteErrors.length ? `; ${voteErrors.length} votes refused: ${voteErrors[0]}` : ''} | ${met(votes.withinPct >= 95)} |`,
    );
    say(`| during the fan-out (chat and poll, ${fanSeconds.toFixed(0)} s) | — | app CPU ${fanAppCpu.toFixed(0)} %, bench process CPU ${fanBenchCpu.toFixed(0)} %, bench event-loop delay p99 ${(lag.percentile(99) / 1e6).toFixed(0)} ms, max ${(lag.max / 1e6).toFixed(0)} ms | |`);
    say(`\nJanus with one publisher (werift: VP8 640×360 15 fps ~500 kbit/s + Opus 48 kbit/s), werift subscribers through the room socket, ${MEDIA_SECONDS} s per step${mediaNote}\n`);
    for (const { label, steps } of paths) {
      say(`\n${label}\n`);
      say('| subscribers | Janus CPU % (one core = 100) | Janus RSS MB | Janus threads | RTP received per subscriber, video/audio pkt/s (slowest video) | bench process CPU % (werift) | app CPU % |');
      say('|---|---|---|---|---|---|---|');
      for (const s of steps) {
        say(`| ${s.subscribers} | ${s.cpu.toFixed(1)} | ${s.rssMb.toFixed(1)} | ${s.threads} | ${s.subscribers ? `${s.videoPps.toFixed(0)}/${s.audioPps.toFixed(0)} (${s.minVideoPps.toFixed(0)})` : '—'} | ${s.benchCpu.toFixed(0)} | ${s.appCpu.toFixed(1)} |`);
      }
      const cpuPer = slope(steps.map((s) => [s.subscribers, s.cpu]));
      const rssPer = slope(steps.map((s) => [s.subscribers, s.rssMb]));
      say(`\nPer subscriber (least-squares slope over the steps): Janus CPU ${cpuPer.toFixed(2)} % of a core, RSS ${(rssPer * 1024).toFixed(0)} KB${cpuPer > 0 ? `; about ${Math.floor(100 / cpuPer)} viewers per core` : ''}.`);
    }
  } finally {
    for (const c of closers.reverse()) await c().catch(() => {});
    await app.stop();
  }
}

main().then(
  () => process.exit(0), // werift keeps timers; nothing else is left to wait for
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
