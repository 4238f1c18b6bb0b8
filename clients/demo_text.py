"""Invented text and weights for the clients demo data (clients/demo.py): referral reasons,
contact notes, places and topics. Nothing here describes a real person."""

SOURCES = (("cmht", 30), ("gp", 25), ("self", 15), ("housing", 15), ("hospital", 10), ("voluntary", 3), ("family", 2))
REFERRAL_REASONS = (
    "Low mood and isolation after a hospital admission; would like support to manage a tenancy.",
    "Recently discharged from the ward; wants help with a medication routine and everyday living skills.",
    "Rent arrears are putting the tenancy at risk; wants help with money and housing.",
    "Hears voices that are distressing at times; would like support to get out more and rebuild routines.",
    "Anxiety has stopped them leaving the house; wants to get back to volunteering.",
    "Homeless after a relationship ended; needs a safe place to stay and support to move on.",
    "Wants support to cut down on drinking and to get back in touch with family.",
)
END_REASONS = (
    ("planned_move_on", 60), ("disengaged", 12), ("unplanned", 8), ("moved_away", 7),
    ("transferred", 6), ("hospital", 5), ("other", 2),
)  # fmt: skip
MOVE_ON = {
    "supported_housing": (
        ("independent_tenancy", 50), ("supported_lower", 25), ("family", 15), ("residential_care", 5),
        ("supported_higher", 5),
    ),
    "community": (("not_applicable", 60), ("independent_tenancy", 20), ("family", 10), ("supported_lower", 10)),
}  # fmt: skip
OTHER_DESTINATION = {"hospital": "hospital", "moved_away": "unknown", "transferred": "supported_higher"}
CONTACT_TYPES = (("face_to_face", 50), ("phone", 30), ("text_email", 8), ("outreach", 6), ("group", 4), ("video", 2))
OUTCOMES = (("attended", 80), ("did_not_attend", 12), ("cancelled_by_client", 5), ("cancelled_by_service", 3))
DURATIONS = {
    "face_to_face": (30, 90), "phone": (15, 30), "text_email": (15, 15), "outreach": (30, 90),
    "group": (60, 90), "video": (20, 60),
}  # fmt: skip
OPENERS = {
    "face_to_face": (
        "Met {name} at {place}.", "Saw {name} at {place} as planned.", "{name} came to see me at {place}.",
        "Met {name} for our weekly catch-up at {place}.",
    ),
    "phone": ("Phoned {name} as arranged.", "{name} rang me for a chat.", "Weekly phone call with {name}."),
    "video": ("Video call with {name}.", "Caught up with {name} on a video call."),
    "text_email": ("Texted {name} to check in.", "Exchanged messages with {name}."),
    "outreach": ("Called round to see {name} at home.", "Outreach visit to {name} at the flat."),
    "group": ("{name} came to the {group} group.", "{name} joined the {group} session today."),
}  # fmt: skip
PLACES = (
    "the café on the high street", "the office", "the library", "the park", "the community centre",
    "the flat", "the garden at the project",
)  # fmt: skip
GROUPS = ("walking", "cooking on a budget", "art", "gardening", "peer support", "mindfulness", "pre-tenancy")
TOPICS = (
    ("housing", "We talked about the bidding for a flat; {name} felt more confident about the next steps."),
    ("housing", "{name} has started packing for the move and is looking forward to having their own front door."),
    ("housing", "We went through the tenancy agreement together, a page at a time."),
    ("money", "We went through the Universal Credit journal together and {name} sorted out the missing payment."),
    ("money", "{name} has stuck to the weekly budget and was proud to show me how it is going."),
    ("money", "We rang the energy supplier together and set up a payment plan {name} can manage."),
    ("physical_health", "{name} has booked a GP appointment about their sleep and asked me to go along."),
    ("physical_health", "{name} has been walking every morning and says they feel fitter."),
    ("mental_health", "{name} said the last fortnight has been hard; we went through what helps from their WRAP."),
    ("mental_health", "{name} has been using the grounding techniques and says they help when things get busy."),
    ("mental_health", "{name} feels more settled since the medication review and is sleeping better."),
    ("mental_health", "{name} talked about the early warning signs they noticed last week and what they did."),
    ("ete", "{name} is keen on the volunteering role at the food bank; we filled in the form together."),
    ("ete", "{name} has enrolled on the college IT course starting in September."),
    ("ete", "We updated {name}'s CV and looked at two part-time jobs."),
    ("relationships", "{name} is looking forward to seeing their sister at the weekend."),
    ("relationships", "{name} has been back in touch with an old friend and they met for a coffee."),
    ("substance_use", "{name} talked openly about cutting down on drinking and wants to try the peer group."),
    ("substance_use", "{name} has kept going to the recovery group and is proud of three weeks without cannabis."),
    (None, "We planned the week ahead together."),
    (None, "{name} was in good spirits and talked about the allotment."),
    (None, "{name} cooked lunch for the first time in the new kitchen."),
)
NEXT_STEPS = (
    "We agreed to meet again next week.", "I will chase the housing officer and let {name} know by Friday.",
    "{name} will ring me after the appointment.", "Next visit booked for Tuesday.", "", "",
)  # fmt: skip
MISSED = {
    "did_not_attend": (
        "{name} was not in when I called round. I left a card and will try again tomorrow.",
        "No answer at the planned time; I sent a friendly text to rearrange.",
        "{name} did not come to the appointment. I left a voicemail and will try again on Monday.",
        "Waited at the café for half an hour; {name} did not arrive. I will try a phone call instead.",
    ),
    "cancelled_by_client": (
        "{name} texted to rearrange because of a hospital appointment.",
        "{name} rang to cancel as they felt under the weather; we rebooked for Thursday.",
        "{name} asked to move our meeting as they had a job interview.",
    ),
    "cancelled_by_service": (
        "I had to rearrange because of staff sickness; {name} was understanding and we rebooked.",
        "Rearranged because the team meeting overran; {name} was happy with Friday instead.",
    ),
}
ADVANCE_STATEMENTS = (
    "If I become unwell I would like my sister to be told first. I would rather be supported at home than go "
    "into hospital, and it helps when people speak slowly and explain what is happening.",
    "When I am getting unwell I stop eating and sleeping. Please contact my care coordinator early. I do not "
    "want to be given haloperidol again; olanzapine has helped me before.",
    "Please look after my cat if I have to go into hospital: my neighbour has a key. I find a quiet room helps.",
)
NICKNAMES = {"James": "Jim", "William": "Will", "Robert": "Rob", "Elizabeth": "Liz", "Margaret": "Maggie",
             "Thomas": "Tom", "Samuel": "Sam", "Jennifer": "Jen", "Christopher": "Chris", "Katherine": "Kate",
             "Daniel": "Dan", "Rebecca": "Becky", "Michael": "Mike", "Victoria": "Vicky", "Joseph": "Joe"}  # fmt: skip
LANGUAGES = ("Polish", "Urdu", "Bengali", "Arabic", "Romanian", "Somali", "Portuguese")
ETHNICITIES = (
    ("white_british", 70), ("white_other", 6), ("white_irish", 2), ("asian_indian", 3), ("asian_pakistani", 3),
    ("asian_bangladeshi", 1), ("black_african", 3), ("black_caribbean", 3), ("mixed_white_black_caribbean", 2),
    ("mixed_other", 1), ("other_arab", 1), ("prefer_not_to_say", 5),
)  # fmt: skip


# --- planning ---------------------------------------------------------------------------------
