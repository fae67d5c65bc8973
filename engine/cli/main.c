/*
 * main.c — the capamatch command line, one client of libcapamatch.
 *
 * main() finds the data directory, makes a context, runs one subcommand,
 * prints any error as FILE:LINE: message, frees everything and returns the
 * exit status: 0 feasible, 1 feasible with adaptations or not feasible,
 * 3 incomplete, 2 usage or input error (as diff and grep do, so scripts can
 * branch on it). Only this file chooses exit statuses, reads the clock or
 * the environment, and prints.
 *
 * A report that cannot be written is an error, never a silent 0: every
 * write to standard output is checked (cli_out, and cli_stdout_done once at
 * the end for what stdio still buffers), and a failure is one message and
 * exit 2. SIGPIPE is ignored, so a reader that went away (`| head`, `| true`)
 * is such a failure too (EPIPE), not a death by signal in one command and a
 * 0 in another.
 */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#ifndef CM_DATADIR
#define CM_DATADIR "/usr/local/share/capamatch"
#endif

/* The help in each language: a format that takes the library's defaults
 * (capamatch.h), in this order: --max-group, --max-sets, --max-seconds;
 * a % of the text itself is written %%. */
static const char *const help[3] = {
    "Usage: capamatch COMMAND [OPTION]... FILE...\n"
    "Checks work demands against return-to-work limits (INRS groene kader / cadre vert).\n"
    "\n"
    "Commands:\n"
    "  check JOB.xml        check a job profile; list minimal adaptation sets\n"
    "  match PERSON.xml JOB.xml  can this person do this job now, with which adaptations\n"
    "  rank PERSON.xml JOB...    rank jobs for a person (files, directories, - for paths on "
    "stdin)\n"
    "  validate FILE...     validate job and person profiles (schema, ranges, references)\n"
    "  rules                list the rule sets and their parameters\n"
    "  icf CODE...          explain ICF coded statements (d4300._3, e310+2)\n"
    "\n"
    "Options:\n"
    "  --age N              check: age of the worker (needed for the heart-rate cap)\n"
    "  --rules ID,...       run only these rule sets\n"
    "  --set ID.NAME=VALUE  change a rule-set parameter (a reading); repeatable\n"
    "  --rules-dir DIR      use the rule sets in DIR before the installed ones\n"
    "  --format text|json|html  report format (default text); rank also jsonl\n"
    "  --audience medical|worker|employer  who reads match (default medical); rank: medical or "
    "worker\n"
    "  --top N              rank: list the first N jobs only\n"
    "  -j, --jobs N         rank: N worker processes (same results as -j 1)\n"
    "  --persons DIR|-      rank: a batch: every person in DIR (or one path a line on stdin)\n"
    "                       against the jobs, loaded once; JSON lines out\n"
    "  --lang en|nl|fr      report language (default from LANG)\n"
    "  -o, --output FILE    write the report to FILE (atomically)\n"
    "  --date YYYY-MM-DD    assessment date (default: match and rank the person profile's,\n"
    "                       else today)\n"
    "  --max-group N        offered adaptations searched together (default %d)\n"
    "  --max-sets N         adaptation sets listed (default %d)\n"
    "  --max-seconds N      CPU seconds one check may take, search included (default %d)\n"
    "  --icf-classification FILE\n"
    "                       the ICF as ClaML XML (the WHO's file): every command checks that\n"
    "                       codes exist, icf and match show their titles (default $CAPAMATCH_ICF)\n"
    "  -h, --help           show this help;  --version  show the version\n"
    "\n"
    "Exit status: 0 feasible, 1 feasible with adaptations or not feasible,\n"
    "3 incomplete (data missing), 2 usage or input error.\n",

    "Gebruik: capamatch OPDRACHT [OPTIE]... BESTAND...\n"
    "Toetst werkeisen aan de grenzen voor werkhervatting (INRS groene kader).\n"
    "\n"
    "Opdrachten:\n"
    "  check JOB.xml        toets een functieprofiel; toon minimale sets aanpassingen\n"
    "  match PERSOON.xml JOB.xml  kan deze persoon deze functie nu aan, met welke aanpassingen\n"
    "  rank PERSOON.xml JOB...    rangschik functies voor een persoon (bestanden, mappen, - voor "
    "paden op stdin)\n"
    "  validate BESTAND...  valideer functie- en persoonsprofielen (schema, bereik, verwijzingen)\n"
    "  rules                toon de regelsets en hun parameters\n"
    "  icf CODE...          leg ICF-codes met kwalificaties uit (d4300._3, e310+2)\n"
    "\n"
    "Opties:\n"
    "  --age N              check: leeftijd van de werknemer (nodig voor de hartslaggrens)\n"
    "  --rules ID,...       voer alleen deze regelsets uit\n"
    "  --set ID.NAAM=WAARDE wijzig een parameter van een regelset (een interpretatie); "
    "herhaalbaar\n"
    "  --rules-dir MAP      gebruik de regelsets in MAP vóór de geïnstalleerde\n"
    "  --format text|json|html  rapportvorm (standaard text); rank ook jsonl\n"
    "  --audience medical|worker|employer  wie match leest (standaard medical); rank: medical of "
    "worker\n"
    "  --top N              rank: toon alleen de eerste N functies\n"
    "  -j, --jobs N         rank: N werkprocessen (dezelfde resultaten als -j 1)\n"
    "  --persons MAP|-      rank: een batch: elke persoon in MAP (of één pad per regel op\n"
    "                       stdin) tegen de functies, eenmaal geladen; uitvoer in JSON-regels\n"
    "  --lang en|nl|fr      rapporttaal (standaard uit LANG)\n"
    "  -o, --output BESTAND schrijf het rapport naar BESTAND (atomair)\n"
    "  --date JJJJ-MM-DD    beoordelingsdatum (standaard: bij match en rank die van het\n"
    "                       persoonsprofiel, anders vandaag)\n"
    "  --max-group N        aangeboden aanpassingen die samen doorzocht worden (standaard %d)\n"
    "  --max-sets N         getoonde sets aanpassingen (standaard %d)\n"
    "  --max-seconds N      CPU-seconden voor één controle, zoektocht inbegrepen (standaard %d)\n"
    "  --icf-classification BESTAND\n"
    "                       de ICF als ClaML-XML (het bestand van de WHO): elke opdracht\n"
    "                       controleert of codes bestaan, icf en match tonen hun titels\n"
    "                       (standaard $CAPAMATCH_ICF)\n"
    "  -h, --help           toon deze hulp;  --version  toon de versie\n"
    "\n"
    "Afsluitcode: 0 haalbaar, 1 haalbaar met aanpassingen of niet haalbaar,\n"
    "3 onvolledig (gegevens ontbreken), 2 fout in gebruik of invoer.\n",

    "Usage : capamatch COMMANDE [OPTION]... FICHIER...\n"
    "Confronte les exigences du travail aux limites de reprise (cadre vert de l'INRS).\n"
    "\n"
    "Commandes :\n"
    "  check JOB.xml        contrôle un profil de poste ; ensembles minimaux d'aménagements\n"
    "  match PERSONNE.xml JOB.xml  cette personne peut-elle faire ce poste, avec quels "
    "aménagements\n"
    "  rank PERSONNE.xml JOB...    classe des postes pour une personne (fichiers, dossiers, - pour "
    "des chemins sur stdin)\n"
    "  validate FICHIER...  valide des profils de poste et de personne (schéma, plages, "
    "références)\n"
    "  rules                liste les jeux de règles et leurs paramètres\n"
    "  icf CODE...          explique des codes CIF qualifiés (d4300._3, e310+2)\n"
    "\n"
    "Options :\n"
    "  --age N              check : âge du travailleur (requis pour la limite cardiaque)\n"
    "  --rules ID,...       n'exécute que ces jeux de règles\n"
    "  --set ID.NOM=VALEUR  change un paramètre (une interprétation) ; répétable\n"
    "  --rules-dir DOSSIER  utilise les jeux de règles de DOSSIER avant ceux installés\n"
    "  --format text|json|html  format du rapport (text par défaut) ; rank aussi jsonl\n"
    "  --audience medical|worker|employer  qui lit match (medical par défaut) ; rank : medical ou "
    "worker\n"
    "  --top N              rank : ne liste que les N premiers postes\n"
    "  -j, --jobs N         rank : N processus de travail (mêmes résultats que -j 1)\n"
    "  --persons DOSSIER|-  rank : un lot : chaque personne de DOSSIER (ou un chemin par ligne\n"
    "                       sur stdin) face aux postes, chargés une fois ; sortie en lignes JSON\n"
    "  --lang en|nl|fr      langue du rapport (selon LANG par défaut)\n"
    "  -o, --output FICHIER écrit le rapport dans FICHIER (atomiquement)\n"
    "  --date AAAA-MM-JJ    date d'évaluation (par défaut : pour match et rank celle du\n"
    "                       profil de la personne, sinon aujourd'hui)\n"
    "  --max-group N        aménagements proposés explorés ensemble (%d par défaut)\n"
    "  --max-sets N         ensembles d'aménagements affichés (%d par défaut)\n"
    "  --max-seconds N      secondes de CPU d'un contrôle, recherche comprise (%d par défaut)\n"
    "  --icf-classification FICHIER\n"
    "                       la CIF en XML ClaML (le fichier de l'OMS) : chaque commande vérifie\n"
    "                       que les codes existent, icf et match affichent leurs titres\n"
    "                       ($CAPAMATCH_ICF par défaut)\n"
    "  -h, --help           affiche cette aide ;  --version  affiche la version\n"
    "\n"
    "Code de sortie : 0 faisable, 1 faisable avec aménagements ou non faisable,\n"
    "3 incomplet (données manquantes), 2 erreur d'usage ou d'entrée.\n",
};

static const char *const usage_text[][3] = {
    [U_CHECK_ONE] = {"check takes exactly one job profile%s",
                     "check neemt precies één functieprofiel%s",
                     "check prend exactement un profil de poste%s"},
    [U_VALIDATE_FILES] = {"validate needs at least one file%s",
                          "validate vraagt minstens één bestand%s",
                          "validate demande au moins un fichier%s"},
    [U_RANK_FILES] = {"rank needs a person profile and at least one job%s",
                      "rank vraagt een persoonsprofiel en minstens één functie%s",
                      "rank demande un profil de personne et au moins un poste%s"},
    [U_JOBS] = {"--jobs '%s': expected a whole number from 1 to 64",
                "--jobs '%s': verwacht een geheel getal van 1 tot 64",
                "--jobs '%s' : attendu un nombre entier de 1 à 64"},
    [U_TOP] = {"--top '%s': expected a whole number from 1 to 1000000",
               "--top '%s': verwacht een geheel getal van 1 tot 1000000",
               "--top '%s' : attendu un nombre entier de 1 à 1000000"},
    [U_RANK_EMPLOYER] = {"rank has no employer view: it weighs a person's capacities against "
                         "occupations%s",
                         "rank heeft geen werkgeversweergave: het weegt de capaciteiten van een "
                         "persoon tegen beroepen%s",
                         "rank n'a pas de vue employeur : il pèse les capacités d'une personne "
                         "face à des métiers%s"},
    [U_BATCH_FORMAT] = {"--persons writes JSON lines: --format '%s' is not one of them",
                        "--persons schrijft JSON-regels: --format '%s' is daar niet een van",
                        "--persons écrit des lignes JSON : --format '%s' n'en est pas"},
    [U_BATCH_OUTPUT] = {"--persons streams to standard output: redirect it instead of -o%s",
                        "--persons stroomt naar de standaarduitvoer: leid die om in plaats van "
                        "-o%s",
                        "--persons écrit au fil de l'eau sur la sortie standard : redirigez-la "
                        "plutôt que -o%s"},
    [U_BATCH_STDIN] = {"--persons - reads the persons from standard input: the jobs cannot come "
                       "from there too%s",
                       "--persons - leest de personen van de standaardinvoer: de functies kunnen "
                       "daar niet ook vandaan komen%s",
                       "--persons - lit les personnes sur l'entrée standard : les postes ne "
                       "peuvent pas en venir aussi%s"},
    [U_BATCH_RANK] = {"--persons is for rank%s", "--persons is voor rank%s",
                      "--persons sert à rank%s"},
    [U_BATCH_NONE] = {"--persons '%s': no person profile to rank",
                      "--persons '%s': geen persoonsprofiel om te rangschikken",
                      "--persons '%s' : aucun profil de personne à classer"},
    [U_MATCH_TWO] = {"match needs a person profile and a job profile%s",
                     "match vraagt een persoonsprofiel en een functieprofiel%s",
                     "match demande un profil de personne et un profil de poste%s"},
    [U_MATCH_AGE] = {"--age is for check: match reads the age from the person profile%s",
                     "--age is voor check: match leest de leeftijd uit het persoonsprofiel%s",
                     "--age sert à check : match lit l'âge dans le profil de la personne%s"},
    [U_AUDIENCE] = {"--audience '%s': expected medical, worker or employer",
                    "--audience '%s': verwacht medical, worker of employer",
                    "--audience '%s' : attendu medical, worker ou employer"},
    [U_ICF_CODES] = {"icf needs at least one code%s", "icf vraagt minstens één code%s",
                     "icf demande au moins un code%s"},
    [U_AGE] = {"--age '%s': expected years from 14 to 100",
               "--age '%s': verwacht jaren van 14 tot 100",
               "--age '%s' : attendu un âge de 14 à 100 ans"},
    [U_FORMAT] = {"--format '%s': expected text or json", "--format '%s': verwacht text of json",
                  "--format '%s' : attendu text ou json"},
    [U_LANG] = {"--lang '%s': expected en, nl or fr", "--lang '%s': verwacht en, nl of fr",
                "--lang '%s' : attendu en, nl ou fr"},
    [U_DATE] = {"--date '%s': expected YYYY-MM-DD", "--date '%s': verwacht JJJJ-MM-DD",
                "--date '%s' : attendu AAAA-MM-JJ"},
    [U_MAX_GROUP] = {"--max-group '%s': expected 1 to " CLI_STR(CM_MAX_GROUP_CAP),
                     "--max-group '%s': verwacht 1 tot " CLI_STR(CM_MAX_GROUP_CAP),
                     "--max-group '%s' : attendu de 1 à " CLI_STR(CM_MAX_GROUP_CAP)},
    [U_MAX_SECONDS] = {"--max-seconds '%s': expected 1 to 86400",
                       "--max-seconds '%s': verwacht 1 tot 86400",
                       "--max-seconds '%s' : attendu de 1 à 86400"},
    [U_MAX_SETS] = {"--max-sets '%s': expected 1 to 1000", "--max-sets '%s': verwacht 1 tot 1000",
                    "--max-sets '%s' : attendu de 1 à 1000"},
    [U_OPTION] = {"unknown or incomplete option '%s'", "onbekende of onvolledige optie '%s'",
                  "option inconnue ou incomplète '%s'"},
    [U_NO_COMMAND] = {"no command given (check, validate, rules or icf)%s",
                      "geen opdracht gegeven (check, validate, rules of icf)%s",
                      "aucune commande donnée (check, validate, rules ou icf)%s"},
    [U_COMMAND] = {"unknown command '%s' (expected check, validate, rules or icf)",
                   "onbekende opdracht '%s' (verwacht: check, validate, rules of icf)",
                   "commande inconnue '%s' (attendu : check, validate, rules ou icf)"},
    [U_WRITE] = {"cannot write to standard output: %s; the output is incomplete",
                 "kan niet naar de standaarduitvoer schrijven: %s; de uitvoer is onvolledig",
                 "impossible d'écrire sur la sortie standard : %s ; la sortie est incomplète"},
    [U_TRY_HELP] = {"Try 'capamatch --help'.", "Zie 'capamatch --help'.",
                    "Voir 'capamatch --help'."},
};

void cli_print_error(FILE *f, const cm_error *err)
{
	for (size_t i = 0; i < err->nproblems; i++) {
		const cm_problem *p = &err->problems[i];
		if (p->file && p->line > 0)
			fprintf(f, "%s:%d: %s", p->file, p->line, p->message);
		else if (p->file)
			fprintf(f, "%s: %s", p->file, p->message);
		else
			fprintf(f, "capamatch: %s", p->message);
		fprintf(f, p->path ? " [%s]\n" : "\n", p->path);
	}
}

int cli_usage_error(int lang, int msg, const char *arg)
{
	fprintf(stderr, "capamatch: ");
	fprintf(stderr, usage_text[msg][lang], arg);
	fprintf(stderr, "\n%s\n", usage_text[U_TRY_HELP][lang]);
	return CLI_EXIT_USAGE;
}

/* The errno of the first write to standard output that failed; 0: none. */
static int stdout_errno;

int cli_out(const char *data, size_t len)
{
	if (len && fwrite(data, 1, len, stdout) != len) {
		if (!stdout_errno)
			stdout_errno = errno ? errno : EIO;
		return -1;
	}
	return 0;
}

int cli_flush(void)
{
	if (fflush(stdout) != 0 && !stdout_errno)
		stdout_errno = errno ? errno : EIO;
	if (ferror(stdout) && !stdout_errno)
		stdout_errno = EIO; /* a printf failed; its errno is gone */
	return stdout_errno ? -1 : 0;
}

int cli_stdout_done(int lang)
{
	if (cli_flush() == 0)
		return CLI_EXIT_OK;
	fprintf(stderr, "capamatch: ");
	fprintf(stderr, usage_text[U_WRITE][lang], strerror(stdout_errno));
	fputc('\n', stderr);
	stdout_errno = 0;
	clearerr(stdout);
	return CLI_EXIT_USAGE;
}

/* The first of $CAPAMATCH_DATADIR, the installed share/capamatch next to the
 * binary, the source tree the binary was built in, and the configured
 * prefix that holds schema/job.xsd. */
static void find_datadir(char *out, size_t size)
{
	const char *env = getenv("CAPAMATCH_DATADIR");
	if (env && *env) {
		snprintf(out, size, "%s", env);
		return;
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		const char *dir = dirname(exe);
		const char *candidates[] = {"%s/../share/capamatch", "%s/.."};
		for (int i = 0; i < 2; i++) {
			char probe[PATH_MAX + 64];
			snprintf(out, size, candidates[i], dir);
			snprintf(probe, sizeof probe, "%s/schema/job.xsd", out);
			char *real = access(probe, R_OK) == 0 ? realpath(out, NULL) : NULL;
			if (real) {
				snprintf(out, size, "%s", real);
				free(real);
				return;
			}
		}
	}
	snprintf(out, size, "%s", CM_DATADIR);
}

/* The language of messages: --lang wins over the environment, and is read
 * before the other options so that their errors are in it too. */
static int argv_lang(int argc, char **argv, int dflt)
{
	for (int i = 1; i < argc; i++) {
		const char *v = NULL;
		if (!strcmp(argv[i], "--lang") && i + 1 < argc)
			v = argv[i + 1];
		else if (!strncmp(argv[i], "--lang=", 7))
			v = argv[i] + 7;
		if (v && strlen(v) == 2 && cm_lang_parse(v) >= 0)
			return cm_lang_parse(v);
	}
	return dflt;
}

static int env_lang(void)
{
	const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (int i = 0; i < 3; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return cm_lang_parse(v) >= 0 ? cm_lang_parse(v) : CM_LANG_EN;
	}
	return CM_LANG_EN;
}

static int valid_date(const char *s)
{
	int y, m, d;
	char extra;
	return strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) == 3 && m >= 1 &&
	       m <= 12 && d >= 1 && d <= 31;
}

static int parse_count(const char *s, int min, int max, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (end == s || *end || v < min || v > max)
		return 0;
	*out = (int)v;
	return 1;
}

/* mode: CM_REPORT_MODE_JOB for a report on job data only (check),
 * CM_REPORT_MODE_MEDICAL for one holding a person's data (match, rank);
 * the umask then narrows it, as for any file a command creates. */
int cli_write_report(cm_ctx *ctx, const cli_options *o, const char *data, size_t len, int mode)
{
	cm_error err = {0};
	if (!o->output) {
		cli_out(data, len);
		return cli_stdout_done(o->lang);
	}
	mode_t mask = umask(0);
	umask(mask);
	if (cm_write_file_atomic(ctx, o->output, data, len, (int)((mode_t)mode & ~mask), &err) !=
	    CM_OK) {
		cli_print_error(stderr, &err);
		cm_error_clear(&err);
		return CLI_EXIT_USAGE;
	}
	return CLI_EXIT_OK;
}

static int exit_for(const cm_assessment *a)
{
	static const int by_verdict[] = {CLI_EXIT_OK, CLI_EXIT_ADAPT, CLI_EXIT_ADAPT,
	                                 CLI_EXIT_INCOMPLETE};
	return by_verdict[cm_assessment_verdict(a)];
}

/* check (person_path NULL) and match: the profiles, the assessment, the
 * report. A match's report holds a person's data: written 0600, whatever
 * the audience. Both profiles are read before anything runs, so that every
 * problem of both is listed. */
static int assess(cm_ctx *ctx, const cli_options *o, const char *person_path, const char *job_path)
{
	cm_error err = {0};
	cm_person *person = NULL;
	cm_job *job = NULL;
	cm_assessment *a = NULL;
	char *report = NULL;
	size_t len = 0;
	int rc = CLI_EXIT_USAGE;
	cm_format format = !strcmp(o->format, "json")   ? CM_FORMAT_JSON
	                   : !strcmp(o->format, "html") ? CM_FORMAT_HTML
	                                                : CM_FORMAT_TEXT;
	cm_audience audience = !strcmp(o->audience, "employer") ? CM_AUDIENCE_EMPLOYER
	                       : !strcmp(o->audience, "worker") ? CM_AUDIENCE_WORKER
	                                                        : CM_AUDIENCE_MEDICAL;
	cm_status sp = person_path ? cm_person_load(ctx, person_path, &person, &err) : CM_OK;
	cm_status sj = cm_job_load(ctx, job_path, &job, &err);
	cm_check_options copt = {o->age, o->date ? o->date : o->today};
	cm_match_options mopt = {o->date, o->today, 0};
	if (sp != CM_OK || sj != CM_OK ||
	    (person ? cm_match(ctx, person, job, &mopt, &a, &err)
	            : cm_check(ctx, job, &copt, &a, &err)) != CM_OK ||
	    cm_report_render_for(ctx, a, format, audience, &report, &len, &err)) {
		cli_print_error(stderr, &err);
		goto done;
	}
	rc = cli_write_report(ctx, o, report, len,
	                      person ? CM_REPORT_MODE_MEDICAL : CM_REPORT_MODE_JOB);
	if (rc == CLI_EXIT_OK)
		rc = exit_for(a);
done:
	cm_free(report);
	cm_assessment_free(a);
	cm_job_free(job);
	cm_person_free(person);
	cm_error_clear(&err);
	return rc;
}

static int cmd_check(cm_ctx *ctx, const cli_options *o, int argc, char **argv)
{
	if (argc != 1)
		return cli_usage_error(o->lang, U_CHECK_ONE, "");
	return assess(ctx, o, NULL, argv[0]);
}

static int cmd_match(cm_ctx *ctx, const cli_options *o, int argc, char **argv)
{
	if (argc != 2)
		return cli_usage_error(o->lang, U_MATCH_TWO, "");
	if (o->age >= 0)
		return cli_usage_error(o->lang, U_MATCH_AGE, "");
	return assess(ctx, o, argv[0], argv[1]);
}

static int cmd_validate(cm_ctx *ctx, const cli_options *o, int argc, char **argv)
{
	if (argc == 0)
		return cli_usage_error(o->lang, U_VALIDATE_FILES, "");
	int rc = CLI_EXIT_OK;
	for (int i = 0; i < argc; i++) {
		cm_error err = {0};
		cm_job *job = NULL;
		cm_person *person = NULL;
		const char *kind = cm_profile_kind(ctx, argv[i]);
		cm_status st = kind && !strcmp(kind, "person")
		                   ? cm_person_load(ctx, argv[i], &person, &err)
		                   : cm_job_load(ctx, argv[i], &job, &err);
		if (st == CM_OK) {
			char line[8192];
			int n = snprintf(line, sizeof line, "%s: ok (%s)\n",
			                 person ? cm_person_file(person) : cm_job_file(job),
			                 person ? cm_person_id(person) : cm_job_id(job));
			cli_out(line, n < 0                     ? 0
			              : (size_t)n < sizeof line ? (size_t)n
			                                        : sizeof line - 1);
		} else {
			cli_print_error(stderr, &err);
			rc = CLI_EXIT_USAGE;
		}
		cm_person_free(person);
		cm_job_free(job);
		cm_error_clear(&err);
	}
	return rc;
}

/* A command whose answer is one text: printed, or its problems and exit 2.
 * Takes text and err. */
static int print_text(cm_status st, char *text, cm_error *err)
{
	int rc = CLI_EXIT_OK;
	if (st != CM_OK) {
		cli_print_error(stderr, err);
		rc = CLI_EXIT_USAGE;
	} else {
		cli_out(text, strlen(text));
	}
	cm_free(text);
	cm_error_clear(err);
	return rc;
}

static int cmd_rules(cm_ctx *ctx)
{
	cm_error err = {0};
	char *text = NULL;
	cm_status st = cm_rules_describe(ctx, &text, &err);
	return print_text(st, text, &err);
}

/* Every statement is checked; an invalid one is reported and exits 2, and
 * then nothing is explained (a half answer would read as the whole). So is
 * one the classification lacks, when one is given; one that cannot be
 * loaded is an input error. */
static int cmd_icf(cm_ctx *ctx, const cli_options *o, int argc, char **argv)
{
	if (argc == 0)
		return cli_usage_error(o->lang, U_ICF_CODES, "");
	cm_error err = {0};
	char *text = NULL;
	cm_status st = cm_icf_explain(ctx, (const char *const *)argv, (size_t)argc, &text, &err);
	return print_text(st, text, &err);
}

enum {
	OPT_AGE = 256,
	OPT_RULES,
	OPT_SET,
	OPT_RULES_DIR,
	OPT_FORMAT,
	OPT_LANG,
	OPT_DATE,
	OPT_MAX_GROUP,
	OPT_MAX_SETS,
	OPT_MAX_SECONDS,
	OPT_AUDIENCE,
	OPT_TOP,
	OPT_PERSONS,
	OPT_ICF_CLASSIFICATION,
	OPT_VERSION
};

static const struct option long_options[] = {
    {"age", required_argument, NULL, OPT_AGE},
    {"rules", required_argument, NULL, OPT_RULES},
    {"set", required_argument, NULL, OPT_SET},
    {"rules-dir", required_argument, NULL, OPT_RULES_DIR},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"lang", required_argument, NULL, OPT_LANG},
    {"output", required_argument, NULL, 'o'},
    {"date", required_argument, NULL, OPT_DATE},
    {"max-group", required_argument, NULL, OPT_MAX_GROUP},
    {"max-sets", required_argument, NULL, OPT_MAX_SETS},
    {"max-seconds", required_argument, NULL, OPT_MAX_SECONDS},
    {"audience", required_argument, NULL, OPT_AUDIENCE},
    {"top", required_argument, NULL, OPT_TOP},
    {"persons", required_argument, NULL, OPT_PERSONS},
    {"jobs", required_argument, NULL, 'j'},
    {"icf-classification", required_argument, NULL, OPT_ICF_CLASSIFICATION},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

/* Options that only record a value; 0 on success, else the exit status. */
static int record_option(int c, const char *arg, cli_options *o)
{
	switch (c) {
	case OPT_AGE:
		return parse_count(arg, 14, 100, &o->age) ? 0
		                                          : cli_usage_error(o->lang, U_AGE, arg);
	case OPT_FORMAT:
		o->format = arg;
		return strcmp(arg, "text") && strcmp(arg, "json") && strcmp(arg, "jsonl") &&
		               strcmp(arg, "html")
		           ? cli_usage_error(o->lang, U_FORMAT, arg)
		           : 0;
	case OPT_LANG:
		o->lang = cm_lang_parse(arg);
		if (o->lang < 0 || strlen(arg) != 2) {
			o->lang = CM_LANG_EN;
			return cli_usage_error(o->lang, U_LANG, arg);
		}
		return 0;
	case 'o':
		o->output = arg;
		return 0;
	case 'j':
		return parse_count(arg, 1, 64, &o->jobs) ? 0
		                                         : cli_usage_error(o->lang, U_JOBS, arg);
	case OPT_TOP:
		return parse_count(arg, 1, 1000000, &o->top) ? 0
		                                             : cli_usage_error(o->lang, U_TOP, arg);
	case OPT_AUDIENCE:
		o->audience = arg;
		return strcmp(arg, "medical") && strcmp(arg, "worker") && strcmp(arg, "employer")
		           ? cli_usage_error(o->lang, U_AUDIENCE, arg)
		           : 0;
	case OPT_ICF_CLASSIFICATION:
		o->icf_classification = arg;
		return 0;
	case OPT_PERSONS:
		o->persons = arg;
		return 0;
	case OPT_DATE:
		o->date = arg;
		return valid_date(arg) ? 0 : cli_usage_error(o->lang, U_DATE, arg);
	case OPT_MAX_GROUP:
		return parse_count(arg, 1, CM_MAX_GROUP_CAP, &o->max_group)
		           ? 0
		           : cli_usage_error(o->lang, U_MAX_GROUP, arg);
	case OPT_MAX_SETS:
		return parse_count(arg, 1, 1000, &o->max_sets)
		           ? 0
		           : cli_usage_error(o->lang, U_MAX_SETS, arg);
	case OPT_MAX_SECONDS:
		return parse_count(arg, 1, 86400, &o->max_seconds)
		           ? 0
		           : cli_usage_error(o->lang, U_MAX_SECONDS, arg);
	}
	return cli_usage_error(o->lang, U_OPTION, "?");
}

/* Options that change the context; 0 on success, else the exit status. */
static int context_option(cm_ctx *ctx, int c, const char *arg, int lang)
{
	cm_error err = {0};
	cm_status st = CM_OK;
	if (c == OPT_RULES)
		st = cm_ctx_select_rules(ctx, arg, &err);
	else if (c == OPT_SET)
		st = cm_ctx_set_param(ctx, arg, &err);
	else
		st = cm_ctx_add_rules_dir(ctx, arg, &err);
	if (st != CM_OK)
		cli_print_error(stderr, &err);
	cm_error_clear(&err);
	if (st == CM_OK)
		return 0;
	fprintf(stderr, "%s\n", usage_text[U_TRY_HELP][lang]);
	return CLI_EXIT_USAGE;
}

static int run(cm_ctx *ctx, cli_options *o, int argc, char **argv)
{
	int c, rc = 0;
	static char today[11];
	opterr = 0;
	while (rc == 0 && (c = getopt_long(argc, argv, "ho:j:", long_options, NULL)) != -1) {
		if (c == 'h') {
			char text[8192]; /* the help is about 3 KB in each language */
			int n = snprintf(text, sizeof text, help[o->lang], CM_DEFAULT_MAX_GROUP,
			                 CM_DEFAULT_MAX_SETS, CM_DEFAULT_CHECK_SECONDS);
			cli_out(text, n > 0 && (size_t)n < sizeof text ? (size_t)n : 0);
			return CLI_EXIT_OK;
		} else if (c == OPT_VERSION) {
			const char *v = "capamatch " CM_VERSION "\n";
			cli_out(v, strlen(v));
			return CLI_EXIT_OK;
		} else if (c == '?') {
			return cli_usage_error(o->lang, U_OPTION, argv[optind - 1]);
		} else if (c == OPT_RULES || c == OPT_SET || c == OPT_RULES_DIR) {
			rc = context_option(ctx, c, optarg, o->lang);
		} else {
			rc = record_option(c, optarg, o);
		}
	}
	if (rc)
		return rc;
	cm_ctx_set_lang(ctx, (cm_lang)o->lang);
	cm_ctx_set_search_limit(ctx, o->max_group, o->max_sets);
	cm_ctx_set_check_seconds(ctx, o->max_seconds);
	time_t now = time(NULL);
	struct tm tm;
	strftime(today, sizeof today, "%Y-%m-%d", localtime_r(&now, &tm));
	o->today = today;
	if (optind >= argc)
		return cli_usage_error(o->lang, U_NO_COMMAND, "");
	const char *cmd = argv[optind++];
	/* The classification, for every command that reads codes: loaded once,
	 * before any profile, so that each code is checked against it. */
	if (o->icf_classification && strcmp(cmd, "rules")) {
		cm_error err = {0};
		if (cm_ctx_set_icf_classification(ctx, o->icf_classification, &err) != CM_OK) {
			cli_print_error(stderr, &err);
			cm_error_clear(&err);
			return CLI_EXIT_USAGE;
		}
	}
	if (strcmp(cmd, "rank") && o->persons)
		return cli_usage_error(o->lang, U_BATCH_RANK, "");
	if (!strcmp(cmd, "check"))
		return cmd_check(ctx, o, argc - optind, argv + optind);
	if (strcmp(cmd, "rank") && !strcmp(o->format, "jsonl"))
		return cli_usage_error(o->lang, U_FORMAT, o->format); /* one result: no lines */
	if (!strcmp(cmd, "rank")) {
		if (!strcmp(o->audience, "employer"))
			return cli_usage_error(o->lang, U_RANK_EMPLOYER, "");
		if (o->age >= 0)
			return cli_usage_error(o->lang, U_MATCH_AGE, "");
		if (o->persons && strcmp(o->format, "text") && strcmp(o->format, "jsonl"))
			return cli_usage_error(o->lang, U_BATCH_FORMAT, o->format);
		if (o->persons && o->output)
			return cli_usage_error(o->lang, U_BATCH_OUTPUT, "");
		if (argc - optind < (o->persons ? 1 : 2))
			return cli_usage_error(o->lang, U_RANK_FILES, "");
		return cli_rank(ctx, o, argc - optind, argv + optind);
	}
	if (!strcmp(cmd, "match"))
		return cmd_match(ctx, o, argc - optind, argv + optind);
	if (!strcmp(cmd, "validate"))
		return cmd_validate(ctx, o, argc - optind, argv + optind);
	if (!strcmp(cmd, "rules"))
		return cmd_rules(ctx);
	if (!strcmp(cmd, "icf"))
		return cmd_icf(ctx, o, argc - optind, argv + optind);
	return cli_usage_error(o->lang, U_COMMAND, cmd);
}

int main(int argc, char **argv)
{
	char datadir[PATH_MAX];
	find_datadir(datadir, sizeof datadir);
	cm_error err = {0};
	cm_ctx *ctx = NULL;
	if (cm_ctx_new(datadir, &ctx, &err) != CM_OK) {
		cli_print_error(stderr, &err);
		cm_error_clear(&err);
		return CLI_EXIT_USAGE;
	}
	cli_options o = {.age = -1,
	                 .format = "text",
	                 .audience = "medical",
	                 .lang = argv_lang(argc, argv, env_lang()),
	                 .max_group = CM_DEFAULT_MAX_GROUP,
	                 .max_sets = CM_DEFAULT_MAX_SETS};
	o.crash = getenv("CAPAMATCH_TEST_CRASH");  /* the tests' hook: see cli.h */
	const char *icf = getenv("CAPAMATCH_ICF"); /* --icf-classification overrides it */
	if (icf && *icf)
		o.icf_classification = icf;
	signal(SIGPIPE, SIG_IGN); /* a reader gone is a write error (EPIPE), see above */
	int rc = run(ctx, &o, argc, argv);
	if (cli_stdout_done(o.lang) != CLI_EXIT_OK)
		rc = CLI_EXIT_USAGE; /* whatever the verdict: the report did not arrive */
	cm_ctx_free(ctx);
	return rc;
}
