/**
 * What a question asks for: its content terms (stemmed), glossary
 * expansions, and the type of answer it expects (a number, a percentage, a
 * date, a person, a place, a definition, a reason).
 */
import { contentTerms, expandQuery, normalize } from '../text/analyze.js';

export type AnswerType = 'number' | 'percent' | 'date' | 'person' | 'place' | 'definition' | 'reason' | 'open';

export interface QueryAnalysis {
  question: string;
  /** Stemmed content terms of the question. */
  terms: string[];
  /** Stemmed glossary expansions. */
  expansions: string[];
  answerType: AnswerType;
}

const TYPE_RULES: readonly [AnswerType, RegExp][] = [
  ['percent', /\b(what|which) (percentage|proportion|share|per ?cent|fraction)\b|\bhow (large|big) a (share|proportion)\b|\bpercentage\b|\bper ?cent\b|%/u],
  ['number', /\bhow (many|much)\b|\bnumber of\b|\bhow (large|big|long)\b|\bwhat (number|total|amount)\b|\bcount of\b/u],
  ['date', /\bwhen\b|\bwhat (date|day|year|month|time)\b|\bwhich (date|day|year|month)\b|\bhow long ago\b|\bsince when\b/u],
  ['person', /\bwho\b|\bwhose\b|\bwhich (person|official|people)\b/u],
  ['place', /\bwhere\b|\bwhich (region|city|town|regions|cities|place|places|country|countries|oblast|district)\b|\bin what (region|city|town|place)\b/u],
  ['definition', /\bwhat (is|are|was|were) (an? |the )?[\p{L}-]+s?\??$|\bwhat does [\p{L}-]+ (stand for|mean)\b|\bdefine\b|\bmeaning of\b|\bstand for\b/u],
  ['reason', /\bwhy\b|\bfor what reason\b|\bhow come\b|\bwhat (caused|led to)\b/u],
];

export function answerTypeOf(question: string): AnswerType {
  const q = normalize(question).replace(/\s+/gu, ' ').trim();
  for (const [type, re] of TYPE_RULES) if (re.test(q)) return type;
  return 'open';
}

export function analyzeQuery(question: string): QueryAnalysis {
  const { terms, expansions } = expandQuery(question);
  return {
    question,
    terms: [...new Set(terms)],
    expansions: expansions.map((e) => e.term),
    answerType: answerTypeOf(question),
  };
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
    case 'reason':
    case 'open':
      return true;
  }
}

/** Stemmed content terms of a sentence (re-exported for selection). */
export { contentTerms };
