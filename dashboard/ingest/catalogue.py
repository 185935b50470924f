"""The indicator catalogue: what each number means, in three languages, and where it comes from.

Kept as code beside the import so that a definition and the code that computes the number change
together; the import writes it to data/indicators.csv.
"""
from __future__ import annotations

from dataclasses import dataclass, field

COMPARABILITY_CLASSES = ("comparable", "caveat", "within_country")

THEMES = ("population", "labour", "education", "economy", "tourism", "housing", "finance")


@dataclass(frozen=True)
class Indicator:
    id: str
    theme: str
    unit: str
    decimals: int
    direction: str  # higher_better | lower_better | neutral
    kind: str  # ratio | count
    name: tuple[str, str, str]  # sl, de, en
    definition: tuple[str, str, str]
    source_si: str = ""
    source_at: str = ""
    source_regions: str = ""
    comparability: tuple[str, str, str] = field(default=("", "", ""))
    # comparable | caveat (comparable with a stated caveat) | within_country (never one scale for SI and AT)
    comparability_class: str = "comparable"
    # True when values can be negative by definition (a balance or a rate of change): no index to a
    # base year, no "x times" readings
    signed: bool = False


_AEST = "Statistik Austria OGDEXT_AEST_GEMTAB_1"
_INCOME = "Statistik Austria Lohnsteuerstatistik (via DER STANDARD)"

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "population", "population", "persons", 0, "neutral", "count",
        ("Prebivalstvo", "Bevölkerung", "Population"),
        ("Število prebivalcev na dan 1. januarja.",
         "Zahl der Einwohnerinnen und Einwohner am 1. Jänner.",
         "Number of inhabitants on 1 January."),
        "SURS 2640010S, 05C5003S", "Statistik Austria POPREG (Bevölkerungsstand 1.1.)",
        "Eurostat demo_r_pjanaggr3",
    ),
    Indicator(
        "density", "population", "per_km2", 1, "neutral", "ratio",
        ("Gostota poselitve", "Bevölkerungsdichte", "Population density"),
        ("Prebivalci 1. januarja na km² površine, izračunane iz mej občin na enak način na obeh straneh meje.",
         "Einwohner am 1. Jänner je km² Fläche; die Fläche ist auf beiden Seiten der Grenze gleich aus den Gemeindegrenzen berechnet.",
         "Inhabitants on 1 January per km² of area; the area is computed the same way on both sides of the border from the municipal boundaries."),
        "SURS 05C5003S / 2640010S + GURS RPE", "Statistik Austria POPREG + Statistik Austria Gemeindegrenzen",
        "Eurostat demo_r_pjanaggr3 + GURS / Statistik Austria",
    ),
    Indicator(
        "natural_increase_rate", "population", "per_1000", 1, "higher_better", "ratio",
        ("Naravni prirast na 1.000 prebivalcev", "Geburtenbilanz je 1.000 Einwohner", "Natural increase per 1,000 inhabitants"),
        ("Živorojeni minus umrli v letu, na 1.000 prebivalcev (povprečje stanja 1. januarja tega in naslednjega leta).",
         "Lebendgeborene minus Gestorbene im Jahr, je 1.000 Einwohner (Mittel der Stände am 1. Jänner dieses und des folgenden Jahres).",
         "Live births minus deaths in the year, per 1,000 inhabitants (mean of the population on 1 January of this and the next year)."),
        "SURS 05I3002S", "Statistik Austria Bevölkerungsbewegung", "",
        signed=True,
    ),
    Indicator(
        "net_migration_rate", "population", "per_1000", 1, "higher_better", "ratio",
        ("Selitveni prirast na 1.000 prebivalcev", "Wanderungssaldo je 1.000 Einwohner", "Net migration per 1,000 inhabitants"),
        ("Priseljeni minus odseljeni (iz tujine in iz drugih občin) v letu, na 1.000 prebivalcev (povprečje stanja 1. januarja tega in naslednjega leta).",
         "Zuzüge minus Wegzüge (Ausland und andere Gemeinden) im Jahr, je 1.000 Einwohner (Mittel der Stände am 1. Jänner dieses und des folgenden Jahres).",
         "Arrivals minus departures (from abroad and from other municipalities) in the year, per 1,000 inhabitants (mean of the population on 1 January of this and the next year)."),
        "SURS 05I3002S", "Statistik Austria Bevölkerungsbewegung", "",
        ("Obe strani štejeta tudi selitve med občinami; v Avstriji so v tem vsebovane tudi selitve med avstrijskimi občinami, v Sloveniji med slovenskimi.",
         "Beide Seiten zählen auch Wanderungen zwischen Gemeinden mit (in Österreich zwischen österreichischen, in Slowenien zwischen slowenischen Gemeinden).",
         "Both sides include moves between municipalities (Austrian ones in Austria, Slovenian ones in Slovenia)."),
        comparability_class="caveat", signed=True,
    ),
    Indicator(
        "population_change_rate", "population", "per_1000", 1, "higher_better", "ratio",
        ("Skupni prirast na 1.000 prebivalcev", "Bevölkerungsveränderung je 1.000 Einwohner", "Population change per 1,000 inhabitants"),
        ("Naravni in selitveni prirast skupaj v letu, na 1.000 prebivalcev (povprečje stanja 1. januarja tega in naslednjega leta).",
         "Veränderung der Bevölkerung im Jahr, je 1.000 Einwohner (Mittel der Stände am 1. Jänner dieses und des folgenden Jahres).",
         "Change of the population during the year, per 1,000 inhabitants (mean of the population on 1 January of this and the next year)."),
        "SURS 05I3002S", "Statistik Austria Bevölkerungsbewegung", "",
        ("Avstrijska vrednost vključuje tudi statistične popravke registra (razlika stanj 1. 1.); slovenska je vsota naravnega in selitvenega prirasta.",
         "Der österreichische Wert enthält auch statistische Registerkorrekturen (Differenz der Stände am 1.1.); der slowenische ist Geburtenbilanz plus Wanderungssaldo.",
         "The Austrian value also contains statistical register corrections (difference of the 1 January populations); the Slovenian one is natural increase plus net migration."),
        comparability_class="caveat", signed=True,
    ),
    Indicator(
        "share_under_15", "population", "pct", 1, "neutral", "ratio",
        ("Delež prebivalcev, mlajših od 15 let", "Anteil der unter 15-Jährigen", "Share of population under 15"),
        ("Prebivalci, stari 0–14 let, v % vseh prebivalcev na dan 1. januarja.",
         "Einwohner im Alter von 0–14 Jahren in % aller Einwohner am 1. Jänner.",
         "Inhabitants aged 0–14 as % of all inhabitants on 1 January."),
        "SURS 2640010S; 05G2018S + 05C5003S (izpeljano)", "Statistik Austria Bevölkerungsstand nach Alter (1.1.)",
        "Eurostat demo_r_pjanaggr3",
        ("Slovenija 2011–2024: izračunano kot (vsi prebivalci − prebivalci 15+) / vsi prebivalci; slovenski regiji 2003–2010 in Slovenija 2000–2010: izračunano iz števil Eurostata (demo_r_pjanaggr3), ki so od 2011 enaka SURS; Avstrija: za občine izven partnerskih samo 2011 in 2025.",
         "Slowenien 2011–2024: berechnet als (Einwohner − Einwohner 15+) / Einwohner; slowenische Regionen 2003–2010 und Slowenien 2000–2010: berechnet aus den Eurostat-Zahlen (demo_r_pjanaggr3), die ab 2011 mit SURS übereinstimmen; Österreich: außerhalb der Partnergemeinden nur 2011 und 2025.",
         "Slovenia 2011–2024: computed as (inhabitants − inhabitants 15+) / inhabitants; Slovenian regions 2003–2010 and Slovenia 2000–2010: computed from Eurostat counts (demo_r_pjanaggr3), which equal SURS's from 2011; Austria: outside the partner towns only 2011 and 2025."),
    ),
    Indicator(
        "share_65_plus", "population", "pct", 1, "neutral", "ratio",
        ("Delež prebivalcev, starih 65 let ali več", "Anteil der 65-Jährigen und Älteren", "Share of population aged 65+"),
        ("Prebivalci, stari 65 let ali več, v % vseh prebivalcev na dan 1. januarja.",
         "Einwohner ab 65 Jahren in % aller Einwohner am 1. Jänner.",
         "Inhabitants aged 65 or over as % of all inhabitants on 1 January."),
        "SURS 2640010S; 2640010S + 05G2018S + 05C5003S (izpeljano 2011–2021)",
        "Statistik Austria Bevölkerungsstand nach Alter (1.1.)", "Eurostat demo_r_pjanaggr3",
        ("Slovenske občine: objavljeno le za 2025; 2011–2021 izračunano kot indeks staranja × (vsi prebivalci − prebivalci 15+) / 100 / vsi prebivalci (indeks je zaokrožen na 0,1, zato je delež točen na ±0,011 odstotne točke). Slovenski regiji (2003–2022) in Slovenija (2000–2022): izračunano iz števil Eurostata.",
         "Slowenische Gemeinden: veröffentlicht nur für 2025; 2011–2021 berechnet als Alterungsindex × (Einwohner − Einwohner 15+) / 100 / Einwohner (der Index ist auf 0,1 gerundet, der Anteil daher auf ±0,011 Prozentpunkte genau). Slowenische Regionen (2003–2022) und Slowenien (2000–2022): berechnet aus den Eurostat-Zahlen.",
         "Slovenian municipalities: published for 2025 only; 2011–2021 computed as ageing index × (inhabitants − inhabitants 15+) / 100 / inhabitants (the index is rounded to 0.1, so the share is exact to ±0.011 points). Slovenian regions (2003–2022) and Slovenia (2000–2022): computed from Eurostat counts."),
    ),
    Indicator(
        "ageing_index", "population", "index", 1, "lower_better", "ratio",
        ("Indeks staranja", "Alterungsindex", "Ageing index"),
        ("Prebivalci, stari 65 let ali več, na 100 prebivalcev, starih 0–14 let, na dan 1. januarja.",
         "Einwohner ab 65 Jahren je 100 Einwohner im Alter von 0–14 Jahren am 1. Jänner.",
         "Inhabitants aged 65 or over per 100 inhabitants aged 0–14, on 1 January."),
        "SURS 2640010S", "Statistik Austria Bevölkerungsstand nach Alter (1.1.)", "Eurostat demo_r_pjanaggr3",
    ),
    Indicator(
        "employment_rate", "labour", "pct", 1, "higher_better", "ratio",
        ("Stopnja delovne aktivnosti (15–64)", "Erwerbstätigenquote (15–64)", "Employment rate (15–64)"),
        ("Delovno aktivni v % prebivalcev, starih 15–64 let, po registrskih virih.",
         "Erwerbstätige in % der Bevölkerung im Alter von 15–64 Jahren, aus Registerdaten.",
         "Persons in employment as % of the population aged 15–64, from registers."),
        "SURS 0772815S", _AEST, "SURS 0772820S",
        ("Slovenija: statistični register delovno aktivnega prebivalstva (SRDAP), en podatek na leto; Avstrija: registrski popis (AEST) s stanjem 31. oktobra. Avstrijske občine: v letih 2015–2021 in 2023 vse, v letih 2011–2014 le tiste brez spremembe ozemlja leta 2015, leta 2022 le partnerske občine; za Fürstenfeld (od 2025 združen z občino Söchau) ni podatkov.",
         "Slowenien: Statistisches Register der Erwerbstätigen (SRDAP), ein Wert pro Jahr; Österreich: Abgestimmte Erwerbsstatistik (AEST), Stichtag 31. Oktober. Österreichische Gemeinden: 2015–2021 und 2023 alle, 2011–2014 nur jene ohne Gebietsänderung 2015, 2022 nur die Partnergemeinden; für Fürstenfeld (seit 2025 mit Söchau) gibt es keine Werte.",
         "Slovenia: statistical register of persons in employment (SRDAP), one value per year; Austria: register-based labour-force census (AEST) on 31 October. Austrian municipalities: all in 2015–2021 and 2023, in 2011–2014 only those whose territory did not change in 2015, in 2022 only the partner towns; no values for Fürstenfeld (merged with Söchau in 2025)."),
        comparability_class="caveat",
    ),
    Indicator(
        "unemployment_rate", "labour", "pct", 1, "lower_better", "ratio",
        ("Stopnja brezposelnosti", "Arbeitslosenquote", "Unemployment rate"),
        ("Brezposelni v % aktivnega prebivalstva.",
         "Arbeitslose in % der Erwerbspersonen.",
         "Unemployed persons as % of the active population."),
        "SURS (07009) stopnja registrirane brezposelnosti", _AEST, "",
        ("Različna pojma: Slovenija = registrirana brezposelnost (ZRSZ), letno povprečje, 2005–2016; Avstrija = brezposelnost po konceptu registrskega popisa (AEST, 31. oktober), 2011–2023. Vrednosti obeh držav niso neposredno primerljive.",
         "Unterschiedliche Konzepte: Slowenien = registrierte Arbeitslosigkeit (ZRSZ), Jahresdurchschnitt, 2005–2016; Österreich = Arbeitslosigkeit nach dem Konzept der Abgestimmten Erwerbsstatistik (31. Oktober), 2011–2023. Die Werte beider Länder sind nicht direkt vergleichbar.",
         "Different concepts: Slovenia = registered unemployment (employment service ZRSZ), annual average, 2005–2016; Austria = unemployment in the register-based labour-force census (AEST, 31 October), 2011–2023. Values of the two countries are not directly comparable."),
        comparability_class="within_country",
    ),
    Indicator(
        "out_commuter_share", "labour", "pct", 1, "neutral", "ratio",
        ("Delež delavcev, ki delajo izven občine", "Auspendleranteil", "Out-commuter share"),
        ("Delovno aktivni prebivalci, ki delajo izven občine prebivališča, v % vseh delovno aktivnih prebivalcev.",
         "Erwerbstätige, die außerhalb ihrer Wohngemeinde arbeiten, in % aller erwerbstätigen Einwohner.",
         "Employed residents working outside their municipality of residence as % of all employed residents."),
        "SURS 0772750S", _AEST, "",
        ("Delež je močno odvisen od velikosti občine: avstrijske občine so v povprečju približno za polovico manjše od slovenskih, zato več njihovih delovno aktivnih prebivalcev dela v drugi občini. Primerjajte previdno, najbolje znotraj iste države. Slovenija brez kmetov; Avstrija: stanje 31. oktobra.",
         "Der Anteil hängt stark von der Gemeindegröße ab: Österreichische Gemeinden sind im Schnitt nur etwa halb so groß wie slowenische, daher arbeiten mehr ihrer Erwerbstätigen in einer anderen Gemeinde. Mit Vorsicht und am besten innerhalb eines Landes vergleichen. Slowenien ohne Landwirte; Österreich: Stand 31. Oktober.",
         "The share depends strongly on municipality size: Austrian municipalities are on average only about half as large as Slovenian ones, so more of their employed residents cross a municipal boundary to work. Compare with care and preferably within one country. Slovenia excludes farmers; Austria: as of 31 October."),
        comparability_class="caveat",
    ),
    Indicator(
        "labour_migration_index", "labour", "index", 1, "higher_better", "ratio",
        ("Indeks delovne migracije", "Arbeitsplatzindex (Pendlerindex)", "Labour-migration index"),
        ("Delovno aktivni po občini delovnega mesta na 100 delovno aktivnih po občini prebivališča (nad 100 = zaposlitveno središče).",
         "Erwerbstätige am Arbeitsort je 100 Erwerbstätige am Wohnort (über 100 = Einpendlerzentrum).",
         "Persons employed at their workplace in the municipality per 100 employed residents (above 100 = job centre)."),
        "SURS 0772750S", "", "SURS 0772755S",
        ("Samo Slovenija: SURS ga objavlja za delovno aktivne brez kmetov, za avstrijske občine ga ni. Za Avstrijo glej ‘delovna mesta na 1.000 prebivalcev’.",
         "Nur Slowenien: SURS veröffentlicht den Index für Erwerbstätige ohne Landwirte, für österreichische Gemeinden gibt es ihn nicht. Für Österreich siehe ‚Arbeitsplätze je 1.000 Einwohner‘.",
         "Slovenia only: SURS publishes it for persons in employment excluding farmers; there is no such index for Austrian municipalities. For Austria see 'jobs per 1,000 inhabitants'."),
        comparability_class="within_country",
    ),
    Indicator(
        "jobs_per_1000", "labour", "per_1000", 0, "higher_better", "ratio",
        ("Delovna mesta na 1.000 prebivalcev", "Arbeitsplätze je 1.000 Einwohner", "Jobs per 1,000 inhabitants"),
        ("Delovno aktivni po občini delovnega mesta na 1.000 prebivalcev.",
         "Erwerbstätige am Arbeitsort je 1.000 Einwohner.",
         "Persons employed at a workplace in the municipality per 1,000 inhabitants."),
        "SURS 0772750S + 0723405S (izpeljano 2008–2023); 2640010S (2025)", _AEST,
        "SURS 0772750S + 0723405S (izpeljano); " + _AEST + " (sum of municipalities)",
        ("Slovenija 2008–2023 izračunano: indeks delovne migracije (0772750S, na 0,1) / 100 × delovno aktivni prebivalci brez kmetov (0723405S), na 1.000 prebivalcev 1. 1. (napaka zaradi zaokroževanja indeksa pod 0,3); 2025 objavljeno (delovno aktivni po delovnem mestu, s kmeti) – razlika med 2023 in 2025 vključuje to spremembo opredelitve. Avstrija 31. oktober (zaposleni na delovnem mestu / prebivalci).",
         "Slowenien 2008–2023 berechnet: Arbeitsmigrationsindex (0772750S, auf 0,1) / 100 × Erwerbstätige Einwohner ohne Landwirte (0723405S), je 1.000 Einwohner am 1.1. (Rundungsfehler des Index unter 0,3); 2025 veröffentlicht (Erwerbstätige am Arbeitsort, mit Landwirten) – der Schritt von 2023 auf 2025 enthält diese Änderung der Abgrenzung. Österreich 31. Oktober (Beschäftigte am Arbeitsort / Einwohner).",
         "Slovenia 2008–2023 computed: labour-migration index (0772750S, to 0.1) / 100 × employed residents without farmers (0723405S), per 1,000 inhabitants on 1 January (error from the rounded index below 0.3); 2025 published (persons in employment by workplace, farmers included) – the step from 2023 to 2025 includes this change of definition. Austria 31 October (persons employed at the workplace / inhabitants)."),
        comparability_class="caveat",
    ),
    Indicator(
        "tertiary_share", "education", "pct", 1, "higher_better", "ratio",
        ("Delež prebivalcev s terciarno izobrazbo", "Anteil mit Tertiärabschluss", "Tertiary-educated share"),
        ("Prebivalci, stari 15 let ali več, s terciarno izobrazbo v % vseh prebivalcev te starosti (Slovenija: višješolska ali visokošolska izobrazba; Avstrija: univerza, visoka strokovna šola (FH) ali akademija).",
         "Einwohner ab 15 Jahren mit Tertiärabschluss in % aller Einwohner dieses Alters (Slowenien: höhere Fachschule oder Hochschule; Österreich: Universität, Fachhochschule oder Akademie).",
         "Inhabitants aged 15 or over with tertiary education as % of all inhabitants of that age (Slovenia: short-cycle higher vocational or higher education; Austria: university, university of applied sciences (FH) or academy)."),
        "SURS 05G2018S", _AEST, "SURS 05G2018S",
        ("Ni primerljivo: avstrijski podatek zajema le diplome univerz, visokih strokovnih šol (FH) in akademij, ne pa mature petletnih strokovnih šol (BHS) in mojstrskih izpitov, ki jih mednarodna statistika uvršča v raven ISCED 5; slovenski zajema tudi višješolsko izobrazbo. Zato je delež na ravni države v Avstriji 11,6–13,3 %, v Sloveniji pa 17,5–21,3 % (2011–2015), in vsaka slovenska občina bi bila uvrščena pred vsako avstrijsko. Slovenija: stanje 1. januarja; Avstrija: 31. oktobra.",
         "Nicht vergleichbar: Der österreichische Wert zählt nur Abschlüsse von Universitäten, Fachhochschulen und Akademien, nicht aber BHS-Matura und Meisterprüfung, die in der internationalen Statistik zu ISCED 5 zählen; der slowenische enthält auch höhere Fachschulen. National liegt Österreich daher bei 11,6–13,3 %, Slowenien bei 17,5–21,3 % (2011–2015), und jede slowenische Gemeinde läge vor jeder österreichischen. Slowenien: Stand 1. Jänner; Österreich: 31. Oktober.",
         "Not comparable: the Austrian figure counts only university, FH and academy degrees and excludes the BHS Matura and master-craftsman (Meister) qualifications, which international statistics count as ISCED 5; the Slovenian figure also includes short-cycle higher vocational education. Nationally Austria therefore shows 11.6–13.3 % against Slovenia's 17.5–21.3 % (2011–2015), and every Slovenian town would rank above every Austrian one. Slovenia: as of 1 January; Austria: 31 October."),
        comparability_class="within_country",
    ),
    Indicator(
        "enterprises_per_1000", "economy", "per_1000", 1, "higher_better", "ratio",
        ("Podjetja na 1.000 prebivalcev", "Unternehmen je 1.000 Einwohner", "Enterprises per 1,000 inhabitants"),
        ("Število podjetij s sedežem v občini na 1.000 prebivalcev.",
         "Zahl der Unternehmen mit Sitz in der Gemeinde je 1.000 Einwohner.",
         "Number of enterprises with their seat in the municipality per 1,000 inhabitants."),
        "SURS 1418807S", _AEST, "SURS 1418807S; " + _AEST + " (sum of municipalities)",
        ("Opredelitev podjetja se nekoliko razlikuje (SURS: statistični poslovni register; Avstrija: podjetja v AEST, 31. oktober).",
         "Die Abgrenzung des Unternehmens unterscheidet sich leicht (SURS: statistisches Unternehmensregister; Österreich: Unternehmen der AEST, 31. Oktober).",
         "The definition of an enterprise differs slightly (SURS: statistical business register; Austria: enterprises in the AEST, 31 October)."),
        comparability_class="caveat",
    ),
    Indicator(
        "gross_earnings", "economy", "eur_per_month", 0, "higher_better", "ratio",
        ("Povprečna mesečna bruto plača", "Durchschnittlicher Bruttomonatsverdienst", "Average gross monthly earnings"),
        ("Povprečna mesečna bruto plača na zaposleno osebo v EUR.",
         "Durchschnittlicher Bruttomonatsverdienst je unselbständig beschäftigter Person in EUR.",
         "Average gross monthly earnings per person in paid employment, EUR."),
        "SURS 2640010S, 0772615S", "", "",
        ("Samo Slovenija: plača se pripiše občini delodajalca (kraju dela), ne občini prebivališča, zato opisuje delovna mesta v občini, ne njenih prebivalcev. Objavljeno za 2005–2020 (2005–2007 iz 0772615S, ki je v letih 2008–2019 enaka 2640010S) in 2025; za avstrijske občine primerljivih podatkov ni.",
         "Nur Slowenien: Der Verdienst wird der Gemeinde des Arbeitgebers (Arbeitsort) zugeordnet, nicht der Wohngemeinde; er beschreibt also die Arbeitsplätze in der Gemeinde, nicht ihre Einwohner. Veröffentlicht für 2005–2020 (2005–2007 aus 0772615S, in 2008–2019 identisch mit 2640010S) und 2025; für österreichische Gemeinden gibt es keine vergleichbaren Daten.",
         "Slovenia only: earnings are assigned to the employer's municipality (place of work), not to the place of residence, so the figure describes the jobs in a municipality rather than its inhabitants. Published for 2005–2020 (2005–2007 from 0772615S, identical to 2640010S in 2008–2019) and 2025; no comparable data exist for Austrian municipalities."),
        comparability_class="within_country",
    ),
    Indicator(
        "gross_income_per_capita", "economy", "eur_per_capita", 0, "higher_better", "ratio",
        ("Bruto prejeti dohodek na prebivalca", "Bruttoeinkommen je Einwohner", "Gross income per inhabitant"),
        ("Povprečni letni bruto dohodek (delo, pokojnine, socialni prejemki, premoženje) na prebivalca v EUR.",
         "Durchschnittliches jährliches Bruttoeinkommen (Arbeit, Pensionen, Sozialleistungen, Vermögen) je Einwohner in EUR.",
         "Average yearly gross income (work, pensions, social benefits, property) per inhabitant, EUR."),
        "SURS 0883205S", "", "SURS 0883203S",
        ("Samo Slovenija: Statistik Austria za občine ne objavlja dohodka prebivalcev iz vseh virov (delo, pokojnine, socialni prejemki, premoženje), zato primerljivega avstrijskega podatka ni.",
         "Nur Slowenien: Statistik Austria veröffentlicht für Gemeinden kein Einkommen der Bevölkerung aus allen Quellen (Arbeit, Pensionen, Sozialleistungen, Vermögen); einen vergleichbaren österreichischen Wert gibt es daher nicht.",
         "Slovenia only: Statistik Austria publishes no municipal figure for the population's income from all sources (work, pensions, social benefits, property), so there is no comparable Austrian value."),
        comparability_class="within_country",
    ),
    Indicator(
        "gdp_per_inhabitant", "economy", "eur_per_capita", 0, "higher_better", "ratio",
        ("BDP na prebivalca", "BIP je Einwohner", "GDP per inhabitant"),
        ("Bruto domači proizvod po tekočih cenah na prebivalca v EUR (regije NUTS 3).",
         "Bruttoinlandsprodukt zu laufenden Preisen je Einwohner in EUR (NUTS-3-Regionen).",
         "Gross domestic product at current market prices per inhabitant, EUR (NUTS 3 regions)."),
        "", "", "Eurostat nama_10r_3gdp",
        ("V EUR po tekočih cenah: ravni cen se med državama razlikujeta, zato je za primerjavo čez mejo primernejši BDP na prebivalca v standardih kupne moči (SKM). Samo za regije NUTS 3; dnevne migracije med regijami zvišajo BDP na prebivalca tam, kjer ljudje delajo, in ga znižajo tam, kjer živijo.",
         "In EUR zu laufenden Preisen: Das Preisniveau ist in beiden Ländern unterschiedlich, für einen fairen Vergleich über die Grenze eignet sich daher das BIP je Einwohner in Kaufkraftstandards (KKS). Nur für NUTS-3-Regionen; Pendeln zwischen Regionen erhöht das BIP je Einwohner dort, wo gearbeitet wird, und senkt es dort, wo die Pendler wohnen.",
         "EUR at current prices: price levels differ between the two countries, so GDP per inhabitant in purchasing power standards (PPS) is the fairer cross-border measure. NUTS 3 regions only; commuting between regions raises GDP per inhabitant where people work and lowers it where they live."),
        comparability_class="caveat",
    ),
    Indicator(
        "gdp_pps_per_inhabitant", "economy", "pps_per_capita", 0, "higher_better", "ratio",
        ("BDP na prebivalca v SKM", "BIP je Einwohner in KKS", "GDP per inhabitant in PPS"),
        ("Bruto domači proizvod po tekočih cenah na prebivalca v standardih kupne moči (SKM, EU27 od 2020), ki izravnajo razlike v ravni cen med državami (regije NUTS 3).",
         "Bruttoinlandsprodukt zu laufenden Preisen je Einwohner in Kaufkraftstandards (KKS, EU27 ab 2020), die Unterschiede im Preisniveau zwischen den Ländern ausgleichen (NUTS-3-Regionen).",
         "Gross domestic product at current market prices per inhabitant in purchasing power standards (PPS, EU27 from 2020), which remove differences in price levels between countries (NUTS 3 regions)."),
        "", "", "Eurostat nama_10r_3gdp",
    ),
    Indicator(
        "net_income_fulltime_median", "economy", "eur_per_year", 0, "higher_better", "ratio",
        ("Mediana neto letnih prejemkov zaposlenih za polni delovni čas", "Median der Nettojahresbezüge ganzjährig Vollzeitbeschäftigter",
         "Median net annual pay of full-time, full-year employees"),
        ("Mediana letnih neto prejemkov (po odbitku prispevkov za socialno varnost in davka, vključno s 13. in 14. plačo) zaposlenih, ki so vse leto delali s polnim delovnim časom, po občini prebivališča, v EUR.",
         "Median der Nettojahresbezüge (nach Sozialversicherungsbeiträgen und Lohnsteuer, inkl. 13. und 14. Bezug) der ganzjährig vollzeitbeschäftigten Arbeitnehmerinnen und Arbeitnehmer nach Wohngemeinde, in EUR.",
         "Median annual net pay (after social contributions and wage tax, including 13th and 14th salaries) of employees working full-time throughout the year, by municipality of residence, EUR."),
        "", _INCOME, _INCOME,
        ("Samo Avstrija (statistika davka na plače Statistik Austria, objavil jo je časnik DER STANDARD). V Sloveniji take statistike ni: bruto dohodek na prebivalca (vsi dohodki vseh prebivalcev) in povprečna plača po občini delodajalca sta drugačna pojma. Niso zajeti zaposleni s krajšim delovnim časom ali manj kot vse leto, upokojenci in samozaposleni. Za 2004–2014 le občine, ki jih reforma leta 2015 ni spremenila; Gutenberg in Passail od leta 2020; za Fürstenfeld (od 2025 združen s Söchauom) ni podatkov.",
         "Nur Österreich (Lohnsteuerstatistik der Statistik Austria, veröffentlicht von DER STANDARD). Für Slowenien gibt es keine solche Statistik: Bruttoeinkommen je Einwohner (alle Einkommen aller Einwohner) und Durchschnittsverdienst nach Gemeinde des Arbeitgebers sind andere Konzepte. Nicht erfasst sind Teilzeit- und nicht ganzjährig Beschäftigte, Pensionistinnen und Pensionisten sowie Selbständige. 2004–2014 nur Gemeinden, die die Reform 2015 nicht verändert hat; Gutenberg und Passail ab 2020; für Fürstenfeld (seit 2025 mit Söchau) keine Werte.",
         "Austria only (Statistik Austria wage-tax statistics, published by DER STANDARD). Slovenia has no such statistic: gross income per inhabitant (all income of all inhabitants) and average earnings by the employer's municipality are different concepts. Part-time and part-year employees, pensioners and the self-employed are not included. 2004–2014 only for municipalities the 2015 reform left unchanged; Gutenberg and Passail from 2020; no values for Fürstenfeld (merged with Söchau in 2025)."),
        comparability_class="within_country",
    ),
    Indicator(
        "gross_income_fulltime_median", "economy", "eur_per_year", 0, "higher_better", "ratio",
        ("Mediana bruto letnih prejemkov zaposlenih za polni delovni čas", "Median der Bruttojahresbezüge ganzjährig Vollzeitbeschäftigter",
         "Median gross annual pay of full-time, full-year employees"),
        ("Mediana letnih bruto prejemkov (pred odbitkom prispevkov za socialno varnost in davka, vključno s 13. in 14. plačo) zaposlenih, ki so vse leto delali s polnim delovnim časom, po občini prebivališča, v EUR.",
         "Median der Bruttojahresbezüge (vor Sozialversicherungsbeiträgen und Lohnsteuer, inkl. 13. und 14. Bezug) der ganzjährig vollzeitbeschäftigten Arbeitnehmerinnen und Arbeitnehmer nach Wohngemeinde, in EUR.",
         "Median annual gross pay (before social contributions and wage tax, including 13th and 14th salaries) of employees working full-time throughout the year, by municipality of residence, EUR."),
        "", _INCOME, _INCOME,
        ("Samo Avstrija (statistika davka na plače Statistik Austria, objavil jo je časnik DER STANDARD); bruto prejemki so na voljo do leta 2021. V Sloveniji take statistike ni: bruto dohodek na prebivalca (vsi dohodki vseh prebivalcev) in povprečna plača po občini delodajalca sta drugačna pojma. Niso zajeti zaposleni s krajšim delovnim časom ali manj kot vse leto, upokojenci in samozaposleni. Za 2004–2014 le občine, ki jih reforma leta 2015 ni spremenila; Gutenberg in Passail od leta 2020; za Fürstenfeld (od 2025 združen s Söchauom) ni podatkov.",
         "Nur Österreich (Lohnsteuerstatistik der Statistik Austria, veröffentlicht von DER STANDARD); Bruttobezüge liegen bis 2021 vor. Für Slowenien gibt es keine solche Statistik: Bruttoeinkommen je Einwohner (alle Einkommen aller Einwohner) und Durchschnittsverdienst nach Gemeinde des Arbeitgebers sind andere Konzepte. Nicht erfasst sind Teilzeit- und nicht ganzjährig Beschäftigte, Pensionistinnen und Pensionisten sowie Selbständige. 2004–2014 nur Gemeinden, die die Reform 2015 nicht verändert hat; Gutenberg und Passail ab 2020; für Fürstenfeld (seit 2025 mit Söchau) keine Werte.",
         "Austria only (Statistik Austria wage-tax statistics, published by DER STANDARD); gross pay is available up to 2021. Slovenia has no such statistic: gross income per inhabitant (all income of all inhabitants) and average earnings by the employer's municipality are different concepts. Part-time and part-year employees, pensioners and the self-employed are not included. 2004–2014 only for municipalities the 2015 reform left unchanged; Gutenberg and Passail from 2020; no values for Fürstenfeld (merged with Söchau in 2025)."),
        comparability_class="within_country",
    ),
    Indicator(
        "tourist_nights_per_inhabitant", "tourism", "nights_per_inhabitant", 1, "neutral", "ratio",
        ("Prenočitve turistov na prebivalca", "Nächtigungen je Einwohner", "Tourist nights per inhabitant"),
        ("Prenočitve domačih in tujih turistov v koledarskem letu na prebivalca (1. januar).",
         "Nächtigungen in- und ausländischer Gäste im Kalenderjahr je Einwohner (1. Jänner).",
         "Overnight stays of domestic and foreign tourists in the calendar year per inhabitant (1 January)."),
        "SURS 2164525S", "", "",
        ("Samo Slovenija (vse občine 2018, sicer izbrane občine); za avstrijske občine ni podatkov. Zaupni podatki niso objavljeni.",
         "Nur Slowenien (alle Gemeinden 2018, sonst ausgewählte Gemeinden); für österreichische Gemeinden keine Daten. Vertrauliche Werte sind nicht veröffentlicht.",
         "Slovenia only (all municipalities 2018, otherwise selected ones); no data for Austrian municipalities. Confidential values are not published."),
        comparability_class="within_country",
    ),
    Indicator(
        "avg_length_of_stay", "tourism", "nights_per_arrival", 1, "higher_better", "ratio",
        ("Povprečna doba bivanja turistov", "Durchschnittliche Aufenthaltsdauer", "Average length of stay"),
        ("Prenočitve na prihod turista.",
         "Nächtigungen je Ankunft.",
         "Overnight stays per tourist arrival."),
        "SURS 2164525S", "", "Land Steiermark (WIBIS), Statistik Austria Beherbergungsstatistik",
        ("Avstrija samo za regije NUTS 3 in turistično leto (november–oktober), Slovenija za občine in koledarsko leto. Avstrijskih regij in slovenskih občin zato ni mogoče razvrstiti skupaj.",
         "Österreich nur für NUTS-3-Regionen und Tourismusjahre (November–Oktober), Slowenien für Gemeinden und Kalenderjahre. Österreichische Regionen und slowenische Gemeinden lassen sich daher nicht gemeinsam reihen.",
         "Austria only for NUTS 3 regions and tourism years (November–October), Slovenia for municipalities and calendar years, so Austrian regions and Slovenian municipalities cannot be ranked together."),
        comparability_class="within_country",
    ),
    Indicator(
        "dwellings_completed_per_1000", "housing", "per_1000", 1, "higher_better", "ratio",
        ("Dokončana stanovanja na 1.000 prebivalcev", "Fertiggestellte Wohnungen je 1.000 Einwohner", "Dwellings completed per 1,000 inhabitants"),
        ("Ocena števila dokončanih stanovanj v letu na 1.000 prebivalcev (1. januar).",
         "Geschätzte Zahl der im Jahr fertiggestellten Wohnungen je 1.000 Einwohner (1. Jänner).",
         "Estimated number of dwellings completed in the year per 1,000 inhabitants (1 January)."),
        "SURS (ocena dokončanih stanovanj, 1906903S)", "", "SURS",
        ("Samo Slovenija (ocena SURS); za avstrijske občine podatkov o dokončanih stanovanjih ni, zato primerjava čez mejo ni mogoča.",
         "Nur Slowenien (Schätzung von SURS); für österreichische Gemeinden liegen keine Daten zu fertiggestellten Wohnungen vor, ein Vergleich über die Grenze ist daher nicht möglich.",
         "Slovenia only (SURS estimate); no data on completed dwellings are available for Austrian municipalities, so no cross-border comparison is possible."),
        comparability_class="within_country",
    ),
    Indicator(
        "municipal_spending_per_capita", "finance", "eur_per_capita", 0, "neutral", "ratio",
        ("Izdatki občine na prebivalca", "Gemeindeausgaben je Einwohner", "Municipal spending per inhabitant"),
        ("Vsi odhodki občinskega proračuna v letu na prebivalca (1. januar) v EUR.",
         "Gesamtausgaben des Gemeindehaushalts im Jahr je Einwohner (1. Jänner) in EUR.",
         "Total expenditure of the municipal budget in the year per inhabitant (1 January), EUR."),
        "Ministrstvo za finance (realizirani proračuni občin)",
        "Statistik Austria Gemeindefinanzen (via offenerhaushalt.at)", "Ministrstvo za finance",
        ("Različna računovodska sistema: Slovenija 2008–2014 iz realiziranih proračunov občin (skupni odhodki, II.), Avstrija 2010–2024 iz zaključnih računov (Rechnungsabschlüsse). Avstrijska vrsta ima leta 2020 prelom zaradi prehoda na VRV 2015, zato primerjajte le leta 2010–2019 med seboj in 2020–2024 med seboj. Za Fürstenfeld ni podatkov.",
         "Unterschiedliche Rechnungssysteme: Slowenien 2008–2014 aus den realisierten Gemeindehaushalten (Gesamtausgaben, II.), Österreich 2010–2024 aus den Rechnungsabschlüssen. Die österreichische Reihe hat 2020 einen Bruch durch die Umstellung auf die VRV 2015; vergleichbar sind nur die Jahre 2010–2019 bzw. 2020–2024 untereinander. Für Fürstenfeld gibt es keine Daten.",
         "Different accounting systems: Slovenia 2008–2014 from realised municipal budgets (total expenditure, II.), Austria 2010–2024 from closed accounts (Rechnungsabschlüsse). The Austrian series breaks in 2020 with the switch to VRV 2015, so compare 2010–2019 and 2020–2024 only among themselves. No data for Fürstenfeld."),
        comparability_class="within_country",
    ),
)

BY_ID = {i.id: i for i in INDICATORS}


def as_rows() -> list[dict]:
    rows = []
    for i in INDICATORS:
        row = {
            "id": i.id, "theme": i.theme, "unit": i.unit, "decimals": i.decimals,
            "direction": i.direction, "kind": i.kind, "signed": int(i.signed),
        }
        for k, lang in enumerate(("sl", "de", "en")):
            row[f"name_{lang}"] = i.name[k]
        for k, lang in enumerate(("sl", "de", "en")):
            row[f"definition_{lang}"] = i.definition[k]
        row.update(source_si=i.source_si, source_at=i.source_at, source_regions=i.source_regions)
        row["comparability_class"] = i.comparability_class
        for k, lang in enumerate(("sl", "de", "en")):
            row[f"comparability_{lang}"] = i.comparability[k]
        rows.append(row)
    return rows
