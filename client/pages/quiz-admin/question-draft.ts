import type { AttemptQuestion, QuestionDoc, QuestionType } from '../../api/quizzes.ts';
import type { MessageKey } from '../../i18n.ts';
import { numberText, parseNumber } from '../quizzes/quiz-format.ts';

/**
 * A question as its editor holds it: every field of every type (switching the type loses
 * nothing typed), numbers as typed text, and a client-only `key` per row for stable rendering
 * and focus. `toDoc` turns it into the server's question document.
 */
export const questionTypes: readonly QuestionType[] = ['single', 'multiple', 'truefalse', 'short', 'numeric', 'matching', 'ordering', 'essay'];

export interface ChoiceRow {
  key: string;
  id: string;
  text: string;
  /** Share of the points, in percent (−100 … 100). */
  fraction: string;
  feedback: string;
}
export interface ShortRow {
  key: string;
  text: string;
  fraction: string;
  feedback: string;
}
export interface NumericRow {
  key: string;
  value: string;
  tolerance: string;
  fraction: string;
  feedback: string;
}
export interface PairRow {
  key: string;
  id: string;
  prompt: string;
  answer: string;
}
export interface ItemRow {
  key: string;
  id: string;
  text: string;
}
export interface RubricRow {
  key: string;
  criterion: string;
  points: string;
}
export interface TextRow {
  key: string;
  text: string;
}

export interface QuestionDraft {
  type: QuestionType;
  name: string;
  stem: string;
  points: string;
  /** Only for a new question: the category path it goes into. */
  category: string;
  /** Comma-separated. */
  tags: string;
  competencyCode: string;
  competencyLevel: string;
  feedbackGeneral: string;
  feedbackCorrect: string;
  feedbackIncorrect: string;
  shuffleChoices: boolean;
  choices: ChoiceRow[];
  answer: '' | 'true' | 'false';
  answers: ShortRow[];
  caseSensitive: boolean;
  numeric: NumericRow[];
  pairs: PairRow[];
  distractors: TextRow[];
  items: ItemRow[];
  rubric: RubricRow[];
  graderInfo: string;
  minWords: string;
  maxWords: string;
}

/** The lists a trainer adds to, removes from and reorders. */
export type RowList = 'choices' | 'answers' | 'numeric' | 'pairs' | 'distractors' | 'items' | 'rubric';

let lastKey = 0;
export const newKey = (): string => `r${++lastKey}`;

/** An id not yet used in the list: a, b, c … then prefix + number. */
export function freeId(rows: { id: string }[], prefix: string): string {
  const taken = new Set(rows.map((r) => r.id));
  for (const letter of 'abcdefghijklmnopqrstuvwxyz') if (prefix === 'c' && !taken.has(letter)) return letter;
  for (let n = 1; ; n++) if (!taken.has(`${prefix}${n}`)) return `${prefix}${n}`;
}

/** A new, empty row for a list (ids chosen so they do not clash with the draft's). */
export function newRow(draft: QuestionDraft, list: RowList): QuestionDraft[RowList][number] {
  const key = newKey();
  switch (list) {
    case 'choices':
      return { key, id: freeId(draft.choices, 'c'), text: '', fraction: '0', feedback: '' };
    case 'answers':
      return { key, text: '', fraction: draft.answers.length ? '0' : '100', feedback: '' };
    case 'numeric':
      return { key, value: '', tolerance: '0', fraction: draft.numeric.length ? '0' : '100', feedback: '' };
    case 'pairs':
      return { key, id: freeId(draft.pairs, 'p'), prompt: '', answer: '' };
    case 'items':
      return { key, id: freeId(draft.items, 'i'), text: '' };
    case 'rubric':
      return { key, criterion: '', points: '' };
    case 'distractors':
      return { key, text: '' };
  }
}

export function emptyDraft(category = ''): QuestionDraft {
  const d: QuestionDraft = {
    type: 'single',
    name: '',
    stem: '',
    points: '1',
    category,
    tags: '',
    competencyCode: '',
    competencyLevel: '',
    feedbackGeneral: '',
    feedbackCorrect: '',
    feedbackIncorrect: '',
    shuffleChoices: true,
    choices: [],
    answer: '',
    answers: [],
    caseSensitive: false,
    numeric: [],
    pairs: [],
    distractors: [],
    items: [],
    rubric: [],
    graderInfo: '',
    minWords: '',
    maxWords: '',
  };
  // A start that fits every type: two choices, one accepted answer, two pairs, two items.
  for (let i = 0; i < 2; i++) d.choices = [...d.choices, newRow(d, 'choices') as ChoiceRow];
  d.answers = [newRow(d, 'answers') as ShortRow];
  d.numeric = [newRow(d, 'numeric') as NumericRow];
  for (let i = 0; i < 2; i++) d.pairs = [...d.pairs, newRow(d, 'pairs') as PairRow];
  for (let i = 0; i < 2; i++) d.items = [...d.items, newRow(d, 'items') as ItemRow];
  return d;
}

const num = (n: number | undefined, fallback = ''): string => (n === undefined ? fallback : numberText(n));
const pct = (fraction: number): string => numberText(Math.round(fraction * 100_000) / 1000);

/** A stored question as a draft (the rows of types it is not keep a fresh start). */
export function draftFromDoc(doc: QuestionDoc): QuestionDraft {
  const base = emptyDraft();
  return {
    ...base,
    type: doc.type,
    name: doc.name,
    stem: doc.stem,
    points: num(doc.points, '1'),
    tags: (doc.tags ?? []).join(', '),
    competencyCode: doc.competency?.code ?? '',
    competencyLevel: doc.competency ? String(doc.competency.level) : '',
    feedbackGeneral: doc.feedback?.general ?? '',
    feedbackCorrect: doc.feedback?.correct ?? '',
    feedbackIncorrect: doc.feedback?.incorrect ?? '',
    shuffleChoices: doc.shuffleChoices ?? true,
    choices: doc.choices ? doc.choices.map((c) => ({ key: newKey(), id: c.id, text: c.text, fraction: pct(c.fraction), feedback: c.feedback ?? '' })) : base.choices,
    answer: doc.answer === undefined ? '' : doc.answer ? 'true' : 'false',
    answers: doc.answers ? doc.answers.map((a) => ({ key: newKey(), text: a.text, fraction: pct(a.fraction), feedback: a.feedback ?? '' })) : base.answers,
    caseSensitive: doc.caseSensitive ?? false,
    numeric: doc.numeric
      ? doc.numeric.map((a) => ({ key: newKey(), value: num(a.value), tolerance: num(a.tolerance, '0'), fraction: pct(a.fraction), feedback: a.feedback ?? '' }))
      : base.numeric,
    pairs: doc.pairs ? doc.pairs.map((p) => ({ key: newKey(), id: p.id, prompt: p.prompt, answer: p.answer })) : base.pairs,
    distractors: (doc.distractors ?? []).map((text) => ({ key: newKey(), text })),
    items: doc.items ? doc.items.map((i) => ({ key: newKey(), id: i.id, text: i.text })) : base.items,
    rubric: (doc.rubric ?? []).map((r) => ({ key: newKey(), criterion: r.criterion, points: num(r.points) })),
    graderInfo: doc.graderInfo ?? '',
    minWords: num(doc.minWords),
    maxWords: num(doc.maxWords),
  };
}

/**
 * Marks a choice right or not. Single choice: the one right choice is worth 100 % (others keep
 * any partial credit below that). Multiple response: the right choices share 100 % equally;
 * a wrong one keeps a penalty already given, else 0.
 */
export function markCorrect(draft: QuestionDraft, key: string, correct: boolean): ChoiceRow[] {
  if (draft.type === 'single') {
    return draft.choices.map((c) => (c.key === key ? { ...c, fraction: correct ? '100' : '0' } : correct && parseNumber(c.fraction) === 100 ? { ...c, fraction: '0' } : c));
  }
  const right = draft.choices.filter((c) => (c.key === key ? correct : (parseNumber(c.fraction) ?? 0) > 0));
  // Two decimals each; the last takes what rounding left over, so they add up to exactly 100.
  const share = Math.floor(10_000 / Math.max(1, right.length)) / 100;
  return draft.choices.map((c) => {
    const i = right.findIndex((r) => r.key === c.key);
    if (i >= 0) return { ...c, fraction: numberText(i === right.length - 1 ? Math.round((100 - share * (right.length - 1)) * 100) / 100 : share) };
    const now = parseNumber(c.fraction) ?? 0;
    return { ...c, fraction: now < 0 ? c.fraction : '0' };
  });
}

/** Whether a choice counts as right, for the Right checkbox or radio. */
export function isCorrect(draft: QuestionDraft, row: ChoiceRow): boolean {
  const value = parseNumber(row.fraction);
  return draft.type === 'single' ? value === 100 : typeof value === 'number' && value > 0;
}

/** Field id → what is wrong with it, as a message key. */
export type FieldErrors = Record<string, MessageKey>;

/** Ids of the inputs, shared by the editor (which renders them) and toDoc (which checks them). */
export const fieldId = {
  name: 'q-name',
  stem: 'q-stem',
  points: 'q-points',
  category: 'q-category',
  tags: 'q-tags',
  competencyCode: 'q-competency',
  competencyLevel: 'q-level',
  minWords: 'q-min-words',
  maxWords: 'q-max-words',
  row: (key: string, field: string) => `row-${key}-${field}`,
};

/**
 * The document to send, or what must be fixed first. Only what the server could not word
 * plainly is checked here (empty fields, numbers that are not numbers); whether the answers
 * make sense (a right choice, 100 % in total, two pairs …) is the server's to say.
 */
export function toDoc(d: QuestionDraft, isNew: boolean): { doc: QuestionDoc; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const need = (id: string, value: string) => {
    if (!value.trim()) errors[id] = 'quizEditor.required';
  };
  const number = (id: string, value: string, check: (n: number) => boolean, message: MessageKey, fallback?: number): number => {
    const n = parseNumber(value);
    if (n === null && fallback !== undefined) return fallback;
    if (n === null || n === undefined || !check(n)) {
      errors[id] = message;
      return 0;
    }
    return n;
  };
  const fraction = (key: string, value: string) => number(fieldId.row(key, 'fraction'), value, (n) => n >= -100 && n <= 100, 'quizEditor.fractionInvalid', 0) / 100;
  const optionalInt = (id: string, value: string) => (value.trim() ? number(id, value, (n) => Number.isInteger(n) && n >= 0, 'quizEditor.wholeNumber') : undefined);
  const text = (s: string) => s.trim();
  const optional = (s: string) => (s.trim() ? s.trim() : undefined);

  need(fieldId.name, d.name);
  need(fieldId.stem, d.stem);
  if (isNew) need(fieldId.category, d.category);
  const points = number(fieldId.points, d.points, (n) => n > 0 && n <= 1000, 'quizEditor.pointsInvalid');
  const tags = d.tags
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  if (tags.length > 30 || tags.some((x) => x.length > 60)) errors[fieldId.tags] = 'quizEditor.tagsInvalid';
  const code = d.competencyCode.trim();
  if (code && !d.competencyLevel) errors[fieldId.competencyLevel] = 'quizEditor.levelRequired';
  if (!code && d.competencyLevel) errors[fieldId.competencyCode] = 'quizEditor.codeRequired';

  const feedback = { general: optional(d.feedbackGeneral), correct: optional(d.feedbackCorrect), incorrect: optional(d.feedbackIncorrect) };
  const doc: QuestionDoc = {
    type: d.type,
    name: text(d.name),
    stem: text(d.stem),
    points,
    tags,
    competency: code && d.competencyLevel ? { code, level: Number(d.competencyLevel) } : null,
    ...(Object.values(feedback).some(Boolean) && { feedback: Object.fromEntries(Object.entries(feedback).filter(([, v]) => v !== undefined)) }),
  };

  switch (d.type) {
    case 'single':
    case 'multiple':
      doc.shuffleChoices = d.shuffleChoices;
      doc.choices = d.choices.map((c) => {
        need(fieldId.row(c.key, 'text'), c.text);
        return { id: c.id, text: text(c.text), fraction: fraction(c.key, c.fraction), ...(optional(c.feedback) && { feedback: optional(c.feedback) }) };
      });
      break;
    case 'truefalse':
      if (d.answer) doc.answer = d.answer === 'true';
      break;
    case 'short':
      doc.caseSensitive = d.caseSensitive;
      doc.answers = d.answers.map((a) => {
        need(fieldId.row(a.key, 'text'), a.text);
        return { text: text(a.text), fraction: fraction(a.key, a.fraction), ...(optional(a.feedback) && { feedback: optional(a.feedback) }) };
      });
      break;
    case 'numeric':
      doc.numeric = d.numeric.map((a) => ({
        value: number(fieldId.row(a.key, 'value'), a.value, () => true, 'quizEditor.numberInvalid'),
        tolerance: number(fieldId.row(a.key, 'tolerance'), a.tolerance, (n) => n >= 0, 'quizEditor.toleranceInvalid', 0),
        fraction: fraction(a.key, a.fraction),
        ...(optional(a.feedback) && { feedback: optional(a.feedback) }),
      }));
      break;
    case 'matching':
      doc.pairs = d.pairs.map((p) => {
        need(fieldId.row(p.key, 'prompt'), p.prompt);
        need(fieldId.row(p.key, 'answer'), p.answer);
        return { id: p.id, prompt: text(p.prompt), answer: text(p.answer) };
      });
      doc.distractors = d.distractors.map((x) => {
        need(fieldId.row(x.key, 'text'), x.text);
        return text(x.text);
      });
      break;
    case 'ordering':
      doc.items = d.items.map((i) => {
        need(fieldId.row(i.key, 'text'), i.text);
        return { id: i.id, text: text(i.text) };
      });
      break;
    case 'essay': {
      doc.rubric = d.rubric.map((r) => {
        need(fieldId.row(r.key, 'criterion'), r.criterion);
        return { criterion: text(r.criterion), points: number(fieldId.row(r.key, 'points'), r.points, (n) => n >= 0, 'quizEditor.rubricPointsInvalid') };
      });
      if (optional(d.graderInfo)) doc.graderInfo = optional(d.graderInfo);
      const min = optionalInt(fieldId.minWords, d.minWords);
      const max = optionalInt(fieldId.maxWords, d.maxWords);
      if (min !== undefined) doc.minWords = min;
      if (max !== undefined) doc.maxWords = max;
      if (min !== undefined && max !== undefined && max < min) errors[fieldId.maxWords] = 'quizEditor.maxBelowMin';
      break;
    }
  }
  return { doc, errors };
}

/**
 * The question as an attempt would show it, for the preview. `html` renders a Markdown text
 * (or gives a stand-in while that is on its way). Choices and items keep the written order
 * here; learners may see them shuffled.
 */
export function previewQuestion(d: QuestionDraft, html: (markdown: string) => string): AttemptQuestion {
  const options = [...new Set([...d.pairs.map((p) => p.answer.trim()), ...d.distractors.map((x) => x.text.trim())].filter(Boolean))].sort((a, b) => a.localeCompare(b));
  return {
    id: 0,
    position: 1,
    page: 1,
    type: d.type,
    name: d.name,
    stemHtml: html(d.stem),
    points: parseNumber(d.points) ?? 1,
    ...((d.type === 'single' || d.type === 'multiple') && { choices: d.choices.map((c) => ({ id: c.id, html: html(c.text) })) }),
    ...(d.type === 'ordering' && { items: d.items.map((i) => ({ id: i.id, html: html(i.text) })) }),
    ...(d.type === 'matching' && { prompts: d.pairs.map((p) => ({ id: p.id, html: html(p.prompt) })), options }),
    ...(d.type === 'essay' && { minWords: parseNumber(d.minWords) ?? null, maxWords: parseNumber(d.maxWords) ?? null }),
    response: null,
    seq: null,
    savedAt: null,
  };
}

/** The Markdown texts a preview shows. */
export function previewTexts(d: QuestionDraft): string[] {
  const texts = [d.stem];
  if (d.type === 'single' || d.type === 'multiple') texts.push(...d.choices.map((c) => c.text));
  if (d.type === 'ordering') texts.push(...d.items.map((i) => i.text));
  if (d.type === 'matching') texts.push(...d.pairs.map((p) => p.prompt));
  return texts;
}
