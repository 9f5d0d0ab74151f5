/**
 * Multiple-choice questions from a spreadsheet: one row per question, choices in columns a … e and
 * the letter of the right one in `kunci`. Headers may be Indonesian or English.
 */
import { parse } from 'csv-parse/sync';
import type { QuestionDocT } from '../model.ts';
import { choiceId, ImportCollector, normaliseCategory, unreadable, type ImportResult } from './index.ts';

const LETTERS = ['a', 'b', 'c', 'd', 'e'] as const;
type Letter = (typeof LETTERS)[number];

/** Column names a question sheet may use, Indonesian first. */
const COLUMNS = {
  category: ['kategori', 'category'],
  name: ['nama', 'name', 'nama_soal', 'judul'],
  question: ['soal', 'question', 'pertanyaan', 'teks_soal'],
  a: ['a', 'pilihan_a', 'opsi_a', 'option_a'],
  b: ['b', 'pilihan_b', 'opsi_b', 'option_b'],
  c: ['c', 'pilihan_c', 'opsi_c', 'option_c'],
  d: ['d', 'pilihan_d', 'opsi_d', 'option_d'],
  e: ['e', 'pilihan_e', 'opsi_e', 'option_e'],
  answer: ['kunci', 'answer', 'kunci_jawaban', 'jawaban'],
  points: ['poin', 'points', 'bobot', 'skor', 'nilai'],
  competency: ['kompetensi', 'competency', 'kode_kompetensi'],
  level: ['level', 'tingkat'],
} as const;
type Column = keyof typeof COLUMNS;
const REQUIRED: Column[] = ['question', 'a', 'b', 'answer'];

/** Reads the sheet. A file without the required columns throws; a bad row is skipped with a reason. */
export function parseQuestionCsv(source: string): ImportResult {
  const body = source.replace(/^\uFEFF/, '');
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  // Spreadsheets set to Indonesian save CSV with semicolons.
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  try {
    records = parse(body, { delimiter, skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  } catch (err) {
    throw unreadable(`Berkas CSV tidak dapat dibaca: ${(err as Error).message}`, `The CSV file cannot be read: ${(err as Error).message}`);
  }
  const header = records[0];
  if (!header) throw unreadable('Berkas CSV kosong.', 'The CSV file is empty.');
  const index = new Map<Column, number>();
  header.forEach((h, i) => {
    const key = h.trim().toLowerCase().replace(/\s+/g, '_');
    for (const [col, names] of Object.entries(COLUMNS) as [Column, readonly string[]][]) {
      if (names.includes(key) && !index.has(col)) index.set(col, i);
    }
  });
  const missing = REQUIRED.filter((c) => !index.has(c)).map((c) => COLUMNS[c][0]);
  if (missing.length > 0) {
    throw unreadable(
      `Kolom wajib tidak ada: ${missing.join(', ')}. Baris pertama harus berisi judul kolom: kategori, nama, soal, a, b, c, d, e, kunci, poin, kompetensi, level.`,
      `Required columns missing: ${missing.join(', ')}. The first line must name the columns: category, name, question, a, b, c, d, e, answer, points, competency, level.`,
    );
  }

  const out = new ImportCollector();
  for (const record of records.slice(1)) {
    const cell = (col: Column) => {
      const i = index.get(col);
      return i === undefined ? '' : (record[i] ?? '').trim();
    };
    const at = out.next();
    const name = cell('name');
    const filled = LETTERS.filter((l) => cell(l) !== '');
    const key = cell('answer').toLowerCase().replace(/[^a-z]/g, '') as Letter;
    if (!LETTERS.includes(key) || !filled.includes(key)) {
      out.skip(at, name || cell('question').slice(0, 60), `Kunci jawaban '${cell('answer')}' tidak menunjuk pilihan yang terisi (${filled.join(', ') || 'tidak ada'}).`);
      continue;
    }
    const pointsText = cell('points').replace(',', '.');
    const points = pointsText === '' ? 1 : Number(pointsText);
    if (!Number.isFinite(points) || points <= 0 || points > 1000) {
      out.skip(at, name, `Poin '${cell('points')}' harus berupa angka lebih dari 0 dan paling banyak 1000.`);
      continue;
    }
    const levelText = cell('level');
    const level = levelText === '' ? 1 : Number(levelText);
    if (!Number.isInteger(level) || level < 1 || level > 5) {
      out.skip(at, name, `Level '${levelText}' harus bilangan bulat 1 sampai 5.`);
      continue;
    }
    const doc: QuestionDocT = {
      type: 'single',
      name,
      stem: cell('question'),
      points,
      tags: [],
      choices: filled.map((l, i) => ({ id: choiceId(i), text: cell(l), fraction: l === key ? 1 : 0 })),
    };
    // A competency without a level is taken at level 1; a level without a competency means nothing.
    if (cell('competency')) doc.competency = { code: cell('competency'), level };
    out.add(at, normaliseCategory(cell('category')), doc);
  }
  return out.result;
}
