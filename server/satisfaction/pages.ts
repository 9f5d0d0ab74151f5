/**
 * The survey's public pages, rendered on the server like the certificate verification page: no
 * script, no external file, a few kilobytes, readable on a cheap phone over a weak connection.
 * Indonesian by default, English with ?lang=en.
 */
import { CITY_NAME } from '../certificates/credential.ts';
import type { Text } from '../plugins/errors.ts';
import { ELEMENTS, PROFILE_FIELDS, SUGGESTION_MAX, EXTRA_TEXT_MAX, type Lang } from './elements.ts';
import { GRADE_LABELS, type Grade } from './ikm.ts';
import type { IndexFigures, UnitReport } from './report.ts';
import type { FieldError } from './responses.ts';
import type { PublicSurvey } from './surveys.ts';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const T = {
  id: {
    survey: 'Survei Kepuasan Masyarakat',
    intro: 'Bagaimana pelayanan kami hari ini? Jawaban Anda membantu kami melayani lebih baik.',
    privacy: 'Tidak perlu menulis nama atau nomor HP. Pertanyaan boleh dilewati, tetapi jawab paling sedikit satu.',
    question: 'Pertanyaan',
    about: 'Tentang Anda',
    optional: 'boleh tidak diisi',
    choose: '— pilih —',
    service: 'Layanan yang Anda terima',
    extra: 'Pertanyaan lain dari kami',
    suggestion: 'Saran atau masukan untuk kami',
    suggestionHint: `Paling banyak ${SUGGESTION_MAX} huruf. Jangan menulis data pribadi.`,
    send: 'Kirim jawaban',
    errorsTitle: 'Ada yang perlu diperbaiki',
    errorsKept: 'Jawaban Anda yang lain tetap tersimpan di halaman ini.',
    thanks: 'Terima kasih!',
    thanksBody: 'Jawaban Anda sudah kami terima.',
    thanksMore: (unit: string) => `Masukan Anda membantu ${unit} melayani lebih baik.`,
    seeResults: 'Lihat hasil survei unit ini',
    notFound: 'Survei tidak ditemukan',
    tooMany: 'Mohon tunggu sebentar',
    refused: 'Permintaan ditolak',
    other: 'English',
    // Report
    report: 'Indeks Kepuasan Masyarakat',
    year: 'Tahun',
    otherYears: 'Tahun lain',
    score: 'Nilai IKM unit',
    ikm: 'IKM (skala 1–4)',
    respondents: 'Responden',
    grade: 'Mutu pelayanan',
    elements: 'Nilai per unsur pelayanan',
    no: 'No.',
    element: 'Unsur',
    average: 'Rata-rata',
    value: 'Nilai',
    quarters: 'Per triwulan',
    quarter: 'Triwulan',
    quarterNames: ['I (Januari–Maret)', 'II (April–Juni)', 'III (Juli–September)', 'IV (Oktober–Desember)'],
    counters: 'Per loket atau tempat layanan',
    place: 'Tempat layanan',
    wholeOffice: 'Kantor (umum)',
    none: 'Belum ada jawaban yang dihitung untuk tahun ini.',
    method:
      'Dihitung menurut Peraturan Menteri PANRB Nomor 14 Tahun 2017: rata-rata tiap unsur dari responden yang menjawabnya; IKM = jumlah rata-rata unsur dibagi banyaknya unsur yang dijawab; nilai unit = IKM × 25. Mutu: A (Sangat Baik) 88,31–100; B (Baik) 76,61–88,30; C (Kurang Baik) 65,00–76,60; D (Tidak Baik) 25,00–64,99. Jawaban yang ditahan pemeriksaan penyalahgunaan tidak dihitung.',
    print: 'Untuk mencetak, pakai menu Cetak pada peramban (Ctrl+P).',
    published: 'Diterbitkan melalui Sinau pada',
    dash: '–',
  },
  en: {
    survey: 'Public satisfaction survey',
    intro: 'How was our service today? Your answers help us serve you better.',
    privacy: 'No name or phone number needed. You may skip questions, but please answer at least one.',
    question: 'Question',
    about: 'About you',
    optional: 'optional',
    choose: '— choose —',
    service: 'The service you received',
    extra: 'More questions from us',
    suggestion: 'Your suggestions for us',
    suggestionHint: `At most ${SUGGESTION_MAX} characters. Please do not write personal data.`,
    send: 'Send answers',
    errorsTitle: 'Something needs fixing',
    errorsKept: 'Your other answers are still on this page.',
    thanks: 'Thank you!',
    thanksBody: 'We have received your answers.',
    thanksMore: (unit: string) => `Your feedback helps ${unit} serve better.`,
    seeResults: 'See this unit’s survey results',
    notFound: 'Survey not found',
    tooMany: 'Please wait a moment',
    refused: 'Request refused',
    other: 'Bahasa Indonesia',
    report: 'Public Satisfaction Index (IKM)',
    year: 'Year',
    otherYears: 'Other years',
    score: 'Unit score',
    ikm: 'IKM (1–4 scale)',
    respondents: 'Respondents',
    grade: 'Service quality',
    elements: 'Score per element of service',
    no: 'No.',
    element: 'Element',
    average: 'Average',
    value: 'Score',
    quarters: 'By quarter',
    quarter: 'Quarter',
    quarterNames: ['Q1 (January–March)', 'Q2 (April–June)', 'Q3 (July–September)', 'Q4 (October–December)'],
    counters: 'By counter or service point',
    place: 'Service point',
    wholeOffice: 'Office (general)',
    none: 'No counted responses for this year yet.',
    method:
      'Computed as PermenPAN-RB 14/2017 defines: each element averaged over the respondents who answered it; IKM = sum of the element averages divided by the number of elements answered; unit score = IKM × 25. Grades: A (Very good) 88.31–100; B (Good) 76.61–88.30; C (Poor) 65.00–76.60; D (Very poor) 25.00–64.99. Responses held back by the abuse checks are not counted.',
    print: 'To print, use your browser’s Print menu (Ctrl+P).',
    published: 'Published through Sinau on',
    dash: '–',
  },
} as const;

const STYLE = `
:root{color-scheme:light;--g:#0f5c4d;--r:#b3261e;--ink:#1c2b28;--mu:#55635f;--line:#c5d0cc}
*{box-sizing:border-box}
body{margin:0;font:17px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#f4f7f6}
main{max-width:40rem;margin:0 auto;padding:1rem .9rem 3rem}
.top{display:flex;justify-content:space-between;gap:1rem;align-items:baseline}
.city{margin:0;color:var(--g);font-weight:700;text-transform:uppercase;font-size:.8rem;letter-spacing:.03em}
h1{margin:.3rem 0 .2rem;font-size:1.45rem;line-height:1.25}
.unit{margin:0 0 1rem;font-size:1.1rem;font-weight:600}
.unit span{display:block;font-weight:400;color:var(--mu)}
a{color:var(--g)}
fieldset{border:1px solid var(--line);border-radius:.6rem;background:#fff;margin:0 0 1rem;padding:.8rem .8rem 1rem}
legend{float:left;width:100%;padding:0;font-weight:600}
legend+*{clear:both}
legend small,.hint{display:block;font-weight:400;color:var(--mu);font-size:.9rem}
.opts{display:grid;grid-template-columns:repeat(auto-fit,minmax(8rem,1fr));gap:.5rem;margin-top:.5rem}
.opt{display:flex;align-items:center;gap:.6rem;min-height:3rem;padding:.45rem .7rem;border:1px solid var(--line);border-radius:.5rem;cursor:pointer}
.opt input{width:1.35rem;height:1.35rem;margin:0;flex:none;accent-color:var(--g)}
.opt:has(input:checked){border-color:var(--g);background:#e3f1ed;font-weight:600}
.field{display:grid;gap:.25rem;margin-top:.7rem}
select,textarea{font:inherit;width:100%;padding:.6rem;border:1px solid #8a9994;border-radius:.45rem;background:#fff;min-height:3rem}
button{font:inherit;font-weight:700;width:100%;min-height:3.2rem;border:0;border-radius:.6rem;background:var(--g);color:#fff;cursor:pointer}
:focus-visible{outline:3px solid #f2a900;outline-offset:2px}
.box{border:2px solid var(--g);background:#e3f1ed;border-radius:.6rem;padding:1rem;margin:0 0 1rem}
.box.bad{border-color:var(--r);background:#fbeaea}
.box h2{margin:0 0 .3rem;font-size:1.15rem}
.box ul{margin:.3rem 0;padding-left:1.2rem}
.err{color:var(--r);font-weight:600;margin:.4rem 0 0}
fieldset[aria-invalid=true]{border:2px solid var(--r)}
h2{font-size:1.2rem}
.tbl{overflow-x:auto;margin:0 0 1rem}
table{border-collapse:collapse;width:100%;background:#fff;font-size:.95rem}
th,td{border:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;white-space:nowrap}
.big{display:flex;flex-wrap:wrap;gap:.5rem 2rem;align-items:baseline}
.big strong{font-size:2.2rem;line-height:1}
.muted{color:var(--mu);font-size:.9rem}
@media print{body{background:#fff;font-size:11pt}main{max-width:none;padding:0}.tbl{overflow:visible}.noprint{display:none}.box{break-inside:avoid}table{break-inside:auto}tr{break-inside:avoid}}
@page{size:A4;margin:15mm}
`.replace(/\n/g, '');

function layout(lang: Lang, title: string, otherHref: string, body: string): string {
  const t = T[lang];
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<title>${escape(title)} — Sinau</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<div class="top"><p class="city">${escape(CITY_NAME)}</p><a class="noprint" href="${escape(otherHref)}" lang="${lang === 'id' ? 'en' : 'id'}">${escape(t.other)}</a></div>
${body}
</main>
</body>
</html>
`;
}

const langQuery = (lang: Lang) => (lang === 'en' ? '?lang=en' : '');
const otherLang = (path: string, lang: Lang) => `${path}${lang === 'id' ? '?lang=en' : ''}`;

function unitHeading(survey: { unit: { name: string }; counter: string | null }): string {
  return `<p class="unit">${escape(survey.unit.name)}${survey.counter ? `<span>${escape(survey.counter)}</span>` : ''}</p>`;
}

export type FormValues = Record<string, string>;

/** The survey form; with `errors`, the same form sent back with every answer kept. */
export function surveyPage(lang: Lang, survey: PublicSurvey, state: { values?: FormValues; errors?: FieldError[]; key: string }): string {
  const t = T[lang];
  const values = state.values ?? {};
  const errors = state.errors ?? [];
  const errorFor = (field: string) => errors.find((e) => e.field === field);
  // Where an error's link jumps to: the field's own element on the page.
  const anchor = (field: string) => {
    if (field === 'answers') return 'U1';
    if (field.startsWith('answers.')) return field.slice(8).toUpperCase();
    if (field.startsWith('profile.')) return field.slice(8);
    if (field.startsWith('questions.')) return `q${field.slice(10)}`;
    return field;
  };
  const radios = (name: string, labels: readonly string[]) =>
    `<div class="opts">${labels
      .map((label, i) => {
        const v = String(i + 1);
        return `<label class="opt"><input type="radio" name="${name}" value="${v}"${values[name] === v ? ' checked' : ''}> ${escape(label)}</label>`;
      })
      .join('')}</div>`;
  const errorLine = (id: string, fields: string[]) => {
    const found = fields.map(errorFor).filter((e): e is FieldError => e !== undefined);
    return found.length ? `<p class="err" id="${escape(id)}-err">${found.map((e) => escape(e.message[lang])).join(' ')}</p>` : '';
  };
  const invalid = (id: string, fields: string[]) => (fields.some((f) => errorFor(f)) ? ` aria-invalid="true" aria-describedby="${escape(id)}-err"` : '');
  // Question 1 also carries the error "answer at least one question".
  const group = (id: string, field: string, legend: string, inner: string) => {
    const fields = id === 'U1' ? [field, 'answers'] : [field];
    return `<fieldset id="${escape(id)}"${invalid(id, fields)}><legend>${legend}</legend>${inner}${errorLine(id, fields)}</fieldset>`;
  };

  const summary = errors.length
    ? `<div class="box bad" role="alert" id="errors" tabindex="-1" autofocus><h2>${escape(t.errorsTitle)}</h2><ul>${errors
        .map((e) => `<li><a href="#${escape(anchor(e.field))}">${escape(e.message[lang])}</a></li>`)
        .join('')}</ul><p>${escape(t.errorsKept)}</p></div>`
    : '';

  const elements = ELEMENTS.map((e, i) =>
    group(e.code, `answers.${e.code}`, `<small>${escape(t.question)} ${i + 1} · ${escape(e.name[lang])}</small>${escape(e.question[lang])}`, radios(e.code, e.labels[lang])),
  ).join('\n');

  const extra = survey.questions.length
    ? `<h2>${escape(t.extra)}</h2>${survey.questions
        .map((q) => {
          const name = `q${q.id}`;
          const field = `questions.${q.id}`;
          if (q.kind === 'scale') return group(name, field, escape(q.prompt), radios(name, q.labels ?? ['1', '2', '3', '4']));
          return group(
            name,
            field,
            `<label for="${name}-t">${escape(q.prompt)} <small>${escape(t.optional)}</small></label>`,
            `<textarea id="${name}-t" name="${name}" rows="2" maxlength="${EXTRA_TEXT_MAX}">${escape(values[name] ?? '')}</textarea>`,
          );
        })
        .join('\n')}`
    : '';

  const select = (id: string, label: string, options: { value: string; label: string }[]) =>
    `<div class="field"><label for="${id}">${escape(label)}</label><select id="${id}" name="${id}"${invalid(id, [`profile.${id}`])}><option value="">${escape(t.choose)}</option>${options
      .map((o) => `<option value="${escape(o.value)}"${values[id] === o.value ? ' selected' : ''}>${escape(o.label)}</option>`)
      .join('')}</select>${errorLine(id, [`profile.${id}`])}</div>`;
  const profile = `<fieldset id="profile"><legend>${escape(t.about)} <small>${escape(t.optional)}</small></legend>
${survey.services.length ? select('service', t.service, survey.services.map((s) => ({ value: s, label: s }))) : ''}
${PROFILE_FIELDS.map((f) => select(f.key, f.label[lang], f.options.map((o) => ({ value: o.value, label: o.label[lang] })))).join('\n')}
</fieldset>`;

  const body = `<h1>${escape(t.survey)}</h1>
${unitHeading(survey)}
${summary}
<p>${escape(t.intro)}</p>
<p class="muted">${escape(t.privacy)}</p>
<form method="post" action="/s/${escape(survey.token)}${langQuery(lang)}" accept-charset="utf-8">
<input type="hidden" name="k" value="${escape(state.key)}">
${elements}
${extra}
${profile}
<div class="field" id="suggestion"><label for="suggestion-t">${escape(t.suggestion)} <small class="hint">${escape(t.optional)} · ${escape(t.suggestionHint)}</small></label>
<textarea id="suggestion-t" name="suggestion" rows="4" maxlength="${SUGGESTION_MAX}"${invalid('suggestion', ['suggestion'])}>${escape(values.suggestion ?? '')}</textarea>${errorLine('suggestion', ['suggestion'])}</div>
<p><button type="submit">${escape(t.send)}</button></p>
</form>`;
  return layout(lang, `${t.survey}: ${survey.unit.name}`, otherLang(`/s/${survey.token}`, lang), body);
}

export function thanksPage(lang: Lang, survey: PublicSurvey): string {
  const t = T[lang];
  const body = `<h1>${escape(t.thanks)}</h1>
${unitHeading(survey)}
<div class="box" role="status"><h2>${escape(t.thanksBody)}</h2><p>${escape(t.thanksMore(survey.unit.name))}</p></div>
<p><a href="/satisfaction/report/${escape(survey.token)}${langQuery(lang)}">${escape(t.seeResults)}</a></p>`;
  return layout(lang, t.thanks, otherLang(`/s/${survey.token}/thanks`, lang), body);
}

/** A page for a survey that does not exist, a rate limit, or a refused request. */
export function problemPage(lang: Lang, kind: 'not_found' | 'rate_limited' | 'refused', message: Text, path: string): string {
  const t = T[lang];
  const title = kind === 'not_found' ? t.notFound : kind === 'rate_limited' ? t.tooMany : t.refused;
  const body = `<h1>${escape(title)}</h1><div class="box bad" role="alert"><p>${escape(message[lang])}</p></div>`;
  return layout(lang, title, otherLang(path, lang), body);
}

const num = (lang: Lang, n: number | null, digits = 2) =>
  n === null ? '–' : new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
const gradeText = (lang: Lang, g: Grade | null) => (g ? `${g} (${GRADE_LABELS[g][lang]})` : '–');

export interface PublicReport {
  token: string;
  unit: { name: string };
  counter: string | null;
  year: number;
  years: number[];
  report: UnitReport;
  publishedAt: Date;
}

/** The report an office publishes: aggregates only, no free text, nothing about a respondent. */
export function reportPage(lang: Lang, r: PublicReport): string {
  const t = T[lang];
  const f = r.report.overall;
  const path = `/satisfaction/report/${r.token}`;
  const years = r.years.filter((y) => y !== r.year);
  const yearLinks = years.length
    ? `<p class="noprint">${escape(t.otherYears)}: ${years.map((y) => `<a href="${path}?year=${y}${lang === 'en' ? '&amp;lang=en' : ''}">${y}</a>`).join(' · ')}</p>`
    : '';
  const figures = (x: IndexFigures) => `<td class="n">${x.responses}</td><td class="n">${num(lang, x.score)}</td><td>${escape(gradeText(lang, x.grade))}</td>`;
  let content: string;
  if (!f.responses) {
    content = `<div class="box"><p>${escape(t.none)}</p></div>`;
  } else {
    const elements = ELEMENTS.map((e, i) => {
      const x = f.elements.find((y) => y.code === e.code)!;
      return `<tr><td class="n">${i + 1}</td><td>${escape(e.code)} ${escape(e.name[lang])}</td><td class="n">${x.responses}</td><td class="n">${num(lang, x.average)}</td><td class="n">${num(lang, x.score)}</td><td>${escape(gradeText(lang, x.grade))}</td></tr>`;
    }).join('');
    const quarters = [1, 2, 3, 4]
      .map((q) => {
        const p = r.report.trend.find((x) => x.period === `${r.year}-Q${q}`);
        return `<tr><td>${escape(t.quarterNames[q - 1]!)}</td>${p ? figures(p) : '<td class="n">0</td><td class="n">–</td><td>–</td>'}</tr>`;
      })
      .join('');
    const counters =
      r.report.counters.length > 1
        ? `<h2>${escape(t.counters)}</h2><div class="tbl"><table><thead><tr><th>${escape(t.place)}</th><th class="n">${escape(t.respondents)}</th><th class="n">${escape(t.value)}</th><th>${escape(t.grade)}</th></tr></thead><tbody>${r.report.counters
            .map((c) => `<tr><td>${escape(c.survey.counter ?? t.wholeOffice)}</td>${figures(c.figures)}</tr>`)
            .join('')}</tbody></table></div>`
        : '';
    content = `<div class="box big" role="group" aria-label="${escape(t.score)}">
<div><span class="muted">${escape(t.score)}</span><br><strong>${num(lang, f.score)}</strong></div>
<div><span class="muted">${escape(t.grade)}</span><br><strong>${escape(f.grade ?? '–')}</strong> ${escape(f.grade ? GRADE_LABELS[f.grade][lang] : '')}</div>
<div><span class="muted">${escape(t.ikm)}</span><br>${num(lang, f.ikm, 4)}</div>
<div><span class="muted">${escape(t.respondents)}</span><br>${f.responses}</div>
</div>
<h2>${escape(t.elements)}</h2>
<div class="tbl"><table><thead><tr><th class="n">${escape(t.no)}</th><th>${escape(t.element)}</th><th class="n">${escape(t.respondents)}</th><th class="n">${escape(t.average)}</th><th class="n">${escape(t.value)}</th><th>${escape(t.grade)}</th></tr></thead><tbody>${elements}</tbody></table></div>
<h2>${escape(t.quarters)}</h2>
<div class="tbl"><table><thead><tr><th>${escape(t.quarter)}</th><th class="n">${escape(t.respondents)}</th><th class="n">${escape(t.value)}</th><th>${escape(t.grade)}</th></tr></thead><tbody>${quarters}</tbody></table></div>
${counters}`;
  }
  const date = new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'long', timeZone: 'Asia/Jakarta' }).format(r.publishedAt);
  const body = `<h1>${escape(t.report)} ${r.year}</h1>
${unitHeading({ unit: r.unit, counter: r.counter })}
${yearLinks}
${content}
<p class="muted">${escape(t.method)}</p>
<p class="muted">${escape(t.published)} ${escape(date)}. <span class="noprint">${escape(t.print)}</span></p>`;
  return layout(lang, `${t.report} ${r.year}: ${r.unit.name}`, `${path}?year=${r.year}${lang === 'id' ? '&lang=en' : ''}`, body);
}
