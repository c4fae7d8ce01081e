"""Texts used to verify the model folders (development-time only).

build_texts(source_path) returns (texts, questions, n_source):
  texts     - every text compared between model variants: sentences split from
              an election-observation report, generic English sentences, the
              short questions, and a few long passages (some longer than 512
              tokens, to exercise truncation);
  questions - 100 short questions, also used for the Node latency measurement;
  n_source  - how many of the texts (the first ones) are report sentences.
The list is deterministic for a given source file.
"""
import re

GENERIC = [
    "The quick brown fox jumps over the lazy dog.",
    "I can't believe it's already December!",
    "Please restart the server before 5 p.m. on Friday.",
    "Water boils at 100 degrees Celsius at sea level.",
    "She sells sea shells by the sea shore.",
    "The meeting has been moved to Room 4B, second floor.",
    "How do I reset my password?",
    "Photosynthesis converts light energy into chemical energy.",
    "The stock market fell 3.2% after the announcement.",
    "My flight was delayed by two hours because of fog.",
    "Café au lait, naïve, résumé, and façade are borrowed words.",
    "E-mail me at someone@example.com if you have questions.",
    "The recipe calls for 2 cups of flour and 1 tsp of salt.",
    "Don't forget to bring your umbrella; it might rain.",
    "Quantum computers use qubits rather than classical bits.",
    "The Eiffel Tower is located in Paris, France.",
    "He finished the marathon in 3 hours, 45 minutes and 12 seconds.",
    "Is this seat taken?",
    "The library closes early on public holidays.",
    "Our team won the championship for the third year in a row!",
    "A neural network learns by adjusting its weights.",
    "The children played football in the park until sunset.",
    "Version 2.0.1 fixes a memory leak in the parser.",
    "I would like a table for two, please.",
    "The river flooded the valley after days of heavy rain.",
    "Tokyo, New York and London are major financial centres.",
    "The patient was prescribed 500 mg of amoxicillin twice daily.",
    "Mount Everest is the highest mountain above sea level.",
    "Please sign and return the enclosed form by 31 March 2024.",
    "The cat sat on the mat and purred contentedly.",
    "What's the difference between weather and climate?",
    "Global temperatures have risen by about 1.1 °C since pre-industrial times.",
    "The company reported record profits in the second quarter.",
    "You shall not pass!",
    "Bananas are rich in potassium.",
    "The court adjourned until Monday morning.",
    "He speaks English, Spanish and a little Mandarin.",
    "Traffic on the M25 was at a standstill for hours.",
    "The museum's new exhibition features Impressionist paintings.",
    "Remember to back up your files regularly.",
    "OK",
    "yes",
    "Hello, world!",
    "¿Dónde está la biblioteca?",
    "Der Bundestag hat das Gesetz verabschiedet.",
    "Les élections législatives auront lieu en juin.",
    "ЦИК объявил предварительные итоги выборов.",
    "選挙の結果は明日発表されます。",
    "The price is $1,299.99 (tax included) — a 20% discount.",
    "URL: https://www.example.org/path?query=1&lang=en",
    "C++ and C# are different programming languages.",
    "def add(a, b): return a + b",
    "Thank you so much for your help 🙂",
    "The parliament passed the budget by 245 votes to 190.",
    "Voter turnout was unusually low in rural districts.",
    "Observers noted long queues outside several polling stations.",
    "The constitutional court rejected the appeal as inadmissible.",
    "Independent candidates struggled to register in time.",
    "State television gave most of its airtime to the ruling party.",
    "The counting of ballots was transparent in most polling stations observed.",
]

QUESTIONS = [
    "Who led the observation mission?",
    "When were the parliamentary elections held?",
    "How many parties took part in the elections?",
    "Were the elections free and fair?",
    "What did observers say about the media?",
    "Was voting secret?",
    "How were election commissions formed?",
    "Which party won the most seats?",
    "Were there problems with voter lists?",
    "Did candidates have equal access to the media?",
    "How was the counting process assessed?",
    "What happened on election day?",
    "Were complaints handled properly?",
    "Were independent candidates allowed to run?",
    "What was the turnout?",
    "Did the ruling party misuse state resources?",
    "Was there group voting?",
    "What are the main recommendations?",
    "Who deployed the long-term observers?",
    "How many observers were deployed?",
    "Was the legal framework adequate?",
    "Were any parties denied registration?",
    "How did the CEC perform?",
    "Was ballot stuffing observed?",
    "Did observers have access to polling stations?",
    "What did the report say about freedom of assembly?",
    "Were journalists harassed?",
    "How is parliament elected?",
    "What is the threshold for entering parliament?",
    "Was the campaign competitive?",
    "Were women well represented among candidates?",
    "Did national minorities participate?",
    "What was said about the tabulation of results?",
    "Were there cases of multiple voting?",
    "Was the electoral system changed before the vote?",
    "What role did local authorities play?",
    "Were domestic observers accredited?",
    "Did the elections meet OSCE commitments?",
    "Was there pressure on voters?",
    "How were disputes resolved by courts?",
    "Did opposition parties boycott the election?",
    "Were voters able to vote from abroad?",
    "How was the voter register maintained?",
    "Was the secrecy of the vote respected?",
    "What did the head of delegation say?",
    "Did the internet face restrictions?",
    "Were election results published by polling station?",
    "Was mobile voting used?",
    "How many polling stations were visited?",
    "Were procedures followed during opening?",
    "Were there irregularities during the count?",
    "What criticism was made of the Election Law?",
    "What is the role of the Mazhilis?",
    "Who appoints members of election commissions?",
    "Was there a televised debate?",
    "Did citizens trust the election administration?",
    "Was campaign finance regulated?",
    "Were there restrictions on candidate eligibility?",
    "How long was the campaign period?",
    "Were early elections announced in time?",
    "Did the police interfere with voting?",
    "What were the preliminary conclusions?",
    "Did any party receive support from the state?",
    "Was voter education sufficient?",
    "Were persons with disabilities able to vote?",
    "How was the media landscape described?",
    "Were defamation laws a concern?",
    "Did the PACE delegation agree with the findings?",
    "Was the CEC transparent?",
    "Were voters identified properly?",
    "What did the statement say about political pluralism?",
    "How were seats allocated?",
    "Were results announced quickly?",
    "Did candidates withdraw?",
    "Were there reports of intimidation?",
    "What happened to parties that were deregistered?",
    "Was the vote count accurate?",
    "Did the OSCE criticise the government?",
    "What percentage did Nur Otan receive?",
    "Which parties entered parliament?",
    "Was there a minimum turnout requirement?",
    "How were the Assembly of People's deputies chosen?",
    "Were posters and leaflets allowed?",
    "Did voters understand the procedures?",
    "Were polling stations overcrowded?",
    "What is an election observation mission?",
    "Were proxy votes observed?",
    "Were counting protocols posted publicly?",
    "Was the election administration impartial?",
    "Who funded the election observation?",
    "What did observers say about the DECs?",
    "Was there an effective remedy for complaints?",
    "Did the authorities respect fundamental freedoms?",
    "Were there problems in Almaty?",
    "What about the right to stand for election?",
    "How were the elections announced?",
    "Did the media provide balanced coverage?",
    "Were there cases of family voting?",
    "What improvements were noted compared to earlier elections?",
    "When will the final report be published?",
]
assert len(QUESTIONS) == 100, len(QUESTIONS)


def _clean(text: str) -> str:
    text = re.sub(r"-\n(?=[a-z])", "", text)  # undo end-of-line hyphenation
    return re.sub(r"\s+", " ", text).strip()


def source_sentences(source_text: str, limit: int = 260) -> list[str]:
    flat = _clean(source_text)
    parts = re.split(r"(?<=[.!?;:])\s+(?=[A-Z0-9\u201c\"(])", flat)
    out = [p.strip() for p in parts if 25 <= len(p.strip()) <= 700]
    return out[:limit]


def long_passages(source_text: str) -> list[str]:
    flat = _clean(source_text)
    out = []
    # six passages of ~1200 characters and six of ~3200 (beyond 512 tokens)
    for i in range(6):
        start = 1000 + i * 6000
        out.append(flat[start:start + 1200])
    for i in range(6):
        start = 3000 + i * 7000
        out.append(flat[start:start + 3200])
    return [p for p in out if len(p) > 200]


def build_texts(source_path: str) -> tuple[list[str], list[str]]:
    with open(source_path, encoding="utf-8") as f:
        src = f.read()
    sents = source_sentences(src)
    texts = sents + GENERIC + QUESTIONS + long_passages(src)
    return texts, list(QUESTIONS), len(sents)
