import { linesLabel } from "../util/selectionLines";
import type { Placed } from "./placement";

/**
 * What applying a block will do, in one line a face shows before the user accepts it (the diff's
 * title, the terminal's note): "replaces `totalCents` (lines 10-16) in src/cart.ts".
 */
export function describePlacement(placed: Placed, fileName: string): string {
  switch (placed.kind) {
    case "symbols": {
      const replaced = placed.replaced.map((r) => `\`${r.name}\` (line${r.lines.end > r.lines.start ? "s" : ""} ${linesLabel(r.lines)})`);
      const added = placed.added.map((name) => `\`${name}\``);
      return [replaced.length ? `replaces ${list(replaced)}` : "", added.length ? `adds ${list(added)}` : ""].filter(Boolean).join(" and ") + ` in ${fileName}`;
    }
    case "selection":
      return `replaces the selection${placed.moved ? " (found again where it is now)" : ""} in ${fileName}`;
    case "cursor":
      return `inserts at the cursor in ${fileName}${placed.selectionLost ? " (the selection asked about is no longer in the file)" : ""}`;
    case "new-file":
      return `creates ${fileName}`;
  }
}

const list = (items: readonly string[]): string => (items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`);
