/*
 * cli.h — what the command line's files share (main.c, cli_rank.c). Not
 * part of libcapamatch: the CLI is one of its clients.
 */
#ifndef CM_CLI_H
#define CM_CLI_H

#include <stdio.h>

#include "capamatch.h"

/* A number of capamatch.h (a plain number) as a string literal, so that
 * the help and the messages spell the library's defaults and limits
 * rather than repeating them. */
#define CLI_STR_(x) #x
#define CLI_STR(x)  CLI_STR_(x)

enum { CLI_EXIT_OK = 0, CLI_EXIT_ADAPT = 1, CLI_EXIT_USAGE = 2, CLI_EXIT_INCOMPLETE = 3 };

typedef struct cli_options {
	int age;
	const char *format;
	const char *output;
	const char *date;  /* --date, or NULL */
	const char *today; /* YYYY-MM-DD */
	const char *audience;
	int lang;
	int max_group, max_sets;
	int max_seconds; /* 0: the library's default */
	int jobs;        /* rank -j: worker processes; 0 or 1: none */
	int top;         /* rank --top: jobs listed; 0: all */
	/* rank --persons: a batch's person profiles (a directory, a file, or -
	 * for paths on standard input); NULL: rank one person */
	const char *persons;
	/* --icf-classification, else $CAPAMATCH_ICF; NULL: none */
	const char *icf_classification;
	/* $CAPAMATCH_TEST_CRASH, for the tests only: "SIGNAL:TIMES:NAME" makes
	 * a rank worker end by SIGNAL (KILL, SEGV) when it takes the job whose
	 * file is NAME (in a batch, the person), on its first TIMES attempts;
	 * NULL: never */
	const char *crash;
} cli_options;

/* The command line's own messages; each takes one %s, in every language. */
enum {
	U_CHECK_ONE,
	U_VALIDATE_FILES,
	U_ICF_CODES,
	U_MATCH_TWO,
	U_MATCH_AGE,
	U_AUDIENCE,
	U_RANK_FILES,
	U_JOBS,
	U_TOP,
	U_RANK_EMPLOYER,
	U_BATCH_FORMAT,
	U_BATCH_OUTPUT,
	U_BATCH_STDIN,
	U_BATCH_NONE,
	U_BATCH_RANK,
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
	U_WRITE,
	U_TRY_HELP
};

/* Prints err's problems to f as FILE:LINE: message [path]. */
void cli_print_error(FILE *f, const cm_error *err);
/* Says what is wrong with the command line; returns CLI_EXIT_USAGE. */
int cli_usage_error(int lang, int msg, const char *arg);
/* Writes a report to standard output or to --output (atomically, with mode
 * for a new file); the exit status. */
int cli_write_report(cm_ctx *ctx, const cli_options *o, const char *data, size_t len, int mode);
/* Writes to standard output, remembering the first failure; 0 or -1. */
int cli_out(const char *data, size_t len);
/* Flushes standard output; 0, or -1 when any write to it failed so far. */
int cli_flush(void);
/* Flushes standard output: CLI_EXIT_OK, or, when a write to it failed
 * (cli_out, stdio's buffer), says so on standard error (once) and returns
 * CLI_EXIT_USAGE. */
int cli_stdout_done(int lang);
/* capamatch rank PERSON JOB..., and rank --persons DIR|- JOB... */
int cli_rank(cm_ctx *ctx, const cli_options *o, int argc, char **argv);

#endif
