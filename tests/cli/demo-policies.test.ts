/** 青葉町's policy documents (src/demo/policies.ts): its own name throughout, and a draft that changes what it says. */
import { afterEach, expect, it } from 'vitest';
import { asSystem, type Scope } from '../../src/db/scope.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { DEMO_REVISION_SUMMARY } from '../../src/demo/policies.ts';
import { DEMO_TOWN } from '../../src/demo/town.ts';
import { permissionTable } from '../../src/modules/index.ts';
import { compareVersions } from '../../src/modules/policies/compare.service.ts';
import { Client, startApp, type TestApp, testConfig } from '../helpers/app.ts';
import { describeEachDatabase } from '../helpers/databases.ts';

const office = (tenantId: string): Scope => ({
  tenantId,
  actor: {
    userId: null,
    personId: null,
    label: 'test',
    roles: [{ role: 'POLICY_OFFICE', scopeKind: 'TENANT', scopeId: null }],
  },
});

describeEachDatabase('demo town 青葉町: policies', (make) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('publishes the 基本方針 in its own name and drafts a 第2版 whose 新旧対照表 shows the changes', async () => {
    t = await startApp(await make());
    const services = { database: t.database, config: testConfig(), permissions: permissionTable() };
    const { tenantId } = await loadDemo(t.database, { quiet: true, config: services.config });

    const versions = await asSystem(t.database, (tx) =>
      tx
        .selectFrom('policy_version as v')
        .innerJoin('policy_document as d', 'd.id', 'v.document_id')
        .select(['d.id as documentId', 'd.kind', 'v.id', 'v.number', 'v.status', 'v.body', 'v.change_summary'])
        .where('v.tenant_id', '=', tenantId)
        .execute(),
    );
    for (const v of versions) expect(`${v.body}${v.change_summary}`).not.toContain('六戸町');
    const basic = versions.filter((v) => v.kind === 'BASIC').sort((a, b) => Number(a.number) - Number(b.number));
    expect(basic.map((v) => [Number(v.number), v.status])).toEqual([
      [1, 'PUBLISHED'],
      [2, 'COMMITTEE'],
    ]);
    expect(basic[0].body).toContain(`# ${DEMO_TOWN.name}情報セキュリティポリシー`);
    expect(basic[0].body).toContain(DEMO_TOWN.committeeName);
    expect(basic[1].change_summary).toBe(DEMO_REVISION_SUMMARY);

    const comparison = await compareVersions(services, office(tenantId), basic[0].documentId, basic[0].id, basic[1].id);
    expect(comparison.summary.modified).toBe(2);
    const changed = comparison.rows.filter((r) => r.change === 'modified').map((r) => r.new?.text ?? '');
    expect(changed.some((text) => text.includes('本基本方針を速やかに公表する'))).toBe(true);
    expect(changed.some((text) => text.includes('公表しない'))).toBe(true);

    // The public portal shows nothing of another town.
    const portal = await new Client(t.app).get(`/api/v1/public/${DEMO_TOWN.code}/policies`);
    expect(portal.statusCode).toBe(200);
    expect(portal.body).toContain(DEMO_TOWN.name);
    expect(portal.body).not.toContain('六戸町');
  });
});
