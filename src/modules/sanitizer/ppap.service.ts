/**
 * PPAP (password ZIP) release on the Internet side (sanitizer.md §6): when the relay has delivered the notice of a
 * held message, each recipient gets a second notice with a one-time link (the token is mailed; only its SHA-256 is
 * kept). On the public page the recipient types the password; the original is processed again with it
 * (releaseWithPassword) and the result is delivered to that recipient. Wrong passwords and unknown links are
 * throttled per address and per link in the database, as sign-in is; the password is never stored or logged.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../../db/database.ts';
import { uuidv7 } from '../../db/ids.ts';
import { asSystem, inTenant, nowIso } from '../../db/scope.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { AppError, badRequest, notFound, tooMany } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import { defangText } from '../../sanitizer/body/defang.ts';
import type { LogSink } from '../../sanitizer/log.ts';
import { MemoryLogSink } from '../../sanitizer/log.ts';
import { defaultPolicy } from '../../sanitizer/policy.ts';
import { type AttemptLimiter, releaseWithPassword } from '../../sanitizer/ppap.ts';
import { gatewayScope } from './records.ts';
import { deliveryNotConfigured, runtimeFor } from './runtime.ts';
import { effectivePolicy, loadSettings } from './settings.service.ts';
import { PlatformLogSink, TeeLogSink } from './sink.ts';
import { formatJapanDateTime } from './time.ts';

/** How long a link stays usable (the held original's retention is 14 days by default). */
export const PPAP_TOKEN_DAYS = 14;
const TOKEN_FAILURES = 5;
const ADDRESS_FAILURES = 20;
const WINDOW_MINUTES = 15;

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

const LINK = { ja: '受付用のリンク', en: 'The link' };

// ---- throttle (the login_throttle table, as sign-in uses it) ------------------------------------------------------

async function waitSeconds(database: Database, key: string): Promise<number> {
  const row = await asSystem(database, (tx) =>
    tx.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst(),
  );
  if (!row?.locked_until) return 0;
  return Math.max(0, Math.ceil((Date.parse(row.locked_until) - Date.now()) / 1000));
}

async function recordFailure(database: Database, key: string, limit: number): Promise<number> {
  const now = new Date();
  return asSystem(database, async (tx) => {
    const row = await tx.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
    const windowOpen = row && now.getTime() - Date.parse(row.window_started_at) < WINDOW_MINUTES * 60_000;
    const failures = windowOpen ? row.failures + 1 : 1;
    const values = {
      failures,
      window_started_at: windowOpen ? row.window_started_at : now.toISOString(),
      locked_until: failures >= limit ? new Date(now.getTime() + WINDOW_MINUTES * 60_000).toISOString() : null,
    };
    await tx
      .insertInto('login_throttle')
      .values({ key, ...values })
      .onConflict((oc) => oc.column('key').doUpdateSet(values))
      .execute();
    return Math.max(0, limit - failures);
  });
}

async function clearFailures(database: Database, key: string) {
  await asSystem(database, (tx) => tx.deleteFrom('login_throttle').where('key', '=', key).execute());
}

const tooManyAttempts = (seconds: number) =>
  tooMany(
    {
      ja: `入力の誤りが続いたため、一時的に受け付けを停止しています。${Math.ceil(seconds / 60)}分ほど待ってから、もう一度お試しください。`,
      en: `Too many failed attempts. Try again in about ${Math.ceil(seconds / 60)} minutes.`,
    },
    seconds,
  );

// ---- issuing links (the relay, after delivering the notice of a held message) -------------------------------------

export interface NoticeMail {
  to: string;
  subject: string;
  text: string;
}

/** The notice with the one-time link, in Japanese (ui-guide.md: what happened, what to do). */
export function ppapNotice(input: {
  to: string;
  url: string;
  msgId: string;
  subject: string;
  from: string;
  receivedAt: string;
  files: string[];
  expiresAt: string;
}): NoticeMail {
  const text = [
    'このメールは Mamori 無害化ゲートウェイが自動で送信しています。',
    '',
    'あなた宛てのメールに、パスワード付き ZIP ファイル（中身を検査できない添付ファイル）が含まれていたため、',
    '添付ファイルを保留しています。メール本文は「無害化済み」として別にお届けしています。',
    '',
    `件名　　: ${input.subject || '（件名なし）'}`,
    `差出人　: ${defangText(input.from, defaultPolicy.body)}`,
    `受信日時: ${formatJapanDateTime(input.receivedAt)}`,
    `保留中　: ${input.files.join('、') || '（名前なし）'}`,
    `処理番号: ${input.msgId}`,
    '',
    '■ 受け取る手順',
    '1. インターネット接続系の端末（又は画面転送）で、次のページを開いてください。',
    `   ${input.url}`,
    '2. 送信者から別に伝えられたパスワードを入力してください。',
    '3. 中身を無害化したうえで、あらためてこの宛先にお届けします。',
    '',
    `・このページは一度だけ使えます。期限: ${formatJapanDateTime(input.expiresAt)} まで`,
    '・パスワードは記録されません。',
    '・心当たりのないメールの場合は、パスワードを入力せず、所属の情報セキュリティ管理者に連絡してください。',
  ].join('\n');
  return {
    to: input.to,
    subject: `【無害化ゲートウェイ】パスワード付き ZIP の受け取り手続き（処理番号 ${input.msgId.slice(0, 8)}）`,
    text,
  };
}

/**
 * One link per recipient of a held message, each mailed in its own notice. Returns the notices sent (tests read the
 * links from them). Recorded in the audit trail (the tokens themselves are not).
 */
export async function issuePpapLinks(
  database: Database,
  tenantId: string,
  msgId: string,
  baseUrl: string,
  send: (mail: NoticeMail) => Promise<unknown>,
): Promise<NoticeMail[]> {
  const scope = gatewayScope(tenantId);
  const prepared = await inTenant(database, scope, async (tx) => {
    const m = await tx
      .selectFrom('sanitizer_message')
      .select(['id', 'subject', 'header_from', 'envelope_from', 'received_at', 'parts_held'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', msgId)
      .executeTakeFirst();
    if (!m || Number(m.parts_held) === 0) return [];
    const held = await tx
      .selectFrom('sanitizer_part')
      .select(['name'])
      .where('tenant_id', '=', tenantId)
      .where('message_id', '=', msgId)
      .where('verdict', '=', 'held')
      .where('depth', '=', 0)
      .execute();
    const recipients = await tx
      .selectFrom('sanitizer_recipient')
      .select(['address', 'person_id'])
      .where('tenant_id', '=', tenantId)
      .where('message_id', '=', msgId)
      .execute();
    const now = nowIso();
    const expiresAt = new Date(Date.now() + PPAP_TOKEN_DAYS * 86_400_000).toISOString();
    const out: NoticeMail[] = [];
    for (const r of recipients) {
      const token = randomBytes(32).toString('base64url');
      await tx
        .insertInto('sanitizer_ppap_token')
        .values({
          id: uuidv7(),
          tenant_id: tenantId,
          message_id: msgId,
          token_hash: tokenHash(token),
          address: r.address,
          person_id: r.person_id,
          expires_at: expiresAt,
          used_at: null,
          result_message_id: null,
          created_at: now,
        })
        .execute();
      out.push(
        ppapNotice({
          to: r.address,
          url: `${baseUrl}/ppap/${token}`,
          msgId,
          subject: m.subject,
          from: m.header_from || m.envelope_from,
          receivedAt: m.received_at,
          files: held.map((h) => h.name ?? '（名前なし）'),
          expiresAt,
        }),
      );
    }
    if (out.length)
      await appendAudit(tx, scope, {
        action: 'issue-ppap-links',
        entityType: 'sanitizer_message',
        entityId: msgId,
        after: { recipients: out.map((n) => n.to), expiresAt },
      });
    return out;
  });
  for (const n of prepared) await send(n);
  return prepared;
}

// ---- the public page ----------------------------------------------------------------------------------------------

async function findToken(database: Database, token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const hash = tokenHash(token);
  const row = await asSystem(database, (tx) =>
    tx.selectFrom('sanitizer_ppap_token').selectAll().where('token_hash', '=', hash).executeTakeFirst(),
  );
  return row ?? null;
}

function tokenState(row: { used_at: string | null; expires_at: string }): 'open' | 'used' | 'expired' {
  if (row.used_at) return 'used';
  if (row.expires_at <= nowIso()) return 'expired';
  return 'open';
}

/** What the page shows before the password: the message, the held files, whether the link can still be used. */
export async function ppapInfo(services: Services, token: string, clientIp: string) {
  const wait = await waitSeconds(services.database, `ppap-ip:${clientIp}`);
  if (wait > 0) throw tooManyAttempts(wait);
  const row = await findToken(services.database, token);
  if (!row) throw notFound(LINK);
  return inTenant(services.database, gatewayScope(row.tenant_id), async (tx) => {
    const m = await tx
      .selectFrom('sanitizer_message')
      .select(['subject', 'header_from', 'envelope_from', 'received_at'])
      .where('tenant_id', '=', row.tenant_id)
      .where('id', '=', row.message_id)
      .executeTakeFirstOrThrow();
    const parts = await tx
      .selectFrom('sanitizer_part')
      .select(['name', 'detections'])
      .where('tenant_id', '=', row.tenant_id)
      .where('message_id', '=', row.message_id)
      .where('verdict', '=', 'held')
      .where('depth', '=', 0)
      .execute();
    const tenant = await tx.selectFrom('tenant').select(['name']).where('id', '=', row.tenant_id).executeTakeFirst();
    return {
      state: tokenState(row),
      tenantName: tenant?.name ?? '',
      msgId: row.message_id,
      subject: m.subject,
      from: defangText(m.header_from || m.envelope_from, defaultPolicy.body),
      receivedAt: m.received_at,
      recipient: row.address,
      expiresAt: row.expires_at,
      files: parts.map((p) => {
        const d = (JSON.parse(p.detections) as { object: string; detail?: string }[]).find(
          (x) => x.object === 'encrypted-zip',
        );
        return { name: p.name ?? '（名前なし）', entries: d?.detail ? d.detail.split(' / ') : [] };
      }),
    };
  });
}

/** A limiter that always allows: the throttle is kept in the database around the call. */
const noLimiter: AttemptLimiter = { allow: () => true, failed: () => undefined, succeeded: () => undefined };

export async function ppapRelease(services: Services, token: string, password: string, clientIp: string) {
  const ipKey = `ppap-ip:${clientIp}`;
  const ipWait = await waitSeconds(services.database, ipKey);
  if (ipWait > 0) throw tooManyAttempts(ipWait);
  const row = await findToken(services.database, token);
  if (!row) {
    await recordFailure(services.database, ipKey, ADDRESS_FAILURES);
    throw notFound(LINK);
  }
  const state = tokenState(row);
  if (state !== 'open')
    throw new AppError(410, state === 'used' ? 'PPAP_LINK_USED' : 'PPAP_LINK_EXPIRED', {
      ja:
        state === 'used'
          ? 'このリンクは既に使われています。添付ファイルは無害化してお届け済みです。'
          : 'このリンクは期限が過ぎています。必要な場合は、所属の情報セキュリティ管理者に相談してください。',
      en: state === 'used' ? 'This link has already been used.' : 'This link has expired.',
    });
  const tokenKey = `ppap-token:${row.token_hash}`;
  const tokenWait = await waitSeconds(services.database, tokenKey);
  if (tokenWait > 0) throw tooManyAttempts(tokenWait);
  const runtime = await runtimeFor(services);
  if (!runtime.deliver) throw deliveryNotConfigured();
  const scope = gatewayScope(row.tenant_id, 'PPAP 受付ページ');
  const { message, settings } = await inTenant(services.database, scope, async (tx) => ({
    message: await tx
      .selectFrom('sanitizer_message')
      .select(['id', 'quarantine_ref', 'envelope_from'])
      .where('tenant_id', '=', row.tenant_id)
      .where('id', '=', row.message_id)
      .executeTakeFirstOrThrow(),
    settings: await loadSettings(tx, row.tenant_id),
  }));
  if (!message.quarantine_ref) throw notFound({ ja: '保留中の原本', en: 'The held original' });
  const envelope = { from: message.envelope_from, to: [row.address] };
  const outcome = await releaseWithPassword(
    runtime.store,
    message.quarantine_ref,
    password,
    effectivePolicy(runtime.basePolicy, settings.policyOverrides),
    noLimiter,
    { log: new MemoryLogSink(), envelope, previousId: message.id },
  );
  if (outcome.status === 'not-found')
    throw new AppError(410, 'PPAP_ORIGINAL_GONE', {
      ja: '保管期間が過ぎたため、原本はもう保管されていません。送信者に再送を依頼してください。',
      en: 'The original is no longer kept; ask the sender to send it again.',
    });
  if (outcome.status !== 'released') {
    await recordFailure(services.database, ipKey, ADDRESS_FAILURES);
    const left = await recordFailure(services.database, tokenKey, TOKEN_FAILURES);
    throw badRequest(
      'PPAP_WRONG_PASSWORD',
      {
        ja: `パスワードが違います。送信者から伝えられたパスワードを確認して、もう一度入力してください（あと${left}回）。`,
        en: `Wrong password. Check it and try again (${left} attempts left).`,
      },
      { fields: [{ field: 'password', message: { ja: 'パスワードが違います。', en: 'Wrong password.' } }] },
    );
  }
  const result = outcome.result;
  const sinks: LogSink[] = [];
  if (runtime.log) sinks.push(runtime.log);
  const platform = new PlatformLogSink(services.database, row.tenant_id, 'ppap');
  sinks.push(platform);
  await new TeeLogSink(sinks).write([...result.log.parts, result.log.message]);
  await runtime.deliver(envelope, result.output);
  await platform.write([{ ts: nowIso(), event: 'message.delivered', msgId: result.id, to: envelope.to }]);
  await clearFailures(services.database, tokenKey);
  await inTenant(services.database, scope, async (tx) => {
    const change = { used_at: nowIso(), result_message_id: result.id };
    await tx
      .updateTable('sanitizer_ppap_token')
      .set(change)
      .where('tenant_id', '=', row.tenant_id)
      .where('id', '=', row.id)
      .execute();
    await appendAudit(tx, scope, {
      action: 'ppap-release',
      entityType: 'sanitizer_message',
      entityId: message.id,
      after: { recipient: row.address, resultMessageId: result.id, verdict: result.verdict },
    });
  });
  return { status: 'released' as const, msgId: result.id, verdict: result.verdict };
}
