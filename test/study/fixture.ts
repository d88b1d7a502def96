import type { Context } from '../../src/context.ts';
import { createPerson } from '../../src/org/people.ts';
import { createPosition } from '../../src/org/positions.ts';
import { createGroup, putMember } from '../../src/org/study-groups.ts';
import { createUnit } from '../../src/org/units.ts';
import { systemActor } from '../../src/security/actor.ts';

/** A small organization for study tests: one public unit and group with three members. */
export async function studyOrg(ctx: Context) {
  const actor = systemActor('fixture');
  const unit = await createUnit(ctx, actor, { name: '区委', nameEn: 'District Committee', kind: 'committee', level: 'public' });
  const group = await createGroup(ctx, actor, { unitId: unit.id, name: '区委理论学习中心组', nameEn: 'District Learning Group', description: null, level: 'public' });
  const people = [];
  for (const [i, name] of ['Zhang San', 'Li Si', 'Wang Wu'].entries()) {
    const person = await createPerson(ctx, actor, { name, nameEn: name, email: null, phone: null, note: null, level: 'public' });
    await createPosition(ctx, actor, { personId: person.id, unitId: unit.id, title: `职务${i}`, titleEn: `Post ${i}`, rank: null, level: 'public' });
    await putMember(ctx, actor, group.id, person.id, { role: i === 0 ? 'leader' : 'member' });
    people.push(person);
  }
  return { unit, group, people: people as [(typeof people)[number], (typeof people)[number], (typeof people)[number]] };
}
