/**
 * Which language a question is in, when that is clearly not the report's:
 * franc-min (n-gram language detection) with guards for what it gets wrong
 * on short English text with typos ("How many obsrvers?" comes out Malagasy,
 * "voter lists" French). A question is said to be in another language only
 * when the detector names that language (and English scores well below it)
 * AND the question has no English function word ("the", "how", "were"…) AND
 * fewer than half its words are words of the report (English words or words
 * of the corpus, four letters or more). Latin-script questions need three
 * words at least; in another script (Cyrillic, Greek, Arabic, Han…) one
 * word is enough.
 */
import { francAll } from 'franc-min';
import { englishWords } from './spell.js';

export interface Language {
  /** ISO 639-1 code where there is one ("ru"), else ISO 639-3 ("uzn"). */
  code: string;
  /** English name ("Russian"). */
  name: string;
}

/** ISO 639-3 (franc) → ISO 639-1, for the languages franc-min knows that have one. */
const ISO1: Readonly<Record<string, string>> = {
  eng: 'en', spa: 'es', por: 'pt', ind: 'id', fra: 'fr', deu: 'de', jav: 'jv', vie: 'vi', ita: 'it', tur: 'tr', pol: 'pl', swh: 'sw', sun: 'su', ron: 'ro',
  hau: 'ha', fuv: 'ff', bos: 'bs', hrv: 'hr', nld: 'nl', srp: 'sr', yor: 'yo', uzn: 'uz', zlm: 'ms', ibo: 'ig', tgl: 'tl', hun: 'hu', azj: 'az', ces: 'cs',
  run: 'rn', plt: 'mg', nya: 'ny', kin: 'rw', zul: 'zu', swe: 'sv', lin: 'ln', som: 'so', rus: 'ru', ukr: 'uk', bel: 'be', bul: 'bg', kaz: 'kk', arb: 'ar',
  urd: 'ur', pes: 'fa', pbu: 'ps', hin: 'hi', mar: 'mr', npi: 'ne', cmn: 'zh', ben: 'bn', jpn: 'ja', kor: 'ko', tel: 'te', tam: 'ta', guj: 'gu', kan: 'kn',
  mal: 'ml', mya: 'my', pan: 'pa', amh: 'am', tha: 'th', sin: 'si', ell: 'el',
};

/**
 * The Latin-script languages a question may be said to be in: widely spoken
 * ones that franc-min tells apart from English and from each other on a
 * short sentence (Dutch is left out: franc takes short German for it;
 * Indonesian too: franc takes strings of names for it).
 */
const LATIN_CANDIDATES = ['eng', 'fra', 'deu', 'spa', 'por', 'ita', 'pol', 'tur', 'ron', 'ces', 'hun', 'swe', 'vie'];

/** Least number of words (of two letters or more) for a Latin-script question to be judged. */
const MIN_LATIN_WORDS = 3;
/** Below this share of a question's words being the report's words, it may be said to be in another language. */
const MAX_KNOWN_SHARE = 0.5;
/** In Latin script, English must score below this (franc's scores are relative to the best, 1). */
const MAX_ENGLISH_SCORE = 0.9;
/** Shortest word that counts as a word of the report when it is in the English word list or the corpus (short ones are shared by many languages: "de", "la", "die"). */
const MIN_KNOWN_LENGTH = 4;

/**
 * English words that are not (common) words of the other candidate
 * languages: one of them in a question of an English report means the
 * question is English, however misspelt the rest ("in", "was", "die", "on",
 * "de" are left out: German and French use them).
 */
const ENGLISH_FUNCTION_WORDS = new Set(
  (
    'the what how many much did does do which who whom whose where when why of and is are there their they them to by for with from any ' +
    'about that this these those has have had been be it its not or than if can could would should will were against after before during ' +
    'between into over under said says report reports'
  ).split(' '),
);

const displayNames = new Intl.DisplayNames(['en'], { type: 'language' });

/** The language named by a franc code, with its English name. */
export function languageOf(iso3: string): Language {
  const code = ISO1[iso3] ?? iso3;
  let name: string | undefined;
  try {
    name = displayNames.of(code);
  } catch {
    name = undefined;
  }
  return { code, name: name && name !== code ? name : code };
}

/** The English name of an ISO 639-1 code ("en" → "English"); the code itself when unknown. */
export function languageName(code: string): string {
  try {
    return displayNames.of(code) ?? code;
  } catch {
    return code;
  }
}

export interface LanguageCheckOptions {
  /** The report's language (ISO 639-1, metadata `language`; default "en"). */
  reportLanguage?: string;
  /** Whether a (lower-case) word is one of the corpus's words. */
  inCorpus?: (word: string) => boolean;
}

/**
 * The language `question` is in when it is clearly not the report's; null
 * when it is the report's, or when that cannot be said with confidence.
 */
export function otherLanguage(question: string, options: LanguageCheckOptions = {}): Language | null {
  const reportLanguage = (options.reportLanguage ?? 'en').toLowerCase();
  const words = (question.toLowerCase().match(/\p{L}[\p{L}\p{M}'’-]*/gu) ?? []).filter((w) => w.length >= 2);
  if (words.length === 0) return null;
  const latinLetters = (question.match(/\p{Script=Latin}/gu) ?? []).length;
  const allLetters = (question.match(/\p{L}/gu) ?? []).length;
  const latin = latinLetters * 2 > allLetters;
  const english = reportLanguage === 'en';
  if (english && words.some((w) => ENGLISH_FUNCTION_WORDS.has(w))) return null;
  const known = (w: string): boolean => w.length >= MIN_KNOWN_LENGTH && (Boolean(options.inCorpus?.(w)) || (english && englishWords().has(w)));
  const knownShare = words.filter(known).length / words.length;
  if (knownShare >= MAX_KNOWN_SHARE) return null;
  if (latin) {
    if (words.length < MIN_LATIN_WORDS) return null;
    const scores = francAll(question, { minLength: 10, only: LATIN_CANDIDATES });
    const [top] = scores;
    if (!top || top[0] === 'und') return null;
    const englishScore = scores.find(([c]) => c === 'eng')?.[1] ?? 0;
    if (top[0] === 'eng' || englishScore >= MAX_ENGLISH_SCORE) return null;
    const found = languageOf(top[0]);
    return found.code === reportLanguage ? null : found;
  }
  const [top] = francAll(question, { minLength: 3 });
  if (!top || top[0] === 'und') return null;
  const found = languageOf(top[0]);
  return found.code === reportLanguage ? null : found;
}

/** "This looks like Russian; the report is in English, so please ask in English." */
export function otherLanguageMessage(language: Language, reportLanguage: string = 'en'): string {
  const report = languageName(reportLanguage);
  return `This looks like ${language.name}; the report is in ${report}, so please ask in ${report}.`;
}
