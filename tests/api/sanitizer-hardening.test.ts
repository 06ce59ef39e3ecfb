/**
 * Security review fixes of the 無害化 gateway, on both databases: a town cannot turn off or change the ClamAV scan the
 * server runs, cannot lift the server's limits (image pixels, sizes, counts), loosen a flag, an action or an allow-list,
 * nor set unchecked policy fields, and a retry of a failed raw release (原本提供) repeats the approval's checks —
 * tenant permission, the 例外措置 still standing, the unit's 情報セキュリティ管理者 — before anything is sent to LGWAN.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { asSystem } from '../../src/db/scope.ts';
import {
  configureSanitizer,
  type Envelope,
  type SanitizerRuntime,
  smtpDelivery,
} from '../../src/modules/sanitizer/runtime.ts';
import { PlatformLogSink } from '../../src/modules/sanitizer/sink.ts';
import { MemoryLogSink, MemoryQuarantineStore } from '../../src/sanitizer/index.ts';
import { sanitizeMessage } from '../../src/sanitizer/pipeline.ts';
import type { PolicyInput } from '../../src/sanitizer/policy.ts';
import { type Client, setupAndSignIn, startApp, type TestApp } from '../helpers/app.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { createOrg, createRoleUser, ok } from '../helpers/roles.ts';
import { docm } from '../sanitizer/fixtures.ts';

const RECIPIENT = 'jushin@town.aoba.example.lg.jp';
const SERVER_WITH_CLAMD: PolicyInput = { policyVersion: 'srv.1', av: { mode: 'clamd', clamdSocket: '/x' } };

const fieldsOf = (res: { json(): unknown }) =>
  ((res.json() as { details?: { fields?: { field: string; message: { ja: string; en: string } }[] } }).details
    ?.fields ?? []) as { field: string; message: { ja: string; en: string } }[];

function mailWithMacro(subject: string): Buffer {
  const b64 = docm().toString('base64').replace(/.{76}/g, '$&\r\n');
  return Buffer.from(
    [
      'From: sales@vendor.example.com',
      `To: ${RECIPIENT}`,
      `Subject: ${subject}`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'see attached',
      '--b1',
      'Content-Type: application/vnd.ms-word.document.macroEnabled.12; name="a.docm"',
      'Content-Disposition: attachment; filename="a.docm"',
      'Content-Transfer-Encoding: base64',
      '',
      b64,
      '--b1--',
      '',
    ].join('\r\n'),
  );
}

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describeEachDatabase('無害化: a town only tightens the policy; a raw-release retry is checked again', (make) => {
  let t: TestApp;
  let tenantId: string;
  let ciso: Client;
  let manager: Client;
  let deptHead: Client;
  let recipient: Client;
  let runtime: SanitizerRuntime;
  const store = new MemoryQuarantineStore();
  /** what reached the LGWAN side; delivery fails while `failing` (a closed port) */
  const delivered: Envelope[] = [];
  let failing: Pick<SanitizerRuntime, 'deliver'>;
  let fail = true;

  beforeAll(async () => {
    t = await startApp(await make());
    const admin = await setupAndSignIn(t);
    tenantId = ok(await admin.get('/api/v1/auth/me'), 'me').json().tenant.id;
    const org = await createOrg(admin);
    ciso = (await createRoleUser(t, admin, org, 'CISO', 'hard')).client;
    const mgr = await createRoleUser(t, admin, org, 'SEC_MANAGER', 'hard');
    manager = mgr.client;
    deptHead = (await createRoleUser(t, admin, org, 'SEC_RESPONSIBLE', 'hard')).client;
    const staff = await createRoleUser(t, admin, org, 'STAFF', 'hard');
    recipient = staff.client;
    await asSystem(t.database, (tx) =>
      tx.updateTable('person').set({ email: RECIPIENT }).where('id', '=', staff.personId).execute(),
    );
    failing = smtpDelivery('127.0.0.1', await closedPort());
    runtime = {
      store,
      basePolicy: {},
      deliver: async (envelope, raw) => {
        if (fail) return failing.deliver!(envelope, raw);
        delivered.push(envelope);
      },
      sendNotice: null,
      log: new MemoryLogSink(),
      ppapBaseUrl: 'https://mamori.example.lg.jp',
    };
    configureSanitizer(t.database, runtime);
  }, 180_000);

  afterAll(async () => {
    await t?.close();
  });

  it('a town cannot turn off or change the ClamAV scan the server runs', async () => {
    runtime.basePolicy = SERVER_WITH_CLAMD;
    for (const mode of ['off', 'clamscan']) {
      const res = await ciso.patch('/api/v1/sanitizer/settings', {
        policyOverrides: { policyVersion: 'town-off', av: { mode } },
      });
      expect(res.statusCode).toBe(400);
      const [f] = fieldsOf(res);
      expect(f.field).toBe('policyOverrides.av.mode');
      expect(f.message.ja).toContain('変更も停止もできません');
      expect(f.message.en).toContain('cannot change or turn it off');
    }
    const view = ok(await ciso.get('/api/v1/sanitizer/policy'), 'policy').json();
    expect(view.effective.av.mode).toBe('clamd');
    // the same mode is no change; other stricter settings are still the town's to make
    const same = ok(
      await ciso.patch('/api/v1/sanitizer/settings', {
        policyOverrides: { policyVersion: 'town.2', av: { mode: 'clamd', timeoutMs: 10_000 } },
      }),
      'same mode',
    ).json();
    expect(same.effective.av).toMatchObject({ mode: 'clamd', timeoutMs: 10_000, clamdSocket: '/x' });
    // an override stored before the check is held to the server's scanner
    await asSystem(t.database, (tx) =>
      tx
        .updateTable('sanitizer_settings')
        .set({ policy_overrides: JSON.stringify({ policyVersion: 'legacy.1', av: { mode: 'off' } }) })
        .where('tenant_id', '=', tenantId)
        .execute(),
    );
    expect(ok(await ciso.get('/api/v1/sanitizer/policy'), 'policy').json().effective.av.mode).toBe('clamd');
    // where the server runs no scanner, a town may turn one on (the server's paths are used)
    runtime.basePolicy = {};
    const on = ok(
      await ciso.patch('/api/v1/sanitizer/settings', {
        policyOverrides: { policyVersion: 'town.3', av: { mode: 'clamd' } },
      }),
      'turn on',
    ).json();
    expect(on.effective.av).toMatchObject({ mode: 'clamd', clamdSocket: '/var/run/clamav/clamd.ctl' });
    ok(await ciso.patch('/api/v1/sanitizer/settings', { policyOverrides: {} }), 'reset');
  });

  it('every policy field is validated and the server limits can only be tightened', async () => {
    runtime.basePolicy = {};
    for (const maxPixels of [0, false, 1e15]) {
      const res = await ciso.patch('/api/v1/sanitizer/settings', {
        policyOverrides: { policyVersion: 'town.4', types: { image: { maxPixels } } },
      });
      expect(res.statusCode).toBe(400);
      expect(fieldsOf(res).map((f) => f.field)).toEqual(['policyOverrides.types.image.maxPixels']);
    }
    const enums = await ciso.patch('/api/v1/sanitizer/settings', {
      policyOverrides: {
        policyVersion: 'town.4',
        archive: { nameEncodingFallback: 'utf-8' },
        types: { ooxml: { alt: 'pass' } },
        dropInlineImages: 'no',
      },
    });
    expect(enums.statusCode).toBe(400);
    expect(
      fieldsOf(enums)
        .map((f) => f.field)
        .sort(),
    ).toEqual([
      'policyOverrides.archive.nameEncodingFallback',
      'policyOverrides.dropInlineImages',
      'policyOverrides.types.ooxml.alt',
    ]);
    // within the valid range, but looser than the server's policy
    const looser = await ciso.patch('/api/v1/sanitizer/settings', {
      policyOverrides: {
        policyVersion: 'town.4',
        limits: { maxParts: 5000 },
        types: { image: { maxPixels: 100_000_000 } },
      },
    });
    expect(looser.statusCode).toBe(400);
    const fields = fieldsOf(looser);
    expect(fields.map((f) => f.field).sort()).toEqual([
      'policyOverrides.limits.maxParts',
      'policyOverrides.types.image.maxPixels',
    ]);
    expect(fields.find((f) => f.field.endsWith('maxParts'))?.message).toEqual({
      ja: expect.stringContaining('500 以下'),
      en: expect.stringContaining('at most 500'),
    });
    const tighter = ok(
      await ciso.patch('/api/v1/sanitizer/settings', {
        policyOverrides: {
          policyVersion: 'town.5',
          limits: { maxParts: 100 },
          types: { image: { maxPixels: 20_000_000 } },
        },
      }),
      'tighter',
    ).json();
    expect(tighter.effective.limits.maxParts).toBe(100);
    expect(tighter.effective.types.image.maxPixels).toBe(20_000_000);
    // an override stored before these checks cannot lift the limit either
    await asSystem(t.database, (tx) =>
      tx
        .updateTable('sanitizer_settings')
        .set({ policy_overrides: JSON.stringify({ policyVersion: 'legacy.2', types: { image: { maxPixels: 1e15 } } }) })
        .where('tenant_id', '=', tenantId)
        .execute(),
    );
    const held = ok(await ciso.get('/api/v1/sanitizer/policy'), 'policy').json();
    expect(held.effective.types.image.maxPixels).toBe(50_000_000);
    ok(await ciso.patch('/api/v1/sanitizer/settings', { policyOverrides: {} }), 'reset');
  });

  it('a town cannot loosen a flag, an action or an allow-list; tightening each is accepted and in force', async () => {
    // the server turned two safeguards off and allows three image formats; everything else is the defaults
    runtime.basePolicy = {
      policyVersion: 'srv.2',
      body: { flagHrefTextMismatch: false },
      dropInlineImages: false,
      types: { image: { allow: ['png', 'jpeg', 'gif'] } },
    };
    const loosen = await ciso.patch('/api/v1/sanitizer/settings', {
      policyOverrides: {
        policyVersion: 'town.6',
        body: { defangUrls: false },
        types: { ooxml: { action: 'cdr' }, image: { allow: ['png', 'webp'] } },
        archive: { encrypted: 'ppap-hold' },
      },
    });
    expect(loosen.statusCode).toBe(400);
    const fields = fieldsOf(loosen);
    expect(fields.map((f) => f.field).sort()).toEqual([
      'policyOverrides.body.defangUrls',
      'policyOverrides.types.image.allow',
      'policyOverrides.types.ooxml.action',
    ]);
    const message = (path: string) => fields.find((f) => f.field === `policyOverrides.${path}`)?.message;
    expect(message('body.defangUrls')).toEqual({
      ja: expect.stringContaining('「する」になっているため、団体の設定で「しない」にすることはできません'),
      en: expect.stringContaining('a town cannot turn it off'),
    });
    expect(message('types.ooxml.action')).toEqual({
      ja: expect.stringContaining('「削除」又は「画像化した PDF に変換」'),
      en: expect.stringContaining('remove or rasterise'),
    });
    expect(message('types.image.allow')).toEqual({
      ja: expect.stringContaining('（webp）は追加できません'),
      en: expect.stringContaining('webp is not allowed by the server (png, jpeg, gif)'),
    });
    expect(ok(await ciso.get('/api/v1/sanitizer/policy'), 'policy').json().tenantOverrides).toEqual({});

    const tighter = ok(
      await ciso.patch('/api/v1/sanitizer/settings', {
        policyOverrides: {
          policyVersion: 'town.6',
          body: { flagHrefTextMismatch: true, subjectPrefix: '[外部]', outputCharset: 'iso-2022-jp' },
          dropInlineImages: true,
          types: { ooxml: { action: 'block' }, image: { allow: ['png'] } },
          archive: { encrypted: 'block' },
        },
      }),
      'tighten',
    ).json();
    expect(tighter.base).toMatchObject({ body: { flagHrefTextMismatch: false }, dropInlineImages: false });
    const inForce = ok(await ciso.get('/api/v1/sanitizer/policy'), 'policy').json().effective;
    expect(inForce).toMatchObject({
      policyVersion: 'town.6',
      body: { flagHrefTextMismatch: true, defangUrls: true, subjectPrefix: '[外部]', outputCharset: 'iso-2022-jp' },
      dropInlineImages: true,
      types: { ooxml: { action: 'block' }, image: { allow: ['png'] } },
      archive: { encrypted: 'block' },
    });

    // overrides stored before these checks, or made looser by a stricter server since, are held to the server
    await asSystem(t.database, (tx) =>
      tx
        .updateTable('sanitizer_settings')
        .set({
          policy_overrides: JSON.stringify({
            policyVersion: 'legacy.3',
            body: { defangUrls: false },
            types: { ooxml: { action: 'cdr' }, image: { allow: ['png', 'webp'] } },
          }),
        })
        .where('tenant_id', '=', tenantId)
        .execute(),
    );
    const held = ok(await ciso.get('/api/v1/sanitizer/policy'), 'policy').json().effective;
    expect(held.body.defangUrls).toBe(true);
    expect(held.types.ooxml.action).toBe('rasterize');
    expect(held.types.image.allow).toEqual(['png']);
    ok(await ciso.patch('/api/v1/sanitizer/settings', { policyOverrides: {} }), 'reset');
    runtime.basePolicy = {};
  });

  /** A quarantined mail for the recipient, their request, and a raw release approved whose delivery failed. */
  async function failedRawRelease(subject: string) {
    fail = true;
    const result = await sanitizeMessage(
      mailWithMacro(subject),
      { policyVersion: 'srv.1', types: { ooxml: { action: 'block' } } },
      {
        store,
        log: new PlatformLogSink(t.database, tenantId, 'relay'),
        envelope: { from: 'sales@vendor.example.com', to: [RECIPIENT] },
      },
    );
    const req = ok(
      await recipient.post(`/api/v1/sanitizer/messages/${result.id}/release-requests`, { reason: '原本のまま必要' }),
      'request',
    ).json();
    const decided = ok(
      await manager.post(`/api/v1/sanitizer/release-requests/${req.id}/decide`, {
        decision: 'APPROVED',
        channel: 'RAW',
      }),
      'approve raw',
    ).json();
    expect(decided).toMatchObject({ status: 'FAILED', channel: 'RAW', exceptionId: expect.any(String) });
    fail = false;
    return decided as { id: string; exceptionId: string };
  }

  it('retrying a raw release whose 例外措置 the CISO rejected is refused and sends nothing', async () => {
    runtime.basePolicy = {};
    ok(
      await ciso.patch('/api/v1/sanitizer/settings', {
        rawReleaseAllowed: true,
        rawReleaseBasis: '例外措置 第2026-09号',
      }),
      'allow raw',
    );
    const r = await failedRawRelease('原本提供 却下後の再送');
    ok(
      await ciso.post(`/api/v1/policy-exceptions/${r.exceptionId}/decision`, {
        decision: 'REJECTED',
        note: '原本の提供は認めない',
      }),
      'reject exception',
    );
    const retry = await manager.post(`/api/v1/sanitizer/release-requests/${r.id}/retry`);
    expect(retry.statusCode).toBe(409);
    expect(retry.json().code).toBe('RAW_RELEASE_EXCEPTION_CLOSED');
    expect(retry.json().message.ja).toContain('例外措置');
    expect(delivered).toEqual([]);
    const after = ok(await manager.get('/api/v1/sanitizer/release-requests?mine=false'), 'list').json();
    expect(after.items.find((i: { id: string }) => i.id === r.id).status).toBe('FAILED');
  });

  it('retrying once raw release is turned off, or by someone not the unit manager, is refused; otherwise it delivers', async () => {
    const r = await failedRawRelease('原本提供 設定変更後の再送');
    ok(await ciso.patch('/api/v1/sanitizer/settings', { rawReleaseAllowed: false }), 'disable raw');
    const disabled = await manager.post(`/api/v1/sanitizer/release-requests/${r.id}/retry`);
    expect(disabled.statusCode).toBe(409);
    expect(disabled.json().code).toBe('RAW_RELEASE_DISABLED');
    expect(delivered).toEqual([]);

    ok(
      await ciso.patch('/api/v1/sanitizer/settings', {
        rawReleaseAllowed: true,
        rawReleaseBasis: '例外措置 第2026-09号',
      }),
      're-allow raw',
    );
    // the 部局's 責任者 may decide re-sanitised releases, but an original is the unit manager's 例外措置
    const byHead = await deptHead.post(`/api/v1/sanitizer/release-requests/${r.id}/retry`);
    expect(byHead.statusCode).toBe(409);
    expect(byHead.json().code).toBe('RAW_RELEASE_NEEDS_MANAGER');
    expect(delivered).toEqual([]);

    const retried = ok(await manager.post(`/api/v1/sanitizer/release-requests/${r.id}/retry`), 'retry').json();
    expect(retried).toMatchObject({ status: 'RELEASED', exceptionId: r.exceptionId });
    expect(delivered).toEqual([{ from: 'sales@vendor.example.com', to: [RECIPIENT] }]);
    const again = await manager.post(`/api/v1/sanitizer/release-requests/${r.id}/retry`);
    expect(again.statusCode).toBe(409);
    expect(delivered).toHaveLength(1);
    ok(await ciso.patch('/api/v1/sanitizer/settings', { rawReleaseAllowed: false }), 'disable raw');
  });
});
