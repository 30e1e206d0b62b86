import { join } from "node:path";
import * as vscode from "vscode";
import type { HeadstartSettings } from "../../common/settings/settings";
import type { Student } from "../../common/models/student";
import { downloadModel } from "../../node/student/modelDownloader";
import { StudentLoader, type StudentStatus } from "../../node/student/studentLoader";
import { errorMessage } from "../../common/util/errorMessage";
import { tokenSignal } from "../util/tokenSignal";
import { withNotificationProgress } from "../util/notify";

export type { StudentStatus } from "../../node/student/studentLoader";

/**
 * The local model in VS Code: the loader's life of the model, with downloads shown in a
 * cancellable progress notification and every status change as an event.
 */
export class StudentManager implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<StudentStatus>();
  readonly onDidChange = this.changed.event;
  private readonly loader: StudentLoader;

  constructor(
    settings: () => HeadstartSettings,
    modelsDir: string,
    private readonly log: vscode.LogOutputChannel,
    serverKey: (baseURL: string) => Promise<string | undefined>,
  ) {
    this.loader = new StudentLoader({
      settings,
      modelsDir,
      serverKey,
      download: async (uri, onProgress, signal) =>
        await withNotificationProgress(`Headstart: downloading ${uri}`, true, async (progress, token) => {
          const stop = tokenSignal(token, ...(signal ? [signal] : []));
          let reported = 0;
          try {
            return await downloadModel(uri, modelsDir, {
              signal: stop.signal,
              onProgress: (done, total) => {
                if (!total) return;
                const fraction = done / total;
                progress.report({ increment: (fraction - reported) * 100, message: `${(done / 1e9).toFixed(2)} of ${(total / 1e9).toFixed(2)} GB` });
                reported = fraction;
                onProgress(fraction);
              },
            });
          } finally {
            stop.release();
          }
        }),
      onStatus: (status) => this.changed.fire(status),
      info: (line) => log.info(line),
      error: (line) => log.error(line),
    });
  }

  get current(): StudentStatus {
    return this.loader.current;
  }

  /** Call when settings changed: a different model or model setting closes the loaded one. */
  refresh(): void {
    this.loader.refresh();
  }

  /** The loaded model's context size; `undefined` until a model has loaded. */
  get contextSize(): number | undefined {
    return this.loader.contextSize;
  }

  countTokens(text: string): Promise<number> {
    return this.loader.countTokens(text);
  }

  /** The student for the next answer; downloads the model first when needed (`signal` stops that wait). */
  get(signal?: AbortSignal): Promise<Student> {
    return this.loader.get(signal);
  }

  turnEnded(error?: string): void {
    this.loader.turnEnded(error);
  }

  /** Downloads a model with a progress notification the user can cancel; resolves with the file. */
  download(uri: string): Promise<string> {
    return this.loader.download(uri);
  }

  dispose(): void {
    this.loader.dispose().catch((e: unknown) => this.log.error(`Could not close the local model: ${errorMessage(e)}`));
    this.changed.dispose();
  }
}

export const modelsDirIn = (globalStorage: vscode.Uri): string => join(globalStorage.fsPath, "models");
