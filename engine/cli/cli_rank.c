/*
 * cli_rank.c — `capamatch rank PERSON JOB...`: the command-line client's
 * streaming of many jobs through libcapamatch.
 *
 * Jobs come from the arguments in order: a file, a directory (its *.xml,
 * sorted by name in the C locale, one level), or `-` (one path a line on
 * standard input). Each job is loaded, matched (brief: no texts), turned
 * into a rank item and freed before the next is read, so memory holds one
 * profile per process plus the items.
 *
 * With -j N, N worker processes (forked once the person and the rule sets
 * are loaded, so they share both) take the jobs in turn: job i goes to
 * worker i mod N, and the results are read back in input order. So the
 * output is byte for byte that of -j 1, and --format jsonl still writes
 * each job's line as soon as it and all the jobs before it are done.
 * Processes rather than threads: the engine's CPU-time budget is a
 * per-thread timer signal, and a worker that a hostile rule set crashes
 * takes no other worker with it (its jobs are then reported as failed).
 *
 * `rank --persons DIR|- JOB...` is the batch of the same (doc/batch.md):
 * the jobs are loaded and validated once, before any person, and kept; the
 * person profiles are then streamed as the jobs are above, each one loaded,
 * matched against every job, written out as JSON lines and freed before the
 * next, so memory holds the job set plus one person per process, whatever
 * the number of persons. With -j N the workers take persons in turn, by
 * the same pool and in the same order. A person that cannot be ranked is a
 * record of its problems in the stream, never the end of the batch.
 *
 * Not here: what a job's result is (the library), the ranking's order and
 * report (cm_rank_compare, cm_rank_render).
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

/* One job's result (or, in a batch, one person's) as a worker hands it
 * over. */
typedef struct result {
	int ok; /* 1: item (rank) or block (batch) holds the answer; 0: refused */
	cm_rank_item item;
	char *problems; /* its problems as the CLI prints them, or NULL (malloc'd) */
	char *block;    /* batch: the person's records, JSON lines (malloc'd) */
	int flawed;     /* batch: how many of block's records are errors */
} result;

/* ---- the job source ----------------------------------------------------- */

typedef struct source {
	char **argv;
	int argc, next; /* the next argument to open */
	char **names;   /* a directory being walked: its entries, sorted */
	int nnames, at;
	char dir[4096];
	int from_stdin; /* reading paths from standard input */
	char *line;     /* getline's buffer */
	size_t cap;
	char path[8192]; /* the path handed out last */
} source;

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b); /* the C locale's order */
}

static int is_xml(const char *name)
{
	size_t n = strlen(name);
	return name[0] != '.' && n > 4 && !strcmp(name + n - 4, ".xml");
}

/* The entries of a directory ending in .xml, sorted; -1 on error. */
static int list_dir(source *s, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!is_xml(e->d_name))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **grown = realloc(s->names, (size_t)cap * sizeof *grown);
			if (!grown)
				break;
			s->names = grown;
		}
		if (!(s->names[n] = strdup(e->d_name)))
			break;
		n++;
	}
	closedir(d);
	if (n) /* an empty directory has no array: qsort must not see NULL */
		qsort(s->names, (size_t)n, sizeof *s->names, by_name);
	s->nnames = n;
	s->at = 0;
	snprintf(s->dir, sizeof s->dir, "%s", dir);
	return 0;
}

static void drop_dir(source *s)
{
	for (int i = 0; i < s->nnames; i++)
		free(s->names[i]);
	free(s->names);
	s->names = NULL;
	s->nnames = s->at = 0;
}

/* The next job's path, or NULL when there is none. */
static const char *next_path(source *s)
{
	for (;;) {
		if (s->at < s->nnames) {
			snprintf(s->path, sizeof s->path, "%s/%s", s->dir, s->names[s->at++]);
			return s->path;
		}
		drop_dir(s);
		if (s->from_stdin) {
			ssize_t n = getline(&s->line, &s->cap, stdin);
			if (n > 0) {
				while (n > 0 && (s->line[n - 1] == '\n' || s->line[n - 1] == '\r'))
					s->line[--n] = '\0';
				if (n == 0)
					continue; /* a blank line names nothing */
				snprintf(s->path, sizeof s->path, "%s", s->line);
				return s->path;
			}
			s->from_stdin = 0;
		}
		if (s->next >= s->argc)
			return NULL;
		const char *arg = s->argv[s->next++];
		struct stat st;
		if (!strcmp(arg, "-")) {
			s->from_stdin = 1;
		} else if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (list_dir(s, arg) < 0) { /* say so through the loader's own message */
				snprintf(s->path, sizeof s->path, "%s", arg);
				return s->path;
			}
		} else {
			snprintf(s->path, sizeof s->path, "%s", arg);
			return s->path;
		}
	}
}

/* ---- one job ----------------------------------------------------------- */

/* --audience: medical or worker (main refuses employer: no such view). */
static cm_audience cli_rank_audience(const cli_options *o)
{
	return !strcmp(o->audience, "worker") ? CM_AUDIENCE_WORKER : CM_AUDIENCE_MEDICAL;
}

static void run_job(cm_ctx *ctx, const cm_person *person, const cli_options *o, cm_format format,
                    const char *path, size_t order, result *r)
{
	memset(r, 0, sizeof *r);
	cm_error err = {0};
	cm_job *job = NULL;
	cm_assessment *a = NULL;
	cm_match_options mopt = {o->date, o->today, 1};
	if (cm_job_load(ctx, path, &job, &err) == CM_OK &&
	    cm_match(ctx, person, job, &mopt, &a, &err) == CM_OK &&
	    cm_rank_item_for(ctx, a, format, cli_rank_audience(o), order, &r->item, &err) ==
	        CM_OK) {
		r->ok = 1;
	} else {
		size_t len = 0;
		FILE *f = open_memstream(&r->problems, &len);
		if (f) {
			cli_print_error(f, &err);
			fclose(f);
		}
	}
	cm_assessment_free(a);
	cm_job_free(job);
	cm_error_clear(&err);
}

/* ---- workers ------------------------------------------------------------ */

/* A result travels as a header line then its bytes:
 *   "R verdict cost score order joblen detaillen\n" job detail
 *   "E len\n" problems
 *   "B flawed blocklen problemslen\n" block problems               */
static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int send_result(int fd, const result *r)
{
	char head[256];
	int n;
	size_t pl = r->problems ? strlen(r->problems) : 0;
	if (r->ok && r->block) {
		size_t bl = strlen(r->block);
		n = snprintf(head, sizeof head, "B %d %zu %zu\n", r->flawed, bl, pl);
		return write_all(fd, head, (size_t)n) || write_all(fd, r->block, bl) ||
		       write_all(fd, r->problems ? r->problems : "", pl);
	}
	if (r->ok) {
		size_t dl = r->item.detail ? strlen(r->item.detail) : 0;
		n = snprintf(head, sizeof head, "R %d %.17g %.17g %zu %zu %zu\n",
		             (int)r->item.verdict, r->item.cost_eur, r->item.score, r->item.order,
		             strlen(r->item.job), dl);
		return write_all(fd, head, (size_t)n) ||
		       write_all(fd, r->item.job, strlen(r->item.job)) ||
		       write_all(fd, r->item.detail ? r->item.detail : "", dl);
	}
	n = snprintf(head, sizeof head, "E %zu\n", pl);
	return write_all(fd, head, (size_t)n) || write_all(fd, r->problems ? r->problems : "", pl);
}

/* Reads exactly n bytes into a new NUL-terminated buffer. */
static char *read_bytes(FILE *f, size_t n)
{
	char *p = malloc(n + 1);
	if (p && fread(p, 1, n, f) != n) {
		free(p);
		return NULL;
	}
	if (p)
		p[n] = '\0';
	return p;
}

/* A batch block: "B flawed blocklen problemslen\n" block problems. */
static int read_block(FILE *f, result *r)
{
	size_t bl, pl;
	if (fscanf(f, " %d %zu %zu", &r->flawed, &bl, &pl) != 3 || fgetc(f) != '\n' ||
	    !(r->block = read_bytes(f, bl)))
		return -1;
	if (pl && !(r->problems = read_bytes(f, pl)))
		return -1;
	r->ok = 1;
	return 0;
}

/* 0 on success; -1 when the worker died or spoke nonsense. */
static int read_result(FILE *f, result *r)
{
	memset(r, 0, sizeof *r);
	char kind;
	if (fscanf(f, "%c", &kind) != 1)
		return -1;
	if (kind == 'B')
		return read_block(f, r);
	if (kind == 'E') {
		size_t len;
		if (fscanf(f, " %zu", &len) != 1 || fgetc(f) != '\n' ||
		    !(r->problems = read_bytes(f, len)))
			return -1;
		return 0;
	}
	int verdict;
	size_t jl, dl;
	if (kind != 'R' ||
	    fscanf(f, " %d %lg %lg %zu %zu %zu", &verdict, &r->item.cost_eur, &r->item.score,
	           &r->item.order, &jl, &dl) != 6 ||
	    fgetc(f) != '\n' || jl >= sizeof r->item.job || verdict < 0 || verdict > 3)
		return -1;
	char *job = read_bytes(f, jl), *detail = read_bytes(f, dl);
	if (!job || !detail) {
		free(job);
		free(detail);
		return -1;
	}
	memcpy(r->item.job, job, jl + 1);
	free(job);
	r->item.verdict = (cm_verdict)verdict;
	r->item.detail = detail; /* malloc'd: cm_free is free */
	r->ok = 1;
	return 0;
}

/* Frees what a result holds. */
static void result_clear(result *r)
{
	cm_free(r->item.detail);
	free(r->problems);
	free(r->block);
	memset(r, 0, sizeof *r);
}

typedef struct worker {
	pid_t pid;
	FILE *paths;   /* to the worker: one job a line */
	FILE *results; /* from the worker */
} worker;

typedef struct pool pool;
/* Runs one path (a job, or a batch's person) into *r. */
typedef void run_fn(const pool *p, const char *path, size_t order, result *r);

/* What a worker needs to run paths; the same for every worker, a fresh one
 * included. */
struct pool {
	cm_ctx *ctx;
	const void *what; /* rank: the cm_person; batch: the jobset (not owned) */
	run_fn *run;
	const cli_options *o;
	cm_format format;
	worker w[64];
	int n;
	int input_done; /* every path is sent: a fresh worker's paths end after its last */
	int persons;    /* the paths are persons (a batch): for the words of a refusal */
};

/* The test hook (cli_options.crash, from $CAPAMATCH_TEST_CRASH
 * "SIGNAL:TIMES:NAME"): a worker about to run a job whose file is NAME, on
 * one of the job's first TIMES attempts, ends itself by SIGNAL (KILL or
 * SEGV), as a crash of the engine would end it. */
static void maybe_crash(const char *hook, const char *path, int attempt)
{
	char sig[8];
	int times, at = 0;
	if (!hook || sscanf(hook, "%7[A-Z]:%d:%n", sig, &times, &at) != 2 || at == 0)
		return;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (attempt > times || strcmp(base, hook + at))
		return;
	int signo = !strcmp(sig, "SEGV") ? SIGSEGV : SIGKILL;
	signal(signo, SIG_DFL);
	raise(signo);
}

static void worker_main(const pool *p, int in, int out)
{
	FILE *paths = fdopen(in, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while (paths && (n = getline(&line, &cap, paths)) > 0) {
		line[n - 1] = '\0';
		size_t order;
		int attempt, at = 0;
		if (sscanf(line, "%zu %d %n", &order, &attempt, &at) != 2 || at == 0)
			break; /* "ORDER ATTEMPT PATH" */
		maybe_crash(p->o->crash, line + at, attempt);
		result r;
		p->run(p, line + at, order, &r);
		int bad = send_result(out, &r);
		result_clear(&r);
		if (bad)
			break;
	}
	free(line);
	_exit(0);
}

/* Starts worker i (again, after one died): 0, or -1 with errno. */
static int start_worker(pool *p, int i)
{
	int to[2], from[2];
	if (pipe(to))
		return -1;
	if (pipe(from)) {
		close(to[0]);
		close(to[1]);
		return -1;
	}
	fflush(NULL); /* nothing buffered is written twice */
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(to[0]);
		close(to[1]);
		close(from[0]);
		close(from[1]);
		errno = e;
		return -1;
	}
	if (pid == 0) {
		close(to[1]);
		close(from[0]);
		for (int k = 0; k < p->n; k++) { /* the others' pipes are not this one's */
			if (p->w[k].paths)
				fclose(p->w[k].paths);
			if (p->w[k].results)
				fclose(p->w[k].results);
		}
		worker_main(p, to[0], from[1]);
	}
	close(to[0]);
	close(from[1]);
	p->w[i].pid = pid;
	p->w[i].paths = fdopen(to[1], "w");
	p->w[i].results = fdopen(from[0], "r");
	if (!p->w[i].paths || !p->w[i].results)
		return -1;
	return 0;
}

/* Ends worker i: closes its pipes and waits for it; its wait status. */
static int stop_worker(pool *p, int i, int kill_it)
{
	worker *w = &p->w[i];
	int status = 0;
	if (w->paths)
		fclose(w->paths);
	if (w->results)
		fclose(w->results);
	if (w->pid > 0) {
		if (kill_it)
			kill(w->pid, SIGKILL);
		while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	memset(w, 0, sizeof *w);
	return status;
}

static void stop_workers(pool *p)
{
	for (int i = 0; i < p->n; i++)
		stop_worker(p, i, 0);
}

/* Starts n workers: 0, or -1 (said on standard error, none left running). */
static int start_pool(pool *p, int n)
{
	for (p->n = 0; p->n < n; p->n++)
		if (start_worker(p, p->n) < 0) {
			fprintf(stderr, "capamatch: cannot start %d workers: %s\n", n,
			        strerror(errno));
			p->n++;
			stop_workers(p);
			return -1;
		}
	return 0;
}

/* ---- where results go ------------------------------------------------------ */

/* What takes the results, in input order: a ranking, or a batch. */
typedef struct sink sink;
typedef void take_fn(sink *s, result *r, size_t order, const char *path);
struct sink {
	take_fn *take; /* r's contents become the sink's: it frees them */
	int stopped;   /* the output cannot be written any more */
	int failed;    /* out of memory */
};

/* ---- the ranking ---------------------------------------------------------- */

typedef struct ranking {
	sink s; /* first: a ranking is a sink */
	cm_rank_item *items;
	size_t n, cap;
	size_t refused;
	int jsonl;
	FILE *out; /* where jsonl lines go as they are done */
} ranking;

/* Takes one result, in input order. */
static void take(sink *S, result *r, size_t order, const char *path)
{
	ranking *R = (ranking *)S;
	(void)path;
	if (!r->ok) {
		if (r->problems)
			fputs(r->problems, stderr);
		else
			fprintf(stderr, "capamatch: job %zu: the worker stopped\n", order + 1);
		free(r->problems);
		R->refused++;
		return;
	}
	if (R->jsonl) { /* out now; the summary line keeps the item only */
		if (R->out == stdout) {
			/* a failed write (| head, a full disk): stop, and say so */
			if (cli_out(r->item.detail, strlen(r->item.detail)) || cli_out("\n", 1) ||
			    cli_flush())
				R->s.stopped = 1;
		} else {
			fputs(r->item.detail, R->out);
			fputc('\n', R->out);
		}
		cm_free(r->item.detail);
		r->item.detail = NULL;
	}
	if (R->n == R->cap) {
		size_t cap = R->cap ? R->cap * 2 : 256;
		cm_rank_item *grown = realloc(R->items, cap * sizeof *grown);
		if (!grown) {
			R->s.failed = 1;
			cm_free(r->item.detail);
			return;
		}
		R->items = grown;
		R->cap = cap;
	}
	R->items[R->n++] = r->item;
}

/* ---- paths in flight ---------------------------------------------------- */

/* The paths sent to workers and not yet collected, by order mod the ring's
 * size (at most AHEAD × N + 1 are in flight): what a dead worker's paths
 * are sent again from. */
typedef struct flight {
	char *path;  /* malloc'd */
	int attempt; /* 1, or 2 once a worker died on it */
	int status;  /* the wait status of the worker that died on it */
} flight;

/* Paths a worker may be sent ahead of the one collected. Results are
 * collected in input order, so a worker on a slow job (one whose search
 * evaluates every subset takes some thirty jobs' time) holds the others up
 * once they have done what they were sent: with two ahead, rank of 10,000
 * generated jobs with -j 2 spent a fifth of its wall time so. The paths
 * waiting in a worker's pipe stay within the pipe's 64 KiB however long
 * they are (AHEAD × the 8 KiB a path may take), so the parent never blocks
 * writing one while
 * that worker blocks writing a result; a worker whose results wait is only
 * held. */
enum { AHEAD = 6, RING = 512 }; /* RING: more than AHEAD × 64 + 1 */

/* One line of the text a dead worker leaves, in the report language: a
 * job's two, then a batch's person's two. */
static const char *const died_text[3][4] = {
    {"%s: this job stopped two worker processes (%s), so it is not ranked\n",
     "%s: the worker process stopped (%s) and could not be started again, so this job is not "
     "ranked\n",
     "%s: this person profile stopped two worker processes (%s), so it is not ranked\n",
     "%s: the worker process stopped (%s) and could not be started again, so this person "
     "profile is not ranked\n"},
    {"%s: deze functie liet twee werkprocessen stoppen (%s) en is dus niet gerangschikt\n",
     "%s: het werkproces stopte (%s) en kon niet opnieuw gestart worden; deze functie is dus "
     "niet gerangschikt\n",
     "%s: dit persoonsprofiel liet twee werkprocessen stoppen (%s) en is dus niet "
     "gerangschikt\n",
     "%s: het werkproces stopte (%s) en kon niet opnieuw gestart worden; dit persoonsprofiel "
     "is dus niet gerangschikt\n"},
    {"%s : ce poste a arrêté deux processus de travail (%s) ; il n'est donc pas classé\n",
     "%s : le processus de travail s'est arrêté (%s) et n'a pas pu être relancé ; ce poste "
     "n'est donc pas classé\n",
     "%s : ce profil de personne a arrêté deux processus de travail (%s) ; il n'est donc pas "
     "classé\n",
     "%s : le processus de travail s'est arrêté (%s) et n'a pas pu être relancé ; ce profil de "
     "personne n'est donc pas classé\n"},
};

/* How a worker ended, in words: "signal 9, Killed" or "exit status 1". */
static void how_ended(int status, char *buf, size_t size)
{
	if (WIFSIGNALED(status))
		snprintf(buf, size, "signal %d, %s", WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		snprintf(buf, size, "exit status %d", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

/* A refusal of a path that no worker could finish: its file named. */
static void refuse_dead(const pool *p, const flight *f, int which, result *r)
{
	char how[128];
	how_ended(f->status, how, sizeof how);
	int lang = p->o->lang >= 0 && p->o->lang < 3 ? p->o->lang : 0;
	size_t n = 0;
	FILE *m = open_memstream(&r->problems, &n);
	if (m) {
		fputs("capamatch: ", m);
		for (const char *c = f->path; *c; c++) /* the name as the loader would show it */
			fputc((unsigned char)*c < 0x20 ? '?' : *c, m);
		/* the text after its leading "%s", the name written above */
		fprintf(m, died_text[lang][which + (p->persons ? 2 : 0)] + 2, how);
		fclose(m);
	}
}

/* Takes path *done's result from the worker that has it. A worker that died
 * (or spoke nonsense) is replaced by a fresh one, which is sent again every
 * path the dead one had not answered: the one it died on for the second
 * time at most, the others as they were. A path on which two workers died
 * is refused with its file named; no other is lost. */
static void collect(sink *S, pool *p, flight *fl, size_t sent, size_t *done)
{
	size_t d = *done;
	int k = (int)(d % (size_t)p->n);
	const char *path = fl[d % RING].path;
	for (;;) {
		result r;
		if (!p->w[k].results) { /* its worker could not be started again */
			result gone = {0};
			refuse_dead(p, &fl[d % RING], 1, &gone);
			S->take(S, &gone, d, path);
			break;
		}
		if (read_result(p->w[k].results, &r) == 0) {
			S->take(S, &r, d, path);
			break;
		}
		result_clear(&r);
		flight *f = &fl[d % RING];
		f->status = stop_worker(p, k, 1);
		f->attempt++;
		int restarted = start_worker(p, k) == 0;
		if (restarted) { /* the dead one's unanswered paths, in order; d's only if once */
			for (size_t j = f->attempt > 2 ? d + p->n : d; j < sent; j += (size_t)p->n)
				fprintf(p->w[k].paths, "%zu %d %s\n", j, fl[j % RING].attempt,
				        fl[j % RING].path);
			fflush(p->w[k].paths);
			if (p->input_done) { /* it too ends after its last path */
				fclose(p->w[k].paths);
				p->w[k].paths = NULL;
			}
		}
		if (restarted && f->attempt <= 2)
			continue; /* read d again, from the fresh worker */
		result dead = {0};
		refuse_dead(p, f, restarted ? 0 : 1, &dead);
		S->take(S, &dead, d, path);
		if (!restarted) /* no worker: the others of k's go the same way */
			for (size_t j = d + p->n; j < sent; j += (size_t)p->n)
				fl[j % RING].status = f->status, fl[j % RING].attempt = 3;
		break;
	}
	free(fl[d % RING].path);
	fl[d % RING].path = NULL;
	(*done)++;
}

/* A path that would split a worker's line is refused, with its name. */
static void refuse_line_break(const char *path, result *r)
{
	memset(r, 0, sizeof *r);
	size_t n = 0;
	FILE *f = open_memstream(&r->problems, &n);
	if (f) {
		fprintf(f, "capamatch: a file name with a line break is not ranked: ");
		for (const char *c = path; *c; c++)
			fputc(*c == '\n' ? '?' : *c, f);
		fputc('\n', f);
		fclose(f);
	}
}

/* Runs every path of src through p (its workers, or this process when it
 * has none) and hands each result to S in input order, until the paths end
 * or S stops; the number of paths taken. Jobs go to the workers in turn;
 * results are read back in the same order, at most AHEAD a worker ahead,
 * so that no pipe fills both ways. */
static size_t drive(pool *P, source *src, sink *S)
{
	static flight fl[RING];
	memset(fl, 0, sizeof fl);
	size_t sent = 0, done = 0;
	const char *path;
	while (!S->stopped && (path = next_path(src))) {
		if (strchr(path, '\n')) { /* from a directory: it would split a worker's line */
			result r;
			refuse_line_break(path, &r);
			while (done < sent) /* keep the order: the paths sent before it first */
				collect(S, P, fl, sent, &done);
			S->take(S, &r, sent, path);
			sent++;
			done++;
			continue;
		}
		if (!P->n) {
			result r;
			P->run(P, path, sent, &r);
			S->take(S, &r, sent, path);
			sent++;
			done++;
			continue;
		}
		flight *f = &fl[sent % RING];
		worker *to = &P->w[sent % (size_t)P->n];
		f->attempt = 1;
		f->status = 0;
		if (!(f->path = strdup(path))) {
			S->failed = 1;
			break;
		}
		if (to->paths) { /* else its worker is gone for good: collect refuses it */
			fprintf(to->paths, "%zu 1 %s\n", sent, path);
			fflush(to->paths);
		}
		sent++;
		while (sent - done > AHEAD * (size_t)P->n)
			collect(S, P, fl, sent, &done);
	}
	for (int i = 0; i < P->n; i++) { /* no more paths: workers end after the last */
		if (P->w[i].paths)
			fclose(P->w[i].paths);
		P->w[i].paths = NULL;
	}
	P->input_done = 1;
	while (done < sent && !S->stopped && !S->failed)
		collect(S, P, fl, sent, &done);
	stop_workers(P);
	for (size_t i = 0; i < RING; i++)
		free(fl[i].path);
	return sent;
}

static void rank_run(const pool *p, const char *path, size_t order, result *r)
{
	run_job(p->ctx, p->what, p->o, p->format, path, order, r);
}

/* ---- the batch: many persons against one job set -------------------------- */

/* The jobs of a batch, loaded and validated once, in input order. */
typedef struct jobset {
	cm_job **jobs; /* owned: each cm_job_free */
	size_t n, cap;
} jobset;

/* The length of the valid UTF-8 sequence at s, or 0 (overlong forms,
 * surrogates and code points past U+10FFFF are not valid). */
static int utf8_seq(const unsigned char *s)
{
	int n = s[0] < 0x80   ? 1
	        : s[0] < 0xc2 ? 0
	        : s[0] < 0xe0 ? 2
	        : s[0] < 0xf0 ? 3
	        : s[0] < 0xf5 ? 4
	                      : 0;
	for (int i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if (n == 3 && ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0)))
		return 0;
	if (n == 4 && ((s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90)))
		return 0;
	return n;
}

/* s as a JSON string, or null; a control byte or one that is not UTF-8 is
 * written \xHH, as the library writes a file's name (cm_job_file), so a
 * record is always valid JSON whatever a file is called. */
static void json_string(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (const unsigned char *c = (const unsigned char *)s; *c;) {
		int n = utf8_seq(c);
		if (*c == '"' || *c == '\\')
			fprintf(f, "\\%c", *c);
		else if (n == 0 || *c < 0x20 || *c == 0x7f)
			fprintf(f, "\\\\x%02X", *c);
		else
			fwrite(c, 1, (size_t)n, f);
		c += n ? n : 1;
	}
	fputc('"', f);
}

/* What every record of a person begins with: `{"batch": {"person": ID,
 * "file": FILE, "sha256": HASH}, ` (null id and hash: it was not loaded). */
static void batch_head(FILE *f, const cm_person *person, const char *path)
{
	fputs("{\"batch\": {\"person\": ", f);
	json_string(f, person ? cm_person_id(person) : NULL);
	fputs(", \"file\": ", f);
	json_string(f, person ? cm_person_file(person) : path);
	fputs(", \"sha256\": ", f);
	json_string(f, person ? cm_person_sha256(person) : NULL);
	fputs("}, ", f);
}

/* A record of what could not be done: the person's head, then
 * `"error": {"job_file": FILE or null, "problems": [{"file", "line",
 * "path", "message"}...]}`. */
static void error_record(FILE *f, const cm_person *person, const char *path, const char *job_file,
                         const cm_error *err)
{
	batch_head(f, person, path);
	fputs("\"error\": {\"job_file\": ", f);
	json_string(f, job_file);
	fputs(", \"problems\": [", f);
	for (size_t i = 0; i < err->nproblems; i++) {
		const cm_problem *p = &err->problems[i];
		fputs(i ? ", {\"file\": " : "{\"file\": ", f);
		json_string(f, p->file);
		if (p->line > 0)
			fprintf(f, ", \"line\": %d, \"path\": ", p->line);
		else
			fputs(", \"line\": null, \"path\": ", f);
		json_string(f, p->path);
		fputs(", \"message\": ", f);
		json_string(f, p->message);
		fputs("}", f);
	}
	fputs("]}}\n", f);
}

/* One person against every job: each job's line as `rank --format jsonl`
 * writes it, then the ranking's summary line, each after the person's
 * head; a job the person could not be matched with is an error record in
 * its place (and refused in the summary, as rank counts it). The number of
 * error records. */
static int rank_person(const pool *p, const jobset *js, const cm_person *person, FILE *out,
                       FILE *say)
{
	const cli_options *o = p->o;
	cm_audience audience = cli_rank_audience(o);
	cm_match_options mopt = {o->date, o->today, 1};
	cm_rank_item *items = malloc(js->n * sizeof *items);
	cm_error err = {0};
	if (!items) {
		cm_problem nomem = {.message = "out of memory"};
		cm_error e = {CM_ENOMEM, 1, &nomem};
		error_record(out, person, NULL, NULL, &e);
		return 1;
	}
	size_t n = 0, refused = 0;
	for (size_t j = 0; j < js->n; j++) {
		cm_assessment *a = NULL;
		cm_rank_item it;
		if (cm_match(p->ctx, person, js->jobs[j], &mopt, &a, &err) == CM_OK &&
		    cm_rank_item_for(p->ctx, a, CM_FORMAT_JSONL, audience, j, &it, &err) == CM_OK) {
			batch_head(out, person, NULL);
			fputs(it.detail + 1, out); /* after its "{" */
			fputc('\n', out);
			cm_free(it.detail);
			it.detail = NULL; /* the summary needs the rest only */
			items[n++] = it;
		} else {
			error_record(out, person, NULL, cm_job_file(js->jobs[j]), &err);
			cli_print_error(say, &err);
			refused++;
		}
		cm_assessment_free(a);
		cm_error_clear(&err);
	}
	const char *date = o->date ? o->date : cm_person_assessment_date(person);
	qsort(items, n, sizeof *items, cm_rank_compare);
	size_t listed = o->top > 0 && (size_t)o->top < n ? (size_t)o->top : n;
	char *summary = NULL;
	size_t len = 0;
	int flawed = (int)refused;
	if (cm_rank_render_for(p->ctx, person, date ? date : o->today, items, n, listed, refused,
	                       CM_FORMAT_JSONL, audience, &summary, &len, &err) == CM_OK) {
		batch_head(out, person, NULL);
		fputs(summary + 1, out); /* the line ends in its own "\n" */
	} else {
		error_record(out, person, NULL, NULL, &err);
		cli_print_error(say, &err);
		flawed++;
	}
	cm_free(summary);
	cm_error_clear(&err);
	free(items);
	return flawed;
}

/* A worker's (or the one process's) part of a batch: one person, all its
 * records in r->block, what went wrong also in r->problems for standard
 * error. */
static void batch_run(const pool *p, const char *path, size_t order, result *r)
{
	(void)order; /* the records name the person by its file: see doc/batch.md */
	memset(r, 0, sizeof *r);
	size_t blen = 0, plen = 0;
	FILE *out = open_memstream(&r->block, &blen);
	FILE *say = out ? open_memstream(&r->problems, &plen) : NULL;
	if (!out || !say) {
		if (out)
			fclose(out);
		free(r->block);
		r->block = NULL;
		r->problems = strdup("capamatch: out of memory\n");
		return;
	}
	cm_error err = {0};
	cm_person *person = NULL;
	if (cm_person_load(p->ctx, path, &person, &err) != CM_OK) {
		error_record(out, NULL, path, NULL, &err);
		cli_print_error(say, &err);
		r->flawed = 1;
	} else {
		r->flawed = rank_person(p, p->what, person, out, say);
	}
	cm_error_clear(&err);
	cm_person_free(person);
	fclose(out);
	fclose(say);
	if (!plen) {
		free(r->problems);
		r->problems = NULL;
	}
	r->ok = 1;
}

typedef struct batch {
	sink s;        /* first: a batch is a sink */
	size_t flawed; /* persons with an error record */
} batch;

/* Takes one person's records, in input order, and writes them out. A
 * refusal (its worker died, its name has a line break) becomes an error
 * record of the person's file. */
static void batch_take(sink *S, result *r, size_t order, const char *path)
{
	batch *B = (batch *)S;
	(void)order;
	if (!r->ok) {
		const char *said = r->problems ? r->problems : "capamatch: the worker stopped\n";
		char *msg = strdup(!strncmp(said, "capamatch: ", 11) ? said + 11 : said);
		size_t len = 0;
		FILE *f = msg ? open_memstream(&r->block, &len) : NULL;
		if (f) {
			msg[strcspn(msg, "\n")] = '\0';
			cm_problem died = {.message = msg};
			cm_error e = {CM_EIO, 1, &died};
			error_record(f, NULL, path, NULL, &e);
			fclose(f);
		}
		free(msg);
		r->flawed = 1;
		if (!r->problems)
			fputs(said, stderr);
	}
	if (r->problems)
		fputs(r->problems, stderr);
	B->flawed += r->flawed > 0;
	if (!r->block)
		S->failed = 1;
	else if (cli_out(r->block, strlen(r->block)) || cli_flush())
		S->stopped = 1; /* | head, a full disk: stop, and say so */
	result_clear(r);
}

/* Loads every job of the arguments (files, directories, -) into js; 0, or
 * the number that could not be loaded (their problems on standard error). */
static size_t load_jobs(cm_ctx *ctx, int argc, char **argv, jobset *js)
{
	source src = {.argv = argv, .argc = argc};
	size_t bad = 0;
	const char *path;
	while ((path = next_path(&src))) {
		cm_error err = {0};
		cm_job *job = NULL;
		if (js->n == js->cap) {
			size_t cap = js->cap ? js->cap * 2 : 256;
			cm_job **grown = realloc(js->jobs, cap * sizeof *grown);
			if (!grown) {
				fprintf(stderr, "capamatch: out of memory for the jobs\n");
				bad++;
				break;
			}
			js->jobs = grown;
			js->cap = cap;
		}
		if (cm_job_load(ctx, path, &job, &err) == CM_OK) {
			js->jobs[js->n++] = job;
		} else {
			cli_print_error(stderr, &err);
			bad++;
		}
		cm_error_clear(&err);
	}
	free(src.line);
	drop_dir(&src);
	return bad;
}

/* `rank --persons DIR|- JOB...`: the jobs loaded once (any that cannot be
 * loaded stops the batch before it starts: a reference set is checked
 * whole, not found short in every person's ranking), then every person's
 * records in input order. Exit 0 when every person was ranked against
 * every job, else 2 once the batch is done. */
static int cli_batch(cm_ctx *ctx, const cli_options *o, int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (!strcmp(o->persons, "-") && !strcmp(argv[i], "-"))
			return cli_usage_error(o->lang, U_BATCH_STDIN, "");
	cm_error err = {0};
	if (cm_ctx_load_rules(ctx, &err)) {
		cli_print_error(stderr, &err);
		cm_error_clear(&err);
		return CLI_EXIT_USAGE;
	}
	jobset js = {0};
	int rc = CLI_EXIT_OK;
	if (load_jobs(ctx, argc, argv, &js) || !js.n) {
		if (!js.n)
			cli_usage_error(o->lang, U_RANK_FILES, "");
		rc = CLI_EXIT_USAGE;
	} else {
		static pool P; /* 64 workers: not on the stack */
		memset(&P, 0, sizeof P);
		P.ctx = ctx;
		P.what = &js;
		P.run = batch_run;
		P.o = o;
		P.format = CM_FORMAT_JSONL;
		P.persons = 1;
		signal(SIGPIPE, SIG_IGN); /* as rank: a dead worker's pipe is a write error */
		if (start_pool(&P, o->jobs > 1 ? o->jobs : 0) < 0) {
			rc = CLI_EXIT_USAGE;
		} else {
			char *persons[1] = {(char *)o->persons};
			source src = {.argv = persons, .argc = 1};
			batch B = {.s = {.take = batch_take}};
			size_t sent = drive(&P, &src, &B.s);
			free(src.line);
			drop_dir(&src);
			if (B.s.stopped) {
				rc = cli_stdout_done(o->lang);
				if (rc == CLI_EXIT_OK)
					rc = CLI_EXIT_USAGE;
			} else if (B.s.failed) {
				fprintf(stderr, "capamatch: out of memory for the batch\n");
				rc = CLI_EXIT_USAGE;
			} else if (!sent) {
				rc = cli_usage_error(o->lang, U_BATCH_NONE, o->persons);
			} else if (B.flawed) {
				rc = CLI_EXIT_USAGE; /* said in the stream: scripts must see it too
				                      */
			}
		}
	}
	for (size_t i = 0; i < js.n; i++)
		cm_job_free(js.jobs[i]);
	free(js.jobs);
	return rc;
}

int cli_rank(cm_ctx *ctx, const cli_options *o, int argc, char **argv)
{
	if (o->persons)
		return cli_batch(ctx, o, argc, argv);
	cm_format format = !strcmp(o->format, "jsonl")  ? CM_FORMAT_JSONL
	                   : !strcmp(o->format, "json") ? CM_FORMAT_JSON
	                   : !strcmp(o->format, "html") ? CM_FORMAT_HTML
	                                                : CM_FORMAT_TEXT;
	cm_error err = {0};
	cm_person *person = NULL;
	if (cm_person_load(ctx, argv[0], &person, &err) != CM_OK || cm_ctx_load_rules(ctx, &err)) {
		cli_print_error(stderr, &err);
		cm_error_clear(&err);
		cm_person_free(person);
		return CLI_EXIT_USAGE;
	}
	const char *date = o->date ? o->date : cm_person_assessment_date(person);
	if (!date)
		date = o->today;
	ranking R = {.s = {.take = take}, .jsonl = format == CM_FORMAT_JSONL, .out = stdout};
	/* --output is written whole and atomically: its lines wait in memory
	 * (to stream, write to standard output) */
	char *lines = NULL;
	size_t nlines = 0;
	if (R.jsonl && o->output && !(R.out = open_memstream(&lines, &nlines))) {
		cm_person_free(person);
		return CLI_EXIT_USAGE;
	}
	source src = {.argv = argv + 1, .argc = argc - 1};
	static pool P; /* 64 workers: not on the stack */
	memset(&P, 0, sizeof P);
	P.ctx = ctx;
	P.what = person;
	P.run = rank_run;
	P.o = o;
	P.format = format;
	int rc = CLI_EXIT_OK;
	/* A worker that died must not kill the parent through its pipe: writes
	 * to it fail instead, and its jobs go to a fresh worker (collect). */
	signal(SIGPIPE, SIG_IGN);
	if (start_pool(&P, o->jobs > 1 ? o->jobs : 0) < 0) {
		cm_person_free(person);
		return CLI_EXIT_USAGE;
	}
	size_t sent = drive(&P, &src, &R.s);
	free(src.line);
	drop_dir(&src);
	if (R.n) /* no job ranked: no array */
		qsort(R.items, R.n, sizeof *R.items, cm_rank_compare);
	size_t listed = o->top > 0 && (size_t)o->top < R.n ? (size_t)o->top : R.n;
	char *report = NULL;
	size_t len = 0;
	if (R.s.stopped) {
		rc = cli_stdout_done(o->lang);
		if (rc == CLI_EXIT_OK) /* said already: still not a success */
			rc = CLI_EXIT_USAGE;
	} else if (R.s.failed) {
		fprintf(stderr, "capamatch: out of memory for the ranking\n");
		rc = CLI_EXIT_USAGE;
	} else if (cm_rank_render_for(ctx, person, date, R.items, R.n, listed, R.refused, format,
	                              cli_rank_audience(o), &report, &len, &err) != CM_OK) {
		cli_print_error(stderr, &err);
		rc = CLI_EXIT_USAGE;
	} else {
		if (R.out != stdout) { /* the lines, then the summary, as one file */
			fputs(report, R.out);
			fclose(R.out);
			R.out = stdout;
			cm_free(report);
			report = lines;
			len = nlines;
			lines = NULL;
		}
		rc = cli_write_report(ctx, o, report, len, CM_REPORT_MODE_MEDICAL);
		if (rc == CLI_EXIT_OK && (R.refused || sent == 0))
			rc = CLI_EXIT_USAGE; /* a job was not ranked: scripts must see it */
	}
	if (R.out != stdout)
		fclose(R.out);
	free(lines);
	cm_free(report);
	for (size_t i = 0; i < R.n; i++)
		cm_free(R.items[i].detail);
	free(R.items);
	cm_error_clear(&err);
	cm_person_free(person);
	return rc;
}
