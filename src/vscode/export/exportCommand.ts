// "Headstart: Export Conversations for Fine-Tuning": three choices (format, what to include, which
// days), a preview of what would be written, then where to save it. Attached file contents stay
// out unless ticked, and nothing is written before the user has seen the preview.
import * as vscode from "vscode";
import { homedir } from "node:os";
import { join } from "node:path";
import { dayFilters, lastDays, parseDay } from "../../common/export/dayRange";
import { errorMessage } from "../../common/util/errorMessage";
import { DEFAULT_FILTERS, whyNothingToExport, type ExportFilters } from "../../common/export/fineTuneExport";
import { buildExport, describePreview, writeExport, type ExportKind } from "../../node/export/buildExport";
import { loadExportable } from "../../node/export/exportSources";
import { askModal, notify } from "../util/notify";
import { loadGptTokenCounter } from "../../node/cost/gptTokenCounter";
import { plural } from "../../common/util/plural";

const TITLE = "Headstart: Export for Fine-Tuning";
/** The sample line in the preview is cut here: a dialog is no place for a whole conversation. */
const SAMPLE_CHARS = 600;

const FORMATS: readonly (vscode.QuickPickItem & { exportKind: ExportKind })[] = [
  { exportKind: "openai", label: "OpenAI chat fine-tuning", detail: "{\"messages\": […]} a line; earlier answers at weight 0. For OpenAI's fine-tuning and most trainers." },
  { exportKind: "trl", label: "Hugging Face TRL prompt–completion", detail: "prompt as messages, completion as the answer: TRL's SFTTrainer trains on the completion only." },
  { exportKind: "spans", label: "Axolotl, the teacher's opening as its own span", detail: "train_detail marks the opening apart from the local model's text, to train either or both." },
  { exportKind: "eval", label: "Eval set for npm run eval", detail: "The questions with an editable check and the rated answer as reference: measure a new student." },
];

type Option = "ratedUp" | "guided" | "workspace" | "files";

interface Range extends vscode.QuickPickItem {
  filters(): Pick<ExportFilters, "since" | "until"> | "ask";
}

const RANGES: readonly Range[] = [
  { label: "Any day", filters: () => ({}) },
  { label: "Today", filters: () => lastDays(1) },
  { label: "The last 7 days", filters: () => lastDays(7) },
  { label: "The last 30 days", filters: () => lastDays(30) },
  { label: "From one day to another…", filters: () => "ask" },
];

/** Runs the export, asking the user at each step; returns quietly when they cancel. */
export async function exportForFineTuning(storage: string, workspace: string | undefined, log: (line: string) => void): Promise<void> {
  const format = await vscode.window.showQuickPick(FORMATS, { title: `${TITLE} (1/3): format`, placeHolder: "Which trainer will read the file?" });
  if (!format) return;
  const filters = await chooseFilters(workspace);
  if (!filters) return;
  const { includeFiles, ...rest } = filters;

  const skipped: string[] = [];
  const conversations = await loadExportable(storage, (file, why) => {
    skipped.push(file);
    log(`Export: skipped ${file}: ${why}`);
  });
  const counter = await loadGptTokenCounter();
  const preview = buildExport(conversations, format.exportKind, rest, includeFiles, "preview.jsonl", counter).preview;
  if (preview.answers === 0) {
    const why = whyNothingToExport(conversations, rest, storage, "untick “Only answers rated up”");
    void notify("info", `Headstart: nothing to export: ${why}`);
    return;
  }
  const sample = preview.sample && preview.sample.length > SAMPLE_CHARS ? `${preview.sample.slice(0, SAMPLE_CHARS)}…` : preview.sample;
  const [summary, ...notes] = describePreview(preview, format.exportKind);
  const detail = [...notes, ...(skipped.length ? [`${plural(skipped.length, "unreadable conversation file was", "unreadable conversation files were")} skipped (see the Headstart log).`] : []), `The first line:\n${sample ?? ""}`].join("\n\n");
  const go = await askModal("info", `Export ${summary.replace(/\.$/, "")} as ${format.label}?`, detail, "Save As…");
  if (go !== "Save As…") return;

  const target = await saveTarget(`headstart-${format.exportKind}-${new Date().toISOString().slice(0, 10)}.jsonl`, includeFiles);
  if (!target) return;
  try {
    // Built again for the chosen file: an eval set's attached files are named after it.
    const built = buildExport(conversations, format.exportKind, rest, includeFiles, target.fsPath, counter);
    await writeExport(built);
    const open = await notify("info", `Headstart: exported ${summary.replace(/,.*$/, "")} to ${target.fsPath}.`, "Open");
    if (open) await vscode.window.showTextDocument(target);
  } catch (e) {
    void notify("error", `Headstart: could not write the export to ${target.fsPath}: ${errorMessage(e)}. Choose another place and run the export again.`);
  }
}

/**
 * Where the export goes: offered in the home folder, outside every workspace, since a file in a
 * workspace folder may be committed with its code, and what an export holds (the user's questions,
 * answers, file names, perhaps their contents) does not belong in a repository. Chosen inside
 * one anyway, the user is asked once more; declining asks for another place.
 */
async function saveTarget(name: string, includeFiles: boolean): Promise<vscode.Uri | undefined> {
  let defaultUri = vscode.Uri.file(join(homedir(), name));
  for (;;) {
    const target = await vscode.window.showSaveDialog({ title: TITLE, defaultUri, filters: { "JSON Lines": ["jsonl"] }, saveLabel: "Export" });
    if (!target) return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(target);
    if (!folder) return target;
    const held = includeFiles ? "your questions, the answers and the attached files' contents" : "your questions and the answers, and the names of attached files";
    const choice = await askModal(
      "warning",
      `${target.fsPath} is inside the workspace folder “${folder.name}”, where it may be committed with the code.`,
      `The export holds ${held}. Save it outside the workspace, or add it to .gitignore.`,
      "Save Here",
      "Choose Another Place",
    );
    if (choice === "Save Here") return target;
    if (choice !== "Choose Another Place") return undefined;
    defaultUri = vscode.Uri.file(join(homedir(), name));
  }
}

async function chooseFilters(workspace: string | undefined): Promise<(ExportFilters & { includeFiles: boolean }) | undefined> {
  const items: (vscode.QuickPickItem & { option: Option })[] = [
    { option: "ratedUp", label: "Only answers rated up", detail: "An unrated answer is not known to be good.", picked: true },
    { option: "guided", label: "Only guided and auto answers", detail: "Leave out answers the local model or the teacher wrote alone." },
    ...(workspace ? [{ option: "workspace" as const, label: `Only this workspace (${workspace})` }] : []),
    { option: "files", label: "Include attached file contents", detail: "They may hold secrets (keys, passwords, private code). Left out, each file is still named." },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `${TITLE} (2/3): what to include`, canPickMany: true, placeHolder: "Tick what applies, then press Enter" });
  if (!picked) return undefined;
  const has = (o: Option) => picked.some((p) => p.option === o);
  const range = await vscode.window.showQuickPick(RANGES, { title: `${TITLE} (3/3): which days` });
  if (!range) return undefined;
  const chosen = range.filters();
  const days = chosen === "ask" ? await askDays() : chosen;
  if (!days) return undefined;
  return {
    ...DEFAULT_FILTERS,
    ratedUpOnly: has("ratedUp"),
    guidedOnly: has("guided"),
    ...days,
    ...(has("workspace") && workspace ? { workspace } : {}),
    includeFiles: has("files"),
  };
}

async function askDays(): Promise<Pick<ExportFilters, "since" | "until"> | undefined> {
  const read = (text: string) => {
    const [from, to = from] = text.split("..").map((s) => s.trim());
    return { from: parseDay(from), to: parseDay(to) };
  };
  const text = await vscode.window.showInputBox({
    title: `${TITLE} (3/3): which days`,
    prompt: "From one day to another, both included",
    placeHolder: "2026-11-01..2026-11-30",
    validateInput: (t) => {
      const { from, to } = read(t);
      if (!from || !to) return "Two days such as 2026-11-01..2026-11-30, or one day.";
      return from > to ? "The first day comes after the second." : undefined;
    },
  });
  if (text === undefined) return undefined;
  const { from, to } = read(text);
  return dayFilters(from, to);
}
