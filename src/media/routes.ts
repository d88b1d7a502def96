import type { Context } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { idParams, type App } from '../http/types.ts';
import { presentListItem, presentRelease } from './presenters.ts';
import {
  approveRelease,
  createFromSession,
  createRelease,
  getRelease,
  listReleases,
  newVersion,
  publishRelease,
  retractRelease,
  reviewsOf,
  sendToReview,
  unscheduleRelease,
  updateRelease,
  type ReleaseWithVersions,
} from './releases.ts';
import { fromSessionInput, publishInput, releaseInput, releasePatch, releasesQuery, retractInput, versionInput } from './schemas.ts';

/** News releases (新闻发布): /api/media/releases. The public pages and feeds are in public.ts. */
export function mediaRoutes(app: App, ctx: Context): void {
  const tags = ['media'];
  const present = async (request: Parameters<typeof requireActor>[0], r: ReleaseWithVersions) =>
    presentRelease(r.release, r.versions, await reviewsOf(ctx, requireActor(request), r.versions));

  app.get('/api/media/releases', { schema: { tags, summary: 'News releases, newest change first; filter by state', querystring: releasesQuery } }, async (request) => {
    const { state, ...params } = request.query;
    const page = await listReleases(ctx, requireActor(request), params, { state });
    return { ...page, items: page.items.map(presentListItem) };
  });
  app.post('/api/media/releases', { schema: { tags, summary: 'Draft a release by hand or from an imported text', body: releaseInput } }, async (request, reply) => {
    const created = await createRelease(ctx, requireActor(request), { ...request.body, sessionId: request.body.sessionId ?? null });
    return reply.status(201).send(await present(request, created));
  });
  app.post('/api/media/releases/from-session', { schema: { tags, summary: 'Draft a release from a public study session with the release writer', body: fromSessionInput } }, async (request, reply) =>
    reply.status(201).send(await present(request, await createFromSession(ctx, requireActor(request), request.body))),
  );
  app.get('/api/media/releases/:id', { schema: { tags, summary: 'One release with its versions and their review, approval and publication', params: idParams } }, async (request) =>
    present(request, await getRelease(ctx, requireActor(request), request.params.id)),
  );
  app.patch('/api/media/releases/:id', { schema: { tags, summary: 'Change the version being prepared (a changed text needs a new review)', params: idParams, body: releasePatch } }, async (request) =>
    present(request, await updateRelease(ctx, requireActor(request), request.params.id, request.body)),
  );
  app.post('/api/media/releases/:id/review', { schema: { tags, summary: 'Send the version being prepared to the pre-publication review (bound to its exact text)', params: idParams } }, async (request) =>
    present(request, await sendToReview(ctx, requireActor(request), request.params.id)),
  );
  app.post('/api/media/releases/:id/approve', { schema: { tags, summary: 'Approve the reviewed version (propaganda officer or leader, not its author)', params: idParams } }, async (request) =>
    present(request, await approveRelease(ctx, requireActor(request), request.params.id)),
  );
  app.post('/api/media/releases/:id/publish', { schema: { tags, summary: 'Publish the approved version now, or at a time to come', params: idParams, body: publishInput } }, async (request) =>
    present(request, await publishRelease(ctx, requireActor(request), request.params.id, request.body)),
  );
  app.post('/api/media/releases/:id/unschedule', { schema: { tags, summary: 'Take a scheduled version back to approved', params: idParams } }, async (request) =>
    present(request, await unscheduleRelease(ctx, requireActor(request), request.params.id)),
  );
  app.post('/api/media/releases/:id/retract', { schema: { tags, summary: 'Retract a published release with the reason (off the public pages and feeds at once)', params: idParams, body: retractInput } }, async (request) =>
    present(request, await retractRelease(ctx, requireActor(request), request.params.id, request.body.reason)),
  );
  app.post('/api/media/releases/:id/versions', { schema: { tags, summary: 'Start a corrected version of a published release', params: idParams, body: versionInput } }, async (request, reply) =>
    reply.status(201).send(await present(request, await newVersion(ctx, requireActor(request), request.params.id, request.body))),
  );
}
