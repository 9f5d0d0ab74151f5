/**
 * A citizen's response: checked the same way whether it came from the page's form or the JSON
 * API, then stored under the rate limits and burst checks (abuse.ts). A flagged response is
 * kept but left out of the index until an admin includes it.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, SurveyChannel, SurveyReview } from '../db/types.ts';
import { AppError, text, type Text } from '../plugins/errors.ts';
import { ELEMENT_CODES, elementByCode, elementColumn, EXTRA_TEXT_MAX, PROFILE_FIELDS, SUGGESTION_MAX, type ElementCode } from './elements.ts';
import type { PublicSurvey } from './surveys.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** What arrived, before checking: from JSON as sent, from a form as strings. */
export interface RawSubmission {
  answers?: unknown;
  profile?: unknown;
  questions?: unknown;
  suggestion?: unknown;
  /** A one-time key of the form (or API client): a second send with it stores nothing new. */
  key?: unknown;
}

export interface Submission {
  answers: Partial<Record<ElementCode, number>>;
  profile: { ageBand: string | null; sex: string | null; education: string | null; occupation: string | null; service: string | null };
  questions: Record<string, number | string>;
  suggestion: string | null;
  key: string | null;
}

export interface FieldError {
  /** answers.U3, profile.sex, questions.12, suggestion … */
  field: string;
  message: Text;
}

export class SubmissionInvalid extends AppError {
  constructor(readonly fields: FieldError[], lang: 'id' | 'en' = 'id') {
    const first = fields[0]!;
    super(
      400,
      'validation_failed',
      fields.length === 1
        ? first.message
        : text(`${first.message.id} (dan ${fields.length - 1} isian lain perlu diperbaiki)`, `${first.message.en} (and ${fields.length - 1} more to fix)`),
      fields.map((f) => ({ field: f.field, message: f.message[lang] })),
    );
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** 1..4 from a number or a digit string; undefined when it is neither. */
function scaleValue(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d\s*$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= 4 ? n : undefined;
}

const numberOf = (code: ElementCode) => Number(code.slice(1));

/** Checks a submission against the survey; throws SubmissionInvalid naming every field at fault. */
export function checkSubmission(survey: PublicSurvey, raw: RawSubmission): Submission {
  const errors: FieldError[] = [];
  const out: Submission = {
    answers: {},
    profile: { ageBand: null, sex: null, education: null, occupation: null, service: null },
    questions: {},
    suggestion: null,
    key: null,
  };

  if (raw.answers !== undefined && !isRecord(raw.answers)) {
    errors.push({ field: 'answers', message: text('Jawaban harus dikirim sebagai daftar U1 sampai U9.', 'Answers must be sent as an object with U1 to U9.') });
  }
  const answers = isRecord(raw.answers) ? raw.answers : {};
  for (const [key, value] of Object.entries(answers)) {
    const code = key.toUpperCase() as ElementCode;
    const element = elementByCode.get(code);
    if (!element) {
      errors.push({ field: `answers.${key}`, message: text(`Pertanyaan ${key} tidak ada di survei ini. Yang ada hanya U1 sampai U9.`, `There is no question ${key} in this survey: only U1 to U9.`) });
      continue;
    }
    if (blank(value)) continue;
    const n = scaleValue(value);
    if (n === undefined) {
      errors.push({
        field: `answers.${code}`,
        message: text(
          `Jawaban pertanyaan ${numberOf(code)} (${element.name.id}, ${code}) harus salah satu pilihan, dari 1 sampai 4.`,
          `The answer to question ${numberOf(code)} (${element.name.en}, ${code}) must be one of the choices, 1 to 4.`,
        ),
      });
      continue;
    }
    out.answers[code] = n;
  }
  if (!errors.some((e) => e.field.startsWith('answers')) && Object.keys(out.answers).length === 0) {
    errors.push({ field: 'answers', message: text('Jawab paling sedikit satu pertanyaan tentang pelayanan (U1 sampai U9).', 'Answer at least one question about the service (U1 to U9).') });
  }

  const profile = isRecord(raw.profile) ? raw.profile : {};
  if (raw.profile !== undefined && raw.profile !== null && !isRecord(raw.profile)) {
    errors.push({ field: 'profile', message: text('Data tentang Anda harus berupa daftar isian.', 'The profile must be an object.') });
  }
  for (const f of PROFILE_FIELDS) {
    const v = profile[f.key];
    if (blank(v)) continue;
    if (typeof v !== 'string' || !f.options.some((o) => o.value === v)) {
      errors.push({
        field: `profile.${f.key}`,
        message: text(`Pilihan "${f.label.id}" tidak dikenal. Pilih salah satu yang ada, atau kosongkan.`, `Unknown choice for "${f.label.en}". Pick one of the list, or leave it empty.`),
      });
      continue;
    }
    out.profile[f.key] = v;
  }
  for (const key of Object.keys(profile)) {
    if (key !== 'service' && !PROFILE_FIELDS.some((f) => f.key === key)) {
      errors.push({ field: `profile.${key}`, message: text(`Isian "${key}" tidak dikenal.`, `Unknown field "${key}".`) });
    }
  }
  if (!blank(profile.service)) {
    const s = typeof profile.service === 'string' ? profile.service.trim() : '';
    if (!survey.services.includes(s)) {
      errors.push({ field: 'profile.service', message: text('Layanan yang dipilih tidak ada dalam daftar layanan unit ini.', 'The service chosen is not in this unit’s list.') });
    } else {
      out.profile.service = s;
    }
  }

  const questions = isRecord(raw.questions) ? raw.questions : {};
  const byId = new Map(survey.questions.map((q) => [String(q.id), q]));
  for (const [id, value] of Object.entries(questions)) {
    const q = byId.get(id);
    if (!q) {
      errors.push({ field: `questions.${id}`, message: text(`Pertanyaan tambahan ${id} tidak ada di survei ini.`, `There is no extra question ${id} in this survey.`) });
      continue;
    }
    if (blank(value)) continue;
    if (q.kind === 'scale') {
      const n = scaleValue(value);
      if (n === undefined) {
        errors.push({ field: `questions.${id}`, message: text(`Jawaban "${q.prompt}" harus salah satu pilihan, dari 1 sampai 4.`, `The answer to "${q.prompt}" must be one of the choices, 1 to 4.`) });
        continue;
      }
      out.questions[id] = n;
    } else {
      const s = typeof value === 'string' ? value.trim() : String(value);
      if (s.length > EXTRA_TEXT_MAX) {
        errors.push({ field: `questions.${id}`, message: text(`Jawaban "${q.prompt}" terlalu panjang: paling banyak ${EXTRA_TEXT_MAX} huruf.`, `The answer to "${q.prompt}" is too long: at most ${EXTRA_TEXT_MAX} characters.`) });
        continue;
      }
      out.questions[id] = s;
    }
  }

  if (!blank(raw.suggestion)) {
    const s = typeof raw.suggestion === 'string' ? raw.suggestion.trim() : '';
    if (typeof raw.suggestion !== 'string') errors.push({ field: 'suggestion', message: text('Saran harus berupa teks.', 'The suggestion must be text.') });
    else if (s.length > SUGGESTION_MAX) {
      errors.push({ field: 'suggestion', message: text(`Saran terlalu panjang: paling banyak ${SUGGESTION_MAX} huruf. Sekarang ${s.length}.`, `The suggestion is too long: at most ${SUGGESTION_MAX} characters (now ${s.length}).`) });
    } else out.suggestion = s;
  }

  if (!blank(raw.key)) {
    if (typeof raw.key === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(raw.key)) out.key = raw.key;
    else errors.push({ field: 'key', message: text('Kunci pengiriman tidak valid: 8 sampai 64 huruf, angka, - atau _.', 'The submission key is invalid: 8 to 64 letters, digits, - or _.') });
  }

  if (errors.length) throw new SubmissionInvalid(errors);
  return out;
}

export interface Limits {
  deviceHour: number;
  deviceDay: number;
  ipHour: number;
  ipDay: number;
  burstMinutes: number;
  burstCount: number;
  burstIdentical: number;
}

export interface Origin {
  channel: SurveyChannel;
  deviceHash: string | null;
  ipHash: string | null;
  netHash: string | null;
}

export type FlagReason = 'burst' | 'identical';

export interface Stored {
  id: number;
  /** Already stored under the same one-time key: nothing new was written. */
  duplicate: boolean;
  flagged: FlagReason | null;
}

export const rateLimited = (seconds: number) =>
  new AppError(
    429,
    'rate_limited',
    text(
      `Terima kasih, jawaban dari perangkat atau jaringan ini sudah banyak kami terima. Silakan coba lagi dalam ${waitText(seconds, 'id')}.`,
      `Thank you: we have already received many responses from this device or network. Please try again in ${waitText(seconds, 'en')}.`,
    ),
    { retryAfterSeconds: seconds },
    { 'retry-after': String(seconds) },
  );

function waitText(seconds: number, lang: 'id' | 'en'): string {
  if (seconds < 90) return lang === 'id' ? `${seconds} detik` : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return lang === 'id' ? `${minutes} menit` : `${minutes} minutes`;
  const hours = Math.ceil(minutes / 60);
  return lang === 'id' ? `${hours} jam` : `${hours} hours`;
}

/** Seconds until one more response fits a window that holds `count` (>= limit) of them. */
async function secondsUntilRoom(trx: Transaction<DB>, unitId: number, column: 'device_hash' | 'ip_hash', hash: string, windowSql: string, count: number, limit: number): Promise<number> {
  const r = await sql<{ wait: number }>`
    SELECT ceil(extract(epoch FROM (submitted_at + ${sql.raw(`interval '${windowSql}'`)} - now())))::int AS wait
      FROM satisfaction_responses
     WHERE unit_id = ${unitId} AND ${sql.ref(column)} = ${hash} AND submitted_at > now() - ${sql.raw(`interval '${windowSql}'`)}
     ORDER BY submitted_at ASC OFFSET ${count - limit} LIMIT 1`.execute(trx);
  return Math.max(1, r.rows[0]?.wait ?? 1);
}

async function checkLimit(trx: Transaction<DB>, unitId: number, column: 'device_hash' | 'ip_hash', hash: string, perHour: number, perDay: number): Promise<void> {
  const counts = await sql<{ hour: number; day: number }>`
    SELECT count(*) FILTER (WHERE submitted_at > now() - interval '1 hour')::int AS hour, count(*)::int AS day
      FROM satisfaction_responses
     WHERE unit_id = ${unitId} AND ${sql.ref(column)} = ${hash} AND submitted_at > now() - interval '1 day'`.execute(trx);
  const { hour, day } = counts.rows[0]!;
  let wait = 0;
  if (hour >= perHour) wait = Math.max(wait, await secondsUntilRoom(trx, unitId, column, hash, '1 hour', hour, perHour));
  if (day >= perDay) wait = Math.max(wait, await secondsUntilRoom(trx, unitId, column, hash, '1 day', day, perDay));
  if (wait > 0) throw rateLimited(wait);
}

const samePattern = (answers: Submission['answers']) =>
  sql.join(
    ELEMENT_CODES.map((c) => sql`${sql.ref(elementColumn(c))} IS NOT DISTINCT FROM ${answers[c] ?? null}::smallint`),
    sql` AND `,
  );

/** Stores a checked submission, or refuses it (429) over a rate limit. */
export async function storeResponse(db: Kysely<DB>, survey: PublicSurvey, sub: Submission, origin: Origin, limits: Limits): Promise<Stored> {
  return db.transaction().execute(async (trx) => {
    // One network's responses to one office are checked and written one at a time.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`satisfaction:${survey.unit.id}:${origin.netHash ?? origin.ipHash ?? ''}`}))`.execute(trx);
    if (sub.key) {
      const again = await trx.selectFrom('satisfaction_responses').select(['id', 'flag_reason']).where('survey_id', '=', survey.id).where('submission_key', '=', sub.key).executeTakeFirst();
      if (again) return { id: again.id, duplicate: true, flagged: again.flag_reason as FlagReason | null };
    }
    if (origin.deviceHash) await checkLimit(trx, survey.unit.id, 'device_hash', origin.deviceHash, limits.deviceHour, limits.deviceDay);
    if (origin.ipHash) await checkLimit(trx, survey.unit.id, 'ip_hash', origin.ipHash, limits.ipHour, limits.ipDay);

    let flagged: FlagReason | null = null;
    if (origin.netHash) {
      const window = sql.raw(`interval '${limits.burstMinutes} minutes'`);
      const recent = await sql<{ all: number; identical: number }>`
        SELECT count(*)::int AS all, (count(*) FILTER (WHERE ${samePattern(sub.answers)}))::int AS identical
          FROM satisfaction_responses
         WHERE unit_id = ${survey.unit.id} AND net_hash = ${origin.netHash} AND submitted_at > now() - ${window}`.execute(trx);
      const { all, identical } = recent.rows[0]!;
      if (identical + 1 >= limits.burstIdentical) {
        flagged = 'identical';
        // The identical ones before it are the same burst: held back with it, unless reviewed.
        await sql`
          UPDATE satisfaction_responses SET flag_reason = 'identical'
           WHERE unit_id = ${survey.unit.id} AND net_hash = ${origin.netHash} AND submitted_at > now() - ${window}
             AND flag_reason IS NULL AND review IS NULL AND ${samePattern(sub.answers)}`.execute(trx);
      } else if (all + 1 > limits.burstCount) {
        flagged = 'burst';
      }
    }

    const row = await trx
      .insertInto('satisfaction_responses')
      .values({
        survey_id: survey.id,
        unit_id: survey.unit.id,
        channel: origin.channel,
        ...Object.fromEntries(ELEMENT_CODES.map((c) => [elementColumn(c), sub.answers[c] ?? null])),
        extra: JSON.stringify(sub.questions),
        age_band: sub.profile.ageBand,
        sex: sub.profile.sex,
        education: sub.profile.education,
        occupation: sub.profile.occupation,
        service: sub.profile.service,
        suggestion: sub.suggestion,
        device_hash: origin.deviceHash,
        ip_hash: origin.ipHash,
        net_hash: origin.netHash,
        submission_key: sub.key,
        flag_reason: flagged,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, duplicate: false, flagged };
  });
}

export interface ResponseView {
  id: number;
  survey: { id: number; counter: string | null };
  submittedAt: string;
  channel: SurveyChannel;
  answers: Partial<Record<ElementCode, number>>;
  questions: Record<string, number | string>;
  profile: Submission['profile'];
  suggestion: string | null;
  flagReason: FlagReason | null;
  review: SurveyReview | null;
  reviewedAt: string | null;
  counted: boolean;
}

/** An office's responses, newest first; `flagged`: only those the checks held back. */
export async function listResponses(db: Db, unitId: number, opts: { flagged?: boolean; limit: number; offset: number }): Promise<{ total: number; items: ResponseView[] }> {
  let q = db.selectFrom('satisfaction_responses as r').innerJoin('satisfaction_surveys as s', 's.id', 'r.survey_id').where('r.unit_id', '=', unitId);
  if (opts.flagged) q = q.where('r.flag_reason', 'is not', null);
  const total = (await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
  const rows = await q
    .select(['r.id', 'r.survey_id', 's.name as counter', 'r.submitted_at', 'r.channel', 'r.u1', 'r.u2', 'r.u3', 'r.u4', 'r.u5', 'r.u6', 'r.u7', 'r.u8', 'r.u9'])
    .select(['r.extra', 'r.age_band', 'r.sex', 'r.education', 'r.occupation', 'r.service', 'r.suggestion', 'r.flag_reason', 'r.review', 'r.reviewed_at', 'r.counted'])
    .orderBy('r.submitted_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
  return {
    total: Number(total),
    items: rows.map((r) => ({
      id: r.id,
      survey: { id: r.survey_id, counter: r.counter },
      submittedAt: new Date(r.submitted_at).toISOString(),
      channel: r.channel,
      answers: Object.fromEntries(ELEMENT_CODES.filter((c) => r[elementColumn(c)] !== null).map((c) => [c, r[elementColumn(c)]!])),
      questions: r.extra,
      profile: { ageBand: r.age_band, sex: r.sex, education: r.education, occupation: r.occupation, service: r.service },
      suggestion: r.suggestion,
      flagReason: r.flag_reason as FlagReason | null,
      review: r.review,
      reviewedAt: r.reviewed_at ? new Date(r.reviewed_at).toISOString() : null,
      counted: r.counted,
    })),
  };
}

/** An admin's decision on a response: it counts ('include') or not ('exclude'), whatever the checks said. */
export async function reviewResponse(db: Db, id: number, decision: SurveyReview, reviewerId: number): Promise<{ unitId: number; submittedAt: Date } | null> {
  const row = await db
    .updateTable('satisfaction_responses')
    .set({ review: decision, reviewed_by: reviewerId, reviewed_at: new Date() })
    .where('id', '=', id)
    .returning(['unit_id', 'submitted_at'])
    .executeTakeFirst();
  return row ? { unitId: row.unit_id, submittedAt: new Date(row.submitted_at) } : null;
}

/** Forgets the address and device hashes older than the retention (they only guard the last day). */
export async function clearOldHashes(db: Db, days: number): Promise<number> {
  const r = await sql`
    UPDATE satisfaction_responses SET device_hash = NULL, ip_hash = NULL, net_hash = NULL
     WHERE submitted_at < now() - make_interval(days => ${days})
       AND (device_hash IS NOT NULL OR ip_hash IS NOT NULL OR net_hash IS NOT NULL)`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
