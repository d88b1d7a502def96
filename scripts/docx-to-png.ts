/**
 * Renders the Word documents of the demo's seed session to PNG, to see them as a reader's Word would
 * lay them out: the minutes (学习纪要) and the news release (新闻稿), in Chinese.
 *
 *   node scripts/docx-to-png.ts [outDir]        (default docs/screenshots)
 *
 * Starts Remit on a throwaway SQLite database with the demo data (127.0.0.1, a free port), downloads
 * both documents as the administrator, converts them with LibreOffice headless (`soffice`, Debian's
 * libreoffice-writer-nogui) to PDF and the first page of each with `pdftoppm` (poppler-utils) to
 * docx-minutes.png and docx-release.png. Needs those two programs; the test suite does not.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startRemit } from '../src/app.ts';

const ROOT = join(import.meta.dirname, '..');
const outDir = resolve(process.argv[2] ?? join(ROOT, 'docs', 'screenshots'));

function need(program: string, pkg: string): void {
  try {
    execFileSync('which', [program], { stdio: 'ignore' });
  } catch {
    console.error(`${program} is not installed: apt-get install -y ${pkg}`);
    process.exit(2);
  }
}

need('soffice', 'libreoffice-writer-nogui');
need('pdftoppm', 'poppler-utils');

const dir = mkdtempSync(join(tmpdir(), 'remit-docx-'));
const remit = await startRemit({ env: { REMIT_DATA_DIR: join(dir, 'data'), REMIT_PORT: '0', REMIT_HOST: '127.0.0.1', REMIT_LOG_LEVEL: 'silent', REMIT_ORG_NAME: process.env.REMIT_ORG_NAME ?? '中共某市委员会' } });
try {
  if (!remit.adminPassword) throw new Error('the demo data did not load');
  const login = await fetch(`${remit.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: remit.adminPassword }) });
  if (!login.ok) throw new Error(`sign-in failed: ${login.status}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const get = async (path: string) => {
    const response = await fetch(`${remit.url}${path}`, { headers: { cookie, 'accept-language': 'zh-CN' } });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response;
  };
  const sessions = (await (await get('/api/study/sessions?pageSize=50&sort=date&order=asc')).json()) as { items: { id: string; date: string }[] };
  const seed = sessions.items.find((s) => s.date === '2023-01-20') ?? sessions.items[0];
  if (!seed) throw new Error('no session in the demo data');
  mkdirSync(outDir, { recursive: true });
  for (const [name, path] of [
    ['minutes', `/api/study/sessions/${seed.id}/minutes/docx?lang=zh`],
    ['release', `/api/study/sessions/${seed.id}/release/docx?lang=zh`],
  ] as const) {
    const docx = join(dir, `docx-${name}.docx`);
    writeFileSync(docx, Buffer.from(await (await get(path)).arrayBuffer()));
    // A profile of its own, so a running LibreOffice of the user's does not take the job.
    execFileSync('soffice', [`-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, docx], { stdio: 'ignore', timeout: 180_000 });
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', join(dir, `docx-${name}.pdf`), join(dir, `docx-${name}`)]);
    copyFileSync(join(dir, `docx-${name}.png`), join(outDir, `docx-${name}.png`));
    console.log(`${join(outDir, `docx-${name}.png`)} (first page of ${path})`);
  }
} finally {
  await remit.close();
  rmSync(dir, { recursive: true, force: true });
}
