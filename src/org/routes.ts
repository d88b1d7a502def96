import { z } from 'zod';
import type { Context } from '../context.ts';
import { listQuerySchema } from '../db/paging.ts';
import { requireActor } from '../http/auth.ts';
import { coded, named } from '../http/coded-values.ts';
import { exportQuerySchema, sendTable, type ReaderColumn } from '../http/export.ts';
import { idParams, type App } from '../http/types.ts';
import { LEVEL_LABELS, LEVELS } from '../security/levels.ts';
import { ROLE_LABELS, ROLES } from '../security/roles.ts';
import { IMPORT_KINDS, importCsv, importTemplate } from './import.ts';
import { createPerson, deletePerson, getPerson, listPeople, updatePerson } from './people.ts';
import { createPosition, deletePosition, getPosition, listPositions, updatePosition } from './positions.ts';
import { presentGroup, presentPeople, presentPerson, presentPosition, presentUnit } from './presenters.ts';
import { groupInput, groupPatch, memberInput, personInput, personPatch, positionInput, positionPatch, unitInput, unitPatch } from './schemas.ts';
import { createGroup, deleteGroup, getGroup, listGroups, putMember, removeMember, updateGroup } from './study-groups.ts';
import { createUnit, deleteUnit, getUnit, listUnits, updateUnit } from './units.ts';
import { GROUP_ROLE_LABELS, GROUP_ROLES, UNIT_KIND_LABELS, UNIT_KINDS } from './vocabulary.ts';

const EXPORT_LIMIT = 100_000;
const levelFilter = z.enum(LEVELS).optional();
const unitsQuery = listQuerySchema.extend({ parentId: z.string().optional(), level: levelFilter });
const peopleQuery = listQuerySchema.extend({ unitId: z.string().optional(), level: levelFilter });
const positionsQuery = listQuerySchema.extend({
  personId: z.string().optional(),
  unitId: z.string().optional(),
  current: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
});
const memberParams = z.object({ id: z.string().min(1), personId: z.string().min(1) });
const labelled = <K extends string>(codes: readonly K[], labels: Record<K, { zh: string; en: string }>) =>
  codes.map((code) => ({ code, ...labels[code] }));

export function orgRoutes(app: App, ctx: Context): void {
  app.get('/api/meta', { schema: { tags: ['meta'], summary: 'Vocabularies and deployment facts the pages need' } }, async () => ({
    orgName: ctx.settings.orgName,
    ceiling: ctx.settings.ceiling,
    levels: labelled(LEVELS, LEVEL_LABELS),
    roles: labelled(ROLES, ROLE_LABELS),
    unitKinds: labelled(UNIT_KINDS, UNIT_KIND_LABELS),
    groupRoles: labelled(GROUP_ROLES, GROUP_ROLE_LABELS),
  }));

  // Units
  app.get('/api/units', { schema: { tags: ['organization'], summary: 'List units', querystring: unitsQuery } }, async (request) => {
    const { parentId, level, ...params } = request.query;
    const page = await listUnits(ctx, requireActor(request), params, { parentId, level });
    return { ...page, items: page.items.map(presentUnit) };
  });
  app.get('/api/units/export', { schema: { tags: ['organization'], summary: 'Export units', querystring: unitsQuery.merge(exportQuerySchema) } }, async (request, reply) => {
    const { parentId, level, format, ...params } = request.query;
    const page = await listUnits(ctx, requireActor(request), { ...params, page: 1, pageSize: EXPORT_LIMIT }, { parentId, level }, 'export');
    const byId = new Map(page.items.map((u) => [u.id, u.name]));
    const columns: ReaderColumn<(typeof page.items)[number]>[] = [
      { header: { zh: '编号', en: 'ID' }, value: (u) => u.id, width: 38 },
      { header: { zh: '名称', en: 'Name' }, value: (u) => u.name, width: 30 },
      { header: { zh: '英文名称', en: 'English name' }, value: (u) => u.name_en, width: 40 },
      { header: { zh: '类型', en: 'Kind' }, value: (u) => coded('unitKind', u.kind) },
      { header: { zh: '上级单位', en: 'Parent unit' }, value: (u) => (u.parent_id ? (byId.get(u.parent_id) ?? u.parent_id) : '') },
      { header: { zh: '排序', en: 'Order' }, value: (u) => u.sort_order },
      { header: { zh: '密级', en: 'Level' }, value: (u) => coded('level', u.level) },
    ];
    return sendTable(reply, 'units', format, columns, page.items);
  });
  app.get('/api/units/:id', { schema: { tags: ['organization'], summary: 'One unit', params: idParams } }, async (request) =>
    presentUnit(await getUnit(ctx, requireActor(request), request.params.id)),
  );
  app.post('/api/units', { schema: { tags: ['organization'], summary: 'Create a unit', body: unitInput } }, async (request, reply) =>
    reply.status(201).send(presentUnit(await createUnit(ctx, requireActor(request), request.body))),
  );
  app.patch('/api/units/:id', { schema: { tags: ['organization'], summary: 'Change a unit', params: idParams, body: unitPatch } }, async (request) =>
    presentUnit(await updateUnit(ctx, requireActor(request), request.params.id, request.body)),
  );
  app.delete('/api/units/:id', { schema: { tags: ['organization'], summary: 'Delete an empty unit', params: idParams } }, async (request, reply) => {
    await deleteUnit(ctx, requireActor(request), request.params.id);
    return reply.status(204).send();
  });

  // People
  app.get('/api/people', { schema: { tags: ['organization'], summary: 'List people', querystring: peopleQuery } }, async (request) => {
    const actor = requireActor(request);
    const { unitId, level, ...params } = request.query;
    const page = await listPeople(ctx, actor, params, { unitId, level });
    return { ...page, items: presentPeople(actor, page.items) };
  });
  app.get('/api/people/export', { schema: { tags: ['organization'], summary: 'Export people', querystring: peopleQuery.merge(exportQuerySchema) } }, async (request, reply) => {
    const actor = requireActor(request);
    const { unitId, level, format, ...params } = request.query;
    const page = await listPeople(ctx, actor, { ...params, page: 1, pageSize: EXPORT_LIMIT }, { unitId, level }, 'export');
    const rows = presentPeople(actor, page.items);
    const columns: ReaderColumn<(typeof rows)[number]>[] = [
      { header: { zh: '编号', en: 'ID' }, value: (p) => p.id, width: 38 },
      { header: { zh: '姓名', en: 'Name' }, value: (p) => p.name },
      { header: { zh: '英文姓名', en: 'English name' }, value: (p) => p.nameEn },
      { header: { zh: '电子邮箱', en: 'E-mail' }, value: (p) => p.email, width: 30 },
      { header: { zh: '电话', en: 'Phone' }, value: (p) => p.phone },
      { header: { zh: '备注', en: 'Note' }, value: (p) => p.note, width: 40 },
      { header: { zh: '密级', en: 'Level' }, value: (p) => coded('level', p.level) },
    ];
    return sendTable(reply, 'people', format, columns, rows);
  });
  app.get('/api/people/:id', { schema: { tags: ['organization'], summary: 'One person', params: idParams } }, async (request) => {
    const actor = requireActor(request);
    return presentPerson(actor, await getPerson(ctx, actor, request.params.id));
  });
  app.post('/api/people', { schema: { tags: ['organization'], summary: 'Create a person', body: personInput } }, async (request, reply) => {
    const actor = requireActor(request);
    return reply.status(201).send(presentPerson(actor, await createPerson(ctx, actor, request.body)));
  });
  app.patch('/api/people/:id', { schema: { tags: ['organization'], summary: 'Change a person', params: idParams, body: personPatch } }, async (request) => {
    const actor = requireActor(request);
    return presentPerson(actor, await updatePerson(ctx, actor, request.params.id, request.body));
  });
  app.delete('/api/people/:id', { schema: { tags: ['organization'], summary: 'Delete a person with their positions and memberships', params: idParams } }, async (request, reply) => {
    await deletePerson(ctx, requireActor(request), request.params.id);
    return reply.status(204).send();
  });

  // Positions
  app.get('/api/positions', { schema: { tags: ['organization'], summary: 'List positions', querystring: positionsQuery } }, async (request) => {
    const { personId, unitId, current, ...params } = request.query;
    const page = await listPositions(ctx, requireActor(request), params, { personId, unitId, current });
    return { ...page, items: page.items.map(presentPosition) };
  });
  app.get('/api/positions/export', { schema: { tags: ['organization'], summary: 'Export positions', querystring: positionsQuery.merge(exportQuerySchema) } }, async (request, reply) => {
    const { personId, unitId, current, format, ...params } = request.query;
    const page = await listPositions(ctx, requireActor(request), { ...params, page: 1, pageSize: EXPORT_LIMIT }, { personId, unitId, current }, 'export');
    const rows = page.items.map(presentPosition);
    const columns: ReaderColumn<(typeof rows)[number]>[] = [
      { header: { zh: '姓名', en: 'Person' }, value: (p) => named(p.personName, p.personNameEn) },
      { header: { zh: '单位', en: 'Unit' }, value: (p) => named(p.unitName, p.unitNameEn), width: 30 },
      { header: { zh: '职务', en: 'Title' }, value: (p) => p.title, width: 30 },
      { header: { zh: '英文职务', en: 'English title' }, value: (p) => p.titleEn, width: 40 },
      { header: { zh: '职级', en: 'Rank' }, value: (p) => p.rank },
      { header: { zh: '任职日期', en: 'Start date' }, value: (p) => p.startDate },
      { header: { zh: '免职日期', en: 'End date' }, value: (p) => p.endDate },
      { header: { zh: '密级', en: 'Level' }, value: (p) => coded('level', p.level) },
    ];
    return sendTable(reply, 'positions', format, columns, rows);
  });
  app.get('/api/positions/:id', { schema: { tags: ['organization'], summary: 'One position', params: idParams } }, async (request) =>
    presentPosition(await getPosition(ctx, requireActor(request), request.params.id)),
  );
  app.post('/api/positions', { schema: { tags: ['organization'], summary: 'Create a position', body: positionInput } }, async (request, reply) =>
    reply.status(201).send(presentPosition(await createPosition(ctx, requireActor(request), request.body))),
  );
  app.patch('/api/positions/:id', { schema: { tags: ['organization'], summary: 'Change a position', params: idParams, body: positionPatch } }, async (request) =>
    presentPosition(await updatePosition(ctx, requireActor(request), request.params.id, request.body)),
  );
  app.delete('/api/positions/:id', { schema: { tags: ['organization'], summary: 'Delete a position', params: idParams } }, async (request, reply) => {
    await deletePosition(ctx, requireActor(request), request.params.id);
    return reply.status(204).send();
  });

  // Study groups
  app.get('/api/study-groups', { schema: { tags: ['organization'], summary: 'List study groups', querystring: listQuerySchema.extend({ unitId: z.string().optional() }) } }, async (request) => {
    const { unitId, ...params } = request.query;
    const page = await listGroups(ctx, requireActor(request), params, { unitId });
    return { ...page, items: page.items.map(presentGroup) };
  });
  app.get('/api/study-groups/:id', { schema: { tags: ['organization'], summary: 'A study group with its members', params: idParams } }, async (request) => {
    const group = await getGroup(ctx, requireActor(request), request.params.id);
    return {
      ...presentGroup(group),
      members: group.members.map((m) => ({
        personId: m.person_id,
        personName: m.person_name,
        personNameEn: m.person_name_en,
        role: m.role,
        sortOrder: m.sort_order,
        joinedOn: m.joined_on,
        leftOn: m.left_on,
        titles: m.titles,
        titlesEn: m.titles_en,
      })),
    };
  });
  app.post('/api/study-groups', { schema: { tags: ['organization'], summary: 'Create a study group', body: groupInput } }, async (request, reply) =>
    reply.status(201).send(presentGroup(await createGroup(ctx, requireActor(request), request.body))),
  );
  app.patch('/api/study-groups/:id', { schema: { tags: ['organization'], summary: 'Change a study group', params: idParams, body: groupPatch } }, async (request) =>
    presentGroup(await updateGroup(ctx, requireActor(request), request.params.id, request.body)),
  );
  app.delete('/api/study-groups/:id', { schema: { tags: ['organization'], summary: 'Delete a study group', params: idParams } }, async (request, reply) => {
    await deleteGroup(ctx, requireActor(request), request.params.id);
    return reply.status(204).send();
  });
  app.put('/api/study-groups/:id/members/:personId', { schema: { tags: ['organization'], summary: 'Add a member or change their role', params: memberParams, body: memberInput } }, async (request) => {
    await putMember(ctx, requireActor(request), request.params.id, request.params.personId, request.body);
    return { ok: true };
  });
  app.delete('/api/study-groups/:id/members/:personId', { schema: { tags: ['organization'], summary: 'Remove a member', params: memberParams } }, async (request, reply) => {
    await removeMember(ctx, requireActor(request), request.params.id, request.params.personId);
    return reply.status(204).send();
  });

  // Import
  const kindParams = z.object({ kind: z.enum(IMPORT_KINDS) });
  app.get('/api/import/:kind/template', { schema: { tags: ['organization'], summary: 'A CSV template with the columns of an import', params: kindParams } }, async (request, reply) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${request.params.kind}-template.csv"`)
      .send(`\uFEFF${importTemplate(request.params.kind)}`),
  );
  app.post(
    '/api/import/:kind',
    {
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        tags: ['organization'],
        summary: 'Import units, people or positions from CSV: all rows or none',
        params: kindParams,
        body: z.object({ csv: z.string().min(1, 'The file is empty.'), dryRun: z.boolean().default(false) }),
      },
    },
    async (request) => importCsv(ctx, requireActor(request), request.params.kind, request.body.csv, request.body.dryRun),
  );
}
