/**
 * An election-observation glossary for query expansion: acronyms of election
 * bodies, the terms reports use, and the plain words people ask with. A
 * question that says what `match` says also searches for what `add` says.
 * Matching is on lower-cased, tokenised text joined by single spaces.
 *
 * The entries are about elections and observation in general: the bodies and
 * acronyms every observation report uses, and plain words for the terms
 * reports use. No entry names one country's institutions (a parliament's
 * own name, its local councils) or points at one report's sentences: the
 * encoder matches those, and the reports define them themselves.
 */
export interface GlossaryEntry {
  match: string[];
  add: string[];
}

export const GLOSSARY: readonly GlossaryEntry[] = [
  // Election bodies and acronyms.
  { match: ['cec', 'central election commission'], add: ['CEC', 'Central Election Commission'] },
  { match: ['pec', 'pecs', 'precinct commission', 'precinct election commission'], add: ['PEC', 'Precinct Election Commission'] },
  { match: ['tec', 'tecs', 'territorial commission'], add: ['TEC', 'Territorial Election Commission'] },
  { match: ['rec', 'recs', 'regional commission'], add: ['REC', 'Regional Election Commission'] },
  { match: ['eom', 'mission'], add: ['EOM', 'Election Observation Mission'] },
  { match: ['ieo'], add: ['IEO', 'International Election Observation'] },
  { match: ['odihr'], add: ['OSCE/ODIHR', 'Office for Democratic Institutions and Human Rights'] },
  { match: ['pace'], add: ['Parliamentary Assembly of the Council of Europe'] },
  { match: ['osce pa'], add: ['OSCE Parliamentary Assembly'] },
  { match: ['mfa'], add: ['Ministry of Foreign Affairs'] },
  { match: ['moj'], add: ['Ministry of Justice'] },
  { match: ['ngo', 'ngos'], add: ['non-governmental organization', 'civil society'] },
  // Parliament.
  { match: ['local government', 'local authorities', 'local administration', 'local executive'], add: ['local executive bodies', 'local authorities'] },
  { match: ['local council', 'local councils', 'municipal council'], add: ['local councils'] },
  { match: ['mp', 'mps', 'member of parliament', 'members of parliament', 'lawmaker', 'lawmakers', 'legislator', 'legislators'], add: ['deputy', 'deputies', 'members'] },
  { match: ['lower house', 'lower chamber'], add: ['lower house'] },
  { match: ['upper house', 'upper chamber'], add: ['Senate', 'senators'] },
  { match: ['senate'], add: ['Senate', 'senators', 'upper house'] },
  { match: ['parliament', 'legislature'], add: ['parliament', 'Senate'] },
  { match: ['seat', 'seats'], add: ['seats', 'mandates', 'member'] },
  // Voting and counting.
  { match: ['precinct', 'precincts'], add: ['polling station', 'PEC'] },
  { match: ['polling station', 'polling stations', 'polling place', 'polling places'], add: ['polling stations', 'PECs'] },
  { match: ['roll', 'rolls', 'electoral roll', 'register', 'registry'], add: ['voter lists', 'voter register'] },
  { match: ['stuffing', 'stuffed', 'fraud', 'rigging', 'rigged'], add: ['ballot box stuffing', 'electoral fraud', 'irregularities'] },
  { match: ['tally', 'count', 'counting', 'counted'], add: ['counting', 'count', 'votes', 'ballots'] },
  { match: ['absentee'], add: ['absentee voting certificate'] },
  // Voting while away from home: what an absentee vote is for, in plain words.
  { match: ['out of town', 'away from home', 'not at home', 'travelling', 'traveling', 'be away', 'out of the country'], add: ['absentee voting', 'away'] },
  { match: ['id', 'identification'], add: ['ID', 'identification documents'] },
  // Candidates and parties.
  { match: ['convict', 'ex convict', 'criminal', 'criminals', 'felon', 'felons', 'prison', 'jail', 'conviction', 'convicted'], add: ['criminal record', 'found guilty', 'crimes'] },
  { match: ['run', 'running', 'stand', 'standing', 'candidacy'], add: ['stand for office', 'candidates', 'eligibility'] },
  { match: ['struck off', 'removed', 'kicked off', 'disqualified', 'barred'], add: ['deregistered', 'deregistration', 'de-registration'] },
  { match: ['ruling party', 'governing party', 'party in power'], add: ['ruling party'] },
  { match: ['opposition'], add: ['political alternatives', 'pluralism', 'other parties'] },
  { match: ['bar', 'threshold'], add: ['threshold', 'passes'] },
  { match: ['coalition', 'coalitions', 'alliance', 'alliances', 'bloc', 'blocs'], add: ['electoral blocs'] },
  { match: ['independent', 'independents'], add: ['independent candidates', 'independent candidacies'] },
  // Plain words for running without a party, and for parties running together.
  { match: ['without a party', 'outside a party', 'non party', 'unaffiliated', 'run solo', 'running solo', 'on their own'], add: ['independent candidates'] },
  { match: ['team up', 'teaming up', 'joint list', 'joint lists', 'joint ticket', 'join forces', 'joint slate', 'run together'], add: ['electoral blocs'] },
  // Media and rights.
  { match: ['tv', 'television', 'broadcast', 'broadcaster', 'broadcasters'], add: ['television', 'TV', 'broadcast media'] },
  { match: ['reporter', 'reporters', 'journalist', 'journalists', 'press'], add: ['journalists', 'media'] },
  { match: ['careful', 'cautious', 'afraid', 'fear', 'censor', 'censorship'], add: ['self-censorship'] },
  { match: ['libel', 'slander', 'defamation', 'sued', 'lawsuit', 'lawsuits'], add: ['defamation', 'damages', 'lawsuits'] },
  { match: ['ad', 'ads', 'advert', 'adverts', 'advertising', 'airtime'], add: ['paid political advertising', 'airtime'] },
  { match: ['debate', 'debates'], add: ['televised debate'] },
  { match: ['protest', 'protests', 'rally', 'rallies', 'demonstration', 'demonstrations'], add: ['freedom of assembly', 'rallies', 'assemblies'] },
  { match: ['internet', 'online', 'website', 'websites', 'blog', 'blogs'], add: ['Internet', 'websites'] },
  // Disputes.
  { match: ['complaint', 'complaints', 'appeal', 'appeals', 'grievance', 'grievances'], add: ['complaints', 'appeals'] },
  { match: ['court', 'courts', 'judge', 'judges', 'lawsuit'], add: ['courts', 'court'] },
  { match: ['prosecutor', 'prosecutors'], add: ['Prosecutor General', 'prosecutors'] },
  // Observers and people.
  { match: ['observer', 'observers', 'monitor', 'monitors', 'monitoring'], add: ['observers', 'observation', 'monitoring'] },
  { match: ['women', 'woman', 'female', 'gender'], add: ['women', 'female'] },
  { match: ['minority', 'minorities', 'ethnic'], add: ['minorities', 'national minority'] },
  { match: ['died', 'dead', 'killed', 'deaths', 'death', 'casualties'], add: ['died', 'deadly', 'violence'] },
  { match: ['led', 'lead', 'headed', 'head', 'leader', 'chief'], add: ['Head', 'headed', 'lead'] },
  { match: ['low key', 'quiet', 'subdued', 'lacklustre', 'lackluster'], add: ['subdued', 'limited', 'campaign'] },
  { match: ['democratic', 'free and fair', 'fair', 'bottom line', 'overall'], add: ['democratic elections', 'fundamental principles', 'international standards'] },
  { match: ['breakdown', 'disaggregated', 'per precinct', 'every precinct', 'each precinct'], add: ['disaggregated', 'polling station level', 'results protocols'] },
  { match: ['check', 'verify', 'verified'], add: ['verified', 'verification'] },
  { match: ['open', 'opened', 'start', 'started', 'begin', 'began', 'arrive', 'arrived'], add: ['opened', 'deployed', 'started'] },
  { match: ['ppl', 'folks'], add: ['people', 'voters', 'citizens'] },
  // Plain English the reports put otherwise.
  { match: ['cover', 'covered', 'visit', 'visited', 'watch', 'watched'], add: ['observed', 'visited'] },
  { match: ['previous', 'prior', 'earlier', 'preceding', 'last'], add: ['last', 'previous'] },
  { match: ['held', 'hold', 'happen', 'happened', 'take place', 'took place'], add: ['took place', 'held'] },
  { match: ['deploy', 'deployed', 'send', 'sent', 'field', 'fielded'], add: ['deployed', 'fielded'] },
  { match: ['buy', 'bought', 'purchase', 'purchased', 'paid'], add: ['purchased', 'paid'] },
];
