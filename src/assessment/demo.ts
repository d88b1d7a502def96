import type { Context } from '../context.ts';
import { writeAudited } from '../db/write.ts';
import { newId, now } from '../ids.ts';
import { systemActor } from '../security/actor.ts';
import type { Level } from '../security/levels.ts';
import { addAdjustment } from './adjustments.ts';
import { createScheme } from './schemes.ts';

/**
 * The demo's year-end assessment of 2023, the seed session's year. Beside the seed session, it
 * records the year's secrecy letters (invented), a self-inspection with two
 * rectifications, training hours and two manual items, so the four demo units score differently
 * for reasons the breakdown names: the CPPCC missed its self-inspection and a rectification
 * deadline and its chairman signed late and trained 3 of 8 hours; the government gained a bonus.
 * Tasks the duties demo files under these units count as well, since scores are computed live.
 */
const at = (day: string) => `${day}T02:00:00.000Z`;

export async function loadAssessmentDemo(ctx: Context): Promise<void> {
  const actor = systemActor('demo-loader');
  const db = ctx.database.db;
  const units = new Map((await db.selectFrom('units').select(['id', 'name_en']).execute()).map((u) => [u.name_en ?? '', u.id]));
  const people = new Map((await db.selectFrom('people').select(['id', 'name']).execute()).map((p) => [p.name, p.id]));
  const unit = (nameEn: string) => units.get(nameEn);
  const committee = unit('Municipal Party Committee');
  const standing = unit('Standing Committee of the Municipal Party Committee');
  const government = unit("Municipal People's Government");
  const cppcc = unit('Municipal Committee of the CPPCC');
  const person = (name: string) => people.get(name)!;
  if (!committee || !standing || !government || !cppcc || people.size < 7) return;
  const names = ['Liu Qiang', 'Yu Haitian', 'Lei Jie', 'Yang Feng', 'Wang Hongzhi', 'Dai Longcheng', 'Li Guoqiang'];
  if (names.some((n) => !people.has(n))) return;

  await writeAudited(ctx, actor, async (trx) => {
    const stamp = now();
    const lv = { level: 'internal' as Level, created_at: stamp, updated_at: stamp };
    // The year's responsibility letters: the CPPCC chairman signed after 31 March, one is unsigned.
    const templateId = newId();
    await trx.insertInto('letter_templates').values({ id: templateId, year: 2023, version: 1, title: '2023年度保密工作责任书', text: '按照保密工作责任制要求，签订本责任书。', hash: 'demo', created_by: null, level: 'internal', created_at: stamp }).execute();
    const signed: Record<string, string | null> = { 'Liu Qiang': '2023-03-10', 'Yu Haitian': '2023-03-20', 'Lei Jie': '2023-04-12', 'Yang Feng': '2023-03-28', 'Wang Hongzhi': null, 'Dai Longcheng': '2023-03-15', 'Li Guoqiang': '2023-03-30' };
    for (const name of names) {
      const day = signed[name];
      await trx
        .insertInto('letters')
        .values({ id: newId(), year: 2023, person_id: person(name), role: 'leader', unit_id: null, template_id: templateId, status: day ? 'signed' : 'issued', issued_at: at('2023-02-20'), signed_at: day ? at(day) : null, signed_template_id: day ? templateId : null, signed_hash: day ? 'demo' : null, signed_by: null, ...lv })
        .execute();
    }

    // The self-inspection: the CPPCC has not submitted; its rectification passed its deadline open.
    const inspectionTemplate = newId();
    await trx.insertInto('inspection_templates').values({ id: inspectionTemplate, name: '保密工作自查表（演示）', items: '[]', ...lv }).execute();
    const campaignId = newId();
    await trx.insertInto('inspection_campaigns').values({ id: campaignId, year: 2023, title: '2023年度保密工作自查自评', template_id: inspectionTemplate, ...lv }).execute();
    for (const [unitId, done] of [[committee, true], [standing, true], [government, true], [cppcc, false]] as const) {
      await trx.insertInto('inspection_units').values({ campaign_id: campaignId, unit_id: unitId, status: done ? 'submitted' : 'pending', submitted_at: done ? at('2023-05-15') : null }).execute();
    }
    const findings = [
      { unitId: government, owner: person('Yu Haitian'), text: '部分涉密文件未及时清退', deadline: '2023-06-30', closed: '2023-06-20' },
      { unitId: cppcc, owner: person('Lei Jie'), text: '涉密计算机管理台账不完整', deadline: '2023-09-30', closed: null },
    ];
    for (const f of findings) {
      const findingId = newId();
      await trx.insertInto('inspection_findings').values({ id: findingId, campaign_id: campaignId, unit_id: f.unitId, item_code: null, description: f.text, severity: 'minor', ...lv }).execute();
      await trx
        .insertInto('rectifications')
        .values({ id: newId(), finding_id: findingId, owner_person_id: f.owner, deadline: f.deadline, status: f.closed ? 'closed' : 'open', evidence: f.closed ? '清退登记表' : null, closed_at: f.closed ? at(f.closed) : null, ...lv })
        .execute();
    }

    const hours: Record<string, number> = { 'Liu Qiang': 8, 'Yu Haitian': 10, 'Lei Jie': 3, 'Yang Feng': 8, 'Wang Hongzhi': 6, 'Dai Longcheng': 8, 'Li Guoqiang': 8 };
    for (const name of names) {
      await trx.insertInto('training_records').values({ id: newId(), person_id: person(name), course: '保密法专题培训', date: '2023-05-10', hours: hours[name]!, provider: '市保密局', ...lv }).execute();
    }
    return { result: undefined, audit: { action: 'demo.load', objectType: 'assessment', level: 'internal', detail: { year: 2023 } } };
  });

  const schemeId = await createScheme(ctx, actor, {
    year: 2023,
    title: '2023年度落实意识形态和保密工作责任制考核方案',
    fullScore: 100,
    indicators: [
      { kind: 'duty_on_time', weight: 20 },
      { kind: 'duty_first_pass', weight: 10 },
      { kind: 'duty_overdue_days', weight: 5, params: { pointsPerDay: 0.1 } },
      { kind: 'duty_late_reports', weight: 5, params: { pointsPerReport: 1 } },
      { kind: 'study_attendance', weight: 15 },
      { kind: 'study_speeches', weight: 5, params: { perPerson: 1 } },
      { kind: 'study_themes', weight: 10 },
      { kind: 'secrecy_letter', weight: 8, params: { dueMonthDay: '03-31' } },
      { kind: 'secrecy_inspection', weight: 7 },
      { kind: 'secrecy_rectification', weight: 8 },
      { kind: 'secrecy_training', weight: 7, params: { hoursPerPerson: 8 } },
    ],
    unitIds: [committee, standing, government, cppcc],
    leaderPersonIds: names.map(person),
  });
  await addAdjustment(ctx, actor, schemeId, { subjectType: 'unit', subjectId: government, kind: 'bonus', points: 2, reason: '全国文明城市创建年度测评成绩突出（演示）', evidence: '创建工作通报（演示）', onDay: '2023-12-10' });
  await addAdjustment(ctx, actor, schemeId, { subjectType: 'unit', subjectId: cppcc, kind: 'deduction', points: 1, reason: '保密自查未按期提交（演示）', evidence: '保密办督查记录（演示）', onDay: '2023-06-01' });
}
