"""Word lists that the entity rules of ``claimscope_entities`` consult: cues for labels, span edges and places.

Each list is a plain constant with a comment saying what it is for and an example; the rules that use them are in
``entities.py``. Lists of named things (countries, officials, organisations, places) are data files in
``resources/``, not here.
"""

from __future__ import annotations

PROJECT_KEYWORDS = ("project", "pipeline", "initiative", "programme", "program", "corridor", "plant")
NER_TO_LABEL = {"PERSON": "PERSON", "ORG": "ORG", "EVENT": "EVENT", "LAW": "PROJECT"}
PLACE_LABELS = ("GPE", "NORP", "LOC")
LOCATIVE_PREPOSITIONS = frozenset(
    {"in", "at", "near", "outside", "from", "to", "into", "across", "around", "via", "beyond", "throughout", "within"}
)
# Words before a capital that make it a part of the city: "south London", "Prime Central London".
CITY_PART_WORDS = frozenset(
    "north south east west central downtown greater inner outer northern southern eastern western".split()
)
# A gazetteer match strictly inside a longer NER entity of these types is part of a name
# ("New England Journal of Medicine", "USA Gymnastics", "Mexico City"), not a mention of its own.
NAME_CONTAINERS = frozenset({"ORG", "FAC", "PERSON", "GPE", "LOC", "WORK_OF_ART", "LAW", "EVENT", "PRODUCT"})
# A token that makes a name an organisation: spaCy's small model often tags "Joseph Wheeler High School" or
# "Kaspersky Lab" as a PERSON.
ORG_WORDS = frozenset(
    "University College School Academy Institute Institution Ministry Department Bank Party Inc Inc. Corp Corp. "
    "Corporation Company Co. Group Ltd Ltd. LLC Association Foundation Council Committee Commission Agency Bureau "
    "Court Office Administration Authority Board Union Federation League Network News Times Post Journal Tribune "
    "Herald Gazette Magazine Lab Labs Laboratory Laboratories Airlines Airways Motors Technologies Holdings "
    "Partners Fund Trust Society Center Centre Hospital Church Army Navy Police Club Services Industries Bancorp "
    "Enterprises Media Press Radio Television TV Studios Records Brands Elementary Mosque Synagogue Cathedral "
    "Seminary Images".split()
)
# Last words that make a name a law, treaty or other PROJECT ("United States Constitution", "Patriot Act").
PROJECT_LAST_WORDS = frozenset(
    "Constitution Act Treaty Agreement Accord Accords Bill Amendment Protocol Initiative Doctrine Pipeline".split()
)
# Last words that make "<country or person> <word>" the country's or person's people, not a named body:
# "UK Government" (only "UK"), "Trump Administration", "Biden campaign", "Trump Team".
ACTOR_GROUP_WORDS = frozenset({"government", "administration", "team", "campaign", "camp", "regime"})
# Last words of a named law or treaty that the project matcher finds when the NER did not.
LAW_WORDS = frozenset("Act Bill Treaty Accord Accords Agreement Amendment Protocol Convention".split())
# Names spaCy tags that the guide leaves out: generic bodies, media slang, policies, festivals, products.
NOT_NAMES = frozenset(
    {"MSM", "Feds", "Government", "Committee", "Bill", "Carnival", "Pride", "Affirmative Action", "Sharia Law"}
    | {"PowerPoint", "Marine One", "Air Force One", "COVID-19", "Covid-19", "SARS-CoV-2", "Hall of Fame"}
    | {"COVID", "Covid", "Omicron", "DMZ", "Left", "Right", "Pool", "Court"}
    | {"Oscar", "Oscars", "Emmy", "Emmys", "Grammy", "Grammys", "Pulitzer"}
    | {"State", "Federal Government", "PAC"}
    | {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
    | {"Jan", "Feb", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"}
    | {"Courtesy", "Administration", "Cabinet", "GMT", "LGBT", "LGBTQ", "Bitcoin"}
    # ethnic and religious groups, which the NER sometimes tags as people
    | {"Kurds", "Rohingya", "Uighurs", "Uyghurs", "Shiites", "Sunnis", "Alawites", "Yazidis", "Druze", "Pashtuns"}
    | {"Tamils", "Tatars", "Hazaras", "Berbers", "Bedouins", "Latinos", "Latinas", "Hispanics", "Evangelicals"}
)
# Party-and-state tags after a legislator's name: "John Cornyn (R-Texas)", "Jim Smith, D-Calif.".
PARTY_LETTERS = frozenset({"R", "D", "I"})
# Honorifics that can trail an organisation span the NER ran into a name: "the CDC's Dr. Sapna Morris".
HONORIFICS = frozenset({"Dr.", "Mr.", "Mrs.", "Ms.", "Dr", "Mr", "Mrs", "Ms", "Prof.", "Sir", "Dame"})
# Words for a person's role that stand right before a name: "GOP Senate Candidate Blake Masters".
PERSON_ROLE_WORDS = frozenset(
    """candidate nominee challenger activist lawyer attorney professor economist analyst reporter correspondent
    columnist writer author journalist actor actress singer rapper director producer executive ceo founder
    chairman chairwoman spokesman spokeswoman spokesperson aide adviser advisor wife husband son daughter brother
    sister mother father pastor rabbi coach player star host anchor officer agent student resident survivor
    victim accuser suspect gunman comedian billionaire businessman businesswoman entrepreneur scientist researcher
    doctor physician teacher novelist playwright photographer filmmaker economist historian strategist
    pollster lobbyist donor fellow rookie quarterback defenseman lineman receiver pitcher striker midfielder
    goalkeeper captain teammate manager""".split()
)
# Nouns after "<name>'s" that make the name a person: "Vissarion's first wife", "Hefner's parents".
PERSONAL_POSSESSIONS = frozenset(
    "wife husband son daughter brother sister mother father parents family children kids girlfriend boyfriend "
    "fiancee widow death funeral resignation career birthday face mind thinking perception remarks comments "
    "testimony apology memoir accusers lawyer lawyers attorney attorneys candidacy tenure arrest".split()
)
# Parts of speech of a word that is no name by itself.
FUNCTION_POS = frozenset({"ADV", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "AUX", "PART", "INTJ"})
MONTHS = frozenset("Jan Feb Mar Apr May Jun Jul Aug Sep Sept Oct Nov Dec".split())
# Determiners that make a name a common noun: "another Karen", "a former Stormtrooper".
INDEFINITE_DETERMINERS = frozenset({"a", "an", "another", "every", "any"})
# Name suffixes that belong to the person's mention: "Oliver Wendell Holmes, Jr.".
NAME_SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr", "III"})
# Words left out at the start of a piece of a photo credit: "(Ilana Panich-Linsman/For The Washington Post)".
CREDIT_PREFIXES = frozenset({"for", "the", "via"})
# Verbs whose proper-noun subject is a person when spaCy tagged nothing ("Jackman said", "Harth dropped").
SPEECH_VERBS = frozenset(
    "say tell add argue write ask insist explain warn claim note reply respond announce testify recall admit "
    "acknowledge deny suggest contend complain concede speak tweet".split()
)
# Titles that are also university, company or film titles: an office only with a country or body before them.
QUALIFIED_TITLES = frozenset(
    {"chancellor", "director", "chair", "chairman", "chairwoman", "commissioner", "administrator", "leader"}
)
GOVERNMENT_WORDS = frozenset(
    "Committee Senate House Reserve Council Commission Agency Bureau Joint Chiefs Intelligence Judiciary Federal "
    "National Security Department Fed Party State".split()
)
# Nicknames and short forms -> the given name they stand for ("Jim Mattis" is James Mattis, "Bill Clinton" William).
_NICKNAME_GROUPS = {
    "James": "Jim Jimmy Jamie",
    "William": "Bill Billy Will Willie",
    "Robert": "Bob Bobby Rob Robbie Bert",
    "Michael": "Mike Mick Mickey",
    "Joseph": "Joe Joey",
    "Richard": "Dick Rick Rich Ricky",
    "Thomas": "Tom Tommy",
    "Edward": "Ed Eddie Ted Teddy Ned",
    "Theodore": "Ted Teddy",
    "Charles": "Chuck Charlie",
    "Christopher": "Chris",
    "Daniel": "Dan Danny",
    "David": "Dave",
    "Donald": "Don Donny",
    "Elizabeth": "Liz Beth Betsy Betty",
    "Margaret": "Maggie Peggy Meg",
    "Katherine": "Kate Katie Kathy Cathy",
    "Alexander": "Alex",
    "Andrew": "Andy Drew",
    "Anthony": "Tony",
    "Benjamin": "Ben",
    "Gerald": "Jerry Gerry",
    "Jeffrey": "Jeff",
    "Lawrence": "Larry",
    "Matthew": "Matt",
    "Nicholas": "Nick",
    "Patrick": "Pat",
    "Peter": "Pete",
    "Philip": "Phil",
    "Ronald": "Ron",
    "Samuel": "Sam",
    "Stephen": "Steve Steven",
    "Timothy": "Tim",
    "Kenneth": "Ken",
    "Gregory": "Greg",
    "Douglas": "Doug",
    "Frederick": "Fred",
    "Henry": "Hank",
    "John": "Jack Johnny",
    "Jonathan": "Jon",
    "Joshua": "Josh",
    "Deborah": "Deb Debbie",
    "Patricia": "Patty Trish Tish",
    "Letitia": "Tish",
    "Rebecca": "Becky",
    "Condoleezza": "Condi",
    "Mitchell": "Mitch",
    "Vincent": "Vince",
    "Rudolph": "Rudy",
    "Newton": "Newt",
}
NICKNAMES = {nick: name for name, nicks in _NICKNAME_GROUPS.items() for nick in nicks.split()}
# Listed people's one-word aliases that are also ordinary words: "MOON LANDING", "TRAINING SESSIONS".
UPPER_CASE_WORDS = frozenset({"moon", "sessions"})
# Third-person verb forms that open the predicate of a title-case headline; the NER runs them into a name
# ("Kessler Tells Board He Was Misled", "Mayor Fenwick Speaks Out"): a name ends before them.
HEADLINE_VERBS = frozenset(
    """says tells adds argues writes asks insists explains warns claims notes replies responds announces
    testifies recalls admits acknowledges denies suggests speaks tweets slams blasts urges calls vows unveils
    seeks wins loses faces backs rejects defends accuses sues signs greets meets visits plans pushes blames
    praises threatens orders launches rips hits mocks touts eyes considers wants gets takes makes gives
    says said told admitted denied vowed passes shows weighs sends bets lost won picks taps names nominates
    appoints fires hires chooses misses shocks stuns""".split()
)
# Prepositions that a headline's predicate has and a name seldom has: "Voters Sour on Economy Ahead of Midterms".
HEADLINE_PREPOSITIONS = frozenset({"of", "on", "over", "ahead", "for", "to", "with", "as", "at", "by", "from", "in"})
# Nouns after "a spokesperson for [the]" that make the spokesperson a private one, not a public office
# ("Karen Whitfield, a spokeswoman for the hospital" is a PERSON).
PRIVATE_BODIES = frozenset(
    """company firm hospital school university college team club family campaign group church charity union
    league bank business startup airline museum network studio store restaurant brand newspaper magazine
    foundation organization organisation nonprofit coalition association society publisher retailer
    developer manufacturer chain site website app platform channel show band festival""".split()
)
# Nouns in apposition that make a name a person: "Navarro, a veteran nurse".
APPOSITION_ROLES = PERSON_ROLE_WORDS | frozenset(
    """surgeon nurse soldier veteran sergeant detective lieutenant deputy sheriff farmer worker employee engineer
    artist musician poet painter designer chef owner partner friend neighbor neighbour girl boy man woman
    mom dad grandmother grandfather uncle aunt cousin nephew niece boyfriend girlfriend fiance widow widower
    priest bishop pastor monk nun imam character protagonist narrator heroine hero villain""".split()
)
# Nouns after "<name>'s" (or "<name>") that only an organisation has: "Rosneft's shareholders".
ORG_POSSESSIONS = frozenset(
    """shares stock shareholders stockholders investors subsidiary subsidiaries executives board revenue revenues
    profit profits earnings customers subscribers employees headquarters factories plants stake""".split()
)
# Nouns in apposition that make a name a company: "Petrobras, the state oil company".
COMPANY_NOUNS = frozenset(
    """company firm giant maker producer manufacturer conglomerate carrier airline bank lender insurer retailer
    chain startup broadcaster exporter supplier operator utility publisher subsidiary corporation""".split()
)
# Titles of heads that private bodies have too: "company President Dan Cathy".
HEAD_TITLES = frozenset({"president", "vice president", "chairman", "chairwoman", "chair", "director"})
# Lower-case words inside a body's name: "Bureau of Economic Analysis".
NAME_LINKS = frozenset({"of", "for", "and", "the", "on"})
# Kinds of listed organisations that are private.
PRIVATE_KINDS = frozenset({"company", "media", "school"})
# Last words of a PERSON span that make it a role, not a name: "Clark County Sheriff".
ROLE_ENDINGS = frozenset({"sheriff", "coach", "spokesman", "spokeswoman", "spokesperson", "superintendent", "chief"})
# Heads of an apposition that make a person an aide, not an office holder: "a senior adviser to the president".
ADVISER_WORDS = frozenset(
    {"adviser", "advisor", "aide", "assistant", "staffer", "strategist", "consultant", "counselor", "counsellor"}
)
# Head words that, with "of <named public body>", give a head of a public agency.
HEAD_WORDS = frozenset({"head", "chief", "director", "administrator", "commissioner", "boss", "chairman", "chair"})
PUBLIC_BODY_WORDS = frozenset(
    "Department Ministry Agency Bureau Administration Commission Service Authority Reserve Directorate".split()
)
# Lower-case nouns that make an event mention generic rather than a name ("the Ukraine war").
GENERIC_EVENT_WORDS = frozenset(
    "war wars crisis conflict invasion shooting attack attacks election elections summit talks protests "
    "riots revolution coup recession pandemic".split()
)
# pycountry subdivisions that are places, not states: (country code, subdivision type).
US_STATE_KINDS = frozenset({("US", "State"), ("US", "District")})
PLACE_KINDS = US_STATE_KINDS | {
    ("CA", "Province"), ("CA", "Territory"), ("AU", "State"), ("AU", "Territory"),
    ("GB", "Two-tier county"), ("GB", "Country"), ("GB", "Province"),
}  # fmt: skip
# The AP's abbreviations of US states after a town: "Wilmington, Del.".
US_STATE_ABBREVIATIONS = frozenset(
    """Ala. Ariz. Ark. Calif. Colo. Conn. Del. Fla. Ga. Ill. Ind. Kan. Ky. La. Md. Mass. Mich. Minn. Miss. Mo.
    Mont. Neb. Nev. N.H. N.J. N.M. N.Y. N.C. N.D. Okla. Ore. Pa. R.I. S.C. S.D. Tenn. Vt. Va. Wash. W.Va. Wis.
    Wyo. D.C.""".split()
)
# Plural counting nouns that open sentences: "Millions watched ...".
COUNT_NOUNS = frozenset({"millions", "thousands", "hundreds", "dozens", "billions", "scores", "tens"})
# First words of two-word place names that the NER tags as organisations: "St. Paul", "Fort Worth".
PLACE_PREFIXES = frozenset({"St.", "St", "Saint", "Fort", "Ft.", "Mount", "Mt.", "Port", "Lake"})
SPOKESPERSON_TITLES = frozenset({"spokesman", "spokeswoman", "spokesperson", "spokespeople", "spokesmen"})
# Possessives that only a person has in a clause: "Harth dropped her lawsuit", "Foakes deserves his place".
PERSONAL_POSSESSIVES = frozenset({"his", "her"})
# Clause boundaries a possessive must not cross to refer to a clause's subject.
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "conj", "parataxis", "xcomp", "csubj"})
