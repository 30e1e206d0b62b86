import { after, before } from "node:test";
// A stand-in for VS Code around the chat panel: serves the real page (buildWebviewHtml with its
// CSP and nonce, the bundled dist/webview.js, media/chat.css) from 127.0.0.1 to Debian's Chromium,
// injects an `acquireVsCodeApi` shim that records what the panel posts, and delivers host
// messages the way VS Code does (window `message` events).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { buildWebviewHtml } from "../../../src/common/panel/webviewHtml";
import type { HostMessage, WebviewMessage, WebviewRequest } from "../../../src/common/panel/protocol";
import { THEMES, type ThemeName } from "./themes";

const root = join(__dirname, "..", "..", "..");
export const ARTIFACTS = join(root, ".test-artifacts", "webview");

/** Bundles src/webview/main.ts into dist/webview.js, as the extension's build does. */
export function buildBundle(): void {
  execFileSync(process.execPath, [join(root, "scripts", "build.mjs")], { cwd: root, stdio: "inherit" });
}

const FILES: Record<string, { path: string; type: string }> = {
  "/dist/webview.js": { path: "dist/webview.js", type: "text/javascript" },
  "/dist/webview.js.map": { path: "dist/webview.js.map", type: "application/json" },
  "/media/chat.css": { path: "media/chat.css", type: "text/css" },
};

function startServer(): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const origin = `http://${req.headers.host}`;
    if (url.pathname === "/") {
      const nonce = randomBytes(16).toString("base64");
      const html = buildWebviewHtml({ cspSource: origin, scriptUri: `${origin}/dist/webview.js`, styleUri: `${origin}/media/chat.css`, nonce });
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
      return;
    }
    const file = FILES[url.pathname];
    if (url.pathname === "/favicon.ico") {
      res.writeHead(204).end();
      return;
    }
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": file.type, "cache-control": "no-store" }).end(readFileSync(join(root, file.path)));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });
}

/** Runs in the page before the bundle: VS Code's API as the panel sees it, state kept in sessionStorage so it survives a reload. */
function vscodeShim(theme: { kind: string; vars: Record<string, string> }): void {
  const w = window as unknown as PageGlobals;
  w.__posted = [];
  w.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (e) => w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  let acquired = false;
  w.acquireVsCodeApi = () => {
    if (acquired) throw new Error("acquireVsCodeApi may only be called once");
    acquired = true;
    return {
      postMessage: (m: unknown) => void w.__posted.push(JSON.parse(JSON.stringify(m)) as WebviewMessage),
      getState: (): unknown => JSON.parse(sessionStorage.getItem("vscodeState") ?? "null"),
      setState: (s: unknown) => sessionStorage.setItem("vscodeState", JSON.stringify(s)),
    };
  };
  // VS Code sets its theme colours as variables on <html> and the theme kind as a class on <body>.
  document.addEventListener("DOMContentLoaded", () => {
    for (const [name, value] of Object.entries(theme.vars)) document.documentElement.style.setProperty(name, value);
    document.body.classList.add(theme.kind);
  });
}

export interface PageGlobals {
  __posted: WebviewMessage[];
  __cspViolations: string[];
  __pwned?: unknown;
  acquireVsCodeApi(): unknown;
}

export interface PanelPage {
  page: Page;
  /** Everything the panel posted so far, in order, without the ids every request carries. */
  posted(): Promise<WebviewRequest[]>;
  /** The same, each request with its id, for a reply to answer. */
  postedWithIds(): Promise<WebviewMessage[]>;
  clearPosted(): Promise<void>;
  /** Delivers host messages and waits until the panel has handled them. */
  deliver(...messages: HostMessage[]): Promise<void>;
  /** Errors on the console, failed page scripts and CSP violations seen so far. */
  problems(): Promise<string[]>;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface PanelTestHost {
  /** A page with the panel loaded; `probe` is extra script run before the panel's (outside its CSP, like the shim). */
  open(options?: { theme?: ThemeName; width?: number; height?: number; probe?: string }): Promise<PanelPage>;
  close(): Promise<void>;
}

export interface OpenForTestOptions {
  /** A host message delivered first (usually `init`). */
  deliver?: HostMessage;
  /** Forget what the page posted while loading (its `ready`), so a test sees only its own. */
  clearPosted?: boolean;
  /** The page's width in CSS pixels, as narrow as a side bar. Defaults to the host's. */
  width?: number;
  /** The page's height in CSS pixels, as short as a laptop's side bar. Defaults to the host's. */
  height?: number;
}

/**
 * One test host for a test file (started before its tests, closed after them), and a function
 * that opens a page on it which closes with the test that opened it.
 */
export function usePanelTestHost(): (t: { after(fn: () => Promise<void>): void }, options?: OpenForTestOptions) => Promise<PanelPage> {
  let host: PanelTestHost | undefined;
  before(async () => {
    host = await startPanelTestHost();
  });
  after(async () => {
    await host?.close();
  });
  return async (t, options = {}) => {
    const page = await host!.open({ ...(options.width === undefined ? {} : { width: options.width }), ...(options.height === undefined ? {} : { height: options.height }) });
    t.after(() => page.close());
    if (options.deliver) await page.deliver(options.deliver);
    if (options.clearPosted) await page.clearPosted();
    return page;
  };
}

/** Builds the bundle, starts the server and the browser. Call `close()` in an `after` hook. */
export async function startPanelTestHost(): Promise<PanelTestHost> {
  buildBundle();
  mkdirSync(ARTIFACTS, { recursive: true });
  const { server, origin } = await startServer();
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  } catch (e) {
    server.close();
    throw e;
  }
  const b = browser;
  return {
    async open(options = {}) {
      const context = await b.newContext({ viewport: { width: options.width ?? 420, height: options.height ?? 800 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
      // tsx compiles these tests with esbuild's keepNames, which wraps named functions in `__name(...)`;
      // functions sent to the page (the shim, evaluate callbacks) need it defined there.
      await page.addInitScript({ content: "globalThis.__name = (fn) => fn;" });
      await page.addInitScript(vscodeShim, THEMES[options.theme ?? "dark"]);
      if (options.probe) await page.addInitScript({ content: options.probe });
      await page.goto(`${origin}/`);
      return panelPage(page, errors, () => context.close());
    },
    async close() {
      await b.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function panelPage(page: Page, errors: string[], close: () => Promise<void>): PanelPage {
  return {
    page,
    close,
    posted: async () => {
      const posted = await page.evaluate(() => (window as unknown as PageGlobals).__posted);
      return posted.map(({ id, ...request }) => {
        assert.ok(typeof id === "string" && id !== "", `every request carries an id: ${JSON.stringify(request)}`);
        return request;
      });
    },
    postedWithIds: () => page.evaluate(() => (window as unknown as PageGlobals).__posted),
    clearPosted: () => page.evaluate(() => void ((window as unknown as PageGlobals).__posted = [])),
    async deliver(...messages) {
      await page.evaluate(
        (msgs) =>
          new Promise<void>((resolve) => {
            for (const m of msgs) window.postMessage(m, "*");
            // Message events are dispatched in order: once this marker arrives, the rest were handled.
            const marker = `settled-${Math.random()}`;
            const onMessage = (e: MessageEvent): void => {
              if (e.data !== marker) return;
              window.removeEventListener("message", onMessage);
              resolve();
            };
            window.addEventListener("message", onMessage);
            window.postMessage(marker, "*");
          }),
        messages,
      );
    },
    async problems() {
      const csp = await page.evaluate(() => (window as unknown as PageGlobals).__cspViolations);
      return [...errors, ...csp.map((v) => `csp: ${v}`)];
    },
    async screenshot(name) {
      const path = join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path });
      return path;
    },
  };
}
