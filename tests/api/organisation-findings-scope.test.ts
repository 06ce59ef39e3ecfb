/**
 * GET /findings/organisation is scoped: oversight (CISO, 統括, 情報政策担当, audit) sees the whole town's 組織体制
 * findings; a 情報セキュリティ責任者・管理者 only those within the units they answer for. Run on the demo town, whose
 * two deliberate findings are 子育て支援課 without a manager (住民福祉部) and 米田 (監査委員事務局) holding both
 * audit and auditee roles.
 */
import { afterEach, expect, it } from 'vitest';
import { asSystem, type Scope } from '../../src/db/scope.ts';
import { DEFAULT_DEMO_PASSWORD, loadDemo } from '../../src/demo/load.ts';
import { createAccount } from '../../src/modules/accounts/service.ts';
import { permissionTable } from '../../src/modules/index.ts';
import { signInEnrolling, startApp, type TestApp } from '../helpers/app.ts';
import { describeEachDatabase } from '../helpers/databases.ts';

describeEachDatabase('organisation findings by reader', (make) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('shows the town-wide findings to oversight and only their own units’ findings to responsibles and managers', async () => {
    t = await startApp(await make());
    const app = t;
    const { tenantId } = await loadDemo(app.database, { quiet: true, config: app.config });

    // Two more readers from the demo's people: the 住民福祉部長 (責任者 of the 部 holding 子育て支援課) and 米田 (管理者 and 監査人).
    const scope: Scope = { tenantId, actor: { userId: null, personId: null, label: 'test', roles: [] } };
    const services = { database: app.database, config: app.config, permissions: permissionTable() };
    for (const [staffNumber, loginId] of [
      ['20101', 'jumin-bucho'],
      ['60101', 'kansa-kyokucho'],
    ]) {
      const person = await asSystem(app.database, (tx) =>
        tx
          .selectFrom('person')
          .select('id')
          .where('tenant_id', '=', tenantId)
          .where('staff_number', '=', staffNumber)
          .executeTakeFirstOrThrow(),
      );
      await createAccount(services, scope, {
        personId: person.id,
        loginId,
        password: DEFAULT_DEMO_PASSWORD,
        passwordChangeRequired: false,
      });
    }

    const findingsOf = async (loginId: string) => {
      const client = await signInEnrolling(app, loginId, DEFAULT_DEMO_PASSWORD);
      const res = await client.get('/api/v1/findings/organisation');
      expect(res.statusCode).toBe(200);
      const body = res.json() as {
        reach: string;
        findings: Array<{ code: string; subject?: { label: string } }>;
        conflicts: Array<{ rule: string; personName: string }>;
      };
      return {
        reach: body.reach,
        findings: body.findings.map((f) => `${f.code}:${f.subject?.label ?? ''}`),
        conflicts: body.conflicts.map((c) => `${c.rule}:${c.personName}`),
      };
    };

    const townWide = {
      reach: 'all',
      findings: ['ORG-UNIT-NO-MANAGER:住民福祉部 > 子育て支援課'],
      conflicts: ['SOD-2:米田 昭彦'],
    };
    expect(await findingsOf('demo-ciso')).toEqual(townWide);
    expect(await findingsOf('demo-admin')).toEqual(townWide);
    // 住民課長: nothing in 住民課 is wrong; the other units' findings are not hers to act on.
    expect(await findingsOf('demo-kacho')).toEqual({ reach: 'ownUnits', findings: [], conflicts: [] });
    // A plain member of staff has no findings to read at all.
    const staff = await signInEnrolling(app, 'demo-staff', DEFAULT_DEMO_PASSWORD);
    expect((await staff.get('/api/v1/findings/organisation')).statusCode).toBe(403);
    // 住民福祉部長: 子育て支援課 is in his 部; 米田's 兼務 is not.
    expect(await findingsOf('jumin-bucho')).toEqual({ reach: 'ownUnits', findings: townWide.findings, conflicts: [] });
    // 米田 is also a 監査人, and audit reads the whole town.
    expect(await findingsOf('kansa-kyokucho')).toEqual(townWide);
  });
});
