import { ConversationSlots } from "./conversationSlots";
import { closedError } from "./llamaStudentErrors";
import { openModel, type OpenModelOptions, type OpenModel } from "./llamaRuntime";

/** A loaded model and the conversations using it. */
export interface LoadedModel {
  open: OpenModel;
  slots: ConversationSlots;
}

/**
 * The local model, loaded on first use: concurrent first calls share one load, a failed load is
 * tried again on the next call, and once disposed nothing loads again.
 */
export class ModelLoad {
  private loading: Promise<LoadedModel> | undefined;
  private disposed = false;
  /** The loaded model, once `loading` has resolved. */
  private loadedNow: LoadedModel | undefined;

  /** `inputLookup`: each conversation guesses its next tokens from the prompt (see `LlamaStudentOptions`). */
  constructor(
    private readonly options: OpenModelOptions,
    private readonly inputLookup: boolean,
  ) {}

  /** The loaded model, loading it if need be. */
  get(): Promise<LoadedModel> {
    if (this.disposed) return Promise.reject(closedError(this.options.modelPath));
    if (this.loading === undefined) {
      const loading = this.loadModel();
      this.loading = loading;
      loading.then(
        (loaded) => {
          if (this.loading === loading) this.loadedNow = loaded;
        },
        () => {
          if (this.loading === loading) this.loading = undefined;
        },
      );
    }
    return this.loading;
  }

  /** The model if it is loaded now; `undefined` while loading or before. */
  get now(): LoadedModel | undefined {
    return this.loadedNow;
  }

  /** Whether the model is loaded (or loading). */
  get started(): boolean {
    return this.loading !== undefined;
  }

  /** Frees the sessions, the context and the model, once a load in progress has ended. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const loading = this.loading;
    this.loading = undefined;
    this.loadedNow = undefined;
    const loaded = await loading?.catch(() => undefined);
    await loaded?.slots.dispose();
    await loaded?.open.context.dispose();
    await loaded?.open.model.dispose();
  }

  private async loadModel(): Promise<LoadedModel> {
    const open = await openModel(this.options);
    if (this.disposed) {
      await open.model.dispose();
      throw closedError(this.options.modelPath);
    }
    return { open, slots: new ConversationSlots(open, this.inputLookup ? () => new open.nlc.InputLookupTokenPredictor() : undefined) };
  }
}
