/** Language of a question: real questions in Russian, French, German and Spanish are named; English ones, typos and names included, are not. */
import { describe, expect, it } from 'vitest';
import { otherLanguage, otherLanguageMessage } from '../../src/text/language.js';

describe('otherLanguage', () => {
  it.each([
    ['Сколько избирательных участков посетили наблюдатели?', 'ru', 'Russian'],
    ['Какой была явка избирателей?', 'ru', 'Russian'],
    ['Были ли нарушения в день голосования?', 'ru', 'Russian'],
    ['Combien de bureaux de vote les observateurs ont-ils visités?', 'fr', 'French'],
    ['Quel était le taux de participation?', 'fr', 'French'],
    ['Les médias étaient-ils libres pendant la campagne?', 'fr', 'French'],
    ['Wie viele Wahllokale wurden beobachtet?', 'de', 'German'],
    ['Wie hoch war die Wahlbeteiligung?', 'de', 'German'],
    ['Waren die Medien während des Wahlkampfs frei?', 'de', 'German'],
    ['¿Cuántos colegios electorales visitaron los observadores?', 'es', 'Spanish'],
    ['¿Cuál fue la participación?', 'es', 'Spanish'],
    ['¿Hubo irregularidades el día de las elecciones?', 'es', 'Spanish'],
  ])('names the language of %j', (question, code, name) => {
    expect(otherLanguage(question)).toEqual({ code, name });
  });

  it.each([
    'How many polling stations were observed?',
    'wat was the turnot?',
    'How many obsrvers?',
    'waht were the main concrens of the obsevers',
    'Were there any vioaltions of secrecy of the vote',
    'Was the CEC independant?',
    'Was there a de facto ban on candidates?',
    'ballot stufing in Almaty',
    'voter lists',
    'Zhanaozen',
    'What does APK stand for?',
    'Did Ak Zhol get seats in the Majilis?',
    'pre-election environment and media',
    'How many absentee voting certificates were issued?',
  ])('does not flag the English question %j', (question) => {
    expect(otherLanguage(question)).toBeNull();
  });

  it('counts the corpus words as the report’s: names the detector takes for another language are not flagged', () => {
    const corpus = new Set(['otan', 'nur', 'percentage']);
    expect(otherLanguage('Nur Otan percentage', { inCorpus: (w) => corpus.has(w) })).toBeNull();
  });

  it('says nothing when the question is in the report’s own language', () => {
    expect(otherLanguage('Какой была явка избирателей?', { reportLanguage: 'ru' })).toBeNull();
    expect(otherLanguage('Quel était le taux de participation?', { reportLanguage: 'fr' })).toBeNull();
  });

  it('words the one line with both languages', () => {
    expect(otherLanguageMessage({ code: 'ru', name: 'Russian' }, 'en')).toBe('This looks like Russian; the report is in English, so please ask in English.');
  });
});
