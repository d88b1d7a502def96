import { loadAssessmentDemo } from '../assessment/demo.ts';
import type { Context } from '../context.ts';
import { writeAudited } from '../db/write.ts';
import { newId, now } from '../ids.ts';
import { systemActor } from '../security/actor.ts';
import { generatePassword, hashPassword } from '../security/passwords.ts';
import type { Role } from '../security/roles.ts';
import { loadDutiesDemo } from '../duties/demo.ts';
import { loadMediaDemo } from '../media/demo.ts';
import { loadStudyDemo } from '../study/demo.ts';

/**
 * The organization of the seed session, from the public facts of its news release only: the
 * committee, its Theoretical Learning Center Group, and the seven members the release names with
 * the titles it gives them. Everything is public, as the release is. The city is not named in the
 * release, so it is not named here either.
 */
const UNITS = [
  { key: 'committee', name: '市委', nameEn: 'Municipal Party Committee', kind: 'committee', parent: null, sort: 1 },
  { key: 'standing', name: '市委常委会', nameEn: 'Standing Committee of the Municipal Party Committee', kind: 'committee', parent: 'committee', sort: 1 },
  { key: 'government', name: '市人民政府', nameEn: "Municipal People's Government", kind: 'government', parent: null, sort: 2 },
  { key: 'cppcc', name: '市政协', nameEn: 'Municipal Committee of the CPPCC', kind: 'cppcc', parent: null, sort: 3 },
] as const;

type UnitKey = (typeof UNITS)[number]['key'];

const SECRETARY = { unit: 'committee', title: '市委书记', titleEn: 'Secretary of the Municipal Party Committee' } as const;
const DEPUTY_SECRETARY = { unit: 'committee', title: '市委副书记', titleEn: 'Deputy Secretary of the Municipal Party Committee' } as const;
const STANDING_MEMBER = { unit: 'standing', title: '市委常委', titleEn: 'Member of the Standing Committee of the Municipal Party Committee' } as const;

/** In the order the release names them; the secretary hosted the study. */
const MEMBERS: { name: string; role: 'leader' | 'member'; positions: { unit: UnitKey; title: string; titleEn: string }[] }[] = [
  { name: 'Liu Qiang', role: 'leader', positions: [SECRETARY] },
  { name: 'Yu Haitian', role: 'member', positions: [DEPUTY_SECRETARY, { unit: 'government', title: '市长', titleEn: 'Mayor' }] },
  { name: 'Lei Jie', role: 'member', positions: [{ unit: 'cppcc', title: '市政协主席', titleEn: 'Chairman of the CPPCC' }] },
  { name: 'Yang Feng', role: 'member', positions: [DEPUTY_SECRETARY] },
  { name: 'Wang Hongzhi', role: 'member', positions: [STANDING_MEMBER] },
  { name: 'Dai Longcheng', role: 'member', positions: [STANDING_MEMBER] },
  { name: 'Li Guoqiang', role: 'member', positions: [STANDING_MEMBER] },
];

export const DEMO_GROUP = { name: '市委理论学习中心组', nameEn: 'Theoretical Learning Center Group of the Municipal Party Committee' };

/**
 * One demo account per role, so each duty can be tried: the system administrator, the security
 * administrator and the auditor (三员), and the everyday roles. They share the administrator's
 * one-time password; a real deployment starts with `remit init` instead (REMIT_DEMO=false).
 */
const DEMO_ACCOUNTS: { username: string; displayName: string; role: Role }[] = [
  { username: 'admin', displayName: 'Administrator', role: 'admin' },
  { username: 'secadmin', displayName: 'Security Administrator (demo)', role: 'security_admin' },
  { username: 'auditor', displayName: 'Security Auditor (demo)', role: 'auditor' },
  { username: 'officer', displayName: 'Secrecy Officer (demo)', role: 'secrecy_officer' },
  { username: 'clerk', displayName: 'Office Clerk (demo)', role: 'clerk' },
  { username: 'leader', displayName: 'Leader (demo)', role: 'leader' },
  { username: 'press', displayName: 'Propaganda Officer (demo)', role: 'propaganda_officer' },
  { username: 'viewer', displayName: 'Viewer (demo)', role: 'viewer' },
];
export const DEMO_USERNAMES = DEMO_ACCOUNTS.map((a) => a.username);

export async function isEmpty(ctx: Context): Promise<boolean> {
  const user = await ctx.database.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return !user;
}

/** Loads the seed organization and the demo accounts; returns their password, shown once. */
export async function loadDemo(ctx: Context): Promise<string> {
  const actor = systemActor('demo-loader');
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  await writeAudited(ctx, actor, async (trx) => {
    const stamp = now();
    const unitIds = new Map<string, string>();
    for (const unit of UNITS) {
      const id = newId();
      unitIds.set(unit.key, id);
      await trx
        .insertInto('units')
        .values({ id, parent_id: unit.parent ? unitIds.get(unit.parent)! : null, name: unit.name, name_en: unit.nameEn, kind: unit.kind, sort_order: unit.sort, level: 'public', created_at: stamp, updated_at: stamp })
        .execute();
    }
    const groupId = newId();
    await trx
      .insertInto('study_groups')
      .values({ id: groupId, unit_id: unitIds.get('committee')!, name: DEMO_GROUP.name, name_en: DEMO_GROUP.nameEn, description: null, level: 'public', created_at: stamp, updated_at: stamp })
      .execute();
    let order = 0;
    for (const member of MEMBERS) {
      const personId = newId();
      await trx
        .insertInto('people')
        .values({ id: personId, name: member.name, name_en: member.name, email: null, phone: null, note: null, level: 'public', created_at: stamp, updated_at: stamp })
        .execute();
      let positionOrder = 0;
      for (const position of member.positions) {
        await trx
          .insertInto('positions')
          .values({
            id: newId(),
            person_id: personId,
            unit_id: unitIds.get(position.unit)!,
            title: position.title,
            title_en: position.titleEn,
            rank: null,
            start_date: null,
            end_date: null,
            sort_order: order * 10 + positionOrder++,
            level: 'public',
            created_at: stamp,
            updated_at: stamp,
          })
          .execute();
      }
      await trx.insertInto('study_group_members').values({ group_id: groupId, person_id: personId, role: member.role, sort_order: order++, joined_on: null, left_on: null }).execute();
    }
    for (const account of DEMO_ACCOUNTS) {
      const userId = newId();
      await trx
        .insertInto('users')
        .values({ id: userId, username: account.username, display_name: account.displayName, password_hash: passwordHash, clearance: 'internal', person_id: null, locale: null, password_changed_at: stamp, created_at: stamp, updated_at: stamp })
        .execute();
      await trx.insertInto('user_roles').values({ user_id: userId, role: account.role }).execute();
    }
    return { result: undefined, audit: { action: 'demo.load', objectType: 'organization', level: 'public', detail: { units: UNITS.length, people: MEMBERS.length, accounts: DEMO_USERNAMES } } };
  });
  const sessionId = await loadStudyDemo(ctx);
  await loadDutiesDemo(ctx, sessionId);
  await loadMediaDemo(ctx, sessionId);
  await loadAssessmentDemo(ctx);
  return password;
}
