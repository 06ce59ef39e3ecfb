/** 許可申請の一覧: placeholder until the page lands. */
export default function RequestsPage() {
  return null;
}
