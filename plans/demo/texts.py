"""Invented text for demo plans, in the first person as clients would say it."""

from __future__ import annotations

# (life area, goal in the client's words, what support looks like, steps: (what, who))
GOALS = [
    (
        "Everyday living skills",
        "I want to cook a proper meal twice a week instead of living on toast.",
        "Come shopping with me on Mondays and help me try the cookery group.",
        [("Go to the Thursday cookery group", "client"), ("Make a shopping list together", "worker")],
    ),
    (
        "Money and benefits",
        "I want to stop dreading the post and get my rent arrears sorted.",
        "Open my letters with me each week and come to Citizens Advice.",
        [
            ("Book an appointment about the arrears", "partner:Citizens Advice"),
            ("Open post together on Fridays", "worker"),
        ],
    ),
    (
        "Home and tenancy",
        "I want my flat to feel like home, somewhere I'm happy to have my sister round.",
        "Help me make a cleaning rota I can actually stick to.",
        [("Put the rota on the fridge", "client"), ("Ask the landlord to fix the damp", "worker")],
    ),
    (
        "Physical health",
        "I want to feel less tired and walk to the shops without getting out of breath.",
        "Remind me about appointments and find a walking group near me.",
        [("Book a check-up with the GP", "client"), ("Try the Tuesday walking group", "client")],
    ),
    (
        "Friends, family and community",
        "I want to see my son every fortnight and feel like a proper dad again.",
        "Help me plan the visits and talk through how they went.",
        [("Ring Dean to arrange Saturday", "client"), ("Talk to the family support worker", "partner:Family Action")],
    ),
    (
        "Work, learning and volunteering",
        "I'd like to volunteer at the food bank one morning a week.",
        "Introduce me to the volunteer coordinator and come to my first morning.",
        [("Fill in the volunteer form", "client"), ("Meet the coordinator together", "worker")],
    ),
    (
        "Mental health and wellbeing",
        "I want to notice when my mood is dipping before it gets really bad.",
        "Check in with me each week about my early warning signs.",
        [("Keep a mood diary on my phone", "client"), ("Go through the diary at our meetings", "worker")],
    ),
    (
        "Alcohol, drugs and gambling",
        "I want to cut my drinking down to the weekends.",
        "Talk with me about what sets it off and link me in with the alcohol service.",
        [("Go to the first appointment at the alcohol service", "partner:Northgate Drug and Alcohol Service")],
    ),
    (
        "Staying safe",
        "I want to know who to call when I'm struggling at night.",
        "Go through my safety plan with me and put the numbers in my phone.",
        [("Save Samaritans and the crisis line in my phone", "client")],
    ),
    (
        "Interests and things I enjoy",
        "I want to get back into drawing, like I used to before I got ill.",
        "Find an art class with me and help with the bus fares.",
        [("Look at the community art class timetable", "client"), ("Ask about a bus pass", "worker")],
    ),
]

ABOUT_ME = [
    "I grew up round here and I know a lot of people. I've had a hard couple of years since my mum died "
    "and I want to get back to being myself. What matters to me is my son, my cat and feeling useful.",
    "I moved here after a stay in hospital. I like music, football and being outdoors. I want support that "
    "doesn't rush me and people who are straight with me.",
    "I'm a quiet person and it takes me a while to trust people. I like cooking and my allotment. "
    "I want to live on my own again one day.",
]
STRENGTHS = [
    "I'm good with people once I know them. My sister is always there for me. Walking helps clear my head.",
    "I'm determined and I've got through worse. Music and my dog keep me going.",
    "I'm organised when I'm well. I know my early warning signs and I'm good at asking for help now.",
]
CONTINGENCY = [
    "If I stop answering the phone for two days, please knock on my door. Ring my sister Jo if you can't reach me.",
    "If I'm not coping I want to go to the crisis café first, not A&E. Please tell my care coordinator.",
]
SIGNS = [
    "I stop answering my phone",
    "I sleep most of the day",
    "I stop eating properly",
    "I feel people are talking about me",
    "I spend money I don't have",
    "I stay up all night",
    "I get snappy with people I love",
]
TRIGGERS = ["Letters from the council", "The anniversary of my mum's death", "Arguments with my ex"]
REVIEW_VIEWS = [
    "I'm proud I went to the cookery group. The money stuff still stresses me but it's better.",
    "Things are better than they were. I want to keep going with the volunteering.",
    "It's been a rough month but I'm still here and I want to keep the same goals.",
]
