/**
 * Attendance becomes evidence. The live room writes one webinar_attendance row per connection;
 * here those rows become minutes attended (overlapping connections merged, clipped to the
 * schedule), and when the webinar ends, what attending earned: JP converted from the minutes,
 * competency evidence and a certificate for everyone who qualified.
 *
 * Who qualifies: attended at least the webinar's attendance_threshold_pct of the scheduled
 * time and, when the hosts ran attention checks, acknowledged at least half of the checks
 * that person was shown (issued while they were in the room, or acknowledged anyway). The
 * owner and co-hosts run the webinar rather than attend it: they get no outcome.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AttendanceCloseReason, DB, QuestionStatus } from '../db/types.ts';
import { issueCertificate } from '../certificates/service.ts';
import { formatCertificateCode } from '../certificates/code.ts';
import { ensureEvidence, ensureJp } from '../competencies/ledger.ts';
import { jpFromMinutes, loadSettings } from '../competencies/settings.ts';
import { lockWebinar, SEATED, type WebinarRow } from './queries.ts';
import { onActivityDone } from '../programmes/progress.ts';

type Db = Kysely<DB> | Transaction<DB>;

// ---- Minutes: pure ----

export interface AttendanceSpan {
  joinedAt: Date;
  leftAt: Date | null;
  lastSeenAt: Date;
}

export interface Schedule {
  startsAt: Date;
  endsAt: Date;
}

/**
 * How long an open interval's heartbeat (last_seen_at, touched every 30 s by the live room)
 * may be silent before its connection counts as gone: its instance crashed or lost the
 * database. Generous on purpose: a gone connection is credited only up to its last heartbeat
 * however late it is closed, while closing a live one would lose the rest of its time.
 */
export const STALE_SECONDS = 180;

/**
 * The times a person was in the room, as merged [from, to) spans in epoch ms (two tabs at
 * once count once). While the webinar is live (`liveNow`), an open interval lasts until now
 * unless its heartbeat went stale; otherwise until its last heartbeat.
 */
export function presence(intervals: AttendanceSpan[], liveNow: Date | null, staleMs = STALE_SECONDS * 1000): [number, number][] {
  const until = (i: AttendanceSpan) => {
    if (i.leftAt) return i.leftAt.getTime();
    const seen = i.lastSeenAt.getTime();
    return liveNow && liveNow.getTime() - seen <= staleMs ? Math.max(seen, liveNow.getTime()) : seen;
  };
  const spans = intervals
    .map((i): [number, number] => [i.joinedAt.getTime(), until(i)])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [a, b] of spans) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

export interface Attended {
  /** Whole minutes within the schedule. */
  minutes: number;
  /** Share of the scheduled time, 0–100, rounded down to two decimals. */
  attendedPct: number;
}

/** Minutes attended within [startsAt, endsAt] and their share of the scheduled time. */
export function attended(intervals: AttendanceSpan[], schedule: Schedule, liveNow: Date | null = null): Attended {
  const start = schedule.startsAt.getTime();
  const end = schedule.endsAt.getTime();
  let ms = 0;
  for (const [a, b] of presence(intervals, liveNow)) ms += Math.max(0, Math.min(b, end) - Math.max(a, start));
  const scheduled = end - start;
  return {
    minutes: Math.floor(ms / 60_000),
    // Rounded down, so 79.999 % never shows (or counts) as 80 %.
    attendedPct: scheduled > 0 ? Math.min(100, Math.floor((ms / scheduled) * 10_000) / 100) : 0,
  };
}

export interface AttentionCheck {
  id: number;
  createdAt: Date;
}

/** The checks this person was shown (present when issued, or acknowledged anyway) and how many they acknowledged. */
export function attentionTally(spans: [number, number][], checks: AttentionCheck[], acked: Set<number>): { shown: number; acked: number } {
  let shown = 0;
  let ack = 0;
  for (const c of checks) {
    const t = c.createdAt.getTime();
    const wasThere = spans.some(([a, b]) => a <= t && t < b);
    if (acked.has(c.id)) ack++;
    if (wasThere || acked.has(c.id)) shown++;
  }
  return { shown, acked: ack };
}

/** The attendance threshold met and, if checks were shown, at least half of them acknowledged. */
export function qualifies(a: Attended, thresholdPct: number, attention: { shown: number; acked: number }): boolean {
  return a.attendedPct >= thresholdPct && attention.acked * 2 >= attention.shown;
}

// ---- Closing intervals ----

/**
 * Closes the attendance intervals whose connection is gone without saying so (its app
 * instance crashed), at their last heartbeat. With staleSeconds 0 that is every open interval
 * (right for a single instance at start: no connection survives a restart, and the live room
 * opens a new interval when a person comes back); with app instances sharing the database,
 * pass STALE_SECONDS so other instances' live connections stay open. Returns how many closed.
 */
export async function closeStaleAttendance(
  db: Db,
  opts: { staleSeconds?: number; reason?: Extract<AttendanceCloseReason, 'restart' | 'timeout'>; webinarId?: number } = {},
): Promise<number> {
  let q = db
    .updateTable('webinar_attendance')
    .set({ left_at: sql<Date>`last_seen_at`, close_reason: opts.reason ?? 'restart' })
    .where('left_at', 'is', null)
    .where('last_seen_at', '<=', sql<Date>`now() - make_interval(secs => ${opts.staleSeconds ?? 0})`);
  if (opts.webinarId !== undefined) q = q.where('webinar_id', '=', opts.webinarId);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

// ---- Outcomes ----

/** The owner and co-hosts. */
async function hostIds(db: Db, w: Pick<WebinarRow, 'id' | 'host_id'>): Promise<Set<number>> {
  const rows = await db.selectFrom('webinar_hosts').select('person_id').where('webinar_id', '=', w.id).execute();
  return new Set([w.host_id, ...rows.map((r) => r.person_id)]);
}

async function attendanceRows(db: Db, webinarId: number) {
  return db
    .selectFrom('webinar_attendance')
    .select(['id', 'person_id', 'joined_at', 'last_seen_at', 'left_at', 'close_reason', 'mode'])
    .where('webinar_id', '=', webinarId)
    .orderBy('person_id')
    .orderBy('joined_at')
    .orderBy('id')
    .execute();
}

type AttendanceRow = Awaited<ReturnType<typeof attendanceRows>>[number];

const span = (r: AttendanceRow): AttendanceSpan => ({ joinedAt: r.joined_at, leftAt: r.left_at, lastSeenAt: r.last_seen_at });

function byPerson<T extends { person_id: number }>(rows: T[]): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) {
    const list = m.get(r.person_id);
    if (list) list.push(r);
    else m.set(r.person_id, [r]);
  }
  return m;
}

async function attentionOf(db: Db, webinarId: number) {
  const checks = await db.selectFrom('webinar_attention_checks').select(['id', 'created_at']).where('webinar_id', '=', webinarId).orderBy('id').execute();
  const acks = checks.length
    ? await db.selectFrom('webinar_attention_acks').select(['check_id', 'person_id']).where('check_id', 'in', checks.map((c) => c.id)).execute()
    : [];
  const ackedBy = new Map<number, Set<number>>();
  for (const a of acks) ackedBy.set(a.person_id, (ackedBy.get(a.person_id) ?? new Set()).add(a.check_id));
  return { checks: checks.map((c) => ({ id: c.id, createdAt: c.created_at })), ackedBy };
}

/** The JP entry in force for this person and webinar (the latest of its chain). */
async function jpInForce(db: Db, personId: number, webinarId: number) {
  return db
    .selectFrom('jp_entries')
    .select(['id', 'jp'])
    .where('person_id', '=', personId)
    .where('source', '=', 'webinar')
    .where('source_id', '=', webinarId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export interface OutcomeSummary {
  people: number;
  qualified: number;
}

/**
 * Settles what attending an ended webinar earned: closes the intervals still open (at the
 * end), then per attendee writes webinar_outcomes and, for those who qualified, JP, evidence
 * and a certificate. Idempotent: a re-run writes nothing new (the ledgers only record
 * changes, the certificate is issued once). Given a transaction it runs in it, so ending the
 * webinar and settling its outcomes commit together; does nothing for a webinar not ended.
 */
export async function computeOutcomes(db: Db, webinarId: number): Promise<OutcomeSummary | null> {
  if (!db.isTransaction) return db.transaction().execute((trx) => computeOutcomes(trx, webinarId));
  const trx = db as Transaction<DB>;
  const w = await lockWebinar(trx, webinarId);
  if (!w || w.status !== 'ended' || !w.ended_at) return null;

  // Connections still there were in the room until the end; ones long silent, until they went quiet.
  await closeStaleAttendance(trx, { staleSeconds: STALE_SECONDS, reason: 'timeout', webinarId });
  await trx
    .updateTable('webinar_attendance')
    .set({ left_at: sql<Date>`greatest(joined_at, least(now(), ${w.ended_at}::timestamptz))`, close_reason: 'ended' })
    .where('webinar_id', '=', webinarId)
    .where('left_at', 'is', null)
    .execute();

  const [rows, hosts, attention, competencies, settings] = await Promise.all([
    attendanceRows(trx, webinarId),
    hostIds(trx, w),
    attentionOf(trx, webinarId),
    trx.selectFrom('webinar_competencies').select(['competency_code', 'level']).where('webinar_id', '=', webinarId).orderBy('competency_code').execute(),
    loadSettings(trx),
  ]);
  const schedule = { startsAt: w.starts_at, endsAt: w.ends_at };
  const occurredAt = w.ended_at < w.ends_at ? w.ended_at : w.ends_at;
  const threshold = Number(w.attendance_threshold_pct);
  const summary: OutcomeSummary = { people: 0, qualified: 0 };

  for (const [personId, list] of byPerson(rows)) {
    if (hosts.has(personId)) continue;
    const spans = list.map(span);
    const a = attended(spans, schedule);
    const tally = attentionTally(presence(spans, null), attention.checks, attention.ackedBy.get(personId) ?? new Set());
    const qualified = qualifies(a, threshold, tally);
    summary.people++;
    if (qualified) summary.qualified++;

    // Not qualified: only withdraws what an earlier computation may have recorded.
    await ensureJp(trx, {
      personId,
      source: 'webinar',
      sourceId: webinarId,
      jp: qualified ? jpFromMinutes(a.minutes, settings, Number(w.jp)) : 0,
      minutes: qualified ? a.minutes : null,
      title: w.title,
      occurredAt,
    });
    for (const c of competencies) {
      await ensureEvidence(trx, {
        personId,
        code: c.competency_code,
        level: qualified ? c.level : null,
        source: 'webinar',
        sourceId: webinarId,
        title: w.title,
        detail: `${a.minutes} menit (${String(a.attendedPct).replace('.', ',')} %)`,
        occurredAt,
      });
    }
    const jp = await jpInForce(trx, personId, webinarId);
    // A certificate once issued stays; revoking one is an admin's decision.
    const certificate = qualified ? await issueCertificate(trx, { personId, kind: 'webinar', sourceId: webinarId }) : null;

    const values = {
      minutes: a.minutes,
      attended_pct: a.attendedPct,
      attention_checks: tally.shown,
      attention_acked: tally.acked,
      qualified,
      jp_entry_id: jp?.id ?? null,
      certificate_id: certificate?.id ?? null,
    };
    await trx
      .insertInto('webinar_outcomes')
      .values({ webinar_id: webinarId, person_id: personId, ...values })
      .onConflict((oc) =>
        oc
          .columns(['webinar_id', 'person_id'])
          .doUpdateSet({ ...values, certificate_id: sql<number | null>`coalesce(excluded.certificate_id, webinar_outcomes.certificate_id)`, computed_at: sql<Date>`now()` })
          // Unchanged outcomes keep the time they were computed.
          .where(
            sql<boolean>`(webinar_outcomes.minutes, webinar_outcomes.attended_pct, webinar_outcomes.attention_checks, webinar_outcomes.attention_acked, webinar_outcomes.qualified, webinar_outcomes.jp_entry_id, webinar_outcomes.certificate_id)
              IS DISTINCT FROM (excluded.minutes, excluded.attended_pct, excluded.attention_checks, excluded.attention_acked, excluded.qualified, excluded.jp_entry_id, coalesce(excluded.certificate_id, webinar_outcomes.certificate_id))`,
          ),
      )
      .execute();
    // A programme step this webinar is, with the outcome it needs.
    if (qualified) await onActivityDone(trx, personId, 'webinar', webinarId);
  }
  return summary;
}

// ---- Reading: the hosts' report, the results, my outcome ----

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export interface AttendanceItem {
  person: { id: number; name: string; nip: string | null; unit: { id: number; code: string; name: string } | null };
  /** The owner or a co-host: runs the webinar, earns nothing from it. */
  host: boolean;
  /** Held a seat (registered or approved). */
  registered: boolean;
  minutes: number;
  attendedPct: number;
  /** Null while the webinar has not ended, and for hosts. */
  qualified: boolean | null;
  /** JP awarded; null while not ended. */
  jp: number | null;
  attentionChecks: number;
  attentionAcked: number;
  intervals: { joinedAt: string; leftAt: string | null; closeReason: AttendanceCloseReason | null; mode: string }[];
}

export interface AttendanceReport {
  status: WebinarRow['status'];
  scheduledMinutes: number;
  thresholdPct: number;
  items: AttendanceItem[];
}

/**
 * Per person who came (or held a seat and did not): minutes, share, qualification and the raw
 * intervals. While live, open intervals count up to now; once ended, the outcomes stand.
 */
export async function attendanceReport(db: Db, w: WebinarRow, now = new Date()): Promise<AttendanceReport> {
  const [rows, hosts, attention, seated, outcomes] = await Promise.all([
    attendanceRows(db, w.id),
    hostIds(db, w),
    attentionOf(db, w.id),
    db.selectFrom('webinar_registrations').select('person_id').where('webinar_id', '=', w.id).where('status', 'in', SEATED).execute(),
    db
      .selectFrom('webinar_outcomes as o')
      .leftJoin('jp_entries as j', 'j.id', 'o.jp_entry_id')
      .select(['o.person_id', 'o.minutes', 'o.attended_pct', 'o.attention_checks', 'o.attention_acked', 'o.qualified', 'j.jp'])
      .where('o.webinar_id', '=', w.id)
      .execute(),
  ]);
  const registered = new Set(seated.map((r) => r.person_id));
  const grouped = byPerson(rows);
  const ids = [...new Set([...grouped.keys(), ...registered])];
  const people = ids.length
    ? await db
        .selectFrom('people as p')
        .leftJoin('units as u', 'u.id', 'p.unit_id')
        .select(['p.id', 'p.name', 'p.nip', 'u.id as unit_id', 'u.code as unit_code', 'u.name as unit_name'])
        .where('p.id', 'in', ids)
        .execute()
    : [];
  const ended = w.status === 'ended';
  const liveNow = ended || w.status === 'cancelled' ? null : now;
  const schedule = { startsAt: w.starts_at, endsAt: w.ends_at };
  const items = people.map((p): AttendanceItem => {
    const list = grouped.get(p.id) ?? [];
    const spans = list.map(span);
    const o = outcomes.find((x) => x.person_id === p.id);
    const a = o ? { minutes: o.minutes, attendedPct: Number(o.attended_pct) } : attended(spans, schedule, liveNow);
    const tally = o ? { shown: o.attention_checks, acked: o.attention_acked } : attentionTally(presence(spans, liveNow), attention.checks, attention.ackedBy.get(p.id) ?? new Set());
    const host = hosts.has(p.id);
    return {
      person: { id: p.id, name: p.name, nip: p.nip, unit: p.unit_id !== null ? { id: p.unit_id, code: p.unit_code!, name: p.unit_name! } : null },
      host,
      registered: registered.has(p.id),
      minutes: a.minutes,
      attendedPct: a.attendedPct,
      // Someone with a seat who never came did not qualify either.
      qualified: !ended || host ? null : (o?.qualified ?? false),
      jp: !ended || host ? null : o?.jp != null ? Number(o.jp) : 0,
      attentionChecks: tally.shown,
      attentionAcked: tally.acked,
      intervals: list.map((r) => ({ joinedAt: r.joined_at.toISOString(), leftAt: iso(r.left_at), closeReason: r.close_reason, mode: r.mode })),
    };
  });
  items.sort((x, y) => Number(x.host) - Number(y.host) || y.minutes - x.minutes || x.person.name.localeCompare(y.person.name, 'id'));
  return {
    status: w.status,
    scheduledMinutes: Math.round((w.ends_at.getTime() - w.starts_at.getTime()) / 60_000),
    thresholdPct: Number(w.attendance_threshold_pct),
    items,
  };
}

export interface WebinarResults {
  polls: {
    id: number;
    question: string;
    multiple: boolean;
    status: 'open' | 'closed';
    voters: number;
    options: { label: string; votes: number }[];
    createdAt: string;
    closedAt: string | null;
  }[];
  questions: {
    id: number;
    body: string;
    anonymous: boolean;
    /** Hosts see who asked, even an anonymous question. */
    askedBy: { id: number; name: string };
    status: QuestionStatus;
    votes: number;
    createdAt: string;
    decidedAt: string | null;
  }[];
}

/** Polls with their votes per option, and the Q&A with upvotes and status. */
export async function webinarResults(db: Db, webinarId: number): Promise<WebinarResults> {
  const [polls, counts, voters, questions] = await Promise.all([
    db.selectFrom('webinar_polls').selectAll().where('webinar_id', '=', webinarId).orderBy('id').execute(),
    sql<{ poll_id: number; choice: number; n: number }>`
      SELECT v.poll_id, c.choice, count(*)::int AS n
        FROM webinar_poll_votes v JOIN webinar_polls p ON p.id = v.poll_id, unnest(v.choices) AS c(choice)
       WHERE p.webinar_id = ${webinarId}
       GROUP BY v.poll_id, c.choice`.execute(db),
    db
      .selectFrom('webinar_poll_votes as v')
      .innerJoin('webinar_polls as p', 'p.id', 'v.poll_id')
      .select(['v.poll_id', sql<number>`count(*)::int`.as('n')])
      .where('p.webinar_id', '=', webinarId)
      .groupBy('v.poll_id')
      .execute(),
    db
      .selectFrom('webinar_questions as q')
      .innerJoin('people as p', 'p.id', 'q.person_id')
      .select([
        'q.id',
        'q.body',
        'q.anonymous',
        'q.status',
        'q.created_at',
        'q.decided_at',
        'p.id as person_id',
        'p.name',
        (eb) => eb.selectFrom('webinar_question_votes as v').select(sql<number>`count(*)::int`.as('n')).whereRef('v.question_id', '=', 'q.id').as('votes'),
      ])
      .where('q.webinar_id', '=', webinarId)
      .orderBy('q.id')
      .execute(),
  ]);
  return {
    polls: polls.map((p) => ({
      id: p.id,
      question: p.question,
      multiple: p.multiple,
      status: p.status,
      voters: voters.find((v) => v.poll_id === p.id)?.n ?? 0,
      options: p.options.map((label, i) => ({ label, votes: counts.rows.find((c) => c.poll_id === p.id && c.choice === i)?.n ?? 0 })),
      createdAt: p.created_at.toISOString(),
      closedAt: iso(p.closed_at),
    })),
    questions: questions
      .map((q) => ({
        id: q.id,
        body: q.body,
        anonymous: q.anonymous,
        askedBy: { id: q.person_id, name: q.name },
        status: q.status,
        votes: q.votes ?? 0,
        createdAt: q.created_at.toISOString(),
        decidedAt: iso(q.decided_at),
      }))
      .sort((a, b) => b.votes - a.votes || a.id - b.id),
  };
}

export interface MyOutcome {
  webinarId: number;
  minutes: number;
  attendedPct: number;
  thresholdPct: number;
  qualified: boolean;
  jp: number;
  attentionChecks: number;
  attentionAcked: number;
  /** The certificate's code (XXXX-XXXX-XXXX), when one was issued. */
  certificateCode: string | null;
  computedAt: string;
}

/** What attending this webinar earned me; undefined before it ended or when I did not attend. */
export async function myOutcome(db: Db, personId: number, webinarId: number): Promise<MyOutcome | undefined> {
  const o = await db
    .selectFrom('webinar_outcomes as o')
    .innerJoin('webinars as w', 'w.id', 'o.webinar_id')
    .leftJoin('jp_entries as j', 'j.id', 'o.jp_entry_id')
    .leftJoin('certificates as c', 'c.id', 'o.certificate_id')
    .select(['o.minutes', 'o.attended_pct', 'o.qualified', 'o.attention_checks', 'o.attention_acked', 'o.computed_at', 'w.attendance_threshold_pct', 'j.jp', 'c.code'])
    .where('o.webinar_id', '=', webinarId)
    .where('o.person_id', '=', personId)
    .executeTakeFirst();
  if (!o) return undefined;
  return {
    webinarId,
    minutes: o.minutes,
    attendedPct: Number(o.attended_pct),
    thresholdPct: Number(o.attendance_threshold_pct),
    qualified: o.qualified,
    jp: o.jp != null ? Number(o.jp) : 0,
    attentionChecks: o.attention_checks,
    attentionAcked: o.attention_acked,
    certificateCode: o.code ? formatCertificateCode(o.code) : null,
    computedAt: o.computed_at.toISOString(),
  };
}
