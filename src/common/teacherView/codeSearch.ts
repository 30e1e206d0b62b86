import MiniSearch from "minisearch";
import { identifierWords, mentions } from "../util/identifierWords";

/** What a question is searched with: its own words, and the identifiers of the exchange before it. */
export interface CodeQuery {
  question: string;
  /** The previous question and answer, which a follow-up refers to. */
  before?: string;
}

/** How well one document matches: its BM25 score, and how many of the query's words it has. */
export interface CodeMatch {
  score: number;
  matched: number;
}

/** The previous exchange's identifiers count for less than the question's own words. */
const BEFORE_WEIGHT = 0.5;
/** A stem meets its near forms (`expiri` of expiry and `expir` of expired) for less than itself. */
const NEAR_WEIGHT = 0.5;
/** Near forms: one stem begins the other, at most this many letters longer, and the shorter has at least `NEAR_MIN` letters. */
const NEAR_EXTRA = 2;
const NEAR_MIN = 4;

/**
 * Each document's match with the query, by BM25 over its fields (each weighted by `boosts`), on
 * code-aware words: identifiers split into words, stop words left out, every word stemmed, so
 * `evicted` meets `evict` and `retrying` meets `retries`; a stem also meets its near forms in the
 * documents, those it begins or that begin it a letter or two longer (`expiry` and `expired`,
 * `verification` and `verify`), for less. The previous exchange adds its identifiers (names
 * written as code), at half weight. `matched` counts the query's words a document has, a word
 * met by a near form included. Documents that match nothing are absent.
 */
export function searchCode<F extends string>(docs: readonly Record<F, string>[], boosts: Record<F, number>, query: CodeQuery): Map<number, CodeMatch> {
  const fields = Object.keys(boosts) as F[];
  const index = new MiniSearch<Record<F, string> & { id: number }>({ fields, tokenize: identifierWords, processTerm: (term) => term });
  index.addAll(docs.map((d, id) => ({ ...d, id })));
  const asked = identifierWords(query.question);
  const before = query.before ? mentions(query.before).filter((m) => m.code).flatMap((m) => identifierWords(m.name)) : [];
  const vocabulary = new Set(docs.flatMap((d) => fields.flatMap((f) => identifierWords(d[f]))));
  // Each term searched, with the query word it stands for and its weight.
  const terms = new Map<string, { word: string; weight: number }>();
  const add = (term: string, word: string, weight: number): void => {
    if ((terms.get(term)?.weight ?? 0) < weight) terms.set(term, { word, weight });
  };
  for (const [words, weight] of [[asked, 1], [before, BEFORE_WEIGHT]] as const) {
    for (const word of words) {
      add(word, word, weight);
      for (const near of vocabulary) if (isNear(word, near)) add(near, word, weight * NEAR_WEIGHT);
    }
  }
  const matches = new Map<number, CodeMatch>();
  if (terms.size === 0) return matches;
  // The terms are stems already: searched as they are.
  const hits = index.search([...terms.keys()].join(" "), {
    tokenize: (text) => text.split(" "),
    processTerm: (term) => term,
    combineWith: "OR",
    boost: boosts,
    boostTerm: (term) => terms.get(term)?.weight ?? 1,
  });
  for (const hit of hits) matches.set(hit.id as number, { score: hit.score, matched: new Set(hit.queryTerms.map((t) => terms.get(t)?.word ?? t)).size });
  return matches;
}

/** Whether two different stems are near forms of one word: one begins the other, a letter or two longer. */
function isNear(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short !== long && short.length >= NEAR_MIN && long.length - short.length <= NEAR_EXTRA && long.startsWith(short);
}
