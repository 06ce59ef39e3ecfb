/** 情報セキュリティポリシー (/policies): placeholder until the pages land. */
export default function PolicyRoutes() {
  return null;
}
