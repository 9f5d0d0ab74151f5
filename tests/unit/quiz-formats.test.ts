import { readFileSync } from 'node:fs';
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../server/plugins/errors.ts';
import { parseQuestionCsv } from '../../server/quizzes/formats/csv.ts';
import { exportGift, parseGift } from '../../server/quizzes/formats/gift.ts';
import { parseQuestions, type ExportQuestion, type ImportResult } from '../../server/quizzes/formats/index.ts';
import { exportMoodleXml, htmlToMarkdown, parseMoodleXml } from '../../server/quizzes/formats/moodle-xml.ts';
import { grade, QuestionDoc, questionProblems, type QuestionDocT, type ResponseT } from '../../server/quizzes/model.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/quiz/${name}`, import.meta.url), 'utf8');
const xml = parseQuestions('moodlexml', fixture('moodle-export.xml'));
const gift = parseQuestions('gift', fixture('bank-soal.gift.txt'));
const csv = parseQuestions('csv', fixture('soal-pg.csv'));

function byName(result: ImportResult, name: string): QuestionDocT {
  const q = result.questions.find((x) => x.doc.name === name);
  if (!q) throw new Error(`no question named ${name}`);
  return q.doc;
}

/** The error a call throws, checked to be the plain 400 a route can show. */
function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).statusCode).toBe(400);
    return err as AppError;
  }
  throw new Error('expected an error');
}

type Case = [name: string, response: ResponseT, fraction: number | null];
function expectGrades(result: ImportResult, cases: Case[]) {
  for (const [name, response, fraction] of cases) {
    const got = grade(byName(result, name), response).fraction;
    if (fraction === null) expect(got, name).toBeNull();
    else expect(got, `${name} ← ${JSON.stringify(response)}`).toBeCloseTo(fraction, 9);
  }
}

describe.each([
  ['Moodle XML', xml],
  ['GIFT', gift],
  ['CSV', csv],
])('every question imported from %s', (_, result) => {
  it('is a valid question document', () => {
    expect(result.questions.length).toBeGreaterThan(0);
    for (const { doc } of result.questions) {
      expect([...Value.Errors(QuestionDoc, doc)].map((e) => `${doc.name} ${e.path}: ${e.message}`)).toEqual([]);
      expect(questionProblems(doc), doc.name).toEqual([]);
    }
  });
});

describe('parseMoodleXml', () => {
  it('imports every supported type with its category', () => {
    expect(xml.questions.map((q) => [q.category, q.doc.type, q.doc.name])).toEqual([
      ['Pelayanan Publik/Dasar', 'single', 'Maklumat pelayanan'],
      ['Pelayanan Publik/Dasar', 'multiple', 'Komponen standar pelayanan'],
      ['Pelayanan Publik/Dasar', 'truefalse', 'Gratifikasi wajib dilaporkan'],
      ['Pelayanan Publik/Lanjut', 'short', 'Singkatan SP4N-LAPOR'],
      ['Pelayanan Publik/Lanjut', 'numeric', 'Waktu tanggapan pengaduan'],
      ['Pelayanan Publik/Lanjut', 'matching', 'Asas pelindungan data pribadi'],
      ['Pelayanan Publik/Lanjut', 'ordering', 'Alur penanganan pengaduan'],
      ['Pelayanan Publik/Lanjut', 'essay', 'Refleksi integritas'],
    ]);
  });

  it('reports the questions it cannot import, with their position and a reason', () => {
    expect(xml.skipped).toEqual([
      { index: 9, name: 'Hitung tarif retribusi', reason: "Tipe soal 'calculated' belum didukung." },
      { index: 10, name: 'Petunjuk bagian B', reason: expect.stringMatching(/^Bukan soal/) },
      { index: 11, name: 'Cloze UU ASN', reason: expect.stringContaining("'multianswer'") },
    ]);
  });

  it('reads a single-answer multiple choice with HTML text, feedback, tags and competency', () => {
    const q = byName(xml, 'Maklumat pelayanan');
    expect(q.stem).toBe(
      [
        'Perhatikan **maklumat pelayanan** di loket berikut:',
        '![Maklumat pelayanan](media:maklumat.png)',
        'Menurut *UU No. 25 Tahun 2009*, maklumat pelayanan & standar pelayanan wajib:',
        '- disusun bersama masyarakat,\n- dipublikasikan – [lihat JDIH](https://jdih.surakarta.go.id).',
        'Apa yang **bukan** bagian dari maklumat pelayanan?',
      ].join('\n\n'),
    );
    expect(q.points).toBe(2);
    expect(q.shuffleChoices).toBe(true);
    expect(q.tags).toEqual(['pelayanan publik']);
    expect(q.competency).toEqual({ code: 'PP.01', level: 2 });
    expect(q.feedback).toEqual({
      general: 'Maklumat pelayanan memuat pernyataan kesanggupan penyelenggara.',
      correct: 'Jawaban Anda benar.',
      incorrect: 'Jawaban Anda salah.',
    });
    expect(q.choices?.map((c) => [c.id, c.fraction])).toEqual([['a', 0], ['b', 0], ['c', 1], ['d', -0.5]]);
    expect(q.choices?.[2]?.feedback).toBe('Tepat, daftar cuti pegawai **tidak** termasuk maklumat.');
  });

  it('extracts embedded files as media', () => {
    const q = xml.questions.find((x) => x.doc.name === 'Maklumat pelayanan')!;
    expect(q.media.map((m) => m.name)).toEqual(['maklumat.png']);
    expect(q.media[0]!.data.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(q.doc.stem).not.toContain('@@PLUGINFILE@@');
    expect(xml.questions.filter((x) => x !== q).every((x) => x.media.length === 0)).toBe(true);
  });

  it('reads the other types', () => {
    expect(byName(xml, 'Komponen standar pelayanan')).toMatchObject({ type: 'multiple', shuffleChoices: false });
    expect(byName(xml, 'Gratifikasi wajib dilaporkan')).toMatchObject({
      answer: true,
      feedback: { correct: 'Benar, sesuai UU Tipikor pasal 12C.', incorrect: 'Kurang tepat: batasnya 30 hari kerja.' },
      tags: ['integritas'],
    });
    expect(byName(xml, 'Singkatan SP4N-LAPOR')).toMatchObject({
      caseSensitive: false,
      answers: [
        { text: 'LAPOR!', fraction: 1, feedback: 'Tepat.' },
        { text: 'LAPOR', fraction: 0.5, feedback: 'Hampir, jangan lupa tanda seru.' },
      ],
    });
    // Moodle's "*" answer becomes the feedback for a wrong number.
    expect(byName(xml, 'Waktu tanggapan pengaduan')).toMatchObject({
      numeric: [
        { value: 14, tolerance: 0, fraction: 1 },
        { value: 30, tolerance: 1, fraction: 0.5 },
      ],
      feedback: { incorrect: 'Lihat kembali Pasal 50 UU 25/2009.' },
    });
    expect(byName(xml, 'Asas pelindungan data pribadi')).toMatchObject({
      points: 3,
      pairs: [
        { id: 'a', prompt: 'Hanya meminta NIK yang benar-benar diperlukan', answer: 'Minimisasi data' },
        { id: 'b', prompt: 'Memberi tahu warga untuk apa datanya dipakai', answer: 'Transparansi' },
        { id: 'c', prompt: 'Mengunci lemari arsip berkas kependudukan', answer: 'Keamanan' },
      ],
      distractors: ['Monetisasi data'],
    });
    expect(byName(xml, 'Alur penanganan pengaduan').items?.map((i) => i.text)).toEqual([
      'Menerima dan mencatat pengaduan',
      'Memverifikasi kelengkapan pengaduan',
      'Menindaklanjuti dan menyelesaikan',
      'Memberi kabar hasil kepada pelapor',
    ]);
    const essay = byName(xml, 'Refleksi integritas');
    expect(essay).toMatchObject({
      points: 5,
      graderInfo: 'Nilai penuh bila menolak dengan sopan *dan* menjelaskan kanal pelaporan gratifikasi.',
      minWords: 50,
      maxWords: 300,
      competency: { code: 'INT.02', level: 3 },
      tags: [],
    });
    expect(essay.stem).toMatch(/^### Studi kasus\n\nSeorang warga menawarkan uang "terima kasih"/);
  });

  it('grades imported questions as their weights say', () => {
    expectGrades(xml, [
      ['Maklumat pelayanan', 'c', 1],
      ['Maklumat pelayanan', 'a', 0],
      ['Maklumat pelayanan', 'd', 0],
      ['Komponen standar pelayanan', ['a', 'b', 'c'], 1],
      ['Komponen standar pelayanan', ['a'], 1 / 3],
      ['Komponen standar pelayanan', ['a', 'b', 'c', 'd'], 0],
      ['Gratifikasi wajib dilaporkan', true, 1],
      ['Gratifikasi wajib dilaporkan', false, 0],
      ['Singkatan SP4N-LAPOR', 'lapor!', 1],
      ['Singkatan SP4N-LAPOR', 'LAPOR', 0.5],
      ['Singkatan SP4N-LAPOR', 'SIPP', 0],
      ['Waktu tanggapan pengaduan', 14, 1],
      ['Waktu tanggapan pengaduan', 30.5, 0.5],
      ['Waktu tanggapan pengaduan', 20, 0],
      ['Asas pelindungan data pribadi', { a: 'Minimisasi data', b: 'Transparansi', c: 'Keamanan' }, 1],
      ['Asas pelindungan data pribadi', { a: 'Transparansi', b: 'Minimisasi data', c: 'Keamanan' }, 1 / 3],
      ['Asas pelindungan data pribadi', { a: 'Monetisasi data', b: 'Keamanan', c: 'Transparansi' }, 0],
      ['Alur penanganan pengaduan', ['a', 'b', 'c', 'd'], 1],
      ['Alur penanganan pengaduan', ['d', 'c', 'b', 'a'], 0],
      ['Refleksi integritas', 'Saya menolak dengan sopan dan melaporkannya.', null],
    ]);
  });

  it('skips one broken question and keeps the rest', () => {
    const result = parseMoodleXml(`<?xml version="1.0"?><quiz>
      <question type="numerical"><name><text>Rusak</text></name><questiontext format="plain_text"><text>Berapa?</text></questiontext>
        <answer fraction="100"><text>dua belas</text><tolerance>0</tolerance></answer></question>
      <question type="multichoice"><name><text>Tanpa kunci</text></name><questiontext format="plain_text"><text>Pilih</text></questiontext>
        <single>true</single><answer fraction="50"><text>A</text></answer><answer fraction="0"><text>B</text></answer></question>
      <question type="truefalse"><questiontext format="html"><text>&lt;p&gt;Data NIK warga boleh dibagikan di grup pesan kantor.&lt;/p&gt;</text></questiontext>
        <answer fraction="0"><text>true</text></answer><answer fraction="100"><text>false</text></answer></question>
    </quiz>`);
    expect(result.skipped).toEqual([
      { index: 1, name: 'Rusak', reason: "Jawaban angka tidak valid: 'dua belas'." },
      { index: 2, name: 'Tanpa kunci', reason: 'Satu pilihan harus bernilai penuh (100%).' },
    ]);
    // Without a name, the start of the question text names it.
    expect(result.questions.map((q) => [q.category, q.doc.name, q.doc.answer])).toEqual([
      [null, 'Data NIK warga boleh dibagikan di grup pesan kantor.', false],
    ]);
  });

  it('survives a round trip through exportMoodleXml', () => {
    const exported = exportMoodleXml(xml.questions);
    expect(exported.skipped).toEqual([]);
    expect(exported.text).toContain('<text>$course$/top/Pelayanan Publik/Lanjut</text>');
    const again = parseMoodleXml(exported.text);
    expect(again.skipped).toEqual([]);
    expect(again.questions.map((q) => ({ category: q.category, doc: q.doc }))).toEqual(
      xml.questions.map((q) => ({ category: q.category, doc: q.doc })),
    );
  });

  it('keeps awkward text and every field through a round trip', () => {
    const again = parseMoodleXml(exportMoodleXml(awkward).text);
    expect(again.skipped).toEqual([]);
    expect(again.questions.map((q) => ({ category: q.category, doc: q.doc }))).toEqual(awkward);
  });

  it.each([
    ['text that is not XML', 'ini bukan berkas XML', /bukan XML yang sah/],
    ['truncated XML', '<quiz><question type="essay">', /bukan XML yang sah/],
    ['XML of another kind', '<?xml version="1.0"?><rss><channel/></rss>', /tidak ada elemen <quiz>/],
    ['a DOCTYPE', '<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY a "b">]><quiz/>', /DOCTYPE/],
    ['an empty file', '', /bukan XML yang sah/],
  ])('refuses %s with a plain message', (_, source, message) => {
    expect(thrown(() => parseMoodleXml(source)).text.id).toMatch(message);
  });
});

describe('htmlToMarkdown', () => {
  it.each([
    ['<p>Satu</p><p>Dua</p>', 'Satu\n\nDua'],
    ['<p>Baris satu<br>baris dua<br></p>', 'Baris satu\\\nbaris dua'],
    ['<p>Ini <b> tebal </b>dan <i>miring</i>, <strong><em>keduanya</em></strong></p>', 'Ini **tebal** dan *miring*, ***keduanya***'],
    ['<a href="https://ppid.surakarta.go.id">PPID</a> <a href="javascript:alert(1)">jahat</a>', '[PPID](https://ppid.surakarta.go.id) jahat'],
    ['<img src="@@PLUGINFILE@@/denah%20loket.png" alt="Denah">', '![Denah](@@PLUGINFILE@@/denah%20loket.png)'],
    ['<ol><li>Terima<ul><li>catat</li></ul></li><li>Tindak lanjuti</li></ol><p>Selesai</p>', '1. Terima\n   - catat\n2. Tindak lanjuti\n\nSelesai'],
    ['<ul><li>tanpa penutup<li>kedua</ul>', '- tanpa penutup\n- kedua'],
    ['<h2>Judul <small>kecil</small></h2>teks', '## Judul kecil\n\nteks'],
    ['A &amp; B &lt;b&gt; C&nbsp;D &#8211; &#x41; &eacute;', 'A & B \\<b> C D – A é'],
    ['<span style="color:red">x</span><font>y</font><style>p{}</style><script>curi()</script>z', 'xyz'],
    ['2*3 [x] a_b _c_ isi _____ titik', '2\\*3 \\[x\\] a_b \\_c\\_ isi _____ titik'],
  ])('%s', (html, markdown) => {
    expect(htmlToMarkdown(html)).toBe(markdown);
  });
});

describe('parseGift', () => {
  it('imports every GIFT type under its category', () => {
    expect(gift.questions.map((q) => [q.category, q.doc.type, q.doc.name])).toEqual([
      ['Integritas/Dasar', 'single', 'Nilai dasar ASN'],
      ['Integritas/Dasar', 'multiple', 'Bentuk gratifikasi'],
      ['Integritas/Dasar', 'truefalse', 'Konflik kepentingan'],
      ['Integritas/Dasar', 'truefalse', 'Pakta integritas'],
      ['Data Pribadi', 'short', 'Singkatan UU PDP'],
      ['Data Pribadi', 'numeric', 'Rasio: jumlah kebocoran'],
      ['Data Pribadi', 'numeric', 'Rentang retensi'],
      ['Data Pribadi', 'numeric', 'Batas pemberitahuan'],
      ['Data Pribadi', 'matching', 'Peran dalam UU PDP'],
      ['Data Pribadi', 'essay', 'Refleksi privasi'],
      ['Data Pribadi', 'single', 'Tanda khusus'],
      ['Data Pribadi', 'truefalse', 'Kosongkan layar'],
      ['Data Pribadi', 'single', 'Informasi dikecualikan'],
    ]);
  });

  it('reports a description as not a question', () => {
    expect(gift.skipped).toEqual([
      { index: 13, name: 'Selamat mengerjakan! Bagian berikut membahas keterbukaan inf', reason: expect.stringMatching(/^Bukan soal/) },
    ]);
  });

  it('reads choices, weights, feedback, tags and competency', () => {
    expect(byName(gift, 'Nilai dasar ASN')).toEqual({
      type: 'single',
      name: 'Nilai dasar ASN',
      stem: 'Nilai dasar ASN disingkat sebagai',
      points: 1,
      tags: ['integritas'],
      competency: { code: 'INT.01', level: 2 },
      feedback: { general: 'BerAKHLAK: Berorientasi pelayanan, Akuntabel, Kompeten, Harmonis, Loyal, Adaptif, Kolaboratif.' },
      choices: [
        { id: 'a', text: 'BerAKHLAK', fraction: 1, feedback: 'Tepat, sesuai SE MenPAN-RB 20/2021.' },
        { id: 'b', text: 'Panca Prasetya Korpri', fraction: 0, feedback: 'Itu janji anggota Korpri.' },
        { id: 'c', text: 'AKHLAK', fraction: 0.25, feedback: 'Hampir: kurang "Ber".' },
      ],
    });
    expect(byName(gift, 'Bentuk gratifikasi').choices?.map((c) => c.fraction)).toEqual([0.5, 0.5, -1]);
    expect(byName(gift, 'Konflik kepentingan')).toMatchObject({
      answer: false,
      feedback: { incorrect: 'Keliru: ini konflik kepentingan.', correct: 'Benar, ASN wajib menghindari konflik kepentingan.' },
    });
  });

  it('reads text formats, escapes and the missing-word format', () => {
    expect(byName(gift, 'Pakta integritas').stem).toBe('Pakta integritas ditandatangani **sebelum** menjabat.');
    expect(byName(gift, 'Kosongkan layar')).toMatchObject({
      stem: 'Sebelum meninggalkan meja, petugas **wajib** mengunci layar komputer.',
      feedback: { general: 'Kebijakan meja bersih dan layar bersih.' },
    });
    const escaped = byName(gift, 'Tanda khusus');
    expect(escaped.stem).toBe('Dalam rumus {a} = {b}, tanda ~ dan # ditulis dengan garis miring terbalik. Apa tanda yang dipakai untuk "sama dengan"?');
    expect(escaped.choices?.map((c) => c.text)).toEqual(['=', '~', '#']);
    expect(escaped.choices?.[0]?.feedback).toBe('Ya, tanda = harus di-escape.');
    expect(byName(gift, 'Singkatan UU PDP').stem).toBe('UU Nomor 27 Tahun 2022 mengatur pelindungan data _____.');
    expect(byName(gift, 'Informasi dikecualikan').stem).toBe('Informasi yang dikecualikan menurut UU KIP, misalnya data _____ pasien.');
  });

  it('reads short, numeric, matching and essay answers', () => {
    expect(byName(gift, 'Singkatan UU PDP').answers).toEqual([
      { text: 'pribadi', fraction: 1 },
      { text: 'perseorangan', fraction: 0.5, feedback: 'Istilah UU-nya "pribadi".' },
    ]);
    expect(byName(gift, 'Rasio: jumlah kebocoran').numeric).toEqual([{ value: 25, tolerance: 0.5, fraction: 1 }]);
    expect(byName(gift, 'Rentang retensi').numeric).toEqual([{ value: 4, tolerance: 1, fraction: 1 }]);
    expect(byName(gift, 'Batas pemberitahuan').numeric).toEqual([
      { value: 72, tolerance: 0, fraction: 1, feedback: 'Tepat, 3 × 24 jam.' },
      { value: 48, tolerance: 24, fraction: 0.5, feedback: 'Mendekati, tetapi batasnya 72 jam.' },
    ]);
    expect(byName(gift, 'Peran dalam UU PDP')).toMatchObject({
      pairs: [
        { id: 'a', prompt: 'Pengendali data', answer: 'menentukan tujuan pemrosesan' },
        { id: 'b', prompt: 'Prosesor data', answer: 'memproses atas nama pengendali' },
        { id: 'c', prompt: 'Subjek data', answer: 'orang yang datanya diproses' },
      ],
      distractors: ['pihak ketiga penerima iklan'],
      feedback: { general: 'Lihat Pasal 1 UU 27/2022.' },
    });
    expect(byName(gift, 'Refleksi privasi')).toMatchObject({ type: 'essay', points: 1 });
  });

  it('grades imported questions as their weights say', () => {
    expectGrades(gift, [
      ['Nilai dasar ASN', 'a', 1],
      ['Nilai dasar ASN', 'c', 0.25],
      ['Nilai dasar ASN', 'b', 0],
      ['Bentuk gratifikasi', ['a', 'b'], 1],
      ['Bentuk gratifikasi', ['a'], 0.5],
      ['Bentuk gratifikasi', ['a', 'b', 'c'], 0],
      ['Konflik kepentingan', false, 1],
      ['Konflik kepentingan', true, 0],
      ['Pakta integritas', true, 1],
      ['Singkatan UU PDP', 'Pribadi', 1],
      ['Singkatan UU PDP', 'perseorangan', 0.5],
      ['Singkatan UU PDP', 'umum', 0],
      ['Rasio: jumlah kebocoran', 25.4, 1],
      ['Rasio: jumlah kebocoran', 26, 0],
      ['Rentang retensi', 3, 1],
      ['Rentang retensi', 5, 1],
      ['Rentang retensi', 6, 0],
      ['Batas pemberitahuan', 72, 1],
      ['Batas pemberitahuan', 50, 0.5],
      ['Batas pemberitahuan', 100, 0],
      ['Peran dalam UU PDP', { a: 'menentukan tujuan pemrosesan', b: 'memproses atas nama pengendali', c: 'orang yang datanya diproses' }, 1],
      ['Peran dalam UU PDP', { a: 'pihak ketiga penerima iklan', b: 'memproses atas nama pengendali', c: 'menentukan tujuan pemrosesan' }, 1 / 3],
      ['Refleksi privasi', 'Layar tidak dikunci saat istirahat.', null],
      ['Tanda khusus', 'a', 1],
      ['Tanda khusus', 'b', 0],
      ['Kosongkan layar', true, 1],
      ['Informasi dikecualikan', 'b', 1],
      ['Informasi dikecualikan', 'a', 0],
    ]);
  });

  it('skips a broken question and keeps the rest', () => {
    const result = parseGift(
      [
        '::Kurung terbuka::Siapa pengawas pelayanan publik? {=Ombudsman ~Bawaslu',
        '',
        '::Angka rusak::Berapa hari? {#sepuluh}',
        '',
        'Data pribadi harus dijaga kerahasiaannya.{TRUE}',
      ].join('\n'),
    );
    expect(result.skipped).toEqual([
      { index: 1, name: 'Kurung terbuka', reason: 'Kurung kurawal { } tidak berpasangan.' },
      { index: 2, name: 'Angka rusak', reason: "Jawaban angka tidak valid: 'sepuluh'." },
    ]);
    expect(result.questions.map((q) => [q.category, q.doc.name, q.doc.answer])).toEqual([[null, 'Data pribadi harus dijaga kerahasiaannya.', true]]);
  });

  it('survives a round trip through exportGift', () => {
    const exported = exportGift(gift.questions);
    expect(exported.skipped).toEqual([]);
    expect(exported.text).toContain('$CATEGORY: $course$/top/Integritas/Dasar');
    expect(exported.text).toContain('$CATEGORY: $course$/top/Data Pribadi');
    const again = parseGift(exported.text);
    expect(again.skipped).toEqual([]);
    expect(again.questions).toEqual(gift.questions);
  });

  it('keeps awkward text, points and tags through a round trip, and skips what GIFT cannot hold', () => {
    const exported = exportGift(awkward);
    expect(exported.skipped).toEqual([{ index: 7, name: 'Urutan arsip', reason: 'Soal urutan (ordering) tidak dapat ditulis dalam GIFT.' }]);
    const again = parseGift(exported.text);
    expect(again.skipped).toEqual([]);
    const expressible = (doc: QuestionDocT): QuestionDocT => {
      const { shuffleChoices: _s, caseSensitive: _c, graderInfo: _g, minWords: _min, maxWords: _max, ...rest } = doc;
      if (doc.type === 'truefalse' || !rest.feedback) return rest;
      const { correct: _cf, incorrect, ...feedback } = rest.feedback;
      // GIFT keeps a wrong-answer note only for numbers (as `~#…`) and true/false.
      const kept = { ...feedback, ...(doc.type === 'numeric' && incorrect ? { incorrect } : {}) };
      return Object.keys(kept).length > 0 ? { ...rest, feedback: kept } : (({ feedback: _f, ...r }) => r)(rest);
    };
    expect(again.questions.map((q) => ({ category: q.category, doc: q.doc }))).toEqual(
      awkward.filter((q) => q.doc.type !== 'ordering').map((q) => ({ category: q.category, doc: expressible(q.doc) })),
    );
  });

  it.each([
    ['prose without any answers', 'Ini hanya catatan rapat.\n\nTidak ada soal di sini.', /Tidak ada soal GIFT/],
    ['an XML file', fixture('moodle-export.xml'), /bukan teks GIFT/],
    ['binary data', 'PK\u0003\u0004\u0000\u0000garbage', /bukan teks GIFT/],
  ])('refuses %s with a plain message', (_, source, message) => {
    expect(thrown(() => parseGift(source)).text.id).toMatch(message);
  });
});

describe('parseQuestionCsv', () => {
  it('imports one multiple-choice question per row', () => {
    expect(csv.questions).toEqual([
      {
        category: 'Pelayanan Publik',
        media: [],
        doc: {
          type: 'single',
          name: 'Jam layanan',
          stem: 'Jam layanan Mal Pelayanan Publik Surakarta wajib diumumkan melalui?',
          points: 1,
          tags: [],
          competency: { code: 'PP.01', level: 2 },
          choices: [
            { id: 'a', text: 'Maklumat dan standar pelayanan', fraction: 1 },
            { id: 'b', text: 'Grup pesan pribadi petugas', fraction: 0 },
            { id: 'c', text: 'Tidak perlu diumumkan', fraction: 0 },
          ],
        },
      },
      expect.objectContaining({ category: 'Pelayanan Publik', doc: expect.objectContaining({ points: 2.5, name: 'Siapa yang berwenang mengawasi penyelenggaraan pelayanan pub' }) }),
      expect.objectContaining({ category: 'Data Pribadi', doc: expect.objectContaining({ stem: 'Kata sandi akun layanan sebaiknya; menurut pedoman keamanan:' }) }),
    ]);
    expect(csv.questions[1]!.doc.choices).toHaveLength(5);
    expect(csv.skipped).toEqual([{ index: 4, name: 'Kunci salah', reason: expect.stringContaining("Kunci jawaban 'f'") }]);
    expectGrades(csv, [
      ['Jam layanan', 'a', 1],
      ['Jam layanan', 'b', 0],
      ['Kata sandi', 'c', 1],
    ]);
  });

  it('reads English headers separated by commas', () => {
    const result = parseQuestionCsv(
      'category,name,question,a,b,c,answer,points,competency,level\n' +
        'Privacy,Sharing,"May staff share citizens\' ID numbers in chat groups?",Yes,No,Only with the head,B,3,DP.01,4\n' +
        'Privacy,Bad level,Question,Yes,No,,a,,DP.01,9\n',
    );
    expect(result.questions.map((q) => [q.category, q.doc.name, q.doc.points, q.doc.competency, q.doc.choices?.find((c) => c.fraction === 1)?.text])).toEqual([
      ['Privacy', 'Sharing', 3, { code: 'DP.01', level: 4 }, 'No'],
    ]);
    expect(result.skipped).toEqual([{ index: 2, name: 'Bad level', reason: "Level '9' harus bilangan bulat 1 sampai 5." }]);
  });

  it('refuses a sheet without the question columns', () => {
    expect(thrown(() => parseQuestionCsv('nip;nama;jabatan\n1;Budi;Staf\n')).text.id).toMatch(/Kolom wajib tidak ada: soal, a, b, kunci/);
  });
});

/** Documents with text that needs escaping in both formats, and every field each type has. */
const awkward: ExportQuestion[] = [
  {
    category: null,
    doc: {
      type: 'single',
      name: 'Rumus :: dan {kurung}',
      stem: 'Dalam `a = {b}` ada #tagar, ~tilde, \\ garis miring & <tag>.\n\nParagraf kedua: [JDIH](https://jdih.surakarta.go.id).',
      points: 2.5,
      tags: ['integritas', 'tanda ]kurung'],
      competency: { code: 'INT.01', level: 3 },
      feedback: { general: 'Umum: {x}', correct: 'Bagus', incorrect: 'Ulangi' },
      shuffleChoices: false,
      choices: [
        { id: 'a', text: '50% anggaran', fraction: 1, feedback: 'Ya = benar' },
        { id: 'b', text: 'Baris satu\nbaris dua', fraction: 1 / 3 },
        { id: 'c', text: '-> panah', fraction: -0.25 },
      ],
    },
  },
  {
    category: 'Uji/Escape',
    doc: {
      type: 'multiple',
      name: 'Pilih dua',
      stem: 'Pilih dua hak subjek data.',
      points: 1,
      tags: [],
      choices: [
        { id: 'a', text: 'Akses', fraction: 0.5 },
        { id: 'b', text: 'Koreksi', fraction: 0.5 },
        { id: 'c', text: 'Menjual data orang lain', fraction: -1, feedback: 'Bukan hak.' },
      ],
    },
  },
  {
    category: 'Uji/Escape',
    doc: {
      type: 'truefalse',
      name: 'Hanya umpan balik benar',
      stem: 'NIK termasuk data pribadi.',
      points: 1,
      tags: [],
      feedback: { general: 'Lihat UU 27/2022.', correct: 'Betul#1' },
      answer: true,
    },
  },
  {
    category: 'Uji/Escape',
    doc: {
      type: 'short',
      name: 'Isian pola',
      stem: 'Sebutkan kanal pengaduan: _____',
      points: 1,
      tags: [],
      caseSensitive: true,
      answers: [
        { text: 'LAPOR*', fraction: 1 },
        { text: 'SP4N', fraction: 0.5, feedback: 'Kurang lengkap' },
      ],
    },
  },
  {
    category: 'Uji/Escape',
    doc: {
      type: 'numeric',
      name: 'Suhu minus',
      stem: 'Suhu ruang server minimal?',
      points: 1,
      tags: [],
      feedback: { incorrect: 'Lihat SOP ruang server.' },
      numeric: [
        { value: -2.5, tolerance: 0.25, fraction: 1 },
        { value: 0, tolerance: 0, fraction: 0.5, feedback: 'Hampir' },
      ],
    },
  },
  {
    category: null,
    doc: {
      type: 'matching',
      name: 'Pasangan',
      stem: 'Pasangkan.',
      points: 1,
      tags: [],
      shuffleChoices: true,
      pairs: [
        { id: 'a', prompt: 'KTP = identitas', answer: 'Dukcapil' },
        { id: 'b', prompt: 'NPWP', answer: 'Pajak: DJP' },
      ],
      distractors: ['BPJS'],
    },
  },
  {
    category: null,
    doc: {
      type: 'ordering',
      name: 'Urutan arsip',
      stem: 'Urutkan.',
      points: 1,
      tags: [],
      items: [
        { id: 'a', text: 'Cipta' },
        { id: 'b', text: 'Simpan' },
        { id: 'c', text: 'Musnahkan' },
      ],
    },
  },
  {
    category: null,
    doc: {
      type: 'essay',
      name: 'Esai',
      stem: 'Jelaskan *prinsip* minimisasi data.',
      points: 10,
      tags: ['esai'],
      feedback: { general: 'Contoh: hanya minta NIK bila perlu.' },
      graderInfo: 'Sebut tujuan & batas.',
      minWords: 20,
      maxWords: 200,
    },
  },
];
