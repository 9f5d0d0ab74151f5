import { request } from './http.ts';

// Types come from the server's own schemas (type-only: nothing of the server reaches the bundle).
import type { Static } from '@sinclair/typebox';
import type * as S from '../../server/competencies/schemas.ts';
import type { CompetencySettingsT, Method } from '../../server/competencies/settings.ts';
import type * as C from '../../server/certificates/schemas.ts';
import type * as N from '../../server/competencies/training-needs.ts';
import type { Tier } from './org.ts';

export type Framework = Static<typeof S.Framework>;
export type Competency = Static<typeof S.Competency>;
export type CompetencyKind = Static<typeof S.Kind>;
export type CompetencyLevel = Static<typeof S.Level>;
export type StandardRow = Static<typeof S.StandardRow>;
export type CompetencySettings = CompetencySettingsT;
export type AttainmentMethod = Method;
export type EvidenceSource = keyof CompetencySettings['weights'];
export type Verification = Static<typeof C.Verification>;

export const competencyKinds: readonly CompetencyKind[] = ['manajerial', 'sosial_kultural', 'teknis'];
export const attainmentMethods: readonly AttainmentMethod[] = ['highest_supported', 'highest', 'most_recent', 'weighted_average'];
export const evidenceSources: readonly EvidenceSource[] = ['course', 'quiz', 'webinar', 'assessment', 'prior_learning', 'programme', 'placement', 'citizen_feedback'];

// The replies below are declared inside the server's route files; these mirror them.

/** PUT /api/competencies/:id: the version now current, and whether the wording changed. */
export interface CompetencySaved {
  id: number;
  code: string;
  version: number;
  changed: boolean;
}

export interface CompetencyVersion {
  id: number;
  version: number;
  name: string;
  description: string;
  createdAt: string;
  createdBy: string | null;
}

/** What a framework save or CASE import did, by competency code. */
export interface SaveReport {
  framework: Framework;
  created: string[];
  newVersions: string[];
  unchanged: string[];
  retired: string[];
}

export interface CaseImportResult {
  dryRun: boolean;
  slug: string;
  competencies: number;
  /** Null on a dry run. */
  report: SaveReport | null;
}

export type TierLevels = Record<Tier, number>;

export interface PositionStandard {
  position: { id: number; name: string; tier: string };
  competencies: StandardRow[];
}

/** A level to set for a position: 0–5, or 'default' to go back to the tier's default. */
export interface StandardChange {
  code: string;
  level: number | 'default';
}

interface UnitRef {
  id: number;
  code: string;
  name: string;
}

export interface HeatMap {
  competencies: { code: string; name: string; kind: string }[];
  offices: { unit: UnitRef; people: number; cells: { code: string; required: number; meeting: number; share: number | null }[] }[];
}

export interface JpReport {
  year: number;
  target: number;
  offices: { unit: UnitRef; people: number; below: number; averageJp: number }[];
  people: { id: number; name: string; nip: string | null; unit: UnitRef; position: string | null; jp: number; below: boolean }[];
}

/** GET /api/reports/training-needs: one ranked competency (server/competencies/training-needs.ts). */
export type TrainingNeed = N.Need;
export type TrainingNeedsTable = 'summary' | 'ranking' | 'people';

export function listFrameworks(signal?: AbortSignal): Promise<Framework[]> {
  return request<Framework[]>('GET', '/api/competency-frameworks', { signal });
}

/** Where the browser downloads a framework as an IMS CASE 1.0 package. */
export function caseExportUrl(frameworkId: number): string {
  return `/api/competency-frameworks/${frameworkId}/case`;
}

/** Sends a CASE package's text as it is; with dryRun the server only reads it. */
export function importCase(json: string, dryRun: boolean): Promise<CaseImportResult> {
  return request<CaseImportResult>('POST', '/api/competency-frameworks/import', {
    query: { dryRun: dryRun || undefined },
    body: { content: json, type: 'application/json' },
  });
}

export function updateCompetency(id: number, wording: { name: string; description: string; levels: CompetencyLevel[] }): Promise<CompetencySaved> {
  return request<CompetencySaved>('PUT', `/api/competencies/${id}`, { json: wording });
}

export function competencyVersions(id: number, signal?: AbortSignal): Promise<CompetencyVersion[]> {
  return request<CompetencyVersion[]>('GET', `/api/competencies/${id}/versions`, { signal });
}

export function getCompetencySettings(signal?: AbortSignal): Promise<CompetencySettings> {
  return request<CompetencySettings>('GET', '/api/competency-settings', { signal });
}

export function saveCompetencySettings(settings: CompetencySettings): Promise<CompetencySettings> {
  return request<CompetencySettings>('PUT', '/api/competency-settings', { json: settings });
}

export function getTierStandards(signal?: AbortSignal): Promise<TierLevels> {
  return request<TierLevels>('GET', '/api/tier-standards', { signal });
}

export function saveTierStandards(levels: Partial<TierLevels>): Promise<TierLevels> {
  return request<TierLevels>('PUT', '/api/tier-standards', { json: levels });
}

export function getPositionStandard(positionId: number, signal?: AbortSignal): Promise<PositionStandard> {
  return request<PositionStandard>('GET', `/api/positions/${positionId}/standard`, { signal });
}

export function setPositionStandard(positionId: number, levels: StandardChange[]): Promise<PositionStandard> {
  return request<PositionStandard>('PUT', `/api/positions/${positionId}/standard`, { json: { levels } });
}

export type ReportName = 'competencies' | 'jp' | 'training-needs';
export interface ReportFilter {
  unitId?: number | null;
  year?: number | null;
  below?: boolean;
}

function reportQuery(filter: ReportFilter): Record<string, string | number | boolean | undefined> {
  return { unitId: filter.unitId ?? undefined, year: filter.year ?? undefined, below: filter.below || undefined };
}

/** The address of a report as a CSV or XLSX download (the same filters as on screen). */
export function reportDownloadUrl(name: ReportName, filter: ReportFilter, format: 'csv' | 'xlsx'): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...reportQuery(filter), format })) {
    if (value !== undefined) search.set(key, String(value));
  }
  return `/api/reports/${name}?${search.toString()}`;
}

export function competencyHeatMap(filter: ReportFilter, signal?: AbortSignal): Promise<HeatMap> {
  return request<HeatMap>('GET', '/api/reports/competencies', { query: reportQuery({ unitId: filter.unitId }), signal });
}

export function jpReport(filter: ReportFilter, signal?: AbortSignal): Promise<JpReport> {
  return request<JpReport>('GET', '/api/reports/jp', { query: reportQuery(filter), signal });
}

export function trainingNeeds(filter: ReportFilter, signal?: AbortSignal): Promise<TrainingNeed[]> {
  return request<TrainingNeed[]>('GET', '/api/reports/training-needs', { query: reportQuery({ unitId: filter.unitId }), signal });
}

/** The training-needs analysis as a PDF document, or one of its tables as CSV. */
export function trainingNeedsDownloadUrl(filter: ReportFilter, format: 'pdf' | 'csv', table?: TrainingNeedsTable): string {
  const search = new URLSearchParams({ format });
  if (filter.unitId) search.set('unitId', String(filter.unitId));
  if (table) search.set('table', table);
  return `/api/reports/training-needs?${search.toString()}`;
}

export function verifyCertificate(code: string, signal?: AbortSignal): Promise<Verification> {
  return request<Verification>('GET', `/api/certificates/${encodeURIComponent(code.trim())}/verify`, { signal });
}

/** For good: the public verification page then says revoked, with the reason. */
export function revokeCertificate(code: string, reason: string): Promise<Verification> {
  return request<Verification>('POST', `/api/certificates/${encodeURIComponent(code.trim())}/revoke`, { json: { reason } });
}
