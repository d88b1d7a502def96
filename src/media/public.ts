import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Context } from '../context.ts';
import type { App } from '../http/types.ts';
import type { Lang } from '../i18n/render.ts';
import { renderMessage } from '../i18n/render.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { readerLanguage } from '../http/coded-values.ts';
import { publicRelease, publicReleases, type PublicRelease } from './releases.ts';

/**
 * The public channel: pages anyone may read without signing in, under /public/, and the Atom and
 * JSON feeds. They read releases only through `publicReleases`/`publicRelease` (public, published,
 * live version, not retracted), so a draft, a release awaiting approval, a superseded version, a
 * retracted or non-public release answers 404 at every address. Server-rendered HTML: no script,
 * one small style sheet of our own (the content security policy allows it as it is), readable on a
 * phone.
 */

/** Each language's link to the other is named in that other language, as language pickers do. */
const OTHER_LANGUAGE: Record<Lang, { lang: Lang; name: string; tag: string }> = {
  zh: { lang: 'en', name: 'English', tag: 'en' },
  en: { lang: 'zh', name: '中文', tag: 'zh-CN' },
};
const HTML_LANG: Record<Lang, string> = { zh: 'zh-CN', en: 'en' };

export const FEED_LIMIT = 50;

const STYLE = `*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;line-height:1.7;color:#1f1f1f;background:#fafafa}
header{background:#a8071a;color:#fff;padding:12px 16px}
header a{color:#fff}
.org{font-size:1.1rem;font-weight:600;margin:0}
nav{display:flex;justify-content:space-between;gap:12px;flex-wrap:wrap;font-size:.9rem;margin-top:4px}
main{max-width:760px;margin:0 auto;padding:16px;background:#fff;min-height:60vh}
h1{font-size:1.4rem;line-height:1.4;margin:.4em 0}
ul.releases{list-style:none;padding:0;margin:0}
ul.releases li{padding:12px 0;border-bottom:1px solid #e5e5e5}
ul.releases a{font-size:1.05rem;color:#0b3d91;text-decoration:none}
ul.releases a:hover{text-decoration:underline}
.meta{color:#595959;font-size:.85rem}
article p{margin:0 0 1em;text-indent:2em;overflow-wrap:anywhere}
article[lang=en] p,article p.meta{text-indent:0}
footer{max-width:760px;margin:0 auto;padding:16px;font-size:.85rem;color:#595959}
footer a{color:#0b3d91}
`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const t = (key: MessageKey, lang: Lang, params: Record<string, string | number> = {}) => renderMessage(key, params, lang);

/** The day in China a release went out, written for the reader. */
function dayOf(iso: string, lang: Lang): string {
  const date = new Date(iso);
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return lang === 'zh' ? `${get('year')}年${Number(get('month'))}月${Number(get('day'))}日` : `${get('year')}-${get('month')}-${get('day')}`;
}

const paragraphs = (body: string) =>
  body
    .split(/\n\s*\n|\n/)
    .map((p) => p.trim())
    .filter(Boolean);

const languageOf = (request: FastifyRequest): Lang => readerLanguage(request.query, request.headers['accept-language']);

function page(ctx: Context, lang: Lang, options: { title: string; path: string; body: string }): string {
  const other = OTHER_LANGUAGE[lang];
  const org = escapeHtml(ctx.settings.orgName);
  return `<!doctype html>
<html lang="${HTML_LANG[lang]}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)} · ${org}</title>
<link rel="stylesheet" href="/public/style.css">
<link rel="alternate" type="application/atom+xml" href="/public/feed.atom" title="${escapeHtml(t('public_feed', lang, { format: 'Atom' }))}">
<link rel="alternate" type="application/feed+json" href="/public/feed.json" title="${escapeHtml(t('public_feed', lang, { format: 'JSON' }))}">
</head>
<body>
<header>
<p class="org"><a href="/public/?lang=${lang}">${org}</a></p>
<nav><a href="/public/?lang=${lang}">${escapeHtml(t('public_releases_title', lang))}</a><a href="${escapeHtml(options.path)}?lang=${other.lang}" lang="${other.tag}" hreflang="${other.tag}">${other.name}</a></nav>
</header>
<main>
${options.body}
</main>
<footer>${escapeHtml(t('public_subscribe', lang))}${lang === 'zh' ? '：' : ': '}<a href="/public/feed.atom">${escapeHtml(t('public_feed', lang, { format: 'Atom' }))}</a> · <a href="/public/feed.json">${escapeHtml(t('public_feed', lang, { format: 'JSON' }))}</a></footer>
</body>
</html>
`;
}

const releasePath = (r: PublicRelease) => `/public/releases/${encodeURIComponent(r.key)}`;

function dateLine(r: PublicRelease, lang: Lang): string {
  const first = escapeHtml(t('public_published_on', lang, { date: dayOf(r.firstPublishedAt, lang) }));
  if (r.version <= 1 || r.publishedAt === r.firstPublishedAt) return `<time datetime="${r.firstPublishedAt}">${first}</time>`;
  return `<time datetime="${r.firstPublishedAt}">${first}</time> · <time datetime="${r.publishedAt}">${escapeHtml(t('public_corrected_on', lang, { date: dayOf(r.publishedAt, lang), version: r.version }))}</time>`;
}

export function indexPage(ctx: Context, lang: Lang, releases: readonly PublicRelease[]): string {
  const title = t('public_releases_title', lang);
  const list = releases.length
    ? `<ul class="releases">\n${releases
        .map((r) => `<li lang="${r.language}"><a href="${releasePath(r)}?lang=${lang}">${escapeHtml(r.title)}</a><div class="meta">${dateLine(r, lang)}</div></li>`)
        .join('\n')}\n</ul>`
    : `<p>${escapeHtml(t('public_releases_empty', lang))}</p>`;
  return page(ctx, lang, { title, path: '/public/', body: `<h1>${escapeHtml(title)}</h1>\n${list}` });
}

export function releasePage(ctx: Context, lang: Lang, r: PublicRelease): string {
  const body = `<article lang="${r.language}">
<h1>${escapeHtml(r.title)}</h1>
<p class="meta" lang="${HTML_LANG[lang]}">${dateLine(r, lang)}</p>
${paragraphs(r.body)
  .map((p) => `<p>${escapeHtml(p)}</p>`)
  .join('\n')}
</article>
<p lang="${HTML_LANG[lang]}"><a href="/public/?lang=${lang}">← ${escapeHtml(t('public_back', lang))}</a></p>`;
  return page(ctx, lang, { title: r.title, path: releasePath(r), body });
}

function notFoundPage(ctx: Context, lang: Lang): string {
  const title = t('public_release_not_found', lang);
  return page(ctx, lang, { title, path: '/public/', body: `<h1>${escapeHtml(title)}</h1>\n<p><a href="/public/?lang=${lang}">${escapeHtml(t('public_back', lang))}</a></p>` });
}

/** The address the feeds name themselves and their entries by: REMIT_PUBLIC_URL, else the request's own. */
function baseOf(ctx: Context, request: FastifyRequest): string {
  return ctx.settings.publicUrl ?? `${request.protocol}://${request.host}`;
}

const xml = (text: string) => escapeHtml(text);
/** An entry's id stays the same across versions and hosts (RFC 4122 URN of the release's id). */
const entryId = (r: PublicRelease) => `urn:uuid:${r.id}`;
const htmlOf = (body: string) => paragraphs(body).map((p) => `<p>${escapeHtml(p)}</p>`).join('');

/** Atom 1.0 (RFC 4287). */
export function atomFeed(ctx: Context, base: string, releases: readonly PublicRelease[]): string {
  const updated = releases.reduce((latest, r) => (r.publishedAt > latest ? r.publishedAt : latest), '1970-01-01T00:00:00.000Z');
  const title = `${ctx.settings.orgName} · ${t('public_releases_title', 'zh')}`;
  const entries = releases.map(
    (r) => `  <entry xml:lang="${r.language}">
    <id>${entryId(r)}</id>
    <title>${xml(r.title)}</title>
    <link rel="alternate" type="text/html" href="${xml(base + releasePath(r))}"/>
    <published>${r.firstPublishedAt}</published>
    <updated>${r.publishedAt}</updated>
    <content type="html">${xml(htmlOf(r.body))}</content>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
  <id>${xml(`${base}/public/`)}</id>
  <title>${xml(title)}</title>
  <updated>${updated}</updated>
  <author><name>${xml(ctx.settings.orgName)}</name></author>
  <link rel="self" type="application/atom+xml" href="${xml(`${base}/public/feed.atom`)}"/>
  <link rel="alternate" type="text/html" href="${xml(`${base}/public/`)}"/>
${entries.join('\n')}
</feed>
`;
}

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1). */
export function jsonFeed(ctx: Context, base: string, releases: readonly PublicRelease[]) {
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: `${ctx.settings.orgName} · ${t('public_releases_title', 'zh')}`,
    home_page_url: `${base}/public/`,
    feed_url: `${base}/public/feed.json`,
    language: 'zh-CN',
    authors: [{ name: ctx.settings.orgName }],
    items: releases.map((r) => ({
      id: r.id,
      url: base + releasePath(r),
      title: r.title,
      content_html: htmlOf(r.body),
      content_text: r.body,
      date_published: r.firstPublishedAt,
      date_modified: r.publishedAt,
      language: r.language,
    })),
  };
}

/** `zh`, `zh-CN` or `en`; anything else is the reader's Accept-Language (a page, not a refusal). */
const langQuery = z.object({ lang: z.string().max(20).optional() });
const keyParams = z.object({ key: z.string().min(1).max(200) });
const tags = ['public'];

/** Pages are revalidated on every view, so a retraction shows at once even behind a cache. */
function html(reply: FastifyReply, status: number, text: string) {
  return reply.status(status).header('cache-control', 'no-cache').header('vary', 'Accept-Language').type('text/html; charset=utf-8').send(text);
}

export function publicRoutes(app: App, ctx: Context): void {
  const db = () => ctx.database.db;
  app.get('/public/style.css', { schema: { tags, summary: 'The style sheet of the public pages', security: [] } }, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=3600').type('text/css; charset=utf-8').send(STYLE),
  );
  app.get('/public', { schema: { hide: true } }, async (request, reply) => reply.redirect(`/public/${request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : ''}`));
  app.get('/public/', { schema: { tags, summary: 'Public index of published releases (HTML, zh or en)', querystring: langQuery, security: [] } }, async (request, reply) =>
    html(reply, 200, indexPage(ctx, languageOf(request), await publicReleases(db()))),
  );
  app.get('/public/releases/:key', { schema: { tags, summary: 'One published release (HTML, zh or en), by its address name or id', params: keyParams, querystring: langQuery, security: [] } }, async (request, reply) => {
    const lang = languageOf(request);
    const release = await publicRelease(db(), request.params.key);
    return release ? html(reply, 200, releasePage(ctx, lang, release)) : html(reply, 404, notFoundPage(ctx, lang));
  });
  // Any other address under /public/ is a page that does not exist, said in the reader's language.
  app.get('/public/*', { schema: { hide: true } }, async (request, reply) => html(reply, 404, notFoundPage(ctx, languageOf(request))));
  app.get('/public/feed.atom', { schema: { tags, summary: 'Atom feed of published releases', security: [] } }, async (request, reply) =>
    reply.header('cache-control', 'no-cache').type('application/atom+xml; charset=utf-8').send(atomFeed(ctx, baseOf(ctx, request), await publicReleases(db(), FEED_LIMIT))),
  );
  app.get('/public/feed.json', { schema: { tags, summary: 'JSON Feed 1.1 of published releases', security: [] } }, async (request, reply) =>
    reply.header('cache-control', 'no-cache').type('application/feed+json; charset=utf-8').send(JSON.stringify(jsonFeed(ctx, baseOf(ctx, request), await publicReleases(db(), FEED_LIMIT)))),
  );
}
