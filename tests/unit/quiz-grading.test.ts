import { describe, expect, it } from 'vitest';
import { checkQuestion } from '../../server/quizzes/banks.ts';
import { grade, normaliseAnswer } from '../../server/quizzes/model.ts';
import { ESSAY, SAMPLES } from '../factories/quiz.ts';

describe('grading', () => {
  for (const s of SAMPLES) {
    it(`${s.doc.type}: right, wrong${s.partial ? ', partly right' : ''}, unanswered`, () => {
      expect(checkQuestion(s.doc).problems).toEqual([]);
      expect(grade(s.doc, s.right).fraction).toBe(1);
      expect(grade(s.doc, s.wrong).fraction).toBe(0);
      if (s.partial) expect(grade(s.doc, s.partial.response).fraction).toBeCloseTo(s.partial.fraction);
      expect(grade(s.doc, null).fraction).toBe(0);
      expect(grade(s.doc, undefined).fraction).toBe(0);
    });
  }

  it('multiple response never goes below zero, and choosing everything is not full marks', () => {
    const m = SAMPLES.find((s) => s.doc.type === 'multiple')!.doc;
    expect(grade(m, ['c']).fraction).toBe(0);
    expect(grade(m, ['a', 'b', 'c']).fraction).toBeCloseTo(0.5);
  });

  it('numeric accepts a tolerance and a decimal comma typed as text', () => {
    const q = { type: 'numeric' as const, name: 'n', stem: 's', points: 1, tags: [], numeric: [{ value: 2.5, tolerance: 0.1, fraction: 1 }] };
    expect(grade(q, 2.58).fraction).toBe(1);
    expect(grade(q, '2,45' as never).fraction).toBe(1);
    expect(grade(q, 2.7).fraction).toBe(0);
  });

  it('short answers: spaces and case folded, case kept when asked, * as a wildcard', () => {
    expect(normaliseAnswer('  Kartu   Keluarga ')).toBe('kartu keluarga');
    const q = { type: 'short' as const, name: 'n', stem: 's', points: 1, tags: [], caseSensitive: true, answers: [{ text: 'NIK', fraction: 1 }, { text: 'nomor induk*', fraction: 1 }] };
    expect(grade(q, 'NIK').fraction).toBe(1);
    expect(grade(q, 'nik').fraction).toBe(0);
    expect(grade(q, 'nomor induk kependudukan').fraction).toBe(1);
  });

  it('essays wait for a trainer; an empty essay earns nothing', () => {
    expect(grade(ESSAY, 'Kami memangkas antrean dengan sistem daring.').fraction).toBeNull();
    expect(grade(ESSAY, '   ').fraction).toBe(0);
  });

  it('refuses questions that cannot be graded', () => {
    expect(checkQuestion({ type: 'single', name: 'x', stem: 'x', choices: [{ id: 'a', text: 'a', fraction: 0 }, { id: 'b', text: 'b', fraction: 0 }] }).problems.join(' ')).toMatch(/nilai penuh/);
    expect(checkQuestion({ type: 'ordering', name: 'x', stem: 'x', items: [{ id: 'a', text: 'a' }] }).problems.length).toBe(1);
    expect(checkQuestion({ type: 'nope', name: 'x', stem: 'x' }).problems.length).toBeGreaterThan(0);
  });
});
