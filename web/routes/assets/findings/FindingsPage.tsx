/** 情報資産の指摘事項: placeholder until the page lands. */
export default function FindingsPage() {
  return null;
}
