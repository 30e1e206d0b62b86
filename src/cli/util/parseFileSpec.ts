/**
 * `FILE`, `FILE:LINE` or `FILE:START-END` (lines 1-based, as editors write them) as a path and,
 * when given, the lines at the cursor (0-based, inclusive). A path that itself ends in `:digits`
 * is taken as a line only when the whole spec matches, so `a:b.py` stays a path.
 */
export function parseFileSpec(spec: string): { path: string; focus?: { start: number; end: number } } {
  const m = /^(.+?):(\d+)(?:-(\d+))?$/.exec(spec);
  if (!m) return { path: spec };
  const start = Number(m[2]);
  const end = m[3] === undefined ? start : Number(m[3]);
  if (start < 1 || end < start) throw new Error(`“${spec}”: lines are counted from 1, and a range goes from its first line to its last (FILE:12-40).`);
  return { path: m[1], focus: { start: start - 1, end: end - 1 } };
}
