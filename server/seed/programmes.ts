import type { Kysely } from 'kysely';
import type { DB } from '../db/types.ts';
import { addParticipants, addDays, createProgramme, setFacilitators, todayWib } from '../programmes/service.ts';
import { syncPerson } from '../programmes/progress.ts';
import { loadRoles, type AuthUser } from '../auth/sessions.ts';
import { lockSeeding } from './org.ts';

const MARKER = { kind: 'demo', key: 'programme-diferensiasi' };

/**
 * A demo programme of the Education Office: the differentiated-learning course, its post-test
 * and a practice task in class, with a cohort of the teachers of SMPN 1 and SDN Cemara 2, their
 * principal as reviewer and the demo trainer as facilitator. Once only (seeded_content), and all
 * or nothing; nothing when the content it is built from is not loaded. Returns 1 when added.
 */
export async function loadDemoProgrammes(db: Kysely<DB>, now = new Date()): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await lockSeeding(trx);
    const done = await trx.selectFrom('seeded_content').select('key').where('kind', '=', MARKER.kind).where('key', '=', MARKER.key).executeTakeFirst();
    if (done) return 0;
    const [course, quiz, disdik, admin, trainer, competency] = await Promise.all([
      trx.selectFrom('courses').select('id').where('slug', '=', 'pembelajaran-berdiferensiasi').executeTakeFirst(),
      trx.selectFrom('quizzes').select('id').where('slug', '=', 'post-test-pembelajaran-berdiferensiasi').executeTakeFirst(),
      trx.selectFrom('units').select('id').where('code', '=', 'DISDIK').executeTakeFirst(),
      trx.selectFrom('people').select(['id', 'name', 'locale']).where('username', '=', 'admin.disdik').where('active', '=', true).executeTakeFirst(),
      trx.selectFrom('people').select('id').where('username', '=', 'pelatih').where('active', '=', true).executeTakeFirst(),
      trx.selectFrom('competencies').select('code').where('code', '=', 'T.DIK.01').where('retired_at', 'is', null).executeTakeFirst(),
    ]);
    if (!course || !quiz || !disdik || !admin) return 0;
    const user: AuthUser = {
      id: admin.id,
      name: admin.name,
      locale: admin.locale,
      mustChangePassword: false,
      place: { unitId: disdik.id, positionId: null, tier: null },
      ...(await loadRoles(trx, admin.id)),
    };
    const competencies = competency ? [{ code: competency.code, level: 3 }] : [];
    const programmeId = await createProgramme(trx, user, {
      title: 'Pembelajaran Berdiferensiasi untuk Guru SMP/SD',
      summary: 'Program enam minggu Dinas Pendidikan: kursus daring, post-test, dan aksi nyata di kelas yang dinilai kepala sekolah.',
      description: [
        'Program pengembangan kompetensi guru SD dan SMP Kota Surakarta tentang pembelajaran berdiferensiasi.',
        'Peserta menyelesaikan kursus daring dan post-test, lalu menerapkan satu pembelajaran berdiferensiasi di kelasnya sendiri (aksi nyata): mengunggah modul ajar, foto kegiatan, dan refleksi. Kepala sekolah atau fasilitator menilai aksi nyata dengan rubrik.',
        'Peserta yang menyelesaikan semua langkah memperoleh sertifikat 20 JP.',
      ].join('\n\n'),
      jp: 20,
      competencies,
      steps: [
        { kind: 'course', courseId: course.id, dueDays: 14 },
        { kind: 'quiz', quizId: quiz.id, dueDays: 21, requires: [0] },
        {
          kind: 'practice',
          title: 'Aksi nyata: pembelajaran berdiferensiasi di kelas',
          dueDays: 42,
          requires: [0, 1],
          competencies,
          practice: {
            instructions: [
              'Rancang dan laksanakan satu pembelajaran berdiferensiasi di kelas Anda.',
              'Unggah: (1) modul ajar yang memuat hasil asesmen diagnostik dan strategi diferensiasi; (2) dua sampai lima foto kegiatan; (3) dokumen pendukung bila ada (lembar kerja berjenjang, hasil karya murid).',
              'Tuliskan refleksi: apa yang berjalan baik, apa tantangannya, dan apa yang akan Anda ubah pada pertemuan berikutnya.',
            ].join('\n\n'),
            rubric: [
              { criterion: 'Asesmen diagnostik', description: 'Modul ajar memuat data kesiapan, minat, atau profil belajar murid dan memakainya untuk pengelompokan.' },
              { criterion: 'Strategi diferensiasi', description: 'Konten, proses, atau produk dibedakan sesuai kebutuhan murid dan terlihat pada foto kegiatan.' },
              { criterion: 'Refleksi', description: 'Refleksi jujur dan spesifik, dengan rencana perbaikan yang jelas.' },
            ],
          },
        },
      ],
    });
    const teachers = await trx
      .selectFrom('people as p')
      .innerJoin('units as u', 'u.id', 'p.unit_id')
      .innerJoin('positions as pos', 'pos.id', 'p.position_id')
      .select('p.id')
      .where('u.code', 'in', ['SMPN1-SKA', 'SDN-CEMARA2'])
      .where('pos.name', 'like', 'Guru%')
      .where('p.active', '=', true)
      .orderBy('p.id')
      .execute();
    const startsOn = addDays(todayWib(now), -7);
    const cohort = await trx
      .insertInto('cohorts')
      .values({ programme_id: programmeId, name: 'Angkatan 1 — SMPN 1 dan SDN Cemara 2', starts_on: startsOn, ends_on: addDays(startsOn, 56), principal_review: true, created_by: admin.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (trainer) await setFacilitators(trx, cohort.id, [trainer.id]);
    const added = await addParticipants(
      trx,
      cohort.id,
      teachers.map((t) => t.id),
      admin.id,
    );
    for (const id of added) await syncPerson(trx, programmeId, id);
    await trx.insertInto('seeded_content').values(MARKER).execute();
    return 1;
  });
}
