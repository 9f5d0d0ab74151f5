/**
 * How attainment is computed from evidence, how activities convert to JP, and how much each
 * kind of evidence weighs: one row in competency_settings, edited by city admins. Defaults
 * apply to anything the row does not set.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/types.ts';

export const METHODS = ['highest_supported', 'highest', 'most_recent', 'weighted_average'] as const;
export type Method = (typeof METHODS)[number];

const Weight = Type.Number({ minimum: 0.1, maximum: 10 });
const SignalWeight = Type.Number({ minimum: 0, maximum: 10 });
/** The training-needs priority (server/competencies/training-needs.ts): how survey signals weigh and how a programme is sized. */
export const TrainingNeedsSettings = Type.Object(
  {
    signalMonths: Type.Integer({ minimum: 1, maximum: 36, description: 'U6/U7 signals of the last this many closed months raise priorities' }),
    signalWeights: Type.Object(
      { D: SignalWeight, C: SignalWeight, B: SignalWeight },
      { additionalProperties: false, description: 'Survey weight of a signal by the grade of its element average (a missing level counts 1 + this)' },
    ),
    jpPerLevel: Type.Number({ minimum: 1, maximum: 100, description: 'Suggested JP of a proposed programme per level missing on average (rounded up)' }),
  },
  { additionalProperties: false },
);
export const CompetencySettings = Type.Object(
  {
    method: Type.Union(
      METHODS.map((m) => Type.Literal(m)),
      {
        description:
          'highest_supported: the highest level with at least minWeight of current evidence at or above it; highest: the highest level shown; most_recent: the level of the latest evidence; weighted_average: the average level weighted by current evidence weight, rounded down',
      },
    ),
    minWeight: Type.Number({ minimum: 0.1, maximum: 10, description: 'highest_supported: evidence weight needed at a level (1 = one course, quiz or assessment)' }),
    fullYears: Type.Number({ minimum: 0, maximum: 30, description: 'Evidence counts fully for this many years' }),
    decayYears: Type.Number({ minimum: 0, maximum: 30, description: 'Then loses its weight evenly over this many years (0: at once)' }),
    weights: Type.Object(
      {
        course: Weight,
        quiz: Weight,
        webinar: Weight,
        assessment: Weight,
        prior_learning: Weight,
        programme: Weight,
        placement: Weight,
        citizen_feedback: Weight,
      },
      { additionalProperties: false },
    ),
    jpMinutesPerJp: Type.Number({ minimum: 1, maximum: 600, description: 'Webinar minutes that make one JP (a JP is 45 minutes of learning)' }),
    jpTarget: Type.Number({ minimum: 0, maximum: 1000, description: 'JP each civil servant must get per year (PP 17/2020: 20)' }),
    trainingNeeds: Type.Optional(TrainingNeedsSettings),
  },
  { additionalProperties: false },
);
export type CompetencySettingsT = Static<typeof CompetencySettings>;

export const DEFAULT_SETTINGS: CompetencySettingsT = {
  method: 'highest_supported',
  minWeight: 1,
  fullYears: 3,
  decayYears: 2,
  weights: { course: 1, quiz: 1, webinar: 0.5, assessment: 1, prior_learning: 1, programme: 1, placement: 1, citizen_feedback: 1 },
  jpMinutesPerJp: 45,
  jpTarget: 20,
  trainingNeeds: { signalMonths: 6, signalWeights: { D: 1, C: 0.5, B: 0.25 }, jpPerLevel: 8 },
};

/** The stored settings over the defaults; a stored value that no longer validates falls back. */
export function withDefaults(stored: unknown): CompetencySettingsT {
  const s = (stored && typeof stored === 'object' ? stored : {}) as Partial<CompetencySettingsT>;
  const tn = s.trainingNeeds ?? DEFAULT_SETTINGS.trainingNeeds!;
  const merged = {
    ...DEFAULT_SETTINGS,
    ...s,
    weights: { ...DEFAULT_SETTINGS.weights, ...(s.weights ?? {}) },
    trainingNeeds: { ...DEFAULT_SETTINGS.trainingNeeds!, ...tn, signalWeights: { ...DEFAULT_SETTINGS.trainingNeeds!.signalWeights, ...(tn.signalWeights ?? {}) } },
  };
  return Value.Check(CompetencySettings, merged) ? merged : DEFAULT_SETTINGS;
}

let cached: { at: number; value: CompetencySettingsT } | null = null;
const TTL_MS = 5000;

export async function loadSettings(db: Kysely<DB> | Transaction<DB>, fresh = false): Promise<CompetencySettingsT> {
  if (!fresh && cached && Date.now() - cached.at < TTL_MS) return cached.value;
  const row = await db.selectFrom('competency_settings').select('settings').executeTakeFirst();
  const value = withDefaults(row?.settings);
  cached = { at: Date.now(), value };
  return value;
}

export function forgetSettings() {
  cached = null;
}

/** JP for minutes of attendance, to two decimals, never above the activity's own JP when it has one. */
export function jpFromMinutes(minutes: number, settings: CompetencySettingsT, cap?: number | null): number {
  const jp = Math.floor((minutes / settings.jpMinutesPerJp) * 100) / 100;
  return cap !== undefined && cap !== null ? Math.min(jp, cap) : jp;
}
