import { extname } from "node:path";

/** Language ids (as VS Code names them) for file extensions that differ from them. */
const LANGUAGES: Readonly<Record<string, string>> = { py: "python", ts: "typescript", js: "javascript", tsx: "typescriptreact", jsx: "javascriptreact", rs: "rust", rb: "ruby", kt: "kotlin", kts: "kotlin", cs: "csharp", cc: "cpp", cxx: "cpp", hpp: "cpp", hh: "cpp", h: "cpp", md: "markdown", sh: "shellscript" };

/** A file's language id from its extension, as the editor would name it; the extension itself where no other name is known. */
export function languageOfPath(path: string): string {
  const ext = extname(path).slice(1);
  return LANGUAGES[ext] ?? ext;
}
