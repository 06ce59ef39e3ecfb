import { parseArgs } from 'node:util';
import { openDatabase } from '../db/database.ts';
import type { Config } from '../platform/config.ts';
import { AppError } from '../platform/errors.ts';
import { setupRequest } from '../modules/setup/contract.ts';
import { createTenantWithAdmin } from '../modules/setup/service.ts';

/** Creates a tenant and its first administrator from the command line (also for a prefecture adding a town). */
export async function createAdmin(config: Config, args: string[]): Promise<number> {
  const { values: v } = parseArgs({
    args,
    options: {
      'tenant-name': { type: 'string' },
      'tenant-code': { type: 'string' },
      committee: { type: 'string' },
      login: { type: 'string' },
      password: { type: 'string' },
      family: { type: 'string' },
      given: { type: 'string' },
      'family-kana': { type: 'string' },
      'given-kana': { type: 'string' },
      'staff-number': { type: 'string' },
    },
  });
  const parsed = setupRequest.safeParse({
    tenant: {
      name: v['tenant-name'],
      code: v['tenant-code'],
      committeeName: v.committee ?? `${v['tenant-name'] ?? ''}情報セキュリティ委員会`,
      bodies: [],
    },
    admin: {
      familyName: v.family,
      givenName: v.given,
      familyKana: v['family-kana'],
      givenKana: v['given-kana'],
      staffNumber: v['staff-number'] ?? 'admin',
      loginId: v.login,
      password: v.password ?? process.env.MAMORI_ADMIN_PASSWORD,
    },
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      console.error(`入力が不足又は誤っています: ${issue.path.join('.')} — ${issue.message}`);
    return 2;
  }
  const database = await openDatabase(config.databaseUrl);
  try {
    const result = await createTenantWithAdmin(database, parsed.data);
    console.log(
      `団体「${parsed.data.tenant.name}」と管理者「${parsed.data.admin.loginId}」を作成しました（tenant ${result.tenantId}）。初回ログイン時に二要素認証を設定してください。`,
    );
    return 0;
  } catch (e) {
    if (e instanceof AppError) {
      console.error(e.bilingual.ja);
      const fields =
        (e.details as { fields?: Array<{ field: string; message: { ja: string } }> } | undefined)?.fields ?? [];
      for (const f of fields) console.error(`  ${f.field}: ${f.message.ja}`);
      return 2;
    }
    throw e;
  } finally {
    await database.close();
  }
}
