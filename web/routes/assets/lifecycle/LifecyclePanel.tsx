/** 情報資産の取扱記録と許可申請 (shown on the asset detail page): placeholder until the panel lands. */
export function LifecyclePanel(_props: { assetId: string }) {
  return null;
}
