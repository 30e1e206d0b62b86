// The fine-tuning export: which answers go out (rated up by default, never a stopped or failed
// one), each format against what its trainer reads, secrets in attached files left out unless
// asked for, and the eval-set form read back by the eval's own parser.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { StoredAssistantMessage, StoredConversation } from "../../../src/common/history/chatHistory";
import { chooseAnswers, DEFAULT_FILTERS, exportLines, openingSpan, previewOf, whyNothingToExport, type ExportFormat } from "../../../src/common/export/fineTuneExport";
import { describePreview } from "../../../src/node/export/buildExport";
import { evalSetOf } from "../../../src/common/export/evalSetExport";
import { ratedChatAnswer } from "../../../src/common/chatView/ratedChatAnswer";
import { SYSTEM_PROMPT } from "../../../src/common/conversation/prompt";
import type { Mode } from "../../../src/common/conversation/mode";
import { planTurn } from "../../../src/common/turn/phases/turnPlanner";
import { parseQuestionSet } from "../../../eval/questionSet";
import { checkAnswer } from "../../../eval/checkAnswer";
import { record } from "../../webview/support/fixtures";

const UP = { value: "up" as const, at: "2026-11-20T10:00:00.000Z" };
const SECRET = "API_TOKEN = 'sk-live-0123456789'";

function answer(id: string, mode: Mode, text: string, guidanceLength: number, extra: Partial<StoredAssistantMessage> = {}): StoredAssistantMessage {
  return { id, role: "assistant", mode, plan: planTurn(mode), text, guidanceLength, record: record({ mode }), rating: UP, ...extra };
}

// One conversation with every kind of answer: guided (with an attached file holding a secret),
// stopped, cloud, local, rated down, unrated.
const guidedText = "👍 Use `dict.get(key, default)`: it returns the default when the key is missing.";
const guidedOpening = "👍 Use `dict.get(key, default)`";
const mixed: StoredConversation = {
  id: "c-mixed",
  title: "Dicts",
  createdAt: Date.parse("2026-11-20T09:00:00Z"),
  updatedAt: Date.parse("2026-11-20T11:00:00Z"),
  workspace: "shop",
  messages: [
    { id: "u1", role: "user", text: "How do I read a key that may be missing?", context: [{ fileName: "src/config.py", language: "python", kind: "file", text: `${SECRET}\nsettings = {}\n` }] },
    answer("a1", "guided", guidedText, guidedOpening.length),
    { id: "u2", role: "user", text: "And with a default list?" },
    answer("a2", "guided", "Use `setdefault`, which", 10, { partial: true, record: record({ mode: "guided", stopped: true }) }),
    { id: "u3", role: "user", text: "What about nested dicts?" },
    answer("a3", "cloud", "Chain `.get` calls with `{}` as each default.", "Chain `.get` calls with `{}` as each default.".length),
    { id: "u4", role: "user", text: "Is there a library?" },
    answer("a4", "local", "glom reads nested paths.", 0),
    { id: "u5", role: "user", text: "Which is fastest?" },
    answer("a5", "guided", "A plain `get` is fastest.", 8, { rating: { value: "down", reason: "Not measured", at: UP.at } }),
    { id: "u6", role: "user", text: "Thanks" },
    answer("a6", "auto", "You are welcome.", 0, { rating: undefined }),
  ],
};
const other: StoredConversation = {
  id: "c-other",
  title: "Later",
  createdAt: Date.parse("2026-11-25T09:00:00Z"),
  updatedAt: Date.parse("2026-11-25T09:00:00Z"),
  workspace: "blog",
  messages: [{ id: "u1", role: "user", text: "Reverse a string in Go?" }, answer("b1", "auto", "Convert it to runes and swap from both ends.", 12, { rating: { value: "up", at: "2026-11-25T09:05:00.000Z" } })],
};
const all = [other, mixed];
const ids = (filters = DEFAULT_FILTERS) => chooseAnswers(all, filters).map((c) => c.answer.id);
const lines = (format: ExportFormat, includeFiles = false) => exportLines(chooseAnswers(all, DEFAULT_FILTERS), format, includeFiles).map((l) => JSON.parse(l) as Record<string, unknown>);

test("by default only whole answers rated up go out, oldest conversation first; a stopped one never does", () => {
  assert.deepEqual(ids(), ["a1", "a3", "a4", "b1"]);
  assert.deepEqual(ids({ ...DEFAULT_FILTERS, ratedUpOnly: false }), ["a1", "a3", "a4", "a5", "a6", "b1"], "unrated and rated down too, still not the stopped answer");
  assert.deepEqual(ids({ ...DEFAULT_FILTERS, guidedOnly: true }), ["a1", "b1"], "guided and auto only: no cloud or local answer");
  assert.deepEqual(ids({ ...DEFAULT_FILTERS, workspace: "blog" }), ["b1"]);
  assert.deepEqual(ids({ ...DEFAULT_FILTERS, since: new Date("2026-11-24T00:00:00Z") }), ["b1"]);
  assert.deepEqual(ids({ ...DEFAULT_FILTERS, until: new Date("2026-11-24T00:00:00Z") }), ["a1", "a3", "a4"]);
  const failed = { ...mixed, messages: [mixed.messages[0], answer("x", "guided", "Half", 2, { error: { reason: "internal", message: "boom" } })] };
  assert.deepEqual(chooseAnswers([failed], DEFAULT_FILTERS), [], "an answer that ended in an error is not exported");
});

test("an answer cut at a length limit (ending mid-word) never goes out: by its record, or by its note where it was stored before the record said so", () => {
  const cut = { ...mixed, messages: [mixed.messages[0], answer("c", "guided", "Use `dict.get(key, defa", 8, { record: { ...record({ mode: "guided" }), cutAtLimit: true } })] };
  assert.deepEqual(chooseAnswers([cut], { ...DEFAULT_FILTERS, ratedUpOnly: false }), []);
  const noted = { ...mixed, messages: [mixed.messages[0], answer("n", "guided", "Use `dict.get(key, defa", 8, { notes: [{ reason: "length-limit", message: "Cut at the length limit (16 tokens)." }] })] };
  assert.deepEqual(chooseAnswers([noted], { ...DEFAULT_FILTERS, ratedUpOnly: false }), []);
  // The Chat view's rated answers carry the record: the same rule.
  const meta = { answer: "Paris is the cap", guidanceLength: 3, messageId: "r2", messages: [{ role: "user" as const, text: "Capital of France?" }], mode: "guided" as const, record: { ...record({ mode: "guided" }), cutAtLimit: true as const } };
  assert.deepEqual(chooseAnswers([ratedChatAnswer(meta, UP, undefined)!], DEFAULT_FILTERS), []);
  assert.match(whyNothingToExport([cut], DEFAULT_FILTERS, "here", "untick it"), /no stored answer is whole \(stopped, failed and cut answers never go out\)/);
});

test("OpenAI chat fine-tuning lines: only `messages`; system, then the history with earlier answers at weight 0, the answer last at weight 1", () => {
  for (const line of lines("openai")) {
    assert.deepEqual(Object.keys(line), ["messages"]);
    const messages = line.messages as { role: string; content: string; weight?: number }[];
    assert.equal(messages[0]?.role, "system");
    assert.equal(messages[0]?.content, SYSTEM_PROMPT);
    const last = messages.at(-1)!;
    assert.equal(last.role, "assistant");
    assert.equal(last.weight, 1);
    for (const m of messages.slice(1, -1)) {
      assert.ok(m.role === "user" || m.role === "assistant", m.role);
      assert.equal("weight" in m, m.role === "assistant", "weight is only on assistant messages");
      if (m.role === "assistant") assert.equal(m.weight, 0);
      assert.deepEqual(Object.keys(m).sort(), m.role === "assistant" ? ["content", "role", "weight"] : ["content", "role"]);
    }
    // Roles alternate user/assistant after the system message, ending with the trained answer.
    messages.slice(1).forEach((m, i) => assert.equal(m.role, i % 2 === 0 ? "user" : "assistant"));
  }
  const cloud = lines("openai")[1].messages as { role: string; content: string }[];
  assert.equal(cloud.at(-1)!.content, "Chain `.get` calls with `{}` as each default.");
  // The stopped answer stays in the history as the user saw it, at weight 0.
  assert.ok(cloud.some((m) => m.role === "assistant" && m.content === "Use `setdefault`, which"));
});

test("TRL prompt–completion lines: the prompt ends with the question, the completion is the one answer", () => {
  for (const line of lines("trl")) {
    assert.deepEqual(Object.keys(line).sort(), ["completion", "prompt"]);
    const prompt = line.prompt as { role: string }[];
    assert.equal(prompt[0]?.role, "system");
    assert.equal(prompt.at(-1)?.role, "user");
    const completion = line.completion as { role: string; content: string }[];
    assert.equal(completion.length, 1);
    assert.equal(completion[0]?.role, "assistant");
  }
  assert.equal((lines("trl")[0].completion as { content: string }[])[0].content, guidedText);
});

test("spans lines: the opening's offsets (code points, inclusive, as Axolotl reads them) slice out exactly the teacher's text", () => {
  const [guided, cloud, local] = lines("spans");
  const last = (l: Record<string, unknown>) => (l.messages as { role: string; content: string; train: boolean; train_detail?: { begin_offset: number; end_offset: number; train: boolean }[] }[]).at(-1)!;
  const slice = (s: string, b: number, e: number) => Array.from(s).slice(b, e + 1).join("");
  const g = last(guided);
  const opening = guided.opening as { begin_offset: number; end_offset: number; model: string };
  assert.equal(slice(g.content, opening.begin_offset, opening.end_offset), guidedOpening, "the emoji counts as one character, as in Python");
  assert.equal(opening.model, "gpt-4o-mini");
  assert.deepEqual(
    g.train_detail!.map((d) => slice(g.content, d.begin_offset, d.end_offset)),
    [guidedOpening, guidedText.slice(guidedOpening.length)],
    "two spans, together the whole answer",
  );
  assert.ok((guided.messages as { train: boolean }[]).slice(0, -1).every((m) => m.train === false), "only the answer is trained");
  // A cloud answer is the teacher's from end to end; a local one has no opening.
  const c = last(cloud);
  assert.equal(slice(c.content, (cloud.opening as { begin_offset: number }).begin_offset, (cloud.opening as { end_offset: number }).end_offset), c.content);
  assert.equal(c.train_detail!.length, 1);
  assert.equal(local.opening, null);
  assert.equal(openingSpan(answer("z", "local", "abc", 0)), null);
});

test("attached files: named but left out unless asked for; asked for, they go out whole", () => {
  for (const format of ["openai", "trl", "spans"] as const) {
    const without = exportLines(chooseAnswers(all, DEFAULT_FILTERS), format, false).join("\n");
    assert.ok(!without.includes("sk-live"), `${format}: the secret is not in the export`);
    assert.ok(without.includes("(Attached: `src/config.py`; contents left out of this export.)"), `${format}: the attachment is named`);
    const withFiles = exportLines(chooseAnswers(all, DEFAULT_FILTERS), format, true).join("\n");
    assert.ok(withFiles.includes("sk-live-0123456789"), `${format}: asked for, the file is in`);
  }
  const chosen = chooseAnswers(all, DEFAULT_FILTERS);
  const out = exportLines(chosen, "openai", false);
  const preview = previewOf(chosen, out, false);
  assert.equal(preview.answers, 4);
  assert.equal(preview.bytes, Buffer.byteLength(out.map((l) => `${l}\n`).join(""), "utf8"));
  assert.equal(preview.sample, out[0]);
  assert.equal(preview.withFiles, 3, "three answers came after the question with a file");
});

test("as an eval set: one question a line that the eval's parser accepts, each check passing its own reference answer", async () => {
  const chosen = chooseAnswers(all, DEFAULT_FILTERS);
  const set = evalSetOf(chosen, true, "set-files");
  const files = new Map(set.files.map((f) => [f.path, f.text]));
  const questions = parseQuestionSet(set.lines.join("\n"), { name: "exported.jsonl", readFile: (p) => files.get(p) ?? assert.fail(`no file ${p}`) });
  assert.deepEqual(questions.map((q) => q.question), ["How do I read a key that may be missing?", "What about nested dicts?", "Is there a library?", "Reverse a string in Go?"]);
  assert.equal(questions[0].file?.fileName, "set-files/1-config.py");
  assert.ok(questions[0].file?.text.includes("sk-live"), "asked for, the file is there");
  for (const [i, q] of questions.entries()) {
    const reference = (JSON.parse(set.lines[i]) as { reference: string }).reference;
    assert.equal((await checkAnswer(reference, q.expect)).passed, true, `${q.id}: its check passes the rated answer`);
  }
  const without = evalSetOf(chosen, false, "set-files");
  assert.equal(without.files.length, 0);
  assert.equal(without.filesLeftOut, 1);
  assert.ok(!without.lines.join("\n").includes("sk-live"));
});

test("a Chat view rating becomes a one-answer conversation the export reads like the panel's; one without its record is not kept", () => {
  const meta = { answer: "Paris.", guidanceLength: 3, messageId: "r1", messages: [{ role: "user" as const, text: "Capital of France?" }], mode: "guided" as const, record: record({ mode: "guided" }) };
  const kept = ratedChatAnswer(meta, { value: "up", at: "2026-11-30T10:00:00.000Z" }, "shop");
  assert.ok(kept);
  assert.equal(kept.id, "chat-r1", "rating the same answer again replaces its verdict");
  assert.equal(kept.workspace, "shop");
  assert.deepEqual(chooseAnswers([kept], DEFAULT_FILTERS).map((c) => c.answer.text), ["Paris."]);
  const down = ratedChatAnswer(meta, { value: "down", at: "2026-11-30T10:00:00.000Z" }, undefined);
  assert.deepEqual(chooseAnswers([down!], DEFAULT_FILTERS), [], "rated down: not exported by default");
  const stopped = ratedChatAnswer({ ...meta, record: record({ mode: "guided", stopped: true }) }, { value: "up", at: "2026-11-30T10:00:00.000Z" }, undefined);
  assert.deepEqual(chooseAnswers([stopped!], DEFAULT_FILTERS), [], "a stopped answer is not exported");
  assert.equal(ratedChatAnswer({ answer: "Paris.", guidanceLength: 3 }, { value: "up", at: "2026-11-30T10:00:00.000Z" }, undefined), undefined, "an answer from before the metadata was kept");
});

test("an export names a file outside every workspace folder by its base name, never its absolute path; a workspace file keeps its relative path", () => {
  const outside: StoredConversation = {
    ...other,
    id: "c-outside",
    messages: [
      {
        id: "u1",
        role: "user",
        text: "What does this do?",
        context: [
          { fileName: "/home/ada/private/taxes/calc.py", language: "python", kind: "file", text: "def total(): pass\n" },
          { fileName: "C:\\Users\\ada\\notes\\todo.ts", language: "typescript", kind: "file", text: "export {};\n" },
          { fileName: "src/app.ts", language: "typescript", kind: "file", text: "export {};\n" },
        ],
      },
      answer("o1", "guided", "It adds the year up.", 3),
    ],
  };
  for (const format of ["openai", "trl", "spans"] as ExportFormat[]) {
    for (const includeFiles of [false, true]) {
      const [line] = exportLines(chooseAnswers([outside], DEFAULT_FILTERS), format, includeFiles);
      assert.doesNotMatch(line, /home|ada|Users|private|taxes/, `${format}, files ${includeFiles}: ${line}`);
      assert.match(line, /calc\.py/);
      assert.match(line, /todo\.ts/);
      assert.match(line, /src\/app\.ts/);
    }
  }
});

test("OpenAI's minimum of examples and its per-example token limit are reported before export", () => {
  const chosen = chooseAnswers(all, DEFAULT_FILTERS);
  const openai = exportLines(chosen, "openai", false);
  // A counter that makes the first example huge: the limit is checked on what is counted.
  const preview = previewOf(chosen, openai, false, (text) => (text.includes("Reverse a string") ? 70_000 : text.length));
  assert.equal(preview.overTokenLimit, 1);
  const said = describePreview(preview, "openai").join("\n");
  assert.match(said, /OpenAI's fine-tuning needs at least 10 examples; this file has 4/);
  assert.match(said, /1 example is over the 65,536 tokens OpenAI trains on per example/);
  assert.doesNotMatch(describePreview(previewOf(chosen, exportLines(chosen, "trl", false), false), "trl").join("\n"), /OpenAI/, "another trainer has its own rules");
});

test("an empty export says why: nothing stored, nothing whole, nothing rated up, or the filters left the rated answers out", () => {
  const where = "/store";
  assert.match(whyNothingToExport([], DEFAULT_FILTERS, where, "pass --all"), /no conversations are stored in \/store/);
  const stopped: StoredConversation = { ...other, id: "c-stopped", messages: [other.messages[0], answer("s1", "guided", "Convert", 3, { partial: true })] };
  assert.match(whyNothingToExport([stopped], DEFAULT_FILTERS, where, "pass --all"), /no stored answer is whole/);
  const unrated: StoredConversation = { ...other, id: "c-unrated", messages: [other.messages[0], answer("r1", "guided", "Use runes.", 3, { rating: undefined })] };
  assert.match(whyNothingToExport([unrated], DEFAULT_FILTERS, where, "pass --all"), /no answer is rated up yet: rate answers with 👍, or pass --all/);
  assert.match(whyNothingToExport(all, { ...DEFAULT_FILTERS, workspace: "nowhere" }, where, "pass --all"), /4 answers rated up, but none within the workspace “nowhere”/);
});
