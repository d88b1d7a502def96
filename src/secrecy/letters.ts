import { createHash } from 'node:crypto';
import type { Context } from '../context.ts';
import type { Executor } from '../db/database.ts';
import type { Letter, LetterTemplate } from '../db/tables.ts';
import { writeAudited } from '../db/write.ts';
import { AppError, conflict, forbidden, notFound, unprocessable } from '../errors.ts';
import { newId, now } from '../ids.ts';
import { getUser } from '../org/accounts.ts';
import type { Actor } from '../security/actor.ts';
import { checkCredentials } from '../security/lockout.ts';
import { authorize, canRead, readableLevels } from '../security/policy.ts';
import { joinedNames } from '../security/joined-names.ts';
import { auditListRead } from '../security/reads.ts';
import { RECORD_LEVEL, assertMayWriteRecord, assertPerson, assertUnit } from './records-common.ts';
import { refreshFingerprints } from './review/fingerprints.ts';
import type { IssueLettersInput, LetterTemplateInput, SignLetterInput } from './records-schemas.ts';

/**
 * Secrecy-work responsibility letters (保密责任书): a template per year, versioned; a letter per
 * leader and unit head for the year; each signs their own in Remit after proving who they are
 * again, and the signature records the hash of the exact template version signed.
 */
export const textHash = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export async function createLetterTemplate(ctx: Context, actor: Actor, input: LetterTemplateInput): Promise<LetterTemplate> {
  authorize(actor, 'secrecy.manage');
  assertMayWriteRecord(ctx, actor);
  const year = Number(input.year);
  return writeAudited(ctx, actor, async (trx) => {
    const last = await trx.selectFrom('letter_templates').select((eb) => eb.fn.max('version').as('v')).where('year', '=', year).executeTakeFirst();
    const version = Number(last?.v ?? 0) + 1;
    const id = newId();
    const row = await trx
      .insertInto('letter_templates')
      .values({ id, year, version, title: input.title, text: input.text, hash: textHash(input.text), created_by: actor.id, level: RECORD_LEVEL, created_at: now() })
      .returningAll()
      .executeTakeFirstOrThrow();
    await refreshFingerprints(trx, { type: 'letter_template', id });
    return { result: row, audit: { action: 'letter_template.create', objectType: 'letter_template', objectId: id, level: RECORD_LEVEL, detail: { year, version, hash: row.hash } } };
  });
}

export async function listLetterTemplates(ctx: Context, actor: Actor, year: number | undefined): Promise<LetterTemplate[]> {
  authorize(actor, 'secrecy.read');
  let query = ctx.database.db.selectFrom('letter_templates').selectAll().where('level', 'in', readableLevels(actor));
  if (year) query = query.where('year', '=', year);
  const rows = await query.orderBy('year', 'desc').orderBy('version', 'desc').execute();
  await auditListRead(ctx, actor, 'letter_template', 'list', rows);
  return rows;
}

async function latestTemplate(db: Executor, year: number): Promise<LetterTemplate | undefined> {
  return db.selectFrom('letter_templates').selectAll().where('year', '=', year).orderBy('version', 'desc').limit(1).executeTakeFirst();
}

export interface IssueResult {
  year: number;
  templateVersion: number;
  issued: number;
  reissued: number;
  alreadySigned: number;
}

/**
 * Issues the year's letter to each leader and unit head (one per person; a person who heads a unit
 * gets it as unit head). Unsigned letters issued earlier move to the newest template version;
 * signed ones stay as signed.
 */
export async function issueLetters(ctx: Context, actor: Actor, input: IssueLettersInput): Promise<IssueResult> {
  authorize(actor, 'secrecy.manage');
  assertMayWriteRecord(ctx, actor);
  const year = Number(input.year);
  return writeAudited(ctx, actor, async (trx) => {
    const template = await latestTemplate(trx, year);
    if (!template) throw unprocessable('no_template', { year });
    const leaders =
      input.leaders ??
      (
        await trx
          .selectFrom('users')
          .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
          .select('users.person_id')
          .where('user_roles.role', '=', 'leader')
          .where('users.disabled', '=', 0)
          .where('users.person_id', 'is not', null)
          .distinct()
          .execute()
      ).map((r) => r.person_id!);
    const recipients = new Map<string, { role: string; unitId: string | null }>();
    for (const personId of leaders) recipients.set(personId, { role: 'leader', unitId: null });
    for (const head of input.unitHeads ?? []) recipients.set(head.personId, { role: 'unit_head', unitId: head.unitId });
    if (recipients.size === 0) {
      throw unprocessable('no_recipients');
    }
    const result: IssueResult = { year, templateVersion: template.version, issued: 0, reissued: 0, alreadySigned: 0 };
    const stamp = now();
    const ids: string[] = [];
    for (const [personId, { role, unitId }] of recipients) {
      await assertPerson(trx, actor, personId);
      if (unitId) await assertUnit(trx, actor, unitId);
      const existing = await trx.selectFrom('letters').select(['id', 'status']).where('year', '=', year).where('person_id', '=', personId).executeTakeFirst();
      if (existing?.status === 'signed') {
        result.alreadySigned++;
        continue;
      }
      if (existing) {
        await trx.updateTable('letters').set({ template_id: template.id, role, unit_id: unitId, issued_at: stamp, updated_at: stamp }).where('id', '=', existing.id).execute();
        result.reissued++;
        ids.push(existing.id);
        continue;
      }
      const id = newId();
      await trx
        .insertInto('letters')
        .values({
          id,
          year,
          person_id: personId,
          role,
          unit_id: unitId,
          template_id: template.id,
          status: 'issued',
          issued_at: stamp,
          signed_at: null,
          signed_template_id: null,
          signed_hash: null,
          signed_by: null,
          level: RECORD_LEVEL,
          created_at: stamp,
          updated_at: stamp,
        })
        .execute();
      result.issued++;
      ids.push(id);
    }
    return { result, audit: { action: 'letter.issue', objectType: 'letter', level: RECORD_LEVEL, detail: { ...result, templateId: template.id, letters: ids } } };
  });
}

export type LetterWithTemplate = Letter & { template_version: number; template_title: string; template_text: string; template_hash: string };

/** The actor's own letters, with the text to read before signing. */
export async function myLetters(ctx: Context, actor: Actor): Promise<LetterWithTemplate[]> {
  const rows = await lettersOf(ctx.database.db, actor.personId);
  await auditListRead(ctx, actor, 'letter', 'list', rows);
  return rows;
}

async function lettersOf(db: Executor, personId: string | null): Promise<LetterWithTemplate[]> {
  if (!personId) return [];
  return db
    .selectFrom('letters')
    .innerJoin('letter_templates', 'letter_templates.id', 'letters.template_id')
    .selectAll('letters')
    .select([
      'letter_templates.version as template_version',
      'letter_templates.title as template_title',
      'letter_templates.text as template_text',
      'letter_templates.hash as template_hash',
    ])
    .where('letters.person_id', '=', personId)
    .orderBy('letters.year', 'desc')
    .execute();
}

/**
 * Signs the actor's own letter. Signing is a deliberate act, so the request carries the signer's
 * password again (and the current TOTP code when a second factor is enrolled), whatever session or
 * token it came on.
 */
export async function signLetter(ctx: Context, actor: Actor, id: string, input: SignLetterInput): Promise<LetterWithTemplate> {
  if (actor.kind !== 'user' || !actor.id) throw forbidden('sign_own_account_only');
  const letter = await ctx.database.db.selectFrom('letters').selectAll().where('id', '=', id).executeTakeFirst();
  if (!letter || (letter.person_id !== actor.personId && !canRead(actor, letter))) throw notFound('letter', id);
  if (letter.person_id !== actor.personId) throw forbidden('letter_not_addressee');
  if (letter.status === 'signed') throw conflict('letter_already_signed', { signed_at: letter.signed_at });
  const user = await getUser(ctx.database.db, actor.id);
  // A refused signature is logged: repeated refusals on one letter are worth a secrecy officer's look.
  const refuse = async (code: 'reauthentication_failed' | 'invalid_totp' | 'own_password_required'): Promise<never> => {
    await writeAudited(ctx, actor, async () => ({
      result: undefined,
      audit: { action: 'letter.sign_refused', objectType: 'letter', objectId: id, level: RECORD_LEVEL, detail: { reason: code } },
    }));
    throw new AppError(403, code);
  };
  // The password goes through the one counter every password check shares (throttled, audited, locked per address).
  const outcome = await checkCredentials(ctx, { user, password: input.password, totp: input.totp, secondFactor: true, address: actor.address ?? null, purpose: 'letter_sign', actor });
  if (outcome === 'wrong_password') await refuse('reauthentication_failed');
  if (outcome === 'totp_missing') throw new AppError(403, 'totp_required_to_sign', {}, { code: 'totp_required' });
  if (outcome === 'wrong_totp') await refuse('invalid_totp');
  // An administrator who set, reset or relinked this account's password knows it: only a password
  // the person chose since proves the person signs.
  if (user.password_by_admin) {
    await refuse('own_password_required');
  }
  await writeAudited(ctx, actor, async (trx) => {
    const template = await trx.selectFrom('letter_templates').selectAll().where('id', '=', letter.template_id).executeTakeFirstOrThrow();
    const stamp = now();
    const result = await trx
      .updateTable('letters')
      .set({ status: 'signed', signed_at: stamp, signed_template_id: template.id, signed_hash: template.hash, signed_by: actor.id, updated_at: stamp })
      .where('id', '=', id)
      .where('status', '=', 'issued')
      .where('template_id', '=', template.id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw conflict('letter_changed_while_signing');
    return {
      result: undefined,
      audit: {
        action: 'letter.sign',
        objectType: 'letter',
        objectId: id,
        level: RECORD_LEVEL,
        detail: { year: letter.year, templateId: template.id, version: template.version, hash: template.hash, secondFactor: user.totp_enabled === 1 },
      },
    };
  });
  return (await lettersOf(ctx.database.db, actor.personId)).find((l) => l.id === id)!;
}

export interface BoardRow {
  letter_id: string;
  person_id: string;
  person_name: string;
  role: string;
  unit_id: string | null;
  /** Null, with `unit_hidden`, when the reader may not know the unit. */
  unit_name: string | null;
  unit_hidden: boolean;
  status: string;
  issued_at: string;
  signed_at: string | null;
  template_version: number;
  signed_hash: string | null;
  level: 'internal' | 'public' | 'mimi' | 'jimi' | 'juemi';
}

export interface Board {
  year: number;
  issued: number;
  signed: number;
  unsigned: number;
  items: BoardRow[];
}

/** Who has and has not signed the year's letter: unsigned first, then by name. */
export async function letterBoard(ctx: Context, actor: Actor, year: number, action: 'list' | 'export' = 'list'): Promise<Board> {
  authorize(actor, 'secrecy.read');
  const levels = readableLevels(actor);
  const rows = await ctx.database.db
    .selectFrom('letters')
    .innerJoin('people', 'people.id', 'letters.person_id')
    .innerJoin('letter_templates', 'letter_templates.id', 'letters.template_id')
    .select([
      'letters.id as letter_id',
      'letters.person_id',
      'people.name as person_name',
      'letters.role',
      'letters.unit_id',
      'letters.status',
      'letters.issued_at',
      'letters.signed_at',
      'letter_templates.version as template_version',
      'letters.signed_hash',
      'letters.level',
    ])
    .where('letters.year', '=', year)
    .where('letters.level', 'in', levels)
    .where('people.level', 'in', levels)
    .orderBy('letters.status', 'asc')
    .orderBy('people.name')
    .orderBy('letters.id')
    .execute();
  await auditListRead(ctx, actor, 'letter', action, rows.map((r) => ({ id: r.letter_id, level: r.level })));
  const signed = rows.filter((r) => r.status === 'signed').length;
  const nameOf = await joinedNames(ctx.database.db, actor, rows.map((r) => ({ type: 'unit' as const, id: r.unit_id })));
  const items = rows.map((r) => {
    const unit = nameOf('unit', r.unit_id);
    return { ...r, unit_name: unit.name, unit_hidden: unit.hidden };
  });
  return { year, issued: rows.length, signed, unsigned: rows.length - signed, items };
}
