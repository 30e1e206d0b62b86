/** One run of a line diff: lines both texts keep, or lines only the old or only the new one has. */
export interface DiffRun {
  kind: "same" | "removed" | "added";
  lines: string[];
}

/**
 * The shortest edit between two lists of lines (Myers' O(ND) algorithm), as runs in order.
 * The lines both share at the start and the end are taken off first, so an edit of one function
 * in a long file costs the size of that function, not of the file.
 */
export function diffLines(a: readonly string[], b: readonly string[]): DiffRun[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const middle = shortestEdit(a.slice(head, a.length - tail), b.slice(head, b.length - tail));
  const runs: DiffRun[] = [];
  const push = (kind: DiffRun["kind"], line: string): void => {
    const last = runs.at(-1);
    if (last?.kind === kind) last.lines.push(line);
    else runs.push({ kind, lines: [line] });
  };
  for (const line of a.slice(0, head)) push("same", line);
  for (const [kind, line] of middle) push(kind, line);
  for (const line of a.slice(a.length - tail)) push("same", line);
  return runs;
}

/** Myers' greedy forward search, keeping each step's frontier (only the diagonals it reached) to walk the path back. */
function shortestEdit(a: readonly string[], b: readonly string[]): [DiffRun["kind"], string][] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let done = n === 0 && m === 0;
  for (let d = 0; d <= max && !done; d++) {
    // Diagonals -d-1 … d+1 are all that step d reads, and all the walk back reads of it.
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        done = true;
        break;
      }
    }
  }
  // Walk back from the end through the saved frontiers.
  const out: [DiffRun["kind"], string][] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0 && (x > 0 || y > 0); d--) {
    const frontier = trace[d];
    const at = (k: number): number => frontier[k + d + 1];
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY && x > 0 && y > 0) {
      out.push(["same", a[--x]]);
      y--;
    }
    if (d === 0) break;
    if (down) out.push(["added", b[--y]]);
    else out.push(["removed", a[--x]]);
  }
  return out.reverse();
}
