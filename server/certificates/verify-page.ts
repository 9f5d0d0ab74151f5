import { CITY_NAME, competencyLabel } from './credential.ts';
import type { Verification } from './view.ts';

/**
 * The public verification page, rendered on the server: it works without JavaScript, on any
 * phone that scanned the QR code. Indonesian by default, English with ?lang=en.
 */
export type PageLang = 'id' | 'en';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const T = {
  id: {
    title: 'Verifikasi sertifikat',
    valid: 'Sertifikat ini sah.',
    validDetail: `Sertifikat ini diterbitkan oleh ${CITY_NAME} melalui Sinau dan tidak dicabut.`,
    revoked: 'Sertifikat ini telah dicabut dan tidak berlaku.',
    revokedOn: 'Dicabut pada',
    reason: 'Alasan',
    code: 'Kode verifikasi',
    holder: 'Nama',
    nip: 'NIP',
    activity: { course: 'Kursus', programme: 'Program', webinar: 'Webinar' },
    jp: 'Beban belajar',
    jpUnit: 'JP',
    competencies: 'Kompetensi',
    level: 'level',
    issued: 'Tanggal terbit',
    nipNote: 'Sebagian NIP disembunyikan untuk melindungi data pribadi.',
    another: 'Periksa kode lain',
    check: 'Periksa',
    notFound: 'Tidak ada sertifikat dengan kode ini.',
    notFoundDetail: 'Periksa kembali kode yang tertulis pada sertifikat. Sertifikat yang tidak terdaftar di sini tidak diterbitkan oleh Sinau.',
    invalid: 'Kode ini tidak valid.',
    invalidDetail: 'Kode sertifikat terdiri atas 12 huruf dan angka (misalnya 7K3M-9QX2-HT4C), dan karakter terakhirnya adalah karakter pemeriksa. Periksa kembali penulisannya.',
    intro: 'Masukkan kode verifikasi yang tertulis pada sertifikat.',
    other: 'English',
  },
  en: {
    title: 'Certificate verification',
    valid: 'This certificate is valid.',
    validDetail: `It was issued by the City Government of Surakarta (${CITY_NAME}) through Sinau and has not been revoked.`,
    revoked: 'This certificate has been revoked and is no longer valid.',
    revokedOn: 'Revoked on',
    reason: 'Reason',
    code: 'Verification code',
    holder: 'Name',
    nip: 'NIP (civil servant number)',
    activity: { course: 'Course', programme: 'Programme', webinar: 'Webinar' },
    jp: 'Learning hours',
    jpUnit: 'JP',
    competencies: 'Competencies',
    level: 'level',
    issued: 'Issued on',
    nipNote: 'Part of the NIP is hidden to protect personal data.',
    another: 'Check another code',
    check: 'Check',
    notFound: 'There is no certificate with this code.',
    notFoundDetail: 'Check the code printed on the certificate. A certificate that is not listed here was not issued by Sinau.',
    invalid: 'This code is not valid.',
    invalidDetail: 'A certificate code has 12 letters and digits (for example 7K3M-9QX2-HT4C); the last one is a check character. Check how it was typed.',
    intro: 'Enter the verification code printed on the certificate.',
    other: 'Bahasa Indonesia',
  },
} as const;

const dateIn = (lang: PageLang, iso: string) =>
  new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'long', timeZone: 'Asia/Jakarta' }).format(new Date(iso));
const numberIn = (lang: PageLang, n: number) => new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-GB', { maximumFractionDigits: 2 }).format(n);

function layout(lang: PageLang, path: string, body: string, code = ''): string {
  const t = T[lang];
  const otherHref = `${path}${lang === 'id' ? '?lang=en' : ''}`;
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escape(t.title)} — Sinau</title>
<style>
  :root { color-scheme: light; --green: #0f5c4d; --red: #b3261e; --ink: #1c2b28; --muted: #55635f; }
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f4f7f6; }
  main { max-width: 40rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
  .city { margin: 0; color: var(--green); font-weight: 700; letter-spacing: .03em; text-transform: uppercase; font-size: .9rem; }
  h1 { margin: .2rem 0 1.2rem; font-size: 1.6rem; }
  .status { border-radius: .5rem; padding: 1rem 1.2rem; margin-bottom: 1.2rem; border: 2px solid; }
  .status p { margin: .2rem 0 0; }
  .status strong { font-size: 1.25rem; }
  .status.valid { border-color: var(--green); background: #e3f1ed; }
  .status.revoked, .status.invalid, .status.not-found { border-color: var(--red); background: #fbeaea; }
  dl { display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: .4rem 1rem; background: #fff; padding: 1rem 1.2rem; border-radius: .5rem; border: 1px solid #d5dedb; }
  dt { color: var(--muted); }
  dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
  dd ul { margin: 0; padding-left: 1.1rem; font-weight: 600; }
  .code { font-family: ui-monospace, Menlo, Consolas, monospace; letter-spacing: .05em; }
  .note { color: var(--muted); font-size: .9rem; }
  form { margin-top: 1.5rem; display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; }
  label { display: grid; gap: .2rem; flex: 1 1 14rem; }
  input { font: inherit; padding: .5rem .6rem; border: 1px solid #8a9994; border-radius: .4rem; text-transform: uppercase; }
  button { font: inherit; padding: .55rem 1rem; border: 0; border-radius: .4rem; background: var(--green); color: #fff; cursor: pointer; }
  a { color: var(--green); }
  :focus-visible { outline: 3px solid #f2a900; outline-offset: 2px; }
  @media (max-width: 30rem) { dl { grid-template-columns: 1fr; } dd { margin-bottom: .4rem; } }
</style>
</head>
<body>
<main>
<p class="city">${escape(CITY_NAME)} · Sinau</p>
<h1>${escape(t.title)}</h1>
${body}
<form action="/verify" method="get">
  <label>${escape(t.another)}<input name="code" value="${escape(code)}" autocomplete="off" spellcheck="false" maxlength="40" required></label>
  ${lang === 'en' ? '<input type="hidden" name="lang" value="en">' : ''}
  <button type="submit">${escape(t.check)}</button>
</form>
<p><a href="${escape(otherHref)}" lang="${lang === 'id' ? 'en' : 'id'}">${escape(t.other)}</a></p>
</main>
</body>
</html>
`;
}

export function verifyPage(lang: PageLang, v: Verification): string {
  const t = T[lang];
  const c = v.certificate;
  const status =
    v.status === 'valid'
      ? `<div class="status valid" role="status"><strong><span aria-hidden="true">✓ </span>${escape(t.valid)}</strong><p>${escape(t.validDetail)}</p></div>`
      : `<div class="status revoked" role="status"><strong><span aria-hidden="true">✗ </span>${escape(t.revoked)}</strong>
  <p>${escape(t.revokedOn)}: ${escape(dateIn(lang, v.revokedAt!))}${v.reason ? `. ${escape(t.reason)}: ${escape(v.reason)}` : ''}</p></div>`;
  const competencies = c.competencies.length
    ? `<dt>${escape(t.competencies)}</dt><dd><ul>${c.competencies.map((k) => `<li>${escape(competencyLabel(k))} (${t.level} ${k.level})</li>`).join('')}</ul></dd>`
    : '';
  const body = `${status}
<dl>
  <dt>${escape(t.code)}</dt><dd class="code">${escape(v.code)}</dd>
  <dt>${escape(t.holder)}</dt><dd>${escape(c.holderName)}</dd>
  ${c.holderNip ? `<dt>${escape(t.nip)}</dt><dd class="code">${escape(c.holderNip)}</dd>` : ''}
  <dt>${escape(t.activity[c.kind])}</dt><dd>${escape(c.activity)}</dd>
  <dt>${escape(t.jp)}</dt><dd>${escape(numberIn(lang, c.jp))} ${t.jpUnit}</dd>
  ${competencies}
  <dt>${escape(t.issued)}</dt><dd>${escape(dateIn(lang, c.issuedAt))}</dd>
</dl>
${c.holderNip ? `<p class="note">${escape(t.nipNote)}</p>` : ''}`;
  return layout(lang, `/verify/${v.code}`, body);
}

/** For an unknown code (404), a malformed one (400), or the bare form (/verify). */
export function verifyProblemPage(lang: PageLang, problem: 'not_found' | 'invalid' | 'form', typed: string): string {
  const t = T[lang];
  const body =
    problem === 'form'
      ? `<p>${escape(t.intro)}</p>`
      : problem === 'not_found'
        ? `<div class="status not-found" role="alert"><strong>${escape(t.notFound)}</strong><p>${escape(t.notFoundDetail)}</p></div>`
        : `<div class="status invalid" role="alert"><strong>${escape(t.invalid)}</strong><p>${escape(t.invalidDetail)}</p></div>`;
  const path = problem === 'form' ? '/verify' : `/verify/${encodeURIComponent(typed)}`;
  return layout(lang, path, body, typed);
}
