export interface WebviewHtmlParts {
  /** The webview's own origin for resources (`webview.cspSource` in VS Code). */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  /** Fresh per page, from a cryptographic source. */
  nonce: string;
}

const escapeAttr = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * The chat panel's page. Nothing runs but our own nonce'd bundle; styles and fonts only from our
 * assets; images only from our assets and data: URIs (never remote, so model output cannot beacon
 * out); no frames, no forms, no connections.
 */
export function buildWebviewHtml({ cspSource, scriptUri, styleUri, nonce }: WebviewHtmlParts): string {
  const csp = [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(styleUri)}">
<title>Headstart</title>
</head>
<body>
<div id="app" aria-busy="true"></div>
<script nonce="${escapeAttr(nonce)}" src="${escapeAttr(scriptUri)}"></script>
</body>
</html>`;
}
