"""The words the knowledge base and the engine share, defined once.

Plain Python with no Django import, so the recommendation engine can use it too.
"""

# Phases of recovery a treatment helps in.
IMMEDIATE = "immediate"
LONG_TERM = "long_term"
PHASES = (IMMEDIATE, LONG_TERM)
PHASE_LABELS = {IMMEDIATE: "Immediate relief", LONG_TERM: "Long-term healing"}

# Triage levels, mildest first; a red-flag answer carries one of the last two.
SELF_CARE = "self_care"
SEE_DOCTOR = "see_doctor"
URGENT = "urgent"
TRIAGE_ORDER = {SELF_CARE: 0, SEE_DOCTOR: 1, URGENT: 2}
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
