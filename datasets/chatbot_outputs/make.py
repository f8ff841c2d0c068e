"""Build data.csv: chatbot outputs written by the project, NOT produced by any model.

The questions, reference answers and wrong answers below were written by
hand; this script combines them with three prompt templates and with the
surface forms that chatbot answers take (a bare answer, a reasoning then an
answer, a polite paragraph), and decides which outputs are right with a
seeded model of item difficulty and template quality. Run it from anywhere:
``python datasets/chatbot_outputs/make.py``; the output is the same every time.
"""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent

# (question, reference answer, a plausible wrong answer)
FACTS_FR = [
    ("Quelle est la capitale de l'Australie ?", "Canberra", "Sydney"),
    ("Combien d'os compte le squelette d'un adulte ?", "206", "212"),
    ("Quelle est la température normale du corps humain, en degrés Celsius ?", "37 °C", "39 °C"),
    ("Quel organe produit l'insuline ?", "le pancréas", "le foie"),
    ("Quel est le symbole chimique du sodium ?", "Na", "So"),
    ("En quelle année a eu lieu la prise de la Bastille ?", "1789", "1792"),
    ("Quel gaz les plantes absorbent-elles pour la photosynthèse ?", "le dioxyde de carbone", "l'oxygène"),
    ("Combien de cavités compte le cœur humain ?", "quatre", "trois"),
    ("Quelle vitamine la peau produit-elle sous l'effet du soleil ?", "la vitamine D", "la vitamine C"),
    ("Quel est le plus long fleuve de France ?", "la Loire", "la Seine"),
    ("Qui a écrit « Les Misérables » ?", "Victor Hugo", "Émile Zola"),
    ("Combien de chromosomes possède une cellule humaine ordinaire ?", "46", "44"),
    ("Quel groupe sanguin est donneur universel de globules rouges ?", "O négatif", "AB positif"),
    ("Combien de minutes dure une mi-temps au football ?", "45", "40"),
    ("Quel est le plus grand organe du corps humain ?", "la peau", "le foie"),
    ("Quelle planète est la plus proche du Soleil ?", "Mercure", "Vénus"),
    ("Dans quel organe se font les échanges gazeux de la respiration ?", "les poumons", "les bronches"),
    ("Quelle est la monnaie du Japon ?", "le yen", "le yuan"),
    ("Combien de côtés a un hexagone ?", "six", "huit"),
    ("En quelle année les billets et les pièces en euros sont-ils entrés en circulation ?", "2002", "1999"),
    ("Contre quelle maladie le vaccin BCG protège-t-il ?", "la tuberculose", "la rougeole"),
    ("Quel est le numéro d'appel d'urgence européen ?", "112", "911"),
    ("Quel numéro faut-il composer pour joindre le SAMU en France ?", "15", "18"),
    ("Quelle est la formule chimique de l'eau ?", "H2O", "H2O2"),
    ("Qui a découvert la pénicilline ?", "Alexander Fleming", "Louis Pasteur"),
    ("Quel est l'os le plus long du corps humain ?", "le fémur", "le tibia"),
    ("Combien de jours compte une année bissextile ?", "366", "365"),
    ("Quelle est la capitale du Canada ?", "Ottawa", "Toronto"),
    ("Qui a mis au point le premier vaccin contre la rage ?", "Louis Pasteur", "Robert Koch"),
    ("Quel est le plus grand océan du monde ?", "l'océan Pacifique", "l'océan Atlantique"),
    ("Combien de dents compte un adulte qui a toutes ses dents de sagesse ?", "32", "28"),
    ("Quel est le gaz le plus abondant dans l'atmosphère terrestre ?", "l'azote", "l'oxygène"),
    ("À quelle température l'eau bout-elle au niveau de la mer, en degrés Celsius ?", "100 °C", "90 °C"),
    ("Dans quel pays se trouve le siège de l'Organisation mondiale de la santé ?", "la Suisse", "les États-Unis"),
    ("Quel est le contraire du verbe « augmenter » ?", "diminuer", "accroître"),
]

FACTS_EN = [
    ("What is the capital of Canada?", "Ottawa", "Toronto"),
    ("How many bones are there in the adult human body?", "206", "212"),
    ("Which organ produces insulin?", "the pancreas", "the liver"),
    ("What is the chemical symbol for potassium?", "K", "P"),
    ("Who wrote Pride and Prejudice?", "Jane Austen", "Charlotte Brontë"),
    ("What is the largest planet in the solar system?", "Jupiter", "Saturn"),
    ("How many chambers does the human heart have?", "four", "two"),
    ("Which vitamin does the skin make when exposed to sunlight?", "vitamin D", "vitamin A"),
    ("What is the boiling point of water at sea level, in degrees Fahrenheit?", "212 °F", "100 °F"),
    ("Who discovered penicillin?", "Alexander Fleming", "Marie Curie"),
    ("What is the longest bone in the human body?", "the femur", "the humerus"),
    ("Which blood type is the universal red-cell donor?", "O negative", "AB positive"),
    ("How many chromosomes does a typical human cell have?", "46", "48"),
    ("Which disease does the BCG vaccine protect against?", "tuberculosis", "measles"),
    ("What is the capital of Australia?", "Canberra", "Sydney"),
    ("In which year did the Berlin Wall fall?", "1989", "1991"),
    ("Which gas do plants take in for photosynthesis?", "carbon dioxide", "oxygen"),
    ("What is the freezing point of water, in degrees Celsius?", "0 °C", "4 °C"),
    ("How many sides does a hexagon have?", "six", "seven"),
    ("Which planet is closest to the Sun?", "Mercury", "Venus"),
    ("What is the currency of the United Kingdom?", "the pound sterling", "the euro"),
    ("What is the most abundant gas in Earth's atmosphere?", "nitrogen", "oxygen"),
    ("Who developed the theory of general relativity?", "Albert Einstein", "Isaac Newton"),
    ("What is the largest organ of the human body?", "the skin", "the liver"),
    ("How many days are there in a leap year?", "366", "365"),
    ("What is the chemical formula of table salt?", "NaCl", "KCl"),
    ("Which organs filter the blood to make urine?", "the kidneys", "the liver"),
    ("Which is the largest ocean?", "the Pacific Ocean", "the Atlantic Ocean"),
    ("Who painted the Mona Lisa?", "Leonardo da Vinci", "Michelangelo"),
    ("How many minutes are there in a day?", "1440", "1400"),
    ("Which element has atomic number 1?", "hydrogen", "helium"),
    ("What is the hardest natural material?", "diamond", "quartz"),
    ("What does the abbreviation DNA stand for?", "deoxyribonucleic acid", "deoxyribose nitrogen acid"),
    ("Which city is the capital of Japan?", "Tokyo", "Kyoto"),
    ("What is the normal resting heart rate range for adults, in beats per minute?", "60 to 100", "40 to 60"),
]

TEMPLATES = {
    "fr": {
        "A": "Réponds en quelques mots : {question}",
        "B": "Réfléchis étape par étape, puis donne ta réponse finale après « La réponse est donc : ». "
             "Question : {question}",
        "C": "Tu es un assistant expert et bienveillant. Réponds précisément à la question suivante : {question}",
    },
    "en": {
        "A": "Answer in a few words: {question}",
        "B": "Think step by step, then give your final answer after 'So the answer is:'. Question: {question}",
        "C": "You are a helpful expert assistant. Answer the following question precisely: {question}",
    },
}

REASONING = {
    "fr": ["Je reprends les éléments de la question.", "Je rassemble ce que je sais sur le sujet.",
           "Je vérifie chaque étape du raisonnement.", "Procédons par ordre."],
    "en": ["Let me go over what the question asks.", "I will recall what I know about this.",
           "Let me check each step.", "Taking it one step at a time."],
}

# Template quality (log-odds of a right answer for an item of average difficulty).
QUALITY = {"A": 0.6, "B": 1.3, "C": 0.9}


def arithmetic(rng: np.random.Generator, language: str, count: int) -> list[tuple[str, str, str]]:
    """Written questions of arithmetic and units; the answers are computed, the wrong ones near misses."""
    items = []
    for k in range(count):
        kind = k % 3
        if kind == 0:
            a, b = int(rng.integers(12, 40)), int(rng.integers(6, 19))
            question = (f"Combien font {a} × {b} ?" if language == "fr" else f"What is {a} times {b}?")
            right, wrong = a * b, a * b + int(rng.choice([-10, -1, 1, 10]))
        elif kind == 1:
            percent, base = int(rng.choice([5, 10, 15, 20, 25, 30])), int(rng.integers(4, 40)) * 20
            question = (f"Combien font {percent} % de {base} ?" if language == "fr"
                        else f"What is {percent}% of {base}?")
            right, wrong = percent * base // 100, percent * base // 10
        else:
            litres = int(rng.integers(2, 10)) / 2
            shown = f"{litres:g}".replace(".", ",") if language == "fr" else f"{litres:g}"
            question = (f"Combien de millilitres y a-t-il dans {shown} litres ?" if language == "fr"
                        else f"How many millilitres are there in {shown} litres?")
            right, wrong = int(litres * 1000), int(litres * 100)
        items.append((question, str(right), str(wrong)))
    return items


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def surface(rng: np.random.Generator, answer: str, language: str) -> str:
    """How a chatbot might write `answer`: case, accents, articles and punctuation vary."""
    form = answer
    articles = ("le ", "la ", "l'", "les ") if language == "fr" else ("the ",)
    draw = rng.random(4)
    if draw[0] < 0.25:
        for article in articles:
            if form.lower().startswith(article):
                form = form[len(article):]
                break
    if draw[1] < 0.2:
        form = form.lower()
    elif draw[1] < 0.35:
        form = form[:1].upper() + form[1:]
    if language == "fr" and draw[2] < 0.15:
        form = strip_accents(form)
    if draw[3] < 0.4:
        form += "."
    return form


def output(rng: np.random.Generator, template: str, language: str, answer: str) -> str:
    said = surface(rng, answer, language)
    if template == "A":
        return said
    if template == "B":
        steps = " ".join(rng.choice(REASONING[language], size=2, replace=False))
        ending = "La réponse est donc : " if language == "fr" else "So the answer is: "
        return f"{steps} {ending}{said.rstrip('.')}."
    if language == "fr":
        opening = rng.choice(["Bonne question !", "Avec plaisir.", "Voici la réponse."])
        closing = rng.choice(["N'hésitez pas si vous avez d'autres questions.", "J'espère que cela vous aide.",
                              ""])
        return f"{opening} La réponse est {said.rstrip('.')}. {closing}".strip()
    opening = rng.choice(["Great question!", "Happy to help.", "Here is the answer."])
    closing = rng.choice(["Let me know if you have other questions.", "I hope this helps.", ""])
    return f"{opening} The answer is {said.rstrip('.')}. {closing}".strip()


def main() -> None:
    rng = np.random.default_rng(20240917)
    items = []
    for language, facts in (("fr", FACTS_FR), ("en", FACTS_EN)):
        questions = [(q, r, w, "fact") for q, r, w in facts]
        questions += [(q, r, w, "arithmetic") for q, r, w in arithmetic(rng, language, 15)]
        items += [(language, *question) for question in questions]
    difficulty = rng.normal(0.0, 1.0, len(items))
    rows = []
    numbers = {"fr": 0, "en": 0}
    for (language, question, reference, wrong, category), hardness in zip(items, difficulty):
        numbers[language] += 1
        item_id = f"{language}-{numbers[language]:03d}"
        for template in ("A", "B", "C"):
            chance = 1.0 / (1.0 + np.exp(-(QUALITY[template] - 1.2 * hardness)))
            correct = int(rng.random() < chance)
            rows.append({
                "item_id": item_id, "language": language, "category": category,
                "prompt_template": template,
                "prompt": TEMPLATES[language][template].format(question=question),
                "question": question,
                "model_output": output(rng, template, language, reference if correct else wrong),
                "reference_answer": reference, "correct": correct,
            })
    with (HERE / "data.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main()
