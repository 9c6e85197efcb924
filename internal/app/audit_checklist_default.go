package app

// DefaultChecklistVersion is the version of the built-in audit checklist.
// Change it whenever an item's code, text or scope changes: a recorded audit
// keeps the version it was made with.
const DefaultChecklistVersion = "habil-2026.1"

// Section titles of the built-in checklist, in the order printed.
const (
	secLegal    = "Situation juridique"
	secWeb      = "Site internet"
	secMCF      = "Mon Compte Formation"
	secCarif    = "Carif-Oref"
	secTraining = "Formation"
	secMeans    = "Moyens et sous-traitance"
	secExams    = "Organisation des évaluations"
	secQualiopi = "Qualiopi"
	secVAE      = "VAE"
	secTrace    = "Traçabilité et preuves"
	secData     = "Transmission des données candidats et titulaires"
	secClaims   = "Réclamations et anomalies"
	secFees     = "Redevances"
)

// defaultChecklistItems is the built-in checklist (domain.md §5 and the
// decree of 2025, R6113-16-2 to R6113-16-4). Codes are stable: a filled
// spreadsheet names its items by code. Scope "" applies to every partner,
// "train" to partners habilitated to prepare candidates, "assess" to those
// habilitated to organise the evaluation, "vae" to those on the VAE route.
var defaultChecklistItems = []checklistRow{
	// Situation juridique
	{"LEG-01", secLegal, "Le SIRET de l'organisme est actif (établissement non fermé).", "Avis de situation SIRENE de moins de 3 mois", "", ""},
	{"LEG-02", secLegal, "Le numéro de déclaration d'activité (NDA) est valide et non caduc.", "Récépissé de déclaration, dernier bilan pédagogique et financier", "L6351-1", "train"},
	{"LEG-03", secLegal, "Le certificat Qualiopi est valide et couvre la catégorie d'action adaptée (formation, VAE).", "Certificat Qualiopi en cours de validité", "L6316-1", ""},
	{"LEG-04", secLegal, "L'organisme figure sur la liste des partenaires publiée par France Compétences, avec le bon type d'habilitation et le statut « Actif ».", "Extrait du registre France Compétences (export quotidien)", "R6113-16-5", ""},
	{"LEG-05", secLegal, "Une convention d'habilitation signée est en vigueur et couvre les certifications, blocs et missions exercés.", "Convention d'habilitation signée et ses avenants", "R6113-16-1 2°, R6113-16-2", ""},
	// Site internet
	{"WEB-01", secWeb, "Le site reprend l'intitulé exact de la certification et de ses blocs, avec le code RNCP/RS et le niveau.", "Captures datées des pages présentant la certification", "R6113-16-3 1°", "train"},
	{"WEB-02", secWeb, "Le site ne présente que les certifications, blocs et voies d'accès pour lesquels l'organisme est habilité.", "Captures datées du catalogue en ligne", "R6113-16-3 1°", ""},
	{"WEB-03", secWeb, "Le certificateur est nommé comme tel.", "Captures datées des pages présentant la certification", "R6113-16-3 1°", ""},
	{"WEB-04", secWeb, "Aucune présentation trompeuse (« diplôme d'État », certification « délivrée » par l'organisme, garantie de réussite).", "Captures datées, supports commerciaux", "R6113-16-3 1°", ""},
	{"WEB-05", secWeb, "Les taux de réussite et d'insertion publiés sont cohérents avec les chiffres du certificateur.", "Taux publiés comparés aux statistiques du certificateur", "", ""},
	{"WEB-06", secWeb, "Le numéro de déclaration d'activité figure avec la mention « cet enregistrement ne vaut pas agrément de l'État ».", "Capture datée de la page où figure le NDA", "L6352-12", "train"},
	// Mon Compte Formation
	{"MCF-01", secMCF, "Les offres EDOF portent l'intitulé exact et sont rattachées au bon code de certification et au bon bloc.", "Extraction des offres EDOF de l'organisme", "R6113-16-3 1°", "train"},
	{"MCF-02", secMCF, "Aucune offre ne porte sur une certification, un bloc ou une voie d'accès non habilités.", "Extraction des offres EDOF de l'organisme", "R6113-16-3 1°", "train"},
	{"MCF-03", secMCF, "La durée et le prix des offres sont cohérents avec le programme et la durée minimale fixée.", "Fiches des offres, programme de formation", "R6113-16-3 3°", "train"},
	// Carif-Oref
	{"CAR-01", secCarif, "Les fiches Carif-Oref et des autres catalogues reprennent l'intitulé exact de la certification et des blocs.", "Captures datées des fiches catalogue", "R6113-16-3 1°", "train"},
	{"CAR-02", secCarif, "Les catalogues ne mentionnent que les certifications, blocs et voies habilités, et nomment le certificateur.", "Captures datées des fiches catalogue", "R6113-16-3 1°", "train"},
	// Formation
	{"FOR-01", secTraining, "La formation prépare à toutes les compétences du référentiel pour lesquelles l'organisme est habilité.", "Programme comparé au référentiel de compétences", "R6113-16-3 2°", "train"},
	{"FOR-02", secTraining, "La durée minimale de formation fixée par le certificateur est respectée.", "Programmes, plannings, feuilles d'émargement", "R6113-16-3 3°", "train"},
	{"FOR-03", secTraining, "Les durées minimale et maximale de stage fixées par le certificateur sont respectées.", "Conventions de stage, attestations de stage", "R6113-16-3 3°", "train"},
	{"FOR-04", secTraining, "La part de formation en présentiel fixée par le certificateur est respectée.", "Plannings, émargements, relevés de connexion", "R6113-16-3 4°", "train"},
	{"FOR-05", secTraining, "Le nombre maximal de stagiaires par formateur est respecté.", "Listes de groupes, plannings des formateurs", "R6113-16-3 5°", "train"},
	{"FOR-06", secTraining, "Les prérequis d'entrée sont vérifiés et tracés pour chaque stagiaire.", "Dossiers d'entrée, tests de positionnement", "", "train"},
	{"FOR-07", secTraining, "L'assiduité des stagiaires est suivie (émargement par demi-journée).", "Feuilles d'émargement", "", "train"},
	// Moyens et sous-traitance
	{"MOY-01", secMeans, "Les moyens techniques et pédagogiques prévus par la convention sont effectivement mis en œuvre (locaux, plateaux, équipements).", "Visite des locaux, inventaire, photos datées", "R6113-16-2 6°", ""},
	{"MOY-02", secMeans, "Les formateurs et l'encadrement sont ceux déclarés et ont les qualifications requises.", "CV, diplômes, contrats des formateurs", "R6113-16-2 6°", ""},
	{"MOY-03", secMeans, "La sous-traitance respecte les conditions de la convention (et L6323-9-2 pour les actions financées par le CPF) ; les sous-traitants connaissent leurs obligations.", "Contrats de sous-traitance, liste des sous-traitants", "R6113-16-2 5°", ""},
	// Organisation des évaluations
	{"EVA-01", secExams, "Les évaluations suivent le référentiel d'évaluation (modalités, durées, grilles).", "Sujets, grilles d'évaluation, procès-verbaux", "R6113-16-4", "assess"},
	{"EVA-02", secExams, "L'organisme habilité à préparer et à évaluer inscrit ses propres stagiaires à ses sessions d'évaluation.", "Listes d'inscrits comparées aux listes de stagiaires", "R6113-16-4 2°", "assess"},
	{"EVA-03", secExams, "Le calendrier des sessions est déclaré au certificateur dans les délais.", "Déclarations de sessions", "", "assess"},
	{"EVA-04", secExams, "L'identité des candidats est vérifiée à chaque épreuve.", "Feuilles d'émargement avec contrôle d'identité", "", "assess"},
	{"EVA-05", secExams, "Les épreuves sont surveillées.", "Planning de surveillance, procès-verbal de session", "", "assess"},
	{"EVA-06", secExams, "Les sujets sont conservés et transmis de façon sécurisée.", "Procédure de gestion des sujets, registre d'accès", "", "assess"},
	{"EVA-07", secExams, "Les aménagements pour les personnes en situation de handicap sont proposés et tracés.", "Demandes et décisions d'aménagement", "", "assess"},
	{"EVA-08", secExams, "Les procès-verbaux sont signés ; les copies et grilles sont archivées.", "Procès-verbaux signés, archives des copies", "", "assess"},
	{"EVA-09", secExams, "Les incidents et suspicions de fraude sont signalés au certificateur.", "Registre des incidents, signalements", "", "assess"},
	// Qualiopi
	{"QUA-01", secQualiopi, "Indicateur 3 : les taux d'obtention des certifications préparées sont publiés.", "Page du site ou support où figurent les taux", "Qualiopi indicateur 3", "train"},
	{"QUA-02", secQualiopi, "Indicateur 16 : les conditions de présentation à la certification sont respectées (inscription, information des candidats).", "Informations remises aux candidats, inscriptions", "Qualiopi indicateur 16", ""},
	// VAE
	{"VAE-01", secVAE, "La recevabilité des demandes de VAE est instruite et tracée.", "Dossiers de recevabilité", "", "vae"},
	{"VAE-02", secVAE, "L'accompagnement des candidats à la VAE est conforme à ce qui est annoncé.", "Contrats d'accompagnement, émargements", "", "vae"},
	{"VAE-03", secVAE, "Le calendrier des jurys de VAE est communiqué au certificateur.", "Calendrier des jurys", "", "vae"},
	// Traçabilité et preuves
	{"TRA-01", secTrace, "Chaque candidat a un dossier complet (inscription, identité, résultats, date de délivrance).", "Échantillon de dossiers candidats", "", ""},
	{"TRA-02", secTrace, "Les preuves sont conservées pendant la durée de l'enregistrement et de son renouvellement.", "Politique d'archivage, échantillon d'archives", "", ""},
	// Transmission des données
	{"DON-01", secData, "Les données des candidats et titulaires sont transmises au certificateur dans les délais, pour le dépôt à la Caisse des dépôts (3 mois au plus après la délivrance).", "Dates de transmission comparées aux dates de délivrance", "R6113-17-2", ""},
	{"DON-02", secData, "Les candidats sont informés de la transmission de leurs données (SI CPF, Passeport de compétences).", "Mentions d'information remises aux candidats", "RGPD art. 13", ""},
	// Réclamations et anomalies
	{"REC-01", secClaims, "Les réclamations, litiges et annulations sont enregistrés et traités.", "Registre des réclamations", "", ""},
	{"REC-02", secClaims, "Les résultats anormaux entre sites ou sessions sont analysés.", "Analyse des résultats par session", "", ""},
	// Redevances
	{"RED-01", secFees, "Les redevances dues au certificateur sont payées ; le nombre de candidats correspond aux factures.", "Factures, relevés de paiement, listes de candidats", "", ""},
}

// checklistRow is one built-in item: code, section, text, evidence, basis,
// scope (the fields of domain.ChecklistItem, in order).
type checklistRow struct{ code, section, text, evidence, basis, scope string }
