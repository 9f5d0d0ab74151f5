import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../app.ts';
import { loadContentIntoApp } from '../courses/content.ts';
import { openDatabase } from '../db/open.ts';
import { configOrExit } from '../main.ts';
import { loadOrgContent } from '../seed/org.ts';

/**
 * `npm run content:import`: loads content/ (offices, positions, competency frameworks and standards, question banks, quizzes, courses) into the configured
 * database, the same way a start does; unchanged courses are left alone. New videos are queued
 * for conversion (a running app converts them).
 */
async function main() {
  const config = configOrExit();
  const contentDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../content');
  const database = await openDatabase(config, (l) => console.log(l));
  try {
    const org = await loadOrgContent(database.db, contentDir);
    console.log(`organisation: ${org.units} offices, ${org.positions} positions in the files`);
    const app = await buildApp({ config: { ...config, LOG_LEVEL: 'warn' }, db: database.db, serveClient: false });
    await app.ready();
    try {
      const r = await loadContentIntoApp(app, contentDir, (l) => console.log(l));
      console.log(`courses: loaded ${r.loaded.join(', ') || 'none'}; unchanged ${r.unchanged.length}; skipped ${r.skipped.join(', ') || 'none'}`);
      const f = r.competencies;
      console.log(`competency frameworks: loaded ${f.loaded.join(', ') || 'none'}; unchanged ${f.unchanged.length}; skipped ${f.skipped.join(', ') || 'none'}; ${f.standards} position standards`);
      const q = r.quizzes;
      console.log(`question banks and quizzes: loaded ${q.loaded.join(', ') || 'none'}; unchanged ${q.unchanged.length}; skipped ${q.skipped.join(', ') || 'none'}`);
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
