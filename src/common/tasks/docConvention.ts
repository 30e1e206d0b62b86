/**
 * How a language writes a doc comment, as an instruction to a model: the convention its tools
 * read (editors' hovers, documentation generators), so the comment shows where users look.
 */
export function docConvention(language: string): string {
  switch (language) {
    case "typescript":
    case "javascript":
    case "typescriptreact":
    case "javascriptreact":
      return "a JSDoc comment (/** … */) right above the declaration";
    case "python":
      return "a docstring: the first statement of its body, in triple double quotes";
    case "go":
      return "a Go doc comment: // lines right above the declaration, the first sentence starting with its name";
    case "rust":
      return "/// doc comment lines right above the item";
    case "java":
    case "kotlin":
    case "scala":
      return "a Javadoc-style comment (/** … */) right above the declaration";
    case "csharp":
      return "/// XML doc comment lines (<summary> and the rest) right above the member";
    case "c":
    case "cpp":
      return "a Doxygen comment (/** … */) right above the declaration";
    case "ruby":
      return "# comment lines right above the method, as YARD reads them";
    default:
      return "the doc comment convention of the language";
  }
}
