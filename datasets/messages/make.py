"""Write ``data.csv``: short French and English messages labelled spam or ham.

Every sentence pattern below was written by hand for caire-exercises; the
script only fills the slots (names, times, amounts, links, codes) from small
hand-written vocabularies with a seeded generator, drops duplicates and
shuffles. Run it from anywhere: ``python datasets/messages/make.py``. The same
seed always gives the same file.

All brands, banks, shops, addresses, links and phone numbers are invented.
"""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path

SEED = 20240611
HERE = Path(__file__).resolve().parent

# --------------------------------------------------------------------------- vocabularies

SLOTS_FR = {
    "name": ["Camille", "Léa", "Hugo", "Nicolas", "Sophie", "Mehdi", "Thomas", "Julie", "Karim",
             "Chloé", "Antoine", "Sarah", "Lucas", "Manon", "Yanis", "Baptiste", "Nadia", "Paul",
             "Margaux", "Romain", "Fatou", "Quentin", "Lina", "Mathis"],
    "day": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    "time": ["8h30", "9h", "9h45", "10h15", "11h", "14h", "14h30", "15h20", "16h", "17h45", "18h30"],
    "date": ["12/03", "04/04", "18/05", "2 juin", "27/06", "9 juillet", "15/09", "3 octobre", "21/11"],
    "doctor": ["le Dr Martin", "le Dr Benali", "la Dre Lefèvre", "le Dr Nguyen", "la Dre Moreau",
               "le cabinet du Dr Petit"],
    "place": ["la gare", "la boulangerie", "la médiathèque", "le parc", "la pharmacie",
              "la sortie du métro", "la place du marché", "la piscine"],
    "relay": ["Tabac de la Gare", "Épicerie Saint-Michel", "Presse du Marché", "Pressing des Lilas"],
    "carrier": ["Colissimo", "Chronopost", "DPD", "Mondial Relay", "Relais Express"],
    "shop": ["Maxistore", "Boutique Lumière", "Déco & Maison", "SportPlus", "Librairie des Quais"],
    "bank": ["Banque Horizon", "Crédit Azur", "Caisse Solidaire", "Banque Populaire du Lac"],
    "amount": ["12,50 €", "24,90 €", "48 €", "75,20 €", "120 €", "250 €", "36,40 €", "980 €"],
    "small_fee": ["1,99 €", "2,49 €", "0,99 €", "3,10 €", "1,45 €"],
    "big_prize": ["1 000 €", "2 500 €", "5 000 €", "un iPhone 15", "une carte cadeau de 500 €",
                  "un voyage à Bali"],
    "code": ["482913", "105733", "662018", "390455", "871204", "254690", "917302"],
    "phone": ["06 12 45 78 90", "07 81 22 39 04", "06 47 93 15 62", "09 70 21 34 88"],
    "premium": ["0899 23 45 67", "0892 70 12 12", "36 15 GAIN", "0897 65 43 21"],
    "ref": ["FR4821", "CX-99017", "AZ5530", "LP20931", "RT-7781", "MX40218"],
    "parcel_link": ["http://colis-suivi-fr.info/reprog", "https://livraison-relais.co/frais",
                    "http://suivi-colis-attente.com/paiement", "https://bit.ly/3xK9pQ"],
    "bank_link": ["http://secure-horizon-banque.com/verif", "https://espace-client-securise.net/login",
                  "www.verif-compte-fr.com", "https://bit.ly/2kR7tW"],
    "gov_link": ["www.rembourse-ameli-fr.net", "http://impots-remboursement.org/dossier",
                 "www.vitale-renouvellement.fr/carte", "https://amende-paiement-en-ligne.com",
                 "https://mes-droits-formation.fr/activer"],
    "promo_link": ["https://tinyurl.com/gain-2024", "http://super-promo-flash.fr", "https://bit.ly/offre-vip",
                   "www.cadeau-gagnant.com", "http://rencontres-coquines.club"],
    "loan": ["3 000 €", "10 000 €", "25 000 €", "50 000 €"],
    "daily_gain": ["200 €", "300 €", "450 €"],
    "order_link": ["https://www.maxistore.fr/commande", "https://suivi.relais-express.fr",
                   "https://www.boutique-lumiere.fr/suivi", "https://client.sportplus.fr/commandes"],
    "percent": ["50", "60", "70", "80"],
    "dish": ["des lasagnes", "une raclette", "un couscous", "des crêpes", "une pizza"],
    "film": ["le nouveau Pixar", "le film de Jacques Audiard", "un vieux Chaplin", "le dernier Marvel"],
}

SLOTS_EN = {
    "name": ["Emma", "Jack", "Olivia", "Harry", "Priya", "Tom", "Grace", "Sam", "Lucy", "Daniel",
             "Amir", "Sophie", "Ben", "Chloe", "Mark", "Hannah", "Ryan", "Zoe", "Kofi", "Isla",
             "Oliver", "Mia"],
    "day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "time": ["8.30am", "9am", "9.45am", "10.15am", "11am", "2pm", "2.30pm", "3.20pm", "4pm", "5.45pm",
             "6.30pm"],
    "date": ["12 March", "4 April", "18 May", "2 June", "27 June", "9 July", "15 Sept", "3 Oct",
             "21 Nov"],
    "doctor": ["Dr Patel", "Dr Hughes", "Dr O'Brien", "Dr Clarke", "Dr Okafor", "the Riverside surgery"],
    "place": ["the station", "the coffee shop", "the library", "the park gates", "the chemist",
              "the bus stop", "the market", "the gym"],
    "carrier": ["Royal Mail", "DPD", "Evri", "Parcelforce", "SwiftPost"],
    "shop": ["Maxistore", "Brightside Home", "SportPlus", "Corner Books", "UrbanWear"],
    "bank": ["NorthBank", "Harbour Bank", "Meridian Savings", "Lakeside Building Society"],
    "amount": ["£12.50", "£24.99", "£48", "£75.20", "£120", "£250", "£36.40", "£980"],
    "small_fee": ["£1.99", "£2.49", "£0.99", "£3.10", "£1.45"],
    "big_prize": ["£1,000", "£2,500", "£5,000", "an iPhone 15", "a £500 gift card", "a trip to Bali"],
    "code": ["482913", "105733", "662018", "390455", "871204", "254690", "917302"],
    "phone": ["07700 900123", "07700 900456", "07700 900789", "020 7946 0321"],
    "premium": ["09011 234567", "87121", "09066 612345", "80082"],
    "ref": ["GB4821", "CX-99017", "RM5530", "DP20931", "RT-7781", "MX40218"],
    "parcel_link": ["http://royalmail-redelivery.info/fee", "www.parcel-hold-uk.com/pay",
                    "https://redelivery-now.co/track", "https://bit.ly/3xK9pQ"],
    "bank_link": ["http://secure-northbank-login.com/verify", "https://account-review-online.net/login",
                  "www.verify-my-account-uk.com", "https://bit.ly/2kR7tW"],
    "gov_link": ["www.hmrc-tax-refund.net/claim", "http://nhs-pass-update.co/form",
                 "https://gov-rebate-uk.org/apply", "https://toll-charge-pay.com"],
    "promo_link": ["https://tinyurl.com/win-2024", "https://claim-prize-now.biz", "https://bit.ly/vip-deal",
                   "www.free-gift-winner.com", "http://meet-singles-tonight.club"],
    "loan": ["£3,000", "£10,000", "£25,000", "£50,000"],
    "daily_gain": ["£200", "£300", "£450"],
    "order_link": ["https://www.maxistore.co.uk/orders", "https://track.swiftpost.co.uk",
                   "https://www.brightsidehome.co.uk/track", "https://account.sportplus.co.uk/orders"],
    "percent": ["50", "60", "70", "80"],
    "dish": ["lasagne", "a curry", "tacos", "pancakes", "a pizza"],
    "film": ["the new Pixar film", "that French thriller", "an old Chaplin", "the latest Marvel"],
}

# --------------------------------------------------------------------------- ham, French

HAM_FR = [
    # friends and family
    "Salut {name}, on se retrouve devant {place} à {time} ?",
    "Je suis en retard, j'arrive dans 10 min dsl",
    "Tu peux prendre du pain en rentrant stp ?",
    "Coucou ! Tu es dispo {day} soir pour un ciné ? Il y a {film}.",
    "Bien arrivée à la maison, merci pour ce super week-end 😊",
    "Maman a dit qu'on mange {dish} chez elle {day}, tu viens ?",
    "Ok ça marche, à tout à l'heure",
    "T'as pensé à l'anniversaire de {name} ? On fait une cagnotte.",
    "Je viens de voir ton message, je te rappelle après le boulot.",
    "Les enfants sont couchés, tu peux rentrer sans faire de bruit.",
    "On a gagné le match 3 à 1 !! {name} a marqué deux buts",
    "Tu as les clés de la cave ? Je ne les trouve plus.",
    "Joyeux anniversaire {name} ! Plein de bisous de nous quatre",
    "Le train a 20 minutes de retard, ne m'attends pas pour dîner.",
    "Je t'envoie les photos des vacances ce soir, promis.",
    "Tu me prêtes ton chargeur demain ? Le mien est mort.",
    "{name} m'a dit que tu avais trouvé un appart, félicitations !",
    "Rdv {day} à {time} devant {place}, n'oublie pas les billets.",
    "Mdr j'ai vu la vidéo, trop drôle",
    "Tu peux me rembourser les {amount} du resto quand tu peux ? Merci !",
    "Papa rentre de l'hôpital demain, tout s'est bien passé.",
    "On décale la réunion de famille au {date}, ça arrange tout le monde.",
    "J'ai laissé un plat de {dish} dans le frigo pour ce soir.",
    # appointments and health services
    "Rappel : rendez-vous avec {doctor} le {date} à {time}. En cas d'empêchement, merci de prévenir au {phone}.",
    "Votre rendez-vous du {day} {date} à {time} est confirmé. Cabinet dentaire des Tilleuls.",
    "Bonjour, le cabinet sera fermé {day}. Votre rendez-vous avec {doctor} est reporté au {date} à {time}.",
    "Votre ordonnance est prête, vous pouvez passer la récupérer à la pharmacie du Centre.",
    "Laboratoire d'analyses : vos résultats sont disponibles sur votre espace patient.",
    "Prenez rendez-vous en ligne avec {doctor} sur https://rdv.centre-sante-lac.fr ou au {phone}.",
    "Votre séance de kiné de {day} est déplacée à {time}. Merci de confirmer par retour de SMS.",
    "Salon Coiff'Style : nous vous attendons {day} à {time}. Pour annuler, appelez le {phone}.",
    "Centre de vaccination : votre injection est prévue le {date} à {time}. Pensez à votre carte Vitale.",
    # deliveries, genuine
    "{carrier} : votre colis {ref} sera livré {day} entre 9h et 13h.",
    "Votre commande {shop} a été expédiée. Suivi : {order_link}",
    "Votre colis est disponible au point relais {relay} jusqu'au {date}.",
    "{carrier} : votre colis a été déposé dans votre boîte aux lettres.",
    "{shop} : votre commande n° {ref} est prête en magasin.",
    # banks, genuine
    "{bank} : un virement de {amount} a été crédité sur votre compte.",
    "{bank} : votre code de confirmation est {code}. Ne le communiquez jamais, même à un conseiller.",
    "Votre conseiller {bank} vous confirme votre rendez-vous du {date} à {time} en agence.",
    "{bank} : paiement de {amount} chez {shop} accepté.",
    "Votre nouvelle carte bancaire est disponible en agence. {bank}",
    # work, school, admin
    "La réunion d'équipe est déplacée à {time} salle 3.",
    "Peux-tu relire le rapport avant {day} ? Je l'ai mis sur le drive.",
    "Je serai en télétravail {day}, joignable sur mon portable.",
    "École Jean-Jaurès : la sortie scolaire du {date} est maintenue, prévoir un pique-nique.",
    "Médiathèque : le livre que vous avez réservé est arrivé. Il vous attend jusqu'au {date}. Votre compte : https://www.mediatheque-ville.fr/compte",
    "Votre code de connexion est {code}. Il expire dans 10 minutes.",
    "Mairie : la collecte des encombrants aura lieu {day} dans votre rue.",
    "Travaux sur la ligne B ce week-end : prévoir un bus de remplacement.",
    "Merci pour votre achat chez {shop}. Votre ticket est disponible dans votre espace client.",
    # genuine messages that use the words of spam
    "Le concert au parc est gratuit ce soir, on y va ?",
    "J'ai gagné 10 € au loto, je t'offre le café demain !",
    "Urgent : rappelle-moi quand tu peux, c'est au sujet de la voiture.",
    "Bravo pour ton concours, tu l'as bien mérité !",
    "{shop} : les soldes commencent {day}. Vos points fidélité valent {amount}.",
    "Ton cadeau pour {name} est arrivé, je l'ai caché dans le placard.",
]

# --------------------------------------------------------------------------- spam, French

SPAM_FR = [
    # prizes and lotteries
    "FÉLICITATIONS ! Vous avez gagné {big_prize} ! Réclamez votre lot avant minuit : {promo_link}",
    "Vous êtes notre 1000e visiteur ! Cliquez ici pour recevoir {big_prize} : {promo_link}",
    "Dernier rappel : votre lot ({big_prize}) expire aujourd'hui. Appelez le {premium} (2,99 €/min).",
    "Votre numéro a été tiré au sort ! Pour recevoir {big_prize}, répondez OUI au {premium}",
    # parcel phishing
    "{carrier} : votre colis est en attente, frais de livraison de {small_fee} à régler ici : {parcel_link}",
    "Votre colis n'a pas pu être livré. Reprogrammez la livraison : {parcel_link}",
    "Dernière tentative de livraison pour le colis {ref}. Confirmez votre adresse : {parcel_link}",
    "Colis bloqué en douane. Payez {small_fee} sous 24h sinon retour à l'expéditeur : {parcel_link}",
    # bank and administration phishing
    "{bank} : votre compte a été suspendu suite à une activité suspecte. Vérifiez vos informations : {bank_link}",
    "Alerte sécurité : une opération de {amount} est en attente. Si ce n'est pas vous, annulez ici {bank_link}",
    "Assurance Maladie : votre carte Vitale expire. Commandez la nouvelle avant le {date} sur {gov_link}",
    "Vous avez droit à un remboursement de {amount}. Complétez votre dossier : {gov_link}",
    "Impôts : un trop-perçu de {amount} vous sera versé après vérification de vos coordonnées bancaires sur {gov_link}",
    "Votre abonnement a expiré. Mettez à jour votre moyen de paiement pour éviter la coupure : {bank_link}",
    "Vos droits à la formation de {loan} expirent bientôt. Utilisez-les avant la fin du mois : {gov_link}",
    "Amende impayée ! Réglez {small_fee} de frais de dossier sous 48h pour éviter une majoration : {gov_link}",
    # promotions and marketing
    "PROMO FLASH -{percent}% sur tout le site {shop} ce week-end seulement !!! {promo_link} STOP au 36111",
    "Soldes exceptionnels : jusqu'à -{percent}% ! Offre valable 24h. Stop SMS au 36180",
    "Crédit rapide sans justificatif jusqu'à {loan}, réponse en 5 minutes ! {promo_link}",
    "Gagnez {daily_gain} par jour depuis chez vous, sans expérience ! Infos au {premium}",
    "Investissez dans la crypto et doublez votre capital en 30 jours. Places limitées : {promo_link}",
    "Perdez 10 kg en 2 semaines grâce à notre cure miracle ! Commandez sur {promo_link}",
    "Des célibataires près de chez vous veulent vous rencontrer ce soir. Inscription gratuite : {promo_link}",
    "Votre forfait mobile à {small_fee} par mois à vie ! Offre réservée aux 100 premiers : {promo_link}",
    "URGENT : rappelez vite le {premium}, un message important vous attend.",
    "Cadeau ! Un bon d'achat de {amount} vous attend chez {shop}. Activez-le ici : {promo_link}",
    "Bonjour maman, j'ai cassé mon téléphone, c'est mon nouveau numéro. Tu peux m'envoyer {amount} vite ? Je t'explique après",
    "Mutuelle : votre dossier de remboursement est incomplet. Envoyez votre RIB sur {bank_link}",
    # no link at all
    "Vous avez été sélectionné pour un sondage rémunéré de {daily_gain}. Répondez OUI pour participer.",
    "Votre ligne sera suspendue sous 24h. Pour l'éviter, appelez le {premium} (service 0,80 €/min).",
    "Bonjour, je suis conseiller {bank}. Pour sécuriser votre compte, donnez-moi le code reçu par SMS.",
]

# --------------------------------------------------------------------------- ham, English

HAM_EN = [
    # friends and family
    "Hi {name}, meet you outside {place} at {time}?",
    "Running late, be there in 10 mins sorry",
    "Can you grab some milk on your way home pls?",
    "Hey! Are you free {day} night for a film? They're showing {film}.",
    "Got home safe, thanks for a lovely weekend 😊",
    "Mum says we're having {dish} at hers on {day}, you coming?",
    "Ok sounds good, see you later",
    "Did you remember {name}'s birthday? We're chipping in for a present.",
    "Just saw your message, I'll call you after work.",
    "Kids are asleep, come in quietly when you get back.",
    "We won 3-1!! {name} scored twice",
    "Have you got the keys to the shed? Can't find them anywhere.",
    "Happy birthday {name}! Lots of love from all four of us",
    "Train's delayed by 20 minutes, don't wait for me for dinner.",
    "I'll send you the holiday photos tonight, promise.",
    "Can I borrow your charger tomorrow? Mine's dead.",
    "{name} told me you found a flat, congrats!",
    "See you {day} at {time} by {place}, don't forget the tickets.",
    "lol just watched the video, so funny",
    "Can you pay me back the {amount} for dinner when you get a chance? Thanks!",
    "Dad's coming home from hospital tomorrow, it all went fine.",
    "We've moved the family get-together to {date}, works better for everyone.",
    "Left {dish} in the fridge for tonight btw",
    # appointments and health services
    "Reminder: appointment with {doctor} on {date} at {time}. If you cannot attend, please call {phone}.",
    "Your appointment on {day} {date} at {time} is confirmed. Elm Street Dental Practice.",
    "Hello, the surgery is closed on {day}. Your appointment with {doctor} has been moved to {date} at {time}.",
    "Your prescription is ready to collect from Greenway Pharmacy.",
    "Your blood test results are now available in your patient account.",
    "Book your next appointment with {doctor} at https://bookings.riversidesurgery.org or call {phone}.",
    "Your physio session on {day} has moved to {time}. Please reply YES to confirm.",
    "Cutting Edge salon: we look forward to seeing you on {day} at {time}. To cancel call {phone}.",
    "Vaccination centre: your jab is booked for {date} at {time}. Please bring photo ID.",
    # deliveries, genuine
    "{carrier}: your parcel {ref} will be delivered on {day} between 9am and 1pm.",
    "Your {shop} order has been dispatched. Track it here: {order_link}",
    "Your parcel is waiting at the collection point near {place} until {date}.",
    "{carrier}: your parcel has been left in your safe place (porch).",
    "{shop}: your order {ref} is ready for collection in store.",
    # banks, genuine
    "{bank}: a payment of {amount} has been credited to your account.",
    "{bank}: your one-time passcode is {code}. Never share it, not even with our staff.",
    "Your {bank} adviser confirms your branch appointment on {date} at {time}.",
    "{bank}: card payment of {amount} at {shop} approved.",
    "Your new debit card is ready to collect from your branch. {bank}",
    # work, school, admin
    "Team meeting moved to {time} in room 3.",
    "Could you look over the report before {day}? It's on the shared drive.",
    "Working from home on {day}, reachable on my mobile.",
    "Oakfield Primary: the school trip on {date} is going ahead, please pack a lunch.",
    "Library: the book you reserved has arrived. We'll hold it until {date}. Your account: https://www.citylibrary.org/account",
    "Your login code is {code}. It expires in 10 minutes.",
    "Council: bulky waste collection in your street on {day}.",
    "Engineering works on the Northern line this weekend, replacement buses running.",
    "Thanks for shopping at {shop}. Your receipt is in your account.",
    # genuine messages that use the words of spam
    "Free tonight? Fancy a drink at the Crown?",
    "I won £10 on the lottery, coffee's on me tomorrow!",
    "Urgent: call me back when you can, it's about the car.",
    "Well done on passing your exam, you deserve it!",
    "{shop}: the sale starts on {day}. Your loyalty points are worth {amount}.",
    "Your present for {name} has arrived, I've hidden it in the wardrobe.",
]

# --------------------------------------------------------------------------- spam, English

SPAM_EN = [
    # prizes and lotteries
    "CONGRATULATIONS! You have won {big_prize}! Claim your prize before midnight: {promo_link}",
    "You are our 1000th visitor! Click here to receive {big_prize}: {promo_link}",
    "FINAL NOTICE: your prize ({big_prize}) expires today. Call {premium} now (£1.50/min).",
    "Your number was selected in our draw! To receive {big_prize}, text WIN to {premium}",
    # parcel phishing
    "{carrier}: your parcel is on hold, a delivery fee of {small_fee} is due: {parcel_link}",
    "We missed you! Your parcel could not be delivered. Reschedule here: {parcel_link}",
    "Final delivery attempt for parcel {ref}. Confirm your address: {parcel_link}",
    "Parcel held at customs. Pay {small_fee} within 24h or it will be returned: {parcel_link}",
    # bank and administration phishing
    "{bank}: your account has been suspended due to unusual activity. Verify your details: {bank_link}",
    "Security alert: a payment of {amount} is pending. If this wasn't you, cancel here {bank_link}",
    "NHS: your health pass needs updating. Complete the form before {date} at {gov_link}",
    "You are eligible for a tax refund of {amount}. Submit your claim: {gov_link}",
    "HMRC: an overpayment of {amount} will be refunded once you confirm your bank details at {gov_link}",
    "Your subscription has expired. Update your payment method to avoid losing access: {bank_link}",
    "Unpaid toll charge! Pay {small_fee} within 48h to avoid a penalty: {gov_link}",
    "Your energy bill rebate of {amount} is waiting. Apply now: {gov_link}",
    # promotions and marketing
    "FLASH SALE {percent}% OFF everything at {shop} this weekend only!!! {promo_link} Reply STOP to opt out",
    "Massive clearance: up to {percent}% off! 24 hours only. Text STOP to 80082 to unsubscribe",
    "Fast loans with no credit check up to {loan}, approved in 5 minutes! {promo_link}",
    "Earn {daily_gain} a day from home, no experience needed! Call {premium}",
    "Invest in crypto and double your money in 30 days. Limited places: {promo_link}",
    "Lose 10 kg in 2 weeks with our miracle diet! Order at {promo_link}",
    "Hot singles near you want to meet tonight. Free sign-up: {promo_link}",
    "Unlimited data for {small_fee} a month for life! First 100 customers only: {promo_link}",
    "URGENT: call {premium} now, an important message is waiting for you.",
    "FREE gift! A {amount} voucher for {shop} is waiting. Activate it here: {promo_link}",
    "Hi mum, I dropped my phone, this is my new number. Can you send {amount} quickly? Will explain later",
    "Your insurance claim is incomplete. Send your bank details at {bank_link}",
    # no link at all
    "You have been selected for a paid survey worth {daily_gain}. Reply YES to take part.",
    "Your line will be suspended within 24h. To avoid this, call {premium} (calls cost £1.50/min).",
    "Hello, this is {bank} fraud team. To secure your account, read me the code we just texted you.",
]

# How many distinct messages to draw from each pattern.
DRAWS = {("fr", "ham"): 6, ("fr", "spam"): 4, ("en", "ham"): 6, ("en", "spam"): 4}

_SLOT = re.compile(r"\{(\w+)\}")


def fill(template: str, slots: dict[str, list[str]], rng: random.Random) -> str:
    """`template` with each slot replaced by a word drawn from its vocabulary."""
    return _SLOT.sub(lambda match: rng.choice(slots[match.group(1)]), template)


def draw(templates: list[str], slots: dict[str, list[str]], times: int,
         rng: random.Random) -> list[str]:
    """Up to `times` distinct fillings of each template (fewer when it has no slot)."""
    texts: list[str] = []
    for template in templates:
        seen: set[str] = set()
        for _ in range(times * 4):
            text = fill(template, slots, rng)
            if text not in seen:
                seen.add(text)
                texts.append(text)
            if len(seen) == times:
                break
    return texts


def main() -> None:
    rng = random.Random(SEED)
    rows = []
    plan = [("fr", "ham", HAM_FR, SLOTS_FR), ("fr", "spam", SPAM_FR, SLOTS_FR),
            ("en", "ham", HAM_EN, SLOTS_EN), ("en", "spam", SPAM_EN, SLOTS_EN)]
    for lang, label, templates, slots in plan:
        for text in draw(templates, slots, DRAWS[(lang, label)], rng):
            rows.append({"text": text, "label": label, "lang": lang})
    unique = list({row["text"]: row for row in rows}.values())
    rng.shuffle(unique)
    with open(HERE / "data.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["text", "label", "lang"])
        writer.writeheader()
        writer.writerows(unique)
    counts: dict[tuple[str, str], int] = {}
    for row in unique:
        counts[(row["lang"], row["label"])] = counts.get((row["lang"], row["label"]), 0) + 1
    print(len(unique), "messages", dict(sorted(counts.items())))


if __name__ == "__main__":
    main()
