"""Limber's recommendation engine: plain Python over frozen data, no Django.

The index builder turns the database into `ProductInfo`, `ConditionInfo` and
`QuestionInfo` values; the functions here infer conditions, triage, rank and
pick the next question from those alone, so they can be tested and
benchmarked without a database.
"""
