import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sql, type Transaction } from 'kysely';
import { partnerOnly } from '../auth/sessions.ts';
import type { DB } from '../db/types.ts';
import { Slug } from '../courses/schemas.ts';
import { insertMedia, storeUpload } from '../media/service.ts';
import { adminUnitIds, audit } from '../org/service.ts';
import { AppError, ErrorBody, forbidden, invalid, notFound, text } from '../plugins/errors.ts';
import { forgetQuizPlans } from './attempts.ts';
import { checkQuestion, editableBankIds, ensureCategory, freeKey, saveQuestion } from './banks.ts';
import { exportGift } from './formats/gift.ts';
import { parseQuestions, type ImportedQuestion } from './formats/index.ts';
import { exportMoodleXml } from './formats/moodle-xml.ts';
import type { QuestionDocT } from './model.ts';
import { canEditCourse } from '../courses/access.ts';
import { IdParam, QUIZ_AUTHORS } from './schemas.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 503: ErrorBody };
const bankNotFound = () => new AppError(404, 'bank_not_found', text('Bank soal tidak ditemukan.', 'Question bank not found.'));

const BankSummary = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  name: Type.String(),
  course: Type.Union([Type.Null(), Type.Object({ id: Type.Integer(), slug: Type.String(), title: Type.String() })]),
  unitId: Type.Union([Type.Null(), Type.Integer()]),
  source: Type.Union([Type.Literal('app'), Type.Literal('file')]),
  questionCount: Type.Integer(),
});
const ImportReport = Type.Object({
  dryRun: Type.Boolean(),
  summary: Type.Object({ total: Type.Integer(), created: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer(), skipped: Type.Integer() }),
  imported: Type.Array(Type.Object({ index: Type.Integer(), name: Type.String(), key: Type.String(), category: Type.String(), type: Type.String(), action: Type.String() })),
  skipped: Type.Array(Type.Object({ index: Type.Integer(), name: Type.String(), reason: Type.String() })),
});
const Format = Type.Union([Type.Literal('moodlexml'), Type.Literal('gift'), Type.Literal('csv')]);

/** "Pelayanan/Dasar" → a category key ("pelayanan/dasar") and name. */
function categoryOf(path: string | null): { key: string; name: string } {
  if (!path) return { key: 'umum', name: 'Umum' };
  const key =
    path
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9/ -]/g, '')
      .split('/')
      .map((p) => p.trim().replace(/[\s-]+/g, '-').replace(/^-|-$/g, ''))
      .filter(Boolean)
      .join('/') || 'umum';
  return { key, name: path };
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db;
  // A changed question is drawn by new attempts at once.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' && reply.statusCode < 400) forgetQuizPlans();
    return payload;
  });
  // Moodle XML arrives as XML; GIFT and CSV as text (parsed by the app-wide text parser).
  app.addContentTypeParser(['text/xml', 'application/xml'], { parseAs: 'string', bodyLimit: app.config.IMPORT_MAX_BYTES }, (_req, body, done) => done(null, body));

  async function editableBank(user: Parameters<typeof editableBankIds>[1], id: number) {
    const bank = await db.selectFrom('question_banks').selectAll().where('id', '=', id).executeTakeFirst();
    if (!bank) throw bankNotFound();
    const ids = await editableBankIds(db, user);
    if (ids !== null && !ids.includes(id)) {
      if (bank.partner_id !== null && partnerOnly(user)) throw forbidden(text('Bank soal ini milik mitra lain.', 'This question bank belongs to another partner.'));
      throw bankNotFound();
    }
    return bank;
  }

  app.get(
    '/api/question-banks',
    { config: { roles: QUIZ_AUTHORS, partner: true }, schema: { tags: ['quizzes'], summary: 'Question banks I may edit', response: { 200: Type.Object({ items: Type.Array(BankSummary) }), ...errors } } },
    async (request) => {
      const ids = await editableBankIds(db, request.user!);
      let q = db
        .selectFrom('question_banks as b')
        .leftJoin('courses as c', 'c.id', 'b.course_id')
        .select([
          'b.id', 'b.slug', 'b.name', 'b.unit_id', 'b.source', 'c.id as course_id', 'c.slug as course_slug', 'c.title as course_title',
          sql<number>`(SELECT count(*) FROM questions q WHERE q.bank_id = b.id AND q.retired_at IS NULL)::int`.as('question_count'),
        ])
        .orderBy('b.name');
      if (ids !== null) q = q.where('b.id', 'in', ids.length ? ids : [0]);
      const rows = await q.execute();
      return {
        items: rows.map((r) => ({
          id: r.id,
          slug: r.slug,
          name: r.name,
          course: r.course_id ? { id: r.course_id, slug: r.course_slug!, title: r.course_title! } : null,
          unitId: r.unit_id,
          source: r.source,
          questionCount: r.question_count,
        })),
      };
    },
  );

  app.post(
    '/api/question-banks',
    {
      config: { roles: QUIZ_AUTHORS, partner: true },
      schema: {
        tags: ['quizzes'],
        summary: 'Create a question bank (mine, for a course I own, or shared by an office: admins)',
        body: Type.Object(
          { slug: Slug, name: Type.String({ minLength: 3, maxLength: 200 }), courseSlug: Type.Optional(Slug), unitId: Type.Optional(Type.Integer({ minimum: 1 })) },
          { additionalProperties: false },
        ),
        response: { 201: BankSummary, ...errors },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const { slug, name, courseSlug, unitId } = request.body;
      if (unitId !== undefined) {
        // A bank shared by an office (and the offices below it): its admins manage it.
        if (!user.roles.includes('admin')) throw forbidden(text('Hanya admin yang dapat membuat bank soal bersama untuk unit.', 'Only admins can create a bank shared by an office.'));
        const scope = await adminUnitIds(db, user);
        if (!(await db.selectFrom('units').select('id').where('id', '=', unitId).executeTakeFirst())) throw invalid(text('Unit tidak ditemukan.', 'Office not found.'));
        if (scope !== null && !scope.includes(unitId)) throw forbidden(text('Unit itu di luar wewenang Anda.', 'That office is outside your scope.'));
      }
      let course: { id: number; slug: string; title: string } | null = null;
      if (courseSlug) {
        const c = await db.selectFrom('courses').select(['id', 'slug', 'title', 'owner_id', 'partner_id']).where('slug', '=', courseSlug).executeTakeFirst();
        if (!c) throw new AppError(404, 'course_not_found', text('Kursus tidak ditemukan.', 'Course not found.'));
        if (!canEditCourse(user, c)) throw forbidden();
        course = { id: c.id, slug: c.slug, title: c.title };
      }
      const row = await db
        .insertInto('question_banks')
        .values({ slug, name, course_id: course?.id ?? null, unit_id: unitId ?? null, owner_id: user.id, partner_id: user.roles.includes('admin') ? null : (user.partnerId ?? null), source: 'app' })
        .onConflict((oc) => oc.column('slug').doNothing())
        .returning(['id', 'unit_id'])
        .executeTakeFirst();
      if (!row) throw new AppError(409, 'conflict', text(`Nama bank '${slug}' sudah dipakai.`, `The bank name '${slug}' is already used.`));
      await audit(db, user.id, 'bank.create', slug);
      return reply.status(201).send({ id: row.id, slug, name, course, unitId: row.unit_id, source: 'app' as const, questionCount: 0 });
    },
  );

  app.get(
    '/api/question-banks/:id',
    {
      config: { roles: QUIZ_AUTHORS, partner: true },
      schema: {
        tags: ['quizzes'],
        summary: 'A bank with its categories and current questions (with their answers: for editors)',
        params: IdParam,
        response: {
          200: Type.Object({
            bank: BankSummary,
            categories: Type.Array(
              Type.Object({
                id: Type.Integer(),
                key: Type.String(),
                name: Type.String(),
                questions: Type.Array(Type.Object({ id: Type.Integer(), key: Type.String(), version: Type.Integer(), doc: Type.Unknown(), used: Type.Boolean() })),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const bank = await editableBank(request.user!, request.params.id);
      const [course, categories, questions] = await Promise.all([
        bank.course_id ? db.selectFrom('courses').select(['id', 'slug', 'title']).where('id', '=', bank.course_id).executeTakeFirst() : undefined,
        db.selectFrom('question_categories').selectAll().where('bank_id', '=', bank.id).orderBy('position').orderBy('name').execute(),
        db
          .selectFrom('questions as q')
          .innerJoin('question_versions as v', (j) => j.onRef('v.question_id', '=', 'q.id').onRef('v.version', '=', 'q.current_version'))
          .select(['q.id', 'q.key', 'q.category_id', 'q.current_version', 'v.doc', sql<boolean>`EXISTS (SELECT 1 FROM attempt_questions a WHERE a.version_id = v.id)`.as('used')])
          .where('q.bank_id', '=', bank.id)
          .where('q.retired_at', 'is', null)
          .orderBy('q.id')
          .execute(),
      ]);
      return {
        bank: { id: bank.id, slug: bank.slug, name: bank.name, course: course ?? null, unitId: bank.unit_id, source: bank.source, questionCount: questions.length },
        categories: categories.map((c) => ({
          id: c.id,
          key: c.key,
          name: c.name,
          questions: questions.filter((q) => q.category_id === c.id).map((q) => ({ id: q.id, key: q.key, version: q.current_version, doc: q.doc, used: q.used })),
        })),
      };
    },
  );

  app.post(
    '/api/question-banks/:id/questions',
    {
      config: { roles: QUIZ_AUTHORS, partner: true },
      schema: {
        tags: ['quizzes'],
        summary: 'Add a question to a bank',
        params: IdParam,
        body: Type.Object({ category: Type.String({ minLength: 1, maxLength: 200 }), doc: Type.Unknown() }, { additionalProperties: false }),
        response: { 201: Type.Object({ id: Type.Integer(), key: Type.String(), version: Type.Integer() }), ...errors },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const bank = await editableBank(user, request.params.id);
      if (bank.source === 'file') throw managedByFiles();
      const { doc, problems } = checkQuestion(request.body.doc);
      if (problems.length) throw invalid(text(`Soal belum dapat disimpan: ${problems.join(' ')}`, `The question cannot be saved yet: ${problems.join(' ')}`), problems);
      const cat = categoryOf(request.body.category);
      const saved = await db.transaction().execute(async (trx) => {
        const categoryId = await ensureCategory(trx, bank.id, cat.key, cat.name);
        const key = await freeKey(trx, bank.id, doc.name);
        return { key, ...(await saveQuestion(trx, { bankId: bank.id, categoryId, key, doc, by: user.id })) };
      });
      return reply.status(201).send({ id: saved.id, key: saved.key, version: saved.version });
    },
  );

  app.put(
    '/api/questions/:id',
    {
      config: { roles: QUIZ_AUTHORS, partner: true },
      schema: {
        tags: ['quizzes'],
        summary: 'Change a question: a new version when attempts have used the current one',
        params: IdParam,
        body: Type.Object({ doc: Type.Unknown() }, { additionalProperties: false }),
        response: { 200: Type.Object({ id: Type.Integer(), version: Type.Integer(), action: Type.String() }), ...errors },
      },
    },
    async (request) => {
      const user = request.user!;
      const q = await db.selectFrom('questions').select(['id', 'bank_id', 'category_id', 'key']).where('id', '=', request.params.id).executeTakeFirst();
      if (!q) throw notFound();
      const bank = await editableBank(user, q.bank_id).catch(() => {
        throw notFound();
      });
      if (bank.source === 'file') throw managedByFiles();
      const { doc, problems } = checkQuestion(request.body.doc);
      if (problems.length) throw invalid(text(`Soal belum dapat disimpan: ${problems.join(' ')}`, `The question cannot be saved yet: ${problems.join(' ')}`), problems);
      const r = await db.transaction().execute((trx) => saveQuestion(trx, { bankId: bank.id, categoryId: q.category_id, key: q.key, doc, by: user.id }));
      return { id: r.id, version: r.version, action: r.action };
    },
  );

  const managedByFiles = () =>
    new AppError(409, 'managed_by_files', text('Bank soal ini dikelola sebagai berkas di content/question-banks; ubah berkasnya.', 'This bank is managed as a file under content/question-banks; edit the file.'));

  app.post(
    '/api/question-banks/:id/import',
    {
      config: { roles: QUIZ_AUTHORS, partner: true },
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        tags: ['quizzes'],
        summary: 'Import questions from Moodle XML, GIFT or CSV (body: the file’s text)',
        description:
          'Questions are matched by name within their category: an unchanged one is left alone, a changed one updated (a new version if attempts used it). The report lists what was imported and what was skipped and why. With dryRun=true nothing is written.',
        params: IdParam,
        querystring: Type.Object({ format: Format, dryRun: Type.Boolean({ default: false }) }),
        consumes: ['text/plain', 'text/xml', 'application/xml', 'text/csv'],
        response: { 200: ImportReport, ...errors },
      },
    },
    async (request) => {
      const user = request.user!;
      const bank = await editableBank(user, request.params.id);
      if (bank.source === 'file') throw managedByFiles();
      const body = request.body as unknown;
      const source = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : null;
      if (!source || source.trim() === '') throw invalid(text('Kirim isi berkas soal sebagai badan permintaan.', 'Send the question file as the request body.'));
      const { format, dryRun } = request.query;
      const parsed = parseQuestions(format, source);
      const skipped = [...parsed.skipped];
      const accepted: { index: number; q: ImportedQuestion }[] = [];
      // Index within the file, counting skipped ones: the report points at the file's questions.
      const skippedIdx = new Set(skipped.map((s) => s.index));
      let idx = 0;
      for (const q of parsed.questions) {
        do idx++;
        while (skippedIdx.has(idx));
        const { problems } = checkQuestion(q.doc);
        if (problems.length) skipped.push({ index: idx, name: q.doc.name, reason: problems.join(' ') });
        else accepted.push({ index: idx, q });
      }
      const run = async (trx: Transaction<DB>) => {
        const imported = [];
        for (const { index, q } of accepted) {
          const cat = categoryOf(q.category);
          const categoryId = await ensureCategory(trx, bank.id, cat.key, cat.name);
          // The same name in the same category is the same question (a re-import updates it).
          const same = await trx
            .selectFrom('questions as x')
            .innerJoin('question_versions as v', (j) => j.onRef('v.question_id', '=', 'x.id').onRef('v.version', '=', 'x.current_version'))
            .select('x.key')
            .where('x.bank_id', '=', bank.id)
            .where('x.category_id', '=', categoryId)
            .where(sql<string>`v.doc->>'name'`, '=', q.doc.name)
            .executeTakeFirst();
          let doc: QuestionDocT = q.doc;
          if (q.media.length && !dryRun) doc = await storeQuestionMedia(doc, q.media, user.id, bank.course_id);
          const key = same?.key ?? (await freeKey(trx, bank.id, q.doc.name));
          const r = await saveQuestion(trx, { bankId: bank.id, categoryId, key, doc, by: user.id });
          imported.push({ index, name: q.doc.name, key, category: cat.name, type: q.doc.type, action: r.action === 'versioned' ? 'updated' : r.action });
        }
        return imported;
      };
      let imported: Awaited<ReturnType<typeof run>>;
      if (dryRun) {
        // Run it for real and roll back: the report says exactly what applying would do.
        imported = await db
          .transaction()
          .execute(async (trx) => {
            const r = await run(trx);
            throw Object.assign(new Error('dry run'), { dryRunResult: r });
          })
          .catch((err: { dryRunResult?: Awaited<ReturnType<typeof run>> }) => {
            if (err.dryRunResult) return err.dryRunResult;
            throw err;
          });
      } else {
        imported = await db.transaction().execute(run);
        await audit(db, user.id, 'bank.import', bank.slug, { format, imported: imported.length, skipped: skipped.length });
      }
      skipped.sort((a, b) => a.index - b.index);
      const count = (a: string) => imported.filter((i) => i.action === a).length;
      return {
        dryRun,
        summary: { total: imported.length + skipped.length, created: count('created'), updated: count('updated'), unchanged: count('unchanged'), skipped: skipped.length },
        imported,
        skipped,
      };
    },
  );

  /** Files embedded in imported questions, stored as media of the bank's course; references rewritten. */
  async function storeQuestionMedia(doc: QuestionDocT, media: ImportedQuestion['media'], ownerId: number, courseId: number | null): Promise<QuestionDocT> {
    let json = JSON.stringify(doc);
    for (const m of media) {
      const ref = `media:${encodeURIComponent(m.name)}`;
      const point = (id: string) => (json = json.split(ref).join(`/api/media/${id}`).split(`media:${m.name}`).join(`/api/media/${id}`));
      // The same file imported again is the same media (a re-import changes nothing).
      const sha256 = createHash('sha256').update(m.data).digest('hex');
      const same = await db
        .selectFrom('media')
        .select('id')
        .where('sha256', '=', sha256)
        .where((eb) => (courseId !== null ? eb('course_id', '=', courseId) : eb.and([eb('course_id', 'is', null), eb('owner_id', '=', ownerId)])))
        .executeTakeFirst();
      if (same) {
        point(same.id);
        continue;
      }
      const id = randomUUID();
      try {
        const upload = await storeUpload(app.storage, Readable.from([m.data]), { id, maxBytes: app.config.UPLOAD_MAX_BYTES, quota: null });
        await insertMedia(db, { id, ownerId, courseId, upload, originalName: m.name });
        point(id);
      } catch (err) {
        // The question is still imported; its text keeps the file's name in place of the picture.
        app.log.warn({ err, name: m.name }, 'a file embedded in an imported question was not stored');
      }
    }
    return JSON.parse(json) as QuestionDocT;
  }

  app.get(
    '/api/question-banks/:id/export',
    {
      config: { roles: QUIZ_AUTHORS, partner: true },
      schema: {
        tags: ['quizzes'],
        summary: 'Export the bank as Moodle XML or GIFT',
        params: IdParam,
        querystring: Type.Object({ format: Type.Union([Type.Literal('moodlexml'), Type.Literal('gift')]) }),
      },
    },
    async (request, reply) => {
      const bank = await editableBank(request.user!, request.params.id);
      const rows = await db
        .selectFrom('questions as q')
        .innerJoin('question_versions as v', (j) => j.onRef('v.question_id', '=', 'q.id').onRef('v.version', '=', 'q.current_version'))
        .innerJoin('question_categories as c', 'c.id', 'q.category_id')
        .select(['c.name as category', 'v.doc'])
        .where('q.bank_id', '=', bank.id)
        .where('q.retired_at', 'is', null)
        .orderBy('c.position')
        .orderBy('q.id')
        .execute();
      const questions = rows.map((r) => ({ category: r.category, doc: r.doc as QuestionDocT }));
      const { format } = request.query;
      const out = format === 'gift' ? exportGift(questions) : exportMoodleXml(questions);
      if (out.skipped.length) reply.header('x-sinau-skipped', String(out.skipped.length));
      return reply
        .type(format === 'gift' ? 'text/plain; charset=utf-8' : 'application/xml; charset=utf-8')
        .header('content-disposition', `attachment; filename="${bank.slug}.${format === 'gift' ? 'gift.txt' : 'xml'}"`)
        .send(out.text);
    },
  );
};

export default routes;
