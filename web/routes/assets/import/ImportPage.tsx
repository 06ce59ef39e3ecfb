/** 台帳の取込み: placeholder until the page lands. */
export default function ImportPage() {
  return null;
}
