/** What the live room keeps in the database: attendance, chat, Q&A, polls, hands, speakers, attention checks. */
import { sql, type Kysely } from 'kysely';
import type { AttendanceCloseReason, DB } from '../../db/types.ts';
import type { AttentionV, ChatMessageV, HandV, ParticipantV, PollV, QuestionV, Role } from './protocol.ts';

type Db = Kysely<DB>;

/** How much chat history a (re)joining participant gets. */
export const CHAT_HISTORY = 200;

const iso = (d: Date) => d.toISOString();

// ---- Attendance ----

export async function openInterval(db: Db, webinarId: number, personId: number, mode: string): Promise<number> {
  const row = await db.insertInto('webinar_attendance').values({ webinar_id: webinarId, person_id: personId, mode }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Closes one interval at `at` (a dropped connection: its last heartbeat), else now. */
export async function closeInterval(db: Db, id: number, reason: AttendanceCloseReason, at?: Date): Promise<void> {
  const when = at ? sql<Date>`greatest(${at}::timestamptz, joined_at)` : sql<Date>`greatest(now(), joined_at)`;
  await db
    .updateTable('webinar_attendance')
    .set({ left_at: when, last_seen_at: when, close_reason: reason })
    .where('id', '=', id)
    .where('left_at', 'is', null)
    .execute();
}

/** Marks the intervals of connections that answered their heartbeat as still present. */
export async function touchIntervals(db: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('webinar_attendance').set({ last_seen_at: sql<Date>`greatest(now(), joined_at)` }).where('id', 'in', ids).where('left_at', 'is', null).execute();
}

export async function participants(db: Db, webinarId: number, hostIds: Set<number>, speakerIds: Set<number>): Promise<ParticipantV[]> {
  const rows = await db
    .selectFrom('webinar_attendance as a')
    .innerJoin('people as p', 'p.id', 'a.person_id')
    .select(['a.person_id', 'p.name', sql<number>`count(*)::int`.as('connections'), sql<string>`max(a.mode)`.as('mode')])
    .where('a.webinar_id', '=', webinarId)
    .where('a.left_at', 'is', null)
    .groupBy(['a.person_id', 'p.name'])
    .orderBy('p.name')
    .execute();
  return rows.map((r) => ({
    personId: r.person_id,
    name: r.name,
    role: hostIds.has(r.person_id) ? 'host' : speakerIds.has(r.person_id) ? 'speaker' : 'attendee',
    connections: r.connections,
    mode: r.mode,
  }));
}

export async function participantCount(db: Db, webinarId: number): Promise<number> {
  const r = await db
    .selectFrom('webinar_attendance')
    .select(sql<number>`count(DISTINCT person_id)::int`.as('n'))
    .where('webinar_id', '=', webinarId)
    .where('left_at', 'is', null)
    .executeTakeFirstOrThrow();
  return r.n;
}

// ---- Chat ----

export async function addChat(db: Db, webinarId: number, personId: number, name: string, body: string): Promise<ChatMessageV> {
  const r = await db.insertInto('webinar_chat_messages').values({ webinar_id: webinarId, person_id: personId, body }).returning(['id', 'created_at']).executeTakeFirstOrThrow();
  return { id: r.id, personId, name, body, at: iso(r.created_at), removed: false };
}

export async function removeChat(db: Db, webinarId: number, messageId: number, by: number): Promise<boolean> {
  const r = await db
    .updateTable('webinar_chat_messages')
    .set({ removed_at: sql<Date>`now()`, removed_by: by })
    .where('id', '=', messageId)
    .where('webinar_id', '=', webinarId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function chatHistory(db: Db, webinarId: number): Promise<ChatMessageV[]> {
  const rows = await db
    .selectFrom('webinar_chat_messages as m')
    .innerJoin('people as p', 'p.id', 'm.person_id')
    .select(['m.id', 'm.person_id', 'p.name', 'm.body', 'm.created_at'])
    .where('m.webinar_id', '=', webinarId)
    .where('m.removed_at', 'is', null)
    .orderBy('m.id', 'desc')
    .limit(CHAT_HISTORY)
    .execute();
  return rows.reverse().map((r) => ({ id: r.id, personId: r.person_id, name: r.name, body: r.body, at: iso(r.created_at), removed: false }));
}

// ---- Q&A ----

function questionsQuery(db: Db, webinarId: number) {
  return db
    .selectFrom('webinar_questions as q')
    .innerJoin('people as p', 'p.id', 'q.person_id')
    .select([
      'q.id',
      'q.person_id',
      'p.name',
      'q.body',
      'q.anonymous',
      'q.status',
      'q.created_at',
      (eb) => eb.selectFrom('webinar_question_votes as v').select(sql<number>`count(*)::int`.as('n')).whereRef('v.question_id', '=', 'q.id').as('votes'),
    ])
    .where('q.webinar_id', '=', webinarId);
}

type QuestionRow = Awaited<ReturnType<ReturnType<typeof questionsQuery>['executeTakeFirstOrThrow']>>;
const questionView = (r: QuestionRow): QuestionV => ({
  id: r.id,
  personId: r.person_id,
  name: r.name,
  body: r.body,
  anonymous: r.anonymous,
  status: r.status,
  votes: r.votes ?? 0,
  at: iso(r.created_at),
});

/** The view attendees get: an anonymous question without its asker. */
export const questionFor = (q: QuestionV, host: boolean, personId: number): QuestionV =>
  q.anonymous && !host && q.personId !== personId ? { ...q, personId: null, name: null } : q;

export async function questionById(db: Db, webinarId: number, id: number): Promise<QuestionV | null> {
  const r = await questionsQuery(db, webinarId).where('q.id', '=', id).executeTakeFirst();
  return r ? questionView(r) : null;
}

export async function questions(db: Db, webinarId: number): Promise<QuestionV[]> {
  return (await questionsQuery(db, webinarId).orderBy('q.id').execute()).map(questionView);
}

export async function askQuestion(db: Db, webinarId: number, personId: number, body: string, anonymous: boolean): Promise<number> {
  const r = await db.insertInto('webinar_questions').values({ webinar_id: webinarId, person_id: personId, body, anonymous }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Adds or takes back an upvote; false when there is no such question in this webinar. */
export async function voteQuestion(db: Db, webinarId: number, questionId: number, personId: number, up: boolean): Promise<boolean> {
  const q = await db.selectFrom('webinar_questions').select('id').where('id', '=', questionId).where('webinar_id', '=', webinarId).executeTakeFirst();
  if (!q) return false;
  if (up) await db.insertInto('webinar_question_votes').values({ question_id: questionId, person_id: personId }).onConflict((oc) => oc.doNothing()).execute();
  else await db.deleteFrom('webinar_question_votes').where('question_id', '=', questionId).where('person_id', '=', personId).execute();
  return true;
}

export async function decideQuestion(db: Db, webinarId: number, questionId: number, status: 'open' | 'answered' | 'dismissed', by: number): Promise<boolean> {
  const r = await db
    .updateTable('webinar_questions')
    .set(status === 'open' ? { status, decided_at: null, decided_by: null } : { status, decided_at: sql<Date>`now()`, decided_by: by })
    .where('id', '=', questionId)
    .where('webinar_id', '=', webinarId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function myVotes(db: Db, webinarId: number, personId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('webinar_question_votes as v')
    .innerJoin('webinar_questions as q', 'q.id', 'v.question_id')
    .select('v.question_id')
    .where('q.webinar_id', '=', webinarId)
    .where('v.person_id', '=', personId)
    .execute();
  return rows.map((r) => r.question_id);
}

// ---- Polls ----

async function pollViews(db: Db, webinarId: number, pollId?: number): Promise<PollV[]> {
  let q = db.selectFrom('webinar_polls').selectAll().where('webinar_id', '=', webinarId);
  if (pollId !== undefined) q = q.where('id', '=', pollId);
  const polls = await q.orderBy('id').execute();
  if (polls.length === 0) return [];
  const ids = polls.map((p) => p.id);
  const counts = (
    await sql<{ poll_id: number; choice: number; n: number }>`
      SELECT v.poll_id, c.choice, count(*)::int AS n
        FROM webinar_poll_votes v, unnest(v.choices) AS c(choice)
       WHERE v.poll_id = ANY(${ids}::bigint[])
       GROUP BY v.poll_id, c.choice`.execute(db)
  ).rows;
  const voters = await db
    .selectFrom('webinar_poll_votes')
    .select(['poll_id', sql<number>`count(*)::int`.as('n')])
    .where('poll_id', 'in', ids)
    .groupBy('poll_id')
    .execute();
  return polls.map((p) => {
    const c = p.options.map(() => 0);
    for (const row of counts) if (row.poll_id === p.id && row.choice >= 0 && row.choice < c.length) c[row.choice] = row.n;
    return {
      id: p.id,
      question: p.question,
      options: p.options,
      multiple: p.multiple,
      status: p.status,
      counts: c,
      voters: voters.find((v) => v.poll_id === p.id)?.n ?? 0,
      at: iso(p.created_at),
    };
  });
}

export const polls = (db: Db, webinarId: number) => pollViews(db, webinarId);
export const pollById = async (db: Db, webinarId: number, pollId: number) => (await pollViews(db, webinarId, pollId))[0] ?? null;

export async function createPoll(db: Db, webinarId: number, by: number, question: string, options: string[], multiple: boolean): Promise<number> {
  const r = await db
    .insertInto('webinar_polls')
    .values({ webinar_id: webinarId, created_by: by, question, options: JSON.stringify(options), multiple })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function pollForVote(db: Db, webinarId: number, pollId: number) {
  return db.selectFrom('webinar_polls').select(['id', 'options', 'multiple', 'status']).where('id', '=', pollId).where('webinar_id', '=', webinarId).executeTakeFirst();
}

export async function votePoll(db: Db, pollId: number, personId: number, choices: number[]): Promise<boolean> {
  // Only while the poll is open: the check and the write are one statement.
  const r = await sql<{ poll_id: number }>`
    INSERT INTO webinar_poll_votes (poll_id, person_id, choices)
    SELECT id, ${personId}, ${choices}::int[] FROM webinar_polls WHERE id = ${pollId} AND status = 'open'
    ON CONFLICT (poll_id, person_id) DO UPDATE SET choices = excluded.choices, voted_at = now()
    RETURNING poll_id`.execute(db);
  return r.rows.length > 0;
}

export async function closePoll(db: Db, webinarId: number, pollId: number): Promise<boolean> {
  const r = await db
    .updateTable('webinar_polls')
    .set({ status: 'closed', closed_at: sql<Date>`now()` })
    .where('id', '=', pollId)
    .where('webinar_id', '=', webinarId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function myPollChoices(db: Db, webinarId: number, personId: number): Promise<Record<string, number[]>> {
  const rows = await db
    .selectFrom('webinar_poll_votes as v')
    .innerJoin('webinar_polls as p', 'p.id', 'v.poll_id')
    .select(['v.poll_id', 'v.choices'])
    .where('p.webinar_id', '=', webinarId)
    .where('v.person_id', '=', personId)
    .execute();
  return Object.fromEntries(rows.map((r) => [String(r.poll_id), r.choices]));
}

// ---- Hands and speakers ----

export async function hands(db: Db, webinarId: number): Promise<HandV[]> {
  const rows = await db
    .selectFrom('webinar_hands as h')
    .innerJoin('people as p', 'p.id', 'h.person_id')
    .select(['h.person_id', 'p.name', 'h.raised_at'])
    .where('h.webinar_id', '=', webinarId)
    .orderBy('h.raised_at')
    .execute();
  return rows.map((r) => ({ personId: r.person_id, name: r.name, at: iso(r.raised_at) }));
}

export async function raiseHand(db: Db, webinarId: number, personId: number): Promise<void> {
  await db.insertInto('webinar_hands').values({ webinar_id: webinarId, person_id: personId }).onConflict((oc) => oc.doNothing()).execute();
}

export async function lowerHand(db: Db, webinarId: number, personId: number): Promise<void> {
  await db.deleteFrom('webinar_hands').where('webinar_id', '=', webinarId).where('person_id', '=', personId).execute();
}

export async function speakers(db: Db, webinarId: number): Promise<number[]> {
  return (await db.selectFrom('webinar_speakers').select('person_id').where('webinar_id', '=', webinarId).orderBy('promoted_at').execute()).map((r) => r.person_id);
}

export async function isSpeaker(db: Db, webinarId: number, personId: number): Promise<boolean> {
  return !!(await db.selectFrom('webinar_speakers').select('person_id').where('webinar_id', '=', webinarId).where('person_id', '=', personId).executeTakeFirst());
}

export async function promote(db: Db, webinarId: number, personId: number, by: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('webinar_speakers').values({ webinar_id: webinarId, person_id: personId, promoted_by: by }).onConflict((oc) => oc.doNothing()).execute();
    await trx.deleteFrom('webinar_hands').where('webinar_id', '=', webinarId).where('person_id', '=', personId).execute();
  });
}

export async function demote(db: Db, webinarId: number, personId: number): Promise<void> {
  await db.deleteFrom('webinar_speakers').where('webinar_id', '=', webinarId).where('person_id', '=', personId).execute();
}

// ---- Attention checks ----

export async function startAttention(db: Db, webinarId: number, by: number, prompt: string, seconds: number): Promise<AttentionV> {
  const r = await db
    .insertInto('webinar_attention_checks')
    .values({ webinar_id: webinarId, created_by: by, prompt, expires_at: sql<Date>`now() + make_interval(secs => ${seconds})` })
    .returning(['id', 'expires_at'])
    .executeTakeFirstOrThrow();
  return { id: r.id, prompt, expiresAt: iso(r.expires_at) };
}

/** Acknowledges a check still running; false when there is none such or its time is up. */
export async function ackAttention(db: Db, webinarId: number, checkId: number, personId: number): Promise<boolean> {
  const r = await sql<{ check_id: number }>`
    INSERT INTO webinar_attention_acks (check_id, person_id)
    SELECT id, ${personId} FROM webinar_attention_checks WHERE id = ${checkId} AND webinar_id = ${webinarId} AND expires_at > now()
    ON CONFLICT DO NOTHING
    RETURNING check_id`.execute(db);
  if (r.rows.length > 0) return true;
  // Acknowledged before: still a success.
  return !!(await db.selectFrom('webinar_attention_acks').select('check_id').where('check_id', '=', checkId).where('person_id', '=', personId).executeTakeFirst());
}

/** The running check this person has not acknowledged yet. */
export async function pendingAttention(db: Db, webinarId: number, personId: number): Promise<AttentionV | null> {
  const r = await db
    .selectFrom('webinar_attention_checks as c')
    .select(['c.id', 'c.prompt', 'c.expires_at'])
    .where('c.webinar_id', '=', webinarId)
    .where('c.expires_at', '>', sql<Date>`now()`)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('webinar_attention_acks as a').select('a.check_id').whereRef('a.check_id', '=', 'c.id').where('a.person_id', '=', personId))))
    .orderBy('c.id', 'desc')
    .executeTakeFirst();
  return r ? { id: r.id, prompt: r.prompt, expiresAt: iso(r.expires_at) } : null;
}

export type { Role };
