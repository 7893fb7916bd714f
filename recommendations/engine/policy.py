"""The numbers behind Limber's recommendations, in one class with small overridable methods."""

import math

import numpy as np


class ScoringPolicy:
    """Weights and thresholds of inference, ranking and question choice.

    Subclass and override a method to change one rule; the engine asks the policy
    instead of hard-coding numbers.
    """

    # Inference
    background_likelihood = 0.05  # chance of a symptom a condition does not list
    likelihood_floor = 0.02
    likelihood_ceiling = 0.98
    # "Something else": a complaint the knowledge base does not know keeps its share of the probability.
    other_prior = 0.08  # used alone only when no condition is a candidate
    other_share = 0.3  # its share of the prior among shoppers reporting the same body areas
    other_likelihood = 0.15  # least chance of any answer; more when the answer is typical of the area's conditions
    # Symptoms of one condition are not independent; counting each one fully makes naive
    # Bayes overconfident, so evidence is tempered (1.0 = no tempering).
    evidence_weight = 0.7
    # Until its defining signs are confirmed a condition is held below this; the rest is "something else".
    unconfirmed_ceiling = 0.45
    min_condition_probability = 0.05
    likely_probability = 0.5
    clear_margin = 0.25  # "likely" needs the top condition this far ahead of the next
    possible_probability = 0.2

    # Questions
    confident_probability = 0.8
    min_information_gain = 0.03  # bits
    # Before stopping: confirm the top condition's defining signs, then separate it from a rival this likely.
    rival_probability = 0.02
    rivals_considered = 3
    min_separating_gain = 0.3  # bits a question tells the top condition and the rival apart by, at even odds
    # A screen of questions also takes up to this many more when, answered as the likeliest condition would
    # answer, they would be the check's last (0: never; each screen holds at most QUESTIONS_PER_SCREEN).
    last_screen_extra = 2

    # Ranking
    index_depth = 40  # products kept per condition and phase in the compiled index
    fits_body_area = 1.0
    general_product = 0.85  # a product not tied to any body area
    other_body_area = 0.0  # a product made for another part of the body does not help
    popularity_weight = 0.05
    # Shoppers' "did it help?" answers nudge a product within the list it already qualifies for, never more.
    helpfulness_weight = 0.05
    fallback_weight = 0.5  # a general body-area pick counts half in recommendations
    # Lists cover approaches before repeating one and show one product per family; off, they keep score order.
    diversify = True
    # A product stands for its approach ahead of stronger repeats only if it scores this share of the best.
    approach_cover_share = 0.3

    def likelihood(self, value: float | None) -> float:
        """Return a usable P(symptom | condition): the background when unknown, never 0 or 1."""
        if value is None:
            value = self.background_likelihood
        return min(max(value, self.likelihood_floor), self.likelihood_ceiling)

    def other_prior_for(self, candidate_priors: float) -> float:
        """Return the prior of "something else", given the sum of the candidate conditions' priors."""
        return candidate_priors * self.other_share / (1 - self.other_share)

    def other_answer_likelihood(self, typical: float | None) -> float:
        """Return P(symptom | something else) from how typical it is of the area's conditions (None: unknown)."""
        if typical is None:
            return self.other_likelihood
        return max(self.other_likelihood, typical)

    def log_prior(self, prior: float) -> float:
        """Return the log of a prevalence prior, floored so it stays finite."""
        return math.log(max(prior, 1e-6))

    def approach_score(self, weight: float, strength: float) -> float:
        """Score one approach: how much it helps the condition times how well the product serves it."""
        return weight * strength

    def body_area_factor(self, product_areas: frozenset[str], condition_areas: frozenset[str]) -> float:
        """Scale a score by how well the product fits where the condition is felt."""
        if not product_areas or not condition_areas:
            return self.general_product
        if product_areas & condition_areas:
            return self.fits_body_area
        return self.other_body_area

    def curated_boost(self, boost: float) -> float:
        """Return what a staff boost adds to a score."""
        return boost

    def popularity_bonus(self, popularity: float) -> float:
        """Return the small prior popularity adds to a product that already qualifies."""
        return self.popularity_weight * min(max(popularity, 0.0), 1.0)

    def popularity_bonuses(self, popularity: np.ndarray) -> np.ndarray:
        """Return `popularity_bonus` for many products at once."""
        return self.popularity_weight * np.clip(popularity, 0.0, 1.0)

    def helpfulness_bonuses(self, helpfulness: np.ndarray) -> np.ndarray:
        """Return what shoppers' answers (−1 to 1) add to or take from qualifying products' scores, at most ± weight."""
        return self.helpfulness_weight * np.clip(helpfulness, -1.0, 1.0)

    def stands_for_approach(self, score: float, best_score: float) -> bool:
        """Whether a product is strong enough to show its approach before a second product of another."""
        return score >= self.approach_cover_share * best_score

    def strength_label(self, probability: float) -> str:
        """Describe a probability in plain words."""
        if probability >= self.likely_probability:
            return "likely"
        if probability >= self.possible_probability:
            return "possible"
        return "less likely"


DEFAULT_POLICY = ScoringPolicy()
