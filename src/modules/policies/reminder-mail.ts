/**
 * The text of a reminder mail (subject, greeting, body, footer) for one policy notice, read from the notice and
 * its subject; null when the reminder no longer applies. Sending and retrying stay in reminders.ts.
 */
import type { Tx } from '../../db/scope.ts';
import { toWareki, toWarekiWithSeireki } from '../../domain/calendar.ts';
import type { MailMessage } from '../../platform/mail/index.ts';

export const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

export interface ReminderMailDraft {
  kind: string;
  personId: string;
  message: MailMessage;
}

/**
 * A value written into one line of a mail: runs of whitespace, line breaks and other control characters become one
 * space, so a title or name (also one stored before one-line fields were enforced) cannot add lines to the mail.
 */
export function oneLine(value: string): string {
  return value.replace(LINE_BREAKS, ' ').trim();
}
// biome-ignore lint/suspicious/noControlCharactersInRegex: collapsing control characters is the point
const LINE_BREAKS = /[\s\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

const FOOTER = (town: string) =>
  [
    '',
    '――――――――――',
    `このメールは、${oneLine(town)}の情報セキュリティポリシー管理システム（Mamori）から自動で送信しています。`,
    'このメールには返信できません。ご不明な点は、情報セキュリティポリシーの担当課にお問い合わせください。',
  ].join('\n');

/** The mail for one notice, or null when there is nothing (any more) to send. */
export async function reminderMailFor(
  tx: Tx,
  tenantId: string,
  noticeId: string,
  publicUrl: string,
): Promise<ReminderMailDraft | null> {
  const notice = await tx
    .selectFrom('policy_notice as n')
    .innerJoin('person as p', (j) => j.onRef('p.id', '=', 'n.person_id').on('p.tenant_id', '=', tenantId))
    .innerJoin('tenant as t', 't.id', 'n.tenant_id')
    .select(['n.kind', 'n.subject_id', 'n.sent_on', 'n.person_id', 'p.family_name', 'p.given_name', 'p.email'])
    .select(['p.status', 't.name as town'])
    .where('n.tenant_id', '=', tenantId)
    .where('n.id', '=', noticeId)
    .executeTakeFirst();
  if (!notice?.email || notice.status !== 'ACTIVE') return null;
  const to = notice.email;
  const greeting = `${oneLine(`${notice.family_name} ${notice.given_name}`)} 様`;
  const draft = (subject: string, lines: string[]): ReminderMailDraft => ({
    kind: notice.kind,
    personId: notice.person_id,
    message: { to, subject, text: [greeting, '', ...lines, FOOTER(notice.town)].join('\n') },
  });

  if (notice.kind === 'ACK_REMINDER') {
    const c = await tx
      .selectFrom('policy_ack_campaign as c')
      .innerJoin('policy_document as d', (j) => j.onRef('d.id', '=', 'c.document_id').on('d.tenant_id', '=', tenantId))
      .innerJoin('policy_version as v', (j) => j.onRef('v.id', '=', 'c.version_id').on('v.tenant_id', '=', tenantId))
      .innerJoin('policy_ack as a', (j) =>
        j.onRef('a.campaign_id', '=', 'c.id').on('a.tenant_id', '=', tenantId).on('a.person_id', '=', notice.person_id),
      )
      .select(['c.status', 'c.due_on', 'd.kind', 'd.title', 'v.number', 'a.acknowledged_at'])
      .where('c.tenant_id', '=', tenantId)
      .where('c.id', '=', notice.subject_id)
      .executeTakeFirst();
    if (c?.status !== 'OPEN' || c.acknowledged_at) return null;
    // As in the notices: the title of a 実施手順 does not leave Mamori.
    const document = `${c.kind === 'PROCEDURE' ? '実施手順' : oneLine(c.title)}（第${Number(c.number)}版）`;
    const overdue = c.due_on < notice.sent_on;
    return draft(`【${overdue ? '期限超過' : '要確認'}】${document}の確認のお願い`, [
      overdue
        ? `${document}の確認の期限（${toWarekiWithSeireki(c.due_on)}）が過ぎています。至急、内容の確認をお願いします。`
        : `${document}について、内容の確認をお願いします。`,
      '',
      `　確認の期限：${toWarekiWithSeireki(c.due_on)}`,
      '',
      '次のページで本文を読み、「確認しました」を押してください。',
      `${publicUrl}/policies/acknowledgements`,
    ]);
  }

  if (notice.kind === 'EXCEPTION_EXPIRY') {
    const e = await tx
      .selectFrom('policy_exception')
      .select(['id', 'status', 'rule_text', 'valid_until'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', notice.subject_id)
      .executeTakeFirst();
    if (e?.status !== 'APPROVED') return null;
    const left = daysBetween(notice.sent_on, e.valid_until);
    const until = toWarekiWithSeireki(e.valid_until);
    const [tag, lead] =
      left > 0
        ? ['期限のお知らせ', `あなたが申請した例外措置の有効期限まで、あと${left}日です。`]
        : left === 0
          ? ['本日期限', 'あなたが申請した例外措置の有効期限は本日までです。']
          : ['期限超過', 'あなたが申請した例外措置の有効期限が過ぎています。'];
    const rule = oneLine(e.rule_text);
    return draft(`【${tag}】例外措置の有効期限（${toWareki(e.valid_until)}）`, [
      lead,
      '',
      `　対象の規定：${rule.length > 40 ? `${rule.slice(0, 40)}…` : rule}`,
      `　有効期限　：${until}`,
      '',
      '例外措置を終える場合は終了を記録してください。引き続き必要な場合は、改めて申請してください。',
      `${publicUrl}/policies/exceptions/${e.id}`,
    ]);
  }
  return null;
}
