/**
 * Lifecycle rules (情報資産の管理, assets-and-classification.md §4 [例文]; seed §3(2) names 無断持ち出し as a threat
 * [確認済]): which actions need a prior permission of the owning 課室's 情報セキュリティ管理者, what a disposal must
 * record, and when a carry-out is overdue. Pure: the caller passes the scheme, the asset and the event.
 */
import { type AssetClause, meets, RANK, type SchemeDefinition } from '../classification.ts';
import {
  type AssetKind,
  DISPOSAL_METHODS,
  type DisposalMethod,
  EQUIPMENT_KINDS,
  type LifecycleAction,
} from './vocabulary.ts';

const MODEL = '情報セキュリティ対策基準';
const clause = (ref: string, summary: string, code?: string, label: AssetClause['label'] = '例文'): AssetClause => ({
  document: MODEL,
  ref,
  summary,
  label,
  ...(code ? { code } : {}),
});

export const LIFECYCLE_CLAUSES = {
  CARRY: clause(
    '情報資産の管理（運搬）',
    '機密性2以上の情報資産を運搬する場合は、情報セキュリティ管理者の許可を得る。',
    'AC-3',
  ),
  PROVIDE: clause(
    '情報資産の管理（提供）',
    '機密性2以上の情報資産を外部に提供する場合は、情報セキュリティ管理者の許可を得る。',
    'AC-3',
  ),
  DISPOSE: clause(
    '情報資産の管理（廃棄）',
    '機密性2以上の情報資産を廃棄する場合は、情報セキュリティ管理者の許可を得て、復元不可能な処置を行い、日時・担当者・処理内容を記録する。',
    'AC-3',
  ),
  EQUIPMENT: clause(
    '物理的セキュリティ（機器の廃棄等）',
    '機器・電磁的記録媒体の廃棄又はリース返却の際は、記憶装置の情報を復元不可能な状態にし、許可を得て記録する。',
    'P-02',
  ),
  ENCRYPT: clause(
    '情報資産の管理（送信・運搬・提供）',
    '機密性2以上の情報資産は、必要に応じ暗号化又はパスワードの設定を行う。',
    'AC-4',
  ),
  PUBLISH: clause('情報資産の管理（公表）', '公表する情報資産は、機密性1（公開）に分類されたものに限る。'),
  CARRY_RETURN: clause(
    '人的セキュリティ（情報資産の持ち出し）',
    '外部への持ち出しは許可を得て記録し、返却予定日までに返却する。',
    'H-02',
  ),
  THREAT: {
    document: '情報セキュリティ基本方針',
    ref: '3(2)',
    summary: '情報資産の無断持ち出し等の規定違反を脅威として想定する。',
    label: '確認済',
  },
} as const;

export interface AssetFacts {
  kind: AssetKind;
  /** Effective confidentiality rank (the higher of declared and required). */
  cRank: number;
}

export interface PermissionVerdict {
  required: boolean;
  clause: AssetClause | null;
  reason: { ja: string; en: string } | null;
}

/** CARRY / PROVIDE / DISPOSE of 機密性2以上 need permission (AC-3); so does disposing of equipment (P-02). */
export function permissionRule(
  scheme: SchemeDefinition,
  action: LifecycleAction,
  asset: AssetFacts,
): PermissionVerdict {
  const c2 = meets(scheme, 'CONF_2_PLUS', { C: asset.cRank });
  if (action === 'DISPOSE' && EQUIPMENT_KINDS.includes(asset.kind)) {
    return {
      required: true,
      clause: LIFECYCLE_CLAUSES.EQUIPMENT,
      reason: { ja: '機器・媒体の廃棄には許可が必要です。', en: 'Disposing of equipment needs permission.' },
    };
  }
  if ((action === 'CARRY' || action === 'PROVIDE' || action === 'DISPOSE') && c2) {
    return {
      required: true,
      clause: LIFECYCLE_CLAUSES[action],
      reason: {
        ja: '機密性2以上の情報資産のため、情報セキュリティ管理者の許可が必要です。',
        en: 'Confidentiality 2 or above needs permission.',
      },
    };
  }
  return { required: false, clause: null, reason: null };
}

export interface EventFacts {
  action: LifecycleAction;
  at?: string | null;
  performedBy?: string | null;
  method?: string | null;
  encrypted?: boolean | null;
  recipient?: string | null;
  expectedReturnOn?: string | null;
}

export interface EventProblem {
  field: string;
  rule: string;
  severity: 'error' | 'warning';
  clause: AssetClause;
  message: { ja: string; en: string };
}

export function isIrrecoverable(method: string | null | undefined): boolean {
  return method != null && method in DISPOSAL_METHODS && DISPOSAL_METHODS[method as DisposalMethod].irrecoverable;
}

/** What an event must carry, given the asset's class. Errors stop the record; warnings are shown and kept. */
export function checkEvent(scheme: SchemeDefinition, asset: AssetFacts, e: EventFacts): EventProblem[] {
  const problems: EventProblem[] = [];
  const c2 = meets(scheme, 'CONF_2_PLUS', { C: asset.cRank });
  const equipment = EQUIPMENT_KINDS.includes(asset.kind);
  const error = (field: string, rule: string, c: AssetClause, ja: string, en: string) =>
    problems.push({ field, rule, severity: 'error', clause: c, message: { ja, en } });
  if (e.action === 'DISPOSE') {
    const c = equipment ? LIFECYCLE_CLAUSES.EQUIPMENT : LIFECYCLE_CLAUSES.DISPOSE;
    if (!e.at) error('at', 'LC-DISPOSE-TIME', c, '廃棄した日時を入力してください。', 'Enter when it was disposed of.');
    if (!e.performedBy)
      error(
        'performedBy',
        'LC-DISPOSE-PERSON',
        c,
        '廃棄を行った担当者を選んでください。',
        'Choose who disposed of it.',
      );
    if (!e.method) error('method', 'LC-DISPOSE-METHOD', c, '廃棄の方法を選んでください。', 'Choose the method.');
    else if (!(e.method in DISPOSAL_METHODS))
      error('method', 'LC-DISPOSE-METHOD', c, '廃棄の方法が選択肢にありません。', 'Unknown method.');
    else if ((c2 || equipment) && !isIrrecoverable(e.method))
      error(
        'method',
        'LC-DISPOSE-IRRECOVERABLE',
        c,
        '機密性2以上の情報資産又は機器・媒体は、復元できない方法（物理的破壊、磁気消去、専用ソフトによる上書き消去等）で廃棄してください。',
        'Use an irrecoverable method.',
      );
  }
  if (e.action === 'CARRY' && !e.expectedReturnOn)
    error(
      'expectedReturnOn',
      'LC-CARRY-RETURN',
      LIFECYCLE_CLAUSES.CARRY_RETURN,
      '返却予定日を入力してください。',
      'Enter the expected return date.',
    );
  if (e.action === 'CARRY' && e.expectedReturnOn && e.at && e.expectedReturnOn < e.at.slice(0, 10))
    error(
      'expectedReturnOn',
      'LC-CARRY-RETURN',
      LIFECYCLE_CLAUSES.CARRY_RETURN,
      '返却予定日は持ち出した日以降の日付にしてください。',
      'The return date is before the carry-out.',
    );
  if (e.action === 'PROVIDE' && !e.recipient?.trim())
    error(
      'recipient',
      'LC-PROVIDE-RECIPIENT',
      LIFECYCLE_CLAUSES.PROVIDE,
      '提供先を入力してください。',
      'Enter the recipient.',
    );
  if (e.action === 'PUBLISH' && asset.cRank > RANK.PUBLIC)
    error(
      'action',
      'LC-PUBLISH-CLASS',
      LIFECYCLE_CLAUSES.PUBLISH,
      '機密性2以上（又は未分類）の情報資産は公表できません。公表する場合は、先に分類を見直してください。',
      'Only public-class assets may be published.',
    );
  if (e.action === 'PUBLISH' && asset.cRank === 0)
    error(
      'action',
      'LC-PUBLISH-CLASS',
      LIFECYCLE_CLAUSES.PUBLISH,
      '未分類の情報資産は公表できません。先に分類してください。',
      'Classify before publishing.',
    );
  if ((e.action === 'SEND' || e.action === 'CARRY' || e.action === 'PROVIDE') && c2 && e.encrypted !== true)
    problems.push({
      field: 'encrypted',
      rule: 'LC-ENCRYPT',
      severity: 'warning',
      clause: LIFECYCLE_CLAUSES.ENCRYPT,
      message: {
        ja: '機密性2以上の情報資産です。必要に応じ暗号化又はパスワードの設定を行ってください。',
        en: 'Confidentiality 2 or above: encrypt as needed.',
      },
    });
  return problems;
}

export type CarryState = 'OUT' | 'RETURNED' | 'OVERDUE';

/** A carry-out is overdue from the day after its expected return until it is returned. */
export function carryState(
  e: { expectedReturnOn: string | null; returnedAt: string | null },
  today: string,
): CarryState {
  if (e.returnedAt) return 'RETURNED';
  return e.expectedReturnOn && e.expectedReturnOn < today ? 'OVERDUE' : 'OUT';
}
