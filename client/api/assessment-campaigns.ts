import { request } from './http.ts';

// Types come from the server's own schemas (type-only: nothing of the server reaches the bundle).
import type { Static } from '@sinclair/typebox';
import type * as S from '../../server/assessment-campaigns/schemas.ts';

export type NewCampaign = Static<typeof S.NewCampaign>;
export type Campaign = Static<typeof S.Campaign>;
export type CampaignDetail = Static<typeof S.CampaignDetail>;
export type Opened = Static<typeof S.Opened>;
export type Progress = Static<typeof S.Progress>;
export type MyWork = Static<typeof S.MyWork>;
export type TaskSummary = Static<typeof S.TaskSummary>;
export type Task = Static<typeof S.Task>;
export type TaskCompetency = Static<typeof S.TaskCompetency>;
export type TaskStatus = Static<typeof S.TaskStatus>;
/** For each level "1".."5", one mark per behaviour indicator. */
export type Ratings = Record<string, boolean[]>;

const base = '/api/assessment-campaigns';

export const listCampaigns = (signal?: AbortSignal) => request<Campaign[]>('GET', base, { signal });
export const getCampaign = (id: number, signal?: AbortSignal) => request<CampaignDetail>('GET', `${base}/${id}`, { signal });
export const openCampaign = (campaign: Partial<NewCampaign> & Pick<NewCampaign, 'name' | 'opensOn' | 'closesOn'>) => request<Opened>('POST', base, { json: campaign });
export const refreshCampaign = (id: number) => request<Opened>('POST', `${base}/${id}/refresh`);
export const getProgress = (id: number, signal?: AbortSignal) => request<Progress>('GET', `${base}/${id}/progress`, { signal });
export const progressCsvUrl = (id: number) => `${base}/${id}/progress.csv`;
export const sendReminders = (id: number, message: string) => request<{ sent: number }>('POST', `${base}/${id}/reminders`, { json: { message } });
export const closeCampaign = (id: number) => request<{ campaign: Campaign; unfinished: number }>('POST', `${base}/${id}/close`);

export const getMyWork = (signal?: AbortSignal) => request<MyWork>('GET', `${base}/my-work`, { signal });
export const getTask = (id: number, signal?: AbortSignal) => request<Task>('GET', `${base}/tasks/${id}`, { signal });
export const saveSelf = (id: number, ratings: Record<string, Ratings>, submit: boolean) => request<Task>('PUT', `${base}/tasks/${id}/self`, { json: { ratings, submit } });
export const peerCandidates = (id: number, signal?: AbortSignal) => request<{ id: number; name: string; position: string | null }[]>('GET', `${base}/tasks/${id}/peer-candidates`, { signal });
export const nominatePeers = (id: number, peerIds: number[]) => request<Task>('POST', `${base}/tasks/${id}/peers`, { json: { peerIds } });
export const savePeerInput = (id: number, ratings: Record<string, Ratings>, comment: string, submit: boolean) =>
  request<Task>('PUT', `${base}/tasks/${id}/peer-input`, { json: { ratings, comment, submit } });
export const saveSupervisor = (id: number, ratings: Record<string, Ratings>, notes: Record<string, string>) => request<Task>('PUT', `${base}/tasks/${id}/supervisor`, { json: { ratings, notes } });
export const finaliseTask = (id: number) => request<Task>('POST', `${base}/tasks/${id}/finalise`);
