/** A small model a new user can start with, shown on the first-run screen. */
export interface RecommendedModel {
  name: string;
  /** `hf:` URI or https URL the host downloads. */
  uri: string;
  sizeGb: number;
  ramGb: number;
  note: string;
}

/** Small coding models a new user can start with; sizes are the Q4_K_M downloads. */
export const RECOMMENDED_MODELS: readonly RecommendedModel[] = [
  {
    name: "Qwen2.5 Coder 1.5B",
    uri: "hf:Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF:Q4_K_M",
    sizeGb: 1.1,
    ramGb: 3,
    note: "Fast on any laptop; good for everyday code questions.",
  },
  {
    name: "Qwen2.5 Coder 7B",
    uri: "hf:Qwen/Qwen2.5-Coder-7B-Instruct-GGUF:Q4_K_M",
    sizeGb: 4.7,
    ramGb: 8,
    note: "Better answers; wants a GPU or Apple silicon.",
  },
];
