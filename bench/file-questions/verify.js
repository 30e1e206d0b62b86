const fs = require('fs'), path = require('path');
const dir = process.argv[2];
const lines = fs.readFileSync(path.join(dir, 'questions.jsonl'), 'utf8').split('\n');
if (lines[lines.length - 1] === '') lines.pop();
let ok = true; const fail = (m) => { ok = false; console.log('FAIL: ' + m); };
if (lines.length !== 24) fail(`expected 24 lines, got ${lines.length}`);
// Enclosing functions for "elsewhere" cursors (hand-checked ranges).
const hosts = {
  'textwrap.py': { _handle_long_word: [197, 230], shorten: [398, 411], dedent: [419, 467] },
  'shlex.py': { get_token: [101, 131], read_token: [133, 277], sourcehook: [279, 286] },
  'BytePairEncodingCore.ts': { encodeNativeGenerator: [109, 162], bytePairMerge: [452, 539], countNative: [213, 260] },
  'functionCalling.ts': { countMessageTokens: [118, 154], formatFunctionDefinitions: [221, 254], formatObjectProperties: [156, 182] },
};
const rows = [], perFile = {}, seen = new Set();
lines.forEach((l, i) => {
  let q; try { q = JSON.parse(l); } catch (e) { return fail(`line ${i + 1} not JSON`); }
  for (const k of ['id','file','language','question','symbol','start','end','cursor','cursorLine'])
    if (!(k in q)) fail(`${q.id}: missing ${k}`);
  const src = fs.readFileSync(path.join(dir, q.file), 'utf8').split('\n');
  const esc = q.symbol.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(^|[^A-Za-z0-9_])${esc}([^A-Za-z0-9_]|$)`);
  const first = src[q.start - 1];
  const firstOk = re.test(first) || (/^\s*@/.test(first) && re.test(src[q.start]));
  if (!firstOk) fail(`${q.id}: first line ${q.start} lacks ${q.symbol}: ${first}`);
  if (src[q.end - 1].trim() === '') fail(`${q.id}: end line blank`);
  const len = q.end - q.start + 1;
  if (len > 50) fail(`${q.id}: length ${len}`);
  if (seen.has(q.file + ':' + q.symbol)) fail(`${q.id}: duplicate symbol`); seen.add(q.file + ':' + q.symbol);
  const c = q.cursorLine;
  if (q.cursor === 'inside') {
    if (!(c > q.start && c <= q.end)) fail(`${q.id}: inside cursor ${c} not in (${q.start},${q.end}]`);
  } else if (q.cursor === 'elsewhere') {
    if (c >= q.start && c <= q.end) fail(`${q.id}: elsewhere cursor inside range`);
    const dist = c < q.start ? q.start - c : c - q.end;
    if (dist < 20) fail(`${q.id}: elsewhere cursor only ${dist} lines away`);
    const host = Object.entries(hosts[q.file] || {}).find(([, [s, e]]) => c >= s && c <= e);
    if (!host || host[0] === q.symbol) fail(`${q.id}: elsewhere cursor ${c} not in a different known function`);
  } else fail(`${q.id}: bad cursor ${q.cursor}`);
  perFile[q.file] = perFile[q.file] || { inside: 0, elsewhere: 0 };
  perFile[q.file][q.cursor]++;
  rows.push([q.id, q.symbol, q.start, q.end, len, q.cursor, c]);
});
for (const [f, n] of Object.entries(perFile)) if (n.inside !== 3 || n.elsewhere !== 3) fail(`${f}: ${JSON.stringify(n)}`);
if (Object.keys(perFile).length !== 4) fail('expected 4 files');
const hdr = ['id', 'symbol', 'start', 'end', 'len', 'cursor', 'cursorLine'];
const w = hdr.map((h, i) => Math.max(h.length, ...rows.map(r => String(r[i]).length)));
const fmt = r => r.map((v, i) => String(v).padEnd(w[i])).join('  ');
console.log(fmt(hdr)); rows.forEach(r => console.log(fmt(r)));
console.log(ok ? 'ALL CHECKS PASSED' : 'SOME CHECKS FAILED');
process.exit(ok ? 0 : 1);
