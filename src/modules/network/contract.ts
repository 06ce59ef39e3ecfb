/** Requests of the network area (三層の対策): settings, exceptions, systems register, declared flows, findings. */
import { z } from 'zod';
import { addressInterval } from '../../domain/flows/register.ts';
import { ALL_TIERS, NETWORK_MODELS, parseServiceText, type Tier } from '../../domain/tiers.ts';
import { bilingual, id, isoDate, optionalText, text } from '../../platform/http/fields.ts';

export const MODEL_LABELS = {
  alpha: 'αモデル',
  alphaPrime: 'α′モデル',
  beta: 'βモデル',
  betaPrime: 'β′モデル',
} as const;

export const MECHANISMS = [
  'direct',
  'sanitized-mail',
  'sanitized-file',
  'screen-transfer',
  'tokutei-tsushin',
  'lbo-cloud',
  'mail-relay-outbound',
  'file-export',
] as const;
export const MECHANISM_LABELS: Record<(typeof MECHANISMS)[number], string> = {
  direct: '直接通信',
  'sanitized-mail': '無害化（メール）',
  'sanitized-file': '無害化（ファイル）',
  'screen-transfer': '画面転送',
  'tokutei-tsushin': '特定通信',
  'lbo-cloud': 'ローカルブレイクアウト',
  'mail-relay-outbound': 'メール中継（送信）',
  'file-export': 'ファイル持出し',
};
/** Suggested roles (free text is accepted: three-tier-model.md B2 allows `string`). */
export const SYSTEM_ROLES = [
  'lgwan-mail',
  'internet-mta',
  'mail-sanitizer',
  'file-sanitizer',
  'screen-transfer-gw',
  'virtual-browser',
  'vdi',
  'security-cloud-egress',
  'intermediate-server',
  'file-exchange',
  'proxy',
] as const;
export const EXCEPTION_LISTS = [
  'tokuteiTsushin',
  'controlledLinks',
  'approvedCloudTenants',
  'outboundTransfers',
] as const;
export const EXCEPTION_LIST_LABELS = {
  tokuteiTsushin: '特定通信',
  controlledLinks: '管理された連携',
  approvedCloudTenants: '承認済みクラウド（α′）',
  outboundTransfers: '送信中継・持出し',
} as const;

const tier = z.enum(ALL_TIERS as [Tier, ...Tier[]]);
const address = z
  .string()
  .trim()
  .refine(
    (v) => addressInterval(v) !== null,
    bilingual('IPアドレス又はCIDR（例: 10.20.1.0/24）で入力してください。', 'Enter an IP address or CIDR.'),
  );
const service = z
  .string()
  .trim()
  .refine(
    (v) => parseServiceText(v) !== null,
    bilingual(
      'サービスは「tcp/25」「udp/53」「icmp」「any」の形式で入力してください。',
      'Use tcp/25, udp/53, icmp or any.',
    ),
  );

export const zone = z.strictObject({ id: text(40), tier, cidrs: z.array(address).min(1).max(200) });
/** Zone names are what firewall rules refer to: each names one zone only. */
const uniqueZones = z
  .array(zone)
  .max(100)
  .superRefine((zones, ctx) => {
    const seen = new Set<string>();
    zones.forEach((z, i) => {
      if (seen.has(z.id)) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'id'],
          ...bilingual(
            `セグメント名「${z.id}」が重複しています。別の名称にしてください。`,
            `Zone "${z.id}" is listed twice.`,
          ),
        });
      }
      seen.add(z.id);
    });
  });
export const settingCreate = z.strictObject({
  effectiveFrom: isoDate,
  model: z.enum(NETWORK_MODELS),
  zones: uniqueZones.default([]),
  note: optionalText(500),
});

export const terminalGroup = z.strictObject({
  name: text(100),
  count: z.number().int().min(0).max(100_000).nullish(),
  mfa: z.enum(['enforced', 'none', 'unknown']),
  exportBlocking: z.enum(['blocked', 'read-only', 'allowed', 'unknown']),
  edr: z.boolean(),
});
export const systemFields = {
  name: text(100),
  tier,
  addresses: z.array(address).max(200),
  roles: z.array(z.string().trim().min(1).max(40)).max(20),
  terminalGroups: z.array(terminalGroup).max(50),
  assetIds: z.array(id).max(100),
  /** 所管課: the organisation unit that owns the system (optional; shared infrastructure may have none). */
  orgUnitId: id.nullish(),
  note: optionalText(1000),
};
export const systemCreate = z.strictObject({
  ...systemFields,
  addresses: systemFields.addresses.default([]),
  roles: systemFields.roles.default([]),
  terminalGroups: systemFields.terminalGroups.default([]),
  assetIds: systemFields.assetIds.default([]),
});
export const systemUpdate = z.strictObject({
  name: systemFields.name.optional(),
  tier: tier.optional(),
  addresses: systemFields.addresses.optional(),
  roles: systemFields.roles.optional(),
  terminalGroups: systemFields.terminalGroups.optional(),
  assetIds: systemFields.assetIds.optional(),
  orgUnitId: systemFields.orgUnitId,
  note: systemFields.note,
});
export const systemListQuery = z.strictObject({ unitId: id.optional() });

/** `to`: a system id, or `tier:<tier>` for any address of a tier (e.g. egress to the Internet). */
const toRef = z
  .string()
  .refine(
    (v) => id.safeParse(v).success || (v.startsWith('tier:') && (ALL_TIERS as readonly string[]).includes(v.slice(5))),
    bilingual('通信先はシステム又は「tier:系」で指定してください。', 'Give a system or tier:<tier>.'),
  );
const screenTransfer = z.strictObject({ clipboard: z.boolean(), printer: z.boolean(), drive: z.boolean() });
export const flowCreate = z
  .strictObject({
    fromSystemId: id,
    to: toRef,
    service,
    mechanism: z.enum(MECHANISMS),
    justification: text(500),
    screenTransfer: screenTransfer.nullish(),
  })
  .refine((f) => f.mechanism !== 'screen-transfer' || f.screenTransfer, {
    ...bilingual(
      '画面転送は、クリップボード・プリンタ・ドライブの設定を入力してください。',
      'Screen transfer needs its clipboard, printer and drive settings.',
    ),
    path: ['screenTransfer'],
  });
export const flowUpdate = z.strictObject({
  service: service.optional(),
  mechanism: z.enum(MECHANISMS).optional(),
  justification: text(500).optional(),
  screenTransfer: screenTransfer.nullish(),
});

const exceptionFields = z.strictObject({
  list: z.enum(EXCEPTION_LISTS),
  name: text(200),
  from: z.strictObject({
    systemId: id.optional(),
    tier: tier.optional(),
    cidrs: z.array(address).max(50).optional(),
  }),
  to: z.strictObject({
    systemId: id.optional(),
    cidrs: z.array(address).max(50).optional(),
    fqdns: z.array(z.string().trim().min(1).max(253)).max(50).optional(),
  }),
  services: z.array(service).min(1).max(50),
  legalBasis: optionalText(500),
  approvedBy: text(100),
  approvedOn: isoDate,
  expiresOn: isoDate,
});
const expiryAfterApproval = {
  ...bilingual('有効期限は承認日以降の日付にしてください。', 'The expiry must not precede the approval.'),
  path: ['expiresOn'],
};
export const exceptionCreate = exceptionFields.refine((e) => e.approvedOn <= e.expiresOn, expiryAfterApproval);
/** Renewal or correction of an entry; the list it belongs to does not change. */
export const exceptionUpdate = exceptionFields
  .omit({ list: true })
  .partial()
  .refine((e) => !e.approvedOn || !e.expiresOn || e.approvedOn <= e.expiresOn, expiryAfterApproval);

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export const SEVERITY_LABELS = { critical: '重大', high: '高', medium: '中', low: '低', info: '情報' } as const;
export const findingsQuery = z.strictObject({
  importId: id.optional(),
  severity: z.enum(SEVERITIES).optional(),
  code: z.string().max(40).optional(),
  certainty: z.enum(['definite', 'possible']).optional(),
  cell: z.string().max(60).optional(),
});
export const idParams = z.strictObject({ id });

export type SettingCreate = z.infer<typeof settingCreate>;
export type SystemCreate = z.infer<typeof systemCreate>;
export type SystemUpdate = z.infer<typeof systemUpdate>;
export type SystemListQuery = z.infer<typeof systemListQuery>;
export type FlowCreate = z.infer<typeof flowCreate>;
export type FlowUpdate = z.infer<typeof flowUpdate>;
export type ExceptionCreate = z.infer<typeof exceptionCreate>;
export type ExceptionUpdate = z.infer<typeof exceptionUpdate>;
export type FindingsQuery = z.infer<typeof findingsQuery>;
export type TerminalGroup = z.infer<typeof terminalGroup>;
