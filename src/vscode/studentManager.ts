import { statSync } from "node:fs";
import { basename, join } from "node:path";
import * as vscode from "vscode";
import { StudentError } from "../common/errors";
import type { StudentState } from "../common/protocol";
import type { HeadstartSettings } from "../common/settings";
import type { Student } from "../common/student";
import { LlamaStudent } from "../node/llamaStudent";
import { downloadModel, findDownloadedModel, isModelUri } from "../node/modelDownloader";
import { errorMessage } from "../common/errorMessage";

/** What the panel shows about the local model. */
export interface StudentStatus {
  model: string | null;
  sizeBytes?: number;
  state: StudentState;
  progress?: number;
  error?: string;
}

const STUDENT_KEYS = ["student.model", "student.contextSize", "student.gpu", "student.gpuLayers", "student.threads", "student.maxAnswerTokens"] as const;

/**
 * Owns the local model's life: created from the settings on first use, downloaded first when the
 * setting names a URI (with a cancellable progress notification), reloaded when a student setting
 * changes, and unloaded after an idle period to give the memory back.
 */
export class StudentManager implements vscode.Disposable {
  private student: LlamaStudent | undefined;
  private studentKey = "";
  private status: StudentStatus = { model: null, state: "none" };
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** Downloads in progress, by URI: a second call for the same URI waits for the same download. */
  private readonly downloads = new Map<string, Promise<string>>();
  /** Settles when every student closed so far has freed its memory; never rejects. */
  private closing: Promise<void> = Promise.resolve();
  private readonly changed = new vscode.EventEmitter<StudentStatus>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly settings: () => HeadstartSettings,
    private readonly modelsDir: string,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.refresh();
  }

  get current(): StudentStatus {
    return this.status;
  }

  /** Call when settings changed: a different model or model setting closes the loaded one. */
  refresh(): void {
    const key = this.keyOf(this.settings());
    if (key === this.studentKey) return;
    this.unload("settings changed");
    this.studentKey = key;
    const model = this.settings()["student.model"].trim();
    const sizeBytes = model && !isModelUri(model) ? fileSize(model) : undefined;
    this.set({ model: model ? basename(model.replace(/[:#].*$/, "")) || model : null, state: model ? "unloaded" : "none", ...(sizeBytes !== undefined ? { sizeBytes } : {}) });
  }

  /** The loaded model's context size; `undefined` until a model has loaded. */
  get contextSize(): number | undefined {
    return this.student?.contextSize;
  }

  /** Counts text in the local model's own tokens, loading it if needed (not downloading it). */
  async countTokens(text: string): Promise<number> {
    await this.get();
    if (!this.student) throw new StudentError("model-missing", "No local model is loaded.");
    return this.student.countTokens(text);
  }

  /** The student for the next answer; downloads the model first when needed. */
  async get(): Promise<Student> {
    const s = this.settings();
    const source = s["student.model"].trim();
    if (!source) throw new StudentError("model-missing", "No local model is chosen yet. Run “Headstart: Choose Student Model”.");
    this.touch();
    if (this.student) return this.student;
    const modelPath = isModelUri(source) ? await this.download(source) : source;
    // The model closed before must have freed its memory before the next one loads.
    await this.closing;
    if (this.student) return this.student;
    this.student = new LlamaStudent({
      modelPath,
      contextSize: s["student.contextSize"],
      gpu: s["student.gpu"] === "off" ? false : "auto",
      gpuLayers: s["student.gpuLayers"] < 0 ? "auto" : s["student.gpuLayers"],
      threads: s["student.threads"] === 0 ? "auto" : s["student.threads"],
      maxAnswerTokens: s["student.maxAnswerTokens"],
      onLoadProgress: (fraction) => this.set({ ...this.status, state: fraction >= 1 ? "ready" : "loading", progress: fraction }),
    });
    this.set({ ...this.status, state: "loading", progress: 0 });
    return this.student;
  }

  /** Marks the end of a turn: a failed load shows its error; the idle clock restarts. */
  turnEnded(error?: string): void {
    if (error) this.set({ ...this.status, state: "error", error });
    else if (this.student?.isLoaded && this.status.state !== "ready") this.set({ ...this.status, state: "ready", progress: 1 });
    this.touch();
  }

  /**
   * Downloads a model with a progress notification the user can cancel; resolves with the file.
   * A second call while one runs waits for the same download.
   */
  download(uri: string): Promise<string> {
    let running = this.downloads.get(uri);
    if (running === undefined) {
      running = this.runDownload(uri).finally(() => this.downloads.delete(uri));
      this.downloads.set(uri, running);
    }
    return running;
  }

  private async runDownload(uri: string): Promise<string> {
    const earlier = await findDownloadedModel(uri, this.modelsDir);
    if (earlier) return earlier;
    const previous = this.status;
    this.set({ ...previous, state: "downloading", progress: 0 });
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Headstart: downloading ${uri}`, cancellable: true },
        async (progress, token) => {
          const ac = new AbortController();
          token.onCancellationRequested(() => ac.abort());
          let reported = 0;
          const path = await downloadModel(uri, this.modelsDir, {
            signal: ac.signal,
            onProgress: (done, total) => {
              if (!total) return;
              const fraction = done / total;
              progress.report({ increment: (fraction - reported) * 100, message: `${(done / 1e9).toFixed(2)} of ${(total / 1e9).toFixed(2)} GB` });
              reported = fraction;
              this.set({ ...this.status, state: "downloading", progress: fraction });
            },
          });
          this.log.info(`Downloaded ${uri} to ${path}`);
          return path;
        },
      );
    } catch (e) {
      // The configured model failed to arrive: say so. A model only being tried: the current one stays as it was.
      const configured = this.settings()["student.model"].trim() === uri;
      this.set(configured ? { ...previous, state: "error", error: errorMessage(e) } : previous);
      throw e;
    } finally {
      if (this.status.state === "downloading") this.set({ ...previous, state: "unloaded" });
    }
  }

  private keyOf(s: HeadstartSettings): string {
    return JSON.stringify(STUDENT_KEYS.map((k) => s[k]));
  }

  private touch(): void {
    clearTimeout(this.idleTimer);
    const minutes = this.settings()["student.idleUnloadMinutes"];
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
        () => this.log.info(`Unloaded the local model (${why}).`),
        (e: unknown) => this.log.error(`Could not unload the local model (${why}): ${errorMessage(e)}`),
      );
  }

  private set(status: StudentStatus): void {
    this.status = status;
    this.changed.fire(status);
  }

  dispose(): void {
    this.unload("closing");
    this.changed.dispose();
  }
}

/** A file's size, or undefined when it cannot be read (the load says why). */
function fileSize(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch {
    return undefined;
  }
}

export const modelsDirIn = (globalStorage: vscode.Uri): string => join(globalStorage.fsPath, "models");
