/**
 * Moodle XML (`<quiz><question type="…">`), the format Moodle's question bank exports. Texts are
 * written back as `format="markdown"`, which Moodle imports as is.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { QuestionDocT } from '../model.ts';
import {
  choiceId,
  competencyFromTags,
  fractionFromPercent,
  ImportCollector,
  normaliseCategory,
  percent,
  tagsWithCompetency,
  Unconvertible,
  unreadable,
  type ExportQuestion,
  type ImportedQuestion,
  type ImportResult,
  type Skipped,
} from './index.ts';

// ---------------------------------------------------------------------------------------------
// HTML → Markdown, enough for what Moodle's editors produce.

interface El {
  tag: string;
  attrs: Record<string, string>;
  children: HtmlNode[];
}
type HtmlNode = El | string;

const VOID = new Set(['br', 'img', 'hr', 'input', 'meta', 'link', 'wbr', 'col', 'area', 'base', 'source', 'embed', 'param', 'track']);
const DROP = new Set(['script', 'style', 'head', 'title', 'template', 'noscript', 'iframe', 'object', 'svg', 'math', 'button', 'select', 'textarea']);
const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'header', 'footer', 'main', 'aside', 'nav', 'figure', 'figcaption', 'center', 'address',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'caption', 'dl', 'dt', 'dd', 'form', 'fieldset', 'details', 'summary',
]);
/** Elements that may not sit inside a `<p>`: opening one closes the paragraph, as browsers do. */
const CLOSES_P = new Set([...BLOCK, 'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'blockquote', 'hr']);

const ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', ndash: '–', mdash: '—', hellip: '…', laquo: '«',
  raquo: '»', ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', bull: '•', middot: '·', copy: '©', reg: '®', trade: '™',
  deg: '°', plusmn: '±', times: '×', divide: '÷', frac12: '½', frac14: '¼', frac34: '¾', sup2: '²', sup3: '³', euro: '€',
  para: '¶', sect: '§', le: '≤', ge: '≥', ne: '≠', larr: '←', rarr: '→', eacute: 'é', egrave: 'è', agrave: 'à', aacute: 'á',
  ccedil: 'ç', ouml: 'ö', uuml: 'ü', auml: 'ä', shy: '',
};

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z][a-z0-9]*);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function parseAttrs(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of source.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
    attrs[m[1]!.toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

function parseHtml(html: string): HtmlNode[] {
  const root: El = { tag: '#root', attrs: {}, children: [] };
  const stack: El[] = [root];
  const token = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|<[!?][^>]*>|[^<]+|</g;
  for (const m of html.matchAll(token)) {
    if (m[2] === undefined) {
      if (!/^<[!?]/.test(m[0])) stack[stack.length - 1]!.children.push(m[0]);
      continue;
    }
    const tag = m[2].toLowerCase();
    const tags = stack.map((e) => e.tag);
    if (m[1]) {
      const at = tags.lastIndexOf(tag);
      if (at > 0) stack.length = at;
      continue;
    }
    if (CLOSES_P.has(tag) && tags[tags.length - 1] === 'p') stack.pop();
    if (tag === 'li') {
      const li = tags.lastIndexOf('li');
      if (li > Math.max(tags.lastIndexOf('ul'), tags.lastIndexOf('ol'))) stack.length = li;
    }
    const el: El = { tag, attrs: parseAttrs(m[3] ?? ''), children: [] };
    stack[stack.length - 1]!.children.push(el);
    if (!VOID.has(tag) && !(m[3] ?? '').trimEnd().endsWith('/')) stack.push(el);
  }
  return root.children;
}

const HARD_BREAK = '\u0001';
const BLOCK_BREAK = '\u0002';
/** Spaces inside `<pre>`, kept apart from the collapsing of runs of spaces until the end. */
const PRE_SPACE = '\u0003';

function escapeMarkdown(s: string): string {
  return s
    .replace(/[\\`*[\]]/g, '\\$&')
    .replace(/<(?=[A-Za-z/!?])/g, '\\<')
    .replace(/&(?=#?\w+;)/g, '\\&')
    .replace(/_+/g, (run: string, at: number, all: string) => {
      // Blanks (`_____`) and snake_case words stay readable; an underscore that could open emphasis does not.
      if (run.length >= 3) return run;
      const word = /[\p{L}\p{N}]/u;
      return word.test(all[at - 1] ?? '') && word.test(all[at + run.length] ?? '') ? run : run.replace(/_/g, '\\_');
    });
}

function textContent(n: HtmlNode): string {
  return typeof n === 'string' ? decodeEntities(n) : n.tag === 'br' ? '\n' : n.children.map(textContent).join('');
}

const url = (s: string) => s.trim().replace(/ /g, '%20').replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/</g, '%3C').replace(/>/g, '%3E');

/** Formats inline text, keeping the spaces around it outside the markup (`** x **` is not bold). */
function inlineMarkup(s: string, format: (core: string) => string): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(s)!;
  return m[2] ? `${m[1]}${format(m[2])}${m[3]}` : s;
}

function renderList(el: El, ordered: boolean): string {
  let n = Number.parseInt(el.attrs.start ?? '1', 10) || 1;
  const items = el.children.filter((c) => typeof c !== 'string' || c.trim() !== '');
  const lines = items.map((item) => {
    const marker = ordered ? `${n++}. ` : '- ';
    const body = fragment(typeof item !== 'string' && item.tag === 'li' ? item.children : [item]).replace(/\n{2,}/g, '\n');
    return marker + body.split('\n').join(`\n${' '.repeat(marker.length)}`);
  });
  return BLOCK_BREAK + lines.join('\n') + BLOCK_BREAK;
}

function render(n: HtmlNode): string {
  if (typeof n === 'string') return escapeMarkdown(decodeEntities(n).replace(/[\s\u00a0]+/g, ' '));
  if (DROP.has(n.tag)) return '';
  const inner = () => n.children.map(render).join('');
  switch (n.tag) {
    case 'br':
      return HARD_BREAK;
    case 'hr':
      return `${BLOCK_BREAK}---${BLOCK_BREAK}`;
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6': {
      const title = fragment(n.children).replace(/\s+/g, ' ').trim();
      return title ? `${BLOCK_BREAK}${'#'.repeat(Number(n.tag[1]))} ${title}${BLOCK_BREAK}` : '';
    }
    case 'strong':
    case 'b':
      return inlineMarkup(inner(), (t) => `**${t}**`);
    case 'em':
    case 'i':
      return inlineMarkup(inner(), (t) => `*${t}*`);
    case 'code': {
      const code = textContent(n).replace(/\s+/g, ' ');
      return code.includes('`') ? `\`\` ${code} \`\`` : `\`${code}\``;
    }
    case 'pre':
      return `${BLOCK_BREAK}\`\`\`\n${textContent(n).replace(/\n+$/, '').replace(/ /g, PRE_SPACE)}\n\`\`\`${BLOCK_BREAK}`;
    case 'a': {
      const label = inner();
      const href = n.attrs.href?.trim() ?? '';
      if (!label.trim() || !href || /^(javascript|vbscript|data):/i.test(href)) return label;
      return inlineMarkup(label, (t) => `[${t}](${url(href)})`);
    }
    case 'img': {
      const src = n.attrs.src?.trim() ?? '';
      return src ? `![${escapeMarkdown(n.attrs.alt ?? '')}](${url(src)})` : '';
    }
    case 'ul':
      return renderList(n, false);
    case 'ol':
      return renderList(n, true);
    case 'li':
      return renderList({ tag: 'ul', attrs: {}, children: [n] }, false);
    case 'blockquote':
      return BLOCK_BREAK + fragment(n.children).split('\n').map((l) => (l ? `> ${l}` : '>')).join('\n') + BLOCK_BREAK;
    case 'td':
    case 'th':
      return ` ${inner()} `;
    default:
      return BLOCK.has(n.tag) ? BLOCK_BREAK + inner() + BLOCK_BREAK : inner();
  }
}

function fragment(nodes: HtmlNode[]): string {
  return nodes
    .map(render)
    .join('')
    .replace(/\s*\u0001\s*(?=\u0002)|(?<=\u0002)\s*\u0001\s*/g, '')
    .replace(/(?:\s*\u0001){2,}\s*/g, BLOCK_BREAK)
    .replace(/^[\s\u0001]+|[\s\u0001]+$/g, '')
    .replace(/ *\u0001 */g, '\\\n')
    .replace(/\s*\u0002[\s\u0002]*/g, '\n\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/(\S)[ \t]{2,}/g, '$1 ')
    .trim();
}

/**
 * Markdown for HTML from Moodle's editors: paragraphs, line breaks, bold, italics, links, images,
 * lists and headings survive; other tags are dropped (scripts and styles with their content).
 */
export function htmlToMarkdown(html: string): string {
  return fragment(parseHtml(html)).replace(/\u0003/g, ' ');
}

// ---------------------------------------------------------------------------------------------
// Reading

type XNode = Record<string, unknown>;
type Media = ImportedQuestion['media'];

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ['question', 'answer', 'subquestion', 'file', 'tag'].includes(name),
});

const isNode = (v: unknown): v is XNode => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): XNode[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x) => (isNode(x) ? x : { '#text': x }));

/** The text of an element that holds only text, or of its `#text` when it has attributes. */
function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isNode(v)) return str(v['#text']);
  if (Array.isArray(v)) return str(v[0]);
  return '';
}

/** `<x><text>…</text></x>`, as written, or '' when absent. */
const textOf = (v: unknown): string => (isNode(v) ? str(v.text) : '').trim();

const yes = (v: unknown) => ['1', 'true', 'yes'].includes(str(v).trim().toLowerCase());

const fromPercent = (v: unknown) => fractionFromPercent(Number(str(v)));

/** A rich text element (`format` attribute and `<text>`) as Markdown. */
function rich(v: unknown): string {
  if (!isNode(v)) return '';
  const body = textOf(v);
  const format = str(v['@_format']).toLowerCase();
  const md = format === 'html' ? htmlToMarkdown(body) : body;
  // Moodle points at its embedded files this way; the importer stores them and fixes the links.
  return md.replace(/@@PLUGINFILE@@\//g, 'media:').trim();
}

/** Every `<file>` in the question, wherever it sits (question text, answers, feedback). */
function collectFiles(v: unknown, out: Media): void {
  if (Array.isArray(v)) for (const x of v) collectFiles(x, out);
  else if (isNode(v)) {
    for (const [key, child] of Object.entries(v)) {
      if (key !== 'file') {
        collectFiles(child, out);
        continue;
      }
      for (const f of list(child)) {
        const name = str(f['@_name']).trim();
        if (!name || out.some((m) => m.name === name)) continue;
        const encoding = str(f['@_encoding']).toLowerCase();
        out.push({ name, data: encoding === 'base64' || encoding === '' ? Buffer.from(str(f).replace(/\s+/g, ''), 'base64') : Buffer.from(str(f)) });
      }
    }
  }
}

const UNSUPPORTED: Record<string, string> = {
  multianswer: "Tipe soal 'multianswer' (cloze) belum didukung.",
  cloze: "Tipe soal 'cloze' belum didukung.",
  random: "Tipe soal 'random' (soal acak dari kategori) tidak dapat diimpor; impor soal-soal di kategorinya saja.",
  randomsamatch: "Tipe soal 'randomsamatch' (menjodohkan acak) belum didukung.",
};

function convert(q: XNode, type: string): QuestionDocT {
  const tagged = competencyFromTags(
    isNode(q.tags) ? list(q.tags.tag).map((t) => textOf(t)).filter((t) => t !== '') : [],
  );
  const grade = str(q.defaultgrade).trim();
  const doc: QuestionDocT = {
    type: 'essay',
    name: str(isNode(q.name) ? q.name.text : q.name).replace(/\s+/g, ' ').trim(),
    stem: rich(q.questiontext),
    points: grade === '' ? 1 : Number(grade),
    tags: tagged.tags,
    feedback: { general: rich(q.generalfeedback), correct: rich(q.correctfeedback), incorrect: rich(q.incorrectfeedback) },
  };
  if (tagged.competency) doc.competency = tagged.competency;
  const answers = list(q.answer);
  const feedbackOf = (a: XNode) => rich(a.feedback);

  switch (type) {
    case 'multichoice':
      doc.type = q.single === undefined || yes(q.single) ? 'single' : 'multiple';
      doc.choices = answers.map((a, i) => ({ id: choiceId(i), text: rich(a), fraction: fromPercent(a['@_fraction']), feedback: feedbackOf(a) }));
      if (q.shuffleanswers !== undefined) doc.shuffleChoices = yes(q.shuffleanswers);
      return doc;
    case 'truefalse': {
      doc.type = 'truefalse';
      const right = answers.find((a) => fromPercent(a['@_fraction']) === 1);
      const wrong = answers.find((a) => a !== right);
      if (!right) throw new Unconvertible('Soal benar/salah tanpa jawaban bernilai penuh.');
      const value = textOf(right).toLowerCase();
      if (!['true', 'false', 'benar', 'salah'].includes(value)) throw new Unconvertible(`Jawaban benar/salah tidak dikenali: '${textOf(right)}'.`);
      doc.answer = value === 'true' || value === 'benar';
      doc.feedback = { ...doc.feedback, correct: feedbackOf(right), incorrect: wrong ? feedbackOf(wrong) : '' };
      return doc;
    }
    case 'shortanswer':
      doc.type = 'short';
      doc.caseSensitive = yes(q.usecase);
      doc.answers = answers
        .map((a) => ({ text: textOf(a), fraction: fromPercent(a['@_fraction']), feedback: feedbackOf(a) }))
        .filter((a) => a.text !== '');
      return doc;
    case 'numerical':
      doc.type = 'numeric';
      doc.numeric = [];
      for (const a of answers) {
        const raw = textOf(a);
        // Moodle's "*" answer catches every other number; its feedback is what a wrong answer sees.
        if (raw === '*') {
          if (!doc.feedback?.incorrect) doc.feedback = { ...doc.feedback, incorrect: feedbackOf(a) };
          continue;
        }
        const value = Number(raw.replace(',', '.'));
        const tolerance = Number(str(a.tolerance).trim() || '0');
        if (raw === '' || !Number.isFinite(value) || !Number.isFinite(tolerance)) throw new Unconvertible(`Jawaban angka tidak valid: '${raw}'.`);
        doc.numeric.push({ value, tolerance: Math.abs(tolerance), fraction: fromPercent(a['@_fraction']), feedback: feedbackOf(a) });
      }
      return doc;
    case 'matching': {
      doc.type = 'matching';
      doc.pairs = [];
      const distractors: string[] = [];
      for (const sub of list(q.subquestion)) {
        const prompt = rich(sub);
        const answer = textOf(list(sub.answer)[0]);
        if (prompt === '') {
          if (answer !== '') distractors.push(answer);
        } else doc.pairs.push({ id: choiceId(doc.pairs.length), prompt, answer });
      }
      if (distractors.length > 0) doc.distractors = distractors;
      if (q.shuffleanswers !== undefined) doc.shuffleChoices = yes(q.shuffleanswers);
      return doc;
    }
    case 'ordering': {
      doc.type = 'ordering';
      // qtype_ordering keeps each item's position in `fraction`; fall back to file order.
      const positions = answers.map((a) => Number(str(a['@_fraction'])));
      const ordered = new Set(positions).size === positions.length && positions.every(Number.isFinite);
      const sorted = answers.map((a, i) => ({ a, at: ordered ? positions[i]! : i })).sort((x, y) => x.at - y.at);
      doc.items = sorted.map(({ a }, i) => ({ id: choiceId(i), text: rich(a) }));
      return doc;
    }
    case 'essay': {
      doc.type = 'essay';
      const info = rich(q.graderinfo);
      if (info) doc.graderInfo = info;
      const min = Number.parseInt(str(q.minwordlimit), 10);
      const max = Number.parseInt(str(q.maxwordlimit), 10);
      if (min > 0) doc.minWords = min;
      if (max > 0) doc.maxWords = max;
      return doc;
    }
    case 'description':
      throw new Unconvertible('Bukan soal: ini teks keterangan (description).');
    default:
      throw new Unconvertible(UNSUPPORTED[type] ?? `Tipe soal '${type}' belum didukung.`);
  }
}

/** Reads a Moodle XML question export. Throws only when the file is not Moodle XML at all. */
export function parseMoodleXml(source: string): ImportResult {
  const body = source.replace(/^\uFEFF/, '').trim();
  // Moodle never writes a DOCTYPE; refusing it keeps entity tricks out of the parser.
  if (/<!DOCTYPE/i.test(body)) throw unreadable('Berkas XML tidak boleh berisi DOCTYPE.', 'The XML file must not contain a DOCTYPE.');
  const valid = body === '' ? { err: { msg: 'empty', line: 1 } } : XMLValidator.validate(body);
  if (valid !== true) {
    throw unreadable(
      `Berkas bukan XML yang sah (baris ${valid.err.line}): ${valid.err.msg}`,
      `The file is not valid XML (line ${valid.err.line}): ${valid.err.msg}`,
    );
  }
  const root = xml.parse(body) as XNode;
  if (!('quiz' in root)) {
    throw unreadable('Berkas XML ini bukan ekspor soal Moodle: tidak ada elemen <quiz>.', 'This XML file is not a Moodle question export: it has no <quiz> element.');
  }
  const quiz = isNode(root.quiz) ? root.quiz : {};
  const out = new ImportCollector();
  let category: string | null = null;
  for (const q of list(quiz.question)) {
    const type = str(q['@_type']).trim().toLowerCase();
    if (type === 'category') {
      category = normaliseCategory(textOf(q.category));
      continue;
    }
    const index = out.next();
    const name = str(isNode(q.name) ? q.name.text : q.name).trim();
    try {
      const doc = convert(q, type);
      const media: Media = [];
      collectFiles(q, media);
      out.add(index, category, doc, media);
    } catch (err) {
      out.skip(index, name, err instanceof Unconvertible ? err.message : `Soal tidak dapat dibaca: ${(err as Error).message}`);
    }
  }
  return out.result;
}

// ---------------------------------------------------------------------------------------------
// Writing

const escapeXml = (s: string) =>
  s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

const plainText = (tag: string, value: string, pad: string) => `${pad}<${tag}><text>${escapeXml(value)}</text></${tag}>`;
const mdText = (tag: string, value: string | undefined, pad: string) => `${pad}<${tag} format="markdown"><text>${escapeXml(value ?? '')}</text></${tag}>`;

function answerXml(fraction: string, format: string, text: string, pad: string, inner: string[] = []): string {
  return [`${pad}<answer fraction="${fraction}" format="${format}">`, `${pad}  <text>${escapeXml(text)}</text>`, ...inner.map((l) => `${pad}  ${l}`), `${pad}</answer>`].join('\n');
}

function questionXml(doc: QuestionDocT): string {
  const p = '    ';
  const moodleType = { single: 'multichoice', multiple: 'multichoice', truefalse: 'truefalse', short: 'shortanswer', numeric: 'numerical', matching: 'matching', ordering: 'ordering', essay: 'essay' }[doc.type];
  const lines = [
    `  <question type="${moodleType}">`,
    plainText('name', doc.name, p),
    mdText('questiontext', doc.stem, p),
    mdText('generalfeedback', doc.feedback?.general, p),
    `${p}<defaultgrade>${doc.points}</defaultgrade>`,
    `${p}<penalty>0</penalty>`,
    `${p}<hidden>0</hidden>`,
  ];
  const combinedFeedback = () => [
    mdText('correctfeedback', doc.feedback?.correct, p),
    mdText('partiallycorrectfeedback', '', p),
    mdText('incorrectfeedback', doc.feedback?.incorrect, p),
  ];
  const shuffle = () => (doc.shuffleChoices === undefined ? [] : [`${p}<shuffleanswers>${doc.shuffleChoices ? 'true' : 'false'}</shuffleanswers>`]);
  switch (doc.type) {
    case 'single':
    case 'multiple':
      lines.push(`${p}<single>${doc.type === 'single'}</single>`, ...shuffle(), `${p}<answernumbering>abc</answernumbering>`, ...combinedFeedback());
      for (const c of doc.choices ?? []) lines.push(answerXml(percent(c.fraction), 'markdown', c.text, p, [mdText('feedback', c.feedback, '')]));
      break;
    case 'truefalse':
      for (const value of [true, false]) {
        const right = value === doc.answer;
        const feedback = right ? doc.feedback?.correct : doc.feedback?.incorrect;
        lines.push(answerXml(right ? '100' : '0', 'moodle_auto_format', String(value), p, [mdText('feedback', feedback, '')]));
      }
      break;
    case 'short':
      lines.push(`${p}<usecase>${doc.caseSensitive ? 1 : 0}</usecase>`, ...combinedFeedback());
      for (const a of doc.answers ?? []) lines.push(answerXml(percent(a.fraction), 'moodle_auto_format', a.text, p, [mdText('feedback', a.feedback, '')]));
      break;
    case 'numeric':
      lines.push(mdText('correctfeedback', doc.feedback?.correct, p));
      for (const a of doc.numeric ?? []) {
        lines.push(answerXml(percent(a.fraction), 'moodle_auto_format', String(a.value), p, [mdText('feedback', a.feedback, ''), `<tolerance>${a.tolerance}</tolerance>`]));
      }
      if (doc.feedback?.incorrect) {
        lines.push(answerXml('0', 'moodle_auto_format', '*', p, [mdText('feedback', doc.feedback.incorrect, ''), '<tolerance>0</tolerance>']));
      }
      lines.push(`${p}<unitgradingtype>0</unitgradingtype>`, `${p}<unitpenalty>0</unitpenalty>`, `${p}<showunits>3</showunits>`, `${p}<unitsleft>0</unitsleft>`);
      break;
    case 'matching':
      lines.push(...shuffle(), ...combinedFeedback());
      for (const pair of doc.pairs ?? []) {
        lines.push(`${p}<subquestion format="markdown">`, `${p}  <text>${escapeXml(pair.prompt)}</text>`, plainText('answer', pair.answer, `${p}  `), `${p}</subquestion>`);
      }
      for (const d of doc.distractors ?? []) {
        lines.push(`${p}<subquestion format="markdown">`, `${p}  <text></text>`, plainText('answer', d, `${p}  `), `${p}</subquestion>`);
      }
      break;
    case 'ordering':
      lines.push(
        `${p}<layouttype>VERTICAL</layouttype>`,
        `${p}<selecttype>ALL</selecttype>`,
        `${p}<selectcount>0</selectcount>`,
        `${p}<gradingtype>ABSOLUTE_POSITION</gradingtype>`,
        `${p}<showgrading>SHOW</showgrading>`,
        `${p}<numberingstyle>none</numberingstyle>`,
        ...combinedFeedback(),
      );
      (doc.items ?? []).forEach((item, i) => lines.push(answerXml(String(i + 1), 'markdown', item.text, p)));
      break;
    case 'essay':
      lines.push(
        mdText('correctfeedback', doc.feedback?.correct, p),
        mdText('incorrectfeedback', doc.feedback?.incorrect, p),
        `${p}<responseformat>editor</responseformat>`,
        `${p}<responserequired>1</responserequired>`,
        `${p}<responsefieldlines>15</responsefieldlines>`,
        ...(doc.minWords ? [`${p}<minwordlimit>${doc.minWords}</minwordlimit>`] : []),
        ...(doc.maxWords ? [`${p}<maxwordlimit>${doc.maxWords}</maxwordlimit>`] : []),
        `${p}<attachments>0</attachments>`,
        `${p}<attachmentsrequired>0</attachmentsrequired>`,
        mdText('graderinfo', doc.graderInfo, p),
        `${p}<responsetemplate format="html"><text></text></responsetemplate>`,
      );
      break;
  }
  const tags = tagsWithCompetency(doc);
  if (tags.length > 0) lines.push(`${p}<tags>`, ...tags.map((t) => plainText('tag', t, `${p}  `)), `${p}</tags>`);
  lines.push('  </question>');
  return lines.join('\n');
}

/** Writes questions as Moodle XML, a category element wherever the category changes. */
export function exportMoodleXml(questions: ExportQuestion[]): { text: string; skipped: Skipped[] } {
  const parts = ['<?xml version="1.0" encoding="UTF-8"?>', '<quiz>'];
  let current: string | null = null;
  for (const { category, doc } of questions) {
    if (category !== current) {
      parts.push('  <question type="category">', plainText('category', `$course$/top${category ? `/${category}` : ''}`, '    '), '  </question>');
      current = category;
    }
    parts.push(questionXml(doc));
  }
  parts.push('</quiz>', '');
  return { text: parts.join('\n'), skipped: [] };
}
