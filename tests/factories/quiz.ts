/** Question documents of every type, and quizzes built from them straight in the database. */
import type { Kysely } from 'kysely';
import type { DB } from '../../server/db/types.ts';
import { checkQuestion, ensureCategory, saveQuestion } from '../../server/quizzes/banks.ts';
import type { QuestionDocT, ResponseT } from '../../server/quizzes/model.ts';

const base = { points: 1, tags: [] as string[] };

/** One question of each type with a right, a wrong and (where it exists) a partly right response. */
export const SAMPLES: { doc: QuestionDocT; right: ResponseT; wrong: ResponseT; partial?: { response: ResponseT; fraction: number } }[] = [
  {
    doc: { ...base, type: 'single', name: 'Jam layanan', stem: 'Kapan loket Disdukcapil dibuka?', competency: { code: 'M.05', level: 2 }, choices: [
      { id: 'a', text: '07.30', fraction: 1, feedback: 'Benar.' }, { id: 'b', text: '09.00', fraction: 0 }, { id: 'c', text: '10.00', fraction: 0 } ] },
    right: 'a', wrong: 'b',
  },
  {
    doc: { ...base, type: 'multiple', name: 'Dokumen KK', stem: 'Dokumen untuk membuat KK baru?', points: 2, competency: { code: 'T.DUK.01', level: 2 }, choices: [
      { id: 'a', text: 'Buku nikah', fraction: 0.5 }, { id: 'b', text: 'Surat pindah', fraction: 0.5 }, { id: 'c', text: 'Ijazah', fraction: -0.5 } ] },
    right: ['a', 'b'], wrong: ['c'], partial: { response: ['a'], fraction: 0.5 },
  },
  { doc: { ...base, type: 'truefalse', name: 'Gratifikasi', stem: 'Gratifikasi wajib dilaporkan dalam 30 hari kerja.', answer: true, competency: { code: 'M.01', level: 1 } }, right: true, wrong: false },
  {
    doc: { ...base, type: 'short', name: 'Singkatan', stem: 'Singkatan kartu tanda penduduk elektronik?', answers: [{ text: 'KTP-el', fraction: 1 }, { text: 'e-KTP', fraction: 1 }, { text: 'KTP', fraction: 0.5 }] },
    right: '  ktp-EL ', wrong: 'SIM', partial: { response: 'ktp', fraction: 0.5 },
  },
  { doc: { ...base, type: 'numeric', name: 'Hari kerja', stem: 'Berapa hari kerja batas lapor gratifikasi?', numeric: [{ value: 30, tolerance: 0, fraction: 1 }, { value: 14, tolerance: 0, fraction: 0.5 }] }, right: 30, wrong: 7, partial: { response: 14, fraction: 0.5 } },
  {
    doc: { ...base, type: 'matching', name: 'Pasangan', stem: 'Pasangkan layanan dengan dokumennya.', pairs: [
      { id: 'p1', prompt: 'Akta kelahiran', answer: 'Surat keterangan lahir' }, { id: 'p2', prompt: 'KTP-el', answer: 'KK' }, { id: 'p3', prompt: 'Pindah datang', answer: 'SKPWNI' }, { id: 'p4', prompt: 'Akta kematian', answer: 'Surat keterangan kematian' } ], distractors: ['Ijazah'] },
    right: { p1: 'Surat keterangan lahir', p2: 'KK', p3: 'SKPWNI', p4: 'Surat keterangan kematian' }, wrong: { p1: 'KK', p2: 'Ijazah' },
    partial: { response: { p1: 'Surat keterangan lahir', p2: 'KK', p3: 'Ijazah' }, fraction: 0.5 },
  },
  {
    doc: { ...base, type: 'ordering', name: 'Urutan layanan', stem: 'Urutkan langkah pelayanan.', items: [{ id: 'a', text: 'Ambil antrean' }, { id: 'b', text: 'Verifikasi berkas' }, { id: 'c', text: 'Perekaman' }, { id: 'd', text: 'Serahkan dokumen' }] },
    right: ['a', 'b', 'c', 'd'], wrong: ['d', 'c', 'b', 'a'], partial: { response: ['a', 'b', 'd', 'c'], fraction: 0.5 },
  },
];
export const ESSAY: QuestionDocT = { ...base, type: 'essay', name: 'Refleksi', stem: 'Ceritakan satu perbaikan layanan di unit Anda.', points: 4, rubric: [{ criterion: 'Jelas', points: 2 }, { criterion: 'Relevan', points: 2 }] };

let n = 0;
/** A published quiz with these questions (fixed, in order), in a bank of its own. */
export async function makeQuiz(
  db: Kysely<DB>,
  docs: QuestionDocT[],
  settings: Partial<{ time_limit_minutes: number | null; attempts_allowed: number | null; pass_pct: number; course_id: number | null; closes_at: Date | null; shuffle_questions: boolean; review: string; status: 'draft' | 'published' }> = {},
) {
  n++;
  const slug = `uji-kuis-${process.pid}-${n}`;
  return db.transaction().execute(async (trx) => {
    const bank = await trx.insertInto('question_banks').values({ slug: `bank-${slug}`, name: `Bank ${slug}` }).returning('id').executeTakeFirstOrThrow();
    const category = await ensureCategory(trx, bank.id, 'umum', 'Umum');
    const questionIds: number[] = [];
    for (const [i, raw] of docs.entries()) {
      const { doc, problems } = checkQuestion(raw);
      if (problems.length) throw new Error(problems.join(' '));
      questionIds.push((await saveQuestion(trx, { bankId: bank.id, categoryId: category, key: `q${i + 1}`, doc, by: null })).id);
    }
    const quiz = await trx
      .insertInto('quizzes')
      .values({ slug, title: `Kuis ${slug}`, status: 'published', shuffle_choices: false, ...settings })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('quiz_items').values(questionIds.map((id, i) => ({ quiz_id: quiz.id, position: i + 1, question_id: id }))).execute();
    return { quizId: quiz.id, bankId: bank.id, categoryId: category, questionIds };
  });
}

/** The response that earns full marks (essays: some text, for a trainer to grade). */
export function rightAnswer(doc: QuestionDocT): ResponseT {
  switch (doc.type) {
    case 'single':
      return doc.choices!.find((c) => c.fraction === 1)!.id;
    case 'multiple':
      return doc.choices!.filter((c) => c.fraction > 0).map((c) => c.id);
    case 'truefalse':
      return doc.answer!;
    case 'short':
      return doc.answers!.find((x) => x.fraction === 1)!.text.replaceAll('*', 'x');
    case 'numeric':
      return doc.numeric!.find((x) => x.fraction === 1)!.value;
    case 'matching':
      return Object.fromEntries(doc.pairs!.map((p) => [p.id, p.answer]));
    case 'ordering':
      return doc.items!.map((i) => i.id);
    case 'essay':
      return 'Jawaban uraian.';
  }
}
