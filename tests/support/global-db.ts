import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { TestProject } from 'vitest/node';
import { hashPassword } from '../../server/auth/password.ts';
import { createDb } from '../../server/db/connect.ts';
import { startEmbeddedPostgres } from '../../server/db/embedded.ts';
import { migrate } from '../../server/db/migrate.ts';
import { loadDemoPeople, loadOrgContent } from '../../server/seed/org.ts';
import { loadCompetencyContent } from '../../server/competencies/content.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string to the server, without a database name. */
    pgBase: string;
    /** A migrated database with the organisation content, demo people and competency frameworks, to copy per test file. */
    pgTemplate: string;
  }
}

const CONTENT = path.resolve(import.meta.dirname, '../../content');

/**
 * One real PostgreSQL for the whole run (embedded, in a throwaway folder, unless DATABASE_URL
 * names a server), with a template database every test file clones in milliseconds.
 */
export default async function setup(project: TestProject) {
  let base: string;
  let stop = async () => {};
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    base = external.replace(/\/[^/]*$/, '');
  } else {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sinau-test-pg-'));
    const port = 55000 + Math.floor(Math.random() * 5000);
    const pg = await startEmbeddedPostgres({ dir, port, ephemeral: true });
    base = pg.url('').replace(/\/$/, '');
    stop = async () => {
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  const template = `sinau_template_${process.pid}`;
  const admin = createDb(`${base}/postgres`, 1);
  await sql.raw(`DROP DATABASE IF EXISTS ${template}`).execute(admin);
  await sql.raw(`CREATE DATABASE ${template}`).execute(admin);
  await admin.destroy();
  const db = createDb(`${base}/${template}`, 2);
  await migrate(db);
  await loadOrgContent(db, CONTENT);
  await loadDemoPeople(db, CONTENT, hashPassword);
  await loadCompetencyContent(db, CONTENT);
  await db.destroy();
  project.provide('pgBase', base);
  project.provide('pgTemplate', template);
  return stop;
}
