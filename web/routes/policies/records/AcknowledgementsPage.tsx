/** 周知・確認: placeholder until the page lands. */
export default function AcknowledgementsPage() {
  return null;
}
