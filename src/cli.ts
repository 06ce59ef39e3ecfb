/**
 * mamori — serve | start [--demo] | migrate | demo | create-admin | audit verify | backup FILE | restore FILE | relay | sanitize IN.eml
 * Configuration comes from the environment (see README); no command needs anything else.
 */
import { parseArgs } from 'node:util';
import { backup, restore } from './cli/backup.ts';
import { createAdmin } from './cli/create-admin.ts';
import { serve } from './cli/serve.ts';
import { migrateToLatest, openDatabase } from './db/database.ts';
import { asSystem } from './db/scope.ts';
import { verifyChain } from './platform/audit-log/trail.ts';
import { loadConfig } from './platform/config.ts';

const HELP = `使い方 / usage: mamori <command>

  start [--demo]        データベースを準備して起動します（--demo でデモの町を読み込みます）
  serve                 起動します
  migrate               データベースを最新の構造にします
  demo                  デモの町（架空）を読み込みます
  create-admin          団体と最初の管理者を作成します
                        --tenant-name --tenant-code --committee --login --password --family --given --family-kana --given-kana --staff-number
  audit verify          監査証跡の改ざんを検査します（全団体）
  backup FILE           SQLite データベースをオンラインでバックアップします
  restore FILE          バックアップから復元します（サーバー停止中に実行）
  relay                 無害化 SMTP リレーを起動します（MAMORI_RELAY_* で設定）
  sanitize IN.eml       1 通を無害化して標準出力に書きます（mamori sanitize IN.eml > OUT.eml）
`;

async function auditVerify(): Promise<number> {
  const config = loadConfig();
  const database = await openDatabase(config.databaseUrl);
  try {
    const tenants = await asSystem(database, (tx) =>
      tx.selectFrom('tenant').select(['id', 'name', 'code']).orderBy('code').execute(),
    );
    let failed = 0;
    for (const t of tenants) {
      const verdict = await verifyChain(database, t.id);
      if (verdict.ok) {
        console.log(`OK   ${t.name}（${t.code}）: ${verdict.checked}件の記録を確認しました。改ざんは見つかりません。`);
      } else {
        failed += 1;
        const p = verdict.problem!;
        console.log(`NG   ${t.name}（${t.code}）: ${p.message.ja}`);
        console.log(`     kind=${p.kind} seq=${p.seq} event=${p.eventId ?? '-'} | ${p.message.en}`);
      }
    }
    if (tenants.length === 0) console.log('団体が登録されていません。');
    return failed ? 1 : 0;
  } finally {
    await database.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // the sanitizer runs as its own process and needs no database configuration
  if (command === 'relay') {
    await (await import('./sanitizer/cli.ts')).relay();
    return -1;
  }
  if (command === 'sanitize' && rest[0]) return (await import('./sanitizer/cli.ts')).sanitizeFile(rest[0]);
  const config = loadConfig();
  switch (command) {
    case 'start':
    case 'serve': {
      const { values } = parseArgs({
        args: rest,
        options: { demo: { type: 'boolean', default: false } },
        allowPositionals: false,
      });
      await serve(
        config,
        values.demo
          ? async (db) => {
              await (await import('./demo/load.ts')).loadDemo(db, { quiet: false, config });
            }
          : undefined,
      );
      return -1;
    }
    case 'migrate': {
      const database = await openDatabase(config.databaseUrl);
      const applied = await migrateToLatest(database);
      await database.close();
      console.log(applied.length ? `適用しました: ${applied.join(', ')}` : 'データベースは最新です。');
      return 0;
    }
    case 'demo': {
      const database = await openDatabase(config.databaseUrl);
      await (await import('./demo/load.ts')).loadDemo(database, { quiet: false, config });
      await database.close();
      return 0;
    }
    case 'create-admin':
      return createAdmin(config, rest);
    case 'audit':
      if (rest[0] !== 'verify') break;
      return auditVerify();
    case 'backup':
      if (!rest[0]) break;
      console.log(`バックアップを作成しました: ${await backup(config.databaseUrl, rest[0])}`);
      return 0;
    case 'restore':
      if (!rest[0]) break;
      console.log(
        `復元しました: ${await restore(config.databaseUrl, rest[0])}（元のファイルは .before-restore として残しています）`,
      );
      return 0;
    case undefined:
    case 'help':
    case '--help':
      console.log(HELP);
      return 0;
  }
  console.error(`不明なコマンドです: ${argv.join(' ')}\n\n${HELP}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
