/**
 * The nine elements (unsur) of the SKM of PermenPAN-RB 14/2017, asked in plain, short
 * Indonesian that anyone at a counter understands, and the optional respondent profile.
 * Answer labels run from 1 (worst) to 4 (best), as the regulation scores them.
 */
export type Lang = 'id' | 'en';
export const ELEMENT_CODES = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'] as const;
export type ElementCode = (typeof ELEMENT_CODES)[number];
export const elementColumn = (code: ElementCode) => code.toLowerCase() as 'u1' | 'u2' | 'u3' | 'u4' | 'u5' | 'u6' | 'u7' | 'u8' | 'u9';

export interface Element {
  code: ElementCode;
  /** The element's name in the regulation. */
  name: Record<Lang, string>;
  question: Record<Lang, string>;
  labels: Record<Lang, [string, string, string, string]>;
}

export const ELEMENTS: readonly Element[] = [
  {
    code: 'U1',
    name: { id: 'Persyaratan', en: 'Requirements' },
    question: { id: 'Apakah syarat yang diminta sesuai dengan layanan yang Anda urus?', en: 'Did the documents asked of you fit the service you came for?' },
    labels: { id: ['Tidak sesuai', 'Kurang sesuai', 'Sesuai', 'Sangat sesuai'], en: ['Not at all', 'Not quite', 'Yes', 'Fully'] },
  },
  {
    code: 'U2',
    name: { id: 'Sistem, Mekanisme, dan Prosedur', en: 'Procedure' },
    question: { id: 'Apakah alur dan cara pelayanannya mudah diikuti?', en: 'Were the steps of the service easy to follow?' },
    labels: { id: ['Tidak mudah', 'Kurang mudah', 'Mudah', 'Sangat mudah'], en: ['Not easy', 'Rather hard', 'Easy', 'Very easy'] },
  },
  {
    code: 'U3',
    name: { id: 'Waktu Penyelesaian', en: 'Time taken' },
    question: { id: 'Apakah layanan selesai dengan cepat?', en: 'Was the service done quickly?' },
    labels: { id: ['Tidak cepat', 'Kurang cepat', 'Cepat', 'Sangat cepat'], en: ['Not quick', 'Rather slow', 'Quick', 'Very quick'] },
  },
  {
    code: 'U4',
    name: { id: 'Biaya/Tarif', en: 'Cost' },
    question: { id: 'Bagaimana biaya layanan ini menurut Anda?', en: 'What do you think of the cost of this service?' },
    labels: { id: ['Sangat mahal', 'Mahal', 'Murah', 'Gratis'], en: ['Very expensive', 'Expensive', 'Cheap', 'Free'] },
  },
  {
    code: 'U5',
    name: { id: 'Produk Spesifikasi Jenis Pelayanan', en: 'Result of the service' },
    question: { id: 'Apakah hasil layanan (dokumen, surat, dan lainnya) sesuai dengan yang dijanjikan?', en: 'Was the result (document, letter …) what was promised?' },
    labels: { id: ['Tidak sesuai', 'Kurang sesuai', 'Sesuai', 'Sangat sesuai'], en: ['Not at all', 'Not quite', 'Yes', 'Fully'] },
  },
  {
    code: 'U6',
    name: { id: 'Kompetensi Pelaksana', en: 'Staff competence' },
    question: { id: 'Apakah petugas paham tugasnya dan mampu membantu Anda?', en: 'Did the staff know their job and manage to help you?' },
    labels: { id: ['Tidak mampu', 'Kurang mampu', 'Mampu', 'Sangat mampu'], en: ['Not able', 'Barely able', 'Able', 'Very able'] },
  },
  {
    code: 'U7',
    name: { id: 'Perilaku Pelaksana', en: 'Staff behaviour' },
    question: { id: 'Apakah petugas sopan dan ramah?', en: 'Were the staff polite and friendly?' },
    labels: { id: ['Tidak sopan', 'Kurang sopan', 'Sopan dan ramah', 'Sangat sopan dan ramah'], en: ['Not polite', 'Not very polite', 'Polite and friendly', 'Very polite and friendly'] },
  },
  {
    code: 'U8',
    name: { id: 'Penanganan Pengaduan, Saran dan Masukan', en: 'Complaints and suggestions' },
    question: { id: 'Kalau ada keluhan atau saran, apakah ditanggapi dengan baik?', en: 'If you have a complaint or idea, is it handled well?' },
    labels: { id: ['Tidak ada tempat mengadu', 'Ada, tetapi tidak ditanggapi', 'Ditanggapi, tetapi kurang baik', 'Ditanggapi dengan baik'], en: ['Nowhere to complain', 'There is, but no reply', 'Replied, but not well', 'Handled well'] },
  },
  {
    code: 'U9',
    name: { id: 'Sarana dan Prasarana', en: 'Facilities' },
    question: { id: 'Bagaimana tempat dan fasilitasnya (ruang tunggu, kursi, toilet, parkir)?', en: 'How were the place and facilities (waiting room, seats, toilet, parking)?' },
    labels: { id: ['Buruk', 'Cukup', 'Baik', 'Sangat baik'], en: ['Poor', 'Fair', 'Good', 'Very good'] },
  },
];
export const elementByCode = new Map(ELEMENTS.map((e) => [e.code, e]));

export interface ProfileField {
  key: 'ageBand' | 'sex' | 'education' | 'occupation';
  column: 'age_band' | 'sex' | 'education' | 'occupation';
  label: Record<Lang, string>;
  options: { value: string; label: Record<Lang, string> }[];
}

const opt = (value: string, id: string, en: string) => ({ value, label: { id, en } });

export const PROFILE_FIELDS: readonly ProfileField[] = [
  {
    key: 'ageBand',
    column: 'age_band',
    label: { id: 'Umur', en: 'Age' },
    options: [opt('lt20', 'Di bawah 20 tahun', 'Under 20'), opt('20-29', '20–29 tahun', '20–29'), opt('30-39', '30–39 tahun', '30–39'), opt('40-49', '40–49 tahun', '40–49'), opt('50-59', '50–59 tahun', '50–59'), opt('60plus', '60 tahun ke atas', '60 or older')],
  },
  { key: 'sex', column: 'sex', label: { id: 'Jenis kelamin', en: 'Sex' }, options: [opt('L', 'Laki-laki', 'Male'), opt('P', 'Perempuan', 'Female')] },
  {
    key: 'education',
    column: 'education',
    label: { id: 'Pendidikan terakhir', en: 'Education' },
    options: [opt('sd', 'SD atau sederajat', 'Primary school'), opt('smp', 'SMP atau sederajat', 'Junior high school'), opt('sma', 'SMA/SMK atau sederajat', 'Senior high school'), opt('diploma', 'Diploma (D1–D4)', 'Diploma'), opt('s1', 'S1', "Bachelor's degree"), opt('s2', 'S2', "Master's degree"), opt('s3', 'S3', 'Doctorate')],
  },
  {
    key: 'occupation',
    column: 'occupation',
    label: { id: 'Pekerjaan', en: 'Occupation' },
    options: [opt('pns', 'PNS/PPPK', 'Civil servant'), opt('tni_polri', 'TNI/Polri', 'Armed forces/police'), opt('swasta', 'Pegawai swasta', 'Private employee'), opt('wirausaha', 'Wirausaha/pedagang', 'Self-employed/trader'), opt('pelajar', 'Pelajar/mahasiswa', 'Student'), opt('rumah_tangga', 'Mengurus rumah tangga', 'Homemaker'), opt('lainnya', 'Lainnya', 'Other')],
  },
];

export const SUGGESTION_MAX = 2000;
export const EXTRA_TEXT_MAX = 1000;
