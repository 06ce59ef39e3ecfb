import { afterAll, beforeAll, expect, it } from 'vitest';
import { asSystem } from '../../src/db/scope.ts';
import { todayInJapan } from '../../src/domain/calendar.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { type AssetWorld, assetBody, assetWorld, createAsset, ok } from './assets.fixture.ts';

const addDays = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describeEachDatabase('information asset register (情報資産管理台帳)', (make) => {
  let w: AssetWorld;
  beforeAll(async () => {
    w = await assetWorld(make);
  }, 180_000);
  afterAll(async () => w?.t.close());

  it('starts each tenant with scheme A, readable by every member of staff, managed only by the policy roles', async () => {
    const list = ok(await w.staff.get('/api/v1/asset-schemes'));
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ code: 'MIC_PRE_R6', inForce: true });
    expect(list.items[0].confidentiality.map((l: { code: string }) => l.code)).toEqual(['3', '2', '1']);
    expect(list.items[0].confidentiality[0].restrictionDetails[0].clause.label).toBe('例文');
    expect(list.presets.map((p: { code: string }) => p.code)).toEqual(['MIC_PRE_R6', 'MIC_R6_10']);
    expect(
      (await w.staff.post('/api/v1/asset-schemes', { preset: 'MIC_R6_10', effectiveFrom: '2030-04-01' })).statusCode,
    ).toBe(403);
    expect(
      (await w.manager.post('/api/v1/asset-schemes', { preset: 'MIC_R6_10', effectiveFrom: '2030-04-01' })).statusCode,
    ).toBe(403);
  });

  it('switches the scheme in force on the effective date of the 令和6年10月 scheme; assets keep theirs', async () => {
    const before = await createAsset(w, { confidentiality: '3' });
    const tomorrow = addDays(todayInJapan(), 1);
    const b = ok(await w.policy.post('/api/v1/asset-schemes', { preset: 'MIC_R6_10', effectiveFrom: tomorrow }), 201);
    expect(b).toMatchObject({ code: 'MIC_R6_10', inForce: false });
    expect(b.confidentiality.map((l: { code: string }) => l.code)).toEqual(['3A', '3B', '3C', '2', '1']);
    expect(
      ok(await w.staff.get(`/api/v1/asset-schemes?on=${tomorrow}`)).items.find((s: { inForce: boolean }) => s.inForce)
        .code,
    ).toBe('MIC_R6_10');
    expect(ok(await w.staff.get('/api/v1/asset-schemes')).items.find((s: { inForce: boolean }) => s.inForce).code).toBe(
      'MIC_PRE_R6',
    );
    const dup = await w.policy.post('/api/v1/asset-schemes', { preset: 'MIC_R6_10', effectiveFrom: tomorrow });
    expect(dup.statusCode).toBe(409);
    // Moving B's date to today puts it in force for new assets; the existing asset stays under scheme A.
    ok(await w.policy.request('PUT', `/api/v1/asset-schemes/${b.id}`, { effectiveFrom: todayInJapan() }));
    const after = await createAsset(w, { confidentiality: '3B' });
    expect(after.scheme.code).toBe('MIC_R6_10');
    expect(after.confidentiality).toMatchObject({ code: '3B', name: '自治体機密性3B' });
    const kept = ok(await w.manager.get(`/api/v1/assets/${before.id}`));
    expect(kept.scheme.code).toBe('MIC_PRE_R6');
    // The detail proposes the migration (機密性3 → 3A) but changes nothing.
    expect(kept.proposal.confidentiality).toMatchObject({ proposed: '3A', label: '要確認' });
    // "4" is no level of scheme B: refused with the choices in Japanese.
    const four = await w.manager.post('/api/v1/assets', assetBody(w, { confidentiality: '4' }));
    expect(four.statusCode).toBe(400);
    expect(four.json().details.fields[0]).toMatchObject({ field: 'confidentiality' });
    expect(four.json().details.fields[0].message.ja).toContain('3A、3B、3C、2、1');
    // Move B back into the future so the other tests classify under scheme A.
    ok(await w.policy.request('PUT', `/api/v1/asset-schemes/${b.id}`, { effectiveFrom: '2099-04-01' }));
  });

  it('edits a scheme as data: restrictions follow the edit; a level in use cannot be removed', async () => {
    const schemes = ok(await w.policy.get('/api/v1/asset-schemes')).items;
    const a = schemes.find((s: { code: string }) => s.code === 'MIC_PRE_R6');
    const asset = await createAsset(w, { confidentiality: '2' });
    expect(asset.restrictions.map((r: { code: string }) => r.code)).toContain('LOCKED_CASE_TRANSPORT');
    const strip = (l: Record<string, unknown>) => {
      const { restrictionDetails: _, ...rest } = l;
      return rest;
    };
    const definition = {
      confidentiality: a.confidentiality.map((l: Record<string, unknown>) =>
        strip(l.code === '2' ? { ...l, displayName: '機密性２（本町）', restrictions: ['ENCRYPT_IN_TRANSIT'] } : l),
      ),
      integrity: a.integrity.map(strip),
      availability: a.availability.map(strip),
      thresholds: a.thresholds,
    };
    ok(await w.policy.request('PUT', `/api/v1/asset-schemes/${a.id}`, { definition }));
    const edited = ok(await w.staff.get(`/api/v1/assets/${asset.id}`));
    expect(edited.restrictions.map((r: { code: string }) => r.code)).toEqual(['ENCRYPT_IN_TRANSIT']);
    expect(edited.confidentiality.name).toBe('機密性２（本町）');
    const removed = {
      ...definition,
      confidentiality: definition.confidentiality.filter((l: { code: string }) => l.code !== '2'),
    };
    const refused = await w.policy.request('PUT', `/api/v1/asset-schemes/${a.id}`, { definition: removed });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('SCHEME_LEVEL_IN_USE');
    const bad = { ...definition, thresholds: { CONF_2_PLUS: { axis: 'C', minRank: 2 } } };
    expect((await w.policy.request('PUT', `/api/v1/asset-schemes/${a.id}`, { definition: bad })).statusCode).toBe(400);
    // Restore the preset wording for the other tests.
    const restore = {
      ...definition,
      confidentiality: a.confidentiality.map(strip),
    };
    ok(await w.policy.request('PUT', `/api/v1/asset-schemes/${a.id}`, { definition: restore }));
  });

  it('registers an asset with its restrictions and 表示 label; the 課室 owns it', async () => {
    const asset = await createAsset(w, {
      confidentiality: '3',
      integrity: '2',
      availability: '2',
      hasPersonal: true,
      personCount: 'GT_10000',
    });
    expect(asset).toMatchObject({
      kindLabel: '情報（電子データ）',
      unitPath: '総務部 > 総務課',
      tierLabel: 'LGWAN接続系',
      classified: true,
      label: { short: '【機密性3・完全性2・可用性2】' },
      personCountLabel: '10,001人以上',
      owner: { unitPath: '総務部 > 総務課' },
      can: { edit: true, record: true, request: true, decide: true },
    });
    expect(asset.label.full).toContain('支給以外の端末での作業の禁止');
    expect(asset.owner.managers.map((m: { name: string }) => m.name)).toEqual([expect.stringContaining('管理')]);
    expect(asset.restrictions.find((r: { code: string }) => r.code === 'BACKUP')).toMatchObject({
      triggeredBy: ['完全性2', '可用性2'],
      clause: { label: '例文' },
    });
    // The 管理者 of 総務課 may not register assets for 税務課; staff may not register at all.
    expect((await w.manager.post('/api/v1/assets', assetBody(w, { orgUnitId: w.town.taxSection }))).statusCode).toBe(
      403,
    );
    expect((await w.staff.post('/api/v1/assets', assetBody(w))).statusCode).toBe(403);
    // The 責任者 of 総務部 covers both 課室.
    await createAsset(w, { orgUnitId: w.town.taxSection, name: '課税台帳' }, w.responsible);
    const dup = await w.manager.post('/api/v1/assets', assetBody(w, { ref: asset.ref }));
    expect(dup.statusCode).toBe(409);
    expect(dup.json().message.ja).toContain(asset.ref);
  });

  it('lets staff read the assets of their own 課室 only', async () => {
    const mine = await createAsset(w, { name: '総務課の文書' });
    const theirs = await createAsset(w, { orgUnitId: w.town.taxSection, name: '税務課の文書' }, w.policy);
    expect((await w.staff.get(`/api/v1/assets/${mine.id}`)).statusCode).toBe(200);
    expect((await w.staff.get(`/api/v1/assets/${theirs.id}`)).statusCode).toBe(403);
    expect((await w.taxStaff.get(`/api/v1/assets/${mine.id}`)).statusCode).toBe(403);
    const seen = ok(await w.taxStaff.get('/api/v1/assets?limit=200')).items.map((a: { id: string }) => a.id);
    expect(seen).toContain(theirs.id);
    expect(seen).not.toContain(mine.id);
    const all = ok(await w.policy.get('/api/v1/assets?limit=200')).items.map((a: { id: string }) => a.id);
    expect(all).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    // The Mamori administrator is staff without a 課室 here: the register shows them nothing.
    expect(ok(await w.admin.get('/api/v1/assets')).items).toEqual([]);
  });

  it('lists with server-side filter, sort, search and cursor pagination', async () => {
    const tag = `P${Date.now() % 100000}`;
    const made = [];
    for (const [i, c] of ['1', '3', '2', '3', '1', '2', '3'].entries())
      made.push(
        await createAsset(w, {
          ref: `${tag}-${i}`,
          name: `一覧試験${String.fromCharCode(0x30a2 + i * 2)}`,
          confidentiality: c,
          tier: i % 2 ? 'internet' : 'lgwan',
        }),
      );
    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const res = ok(
        await w.manager.get(`/api/v1/assets?q=${tag}&sort=ref&limit=3${cursor ? `&cursor=${cursor}` : ''}`),
      );
      pages.push(...res.items.map((a: { ref: string }) => a.ref));
      cursor = res.nextCursor;
    } while (cursor);
    expect(ok(await w.manager.get(`/api/v1/assets/count?q=${tag}`))).toEqual({ total: 7 });
    expect(ok(await w.manager.get(`/api/v1/assets/count?q=${tag}&confidentialityMinRank=2&tier=internet`))).toEqual({
      total: 3,
    });
    expect(ok(await w.taxStaff.get(`/api/v1/assets/count?q=${tag}`))).toEqual({ total: 0 });
    expect(pages).toEqual(made.map((m) => m.ref));
    const byConf = ok(await w.manager.get(`/api/v1/assets?q=${tag}&sort=confidentiality&limit=50`)).items;
    expect(byConf.map((a: { confidentiality: { code: string } }) => a.confidentiality.code)).toEqual([
      '3',
      '3',
      '3',
      '2',
      '2',
      '1',
      '1',
    ]);
    const c2plus = ok(await w.manager.get(`/api/v1/assets?q=${tag}&confidentialityMinRank=2&tier=internet`)).items;
    expect(c2plus.map((a: { ref: string }) => a.ref).sort()).toEqual([`${tag}-1`, `${tag}-3`, `${tag}-5`]);
    const byName = ok(
      await w.manager.get(`/api/v1/assets?q=${encodeURIComponent('一覧試験')}&sort=name&order=desc`),
    ).items;
    expect(byName[0].name).toBe(made[6].name);
    expect((await w.manager.get('/api/v1/assets?sort=bogus')).statusCode).toBe(400);
  });

  it('requires a reason to change a class, records RECLASSIFY, and reclassifies in bulk with a reason', async () => {
    const a = await createAsset(w, { confidentiality: '1' });
    const b = await createAsset(w, { confidentiality: '1' });
    const noReason = await w.manager.patch(`/api/v1/assets/${a.id}`, { confidentiality: '2' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().details.fields[0].field).toBe('reason');
    const edited = ok(
      await w.manager.patch(`/api/v1/assets/${a.id}`, { confidentiality: '2', reason: '個人情報を含むため' }),
    );
    expect(edited.confidentiality.code).toBe('2');
    expect(edited.events[0]).toMatchObject({
      action: 'RECLASSIFY',
      reason: '個人情報を含むため',
      detail: { from: { C: '1' }, to: { C: '2' } },
    });
    ok(await w.manager.patch(`/api/v1/assets/${a.id}`, { location: '書庫' }));
    const bulk = ok(
      await w.manager.post('/api/v1/assets/reclassify', {
        assetIds: [a.id, b.id],
        confidentiality: '3',
        reason: '令和8年度の見直し',
      }),
    );
    expect(bulk).toEqual({ requested: 2, changed: 2, unchanged: 0 });
    const again = ok(
      await w.manager.post('/api/v1/assets/reclassify', {
        assetIds: [a.id, b.id],
        confidentiality: '3',
        reason: '再実行',
      }),
    );
    expect(again.changed).toBe(0);
    expect(
      (await w.manager.post('/api/v1/assets/reclassify', { assetIds: [a.id], confidentiality: '3' })).statusCode,
    ).toBe(400);
    const four = await w.manager.post('/api/v1/assets/reclassify', {
      assetIds: [a.id, b.id],
      confidentiality: '4',
      reason: 'x',
    });
    expect(four.statusCode).toBe(400);
    const other = await createAsset(w, { orgUnitId: w.town.taxSection }, w.policy);
    expect(
      (
        await w.manager.post('/api/v1/assets/reclassify', {
          assetIds: [a.id, other.id],
          confidentiality: '1',
          reason: 'x',
        })
      ).statusCode,
    ).toBe(403);
    expect(ok(await w.manager.get(`/api/v1/assets/${a.id}`)).confidentiality.code).toBe('3');
    const trail = await asSystem(w.t.database, (tx) =>
      tx
        .selectFrom('audit_event')
        .select(['action', 'after_json'])
        .where('entity_type', '=', 'asset')
        .where('action', '=', 'reclassify')
        .execute(),
    );
    expect(trail.some((e) => e.after_json?.includes('令和8年度の見直し'))).toBe(true);
  });

  it('raises the required class of a container (high watermark), survives cycles and shows declared vs required', async () => {
    const nas = await createAsset(w, {
      name: '共有NAS',
      kind: 'DEVICE',
      medium: 'DEVICE',
      confidentiality: '1',
      integrity: '1',
      availability: '1',
    });
    const data = await createAsset(w, {
      name: '住民記録抽出',
      confidentiality: '3',
      integrity: '2',
      availability: '1',
      links: [{ kind: 'STORED_IN', targetId: nas.id }],
    });
    expect(data.links[0]).toMatchObject({ kind: 'STORED_IN', direction: 'outgoing', other: { id: nas.id } });
    // A cycle: the NAS is (wrongly) also recorded as stored in the extract.
    ok(await w.manager.patch(`/api/v1/assets/${nas.id}`, { links: [{ kind: 'STORED_IN', targetId: data.id }] }));
    const shown = ok(await w.manager.get(`/api/v1/assets/${nas.id}`));
    expect(shown.belowRequired).toBe(true);
    expect(shown.required.C).toMatchObject({ code: '3' });
    expect(shown.watermark.explanations[0].text).toContain('住民記録抽出');
    expect(shown.findings.map((f: { code: string }) => f.code)).toContain('CLASS-BELOW-DERIVED');
    const listed = ok(await w.manager.get(`/api/v1/assets?q=${nas.ref}`)).items[0];
    expect(listed).toMatchObject({ belowRequired: true, required: { C: { code: '3' } } });
    expect(
      (await w.manager.patch(`/api/v1/assets/${nas.id}`, { links: [{ kind: 'STORED_IN', targetId: nas.id }] }))
        .statusCode,
    ).toBe(400);
    // Removing the links lowers the stored requirement again (the downstream is recomputed, not only raised).
    ok(await w.manager.patch(`/api/v1/assets/${data.id}`, { links: [] }));
    ok(await w.manager.patch(`/api/v1/assets/${nas.id}`, { links: [] }));
    const freed = ok(await w.manager.get(`/api/v1/assets/${nas.id}`));
    expect(freed).toMatchObject({ belowRequired: false, required: { C: { code: '1' } } });
    // A copy inherits from its source through a chain, and follows a reclassification of the source.
    const copy = await createAsset(w, {
      name: '抽出の複製',
      confidentiality: '1',
      links: [{ kind: 'DERIVED_FROM', targetId: data.id }],
    });
    expect(copy).toMatchObject({ belowRequired: true, required: { C: { code: '3' } } });
    ok(
      await w.manager.post('/api/v1/assets/reclassify', {
        assetIds: [data.id],
        confidentiality: '1',
        reason: '匿名化済み',
      }),
    );
    // 機密性 follows the source down to 1; 完全性2 of the source still binds the copy.
    expect(ok(await w.manager.get(`/api/v1/assets/${copy.id}`))).toMatchObject({
      belowRequired: true,
      required: { C: { code: '1' }, I: { code: '2' } },
    });
  });
});
