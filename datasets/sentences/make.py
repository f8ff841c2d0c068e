"""Write ``data.csv``: French and English sentences for language identification.

Most sentences below were written one by one for caire-exercises, on many
topics and of every length, including very short ones and sentences that
borrow words from the other language ("Le week-end, on fait du jogging.",
"She ordered a café au lait."). A smaller part comes from hand-written
patterns (who, does what, when) filled by a seeded generator, so that tenses
and time phrases always agree. Run ``python datasets/sentences/make.py``; the
same seed always gives the same file.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

SEED = 20240612
HERE = Path(__file__).resolve().parent

# --------------------------------------------------------------------------- French, one by one

FRENCH = """
Il pleut depuis ce matin et les rues sont presque vides.
Demain, le ciel se dégagera dans l'après-midi.
Prends un parapluie, on annonce des orages.
La neige est tombée toute la nuit sur les Alpes.
Quelle chaleur aujourd'hui !
Le vent souffle fort sur la côte bretonne.
Coupez les oignons en fines lamelles et faites-les revenir dans le beurre.
Ma grand-mère prépare la meilleure tarte aux pommes du village.
Le restaurant est fermé le lundi.
Tu veux un café ou un thé ?
Il reste du fromage dans le frigo.
Ajoutez une pincée de sel et laissez mijoter vingt minutes.
La soupe est trop chaude, attends un peu.
Nous avons réservé une table pour quatre personnes.
Le médecin m'a conseillé de marcher trente minutes par jour.
La pharmacie de garde se trouve près de l'église.
J'ai rendez-vous chez le dentiste jeudi prochain.
Les urgences étaient pleines hier soir.
Pensez à boire de l'eau régulièrement quand il fait chaud.
La campagne de vaccination contre la grippe commence en octobre.
L'équipe de France a gagné son match contre l'Italie.
Il court un semi-marathon tous les printemps.
Le club de rugby cherche de nouveaux bénévoles.
Elle fait du vélo pour aller au travail.
La piscine municipale ouvre à sept heures.
Le Tour de France passe par notre village cette année.
Nous partons en vacances en Bretagne au mois d'août.
Le train pour Marseille part du quai numéro quatre.
Mon vol a été annulé à cause de la grève.
N'oubliez pas votre passeport !
On a visité trois musées en deux jours.
L'hôtel donne directement sur la plage.
La réunion commence à neuf heures précises.
Mon chef m'a demandé de finir le rapport avant vendredi.
Elle a trouvé un nouveau travail dans une start-up lyonnaise.
Je suis en télétravail deux jours par semaine.
Les salariés ont voté pour la grève.
Le stage dure six mois.
Les élèves préparent un exposé sur les volcans.
La rentrée scolaire a lieu début septembre.
Il a réussi son examen du premier coup.
La bibliothèque universitaire reste ouverte jusqu'à minuit.
Combien de temps faut-il pour apprendre une langue ?
La Terre tourne autour du Soleil en un peu plus de trois cent soixante-cinq jours.
L'eau bout à cent degrés au niveau de la mer.
Les abeilles jouent un rôle essentiel dans la pollinisation.
Ce télescope permet d'observer les anneaux de Saturne.
Marie Curie a reçu deux prix Nobel.
Louis Pasteur a mis au point le vaccin contre la rage.
La Révolution française a commencé en 1789.
Le château de Versailles attire des millions de visiteurs.
Napoléon est mort sur l'île de Sainte-Hélène.
Les Gaulois vivaient dans des villages fortifiés.
Mon ordinateur refuse de démarrer depuis la mise à jour.
Tu as pensé à sauvegarder tes fichiers ?
Le mot de passe doit contenir au moins douze caractères.
L'intelligence artificielle transforme de nombreux métiers.
Cette application permet de suivre ses dépenses.
Le réseau wifi de la gare ne fonctionne pas.
Les feuilles des arbres jaunissent en automne.
Un renard traverse le jardin chaque soir.
La forêt de Brocéliande est pleine de légendes.
Le jardin embaume le lilas au printemps.
Les cigognes reviennent en Alsace au printemps.
Le boulanger ouvre à six heures du matin.
Il y a des bouchons sur le périphérique.
Le marché du dimanche est très animé.
Les loyers ont encore augmenté dans le centre-ville.
On cherche une place pour se garer depuis vingt minutes.
Le prix de l'essence a baissé cette semaine.
J'ai ouvert un compte d'épargne pour les enfants.
Les impôts doivent être déclarés avant la fin du mois.
Mon frère vient dîner ce soir avec sa compagne.
Les enfants jouent dans le jardin.
Ma sœur attend son deuxième bébé.
Nous fêtons les quatre-vingts ans de mon grand-père.
Le chat dort sur le canapé toute la journée.
Notre chien adore courir après les balles.
Ce roman raconte l'histoire d'une famille pendant la guerre.
Le festival d'Avignon accueille des troupes du monde entier.
J'ai adoré la fin du film.
La chorale répète le mardi soir.
Elle joue du violon depuis l'âge de cinq ans.
Le concert a été reporté à cause de la pluie.
Est-ce que tu viens avec nous samedi ?
Qu'est-ce que tu en penses ?
Je ne sais pas encore.
C'est une excellente idée.
Il faut que je parte maintenant.
Ça ne me dérange pas du tout.
Je t'appelle dès que j'arrive.
Excusez-moi, où se trouve la gare ?
Pourriez-vous parler plus lentement, s'il vous plaît ?
Aujourd'hui, c'est l'anniversaire de Léa.
L'année dernière, nous avons repeint toute la maison.
Quand j'étais petit, je passais mes étés chez mes cousins en Auvergne.
Si tu as le temps, passe me voir au bureau.
Le conseil municipal a voté la rénovation de l'école.
La mairie organise une collecte de jouets pour Noël.
Le nouveau tramway reliera la gare à l'hôpital.
Les résultats des élections seront annoncés ce soir.
Le week-end, on fait du jogging au bord du canal.
Il adore le football, le rugby et le basket.
Le marketing digital recrute beaucoup de jeunes diplômés.
On a commandé des burgers et des frites.
Le parking de l'hôpital est payant.
Son podcast parle de cinéma et de séries.
Elle porte un jean et un vieux tee-shirt.
Le manager a annulé le meeting de lundi.
Le Wi-Fi est gratuit dans tout l'hôtel.
Nous avons fait du camping dans le Vercors.
Le stress au travail touche de plus en plus de salariés.
J'ai acheté un smartphone reconditionné.
Le chocolat noir contient moins de sucre que le chocolat au lait.
Il ne faut pas mélanger ces deux médicaments sans avis médical.
Les visites à l'hôpital sont autorisées de quatorze heures à vingt heures.
Mon fils a attrapé la varicelle à la crèche.
La salle d'attente était pleine ce matin.
Pour prendre rendez-vous, appelez le secrétariat.
Votre dossier est complet, merci.
Nous vous remercions de votre patience.
Le colis devrait arriver demain matin.
Veuillez trouver ci-joint le devis demandé.
Bonne nouvelle : la crèche a une place pour septembre !
La mer était calme et l'eau était transparente.
Nous avons marché jusqu'au sommet pour voir le lever du soleil.
Les vendanges commencent la semaine prochaine en Bourgogne.
Le fromager nous a fait goûter un comté de trente mois.
On se retrouve devant le cinéma à vingt heures.
Il a neigé à Paris, c'est rare !
Quand nous sommes arrivés au refuge, la nuit tombait déjà et le gardien nous a servi une soupe brûlante avant de nous montrer nos lits.
Le rapport publié ce matin montre que les consultations de médecine générale ont augmenté dans les petites villes, surtout chez les personnes âgées.
Si vous ne pouvez pas venir à votre rendez-vous, prévenez le secrétariat au moins vingt-quatre heures à l'avance pour laisser la place à un autre patient.
Après des années de travaux, la vieille gare a été transformée en médiathèque, avec un café, une salle de concert et un jardin partagé.
Mon grand-père racontait souvent comment il avait traversé la France à vélo, en 1952, avec un seul pneu de rechange et très peu d'argent.
Les chercheurs ont suivi pendant dix ans plusieurs milliers de volontaires pour mieux comprendre les effets du sommeil sur la mémoire.
Il faudrait qu'on parle du budget avant la réunion de jeudi, parce que certains chiffres ne correspondent pas à ceux de l'an dernier.
Ce petit village de montagne, où l'on ne comptait plus que trente habitants, a retrouvé une école grâce à l'arrivée de jeunes familles.
""".strip().splitlines()

FRENCH_SHORT = """
Bonjour !
Merci beaucoup.
Bonne nuit.
À demain !
D'accord.
Pas du tout.
Le restaurant
Information importante
Informations pratiques
Le menu du jour
Salle d'attente
Station de métro
Parking gratuit
Sortie de secours
Bienvenue à Paris !
Bonne chance, Julie !
Merci, Thomas.
Joyeux Noël !
Le week-end
Le taxi arrive.
Quelle surprise !
C'est parti !
Pourquoi pas ?
Le train est en retard.
Fermé le dimanche
Entrée libre
Au secours !
Je suis là.
Une table pour deux ?
Le docteur Martin
""".strip().splitlines()

# --------------------------------------------------------------------------- English, one by one

ENGLISH = """
It has been raining since this morning and the streets are almost empty.
Tomorrow the sky will clear in the afternoon.
Take an umbrella, they say there will be storms.
Snow fell all night over the Highlands.
What a hot day!
The wind is blowing hard along the coast.
Slice the onions thinly and fry them gently in butter.
My grandmother makes the best apple pie in the village.
The restaurant is closed on Mondays.
Would you like coffee or tea?
There's still some cheese in the fridge.
Add a pinch of salt and let it simmer for twenty minutes.
The soup is too hot, wait a bit.
We booked a table for four people.
The doctor advised me to walk for thirty minutes a day.
The out-of-hours pharmacy is next to the church.
I have a dentist appointment next Thursday.
Accident and emergency was packed last night.
Remember to drink water regularly when it's hot.
The flu vaccination campaign starts in October.
England won their match against Italy.
He runs a half marathon every spring.
The rugby club is looking for new volunteers.
She cycles to work.
The local swimming pool opens at seven.
The Tour de France goes through our village this year.
We're going on holiday to Cornwall in August.
The train to Edinburgh leaves from platform four.
My flight was cancelled because of the strike.
Don't forget your passport!
We visited three museums in two days.
The hotel looks straight out onto the beach.
The meeting starts at nine sharp.
My boss asked me to finish the report by Friday.
She found a new job at a start-up in Manchester.
I work from home two days a week.
The staff voted to go on strike.
The internship lasts six months.
The pupils are preparing a presentation about volcanoes.
The new school year starts in early September.
He passed his exam at the first attempt.
The university library stays open until midnight.
How long does it take to learn a language?
The Earth goes round the Sun in just over three hundred and sixty-five days.
Water boils at a hundred degrees at sea level.
Bees play an essential role in pollination.
This telescope lets you see the rings of Saturn.
Marie Curie won two Nobel prizes.
Alexander Fleming discovered penicillin by accident.
The Battle of Hastings took place in 1066.
Stonehenge attracts more than a million visitors a year.
Napoleon died on the island of Saint Helena.
The Romans built a wall across the north of England.
My computer won't start since the update.
Did you remember to back up your files?
The password must contain at least twelve characters.
Artificial intelligence is changing many jobs.
This app helps you keep track of your spending.
The station's wifi isn't working.
The leaves turn yellow in autumn.
A fox crosses the garden every evening.
Sherwood Forest is full of legends.
The garden smells of lilac in the spring.
Swallows come back to the farm every April.
The baker opens at six in the morning.
There's a traffic jam on the ring road.
The Sunday market is always busy.
Rents have gone up again in the city centre.
We've been looking for a parking space for twenty minutes.
The price of petrol went down this week.
I opened a savings account for the children.
Tax returns must be filed before the end of the month.
My brother is coming to dinner tonight with his partner.
The children are playing in the garden.
My sister is expecting her second baby.
We're celebrating my grandfather's eightieth birthday.
The cat sleeps on the sofa all day.
Our dog loves chasing balls.
This novel tells the story of a family during the war.
The Edinburgh Festival welcomes companies from all over the world.
I loved the ending of the film.
The choir rehearses on Tuesday evenings.
She has played the violin since she was five.
The concert was postponed because of the rain.
Are you coming with us on Saturday?
What do you think?
I don't know yet.
That's a great idea.
I have to go now.
I don't mind at all.
I'll call you as soon as I arrive.
Excuse me, where is the station?
Could you speak more slowly, please?
Today is Lucy's birthday.
Last year we repainted the whole house.
When I was little, I spent my summers with my cousins in Wales.
If you have time, come and see me at the office.
The town council voted to renovate the school.
The council is organising a toy collection for Christmas.
The new tram line will link the station to the hospital.
The election results will be announced tonight.
She ordered a croissant and a café au lait.
They spent the weekend in a little gîte in Provence.
The chef's speciality is crème brûlée.
He said au revoir and left the room.
The hospital car park is not free.
Her podcast is about films and TV series.
She's wearing jeans and an old T-shirt.
The manager cancelled Monday's meeting.
Wi-Fi is free throughout the hotel.
We went camping in the Lake District.
Stress at work affects more and more employees.
I bought a refurbished smartphone.
Dark chocolate contains less sugar than milk chocolate.
Do not mix these two medicines without medical advice.
Hospital visiting hours are from two until eight.
My son caught chickenpox at nursery.
The waiting room was full this morning.
To book an appointment, please call reception.
Your file is complete, thank you.
Thank you for your patience.
The parcel should arrive tomorrow morning.
Please find attached the quote you asked for.
Good news: the nursery has a place for September!
The sea was calm and the water was crystal clear.
We walked to the top to watch the sunrise.
The grape harvest starts next week in Burgundy.
The cheesemonger let us taste a thirty-month-old Comté.
Let's meet outside the cinema at eight.
It snowed in London, that's rare!
When we reached the mountain hut, night was already falling and the warden served us a steaming bowl of soup before showing us our bunks.
The report published this morning shows that GP consultations have risen in small towns, especially among older people.
If you cannot make your appointment, please let reception know at least twenty-four hours in advance so that another patient can have the slot.
After years of building work, the old station has been turned into a library with a café, a concert hall and a community garden.
My grandfather often told us how he had cycled across England in 1952 with a single spare tyre and very little money.
Researchers followed several thousand volunteers for ten years to better understand how sleep affects memory.
We should talk about the budget before Thursday's meeting, because some of the figures don't match last year's.
This little mountain village, which was down to thirty inhabitants, has a school again thanks to young families moving in.
""".strip().splitlines()

ENGLISH_SHORT = """
Good morning!
Thanks a lot.
Good night.
See you tomorrow!
All right.
Not at all.
The restaurant
Important information
Useful information
Today's menu
Waiting room
Underground station
Free parking
Emergency exit
Welcome to Paris!
Good luck, Julie!
Thanks, Thomas.
Merry Christmas!
The weekend
The taxi is here.
What a surprise!
Here we go!
Why not?
The train is late.
Closed on Sundays
Free entry
Help!
I'm here.
A table for two?
Doctor Martin
""".strip().splitlines()

# --------------------------------------------------------------------------- patterns (who, does what, when)

PEOPLE_FR = ["Ma voisine", "Mon collègue", "Le professeur", "Ma cousine", "Notre infirmière",
             "Le facteur", "Mon oncle", "La directrice", "Sophie", "Karim", "Le pharmacien",
             "Ma meilleure amie"]
PEOPLE_EN = ["My neighbour", "My colleague", "The teacher", "My cousin", "Our nurse", "The postman",
             "My uncle", "The head teacher", "Sophie", "Karim", "The pharmacist", "My best friend"]

PREDICATES_FR = {
    "past": ["a oublié ses clés au bureau", "a repeint sa cuisine en bleu", "a couru dix kilomètres",
             "a perdu son portefeuille dans le bus", "a préparé un gâteau au chocolat",
             "a pris le train de nuit pour Nice", "a adopté un petit chat", "a raté son bus",
             "a fini son livre", "a rencontré le maire"],
    "future": ["va déménager à Toulouse", "va commencer un nouveau travail", "prendra ses congés",
               "passera nous voir", "va refaire la toiture", "partira en randonnée dans les Pyrénées",
               "viendra nous chercher à la gare", "organisera une fête surprise",
               "rendra les livres à la bibliothèque", "ira chez le médecin"],
}
PREDICATES_EN = {
    "past": ["left the keys at the office", "painted the kitchen blue", "ran ten kilometres",
             "lost a wallet on the bus", "baked a chocolate cake", "took the night train to Inverness",
             "adopted a kitten", "missed the bus", "finished the book", "met the mayor"],
    "future": ["is moving to Leeds", "is starting a new job", "is taking some time off",
               "will drop by", "is having the roof redone", "is going hiking in Snowdonia",
               "will pick us up at the station", "is throwing a surprise party",
               "will take the books back to the library", "is seeing the doctor"],
}
TIMES_FR = {"past": ["hier", "ce matin", "la semaine dernière", "samedi dernier", "l'été dernier",
                     "il y a deux jours"],
            "future": ["demain", "la semaine prochaine", "ce week-end", "dans un mois", "en janvier",
                       "après les vacances"]}
TIMES_EN = {"past": ["yesterday", "this morning", "last week", "last Saturday", "last summer",
                     "two days ago"],
            "future": ["tomorrow", "next week", "this weekend", "in a month", "in January",
                       "after the holidays"]}


def patterned(people: list[str], predicates: dict[str, list[str]], times: dict[str, list[str]],
              count: int, rng: random.Random, *, time_first: float) -> list[str]:
    """`count` distinct sentences 'who does what when', the time phrase sometimes in front."""
    out: set[str] = set()
    while len(out) < count:
        tense = rng.choice(sorted(predicates))
        who, what, when = rng.choice(people), rng.choice(predicates[tense]), rng.choice(times[tense])
        if rng.random() < time_first:
            # "Hier, ma voisine..." but "Hier, Sophie...": only determiners lose their capital.
            first, _, rest = who.partition(" ")
            subject = f"{first.lower()} {rest}" if rest else who
            sentence = f"{when[0].upper()}{when[1:]}, {subject} {what}."
        else:
            sentence = f"{who} {what} {when}."
        out.add(sentence)
    return sorted(out)


def main() -> None:
    rng = random.Random(SEED)
    rows = []
    for lang, written, short, people, predicates, times in (
            ("fr", FRENCH, FRENCH_SHORT, PEOPLE_FR, PREDICATES_FR, TIMES_FR),
            ("en", ENGLISH, ENGLISH_SHORT, PEOPLE_EN, PREDICATES_EN, TIMES_EN)):
        generated = patterned(people, predicates, times, 90, rng, time_first=0.3)
        for text in [*written, *short, *generated]:
            rows.append({"text": text.strip(), "lang": lang})
    unique = list({row["text"]: row for row in rows}.values())
    rng.shuffle(unique)
    with open(HERE / "data.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["text", "lang"])
        writer.writeheader()
        writer.writerows(unique)
    counts = {lang: sum(row["lang"] == lang for row in unique) for lang in ("fr", "en")}
    print(len(unique), "sentences", counts)


if __name__ == "__main__":
    main()
