"""The words the knowledge base and the engine share, defined once.

Plain Python with no Django import, so the recommendation engine can use it too.
"""

# Phases of recovery a treatment helps in.
IMMEDIATE = "immediate"
LONG_TERM = "long_term"
PHASES = (IMMEDIATE, LONG_TERM)
PHASE_LABELS = {IMMEDIATE: "Immediate relief", LONG_TERM: "Long-term healing"}
PHASE_PHRASES = {IMMEDIATE: "for the first days", LONG_TERM: "for lasting recovery"}

# Triage levels, mildest first; a red-flag answer carries one of the last two.
# "incomplete" is no level of care: the safety questions are not all answered yet.
INCOMPLETE = "incomplete"
SELF_CARE = "self_care"
SEE_DOCTOR = "see_doctor"
URGENT = "urgent"
TRIAGE_ORDER = {INCOMPLETE: -1, SELF_CARE: 0, SEE_DOCTOR: 1, URGENT: 2}

# How well the answers match a condition Limber has a guide for.
MATCH_LIKELY = "likely"  # one condition is clearly ahead
MATCH_POSSIBLE = "possible"  # one or more fit, none clearly
MATCH_NONE = "none"  # none of Limber's conditions fits the answers
MATCH_NOT_COVERED = "not_covered"  # where it hurts is nothing Limber's tools help with
MATCH_PENDING = "pending"  # not decided: safety first, or the check was ended by a red flag
RED_FLAG_LABELS = {SEE_DOCTOR: "See a doctor", URGENT: "Urgent care"}

# Stages of the symptom check: where it hurts first, safety next, then symptoms.
STAGE_WHERE = 10
STAGE_SAFETY = 20
STAGE_SYMPTOMS = 30
STAGE_LABELS = {STAGE_WHERE: "Where it hurts", STAGE_SAFETY: "Safety check", STAGE_SYMPTOMS: "Symptoms"}

# Every question offers "Not sure" by itself; the slug is reserved and gives no evidence.
NOT_SURE = "not-sure"
NOT_SURE_LABEL = "Not sure"

# Said wherever Limber gives health information.
NOT_MEDICAL_ADVICE = (
    "Not medical advice: general information to help you choose recovery tools. "
    "It does not diagnose anything; see a doctor or physical therapist if pain is severe, "
    "follows an injury, or is not improving."
)
