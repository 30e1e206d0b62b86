import { statSync } from "node:fs";
import { basename } from "node:path";
import { StudentError } from "../../common/models/errors";
import { hostOf } from "../../common/util/originOf";
import { errorMessage } from "../../common/util/errorMessage";
import type { PanelStatus } from "../../common/status/setupStatus";
import type { HeadstartSettings } from "../../common/settings/settings";
import type { Student } from "../../common/models/student";
import { LlamaStudent } from "./llamaStudent";
import { FoundServers } from "../studentServer/continuationDiscovery";
import { ServerStudent } from "../studentServer/serverStudent";
import { findDownloadedModel, isModelUri } from "./modelDownloader";

/** What the faces show about the local model: the panel protocol's own type. */
export type StudentStatus = PanelStatus["student"];

const STUDENT_KEYS = [
  "student.model",
  "student.contextSize",
  "student.gpu",
  "student.gpuLayers",
  "student.threads",
  "student.maxAnswerTokens",
  "student.inputLookup",
  "student.server",
  "student.serverModel",
  "student.serverContinuation",
  "student.serverPrice",
] as const;

export interface StudentLoaderDeps {
  settings(): HeadstartSettings;
  /** Where downloaded models are kept. */
  modelsDir: string;
  /** Fetches the model a URI names into `modelsDir`, reporting `onProgress` (0 to 1); resolves with its file. */
  download(uri: string, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<string>;
  /** The key to send to a student server (VS Code keeps one per origin); none when absent. */
  serverKey?(baseURL: string): Promise<string | undefined>;
  /** Every change of the status. */
  onStatus(status: StudentStatus): void;
  info(line: string): void;
  error(line: string): void;
}

/**
 * Owns the local model's life, free of any editor: created from the settings on first use,
 * downloaded first when the setting names a URI, closed when a student setting changes, and
 * unloaded after an idle period to give the memory back.
 */
export class StudentLoader {
  private student: LlamaStudent | undefined;
  /** The student server, when `student.server` names one: it stands in for the local model; `made` with this key. */
  private server: { student: ServerStudent; made: string | undefined } | undefined;
  /** What is found of student servers, kept for every student server this loader makes. */
  private readonly foundServers = new FoundServers();
  private studentKey = "";
  private status: StudentStatus = { model: null, state: "none" };
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** Downloads in progress, by URI: a second call for the same URI waits for the same download. */
  private readonly downloads = new Map<string, Promise<string>>();
  /** Settles when every student closed so far has freed its memory; never rejects. */
  private closing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: StudentLoaderDeps) {
    this.refresh();
  }

  get current(): StudentStatus {
    return this.status;
  }

  /** Call when settings changed: a different model or model setting closes the loaded one. */
  refresh(): void {
    const key = keyOf(this.deps.settings());
    if (key === this.studentKey) return;
    this.unload("settings changed");
    this.studentKey = key;
    this.server = undefined;
    const s = this.deps.settings();
    const server = s["student.server"].trim();
    if (server) {
      this.set({ model: `${s["student.serverModel"].trim() || "(no model named)"} on ${hostOf(server)}`, state: "ready" });
      return;
    }
    const model = s["student.model"].trim();
    const sizeBytes = model && !isModelUri(model) ? fileSize(model) : undefined;
    this.set({ model: model ? basename(model.replace(/[:#].*$/, "")) || model : null, state: model ? "unloaded" : "none", ...(sizeBytes !== undefined ? { sizeBytes } : {}) });
  }

  /**
   * The student for the next answer; downloads the model first when needed (`signal` stops that
   * wait). Settings read after every wait: a model chosen meanwhile is the one that loads.
   */
  async get(signal?: AbortSignal): Promise<Student> {
    const server = await this.serverStudent();
    if (server) return server;
    for (;;) {
      const s = this.deps.settings();
      const source = s["student.model"].trim();
      if (!source) throw new StudentError("model-missing", "No local model is chosen yet. Run “Headstart: Choose Student Model”.");
      this.touch();
      if (this.student) return this.student;
      const modelPath = isModelUri(source) ? await this.download(source, signal) : source;
      // The model closed before must have freed its memory before the next one loads.
      await this.closing;
      if (this.student) return this.student;
      if (keyOf(this.deps.settings()) !== keyOf(s)) continue;
      this.student = new LlamaStudent({
        modelPath,
        contextSize: s["student.contextSize"],
        gpu: s["student.gpu"] === "off" ? false : "auto",
        gpuLayers: s["student.gpuLayers"] < 0 ? "auto" : s["student.gpuLayers"],
        threads: s["student.threads"] === 0 ? "auto" : s["student.threads"],
        maxAnswerTokens: s["student.maxAnswerTokens"],
        inputLookup: s["student.inputLookup"],
        onLoadProgress: (fraction) => this.set({ ...this.status, state: fraction >= 1 ? "ready" : "loading", progress: fraction }),
      });
      this.set({ ...this.status, state: "loading", progress: 0 });
      return this.student;
    }
  }

  /** The loaded model's context size; `undefined` until a model has loaded, and for a student server. */
  get contextSize(): number | undefined {
    return this.server ? undefined : this.student?.contextSize;
  }

  /**
   * Counts text in the local model's own tokens, loading it if needed. A student server's tokenizer
   * is not reachable through the OpenAI API: about four characters a token, rounded up.
   */
  async countTokens(text: string): Promise<number> {
    const student = await this.get();
    return student instanceof LlamaStudent ? student.countTokens(text) : Math.ceil(text.length / 4);
  }

  /**
   * The student server the settings name, if any, with its key as it is now (a key set or changed
   * since is used from the next answer on); a server without a model name is an error to fix.
   */
  private async serverStudent(): Promise<ServerStudent | undefined> {
    const s = this.deps.settings();
    const baseURL = s["student.server"].trim();
    if (!baseURL) return undefined;
    const model = s["student.serverModel"].trim();
    if (!model) throw new StudentError("server-refused", `“headstart.student.server” is set to ${baseURL}, but no model is named: set “headstart.student.serverModel” to a model the server lists.`);
    const apiKey = await this.deps.serverKey?.(baseURL);
    if (this.server === undefined || this.server.made !== apiKey) {
      this.server = { made: apiKey, student: new ServerStudent({
        baseURL,
        model,
        apiKey,
        continuation: s["student.serverContinuation"],
        maxAnswerTokens: s["student.maxAnswerTokens"],
        pricePerMillion: s["student.serverPrice"],
        info: (line) => this.deps.info(line),
        servers: this.foundServers,
      }) };
    }
    return this.server.student;
  }

  /** Marks the end of a turn: a failed load shows its error; the idle clock restarts. */
  turnEnded(error?: string): void {
    if (error) this.set({ ...this.status, state: "error", error });
    else if (this.student?.isLoaded && this.status.state !== "ready") this.set({ ...this.status, state: "ready", progress: 1 });
    this.touch();
  }

  /** Downloads a model; resolves with the file. A second call while one runs waits for the same download. */
  download(uri: string, signal?: AbortSignal): Promise<string> {
    let running = this.downloads.get(uri);
    if (running === undefined) {
      running = this.runDownload(uri, signal).finally(() => this.downloads.delete(uri));
      this.downloads.set(uri, running);
    }
    return running;
  }

  private async runDownload(uri: string, signal: AbortSignal | undefined): Promise<string> {
    const earlier = await findDownloadedModel(uri, this.deps.modelsDir);
    if (earlier) return earlier;
    const previous = this.status;
    this.set({ ...previous, state: "downloading", progress: 0 });
    try {
      const path = await this.deps.download(uri, (fraction) => this.set({ ...this.status, state: "downloading", progress: fraction }), signal);
      this.deps.info(`Downloaded ${uri} to ${path}`);
      return path;
    } catch (e) {
      // The configured model failed to arrive: say so. A model only being tried: the current one stays as it was.
      const configured = this.deps.settings()["student.model"].trim() === uri;
      this.set(configured ? { ...previous, state: "error", error: errorMessage(e) } : previous);
      throw e;
    } finally {
      if (this.status.state === "downloading") this.set({ ...previous, state: "unloaded" });
    }
  }

  private touch(): void {
    clearTimeout(this.idleTimer);
    const minutes = this.deps.settings()["student.idleUnloadMinutes"];
    if (minutes > 0) this.idleTimer = setTimeout(() => this.unload(`idle for ${minutes} min`), minutes * 60_000);
  }

  /** Closes the loaded model; its memory is freed in the background, before any next load. */
  private unload(why: string): void {
    clearTimeout(this.idleTimer);
    const student = this.student;
    if (!student) return;
    this.student = undefined;
    this.set({ ...this.status, state: this.status.model ? "unloaded" : "none", progress: undefined });
    this.closing = this.closing
      .then(() => student.dispose())
      .then(
        () => this.deps.info(`Unloaded the local model (${why}).`),
        (e: unknown) => this.deps.error(`Could not unload the local model (${why}): ${errorMessage(e)}`),
      );
  }

  private set(status: StudentStatus): void {
    this.status = status;
    this.deps.onStatus(status);
  }

  /** Closes the model; resolves once its memory is freed. */
  dispose(): Promise<void> {
    this.unload("closing");
    return this.closing;
  }
}

const keyOf = (s: HeadstartSettings): string => JSON.stringify(STUDENT_KEYS.map((k) => s[k]));

/** A file's size, or undefined when it cannot be read (the load says why). */
function fileSize(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch {
    return undefined;
  }
}
