/**
 * Who holds which policy role in 青葉町 from the reorganisation on. Person and unit keys refer to people.ts and
 * town.ts. Two gaps are deliberate, so the organisation findings have something to show:
 *  - 子育て支援課 has no 情報セキュリティ管理者 (the appointment was missed in the April transfers);
 *  - the 監査委員事務局長 is both 監査人 and 情報セキュリティ管理者 of his own office (SOD-2 warning).
 */
import type { AppointedRole } from '../domain/roles.ts';

export interface DemoAppointment {
  role: AppointedRole;
  person: string;
  unit?: string;
  appointedBy: string;
  note?: string;
}

const MAYOR = '町長';
const POLICY = '対策基準';
const CISO = '最高情報セキュリティ責任者';

export const DEMO_APPOINTMENTS: DemoAppointment[] = [
  { role: 'CISO', person: 'ciso', appointedBy: MAYOR },
  { role: 'TOTAL_SEC_RESPONSIBLE', person: 'somu-bucho', appointedBy: MAYOR },

  // 情報セキュリティ責任者: each 部局長.
  { role: 'SEC_RESPONSIBLE', person: 'somu-bucho', unit: 'somu-bu', appointedBy: POLICY },
  { role: 'SEC_RESPONSIBLE', person: 'jumin-bucho', unit: 'jumin-bu', appointedBy: POLICY },
  { role: 'SEC_RESPONSIBLE', person: 'sangyo-bucho', unit: 'sangyo-bu', appointedBy: POLICY },

  // 情報セキュリティ管理者: each 課室長 — except 子育て支援課 (see above).
  { role: 'SEC_MANAGER', person: 'somu-kacho', unit: 'somu', appointedBy: POLICY },
  { role: 'SEC_MANAGER', person: 'kikaku-kacho', unit: 'kikaku', appointedBy: POLICY },
  { role: 'SEC_MANAGER', person: 'zeimu-kacho', unit: 'zeimu', appointedBy: POLICY },
  { role: 'SEC_MANAGER', person: 'jumin-kacho', unit: 'jumin', appointedBy: POLICY },
  { role: 'SEC_MANAGER', person: 'kenko-kacho', unit: 'kenko', appointedBy: POLICY },
  { role: 'SEC_MANAGER', person: 'chiiki-kacho', unit: 'sangyo', appointedBy: POLICY },
  { role: 'SEC_MANAGER', person: 'kensetsu-kacho', unit: 'kensetsu', appointedBy: POLICY },
  { role: 'SEC_MANAGER', person: 'suido-kacho', unit: 'suido', appointedBy: POLICY },
  { role: 'SEC_MANAGER', person: 'kyoiku-kacho', unit: 'kyoiku', appointedBy: POLICY },
  { role: 'SEC_MANAGER', person: 'shogai-kacho', unit: 'shogai', appointedBy: POLICY },
  { role: 'SEC_MANAGER', person: 'kansa-kyokucho', unit: 'kansa', appointedBy: POLICY },
  { role: 'SEC_MANAGER', person: 'gikai-kyokucho', unit: 'gikai', appointedBy: POLICY },

  // CSIRT, set up by the CISO.
  { role: 'CSIRT_LEAD', person: 'somu-kacho', appointedBy: CISO },
  { role: 'CSIRT_MEMBER', person: 'joho-kakaricho', appointedBy: CISO, note: '窓口（PoC）・初動対応' },
  { role: 'CSIRT_MEMBER', person: 'joho-shuji', appointedBy: CISO, note: '端末・ネットワークの調査' },

  // 情報セキュリティ担当（事務局） in 情報政策係.
  { role: 'POLICY_OFFICE', person: 'joho-kakaricho', appointedBy: CISO },
  { role: 'POLICY_OFFICE', person: 'admin', appointedBy: CISO },

  // Audit, designated by the CISO.
  { role: 'AUDIT_LEAD', person: 'kaikei', appointedBy: CISO, note: '前任者の退職に伴う後任' },
  { role: 'AUDITOR', person: 'auditor', appointedBy: CISO },
  { role: 'AUDITOR', person: 'kansa-kyokucho', appointedBy: CISO, note: '監査委員事務局から' },

  // Committee members beyond those sitting by office, one for each other 実施機関 with staff of its own.
  { role: 'COMMITTEE_MEMBER', person: 'kyoikucho', appointedBy: MAYOR, note: '教育委員会' },
  { role: 'COMMITTEE_MEMBER', person: 'suido-kacho', appointedBy: MAYOR, note: '水道事業' },
  { role: 'COMMITTEE_MEMBER', person: 'gikai-kyokucho', appointedBy: MAYOR, note: '議会' },
];

/**
 * 情報システム管理者 of the systems in the network register (src/demo/network.ts): system key → person key. 課長 answer
 * for their own business systems; 情報政策係 for the shared infrastructure.
 */
export const DEMO_SYSTEM_MANAGERS: { system: string; person: string }[] = [
  { system: 'juki', person: 'jumin-kacho' },
  { system: 'zeimu', person: 'zeimu-kacho' },
  { system: 'zaimu', person: 'kikaku-kacho' },
  { system: 'groupware', person: 'joho-kakaricho' },
  { system: 'lgmail', person: 'joho-kakaricho' },
  { system: 'fileshare', person: 'joho-kakaricho' },
  { system: 'lgterm', person: 'joho-kakaricho' },
  { system: 'mta', person: 'joho-shuji' },
  { system: 'sanitizer', person: 'joho-shuji' },
  { system: 'filesan', person: 'joho-shuji' },
  { system: 'vbrowser', person: 'joho-shuji' },
  { system: 'proxy', person: 'joho-shuji' },
  { system: 'inetterm', person: 'joho-shuji' },
];

/** Sign-in accounts besides demo-admin: login id → person key. */
export const DEMO_ACCOUNTS = [
  { loginId: 'demo-ciso', person: 'ciso', label: '副町長（CISO）' },
  { loginId: 'demo-kacho', person: 'jumin-kacho', label: '住民課長（情報セキュリティ管理者）' },
  { loginId: 'demo-staff', person: 'jumin-shuji', label: '住民課 主事（職員）' },
] as const;
