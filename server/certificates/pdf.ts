import PDFDocument from 'pdfkit';
import { drawQr, pdfBytes } from '../reports/pdf.ts';
import type { CertificateKind } from '../db/types.ts';
import { formatCertificateCode } from './code.ts';
import { CITY_NAME, competencyLabel, verifyUrl } from './credential.ts';
import type { Certificate } from './service.ts';

const GREEN = '#0f5c4d';
const INK = '#1c2b28';
const MUTED = '#55635f';
const RED = '#b3261e';

const COMPLETED: Record<CertificateKind, string> = {
  course: 'telah menyelesaikan kursus',
  programme: 'telah menyelesaikan program',
  webinar: 'telah mengikuti webinar',
};

export const indonesianDate = (d: Date) => new Intl.DateTimeFormat('id-ID', { dateStyle: 'long', timeZone: 'Asia/Jakarta' }).format(d);
const jpText = (jp: number) => `${new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2 }).format(jp)} JP (jam pelajaran)`;

/** Font size at which a line fits the width, from `size` down to `min`. */
function fitting(doc: PDFKit.PDFDocument, value: string, font: string, size: number, min: number, width: number): number {
  doc.font(font);
  let s = size;
  while (s > min && doc.fontSize(s).widthOfString(value) > width) s -= 1;
  return s;
}

/** The certificate as an A4 landscape PDF, in Indonesian. */
export function certificatePdf(cert: Certificate, publicUrl: string): Promise<Buffer> {
  const code = formatCertificateCode(cert.code);
  const url = verifyUrl(publicUrl, cert.code);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    info: {
      Title: `Sertifikat ${code}: ${cert.activity_title}`,
      Author: CITY_NAME,
      Subject: `Sertifikat ${cert.holder_name}, kode verifikasi ${code}`,
      Keywords: `sertifikat, Sinau, ${code}`,
      Creator: 'Sinau',
    },
  });
  const done = pdfBytes(doc);

  const W = doc.page.width;
  const H = doc.page.height;
  const left = 70;
  const width = W - 2 * left;

  doc.rect(20, 20, W - 40, H - 40).lineWidth(3).stroke(GREEN);
  doc.rect(28, 28, W - 56, H - 56).lineWidth(0.8).stroke(GREEN);

  doc.fillColor(GREEN).font('Helvetica-Bold').fontSize(18).text(CITY_NAME.toUpperCase(), left, 60, { width, align: 'center', characterSpacing: 1 });
  doc.fillColor(MUTED).font('Helvetica').fontSize(10.5).text('Sinau — Platform Pembelajaran dan Kompetensi Aparatur Sipil Negara', { width, align: 'center' });

  doc.fillColor(INK).font('Helvetica-Bold').fontSize(34).text('SERTIFIKAT', left, 112, { width, align: 'center', characterSpacing: 4 });
  doc.fillColor(MUTED).font('Helvetica').fontSize(12).text('diberikan kepada', left, 164, { width, align: 'center' });

  const nameSize = fitting(doc, cert.holder_name, 'Helvetica-Bold', 26, 14, width);
  doc.fillColor(GREEN).font('Helvetica-Bold').fontSize(nameSize).text(cert.holder_name, left, 188, { width, align: 'center', lineBreak: false });
  if (cert.holder_nip) doc.fillColor(INK).font('Helvetica').fontSize(12).text(`NIP ${cert.holder_nip}`, left, 224, { width, align: 'center' });

  doc.fillColor(MUTED).font('Helvetica').fontSize(12).text(COMPLETED[cert.kind], left, 258, { width, align: 'center' });
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(19).text(cert.activity_title, left + 40, 280, { width: width - 80, align: 'center' });
  doc.moveDown(0.3).fillColor(INK).font('Helvetica').fontSize(12).text(`dengan beban belajar ${jpText(cert.jp)}`, left, undefined, { width, align: 'center' });

  if (cert.competencies.length) {
    const list = cert.competencies.map((c) => `${competencyLabel(c)} (level ${c.level})`).join('; ');
    doc.moveDown(0.8).fillColor(MUTED).font('Helvetica').fontSize(11).text(`Kompetensi: ${list}`, left + 60, undefined, { width: width - 120, align: 'center' });
  }

  // Footer: QR and code on the left, place and date on the right.
  const qrSize = 92;
  const footY = H - 48 - qrSize;
  drawQr(doc, url, left, footY, qrSize);
  const textX = left + qrSize + 14;
  doc.fillColor(MUTED).font('Helvetica').fontSize(9.5).text('Kode verifikasi', textX, footY + 8);
  doc.fillColor(INK).font('Courier-Bold').fontSize(16).text(code, textX, footY + 22);
  doc.fillColor(MUTED).font('Helvetica').fontSize(9).text('Pindai kode QR atau buka', textX, footY + 46).text(url, { link: url, underline: false });
  doc.text('untuk memeriksa keabsahan sertifikat ini.');

  const rightX = W - left - 250;
  doc.fillColor(INK).font('Helvetica').fontSize(12).text(`Surakarta, ${indonesianDate(cert.issued_at)}`, rightX, footY + 8, { width: 250, align: 'right' });
  doc
    .fillColor(MUTED)
    .fontSize(9)
    .text(`Diterbitkan secara elektronik oleh ${CITY_NAME} melalui Sinau dan ditandatangani secara digital (Open Badges 3.0).`, rightX, footY + 32, { width: 250, align: 'right' });

  if (cert.revoked_at) {
    doc.save().rotate(-20, { origin: [W / 2, H / 2] });
    doc.fillColor(RED).opacity(0.85).font('Helvetica-Bold').fontSize(64).text('DICABUT', 0, H / 2 - 60, { width: W, align: 'center' });
    doc.fontSize(14).text(`Sertifikat ini dicabut pada ${indonesianDate(cert.revoked_at)} dan tidak berlaku.`, 0, H / 2 + 10, { width: W, align: 'center' });
    doc.restore();
  }

  doc.end();
  return done;
}
