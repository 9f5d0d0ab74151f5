/**
 * The training-needs analysis as a document BKPSDM attaches to its annual plan: the method, the
 * ranked competencies, what already addresses them and the proposed programmes. A4, Helvetica
 * (WinAnsi: no characters outside it), tables that continue on the next page.
 */
import PDFDocument from 'pdfkit';
import { CITY_NAME } from '../certificates/credential.ts';
import { pdfBytes } from '../reports/pdf.ts';
import type { CompetencySettingsT } from './settings.ts';
import { formLabelId, RECENT_WEBINAR_DAYS, signalText, trainingNeedsSettings, type Need } from './training-needs.ts';

const GREEN = '#0f5c4d';
const INK = '#1c2b28';
const MUTED = '#55635f';
const LINE = '#c9d3d0';

export interface TrainingNeedsDocument {
  /** The office (or the city) the analysis is for. */
  office: string;
  year: number;
  needs: Need[];
  settings: CompetencySettingsT;
  generatedAt: Date;
}

const num = (x: number) => x.toLocaleString('id-ID', { maximumFractionDigits: 2 });

export const documentTitle = (office: string, year: number) => `Analisis Kebutuhan Pelatihan ${office} ${year}`;

/** The paragraphs explaining the score, also shown (in the reader's language) in the app. */
export function methodText(settings: CompetencySettingsT): string[] {
  const tn = trainingNeedsSettings(settings);
  const w = tn.signalWeights;
  return [
    'Kesenjangan = level yang dipersyaratkan standar kompetensi jabatan - level yang dicapai menurut bukti kompetensi pegawai.',
    'Prioritas = jumlah, atas setiap pegawai di bawah standar, dari kesenjangan x (1 + bobot survei unitnya). Tanpa sinyal survei, prioritas = jumlah pegawai x rata-rata kesenjangan.',
    `Bobot survei: nilai rendah unsur U6 (Kompetensi Pelaksana) atau U7 (Perilaku Pelaksana) Survei Kepuasan Masyarakat dalam ${tn.signalMonths} bulan terakhir pada unit itu atau unit di atasnya; U6 menyangkut M.05 Pelayanan Publik, U7 menyangkut M.05 dan M.01 Integritas. Bobot menurut mutu rata-rata unsur: D ${num(w.D)}, C ${num(w.C)}, B ${num(w.B)}; diambil sinyal terberat.`,
    'Peringkat menurut prioritas; bila sama, kesenjangan total, jumlah pegawai, lalu kode.',
    `Kegiatan tersedia: kursus terbit dan webinar mendatang atau ${RECENT_WEBINAR_DAYS} hari terakhir yang mengembangkan kompetensi pada level sasaran (level yang paling banyak dipersyaratkan) atau lebih; bila tidak ada, yang terdekat di bawahnya dan usulan program: JP = ${tn.jpPerLevel} x rata-rata kesenjangan (dibulatkan ke atas); bentuk menurut rata-rata kesenjangan: sampai 1 e-learning mandiri, sampai 2 webinar berseri dengan tes, di atas 2 coaching di tempat kerja.`,
  ];
}

export function trainingNeedsPdf(d: TrainingNeedsDocument): Promise<Buffer> {
  const title = documentTitle(d.office, d.year);
  const doc = new PDFDocument({ size: 'A4', margin: 48, bufferPages: true, info: { Title: title, Author: CITY_NAME, Subject: 'Analisis kebutuhan pelatihan', Creator: 'Sinau' } });
  const done = pdfBytes(doc);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  const heading = (s: string) => {
    if (doc.y > bottom() - 80) doc.addPage();
    doc.moveDown(0.8).fillColor(GREEN).font('Helvetica-Bold').fontSize(13).text(s, left, undefined, { width });
    doc.moveDown(0.3);
  };

  /** A table with a repeated header row on each new page. */
  const table = (cols: { head: string; width: number; align?: 'left' | 'right' }[], rows: string[][]) => {
    const pad = 3;
    const draw = (cells: string[], bold: boolean) => {
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5);
      const h = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: cols[i]!.width - 2 * pad }))) + 2 * pad;
      if (doc.y + h > bottom()) {
        doc.addPage();
        if (!bold) draw(cols.map((c) => c.head), true);
        doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5);
      }
      const y = doc.y;
      let x = left;
      if (bold) doc.rect(left, y, width, h).fill('#e8f0ee');
      cells.forEach((c, i) => {
        doc.fillColor(INK).text(c, x + pad, y + pad, { width: cols[i]!.width - 2 * pad, align: cols[i]!.align ?? 'left' });
        x += cols[i]!.width;
      });
      doc.moveTo(left, y + h).lineTo(left + width, y + h).lineWidth(0.5).strokeColor(LINE).stroke();
      doc.x = left;
      doc.y = y + h;
    };
    draw(cols.map((c) => c.head), true);
    for (const r of rows) draw(r, false);
  };

  doc.fillColor(MUTED).font('Helvetica').fontSize(10).text(`${CITY_NAME} - Badan Kepegawaian dan Pengembangan Sumber Daya Manusia`, left, undefined, { width });
  doc.moveDown(0.3).fillColor(INK).font('Helvetica-Bold').fontSize(18).text(title, { width });
  doc.moveDown(0.3).fillColor(MUTED).font('Helvetica').fontSize(9).text(
    `Disusun oleh Sinau pada ${d.generatedAt.toLocaleDateString('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Jakarta' })} dari standar kompetensi jabatan, bukti kompetensi pegawai dan Survei Kepuasan Masyarakat.`,
    { width },
  );

  heading('1. Metode');
  doc.fillColor(INK).font('Helvetica').fontSize(9.5);
  for (const p of methodText(d.settings)) doc.text(p, left, undefined, { width, paragraphGap: 4 });

  heading('2. Peringkat kebutuhan pelatihan');
  if (!d.needs.length) doc.fillColor(INK).font('Helvetica').fontSize(10).text('Semua pegawai memenuhi standar kompetensi jabatannya.', left, undefined, { width });
  else
    table(
      [
        { head: 'No', width: 26, align: 'right' },
        { head: 'Kompetensi', width: 140 },
        { head: 'Pegawai di bawah standar', width: 62, align: 'right' },
        { head: 'Kesenjangan total / rata-rata', width: 70, align: 'right' },
        { head: 'Sinyal survei', width: 105 },
        { head: 'Prioritas', width: 48, align: 'right' },
        { head: 'Level sasaran', width: width - 451, align: 'right' },
      ],
      d.needs.map((n) => [
        String(n.rank),
        `${n.code} ${n.name}`,
        `${n.people} dari ${n.required}`,
        `${n.totalGap} / ${num(n.averageGap)}`,
        n.surveySignal ? signalText(n.surveySignal) : '-',
        num(n.priority),
        String(n.targetLevel),
      ]),
    );

  heading('3. Kegiatan yang tersedia');
  const withActivities = d.needs.filter((n) => n.activities.length);
  if (!withActivities.length) doc.fillColor(INK).font('Helvetica').fontSize(10).text('Belum ada kursus atau webinar yang mengembangkan kompetensi di atas.', left, undefined, { width });
  else
    table(
      [
        { head: 'No', width: 26, align: 'right' },
        { head: 'Kompetensi', width: 130 },
        { head: 'Kegiatan', width: width - 26 - 130 - 60 - 40 - 40 },
        { head: 'Jenis', width: 60 },
        { head: 'Level', width: 40, align: 'right' },
        { head: 'JP', width: 40, align: 'right' },
      ],
      withActivities.flatMap((n) =>
        n.activities.map((a) => [String(n.rank), `${n.code} ${n.name}`, `${a.title}${a.reachesTarget ? '' : ' (di bawah level sasaran)'}`, a.kind === 'course' ? 'Kursus' : 'Webinar', String(a.level), num(a.jp)]),
      ),
    );

  heading('4. Usulan program');
  const proposals = d.needs.filter((n) => n.proposal);
  if (!proposals.length) doc.fillColor(INK).font('Helvetica').fontSize(10).text('Setiap kebutuhan sudah ditangani kegiatan yang tersedia.', left, undefined, { width });
  else
    table(
      [
        { head: 'No', width: 26, align: 'right' },
        { head: 'Program', width: 150 },
        { head: 'Sasaran', width: width - 26 - 150 - 90 - 40 - 50 },
        { head: 'Bentuk', width: 90 },
        { head: 'JP', width: 40, align: 'right' },
        { head: 'Prioritas', width: 50, align: 'right' },
      ],
      proposals.map((n) => {
        const p = n.proposal!;
        const group = [...p.positions.slice(0, 4).map((x) => `${x.name} (${x.people})`), ...(p.positions.length > 4 ? ['...'] : [])].join(', ');
        const offices = p.offices.slice(0, 3).map((o) => o.unit.name).join(', ') + (p.offices.length > 3 ? ', ...' : '');
        return [String(n.rank), p.title, `${p.headCount} pegawai: ${group}; ${offices}`, formLabelId(p.form), num(p.jp), num(n.priority)];
      }),
    );

  // Page numbers once every page exists.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Below the bottom margin pdfkit would otherwise start a new page.
    doc.page.margins.bottom = 0;
    doc.fillColor(MUTED).font('Helvetica').fontSize(8).text(`${title} - halaman ${i + 1} dari ${range.count}`, left, doc.page.height - 30, { width, align: 'center', lineBreak: false });
  }
  doc.end();
  return done;
}
