/** 公開ページ (/portal/:tenantCode): placeholder until the page lands. */
export default function PortalPage() {
  return null;
}
