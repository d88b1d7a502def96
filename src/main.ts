import { ConfigError } from './config.ts';
import { startRemit } from './app.ts';
import { ensureWebBuild } from './http/web-build.ts';
import { zhThenEn } from './i18n/render.ts';
import { DEMO_USERNAMES } from './org/demo.ts';

export { startRemit } from './app.ts';

/** `npm start`: build the web app if its sources changed, then serve until told to stop. */
export async function serve(): Promise<void> {
  const started = Date.now();
  try {
    await ensureWebBuild((m) => console.log(m));
    const remit = await startRemit();
    // Chinese first, then English, as every page and message is (the operator reads this console too).
    const dialect = remit.ctx.database.dialect;
    const readyMs = Date.now() - started;
    console.log(`Remit 已启动：${remit.url}（数据库 ${dialect}，${readyMs} 毫秒就绪）`);
    console.log(`Remit is serving at ${remit.url} (database: ${dialect}, ready in ${readyMs} ms)`);
    console.log(`接口文档 API documentation: ${remit.url}/api/docs`);
    if (remit.adminPassword) {
      const others = DEMO_USERNAMES.filter((u) => u !== 'admin').join(', ');
      console.log(`\n${zhThenEn('已载入演示数据。请以系统管理员身份登录', 'Demo data loaded. Sign in as the administrator with:')}`);
      console.log(`  用户名 user name: admin\n  密码 password:  ${remit.adminPassword}`);
      console.log(zhThenEn(`演示账号 ${others}（每个角色一个）使用同一密码。`, `The demo accounts ${others} (one per role) share this password.`));
      console.log(`${zhThenEn('此密码只显示这一次，请在“我的账号”页修改。', 'This password is shown only this once. Change it on the Account page.')}\n`);
    }
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.log(zhThenEn(`${signal}：正在停止`, 'stopping…'));
      remit.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}

if (import.meta.main) await serve();
