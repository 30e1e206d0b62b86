/**
 * The student's CPU thread count. llama.cpp's threads wait for each other at every step, spinning:
 * one more thread than there are free cores stalls them all. Measured on a two-core machine with
 * stories260K (`npm run bench`): 4 threads (the llama binding's CPU default, max(4, cores)) wrote
 * 1.9 tok/s idle and 0.6 tok/s beside two busy processes; 2 threads 72 and 65 tok/s; 1 thread 670
 * and 438 tok/s. So the default leaves one core to the editor and everything else the user runs:
 * math cores minus one, at least one. A count the user sets is used as given, but never more than
 * the cores there are.
 */
export function studentThreads(requested: number | "auto", cores: { math: number; available: number }): number {
  const cpus = Math.max(1, Math.floor(Math.min(cores.math, cores.available)));
  if (requested === "auto") return Math.max(1, cpus - 1);
  return Math.max(1, Math.min(Math.floor(requested), cpus));
}
