import { sql } from 'kysely';
import type { Context } from '../context.ts';
import { paginate, type ListParams } from '../db/paging.ts';
import type { TrainingRecord } from '../db/tables.ts';
import { writeAudited } from '../db/write.ts';
import { newId, now } from '../ids.ts';
import type { Actor } from '../security/actor.ts';
import { authorize, readableLevels } from '../security/policy.ts';
import { auditListRead } from '../security/reads.ts';
import { RECORD_LEVEL, assertMayWriteRecord, assertPerson } from './records-common.ts';
import type { TrainingInput } from './records-schemas.ts';

/** Secrecy training per person: course, date, hours, provider; totals per person per year. */
export type TrainingRow = TrainingRecord & { person_name: string };

export async function addTraining(ctx: Context, actor: Actor, input: TrainingInput): Promise<TrainingRow> {
  authorize(actor, 'secrecy.manage');
  assertMayWriteRecord(ctx, actor);
  const id = newId();
  await writeAudited(ctx, actor, async (trx) => {
    await assertPerson(trx, actor, input.personId);
    const stamp = now();
    await trx
      .insertInto('training_records')
      .values({ id, person_id: input.personId, course: input.course, date: input.date, hours: input.hours, provider: input.provider ?? null, level: RECORD_LEVEL, created_at: stamp, updated_at: stamp })
      .execute();
    return { result: undefined, audit: { action: 'training.create', objectType: 'training', objectId: id, level: RECORD_LEVEL, detail: { personId: input.personId, course: input.course, date: input.date, hours: input.hours } } };
  });
  return (await query(ctx).selectAll('training_records').select('people.name as person_name').where('training_records.id', '=', id).executeTakeFirstOrThrow()) as TrainingRow;
}

const query = (ctx: Context) => ctx.database.db.selectFrom('training_records').innerJoin('people', 'people.id', 'training_records.person_id');
const yearRange = (year: number) => [`${year}-01-01`, `${year + 1}-01-01`] as const;

export async function listTraining(ctx: Context, actor: Actor, params: ListParams, filters: { personId?: string | undefined; year?: number | undefined }) {
  authorize(actor, 'secrecy.read');
  const levels = readableLevels(actor);
  let q = query(ctx).where('training_records.level', 'in', levels).where('people.level', 'in', levels);
  if (filters.personId) q = q.where('training_records.person_id', '=', filters.personId);
  if (filters.year) {
    const [from, to] = yearRange(filters.year);
    q = q.where('training_records.date', '>=', from).where('training_records.date', '<', to);
  }
  const page = await paginate(q, (qb) => qb.selectAll('training_records').select('people.name as person_name'), params, { date: 'training_records.date', personName: 'people.name', hours: 'training_records.hours' }, {
    sort: 'date',
    idColumn: 'training_records.id',
  });
  const items = page.items as TrainingRow[];
  await auditListRead(ctx, actor, 'training', 'list', items);
  return { ...page, items };
}

export interface TrainingTotal {
  person_id: string;
  person_name: string;
  courses: number;
  hours: number;
}

export async function trainingTotals(ctx: Context, actor: Actor, year: number): Promise<TrainingTotal[]> {
  authorize(actor, 'secrecy.read');
  const levels = readableLevels(actor);
  const [from, to] = yearRange(year);
  const rows = await query(ctx)
    .select([
      'training_records.person_id',
      'people.name as person_name',
      (eb) => eb.fn.countAll().as('courses'),
      sql<number>`sum(training_records.hours)`.as('hours'),
    ])
    .where('training_records.level', 'in', levels)
    .where('people.level', 'in', levels)
    .where('training_records.date', '>=', from)
    .where('training_records.date', '<', to)
    .groupBy(['training_records.person_id', 'people.name'])
    .orderBy('people.name')
    .execute();
  await auditListRead(ctx, actor, 'training_total', 'list', rows.map((r) => ({ id: r.person_id, level: RECORD_LEVEL })));
  return rows.map((r) => ({ person_id: r.person_id, person_name: r.person_name, courses: Number(r.courses), hours: Math.round(Number(r.hours) * 100) / 100 }));
}
