"""Decide whether answers call for self-care, a doctor, or urgent care."""

from recommendations.engine.types import SEE_DOCTOR, SELF_CARE, TRIAGE_ORDER, URGENT, Evidence, Triage

SELF_CARE_MESSAGE = (
    "Nothing you told us needs urgent attention. Everyday aches like these often settle with sensible "
    "self-care. If the pain is severe, keeps getting worse, or has not improved after two weeks, "
    "see a doctor or physical therapist."
)
SEE_DOCTOR_SUFFIX = "The products below may help alongside medical advice, not instead of it."
URGENT_SUFFIX = "Please seek care before buying anything for this."


def triage(evidence: Evidence) -> Triage:
    """Return the strongest red flag's level with its messages; self-care when none was raised."""
    if not evidence.red_flags:
        return Triage(level=SELF_CARE, message=SELF_CARE_MESSAGE)
    level = max((flag for flag, _message, _source in evidence.red_flags), key=TRIAGE_ORDER.__getitem__)
    messages = []
    for flag, message, _source in evidence.red_flags:
        if flag == level and message not in messages:
            messages.append(message)
    suffix = URGENT_SUFFIX if level == URGENT else SEE_DOCTOR_SUFFIX
    return Triage(level=level, message=" ".join([*messages, suffix]))


__all__ = ["SEE_DOCTOR", "SELF_CARE", "URGENT", "triage"]
