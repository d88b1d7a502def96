import type { Context } from '../context.ts';
import { getUser } from '../org/accounts.ts';
import type { Actor } from '../security/actor.ts';
import { actorOf } from '../security/sessions.ts';
import { decideReview } from '../secrecy/review/register.ts';
import { approveRelease, createFromSession, publishRelease, sendToReview } from './releases.ts';

/** The address name of the seed release's public page. */
export const DEMO_RELEASE_SLUG = 'theoretical-learning-center-group-collective-study';

async function demoActor(ctx: Context, username: string): Promise<Actor> {
  const row = await ctx.database.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  return actorOf(await getUser(ctx.database.db, row.id), 'system', null);
}

/**
 * The seed release, published the way every release is: the office clerk drafts it from the seed
 * session with the release writer (Chinese, as the seed), the propaganda officer has it reviewed,
 * the secrecy officer decides the review, the leader approves it and the propaganda officer
 * publishes it. Each step is the real service call, audited under the demo account that took it,
 * so the register and the audit log show who drafted, reviewed, approved and published it, and
 * /public/ and the feeds have an entry on a fresh start.
 */
export async function loadMediaDemo(ctx: Context, sessionId: string): Promise<string> {
  const [clerk, press, officer, leader] = await Promise.all(['clerk', 'press', 'officer', 'leader'].map((u) => demoActor(ctx, u)));
  let release = await createFromSession(ctx, clerk!, { sessionId, language: 'zh-CN', slug: DEMO_RELEASE_SLUG });
  release = await sendToReview(ctx, press!, release.release.id);
  const reviewId = release.versions[0]!.review_id!;
  // The seed release is public text: its scan raises nothing that blocks (test/media/demo.test.ts); were it to, the decision below would refuse and say so.
  await decideReview(ctx, officer!, reviewId, { outcome: 'publish', basis: '本稿内容均为会议公开报道的信息，未涉及国家秘密和工作秘密。' });
  await approveRelease(ctx, leader!, release.release.id);
  await publishRelease(ctx, press!, release.release.id, {});
  return release.release.id;
}
