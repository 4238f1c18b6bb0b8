"""What the demo risk assessments say: invented, believable formulations in UK English.

Written the way the services want them written: plain, non-stigmatising, about what happens and
what helps, with the person's own view in their own words. No scores, no predictions.
``{name}`` is replaced with the person's name.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Profile:
    summary: str
    priority: str
    areas: dict[str, dict[str, str]]
    actions: list[tuple[str | None, str, str]]  # (area key, what will be done, who: "lead", "person" or a name)
    review_note: str
    review_changes: dict[str, dict[str, str]] = field(default_factory=dict)


PROFILES = [
    Profile(
        summary=(
            "{name} has lived with low mood for many years and it has been harder since their mum died last spring. "
            "Nights are the most difficult time. They have thought about ending their life in the past and took an "
            "overdose in 2019; they say they have no plans now. Their daughter, their dog and their allotment keep "
            "them going. The plan is regular visits, a clear crisis plan and help to get back to the allotment group."
        ),
        priority="soon",
        areas={
            "suicide": {
                "status": "concern",
                "history": "Overdose of prescribed tablets in March 2019 after a relationship ended; admitted to hospital overnight.",
                "current_concerns": "Has had thoughts of not wanting to wake up on some nights since the anniversary of their mum's death. No plans or preparations, they say.",
                "triggers": "Anniversaries, being alone in the evenings, letters about money.",
                "early_signs": "Stops answering the phone, curtains stay closed, stops going to the allotment.",
                "protective_factors": "Their daughter (visits on Sundays), their dog Bess, the allotment group, their faith.",
                "persons_view": "I don't want to die, I just want the nights to be easier. If I stop picking up, that's when you should worry.",
            },
            "self_neglect": {
                "status": "no_concern",
                "history": "Ate very little for a few weeks after their mum died.",
                "protective_factors": "Cooks for their daughter on Sundays.",
                "persons_view": "I'm eating all right now, Sundays help.",
            },
        },
        actions=[
            (
                "suicide",
                "Agree a crisis plan together, with the crisis line and Samaritans (116 123) numbers on the fridge.",
                "lead",
            ),
            ("suicide", "Evening phone call on Tuesdays and Thursdays for the next month.", "lead"),
            (None, "Go back to the allotment group on Saturdays, with a worker the first time.", "person"),
        ],
        review_note="The anniversary has passed; they have been back at the allotment for six weeks.",
        review_changes={
            "suicide": {
                "current_concerns": "No thoughts of ending their life in the last month, they say. Still finds evenings long.",
                "persons_view": "It's better since I'm back at the allotment. I know who to ring if it gets bad again.",
            }
        },
    ),
    Profile(
        summary=(
            "{name} has hurt themselves by cutting since the age of fifteen, most often when they feel overwhelmed. "
            "They look after their wounds and ask for help when one needs dressing. They are learning other ways to cope "
            "through the DBT skills group and drawing. Arguments with their mum are the main trigger at the moment."
        ),
        priority="routine",
        areas={
            "self_harm": {
                "status": "concern",
                "history": "Cutting to arms since age 15; once needed stitches (A&E, 2023).",
                "current_concerns": "Cut twice in the last month after phone calls with their mum; wounds cared for, no medical treatment needed.",
                "triggers": "Arguments with their mum, feeling they have let people down, poor sleep.",
                "early_signs": "Wears long sleeves in warm weather, stays in their room, says they are 'fine' a lot.",
                "protective_factors": "DBT skills group on Wednesdays, drawing, their friend Kyle, their cat.",
                "persons_view": "It's how I cope when my head is too loud. I'm trying the ice and the drawing first now, and sometimes that works.",
            },
            "substance_use": {
                "status": "no_concern",
                "history": "Used cannabis most days at 18–20; stopped in 2022.",
                "persons_view": "I don't touch it now, it made my head worse.",
            },
        },
        actions=[
            ("self_harm", "Keep a first-aid kit at home and agree when to go to the GP or A&E with a wound.", "person"),
            (
                "self_harm",
                "Practise two distraction skills from the DBT group and talk about how they went at each visit.",
                "lead",
            ),
            (None, "Offer a joint session with their mum if they would like one.", "lead"),
        ],
        review_note="Finished the first DBT module; fewer arguments since their mum moved.",
        review_changes={
            "self_harm": {
                "current_concerns": "One episode of cutting in the last two months; they used the ice first.",
                "persons_view": "I'm proud I waited and used the ice. I still want the kit at home, just in case.",
            }
        },
    ),
    Profile(
        summary=(
            "{name} is worried about losing their flat: they are behind with the rent and their drinking goes up in the week "
            "after payday. When they drink they forget appointments and bills pile up. They want help with the money side "
            "and to cut down, and are keen to keep their tenancy."
        ),
        priority="urgent",
        areas={
            "accommodation_loss": {
                "status": "concern",
                "history": "Lost a tenancy in 2021 after rent arrears; stayed with friends for four months.",
                "current_concerns": "Rent arrears of about six weeks; the housing association sent a warning letter last week.",
                "triggers": "Payday, letters they do not open, being on their own at weekends.",
                "early_signs": "Post piles up by the door, misses appointments, borrows money.",
                "protective_factors": "Wants to keep the flat; good relationship with their housing officer; their brother.",
                "persons_view": "If I lose the flat I lose everything. I want help with the money side before it gets worse.",
            },
            "substance_use": {
                "status": "concern",
                "history": "Drinking heavily since their divorce in 2018; one detox in 2020.",
                "current_concerns": "Drinks most days in the week after payday; says they are cutting down in the week before.",
                "triggers": "Payday, boredom, seeing old friends at the pub.",
                "early_signs": "Smell of alcohol at morning visits, unopened post, not eating.",
                "protective_factors": "Goes to the Tuesday recovery café; their brother does not drink.",
                "persons_view": "I know the drink makes the money worse. I want to go back to the café more.",
            },
        },
        actions=[
            (
                "accommodation_loss",
                "Book an appointment with the welfare rights adviser about a repayment plan.",
                "lead",
            ),
            (
                "accommodation_loss",
                "Open post together at each visit and ring the housing officer about the warning letter.",
                "lead",
            ),
            ("substance_use", "Referral to the community alcohol team, with their agreement.", "lead"),
            ("substance_use", "Go to the Tuesday recovery café each week.", "person"),
        ],
        review_note="Repayment plan agreed with the housing association; the warning has been withdrawn.",
        review_changes={
            "accommodation_loss": {
                "current_concerns": "Repayment plan in place since last month and kept to so far.",
                "persons_view": "It's a weight off. I want to keep paying the plan and not go back there.",
            }
        },
    ),
    Profile(
        summary=(
            "{name} has a learning disability and lives alone. Some people they call friends have been staying at their "
            "flat and they have been giving them money. They would like them not to stay but find it hard to say no. "
            "They are close to their support worker and their aunt. The plan is to help them keep their home their own."
        ),
        priority="urgent",
        areas={
            "exploitation": {
                "status": "concern",
                "history": "Was befriended and financially exploited by a neighbour in 2022; police involved.",
                "current_concerns": "Two men have been staying at the flat most nights for two weeks; {name} has given them money and a bank card.",
                "triggers": "Loneliness, people being kind at first, being asked for favours.",
                "early_signs": "New 'friends', no money before payday, not wanting visitors from the service.",
                "protective_factors": "Their aunt (weekly visits), trusts their worker, knows how to ring the police.",
                "persons_view": "They're my mates but I don't like them staying. I don't want them to get in trouble.",
            },
            "self_neglect": {
                "status": "no_concern",
                "protective_factors": "Keeps the flat tidy and cooks simple meals.",
            },
        },
        actions=[
            ("exploitation", "Talk to the police neighbourhood team about the visitors, with their agreement.", "lead"),
            ("exploitation", "Cancel the bank card and set up a new one that {name} keeps safe.", "person"),
            ("exploitation", "Daily check-in call for two weeks.", "lead"),
        ],
        review_note="The men have stopped visiting; new bank card in place.",
        review_changes={
            "exploitation": {
                "current_concerns": "No visitors staying for three weeks. The new bank card stays in {name}'s purse.",
                "persons_view": "My flat feels like mine again. I'd ring you if they came back.",
            }
        },
    ),
    Profile(
        summary=(
            "{name} has type 2 diabetes and finds it hard to keep on top of meals and medication when their mood is low. "
            "The flat gets very cluttered at those times. They are proud of their independence and do not want to be told "
            "what to do, but are glad of help with shopping and appointments."
        ),
        priority="routine",
        areas={
            "physical_health": {
                "status": "concern",
                "history": "Diagnosed with type 2 diabetes in 2017; admitted with high blood sugar in 2021.",
                "current_concerns": "Missed two diabetic clinic appointments; says they sometimes forget their tablets.",
                "triggers": "Low mood, winter, running out of food at the end of the month.",
                "early_signs": "Tired and thirsty, empty fridge, tablets left in the blister packs.",
                "protective_factors": "Likes their GP practice nurse; uses a dosette box when it is set up.",
                "persons_view": "I can manage, I just need a nudge with the appointments.",
            },
            "self_neglect": {
                "status": "concern",
                "history": "Hoarding of papers and food packaging since 2015.",
                "current_concerns": "Kitchen is hard to use because of clutter; fire exits are clear.",
                "triggers": "Low mood, change of worker.",
                "early_signs": "Curtains closed in the day, clutter in the hallway.",
                "protective_factors": "Agreed to a monthly tidy with a worker; the fire service has fitted smoke alarms.",
                "persons_view": "It's my stuff and my flat. I'll do the kitchen with you, not the bedroom.",
            },
        },
        actions=[
            ("physical_health", "Go with {name} to the next diabetic clinic appointment.", "lead"),
            ("physical_health", "Ask the pharmacy to deliver tablets in a dosette box.", "lead"),
            ("self_neglect", "Monthly kitchen tidy together, starting with the worktop.", "person"),
        ],
        review_note="Attended clinic; blood sugar better. Kitchen usable again.",
    ),
    Profile(
        summary=(
            "{name} has a diagnosis of bipolar disorder. When they are becoming unwell they can be loud and argumentative, "
            "and in 2016 they pushed a neighbour. There has been no physical harm to anyone since then. They know their "
            "early signs well and want people to listen early rather than late."
        ),
        priority="routine",
        areas={
            "harm_to_others": {
                "status": "concern",
                "history": "Pushed a neighbour during an argument while unwell in 2016 (police caution). Verbal arguments with staff twice in 2024.",
                "current_concerns": "Raised their voice with a housing officer last month when a repair was delayed again.",
                "triggers": "Feeling not listened to, noise from neighbours, less sleep.",
                "early_signs": "Sleeping less than five hours, talking fast, lots of new plans.",
                "protective_factors": "Takes their medication, good relationship with their care coordinator, their partner.",
                "persons_view": "I'm not a danger to anyone. I get loud when nobody listens. Ask me how I'm sleeping.",
            },
            "suicide": {
                "status": "no_concern",
                "history": "Thoughts of suicide when low in 2018; no attempts.",
                "persons_view": "Not now. I'd tell my partner first.",
            },
        },
        actions=[
            ("harm_to_others", "Chase the repair with the housing association and tell {name} the date.", "lead"),
            (
                "harm_to_others",
                "Ask about sleep at each visit; tell the care coordinator if under five hours for three nights.",
                "lead",
            ),
        ],
        review_note="Repair finished; sleep settled.",
    ),
]

ALERTS = [
    (
        "visit_in_pairs",
        "Visit in pairs",
        "Large dog at the property and a visitor who has been hostile to staff. Meet in the office if you are on your own.",
    ),
    (
        "do_not_contact",
        "Do not contact ex-partner",
        "Non-molestation order in place until next year. Do not share any information with the ex-partner.",
    ),
    ("allergy", "Allergy: penicillin", "Anaphylaxis in 2019. Carries an adrenaline pen."),
    ("animals", "Dog at the property", "Friendly but jumps up: ask for the dog to be in the garden during visits."),
    ("lone_working", "Phone in before and after visits", "Agreed after a difficult visit in the spring."),
]

CONCERNS = [
    {
        "categories": ["financial"],
        "what_happened": "{name} told me at today's visit that two men staying at the flat took the bank card and have been taking £50 most days.",
        "who_is_at_risk": "{name}.",
        "source": "{name} told me during a home visit.",
        "children_in_household": "no",
        "other_adults_in_household": "no",
        "persons_views": "I want them to stop but I don't want them arrested.",
        "referral_consent": "agreed",
        "immediate_actions": "Rang the bank with {name} to stop the card. Agreed a daily phone call. Spoke to the on-call manager.",
    },
    {
        "categories": ["domestic", "psychological"],
        "what_happened": "{name} said their partner checks their phone and will not let them see their sister. There was a bruise on their arm; they said they had walked into a door.",
        "who_is_at_risk": "{name}, and their 9-year-old son who lives with them.",
        "source": "Noticed at a visit; {name} then talked about it.",
        "children_in_household": "yes",
        "other_adults_in_household": "no",
        "household_details": "Lives with their partner and their son (9), who goes to the local primary school.",
        "persons_views": "I don't want him to know I said anything. I want to see my sister again.",
        "referral_consent": "declined",
        "immediate_actions": "Talked through a safety plan and the national domestic abuse helpline. Discussed with the team leader the same day because a child lives there.",
    },
    {
        "categories": ["self_neglect"],
        "what_happened": "The kitchen has no working fridge and there is very little food. {name} has lost weight and says they have not been eating properly for weeks.",
        "who_is_at_risk": "{name}.",
        "source": "Seen at a home visit.",
        "children_in_household": "no",
        "other_adults_in_household": "no",
        "persons_views": "I'm all right, I just need a fridge.",
        "referral_consent": "agreed",
        "immediate_actions": "Food bank voucher given; GP appointment booked for Thursday.",
    },
]

ESCALATIONS = [
    (
        "crisis_team",
        "Northgate crisis team",
        "Said on the phone that they had taken more tablets than prescribed and felt very drowsy.",
        "Crisis team visited within the hour; {name} went to A&E with them and came home the next morning.",
    ),
    (
        "on_call",
        "On-call manager",
        "Visitor at the flat was shouting and would not leave during the visit.",
        "Left the flat as agreed; on-call manager agreed visits in pairs until the review.",
    ),
    (
        "emergency",
        "999",
        "Found {name} unresponsive on the kitchen floor at the morning visit.",
        "Ambulance came in 12 minutes; admitted to hospital with low blood sugar, home after two days.",
    ),
]
