import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.ts';
import { testServer, type TestServer } from '../helpers/http.ts';

describe.each(DIALECTS)('self-inspections and training on %s', (dialect) => {
  let server: TestServer;
  afterEach(() => server.dispose());

  it('turns a finding into a rectification that closes only with evidence', async () => {
    server = await testServer(dialect);
    const officer = await server.signIn({ username: 'officer', roles: ['secrecy_officer'] });
    const clerk = await server.signIn({ username: 'clerk', roles: ['clerk'] });
    const owner = await server.signIn({ username: 'owner', roles: ['viewer'] });
    const bystander = await server.signIn({ username: 'bystander', roles: ['viewer'] });
    const ownerPerson = (await clerk.post('/api/people', { name: 'Owner Xu' })).json().id;
    await server.ctx.database.db.updateTable('users').set({ person_id: ownerPerson }).where('id', '=', owner.userId).execute();
    const u1 = (await clerk.post('/api/units', { name: '市委办公室', kind: 'department' })).json().id;
    const u2 = (await clerk.post('/api/units', { name: '市委组织部', kind: 'department' })).json().id;

    const template = await officer.post('/api/secrecy/inspection-templates', {
      name: '2026年度保密自查清单',
      items: [
        { code: '1.1', text: '涉密计算机是否违规连接互联网' },
        { code: '1.2', text: '涉密载体是否登记并定期清查' },
      ],
    });
    expect(template.statusCode).toBe(201);
    const campaign = await officer.post('/api/secrecy/inspections', { year: 2026, title: '2026年度保密自查', templateId: template.json().id, unitIds: [u1, u2] });
    expect(campaign.statusCode).toBe(201);
    const id = campaign.json().id;
    expect(campaign.json().units.map((u: { status: string }) => u.status)).toEqual(['pending', 'pending']);

    const answers = `/api/secrecy/inspections/${id}/units/${u1}/answers`;
    const unknown = await officer.put(answers, { answers: [{ itemCode: '9.9', answer: 'yes' }] });
    expect(unknown.json().error.code).toBe('unknown_item');
    const incomplete = await officer.put(answers, { answers: [{ itemCode: '1.1', answer: 'yes', evidence: '网络拓扑图，检查记录' }], submit: true });
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json().error.message).toMatch(/missing: 1\.2/);
    // The refused submission saved nothing: answers are saved, then submitted when complete.
    expect((await officer.put(answers, { answers: [{ itemCode: '1.1', answer: 'yes', evidence: '网络拓扑图，检查记录' }] })).statusCode).toBe(200);
    const submitted = await officer.put(answers, { answers: [{ itemCode: '1.2', answer: 'no', evidence: '台账缺2025年下半年清查记录' }], submit: true });
    expect(submitted.statusCode).toBe(200);
    const unit1 = submitted.json().units.find((u: { unitId: string }) => u.unitId === u1);
    expect(unit1).toMatchObject({ status: 'submitted' });
    expect(unit1.answers).toHaveLength(2);
    expect((await officer.put(answers, { answers: [{ itemCode: '1.2', answer: 'yes' }] })).statusCode).toBe(409);

    const finding = await officer.post(`/api/secrecy/inspections/${id}/findings`, {
      unitId: u1,
      itemCode: '1.2',
      description: '涉密载体台账未按期清查',
      severity: 'high',
      ownerPersonId: ownerPerson,
      deadline: '2026-12-31',
    });
    expect(finding.statusCode).toBe(201);
    expect(finding.json().rectification).toMatchObject({ ownerName: 'Owner Xu', deadline: '2026-12-31', status: 'open' });
    const rid = finding.json().rectification.id;
    expect((await officer.post(`/api/secrecy/inspections/${id}/findings`, { unitId: 'nope', description: 'x', severity: 'low', ownerPersonId: ownerPerson, deadline: '2026-12-31' })).statusCode).toBe(422);

    expect((await bystander.patch(`/api/secrecy/rectifications/${rid}`, { status: 'in_progress' })).statusCode).toBe(403);
    expect((await owner.patch(`/api/secrecy/rectifications/${rid}`, { status: 'in_progress' })).json()).toMatchObject({ status: 'in_progress' });
    const noEvidence = await owner.patch(`/api/secrecy/rectifications/${rid}`, { status: 'closed', evidence: '   ' });
    expect(noEvidence.statusCode).toBe(422);
    expect(noEvidence.json().error.code).toBe('evidence_required');
    const closed = await owner.patch(`/api/secrecy/rectifications/${rid}`, { status: 'closed', evidence: '已补齐清查记录，见台账第12页' });
    expect(closed.json()).toMatchObject({ status: 'closed', evidence: '已补齐清查记录，见台账第12页', severity: 'high', unitName: '市委办公室' });
    expect(closed.json().closedAt).not.toBeNull();
    expect((await officer.patch(`/api/secrecy/rectifications/${rid}`, { status: 'in_progress' })).statusCode).toBe(409);

    const list = (await officer.get('/api/secrecy/rectifications?status=closed')).json();
    expect(list.total).toBe(1);
    const detail = (await officer.get(`/api/secrecy/inspections/${id}`)).json();
    expect(detail.findings[0].rectification.status).toBe('closed');
    const xlsx = await officer.get('/api/secrecy/rectifications/export?format=xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.rowCount).toBe(2);
    expect((await bystander.get('/api/secrecy/rectifications')).statusCode).toBe(403);
  });

  it('keeps training records and totals them per person per year', async () => {
    server = await testServer(dialect);
    const officer = await server.signIn({ username: 'officer', roles: ['secrecy_officer'] });
    const clerk = await server.signIn({ username: 'clerk', roles: ['clerk'] });
    const a = (await clerk.post('/api/people', { name: 'A Person' })).json().id;
    const b = (await clerk.post('/api/people', { name: 'B Person' })).json().id;
    const add = (personId: string, date: string, hours: number) =>
      officer.post('/api/secrecy/training', { personId, course: '保密法律法规专题培训', date, hours, provider: '市国家保密局' });
    expect((await add(a, '2026-03-01', 2)).statusCode).toBe(201);
    await add(a, '2026-09-15', 1.5);
    await add(a, '2025-12-31', 4);
    await add(b, '2026-01-01', 3);
    expect((await add(a, '2026-03-01', 0)).statusCode).toBe(400);
    const totals = (await officer.get('/api/secrecy/training/totals?year=2026')).json();
    expect(totals.items).toEqual([
      { personId: a, personName: 'A Person', courses: 2, hours: 3.5 },
      { personId: b, personName: 'B Person', courses: 1, hours: 3 },
    ]);
    expect((await officer.get(`/api/secrecy/training?personId=${a}&year=2025`)).json().total).toBe(1);
  });
});
