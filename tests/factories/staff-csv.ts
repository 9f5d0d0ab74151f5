/** Builds valid NIPs and personnel CSV files for import tests. */
let seq = 100;

export function nip({ birth = '19850312', tmt = '201003', sex = '1' } = {}): string {
  seq = (seq + 1) % 1000;
  return `${birth}${tmt}${sex}${String(seq).padStart(3, '0')}`;
}

export interface StaffLine {
  nip: string;
  nama: string;
  email?: string;
  kode_unit: string;
  jabatan: string;
  nip_atasan?: string;
  jenjang?: string;
}

export function staffCsv(lines: StaffLine[], { delimiter = ',', withTier = false } = {}): string {
  const cols = ['nip', 'nama', 'email', 'kode_unit', 'jabatan', 'nip_atasan', ...(withTier ? ['jenjang'] : [])];
  const quote = (v: string) => (/[",;\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const rows = lines.map((l) => cols.map((c) => quote((l as unknown as Record<string, string | undefined>)[c] ?? '')).join(delimiter));
  return `${cols.join(delimiter)}\n${rows.join('\n')}\n`;
}
