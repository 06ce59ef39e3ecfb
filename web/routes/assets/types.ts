/** Response types of the information asset area, taken from the server's own code (type-only imports), and labels. */
import type { getAsset } from '../../../src/modules/assets/detail.service.ts';
import type { listSchemes } from '../../../src/modules/assets/schemes.service.ts';
import type { assetView } from '../../../src/modules/assets/view.ts';

export type { AssetKind, AssetMedium, AssetTier, LinkKind } from '../../../src/domain/assets/vocabulary.ts';
export {
  ASSET_KIND_LABELS,
  ASSET_KINDS,
  ASSET_MEDIA,
  ASSET_MEDIUM_LABELS,
  ASSET_TIER_LABELS,
  ASSET_TIERS,
  LINK_KIND_LABELS,
  LINK_KINDS,
  PERSON_COUNT_LABELS,
  PERSON_COUNTS,
} from '../../../src/domain/assets/vocabulary.ts';

export type AssetItem = ReturnType<typeof assetView>;
export type AssetDetail = Awaited<ReturnType<typeof getAsset>>;
export type SchemeList = Awaited<ReturnType<typeof listSchemes>>;
export type SchemeView = SchemeList['items'][number];
export interface AssetPage {
  items: AssetItem[];
  nextCursor: string | null;
}
export interface UnitOption {
  id: string;
  name: string;
  level: string;
  path: string;
  validTo: string | null;
}

/** Query keys: every asset query starts with 'assets', so one invalidation refreshes lists, counts and details. */
export const assetKeys = {
  all: ['assets'] as const,
  list: (q: string) => ['assets', 'list', q] as const,
  count: (q: string) => ['assets', 'count', q] as const,
  detail: (id: string) => ['assets', 'detail', id] as const,
  schemes: ['assets', 'schemes'] as const,
  units: ['assets', 'units'] as const,
  search: (q: string) => ['assets', 'search', q] as const,
};
