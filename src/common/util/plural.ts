/** "1 answer", "2 answers", "0 answers": a count and its noun, agreeing. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? noun : nouns}`;
}
