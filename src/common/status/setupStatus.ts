import type { Mode } from "../conversation/mode";

export type StudentState = "none" | "unloaded" | "downloading" | "loading" | "ready" | "error";

/** What the panel shows about the setup: header, footer defaults, first-run screen. */
export interface PanelStatus {
  mode: Mode;
  /** `test`: the project's own test teacher (canned answers, not billed), named as such wherever the model would be. */
  teacher: { model: string; host: string; hasKey: boolean; test?: boolean };
  student: {
    /** File name of the chosen model, or null before the first run is done. */
    model: string | null;
    /** The model file's size, when it is a file on this machine: a tiny one is named as a test model. */
    sizeBytes?: number;
    state: StudentState;
    /** 0..1 while downloading or loading. */
    progress?: number;
    /** One line, when state is `error`. */
    error?: string;
  };
  /** Teacher spend; turns with no known price add nothing to the dollars and are counted apart. */
  spend: {
    todayUsd: number;
    todayUnknownTurns: number;
    monthUsd: number;
    monthSavingUsd: number;
    monthUnknownTurns: number;
    /** What a student server with a price charged, when it charged anything this month: counted against the limits too. */
    server?: StudentServerSpend;
  };
  /** A turn is running: the panel shows Stop instead of Send. */
  busy: boolean;
}

/** A paid student server's spend, beside the teacher's; answers whose charge is not known are counted apart. */
export interface StudentServerSpend {
  todayUsd: number;
  todayUnknown: number;
  monthUsd: number;
  monthUnknown: number;
}
