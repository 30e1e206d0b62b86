import { stemmer } from "stemmer";
import { CODE_ABBREVIATIONS } from "./codeAbbreviations";

/**
 * Words that say nothing about which part of a file a question is about: common English and the
 * keywords of common languages (every function has `return`, every Python method `self`).
 */
const STOP_WORDS = new Set(
  (
    "a an and are as at be been but by can could did do does doing done for from had has have how i if in into is it its " +
    "just me my no not of on or our so such than that the their them then there these they this those to too up us was we " +
    "what when where which while who why will with would you your yes all any also each few more most other some only own " +
    "same should very get got make made use used using want work works happen happens here about after before again " +
    "one many much may might must being over out off back still ever never even instead rather whether way thing things " +
    "once both either neither another every always already yet within without through onto upon per via doesn isn don didn " +
    "wasn aren won couldn shouldn wouldn " +
    "function def fn func return returns const let var self cls this new class public private protected static async await " +
    "true false none null undefined nil void int str string bool number object import export from pass else elif end"
  ).split(" "),
);

/**
 * The words of a text as code search sees them: identifiers split at `_`, `$`, `.`, digits and
 * case changes (`super_len`, `superLen` and `SuperLen` all give `super` and `len`), lower case,
 * words of one letter or in the stop list left out, each reduced to its stem by the Porter
 * stemmer (`evicted` and `evicts` give `evict`, `retrying` and `retries` give `retri`); a common
 * abbreviation is followed by the words it stands for (`stderr` by `standard`, `error`, `output`).
 */
export function identifierWords(text: string): string[] {
  const words: string[] = [];
  for (const token of text.match(/[A-Za-z0-9]+/g) ?? []) {
    for (const part of token.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g) ?? []) {
      const word = part.toLowerCase();
      if (word.length > 1 && !STOP_WORDS.has(word) && !/^[0-9]+$/.test(word)) words.push(stemmer(word));
      for (const full of CODE_ABBREVIATIONS.get(word) ?? []) words.push(stemmer(full));
    }
  }
  return words;
}

/** A name as written in any style: `super_len`, `superLen`, `SuperLen` and `#superLen` give `superlen`. */
export function nameKey(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, "").toLowerCase();
}

/** Whether `word` is an English word that names nothing in particular. */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word.toLowerCase());
}

/** One name a text mentions: the name itself, what qualifies it (`Ky` in `Ky.fetch`), and whether it is written as code. */
export interface Mention {
  /** The name as written (`fetch` of `Ky.fetch`). */
  name: string;
  key: string;
  qualifier?: string;
  /** Written the way code is (`snake_case`, `camelCase`, `step90`, `in backticks`, `called()`, `a.b`, `#private`): surely a name. */
  code: boolean;
}

/** Qualifiers that name no symbol: `self.fetch` and `this.fetch` are about `fetch`. */
const SELF = new Set(["self", "this", "cls", "super"]);

/** The names a text mentions, in the order it mentions them, each once. */
export function mentions(text: string): Mention[] {
  const found: Mention[] = [];
  const seen = new Set<string>();
  const pattern = /(`?)(#?[A-Za-z_$][\w$]*(?:(?:\.|::|#)[A-Za-z_$][\w$]*)*)(\(?)/g;
  for (const m of text.matchAll(pattern)) {
    const parts = m[2].split(/\.|::|#/).filter((p) => p !== "");
    const name = parts.at(-1) ?? "";
    const key = nameKey(name);
    const qualifier = parts.length > 1 && !SELF.has(parts.at(-2)!.toLowerCase()) ? nameKey(parts.at(-2)!) : undefined;
    const code = m[1] === "`" || m[3] === "(" || parts.length > 1 || m[2].startsWith("#") || /_|[a-z][A-Z]|^[A-Z][a-z]+[A-Z]|[A-Za-z][0-9]/.test(name);
    if (key.length < 3 || (!code && isStopWord(name))) continue;
    const id = `${qualifier ?? ""}.${key}`;
    if (seen.has(id)) continue;
    seen.add(id);
    found.push({ name, key, ...(qualifier ? { qualifier } : {}), code });
  }
  return found;
}
