/**
 * The index of PermenPAN-RB 14/2017, computed exactly: each element's average over the
 * respondents who answered it, IKM = (sum of the averages) / (number of elements answered),
 * unit score = IKM × 25. Sums of answers are integers, so everything is a fraction of
 * integers; it is rounded once, half up, to the two decimals the grade boundaries are written
 * in, and the grade is read from that rounded score (88.30 → B, 88.31 → A).
 */
import { ELEMENT_CODES, type ElementCode } from './elements.ts';

export type Grade = 'A' | 'B' | 'C' | 'D';
export const GRADE_LABELS: Record<Grade, { id: string; en: string }> = {
  A: { id: 'Sangat Baik', en: 'Very good' },
  B: { id: 'Baik', en: 'Good' },
  C: { id: 'Kurang Baik', en: 'Poor' },
  D: { id: 'Tidak Baik', en: 'Very poor' },
};

/** Per element: the sum of the answers (1..4) and how many respondents answered it. */
export type ElementSums = Partial<Record<ElementCode, { sum: number; count: number }>>;

export interface ElementResult {
  code: ElementCode;
  /** Respondents who answered it. */
  responses: number;
  /** Average, rounded half up to 2 decimals; null when no one answered. */
  average: number | null;
  /** The average × 25 as a score (2 decimals) and its grade: how one element fares. */
  score: number | null;
  grade: Grade | null;
}

export interface IndexResult {
  elements: ElementResult[];
  /** Elements answered by at least one respondent. */
  answered: number;
  /** Sum of averages / elements answered, rounded half up to 4 decimals (3.5324 × 25 = 88.31). */
  ikm: number | null;
  /** IKM × 25, rounded half up to 2 decimals. */
  score: number | null;
  grade: Grade | null;
}

/** round(numerator / denominator × 10^places), half up, as an integer (both positive). */
function roundedScaled(numerator: bigint, denominator: bigint, places: number): bigint {
  const scaled = numerator * 10n ** BigInt(places);
  return (2n * scaled + denominator) / (2n * denominator);
}

const toNumber = (scaled: bigint, places: number) => Number(scaled) / 10 ** places;

/** The grade of a unit score given in hundredths (8831 = 88.31): the regulation's boundaries. */
export function gradeOfCents(cents: number): Grade {
  if (cents >= 8831) return 'A';
  if (cents >= 7661) return 'B';
  if (cents >= 6500) return 'C';
  return 'D';
}

/** The grade of a unit score as written (two decimals at most): 88.30 → B, 88.31 → A. */
export function gradeOf(score: number): Grade {
  return gradeOfCents(Math.round(score * 100));
}

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** sum/count as an exact fraction, summed over elements: Σ sum_e / count_e = num / den. */
function sumOfAverages(parts: { sum: number; count: number }[]): { num: bigint; den: bigint } {
  let num = 0n;
  let den = 1n;
  for (const p of parts) {
    const n = BigInt(p.count);
    const s = BigInt(p.sum);
    // num/den + s/n
    num = num * n + s * den;
    den = den * n;
    const g = gcd(num, den);
    if (g > 1n) {
      num /= g;
      den /= g;
    }
  }
  return { num, den };
}

export function computeIndex(sums: ElementSums): IndexResult {
  const elements: ElementResult[] = [];
  const answered: { sum: number; count: number }[] = [];
  for (const code of ELEMENT_CODES) {
    const e = sums[code];
    if (!e || e.count <= 0) {
      elements.push({ code, responses: 0, average: null, score: null, grade: null });
      continue;
    }
    answered.push(e);
    const average = toNumber(roundedScaled(BigInt(e.sum), BigInt(e.count), 2), 2);
    const cents = roundedScaled(25n * BigInt(e.sum), BigInt(e.count), 2);
    elements.push({ code, responses: e.count, average, score: toNumber(cents, 2), grade: gradeOfCents(Number(cents)) });
  }
  if (!answered.length) return { elements, answered: 0, ikm: null, score: null, grade: null };
  const { num, den } = sumOfAverages(answered);
  const k = BigInt(answered.length);
  const ikm = toNumber(roundedScaled(num, den * k, 4), 4);
  const cents = roundedScaled(25n * num, den * k, 2);
  return { elements, answered: answered.length, ikm, score: toNumber(cents, 2), grade: gradeOfCents(Number(cents)) };
}

/**
 * The evidence level a low element average stands for: the regulation's grade of the element
 * (its average × 25, on the same boundaries) read as a competency level — D (below 65.00, an
 * average under 2.60) → 1 Paham, C → 2 Dasar, B → 3 Menengah, A → 4 Mumpuni. Citizens'
 * opinions never prove level 5 (Ahli).
 */
export const LEVEL_OF_GRADE: Record<Grade, number> = { D: 1, C: 2, B: 3, A: 4 };

export function evidenceLevel(sum: number, count: number): number {
  const cents = roundedScaled(25n * BigInt(sum), BigInt(count), 2);
  return LEVEL_OF_GRADE[gradeOfCents(Number(cents))];
}
