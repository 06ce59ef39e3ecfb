/**
 * 青葉町 (あおばちょう, 青森県) — a fictional small town for demonstrations. 団体コード 029998 does not belong to any
 * real body (its check digit is valid, so it passes the same checks a real code does).
 */
import type { BODY_KINDS, UNIT_LEVELS } from '../modules/organisation/contract.ts';

export const DEMO_TOWN = {
  name: '青葉町',
  code: '029998',
  committeeName: '青葉町情報セキュリティ委員会',
} as const;

/** The day of the spring reorganisation (機構改革) the current structure dates from. */
export const REORGANISED_ON = '2026-04-01';
/** The previous structure, three 部 of which survived the reorganisation. */
export const PREVIOUS_FROM = '2024-04-01';

type BodyKind = (typeof BODY_KINDS)[number];
type Level = (typeof UNIT_LEVELS)[number];

/** 実施機関 (seed §4(1)): 町長部局, each 行政委員会, the 地方公営企業 and the 議会. */
export const DEMO_BODIES: Array<{ key: BodyKey; kind: BodyKind; name: string }> = [
  { key: 'mayor', kind: 'MAYOR_DEPT', name: '町長部局' },
  { key: 'education', kind: 'ADMIN_COMMITTEE', name: '教育委員会' },
  { key: 'election', kind: 'ADMIN_COMMITTEE', name: '選挙管理委員会' },
  { key: 'audit', kind: 'ADMIN_COMMITTEE', name: '監査委員' },
  { key: 'agriculture', kind: 'ADMIN_COMMITTEE', name: '農業委員会' },
  { key: 'water', kind: 'PUBLIC_ENTERPRISE', name: '水道事業' },
  { key: 'assembly', kind: 'ASSEMBLY', name: '議会' },
];
export type BodyKey = 'mayor' | 'education' | 'election' | 'audit' | 'agriculture' | 'water' | 'assembly';

export interface DemoUnit {
  key: string;
  body: BodyKey;
  parent?: string;
  level: Level;
  name: string;
  code: string;
  validFrom: string;
  /** Set for a unit that the reorganisation closed (the day before REORGANISED_ON). */
  closedOn?: string;
}

const unit = (
  key: string,
  body: BodyKey,
  parent: string | undefined,
  level: Level,
  name: string,
  code: string,
  validFrom = REORGANISED_ON,
): DemoUnit => ({ key, body, parent, level, name, code, validFrom });

/**
 * Parents come before their children. The 選挙管理委員会 and 農業委員会 have no units of their own: as in many
 * small towns, their 事務局 work is done by 総務課 and 産業振興課 staff holding a concurrent post (兼務).
 */
export const DEMO_UNITS: DemoUnit[] = [
  unit('somu-bu', 'mayor', undefined, 'DEPT', '総務部', '100', PREVIOUS_FROM),
  unit('somu', 'mayor', 'somu-bu', 'SECTION', '総務課', '110'),
  unit('johoseisaku', 'mayor', 'somu', 'TEAM', '情報政策係', '111'),
  unit('gyosei', 'mayor', 'somu', 'TEAM', '行政係', '112'),
  unit('kikaku', 'mayor', 'somu-bu', 'SECTION', '企画財政課', '120'),
  unit('zeimu', 'mayor', 'somu-bu', 'SECTION', '税務課', '130'),
  unit('jumin-bu', 'mayor', undefined, 'DEPT', '住民福祉部', '200', PREVIOUS_FROM),
  unit('jumin', 'mayor', 'jumin-bu', 'SECTION', '住民課', '210'),
  unit('kenko', 'mayor', 'jumin-bu', 'SECTION', '健康福祉課', '220'),
  unit('kosodate', 'mayor', 'jumin-bu', 'SECTION', '子育て支援課', '230'),
  unit('sangyo-bu', 'mayor', undefined, 'DEPT', '産業建設部', '300', PREVIOUS_FROM),
  {
    ...unit('chiiki', 'mayor', 'sangyo-bu', 'SECTION', '地域振興課', '305', PREVIOUS_FROM),
    closedOn: '2026-03-31',
  },
  unit('sangyo', 'mayor', 'sangyo-bu', 'SECTION', '産業振興課', '310'),
  unit('kensetsu', 'mayor', 'sangyo-bu', 'SECTION', '建設課', '320'),
  unit('suido', 'water', undefined, 'SECTION', '上下水道課', '410'),
  unit('kyoiku', 'education', undefined, 'SECTION', '教育総務課', '510'),
  unit('shogai', 'education', undefined, 'SECTION', '生涯学習課', '520'),
  unit('kansa', 'audit', undefined, 'SECTION', '監査委員事務局', '610'),
  unit('gikai', 'assembly', undefined, 'SECTION', '議会事務局', '710'),
];

/** The 課室 deliberately left without a 情報セキュリティ管理者, so the findings page has something to show. */
export const UNIT_WITHOUT_MANAGER = 'kosodate';
