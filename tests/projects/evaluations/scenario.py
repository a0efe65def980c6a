"""Answers to the evaluation's questions, shared by the evaluation tests."""

from projects.formats import EVALUATION_QUESTIONS

QUESTION_KEYS = [key for key, _question in EVALUATION_QUESTIONS]
ALL_ANSWERS = {key: f"Antwoord op {key}." for key in QUESTION_KEYS}
