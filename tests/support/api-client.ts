import { expect, inject } from 'vitest';

/** An API session for an e2e journey's setup: the admin (or anyone) signed in over HTTP. */
export interface Api {
  call: (method: string, path: string, body?: unknown) => Promise<Response>;
  /** The request's JSON reply, after checking its status (200 unless told). */
  json: <T>(method: string, path: string, body?: unknown, expected?: number) => Promise<T>;
}

/** Signs in through the API, as the admin sets things up before the journey. */
export async function api(username: string, password = 'sinau-demo'): Promise<Api> {
  const base = inject('baseUrl');
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(login.status).toBe(200);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = (await login.json()).csrfToken as string;
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${base}${path}`, { method, headers: { cookie, 'x-csrf-token': csrf, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = async <T>(method: string, path: string, body?: unknown, expected = 200): Promise<T> => {
    const res = await call(method, path, body);
    const text = await res.text();
    expect(res.status, `${method} ${path}: ${text}`).toBe(expected);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return { call, json };
}

/** A date `offset` days from today, as YYYY-MM-DD. */
export const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

export interface PartnerRef {
  id: number;
  hasActiveAgreement: boolean;
  members: { id: number; email: string | null }[];
}

/** mitra's partner institution, with an agreement in force (the demo data may already have both). */
export async function partnerOfMitra(): Promise<PartnerRef> {
  const admin = await api('admin');
  const { items } = await admin.json<{ items: PartnerRef[] }>('GET', '/api/partners');
  let partner = items.find((p) => p.members.some((m) => m.email === 'mitra@uns.ac.id'));
  if (!partner) {
    partner = await admin.json<PartnerRef>('POST', '/api/partners', { name: 'Universitas Sebelas Maret', kind: 'university', website: 'https://uns.ac.id' }, 201);
    await admin.json('POST', `/api/partners/${partner.id}/members`, { name: 'Dr. Arif Wicaksono, M.Pd.', email: 'mitra@uns.ac.id' }, 201);
  }
  if (!partner.hasActiveAgreement) {
    await admin.json(
      'POST',
      `/api/partners/${partner.id}/agreements`,
      { kind: 'pks', number: `PKS/${Date.now().toString(36)}/E2E`, title: 'Pengembangan kompetensi ASN', startsOn: day(-30), endsOn: day(365), scope: 'Kursus daring dan magang.' },
      201,
    );
  }
  // The journeys read Indonesian labels; the language test switches mitra's saved language.
  await (await api('mitra')).json('PATCH', '/api/me', { locale: 'id' });
  return admin.json<PartnerRef>('GET', `/api/partners/${partner.id}`);
}
