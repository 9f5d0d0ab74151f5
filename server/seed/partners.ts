import type { Kysely } from 'kysely';
import type { DB } from '../db/types.ts';
import { lockSeeding } from './org.ts';

/** Surakarta keeps Western Indonesian Time (WIB), UTC+7 all year. */
const dayWib = (now: Date, days: number) => new Date(now.getTime() + 7 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The demo partner: Universitas Sebelas Maret with a PKS in force, the demo user `mitra` as its
 * member, and two open placements (a research placement at the university, an internship at
 * Diskominfo SP). Once only: recorded in seeded_content, so a partner or placement deleted by
 * hand does not come back. All or nothing, in one transaction. Returns how many placements it made.
 */
export async function loadDemoPartners(db: Kysely<DB>, now = new Date()): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await lockSeeding(trx);
    const done = await trx.selectFrom('seeded_content').select('key').where('kind', '=', 'demo').where('key', '=', 'partners').executeTakeFirst();
    if (done) return 0;
    const mitra = await trx.selectFrom('people').select('id').where('username', '=', 'mitra').where('active', '=', true).executeTakeFirst();
    const admin = await trx.selectFrom('people').select('id').where('username', '=', 'admin').executeTakeFirst();
    const office = await trx.selectFrom('units').select('id').where('code', '=', 'DISKOMINFOSP').executeTakeFirst();
    if (!mitra) return 0;
    const existing = await trx.selectFrom('partners').select('id').where('name', '=', 'Universitas Sebelas Maret').executeTakeFirst();
    const partnerId =
      existing?.id ??
      (
        await trx
          .insertInto('partners')
          .values({
            name: 'Universitas Sebelas Maret',
            kind: 'university',
            website: 'https://uns.ac.id',
            contact_email: 'humas@uns.ac.id',
            description: 'Perguruan tinggi negeri di Surakarta; mitra Pemerintah Kota Surakarta dalam pengembangan kompetensi ASN, riset kebijakan, dan pendidikan guru.',
            created_by: admin?.id ?? null,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    await trx
      .insertInto('partner_agreements')
      .values({
        partner_id: partnerId,
        kind: 'pks',
        number: '027/PKS/UN27/2025',
        title: 'Perjanjian Kerja Sama Pengembangan Kompetensi Aparatur Sipil Negara',
        starts_on: `${now.getUTCFullYear() - 1}-01-01`,
        ends_on: `${now.getUTCFullYear() + 3}-12-31`,
        scope: 'Kursus daring dan webinar oleh dosen, magang dan riset bersama bagi ASN, serta pengakuan pembelajaran di kampus.',
        created_by: admin?.id ?? null,
      })
      .execute();
    const member = await trx.selectFrom('partner_members').select('partner_id').where('person_id', '=', mitra.id).where('active', '=', true).executeTakeFirst();
    if (!member) await trx.insertInto('partner_members').values({ partner_id: partnerId, person_id: mitra.id, added_by: admin?.id ?? null }).execute();

    const competency = async (code: string) => !!(await trx.selectFrom('competencies').select('id').where('code', '=', code).where('retired_at', 'is', null).executeTakeFirst());
    const plan = [
      {
        values: {
          kind: 'research' as const,
          title: 'Riset Bersama: Kepuasan Warga terhadap Layanan Adminduk Kelurahan',
          topic: 'Survei kepuasan masyarakat dan analisis data layanan',
          description:
            'ASN bergabung dengan tim peneliti FISIP UNS selama enam minggu: merancang kuesioner, mengolah data survei kepuasan masyarakat di lima kelurahan, dan menyusun rekomendasi perbaikan layanan. Dibimbing dosen; tatap muka dua kali seminggu di kampus Kentingan, selebihnya daring.',
          partner_id: partnerId,
          unit_id: null,
          location: 'FISIP UNS, Kentingan, Surakarta',
          starts_on: dayWib(now, 30),
          ends_on: dayWib(now, 72),
          apply_by: dayWib(now, 21),
          seats: 4,
          jp: 40,
        },
        competencies: [{ code: 'M.05', level: 3 }],
      },
      {
        values: {
          kind: 'internship' as const,
          title: 'Magang Pengelolaan Data Terbuka dan Statistik Sektoral',
          topic: 'Satu Data Surakarta',
          description:
            'Magang dua minggu di Bidang Statistik Diskominfo SP: membersihkan dan menerbitkan dataset perangkat daerah di portal Satu Data, menyusun metadata, dan membuat visualisasi sederhana untuk pimpinan.',
          partner_id: null,
          unit_id: office?.id ?? null,
          location: 'Diskominfo SP, Balai Kota Surakarta',
          starts_on: dayWib(now, 14),
          ends_on: dayWib(now, 28),
          apply_by: dayWib(now, 10),
          seats: 3,
          jp: 30,
        },
        competencies: [{ code: 'M.07', level: 2 }],
      },
    ];
    let made = 0;
    for (const p of plan) {
      if (p.values.partner_id === null && p.values.unit_id === null) continue;
      const row = await trx
        .insertInto('placements')
        .values({ ...p.values, status: 'open', created_by: admin?.id ?? null })
        .returning('id')
        .executeTakeFirstOrThrow();
      const comps = [];
      for (const c of p.competencies) if (await competency(c.code)) comps.push({ placement_id: row.id, competency_code: c.code, level: c.level });
      if (comps.length) await trx.insertInto('placement_competencies').values(comps).execute();
      made++;
    }
    await trx.insertInto('seeded_content').values({ kind: 'demo', key: 'partners' }).execute();
    return made;
  });
}
