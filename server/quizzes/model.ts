/**
 * Questions as Sinau keeps them: one document per question version, the same shape whether it
 * was written in the browser, loaded from `content/question-banks`, or imported from Moodle XML,
 * GIFT or CSV. Responses are what a learner's answer looks like for each type.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from '../org/schemas.ts';

export const QuestionType = Type.Union([
  Type.Literal('single'), // one right choice (others may carry partial credit)
  Type.Literal('multiple'), // several right choices, partial credit per choice
  Type.Literal('truefalse'),
  Type.Literal('short'), // typed text matched against accepted answers
  Type.Literal('numeric'), // a number within a tolerance
  Type.Literal('matching'), // each prompt paired with one answer
  Type.Literal('ordering'), // items put in order
  Type.Literal('essay'), // graded by a trainer
]);
export type QuestionTypeT = Static<typeof QuestionType>;

const Text = (max = 20_000) => Type.String({ maxLength: max });
const ChoiceId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' });
/** Share of the question's points, -1 … 1 (Moodle's "grade" of an answer). */
const Fraction = Type.Number({ minimum: -1, maximum: 1 });

export const Choice = Type.Object(
  { id: ChoiceId, text: Text(5_000), fraction: Fraction, feedback: Type.Optional(Text(5_000)) },
  { additionalProperties: false },
);
export const ShortAnswer = Type.Object({ text: Text(500), fraction: Fraction, feedback: Type.Optional(Text(5_000)) }, { additionalProperties: false });
export const NumericAnswer = Type.Object(
  { value: Type.Number(), tolerance: Type.Number({ minimum: 0, default: 0 }), fraction: Fraction, feedback: Type.Optional(Text(5_000)) },
  { additionalProperties: false },
);
export const MatchPair = Type.Object({ id: ChoiceId, prompt: Text(2_000), answer: Text(1_000) }, { additionalProperties: false });
export const OrderItem = Type.Object({ id: ChoiceId, text: Text(2_000) }, { additionalProperties: false });
export const RubricCriterion = Type.Object({ criterion: Text(500), points: Type.Number({ minimum: 0 }) }, { additionalProperties: false });

/**
 * One question version. Markdown in `stem`, choices, feedback (images as Markdown, `/api/media/…`).
 * Which fields apply depends on `type`; `questionProblems` checks the combination.
 */
export const QuestionDoc = Type.Object(
  {
    type: QuestionType,
    /** A short name for lists and reports (Moodle's question name). */
    name: Type.String({ minLength: 1, maxLength: 200 }),
    stem: Type.String({ minLength: 1, maxLength: 50_000 }),
    points: Type.Number({ exclusiveMinimum: 0, maximum: 1000, default: 1 }),
    competency: Type.Optional(Nullable(Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }), level: Type.Integer({ minimum: 1, maximum: 5 }) }, { additionalProperties: false }))),
    tags: Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { default: [], maxItems: 30 }),
    /** Shown after answering, per the quiz's review options. */
    feedback: Type.Optional(Type.Object({ general: Type.Optional(Text()), correct: Type.Optional(Text()), incorrect: Type.Optional(Text()) }, { additionalProperties: false })),
    /** single, multiple */
    choices: Type.Optional(Type.Array(Choice, { maxItems: 30 })),
    shuffleChoices: Type.Optional(Type.Boolean()),
    /** truefalse */
    answer: Type.Optional(Type.Boolean()),
    /** short */
    answers: Type.Optional(Type.Array(ShortAnswer, { maxItems: 50 })),
    caseSensitive: Type.Optional(Type.Boolean()),
    /** numeric */
    numeric: Type.Optional(Type.Array(NumericAnswer, { maxItems: 20 })),
    /** matching; `distractors` are extra answers that match no prompt */
    pairs: Type.Optional(Type.Array(MatchPair, { maxItems: 30 })),
    distractors: Type.Optional(Type.Array(Text(1_000), { maxItems: 20 })),
    /** ordering: the items in the right order */
    items: Type.Optional(Type.Array(OrderItem, { maxItems: 30 })),
    /** essay */
    rubric: Type.Optional(Type.Array(RubricCriterion, { maxItems: 20 })),
    graderInfo: Type.Optional(Text()),
    minWords: Type.Optional(Type.Integer({ minimum: 0 })),
    maxWords: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type QuestionDocT = Static<typeof QuestionDoc>;

/** What a learner sends, by type. */
export const Response = Type.Union([
  Type.String({ maxLength: 100_000 }), // single: choice id; short: text; essay: text
  Type.Array(Type.String({ maxLength: 1_000 }), { maxItems: 50 }), // multiple: choice ids; ordering: item ids in order
  Type.Boolean(), // truefalse
  Type.Number(), // numeric
  Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 1_000 })), // matching: prompt id → answer text
  Type.Null(), // cleared
]);
export type ResponseT = Static<typeof Response>;

/** Why a question document cannot be used as it is (empty when it can), in plain Indonesian. */
export function questionProblems(q: QuestionDocT): string[] {
  const p: string[] = [];
  const ids = (xs: { id: string }[]) => new Set(xs.map((x) => x.id)).size === xs.length;
  switch (q.type) {
    case 'single':
    case 'multiple': {
      const c = q.choices ?? [];
      if (c.length < 2) p.push('Pilihan jawaban minimal dua.');
      if (!ids(c)) p.push('Kode pilihan jawaban harus berbeda.');
      if (q.type === 'single' && !c.some((x) => x.fraction === 1)) p.push('Satu pilihan harus bernilai penuh (100%).');
      if (q.type === 'multiple' && !c.some((x) => x.fraction > 0)) p.push('Minimal satu pilihan harus benar.');
      if (q.type === 'multiple' && c.filter((x) => x.fraction > 0).reduce((s, x) => s + x.fraction, 0) < 0.999) p.push('Jumlah nilai pilihan yang benar harus 100%.');
      break;
    }
    case 'truefalse':
      if (typeof q.answer !== 'boolean') p.push('Tentukan jawaban benar atau salah.');
      break;
    case 'short':
      if (!(q.answers ?? []).some((a) => a.fraction === 1)) p.push('Minimal satu jawaban yang diterima bernilai penuh.');
      break;
    case 'numeric':
      if (!(q.numeric ?? []).some((a) => a.fraction === 1)) p.push('Minimal satu jawaban angka bernilai penuh.');
      break;
    case 'matching':
      if ((q.pairs ?? []).length < 2) p.push('Pasangan minimal dua.');
      else if (!ids(q.pairs!)) p.push('Kode pasangan harus berbeda.');
      break;
    case 'ordering':
      if ((q.items ?? []).length < 2) p.push('Butir urutan minimal dua.');
      else if (!ids(q.items!)) p.push('Kode butir urutan harus berbeda.');
      break;
    case 'essay':
      break;
  }
  return p;
}

/** Text as compared for short answers: trimmed, inner spaces collapsed, case folded unless asked. */
export function normaliseAnswer(s: string, caseSensitive = false): string {
  const t = s.normalize('NFKC').trim().replace(/\s+/g, ' ');
  return caseSensitive ? t : t.toLocaleLowerCase('id');
}

/** `*` in an accepted short answer stands for any text (as in Moodle). */
function matchesPattern(given: string, accepted: string): boolean {
  if (!accepted.includes('*')) return given === accepted;
  const re = new RegExp(`^${accepted.split('*').map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'su');
  return re.test(given);
}

export interface Grade {
  /** Share of the points earned, 0 … 1; null while a trainer has yet to grade it. */
  fraction: number | null;
  /** Feedback tied to what was answered (the chosen choice, the matched answer). */
  feedback: string[];
}

const clamp = (x: number) => Math.max(0, Math.min(1, x));

/** Grades one response. Unanswered (null/undefined) earns nothing; essays wait for a trainer. */
export function grade(q: QuestionDocT, response: ResponseT | undefined): Grade {
  if (q.type === 'essay') return { fraction: typeof response === 'string' && response.trim() !== '' ? null : 0, feedback: [] };
  if (response === null || response === undefined) return { fraction: 0, feedback: [] };
  switch (q.type) {
    case 'single': {
      const c = typeof response === 'string' ? (q.choices ?? []).find((x) => x.id === response) : undefined;
      return { fraction: c ? clamp(c.fraction) : 0, feedback: c?.feedback ? [c.feedback] : [] };
    }
    case 'multiple': {
      if (!Array.isArray(response)) return { fraction: 0, feedback: [] };
      const chosen = (q.choices ?? []).filter((x) => response.includes(x.id));
      return { fraction: clamp(chosen.reduce((s, x) => s + x.fraction, 0)), feedback: chosen.flatMap((x) => (x.feedback ? [x.feedback] : [])) };
    }
    case 'truefalse':
      return { fraction: typeof response === 'boolean' && response === q.answer ? 1 : 0, feedback: [] };
    case 'short': {
      if (typeof response !== 'string') return { fraction: 0, feedback: [] };
      const given = normaliseAnswer(response, q.caseSensitive);
      // The first accepted answer that matches counts (Moodle's rule), so list the best first.
      const hit = (q.answers ?? []).find((a) => matchesPattern(given, normaliseAnswer(a.text, q.caseSensitive)));
      return { fraction: hit ? clamp(hit.fraction) : 0, feedback: hit?.feedback ? [hit.feedback] : [] };
    }
    case 'numeric': {
      const n = typeof response === 'number' ? response : typeof response === 'string' ? Number(response.trim().replace(',', '.')) : Number.NaN;
      if (!Number.isFinite(n)) return { fraction: 0, feedback: [] };
      const hits = (q.numeric ?? []).filter((a) => Math.abs(n - a.value) <= a.tolerance + 1e-9);
      const best = hits.sort((a, b) => b.fraction - a.fraction)[0];
      return { fraction: best ? clamp(best.fraction) : 0, feedback: best?.feedback ? [best.feedback] : [] };
    }
    case 'matching': {
      if (typeof response !== 'object' || Array.isArray(response)) return { fraction: 0, feedback: [] };
      const pairs = q.pairs ?? [];
      const right = pairs.filter((p) => normaliseAnswer((response as Record<string, string>)[p.id] ?? '', true) === normaliseAnswer(p.answer, true)).length;
      return { fraction: pairs.length ? right / pairs.length : 0, feedback: [] };
    }
    case 'ordering': {
      if (!Array.isArray(response)) return { fraction: 0, feedback: [] };
      const items = q.items ?? [];
      const right = items.filter((it, i) => response[i] === it.id).length;
      return { fraction: items.length ? right / items.length : 0, feedback: [] };
    }
  }
}
