/** What Sinau's PDFs (certificates, survey posters) share: QR codes as vectors, and the bytes. */
import type PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

/** A QR code drawn as vector squares, sharp at any print size, with `quiet` modules of margin each side. */
export function drawQr(doc: PDFKit.PDFDocument, value: string, x: number, y: number, size: number, quiet = 1) {
  const qr = QRCode.create(value, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = size / (n + 2 * quiet);
  doc.save().rect(x, y, size, size).fill('#ffffff').fillColor('#000000');
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (qr.modules.get(row, col)) doc.rect(x + (col + quiet) * cell, y + (row + quiet) * cell, cell + 0.01, cell + 0.01);
    }
  }
  doc.fill().restore();
}

/** The document's bytes once it is ended (call before drawing; end it after). */
export function pdfBytes(doc: InstanceType<typeof PDFDocument>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  return new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
