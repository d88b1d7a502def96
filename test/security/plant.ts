import ExcelJS from 'exceljs';
import type { Context } from '../../src/context.ts';
import { createPerson } from '../../src/org/people.ts';
import { systemActor } from '../../src/security/actor.ts';
import type { Level } from '../../src/security/levels.ts';
import type { Role } from '../../src/security/roles.ts';
import type { Client, TestServer } from '../helpers/http.ts';

/**
 * Planting records the low users may not know, for the leak regression tests: accounts with a
 * clearance and a person, knowable scopes, reclassification after the fact, and reading exports.
 */
export interface Member {
  client: Client;
  personId: string;
}

/**
 * A signed-in account linked to a person of its own, cleared to `clearance`. Clearance and person
 * are set behind the API: granting state-secret clearance there needs TOTP and a second approver.
 */
export async function member(server: TestServer, username: string, roles: Role[], clearance: Level): Promise<Member> {
  const person = await createPerson(server.ctx, systemActor('fixture'), { name: `Person of ${username}`, level: 'public' });
  const client = await server.signIn({ username, roles });
  await server.ctx.database.db.updateTable('users').set({ clearance, person_id: person.id }).where('id', '=', client.userId).execute();
  return { client, personId: person.id };
}

/** Names people in the knowable scope of a record, as an approval would. */
export async function knownBy(ctx: Context, objectType: string, objectId: string, personIds: string[]): Promise<void> {
  for (const personId of personIds) {
    await ctx.database.db
      .insertInto('knowable_scope')
      .values({ object_type: objectType, object_id: objectId, subject_type: 'person', subject_id: personId, reason: 'test', added_by: null, added_at: new Date().toISOString() })
      .execute();
  }
}

/** Raises a record's level after the fact, as a reclassification would; records that named it keep naming it. */
export async function reclassify(ctx: Context, table: 'units' | 'people' | 'positions' | 'study_groups' | 'study_sessions', id: string, level: Level): Promise<void> {
  await ctx.database.db.updateTable(table).set({ level }).where('id', '=', id).execute();
}

/** Every cell of every sheet of an XLSX workbook, as one text. */
export async function xlsxText(body: Buffer): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const cells: string[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text)))));
  return cells.join('\n');
}
