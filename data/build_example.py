"""Build ``data/example.json`` (the fictional Fjordby Kommune) from readable tables.

The JSON file is the committed artefact; run ``python data/build_example.py`` after
changing a table and commit both. Everything here is invented, names included.
"""

import json
from pathlib import Path
from typing import Any

OUT = Path(__file__).with_name("example.json")
NAME = "Fjordby Kommune"

# The tables are aligned by hand for reading; keep the formatter away from them.
# fmt: off
# Units: (id, name, sector, parent_id, leader, staff_count, description)
UNITS: list[tuple[str, str, str, str | None, str, int | None, str]] = [
    ("dir", "Direktionen", "Stab", None, "Helle Kjærgaard", 6,
     "Kommunaldirektør og direktion; øverste administrative ledelse."),
    # Forvaltninger
    ("bu", "Børn og Unge", "Børn og familie", "dir", "Torben Ahlgreen", 4,
     "Forvaltning for skoler, dagtilbud, familieområdet og PPR."),
    ("sso", "Social, Sundhed og Ældre", "Ældre og pleje", "dir", "Mette Vinther", 5,
     "Forvaltning for ældrepleje, sundhed og voksensocialområdet."),
    ("ab", "Arbejdsmarked og Beskæftigelse", "Beskæftigelse", "dir", "Kasper Holm-Nielsen", 3,
     "Forvaltning for jobcenter og den kommunale ungeindsats."),
    ("tm", "Teknik og Miljø", "Teknik og miljø", "dir", "Birgitte Lund", 3,
     "Forvaltning for byggeri, miljø, veje og kommunale bygninger."),
    ("stab", "Økonomi, HR og Digitalisering", "Stab", "dir", "Niels Brandt", 4,
     "Tværgående stabe, der understøtter de borgernære enheder."),
    # Børn og Unge: afdelinger
    ("skoleafd", "Skoleafdelingen", "Skole og SFO", "bu", "Lone Damgaard", 7,
     "Skolechef og konsulenter for folkeskoler og SFO."),
    ("dagtilbudsafd", "Dagtilbudsafdelingen", "Dagtilbud", "bu", "Rasmus Krog", 5,
     "Dagtilbudschef og pædagogiske konsulenter."),
    ("familieafd", "Familieafdelingen", "Børn og familie", "bu", "Susanne Mølgaard", 6,
     "Familiechef; myndighed og forebyggelse for børn og unge."),
    ("ppr", "PPR – Pædagogisk Psykologisk Rådgivning", "Skole og SFO", "bu", "Jens Ravn", 18,
     "Psykologer, tale-hørekonsulenter og inklusionsvejledere."),
    ("sundhedspleje", "Sundhedsplejen", "Sundhed", "bu", "Anna Friis", 14,
     "Sundhedsplejersker for gravide, spædbørn og skolebørn."),
    ("ungdomsskole", "Fjordby Ungdomsskole", "Unge og uddannelse", "bu", "Martin Skov", 21,
     "Fritids- og heltidsundervisning for unge 13-18 år."),
    ("skole-fjordby", "Fjordby Skole og SFO", "Skole og SFO", "skoleafd", "Pia Lauridsen", 62,
     "Byens største folkeskole med SFO og specialklasser."),
    ("skole-noerremark", "Nørremark Skole", "Skole og SFO", "skoleafd", "Henrik Bach", 48,
     "Folkeskole i den nordlige bydel."),
    ("skole-havnevej", "Havnevejens Skole", "Skole og SFO", "skoleafd", "Camilla Winther", 35,
     "Folkeskole i havnekvarteret med mange tosprogede elever."),
    ("bh-solsikken", "Børnehuset Solsikken", "Dagtilbud", "dagtilbudsafd", "Louise Kjær", 22,
     "Integreret daginstitution, 0-6 år."),
    ("bh-maagen", "Børnehuset Mågen", "Dagtilbud", "dagtilbudsafd", "Sofie Thygesen", 18,
     "Børnehave tæt på Havnevejens Skole."),
    ("dagpleje", "Dagplejen Fjordby", "Dagtilbud", "dagtilbudsafd", "Gitte Rasmussen", 45,
     "Kommunal dagpleje med pædagogiske tilsynsførende."),
    ("fam-myndighed", "Myndighed Børn og Familie", "Børn og familie", "familieafd",
     "Karina Holst", 28, "Socialrådgivere med sagsansvar efter Barnets Lov."),
    ("familiehuset", "Familiehuset", "Børn og familie", "familieafd", "Morten Dahl", 16,
     "Forebyggende og støttende indsatser for familier."),
    # Social, Sundhed og Ældre: afdelinger
    ("aeldreafd", "Ældreafdelingen", "Ældre og pleje", "sso", "Tina Bruun", 4,
     "Ældrechef; hjemmepleje, plejecentre og visitation."),
    ("sundhedsafd", "Sundhedsafdelingen", "Sundhed", "sso", "Peter Vestergaard", 3,
     "Sundhedschef; sygepleje, genoptræning og samarbejdet med regionen."),
    ("socialafd", "Socialafdelingen", "Voksen/socialt", "sso", "Hanne Juul", 4,
     "Socialchef for voksne med sociale og psykiske vanskeligheder."),
    ("hjemmepleje-nord", "Hjemmeplejen Nord", "Ældre og pleje", "aeldreafd", "Lars Ebbesen", 58,
     "Hjemmepleje i den nordlige del af kommunen."),
    ("hjemmepleje-syd", "Hjemmeplejen Syd", "Ældre og pleje", "aeldreafd", "Maria Nørgaard", 38,
     "Hjemmepleje i den sydlige del af kommunen."),
    ("plejecenter", "Plejecenter Fjordhaven", "Ældre og pleje", "aeldreafd", "Dorthe Kragh", 44,
     "Plejecenter med 60 boliger."),
    ("visitation", "Visitationen", "Ældre og pleje", "aeldreafd", "Ole Sandberg", 12,
     "Visiterer til hjemmepleje, hjælpemidler og plejebolig."),
    ("hjemmesygepleje", "Hjemmesygeplejen", "Sundhed", "sundhedsafd", "Rikke Hald", 30,
     "Sygepleje i eget hjem og kommunale akutfunktioner."),
    ("genoptraening", "Genoptræning og Rehabilitering", "Sundhed", "sundhedsafd",
     "Thomas Boesen", 24, "Fysio- og ergoterapeuter; genoptræning efter udskrivning."),
    ("voksen-myndighed", "Myndighed Voksne", "Voksen/socialt", "socialafd", "Eva Kirkegaard", 20,
     "Socialrådgivere med sagsansvar for voksne."),
    ("misbrugscenter", "Misbrugscenter Fjordby", "Voksen/socialt", "socialafd", "Jakob Riis", 14,
     "Behandling for alkohol- og stofmisbrug."),
    ("socialpsykiatri", "Socialpsykiatri og Bostøtte", "Voksen/socialt", "socialafd",
     "Line Mortensen", 26, "Bostøtte og værested for borgere med psykiske vanskeligheder."),
    ("botilbud", "Botilbuddet Engly", "Voksen/socialt", "socialafd", "Anders Kofoed", 38,
     "Længerevarende botilbud for voksne med handicap."),
    # Arbejdsmarked og Beskæftigelse
    ("jobcenter", "Jobcenter Fjordby", "Beskæftigelse", "ab", "Signe Laursen", 9,
     "Jobcenterchef og fællesfunktioner."),
    ("jc-aktivitetsparate", "Team Aktivitetsparate", "Beskæftigelse", "jobcenter",
     "Frederik Bang", 22, "Jobkonsulenter for borgere længere fra arbejdsmarkedet."),
    ("jc-sygedagpenge", "Team Sygedagpenge", "Beskæftigelse", "jobcenter", "Nina Storm", 18,
     "Opfølgning på sygemeldte borgere."),
    ("virksomhedsservice", "Virksomhedsservice", "Beskæftigelse", "jobcenter", "Per Høj", 10,
     "Kontakt til virksomheder, praktik og løntilskud."),
    ("kui", "Kommunal Ungeindsats (KUI)", "Unge og uddannelse", "ab", "Julie Østergaard", 19,
     "Vejledning og indsatser for unge under 25 uden uddannelse."),
    # Teknik og Miljø
    ("byggesager", "Byggesager", "Teknik og miljø", "tm", "Christian Munk", 11,
     "Byggemyndighed: tilladelser og tilsyn."),
    ("miljoe", "Miljø og Natur", "Teknik og miljø", "tm", "Marianne Bech", 13,
     "Miljømyndighed: godkendelser, jord og spildevand."),
    ("vej-park", "Vej og Park", "Teknik og miljø", "tm", "Søren Fabricius", 46,
     "Drift af veje, grønne områder og vintertjeneste."),
    ("ejendomsservice", "Ejendomsservice", "Teknik og miljø", "tm", "Kim Andersen", 20,
     "Drift og vedligehold af kommunens bygninger."),
    # Stabe
    ("hr", "HR og Ledelsesudvikling", "Stab", "stab", "Lene Iversen", 10,
     "Personalejura, ledelsesudvikling og arbejdsmiljø."),
    ("oekonomi", "Økonomi og Analyse", "Stab", "stab", "Bo Thomsen", 14,
     "Budget, regnskab og ledelsesinformation."),
    ("digitalisering", "Digitalisering og IT", "Stab", "stab", "Yasmin Haddad", 9,
     "IT-drift, digitale løsninger og data."),
]

# External partners: (id, name, leader, description); sector "Ekstern", no parent.
EXTERNALS: list[tuple[str, str, str, str]] = [
    ("regionshospital", "Regionshospitalet Fjordby", "Vicedirektør Ida Brøndum",
     "Akutmodtagelse og medicinske afdelinger; udskriver borgere til kommunen."),
    ("praktiserende-laeger", "Praktiserende læger i Fjordby", "Praksiskonsulent Erik Thorsen",
     "De 14 lægepraksisser i kommunen, repræsenteret ved praksiskonsulenten."),
    ("bup", "Børne- og Ungdomspsykiatrien, Regionen", "Overlæge Nanna Kristoffersen",
     "Regionens ambulatorium for børn og unge."),
    ("omsorg-plus", "Omsorg+ ApS", "Direktør Kenneth Vad",
     "Privat leverandør af hjemmepleje efter frit valg."),
    ("erhvervsskole", "Fjordby Erhvervsskole og Gymnasium", "Rektor Maja Lindholm",
     "Erhvervsuddannelser, FGU-samarbejde og gymnasiale uddannelser."),
]

# What the org chart alone cannot say: leadership teams, levels that differ from the
# depth, and units that are alternatives for a citizen (a child attends one school).
# unit id -> (leader_count, level, parallel_set)
UNIT_EXTRAS: dict[str, tuple[int | None, str | None, str]] = {
    "skole-fjordby": (3, None, "skoler"),
    "skole-noerremark": (None, None, "skoler"),
    "skole-havnevej": (None, None, "skoler"),
    "bh-solsikken": (None, None, "børnehuse"),
    "bh-maagen": (None, None, "børnehuse"),
    "hjemmepleje-nord": (None, None, "hjemmepleje"),
    "hjemmepleje-syd": (None, None, "hjemmepleje"),
    "ungdomsskole": (2, "enhed", ""),
}

# Citizen groups: (id, name, description, lead_unit_id, est_size)
GROUPS: list[tuple[str, str, str, str | None, int | None]] = [
    ("udsatte-familier", "Udsatte børn og familier",
     "Familier med mange samtidige kontakter til kommunen: børn, forældre, job og misbrug.",
     "familieafd", 320),
    ("skolefravaer", "Børn med bekymrende skolefravær",
     "Elever med højt eller stigende fravær, hvor skole og familieafdeling skal handle sammen.",
     "skoleafd", 140),
    ("overgang-skole", "Overgang fra dagtilbud til skole",
     "Børn, der skal fra børnehave til skolestart, især dem med særlige behov.", None, 450),
    ("smaaborn", "Sårbare småbørnsfamilier (0-2 år)",
     "Familier med spædbørn, hvor sundhedsplejen tidligt ser tegn på mistrivsel.",
     "familiehuset", 90),
    ("kontanthjaelp", "Langvarige kontanthjælpsmodtagere (aktivitetsparate)",
     "Borgere på kanten af arbejdsmarkedet med problemer ud over ledighed.",
     "jobcenter", 610),
    ("psykisk-misbrug", "Borgere med psykiske vanskeligheder og misbrug",
     "Voksne med samtidig psykisk lidelse og rusmiddelproblemer.", "socialafd", 180),
    ("aeldre-medicinske", "Ældre medicinske patienter",
     "Ældre med flere kroniske sygdomme og hyppige indlæggelser.", "sundhedsafd", 750),
    ("udskrivning", "Udskrivning fra sygehus til ældrepleje",
     "Ældre, der udskrives og skal have hjælp, sygepleje eller genoptræning straks.",
     "visitation", 1100),
    ("hverdagsrehab", "Ældre i hverdagsrehabilitering",
     "Hjemmeboende ældre, der skal genvinde funktionsevne i stedet for at få hjælp.",
     "visitation", 260),
    ("unge-udsatte", "Unge i udsatte positioner (15-25 år)",
     "Unge uden uddannelse eller job, ofte med en sag fra barndommen.", None, 230),
    ("byggeri-miljoe", "Borgere og virksomheder med bygge- og miljøsager",
     "Ansøgere, hvis sag kræver både byggetilladelse og miljøgodkendelse.", "tm", 400),
]

# Services per group: group id -> [(unit_id, goal, paradigm)]. Spelling variants in case
# and surrounding spaces are deliberate: the gap rules must treat them as the same text.
SERVICES: dict[str, list[tuple[str, str, str]]] = {
    "udsatte-familier": [
        ("fam-myndighed", "Barnet trives og udvikler sig i egen familie", "Barnets perspektiv"),
        ("familiehuset", "barnet trives og udvikler sig i egen familie", "barnets perspektiv"),
        ("skole-fjordby", "", ""),
        ("jc-aktivitetsparate", "Forælderen kommer i job eller uddannelse", "Beskæftigelsesrettet"),
        ("misbrugscenter", "", ""),
    ],
    "skolefravaer": [
        ("skole-fjordby", "Eleven er i skole hver dag", "Inkluderende fællesskaber"),
        ("skole-noerremark", "eleven er i skole hver dag ", "Inkluderende fællesskaber"),
        ("skole-havnevej", "Eleven er i skole hver dag", "inkluderende fællesskaber"),
        ("fam-myndighed", "Eleven er i skole hver dag", "Inkluderende fællesskaber"),
        ("ppr", "", ""),
    ],
    "overgang-skole": [
        ("bh-solsikken", "Et trygt skifte til skolen", "Børneperspektiv og leg"),
        ("bh-maagen", "Et trygt skifte til skolen", "børneperspektiv og leg"),
        ("skole-fjordby", "Et trygt skifte til skolen", ""),
        ("skole-havnevej", "et trygt skifte til skolen", "Skoleparathed"),
    ],
    "smaaborn": [
        ("sundhedspleje", "Tidlig opsporing og støtte til forældrene", "Tidlig indsats"),
        ("familiehuset", "tidlig opsporing og støtte til forældrene", " tidlig indsats"),
        ("dagpleje", "Tidlig opsporing og støtte til forældrene ", "Tidlig Indsats"),
    ],
    "kontanthjaelp": [
        ("jc-aktivitetsparate", "Job eller uddannelse", "Arbejdsmarkedet som del af recovery"),
        ("voksen-myndighed", "Stabil hverdag og trivsel", "Stabilisering før job"),
        ("misbrugscenter", "Stabil hverdag og trivsel ", " stabilisering før job"),
        ("socialpsykiatri", "stabil hverdag og trivsel", "Stabilisering før job"),
    ],
    "psykisk-misbrug": [
        ("misbrugscenter", "Reduceret misbrug", "Stabilisering før job"),
        ("socialpsykiatri", "Job eller uddannelse", "arbejdsmarkedet som del af recovery "),
        ("jc-aktivitetsparate", "job eller uddannelse", "Arbejdsmarkedet som del af recovery"),
        ("praktiserende-laeger", "", ""),
    ],
    "aeldre-medicinske": [
        ("hjemmepleje-nord", "Færre genindlæggelser og tryghed i eget hjem", "Kompensatorisk"),
        ("hjemmesygepleje", "Færre genindlæggelser og tryghed i eget hjem", "Rehabiliterende"),
        ("genoptraening", "færre genindlæggelser og tryghed i eget hjem", "rehabiliterende"),
        ("praktiserende-laeger", "Færre genindlæggelser og tryghed i eget hjem", ""),
        ("regionshospital", "", ""),
        ("omsorg-plus", "Færre genindlæggelser og tryghed i eget hjem", ""),
    ],
    "udskrivning": [
        ("regionshospital", "Sikker og rettidig udskrivning", ""),
        ("visitation", "Sikker og rettidig udskrivning", "Rehabiliterende"),
        ("hjemmesygepleje", "sikker og rettidig udskrivning", "rehabiliterende"),
        ("hjemmepleje-syd", "Sikker og rettidig udskrivning", "Rehabiliterende"),
    ],
    "hverdagsrehab": [
        ("hjemmepleje-nord", "Borgeren klarer mest muligt selv", "Rehabiliterende"),
        ("genoptraening", " borgeren klarer mest muligt selv", " rehabiliterende"),
        ("visitation", "Borgeren klarer mest muligt selv", "REHABILITERENDE"),
    ],
    "unge-udsatte": [
        ("kui", "Uddannelse eller job", "Uddannelsesrettet"),
        ("ungdomsskole", "uddannelse eller job", "uddannelsesrettet"),
        ("fam-myndighed", "Uddannelse eller job", ""),
        ("voksen-myndighed", "Uddannelse eller job", "Stabilisering før job"),
        ("erhvervsskole", "Uddannelse eller job ", ""),
        ("bup", "", ""),
    ],
    "byggeri-miljoe": [
        ("byggesager", "Hurtig og samlet afgørelse", "Myndighedsrettet"),
        ("miljoe", "hurtig og samlet afgørelse", "myndighedsrettet "),
    ],
}

# Principles: (id, name, kind, description, owner, funding, status, agreed_on, review_by,
#              group_ids, adopters)
PRINCIPLES: list[tuple[str, str, str, str, str | None, str | None, str, str | None,
                       str | None, list[str], list[str]]] = [
    ("faelles-boernesyn", "Fælles børnesyn", "perspective",
     "Et fælles sprog om barnets trivsel og udvikling på tværs af dagtilbud, skole, PPR, "
     "sundhedspleje og familieafdeling, med afsæt i Barnets Lov.",
     "bu", "bu", "practised", "2024-09-01", "2027-03-01",
     ["udsatte-familier", "smaaborn"],
     ["fam-myndighed", "familiehuset", "sundhedspleje", "dagpleje", "skole-fjordby", "ppr"]),
    ("skolefravaer-procedure", "Procedure ved bekymrende skolefravær", "method",
     "Hvornår skolen kontakter familieafdelingen, og hvem der holder det første fælles møde.",
     "skoleafd", None, "agreed", "2025-08-15", "2026-12-31",
     ["skolefravaer"],
     ["skole-fjordby", "skole-noerremark", "fam-myndighed", "ppr"]),
    ("overgang-procedure", "Overgangsprocedure fra dagtilbud til skole", "method",
     "Overleveringssamtaler og fælles besøg, så skolen kender barnet før første skoledag.",
     "dagtilbudsafd", None, "draft", None, None,
     ["overgang-skole"],
     ["bh-solsikken", "bh-maagen", "skole-fjordby"]),
    ("udskrivningsforloeb", "Fælles udskrivningsforløb", "method",
     "Aftalt rækkefølge for varsling, visitation, sygepleje og hjælp på udskrivningsdagen.",
     "sundhedsafd", "sundhedsafd", "practised", "2023-03-01", "2025-12-31",
     ["udskrivning"],
     ["regionshospital", "visitation", "hjemmesygepleje", "hjemmepleje-syd"]),
    ("ips", "IPS – individuelt planlagt job med støtte", "method",
     "Jobkonsulent og bostøtte arbejder sammen om ordinært job som en del af recovery.",
     "jobcenter", "jobcenter", "agreed", "2026-02-01", "2027-02-01",
     ["psykisk-misbrug"],
     ["jc-aktivitetsparate", "socialpsykiatri"]),
    ("fit", "FIT – Feedback Informed Treatment", "method",
     "Løbende feedback fra familien om fremskridt og samarbejde; bruges i afdelingens egne sager.",
     "familieafd", "familieafd", "practised", "2022-06-01", "2027-06-01",
     [],
     ["fam-myndighed", "familiehuset"]),
    ("loeft", "LØFT-samtaler", "method",
     "Løsningsfokuseret samtalemetode, som jobcenter og socialrådgivere bruger i fælles samtaler.",
     "jobcenter", "jobcenter", "practised", "2024-04-01", "2027-01-31",
     ["kontanthjaelp"],
     ["jc-aktivitetsparate", "voksen-myndighed"]),
    ("relationel-koordinering", "Relationel koordinering i ældrenetværket", "knowledge",
     "Faste tværfaglige møder og målinger af relationel koordinering mellem de faggrupper, "
     "der møder den ældre medicinske patient.",
     "sundhedsafd", None, "practised", "2024-11-01", None,
     ["aeldre-medicinske"],
     ["hjemmepleje-nord", "hjemmesygepleje", "genoptraening", "praktiserende-laeger"]),
    ("koblingsmoeder", "Koblingsmøder mellem jobcenter og socialafdeling", "knowledge",
     "Idé: medarbejdere besøger hinandens afdelinger og lærer hinandens opgaver at kende.",
     None, None, "idea", None, None,
     ["kontanthjaelp", "psykisk-misbrug"],
     ["jc-aktivitetsparate", "voksen-myndighed", "misbrugscenter"]),
    ("sos", "Signs of Safety (SOS) i ungesager", "method",
     "Fælles metode til at kortlægge bekymringer og ressourcer sammen med den unge og familien.",
     None, "kui", "agreed", "2025-10-01", "2026-10-01",
     ["unge-udsatte"],
     ["kui", "fam-myndighed", "ungdomsskole"]),
    ("faelles-maal-job-uddannelse", "Fælles mål om job og uddannelse", "perspective",
     "Udkast: alle afdelinger arbejder mod uddannelse eller job, også for dem længst væk.",
     "ab", None, "draft", None, None,
     ["unge-udsatte", "kontanthjaelp"],
     ["kui", "ungdomsskole", "voksen-myndighed", "erhvervsskole", "jc-aktivitetsparate"]),
    ("hverdagsrehabilitering", "Fælles rehabiliterende tilgang", "perspective",
     "Hjælp til selvhjælp først: visitation, hjemmepleje og genoptræning sætter fælles mål "
     "med borgeren.",
     "aeldreafd", "aeldreafd", "practised", "2024-01-15", "2027-01-15",
     ["hverdagsrehab"],
     ["hjemmepleje-nord", "genoptraening", "visitation"]),
    ("en-indgang-byggeri-miljoe", "Én indgang for bygge- og miljøsager", "method",
     "Byggesager og Miljø og Natur behandler sager med begge aspekter i ét samlet forløb.",
     "tm", "tm", "agreed", "2025-05-01", "2026-11-30",
     ["byggeri-miljoe"],
     ["byggesager", "miljoe"]),
]

# Relations: (unit_a, unit_b, rc_score, note)
RELATIONS: list[tuple[str, str, float | None, str]] = [
    ("fam-myndighed", "familiehuset", 4.5, "Samme afdeling, dagligt samarbejde"),
    ("fam-myndighed", "skole-fjordby", 4.1, "Fast skolesocialrådgiver på skolen"),
    ("fam-myndighed", "skole-noerremark", 3.3, "Ventetid på svar efter underretninger"),
    ("fam-myndighed", "ppr", 4.0, ""),
    ("fam-myndighed", "jc-aktivitetsparate", 3.0, "Parallelle planer for barn og forælder"),
    ("fam-myndighed", "misbrugscenter", 3.6, ""),
    ("familiehuset", "jc-aktivitetsparate", None, "Mødes ved netværksmøder"),
    ("familiehuset", "misbrugscenter", 3.8, "Fælles forældregruppe"),
    ("ppr", "skole-noerremark", 4.0, ""),
    ("ppr", "skole-havnevej", 3.7, ""),
    ("skole-havnevej", "skole-fjordby", 4.0, "Skoleledernetværk"),
    ("skole-havnevej", "skole-noerremark", 3.9, "Skoleledernetværk"),
    ("sundhedspleje", "familiehuset", 4.3, ""),
    ("sundhedspleje", "dagpleje", 3.8, ""),
    ("familiehuset", "dagpleje", 3.9, ""),
    ("bh-maagen", "skole-havnevej", 4.2, "Nabo-institutioner"),
    ("bh-solsikken", "skole-fjordby", 3.9, ""),
    ("jc-aktivitetsparate", "voksen-myndighed", 3.1, "Uenighed om hvornår job er realistisk"),
    ("voksen-myndighed", "misbrugscenter", 3.7, ""),
    ("voksen-myndighed", "socialpsykiatri", 4.2, ""),
    ("misbrugscenter", "socialpsykiatri", 4.0, "Dobbeltdiagnoseteam"),
    ("misbrugscenter", "praktiserende-laeger", 2.8, "Svært at nå lægen om medicin"),
    ("socialpsykiatri", "praktiserende-laeger", 3.7, ""),
    ("hjemmepleje-nord", "genoptraening", 4.1, ""),
    ("hjemmepleje-nord", "visitation", 3.9, ""),
    ("genoptraening", "visitation", 4.4, "Fælles visitationsmøde hver uge"),
    ("hjemmepleje-nord", "hjemmesygepleje", 3.8, ""),
    ("hjemmepleje-nord", "regionshospital", 2.9, "Manglende besked ved udskrivning"),
    ("hjemmepleje-nord", "omsorg-plus", 3.6, ""),
    ("genoptraening", "omsorg-plus", 3.7, ""),
    ("hjemmesygepleje", "omsorg-plus", 3.8, ""),
    ("hjemmesygepleje", "regionshospital", 3.6, ""),
    ("praktiserende-laeger", "regionshospital", 3.7, "Epikriser kommer sent"),
    ("regionshospital", "visitation", 3.0, "Udskrivning sker ofte sent om eftermiddagen"),
    ("kui", "erhvervsskole", 4.2, ""),
    ("kui", "bup", 3.8, ""),
    ("kui", "voksen-myndighed", 3.6, ""),
    ("bup", "fam-myndighed", 4.0, ""),
    ("voksen-myndighed", "fam-myndighed", 3.8, "Overgang ved 18 år"),
    ("byggesager", "miljoe", 4.0, "Fælles sagsmøde hver tirsdag"),
]

# Decisions the leaders recorded: (finding_id, status, owner_unit_id, due, decided_on,
#                                   decided_by, note)
DECISIONS: list[tuple[str, str, str | None, str | None, str | None, str, str]] = [
    ("HK301:kontanthjaelp", "decided", "ab", "2027-03-31", "2026-10-15", "Direktionen",
     "Fælles workshop om recovery og job for jobcenter og socialområdet; IPS udbredes."),
    ("HK101:overgang-skole", "proposed", "dagtilbudsafd", "2027-01-31", None, "",
     "Forslag: gør overgangsproceduren færdig og få skolerne med."),
    ("HK402:jc-aktivitetsparate+voksen-myndighed", "in_progress", "jobcenter", "2027-02-28",
     "2026-09-01", "Kasper Holm-Nielsen og Mette Vinther", "Fælles sagsgennemgang hver måned."),
    ("HK202:skolefravaer", "done", "skoleafd", "2026-08-01", "2026-05-20", "Børn og Unge",
     "Skoleafdelingen koordinerer nu indsatsen ved bekymrende fravær."),
    ("HK601:vej-park", "accepted", "tm", None, "2026-06-10", "Teknik og Miljø",
     "Driftsområde med holdledere i praksis; spændet er accepteret."),
]

UNIT_COLS = ("id", "name", "sector", "parent_id", "leader", "staff_count", "description")
DECISION_COLS = ("finding_id", "status", "owner_unit_id", "due", "decided_on", "decided_by",
                 "note")
GROUP_COLS = ("id", "name", "description", "lead_unit_id", "est_size")
PRINCIPLE_COLS = ("id", "name", "kind", "description", "owner_unit_id", "funding_unit_id",
                  "status", "agreed_on", "review_by", "group_ids")
# fmt: on


def _unit(row: tuple[Any, ...], external: bool) -> dict[str, Any]:
    out = dict(zip(UNIT_COLS, row, strict=True))
    leaders, level, parallel = UNIT_EXTRAS.get(out["id"], (None, None, ""))
    out["leader_count"], out["level"], out["parallel_set"] = leaders, level, parallel
    out["external"] = external
    out["description"] = out.pop("description")  # keep the interchange column order
    return out


def build() -> dict[str, Any]:
    """Return the example map as an interchange JSON document (columns in their usual order)."""
    units = [_unit(row, False) for row in UNITS]
    units += [_unit((i, n, "Ekstern", None, lead, None, d), True) for i, n, lead, d in EXTERNALS]
    return {
        "name": NAME,
        "units": units,
        "citizen_groups": [dict(zip(GROUP_COLS, row, strict=True)) for row in GROUPS],
        "services": [
            {"unit_id": u, "group_id": g, "goal": goal, "paradigm": par}
            for g, rows in SERVICES.items()
            for u, goal, par in rows
        ],
        "principles": [dict(zip(PRINCIPLE_COLS, row[:10], strict=True)) for row in PRINCIPLES],
        "adoptions": [
            {"principle_id": row[0], "unit_id": u} for row in PRINCIPLES for u in row[10]
        ],
        "relations": [
            {"unit_a": a, "unit_b": b, "rc_score": score, "note": note}
            for a, b, score, note in RELATIONS
        ],
        "decisions": [dict(zip(DECISION_COLS, row, strict=True)) for row in DECISIONS],
    }


def main() -> None:
    """Write data/example.json (UTF-8, stable key order, trailing newline)."""
    text = json.dumps(build(), ensure_ascii=False, indent=2)
    OUT.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
