/** 青葉町's 情報資産管理台帳 (src/demo/assets.ts): the register loads through the services with its deliberate gaps. */
import { afterEach, expect, it } from 'vitest';
import type { Scope } from '../../src/db/scope.ts';
import { DEMO_ASSETS, demoReviewDates } from '../../src/demo/assets.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { countAssets } from '../../src/modules/assets/assets.service.ts';
import { listFindings } from '../../src/modules/assets/findings.service.ts';
import { listPermissions } from '../../src/modules/assets/requests.service.ts';
import { permissionTable } from '../../src/modules/index.ts';
import { startApp, type TestApp, testConfig } from '../helpers/app.ts';
import { describeEachDatabase } from '../helpers/databases.ts';

const ciso = (tenantId: string): Scope => ({
  tenantId,
  actor: { userId: null, personId: null, label: 'test', roles: [{ role: 'CISO', scopeKind: 'TENANT', scopeId: null }] },
});

describeEachDatabase('demo town 青葉町: information assets', (make) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('registers the assets with the deliberate findings and a pending 持ち出し request', async () => {
    t = await startApp(await make());
    const services = { database: t.database, config: testConfig(), permissions: permissionTable() };
    const { tenantId } = await loadDemo(t.database, { quiet: true, config: services.config });
    const scope = ciso(tenantId);
    const active = await countAssets(services, scope, { status: 'ACTIVE' });
    expect(active.total).toBe(DEMO_ASSETS.length);
    expect((await countAssets(services, scope, { status: 'DISPOSED' })).total).toBe(1);

    const findings = await listFindings(services, scope, { limit: 500 });
    const refsOf = (code: string) =>
      findings.items
        .filter((f) => f.code === code)
        .map((f) => f.subject.label)
        .sort();
    expect(refsOf('ASSET-UNCLASSIFIED')).toEqual([expect.stringContaining('住民アンケート集計結果')]);
    expect(refsOf('ASSET-REVIEW-OVERDUE')).toEqual([expect.stringContaining('町道台帳')]);
    // 所管・管理者なし only where the chain has no 管理者 (子育て支援課); 係 fall to their 課室's 管理者.
    expect(refsOf('ASSET-NO-OWNER')).toEqual(
      DEMO_ASSETS.filter((a) => a.unit === 'kosodate')
        .map((a) => `${a.ref} ${a.name}`)
        .sort(),
    );
    expect(refsOf('ASSET-CARRY-OVERDUE')).toEqual([expect.stringContaining('広報用デジタルカメラ')]);
    expect(refsOf('CLASS-BELOW-DERIVED').every((l) => l.includes('住民記録システム バックアップテープ'))).toBe(true);
    expect(refsOf('CLASS-BELOW-DERIVED').length).toBeGreaterThan(0);
    expect(findings.counts['ASSET-TIER-FORBIDDEN']).toBe(0);
    expect(findings.counts['ASSET-UNPERMITTED']).toBe(0);

    const pending = await listPermissions(services, scope, { status: 'PENDING', limit: 50 });
    expect(pending.items.map((p) => [p.action, p.asset.name])).toEqual([['CARRY', '業務用USBメモリ（住民課）']]);
    // The applicant is shown by name (as a signed-in user's label is), not by a job title.
    expect(pending.items[0].applicant.label).toBe('中村 優花（demo-staff）');
    // Review dates are spread over the year by 課室, a few due within days; only the road ledger is overdue.
    const dues = DEMO_ASSETS.map((a) => demoReviewDates(DEMO_ASSETS, '2026-11-26').get(a.ref)?.nextReviewOn ?? '');
    expect(new Set(dues.map((d) => d.slice(0, 7))).size).toBeGreaterThanOrEqual(8);
    expect(dues.filter((d) => d >= '2026-11-26' && d <= '2026-11-30').length).toBeGreaterThan(0);
    expect(dues.filter((d) => d < '2026-11-26')).toHaveLength(1);
    expect(dues.every((d) => d < '2027-11-26')).toBe(true);
  });
});
