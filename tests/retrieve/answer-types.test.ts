/** Expected answer types: what a question asks for, and whether a sentence holds it in place (src/retrieve/answer-types.ts). */
import { describe, expect, it } from 'vitest';
import { asksAboutOtherTime, countTargetOf, expectedType, holdsCount, holdsPersonName, holdsShare, holdsStatement, holdsType, otherTimeOf, shareNeighbours, statementTopicOf, subjectQualifiedOtherwise, speakerOf, type AnswerType } from '../../src/retrieve/answer-types.js';
import { stem } from '../../src/text/analyze.js';

const standIn = (term: string, token: string): boolean => stem(token) === term;
const target = (q: string) => countTargetOf(q, () => []);

describe('expectedType', () => {
  it.each<[string, AnswerType]>([
    ["What's the name of the CEC chairperson?", 'person'],
    ['who is the head of the mission?', 'person'],
    ['which nine candidates did the APK elect?', 'person'],
    ['Who chairs the CEC?', 'person'],
    ['What was the total budget of the commission?', 'money'],
    ['How did the tabulation look to the observers?', 'assessment'],
    ['who led the PACE delegation', 'person'],
    ['Who appoints the members of the CEC?', 'agent'],
    ['which party came second?', 'organisation'],
    ['where did the clashes take place?', 'place'],
    ['When was the state of emergency declared?', 'date'],
    ['what time did polling stations close?', 'time'],
    ['how long did the state of emergency last?', 'duration'],
    ['How many people were injured?', 'count'],
    ['How much money did the CEC spend?', 'money'],
    ['what was the turnout?', 'percent'],
    ['How much of the coverage went to the ruling party?', 'percent'],
    ['how old must a candidate be?', 'age'],
    ['why was the party suspended?', 'reason'],
    ['what was the actual reason the party got suspended?', 'reason'],
    ['was the count done properly?', 'assessment'],
    ['was the party treated fairly when its list was pulled?', 'assessment'],
    ['What went wrong on election day?', 'assessment'],
    ['Did observers see the new media law negatively?', 'assessment'],
    ["what's the mission's view on the threshold?", 'assessment'],
    ['What was their opinion of the complaints process?', 'assessment'],
    ['what is the view from the capital?', 'open'],
    ['what is an akimat?', 'definition'],
    ['tell me about the media', 'open'],
  ])('%s → %s', (question, type) => {
    expect(expectedType(question)).toBe(type);
    expect(expectedType(question.toUpperCase())).toBe(type); // case does not change it
  });
});

describe('counts', () => {
  it('finds the counted noun, its modifiers and the predicate', () => {
    expect(target('How many short-term observers were deployed?')).toMatchObject({ head: { term: 'observ' }, modifiers: [{ term: 'short' }, { term: 'term' }], predicate: [{ term: 'deploi' }] });
    expect(target('How many people were injured in the clashes?')).toMatchObject({ head: { term: 'peopl' }, predicate: [{ term: 'injur' }] });
    expect(target('how many elected directly?').head).toBeNull();
  });
  it('a count stands beside what is counted, with what is said of it', () => {
    const stations = target('How many polling stations did observers visit?');
    expect(holdsCount('The IEO observed voting in some 1,173 polling stations out of a total of 9,764.', stations, standIn)).toBe(true);
    expect(holdsCount('Observers were present in 46 per cent of polling stations.', stations, standIn)).toBe(false); // a share is not a count
    expect(holdsCount('In 2012 polling stations opened on time.', stations, standIn)).toBe(false); // a year is not a count
    expect(holdsCount('On 16 December polling stations opened on time.', stations, standIn)).toBe(false); // nor a day of a month
    expect(holdsCount('On 16 December, 12 polling stations opened late.', stations, standIn)).toBe(true);
    expect(holdsCount('On December 16, 2011 polling stations opened on time.', stations, standIn)).toBe(false);
    const injured = target('How many people were injured in the clashes?');
    expect(holdsCount('At least 16 people died as a result of the violence.', injured, standIn)).toBe(false); // "injured" is not "died"
    expect(holdsCount('Some 100 people were injured in the clashes.', injured, standIn)).toBe(true);
  });
  it('"how many people" counts the public by whatever name the sentence gives it, not those it names by a role', () => {
    const registered = target('how many people were registered to vote?');
    expect(holdsCount('In total, 9,305,106 voters were registered before voter lists were handed to the PECs.', registered, standIn)).toBe(true);
    expect(holdsCount('In total, 9,305,106 voters were handed lists.', registered, standIn)).toBe(false); // the predicate still counts
    const attended = target('How many people attended the rallies?');
    expect(holdsCount('The party nominated 127 candidates for the rallies.', attended, standIn)).toBe(false);
  });
  it('a share of X stands beside X', () => {
    const vote = target('What percentage of the vote did the party get?');
    expect(holdsShare('The party took 88 per cent of the vote.', vote, standIn)).toBe(true);
    expect(holdsShare('The parties received between 10 and 14 per cent on the state channel.', vote, standIn)).toBe(false);
    expect(holdsShare('A turnout of 75 per cent was reported.', target('what was the turnout?'), standIn)).toBe(true);
  });
  it('a hyphenated word of the counted phrase is said only when all its parts are', () => {
    const post = target('How many post-election day complaints were filed?');
    expect(post.compounds).toEqual([[stem('post'), stem('election')]]);
    expect(holdsCount('The mission is aware of eight complaints related to the elections, filed to courts.', post, standIn)).toBe(false);
    expect(holdsCount('Some 12 post-election day complaints were filed by 20 January.', post, standIn)).toBe(true);
    expect(holdsCount('The IEO deployed some 361 short-term observers.', target('how many short-term observers were deployed?'), standIn)).toBe(true);
  });

  it('a capitalised word inside the sentence is a name, not the counted noun; a name may qualify what is counted', () => {
    const people = target('How many people attended the rallies?');
    expect(holdsCount('The People’s Democratic Party Nur-Otan (127 candidates) and Ak Zhol (99) registered lists.', people, standIn)).toBe(false);
    expect(holdsCount('Some 2,500 people attended the rally in Almaty.', people, standIn)).toBe(true);
    expect(holdsCount('People gathered in 12 towns.', target('how many towns did people gather in?'), standIn)).toBe(true);
    expect(holdsCount('Ninety-eight Majilis deputies are directly elected.', target('How many Majilis deputies are elected?'), standIn)).toBe(true);
  });

  it('a share of X that had Y stands beside Y, every word of it, and not merely beside X', () => {
    const q = target('what % of polling stations had group voting?');
    expect(q.had.map((x) => x.term)).toEqual([stem('group'), stem('voting')]);
    expect(holdsShare('Irregularities included voting without ID (5.6 per cent) and group voting (7.5 per cent).', q, standIn)).toBe(true);
    expect(holdsShare('Voting was assessed positively in 91.4 per cent of cases, and the observers deployed across the whole country then met one group.', q, standIn)).toBe(false);
    // A share of the polling stations themselves is not the share of those that had it.
    expect(holdsShare('Domestic observers were present in 46 per cent of polling stations visited during voting.', q, standIn)).toBe(false);
    expect(target('what percentage of polling stations saw problems with secrecy?').head?.term).toBe(stem('stations'));
  });
});

describe('names', () => {
  it('a name, not the words asked about, and not a body or a place the corpus names', () => {
    expect(holdsPersonName('The mission is headed by Ambassador Miklós Haraszti.')).toBe(true);
    expect(holdsPersonName('The CEC chairperson and two CEC members are appointed by the president.')).toBe(false);
    const asked = new Set(['chair', 'alga', 'almati', 'branch', 'arrest', 'aktau', 'name'].map(stem));
    expect(holdsPersonName('The chair of the Alga Almaty branch was arrested on 6 January in Aktau.', { asked, notPeople: new Set() })).toBe(false);
    expect(holdsPersonName('The complaint was filed by Ak Zhol against a chairperson.', { asked: new Set([stem('chairperson')]), notPeople: new Set(['ak', 'zhol']) })).toBe(false);
  });
  it('a name that opens the sentence, when its first word is no English word, beside the words asked about', () => {
    const asked = new Set(['head', 'mission'].map(stem));
    expect(holdsPersonName('Miklós Haraszti (Hungary) is the Head of the Election Observation Mission.', { asked, notPeople: new Set() })).toBe(true);
    expect(holdsPersonName('Election Day was calm; the Head of Mission said so.', { asked, notPeople: new Set() })).toBe(false);
    expect(holdsPersonName('Observers Reported that the mission head left.', { asked, notPeople: new Set() })).toBe(false);
  });
  it('asked who leads something, a name beside any word of leading is in place; a title of one office is not such a word', () => {
    const leads = { asked: new Set(['lead', 'mission'].map(stem)), notPeople: new Set<string>() };
    expect(holdsPersonName('Miklós Haraszti (Hungary) is the Head of the OSCE/ODIHR Election Observation Mission (EOM) deployed from 13 December.', leads)).toBe(true);
    const president = { asked: new Set(['name', 'presid', 'call'].map(stem)), notPeople: new Set<string>() };
    expect(holdsPersonName('João Soares (Portugal), Head of the OSCE PA Delegation, was appointed as Special Co-ordinator.', president)).toBe(false);
  });
  it('holdsType checks the other shapes', () => {
    const none = target('x');
    expect(holdsType('A fee of KZT 100,000 was charged.', 'money', none, standIn)).toBe(true);
    expect(holdsType('Prices were twice as high for prime time.', 'money', none, standIn)).toBe(false);
    expect(holdsType('Polling stations closed at 20:00.', 'time', none, standIn)).toBe(true);
    expect(holdsType('There is a ten-year residency requirement.', 'duration', none, standIn)).toBe(true);
    expect(holdsType('Candidates must be at least 25 years old.', 'age', none, standIn)).toBe(true);
    expect(holdsType('The list was rejected on the basis of inaccuracies.', 'reason', none, standIn)).toBe(true);
    // A body is named by its own word, or beside the kind of body it is.
    expect(holdsType('Two other parties, Khalykh Rukh and Ata Meken, have been denied registration.', 'organisation', none, standIn)).toBe(true);
    expect(holdsType('Several parties were denied registration.', 'organisation', none, standIn)).toBe(false);
    // A dateline dates the statement, not what it tells.
    expect(holdsType('Astana, 16 January 2012 – This Statement of Preliminary Findings is the result of a common endeavour.', 'date', none, standIn)).toBe(false);
    expect(holdsType('Astana, 16 January 2012 – The mission opened on 13 December.', 'date', none, standIn)).toBe(true);
    expect(holdsType('On 16 January 2012 the Assembly elected nine deputies.', 'date', none, standIn)).toBe(true);
  });
});

describe('another election', () => {
  it('tells another election from a year that is only named, which a date question may ask for', () => {
    expect(otherTimeOf('The last parliamentary elections took place on 18 August 2007.', 2012)).toBe('election');
    expect(otherTimeOf('Turnout in the 2007 parliamentary elections was 64 per cent.', 2012)).toBe('election');
    expect(otherTimeOf('The elections of August 2007 were called early.', 2012)).toBe('election');
    expect(otherTimeOf('Current election commissions were appointed in April 2009.', 2012)).toBe('year');
    expect(otherTimeOf('The law was amended in 2009 to allow it.', 2012)).toBe(null);
    expect(otherTimeOf('A turnout of 75 per cent was reported.', 2012)).toBe(null);
    // "Prior to the elections", "the day preceding election day" are this election's; an amendment's year is a rule's.
    expect(otherTimeOf('All contesting parties took part in one debate two days prior to the elections.', 2012)).toBe(null);
    expect(otherTimeOf('Voters could apply until 18:00 on the day preceding election day.', 2012)).toBe(null);
    expect(otherTimeOf('As per a 2009 amendment, the second party enters parliament.', 2012)).toBe(null);
    // "Since" then is up to now: this election's time.
    expect(otherTimeOf('Amendments to the legal framework since the 2007 parliamentary elections include positive developments.', 2012)).toBe(null);
    expect(otherTimeOf('Since the last elections, the law has changed.', 2012)).toBe(null);
    expect(otherTimeOf('Since 2009, commissions have been appointed for five years.', 2012)).toBe(null);
  });

  it('a sentence about the previous elections or another year is marked, unless the question asks about it', () => {
    expect(otherTimeOf('The last parliamentary elections took place on 18 August 2007.', 2012) !== null).toBe(true);
    expect(otherTimeOf('Access to over 400 websites was blocked in 2011.', 2012) !== null).toBe(false);
    expect(otherTimeOf('Paragraph 7.2 of the 1990 OSCE Copenhagen Document provides for it.', 2012) !== null).toBe(false);
    expect(otherTimeOf('A turnout of 75 per cent was reported.', 2012) !== null).toBe(false);
    expect(asksAboutOtherTime('what was the turnout in 2007?')).toBe(true);
    expect(asksAboutOtherTime('what was the turnout?')).toBe(false);
    // The election's own year (or its campaign's, the year before) is no other time.
    expect(asksAboutOtherTime('what % of the vote did Nur Otan get this time in 2012?', 2012)).toBe(false);
    expect(asksAboutOtherTime('what happened in December 2011?', 2012)).toBe(false);
    expect(asksAboutOtherTime('what was the turnout in 2007?', 2012)).toBe(true);
    expect(asksAboutOtherTime('what was the turnout at the previous elections?', 2012)).toBe(true);
  });
  it('"what % of X" counts X, as "what percentage of X" does', () => {
    expect(countTargetOf('what % of the vote did Nur Otan get?', () => []).head?.term).toBe(stem('vote'));
    expect(countTargetOf('what per cent of the vote did they win?', () => []).head?.term).toBe(stem('vote'));
    expect(countTargetOf('what percentage of the vote did they win?', () => []).head?.term).toBe(stem('vote'));
  });
});

describe('what someone said', () => {
  it('"what did X say" and "how did X respond" ask for X\'s words, unless X is the report\'s own voice', () => {
    expect(expectedType('What did the Ministry of Foreign Affairs say about the findings?')).toBe('statement');
    expect(speakerOf('What did the Ministry of Foreign Affairs say about the findings?')).toEqual(['ministry', 'of', 'foreign', 'affairs']);
    expect(speakerOf('how did the CEC respond to the complaints?')).toEqual(['cec']);
    expect(speakerOf('what has the CEC said about it?')).toEqual(['cec']);
    expect(speakerOf('What did observers say about the counting?')).toBeNull();
    expect(speakerOf('what did the mission say about the media?')).toBeNull();
    expect(speakerOf('How many observers were there?')).toBeNull();
  });

  it('a sentence holds X\'s words where X stands before a verb of saying, or after "according to"', () => {
    const cec = ['the', 'cec'];
    expect(holdsStatement('The CEC confirmed that no other parties were probed.', cec, standIn)).toBe(true);
    expect(holdsStatement('According to the CEC, turnout was high.', cec, standIn)).toBe(true);
    expect(holdsStatement('Observers said that the CEC took decisions before its sessions.', cec, standIn)).toBe(false);
    expect(holdsStatement('The CEC deregistered the party list on 28 December.', cec, standIn)).toBe(false);
    expect(holdsType('The CEC acknowledges that the decision was based on the tax authorities.', 'statement', target('x'), standIn, undefined, cec)).toBe(true);
  });
});

describe('shareNeighbours', () => {
  it('gives the stems a corpus puts beside a share, and none from sentences without one', () => {
    const near = shareNeighbours(['A turnout of 75 per cent was reported.', 'Everyone was invited to the meeting.', 'Women made up 48% of members.']);
    expect(near.has(stem('turnout'))).toBe(true);
    expect(near.has(stem('members'))).toBe(true);
    expect(near.has(stem('everyone'))).toBe(false);
  });
});

describe('who did what is counted', () => {
  const english = (w: string): boolean => ['party', 'domestic', 'international', 'citizen'].includes(w);
  it('reads the subject after the auxiliary, its last word the verb', () => {
    expect(countTargetOf('How many polling stations did observers visit?', () => []).subject).toEqual({ term: stem('observers'), asked: [stem('observers')] });
    expect(countTargetOf('how many polling stations did the international observers actually cover on election day?', () => []).subject?.asked).toEqual([stem('international'), stem('observers')]);
    expect(countTargetOf('how many people were injured?', () => []).subject ?? null).toBe(null);
  });
  it('a subject every mention of which is qualified by a word the question lacks is another one', () => {
    const observers = { term: stem('observers'), asked: [stem('observers')] };
    expect(subjectQualifiedOtherwise('During counting, party observers were present in 109 polling stations.', observers, english)).toBe(true);
    expect(subjectQualifiedOtherwise('Domestic observers were present in 46 polling stations.', observers, english)).toBe(true);
    // Unqualified somewhere, qualified by a name or acronym, set apart by a comma, or asked: the same subject.
    expect(subjectQualifiedOtherwise('Party observers and observers of the mission visited 40 polling stations.', observers, english)).toBe(false);
    expect(subjectQualifiedOtherwise('OSCE/ODIHR EOM observers visited 90 polling stations.', observers, english)).toBe(false);
    expect(subjectQualifiedOtherwise('In 109 polling stations, observers were restricted.', observers, english)).toBe(false);
    expect(subjectQualifiedOtherwise('International observers visited 1,173 polling stations.', { term: stem('observers'), asked: [stem('international'), stem('observers')] }, english)).toBe(false);
    expect(subjectQualifiedOtherwise('The IEO observed voting in some 1,173 polling stations.', observers, english)).toBe(false);
  });
});

describe('a subject acted upon', () => {
  it('asked what the subject did, a count of where something was done to it is not the answer', () => {
    const visited = target('How many polling stations did observers visit?');
    expect(holdsCount('In 109 polling stations, observers were restricted from observing during voting.', visited, standIn)).toBe(false);
    expect(holdsCount('In 109 polling stations, observers were often prevented from reviewing voter lists.', visited, standIn)).toBe(false);
    expect(holdsCount('Observers were present in 109 polling stations.', visited, standIn)).toBe(true);
    expect(holdsCount('The observers visited 1,173 polling stations.', visited, standIn)).toBe(true);
  });
});

describe('how many there are', () => {
  it('is not answered by a count of where something was seen', () => {
    const q = countTargetOf('How many TECs are there?', () => []);
    expect(q.existence).toBe(true);
    expect(holdsCount('PEC protocols were completed at TEC premises (observed in 48 TECs).', q, standIn)).toBe(false);
    expect(holdsCount('The election administration consisted of the CEC, 16 RECs, 207 TECs and 9,725 PECs.', q, standIn)).toBe(true);
    // Asked what was done, "in 48 TECs" answers.
    expect(holdsCount('PEC protocols were completed at TEC premises (observed in 48 TECs).', countTargetOf('In how many TECs were protocols completed?', () => []), standIn)).toBe(true);
  });
});

describe('the predicate of a count', () => {
  it('is said as a verb, not by the agent noun that shares its stem', () => {
    const q = countTargetOf('how many polling stations were observed?', () => []);
    expect(q.predicate.map((x) => x.term)).toEqual([stem('observed')]);
    expect(holdsCount('Party observers were present in 109 polling stations.', q, standIn)).toBe(false);
    expect(holdsCount('Voting was observed in 1,173 polling stations.', q, standIn)).toBe(true);
  });
});

describe('statementTopicOf', () => {
  it('reads what X is asked to have said something about', () => {
    expect(statementTopicOf('What did Nur Otan say about Zhanaozen?')).toEqual([stem('zhanaozen')]);
    expect(statementTopicOf('how did the CEC respond to the complaints?')).toEqual([]);
    expect(statementTopicOf('what did the Ministry say in response to the OSCE findings?')).toEqual([stem('osce'), stem('findings')]);
    expect(statementTopicOf('what did the CEC say?')).toEqual([]);
  });
});

describe('holdsStatement in the passive', () => {
  it('finds the speaker after "by" a verb of saying', () => {
    const standIn = (term: string, token: string): boolean => stem(token) === term;
    expect(holdsStatement('The law was criticized by the OSCE Representative on Freedom of the Media (RFoM).', ['rfom'], standIn)).toBe(true);
    expect(holdsStatement('The law was criticized by the OSCE Representative, as the CEC noted.', ['rfom'], standIn)).toBe(false);
  });
});
