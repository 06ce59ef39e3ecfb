/** 情報資産管理台帳 (/assets): placeholder until the pages land. */
export default function AssetRoutes() {
  return null;
}
