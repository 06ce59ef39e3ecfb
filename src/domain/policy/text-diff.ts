/**
 * Character-level comparison of two texts for the 新旧対照表: which parts of the old text were removed and which
 * parts of the new text were added, so they can be underlined (傍線) side by side. Pure.
 */

export interface Segment {
  text: string;
  changed: boolean;
}

/** Above this many cells the middle part is marked as changed as a whole rather than compared in detail. */
const MAX_CELLS = 4_000_000;

type Op = { kind: 'equal' | 'delete' | 'insert'; text: string };

function pushOp(ops: Op[], kind: Op['kind'], text: string) {
  if (!text) return;
  const last = ops[ops.length - 1];
  if (last && last.kind === kind) last.text += text;
  else ops.push({ kind, text });
}

/** The edit script from a to b: common head and tail, then a longest common subsequence of the middle. */
function editScript(a: string, b: string): Op[] {
  const x = [...a];
  const y = [...b];
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start++;
  let endX = x.length;
  let endY = y.length;
  while (endX > start && endY > start && x[endX - 1] === y[endY - 1]) {
    endX--;
    endY--;
  }
  const ops: Op[] = [];
  pushOp(ops, 'equal', x.slice(0, start).join(''));
  const mx = x.slice(start, endX);
  const my = y.slice(start, endY);
  const m = mx.length;
  const n = my.length;
  if (m > 0 && n > 0 && m * n <= MAX_CELLS) {
    // lcs[i * w + j]: length of the LCS of mx[i..] and my[j..].
    const w = n + 1;
    const lcs = new Uint32Array((m + 1) * w);
    for (let i = m - 1; i >= 0; i--) {
      for (let j = n - 1; j >= 0; j--) {
        lcs[i * w + j] =
          mx[i] === my[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < m && j < n) {
      if (mx[i] === my[j]) {
        pushOp(ops, 'equal', mx[i++]);
        j++;
      } else if (lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) {
        pushOp(ops, 'delete', mx[i++]);
      } else {
        pushOp(ops, 'insert', my[j++]);
      }
    }
    pushOp(ops, 'delete', mx.slice(i).join(''));
    pushOp(ops, 'insert', my.slice(j).join(''));
  } else {
    pushOp(ops, 'delete', mx.join(''));
    pushOp(ops, 'insert', my.join(''));
  }
  pushOp(ops, 'equal', x.slice(endX).join(''));
  return ops;
}

/**
 * A short common stretch between edits ("に" inside "又は必要に応じて") is coincidence, not text that stayed: it is
 * folded into the change on both sides, so the marks read as the phrase that was replaced.
 */
function foldCoincidences(ops: Op[]): Op[] {
  let current = ops;
  for (let changed = true; changed; ) {
    changed = false;
    const out: Op[] = [];
    for (let k = 0; k < current.length; k++) {
      const op = current[k];
      const len = [...op.text].length;
      const editsAround = (from: number, step: number) => {
        let total = 0;
        for (let q = from; q >= 0 && q < current.length && current[q].kind !== 'equal'; q += step) {
          total += [...current[q].text].length;
        }
        return total;
      };
      if (op.kind === 'equal' && k > 0 && k < current.length - 1 && len <= 2) {
        const before = editsAround(k - 1, -1);
        const after = editsAround(k + 1, 1);
        if (before >= len && after >= len) {
          pushOp(out, 'delete', op.text);
          pushOp(out, 'insert', op.text);
          changed = true;
          continue;
        }
      }
      out.push({ ...op });
    }
    // Regroup: within each run of edits, all deletions first, then all insertions.
    const grouped: Op[] = [];
    let del = '';
    let ins = '';
    const flush = () => {
      pushOp(grouped, 'delete', del);
      pushOp(grouped, 'insert', ins);
      del = '';
      ins = '';
    };
    for (const op of out) {
      if (op.kind === 'delete') del += op.text;
      else if (op.kind === 'insert') ins += op.text;
      else {
        flush();
        pushOp(grouped, 'equal', op.text);
      }
    }
    flush();
    current = grouped;
  }
  return current;
}

function sides(ops: Op[]): { old: Segment[]; new: Segment[] } {
  const old: Segment[] = [];
  const neu: Segment[] = [];
  const add = (out: Segment[], text: string, changed: boolean) => {
    const last = out[out.length - 1];
    if (last && last.changed === changed) last.text += text;
    else out.push({ text, changed });
  };
  for (const op of ops) {
    if (op.kind !== 'insert') add(old, op.text, op.kind === 'delete');
    if (op.kind !== 'delete') add(neu, op.text, op.kind === 'insert');
  }
  return { old, new: neu };
}

export function diffText(a: string, b: string): { old: Segment[]; new: Segment[] } {
  return sides(foldCoincidences(editScript(a, b)));
}

/** Share of characters the two texts have in common (0–1). */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (!a || !b) return 0;
  const kept = editScript(a, b)
    .filter((op) => op.kind === 'equal')
    .reduce((n, op) => n + [...op.text].length, 0);
  return (2 * kept) / ([...a].length + [...b].length);
}
