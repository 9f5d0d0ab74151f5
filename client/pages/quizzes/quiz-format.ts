import { css } from 'lit';
import type { AnswerValue } from '../../api/quizzes.ts';
import { formatNumber, getLocale } from '../../i18n.ts';

/** The text of server-rendered HTML (a choice, an item), for labels and announcements. */
export function plainText(htmlText: string): string {
  const template = document.createElement('template');
  template.innerHTML = htmlText;
  return (template.content.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Whether a response counts as an answer (a cleared or empty one does not). */
export function isAnswered(value: AnswerValue | undefined): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

export function wordCount(text: string): number {
  return text.trim() ? text.trim().split(/\s+/u).length : 0;
}

/**
 * A typed number, accepting the Indonesian decimal comma ("12,5") as well as a point.
 * Null for an empty field, undefined for text that is not a number.
 */
export function parseNumber(text: string): number | null | undefined {
  const cleaned = text.trim().replace(/\s/g, '');
  if (!cleaned) return null;
  // "1.250,5" (thousands with points) and "1250.5" both mean what a reader expects.
  const normalised = cleaned.includes(',') ? cleaned.replace(/\./g, '').replace(',', '.') : cleaned;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(normalised)) return undefined;
  const value = Number(normalised);
  return Number.isFinite(value) ? value : undefined;
}

/** A number as the learner would write it back ("12,5" in Indonesian), without grouping. */
export function numberText(value: number): string {
  return new Intl.NumberFormat(getLocale(), { useGrouping: false, maximumFractionDigits: 10 }).format(value);
}

/** Remaining time as m:ss, or h:mm:ss past an hour. */
export function clockText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** Points and scores with at most two decimals. */
export function pointsText(value: number): string {
  return formatNumber(Math.round(value * 100) / 100);
}

/**
 * Choices, items and prompts are short Markdown (rendered by the server, sanitised there): their
 * paragraphs sit inline with the input. Used with courseFormatStyles, which styles `.prose`.
 */
export const inlineHtmlStyles = css`
  .inline-html > :first-child {
    margin-top: 0;
  }
  .inline-html > :last-child {
    margin-bottom: 0;
  }
`;
