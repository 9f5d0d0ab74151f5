import { describe, expect, it } from 'vitest';
import { attain, currentFactor, explain, type EvidenceItem } from '../../server/competencies/attainment.ts';
import { DEFAULT_SETTINGS, jpFromMinutes, withDefaults } from '../../server/competencies/settings.ts';

const NOW = new Date('2026-11-28T00:00:00Z');
const YEAR = 365.25 * 864e5;
let id = 0;
const ev = (level: number, yearsAgo: number, weight = 1, source = 'course', title = `Bukti ${id + 1}`): EvidenceItem => ({
  id: ++id,
  level,
  weight,
  occurredAt: new Date(NOW.getTime() - yearsAgo * YEAR),
  source,
  title,
  detail: '',
});

describe('attainment', () => {
  it('has no level without evidence', () => {
    expect(attain([], DEFAULT_SETTINGS, NOW)).toEqual({ level: 0, basis: [] });
  });

  it('highest_supported: the highest level with enough current weight at or above it', () => {
    const s = DEFAULT_SETTINGS;
    expect(attain([ev(3, 0.5)], s, NOW).level).toBe(3);
    // Half-weight evidence (a webinar) needs company at its level or above.
    expect(attain([ev(4, 0.1, 0.5, 'webinar')], s, NOW).level).toBe(0);
    expect(attain([ev(4, 0.1, 0.5, 'webinar'), ev(2, 1)], s, NOW).level).toBe(2);
    expect(attain([ev(4, 0.1, 0.5, 'webinar'), ev(5, 0.2, 0.5, 'webinar')], s, NOW).level).toBe(4);
    // A stricter city: two pieces of evidence per level.
    expect(attain([ev(3, 0.5), ev(2, 1)], { ...s, minWeight: 2 }, NOW).level).toBe(2);
  });

  it('lets evidence fade after fullYears and vanish after fullYears + decayYears', () => {
    const s = DEFAULT_SETTINGS; // 3 full years, then 2 fading
    expect(currentFactor(new Date(NOW.getTime() - 2 * YEAR), NOW, s)).toBe(1);
    expect(currentFactor(new Date(NOW.getTime() - 4 * YEAR), NOW, s)).toBeCloseTo(0.5, 5);
    expect(currentFactor(new Date(NOW.getTime() - 6 * YEAR), NOW, s)).toBe(0);
    expect(currentFactor(new Date(NOW.getTime() - 3.5 * YEAR), NOW, { fullYears: 3, decayYears: 0 })).toBe(0);
    expect(attain([ev(4, 4)], s, NOW).level).toBe(0); // 0.5 left
    expect(attain([ev(4, 4), ev(4, 4.5)], s, NOW).level).toBe(0); // 0.5 + 0.25 left
    expect(attain([ev(4, 4), ev(4, 4)], s, NOW).level).toBe(4); // 0.5 + 0.5
  });

  it('highest, most_recent and weighted_average read the same evidence differently', () => {
    const items = [ev(2, 2), ev(5, 1, 0.5, 'webinar'), ev(3, 0.1, 1, 'assessment')];
    expect(attain(items, { ...DEFAULT_SETTINGS, method: 'highest' }, NOW).level).toBe(5);
    expect(attain(items, { ...DEFAULT_SETTINGS, method: 'most_recent' }, NOW).level).toBe(3);
    // (2·1 + 5·0.5 + 3·1) / 2.5 = 3
    expect(attain(items, { ...DEFAULT_SETTINGS, method: 'weighted_average' }, NOW).level).toBe(3);
    expect(attain(items, DEFAULT_SETTINGS, NOW).level).toBe(3);
  });

  it('explains the level in plain words, in Indonesian and English', () => {
    const a = attain([ev(3, 0.2, 1, 'quiz', 'Uji Pelayanan Publik'), ev(3, 0.3, 1, 'course', 'Pelayanan Prima')], DEFAULT_SETTINGS, NOW);
    const id = explain(a, DEFAULT_SETTINGS, 'id');
    expect(id).toMatch(/^Level 3 \(Menengah\): kuis Uji Pelayanan Publik pada \d+ \w+ 2026; kursus Pelayanan Prima pada/);
    expect(explain(a, DEFAULT_SETTINGS, 'en')).toMatch(/^Level 3 \(Intermediate\): quiz Uji Pelayanan Publik on/);
    expect(explain(attain([], DEFAULT_SETTINGS, NOW), DEFAULT_SETTINGS, 'id')).toBe('Belum ada bukti yang masih berlaku.');
  });
});

describe('settings', () => {
  it('fills what is not stored with defaults and ignores a stored value that no longer validates', () => {
    expect(withDefaults({})).toEqual(DEFAULT_SETTINGS);
    expect(withDefaults({ method: 'most_recent', weights: { webinar: 1 } }).weights).toMatchObject({ webinar: 1, course: 1 });
    expect(withDefaults({ method: 'guess' })).toEqual(DEFAULT_SETTINGS);
  });

  it('converts minutes to JP, rounding down to hundredths, capped by the activity', () => {
    expect(jpFromMinutes(45, DEFAULT_SETTINGS)).toBe(1);
    expect(jpFromMinutes(100, DEFAULT_SETTINGS)).toBe(2.22);
    expect(jpFromMinutes(0, DEFAULT_SETTINGS)).toBe(0);
    expect(jpFromMinutes(1000, DEFAULT_SETTINGS, 4)).toBe(4);
  });
});
