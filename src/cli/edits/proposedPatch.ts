import { readFile } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { answerBlocks, isCodeBlock } from "../../common/edits/answerBlocks";
import { describePlacement } from "../../common/edits/describePlacement";
import { placeBlock } from "../../common/edits/placeBlock";
import type { PlacementInput } from "../../common/edits/placement";
import { unifiedPatch } from "../../common/edits/unifiedPatch";
import { languageOfPath } from "../util/languageOfPath";

/** The file an answer's block goes into when it names none, with where the question pointed. */
export interface PatchTarget {
  /** Relative to the folder the terminal runs in. */
  path: string;
  selection?: PlacementInput["selection"];
  cursor?: PlacementInput["cursor"];
}

/**
 * The edit an answer proposes, as a patch `git apply` takes (paths relative to `root`): its last
 * code block (an answer that shows the broken code first ends with the fixed code), into the file
 * the block names (inside `root`) or else `target`, placed by the same function as the editor's
 * Apply, the file's symbols guessed from its text. `note` says what it does, or `problem` why
 * there is no patch.
 */
export async function proposedPatch(answer: string, target: PatchTarget | undefined, root: string): Promise<{ patch: string; note: string } | { problem: string }> {
  const block = answerBlocks(answer).filter(isCodeBlock).at(-1);
  if (!block) return { problem: "The answer has no code block to make a patch of." };
  const named = block.fileName && !isAbsolute(block.fileName) && !relative(root, resolve(root, block.fileName)).startsWith("..") ? block.fileName : undefined;
  const path = named ?? target?.path;
  if (!path) return { problem: "The answer's code block names no file: pass --file FILE for it to go into." };
  const own = !named || resolve(root, named) === resolve(root, target?.path ?? "");
  const text = await readFile(join(root, path), "utf8").catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return undefined;
    throw e;
  });
  const language = languageOfPath(path);
  const placement = placeBlock({
    code: block.code,
    language: block.language || language,
    target: text === undefined ? undefined : { text, language },
    ...(own && target?.selection ? { selection: target.selection } : {}),
    ...(own && target?.cursor ? { cursor: target.cursor } : {}),
  });
  const file = relative(root, resolve(root, path)).split(sep).join("/");
  const patch = unifiedPatch(file, text, placement.text);
  if (patch === "") return { problem: `The answer's code block is already in ${file}: nothing to change.` };
  return { patch, note: describePlacement(placement.placed, file) };
}
