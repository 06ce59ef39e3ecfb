/** Searches and merges on ascending arrays and runs of them, used by `classify` (classes.ts). Pure. */

export function lowerBound(xs: number[], v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function sameRun(flat: Int32Array, a: number, aEnd: number, b: number, bEnd: number): boolean {
  if (aEnd - a !== bEnd - b) return false;
  for (let i = 0; a + i < aEnd; i++) if (flat[a + i] !== flat[b + i]) return false;
  return true;
}

/** `v` is in the ascending `xs` at or after position `from`. */
export function sortedHas(xs: number[], v: number, from: number): boolean {
  let lo = from;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo < xs.length && xs[lo] === v;
}

export function lowerBoundIn(xs: Int32Array, n: number, v: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `a[0, na)` and `b[from, to)`, both ascending, merged into a new array of exactly their size. */
export function mergeRuns(a: Int32Array, na: number, b: Int32Array, from: number, to: number): number[] {
  const out = new Array<number>(na + to - from);
  let i = 0;
  let j = from;
  let k = 0;
  while (i < na && j < to) out[k++] = a[i] < b[j] ? a[i++] : b[j++];
  while (i < na) out[k++] = a[i++];
  while (j < to) out[k++] = b[j++];
  return out;
}
