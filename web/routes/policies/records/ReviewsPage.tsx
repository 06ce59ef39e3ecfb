/** 見直し: placeholder until the page lands. */
export default function ReviewsPage() {
  return null;
}
