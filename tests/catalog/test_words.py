"""How search reads shoppers' words: filler, plurals, words meaning the same, one-edit corrections."""

import pytest
import yaml

from catalog.words import (
    WORDS_FILE,
    Vocabulary,
    search_words_parse,
    word_forms,
    word_stem,
    words_of,
    words_same_as,
)


def test_filler_is_left_out_of_a_question_in_plain_words():
    assert words_of("Something for my neck") == ["neck"]
    assert words_of("my heel hurts in the morning") == ["heel", "morning"]


def test_a_search_made_only_of_filler_keeps_its_words():
    assert words_of("pain") == ["pain"]


def test_irregular_plurals_find_each_other():
    assert set(word_forms("calf")) == {"calf", "calves"}
    assert set(word_forms("calves")) == {"calves", "calf"}
    assert word_stem("calves") == "calf"


def test_words_meaning_the_same_come_from_the_data_file():
    assert "cold" in words_same_as("ice")
    assert words_same_as("xylophone") == ()


def test_a_correction_prefers_the_word_the_catalogue_uses_most():
    vocabulary = Vocabulary({"roller": 30, "rolled": 1})

    assert vocabulary.corrections("rolles") == ["roller", "rolled"]
    assert vocabulary.corrections("roller") == []  # a known word is never corrected


def test_a_known_word_matches_only_itself_and_the_words_it_begins():
    vocabulary = Vocabulary({"roller": 3, "rolled": 1, "tendinopathy": 2})

    assert vocabulary.matching("roller") == {"roller"}
    assert vocabulary.matching("tendin") == {"tendinopathy"}
    assert vocabulary.matching("rol") == set()


@pytest.mark.parametrize(
    "data",
    [
        ["a list"],
        {"filler": ["Capital"]},
        {"filler": [True]},  # a bare `on` in YAML
        {"plurals": {"calves": 3}},
        {"same_as": {"ice": "cold"}},
        {"same_as": {"ice": ["not a word"]}},
        {"unknown": []},
    ],
)
def test_a_malformed_word_list_is_refused_with_a_reason(data):
    with pytest.raises(ValueError, match="search words"):
        search_words_parse(data)


def test_the_shipped_word_list_reads_cleanly():
    words = search_words_parse(yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8")))

    assert {"something", "for", "my", "hurts", "pain", "sore"} <= words.filler
    assert "on" in words.filler
