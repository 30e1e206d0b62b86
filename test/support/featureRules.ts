// The features of docs/ARCHITECTURE.md and the one direction imports go between them.
import { importsOf, resolveRelative, type SourceFile } from "./layerRules";

/**
 * The features, each a folder inside every layer that has code for it, from the bottom up: a
 * feature may import its own files and those of features listed before it, never after. So the
 * turn can hold against the limits (`holds`) without knowing the journal, and the spend journal can
 * follow turns without the turn knowing it is followed.
 */
export const FEATURES = [
  "util", // small helpers with no idea of Headstart: aborts, error text, inert text, file writes
  "markdown", // the panel's rendering of untrusted model text
  "conversation", // messages, attachments, the prompt and its token counts, the modes
  "models", // what a teacher and a student are, their errors, a provider's quirks, the OpenAI-wire stream
  "cost", // prices and what a turn cost and saved, in dollars
  "status", // what every face shows about the setup
  "teacherView", // what the teacher is sent of the files: ranking, blocks, budgets
  "sent", // the record of what was sent to a server
  "holds", // a paid request's worst case, held against the limits before it is sent
  "settings", // the settings, their scopes, keys per origin
  "teacher", // the teacher over the OpenAI wire, its connection check
  "studentServer", // a student server over the OpenAI wire: engines, continuation, its bill
  "student", // the local student over node-llama-cpp: loading, fitting, generating
  "edits", // placing an answer's code block in a file, as a diff or a patch
  "turn", // the guided turn: plan, teacher, student, record
  "spend", // the journal, its totals, limits and reports
  "compose", // one way every face runs and follows a turn
  "tasks", // /explain, /fix, /tests, /doc
  "history", // stored conversations
  "panel", // the Headstart panel: its controller, protocol and page
  "export", // fine-tuning and eval-set exports
  "chatView", // VS Code's Chat view and language models
  "app", // the commands and the terminal: a face's composition
] as const;

/** Files that sit in a layer's own folder rather than a feature's: a bundle's entry point. */
const ENTRY_POINTS = new Set(["src/webview/main.ts"]);

/** `src/<layer>/<feature>/…` → feature; undefined for the composition root and entry points. */
function featureOf(path: string): string | undefined {
  return /^src\/[^/]+\/([^/]+)\//.exec(path)?.[1];
}

/** Files outside a known feature folder, and imports that point up the list of features. */
export function findFeatureViolations(files: readonly SourceFile[]): string[] {
  const rank = new Map<string, number>(FEATURES.map((f, i) => [f, i]));
  const out: string[] = [];
  for (const file of files) {
    if (!/^src\/[^/]+\//.test(file.path) || ENTRY_POINTS.has(file.path)) continue;
    const feature = featureOf(file.path);
    const own = feature === undefined ? undefined : rank.get(feature);
    if (own === undefined) {
      out.push(`${file.path}: not in a feature folder (${FEATURES.join(", ")})`);
      continue;
    }
    for (const spec of importsOf(file.text)) {
      if (!spec.startsWith(".")) continue;
      const target = featureOf(resolveRelative(file.path, spec));
      if (target === undefined || target === feature) continue;
      const theirs = rank.get(target);
      if (theirs === undefined || theirs > own) out.push(`${file.path}: imports "${spec}" (feature ${target} comes after ${feature})`);
    }
  }
  return out;
}
