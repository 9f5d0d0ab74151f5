import PDFDocument from 'pdfkit';
import { drawQr, pdfBytes } from '../reports/pdf.ts';
import { CITY_NAME } from '../certificates/credential.ts';

const GREEN = '#0f5c4d';
const INK = '#1c2b28';
const MUTED = '#55635f';

/** The A4 poster a counter hangs up: who asks, a big QR code to the survey, its short address. */
export function posterPdf(p: { unitName: string; counter: string | null; url: string }): Promise<Buffer> {
  const shortUrl = p.url.replace(/^https?:\/\//, '');
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    info: { Title: `Survei Kepuasan Masyarakat — ${p.unitName}${p.counter ? `, ${p.counter}` : ''}`, Author: CITY_NAME, Subject: p.url, Creator: 'Sinau' },
  });
  const done = pdfBytes(doc);

  const W = doc.page.width;
  const H = doc.page.height;
  const left = 56;
  const width = W - 2 * left;

  doc.rect(0, 0, W, 120).fill(GREEN);
  doc.fillColor('#ffffff').font('Helvetica-Bold').fontSize(15).text(CITY_NAME.toUpperCase(), left, 36, { width, align: 'center', characterSpacing: 1 });
  doc.font('Helvetica').fontSize(26).text('Survei Kepuasan Masyarakat', left, 62, { width, align: 'center' });

  doc.fillColor(INK).font('Helvetica-Bold').fontSize(24).text(p.unitName, left, 150, { width, align: 'center' });
  if (p.counter) doc.moveDown(0.2).fillColor(GREEN).font('Helvetica-Bold').fontSize(20).text(p.counter, { width, align: 'center' });

  doc.moveDown(0.8).fillColor(INK).font('Helvetica-Bold').fontSize(22).text('Bagaimana pelayanan kami hari ini?', left, undefined, { width, align: 'center' });
  doc.moveDown(0.3).font('Helvetica').fontSize(15).fillColor(INK).text('Pindai kode QR ini dengan kamera HP, lalu isi survei singkat. Hanya 2 menit, tanpa nama.', left + 30, undefined, { width: width - 60, align: 'center' });

  const qrSize = 300;
  const qrY = Math.max(doc.y + 24, 370);
  drawQr(doc, p.url, (W - qrSize) / 2, qrY, qrSize, 2);

  doc.fillColor(MUTED).font('Helvetica').fontSize(12).text('Atau buka alamat ini:', left, qrY + qrSize + 16, { width, align: 'center' });
  doc.fillColor(INK).font('Courier-Bold').fontSize(17).text(shortUrl, left, undefined, { width, align: 'center', link: p.url, underline: false });

  doc.fillColor(MUTED).font('Helvetica').fontSize(11).text('Jawaban Anda tidak memuat nama dan dijaga kerahasiaannya. Terima kasih telah membantu kami melayani lebih baik.', left + 40, H - 90, { width: width - 80, align: 'center' });

  doc.end();
  return done;
}
