import { request } from './http.ts';

// Types come from the server's own schemas (type-only: nothing of the server reaches the bundle).
import type { Static } from '@sinclair/typebox';
import type * as S from '../../server/certificates/schemas.ts';

export type MyCertificate = Static<typeof S.MyCertificate>;

export async function myCertificates(signal?: AbortSignal): Promise<MyCertificate[]> {
  return (await request<Static<typeof S.MyCertificates>>('GET', '/api/me/certificates', { signal })).items;
}
