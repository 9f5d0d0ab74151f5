import type { Kysely, Transaction } from 'kysely';
import { loadRoles, type AuthUser } from '../auth/sessions.ts';
import type { DB } from '../db/types.ts';
import { createWebinar, register } from '../webinars/service.ts';
import type { WebinarCreateT } from '../webinars/schemas.ts';
import { lockSeeding } from './org.ts';

/** Surakarta keeps Western Indonesian Time (WIB), UTC+7 all year. */
const WIB_OFFSET_MS = 7 * 3600_000;

/** The instant of hh:mm WIB, `days` calendar days (in WIB) after `now`. */
function wibTime(now: Date, days: number, hours: number, minutes = 0): Date {
  const wib = new Date(now.getTime() + WIB_OFFSET_MS);
  return new Date(Date.UTC(wib.getUTCFullYear(), wib.getUTCMonth(), wib.getUTCDate() + days, hours, minutes) - WIB_OFFSET_MS);
}

/** A demo person as the service functions see them, if they exist and can still sign in. */
async function demoUser(db: Kysely<DB> | Transaction<DB>, username: string): Promise<AuthUser | null> {
  const p = await db
    .selectFrom('people as p')
    .leftJoin('positions as pos', 'pos.id', 'p.position_id')
    .select(['p.id', 'p.name', 'p.locale', 'p.unit_id', 'p.position_id', 'pos.tier', 'p.must_change_password'])
    .where('p.username', '=', username)
    .where('p.active', '=', true)
    .executeTakeFirst();
  if (!p) return null;
  return {
    id: p.id,
    name: p.name,
    locale: p.locale,
    mustChangePassword: p.must_change_password,
    place: { unitId: p.unit_id, positionId: p.position_id, tier: p.tier },
    ...(await loadRoles(db, p.id)),
  };
}

/**
 * Schedules three upcoming webinars hosted by the demo trainer `pelatih`, with `asn` registered
 * for one and `guru` waiting for approval on another, so each demo account has webinars to see.
 * Only while `pelatih` hosts no webinar at all: a second start, or a demo webinar cancelled or
 * deleted by hand, never brings them back. Returns how many webinars it created.
 */
export async function loadDemoWebinars(db: Kysely<DB>, now = new Date()): Promise<number> {
  // The transaction only holds the seeding lock, so that two instances starting together do not
  // both schedule them. The webinars are made through the service, exactly as the API makes
  // them, on connections of their own, and are committed before the lock is released: the
  // instance that waited then finds them.
  return db.transaction().execute(async (trx) => {
    await lockSeeding(trx);
    const trainer = await demoUser(trx, 'pelatih');
    if (!trainer) return 0;
    const hosting = await trx.selectFrom('webinars').select('id').where('host_id', '=', trainer.id).limit(1).executeTakeFirst();
    if (hosting) return 0;

    // The service refuses references that do not exist; without the frameworks or the course
    // loaded, the webinars are still worth having.
    const publicService = await trx.selectFrom('competencies').select('code').where('code', '=', 'M.05').where('retired_at', 'is', null).executeTakeFirst();
    const course = await trx.selectFrom('courses').select('id').where('slug', '=', 'pembelajaran-berdiferensiasi').executeTakeFirst();

    const plan: { input: WebinarCreateT; registrant: string | null }[] = [
      {
        input: {
          title: 'Sosialisasi Pelayanan Publik Berbasis SPBE',
          description: [
            'Sosialisasi bagi ASN di seluruh perangkat daerah, kecamatan, dan kelurahan Pemerintah Kota Surakarta tentang penerapan Sistem Pemerintahan Berbasis Elektronik (SPBE) dalam pelayanan publik.',
            'Materi: arah kebijakan SPBE menurut Peraturan Presiden Nomor 95 Tahun 2018 dan hasil evaluasi SPBE Kota Surakarta; layanan terintegrasi di Mal Pelayanan Publik dan layanan daring perangkat daerah; standar pelayanan dan maklumat pelayanan; serta menindaklanjuti pengaduan warga yang masuk lewat ULAS (Unit Layanan Aduan Surakarta) dan SP4N-LAPOR! sampai tuntas.',
            'Acara disiarkan langsung; pertanyaan disampaikan melalui fitur tanya jawab. Peserta yang mengikuti sekurang-kurangnya 80% waktu acara memperoleh 2 JP.',
          ].join('\n\n'),
          startsAt: wibTime(now, 1, 9).toISOString(),
          endsAt: wibTime(now, 1, 10, 30).toISOString(),
          // More seats than one video room holds (WEBINAR_ROOM_VIEWERS): it runs as a broadcast.
          capacity: 300,
          jp: 2,
          competencies: publicService ? [{ code: 'M.05', level: 2 }] : [],
        },
        registrant: 'asn',
      },
      {
        input: {
          title: 'Lokakarya Pembelajaran Berdiferensiasi untuk Guru SMP',
          description: [
            'Lokakarya daring bagi guru SMP negeri di Kota Surakarta untuk mempraktikkan pembelajaran berdiferensiasi dalam Kurikulum Merdeka.',
            'Peserta memetakan kesiapan belajar, minat, dan profil belajar murid dari hasil asesmen diagnostik, merancang diferensiasi konten, proses, dan produk, lalu menyusun satu modul ajar untuk kelasnya sendiri. Kerja kelompok kecil per mata pelajaran; bawalah data asesmen awal dari salah satu kelas yang Anda ajar.',
            'Kuota 30 orang. Pendaftaran disetujui penyelenggara, dengan mengutamakan guru yang sudah memulai kursus Pembelajaran Berdiferensiasi di Sinau.',
          ].join('\n\n'),
          startsAt: wibTime(now, 3, 13).toISOString(),
          endsAt: wibTime(now, 3, 15).toISOString(),
          capacity: 30,
          jp: 2,
          approvalRequired: true,
          courseId: course?.id ?? null,
        },
        registrant: 'guru',
      },
      {
        input: {
          title: 'Literasi Digital: Mengenali Penipuan Daring dan Melindungi Data Pribadi',
          description: [
            'Webinar terbuka bagi seluruh ASN Pemerintah Kota Surakarta tentang modus penipuan daring yang kerap menyasar pegawai dan warga: tautan phishing yang mengatasnamakan instansi pemerintah, "undangan pernikahan" berupa berkas APK di WhatsApp, pesan palsu tentang tunjangan atau bantuan sosial, dan permintaan kode OTP.',
            'Peserta belajar mengenali tanda-tandanya, mengamankan akun kerja dengan verifikasi dua langkah, menjaga NIK dan data pribadi warga sesuai Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi, dan melaporkan insiden keamanan informasi kepada Diskominfo SP Kota Surakarta.',
          ].join('\n\n'),
          startsAt: wibTime(now, 7, 10).toISOString(),
          endsAt: wibTime(now, 7, 11, 30).toISOString(),
          capacity: 100,
          jp: 2,
        },
        registrant: null,
      },
    ];

    for (const { input, registrant } of plan) {
      const id = await createWebinar(db, trainer, input);
      const person = registrant === null ? null : await demoUser(trx, registrant);
      if (person) await register(db, person, id);
    }
    return plan.length;
  });
}
