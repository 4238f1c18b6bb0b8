"""The measure library: each outcome measure as versioned data (wording, answer options, ranges,
thresholds, copyright line).

Why a registry of frozen dataclasses in code rather than rows a manager can edit: the published
measures must be shown unaltered (CORE-10 is CC BY-NC-ND, SWEMWBS/WEMWBS are used under
registration on condition that the wording is not changed), and their scoring is code that must
be tested against published examples. So a change of wording or scoring is a code change with a
new ``version``; every reading records the ``(key, version)`` it was taken with, and old
versions stay here so old readings still score and display as they were taken. What *is* a
service's own design (the life-areas profile, the ReQoL-10 wording under the service's licence,
schedules, which measures are offered) lives in rows (``outcomes.models``).

Where the wording was checked (Dec 2026), against public copies of the published forms:

- SWEMWBS items: Scottish Government, Scottish Surveys Core Questions 2022, §1.8 "Mental
  wellbeing scoring"; copyright line: CORC page on SWEMWBS ("must be presented on any copy").
- WEMWBS: the same 14 statements as the WEMWBS user guide (NHS Health Scotland, 2015); SWEMWBS
  is its 7-item subset in the published order.
- CORE-10 items, order, answer labels and the reverse-scored items 2 and 3: softoutcomes.org
  (marks the reversed items) and helpineedsomebody.org; licence CC BY-NC-ND 4.0, CORE System
  Trust; prorating rule: coresystemtrust.org.uk "CORE-10 information".
- PHQ-9 and GAD-7: the Pfizer-funded public-domain forms (Spitzer, Williams, Kroenke et al.).
- DIALOG: the eight life domains and three treatment aspects and the scoring rule from
  dialog.elft.nhs.uk ("DIALOG scale"); scale anchors 1 "totally dissatisfied" to 7 "totally
  satisfied" (East London NHS FT and Cheshire and Wirral Partnership NHS FT leaflets).
- ReQoL-10: **not shipped**. The wording is licensed by Oxford University Innovation; a service
  that holds a licence enters its licensed wording in its outcome settings (``ReqolSettings``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class Kind(StrEnum):
    QUESTIONNAIRE = "questionnaire"  # fixed items on one answer scale
    GOALS = "goals"  # Goal-Based Outcomes: the person's own goals, each rated 0-10
    LIFE_AREAS = "life_areas"  # the service's own life-areas profile


class Direction(StrEnum):
    HIGHER_IS_BETTER = "higher"
    LOWER_IS_BETTER = "lower"


class ClinicalSide(StrEnum):
    AT_OR_ABOVE = "at_or_above"  # distress measures: clinical range is score >= cut-off
    BELOW = "below"  # wellbeing / quality of life: clinical range is score < cut-off


@dataclass(frozen=True)
class Option:
    value: int
    label: str


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    reverse: bool = False  # scored (max - value): CORE-10 items 2 and 3
    group: str = ""  # DIALOG "life" / "treatment"; CORE-10 "risk"
    scored: bool = True  # PHQ-9's "how difficult" question is asked but not scored
    options: tuple[Option, ...] = ()  # only when the item has its own scale


@dataclass(frozen=True)
class Band:
    """A score band: ``low`` <= score < next band's ``low``."""

    low: Decimal
    label: str


@dataclass(frozen=True)
class Measure:
    key: str
    version: int
    name: str
    short_name: str
    kind: Kind
    instructions: str
    copyright: str
    score_label: str
    score_min: Decimal
    score_max: Decimal
    direction: Direction
    items: tuple[Item, ...] = ()
    options: tuple[Option, ...] = ()
    reliable_change: Decimal | None = None  # a change of at least this much is reliable
    reliable_change_source: str = ""
    clinical_cutoff: Decimal | None = None
    clinical_side: ClinicalSide | None = None
    clinical_label: str = ""
    reference_line: tuple[Decimal, str] | None = None  # e.g. the population mean
    bands: tuple[Band, ...] = ()
    licence_note: str = ""
    needs_enabling: bool = False  # off until a service turns it on (licensed measures)
    extras: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def scored_items(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.scored)

    @property
    def max_option(self) -> int:
        return max(option.value for option in self.options)

    def band_for(self, score: Decimal | None) -> str:
        if score is None or not self.bands:
            return ""
        label = ""
        for band in self.bands:
            if score >= band.low:
                label = band.label
        return label

    def in_clinical_range(self, score: Decimal | None, *, cutoff: Decimal | None = None) -> bool | None:
        """None when the measure has no cut-off (or there is no score)."""
        cutoff = cutoff if cutoff is not None else self.clinical_cutoff
        if score is None or cutoff is None or self.clinical_side is None:
            return None
        if self.clinical_side == ClinicalSide.AT_OR_ABOVE:
            return score >= cutoff
        return score < cutoff


D = Decimal

# --- SWEMWBS and WEMWBS -------------------------------------------------------------------------

WARWICK_OPTIONS = (
    Option(1, "None of the time"),
    Option(2, "Rarely"),
    Option(3, "Some of the time"),
    Option(4, "Often"),
    Option(5, "All of the time"),
)
WARWICK_INSTRUCTIONS = (
    "Below are some statements about feelings and thoughts. Please tick the box that best describes "
    "your experience of each over the last 2 weeks."
)
WEMWBS_STATEMENTS = (
    "I've been feeling optimistic about the future",
    "I've been feeling useful",
    "I've been feeling relaxed",
    "I've been feeling interested in other people",
    "I've had energy to spare",
    "I've been dealing with problems well",
    "I've been thinking clearly",
    "I've been feeling good about myself",
    "I've been feeling close to other people",
    "I've been feeling confident",
    "I've been able to make up my own mind about things",
    "I've been feeling loved",
    "I've been interested in new things",
    "I've been feeling cheerful",
)
SWEMWBS_STATEMENTS = tuple(WEMWBS_STATEMENTS[index] for index in (0, 1, 2, 5, 6, 8, 10))

# Raw score -> metric score (Stewart-Brown et al. 2009), as in DOMAIN.md §2.
SWEMWBS_METRIC = {
    7: D("7.00"), 8: D("9.51"), 9: D("11.25"), 10: D("12.40"), 11: D("13.33"), 12: D("14.08"),
    13: D("14.75"), 14: D("15.32"), 15: D("15.84"), 16: D("16.36"), 17: D("16.88"), 18: D("17.43"),
    19: D("17.98"), 20: D("18.59"), 21: D("19.25"), 22: D("19.98"), 23: D("20.73"), 24: D("21.54"),
    25: D("22.35"), 26: D("23.21"), 27: D("24.11"), 28: D("25.03"), 29: D("26.02"), 30: D("27.03"),
    31: D("28.13"), 32: D("29.31"), 33: D("30.70"), 34: D("32.55"), 35: D("35.00"),
}  # fmt: skip

SWEMWBS = Measure(
    key="swemwbs",
    version=1,
    name="Short Warwick-Edinburgh Mental Wellbeing Scale",
    short_name="SWEMWBS",
    kind=Kind.QUESTIONNAIRE,
    instructions=WARWICK_INSTRUCTIONS,
    copyright=(
        "Short Warwick Edinburgh Mental Wellbeing Scale (SWEMWBS) © NHS Health Scotland, University of "
        "Warwick and University of Edinburgh, 2008, all rights reserved."
    ),
    score_label="Metric score",
    score_min=D("7.00"),
    score_max=D("35.00"),
    direction=Direction.HIGHER_IS_BETTER,
    items=tuple(Item(f"q{number}", text) for number, text in enumerate(SWEMWBS_STATEMENTS, start=1)),
    options=WARWICK_OPTIONS,
    reliable_change=D("2.87"),
    reliable_change_source="2.77 × SEM of 1.03 metric points (Shah et al. 2018)",
    reference_line=(D("23.5"), "Population mean, England"),
    licence_note="Free to use after registering with the University of Warwick.",
)

WEMWBS = Measure(
    key="wemwbs",
    version=1,
    name="Warwick-Edinburgh Mental Wellbeing Scale",
    short_name="WEMWBS",
    kind=Kind.QUESTIONNAIRE,
    instructions=WARWICK_INSTRUCTIONS,
    copyright=(
        "Warwick-Edinburgh Mental Wellbeing Scale (WEMWBS) © NHS Health Scotland, University of Warwick and "
        "University of Edinburgh, 2006, all rights reserved."
    ),
    score_label="Total score",
    score_min=D(14),
    score_max=D(70),
    direction=Direction.HIGHER_IS_BETTER,
    items=tuple(Item(f"q{number}", text) for number, text in enumerate(WEMWBS_STATEMENTS, start=1)),
    options=WARWICK_OPTIONS,
    reliable_change=D(3),
    reliable_change_source="about 1 SEM, 3 points (Maheswaran et al. 2012)",
    licence_note="Free to use after registering with the University of Warwick.",
)

# --- CORE-10 --------------------------------------------------------------------------------------

CORE10 = Measure(
    key="core10",
    version=1,
    name="Clinical Outcomes in Routine Evaluation 10",
    short_name="CORE-10",
    kind=Kind.QUESTIONNAIRE,
    instructions=(
        "This form has 10 statements about how you have been over the last week. Please read each statement "
        "and think how often you felt that way last week. Then tick the box which is closest to this."
    ),
    copyright=(
        "CORE-10 © CORE System Trust. Reproduced unaltered under the Creative Commons Attribution-NonCommercial-"
        "NoDerivatives 4.0 licence (CC BY-NC-ND 4.0)."
    ),
    score_label="Clinical score",
    score_min=D(0),
    score_max=D(40),
    direction=Direction.LOWER_IS_BETTER,
    items=(
        Item("q1", "I have felt tense, anxious or nervous"),
        Item("q2", "I have felt I have someone to turn to for support when needed", reverse=True),
        Item("q3", "I have felt able to cope when things go wrong", reverse=True),
        Item("q4", "Talking to people has felt too much for me"),
        Item("q5", "I have felt panic or terror"),
        Item("q6", "I made plans to end my life", group="risk"),
        Item("q7", "I have had difficulty getting to sleep or staying asleep"),
        Item("q8", "I have felt despairing or hopeless"),
        Item("q9", "I have felt unhappy"),
        Item("q10", "Unwanted images or memories have been distressing me"),
    ),
    options=(
        Option(0, "Not at all"),
        Option(1, "Only occasionally"),
        Option(2, "Sometimes"),
        Option(3, "Often"),
        Option(4, "Most or all of the time"),
    ),
    reliable_change=D(6),
    reliable_change_source="CORE-10 reliable change index, 6 points (Barkham et al. 2013)",
    clinical_cutoff=D(11),
    clinical_side=ClinicalSide.AT_OR_ABOVE,
    clinical_label="Clinical range (11 and above)",
    bands=(
        Band(D(0), "Healthy"),
        Band(D(6), "Low level"),
        Band(D(11), "Mild"),
        Band(D(15), "Moderate"),
        Band(D(20), "Moderately severe"),
        Band(D(25), "Severe"),
    ),
    licence_note="CC BY-NC-ND 4.0: free for non-commercial use with the wording unaltered.",
)

# --- PHQ-9 and GAD-7 -----------------------------------------------------------------------------

PHQ_OPTIONS = (
    Option(0, "Not at all"),
    Option(1, "Several days"),
    Option(2, "More than half the days"),
    Option(3, "Nearly every day"),
)
PHQ_COPYRIGHT = (
    "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an "
    "educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute."
)
DIFFICULTY = Item(
    "difficulty",
    "If you checked off any problems, how difficult have these problems made it for you to do your work, "
    "take care of things at home, or get along with other people?",
    scored=False,
    options=(
        Option(0, "Not difficult at all"),
        Option(1, "Somewhat difficult"),
        Option(2, "Very difficult"),
        Option(3, "Extremely difficult"),
    ),
)

PHQ9 = Measure(
    key="phq9",
    version=1,
    name="Patient Health Questionnaire 9",
    short_name="PHQ-9",
    kind=Kind.QUESTIONNAIRE,
    instructions="Over the last 2 weeks, how often have you been bothered by any of the following problems?",
    copyright=PHQ_COPYRIGHT,
    score_label="Total score",
    score_min=D(0),
    score_max=D(27),
    direction=Direction.LOWER_IS_BETTER,
    items=(
        Item("q1", "Little interest or pleasure in doing things"),
        Item("q2", "Feeling down, depressed, or hopeless"),
        Item("q3", "Trouble falling or staying asleep, or sleeping too much"),
        Item("q4", "Feeling tired or having little energy"),
        Item("q5", "Poor appetite or overeating"),
        Item(
            "q6",
            "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
        ),
        Item("q7", "Trouble concentrating on things, such as reading the newspaper or watching television"),
        Item(
            "q8",
            "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so "
            "fidgety or restless that you have been moving around a lot more than usual",
        ),
        Item("q9", "Thoughts that you would be better off dead or of hurting yourself in some way", group="risk"),
        DIFFICULTY,
    ),
    options=PHQ_OPTIONS,
    reliable_change=D(6),
    reliable_change_source="PHQ-9 reliable change, 6 points (NHS Talking Therapies)",
    clinical_cutoff=D(10),
    clinical_side=ClinicalSide.AT_OR_ABOVE,
    clinical_label="Clinical range (10 and above)",
    bands=(
        Band(D(0), "Minimal"),
        Band(D(5), "Mild"),
        Band(D(10), "Moderate"),
        Band(D(15), "Moderately severe"),
        Band(D(20), "Severe"),
    ),
    licence_note="Public domain.",
)

GAD7 = Measure(
    key="gad7",
    version=1,
    name="Generalised Anxiety Disorder 7",
    short_name="GAD-7",
    kind=Kind.QUESTIONNAIRE,
    instructions="Over the last 2 weeks, how often have you been bothered by the following problems?",
    copyright=PHQ_COPYRIGHT,
    score_label="Total score",
    score_min=D(0),
    score_max=D(21),
    direction=Direction.LOWER_IS_BETTER,
    items=(
        Item("q1", "Feeling nervous, anxious or on edge"),
        Item("q2", "Not being able to stop or control worrying"),
        Item("q3", "Worrying too much about different things"),
        Item("q4", "Trouble relaxing"),
        Item("q5", "Being so restless that it is hard to sit still"),
        Item("q6", "Becoming easily annoyed or irritable"),
        Item("q7", "Feeling afraid as if something awful might happen"),
        DIFFICULTY,
    ),
    options=PHQ_OPTIONS,
    reliable_change=D(4),
    reliable_change_source="GAD-7 reliable change, 4 points (NHS Talking Therapies)",
    clinical_cutoff=D(10),
    clinical_side=ClinicalSide.AT_OR_ABOVE,
    clinical_label="Clinical range (10 and above)",
    bands=(Band(D(0), "Minimal"), Band(D(5), "Mild"), Band(D(10), "Moderate"), Band(D(15), "Severe")),
    licence_note="Public domain.",
)

# --- DIALOG ---------------------------------------------------------------------------------------

DIALOG = Measure(
    key="dialog",
    version=1,
    name="DIALOG scale",
    short_name="DIALOG",
    kind=Kind.QUESTIONNAIRE,
    instructions="How satisfied are you with each of these, on a scale from 1 (totally dissatisfied) to 7 "
    "(totally satisfied)?",
    copyright="DIALOG scale © Unit for Social and Community Psychiatry, Queen Mary University of London "
    "(Priebe et al.). Publicly available for use.",
    score_label="Quality of life (mean)",
    score_min=D(1),
    score_max=D(7),
    direction=Direction.HIGHER_IS_BETTER,
    items=(
        Item("q1", "How satisfied are you with your mental health?", group="life"),
        Item("q2", "How satisfied are you with your physical health?", group="life"),
        Item("q3", "How satisfied are you with your job situation?", group="life"),
        Item("q4", "How satisfied are you with your accommodation?", group="life"),
        Item("q5", "How satisfied are you with your leisure activities?", group="life"),
        Item("q6", "How satisfied are you with your relationship with your partner/family?", group="life"),
        Item("q7", "How satisfied are you with your friendships?", group="life"),
        Item("q8", "How satisfied are you with your personal safety?", group="life"),
        Item("q9", "How satisfied are you with your medication?", group="treatment"),
        Item("q10", "How satisfied are you with the practical help you receive?", group="treatment"),
        Item("q11", "How satisfied are you with your meetings with mental health professionals?", group="treatment"),
    ),
    options=(
        Option(1, "1 Totally dissatisfied"),
        Option(2, "2 Very dissatisfied"),
        Option(3, "3 Fairly dissatisfied"),
        Option(4, "4 In the middle"),
        Option(5, "5 Fairly satisfied"),
        Option(6, "6 Very satisfied"),
        Option(7, "7 Totally satisfied"),
    ),
    reliable_change=D(1),
    reliable_change_source="1 point on the quality-of-life mean (NHS England dashboard)",
    reference_line=(D(4), "Neutral (4): below is dissatisfied, above is satisfied"),
    bands=(Band(D(1), "Dissatisfied"), Band(D(4), "Neutral"), Band(D("4.01"), "Satisfied")),
    licence_note="Publicly available.",
)

# --- Goal-Based Outcomes ---------------------------------------------------------------------------

GOAL_COUNT = 3
GBO = Measure(
    key="gbo",
    version=1,
    name="Goal-Based Outcomes",
    short_name="GBO",
    kind=Kind.GOALS,
    instructions="Up to three goals in the person's own words. How close are you to reaching each goal, from 0 "
    "(not at all) to 10 (reached it)?",
    copyright="Goal-Based Outcomes (Law and Jacob). Free to use.",
    score_label="Mean goal score",
    score_min=D(0),
    score_max=D(10),
    direction=Direction.HIGHER_IS_BETTER,
    items=tuple(Item(f"goal{number}", f"Goal {number}") for number in range(1, GOAL_COUNT + 1)),
    options=tuple(Option(value, str(value)) for value in range(0, 11)),
    reliable_change=D(3),
    reliable_change_source="3 points on a goal (Law and Jacob)",
    licence_note="Free to use.",
)

# --- ReQoL-10 (wording entered by a licensed service) ----------------------------------------------

REQOL_ITEM_COUNT = 10
REQOL_DEFAULT_NEGATIVE_ITEMS = (1, 3, 6, 9)
REQOL10 = Measure(
    key="reqol10",
    version=1,
    name="Recovering Quality of Life 10",
    short_name="ReQoL-10",
    kind=Kind.QUESTIONNAIRE,
    instructions="The service's licensed instructions are shown with the items.",
    copyright="ReQoL-10: used under the service's licence from Oxford University Innovation.",
    score_label="Total score",
    score_min=D(0),
    score_max=D(40),
    direction=Direction.HIGHER_IS_BETTER,
    items=tuple(Item(f"q{number}", f"Item {number}") for number in range(1, REQOL_ITEM_COUNT + 1)),
    options=(
        Option(0, "None of the time"),
        Option(1, "Only occasionally"),
        Option(2, "Sometimes"),
        Option(3, "Often"),
        Option(4, "Most or all of the time"),
    ),
    reliable_change=D(5),
    reliable_change_source="5 points (NHS England)",
    clinical_cutoff=D(24),
    clinical_side=ClinicalSide.BELOW,
    clinical_label="Clinical range (below the service's cut-off)",
    licence_note="Licensed by Oxford University Innovation: off until a service with a licence turns it on.",
    needs_enabling=True,
)

# --- the service's own life-areas profile ----------------------------------------------------------

LIFE_AREAS = Measure(
    key="life_areas",
    version=1,
    name="Life areas profile",
    short_name="Life areas",
    kind=Kind.LIFE_AREAS,
    instructions="For each area, where are you now?",
    copyright="A profile designed by this service.",
    score_label="Mean across areas",
    score_min=D(1),
    score_max=D(10),
    direction=Direction.HIGHER_IS_BETTER,
    licence_note="The service's own design.",
)

ALL = (SWEMWBS, WEMWBS, CORE10, PHQ9, GAD7, DIALOG, GBO, REQOL10, LIFE_AREAS)
BY_VERSION: dict[tuple[str, int], Measure] = {(measure.key, measure.version): measure for measure in ALL}
CURRENT: dict[str, Measure] = {}
for _measure in ALL:
    if _measure.key not in CURRENT or CURRENT[_measure.key].version < _measure.version:
        CURRENT[_measure.key] = _measure
CHOICES = [(measure.key, measure.short_name) for measure in CURRENT.values()]


def get(key: str, version: int | None = None) -> Measure:
    """The measure ``key`` at ``version`` (the current version if None); KeyError if unknown."""
    if version is None:
        return CURRENT[key]
    return BY_VERSION[(key, version)]
