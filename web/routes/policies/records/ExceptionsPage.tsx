/** 例外措置: placeholder until the page lands. */
export default function ExceptionsPage() {
  return null;
}
