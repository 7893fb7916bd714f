"""The search ranking's rules, on plain data: words answered first, weak recommendations only with text."""

from catalog.search import WordHit
from recommendations.search_ranking import products_ranked, text_score, words_required

NAME, SHORT, DESCRIPTION, CATEGORY = 1, 2, 4, 8


def test_most_words_must_be_answered():
    assert [words_required(n) for n in range(1, 7)] == [1, 2, 2, 3, 4, 4]


def test_a_name_outweighs_both_descriptions_and_a_related_word_counts_less():
    assert text_score(WordHit(NAME, 0)) > text_score(WordHit(SHORT | DESCRIPTION, 0))
    assert text_score(WordHit(0, NAME)) < text_score(WordHit(NAME, 0))
    assert text_score(WordHit(0, 0)) == 0


def test_a_product_answering_more_words_ranks_first_whatever_its_fields():
    hits = {
        1: (WordHit(NAME, 0), WordHit(0, 0), WordHit(0, 0)),  # one word, in the name
        2: (WordHit(DESCRIPTION, 0), WordHit(DESCRIPTION, 0), WordHit(0, 0)),  # two words, in the description
        3: (WordHit(DESCRIPTION, 0), WordHit(0, 0), WordHit(DESCRIPTION, 0)),
    }

    ranked = products_ranked(words=3, text_hits=hits, knowledge=[{}, {}, {}], popularity={})

    assert ranked == [2, 3]  # product 1 answers one word of three: under the two required


def test_ties_go_to_the_more_popular_product_not_the_alphabet():
    hits = {7: (WordHit(NAME, 0),), 8: (WordHit(NAME, 0),)}

    assert products_ranked(words=1, text_hits=hits, knowledge=[{}], popularity={8: 0.5, 7: 0.1}) == [8, 7]


def test_a_weak_recommendation_answers_a_word_only_beside_the_products_own_text():
    hits = {5: (WordHit(0, 0), WordHit(NAME, 0))}
    knowledge = [{5: (0.8, False), 6: (0.8, False), 9: (3.0, True)}, {9: (3.0, True)}]

    ranked = products_ranked(words=2, text_hits=hits, knowledge=knowledge, popularity={})

    assert ranked == [9, 5]  # 6 is only weakly recommended and holds none of the words


def test_a_word_only_the_products_shelf_names_answers_it_below_every_name_match():
    hits = {
        1: (WordHit(NAME | CATEGORY, 0), WordHit(NAME | CATEGORY, 0)),  # "Foam Roller" on the Foam rollers shelf
        2: (WordHit(CATEGORY, 0), WordHit(NAME | SHORT | DESCRIPTION | CATEGORY, 0)),  # "Grid Roller", same shelf
        3: (WordHit(0, 0), WordHit(NAME, 0)),  # a roller on another shelf: one word of two
    }

    ranked = products_ranked(words=2, text_hits=hits, knowledge=[{}, {}], popularity={2: 0.9})

    assert ranked == [1, 2]
    assert 0 < text_score(WordHit(CATEGORY, 0)) < text_score(WordHit(NAME, 0))
    assert text_score(WordHit(NAME | CATEGORY, 0)) == text_score(WordHit(NAME, 0))
