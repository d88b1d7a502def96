import { afterEach, describe, expect, it } from 'vitest';
import { CODED_VALUES } from '../../src/http/coded-values.ts';
import { DIALECTS } from '../helpers/db.ts';
import { testServer, type Client, type TestServer } from '../helpers/http.ts';
import { knownBy, member, reclassify, xlsxText } from './plant.ts';

/**
 * Issue 8, item 3: a record shows the names of the people and units it refers to (custodian, scope,
 * inspected unit, owner) only where the reader may know them; otherwise the name is null and marked
 * hidden, and exports write "a … you may not know".
 */
describe.each(DIALECTS)('joined names on %s', (dialect) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.dispose();
    server = undefined;
  });

  async function setup() {
    server = await testServer(dialect, { REMIT_CEILING: 'jimi' });
    const clerk = (await member(server, 'clerk', ['clerk'], 'internal')).client;
    const officer = await member(server, 'officer', ['secrecy_officer'], 'jimi');
    const lowOfficer = await member(server, 'low-officer', ['secrecy_officer'], 'internal');
    const outsider = await member(server, 'outsider', ['leader'], 'mimi');
    const make = async (path: string, body: object) => {
      const response = await clerk.post(path, body);
      expect(response.statusCode, response.body).toBe(201);
      return response.json().id as string;
    };
    // Named at internal, then raised to 秘密/机密 with a scope naming only the officer: the records that
    // already named them keep naming them.
    const custodian = await make('/api/people', { name: 'CANARY-custodian' });
    const scopedPerson = await make('/api/people', { name: 'CANARY-scope-person' });
    const scopedUnit = await make('/api/units', { name: 'CANARY-scope-unit', kind: 'department' });
    const inspected = await make('/api/units', { name: 'CANARY-inspected-unit', kind: 'department' });
    const owner = await make('/api/people', { name: 'CANARY-owner' });
    const openPerson = await make('/api/people', { name: 'Open Person' });
    const openUnit = await make('/api/units', { name: 'Open Unit', kind: 'department' });
    const headedUnit = await make('/api/units', { name: 'CANARY-headed-unit', kind: 'department' });

    const o = officer.client;
    const carrier = await o.post('/api/secrecy/carriers', {
      title: '关于重点工作的通知',
      mark: '秘密★6个月',
      issuedOn: '2026-03-31',
      custodianPersonId: custodian,
      scope: { people: [scopedPerson, openPerson], units: [scopedUnit, openUnit] },
      scopeApprovedBy: '办公室主任',
    });
    expect(carrier.statusCode, carrier.body).toBe(201);
    const template = await o.post('/api/secrecy/inspection-templates', { name: '保密自查', items: [{ code: 'A1', text: '涉密载体是否登记' }] });
    const campaign = await o.post('/api/secrecy/inspections', { year: 2026, title: '2026年度保密自查', templateId: template.json().id, unitIds: [inspected, openUnit] });
    expect(campaign.statusCode, campaign.body).toBe(201);
    const finding = await o.post(`/api/secrecy/inspections/${campaign.json().id}/findings`, { unitId: inspected, description: '登记不全', severity: 'low', ownerPersonId: owner, deadline: '2026-12-31' });
    expect(finding.statusCode, finding.body).toBe(201);
    expect((await o.post('/api/secrecy/letter-templates', { year: 2026, title: '2026年度保密工作责任书', text: '责任书' })).statusCode).toBe(201);
    const letters = await o.post('/api/secrecy/letters/issue', { year: 2026, leaders: [], unitHeads: [{ personId: openPerson, unitId: headedUnit }] });
    expect(letters.statusCode, letters.body).toBeLessThan(300);

    for (const [table, id, level, type] of [
      ['people', custodian, 'jimi', 'person'],
      ['people', scopedPerson, 'mimi', 'person'],
      ['units', scopedUnit, 'jimi', 'unit'],
      ['units', inspected, 'mimi', 'unit'],
      ['people', owner, 'jimi', 'person'],
      ['units', headedUnit, 'jimi', 'unit'],
    ] as const) {
      await reclassify(server.ctx, table, id, level);
      await knownBy(server.ctx, type, id, [officer.personId]);
    }
    return { people: { custodian, scopedPerson, scopedUnit, inspected, owner, openPerson, openUnit, headedUnit }, officer: o, low: { 'internal secrecy officer': lowOfficer.client, '秘密 leader outside every scope': outsider.client }, carrierId: carrier.json().id as string, campaignId: campaign.json().id as string };
  }

  async function exports(client: Client, path: string, query = ''): Promise<{ csv: string; xlsx: string }> {
    const csv = await client.get(`${path}?${query}format=csv`);
    expect(csv.statusCode, csv.body).toBe(200);
    const xlsx = await client.get(`${path}?${query}format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    return { csv: csv.body, xlsx: await xlsxText(xlsx.rawPayload) };
  }

  it('hides custodian and scope names in the carriers register, its entries and its exports', async () => {
    const { officer, low, carrierId } = await setup();
    for (const [name, client] of Object.entries(low)) {
      const list = await client.get('/api/secrecy/carriers');
      expect(list.statusCode, name).toBe(200);
      expect(list.body, name).not.toMatch(/CANARY/);
      const one = await client.get(`/api/secrecy/carriers/${carrierId}`);
      expect(one.body, name).not.toMatch(/CANARY/);
      const entry = one.json();
      expect(entry, name).toMatchObject({ custodianName: null, custodianHidden: true });
      expect(entry.scope.map((s: { name: string | null; hidden: boolean }) => [s.name, s.hidden]).sort(), name).toEqual([
        [null, true],
        [null, true],
        ['Open Person', false],
        ['Open Unit', false],
      ]);
      const { csv, xlsx } = await exports(client, '/api/secrecy/carriers/export');
      for (const text of [csv, xlsx]) {
        expect(text, name).not.toMatch(/CANARY/);
        expect(text, name).toContain(CODED_VALUES.hiddenName.person.en);
        expect(text, name).toContain(CODED_VALUES.hiddenName.unit.en);
        expect(text, name).toContain('Open Unit');
      }
    }
    // Whoever may know them sees the names.
    const known = (await officer.get(`/api/secrecy/carriers/${carrierId}`)).json();
    expect(known).toMatchObject({ custodianName: 'CANARY-custodian', custodianHidden: false });
    expect(known.scope.map((s: { name: string }) => s.name).sort()).toEqual(['CANARY-scope-person', 'CANARY-scope-unit', 'Open Person', 'Open Unit']);
    expect((await exports(officer, '/api/secrecy/carriers/export')).csv).toContain('CANARY-custodian');
  });

  it('hides inspected units and rectification owners in campaigns, rectifications and their exports', async () => {
    const { officer, low, campaignId } = await setup();
    for (const [name, client] of Object.entries(low)) {
      const campaign = await client.get(`/api/secrecy/inspections/${campaignId}`);
      expect(campaign.statusCode, name).toBe(200);
      expect(campaign.body, name).not.toMatch(/CANARY/);
      expect(campaign.json().units.map((u: { unitName: string | null; unitHidden: boolean }) => [u.unitName, u.unitHidden]), name).toEqual([
        ['Open Unit', false],
        [null, true],
      ]);
      expect(campaign.json().findings[0], name).toMatchObject({ unitName: null, unitHidden: true, rectification: { ownerName: null, ownerHidden: true } });
      const rectifications = await client.get('/api/secrecy/rectifications');
      expect(rectifications.body, name).not.toMatch(/CANARY/);
      expect(rectifications.json().items[0], name).toMatchObject({ unitName: null, unitHidden: true, ownerName: null, ownerHidden: true });
      const { csv, xlsx } = await exports(client, '/api/secrecy/rectifications/export');
      for (const text of [csv, xlsx]) {
        expect(text, name).not.toMatch(/CANARY/);
        expect(text, name).toContain(CODED_VALUES.hiddenName.unit.en);
        expect(text, name).toContain(CODED_VALUES.hiddenName.person.en);
      }
    }
    const known = (await officer.get('/api/secrecy/rectifications')).json().items[0];
    expect(known).toMatchObject({ unitName: 'CANARY-inspected-unit', ownerName: 'CANARY-owner', unitHidden: false, ownerHidden: false });
  });

  it('hides the unit a letter’s signer heads on the letters board and its exports', async () => {
    const { officer, low } = await setup();
    for (const [name, client] of Object.entries(low)) {
      const board = await client.get('/api/secrecy/letters/board?year=2026');
      expect(board.statusCode, name).toBe(200);
      expect(board.body, name).not.toMatch(/CANARY/);
      expect(board.json().items, name).toEqual([expect.objectContaining({ personName: 'Open Person', unitName: null, unitHidden: true })]);
      const { csv, xlsx } = await exports(client, '/api/secrecy/letters/board/export', 'year=2026&');
      for (const text of [csv, xlsx]) {
        expect(text, name).not.toMatch(/CANARY/);
        expect(text, name).toContain(CODED_VALUES.hiddenName.unit.en);
      }
    }
    expect((await officer.get('/api/secrecy/letters/board?year=2026')).json().items[0]).toMatchObject({ unitName: 'CANARY-headed-unit', unitHidden: false });
  });

  it('hides the leader, units and responsible person a duties task names in its list, its page and its subtasks', async () => {
    const { officer, low, people } = await setup();
    // A supervisor who may know every name writes the task; the readers below may not know them.
    const supervisor = await member(server!, 'supervisor', ['supervisor'], 'jimi');
    for (const [type, id] of [['person', people.owner], ['unit', people.inspected], ['person', people.custodian], ['unit', people.scopedUnit], ['unit', people.headedUnit], ['person', people.scopedPerson]] as const) {
      await knownBy(server!.ctx, type, id, [supervisor.personId]);
    }
    const created = await supervisor.client.post('/api/duties/tasks', {
      title: '推进重点工作',
      level: 'internal',
      deadline: '2027-06-30',
      leadLeaderPersonId: people.owner,
      leadUnitId: people.inspected,
      responsiblePersonId: people.custodian,
      cooperatingUnitIds: [people.scopedUnit, people.openUnit],
      subtasks: [{ title: '分项', unitId: people.headedUnit, responsiblePersonId: people.scopedPerson }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const taskId = created.json().id as string;
    const shown = (task: Record<string, unknown>) => ({
      leadLeader: task.leadLeader,
      leadUnit: task.leadUnit,
      responsiblePerson: task.responsiblePerson,
      cooperatingUnits: task.cooperatingUnits,
    });
    const hidden = { id: null, name: null, nameEn: null, hidden: true };
    for (const [name, client] of Object.entries(low)) {
      const list = await client.get('/api/duties/tasks');
      expect(list.statusCode, name).toBe(200);
      expect(list.body, name).not.toMatch(/CANARY/);
      const page = await client.get(`/api/duties/tasks/${taskId}`);
      expect(page.statusCode, name).toBe(200);
      expect(page.body, name).not.toMatch(/CANARY/);
      expect(page.json().subtasks, name).toEqual([expect.objectContaining({ unit: hidden, responsiblePerson: hidden })]);
      for (const task of [list.json().items.find((t: { id: string }) => t.id === taskId), page.json()]) {
        expect(shown(task), name).toEqual({
          leadLeader: hidden,
          leadUnit: hidden,
          responsiblePerson: hidden,
          cooperatingUnits: expect.arrayContaining([hidden, { id: people.openUnit, name: 'Open Unit', nameEn: null, hidden: false }]),
        });
      }
    }
    const known = (await officer.get(`/api/duties/tasks/${taskId}`)).json();
    expect(known.leadLeader).toMatchObject({ name: 'CANARY-owner', hidden: false });
    expect(known.leadUnit).toMatchObject({ name: 'CANARY-inspected-unit', hidden: false });
    expect(known.responsiblePerson).toMatchObject({ name: 'CANARY-custodian', hidden: false });
    expect(known.cooperatingUnits.map((u: { name: string }) => u.name).sort()).toEqual(['CANARY-scope-unit', 'Open Unit']);
    expect(known.subtasks).toEqual([expect.objectContaining({ unit: expect.objectContaining({ name: 'CANARY-headed-unit' }), responsiblePerson: expect.objectContaining({ name: 'CANARY-scope-person' }) })]);
    const officerList = (await officer.get('/api/duties/tasks')).json().items.find((t: { id: string }) => t.id === taskId);
    expect(shown(officerList).leadLeader).toMatchObject({ name: 'CANARY-owner' });
  });
});
