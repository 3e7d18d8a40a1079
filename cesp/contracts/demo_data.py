"""Reference lists of the demo: the 18 regions, their ARS, the UFR, the demo accounts."""

from __future__ import annotations

from cesp.accounts.enums import Role

#: INSEE code → (name, slug); the 18 regions (13 metropolitan + 5 overseas).
REGIONS: dict[str, tuple[str, str]] = {
    "01": ("Guadeloupe", "guadeloupe"),
    "02": ("Martinique", "martinique"),
    "03": ("Guyane", "guyane"),
    "04": ("La Réunion", "reunion"),
    "06": ("Mayotte", "mayotte"),
    "11": ("Île-de-France", "ile-de-france"),
    "24": ("Centre-Val de Loire", "centre-val-de-loire"),
    "27": ("Bourgogne-Franche-Comté", "bourgogne-franche-comte"),
    "28": ("Normandie", "normandie"),
    "32": ("Hauts-de-France", "hauts-de-france"),
    "44": ("Grand Est", "grand-est"),
    "52": ("Pays de la Loire", "pays-de-la-loire"),
    "53": ("Bretagne", "bretagne"),
    "75": ("Nouvelle-Aquitaine", "nouvelle-aquitaine"),
    "76": ("Occitanie", "occitanie"),
    "84": ("Auvergne-Rhône-Alpes", "auvergne-rhone-alpes"),
    "93": ("Provence-Alpes-Côte d'Azur", "paca"),
    "94": ("Corse", "corse"),
}

#: (code, name, region, weight): health faculties; weight ~ size of the intake.
UFRS: list[tuple[str, str, str, int]] = [
    ("ufr-paris-cite", "UFR de médecine Université Paris Cité", "11", 6),
    ("ufr-sorbonne", "Faculté de santé Sorbonne Université", "11", 5),
    ("ufr-paris-saclay", "UFR de médecine Université Paris-Saclay", "11", 3),
    ("ufr-upec", "Faculté de santé Université Paris-Est Créteil", "11", 2),
    ("ufr-tours", "UFR de médecine de Tours", "24", 3),
    ("ufr-dijon", "UFR des sciences de santé de Dijon", "27", 2),
    ("ufr-besancon", "UFR santé de Besançon", "27", 2),
    ("ufr-caen", "UFR santé de Caen", "28", 2),
    ("ufr-rouen", "UFR santé de Rouen", "28", 2),
    ("ufr-lille", "Faculté de médecine de Lille", "32", 4),
    ("ufr-amiens", "UFR de médecine d'Amiens", "32", 2),
    ("ufr-strasbourg", "Faculté de médecine de Strasbourg", "44", 3),
    ("ufr-nancy", "Faculté de médecine de Nancy", "44", 3),
    ("ufr-reims", "UFR de médecine de Reims", "44", 2),
    ("ufr-nantes", "UFR santé de Nantes", "52", 3),
    ("ufr-angers", "UFR santé d'Angers", "52", 2),
    ("ufr-rennes", "UFR santé de Rennes", "53", 3),
    ("ufr-brest", "UFR de médecine de Brest", "53", 2),
    ("ufr-bordeaux", "Collège santé de Bordeaux", "75", 4),
    ("ufr-poitiers", "UFR médecine et pharmacie de Poitiers", "75", 2),
    ("ufr-limoges", "Faculté de médecine de Limoges", "75", 2),
    ("ufr-montpellier", "Faculté de médecine Montpellier-Nîmes", "76", 4),
    ("ufr-toulouse", "Faculté de santé de Toulouse", "76", 4),
    ("ufr-lyon", "Faculté de médecine Lyon Est et Lyon Sud", "84", 5),
    ("ufr-grenoble", "UFR de médecine de Grenoble", "84", 2),
    ("ufr-clermont", "UFR de médecine de Clermont-Ferrand", "84", 2),
    ("ufr-saint-etienne", "Faculté de médecine de Saint-Étienne", "84", 1),
    ("ufr-marseille", "Faculté des sciences médicales et paramédicales de Marseille", "93", 4),
    ("ufr-nice", "Faculté de médecine de Nice", "93", 2),
    ("ufr-antilles", "UFR santé Université des Antilles", "01", 1),
    ("ufr-reunion", "UFR santé de La Réunion", "04", 1),
    ("ufr-guyane", "Faculté de médecine de Guyane", "03", 1),
]

#: Regions without a faculty of their own: signatories followed there come from these.
FOLLOWED_FROM: dict[str, str] = {"02": "ufr-antilles", "06": "ufr-reunion", "94": "ufr-marseille"}

NATIONAL_CODE = "asp"
NATIONAL_NAME = "Agence de services et de paiement (gestionnaire national du CESP)"
RESEARCH_CODE = "recherche-demo"
RESEARCH_NAME = "Équipe de recherche (démonstration)"

#: username → (role, organisation code, first name shown in the UI)
DEMO_ACCOUNTS: dict[str, tuple[str, str | None]] = {
    "etudiant": (Role.STUDENT, None),
    # Two more signatories followed in Occitanie, still in studies: they may choose the
    # same liberal practice place, and ars-occitanie-directeur arbitrates.
    "etudiant-2": (Role.STUDENT, None),
    "etudiant-3": (Role.STUDENT, None),
    "ufr-montpellier": (Role.UFR_AGENT, "ufr-montpellier"),
    "commission-montpellier": (Role.COMMISSION_MEMBER, "ufr-montpellier"),
    "ars-occitanie": (Role.ARS_REFERENT, "ars-occitanie"),
    "ars-occitanie-directeur": (Role.ARS_DIRECTOR, "ars-occitanie"),
    "ars-bretagne": (Role.ARS_REFERENT, "ars-bretagne"),
    "national": (Role.NATIONAL_AGENT, NATIONAL_CODE),
    "chercheur": (Role.RESEARCHER, RESEARCH_CODE),
    "admin": (Role.ADMIN, None),
}
DEMO_PASSWORD = "demo"
#: Logins created by a domain app's demo loader (not contract holders), printed with the
#: others: ``candidat`` follows its application (``load_demo_selection``).
DOMAIN_DEMO_ACCOUNTS: dict[str, tuple[str, str | None]] = {
    "candidat": (Role.STUDENT, None),  # selection: a dossier being examined
    "comptable": (Role.NATIONAL_AGENT, "asp"),  # payments: exports the runs others order
    "signataire-rupture": (Role.STUDENT, None),  # breach: sums notified, appeal open
    "signataire-echeancier": (Role.STUDENT, None),  # breach: an instalment late
    "signataire-report": (Role.STUDENT, None),  # requests: a deferral being instructed
    "signataire-bretagne": (Role.STUDENT, None),  # requests: a change of place
    "ars-bretagne-directeur": (Role.ARS_DIRECTOR, "ars-bretagne"),  # requests: decides
}

MEDICAL_SPECIALTIES = [
    ("medecine_generale", 74),
    ("psychiatrie", 5),
    ("pediatrie", 4),
    ("gynecologie_medicale", 3),
    ("ophtalmologie", 3),
    ("anesthesie_reanimation", 3),
    ("medecine_urgence", 3),
    ("geriatrie", 2),
    ("dermatologie", 2),
    ("cardiologie", 1),
]

#: Common French family and given names: each demo contract draws a plausible signatory
#: (``demo.signatory_identity``, deterministic from the seed and the reference).
LAST_NAMES = (
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois",
    "Moreau", "Laurent", "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David",
    "Bertrand", "Morel", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine",
    "Rousseau", "Vincent", "Muller", "Lefèvre", "Faure", "André", "Mercier", "Blanc",
    "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia",
    "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu",
    "Gautier", "Masson", "Marchand", "Duval", "Denis", "Dumont", "Marie", "Lemaire",
    "Noël", "Meyer", "Dufour", "Meunier", "Brun", "Blanchard", "Giraud", "Joly",
    "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud", "Martinez", "Gérard",
    "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal", "Caron",
    "Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix",
    "Olivier", "Philippe", "Bourgeois", "Pierre", "Benoît", "Rey", "Leclerc", "Payet",
    "Rolland", "Leclercq", "Guillaume", "Lecomte", "Hoarau", "Bousquet", "Vaysse", "Cazals",
)  # fmt: skip
FIRST_NAMES = (
    "Camille", "Léa", "Manon", "Chloé", "Emma", "Inès", "Sarah", "Julie", "Clara",
    "Marie", "Lucie", "Anaïs", "Pauline", "Mathilde", "Claire", "Laura", "Océane",
    "Margaux", "Élise", "Juliette", "Salomé", "Noémie", "Amandine", "Charlotte", "Alice",
    "Hugo", "Lucas", "Thomas", "Nathan", "Théo", "Louis", "Maxime", "Antoine", "Alexandre",
    "Julien", "Romain", "Nicolas", "Paul", "Clément", "Adrien", "Quentin", "Baptiste",
    "Mathieu", "Pierre", "Guillaume", "Arthur", "Victor", "Samuel", "Yanis", "Mehdi",
    "Karim", "Sofiane", "Amine", "Yasmine", "Nour", "Aïcha", "Fatou", "Mamadou", "Jade",
    "Lina", "Rose", "Gabriel", "Raphaël", "Jules", "Léo", "Sacha", "Eva", "Zoé",
)  # fmt: skip
