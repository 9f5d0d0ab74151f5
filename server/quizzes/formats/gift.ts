/**
 * GIFT, Moodle's plain-text question format (https://docs.moodle.org/en/GIFT_format). Read as
 * Moodle reads it; written with a `[markdown]` prefix so Moodle keeps the Markdown. GIFT has no
 * place for points, so Sinau writes them as `[points:N]` in the comment above the question, next
 * to Moodle's own `[tag:…]`; Moodle ignores it.
 */
import type { QuestionDocT } from '../model.ts';
import {
  choiceId,
  competencyFromTags,
  fractionFromPercent,
  ImportCollector,
  nameFromStem,
  normaliseCategory,
  percent,
  tagsWithCompetency,
  Unconvertible,
  unreadable,
  type ExportQuestion,
  type ImportResult,
  type Skipped,
} from './index.ts';
import { htmlToMarkdown } from './moodle-xml.ts';

// Escaped special characters are swapped for private-use characters while the question is taken
// apart, then put back in each piece of text.
const HIDE: Record<string, string> = { ':': '\uE000', '#': '\uE001', '=': '\uE002', '{': '\uE003', '}': '\uE004', '~': '\uE005' };
const SHOW = Object.fromEntries(Object.entries(HIDE).map(([c, h]) => [h, c]));

const hideEscapes = (s: string) => s.replace(/\\([\\:#={}~n])/g, (_, c: string) => (c === '\\' ? '\\' : c === 'n' ? '\n' : HIDE[c]!));
const showEscapes = (s: string) => s.replace(/[\uE000-\uE005]/g, (h) => SHOW[h]!);

type TextFormat = 'moodle' | 'html' | 'plain' | 'markdown';

/** A `[html]`-style prefix, else the format the piece inherits from the question text. */
function withFormat(raw: string, inherited: TextFormat): { format: TextFormat; text: string } {
  const t = raw.trim();
  const m = /^\[(moodle|html|plain|markdown)\]/.exec(t);
  return m ? { format: m[1] as TextFormat, text: t.slice(m[0].length) } : { format: inherited, text: t };
}

/** Markdown for a piece of GIFT text; Moodle's auto-format and plain text are kept as written. */
function markdown(raw: string, inherited: TextFormat): string {
  const { format, text } = withFormat(raw, inherited);
  const shown = showEscapes(text);
  return (format === 'html' ? htmlToMarkdown(shown) : shown).trim();
}

/** Answers that are matched as text, not shown as Markdown. */
const plain = (raw: string) => showEscapes(withFormat(raw, 'plain').text).trim();

/** `s.split(sep)` that keeps the rest of the string in the last part, like PHP's explode. */
function splitN(s: string, sep: string, n: number): string[] {
  const parts: string[] = [];
  let rest = s;
  while (parts.length < n - 1) {
    const at = rest.indexOf(sep);
    if (at < 0) break;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + sep.length);
  }
  parts.push(rest);
  return parts;
}

/** `%50%` at the start of an answer: the share it earns. */
function weight(s: string): { fraction: number | null; rest: string } {
  const m = /^%\s*(-?\d+(?:\.\d*)?)\s*%/.exec(s);
  return m ? { fraction: fractionFromPercent(Number(m[1])), rest: s.slice(m[0].length) } : { fraction: null, rest: s };
}

const number = (s: string): number => {
  const n = Number(s.trim());
  if (s.trim() === '' || !Number.isFinite(n)) throw new Unconvertible(`Jawaban angka tidak valid: '${showEscapes(s.trim())}'.`);
  return n;
};

const isComment = (line: string) => line.trim().startsWith('//');

/** Questions are separated by blank lines, as Moodle reads them (so an unclosed `{` costs one question). */
function blocks(source: string): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  for (const line of [...source.split('\n'), '']) {
    if (line.trim() !== '') current.push(line);
    else if (current.length > 0) {
      out.push(current);
      current = [];
    }
  }
  return out;
}

function parseQuestion(text: string, comments: string): QuestionDocT {
  let t = hideEscapes(text);
  let name = '';
  if (t.startsWith('::')) {
    const end = t.indexOf('::', 2);
    if (end >= 0) {
      name = showEscapes(t.slice(2, end)).replace(/\s+/g, ' ').trim();
      t = t.slice(end + 2).trim();
    } else t = t.slice(2);
  }
  const open = t.indexOf('{');
  const close = t.indexOf('}', Math.max(open, 0));
  if (open < 0 && t.indexOf('}') < 0) throw new Unconvertible('Bukan soal: teks tanpa bagian jawaban { } (deskripsi).');
  if (open < 0 || close < 0) throw new Unconvertible('Kurung kurawal { } tidak berpasangan.');
  const after = t.slice(close + 1);
  if (/[{}]/.test(after)) throw new Unconvertible('Satu soal hanya boleh punya satu bagian jawaban { }.');
  // Text after the answers is the missing-word format: the answers stand for a blank.
  const stemRaw = after.trim() ? `${t.slice(0, open)}_____${after}` : t.slice(0, open);
  let answerText = t.slice(open + 1, close).trim();
  let general = '';
  const gf = answerText.lastIndexOf('####');
  if (gf >= 0) {
    general = answerText.slice(gf + 4);
    answerText = answerText.slice(0, gf).trim();
  }

  const { format } = withFormat(stemRaw, 'moodle');
  const tagged = competencyFromTags([...comments.matchAll(/\[tag:((?:\\\]|[^\]])+)\]/g)].map((m) => m[1]!.replace(/\\\]/g, ']').trim()));
  const points = /\[points:\s*([0-9]+(?:\.[0-9]+)?)\s*\]/.exec(comments);
  const doc: QuestionDocT = {
    type: 'essay',
    name,
    stem: markdown(stemRaw, 'moodle'),
    points: points ? Number(points[1]) : 1,
    tags: tagged.tags,
    feedback: { general: markdown(general, format) },
  };
  if (tagged.competency) doc.competency = tagged.competency;
  const feedbackSplit = (s: string) => {
    const [answer = '', feedback = ''] = splitN(s, '#', 2);
    return { answer, feedback: markdown(feedback, format) };
  };
  const parts = (s: string, sep: string) =>
    s
      .split(sep)
      .map((x) => x.trim())
      .filter((x) => x !== '');

  if (answerText === '') return doc; // essay
  if (answerText.startsWith('#')) {
    doc.type = 'numeric';
    let body = answerText.slice(1);
    const tilde = body.indexOf('~');
    if (tilde >= 0) {
      doc.feedback!.incorrect = feedbackSplit(body.slice(tilde + 1)).feedback;
      body = body.slice(0, tilde);
    }
    doc.numeric = parts(body, '=').map((part) => {
      const w = weight(part);
      const { answer, feedback } = feedbackSplit(w.rest);
      const range = answer.indexOf('..');
      const colon = answer.indexOf(':');
      let value: number;
      let tolerance = 0;
      if (range > 0) {
        const min = number(answer.slice(0, range));
        const max = number(answer.slice(range + 2));
        value = (min + max) / 2;
        tolerance = Math.abs(max - value);
      } else if (colon > 0) {
        value = number(answer.slice(0, colon));
        tolerance = Math.abs(number(answer.slice(colon + 1)));
      } else value = number(answer);
      return { value, tolerance, fraction: w.fraction ?? 1, feedback };
    });
    if (doc.numeric.length === 0) throw new Unconvertible('Soal angka tanpa jawaban.');
    return doc;
  }
  if (answerText.includes('~')) {
    const written = answerText.includes('=');
    doc.choices = parts(answerText.replace(/=/g, '~='), '~').map((part, i) => {
      let fraction = 0;
      let rest = part;
      if (rest.startsWith('=')) {
        fraction = 1;
        rest = rest.slice(1).trim();
      }
      const w = weight(rest);
      const { answer, feedback } = feedbackSplit(w.rest);
      return { id: choiceId(i), text: markdown(answer, format), fraction: w.fraction ?? fraction, feedback };
    });
    // `=` marks Moodle's one-answer kind; with only `~%n%` weights it is several right answers,
    // unless exactly one of them earns everything.
    const positive = doc.choices.filter((c) => c.fraction > 0).length;
    const full = doc.choices.some((c) => c.fraction === 1);
    doc.type = !written && (positive > 1 || !full) ? 'multiple' : 'single';
    return doc;
  }
  if (answerText.includes('=') && answerText.includes('->')) {
    doc.type = 'matching';
    doc.pairs = [];
    const distractors: string[] = [];
    for (const part of parts(answerText, '=')) {
      const arrow = part.indexOf('->');
      if (arrow < 0) throw new Unconvertible('Pasangan menjodohkan harus berbentuk "pernyataan -> jawaban".');
      const prompt = markdown(part.slice(0, arrow), format);
      const answer = plain(part.slice(arrow + 2));
      if (prompt === '') distractors.push(answer);
      else doc.pairs.push({ id: choiceId(doc.pairs.length), prompt, answer });
    }
    if (distractors.length > 0) doc.distractors = distractors;
    return doc;
  }
  const [tf = '', wrong = '', right = ''] = splitN(answerText, '#', 3);
  if (/^(T|TRUE|F|FALSE)$/i.test(tf.trim())) {
    doc.type = 'truefalse';
    doc.answer = /^T/i.test(tf.trim());
    doc.feedback = { ...doc.feedback, correct: markdown(right, format), incorrect: markdown(wrong, format) };
    return doc;
  }
  doc.type = 'short';
  doc.answers = parts(answerText, '=').map((part) => {
    const w = weight(part);
    const { answer, feedback } = feedbackSplit(w.rest);
    return { text: plain(answer), fraction: w.fraction ?? 1, feedback };
  });
  return doc;
}

/** Reads a GIFT file. Throws only when the text does not look like GIFT at all. */
export function parseGift(source: string): ImportResult {
  const body = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (body.includes('\u0000') || /^\s*</.test(body)) {
    throw unreadable('Berkas ini bukan teks GIFT (tampaknya berkas biner, XML atau HTML).', 'This file is not GIFT text (it looks binary, XML or HTML).');
  }
  const out = new ImportCollector();
  let category: string | null = null;
  // Categories and questions with answers; a file with neither is not GIFT.
  let recognised = 0;
  for (const block of blocks(body)) {
    const comments = block.filter(isComment).join('\n');
    const lines = block.filter((l) => !isComment(l));
    if (lines[0]?.trim().startsWith('$CATEGORY:')) {
      category = normaliseCategory(lines.shift()!.trim().slice('$CATEGORY:'.length));
      recognised++;
    }
    const text = lines.join('\n').trim();
    if (text === '') continue;
    const index = out.next();
    const name = /^::((?:\\:|[^:]|:(?!:))*)::/.exec(text)?.[1]?.replace(/\\(.)/g, '$1').trim() || nameFromStem(text.replace(/^\[\w+\]/, ''));
    if (hideEscapes(text).includes('{')) recognised++;
    try {
      out.add(index, category, parseQuestion(text, comments));
    } catch (err) {
      out.skip(index, name, err instanceof Unconvertible ? err.message : `Soal tidak dapat dibaca: ${(err as Error).message}`);
    }
  }
  if (recognised === 0) {
    throw unreadable(
      'Tidak ada soal GIFT di berkas ini: setiap soal perlu bagian jawaban dalam kurung kurawal { }.',
      'No GIFT questions in this file: every question needs an answer part in braces { }.',
    );
  }
  return out.result;
}

// ---------------------------------------------------------------------------------------------
// Writing

/** Escapes GIFT's special characters and folds line breaks into `\n`, as Moodle does. */
const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/([#=~{}:])/g, '\\$1').replace(/\r?\n/g, '\\n');

function answersGift(doc: QuestionDocT): string[] | string {
  const fb = (s: string | undefined) => (s ? `#${esc(s)}` : '');
  const weightOf = (f: number) => `%${percent(f)}%`;
  switch (doc.type) {
    case 'single':
      return (doc.choices ?? []).map((c) => `${c.fraction === 1 ? '=' : c.fraction === 0 ? '~' : `~${weightOf(c.fraction)}`}${esc(c.text)}${fb(c.feedback)}`);
    case 'multiple':
      return (doc.choices ?? []).map((c) => `~${c.fraction === 0 ? '' : weightOf(c.fraction)}${esc(c.text)}${fb(c.feedback)}`);
    case 'truefalse': {
      const wrong = doc.feedback?.incorrect;
      const right = doc.feedback?.correct;
      return [`${doc.answer ? 'TRUE' : 'FALSE'}${wrong ? `#${esc(wrong)}` : right ? '#' : ''}${right ? `#${esc(right)}` : ''}`];
    }
    case 'short':
      return (doc.answers ?? []).map((a) => `=${a.fraction === 1 ? '' : weightOf(a.fraction)}${esc(a.text)}${fb(a.feedback)}`);
    case 'numeric': {
      const lines = (doc.numeric ?? []).map((a) => `=${a.fraction === 1 ? '' : weightOf(a.fraction)}${a.value}:${a.tolerance}${fb(a.feedback)}`);
      if (doc.feedback?.incorrect) lines.push(`~${fb(doc.feedback.incorrect)}`);
      lines[0] = `#${lines[0] ?? ''}`;
      return lines;
    }
    case 'matching': {
      const pairs = [...(doc.pairs ?? []).map((p) => [p.prompt, p.answer] as const), ...(doc.distractors ?? []).map((d) => ['', d] as const)];
      if (pairs.some(([p, a]) => p.includes('->') || a.includes('->'))) return 'Teks pasangan berisi "->", yang tidak dapat ditulis dalam GIFT.';
      return pairs.map(([p, a]) => `=${esc(p)} -> ${esc(a)}`);
    }
    case 'ordering':
      return 'Soal urutan (ordering) tidak dapat ditulis dalam GIFT.';
    case 'essay':
      return [];
  }
}

/**
 * Writes questions as GIFT with `$CATEGORY:` lines. GIFT cannot hold ordering questions (they are
 * skipped), nor shuffling, case sensitivity, essay grading notes and rubrics, or right/wrong
 * feedback except on true/false questions.
 */
export function exportGift(questions: ExportQuestion[]): { text: string; skipped: Skipped[] } {
  const parts = ['// Diekspor dari Sinau', ''];
  const skipped: Skipped[] = [];
  let current: string | null = null;
  questions.forEach(({ category, doc }, i) => {
    const answers = answersGift(doc);
    if (typeof answers === 'string') {
      skipped.push({ index: i + 1, name: doc.name, reason: answers });
      return;
    }
    if (category !== current) {
      parts.push(`$CATEGORY: $course$/top${category ? `/${category}` : ''}`, '');
      current = category;
    }
    const meta = [...tagsWithCompetency(doc).map((t) => `[tag:${t.replace(/\]/g, '\\]')}]`), ...(doc.points === 1 ? [] : [`[points:${doc.points}]`])];
    if (meta.length > 0) parts.push(`// ${meta.join(' ')}`);
    const general = doc.feedback?.general ? `####${esc(doc.feedback.general)}` : '';
    const head = `::${esc(doc.name)}::[markdown]${esc(doc.stem)}`;
    if (answers.length === 0) parts.push(`${head}{${general}}`);
    else if (doc.type === 'truefalse') parts.push(`${head}{${answers[0]}${general}}`);
    else parts.push(`${head}{`, ...answers.map((a) => `\t${a}`), ...(general ? [`\t${general}`] : []), '}');
    parts.push('');
  });
  return { text: parts.join('\n'), skipped };
}
