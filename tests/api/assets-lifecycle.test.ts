import { afterAll, beforeAll, expect, it } from 'vitest';
import { asSystem } from '../../src/db/scope.ts';
import { todayInJapan } from '../../src/domain/calendar.ts';
import { upload } from '../fixtures/org.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { type AssetWorld, assetWorld, createAsset, ok } from './assets.fixture.ts';

const addDays = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');

describeEachDatabase('asset lifecycle and findings', (make) => {
  let w: AssetWorld;
  const today = todayInJapan();
  beforeAll(async () => {
    w = await assetWorld(make);
  }, 180_000);
  afterAll(async () => w?.t.close());

  it('持ち出し of 機密性3: staff applies, the 課室 管理者 approves, the carry-out is recorded, returned', async () => {
    const asset = await createAsset(w, { confidentiality: '3', integrity: '2', availability: '2' });
    // Without permission the carry-out is refused, citing the rule.
    const refused = await w.staff.post(`/api/v1/assets/${asset.id}/events`, {
      action: 'CARRY',
      expectedReturnOn: addDays(today, 3),
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'PERMISSION_REQUIRED', details: { clause: { label: '例文' } } });
    expect(refused.json().message.ja).toContain('情報セキュリティ管理者の許可');

    const request = ok(
      await w.staff.post(`/api/v1/assets/${asset.id}/permission-requests`, {
        action: 'CARRY',
        purpose: '住民説明会での説明',
        destination: '公民館',
        expectedReturnOn: addDays(today, 3),
      }),
      201,
    );
    expect(request).toMatchObject({ status: 'PENDING', required: true, statusLabel: '申請中' });
    // The applicant cannot decide; a colleague without the role cannot either; the 管理者's queue shows it.
    expect(
      (await w.staff.post(`/api/v1/asset-permissions/${request.id}/decide`, { decision: 'APPROVED' })).statusCode,
    ).toBe(403);
    expect((await w.taxStaff.get(`/api/v1/assets/${asset.id}`)).statusCode).toBe(403);
    const queue = ok(await w.manager.get('/api/v1/asset-permissions?toDecide=true'));
    expect(queue.items.map((r: { id: string }) => r.id)).toContain(request.id);
    expect(ok(await w.colleague.get('/api/v1/asset-permissions')).items.map((r: { id: string }) => r.id)).not.toContain(
      request.id,
    );
    expect(ok(await w.staff.get('/api/v1/asset-permissions')).items.map((r: { id: string }) => r.id)).toContain(
      request.id,
    );

    const approved = ok(
      await w.manager.post(`/api/v1/asset-permissions/${request.id}/decide`, {
        decision: 'APPROVED',
        note: '鍵付きケースで運搬すること',
      }),
    );
    expect(approved).toMatchObject({ status: 'APPROVED', decidedBy: { personId: w.managerId } });
    expect(
      (await w.manager.post(`/api/v1/asset-permissions/${request.id}/decide`, { decision: 'DENIED' })).statusCode,
    ).toBe(409);

    const carried = ok(
      await w.staff.post(`/api/v1/assets/${asset.id}/events`, { action: 'CARRY', permissionId: request.id }),
      201,
    );
    expect(carried).toMatchObject({
      action: 'CARRY',
      permissionId: request.id,
      expectedReturnOn: addDays(today, 3),
      carryState: 'OUT',
      destination: '公民館',
    });
    expect(carried.warnings.map((x: { rule: string }) => x.rule)).toEqual(['LC-ENCRYPT']);
    // A permission is used once.
    const reuse = await w.staff.post(`/api/v1/assets/${asset.id}/events`, {
      action: 'CARRY',
      permissionId: request.id,
    });
    expect(reuse.statusCode).toBe(400);
    const back = ok(await w.staff.post(`/api/v1/assets/${asset.id}/events/${carried.id}/return`, {}));
    expect(back.carryState).toBe('RETURNED');
    expect((await w.staff.post(`/api/v1/assets/${asset.id}/events/${carried.id}/return`, {})).statusCode).toBe(409);

    const trail = await asSystem(w.t.database, (tx) =>
      tx
        .selectFrom('audit_event')
        .select(['action', 'entity_id'])
        .where('entity_type', 'in', ['asset_permission', 'asset_event'])
        .execute(),
    );
    expect(trail.filter((e) => e.entity_id === request.id).map((e) => e.action)).toEqual(['request', 'decide']);
    expect(trail.filter((e) => e.entity_id === carried.id).map((e) => e.action)).toEqual(['record', 'return']);
  });

  it('never lets the applicant approve their own request, even the 管理者 (SOD-1); the 責任者 may decide instead', async () => {
    const asset = await createAsset(w, { confidentiality: '2' });
    const own = ok(
      await w.manager.post(`/api/v1/assets/${asset.id}/permission-requests`, {
        action: 'PROVIDE',
        purpose: '県への報告',
        recipient: '県庁',
      }),
      201,
    );
    const self = await w.manager.post(`/api/v1/asset-permissions/${own.id}/decide`, { decision: 'APPROVED' });
    expect(self.statusCode).toBe(403);
    expect(self.json()).toMatchObject({ code: 'SOD_APPLICANT_IS_APPROVER', details: { rule: 'SOD-1' } });
    ok(
      await w.responsible.post(`/api/v1/asset-permissions/${own.id}/decide`, {
        decision: 'DENIED',
        note: '匿名化してから提供すること',
      }),
    );
    const denied = ok(await w.manager.get(`/api/v1/assets/${asset.id}`)).permissions[0];
    expect(denied).toMatchObject({ status: 'DENIED', statusLabel: '却下', decisionNote: '匿名化してから提供すること' });
    // A denied permission cannot be used; 提供 without one is refused.
    expect(
      (
        await w.manager.post(`/api/v1/assets/${asset.id}/events`, {
          action: 'PROVIDE',
          recipient: '県庁',
          permissionId: own.id,
        })
      ).statusCode,
    ).toBe(400);
    // A withdrawn request leaves the queue.
    const again = ok(
      await w.staff.post(`/api/v1/assets/${asset.id}/permission-requests`, {
        action: 'PROVIDE',
        purpose: '再申請',
        recipient: '県庁',
      }),
      201,
    );
    expect((await w.colleague.post(`/api/v1/asset-permissions/${again.id}/withdraw`)).statusCode).toBe(403);
    expect(ok(await w.staff.post(`/api/v1/asset-permissions/${again.id}/withdraw`)).status).toBe('WITHDRAWN');
  });

  it('records 廃棄 with time, person, an irrecoverable method and a certificate; then the asset is closed', async () => {
    const media = await createAsset(w, {
      name: 'USBメモリ（住民記録）',
      kind: 'MEDIA',
      medium: 'MEDIA',
      confidentiality: '3',
    });
    const request = ok(
      await w.staff.post(`/api/v1/assets/${media.id}/permission-requests`, {
        action: 'DISPOSE',
        purpose: '保存期間満了',
        method: 'PHYSICAL_DESTRUCTION',
      }),
      201,
    );
    ok(await w.manager.post(`/api/v1/asset-permissions/${request.id}/decide`, { decision: 'APPROVED' }));
    const weak = await w.staff.post(`/api/v1/assets/${media.id}/events`, {
      action: 'DISPOSE',
      permissionId: request.id,
      method: 'DELETE',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().details.fields[0]).toMatchObject({ field: 'method' });
    const at = `${today}T01:30:00.000Z`;
    const disposed = ok(
      await w.staff.post(`/api/v1/assets/${media.id}/events`, {
        action: 'DISPOSE',
        permissionId: request.id,
        at,
        performedBy: w.colleagueId,
      }),
      201,
    );
    expect(disposed).toMatchObject({
      action: 'DISPOSE',
      at,
      method: 'PHYSICAL_DESTRUCTION',
      methodLabel: '物理的破壊',
      performedBy: { id: w.colleagueId },
    });
    const cert = await upload(w.staff, `/api/v1/assets/${media.id}/events/${disposed.id}/certificate`, {
      name: '廃棄証明書.pdf',
      bytes: PDF,
      type: 'application/pdf',
    });
    expect(cert.statusCode, cert.body).toBe(201);
    expect(cert.json()).toMatchObject({ mime: 'application/pdf', size: PDF.length, originalName: '廃棄証明書.pdf' });
    const exe = await upload(w.staff, `/api/v1/assets/${media.id}/events/${disposed.id}/certificate`, {
      name: 'x.pdf',
      bytes: Buffer.from('MZ'),
      type: 'application/pdf',
    });
    expect(exe.statusCode).toBe(400);
    const download = await w.staff.get(`/api/v1/assets/${media.id}/events/${disposed.id}/certificate`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(PDF)).toBe(true);
    const shown = ok(await w.staff.get(`/api/v1/assets/${media.id}`));
    expect(shown).toMatchObject({ status: 'DISPOSED', statusLabel: '廃棄済', disposedAt: at });
    expect(shown.events[0].certificate).toMatchObject({ name: '廃棄証明書.pdf' });
    expect((await w.staff.post(`/api/v1/assets/${media.id}/events`, { action: 'USE' })).statusCode).toBe(409);
    expect((await w.manager.patch(`/api/v1/assets/${media.id}`, { name: 'x' })).statusCode).toBe(409);
    // Disposed assets leave the default list.
    expect(ok(await w.manager.get(`/api/v1/assets?q=${media.ref}`)).items).toEqual([]);
    expect(ok(await w.manager.get(`/api/v1/assets?q=${media.ref}&status=DISPOSED`)).items).toHaveLength(1);
  });

  it('records a carry-out found afterwards without permission as a fact, which becomes a finding with an overdue flag', async () => {
    const asset = await createAsset(w, { name: '課税資料（持ち出し）', confidentiality: '2' });
    const facts = {
      action: 'CARRY',
      at: `${addDays(today, -10)}T00:00:00Z`,
      expectedReturnOn: addDays(today, -2),
      unauthorised: true,
      reason: '監査で判明',
    };
    expect((await w.staff.post(`/api/v1/assets/${asset.id}/events`, facts)).statusCode).toBe(403);
    const e = ok(await w.manager.post(`/api/v1/assets/${asset.id}/events`, facts), 201);
    expect(e).toMatchObject({ unpermitted: true, carryState: 'OVERDUE' });
    const findings = ok(await w.manager.get(`/api/v1/assets/${asset.id}`)).findings.map(
      (f: { code: string }) => f.code,
    );
    expect(findings).toEqual(expect.arrayContaining(['ASSET-UNPERMITTED', 'ASSET-CARRY-OVERDUE']));
  });

  it('reports findings, each citing its clause, scoped to the reader, and exports them', async () => {
    await createAsset(w, { name: '未分類の資料', confidentiality: null, integrity: null, availability: null });
    await createAsset(w, { name: 'ネット系の内部資料', tier: 'internet', confidentiality: '2' });
    await createAsset(w, { name: '番号連携ファイル', hasSpecificPersonal: true, tier: 'lgwan', confidentiality: '3' });
    await createAsset(w, { name: '見直し切れ', nextReviewOn: addDays(today, -1) });
    await createAsset(w, { name: '税務課の資料', orgUnitId: w.town.taxSection }, w.policy);
    await createAsset(w, { name: '所管なし', orgUnitId: null }, w.policy);
    const server = await createAsset(w, {
      name: 'ファイルサーバ',
      kind: 'DEVICE',
      medium: 'DEVICE',
      confidentiality: '1',
    });
    await createAsset(w, {
      name: '格納データ',
      confidentiality: '3',
      links: [{ kind: 'STORED_IN', targetId: server.id }],
    });
    const all = ok(await w.policy.get('/api/v1/findings/assets'));
    expect(all.networkModel).toBe('alpha');
    const codes = new Set(all.items.map((f: { code: string }) => f.code));
    for (const code of [
      'ASSET-UNCLASSIFIED',
      'ASSET-NO-OWNER',
      'ASSET-TIER-FORBIDDEN',
      'ASSET-MYNUMBER-OUTSIDE',
      'ASSET-REVIEW-OVERDUE',
      'ASSET-UNPERMITTED',
      'ASSET-CARRY-OVERDUE',
      'CLASS-BELOW-DERIVED',
    ])
      expect(codes, code).toContain(code);
    for (const f of all.items) expect(f.clause.ref, f.code).toBeTruthy();
    expect(all.items.find((f: { code: string }) => f.code === 'ASSET-MYNUMBER-OUTSIDE').clause).toMatchObject({
      ref: '2(8), 6(3)①',
      label: '確認済',
    });
    expect(all.counts['ASSET-NO-OWNER']).toBeGreaterThanOrEqual(2);
    // The 管理者 of 総務課 sees the findings of 総務課 only; staff see none.
    const mine = ok(await w.manager.get('/api/v1/findings/assets'));
    expect(mine.items.every((f: { unitId: string }) => f.unitId === w.town.section)).toBe(true);
    expect(mine.total).toBeLessThan(all.total);
    expect((await w.staff.get('/api/v1/findings/assets')).statusCode).toBe(403);
    const only = ok(await w.policy.get('/api/v1/findings/assets?code=ASSET-TIER-FORBIDDEN'));
    expect(only.items.every((f: { code: string }) => f.code === 'ASSET-TIER-FORBIDDEN')).toBe(true);
    const csv = await w.policy.get('/api/v1/findings/assets/export?format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('ASSET-MYNUMBER-OUTSIDE');
    expect(csv.body).toContain('根拠文書');
    const xlsx = await w.policy.get('/api/v1/findings/assets/export');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.readUInt32LE(0)).toBe(0x04034b50);
  });
});
