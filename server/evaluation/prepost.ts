/**
 * Level 2: what people knew before against after. Pure, so the figures can be checked by hand.
 *
 * Per person: the pre-test is their FIRST graded attempt of the pre-test quiz in the window
 * (what they knew coming in; later retries of the pre-test are practice), the post-test their
 * BEST graded attempt of the post-test quiz submitted after that pre-test attempt (when both are
 * the same quiz, the first attempt is the pre-test and the best later one the post-test).
 * People without both are left out.
 */
export interface GradedAttempt {
  id: number;
  quizId: number;
  personId: number;
  submittedAt: Date;
  pct: number;
}

export interface PersonResult {
  personId: number;
  pre: number;
  post: number;
  gain: number;
  /** (post − pre) / (100 − pre); null when the pre-test was already 100 %. */
  normalisedGain: number | null;
}

export interface Comparison {
  people: number;
  preAvg: number | null;
  postAvg: number | null;
  gainAvg: number | null;
  /** Hake's class gain ⟨g⟩ = (postAvg − preAvg) / (100 − preAvg). */
  normalisedGain: number | null;
  /** The mean of the individual normalised gains. */
  individualGainAvg: number | null;
  improvedPct: number | null;
  persons: PersonResult[];
}

export const round = (n: number, digits = 2) => {
  const f = 10 ** digits;
  return Math.round((n + Number.EPSILON) * f) / f;
};
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** Each person's pre and post result from their attempts (any order). */
export function pairAttempts(attempts: GradedAttempt[], preQuizId: number, postQuizId: number): PersonResult[] {
  const byPerson = new Map<number, GradedAttempt[]>();
  for (const a of attempts) byPerson.set(a.personId, [...(byPerson.get(a.personId) ?? []), a]);
  const out: PersonResult[] = [];
  for (const [personId, list] of byPerson) {
    const sorted = [...list].sort((x, y) => x.submittedAt.getTime() - y.submittedAt.getTime() || x.id - y.id);
    const pre = sorted.find((a) => a.quizId === preQuizId);
    if (!pre) continue;
    const later = sorted.filter((a) => a.quizId === postQuizId && a.id !== pre.id && a.submittedAt.getTime() >= pre.submittedAt.getTime());
    if (!later.length) continue;
    const post = Math.max(...later.map((a) => a.pct));
    out.push({ personId, pre: pre.pct, post, gain: round(post - pre.pct), normalisedGain: pre.pct < 100 ? round((post - pre.pct) / (100 - pre.pct), 3) : null });
  }
  return out.sort((a, b) => a.personId - b.personId);
}

export function compare(persons: PersonResult[]): Comparison {
  const preAvg = mean(persons.map((p) => p.pre));
  const postAvg = mean(persons.map((p) => p.post));
  const individual = mean(persons.flatMap((p) => (p.pre < 100 ? [(p.post - p.pre) / (100 - p.pre)] : [])));
  return {
    people: persons.length,
    preAvg: preAvg === null ? null : round(preAvg),
    postAvg: postAvg === null ? null : round(postAvg),
    gainAvg: preAvg === null || postAvg === null ? null : round(postAvg - preAvg),
    normalisedGain: preAvg === null || postAvg === null || preAvg >= 100 ? null : round((postAvg - preAvg) / (100 - preAvg), 3),
    individualGainAvg: individual === null ? null : round(individual, 3),
    improvedPct: persons.length ? round((persons.filter((p) => p.post > p.pre).length * 100) / persons.length) : null,
    persons,
  };
}
