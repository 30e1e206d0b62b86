/**
 * Below this a model file is a test model, not one that answers questions (the smallest useful
 * coding models are a few hundred MB): the panel names it so, and the demo keeps its answers short.
 */
const TINY_MODEL_BYTES = 50e6;

/** Whether a model file of this size is a tiny test model. */
export const isTinyModelSize = (bytes: number): boolean => bytes < TINY_MODEL_BYTES;
