/*
 * kader_clips.c — make bench's peer engine: the groene kader's 22 limits as
 * CLIPS rules (bench/kader.clp), run through libclips's C API (Debian's
 * libclips-dev 6.30) over the same jobs in arrays as the hand-C ceiling
 * (kader.h). The rules are loaded once; each job is then a reset, its facts
 * asserted in memory (EnvCreateFact, EnvPutFactSlot, EnvAssert: nothing is
 * parsed per job) and a run, whose rules hand each finding to C through the
 * user function (emit RULE TASK STATUS) as the same triples the ceiling
 * gives.
 *
 * Usage: bench_clips CLP DIR AGE DUMP — prints "clips_us X" (µs a job,
 * repeated until two seconds have passed) and writes every finding to DUMP
 * (kj_dump) for scripts/bench-ratios to compare with the Lua rule set's.
 * Built only where libclips-dev is installed (make bench installs it);
 * never part of make check.
 */
#include <stdlib.h>
#include <string.h>

#include <clips.h>

#include "kader.h"

typedef struct clips {
	void *env;
	void *person, *handling, *push_pull, *repetition, *posture, *vibration, *heavy,
	    *requirement;                                  /* deftemplates */
	void *status[4], *rule[KJ_RULES], *nil, *yes, *no; /* interned symbols */
	kj_finding *out;                                   /* the job's findings so far, emit's */
	int n, bad; /* how many; whether one named no known rule or status */
} clips;

static void put_num(clips *c, void *fact, const char *slot, double x)
{
	DATA_OBJECT v;
	SetType(v, isnan(x) ? SYMBOL : FLOAT);
	SetValue(v, isnan(x) ? c->nil : EnvAddDouble(c->env, x));
	EnvPutFactSlot(c->env, fact, slot, &v);
}

static void put_long(clips *c, void *fact, const char *slot, long x)
{
	DATA_OBJECT v;
	SetType(v, INTEGER);
	SetValue(v, EnvAddLong(c->env, x));
	EnvPutFactSlot(c->env, fact, slot, &v);
}

static void put_sym(clips *c, void *fact, const char *slot, void *sym)
{
	DATA_OBJECT v;
	SetType(v, SYMBOL);
	SetValue(v, sym);
	EnvPutFactSlot(c->env, fact, slot, &v);
}

static void *fact(clips *c, void *tmpl)
{
	return EnvCreateFact(c->env, tmpl);
}

static void assert_fact(clips *c, void *f)
{
	EnvAssignFactSlotDefaults(c->env, f);
	EnvAssert(c->env, f);
}

/* The elements of each task, as kader.clp's templates. */
static void assert_tasks(clips *c, const kj_job *j)
{
	for (int i = 0; i < j->nh; i++) {
		void *f = fact(c, c->handling);
		put_long(c, f, "task", j->h[i].task);
		put_long(c, f, "i", i);
		put_num(c, f, "mass", j->h[i].mass);
		put_num(c, f, "rate", j->h[i].rate);
		put_num(c, f, "kg-day", j->h[i].kg_day);
		put_num(c, f, "hours", j->task_hours[j->h[i].task]);
		assert_fact(c, f);
	}
	for (int i = 0; i < j->np; i++) {
		void *f = fact(c, c->push_pull);
		put_long(c, f, "task", j->p[i].task);
		put_long(c, f, "i", i);
		put_num(c, f, "mass", j->p[i].mass);
		put_num(c, f, "wheels", j->p[i].wheels);
		assert_fact(c, f);
	}
	for (int i = 0; i < j->nr; i++) {
		void *f = fact(c, c->repetition);
		put_long(c, f, "task", j->r[i].task);
		put_long(c, f, "i", i);
		put_num(c, f, "apm", j->r[i].apm);
		assert_fact(c, f);
	}
	for (int i = 0; i < j->nposture; i++) {
		void *f = fact(c, c->posture);
		put_long(c, f, "task", j->posture[i].task);
		put_long(c, f, "i", i);
		put_num(c, f, "flexion", j->posture[i].flexion);
		put_sym(c, f, "static", j->posture[i].is_static ? c->yes : c->no);
		put_num(c, f, "pause", j->posture[i].pause);
		assert_fact(c, f);
	}
	for (int i = 0; i < j->nv; i++) {
		void *f = fact(c, c->vibration);
		put_long(c, f, "task", j->v[i].task);
		put_long(c, f, "i", i);
		put_num(c, f, "aw", j->v[i].aw);
		put_num(c, f, "hours", j->task_hours[j->v[i].task]);
		assert_fact(c, f);
	}
}

static void assert_job(clips *c, const kj_job *j, int age)
{
	void *f = fact(c, c->person);
	put_num(c, f, "age", age < 0 ? NAN : age);
	assert_fact(c, f);
	assert_tasks(c, j);
	if (j->heavy) {
		f = fact(c, c->heavy);
		put_num(c, f, "cardiac", j->cardiac);
		put_num(c, f, "hours", j->heavy_hours);
		put_num(c, f, "peak", j->peak);
		assert_fact(c, f);
	}
	for (int r = 0; r < KJ_ROWS; r++) {
		f = fact(c, c->requirement);
		put_sym(c, f, "rule", c->rule[11 + r]);
		put_sym(c, f, "value", j->rows[r] < 0 ? c->nil : j->rows[r] ? c->yes : c->no);
		put_sym(c, f, "required", kj_rows[r].required ? c->yes : c->no);
		assert_fact(c, f);
	}
}

static int index_of(void *const *syms, int n, void *sym)
{
	for (int i = 0; i < n; i++)
		if (syms[i] == sym)
			return i;
	return -1;
}

/* (emit RULE TASK STATUS): one finding, appended to the job's. */
static void emit(void *env)
{
	clips *c = GetEnvironmentContext(env);
	DATA_OBJECT rule, task, status;
	EnvRtnUnknown(env, 1, &rule);
	EnvRtnUnknown(env, 2, &task);
	EnvRtnUnknown(env, 3, &status);
	int r = index_of(c->rule, KJ_RULES, GetValue(rule));
	int s = index_of(c->status, 4, GetValue(status));
	if (r < 0 || s < 0 || GetType(task) != INTEGER || c->n == KJ_MAX_FINDINGS) {
		c->bad = 1;
		return;
	}
	c->out[c->n++] = (kj_finding){(unsigned char)r, (unsigned char)s, (short)DOToLong(task)};
}

/* Reset, facts, run; the number of findings emitted into out, or -1. */
static int kader(clips *c, const kj_job *j, int age, kj_finding *out)
{
	c->out = out;
	c->n = c->bad = 0;
	EnvReset(c->env);
	assert_job(c, j, age);
	EnvRun(c->env, -1);
	return c->bad ? -1 : c->n;
}

/* A symbol kept for the whole run: CLIPS frees one that nothing counts
 * when it collects its garbage, and these are compared by address. */
static void *intern(clips *c, const char *name)
{
	void *sym = EnvAddSymbol(c->env, name);
	IncrementSymbolCount(sym);
	return sym;
}

static int setup(clips *c, const char *clp)
{
	memset(c, 0, sizeof *c);
	if (!(c->env = CreateEnvironment()))
		return -1;
	SetEnvironmentContext(c->env, c);
	if (!EnvDefineFunction2(c->env, "emit", 'v', PTIEF emit, "emit", "33") ||
	    EnvLoad(c->env, (char *)clp) != 1)
		return -1;
	void **t[] = {&c->person,  &c->handling,  &c->push_pull, &c->repetition,
	              &c->posture, &c->vibration, &c->heavy,     &c->requirement};
	const char *names[] = {"person",  "handling",  "push-pull",  "repetition",
	                       "posture", "vibration", "heavy-work", "requirement"};
	for (int i = 0; i < 8; i++)
		if (!(*t[i] = EnvFindDeftemplate(c->env, names[i])))
			return -1;
	for (int i = 0; i < 4; i++)
		c->status[i] = intern(c, kj_status_names[i]);
	for (int i = 0; i < KJ_RULES; i++)
		c->rule[i] = intern(c, kj_rule_names[i]);
	c->nil = intern(c, "nil");
	c->yes = intern(c, "TRUE");
	c->no = intern(c, "FALSE");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: bench_clips CLP DIR AGE DUMP\n");
		return 2;
	}
	int n, age = atoi(argv[3]);
	char **files = kj_list(argv[2], &n);
	kj_job *jobs = malloc((size_t)(n ? n : 1) * sizeof *jobs);
	kj_finding *f = malloc(KJ_MAX_FINDINGS * sizeof *f);
	FILE *dump = fopen(argv[4], "w");
	clips c;
	if (n == 0 || !jobs || !f || !dump || setup(&c, argv[1]) < 0) {
		fprintf(stderr,
		        "bench_clips: no profiles in %s, no memory, %s, or %s does not load\n",
		        argv[2], argv[4], argv[1]);
		return 2;
	}
	for (int i = 0; i < n; i++)
		if (kj_load(files[i], &jobs[i]) < 0)
			return 2;
	for (int i = 0; i < n; i++) {
		int k = kader(&c, &jobs[i], age, f);
		if (k < 0) {
			fprintf(stderr, "bench_clips: %s: a finding of no known rule or status\n",
			        files[i]);
			return 2;
		}
		kj_dump(dump, &jobs[i], f, k);
	}
	if (fclose(dump) != 0)
		return 2;
	long done = 0, exceeded = 0;
	double t0 = kj_now(), t;
	do {
		for (int i = 0; i < n; i++, done++) {
			int k = kader(&c, &jobs[i], age, f);
			for (int x = 0; x < k; x++)
				exceeded += f[x].status == KJ_EXCEEDS;
		}
	} while ((t = kj_now() - t0) < 2.0);
	printf("clips_us %.3f\nclips_exceeded %ld\n", 1e6 * t / (double)done, exceeded * n / done);
	DestroyEnvironment(c.env);
	for (int i = 0; i < n; i++)
		free(files[i]);
	free(files);
	for (int i = 0; i < n; i++)
		kj_free(&jobs[i]);
	free(jobs);
	free(f);
	return 0;
}
