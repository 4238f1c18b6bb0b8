"""Choice lists for client records. Labels are what people read; values never change."""

PREFER_NOT = ("prefer_not_to_say", "Prefer not to say")

YES_NO = [("yes", "Yes"), ("no", "No"), PREFER_NOT]
SEX = [("female", "Female"), ("male", "Male"), PREFER_NOT]
MARITAL_STATUS = [
    ("single", "Never married and never in a civil partnership"),
    ("married", "Married"),
    ("civil_partnership", "In a civil partnership"),
    ("separated", "Separated"),
    ("divorced", "Divorced or civil partnership dissolved"),
    ("widowed", "Widowed or surviving civil partner"),
    PREFER_NOT,
]
# Census 2021 (England and Wales) ethnic groups.
ETHNICITY = [
    ("asian_bangladeshi", "Asian or Asian British: Bangladeshi"),
    ("asian_chinese", "Asian or Asian British: Chinese"),
    ("asian_indian", "Asian or Asian British: Indian"),
    ("asian_pakistani", "Asian or Asian British: Pakistani"),
    ("asian_other", "Asian or Asian British: any other Asian background"),
    ("black_african", "Black, Black British, Caribbean or African: African"),
    ("black_caribbean", "Black, Black British, Caribbean or African: Caribbean"),
    ("black_other", "Black, Black British, Caribbean or African: any other background"),
    ("mixed_white_asian", "Mixed or multiple: White and Asian"),
    ("mixed_white_black_african", "Mixed or multiple: White and Black African"),
    ("mixed_white_black_caribbean", "Mixed or multiple: White and Black Caribbean"),
    ("mixed_other", "Mixed or multiple: any other background"),
    ("white_british", "White: English, Welsh, Scottish, Northern Irish or British"),
    ("white_irish", "White: Irish"),
    ("white_gypsy_traveller", "White: Gypsy or Irish Traveller"),
    ("white_roma", "White: Roma"),
    ("white_other", "White: any other White background"),
    ("other_arab", "Other ethnic group: Arab"),
    ("other", "Any other ethnic group"),
    PREFER_NOT,
]
RELIGION = [
    ("none", "No religion"),
    ("buddhist", "Buddhist"),
    ("christian", "Christian"),
    ("hindu", "Hindu"),
    ("jewish", "Jewish"),
    ("muslim", "Muslim"),
    ("sikh", "Sikh"),
    ("other", "Any other religion or belief"),
    PREFER_NOT,
]
SEXUAL_ORIENTATION = [
    ("heterosexual", "Straight or heterosexual"),
    ("gay_lesbian", "Gay or lesbian"),
    ("bisexual", "Bisexual"),
    ("other", "Another sexual orientation"),
    PREFER_NOT,
]

REFERRAL_SOURCE = [
    ("self", "Self-referral"),
    ("gp", "GP"),
    ("cmht", "Community mental health team"),
    ("housing", "Housing or local authority"),
    ("crisis_line", "Crisis line"),
    ("hospital", "Hospital or inpatient ward"),
    ("probation", "Probation or criminal justice"),
    ("voluntary", "Voluntary sector organisation"),
    ("family", "Family or carer"),
    ("other", "Other"),
]
REFERRAL_DECISION = [
    ("pending", "Awaiting decision"),
    ("accepted", "Accepted"),
    ("declined", "Declined"),
    ("signposted", "Signposted elsewhere"),
]
END_REASON = [
    ("planned_move_on", "Planned move-on"),
    ("unplanned", "Unplanned ending"),
    ("disengaged", "Disengaged from support"),
    ("moved_away", "Moved out of area"),
    ("transferred", "Transferred to another service"),
    ("hospital", "Admitted to hospital"),
    ("died", "Died"),
    ("other", "Other"),
]
MOVE_ON_DESTINATION = [
    ("independent_tenancy", "Own tenancy (council, housing association or private)"),
    ("supported_lower", "Supported accommodation with less support"),
    ("supported_higher", "Supported accommodation with more support"),
    ("family", "Living with family or friends"),
    ("residential_care", "Residential or nursing care"),
    ("hospital", "Hospital"),
    ("prison", "Prison"),
    ("no_fixed_abode", "No fixed abode"),
    ("unknown", "Not known"),
    ("not_applicable", "Not applicable (community support)"),
]
CONTACT_TYPE = [
    ("face_to_face", "Face to face"),
    ("phone", "Phone"),
    ("video", "Video call"),
    ("text_email", "Text or e-mail"),
    ("outreach", "Outreach visit"),
    ("group", "Group"),
    ("helpline", "Helpline call"),
    ("crisis_cafe", "Crisis café"),
    ("other", "Other"),
]
CONTACT_OUTCOME = [
    ("attended", "Attended"),
    ("did_not_attend", "Did not attend"),
    ("cancelled_by_client", "Cancelled by the client"),
    ("cancelled_by_service", "Cancelled by the service"),
]
CONTACT_TAG = [
    ("housing", "Housing"),
    ("money", "Money"),
    ("physical_health", "Physical health"),
    ("mental_health", "Mental health"),
    ("ete", "Education, training and employment"),
    ("relationships", "Relationships"),
    ("substance_use", "Substance use"),
    ("safeguarding", "Safeguarding"),
]
NETWORK_RELATIONSHIP = [
    ("family", "Family member"),
    ("carer", "Carer"),
    ("friend", "Friend"),
    ("gp", "GP"),
    ("care_coordinator", "Care coordinator"),
    ("partner_agency", "Partner agency"),
    ("advocate", "Advocate"),
    ("other", "Other"),
]
CONSENT_KIND = [
    ("information_sharing", "Sharing information with the care team"),
    ("photography", "Photographs and film"),
    ("text_messages", "Contact by text message"),
    ("case_study", "Anonymised case study in reports"),
    ("research", "Research and evaluation"),
]
CONSENT_DECISION = [("given", "Given"), ("refused", "Refused"), ("withdrawn", "Withdrawn")]
DOCUMENT_CATEGORY = [
    ("letter", "Letter"),
    ("assessment", "Assessment"),
    ("plan", "Plan from another service"),
    ("advance_statement", "Advance statement or directive"),
    ("identity", "Identity or tenancy document"),
    ("other", "Other"),
]
BRIEF_CHANNEL = [("helpline", "Helpline call"), ("crisis_cafe", "Crisis café visit"), ("drop_in", "Drop-in")]
