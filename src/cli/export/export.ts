// `npm run export`: rated answers as fine-tuning data or an eval set, the same as
// "Headstart: Export Conversations for Fine-Tuning".
import { parseArgs } from "node:util";
import { dayFilters, parseDay } from "../../common/export/dayRange";
import { plural } from "../../common/util/plural";
import { errorMessage } from "../../common/util/errorMessage";
import { DEFAULT_FILTERS, whyNothingToExport, type ExportFilters } from "../../common/export/fineTuneExport";
import { loadGptTokenCounter } from "../../node/cost/gptTokenCounter";
import { buildExport, describePreview, EXPORT_KINDS, writeExport, type ExportKind } from "../../node/export/buildExport";
import { editorStorageDirs, foundStorageDir, loadExportable } from "../../node/export/exportSources";
import { fail, runMain } from "../util/runMain";

const USAGE = `Usage: npm run export -- --out FILE [options]

  --out FILE         where the JSONL goes
  --format F         openai (default): OpenAI chat fine-tuning; trl: Hugging Face TRL
                     prompt-completion; spans: Axolotl messages with the teacher's opening as a
                     span of its own; eval: a question set for npm run eval
  --from DIR         the extension's storage folder; default the first of:
${editorStorageDirs().map((d) => `                       ${d}`).join("\n")}
  --all              every whole answer, not only those rated up
  --guided-only      only guided and auto answers
  --since DATE       answers from this day (YYYY-MM-DD) on
  --until DATE       answers up to and including this day
  --workspace NAME   only conversations held in this workspace
  --include-files    put attached files' contents in (they may hold secrets)
  --dry-run          show what would be written, write nothing`;

async function main(): Promise<number> {
  let values;
  try {
    values = parseArgs({
      options: {
        out: { type: "string" },
        format: { type: "string", default: "openai" },
        from: { type: "string" },
        all: { type: "boolean", default: false },
        "guided-only": { type: "boolean", default: false },
        since: { type: "string" },
        until: { type: "string" },
        workspace: { type: "string" },
        "include-files": { type: "boolean", default: false },
        "dry-run": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (e) {
    return fail(`${errorMessage(e)}\n\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const kind = values.format as ExportKind;
  if (!EXPORT_KINDS.includes(kind)) return fail(`--format must be one of ${EXPORT_KINDS.join(", ")}, not “${values.format}”.`);
  if (!values.out && !values["dry-run"]) return fail(`--out FILE is required (or --dry-run).\n\n${USAGE}`);
  const days: Partial<Record<"since" | "until", Date>> = {};
  for (const flag of ["since", "until"] as const) {
    const text = values[flag];
    if (text === undefined) continue;
    const day = parseDay(text);
    if (!day) return fail(`--${flag} must be a day such as 2026-11-30, not “${text}”.`);
    days[flag] = day;
  }
  const from = values.from ?? foundStorageDir();
  if (!from) return fail(`No Headstart storage folder was found; give it with --from DIR. Looked in:\n${editorStorageDirs().join("\n")}`);

  const filters: ExportFilters = {
    ...DEFAULT_FILTERS,
    ratedUpOnly: !values.all,
    guidedOnly: values["guided-only"],
    ...dayFilters(days.since, days.until),
    ...(values.workspace ? { workspace: values.workspace } : {}),
  };
  const conversations = await loadExportable(from, (file, why) => console.error(`Skipped ${file}: ${why}`));
  const built = buildExport(conversations, kind, filters, values["include-files"], values.out ?? "export.jsonl", await loadGptTokenCounter());
  if (built.preview.answers === 0) {
    console.error(`Nothing to export: ${whyNothingToExport(conversations, filters, from, "pass --all")}`);
    return 1;
  }
  for (const line of describePreview(built.preview, kind)) console.error(line);
  if (built.preview.sample) console.error(`First line:\n${built.preview.sample}`);
  if (values["dry-run"]) return 0;
  await writeExport(built);
  console.error(`Wrote ${built.outFile}${built.files.length ? ` and ${plural(built.files.length, "attached file")} beside it` : ""}.`);
  return 0;
}

runMain(main);
