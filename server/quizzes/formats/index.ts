/**
 * Question files in and out: Moodle XML, GIFT and a simple CSV for multiple choice. Parsers are
 * pure: they turn text into question documents and report, per question, what they could not
 * convert; only a file that is not the format at all throws.
 */
import { Value } from '@sinclair/typebox/value';
import { invalid, text } from '../../plugins/errors.ts';
import { QuestionDoc, questionProblems, type QuestionDocT } from '../model.ts';
import { parseQuestionCsv } from './csv.ts';
import { parseGift } from './gift.ts';
import { parseMoodleXml } from './moodle-xml.ts';

export interface ImportedQuestion {
  /** Category path such as "Pelayanan/Dasar", without Moodle's "$course$/top/" prefix; null for the top. */
  category: string | null;
  doc: QuestionDocT;
  /**
   * Files embedded in the question. The text refers to each as `media:<name>` (the name
   * percent-encoded as in a URL path); the caller stores the files and rewrites those references.
   */
  media: { name: string; data: Buffer }[];
}
export interface Skipped {
  /** 1-based position of the question in the file (categories are not counted). */
  index: number;
  name: string;
  /** Why it was not imported, in plain Indonesian. */
  reason: string;
}
export interface ImportResult {
  questions: ImportedQuestion[];
  skipped: Skipped[];
}
export interface ExportQuestion {
  category: string | null;
  doc: QuestionDocT;
}

export type QuestionFormat = 'gift' | 'moodlexml' | 'csv';

export function parseQuestions(format: QuestionFormat, source: string): ImportResult {
  switch (format) {
    case 'gift':
      return parseGift(source);
    case 'moodlexml':
      return parseMoodleXml(source);
    case 'csv':
      return parseQuestionCsv(source);
  }
}

/** A file that cannot be read as the format at all: a 400 with a plain message, never a report. */
export function unreadable(id: string, en: string): Error {
  return invalid(text(id, en));
}

/** A question that cannot be converted; the message is the reason shown to the person importing. */
export class Unconvertible extends Error {}

/** Short ids for choices, pairs and items in file order: a … z, then a1 … */
export function choiceId(i: number): string {
  const letter = String.fromCharCode(97 + (i % 26));
  return i < 26 ? letter : `${letter}${Math.floor(i / 26)}`;
}

/** A name for a question that has none: the start of its stem as plain text. */
export function nameFromStem(stem: string): string {
  const plain = stem
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\\(.)/g, '$1')
    .replace(/[*`#>]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.slice(0, 60).trim();
}

/** Category paths as Sinau keeps them: Moodle's context prefix and "top" removed, null at the top. */
export function normaliseCategory(path: string): string | null {
  let p = path.trim().replace(/^\$[a-z]+\$\/?/i, '');
  p = p.replace(/^top(\/|$)/, '');
  p = p
    .split('/')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .join('/');
  return p === '' ? null : p;
}

/** `kompetensi:M.01:2` (or `competency:…`) in a tag names the competency the question measures. */
export function competencyFromTags(tags: string[]): { tags: string[]; competency?: { code: string; level: number } } {
  let competency: { code: string; level: number } | undefined;
  const rest: string[] = [];
  for (const tag of tags) {
    const m = /^(?:kompetensi|competency)\s*:\s*([^:\s][^:]*?)\s*:\s*([1-5])$/i.exec(tag.trim());
    if (m && !competency) competency = { code: m[1]!, level: Number(m[2]) };
    else if (!m) rest.push(tag);
  }
  return competency ? { tags: rest, competency } : { tags: rest };
}

/** The tags to write for a document, its competency included as a `kompetensi:` tag. */
export function tagsWithCompetency(doc: QuestionDocT): string[] {
  return doc.competency ? [...doc.tags, `kompetensi:${doc.competency.code}:${doc.competency.level}`] : [...doc.tags];
}

/** Drops empty optional text so documents compare equal whichever format they came from. */
function tidy(doc: QuestionDocT): QuestionDocT {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (v !== undefined) out[k] = v;
  if (doc.feedback) {
    const fb: Record<string, string> = {};
    for (const [k, v] of Object.entries(doc.feedback)) if (typeof v === 'string' && v.trim() !== '') fb[k] = v;
    if (Object.keys(fb).length > 0) out.feedback = fb;
    else delete out.feedback;
  }
  for (const key of ['choices', 'answers', 'numeric'] as const) {
    const list = doc[key] as { feedback?: string }[] | undefined;
    if (list) {
      out[key] = list.map((x) => {
        const { feedback, ...rest } = x;
        return feedback && feedback.trim() !== '' ? { ...rest, feedback } : rest;
      });
    }
  }
  const tags = [...new Set(doc.tags.map((t) => t.trim().slice(0, 60)).filter((t) => t !== ''))].slice(0, 30);
  out.tags = tags;
  return out as QuestionDocT;
}

/** Why a converted document cannot be used, or null. */
function docProblem(doc: QuestionDocT): string | null {
  if (doc.stem.trim() === '') return 'Teks soal kosong.';
  if (!Value.Check(QuestionDoc, doc)) {
    const first = Value.Errors(QuestionDoc, doc).First();
    const where = first?.path ? ` (bagian ${first.path})` : '';
    return `Isi soal tidak sesuai ketentuan Sinau${where}: ${first?.message ?? 'tidak valid'}.`;
  }
  const problems = questionProblems(doc);
  return problems.length > 0 ? problems.join(' ') : null;
}

/**
 * Collects parsed questions: fills in a missing name, tidies and checks the document, and puts it
 * in `questions` or, with the reason, in `skipped`.
 */
export class ImportCollector {
  readonly result: ImportResult = { questions: [], skipped: [] };
  private count = 0;

  /** Claims the next position in the file; call once per question, kept or not. */
  next(): number {
    return ++this.count;
  }

  skip(index: number, name: string, reason: string): void {
    this.result.skipped.push({ index, name: name || `Soal ${index}`, reason });
  }

  add(index: number, category: string | null, doc: QuestionDocT, media: ImportedQuestion['media'] = []): void {
    const name = (doc.name.trim() || nameFromStem(doc.stem) || `Soal ${index}`).slice(0, 200);
    const tidied = tidy({ ...doc, name, stem: doc.stem.trim() });
    const problem = docProblem(tidied);
    if (problem) this.skip(index, name, problem);
    else this.result.questions.push({ category, doc: tidied, media });
  }
}

/**
 * A percentage as a fraction. Moodle stores 1/3 as 33.33333; snapping to the nearest n/d (d ≤ 20,
 * Moodle's grade menu) lets three such answers add up to exactly 1.
 */
export function fractionFromPercent(p: number): number {
  const x = p / 100;
  for (let d = 1; d <= 20; d++) {
    const n = Math.round(x * d);
    if (Math.abs(x - n / d) < 1e-6) return n / d;
  }
  return Math.round(x * 1e7) / 1e7;
}

/** Fraction written as a percentage, rounded so 1/3 stays 33.33333 through a round trip. */
export function percent(fraction: number): string {
  return String(Number((fraction * 100).toFixed(5)));
}
