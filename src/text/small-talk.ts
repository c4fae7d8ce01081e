/**
 * Small talk: a message made only of greetings, thanks, acknowledgements and
 * the like ("ok thanks", "hi!", "lol 👍"). It asks nothing, so it is not
 * answered from the sentences that happen to share a word with it ("The
 * observers wish to thank the authorities…").
 *
 * Limits: English only, and only messages of at most eight words that are all
 * such words; "thanks, and what was the turnout?" is a question.
 */

/** Words of greeting, thanks, assent and laughter, and words that address someone. */
const SMALL_TALK = new Set(
  (
    'hi hello hey heya hiya yo howdy greetings morning evening afternoon good night gn gm ' +
    'thanks thank thx thnx ty tysm tq cheers much very so a lot you u all guys everyone folks bot verbatim mate ' +
    'ok okay k kk okey alright right sure yes yeah yep yup no nope nah fine got it cool great nice awesome perfect ' +
    'lol lmao haha hah hehe wow oh ah hmm hm np welcome bye goodbye cya later see ya sorry oops please pls plz'
  ).split(' '),
);

/** Whether the text is small talk only (emoji and punctuation aside); an empty text is not. */
export function isSmallTalk(text: string): boolean {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length === 0 || words.length > 8) return false;
  // Any other word makes it a question: "hi, what was the turnout?" has "what".
  return words.every((w) => SMALL_TALK.has(w));
}

/** The line an Answer to small talk shows; `help` says where to learn more ("see /help", "type help"). */
export function smallTalkMessage(help: string): string {
  return `That reads as small talk, not a question: ask me something about the reports, e.g. “What was the turnout?”, or ${help}.`;
}
