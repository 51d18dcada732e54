CREATE TABLE "search_synonyms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"territory_type" text NOT NULL,
	"territory_code" text NOT NULL,
	"position" integer NOT NULL,
	"terms" text[] NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_thematique_labels" (
	"code" text PRIMARY KEY NOT NULL,
	"label" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "search_context" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX "search_synonyms_territory_idx" ON "search_synonyms" USING btree ("territory_type","territory_code","position");--> statement-breakpoint
-- Hand-written (ADR 010): thématique labels (from codes.fr.json), services.search_context kept by triggers,
-- search_vector rebuilt with it (weight C).
INSERT INTO search_thematique_labels (code, label) VALUES
	('choisir-un-metier--confirmer-son-choix-de-metier', 'Choisir un métier Confirmer son choix de métier'),
	('choisir-un-metier--connaitre-les-opportunites-demploi', 'Choisir un métier Connaître les opportunités d’emploi'),
	('choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite', 'Choisir un métier Découvrir un métier ou un secteur d’activité'),
	('choisir-un-metier--identifier-ses-points-forts-et-ses-competences', 'Choisir un métier Identifier ses points forts et ses compétences'),
	('creer-une-entreprise--definir-son-projet-de-creation-dentreprise', 'Créer une entreprise Définir son projet de création d’entreprise'),
	('creer-une-entreprise--developper-son-entreprise', 'Créer une entreprise Développer son entreprise'),
	('creer-une-entreprise--structurer-son-projet-de-creation-dentreprise', 'Créer une entreprise Structurer son projet de création d’entreprise'),
	('difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives', 'Difficultés administratives ou juridiques Accompagnement aux démarches administratives'),
	('difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-a-la-citoyennete', 'Difficultés administratives ou juridiques Accompagnement pour l’accès à la citoyenneté'),
	('difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits', 'Difficultés administratives ou juridiques Accompagnement pour l’accès aux droits'),
	('difficultes-administratives-ou-juridiques--beneficier-dune-mesure-daccompagnement-adapte', 'Difficultés administratives ou juridiques Bénéficier d’une mesure d’accompagnement adapté'),
	('difficultes-administratives-ou-juridiques--connaitre-ses-droits-face-a-une-discrimination', 'Difficultés administratives ou juridiques Connaître ses droits face à une discrimination'),
	('difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire', 'Difficultés administratives ou juridiques Prendre en compte une problématique judiciaire'),
	('difficultes-financieres--acquerir-une-autonomie-budgetaire', 'Difficultés financières Acquérir une autonomie budgétaire'),
	('difficultes-financieres--ameliorer-sa-gestion-budgetaire', 'Difficultés financières Améliorer sa gestion budgétaire'),
	('difficultes-financieres--mettre-en-place-une-mesure-de-protection-financiere', 'Difficultés financières Mettre en place une mesure de protection financière'),
	('difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere', 'Difficultés financières Prévenir une dégradation de la situation financière'),
	('difficultes-financieres--situation-dendettement-surendettement', 'Difficultés financières Situation d’endettement ou de surendettement'),
	('equipement-et-alimentation--aide-menagere', 'Équipement et alimentation Aide ménagère'),
	('equipement-et-alimentation--alimentation', 'Équipement et alimentation Alimentation'),
	('equipement-et-alimentation--electromenager', 'Équipement et alimentation Électroménager'),
	('equipement-et-alimentation--habillement', 'Équipement et alimentation Habillement'),
	('famille--garde-denfants', 'Famille Garde d’enfants'),
	('famille--prise-en-charge-personne-dependante', 'Famille Prise en charge d’une personne dépendante'),
	('famille--soutien-a-la-parentalite-et-a-leducation', 'Famille Soutien à la parentalité et à l’éducation'),
	('famille--soutien-aidants', 'Famille Soutien aux aidants'),
	('famille--surmonter-conflits-separation-violence', 'Famille Surmonter les conflits liés à la séparation ou à la violence'),
	('lecture-ecriture-calcul--maitriser-le-calcul', 'Lecture, écriture et calcul Maîtriser le calcul'),
	('lecture-ecriture-calcul--maitriser-le-francais', 'Lecture, écriture et calcul Maîtriser le français'),
	('logement-hebergement--acheter-un-logement', 'Logement et hébergement Acheter un logement'),
	('logement-hebergement--changer-de-logement', 'Logement et hébergement Changer de logement'),
	('logement-hebergement--louer-un-logement', 'Logement et hébergement Louer un logement'),
	('logement-hebergement--rechercher-une-solution-dhebergement-temporaire', 'Logement et hébergement Rechercher une solution d’hébergement temporaire'),
	('logement-hebergement--reduire-les-impayes-de-loyer', 'Logement et hébergement Réduire les impayés de loyer'),
	('logement-hebergement--se-maintenir-dans-le-logement', 'Logement et hébergement Se maintenir dans le logement'),
	('logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement', 'Logement et hébergement S’informer sur les démarches liées à l’accès au logement'),
	('mobilite--acceder-a-un-vehicule', 'Mobilité Accéder à un véhicule'),
	('mobilite--entretenir-reparer-son-vehicule', 'Mobilité Entretenir et réparer son véhicule'),
	('mobilite--etre-accompagne-dans-son-parcours-mobilite', 'Mobilité Être accompagné dans son parcours mobilité'),
	('mobilite--financer-ma-mobilite', 'Mobilité Financer ma mobilité'),
	('mobilite--mobilite-douce-partagee-collective', 'Mobilité Utiliser des services de mobilité douce, partagée ou collective'),
	('mobilite--preparer-un-permis', 'Mobilité Préparer un permis'),
	('numerique--acceder-a-des-services-en-ligne', 'Numérique Accéder à des services en ligne'),
	('numerique--acceder-a-une-connexion-internet', 'Numérique Accéder à une connexion Internet'),
	('numerique--acquerir-un-equipement', 'Numérique Acquérir un équipement'),
	('numerique--maitriser-les-fondamentaux-du-numerique', 'Numérique Maîtriser les fondamentaux du numérique'),
	('preparer-sa-candidature--developper-son-reseau', 'Préparer sa candidature Développer son réseau'),
	('preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi', 'Préparer sa candidature Organiser ses démarches de recherche d’emploi'),
	('preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation', 'Préparer sa candidature Réaliser un CV et/ou une lettre de motivation'),
	('preparer-sa-candidature--valoriser-ses-competences', 'Préparer sa candidature Valoriser ses compétences'),
	('remobilisation--activites-sportives-et-culturelles', 'Remobilisation Activités sportives et culturelles'),
	('remobilisation--benevolat-action-citoyenne', 'Remobilisation Bénévolat et action citoyenne'),
	('remobilisation--bien-etre-confiance-en-soi', 'Remobilisation Bien-être et confiance en soi'),
	('remobilisation--lien-social', 'Remobilisation Lien social'),
	('sante--acces-aux-soins', 'Santé Accès aux soins'),
	('sante--addictions', 'Santé Addictions'),
	('sante--constituer-un-dossier-mdph-invalidite', 'Santé Constituer un dossier MDPH pour invalidité'),
	('sante--sante-mentale', 'Santé Santé mentale'),
	('sante--sante-sexuelle', 'Santé Santé sexuelle'),
	('se-former--monter-son-dossier-de-formation', 'Se former Monter son dossier de formation'),
	('se-former--trouver-sa-formation', 'Se former Trouver sa formation'),
	('souvrir-a-linternational--connaitre-les-opportunites-demploi-a-letranger', 'S’ouvrir à l’international Connaître les opportunités d’emploi à l’étranger'),
	('souvrir-a-linternational--sinformer-sur-les-aides-pour-travailler-a-letranger', 'S’ouvrir à l’international S’informer sur les aides pour travailler à l’étranger'),
	('souvrir-a-linternational--sorganiser-suite-a-son-retour-en-france', 'S’ouvrir à l’international S’organiser suite à son retour en France'),
	('trouver-un-emploi--convaincre-un-recruteur-en-entretien', 'Trouver un emploi Convaincre un recruteur en entretien'),
	('trouver-un-emploi--faire-des-candidatures-spontanees', 'Trouver un emploi Faire des candidatures spontanées'),
	('trouver-un-emploi--maintien-dans-lemploi', 'Trouver un emploi Maintien dans l’emploi'),
	('trouver-un-emploi--repondre-a-des-offres-demploi', 'Trouver un emploi Répondre à des offres d’emploi'),
	('trouver-un-emploi--suivre-ses-candidatures-et-relancer-les-employeurs', 'Trouver un emploi Suivre ses candidatures et relancer les employeurs');
--> statement-breakpoint
CREATE OR REPLACE FUNCTION services_search_context() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.search_context := concat_ws(' ',
		(SELECT concat_ws(' ', st.name, o.name) FROM structures st LEFT JOIN organisations o ON o.id = st.organisation_id
			WHERE st.id = NEW.structure_id),
		(SELECT string_agg(l.label, ' ' ORDER BY l.code) FROM search_thematique_labels l WHERE l.code = ANY(NEW.thematiques)));
	RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER services_search_context BEFORE INSERT OR UPDATE OF structure_id, thematiques, search_context ON services
	FOR EACH ROW EXECUTE FUNCTION services_search_context();
--> statement-breakpoint
-- a renamed structure or organisation: its services' context again (the update touches structure_id only)
CREATE OR REPLACE FUNCTION structures_search_context() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_TABLE_NAME = 'structures' THEN
		UPDATE services SET structure_id = structure_id WHERE structure_id = NEW.id;
	ELSE
		UPDATE services SET structure_id = structure_id
			WHERE structure_id IN (SELECT id FROM structures WHERE organisation_id = NEW.id);
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER structures_search_context AFTER UPDATE OF name, organisation_id ON structures
	FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.organisation_id IS DISTINCT FROM NEW.organisation_id)
	EXECUTE FUNCTION structures_search_context();
--> statement-breakpoint
CREATE TRIGGER organisations_search_context AFTER UPDATE OF name ON organisations
	FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION structures_search_context();
--> statement-breakpoint
UPDATE services SET structure_id = structure_id;
--> statement-breakpoint
DROP INDEX IF EXISTS services_search_idx;
--> statement-breakpoint
ALTER TABLE services DROP COLUMN search_vector;
--> statement-breakpoint
ALTER TABLE services ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
	setweight(to_tsvector('french'::regconfig, immutable_unaccent(name)), 'A') ||
	setweight(to_tsvector('french'::regconfig, immutable_unaccent(left(description, 20000))), 'B') ||
	setweight(to_tsvector('french'::regconfig, immutable_unaccent(search_context)), 'C')
) STORED;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS services_search_idx ON services USING gin (search_vector);
