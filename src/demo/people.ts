/**
 * The people of 青葉町's town hall. Every name is invented; phone numbers use the unassigned exchange 00
 * (0176-00-xxxx) and mobile numbers 090-0000-xxxx, so none reaches a real subscriber.
 */
import type { EmploymentType } from '../modules/organisation/contract.ts';

export interface DemoPerson {
  /** Short name the role plan and the history refer to; absent for people who hold no role. */
  key?: string;
  staffNumber: string;
  familyName: string;
  givenName: string;
  familyKana: string;
  givenKana: string;
  employmentType: EmploymentType;
  unit: string | null;
  title: string;
  phone?: string;
  mobilePhone?: string;
  employer?: string;
  joinedOn?: string;
}

interface Extra {
  key?: string;
  ext?: string;
  mobile?: string;
  employer?: string;
  joined?: string;
}

function p(
  staffNumber: string,
  name: string,
  kana: string,
  employmentType: EmploymentType,
  unit: string | null,
  title: string,
  extra: Extra = {},
): DemoPerson {
  const [familyName, givenName] = name.split(' ');
  const [familyKana, givenKana] = kana.split(' ');
  return {
    key: extra.key,
    staffNumber,
    familyName,
    givenName,
    familyKana,
    givenKana,
    employmentType,
    unit,
    title,
    phone: extra.ext ? `0176-00-${extra.ext}` : undefined,
    mobilePhone: extra.mobile ? `090-0000-${extra.mobile}` : undefined,
    employer: extra.employer,
    joinedOn: extra.joined,
  };
}

const S = 'STAFF' as const;
const F = 'FIXED_TERM' as const;
const MICHINOKU = '株式会社みちのく情報システム';

/** The Mamori administrator (demo-admin) is created with the town; they work in 情報政策係. */
export const DEMO_ADMIN = {
  familyName: '佐藤',
  givenName: '彩香',
  familyKana: 'さとう',
  givenKana: 'あやか',
  staffNumber: '20315',
  title: '主査',
};

/** Everyone else, by unit. The retired 会計管理者 and the staff of the closed 地域振興課 are part of the history. */
export const DEMO_PEOPLE: DemoPerson[] = [
  // 特別職
  p('00001', '工藤 正義', 'くどう まさよし', S, null, '町長', { ext: '1001' }),
  p('00002', '三浦 隆之', 'みうら たかゆき', S, null, '副町長', { key: 'ciso', ext: '1002', mobile: '0102' }),
  p('00003', '成田 和子', 'なりた かずこ', S, null, '教育長', { key: 'kyoikucho', ext: '3001' }),
  // 総務部
  p('10101', '佐々木 浩一', 'ささき こういち', S, 'somu-bu', '総務部長', {
    key: 'somu-bucho',
    ext: '1100',
    mobile: '0110',
  }),
  p('10102', '苫米地 順子', 'とまべち じゅんこ', S, 'somu-bu', '会計管理者', { key: 'kaikei', ext: '1150' }),
  p('09021', '沼田 勝', 'ぬまた まさる', S, 'somu-bu', '会計管理者', { key: 'kaikei-old', ext: '1150' }),
  p('10201', '中野渡 健', 'なかのわたり けん', S, 'somu', '総務課長', {
    key: 'somu-kacho',
    ext: '1200',
    mobile: '0120',
  }),
  p('10202', '附田 美紀', 'つきだ みき', S, 'somu', '課長補佐', { ext: '1201' }),
  p('10211', '蛯名 大輔', 'えびな だいすけ', S, 'johoseisaku', '情報政策係長', {
    key: 'joho-kakaricho',
    ext: '1210',
    mobile: '0121',
  }),
  p('10213', '川村 翔太', 'かわむら しょうた', S, 'johoseisaku', '主事', {
    key: 'joho-shuji',
    ext: '1212',
    mobile: '0123',
  }),
  p('D2501', '小林 恵', 'こばやし めぐみ', 'DISPATCHED', 'johoseisaku', '派遣職員（ヘルプデスク）', {
    ext: '1213',
    employer: '株式会社あおもりスタッフサービス',
    joined: '2025-10-01',
  }),
  p('C2601', '高田 誠', 'たかだ まこと', 'CONTRACTOR_STAFF', 'johoseisaku', 'システムエンジニア（常駐）', {
    ext: '1214',
    employer: MICHINOKU,
    joined: '2026-04-01',
  }),
  p('C2602', '田村 ゆかり', 'たむら ゆかり', 'CONTRACTOR_STAFF', 'johoseisaku', '運用保守担当', {
    ext: '1214',
    employer: MICHINOKU,
    joined: '2026-04-01',
  }),
  p('10221', '山本 亮', 'やまもと りょう', S, 'gyosei', '行政係長（選挙管理委員会書記長兼務）', { ext: '1220' }),
  p('10222', '福士 麻衣', 'ふくし まい', S, 'gyosei', '主事', { ext: '1221' }),
  p('F2611', '長内 節子', 'おさない せつこ', F, 'gyosei', '事務補助員', { ext: '1222', joined: '2026-04-01' }),
  p('10301', '鈴木 正人', 'すずき まさと', S, 'kikaku', '企画財政課長', { key: 'kikaku-kacho', ext: '1300' }),
  p('10302', '相馬 直樹', 'そうま なおき', S, 'kikaku', '主幹', { key: 'auditor', ext: '1301' }),
  p('10303', '葛西 里美', 'かさい さとみ', S, 'kikaku', '主査', { ext: '1302' }),
  p('10304', '坂本 拓也', 'さかもと たくや', S, 'kikaku', '主事', { ext: '1303' }),
  p('F2612', '柏木 彩', 'かしわぎ あや', F, 'kikaku', '事務補助員', { ext: '1304', joined: '2026-04-01' }),
  p('10401', '赤坂 博之', 'あかさか ひろゆき', S, 'zeimu', '税務課長', { key: 'zeimu-kacho', ext: '1400' }),
  p('10402', '須藤 恵美', 'すどう えみ', S, 'zeimu', '主査', { ext: '1401' }),
  p('10403', '菊地 大樹', 'きくち だいき', S, 'zeimu', '主事', { ext: '1402' }),
  p('F2613', '種市 和恵', 'たねいち かずえ', F, 'zeimu', '事務補助員', { ext: '1403', joined: '2026-04-01' }),
  // 住民福祉部
  p('20101', '木村 修', 'きむら おさむ', S, 'jumin-bu', '住民福祉部長', {
    key: 'jumin-bucho',
    ext: '2100',
    mobile: '0210',
  }),
  p('20201', '斎藤 文子', 'さいとう ふみこ', S, 'jumin', '住民課長', { key: 'jumin-kacho', ext: '2200' }),
  p('20202', '櫻田 聡', 'さくらだ さとし', S, 'jumin', '主査', { ext: '2201' }),
  p('20203', '中村 優花', 'なかむら ゆうか', S, 'jumin', '主事', { key: 'jumin-shuji', ext: '2202' }),
  p('F2621', '沢目 京子', 'さわめ きょうこ', F, 'jumin', '窓口事務員', { ext: '2203', joined: '2026-04-01' }),
  p('20301', '小笠原 徹', 'おがさわら とおる', S, 'kenko', '健康福祉課長', { key: 'kenko-kacho', ext: '2300' }),
  p('20302', '田中 千尋', 'たなか ちひろ', S, 'kenko', '保健師', { ext: '2301' }),
  p('20303', '馬場 陽子', 'ばば ようこ', S, 'kenko', '保健師', { ext: '2302' }),
  p('20304', '高橋 健太', 'たかはし けんた', S, 'kenko', '主事', { ext: '2303' }),
  p('F2622', '大坂 千恵子', 'おおさか ちえこ', F, 'kenko', '介護認定調査員', { ext: '2304', joined: '2026-04-01' }),
  p('20401', '竹ヶ原 美穂', 'たけがはら みほ', S, 'kosodate', '子育て支援課長', { ext: '2400' }),
  p('20402', '岩間 亜希', 'いわま あき', S, 'kosodate', '主事', { ext: '2401' }),
  p('F2623', '松橋 典子', 'まつはし のりこ', F, 'kosodate', '保育士', { ext: '2402', joined: '2026-04-01' }),
  // 産業建設部（地域振興課の二人は令和8年4月1日に産業振興課へ異動する）
  p('30101', '若松 誠一', 'わかまつ せいいち', S, 'sangyo-bu', '産業建設部長', {
    key: 'sangyo-bucho',
    ext: '3100',
    mobile: '0310',
  }),
  p('30201', '中川 敏彦', 'なかがわ としひこ', S, 'chiiki', '地域振興課長', { key: 'chiiki-kacho', ext: '3200' }),
  p('30202', '柳田 幸子', 'やなぎだ さちこ', S, 'chiiki', '主査', { key: 'chiiki-shusa', ext: '3201' }),
  p('30203', '佐野 健', 'さの けん', S, 'sangyo', '主事（農業委員会事務局兼務）', { ext: '3202' }),
  p('F2631', '石田 洋子', 'いしだ ようこ', F, 'sangyo', '事務補助員', { ext: '3203', joined: '2026-04-01' }),
  p('30301', '大久保 正', 'おおくぼ ただし', S, 'kensetsu', '建設課長', { key: 'kensetsu-kacho', ext: '3300' }),
  p('30302', '坂下 浩二', 'さかした こうじ', S, 'kensetsu', '主任技師', { ext: '3301' }),
  p('30303', '新山 陸', 'にいやま りく', S, 'kensetsu', '技師', { ext: '3302' }),
  // 水道事業
  p('40101', '舘 隆', 'たて たかし', S, 'suido', '上下水道課長', { key: 'suido-kacho', ext: '4100' }),
  p('40102', '堀 航平', 'ほり こうへい', S, 'suido', '技師', { ext: '4101' }),
  p('F2641', '西村 早苗', 'にしむら さなえ', F, 'suido', '検針・料金事務員', { ext: '4102', joined: '2026-04-01' }),
  // 教育委員会
  p('50101', '畑中 浩', 'はたなか ひろし', S, 'kyoiku', '教育総務課長', { key: 'kyoiku-kacho', ext: '5100' }),
  p('50102', '野月 真由美', 'のづき まゆみ', S, 'kyoiku', '主査', { ext: '5101' }),
  p('50103', '上野 颯太', 'うえの そうた', S, 'kyoiku', '主事', { ext: '5102' }),
  p('50201', '久保田 恵子', 'くぼた けいこ', S, 'shogai', '生涯学習課長', { key: 'shogai-kacho', ext: '5200' }),
  p('50202', '三上 亮介', 'みかみ りょうすけ', S, 'shogai', '社会教育主事', { ext: '5201' }),
  p('F2651', '今 美奈子', 'こん みなこ', F, 'shogai', '図書館司書', { ext: '5202', joined: '2026-04-01' }),
  // 監査委員・議会
  p('60101', '米田 昭彦', 'よねた あきひこ', S, 'kansa', '監査委員事務局長', { key: 'kansa-kyokucho', ext: '6100' }),
  p('60102', '泉山 涼子', 'いずみやま りょうこ', S, 'kansa', '書記', { ext: '6101' }),
  p('70101', '清水 勉', 'しみず つとむ', S, 'gikai', '議会事務局長', { key: 'gikai-kyokucho', ext: '7100' }),
  p('70102', '吉田 彩', 'よしだ あや', S, 'gikai', '主事', { ext: '7101' }),
];
