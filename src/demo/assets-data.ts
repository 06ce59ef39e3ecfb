/**
 * The rows of 青葉町's 情報資産管理台帳 (loaded by ./assets.ts): about sixty assets across the 課室, their levels under
 * scheme A (機密性3/2/1, 完全性2/1, 可用性2/1), personal-data flags and links. Deliberate gaps are listed in ./assets.ts.
 * The rows live in one file per group of 部局 and are joined here in the ledger's order.
 */
import type { AssetCreate, LinkKind } from '../modules/assets/contract.ts';

export type Levels = [c: string | null, i: string | null, a: string | null];
export interface DemoAsset {
  ref: string;
  name: string;
  unit: string;
  kind: AssetCreate['kind'];
  medium: AssetCreate['medium'];
  tier: AssetCreate['tier'];
  levels: Levels;
  business?: string;
  location?: string;
  personal?: 'p' | 'sp' | 'sens';
  persons?: AssetCreate['personCount'];
  retention?: string;
  userScope?: string;
  contractor?: string;
  /** Deliberate gap: the yearly review was due weeks ago and has not been done. */
  reviewOverdue?: true;
  links?: Array<[LinkKind, string]>;
}

import { FUKUSHI_ASSETS, JUMIN_ASSETS, OTHER_UNIT_ASSETS } from './assets-data-others.ts';
import { SOMU_IT_ASSETS, SOMU_SECTION_ASSETS, SOMU_ZEIMU_ASSETS } from './assets-data-somu.ts';

export const DEMO_ASSETS: DemoAsset[] = [
  ...SOMU_IT_ASSETS,
  ...JUMIN_ASSETS,
  ...SOMU_ZEIMU_ASSETS,
  ...FUKUSHI_ASSETS,
  ...SOMU_SECTION_ASSETS,
  ...OTHER_UNIT_ASSETS,
];
