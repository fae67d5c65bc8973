/*
 * main.c — the capamatch command line, one client of libcapamatch.
 *
 * main() finds the data directory, makes a context, runs one subcommand,
 * prints any error as FILE:LINE: message, frees everything and returns the
 * exit status: 0 feasible, 1 feasible with adaptations or not feasible,
 * 3 incomplete, 2 usage or input error (as diff and grep do, so scripts can
 * branch on it). Only this file chooses exit statuses, reads the clock or
 * the environment, and prints.
 */
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "capamatch.h"

#ifndef CM_DATADIR
#define CM_DATADIR "/usr/local/share/capamatch"
#endif

enum { EXIT_OK = 0, EXIT_ADAPT = 1, EXIT_USAGE = 2, EXIT_INCOMPLETE = 3 };

typedef struct options {
	int age;
	const char *format;
	const char *output;
	const char *date;
	int lang;
	int max_group, max_sets;
	int max_seconds; /* 0: the library's default */
	/* --icf-classification, else $CAPAMATCH_ICF; NULL: none */
	const char *icf_classification;
} options;

static const char *const help[3] = {
    "Usage: capamatch COMMAND [OPTION]... FILE...\n"
    "Checks work demands against return-to-work limits (INRS groene kader / cadre vert).\n"
    "\n"
    "Commands:\n"
    "  check JOB.xml        check a job profile; list minimal adaptation sets\n"
    "  validate FILE...     validate job profiles (schema, ranges, references)\n"
    "  rules                list the rule sets and their parameters\n"
    "  icf CODE...          explain ICF coded statements (d4300._3, e310+2)\n"
    "\n"
    "Options:\n"
    "  --age N              age of the worker (needed for the heart-rate cap)\n"
    "  --rules ID,...       run only these rule sets\n"
    "  --set ID.NAME=VALUE  change a rule-set parameter (a reading); repeatable\n"
    "  --rules-dir DIR      use the rule sets in DIR before the installed ones\n"
    "  --format text|json   report format (default text)\n"
    "  --lang en|nl|fr      report language (default from LANG)\n"
    "  -o, --output FILE    write the report to FILE (atomically)\n"
    "  --date YYYY-MM-DD    assessment date shown in the report (default today)\n"
    "  --max-group N        offered adaptations searched together (default 16)\n"
    "  --max-sets N         adaptation sets listed (default 10)\n"
    "  --max-seconds N      CPU seconds one check may take, search included (default 30)\n"
    "  --icf-classification FILE\n"
    "                       the ICF as ClaML XML (the WHO's file): icf checks that codes\n"
    "                       exist and shows their titles (default $CAPAMATCH_ICF)\n"
    "  -h, --help           show this help;  --version  show the version\n"
    "\n"
    "Exit status: 0 feasible, 1 feasible with adaptations or not feasible,\n"
    "3 incomplete (data missing), 2 usage or input error.\n",

    "Gebruik: capamatch OPDRACHT [OPTIE]... BESTAND...\n"
    "Toetst werkeisen aan de grenzen voor werkhervatting (INRS groene kader).\n"
    "\n"
    "Opdrachten:\n"
    "  check JOB.xml        toets een functieprofiel; toon minimale sets aanpassingen\n"
    "  validate BESTAND...  valideer functieprofielen (schema, bereik, verwijzingen)\n"
    "  rules                toon de regelsets en hun parameters\n"
    "  icf CODE...          leg ICF-codes met kwalificaties uit (d4300._3, e310+2)\n"
    "\n"
    "Opties:\n"
    "  --age N              leeftijd van de werknemer (nodig voor de hartslaggrens)\n"
    "  --rules ID,...       voer alleen deze regelsets uit\n"
    "  --set ID.NAAM=WAARDE wijzig een parameter van een regelset (een interpretatie); "
    "herhaalbaar\n"
    "  --rules-dir MAP      gebruik de regelsets in MAP vóór de geïnstalleerde\n"
    "  --format text|json   rapportvorm (standaard text)\n"
    "  --lang en|nl|fr      rapporttaal (standaard uit LANG)\n"
    "  -o, --output BESTAND schrijf het rapport naar BESTAND (atomair)\n"
    "  --date JJJJ-MM-DD    beoordelingsdatum in het rapport (standaard vandaag)\n"
    "  --max-group N        aangeboden aanpassingen die samen doorzocht worden (standaard 16)\n"
    "  --max-sets N         getoonde sets aanpassingen (standaard 10)\n"
    "  --max-seconds N      CPU-seconden voor één controle, zoektocht inbegrepen (standaard 30)\n"
    "  --icf-classification BESTAND\n"
    "                       de ICF als ClaML-XML (het bestand van de WHO): icf controleert\n"
    "                       of codes bestaan en toont hun titels (standaard $CAPAMATCH_ICF)\n"
    "  -h, --help           toon deze hulp;  --version  toon de versie\n"
    "\n"
    "Afsluitcode: 0 haalbaar, 1 haalbaar met aanpassingen of niet haalbaar,\n"
    "3 onvolledig (gegevens ontbreken), 2 fout in gebruik of invoer.\n",

    "Usage : capamatch COMMANDE [OPTION]... FICHIER...\n"
    "Confronte les exigences du travail aux limites de reprise (cadre vert de l'INRS).\n"
    "\n"
    "Commandes :\n"
    "  check JOB.xml        contrôle un profil de poste ; ensembles minimaux d'aménagements\n"
    "  validate FICHIER...  valide des profils de poste (schéma, plages, références)\n"
    "  rules                liste les jeux de règles et leurs paramètres\n"
    "  icf CODE...          explique des codes CIF qualifiés (d4300._3, e310+2)\n"
    "\n"
    "Options :\n"
    "  --age N              âge du travailleur (requis pour la limite cardiaque)\n"
    "  --rules ID,...       n'exécute que ces jeux de règles\n"
    "  --set ID.NOM=VALEUR  change un paramètre (une interprétation) ; répétable\n"
    "  --rules-dir DOSSIER  utilise les jeux de règles de DOSSIER avant ceux installés\n"
    "  --format text|json   format du rapport (text par défaut)\n"
    "  --lang en|nl|fr      langue du rapport (selon LANG par défaut)\n"
    "  -o, --output FICHIER écrit le rapport dans FICHIER (atomiquement)\n"
    "  --date AAAA-MM-JJ    date d'évaluation du rapport (aujourd'hui par défaut)\n"
    "  --max-group N        aménagements proposés explorés ensemble (16 par défaut)\n"
    "  --max-sets N         ensembles d'aménagements affichés (10 par défaut)\n"
    "  --max-seconds N      secondes de CPU d'un contrôle, recherche comprise (30 par défaut)\n"
    "  --icf-classification FICHIER\n"
    "                       la CIF en XML ClaML (le fichier de l'OMS) : icf vérifie que les\n"
    "                       codes existent et affiche leurs titres ($CAPAMATCH_ICF par défaut)\n"
    "  -h, --help           affiche cette aide ;  --version  affiche la version\n"
    "\n"
    "Code de sortie : 0 faisable, 1 faisable avec aménagements ou non faisable,\n"
    "3 incomplet (données manquantes), 2 erreur d'usage ou d'entrée.\n",
};

/* The command line's own messages; each takes one %s, in every language. */
enum {
	U_CHECK_ONE,
	U_VALIDATE_FILES,
	U_ICF_CODES,
	U_AGE,
	U_FORMAT,
	U_LANG,
	U_DATE,
	U_MAX_GROUP,
	U_MAX_SETS,
	U_MAX_SECONDS,
	U_OPTION,
	U_NO_COMMAND,
	U_COMMAND,
	U_TRY_HELP
};

static const char *const usage_text[][3] = {
    [U_CHECK_ONE] = {"check takes exactly one job profile%s",
                     "check neemt precies één functieprofiel%s",
                     "check prend exactement un profil de poste%s"},
    [U_VALIDATE_FILES] = {"validate needs at least one file%s",
                          "validate vraagt minstens één bestand%s",
                          "validate demande au moins un fichier%s"},
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
    [U_MAX_GROUP] = {"--max-group '%s': expected 1 to 24", "--max-group '%s': verwacht 1 tot 24",
                     "--max-group '%s' : attendu de 1 à 24"},
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
    [U_TRY_HELP] = {"Try 'capamatch --help'.", "Zie 'capamatch --help'.",
                    "Voir 'capamatch --help'."},
};

static void print_error(const cm_error *err)
{
	for (size_t i = 0; i < err->nproblems; i++) {
		const cm_problem *p = &err->problems[i];
		if (p->file && p->line > 0)
			fprintf(stderr, "%s:%d: %s", p->file, p->line, p->message);
		else if (p->file)
			fprintf(stderr, "%s: %s", p->file, p->message);
		else
			fprintf(stderr, "capamatch: %s", p->message);
		fprintf(stderr, p->path ? " [%s]\n" : "\n", p->path);
	}
}

static int usage_error(int lang, int msg, const char *arg)
{
	fprintf(stderr, "capamatch: ");
	fprintf(stderr, usage_text[msg][lang], arg);
	fprintf(stderr, "\n%s\n", usage_text[U_TRY_HELP][lang]);
	return EXIT_USAGE;
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
static int write_report(cm_ctx *ctx, const options *o, const char *data, size_t len, int mode)
{
	cm_error err = {0};
	if (!o->output) {
		fwrite(data, 1, len, stdout);
		return fflush(stdout) == 0 ? EXIT_OK : EXIT_USAGE;
	}
	mode_t mask = umask(0);
	umask(mask);
	if (cm_write_file_atomic(ctx, o->output, data, len, (int)((mode_t)mode & ~mask), &err) !=
	    CM_OK) {
		print_error(&err);
		cm_error_clear(&err);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int cmd_check(cm_ctx *ctx, const options *o, int argc, char **argv)
{
	if (argc != 1)
		return usage_error(o->lang, U_CHECK_ONE, "");
	cm_error err = {0};
	cm_job *job = NULL;
	cm_assessment *a = NULL;
	char *report = NULL;
	size_t len = 0;
	int rc = EXIT_USAGE;
	cm_check_options copt = {o->age, o->date};
	cm_format format = strcmp(o->format, "json") ? CM_FORMAT_TEXT : CM_FORMAT_JSON;
	if (cm_job_load(ctx, argv[0], &job, &err) != CM_OK || cm_check(ctx, job, &copt, &a, &err) ||
	    cm_report_render(ctx, a, format, &report, &len, &err)) {
		print_error(&err);
		goto done;
	}
	rc = write_report(ctx, o, report, len, CM_REPORT_MODE_JOB);
	if (rc == EXIT_OK) {
		static const int by_verdict[] = {EXIT_OK, EXIT_ADAPT, EXIT_ADAPT, EXIT_INCOMPLETE};
		rc = by_verdict[cm_assessment_verdict(a)];
	}
done:
	cm_free(report);
	cm_assessment_free(a);
	cm_job_free(job);
	cm_error_clear(&err);
	return rc;
}

static int cmd_validate(cm_ctx *ctx, const options *o, int argc, char **argv)
{
	if (argc == 0)
		return usage_error(o->lang, U_VALIDATE_FILES, "");
	int rc = EXIT_OK;
	for (int i = 0; i < argc; i++) {
		cm_error err = {0};
		cm_job *job = NULL;
		if (cm_job_load(ctx, argv[i], &job, &err) == CM_OK) {
			printf("%s: ok (%s)\n", argv[i], cm_job_id(job));
		} else {
			print_error(&err);
			rc = EXIT_USAGE;
		}
		cm_job_free(job);
		cm_error_clear(&err);
	}
	return rc;
}

/* A command whose answer is one text: printed, or its problems and exit 2.
 * Takes text and err. */
static int print_text(cm_status st, char *text, cm_error *err)
{
	int rc = EXIT_OK;
	if (st != CM_OK) {
		print_error(err);
		rc = EXIT_USAGE;
	} else {
		fputs(text, stdout);
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
static int cmd_icf(cm_ctx *ctx, const options *o, int argc, char **argv)
{
	if (argc == 0)
		return usage_error(o->lang, U_ICF_CODES, "");
	cm_error err = {0};
	char *text = NULL;
	cm_status st = o->icf_classification
	                   ? cm_ctx_set_icf_classification(ctx, o->icf_classification, &err)
	                   : CM_OK;
	if (st == CM_OK)
		st = cm_icf_explain(ctx, (const char *const *)argv, (size_t)argc, &text, &err);
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
    {"icf-classification", required_argument, NULL, OPT_ICF_CLASSIFICATION},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

/* Options that only record a value; 0 on success, else the exit status. */
static int record_option(int c, const char *arg, options *o)
{
	switch (c) {
	case OPT_AGE:
		return parse_count(arg, 14, 100, &o->age) ? 0 : usage_error(o->lang, U_AGE, arg);
	case OPT_FORMAT:
		o->format = arg;
		return strcmp(arg, "text") && strcmp(arg, "json")
		           ? usage_error(o->lang, U_FORMAT, arg)
		           : 0;
	case OPT_LANG:
		o->lang = cm_lang_parse(arg);
		if (o->lang < 0 || strlen(arg) != 2) {
			o->lang = CM_LANG_EN;
			return usage_error(o->lang, U_LANG, arg);
		}
		return 0;
	case 'o':
		o->output = arg;
		return 0;
	case OPT_ICF_CLASSIFICATION:
		o->icf_classification = arg;
		return 0;
	case OPT_DATE:
		o->date = arg;
		return valid_date(arg) ? 0 : usage_error(o->lang, U_DATE, arg);
	case OPT_MAX_GROUP:
		return parse_count(arg, 1, 24, &o->max_group)
		           ? 0
		           : usage_error(o->lang, U_MAX_GROUP, arg);
	case OPT_MAX_SETS:
		return parse_count(arg, 1, 1000, &o->max_sets)
		           ? 0
		           : usage_error(o->lang, U_MAX_SETS, arg);
	case OPT_MAX_SECONDS:
		return parse_count(arg, 1, 86400, &o->max_seconds)
		           ? 0
		           : usage_error(o->lang, U_MAX_SECONDS, arg);
	}
	return usage_error(o->lang, U_OPTION, "?");
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
		print_error(&err);
	cm_error_clear(&err);
	if (st == CM_OK)
		return 0;
	fprintf(stderr, "%s\n", usage_text[U_TRY_HELP][lang]);
	return EXIT_USAGE;
}

static int run(cm_ctx *ctx, options *o, int argc, char **argv)
{
	int c, rc = 0;
	static char today[11];
	opterr = 0;
	while (rc == 0 && (c = getopt_long(argc, argv, "ho:", long_options, NULL)) != -1) {
		if (c == 'h') {
			fputs(help[o->lang], stdout);
			return EXIT_OK;
		} else if (c == OPT_VERSION) {
			printf("capamatch %s\n", CM_VERSION);
			return EXIT_OK;
		} else if (c == '?') {
			return usage_error(o->lang, U_OPTION, argv[optind - 1]);
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
	if (!o->date) {
		time_t now = time(NULL);
		struct tm tm;
		strftime(today, sizeof today, "%Y-%m-%d", localtime_r(&now, &tm));
		o->date = today;
	}
	if (optind >= argc)
		return usage_error(o->lang, U_NO_COMMAND, "");
	const char *cmd = argv[optind++];
	if (!strcmp(cmd, "check"))
		return cmd_check(ctx, o, argc - optind, argv + optind);
	if (!strcmp(cmd, "validate"))
		return cmd_validate(ctx, o, argc - optind, argv + optind);
	if (!strcmp(cmd, "rules"))
		return cmd_rules(ctx);
	if (!strcmp(cmd, "icf"))
		return cmd_icf(ctx, o, argc - optind, argv + optind);
	return usage_error(o->lang, U_COMMAND, cmd);
}

int main(int argc, char **argv)
{
	char datadir[PATH_MAX];
	find_datadir(datadir, sizeof datadir);
	cm_error err = {0};
	cm_ctx *ctx = NULL;
	if (cm_ctx_new(datadir, &ctx, &err) != CM_OK) {
		print_error(&err);
		cm_error_clear(&err);
		return EXIT_USAGE;
	}
	options o = {-1, "text", NULL, NULL, argv_lang(argc, argv, env_lang()), 16, 10, 0, NULL};
	const char *icf = getenv("CAPAMATCH_ICF"); /* --icf-classification overrides it */
	if (icf && *icf)
		o.icf_classification = icf;
	int rc = run(ctx, &o, argc, argv);
	cm_ctx_free(ctx);
	return rc;
}
