/** 分類基準の設定: placeholder until the page lands. */
export default function SchemesPage() {
  return null;
}
