"""Lexical cues for each event code: a first, transparent sentence classifier.

Each code has patterns over the lower-cased sentence; a sentence may match several codes and
the taxonomy's precedence picks one (taxonomy.py). Patterns name the act, not the topic:
"protests" alone marks a protest, "tear gas" turns it into a protest with intervention.
"""

from __future__ import annotations

import re

CUES: dict[str, list[str]] = {
    "CHEM_WEAP": [r"\bchemical (?:weapon|attack|agent|munition)", r"\b(?:sarin|chlorine gas|mustard gas|nerve agent)"],
    "SUIC_BOMB": [r"\bsuicide (?:bomb|attack|blast|car|vest|truck)", r"\bblew (?:himself|herself|themselves) up",
                  r"\bexplosives?[- ]laden (?:vehicle|car|truck)", r"\bsuicide bomber"],
    "AIR_STRIKE": [r"\bair ?strikes?\b", r"\bairstrikes?\b", r"\bdrone (?:strike|attack)s?", r"\bbombed from the air",
                   r"\b(?:warplanes?|jets?|helicopter gunships?|aircraft|drones?) "
                   r"(?:struck|hit|bombed|targeted|attacked)",
                   r"\baerial (?:bombardment|attack|strike)s?", r"\bshahed", r"\bkamikaze drones?",
                   r"\bbarrel bombs?"],
    "ART_MISS_ATTACK": [r"\bshell(?:ed|ing|s)\b", r"\bartillery\b", r"\bmortars?\b", r"\brockets?\b",
                        r"\bmissiles?\b(?! defen[cs]e)", r"\bbombardment", r"\bmultiple[- ]launch"],
    "GRENADE": [r"\bgrenades?\b"],
    "REM_EXPLOS": [r"\b(?:ied|improvised explosive)", r"\blandmines?\b", r"\b(?:land )?mine (?:blast|explosion)",
                   r"\broadside bomb", r"\bcar bomb", r"\bbomb (?:blast|explo|went off|ripped|exploded)",
                   r"\b(?:explosive device|booby[- ]trap)", r"\bstepped on a mine", r"\bbomb attack",
                   r"\bexplosion (?:killed|wounded|injured|hit|ripped)"],
    "ARMED_CLASH": [r"\bclash(?:ed|es)? (?:with|between)\b", r"\b(?:armed )?clashes\b", r"\bfighting\b",
                    r"\bfought\b", r"\bgun ?(?:battle|fight)s?", r"\bexchange(?:d)? (?:of )?fire",
                    r"\brepell?ed\b", r"\bambush(?:ed)?\b", r"\bcombat\b", r"\bhostilities\b", r"\bskirmish",
                    r"\boffensive\b", r"\battack(?:ed|s)? (?:on|against) (?:an? |the )?(?:army|military|base|"
                    r"checkpoint|outpost|position|garrison|convoy|barracks|troops|soldiers)",
                    r"\bstorm(?:ed)? the\b"],
    "GOV_REGAINS_TERIT": [r"\b(?:retook|recaptured|regained|liberated|reclaimed|retaken|recaptured)\b",
                          r"\bregain(?:ed)? control", r"\bcleared of\b", r"\bdriven out of\b",
                          r"\bcleared (?:the )?(?:area|town|city|village)"],
    "NON_STATE_ACTOR_OVERTAKES_TER": [
        r"\b(?:seized|captured|overran|took control of|taken control of|stormed and seized|fell to)\b"
        r"[^.;]{0,40}\b(?:town|city|village|airport|base|district|province|region|territory|border crossing|"
        r"barracks|headquarters|capital|port|oil field|compound|mayor'?s? office|administration building)"],
    "SEX_VIOL": [r"\brap(?:e|ed|es|ing)\b", r"\bsexual(?:ly)? (?:violence|assault|abuse|abused|assaulted)"],
    "ABDUCT_DISSAP": [r"\babduct", r"\bkidnap", r"\bhostages?\b", r"\btaken hostage", r"\bforcibly disappeared",
                      r"\benforced disappearance"],
    "ATTACK": [r"\bbehead", r"\bbeat(?:en|ing)?\b", r"\bmassacre", r"\bexecuted\b", r"\bshot dead",
               r"\bgunmen (?:killed|shot|opened fire|attacked|stormed)", r"\b(?:stabbed|tortured)\b",
               r"\bopened fire on\b", r"\b(?:main )?target was\b", r"\battack(?:ed|s)? (?:on )?(?:civilians|villagers|"
               r"residents|worshippers|a village|a market|police|officers|law enforcement)",
               r"\bkilled (?:\w+ ){0,3}(?:civilians|villagers|residents|farmers|worshippers)"],
    "MOB_VIOL": [r"\bmob\b", r"\blynch", r"\bvigilante"],
    "VIOL_DEMONSTR": [r"\briot(?:s|ers|ing|ed)?\b", r"\bmolotov", r"\bthrew (?:stones|rocks|petrol bombs)",
                      r"\b(?:protesters|demonstrators) "
                      r"(?:torched|set fire|burned|stormed|attacked|clashed|hurled|threw)",
                      r"\bstone[- ]throwing", r"\bburning tyres", r"\bcrowd (?:was led|armed|attacked|torched)"],
    "FORCE_AGAINST_PROTEST": [r"\b(?:fired|opened fire|live (?:rounds|ammunition|fire)) (?:on|at|into)? ?"
                              r"(?:the )?(?:protesters|demonstrators|crowd|marchers)",
                              r"\b(?:protesters|demonstrators) (?:were )?(?:shot|killed)"],
    "PROTEST_WITH_INTER": [r"\btear ?gas", r"\bwater cannon", r"\brubber bullets", r"\bdispers(?:ed|e|ing)\b",
                           r"\bbroke up (?:a|the) (?:protest|demonstration|rally)"],
    "PEACE_PROTEST": [r"\bprotest(?:s|ers|ed|ing)?\b", r"\bdemonstrat(?:ion|ions|ors|ed)\b", r"\brall(?:y|ies|ied)\b",
                      r"\bmarch(?:ed|es)?\b(?! \d)", r"\bsit-in", r"\bstrike by\b", r"\bwalk-?out"],
    "AGREEMENT": [r"\b(?:signed|agreed|reached|concluded) (?:an? |the )?(?:\w+ ){0,2}(?:agreement|deal|accord|"
                  r"ceasefire|truce|treaty|memorandum)", r"\bprisoner (?:swap|exchange)", r"\bceasefire (?:took|came) "
                  r"into effect"],
    "ARREST": [r"\barrest(?:ed|s)?\b", r"\bdetain(?:ed|s)?\b", r"\bdetention", r"\btaken into custody",
               r"\brounded up"],
    "CHANGE_TO_GROUP_ACT": [r"\b(?:contingent|troops|forces|peacekeepers|soldiers|battalion|units?) (?:\w+ ){0,4}"
                            r"(?:arrived|deployed|withdrew|withdrawn|pulled out)", r"\bhas arrived\b",
                            r"\bcurfew", r"\bstate of emergency", r"\bdeploy(?:ed|ment|s)\b", r"\bwithdr(?:ew|awal)\b",
                            r"\bnew (?:leader|commander|chief)", r"\bmerg(?:ed|er)\b", r"\bmartial law"],
    "DISR_WEAP": [r"\bdefused\b", r"\bdefuse\b", r"\bweapons? (?:cache|seized|haul)", r"\b(?:foiled|thwarted)\b",
                  r"\bseized (?:\w+ ){0,3}(?:weapons|arms|ammunition|explosives|rifles)", r"\bbomb disposal"],
    "HQ_ESTABLISHED": [r"\b(?:set up|established|opened) (?:a |its |their )?(?:new )?(?:base|headquarters|camp)"],
    "NON_VIOL_TERRIT_TRANSFER": [r"\bhanded over\b", r"\bhandover\b", r"\bwithdrew from\b", r"\bceded\b"],
    "PROPERTY_DISTRUCT": [r"\bloot(?:ed|ing|ers)?\b", r"\barson\b", r"\bset (?:on )?fire\b", r"\btorched\b",
                          r"\bvandali[sz]", r"\bwere destroyed\b", r"\bdestroyed\b", r"\bsabotage",
                          r"\bgun shops\b", r"\battacked the (?:\w+ ){0,2}(?:buildings?|offices?)"],
    "OTHER": [r"\binternet (?:access|services?|shutdown|blackout|was cut|cut)", r"\baccess to (?:the )?internet",
              r"\bcoup\b", r"\bdissolved parliament", r"\bmass grave"],
    "ORG_CRIME": [r"\bsmuggl", r"\btraffick", r"\bcartel\b", r"\bgang (?:members|leader|violence)", r"\bbrib",
                  r"\bcorruption\b", r"\bmoney laundering", r"\bransomware", r"\bdrug (?:lord|haul|bust)"],
    "NATURAL_DISASTER": [r"\bearthquake", r"\bflood(?:s|ing|ed)?\b", r"\b(?:cyclone|hurricane|typhoon)\b",
                         r"\b(?:tropical|winter|severe|heavy) storms?\b", r"\bstorms? (?:hit|battered|killed|swept)",
                         r"\bwildfires?", r"\bdrought", r"\blandslide", r"\boutbreak\b", r"\bepidemic",
                         r"\btsunami", r"\bvolcan"],
    "MAN_MADE_DISASTER": [r"\b(?:factory|plant|mine|industrial) (?:fire|explosion|blast|collapse)",
                          r"\b(?:train|bus|boat|ferry|plane) (?:crash|collision|capsized|derailed)",
                          r"\bcollapse[ds]?\b", r"\bderail", r"\bcapsiz", r"\bgas explosion", r"\bchemical leak",
                          r"\bcontaminat"],
    "DIPLO": [r"\bsanctions?\b", r"\bcondemn", r"\bexpelled (?:\w+ ){0,2}diplomats?", r"\bembassy\b",
              r"\bsummoned (?:the )?(?:\w+ )?ambassador", r"\btalks (?:ended|broke down|collapsed)",
              r"\b(?:visited|met with|phone call with)\b"],
    "ATTRIB": [r"\bclaimed responsibility", r"\bdenied (?:responsibility|involvement|carrying out|any role)",
               r"\bblamed\b", r"\baccused (?:\w+ ){0,3}of (?:carrying out|being behind|the attack)"],
}

COMPILED: dict[str, re.Pattern[str]] = {code: re.compile("|".join(f"(?:{p})" for p in patterns))
                                        for code, patterns in CUES.items()}


def matching_codes(sentence: str) -> list[str]:
    """Every code whose cues the sentence carries."""
    text = sentence.lower()
    return [code for code, pattern in COMPILED.items() if pattern.search(text)]
