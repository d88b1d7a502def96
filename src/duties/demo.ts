import type { Context } from '../context.ts';
import type { Trx } from '../db/database.ts';
import { writeAudited } from '../db/write.ts';
import { newId, now } from '../ids.ts';
import { systemActor } from '../security/actor.ts';
import { SEED_CONCLUSIONS, SEED_SESSION } from '../study/demo.ts';
import { titleFrom } from './from-session.ts';

/**
 * Duties demo: the supervision office and the units and people it deals with (all invented), the
 * three responsibility areas the seed names, the 2023 holiday calendar, and tasks made from the
 * seed session's conclusions and a few more, with deadlines in the seed's year and at every state,
 * so each page has something to show. The demo accounts `supervisor`, `clerk` and `leader` are
 * linked to invented people on these tasks.
 */
const UNITS = [
  { key: 'office', name: '市委办公室督查室', nameEn: 'Supervision Office, General Office of the Municipal Committee' },
  { key: 'secrecy', name: '市委保密办', nameEn: 'Municipal Secrecy Bureau' },
  { key: 'propaganda', name: '市委宣传部', nameEn: 'Publicity Department of the Municipal Committee' },
  { key: 'civility', name: '市文明办', nameEn: 'Municipal Civility Office' },
  { key: 'emergency', name: '市应急管理局', nameEn: 'Municipal Emergency Management Bureau' },
  { key: 'civil', name: '市民政局', nameEn: 'Municipal Civil Affairs Bureau' },
] as const;
type UnitKey = (typeof UNITS)[number]['key'];

const PEOPLE = [
  { key: 'leader', name: '陈立新', nameEn: 'Chen Lixin', unit: 'office', title: '市委副秘书长', titleEn: 'Deputy Secretary-General' },
  { key: 'supervisor', name: '赵立群', nameEn: 'Zhao Liqun', unit: 'office', title: '督查室主任', titleEn: 'Head of the Supervision Office' },
  { key: 'secrecyHead', name: '孙明哲', nameEn: 'Sun Mingzhe', unit: 'secrecy', title: '主任', titleEn: 'Director' },
  { key: 'secrecyClerk', name: '孙晓雯', nameEn: 'Sun Xiaowen', unit: 'secrecy', title: '干事', titleEn: 'Officer' },
  { key: 'propagandaHead', name: '周文博', nameEn: 'Zhou Wenbo', unit: 'propaganda', title: '副部长', titleEn: 'Deputy Director' },
  { key: 'civilityHead', name: '吴静怡', nameEn: 'Wu Jingyi', unit: 'civility', title: '主任', titleEn: 'Director' },
  { key: 'emergencyHead', name: '郑国栋', nameEn: 'Zheng Guodong', unit: 'emergency', title: '局长', titleEn: 'Director' },
  { key: 'civilHead', name: '冯雅琴', nameEn: 'Feng Yaqin', unit: 'civil', title: '局长', titleEn: 'Director' },
] as const;
type PersonKey = (typeof PEOPLE)[number]['key'];

/** The State Council's 2023 list: holidays and the weekend days worked in exchange (调休). */
export const HOLIDAYS_2023: readonly { day: string; kind: 'holiday' | 'workday'; name: string }[] = [
  { day: '2023-01-01', kind: 'holiday', name: '元旦' },
  { day: '2023-01-02', kind: 'holiday', name: '元旦' },
  ...['21', '22', '23', '24', '25', '26', '27'].map((d) => ({ day: `2023-01-${d}`, kind: 'holiday' as const, name: '春节' })),
  { day: '2023-01-28', kind: 'workday', name: '春节调休' },
  { day: '2023-01-29', kind: 'workday', name: '春节调休' },
  { day: '2023-04-05', kind: 'holiday', name: '清明节' },
  ...['2023-04-29', '2023-04-30', '2023-05-01', '2023-05-02', '2023-05-03'].map((day) => ({ day, kind: 'holiday' as const, name: '劳动节' })),
  { day: '2023-04-23', kind: 'workday', name: '劳动节调休' },
  { day: '2023-05-06', kind: 'workday', name: '劳动节调休' },
  ...['2023-06-22', '2023-06-23', '2023-06-24'].map((day) => ({ day, kind: 'holiday' as const, name: '端午节' })),
  { day: '2023-06-25', kind: 'workday', name: '端午节调休' },
  ...['2023-09-29', '2023-09-30', '2023-10-01', '2023-10-02', '2023-10-03', '2023-10-04', '2023-10-05', '2023-10-06'].map((day) => ({ day, kind: 'holiday' as const, name: '中秋节、国庆节' })),
  { day: '2023-10-07', kind: 'workday', name: '国庆节调休' },
  { day: '2023-10-08', kind: 'workday', name: '国庆节调休' },
];

type Step = [at: string, kind: string, note: string | null, detail?: Record<string, unknown>];
interface DemoTask {
  title?: string;
  content?: string;
  conclusion?: number;
  source?: { kind: 'instruction' | 'annual_item' | 'meeting'; text: string; date?: string };
  area: string;
  leader: PersonKey;
  unit: UnitKey;
  responsible: PersonKey;
  cooperating?: UnitKey[];
  deadline: string;
  originalDeadline?: string;
  frequency: 'once' | 'weekly' | 'monthly' | 'quarterly';
  state: string;
  sentBack?: boolean;
  steps: Step[];
  reports?: { at: string; period: string; percent: number; narrative: string; evidence?: string }[];
  milestones?: { title: string; due: string; weight: number; done: boolean }[];
  subtasks?: { unit: UnitKey; title: string; weight: number; progress: number }[];
  extension?: { at: string; from: string; to: string; reason: string; decided: string };
}

const AREAS = [
  { name: '意识形态工作', nameEn: 'Ideological work', first: 'leader', direct: 'propagandaHead', own: ['civilityHead'], units: ['propaganda'] },
  { name: '保密工作', nameEn: 'Secrecy work', first: 'leader', direct: 'secrecyHead', own: ['propagandaHead', 'emergencyHead'], units: ['secrecy'] },
  { name: '文明城市创建', nameEn: 'Civilized-city creation', first: 'leader', direct: 'civilityHead', own: ['civilHead'], units: ['civility'] },
] as const;

const TASKS: DemoTask[] = [
  {
    conclusion: 5, title: '落实保密工作责任制，做好各项保密安全工作', area: '保密工作', leader: 'leader', unit: 'secrecy', responsible: 'secrecyClerk', deadline: '2023-06-30', frequency: 'monthly', state: 'closed',
    steps: [['2023-01-30T02:00:00Z', 'registered', null], ['2023-01-30T03:00:00Z', 'assigned', '请于6月底前完成'], ['2023-01-31T01:00:00Z', 'accepted', null], ['2023-06-20T02:00:00Z', 'completion_reported', null], ['2023-06-26T02:00:00Z', 'verified', '材料齐全'], ['2023-06-28T02:00:00Z', 'closed', null]],
    reports: [{ at: '2023-02-24T02:00:00Z', period: '2023-02', percent: 30, narrative: '已印发年度保密工作要点，逐级签订保密责任书。', evidence: '保密责任书签订情况.txt' }, { at: '2023-03-30T02:00:00Z', period: '2023-03', percent: 70, narrative: '完成机关保密自查，发现问题4项，已整改3项。' }],
  },
  {
    conclusion: 6, title: '春节前后疫情防控、经济运行、安全生产和困难群众帮扶', area: '保密工作', leader: 'leader', unit: 'emergency', responsible: 'emergencyHead', cooperating: ['civil'], deadline: '2023-03-31', originalDeadline: '2023-02-28', frequency: 'weekly', state: 'in_progress', sentBack: true,
    steps: [['2023-01-20T09:00:00Z', 'registered', null], ['2023-01-20T09:30:00Z', 'assigned', '节前务必部署到位'], ['2023-01-28T01:00:00Z', 'accepted', null], ['2023-02-24T02:00:00Z', 'completion_reported', null], ['2023-02-27T02:00:00Z', 'sent_back', '困难群众帮扶台账不完整，请补充后再报。']],
    reports: [{ at: '2023-02-03T02:00:00Z', period: '2023-W05', percent: 40, narrative: '节日期间安全生产检查覆盖重点企业。' }, { at: '2023-02-10T02:00:00Z', period: '2023-W06', percent: 60, narrative: '走访慰问困难群众，发放帮扶资金。', evidence: '帮扶台账.txt' }],
    extension: { at: '2023-02-20T02:00:00Z', from: '2023-02-28', to: '2023-03-31', reason: '帮扶对象核实需延至3月', decided: '2023-02-21T02:00:00Z' },
  },
  {
    conclusion: 2, title: '严格落实意识形态工作责任制，建强全媒体传播体系', area: '意识形态工作', leader: 'leader', unit: 'propaganda', responsible: 'propagandaHead', cooperating: ['civility'], deadline: '2023-12-31', frequency: 'quarterly', state: 'in_progress',
    steps: [['2023-02-01T02:00:00Z', 'registered', null], ['2023-02-02T02:00:00Z', 'assigned', null], ['2023-02-03T02:00:00Z', 'accepted', null]],
    reports: [{ at: '2023-03-29T02:00:00Z', period: '2023-Q1', percent: 25, narrative: '制定意识形态工作责任制实施细则。' }, { at: '2023-06-28T02:00:00Z', period: '2023-Q2', percent: 50, narrative: '融媒体中心二期建成。' }],
    milestones: [{ title: '印发实施细则', due: '2023-03-31', weight: 1, done: true }, { title: '融媒体中心二期', due: '2023-06-30', weight: 2, done: true }, { title: '年度考核', due: '2023-12-15', weight: 1, done: false }],
  },
  {
    conclusion: 3, title: '高标准完成全国文明典范城市创建', area: '文明城市创建', leader: 'leader', unit: 'civility', responsible: 'civilityHead', cooperating: ['civil', 'propaganda'], deadline: '2023-11-30', frequency: 'monthly', state: 'accepted',
    steps: [['2023-02-06T02:00:00Z', 'registered', null], ['2023-02-07T02:00:00Z', 'assigned', null], ['2023-02-08T02:00:00Z', 'accepted', null]],
    subtasks: [{ unit: 'civility', title: '测评体系对标整改', weight: 2, progress: 40 }, { unit: 'civil', title: '社区志愿服务', weight: 1, progress: 20 }, { unit: 'propaganda', title: '公益广告宣传', weight: 1, progress: 60 }],
  },
  {
    source: { kind: 'instruction', text: '请宣传部牵头，统筹推进文化产业发展规划编制。', date: '2023-02-10' }, conclusion: 4, area: '意识形态工作', leader: 'leader', unit: 'propaganda', responsible: 'propagandaHead', deadline: '2023-09-30', frequency: 'once', state: 'completion_reported',
    steps: [['2023-02-10T02:00:00Z', 'registered', null], ['2023-02-10T03:00:00Z', 'instruction', '请宣传部牵头，统筹推进文化产业发展规划编制。'], ['2023-02-13T02:00:00Z', 'assigned', null], ['2023-02-14T02:00:00Z', 'accepted', null], ['2023-09-20T02:00:00Z', 'completion_reported', null]],
  },
  {
    title: '开展年度保密自查自评', source: { kind: 'annual_item', text: '2023年度保密工作要点第三项' }, area: '保密工作', leader: 'leader', unit: 'secrecy', responsible: 'secrecyHead', deadline: '2023-11-30', frequency: 'once', state: 'assigned',
    steps: [['2023-10-09T02:00:00Z', 'registered', null], ['2023-10-09T03:00:00Z', 'assigned', null], ['2023-10-16T02:00:00Z', 'reminded', '请尽快签收']],
  },
  {
    title: '志愿服务站点标准化建设', source: { kind: 'meeting', text: '市文明委全体会议', date: '2023-03-15' }, area: '文明城市创建', leader: 'leader', unit: 'civil', responsible: 'civilHead', deadline: '2023-12-20', frequency: 'monthly', state: 'registered',
    steps: [['2023-03-16T02:00:00Z', 'registered', null]],
  },
];

export async function loadDutiesDemo(ctx: Context, sessionId: string): Promise<void> {
  const actor = systemActor('demo-loader');
  await writeAudited(ctx, actor, async (trx) => {
    const stamp = now();
    const unitIds = new Map<UnitKey, string>();
    const committee = await trx.selectFrom('units').select('id').where('name', '=', '市委').executeTakeFirst();
    for (const [i, unit] of UNITS.entries()) {
      const id = newId();
      unitIds.set(unit.key, id);
      await trx.insertInto('units').values({ id, parent_id: committee?.id ?? null, name: unit.name, name_en: unit.nameEn, kind: 'department', sort_order: 10 + i, level: 'public', created_at: stamp, updated_at: stamp }).execute();
    }
    const personIds = new Map<PersonKey, string>();
    for (const [i, p] of PEOPLE.entries()) {
      const id = newId();
      personIds.set(p.key, id);
      await trx.insertInto('people').values({ id, name: p.name, name_en: p.nameEn, email: null, phone: null, note: null, level: 'public', created_at: stamp, updated_at: stamp }).execute();
      await trx
        .insertInto('positions')
        .values({ id: newId(), person_id: id, unit_id: unitIds.get(p.unit)!, title: p.title, title_en: p.titleEn, rank: null, start_date: null, end_date: null, sort_order: 100 + i, level: 'public', created_at: stamp, updated_at: stamp })
        .execute();
    }
    await linkAccounts(trx, personIds);
    await trx.insertInto('duty_holidays').values([...HOLIDAYS_2023]).execute();
    const areaIds = new Map<string, string>();
    for (const [i, area] of AREAS.entries()) {
      const id = newId();
      areaIds.set(area.name, id);
      await trx.insertInto('duty_areas').values({ id, name: area.name, name_en: area.nameEn, description: null, sort_order: i, level: 'internal', created_at: stamp, updated_at: stamp }).execute();
      const leaders = [{ key: area.first, role: 'first_responsible' }, { key: area.direct, role: 'directly_responsible' }, ...area.own.map((key) => ({ key, role: 'own_field' }))];
      await trx.insertInto('duty_area_leaders').values(leaders.map((l, order) => ({ area_id: id, person_id: personIds.get(l.key)!, role: l.role, sort_order: order }))).execute();
      await trx.insertInto('duty_area_units').values(area.units.map((u) => ({ area_id: id, unit_id: unitIds.get(u)! }))).execute();
    }
    const conclusions = await trx.selectFrom('conclusions').select(['id', 'sort_order', 'kind', 'text']).where('session_id', '=', sessionId).orderBy('sort_order').execute();
    for (const [n, t] of TASKS.entries()) await insertDemoTask(trx, n + 1, t, { unitIds, personIds, areaIds, conclusions, sessionId });
    return { result: undefined, audit: { action: 'demo.load_duties', objectType: 'duty_task', level: 'internal', detail: { areas: AREAS.length, tasks: TASKS.length, seedDate: SEED_SESSION.date } } };
  });
}

/** The demo accounts of the office, the lead unit and the leader act as invented people on the tasks; the supervisor account is added here. */
async function linkAccounts(trx: Trx, personIds: Map<PersonKey, string>): Promise<void> {
  const admin = await trx.selectFrom('users').select(['password_hash', 'password_changed_at']).where('username', '=', 'admin').executeTakeFirst();
  if (admin) {
    const id = newId();
    const stamp = now();
    await trx.insertInto('users').values({ id, username: 'supervisor', display_name: 'Supervision Officer (demo)', password_hash: admin.password_hash, clearance: 'internal', person_id: personIds.get('supervisor')!, locale: null, password_changed_at: admin.password_changed_at, created_at: stamp, updated_at: stamp }).execute();
    await trx.insertInto('user_roles').values({ user_id: id, role: 'supervisor' }).execute();
  }
  await trx.updateTable('users').set({ person_id: personIds.get('secrecyClerk')! }).where('username', '=', 'clerk').execute();
  await trx.updateTable('users').set({ person_id: personIds.get('leader')! }).where('username', '=', 'leader').execute();
}

interface Refs {
  unitIds: Map<UnitKey, string>;
  personIds: Map<PersonKey, string>;
  areaIds: Map<string, string>;
  conclusions: { id: string; kind: string; text: string }[];
  sessionId: string;
}

async function insertDemoTask(trx: Trx, n: number, t: DemoTask, refs: Refs): Promise<void> {
  const id = newId();
  const conclusion = t.conclusion !== undefined ? refs.conclusions[t.conclusion] : undefined;
  const seedText = t.conclusion !== undefined ? SEED_CONCLUSIONS[t.conclusion]!.text : null;
  const at = (kind: string) => t.steps.find((s) => s[1] === kind)?.[0] ?? null;
  const progress = t.state === 'closed' || t.state === 'completion_reported' ? 100 : rolledUp(t);
  const created = t.steps[0]![0];
  await trx
    .insertInto('duty_tasks')
    .values({
      id,
      code: `DB-2023-${String(n).padStart(4, '0')}`,
      title: t.title ?? titleFrom(seedText ?? ''),
      content: seedText ?? t.content ?? t.title ?? '',
      level: 'internal',
      state: t.state,
      area_id: refs.areaIds.get(t.area)!,
      source_kind: t.source?.kind ?? (conclusion?.kind === 'finding' ? 'finding' : 'requirement'),
      source_conclusion_id: t.source ? null : (conclusion?.id ?? null),
      source_session_id: t.source ? null : conclusion ? refs.sessionId : null,
      source_text: t.source?.text ?? null,
      source_date: t.source?.date ?? null,
      lead_leader_person_id: refs.personIds.get(t.leader)!,
      lead_unit_id: refs.unitIds.get(t.unit)!,
      responsible_person_id: refs.personIds.get(t.responsible)!,
      deadline: t.deadline,
      original_deadline: t.originalDeadline ?? t.deadline,
      report_frequency: t.frequency,
      report_dates: null,
      progress,
      sent_back: t.sentBack ? 1 : 0,
      assigned_at: at('assigned'),
      accepted_at: at('accepted'),
      completed_at: t.state === 'in_progress' ? null : at('completion_reported'),
      verified_at: at('verified'),
      closed_at: at('closed'),
      cancelled_at: null,
      cancel_requested_by: null,
      cancel_requested_by_person: null,
      cancel_requested_at: null,
      cancel_reason: null,
      completion_reported_by: t.state === 'completion_reported' ? 'demo' : null,
      created_by: null,
      created_at: created,
      updated_at: t.steps.at(-1)![0],
    })
    .execute();
  if (t.cooperating) await trx.insertInto('duty_task_units').values(t.cooperating.map((u) => ({ task_id: id, unit_id: refs.unitIds.get(u)! }))).execute();
  for (const [i, m] of (t.milestones ?? []).entries()) {
    await trx.insertInto('duty_milestones').values({ id: newId(), task_id: id, title: m.title, due_date: m.due, weight: m.weight, done: m.done ? 1 : 0, done_at: m.done ? `${m.due}T02:00:00Z` : null, sort_order: i, level: 'internal', created_at: created, updated_at: created }).execute();
  }
  for (const [i, s] of (t.subtasks ?? []).entries()) {
    await trx.insertInto('duty_subtasks').values({ id: newId(), task_id: id, unit_id: refs.unitIds.get(s.unit)!, title: s.title, weight: s.weight, progress: s.progress, responsible_person_id: null, sort_order: i, level: 'internal', created_at: created, updated_at: created }).execute();
  }
  const responsible = PEOPLE.find((p) => p.key === t.responsible)!.name;
  const events: Step[] = [...t.steps];
  for (const r of t.reports ?? []) {
    const reportId = newId();
    await trx.insertInto('duty_reports').values({ id: reportId, task_id: id, kind: 'progress', period: r.period, percent: r.percent, narrative: r.narrative, reported_by: responsible, reporter_person_id: refs.personIds.get(t.responsible)!, reported_at: r.at, late: 0, level: 'internal' }).execute();
    if (r.evidence) {
      const content = Buffer.from(`${r.evidence}\n${r.narrative}\n`);
      await trx.insertInto('duty_files').values({ id: newId(), task_id: id, report_id: reportId, name: r.evidence, media_type: 'text/plain', size: content.length, content: content.toString('base64'), level: 'internal', created_at: r.at }).execute();
    }
    events.push([r.at, 'reported', null, { reportId, period: r.period, percent: r.percent }]);
  }
  if (t.state === 'completion_reported' || t.state === 'closed' || t.sentBack) {
    const doneAt = at('completion_reported')!;
    await trx.insertInto('duty_reports').values({ id: newId(), task_id: id, kind: 'completion', period: null, percent: 100, narrative: '任务已按要求完成，佐证材料附后。', reported_by: responsible, reporter_person_id: refs.personIds.get(t.responsible)!, reported_at: doneAt, late: 0, level: 'internal' }).execute();
  }
  if (t.extension) {
    const e = t.extension;
    const extensionId = newId();
    await trx
      .insertInto('duty_extensions')
      .values({ id: extensionId, task_id: id, old_deadline: e.from, new_deadline: e.to, reason: e.reason, state: 'approved', requested_by: 'demo', requester_person_id: refs.personIds.get(t.responsible)!, requested_at: e.at, decided_by: PEOPLE.find((p) => p.key === 'leader')!.name, decided_at: e.decided, decision_note: '同意', level: 'internal' })
      .execute();
    events.push([e.at, 'extension_requested', e.reason, { extensionId, oldDeadline: e.from, newDeadline: e.to }], [e.decided, 'extension_approved', '同意', { extensionId }], [e.decided, 'deadline_changed', e.reason, { oldDeadline: e.from, newDeadline: e.to, extensionId }]);
  }
  events.sort((a, b) => a[0].localeCompare(b[0]));
  for (const [when, kind, note, detail] of events) {
    const who = ['accepted', 'reported', 'completion_reported', 'extension_requested'].includes(kind) ? responsible : kind === 'instruction' || kind === 'extension_approved' ? '陈立新' : '赵立群';
    await trx.insertInto('duty_events').values({ id: newId(), task_id: id, at: when, actor_id: null, actor_name: who, kind, note, detail: detail ? JSON.stringify(detail) : null, level: 'internal' }).execute();
  }
}

function rolledUp(t: DemoTask): number {
  const parts = [...(t.subtasks ?? []).map((s) => ({ w: s.weight, p: s.progress })), ...(t.milestones ?? []).map((m) => ({ w: m.weight, p: m.done ? 100 : 0 }))];
  const total = parts.reduce((s, p) => s + p.w, 0);
  if (total > 0) return Math.round(parts.reduce((s, p) => s + p.w * p.p, 0) / total);
  return t.reports?.at(-1)?.percent ?? 0;
}
