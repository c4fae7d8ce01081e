/**
 * What a question asks for: its content terms (stemmed), glossary
 * expansions, and the type of answer it expects (a number, a percentage, a
 * date, a person, a place, a definition, a reason).
 */
import { contentTerms, expandQuery, normalize, stem, STOP_WORDS, tokenize } from '../text/analyze.js';

export type AnswerType = 'number' | 'percent' | 'date' | 'person' | 'place' | 'definition' | 'reason' | 'assessment' | 'open';

export interface QueryAnalysis {
  question: string;
  /** Stemmed content terms of the question. */
  terms: string[];
  /** Stemmed glossary expansions. */
  expansions: string[];
  /** For each question term, the expansions that stand in for it. */
  standIns: Map<string, string[]>;
  /**
   * For a question about a quantity ("how many polling stations", "what
   * percentage of the vote"), the stemmed words naming what is counted, with
   * their stand-ins: the answering sentence must name it.
   */
  counted: { term: string; alternatives: string[] }[];
  /** "How many …", "the number of …": a count, which a percentage does not give. */
  wantsCount: boolean;
  answerType: AnswerType;
  /**
   * Names and acronyms the question uses (capitalised words not opening it,
   * words with inner capitals), stemmed, each with its glossary expansions:
   * an answer must mention them.
   */
  anchors: { term: string; alternatives: string[] }[];
}

const TYPE_RULES: readonly [AnswerType, RegExp][] = [
  ['percent', /\b(what|which) (percentage|proportion|share|per ?cent|fraction)\b|\bhow (large|big) a (share|proportion)\b|\bpercentage\b|\bper ?cent\b|%/u],
  ['number', /\bhow (many|much)\b|\bnumber of\b|\bhow (large|big|long)\b|\bwhat (number|total|amount)\b|\bcount of\b/u],
  ['date', /\bwhen\b|\bwhat (date|day|year|month|time)\b|\bwhich (date|day|year|month)\b|\bhow long ago\b|\bsince when\b/u],
  ['person', /\bwho\b|\bwhose\b|\bwhich (person|official|people)\b/u],
  ['place', /\bwhere\b|\bwhich (region|city|town|regions|cities|place|places|country|countries|oblast|district)\b|\bin what (region|city|town|place)\b/u],
  ['definition', /\bwhat (is|are|was|were) (an? |the )?[\p{L}-]+s?\??$|\bwhat does [\p{L}-]+ (stand for|mean)\b|\bdefine\b|\bmeaning of\b|\bstand for\b/u],
  ['reason', /\bwhy\b|\bfor what reason\b|\bhow come\b|\bwhat (caused|led to)\b/u],
  [
    'assessment',
    /\b(did|does|do|was|were|is|are) (the )?[\p{L} -]{0,40}\b(good|well|fair|free|democratic|credible|transparent|adequate|enough|properly)\b|\bwhat (did|does|do) (the )?(mission|observers|eom|report|osce|odihr|ieo) (make of|think|say|conclude|find)\b|\bhow (did|does|do|was|were) [\p{L} -]{0,40}\b(assess|assessed|rate|rated|judge|judged|evaluate|evaluated)\b|\bbottom line\b|\boverall\b/u,
  ],
];

export function answerTypeOf(question: string): AnswerType {
  const q = normalize(question).replace(/\s+/gu, ' ').trim();
  for (const [type, re] of TYPE_RULES) if (re.test(q)) return type;
  return 'open';
}

/** Analyses a question; `glossary: false` turns query expansion off (for ablations). */
export function analyzeQuery(question: string, options: { glossary?: boolean } = {}): QueryAnalysis {
  const { terms, expansions } = expandQuery(question, options.glossary === false ? [] : undefined);
  return {
    question,
    terms: [...new Set(terms)],
    expansions: expansions.map((e) => e.term),
    standIns: standInsOf(terms, expansions),
    counted: countedOf(question, standInsOf(terms, expansions)),
    wantsCount: /\bhow many\b|\bnumber of\b/u.test(normalize(question)),
    answerType: answerTypeOf(question),
    anchors: findAnchors(question, expansions),
  };
}

function standInsOf(terms: readonly string[], expansions: readonly { term: string; fromTerms: string[] }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of terms) out.set(t, expansions.filter((e) => e.fromTerms.includes(t)).map((e) => e.term));
  return out;
}

/** The words after "how many", "how much", "percentage of", "number of", up to a verb-like stop word. */
function countedOf(question: string, standIns: ReadonlyMap<string, string[]>): QueryAnalysis['counted'] {
  const q = normalize(question);
  const m = /\b(?:how (?:many|much)(?: of)?|(?:percentage|proportion|share|number|amount|total) of)\s+(?:the\s+|these\s+|those\s+)?([\p{L}\p{N}' -]+)/u.exec(q);
  if (!m?.[1]) return [];
  const words: string[] = [];
  for (const w of m[1].split(/\s+/u)) {
    if (/^(were|was|are|is|did|do|does|had|has|have|will|would|could|can|went|got|in|on|at|by|to|for|from|with|about|according|there)$/u.test(w)) break;
    if (words.length > 0 && /\p{L}{3}ed$/u.test(w)) break; // a verb, as in: people attended
    words.push(w);
    if (words.length === 3) break;
  }
  return contentTerms(words.join(' ')).map((term) => ({ term, alternatives: standIns.get(term) ?? [] }));
}

/** Capitalised words after the first, and words with inner capitals ("MPs", "OSCE"), as stemmed anchors. */
function findAnchors(question: string, expansions: readonly { term: string; from: string; fromTerms: string[] }[]): QueryAnalysis['anchors'] {
  const words = question.match(/[\p{L}][\p{L}\p{M}'’-]*/gu) ?? [];
  const out: QueryAnalysis['anchors'] = [];
  words.forEach((word, i) => {
    const named = (i > 0 && /^\p{Lu}/u.test(word)) || /^\p{L}+\p{Lu}/u.test(word);
    if (!named) return;
    for (const term of contentTerms(word)) {
      if (out.some((a) => a.term === term)) continue;
      const alternatives = expansions.filter((e) => ` ${e.from} `.includes(` ${normalize(word).replace(/'s$/u, '')} `)).map((e) => e.term);
      out.push({ term, alternatives });
    }
  });
  return out;
}

/** Whether a set of stemmed terms mentions an anchor (or an expansion of it, or a near spelling of a long name). */
export function mentionsAnchor(terms: ReadonlySet<string>, anchor: { term: string; alternatives: readonly string[] }): boolean {
  if (terms.has(anchor.term) || anchor.alternatives.some((a) => terms.has(a))) return true;
  if (anchor.term.length < 6) return false;
  for (const t of terms) if (Math.abs(t.length - anchor.term.length) <= 1 && editDistanceAtMostOne(t, anchor.term)) return true;
  return false;
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length > b.length) return editDistanceAtMostOne(b, a);
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.slice(i) === b.slice(i + 1);
}

const MONTHS = 'january|february|march|april|may|june|july|august|september|october|november|december';
const NUMBER_WORDS = 'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|half|dozen|dozens|hundreds|thousands|majority|most|all|none';

/**
 * Whether a sentence holds an answer of the given type. Numbers that are
 * times, years or paragraph references don't count as counts.
 */
export function hasAnswerType(sentence: string, type: AnswerType): boolean {
  const s = sentence;
  switch (type) {
    case 'percent':
      return /\d\s*(per ?cent|%)|\b(per ?cent|percent)\b/iu.test(s);
    case 'number': {
      const withoutNoise = s
        .replace(/\b\d{1,2}:\d{2}\b/gu, ' ')
        .replace(new RegExp(`\\b\\d{1,2}\\s+(${MONTHS})\\b|\\b(${MONTHS})\\s+\\d{4}\\b`, 'giu'), ' ')
        .replace(/\b(19|20)\d{2}\b/gu, ' ')
        .replace(/\b(paragraph|article|para|section)\s+\d+(\.\d+)*/giu, ' ');
      return /\d/u.test(withoutNoise) || new RegExp(`\\b(${NUMBER_WORDS})\\b`, 'iu').test(withoutNoise);
    }
    case 'date':
      return new RegExp(`\\b(${MONTHS})\\b|\\b(19|20)\\d{2}\\b|\\b\\d{1,2}\\.\\d{1,2}\\.\\d{2,4}\\b`, 'iu').test(s);
    case 'person':
      return /\b(Mr|Ms|Mrs|Dr)\.?\s+\p{Lu}|\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+ \(|\b(head|chair|chairperson|leader|president|director|spokesperson|headed|led)\b/u.test(s);
    case 'place':
      return /\b(in|at|from)\s+\p{Lu}\p{Ll}+/u.test(s);
    case 'definition':
      return /\([^)]{2,60}\)|\bis (a|an|the)\b|\bare (the )?\p{Ll}+ (bodies|councils|bodies)\b|\bmeans\b|\brefers? to\b/u.test(s);
    case 'assessment':
      return EVALUATIVE.test(s);
    case 'reason':
    case 'open':
      return true;
  }
}

/** Words that give a count: digits and number words, not vague quantifiers ("most", "all"). */
const COUNT_WORDS = 'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen';
const NUMBER_TOKEN = new RegExp(`^(\\d+|${COUNT_WORDS})$`, 'u');

/**
 * Whether a number in the sentence stands next to what the question counts
 * ("some 1,173 polling stations", "76 per cent of PEC members"): within four
 * words of it, stop words aside. For a count, a percentage does not do.
 */
export function countsNear(sentence: string, counted: QueryAnalysis['counted'], wantsCount = false): boolean {
  if (counted.length === 0) return true;
  // "1,173" and "91.4" are one number each.
  const tokens = tokenize(sentence.replace(/(\d)[.,](?=\d)/gu, '$1')).filter((t) => !STOP_WORDS.has(t) || NUMBER_TOKEN.test(t));
  const numbers: number[] = [];
  const nouns: number[] = [];
  tokens.forEach((t, i) => {
    // A count is not a share: "46 per cent of polling stations" does not say how many.
    const share = tokens[i + 1] === 'per' || tokens[i + 1] === 'percent' || (tokens[i + 1] === '%');
    if (NUMBER_TOKEN.test(t) && !/^(19|20)\d\d$/u.test(t) && (!wantsCount || !share)) numbers.push(i);
    const st = stem(t);
    if (counted.some((c) => c.term === st || c.alternatives.includes(st) || (c.term.length >= 6 && st.length >= 6 && st.slice(0, 5) === c.term.slice(0, 5)))) nouns.push(i);
  });
  return numbers.some((n) => nouns.some((m) => Math.abs(n - m) <= 4));
}

/**
 * For "what is X?" and "what does X stand for?", the stemmed X; a sentence
 * that glosses it in brackets ("akimats (local executive bodies)",
 * "the Assembly of the People of Kazakhstan (APK)") defines it.
 */
export function definitionTarget(question: string): string | null {
  const q = normalize(question).replace(/[?!.]+$/u, '').trim();
  const m = /^what (?:is|are|was|were) (?:an? |the )?([\p{L}-]+)$/u.exec(q) ?? /^what (?:does|do|did) (?:an? |the )?([\p{L}-]+) (?:stand for|mean)$/u.exec(q) ?? /^(?:define|meaning of) (?:an? |the )?([\p{L}-]+)$/u.exec(q);
  return m?.[1] ? stem(m[1]) : null;
}

export function definesTarget(sentence: string, target: string): boolean {
  const brackets = /([\p{L}-]+)\s*\(([^)]{2,80})\)/gu;
  for (const m of sentence.matchAll(brackets)) {
    const before = stem(normalize(m[1] ?? ''));
    const inside = (m[2] ?? '').split(/\s+/u).map((w) => stem(normalize(w.replace(/[^\p{L}]/gu, ''))));
    if (before === target || inside.includes(target)) return true;
  }
  return false;
}

/** Words observers judge with: a sentence holding one states an assessment. */
const EVALUATIVE =
  /\b(well|positively|negatively|commendable|welcome[ds]?|efficient(ly)?|professional(ly)?|transparent(ly)?|credible|genuine|pluralistic|competitive|fundamental principles|international standards|OSCE commitments|in line with|at odds with|at variance|inconsistent|contrary to|did not (meet|respect|provide|guarantee)|not respect|lack(ed|ing)? (of )?|undermin(ed|es|ing)|concerns?|shortcomings|irregularities|significant(ly)?|serious|severe(ly)?|limited|curtailed|compromised|blurred|unequal|disproportionate|excessive|restrictive|should be)\b/iu;

/** Stemmed content terms of a sentence (re-exported for selection). */
export { contentTerms };
