import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.ts';
import { hashPassword } from './auth/password.ts';
import { loadContentIntoApp } from './courses/content.ts';
import { openDatabase } from './db/open.ts';
import { ConfigError, loadConfig, type Config } from './plugins/config.ts';
import { loadDemoPeople, loadOrgContent } from './seed/org.ts';
import { loadDemoWebinars } from './seed/webinars.ts';
import { loadDemoProgrammes } from './seed/programmes.ts';
import { loadDemoPartners } from './seed/partners.ts';

const CONTENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'content');

export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

async function main() {
  const config = configOrExit();
  const say = (line: string) => config.LOG_LEVEL !== 'silent' && console.log(`[sinau] ${line}`);

  const database = await openDatabase(config, say);
  const { db } = database;
  if (database.applied.length) say(`applied migrations: ${database.applied.join(', ')}`);
  const org = await loadOrgContent(db, CONTENT_DIR);
  say(`organisation content: ${org.units} offices, ${org.positions} positions`);
  if (config.SINAU_DEMO) {
    const added = await loadDemoPeople(db, CONTENT_DIR, hashPassword);
    if (added) say(`demo people added: ${added} (password: sinau-demo)`);
  }

  const app = await buildApp({ config, db });
  await app.ready();
  const courses = await loadContentIntoApp(app, CONTENT_DIR, say);
  say(`courses: ${courses.loaded.length} loaded, ${courses.unchanged.length} unchanged${courses.skipped.length ? `, ${courses.skipped.length} skipped` : ''}`);
  const cf = courses.competencies;
  say(`competency frameworks: ${cf.loaded.length} loaded, ${cf.unchanged.length} unchanged${cf.skipped.length ? `, ${cf.skipped.length} skipped` : ''}; ${cf.standards} position standards`);
  const qz = courses.quizzes;
  say(`question banks and quizzes: ${qz.loaded.length} loaded, ${qz.unchanged.length} unchanged${qz.skipped.length ? `, ${qz.skipped.length} skipped` : ''}`);
  if (config.SINAU_DEMO) {
    // After the content: the demo webinars name a competency and a course it loads.
    const added = await loadDemoWebinars(db);
    if (added) say(`demo webinars added: ${added}`);
    const programmes = await loadDemoProgrammes(db);
    if (programmes) say(`demo programmes added: ${programmes}`);
    const placements = await loadDemoPartners(db);
    if (placements) say(`demo partner and placements added: ${placements}`);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping …`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await app.close();
      await database.close();
      say('stopped cleanly');
      process.exit(0);
    } catch (err) {
      console.error(err);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGHUP', () => void stop('SIGHUP'));

  await app.listen({ host: config.HOST, port: config.PORT });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  say(`Sinau is running at http://localhost:${port}  (API docs: http://localhost:${port}/api/docs)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error('[sinau] failed to start:', err);
    process.exit(1);
  });
}
