"""The 30 event codes of the output contract (../shared/taxonomy.md) and their precedence.

When a sentence fits several codes the most specific act wins, in this order of event types:
Battles and Explosions/Remote violence > Violence against civilians > Riots > Protests >
Strategic developments; disasters, crime, diplomacy and attribution take their own codes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    event_type: str
    sub_event_type: str
    rank: int            # lower wins when one sentence fits several codes


BATTLES, EXPLOSIONS, CIVILIANS = "Battles", "Explosions/Remote violence", "Violence against civilians"
PROTESTS, RIOTS, STRATEGIC = "Protests", "Riots", "Strategic developments"

_TABLE = [
    ("ARMED_CLASH", BATTLES, "Armed clash", 0),
    ("GOV_REGAINS_TERIT", BATTLES, "Government regains territory", 0),
    ("NON_STATE_ACTOR_OVERTAKES_TER", BATTLES, "Non-state actor overtakes territory", 0),
    ("CHEM_WEAP", EXPLOSIONS, "Chemical weapon", 0),
    ("AIR_STRIKE", EXPLOSIONS, "Air/drone strike", 0),
    ("SUIC_BOMB", EXPLOSIONS, "Suicide bomb", 0),
    ("ART_MISS_ATTACK", EXPLOSIONS, "Shelling/artillery/missile attack", 0),
    ("GRENADE", EXPLOSIONS, "Grenade", 0),
    ("REM_EXPLOS", EXPLOSIONS, "Remote explosive/landmine/IED", 0),
    ("SEX_VIOL", CIVILIANS, "Sexual violence", 1),
    ("ATTACK", CIVILIANS, "Attack", 1),
    ("ABDUCT_DISSAP", CIVILIANS, "Abduction/forced disappearance", 1),
    ("VIOL_DEMONSTR", RIOTS, "Violent demonstration", 2),
    ("MOB_VIOL", RIOTS, "Mob violence", 2),
    ("PEACE_PROTEST", PROTESTS, "Peaceful protest", 3),
    ("PROTEST_WITH_INTER", PROTESTS, "Protest with intervention", 3),
    ("FORCE_AGAINST_PROTEST", PROTESTS, "Excessive force against protesters", 3),
    ("AGREEMENT", STRATEGIC, "Agreement", 4),
    ("ARREST", STRATEGIC, "Arrests", 4),
    ("CHANGE_TO_GROUP_ACT", STRATEGIC, "Change to group/activity", 4),
    ("DISR_WEAP", STRATEGIC, "Disrupted weapons use", 4),
    ("HQ_ESTABLISHED", STRATEGIC, "Headquarters or base established", 4),
    ("NON_VIOL_TERRIT_TRANSFER", STRATEGIC, "Non-violent transfer of territory", 4),
    ("PROPERTY_DISTRUCT", STRATEGIC, "Looting/property destruction", 4),
    ("OTHER", STRATEGIC, "Other", 4),
    ("ORG_CRIME", "Organized crime", "Organized crime", 5),
    ("NATURAL_DISASTER", "Disaster", "Natural disaster", 5),
    ("MAN_MADE_DISASTER", "Disaster", "Man-made disaster", 5),
    ("DIPLO", "Diplomacy", "Diplomatic event", 5),
    ("ATTRIB", "Attribution", "Attribution of responsibility", 5),
]

CODES: dict[str, Code] = {row[0]: Code(*row) for row in _TABLE}
