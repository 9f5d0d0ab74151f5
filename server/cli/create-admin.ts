import { sql } from 'kysely';
import { hashPassword } from '../auth/password.ts';
import { openDatabase } from '../db/open.ts';
import { configOrExit } from '../main.ts';
import { parseLoginName } from '../auth/routes.ts';
import { AppError } from '../plugins/errors.ts';

/**
 * Creates (or promotes) a city-wide admin, for a production database without demo data:
 *   npm run create-admin -- <username|NIP|e-mail> "<full name>"
 * The password is read from SINAU_ADMIN_PASSWORD or the first line of standard input; the
 * person must change it at first sign-in.
 */
async function main() {
  const [login, name] = process.argv.slice(2);
  if (!login || !name) {
    console.error('usage: npm run create-admin -- <username|NIP|e-mail> "<full name>"   (password from SINAU_ADMIN_PASSWORD or stdin)');
    process.exit(2);
  }
  let parsed;
  try {
    parsed = parseLoginName(login);
  } catch (err) {
    console.error(err instanceof AppError ? err.text.en : String(err));
    process.exit(2);
  }
  let password = process.env.SINAU_ADMIN_PASSWORD ?? '';
  if (!password) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  if (password.length < 10) {
    console.error('The password must have at least 10 characters.');
    process.exit(2);
  }
  const config = configOrExit();
  const database = await openDatabase(config);
  try {
    const hash = await hashPassword(password);
    const id = await database.db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('people').select('id').where(parsed.column, '=', parsed.value).executeTakeFirst();
      let personId: number;
      if (existing) {
        personId = existing.id;
        await trx.updateTable('people').set({ password_hash: hash, must_change_password: true, active: true, updated_at: sql`now()` }).where('id', '=', personId).execute();
      } else {
        const row = await trx
          .insertInto('people')
          .values({ [parsed.column]: parsed.value, name, password_hash: hash, must_change_password: true })
          .returning('id')
          .executeTakeFirstOrThrow();
        personId = row.id;
      }
      await trx.deleteFrom('person_roles').where('person_id', '=', personId).where('role', '=', 'admin').execute();
      await trx.insertInto('person_roles').values([{ person_id: personId, role: 'admin' }]).execute();
      await trx
        .insertInto('person_roles')
        .values({ person_id: personId, role: 'learner' })
        .onConflict((oc) => oc.doNothing())
        .execute();
      await trx.insertInto('audit_events').values({ actor_id: null, action: 'person.create_admin', subject: String(personId), details: JSON.stringify({ via: 'cli' }) }).execute();
      return personId;
    });
    console.log(`Admin ready: ${login} (id ${id}). They must change the password at first sign-in.`);
  } finally {
    await database.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
