// The chat panel's entry point: connect to the host, build the panel, say `ready`, then render
// whatever the host sends. VS Code delivers host messages as window `message` events.
import type { HostMessage } from "../common/panel/protocol";
import { PanelApp } from "./panel/panelApp";
import { connectToHost } from "./panel/vscodeApi";

const host = connectToHost();
const app = new PanelApp(document.getElementById("app")!, host);
window.addEventListener("message", (e: MessageEvent<unknown>) => {
  const data = e.data;
  if (typeof data === "object" && data !== null && typeof (data as { type?: unknown }).type === "string") app.receive(data as HostMessage);
});
host.post({ type: "ready" });
