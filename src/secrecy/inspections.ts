import type { Context } from '../context.ts';
import type { Executor } from '../db/database.ts';
import { paginate, type ListParams } from '../db/paging.ts';
import type { InspectionCampaign, InspectionFinding, InspectionTemplate, Rectification } from '../db/tables.ts';
import { writeAudited } from '../db/write.ts';
import { conflict, forbidden, notFound, unprocessable } from '../errors.ts';
import { newId, now } from '../ids.ts';
import type { Actor } from '../security/actor.ts';
import { authorize, can, canRead, readableLevels } from '../security/policy.ts';
import { joinedNames } from '../security/joined-names.ts';
import { auditListRead, guardRead, mayKnow } from '../security/reads.ts';
import { RECORD_LEVEL, assertMayWriteRecord, assertPerson, assertUnit } from './records-common.ts';
import { refreshFingerprints } from './review/fingerprints.ts';
import type { AnswersInput, CampaignInput, FindingInput, InspectionTemplateInput, RectificationPatch, RectificationState } from './records-schemas.ts';

/**
 * Self-inspection (保密自查): a checklist template, a campaign per year over a set of units, each
 * unit's answers with evidence, findings with a severity; every finding opens a rectification with
 * an owner and a deadline, tracked open -> in_progress -> closed, and closing needs evidence.
 */
export interface ChecklistItem {
  code: string;
  text: string;
}

export const itemsOf = (template: InspectionTemplate): ChecklistItem[] => JSON.parse(template.items) as ChecklistItem[];

export async function createInspectionTemplate(ctx: Context, actor: Actor, input: InspectionTemplateInput): Promise<InspectionTemplate> {
  authorize(actor, 'secrecy.manage');
  assertMayWriteRecord(ctx, actor);
  return writeAudited(ctx, actor, async (trx) => {
    const id = newId();
    const stamp = now();
    const row = await trx
      .insertInto('inspection_templates')
      .values({ id, name: input.name, items: JSON.stringify(input.items), level: RECORD_LEVEL, created_at: stamp, updated_at: stamp })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { result: row, audit: { action: 'inspection_template.create', objectType: 'inspection_template', objectId: id, level: RECORD_LEVEL, detail: { name: input.name, items: input.items.length } } };
  });
}

export async function listInspectionTemplates(ctx: Context, actor: Actor): Promise<InspectionTemplate[]> {
  authorize(actor, 'secrecy.read');
  const rows = await ctx.database.db.selectFrom('inspection_templates').selectAll().where('level', 'in', readableLevels(actor)).orderBy('created_at', 'desc').orderBy('id').execute();
  await auditListRead(ctx, actor, 'inspection_template', 'list', rows);
  return rows;
}

export async function createCampaign(ctx: Context, actor: Actor, input: CampaignInput): Promise<CampaignDetail> {
  authorize(actor, 'secrecy.manage');
  assertMayWriteRecord(ctx, actor);
  const id = newId();
  await writeAudited(ctx, actor, async (trx) => {
    const template = await trx.selectFrom('inspection_templates').select(['id', 'level']).where('id', '=', input.templateId).executeTakeFirst();
    if (!template || !canRead(actor, template)) throw unprocessable('unknown_template', { templateId: input.templateId });
    const unitIds = [...new Set(input.unitIds)];
    for (const u of unitIds) await assertUnit(trx, actor, u);
    const stamp = now();
    await trx
      .insertInto('inspection_campaigns')
      .values({ id, year: Number(input.year), title: input.title, template_id: input.templateId, level: RECORD_LEVEL, created_at: stamp, updated_at: stamp })
      .execute();
    await trx.insertInto('inspection_units').values(unitIds.map((unit_id) => ({ campaign_id: id, unit_id, status: 'pending', submitted_at: null }))).execute();
    return { result: undefined, audit: { action: 'inspection.create', objectType: 'inspection', objectId: id, level: RECORD_LEVEL, detail: { year: input.year, title: input.title, units: unitIds } } };
  });
  return loadCampaign(ctx, actor, id) as Promise<CampaignDetail>;
}

export async function listCampaigns(ctx: Context, actor: Actor, params: ListParams, filters: { year?: number | undefined }) {
  authorize(actor, 'secrecy.read');
  let query = ctx.database.db.selectFrom('inspection_campaigns').where('level', 'in', readableLevels(actor));
  if (filters.year) query = query.where('year', '=', filters.year);
  const page = await paginate(query, (qb) => qb.selectAll(), params, { year: 'year', title: 'title', createdAt: 'created_at' }, { sort: 'createdAt', idColumn: 'id' });
  const items = page.items as InspectionCampaign[];
  await auditListRead(ctx, actor, 'inspection', 'list', items);
  return { ...page, items };
}

export interface CampaignUnit {
  unit_id: string;
  unit_name: string | null;
  unit_hidden: boolean;
  status: string;
  submitted_at: string | null;
  answers: { item_code: string; answer: string; evidence: string | null; answered_at: string }[];
}

export type CampaignDetail = InspectionCampaign & { items: ChecklistItem[]; units: CampaignUnit[]; findings: FindingRow[] };

async function loadCampaign(ctx: Context, actor: Actor, id: string): Promise<CampaignDetail | undefined> {
  const db = ctx.database.db;
  const campaign = await db.selectFrom('inspection_campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  if (!campaign) return undefined;
  const template = await db.selectFrom('inspection_templates').selectAll().where('id', '=', campaign.template_id).executeTakeFirstOrThrow();
  const units = await db
    .selectFrom('inspection_units')
    .select(['unit_id', 'status', 'submitted_at'])
    .where('campaign_id', '=', id)
    .execute();
  const answers = await db.selectFrom('inspection_answers').selectAll().where('campaign_id', '=', id).orderBy('item_code').execute();
  const findings = await withUnitAndOwner(db, actor, await findingsQuery(ctx).where('inspection_findings.campaign_id', '=', id).orderBy('inspection_findings.created_at').execute());
  const nameOf = await joinedNames(db, actor, units.map((u) => ({ type: 'unit' as const, id: u.unit_id })));
  const named = units.map((u) => {
    const unit = nameOf('unit', u.unit_id);
    return { ...u, unit_name: unit.name, unit_hidden: unit.hidden, answers: answers.filter((a) => a.unit_id === u.unit_id) };
  });
  // Known units by name; those the reader may not know come last, in an order that says nothing about their names.
  named.sort((a, b) => Number(a.unit_hidden) - Number(b.unit_hidden) || (a.unit_name ?? '').localeCompare(b.unit_name ?? '') || a.unit_id.localeCompare(b.unit_id));
  return { ...campaign, items: itemsOf(template), units: named, findings };
}

export async function getCampaign(ctx: Context, actor: Actor, id: string): Promise<CampaignDetail> {
  authorize(actor, 'secrecy.read');
  return guardRead(ctx, actor, 'inspection', id, await loadCampaign(ctx, actor, id));
}

/** Records a unit's answers (replacing earlier answers to the same items); submitting needs every item answered. */
export async function saveAnswers(ctx: Context, actor: Actor, campaignId: string, unitId: string, input: AnswersInput): Promise<CampaignDetail> {
  authorize(actor, 'secrecy.manage');
  await writeAudited(ctx, actor, async (trx) => {
    const campaign = await trx.selectFrom('inspection_campaigns').selectAll().where('id', '=', campaignId).executeTakeFirst();
    if (!campaign || !canRead(actor, campaign)) throw notFound('inspection', campaignId);
    const unit = await trx.selectFrom('inspection_units').selectAll().where('campaign_id', '=', campaignId).where('unit_id', '=', unitId).executeTakeFirst();
    if (!unit || !(await mayKnow(trx, actor, 'unit', unitId))) throw notFound('inspection_unit', unitId);
    if (unit.status === 'submitted') throw conflict('inspection_submitted', { submitted_at: unit.submitted_at });
    const template = await trx.selectFrom('inspection_templates').selectAll().where('id', '=', campaign.template_id).executeTakeFirstOrThrow();
    const codes = new Set(itemsOf(template).map((i) => i.code));
    const unknown = input.answers.filter((a) => !codes.has(a.itemCode)).map((a) => a.itemCode);
    if (unknown.length > 0) throw unprocessable('unknown_item', { unknown }, { unknown });
    const stamp = now();
    for (const a of input.answers) {
      await trx.deleteFrom('inspection_answers').where('campaign_id', '=', campaignId).where('unit_id', '=', unitId).where('item_code', '=', a.itemCode).execute();
      await trx
        .insertInto('inspection_answers')
        .values({ campaign_id: campaignId, unit_id: unitId, item_code: a.itemCode, answer: a.answer, evidence: a.evidence ?? null, answered_by: actor.id, answered_at: stamp })
        .execute();
    }
    if (input.submit) {
      const answered = new Set((await trx.selectFrom('inspection_answers').select('item_code').where('campaign_id', '=', campaignId).where('unit_id', '=', unitId).execute()).map((r) => r.item_code));
      const missing = [...codes].filter((c) => !answered.has(c));
      if (missing.length > 0) throw unprocessable('incomplete', { missing }, { missing });
      await trx.updateTable('inspection_units').set({ status: 'submitted', submitted_at: stamp }).where('campaign_id', '=', campaignId).where('unit_id', '=', unitId).execute();
    }
    return {
      result: undefined,
      audit: { action: 'inspection.answer', objectType: 'inspection', objectId: campaignId, level: RECORD_LEVEL, detail: { unitId, answers: input.answers.length, submitted: Boolean(input.submit) } },
    };
  });
  return (await loadCampaign(ctx, actor, campaignId))!;
}

/** The unit's and the owner's names are shown only where the reader may know them. */
interface JoinedUnitAndOwner {
  unit_name: string | null;
  unit_hidden: boolean;
  owner_name: string | null;
  owner_hidden: boolean;
}

export type FindingRow = InspectionFinding & JoinedUnitAndOwner & { rectification_id: string; owner_person_id: string; deadline: string; rectification_status: string };

function findingsQuery(ctx: Context) {
  return ctx.database.db
    .selectFrom('inspection_findings')
    .innerJoin('rectifications', 'rectifications.finding_id', 'inspection_findings.id')
    .selectAll('inspection_findings')
    .select(['rectifications.id as rectification_id', 'rectifications.owner_person_id', 'rectifications.deadline', 'rectifications.status as rectification_status']);
}

/** Adds the unit's and the owner's names to findings or rectifications, as far as the reader may know them. */
async function withUnitAndOwner<T extends { unit_id: string; owner_person_id: string }>(db: Executor, actor: Actor, rows: readonly T[]): Promise<(T & JoinedUnitAndOwner)[]> {
  const nameOf = await joinedNames(db, actor, rows.flatMap((r) => [{ type: 'unit' as const, id: r.unit_id }, { type: 'person' as const, id: r.owner_person_id }]));
  return rows.map((r) => {
    const unit = nameOf('unit', r.unit_id);
    const owner = nameOf('person', r.owner_person_id);
    return { ...r, unit_name: unit.name, unit_hidden: unit.hidden, owner_name: owner.name, owner_hidden: owner.hidden };
  });
}


/** Records a finding and opens its rectification in the same transaction. */
export async function addFinding(ctx: Context, actor: Actor, campaignId: string, input: FindingInput): Promise<FindingRow> {
  authorize(actor, 'secrecy.manage');
  const id = newId();
  const rectificationId = newId();
  await writeAudited(ctx, actor, async (trx) => {
    const campaign = await trx.selectFrom('inspection_campaigns').selectAll().where('id', '=', campaignId).executeTakeFirst();
    if (!campaign || !canRead(actor, campaign)) throw notFound('inspection', campaignId);
    const unit = await trx.selectFrom('inspection_units').select('unit_id').where('campaign_id', '=', campaignId).where('unit_id', '=', input.unitId).executeTakeFirst();
    if (!unit || !(await mayKnow(trx, actor, 'unit', input.unitId))) throw unprocessable('unit_not_inspected', { unitId: input.unitId });
    await assertPerson(trx, actor, input.ownerPersonId, 'owner');
    const stamp = now();
    await trx
      .insertInto('inspection_findings')
      .values({ id, campaign_id: campaignId, unit_id: input.unitId, item_code: input.itemCode ?? null, description: input.description, severity: input.severity, level: RECORD_LEVEL, created_at: stamp, updated_at: stamp })
      .execute();
    await trx
      .insertInto('rectifications')
      .values({ id: rectificationId, finding_id: id, owner_person_id: input.ownerPersonId, deadline: input.deadline, status: 'open', evidence: null, closed_at: null, level: RECORD_LEVEL, created_at: stamp, updated_at: stamp })
      .execute();
    await refreshFingerprints(trx, { type: 'inspection_finding', id });
    return {
      result: undefined,
      audit: [
        { action: 'inspection_finding.create', objectType: 'inspection_finding', objectId: id, level: RECORD_LEVEL, detail: { campaignId, unitId: input.unitId, severity: input.severity } },
        { action: 'rectification.open', objectType: 'rectification', objectId: rectificationId, level: RECORD_LEVEL, detail: { findingId: id, owner: input.ownerPersonId, deadline: input.deadline } },
      ],
    };
  });
  return (await withUnitAndOwner(ctx.database.db, actor, [await findingsQuery(ctx).where('inspection_findings.id', '=', id).executeTakeFirstOrThrow()]))[0]!;
}

type RectificationJoin = Rectification & {
  description: string;
  severity: string;
  unit_id: string;
  campaign_id: string;
  campaign_title: string;
  year: number;
};
export type RectificationRow = RectificationJoin & JoinedUnitAndOwner;

function rectificationsQuery(ctx: Context) {
  return ctx.database.db
    .selectFrom('rectifications')
    .innerJoin('inspection_findings', 'inspection_findings.id', 'rectifications.finding_id')
    .innerJoin('inspection_campaigns', 'inspection_campaigns.id', 'inspection_findings.campaign_id');
}

const selectRectification = <Q extends ReturnType<typeof rectificationsQuery>>(qb: Q) =>
  qb
    .selectAll('rectifications')
    .select([
      'inspection_findings.description',
      'inspection_findings.severity',
      'inspection_findings.unit_id',
      'inspection_findings.campaign_id',
      'inspection_campaigns.title as campaign_title',
      'inspection_campaigns.year',
    ]);

export interface RectificationFilters {
  status?: RectificationState | undefined;
  campaignId?: string | undefined;
  ownerPersonId?: string | undefined;
}

const RECTIFICATION_SORTABLE = { deadline: 'rectifications.deadline', status: 'rectifications.status', severity: 'inspection_findings.severity', createdAt: 'rectifications.created_at' };

export async function listRectifications(ctx: Context, actor: Actor, params: ListParams, filters: RectificationFilters, action: 'list' | 'export' = 'list') {
  authorize(actor, 'secrecy.read');
  let query = rectificationsQuery(ctx).where('rectifications.level', 'in', readableLevels(actor));
  if (filters.status) query = query.where('rectifications.status', '=', filters.status);
  if (filters.campaignId) query = query.where('inspection_findings.campaign_id', '=', filters.campaignId);
  if (filters.ownerPersonId) query = query.where('rectifications.owner_person_id', '=', filters.ownerPersonId);
  const page = await paginate(query, (qb) => selectRectification(qb as ReturnType<typeof rectificationsQuery>), params, RECTIFICATION_SORTABLE, {
    sort: 'deadline',
    idColumn: 'rectifications.id',
  });
  const items = await withUnitAndOwner(ctx.database.db, actor, page.items as RectificationJoin[]);
  await auditListRead(ctx, actor, 'rectification', action, items);
  return { ...page, items };
}

const NEXT: Record<string, readonly string[]> = { open: ['in_progress', 'closed'], in_progress: ['closed'], closed: [] };

/** Moves a rectification on; its owner or a secrecy officer may. Closing needs the evidence of what was done. */
export async function updateRectification(ctx: Context, actor: Actor, id: string, patch: RectificationPatch): Promise<RectificationRow> {
  await writeAudited(ctx, actor, async (trx) => {
    const row = await trx.selectFrom('rectifications').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !canRead(actor, row)) throw notFound('rectification', id);
    if (!can(actor, 'secrecy.manage') && actor.personId !== row.owner_person_id) {
      throw forbidden('rectification_owner_only');
    }
    if (!NEXT[row.status]!.includes(patch.status)) {
      throw conflict(row.status === 'closed' ? 'rectification_closed' : 'rectification_transition', { closedAt: row.closed_at, status: row.status, next: patch.status });
    }
    const evidence = patch.evidence?.trim() || null;
    if (patch.status === 'closed' && !evidence) {
      throw unprocessable('evidence_required');
    }
    const stamp = now();
    await trx
      .updateTable('rectifications')
      .set({
        status: patch.status,
        ...(evidence !== null && { evidence }),
        ...(patch.status === 'closed' && { closed_at: stamp }),
        updated_at: stamp,
      })
      .where('id', '=', id)
      .execute();
    await refreshFingerprints(trx, { type: 'rectification', id });
    return { result: undefined, audit: { action: `rectification.${patch.status === 'closed' ? 'close' : 'start'}`, objectType: 'rectification', objectId: id, level: RECORD_LEVEL, detail: { from: row.status, to: patch.status, evidence } } };
  });
  const row = (await selectRectification(rectificationsQuery(ctx)).where('rectifications.id', '=', id).executeTakeFirstOrThrow()) as RectificationJoin;
  return (await withUnitAndOwner(ctx.database.db, actor, [row]))[0]!;
}
