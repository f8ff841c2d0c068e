"""Write ``data.csv`` and ``reworded.csv``: a French health FAQ with reworded questions.

Every question, answer and rewording below was written by hand for
caire-exercises from general public information about the French health
system (vaccination, appointments, medicines, health insurance, prevention,
emergencies). Nothing here is advice for a particular person. The script only
numbers the entries and writes the two files: ``python datasets/health_faq/make.py``.
"""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent

# (category, question, answer, reworded questions)
ENTRIES: list[tuple[str, str, str, list[str]]] = [
    # ------------------------------------------------------- vaccination
    ("vaccination",
     "Quels vaccins sont obligatoires pour les jeunes enfants ?",
     ("Plusieurs vaccinations sont obligatoires pour les jeunes enfants, dont la diphtérie, le tétanos,"
      " la poliomyélite, la coqueluche, la rougeole, les oreillons et la rubéole. La liste à jour "
      "figure dans le calendrier des vaccinations publié chaque année par le ministère de la Santé. "
      "Elles sont exigées pour l'entrée en crèche ou à l'école."),
     ["Mon bébé doit-il recevoir des vaccins obligatoires ?",
      "Quelles vaccinations sont exigées pour inscrire un enfant à la crèche ?",
      "liste des vaccins imposés pour les nourrissons"]),
    ("vaccination",
     "À quel âge faut-il faire les rappels du vaccin contre le tétanos chez l'adulte ?",
     ("Chez l'adulte, les rappels contre la diphtérie, le tétanos et la poliomyélite, dont le rappel "
      "antitétanique, sont recommandés à 25 ans, 45 ans et 65 ans, puis tous les dix ans. Votre carnet "
      "de vaccination ou votre médecin permet de savoir où vous en êtes."),
     ["Tous les combien doit-on refaire le rappel antitétanique ?",
      "Je suis adulte, quand dois-je refaire mon vaccin contre le tétanos ?"]),
    ("vaccination",
     "Qui est concerné par la vaccination contre la grippe ?",
     ("La vaccination contre la grippe saisonnière est recommandée chaque automne aux personnes de 65 "
      "ans et plus, aux personnes atteintes de certaines maladies chroniques, aux femmes enceintes et à"
      " l'entourage des nourrissons fragiles. Pour ces personnes, le vaccin est pris en charge par "
      "l'Assurance Maladie."),
     ["Le vaccin antigrippal est-il conseillé pour les plus de 65 ans ?",
      "Pour qui la piqûre contre la grippe est-elle recommandée ?",
      "Faut-il se faire vacciner contre la grippe quand on est enceinte ?"]),
    ("vaccination",
     "Où peut-on se faire vacciner ?",
     ("Selon le vaccin et votre âge, la vaccination peut être faite par un médecin, un pharmacien, un "
      "infirmier ou une sage-femme, ou dans un centre de vaccination. Les centres de vaccination "
      "publics proposent certains vaccins gratuitement."),
     ["Un pharmacien a-t-il le droit de me vacciner ?",
      "Qui peut faire une injection de vaccin ?",
      "Est-ce qu'il existe des centres où l'on vaccine gratuitement ?"]),
    ("vaccination",
     "Comment savoir quels vaccins j'ai déjà reçus ?",
     ("Vos vaccinations sont notées dans votre carnet de santé ou votre carnet de vaccination. Elles "
      "peuvent aussi être enregistrées dans Mon espace santé. En cas de doute, votre médecin peut vous "
      "aider à reconstituer votre historique."),
     ["J'ai perdu mon carnet de santé, comment retrouver mes vaccins ?",
      "Où consulter l'historique de mes vaccinations ?"]),
    ("vaccination",
     "Quels effets indésirables peuvent survenir après un vaccin ?",
     ("Les réactions les plus fréquentes sont une douleur au bras ou une rougeur au point d'injection, "
      "et parfois une fièvre légère, qui disparaissent en quelques jours. Une réaction inhabituelle ou "
      "persistante doit être signalée à un professionnel de santé ; vous pouvez aussi la déclarer sur "
      "le portail de signalement des événements sanitaires."),
     ["Est-ce normal d'avoir le bras douloureux après une vaccination ?",
      "Comment déclarer une réaction à un vaccin ?",
      "effets secondaires fréquents des vaccins"]),
    ("vaccination",
     "Le vaccin contre les papillomavirus concerne-t-il aussi les garçons ?",
     ("Oui. La vaccination contre les papillomavirus humains (HPV) est recommandée pour les filles et "
      "les garçons entre 11 et 14 ans, avec un rattrapage possible ensuite. Une campagne de vaccination"
      " est proposée au collège."),
     ["Mon fils de 12 ans peut-il être vacciné contre le HPV ?",
      "À quel âge faire le vaccin contre le papillomavirus ?"]),
    ("vaccination",
     "Quels vaccins faut-il avant un voyage à l'étranger ?",
     ("Cela dépend de la destination (Afrique, Asie, Amérique du Sud...), de la durée du séjour et de "
      "vos vaccinations à jour. Pour voyager dans certains pays, une vaccination est obligatoire, comme"
      " celle contre la fièvre jaune. Consultez un médecin ou un centre de vaccinations internationales"
      " plusieurs semaines avant le départ."),
     ["Je pars en Afrique, dois-je me faire vacciner avant ?",
      "Vaccination obligatoire pour voyager : qui consulter ?",
      "Combien de temps avant un voyage faut-il faire ses vaccins ?"]),
    ("vaccination",
     "Combien de doses du vaccin contre la rougeole faut-il ?",
     ("Deux doses du vaccin contre la rougeole, les oreillons et la rubéole sont nécessaires pour être "
      "bien protégé. Chez l'enfant, elles sont faites dans la deuxième année de vie. Un adulte né après"
      " 1980 qui n'a pas reçu ses deux doses peut faire un rattrapage."),
     ["Suis-je protégé contre la rougeole avec une seule injection ?",
      "rattrapage du vaccin ROR pour un adulte"]),
    # ------------------------------------- appointments and care pathway
    ("rendez-vous",
     "Comment déclarer un médecin traitant ?",
     ("Choisissez un médecin, souvent votre généraliste, qui accepte d'être votre médecin traitant ; il"
      " fait la déclaration en ligne lors d'une consultation, ou vous remplissez ensemble le formulaire"
      " de déclaration que vous envoyez à votre caisse d'assurance maladie."),
     ["Quelle démarche pour choisir son médecin traitant ?",
      "Comment faire pour que mon généraliste devienne mon médecin référent ?",
      "déclaration médecin traitant formulaire"]),
    ("rendez-vous",
     "Pourquoi avoir un médecin traitant ?",
     ("Le médecin traitant coordonne votre suivi et vous oriente vers les spécialistes : c'est le "
      "parcours de soins coordonnés. En le respectant, vous êtes mieux remboursé. Sans médecin traitant"
      " déclaré, vous êtes moins bien remboursé de vos consultations, sauf exceptions."),
     ["Suis-je moins bien remboursé si je n'ai pas de médecin traitant ?",
      "À quoi sert le parcours de soins coordonnés ?"]),
    ("rendez-vous",
     "Que faire si je ne trouve pas de médecin traitant ?",
     ("Contactez votre caisse d'assurance maladie : elle peut vous aider à trouver un médecin qui "
      "accepte de nouveaux patients, par exemple par l'intermédiaire de son conciliateur. En attendant,"
      " vous pouvez consulter un autre médecin ou une maison de santé."),
     ["Aucun généraliste n'accepte de nouveaux patients près de chez moi, que faire ?",
      "Je n'arrive pas à avoir de médecin traitant, qui peut m'aider ?"]),
    ("rendez-vous",
     "Quels spécialistes peut-on consulter sans passer par son médecin traitant ?",
     ("Certains spécialistes sont en accès direct, sans perte de remboursement : le gynécologue, "
      "l'ophtalmologue, le dentiste et, pour les jeunes de 16 à 25 ans, le psychiatre. Pour les autres,"
      " il faut en principe être orienté par son médecin traitant."),
     ["Ai-je besoin d'une lettre de mon médecin pour voir un ophtalmologue ?",
      "accès direct au gynécologue sans ordonnance du généraliste",
      "Quels médecins spécialistes sont en accès direct ?"]),
    ("rendez-vous",
     "Comment annuler un rendez-vous médical ?",
     ("Si vous ne pouvez pas venir, prévenez le cabinet le plus tôt possible, par téléphone ou par le "
      "service de prise de rendez-vous en ligne que vous avez utilisé. Un créneau libéré à temps peut "
      "être proposé à un autre patient."),
     ["Je ne peux pas venir à ma consultation, comment prévenir ?",
      "Comment décommander un rendez-vous chez le médecin ?"]),
    ("rendez-vous",
     "La téléconsultation est-elle remboursée ?",
     ("Oui, une téléconsultation, c'est-à-dire une consultation à distance par vidéo avec un médecin, "
      "est remboursée dans les mêmes conditions qu'une consultation au cabinet, en respectant le "
      "parcours de soins. Il faut une connexion internet et un appareil avec caméra."),
     ["Une consultation en vidéo est-elle prise en charge par la Sécu ?",
      "Est-ce que je suis remboursé si je consulte un médecin à distance ?"]),
    ("rendez-vous",
     "Qui appeler le soir ou le week-end quand le cabinet de mon médecin est fermé ?",
     ("La nuit, le week-end et les jours fériés, quand les cabinets sont fermés, un médecin de garde "
      "peut être joint par la permanence des soins pour les besoins non urgents : selon votre région, "
      "appelez le 116 117 ou le 15. En cas d'urgence vitale, appelez directement le 15 ou le 112."),
     ["Mon médecin est fermé ce dimanche, qui contacter ?",
      "Quel numéro pour joindre un médecin de garde la nuit ?",
      "médecin de garde week-end numéro"]),
    ("rendez-vous",
     "Comment trouver une pharmacie de garde ?",
     ("La nuit, le dimanche et les jours fériés, une pharmacie de garde reste ouverte. Leur liste est "
      "affichée sur la porte des pharmacies. Vous pouvez aussi appeler le 3237 ou consulter le site de "
      "votre agence régionale de santé. La nuit, il peut être demandé de passer d'abord par le "
      "commissariat ou la gendarmerie."),
     ["Quelle pharmacie est ouverte ce dimanche ?",
      "Où acheter des médicaments la nuit ?",
      "numéro pour connaître la pharmacie de garde"]),
    ("rendez-vous",
     "Que faut-il apporter à une consultation ?",
     ("Pour aller chez le médecin, apportez au rendez-vous votre carte Vitale et les documents utiles :"
      " vos ordonnances en cours, vos derniers résultats d'examens et la liste des médicaments que vous"
      " prenez. Pour un enfant, pensez à son carnet de santé."),
     ["Quels documents prendre pour aller chez le médecin ?",
      "Dois-je venir avec ma carte Vitale au rendez-vous ?"]),
    ("rendez-vous",
     "Qu'est-ce qu'un dépassement d'honoraires ?",
     ("Certains médecins, dits de secteur 2, peuvent facturer plus que le tarif de base de l'Assurance "
      "Maladie. Ce dépassement n'est pas remboursé par l'Assurance Maladie ; votre complémentaire santé"
      " peut en prendre une partie en charge. Le médecin doit vous en informer à l'avance."),
     ["Pourquoi mon spécialiste me facture-t-il plus cher que le tarif de la Sécu ?",
      "Que veut dire médecin secteur 2 ?"]),
    # --------------------------------------------------------- medicines
    ("médicaments",
     "Un médicament générique est-il aussi efficace que l'original ?",
     ("Oui. Un médicament générique contient la même substance active, à la même dose, que le "
      "médicament de référence (le médicament de marque), et il a la même efficacité. Le pharmacien "
      "peut vous le proposer à la place du médicament prescrit, sauf mention justifiée du médecin sur "
      "l'ordonnance."),
     ["Les génériques marchent-ils aussi bien que les médicaments de marque ?",
      "Le pharmacien peut-il remplacer mon médicament par un générique ?",
      "différence entre générique et princeps"]),
    ("médicaments",
     "Que se passe-t-il si je refuse le générique ?",
     ("Si vous refusez à la pharmacie la substitution par le générique, sans raison médicale indiquée "
      "par le médecin, vous payez le médicament en avance et vous êtes remboursé sur la base du prix du"
      " générique : le tiers payant ne s'applique pas."),
     ["Je veux le médicament d'origine et pas le générique, suis-je remboursé ?",
      "Refuser la substitution à la pharmacie : quelles conséquences ?"]),
    ("médicaments",
     "Que faire des médicaments périmés ou non utilisés ?",
     ("Rapportez vos médicaments périmés ou entamés à la pharmacie, sans les boîtes en carton ni les "
      "notices, qui vont au recyclage. Ils y sont collectés pour être détruits sans polluer. Ne les "
      "jetez ni à la poubelle ni dans l'évier ou les toilettes."),
     ["Où jeter les vieux médicaments ?",
      "Peut-on mettre des comprimés périmés à la poubelle ?",
      "recyclage des boîtes de médicaments entamées"]),
    ("médicaments",
     "Combien de temps une ordonnance est-elle valable ?",
     ("Pour la plupart des médicaments, l'ordonnance doit être présentée à la pharmacie dans les trois "
      "mois qui suivent sa date. La durée du traitement et les renouvellements éventuels sont indiqués "
      "par le médecin sur l'ordonnance."),
     ["Mon ordonnance date de quatre mois, la pharmacie peut-elle encore la servir ?",
      "Quelle est la durée de validité d'une prescription ?"]),
    ("médicaments",
     "Peut-on prendre un médicament sans ordonnance sans risque ?",
     ("Certains médicaments sont disponibles sans ordonnance, mais l'automédication n'est pas sans "
      "danger. Demandez conseil à votre pharmacien, lisez la notice et signalez les autres traitements "
      "que vous prenez. Si les symptômes persistent, consultez un médecin."),
     ["L'automédication est-elle dangereuse ?",
      "Dois-je demander conseil avant d'acheter un médicament en vente libre ?"]),
    ("médicaments",
     "Pourquoi faut-il faire attention au paracétamol ?",
     ("Le paracétamol est présent dans de nombreux médicaments, seul ou associé à d'autres substances. "
      "En prendre plusieurs en même temps peut conduire à dépasser la dose maximale, ce qui est "
      "dangereux pour le foie. Lisez la composition et respectez la dose indiquée par la notice ou "
      "votre médecin."),
     ["Risque de surdosage avec le paracétamol",
      "Est-ce dangereux de prendre du paracétamol avec un autre médicament contre le rhume ?"]),
    ("médicaments",
     "Comment conserver ses médicaments ?",
     ("À la maison, rangez-les dans leur boîte d'origine avec la notice, à l'abri de la chaleur, de la "
      "lumière et de l'humidité, hors de portée des enfants. Certains se gardent au frigo : la notice "
      "le précise."),
     ["Faut-il mettre les médicaments au frigo ?",
      "Où ranger les médicaments à la maison ?"]),
    ("médicaments",
     "Les antibiotiques sont-ils utiles contre un rhume ou la grippe ?",
     ("Non. Les antibiotiques agissent contre les bactéries, pas contre les virus responsables du "
      "rhume, de la grippe ou de la plupart des angines de l'enfant. Les prendre sans raison favorise "
      "l'apparition de bactéries résistantes."),
     ["Faut-il des antibiotiques pour soigner un virus ?",
      "Pourquoi mon médecin ne m'a pas donné d'antibiotique pour ma grippe ?",
      "antibiotiques et infections virales"]),
    ("médicaments",
     "Comment voyager avec ses médicaments ?",
     ("En voyage, et surtout en avion, gardez votre traitement dans votre bagage à main avec "
      "l'ordonnance, si possible en dénomination commune internationale. Prévoyez une quantité "
      "suffisante pour tout le séjour et renseignez-vous sur les règles du pays de destination."),
     ["Puis-je prendre mon traitement dans l'avion ?",
      "Faut-il emporter son ordonnance en voyage ?"]),
    ("médicaments",
     "Comment signaler un effet indésirable d'un médicament ?",
     ("Si vous avez une réaction inhabituelle après un traitement, parlez-en à votre médecin ou à votre"
      " pharmacien. Vous pouvez aussi déclarer vous-même l'effet indésirable sur le portail de "
      "signalement des événements sanitaires ; ces déclarations aident à surveiller la sécurité des "
      "médicaments."),
     ["J'ai eu une réaction bizarre après un traitement, à qui le dire ?",
      "déclarer un effet secondaire médicament"]),
    ("médicaments",
     "Qu'est-ce que le dossier pharmaceutique ?",
     ("Le dossier pharmaceutique (DP) recense les médicaments qui vous ont été délivrés en pharmacie au"
      " cours des derniers mois. Avec votre accord, il permet au pharmacien de repérer les interactions"
      " et les traitements en double."),
     ["À quoi sert le DP à la pharmacie ?",
      "Le pharmacien peut-il voir les médicaments achetés dans une autre pharmacie ?"]),
    # -------------------------------------------------- health insurance
    ("assurance maladie",
     "Que faire si j'ai perdu ma carte Vitale ?",
     ("Déclarez la perte ou le vol dans votre compte en ligne de l'Assurance Maladie et commandez une "
      "nouvelle carte. En attendant, vous pouvez télécharger une attestation de droits à présenter aux "
      "professionnels de santé."),
     ["On m'a volé ma carte Vitale, que dois-je faire ?",
      "Comment obtenir une nouvelle carte Vitale ?",
      "carte vitale égarée"]),
    ("assurance maladie",
     "Comment mettre à jour sa carte Vitale ?",
     ("Mettez-la à jour une fois par an et après chaque changement de situation, sur une borne en "
      "pharmacie ou dans un accueil de l'Assurance Maladie. Il suffit d'insérer la carte et de suivre "
      "les instructions."),
     ["Où actualiser ma carte Vitale ?",
      "Faut-il mettre à jour la carte Vitale tous les ans ?"]),
    ("assurance maladie",
     "Comment est remboursée une consultation chez le médecin généraliste ?",
     ("L'Assurance Maladie rembourse une partie du tarif de base de la consultation si vous respectez "
      "le parcours de soins ; votre complémentaire santé peut prendre en charge tout ou partie du "
      "reste. Une participation forfaitaire reste à la charge des adultes."),
     ["Combien la Sécu rembourse-t-elle chez le généraliste ?",
      "Qu'est-ce qui reste à payer après une visite chez le médecin ?"]),
    ("assurance maladie",
     "Qu'est-ce que la Complémentaire santé solidaire ?",
     ("La Complémentaire santé solidaire (CSS) est une aide pour payer ses dépenses de santé, réservée "
      "aux personnes aux ressources modestes. Selon les revenus, elle est gratuite ou coûte une petite "
      "participation. Elle se demande en ligne ou auprès de sa caisse d'assurance maladie."),
     ["Existe-t-il une mutuelle gratuite pour les petits revenus ?",
      "Comment demander la CSS ?",
      "aide pour payer une complémentaire santé"]),
    ("assurance maladie",
     "Mon employeur doit-il me proposer une mutuelle ?",
     ("Dans le secteur privé, l'employeur doit proposer une complémentaire santé collective à ses "
      "salariés et en financer au moins la moitié. Certaines situations permettent d'être dispensé d'y "
      "adhérer."),
     ["La mutuelle d'entreprise est-elle obligatoire ?",
      "Qui paie la complémentaire santé proposée par mon travail ?"]),
    ("assurance maladie",
     "En combien de temps suis-je remboursé de mes soins ?",
     ("Le délai de remboursement d'une consultation dépend de la feuille de soins. Avec la carte "
      "Vitale, elle est électronique et le remboursement arrive en général en moins d'une semaine. Avec"
      " une feuille de soins papier, il faut compter plusieurs semaines."),
     ["Quel est le délai de remboursement de l'Assurance Maladie ?",
      "Je n'ai toujours pas été remboursé de ma consultation, est-ce normal ?"]),
    ("assurance maladie",
     "Que faire d'une feuille de soins papier ?",
     ("Complétez et signez la partie qui vous concerne, puis envoyez-la à votre caisse d'assurance "
      "maladie avec, le cas échéant, l'ordonnance. Gardez une copie jusqu'au remboursement."),
     ["Le médecin m'a donné une feuille de soins, à qui l'envoyer ?",
      "Où poster une feuille de soins ?"]),
    ("assurance maladie",
     "Qu'est-ce que le tiers payant ?",
     ("Le tiers payant vous dispense d'avancer les frais, chez le médecin ou à la pharmacie : le "
      "professionnel de santé est payé directement par l'Assurance Maladie et, le cas échéant, par "
      "votre complémentaire. Il s'applique notamment en pharmacie et dans certaines situations prévues "
      "par la loi."),
     ["Comment ne pas avancer les frais chez le médecin ?",
      "Ne rien payer à la pharmacie : comment ça marche ?"]),
    ("assurance maladie",
     "Qu'est-ce qu'une affection de longue durée ?",
     ("Une affection de longue durée (ALD) est une maladie qui nécessite un traitement prolongé. Quand "
      "elle est reconnue, les soins liés à cette maladie sont pris en charge à 100 % du tarif de base. "
      "La demande est faite par le médecin traitant."),
     ["Maladie chronique prise en charge à 100 %, comment ça marche ?",
      "Qui fait la demande d'ALD ?",
      "reconnaissance d'une maladie longue durée"]),
    ("assurance maladie",
     "Qu'est-ce que Mon espace santé ?",
     ("Mon espace santé est un service public en ligne de l'Assurance Maladie et de l'État. Avec son "
      "dossier médical, il permet de conserver ses documents de santé, d'échanger avec les "
      "professionnels de santé par une messagerie sécurisée et de tenir à jour son profil médical. "
      "Chacun peut le paramétrer ou s'y opposer."),
     ["À quoi sert le dossier médical en ligne de l'Assurance Maladie ?",
      "Où stocker mes comptes rendus médicaux de façon sécurisée ?"]),
    ("assurance maladie",
     "Comment signaler un changement d'adresse à l'Assurance Maladie ?",
     ("Si vous déménagez, modifiez votre adresse dans votre compte en ligne de l'Assurance Maladie "
      "(CPAM), rubrique de vos informations personnelles. Si vous changez de département, votre dossier"
      " est transféré à la caisse de votre nouveau domicile."),
     ["Je déménage, comment prévenir la CPAM ?",
      "Changer d'adresse sur mon compte ameli"]),
    ("assurance maladie",
     "Comment être pris en charge lors d'un séjour dans un autre pays européen ?",
     ("Avant de partir en vacances en Europe, demandez votre carte européenne d'assurance maladie dans "
      "votre compte en ligne, quelques semaines avant le départ. Si vous tombez malade, elle permet "
      "d'être soigné et remboursé dans les pays de l'Union européenne dans les mêmes conditions que les"
      " assurés du pays."),
     ["Je pars en Espagne, comment être couvert si je tombe malade ?",
      "Comment obtenir la carte européenne d'assurance maladie ?",
      "soins en vacances en Europe remboursement"]),
    # -------------------------------------------------------------- work
    ("travail",
     "Dans quel délai envoyer un arrêt de travail ?",
     ("L'arrêt de travail doit être transmis dans les 48 heures : les volets destinés à l'Assurance "
      "Maladie à votre caisse, et le volet destiné à l'employeur à celui-ci. Le médecin peut souvent le"
      " transmettre directement en ligne."),
     ["Combien de temps ai-je pour envoyer mon arrêt maladie ?",
      "À qui envoyer les volets de l'arrêt de travail ?"]),
    ("travail",
     "Quand les indemnités journalières sont-elles versées pendant un arrêt maladie ?",
     ("Pour un salarié, les indemnités journalières sont en général versées après un délai de carence "
      "de trois jours. Des conditions de durée de travail ou de cotisation s'appliquent, et votre "
      "employeur peut compléter l'indemnisation selon votre convention collective."),
     ["Suis-je payé pendant les premiers jours d'arrêt maladie ?",
      "Qu'est-ce que le délai de carence ?",
      "indemnisation d'un arrêt de travail par la Sécu"]),
    ("travail",
     "Quelle est la durée du congé maternité ?",
     ("Pour un premier ou un deuxième enfant, le congé maternité dure en général seize semaines : six "
      "avant l'accouchement et dix après. Il est plus long à partir du troisième enfant et en cas de "
      "naissances multiples."),
     ["Combien de semaines dure le congé de maternité ?",
      "Congé maternité pour un premier bébé : quelle durée ?"]),
    ("travail",
     "Que faire après un accident du travail ?",
     ("Si vous êtes blessé au travail, informez votre employeur dans les 24 heures et consultez un "
      "médecin, qui établit un certificat médical. L'employeur doit déclarer l'accident à l'Assurance "
      "Maladie dans les 48 heures."),
     ["Je me suis blessé au travail, quelles démarches faire ?",
      "Qui déclare un accident survenu sur le lieu de travail ?"]),
    ("travail",
     "À quoi sert la médecine du travail ?",
     ("Le service de santé au travail suit la santé des salariés en lien avec leur poste. Il organise "
      "notamment une visite d'information et de prévention après l'embauche et peut proposer des "
      "aménagements de poste."),
     ["Quand dois-je voir le médecin du travail ?",
      "Rôle de la visite médicale à l'embauche"]),
    # ------------------------------------------ prevention and screening
    ("prévention",
     "Qui est concerné par le dépistage du cancer colorectal ?",
     ("Le dépistage organisé du cancer colorectal s'adresse aux femmes et aux hommes de 50 à 74 ans. Il"
      " repose sur un test simple à faire chez soi tous les deux ans, disponible auprès du médecin, du "
      "pharmacien ou commandé en ligne."),
     ["À partir de quel âge faire le test de dépistage du cancer du côlon ?",
      "Comment obtenir le kit de dépistage colorectal ?",
      "test immunologique tous les deux ans"]),
    ("prévention",
     "Comment se passe le dépistage du cancer du sein ?",
     ("À partir de l'âge de 50 ans et jusqu'à 74 ans, les femmes sont invitées tous les deux ans à "
      "passer une mammographie de dépistage, prise en charge à 100 % par l'Assurance Maladie, sans "
      "avance de frais. Un deuxième radiologue relit les clichés jugés normaux."),
     ["À quel âge commencer les mammographies de dépistage ?",
      "La mammographie de dépistage est-elle remboursée ?"]),
    ("prévention",
     "Qu'est-ce que le dépistage du cancer du col de l'utérus ?",
     ("Il est recommandé aux femmes de 25 à 65 ans. Selon l'âge, il repose sur un examen des cellules "
      "du col (le frottis) ou sur un test de recherche de papillomavirus, à renouveler tous les trois "
      "ou cinq ans. Le prélèvement peut être fait par un médecin ou une sage-femme."),
     ["Tous les combien faire un frottis ?",
      "Qui peut faire le prélèvement pour le dépistage du col ?"]),
    ("prévention",
     "Comment se faire aider pour arrêter de fumer ?",
     ("Votre médecin, votre pharmacien ou une sage-femme peuvent vous accompagner. Les traitements de "
      "substitution nicotinique prescrits, comme les patchs, sont remboursés. Le 39 89, numéro de Tabac"
      " Info Service, propose aussi une aide gratuite au sevrage tabagique par téléphone."),
     ["Les patchs anti-tabac sont-ils remboursés ?",
      "Qui peut m'aider à arrêter la cigarette ?",
      "numéro d'aide pour le sevrage tabagique"]),
    ("prévention",
     "Combien d'activité physique faut-il faire par semaine ?",
     ("Pour les adultes, il est recommandé de pratiquer au moins trente minutes d'activité physique "
      "d'intensité modérée, comme la marche rapide, au moins cinq jours par semaine, et de limiter le "
      "temps passé assis."),
     ["Combien de temps de sport par jour est conseillé ?",
      "Quelle quantité d'exercice physique pour rester en bonne santé ?"]),
    ("prévention",
     "Que veut dire manger cinq fruits et légumes par jour ?",
     ("C'est un repère : consommer au moins cinq portions de fruits et légumes par jour, frais, "
      "surgelés ou en conserve. Une portion correspond à peu près à la taille d'un poing. Le site "
      "Manger Bouger donne d'autres repères pour une alimentation équilibrée."),
     ["C'est quoi une portion de légumes ?",
      "Conseils pour une alimentation équilibrée"]),
    ("prévention",
     "Quels sont les repères de consommation d'alcool ?",
     ("Pour limiter les risques, il est recommandé de ne pas boire plus de dix verres standard par "
      "semaine, pas plus de deux verres par jour, et d'avoir des jours sans alcool dans la semaine. "
      "Pendant la grossesse, zéro alcool est recommandé."),
     ["Combien de verres de vin par semaine sans risque ?",
      "Limite conseillée pour boire de l'alcool",
      "Peut-on boire un peu d'alcool enceinte ?"]),
    ("prévention",
     "Comment se protéger du soleil ?",
     ("Évitez l'exposition entre midi et seize heures, recherchez l'ombre, portez un chapeau, des "
      "lunettes et des vêtements couvrants, et appliquez une crème solaire à renouveler régulièrement. "
      "Les jeunes enfants ne doivent pas être exposés directement."),
     ["Quelle crème solaire et à quelle heure éviter le soleil ?",
      "Protéger un bébé des coups de soleil"]),
    ("prévention",
     "Comment se protéger pendant une canicule ?",
     ("Quand il fait très chaud, buvez de l'eau régulièrement, restez au frais, fermez les volets le "
      "jour et évitez les efforts aux heures chaudes. Prenez des nouvelles des personnes âgées ou "
      "isolées. Un numéro vert d'information est ouvert pendant les vagues de chaleur."),
     ["Que faire quand il fait très chaud l'été ?",
      "Conseils en cas de fortes chaleurs pour les personnes âgées"]),
    ("prévention",
     "Comment bien se laver les mains ?",
     ("Lavez-vous les mains avec du savon pendant au moins trente secondes, en frottant les paumes, le "
      "dos des mains, entre les doigts et les ongles, puis séchez-les avec un linge propre. À défaut "
      "d'eau et de savon, utilisez une solution hydroalcoolique."),
     ["Combien de temps faut-il se savonner les mains ?",
      "Le gel hydroalcoolique remplace-t-il le lavage des mains ?"]),
    ("prévention",
     "Où trouver de l'aide en cas de détresse psychologique ?",
     ("Si vous allez mal, parlez-en à votre médecin traitant. Le 3114, numéro national de prévention du"
      " suicide, est joignable gratuitement jour et nuit. Un dispositif permet aussi le remboursement "
      "de séances chez un psychologue partenaire."),
     ["Je vais mal moralement, qui appeler ?",
      "Les séances chez le psychologue sont-elles remboursées ?",
      "numéro d'écoute prévention suicide"]),
    ("prévention",
     "Où faire un dépistage des infections sexuellement transmissibles ?",
     ("Vous pouvez consulter votre médecin, une sage-femme ou un centre gratuit d'information, de "
      "dépistage et de diagnostic (CeGIDD) pour vous faire dépister gratuitement des IST. Le test de "
      "dépistage du VIH peut être fait en laboratoire sans ordonnance et sans frais."),
     ["Faire un test VIH sans ordonnance, c'est possible ?",
      "Où se faire dépister gratuitement pour les IST ?"]),
    ("prévention",
     "Comment améliorer son sommeil ?",
     ("Pour mieux dormir et vous endormir plus facilement le soir, gardez des horaires réguliers, "
      "évitez les écrans, la caféine et les repas copieux avant le coucher, et dormez dans une chambre "
      "calme et fraîche. Si les troubles durent, parlez-en à votre médecin."),
     ["J'ai du mal à m'endormir le soir, des conseils ?",
      "Les écrans empêchent-ils de bien dormir ?"]),
    # ------------------------------------------------------- emergencies
    ("urgences",
     "Quels sont les numéros d'urgence ?",
     ("Le 15 joint le SAMU pour une urgence médicale, le 18 les pompiers, le 17 la police ou la "
      "gendarmerie, et le 112 est le numéro d'urgence européen. Le 114 permet aux personnes sourdes ou "
      "malentendantes de joindre les secours par SMS ou par une application."),
     ["Quel numéro appeler pour une urgence médicale ?",
      "Le 112 fonctionne-t-il en France ?",
      "numéro des secours pour les personnes sourdes"]),
    ("urgences",
     "Quand faut-il aller aux urgences ?",
     ("Les urgences de l'hôpital sont destinées aux situations graves ou qui mettent la vie en danger. "
      "En cas de doute, avant de vous rendre à l'hôpital, appelez le 15, qui vous orientera. Pour un "
      "problème moins grave, contactez d'abord votre médecin traitant ou la permanence des soins."),
     ["Dois-je me rendre directement à l'hôpital ou appeler avant ?",
      "Aller aux urgences pour une fièvre, est-ce justifié ?"]),
    ("urgences",
     "Que faire en cas d'intoxication ou d'ingestion d'un produit dangereux ?",
     ("En cas de signes graves, appelez le 15. Sinon, contactez le centre antipoison de votre région, "
      "joignable jour et nuit, en gardant l'emballage du produit à portée de main. Ne faites pas vomir "
      "la personne."),
     ["Mon enfant a avalé un produit ménager, qui appeler ?",
      "numéro du centre antipoison"]),
    ("urgences",
     "Comment apprendre les gestes de premiers secours ?",
     ("Des associations agréées et les pompiers proposent des formations courtes, comme la formation "
      "prévention et secours civiques de niveau 1, qui dure environ une journée. Certaines entreprises "
      "forment aussi leurs salariés sauveteurs secouristes du travail."),
     ["Où suivre une formation aux premiers secours ?",
      "Apprendre à faire un massage cardiaque"]),
    ("urgences",
     "Tout le monde peut-il utiliser un défibrillateur ?",
     ("Oui. Un défibrillateur automatisé externe (DAE) peut être utilisé par toute personne, même sans "
      "formation : l'appareil donne des instructions vocales et ne délivre un choc que si c'est "
      "nécessaire. Appelez d'abord le 15 ou faites appeler les secours."),
     ["Ai-je le droit de me servir d'un défibrillateur sans formation ?",
      "Comment fonctionne un DAE ?"]),
    # -------------------------------------------- children and pregnancy
    ("enfants",
     "Quels examens médicaux sont prévus pour les enfants ?",
     ("Vingt examens médicaux obligatoires, chez le médecin ou le pédiatre, sont prévus de la naissance"
      " à 16 ans, dont la plupart pendant les trois premières années. Ils sont pris en charge à 100 % "
      "et les dates sont indiquées dans le carnet de santé."),
     ["Combien de visites obligatoires chez le pédiatre pour un bébé ?",
      "Les examens de suivi de l'enfant sont-ils remboursés ?"]),
    ("enfants",
     "Qu'est-ce que la protection maternelle et infantile ?",
     ("Les centres de protection maternelle et infantile (PMI) proposent des consultations gratuites "
      "pour les enfants de moins de six ans, ainsi qu'un suivi pendant la grossesse et des conseils aux"
      " parents."),
     ["Consultations gratuites pour les tout-petits : où aller ?",
      "À quoi sert la PMI ?"]),
    ("enfants",
     "Quand déclarer sa grossesse ?",
     ("La grossesse doit être déclarée avant la fin du troisième mois à votre caisse d'assurance "
      "maladie et à la caisse d'allocations familiales (CAF). Le médecin ou la sage-femme fait souvent "
      "la déclaration en ligne lors du premier examen prénatal."),
     ["Je suis enceinte, quelles démarches faire auprès de la CAF ?",
      "Avant combien de semaines déclarer une grossesse ?",
      "déclaration de grossesse à l'Assurance Maladie"]),
    ("enfants",
     "Les examens dentaires des enfants sont-ils gratuits ?",
     ("Oui, à certains âges entre 3 et 24 ans, un examen de prévention chez le dentiste est proposé et "
      "remboursé à 100 %, ainsi que les soins qui en découlent. L'Assurance Maladie envoie une "
      "invitation avant chaque examen."),
     ["Mon fils a six ans, le dentiste est-il remboursé ?",
      "Programme de prévention dentaire pour les enfants"]),
    ("enfants",
     "Combien de temps dure le congé de paternité ?",
     ("Le congé de paternité et d'accueil de l'enfant dure 25 jours calendaires pour une naissance "
      "simple et 32 jours pour des naissances multiples. Une partie est obligatoire et doit être prise "
      "juste après le congé de naissance ; le reste peut être pris dans les six mois."),
     ["Combien de jours de congé pour le père à la naissance ?",
      "Le congé paternité est-il obligatoire ?",
      "congé d'accueil de l'enfant pour le second parent"]),
]


def main() -> None:
    questions = [entry[1] for entry in ENTRIES]
    if len(set(questions)) != len(questions):
        raise SystemExit("two entries share a question")
    with open(HERE / "data.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["faq_id", "category", "question", "answer"])
        for number, (category, question, answer, _) in enumerate(ENTRIES, 1):
            writer.writerow([number, category, question, answer])
    with open(HERE / "reworded.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["faq_id", "question"])
        for number, (_, _, _, reworded) in enumerate(ENTRIES, 1):
            for question in reworded:
                writer.writerow([number, question])
    print(len(ENTRIES), "entries,", sum(len(entry[3]) for entry in ENTRIES), "reworded questions")


if __name__ == "__main__":
    main()
