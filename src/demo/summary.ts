/** What `mamori demo` prints once the town is loaded: where to go and how to sign in. */
import { DEMO_ACCOUNTS } from './roles.ts';
import { DEMO_TOWN } from './town.ts';

/** What the database holds for the town once loaded (counted there, not taken from the data files). */
export interface DemoCounts {
  bodies: number;
  units: number;
  closedUnits: number;
  people: number;
  leftPeople: number;
  appointments: number;
  endedAppointments: number;
}

/** password is shown only when it is the published default; a password from the environment stays unprinted. */
export function demoSummary(url: string, password: string | null, n: DemoCounts): string {
  const rows: Array<[string, string, string]> = [
    ['demo-admin', 'Mamori管理者（総務課 情報政策係 主査）', '初回ログイン時に設定（必須）'],
    ...DEMO_ACCOUNTS.map((a): [string, string, string] => [
      a.loginId,
      a.label,
      a.loginId === 'demo-ciso' ? '初回ログイン時に設定（必須）' : 'なし（パスワードのみ）',
    ]),
  ];
  const width = Math.max(...rows.map((r) => r[0].length)) + 2;
  return [
    `デモの町「${DEMO_TOWN.name}」（青森県・架空、団体コード ${DEMO_TOWN.code}）を読み込みました。`,
    `  実施機関 ${n.bodies}、組織 ${n.units}（うち廃止 ${n.closedUnits}）、職員等 ${n.people}人（うち退職 ${n.leftPeople}人）、` +
      `任命 ${n.appointments}件（うち終了 ${n.endedAppointments}件）`,
    '',
    `  画面: ${url}`,
    '',
    `  ログインID${' '.repeat(width - 10)}役割 / 二要素認証`,
    ...rows.map(([login, role, mfa]) => `  ${login.padEnd(width)}${role} / ${mfa}`),
    `  パスワード: ${password ?? '環境変数 MAMORI_DEMO_PASSWORD の値'}（4アカウント共通）`,
    '',
    '  すぐに画面を見るには demo-kacho か demo-staff でログインしてください（パスワードだけで入れます）。',
    '  demo-admin と demo-ciso は、初回ログイン時に認証アプリ（TOTP）の登録を求められます。',
    '  組織体制の指摘には、わざと残した不備が表示されます: 子育て支援課の情報セキュリティ管理者が未任命、',
    '  監査委員事務局長が監査人と情報セキュリティ管理者を兼務（SOD-2）。',
    '  ※ 町・氏名・電話番号はすべて架空です。',
  ].join('\n');
}
