/**
 * Expected answer types: what kind of answer a question asks for, and
 * whether a sentence holds one, in the place the question asks about.
 *
 * A question that asks "who", "how many", "when", "how much money" is only
 * answered by a sentence holding a name, a count of the thing asked with the
 * asked predicate, a date, a sum of money. The checks are shapes of English
 * (a capitalised name, a number beside the counted noun, a currency), never
 * a report's own words.
 */
import { normalize, stem, STOP_WORDS, tokenize } from '../text/analyze.js';
import { englishWords } from '../text/spell.js';

export type AnswerType =
  | 'person'
  | 'agent'
  | 'organisation'
  | 'place'
  | 'date'
  | 'time'
  | 'duration'
  | 'count'
  | 'amount'
  | 'money'
  | 'percent'
  | 'age'
  | 'reason'
  | 'definition'
  | 'assessment'
  | 'statement'
  | 'open';

/** Types whose answer a sentence must visibly hold (a name, a figure, a date): a question of one is unanswered without it. */
export const STRICT_TYPES: ReadonlySet<AnswerType> = new Set(['person', 'organisation', 'date', 'time', 'duration', 'count', 'amount', 'money', 'percent', 'age', 'statement']);

/**
 * "What did X say …", "how did X respond …": X's own words are asked for, so
 * a sentence answers only where X says something in it (X before a verb of
 * saying, or "according to X"). The report's own voice (the mission, its
 * observers, the report) is not such an X: what they say is the report, an
 * assessment question.
 */
const STATEMENT =
  /\bwhat (?:exactly )?(?:did|does|do|has|have|had|would|will) (?:the )?((?:(?!\b(?:say|said|state|claim|argue|announce|tell|respond|reply|answer)\b)[\p{L}\p{N}'’.-]+ ){1,6}?)(?:exactly )?(?:say|said|state|stated|claim|claimed|argue|argued|announce|announced|tell|told|respond|responded|reply|replied|answer)\b|\bhow did (?:the )?((?:[\p{L}\p{N}'’.-]+ ){1,6}?)(?:respond|react|reply|answer)\b/u;
const OWN_VOICE = /\b(mission|observers?|eom|ieo|report|statement|osce|odihr|pace|delegations?|monitors?|they|it|you|we|authors?|document)\b/u;
/** Verbs of saying, as a report gives someone's words ("stated that", "acknowledges that", "called on"). */
const SAYING =
  /\b(said|says|say|stated|states|stating|noted|notes|claimed|claims|argued|argues|announced|announces|told|tells|responded|replied|declared|declares|acknowledged|acknowledges|complained|complains|expressed|expresses|called on|calls on|criticized|criticised|criticizes|criticises|asserted|asserts|maintained|maintains|insisted|insists|explained|explains|confirmed|confirms|denied|denies|alleged|alleges|warned|warns|promised|promises|pledged|reaffirmed|reaffirms)\b/giu;

/** Who is asked to have said something, in a "what did X say" question (lower-case words), or null. */
export function speakerOf(question: string): string[] | null {
  const m = STATEMENT.exec(normalize(question).replace(/\s+/gu, ' ').trim());
  const words = (m?.[1] ?? m?.[2] ?? '').trim();
  if (!words || OWN_VOICE.test(words)) return null;
  return words.split(' ');
}

/**
 * What a "what did X say about Y" question asks X's words about: Y's stems (content words after the verb and
 * "about", "on", "regarding", "concerning", "in response to"), or none.
 */
export function statementTopicOf(question: string, speakerWords: readonly string[] | null = speakerOf(question)): string[] {
  const speaker = new Set((speakerWords ?? []).flatMap((w) => tokenize(w)).map(stem));
  const m = /\b(?:say|said|state|stated|claim|claimed|argue|argued|announce|announced|tell|told|respond|responded|reply|replied|answer)\b\s+(?:\p{L}+\s+){0,2}?(?:about|on|regarding|concerning|in response to|of)\s+(.+)$/u.exec(normalize(question));
  return m ? tokenize(m[1] ?? '').filter((t) => !STOP_WORDS.has(t)).map(stem).filter((t) => !speaker.has(t)) : [];
}

/** Whether the sentence gives words of the speaker: one of its stems before a verb of saying, or "according to" it. */
export function holdsStatement(sentence: string, speaker: readonly string[], standIn: (term: string, token: string) => boolean): boolean {
  const stems = speaker.flatMap((w) => tokenize(w)).filter((t) => !STOP_WORDS.has(t)).map(stem);
  if (stems.length === 0) return false;
  const says = (text: string): boolean => tokenize(text).some((t) => stems.some((s) => standIn(s, t)));
  for (const m of sentence.matchAll(SAYING)) {
    if (says(sentence.slice(0, m.index))) return true;
    // Or in the passive, the speaker after "by": "The law was criticized by the OSCE Representative on Freedom of the Media".
    const by = /^\s+by\s+([^,.;]+)/iu.exec(sentence.slice((m.index ?? 0) + m[0].length));
    if (by && says(by[1] ?? '')) return true;
  }
  const according = /\baccording to ([^,.;]+)/iu.exec(sentence);
  return according !== null && says(according[1] ?? '');
}

const RULES: readonly [AnswerType, RegExp][] = [
  ['age', /\bhow old\b|\bwhat age\b|\b(minimum|maximum|voting|candidate'?s?) age\b|\bage (limit|requirement)\b|\bat what age\b/u],
  ['money', /\bhow much (money|did .* (cost|spend|pay|receive))|\b(cost|costs|spend|spent|spending|budget|funding|fund|price|fee|fees|salary|salaries|fine|fines|deposit)\b.*\b(how much|what)\b|\bhow much\b.*\b(cost|spend|spent|pay|paid|budget|fund|price|fee|fine|deposit)\b|\bwhat (was|is|were) the( \p{L}+)? (cost|costs|budget|price|fee|fine|deposit|amount)\b/u],
  ['percent', /\bhow much of (the |its |their )?\p{L}|\b(what|which) (percentage|proportion|share|per ?cent|fraction)\b|\bhow (large|big) a (share|proportion)\b|\bpercentage\b|\bper ?cent\b|%|\bturnout\b(?!.*\bhow many\b)/u],
  ['time', /\bwhat time\b|\bat what hour\b|\bwhich hour\b|\bhow late\b|\bhow early\b|\bclos(e|ed|ing) (time|hour)\b|\bopening (time|hour)\b/u],
  ['duration', /\bhow long\b(?! ago)|\bfor how many (days|weeks|months|years|hours)\b|\b(duration|length) of\b|\bhow many (days|weeks|months|years|hours)\b/u],
  ['count', /\bhow many\b|\bnumber of\b|\bwhat (number|total)\b|\bcount of\b/u],
  // "How much coverage …": a figure, a count or a share.
  ['amount', /\bhow much\b|\bwhat (amount|volume|level) of\b/u],
  // "when" as a question word (opening the question or a clause of it), not as a conjunction ("was it fair when …").
  ['date', /^(so |and |but |ok |okay )?when\b|[,;:?] when\b|\band when\b|\bwhat (date|day|year|month)\b|\bwhich (date|day|year|month)\b|\bhow long ago\b|\bsince when\b|\bon what (date|day)\b|\bwhen (was|were|is|are|did|do|does|will|would|has|had)\b(?!.*\b(fair|fairly|properly|well)\b)/u],
  // A name is asked for: "name of the chairperson", "who is the head of …", "who chairs …", "which candidates".
  ['person', /\b(name|names) of (the )?(?!part|organi[sz]|bod|group|movement|institution|agenc|ministr|compan|newspaper|channel|media|town|city|region|countr|place)\w+|\bwhat('s| is| was) (his|her|their|the) names?\b|\bwho (is|was|are|were) (the |a |an )?(\p{L}+ ){0,3}(chair|chairperson|chairman|chairwoman|head|leader|president|minister|director|ombudsman|spokesperson|spokesman|coordinator|prosecutor|judge|candidate|founder|owner|editor)s?\b|\bwho (heads|headed|chairs|chaired|leads|led|directs|directed|presides over|presided over) (the |a |an )?\p{L}|\bwhich (\p{L}+ )?(persons?|officials?|individuals?|candidates?|leaders?)\b|\bnamed?\b.*\b(chair|head|leader|president|chairperson|chairman|candidate|minister|director|ombudsman|spokesperson)\b/u],
  ['organisation', /\bwhich (party|parties|organi[sz]ations?|body|bodies|institutions?|agency|agencies|ministry|ministries|group|groups|movement|court|courts|newspapers?|channels?|outlets?)\b|\bwhat (party|organi[sz]ation|body|institution|agency|ministry|group|movement) (is|was|were|are|did|does)\b|\bname of the (party|organi[sz]ation|body|group|movement|newspaper|channel)\b/u],
  // Who did something: a name, a body or a role answers ("appointed by the president").
  ['agent', /\bwho\b|\bwhose\b|\bby whom\b|\bwhich (people|observers?|journalists?|members?)\b/u],
  ['place', /\bwhere\b|\bwhich (region|city|town|regions|cities|place|places|country|countries|oblast|district|village|area|areas)\b|\bin what (region|city|town|place|country)\b/u],
  ['reason', /\bwhy\b|\bfor what reasons?\b|\bhow come\b|\bwhat (caused|led to|prompted|triggered)\b|\bwhat (was|is|were) the( \p{L}+)? (reasons?|grounds?|basis|cause|causes|trigger|motive)\b|\bon what (grounds|basis)\b|\b(reasons?|grounds|cause|causes|motive) (for|why|behind|of)\b/u],
  ['definition', /^what (is|are|was|were) (an? |the )?[\p{L}-]+s?\??$|\bwhat does [\p{L}-]+ (stand for|mean)\b|\bdefine\b|\bmeaning of\b|\bstand for\b/u],
  [
    'assessment',
    /\b(did|does|do|was|were|is|are|has|have) (the )?[\p{L}' -]{0,50}\b(good|well|fair|fairly|free|freely|democratic|credible|transparent|transparently|adequate|adequately|enough|proper|properly|correct|correctly|appropriate|appropriately|lawful|lawfully|legitimate|ok|okay|fine|smooth|smoothly|orderly|calm|peaceful|professional|professionally|efficient|efficiently|respected|genuine|competitive|pluralistic|balanced|impartial|impartially|independent|neutral|equal|equally|problems?|issues?|concerns?|shortcomings|irregularities|flawed|rigged|biased)\b|\bwhat (did|does|do) (the )?(mission|observers|eom|report|osce|odihr|ieo|monitors) (make of|think|say|conclude|find)\b|\bhow (did|does|do|was|were|is|are) [\p{L}' -]{0,50}\b(assess|assessed|rate|rated|judge|judged|evaluate|evaluated|go|went|going|done|conducted|handled|run|look|looked|seem|seemed|fare|fared)\b|\bhow (good|fair|free|bad|well)\b|\bbottom line\b|\boverall\b|\bany (problems?|issues?|concerns?|irregularities|shortcomings)\b|\bwhat went (wrong|well|right)\b|\bverdict\b|\bassessment\b|\b(view|views|viewed|see|saw|seen|regard|regarded|consider|considered|judge|judged|rate|rated|find|found|think|thought) [\p{L}' -]{0,50}\b(positively|negatively|favou?rably|unfavou?rably|critically|well|badly|positive|negative)\b|\bwhat('s| is| was| were) (the |their |its |his |her |your )?(\p{L}+'?s? )?(take|view|views|opinion|opinions|judgement|judgment|stance|position) (on|of|about|regarding)\b/u,
  ],
];

/** The answer type a question expects ("open" when it names none). */
export function expectedType(question: string): AnswerType {
  const q = normalize(question).replace(/\s+/gu, ' ').trim();
  for (const [type, re] of RULES) if (re.test(q)) return type;
  return speakerOf(question) ? 'statement' : 'open';
}

const MONTHS = 'january|february|march|april|may|june|july|august|september|october|november|december';
const COUNT_WORDS = 'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen|dozens|hundreds|thousands';
const MONTH = new RegExp(`^(${MONTHS})$`, 'u');
const NUMBER_TOKEN = new RegExp(`^(\\d+|${COUNT_WORDS})$`, 'u');
/** Words that name bodies: a capitalised word before one of them is part of a body's name, not a person's. */
export const ORG_WORDS =
  /\b(Party|Parties|Commission|Committee|Council|Court|Ministry|Office|Agency|Assembly|Union|Association|Movement|Front|Bureau|Service|Parliament|Senate|Government|Organi[sz]ation|Institute|Foundation|Centre|Center|Coalition|Bloc|Group|Mission|Chamber|Prosecutor|Ombudsman|Corporation|Company|Channel|Television|Radio|Agency|Administration|Department|Authority|Board|League|Alliance|Federation|Network|Club|Society|Fund)\b|\b[A-Z]{2,}(?:\/[A-Z]{2,})*\b/u;
/** Capitalised words that are not names on their own. */
const NOT_NAME = new Set(
  'The A An In On At Of For And But Or Not No This That These Those It Its Their They He She His Her Its We Our However Moreover While Although Since Because As After Before During Following According Mr Ms Mrs Dr Election Elections Day January February March April May June July August September October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday'.split(' '),
);

/**
 * A person's name: a title and a capitalised word, or two capitalised words
 * in a row that are not an organisation. Words of the question itself
 * (`exclude`, stemmed) are what is asked about, not the answer: "the Alga
 * Almaty branch chair" holds no name.
 */
export interface NameContext {
  /** Stems of the question's words: what is asked about, not the answer. */
  asked: ReadonlySet<string>;
  /** Lower-cased words the corpus uses as names of bodies or places ("nur otan" in "the Nur Otan party", "almaty" in "in Almaty"). */
  notPeople: ReadonlySet<string>;
}

const NO_NAMES: NameContext = { asked: new Set(), notPeople: new Set() };

/** Stems of the generic words of leading something (not titles of one office, as "president"): a leader's name stands beside one of them. */
const LEADING = new Set(['head', 'lead', 'leader', 'chair', 'chairperson', 'chairman', 'chairwoman'].map((w) => stem(w)));

export function holdsPersonName(sentence: string, names: NameContext = NO_NAMES): boolean {
  const exclude = names.asked;
  if (/\b(Mr|Ms|Mrs|Dr|Madam|Sir)\.?\s+\p{Lu}\p{Ll}+/u.test(sentence)) return true;
  const words = sentence.split(/\s+/u);
  // Asked who leads something ("who chairs", "the head of"), any word of leading is the place ("… is the Head of …").
  const asksLeader = [...exclude].some((t) => LEADING.has(t));
  // "In the place the question asks about": beside a word of the question ("chairperson", "head").
  const near = (i: number): boolean => {
    if (exclude.size === 0) return true;
    for (let k = Math.max(0, i - 3); k <= Math.min(words.length - 1, i + 5); k++) {
      if (k === i || k === i + 1) continue;
      const t = tokenize(words[k] ?? '')[0];
      if (t && (exclude.has(stem(t)) || (asksLeader && LEADING.has(stem(t))))) return true;
    }
    return false;
  };
  // A sentence's first word is capitalised whatever it is: it starts a name only when it is no English word
  // ("Miklós Haraszti (Hungary) is the Head…", not "Election Day was…").
  const from = /^\p{Lu}\p{Ll}+$/u.test(words[0] ?? '') && !englishWords().has((words[0] ?? '').toLowerCase()) ? 0 : 1;
  for (let i = from; i + 1 < words.length; i++) {
    const a = (words[i] ?? '').replace(/[,;:.()“”"'’]+$/u, '');
    const b = (words[i + 1] ?? '').replace(/[,;:.()“”"'’]+$/u, '');
    if (!/^\p{Lu}\p{Ll}+(-\p{Lu}?\p{Ll}+)?$/u.test(a) || !/^\p{Lu}\p{Ll}+(-\p{Lu}?\p{Ll}+)?$/u.test(b)) continue;
    if (NOT_NAME.has(a) || NOT_NAME.has(b)) continue;
    if (exclude.has(stem(a.toLowerCase())) || exclude.has(stem(b.toLowerCase()))) continue;
    if (names.notPeople.has(a.toLowerCase()) || names.notPeople.has(b.toLowerCase())) continue;
    if (ORG_WORDS.test(`${a} ${b}`) || ORG_WORDS.test(words[i + 2] ?? '')) continue;
    // "Mission Information", "Central Election": words of institutions, not people.
    if (/(tion|ment|ity|ence|ance|ism|ship|ing|ies|al)$/u.test(a) || /(tion|ment|ity|ence|ance|ism|ship|ies)$/u.test(b)) continue;
    if ((words[i - 1] ?? '').endsWith('.') && i === 1) continue;
    if (!near(i)) continue;
    return true;
  }
  return false;
}

/** The sentence with each capitalised word after its first masked (same length, no longer a word of English). */
function maskNames(sentence: string): string {
  return sentence.replace(/(?<=\S[^\S\n]+)\p{Lu}\p{Ll}+/gu, (w) => 'q'.repeat(w.length));
}

/** Tokens of a sentence with numbers joined ("1,173" → "1173") and stop words dropped, but number words kept. */
function countTokens(sentence: string): readonly string[] {
  let tokens = countTokenCache.get(sentence);
  if (tokens === undefined) {
    tokens = tokenize(sentence.replace(/(\d)[.,](?=\d)/gu, '$1')).filter((t) => !STOP_WORDS.has(t) || NUMBER_TOKEN.test(t));
    // The candidates of one question are some dozens of a corpus's sentences, asked again by the next question:
    // kept, so that a count question does not tokenise them anew. The bound keeps memory flat at any corpus size.
    if (countTokenCache.size >= MAX_CACHED_SENTENCES) countTokenCache.clear();
    countTokenCache.set(sentence, tokens);
  }
  return tokens;
}
const countTokenCache = new Map<string, readonly string[]>();
const MAX_CACHED_SENTENCES = 20_000;

/** What a count question counts, and what is said of it ("how many short-term observers were deployed": observers, short-term, deployed). */
export interface CountTarget {
  /** The counted noun (the last word of the counted phrase), stemmed, with its stand-ins; null when the question names none. */
  head: { term: string; alternatives: string[] } | null;
  /** The phrase's other words ("short", "term"): the answering sentence must say them too. */
  modifiers: { term: string; alternatives: string[] }[];
  /** Modifiers that are one hyphenated word of the question ("post-election": post, elect): said only when all are. */
  compounds: string[][];
  /** What is said of the counted ("injur", "arrest"): passive participles and "died"; the sentence must say the same. */
  predicate: { term: string; alternatives: string[] }[];
  /**
   * For a share, what the counted had ("what % of polling stations had group
   * voting": group, voting): a share standing beside all of it answers, as
   * a report writes "group voting (7.5 per cent)" of the stations observed.
   */
  had: { term: string; alternatives: string[] }[];
  /**
   * Who did what is counted ("how many polling stations did observers visit": observers), as the question
   * writes it: its last word's stem, and the stems of the question's words that may qualify it.
   */
  subject?: { term: string; asked: string[] } | null;
  /** The question asks how many there are ("how many TECs are there?", "… in total"): a count of where something happened ("observed in 48 TECs") is no answer. */
  existence?: boolean;
}

/**
 * Whether every mention of the question's subject in the sentence is qualified by a word the question does
 * not use: "party observers", "Domestic observers" are not the observers a question asks about when it says
 * "observers". A qualifier is an English word in lower case (or opening the sentence); a name or an acronym
 * before the noun ("EOM observers") names whose they are, which the encoder weighs.
 */
export function subjectQualifiedOtherwise(sentence: string, subject: { term: string; asked: readonly string[] }, isEnglish: (w: string) => boolean): boolean {
  let mentions = 0;
  let qualified = 0;
  // Words as written, with whether a comma or the like stands between each and the one before.
  const words = [...sentence.matchAll(/([^\s\p{L}]*)(\p{L}[\p{L}-]*)/gu)].map((m) => ({ text: m[2] ?? '', apart: /[,;:()]/u.test(m[1] ?? '') }));
  words.forEach((w, i) => {
    if (stem(w.text.toLowerCase()) !== subject.term) return;
    mentions++;
    const before = words[i - 1];
    if (!before || w.apart) return;
    const lower = before.text.toLowerCase();
    const opens = i === 1;
    const asQualifier = (before.text === lower || (opens && before.text === lower.charAt(0).toUpperCase() + lower.slice(1))) && !STOP_WORDS.has(lower) && isEnglish(lower);
    if (asQualifier && !subject.asked.includes(stem(lower))) qualified++;
  });
  return mentions > 0 && qualified === mentions;
}

/**
 * Whether every mention of the question's subject in the sentence is acted upon, not acting: followed by a
 * passive ("observers were restricted from observing", "were prevented"). Asked what the subject did ("how many
 * polling stations did observers visit"), a count of where something was done to it answers something else.
 */
export function subjectActedUpon(sentence: string, subject: { term: string }): boolean {
  const words = [...sentence.matchAll(/\p{L}[\p{L}'’-]*/gu)].map((m) => m[0]);
  let mentions = 0;
  let passive = 0;
  words.forEach((w, i) => {
    // The subject as a noun: "observing" shares the stem of "observers" but is a verb.
    if (stem(w.toLowerCase()) !== subject.term || /(ing|ed)$/iu.test(w)) return;
    mentions++;
    const next = (words[i + 1] ?? '').toLowerCase();
    const then = (words[i + 2] ?? '').toLowerCase();
    const after = /^(not|often|also|repeatedly|sometimes|frequently)$/u.test(then) ? (words[i + 3] ?? '').toLowerCase() : then;
    if (/^(were|was|are|is|been|being|got|get)$/u.test(next) && /^\p{L}{3,}(ed|en)$/u.test(after) && !/^(present|allowed|able)$/u.test(after)) passive++;
  });
  return mentions > 0 && passive === mentions;
}

/** The sentence's text before the first place it writes `number` (a count token: digits with separators dropped, or a word). */
function beforeNumber(sentence: string, number: string): string {
  const digits = /^\d+$/u.test(number);
  const re = digits ? new RegExp(`(?<![\\d.,])${number.split('').join('[.,]?')}(?![\\d])`, 'u') : new RegExp(`\\b${number}\\b`, 'iu');
  const m = re.exec(sentence);
  return m ? sentence.slice(0, m.index) : '';
}

/**
 * Whether a number stands beside what is counted: within four words of the
 * counted noun, stop words aside; the phrase's other words and the predicate
 * in the sentence too. A share ("46 per cent of") and a year are not counts.
 */
export function holdsCount(sentence: string, target: CountTarget, standIn: (term: string, token: string) => boolean, allowShares = false): boolean {
  const tokens = countTokens(sentence);
  const numbers: number[] = [];
  const named: number[] = [];
  const counted = [...(target.head ? [target.head] : []), ...target.modifiers];
  const matches = (t: string, x: { term: string; alternatives: string[] }): boolean => standIn(x.term, t) || x.alternatives.some((a) => standIn(a, t));
  // A capitalised word inside the sentence is part of a name ("the People’s Democratic Party Nur-Otan (127
  // candidates)" counts no people): it does not stand beside a number as the counted noun (a name may qualify it: "Majilis seats").
  const unnamed = countTokens(maskNames(sentence));
  tokens.forEach((t, i) => {
    const share = tokens[i + 1] === 'per' || tokens[i + 1] === 'percent';
    // A year, or a day of a month ("On 16 December"), dates what it tells: it counts nothing.
    // ("December 16, 2011" too, but not "December, 12 polling stations").
    const day = /^\d{1,2}$/u.test(t) && (MONTH.test(tokens[i + 1] ?? '') || (MONTH.test(tokens[i - 1] ?? '') && /^(19|20)\d\d$/u.test(tokens[i + 1] ?? '')));
    if (NUMBER_TOKEN.test(t) && !/^(19|20)\d\d$/u.test(t) && !day && (allowShares || !share)) numbers.push(i);
    const asWord = unnamed.length === tokens.length ? (unnamed[i] ?? t) : t;
    if ((target.head && matches(asWord, target.head)) || target.modifiers.some((c) => matches(t, c))) named.push(i);
  });
  if (numbers.length === 0) return false;
  // A number beside what is counted, most of the counted phrase said, and all of the predicate. Asked how many
  // there are, "in 48 TECs" (where something was seen) is not one.
  const located = (n: number): boolean => target.existence === true && /\b(in|at)\s+(some |about |around |over |only |all )?$/iu.test(beforeNumber(sentence, tokens[n] ?? ''));
  if (counted.length > 0 && !numbers.some((n) => !located(n) && named.some((m) => Math.abs(n - m) <= 4))) return false;
  const says = (x: { term: string; alternatives: string[] }): boolean => tokens.some((t) => matches(t, x));
  // Most of the counted phrase said, a hyphenated word of it counting once, and only when all its parts are.
  const grouped = new Set(target.compounds.flat());
  const saysPart = (t: string): boolean => {
    const m = target.modifiers.find((x) => x.term === t);
    return m === undefined || says(m); // a part the corpus never uses was dropped from the modifiers
  };
  const units = [...counted.filter((c) => !grouped.has(c.term) || c === target.head).map(says), ...target.compounds.map((g) => g.every(saysPart))];
  if (units.filter(Boolean).length * 2 < units.length) return false;
  if (target.subject && subjectQualifiedOtherwise(sentence, target.subject, (w) => englishWords().has(w))) return false;
  if (target.subject && subjectActedUpon(sentence, target.subject)) return false;
  // The predicate is said as a verb: "observers" shares a stem with "observed" but observes nothing.
  const agent = /(er|ers|or|ors)$/u;
  return target.predicate.every((x) => tokens.some((t) => matches(t, x) && !agent.test(t)));
}

/** Tokens a share can stand beside (holdsShare's reach). */
const SHARE_REACH = 8;
const SHARE = /\d\s*(per ?cent|%)|\b(per ?cent|percent)\b/iu;

/** The stems a corpus's sentences put beside a share ("turnout of 75 per cent": turnout): the words shares are of. */
export function shareNeighbours(sentences: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const sentence of sentences) {
    if (!SHARE.test(sentence)) continue;
    const tokens = countTokens(sentence.replace(/%/gu, ' percent'));
    const shares = tokens.flatMap((t, i) => (t === 'per' || t === 'percent' ? [i] : []));
    tokens.forEach((t, i) => {
      if (shares.some((a) => Math.abs(a - i) <= SHARE_REACH)) out.add(stem(t));
    });
  }
  return out;
}

/**
 * Whether a share stands in the sentence, and, for "what share of X", X
 * beside it (within eight words): "received between 10 and 14 per cent on
 * Kazakhstan TV" is not a share of the vote.
 */
export function holdsShare(sentence: string, target: CountTarget, standIn: (term: string, token: string) => boolean): boolean {
  if (!SHARE.test(sentence)) return false;
  if (!target.head) return true;
  const tokens = countTokens(sentence.replace(/%/gu, ' percent'));
  const head = target.head;
  const shares: number[] = [];
  const nouns: number[] = [];
  tokens.forEach((t, i) => {
    if (t === 'per' || t === 'percent') shares.push(i);
    if (standIn(head.term, t) || head.alternatives.some((a) => standIn(a, t))) nouns.push(i);
  });
  const near = (positions: readonly number[]): boolean => shares.some((a) => positions.some((b) => Math.abs(a - b) <= SHARE_REACH));
  // "What % of polling stations had group voting?" asks the share of what had it: a share beside every word of
  // what they had ("group voting (7.5 per cent)"), not any share of polling stations ("observers were present
  // in 46 per cent of polling stations").
  const had = target.had.map((x) => tokens.flatMap((t, i) => (standIn(x.term, t) || x.alternatives.some((a) => standIn(a, t)) ? [i] : [])));
  if (had.length > 0) return had.every(near);
  return near(nouns);
}

/** A date: a month's name, a year, or a numeric date. */
const DATE = new RegExp(`\\b(${MONTHS})\\b|\\b(19|20)\\d{2}\\b|\\b\\d{1,2}\\.\\d{1,2}\\.\\d{2,4}\\b`, 'iu');
/** A span of time: "three weeks", "a 30-day period", "from 17 December … to 5". */
const DURATION = new RegExp(
  `\\b(\\d+|${COUNT_WORDS}|a|an)[- ](day|week|month|year|hour|minute)s?\\b|\\bfrom \\d{1,2} (${MONTHS})\\b.*\\bto \\d{1,2}\\b|\\b(days|weeks|months|years|hours)\\b`,
  'iu',
);

/** A dateline opening a sentence: a place, a date, a dash. */
const DATELINE = new RegExp(`^\\p{Lu}[\\p{L} .'-]{1,40}, \\d{1,2} (${MONTHS}) \\d{4}\\s*[–—-]\\s*`, 'iu');

/** Whether a sentence holds an answer of the type, in the shape that type takes. */
export function holdsType(
  sentence: string,
  type: AnswerType,
  count: CountTarget,
  standIn: (term: string, token: string) => boolean,
  names: NameContext = NO_NAMES,
  speaker: readonly string[] | null = null,
): boolean {
  const s = sentence;
  switch (type) {
    case 'person':
      return holdsPersonName(s, names);
    case 'agent':
      return holdsPersonName(s, names) || ORG_WORDS.test(s) || /\b(president|government|authorities|parliament|commission|commissions|court|courts|party|parties|ministry|officials?|police|prosecutors?|observers|voters|citizens|candidates|deputies|members|chairperson|head|akim|akims|administration|opposition|media|journalists|staff)\b/iu.test(s);
    case 'organisation':
      // A body's own word, or names set beside the kind of body they are ("Two other parties, Khalykh Rukh and Ata Meken").
      return ORG_WORDS.test(s) || /\b(parties|party|organi[sz]ations?|groups?|movements?|newspapers?|outlets?|channels?|coalitions?|blocs?)\b,?\s+(\p{Lu}\p{Ll}+\s+)*\p{Lu}\p{Ll}+/u.test(s);
    case 'place':
      return /\b(in|at|from|to|near)\s+(the\s+)?\p{Lu}\p{Ll}+/u.test(s) || /\b(region|city|town|oblast|district|village)s?\b/iu.test(s);
    case 'date':
      // A press statement's dateline ("Astana, 16 January 2012 – This Statement …") dates the statement, not what it tells.
      return DATE.test(s.replace(DATELINE, ''));
    case 'time':
      return /\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}\s*(a\.m\.|p\.m\.|am|pm|o'clock|hours)\b|\b(morning|evening|midnight|noon|night)\b/iu.test(s);
    case 'duration':
      return DURATION.test(s);
    case 'count':
      return holdsCount(s, count, standIn);
    case 'amount':
      return holdsCount(s, count, standIn, true) || holdsShare(s, count, standIn);
    case 'money':
      return /(\$|€|£|\bUSD\b|\bEUR\b|\bKZT\b|\btenge\b|\beuros?\b|\bdollars?\b|\broubles?\b|\brubles?\b|\bsoms?\b|\blari\b|\bhryvnias?\b|\bmanat\b|\bdram\b)/iu.test(s) && /\d/u.test(s);
    case 'percent':
      return holdsShare(s, count, standIn);
    case 'age':
      return /\b\d{2}\s*(years?[ -]old|years of age)\b|\bage of \d{2}\b|\baged \d{2}\b|\b\d{2} years\b/iu.test(s);
    case 'reason':
      return /\b(because|due to|owing to|as a result|on the (basis|grounds) of|on grounds of|since|given that|reason|reasons|in order to|so as to|for (failing|not|having|violating|lack)|citing|based on|after|following)\b/iu.test(s);
    case 'definition':
      return /\([^)]{2,80}\)|\bis (a|an|the)\b|\bmeans\b|\brefers? to\b|\bare (the )?\p{Ll}+ (bodies|councils|institutions)\b/u.test(s);
    case 'assessment':
      return EVALUATIVE.test(s);
    case 'statement':
      return speaker !== null && holdsStatement(s, speaker, standIn);
    case 'open':
      return true;
  }
}

/**
 * Words observers judge with: a sentence holding one states an assessment
 * ("was assessed negatively", "lacked", "did not meet", "in line with").
 */
export const EVALUATIVE =
  /\b(assess(ed|ment)?|positively|negatively|good|bad|poor|well|commendable|welcome[ds]?|efficient(ly)?|professional(ly)?|transparent(ly)?|transparency|credible|genuine|pluralistic|competitive|calm|orderly|peaceful|fundamental principles|international standards|OSCE commitments|in line with|at odds with|at variance|inconsistent|contrary to|did not (meet|respect|provide|guarantee|ensure|allow)|not respect|fell short|lack(ed|s|ing)? (of )?|undermin(ed|es|ing)|concerns?|concerned|shortcomings|irregularities|violations?|problems?|significant(ly)?|serious(ly)?|severe(ly)?|limited|curtailed|compromised|blurred|unequal|disproportionate|excessive|restrictive|should|regrettabl[ey]|unfortunately|deficienc(y|ies)|flawed|improv(ed|ements?)|progress|positive|negative)\b/iu;

/** A year of another election or time than the one of `electionYear`: two or more years off (the year before is its campaign's). */
function isOtherYear(year: number, electionYear: number): boolean {
  return Math.abs(year - electionYear) >= 2;
}

/**
 * How a text's figures or facts are about another election or time than the
 * report's own: `election` where it says "the previous/last/past elections",
 * `year` where it only names a year two or more years from the election's
 * (outside the name of a law or document), `null` where neither. The two
 * differ for date questions: there the year a sentence names is the answer
 * asked for ("When were the current commissions appointed?" "In April 2009."),
 * while another election's date is still another election's.
 */
export function otherTimeOf(text: string, electionYear: number | null): 'election' | 'year' | null {
  // "Since the 2007 elections", "since the last elections": the time from then to now, which is this election's.
  const since = (at: number): boolean => /\bsince\s+(the\s+)?$/iu.test(text.slice(Math.max(0, at - 12), at));
  // "The previous parliamentary elections", not "prior to the elections" or "the day preceding election day".
  for (const m of text.matchAll(/\b(previous|last|past|earlier|prior|preceding|former|2nd|second|first) ((?!to\b|than\b)\p{L}+ ){0,2}elections?\b(?! day)/giu)) if (!since(m.index ?? 0)) return 'election';
  if (electionYear === null) return null;
  let other: 'election' | 'year' | null = null;
  for (const m of text.matchAll(/\b(19\d{2}|20\d{2})\b/gu)) {
    const at = m.index ?? 0;
    if (!isOtherYear(Number(m[1]), electionYear) || since(at)) continue;
    // The year of a law or of an amendment to it ("as per a 2009 amendment") says when a rule was made, not of when a figure is.
    if (/\b(law|act|code|constitution|document|convention|covenant|declaration|commitments?|census|amend(ed|ment|ments))\b/iu.test(text.slice(Math.max(0, at - 60), at + 40))) continue;
    // The year of another election: "the 2007 parliamentary elections", "the elections of August 2007".
    if (/^\d{4}(\s+\p{L}+){0,2}\s+elections?\b/iu.test(text.slice(at)) || /\belections?\s+(?:held\s+)?(?:of|in|on)\s+(?:\d{1,2}\s+)?(?:\p{L}+\s+)?$/iu.test(text.slice(0, at))) return 'election';
    other = 'year';
  }
  return other;
}

/** Whether a question itself asks about another time (a year, previous elections), so other-time sentences are not penalised. */
export function asksAboutOtherTime(question: string, electionYear: number | null = null): boolean {
  if (/\b(previous|last|past|earlier|prior|preceding|former|before|history|historically|ago)\b/iu.test(question)) return true;
  // A year as otherTimeOf counts one: the election's own year, or the one before it (its campaign), is this election's.
  for (const m of question.matchAll(/\b((?:19|20)\d{2})\b/gu)) if (electionYear === null || isOtherYear(Number(m[1]), electionYear)) return true;
  return false;
}

/** Words that count people of any kind. */
const PEOPLE = new Set(['people', 'persons', 'person', 'individuals'].map((w) => stem(w)));
/**
 * Stems of the nouns a report counts the public by: "how many people" are voters or citizens, while those with a
 * role (candidates, observers) are asked for by that role.
 */
const PERSON_NOUNS = ['people', 'persons', 'individuals', 'voters', 'citizens', 'residents'].map((w) => stem(w));

/** The counted noun, its modifiers and the predicate of a count question ("how many people were injured in …"). */
export function countTargetOf(question: string, standIns: (term: string) => string[]): CountTarget {
  const q = normalize(question);
  const m = /(?:\bhow (?:many|much)(?: of)?|(?:\b(?:percentage|percent|per cent|proportion|share|number|amount|total|count)|%) of)\s+(?:the\s+|these\s+|those\s+)?([\p{L}\p{N}' -]+)/u.exec(q);
  if (!m?.[1]) return { head: null, modifiers: [], compounds: [], predicate: [], had: [] };
  const words = m[1].split(/\s+/u).filter(Boolean);
  const counted: string[] = [];
  let k = 0;
  for (; k < words.length && counted.length < 4; k++) {
    const w = words[k] ?? '';
    if (/^(were|was|are|is|did|do|does|had|has|have|saw|see|show|showed|will|would|could|can|went|got|get|in|on|at|by|to|for|from|with|about|according|there|that|who|which|the|of|per|and|or)$/u.test(w)) break;
    if (/^\p{L}{3,}(ed|ing)$/u.test(w)) {
      if (counted.length > 0) break; // a verb, as in: people attended
      continue; // "how many elected directly": no counted noun
    }
    if (/^\p{L}{3,}ly$/u.test(w)) continue;
    counted.push(w);
  }
  const afterCounted = k;
  // The predicate: what was done to the counted ("were injured", "got elected") or what it did ("died").
  const predicate: string[] = [];
  for (; k < words.length && predicate.length < 2; k++) {
    const w = words[k] ?? '';
    const prev = words[k - 1] ?? '';
    if (/^(in|on|at|by|during|since|before|after|because|according|from|for|to)$/u.test(w)) break;
    // A past passive names what happened to what is counted ("were injured", "got elected"); so do verbs of fate.
    if (/^(were|was|got|been)$/u.test(prev) && /^\p{L}{3,}(ed|en)$/u.test(w)) predicate.push(w);
    else if (/^(died|killed|hurt|injured|wounded|arrested|detained|jailed|imprisoned|elected)$/u.test(w)) predicate.push(w);
  }
  // What the counted had: the words after "had", "saw", "with"… up to a preposition ("had group voting").
  const had: string[] = [];
  if (/^(had|has|have|saw|see|showed|show|with|reported|experienced)$/u.test(words[afterCounted] ?? '')) {
    for (let j = afterCounted + 1; j < words.length && had.length < 3; j++) {
      const w = words[j] ?? '';
      if (/^(in|on|at|by|during|since|before|after|because|according|from|for|to|and|or|the|a|an|any|some)$/u.test(w)) {
        if (had.length > 0) break;
        continue;
      }
      had.push(w);
    }
  }
  // Who did it: the words after an auxiliary ("did observers visit", "did the CEC receive"), its last one the verb.
  let subject: { term: string; asked: string[] } | null = null;
  if (/^(did|do|does|will|would|could)$/u.test(words[afterCounted] ?? '')) {
    const clause: string[] = [];
    for (let j = afterCounted + 1; j < words.length; j++) {
      const w = words[j] ?? '';
      if (/^(in|on|at|by|during|since|before|after|because|according|from|for|to|with|about)$/u.test(w)) break;
      if (!/^(the|a|an|its|their|all|any)$/u.test(w) && !/^\p{L}{3,}ly$/u.test(w)) clause.push(w);
    }
    const nouns = clause.slice(0, -1);
    const last = nouns[nouns.length - 1];
    if (last && /^\p{L}+$/u.test(last)) subject = { term: stem(last), asked: nouns.map((w) => stem(w)) };
  }
  const toTerm = (w: string): { term: string; alternatives: string[] } | null => {
    const t = tokenize(w)[0];
    if (!t || STOP_WORDS.has(t) || /^\d+$/u.test(t)) return null;
    const term = stem(t);
    return { term, alternatives: standIns(term) };
  };
  // Each counted word's terms, once: a hyphenated word before the counted noun is a compound of its parts.
  const parts = counted.map((w) => w.split('-').map(toTerm).filter((x): x is { term: string; alternatives: string[] } => x !== null));
  const terms = parts.flat();
  const compounds = parts
    .slice(0, -1)
    .filter((p) => p.length > 1)
    .map((p) => p.map((x) => x.term));
  const last = terms[terms.length - 1] ?? null;
  // "How many people …" counts the public by whatever name the sentence gives it: voters, citizens.
  const head = last && PEOPLE.has(last.term) ? { term: last.term, alternatives: [...new Set([...last.alternatives, ...PERSON_NOUNS])] } : last;
  return {
    head,
    modifiers: terms.slice(0, -1),
    compounds,
    predicate: [...new Set(predicate)].map(toTerm).filter((x): x is { term: string; alternatives: string[] } => x !== null),
    had: had.map(toTerm).filter((x): x is { term: string; alternatives: string[] } => x !== null),
    subject,
    existence: /\b(are|were|is|was) there\b|\bthere (are|were)\b|\bexist(s|ed)?\b|\bin total\b|\baltogether\b|\bin all\b/u.test(q),
  };
}
