/*
 * search.c — which combinations of the offered adaptations make the job
 * feasible.
 *
 * Model. A set works when, with its members applied in catalogue order, no
 * finding exceeds (unknown neither blocks nor satisfies; a finding that is
 * gone or not-applicable counts as fixed). We list the minimal working sets
 * (no proper subset works), cheapest first; ties: fewer members, then ids.
 *
 * Sets can be large (the order picker needs 8–9 members), so 2^n subsets of
 * all offers is out of the question. Instead (doc/search.md says why each
 * step is exact):
 *  1. Offers are grouped by what the catalogue says they write and the rule
 *     sets say their rules read (deps.c): offers whose writes can meet a
 *     common finding's reads, or each other's, are one group. No finding
 *     can then be changed by offers of two groups, whatever the subset —
 *     also one that only appears once an offer is applied — so a subset
 *     works exactly when its part in each group works there.
 *  2. The findings of the job as it is get their keys (set, rule, task,
 *     element) and each key its group: the one whose offers can change it,
 *     or none (an exceeding finding no offer can change is unresolved).
 *  3. In a group, subsets are evaluated by size, running only the rules the
 *     group can change; none that holds a minimal set already found is
 *     evaluated. A subset under which none of the group's findings exceeds
 *     settles that nothing of the group is unresolved; a group without one
 *     has had every subset evaluated, and its unresolved findings (those
 *     that exceed under every subset) and minimal sets come from them.
 *  4. A minimal set of the whole is one minimal set per group; the cheapest
 *     combinations come out of a best-first walk over the product, so
 *     thousands of combinations cost nothing.
 *  5. Each listed set is evaluated whole, with every rule: a declaration
 *     that left out a read would show here as a set that does not work,
 *     dropped and counted (rejected). When every set is a shipped one,
 *     whose reads the brute-force test holds, only the rules some offer
 *     can change run (verify_only), but for the evaluation a report's
 *     chart shows, which runs every rule.
 *  6. When the result will be shown (not for rank), each listed set is
 *     explained: what each member resolves, from the set evaluated without
 *     it (one evaluation a member). The report then reads it and runs no
 *     rule set itself; a rule set failing here is the search's failure.
 *
 * Limit. A group of more than max_group offers is not searched: its
 * exceeding findings are listed as not searched and the verdict cannot be
 * better than incomplete. The report says so.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "deps.h"
#include "rules.h"
#include "search.h"
#include "strbuf.h"

/* A finding's identity across evaluations: only set, rule, task and element are
 * meaningful, compared with cmi_finding_same_key. */
typedef cmi_finding key;

typedef struct searcher {
	cm_ctx *ctx;
	const cm_job *job;
	const cmi_eval_input *proto; /* the assessment's job, person, age and sets */
	const cmi_eval *base;
	cmi_arena *arena;
	cm_error *err;
	cmi_search *out;
	const cmi_adaptation **offer; /* as offered in the profile */
	int noffer;
	key *keys;
	int nkeys, capkeys;
	int *slots;                  /* open-addressing hash of keys: index or -1; owned */
	unsigned nslots;             /* a power of two, at least twice nkeys */
	const cmi_finding **base_at; /* nbase: the base's finding of each key, or NULL */
	int nbase;                   /* keys known once the base was read */
	/* nbase: for a key of a rule that declares own_task and names a task,
	 * that task's index in the job; else -1 (narrowed evaluations) */
	int *base_task;
	const char *const *narrow_to; /* the next evaluation's (cmi_eval_input) */
	/* nsets: why a set failed on the job as it is, or NULL. It is not run
	 * again on any adapted job (a looping rule set cost 0.22 s an evaluation,
	 * 299 s over a 1,000-offer job); one that fails only on some adapted
	 * jobs is run on the others, and the check's time budget bounds it. */
	const char **skip;
	int *kgroup;            /* capkeys: the group whose offers can change key k, or -1 */
	cmi_deps_groups groups; /* owned: cmi_deps_groups_free */
	/* groups.ngroups: the rules the offers of group id can change (a group's
	 * `only`, in the arena), NULL where that group was not searched; and
	 * the rules explaining a member of it runs (explain_only), made once */
	unsigned char ***only_of;
	const unsigned char *const **explain_of;
	/* the groups with sets, their subsets' keys kept for the explanations
	 * (search_group) while combine runs; else NULL */
	struct group *kept;
	int nkept;
	size_t kept_bytes; /* what the kept groups' subsets hold, at most KEPT_BYTES */
	/* the rules a listed set is verified with (verify_only), made once;
	 * verify_made: it was (NULL then means every rule) */
	const unsigned char *const *verify_mask;
	int verify_made;
} searcher;

enum { KEPT_BYTES = 16 << 20 };

/* Sets are shown in the order the profile offers them; cmi_evaluate applies
 * them in catalogue order whatever the order here. */
static int by_offer(const void *a, const void *b)
{
	return (*(const cmi_adaptation *const *)a)->order -
	       (*(const cmi_adaptation *const *)b)->order;
}

/* Keys are found by hash, so that a job of thousands of findings costs a
 * lookup per finding, not a comparison with every key (a 200-task job with
 * 10,000 findings took 197 s in the search when keys were scanned). */
/* The slot of f's key: where it is, or the empty slot where it would go. */
static unsigned key_slot(const searcher *S, const cmi_finding *f)
{
	unsigned i = cmi_finding_key_hash(f) & (S->nslots - 1);
	while (S->slots[i] >= 0 && !cmi_finding_same_key(&S->keys[S->slots[i]], f))
		i = (i + 1) & (S->nslots - 1);
	return i;
}

static int rehash(searcher *S)
{
	unsigned n = S->nslots ? S->nslots * 2 : 256;
	int *slots = cmi_alloc(S->ctx, n * sizeof *slots);
	if (!slots)
		return 0;
	cmi_free(S->ctx, S->slots);
	S->slots = slots;
	S->nslots = n;
	for (unsigned i = 0; i < n; i++)
		slots[i] = -1;
	for (int k = 0; k < S->nkeys; k++)
		slots[key_slot(S, &S->keys[k])] = k;
	return 1;
}

/* The key of f, or -1 when there is none. */
static int key_find(const searcher *S, const cmi_finding *f)
{
	return S->nslots ? S->slots[key_slot(S, f)] : -1;
}

/* The key of f, added if new; -1 when out of memory. */
static int key_of(searcher *S, const cmi_finding *f)
{
	int found = key_find(S, f);
	if (found >= 0)
		return found;
	if ((unsigned)(S->nkeys + 1) * 2 > S->nslots && !rehash(S))
		return -1;
	if (S->nkeys == S->capkeys) {
		int cap = S->capkeys ? S->capkeys * 2 : 64;
		key *grown = cmi_realloc(S->ctx, S->keys, (size_t)cap * sizeof *grown);
		if (!grown)
			return -1;
		S->keys = grown;
		int *kgroup = cmi_realloc(S->ctx, S->kgroup, (size_t)cap * sizeof *kgroup);
		if (!kgroup)
			return -1;
		S->kgroup = kgroup;
		S->capkeys = cap;
	}
	key *k = &S->keys[S->nkeys];
	memset(k, 0, sizeof *k);
	k->set = f->set;
	k->rule = f->rule;
	k->task = f->task ? cmi_arena_strdup(S->arena, f->task) : NULL;
	k->element = f->element ? cmi_arena_strdup(S->arena, f->element) : NULL;
	if ((f->task && !k->task) || (f->element && !k->element))
		return -1;
	S->kgroup[S->nkeys] = cmi_deps_finding_group(&S->groups, S->job, f->set, f->rule, f->task);
	S->slots[key_slot(S, k)] = S->nkeys;
	return S->nkeys++;
}

/* ev's finding of every key (NULL where it has none), in one pass over its
 * findings; a finding of no key is new to the search and plays no part.
 * The caller frees *at with cmi_free. */
static cm_status by_key(searcher *S, const cmi_eval *ev, const cmi_finding ***at)
{
	*at = cmi_alloc(S->ctx, (size_t)S->nkeys * sizeof **at + 1);
	if (!*at)
		return cmi_error_nomem(S->err);
	for (int k = 0; k < S->nkeys; k++)
		(*at)[k] = NULL;
	for (int i = 0; i < ev->nfindings; i++) {
		int k = key_find(S, &ev->findings[i]);
		if (k >= 0 && !(*at)[k])
			(*at)[k] = &ev->findings[i];
	}
	return CM_OK;
}

/* The base's finding of key k, or NULL (the key came up later, in an
 * adapted job's evaluation). */
static const cmi_finding *base_of(const searcher *S, int k)
{
	return k < S->nbase ? S->base_at[k] : NULL;
}

/* A rule set that ran in the base but failed here makes a version unusable. */
static int breaks_rules(const cmi_eval *base, const cmi_eval *ev)
{
	for (int i = 0; i < ev->nsets; i++)
		if (ev->failed[i] && !base->failed[i])
			return 1;
	return 0;
}

/* The first rule set that fails on an adapted job (but ran on the job as
 * it is) is kept: the search cannot then say what that set would have found,
 * and the verdict must not pretend it knows. */
static cm_status note_failure(searcher *S, const cmi_adaptation **apply, int n, const cmi_eval *ev)
{
	for (int i = 0; i < ev->nsets; i++) {
		if (!ev->failed[i] || S->base->failed[i] || S->out->failure)
			continue;
		cmi_sb with;
		cmi_sb_init(&with, S->ctx);
		for (int k = 0; k < n; k++)
			cmi_sb_printf(&with, "%s%s", k ? ", " : "", apply[k]->id);
		S->out->failure = cmi_arena_strdup(S->arena, ev->failed[i]);
		S->out->failure_with = cmi_arena_strdup(S->arena, with.buf ? with.buf : "-");
		int failed = with.failed;
		cmi_sb_free(&with);
		if (failed || !S->out->failure || !S->out->failure_with)
			return cmi_error_nomem(S->err);
	}
	return CM_OK;
}

/* count: the search's own evaluations are counted (the report's
 * "evaluations"); explaining a listed set's members is not searching. */
static cm_status evaluate_counted(searcher *S, const cmi_adaptation **apply, int n,
                                  const unsigned char *const *only, cmi_eval *ev, int count,
                                  int stop_if_idle, int want_hours)
{
	S->out->evaluations += count;
	cmi_eval_input in = *S->proto; /* the job, person and sets of the assessment */
	in.stop_if_idle = stop_if_idle;
	in.narrow_to = stop_if_idle ? S->narrow_to : NULL;
	in.apply = apply;
	in.napply = n;
	in.skip = S->skip;
	in.render = 0; /* never shown */
	in.scored = 0;
	in.only = only;
	in.want_hours = want_hours;
	cm_status st = cmi_evaluate(S->ctx, &in, ev, S->err);
	if (st == CM_OK && ev->idle) /* no rule ran */
		S->out->evaluations -= count;
	else if (st == CM_OK && breaks_rules(S->base, ev))
		st = note_failure(S, apply, n, ev);
	return st;
}

static cm_status evaluate(searcher *S, const cmi_adaptation **apply, int n,
                          const unsigned char *const *only, cmi_eval *ev)
{
	return evaluate_counted(S, apply, n, only, ev, 1, 0, 0);
}

/* Steps 1 and 2: the groups, from the declarations (deps.c), and the key
 * of every finding of the job as it is. */
static cm_status group_offers(searcher *S)
{
	/* A set that failed on the job as it is does not run again (S->skip):
	 * what it reads groups nothing. */
	int nsets = cmi_nrulesets(S->ctx);
	unsigned char *runs = cmi_arena_alloc(S->arena, (size_t)nsets + 1);
	if (!runs)
		return cmi_error_nomem(S->err);
	for (int i = 0; i < nsets; i++)
		runs[i] = (unsigned char)((!S->proto->active || S->proto->active[i]) &&
		                          !(i < S->base->nsets && S->base->failed[i]) &&
		                          !cmi_ruleset_at(S->ctx, i)->unusable);
	cm_status st = cmi_deps_group(S->ctx, S->job, runs, &S->groups, S->err);
	for (int i = 0; st == CM_OK && i < S->base->nfindings; i++)
		if (key_of(S, &S->base->findings[i]) < 0)
			st = cmi_error_nomem(S->err);
	if (st == CM_OK)
		st = by_key(S, S->base, &S->base_at);
	S->nbase = S->nkeys;
	if (st == CM_OK && !(S->base_task = cmi_arena_alloc(
	                         S->arena, (size_t)S->nbase * sizeof *S->base_task + 1)))
		st = cmi_error_nomem(S->err);
	for (int k = 0; st == CM_OK && k < S->nbase; k++) {
		const cmi_finding *f = S->base_at[k];
		const cmi_deps_groups *G = &S->groups;
		const cmi_task *t = f && f->task && G->own_task[G->first_rule[f->set] + f->rule]
		                        ? cmi_job_find_task(S->job, f->task)
		                        : NULL;
		S->base_task[k] = t ? (int)(t - S->job->tasks) : -1;
	}
	return st;
}

/* One group being searched: its subsets' exceeding keys, as sorted lists
 * in one pool (exceed[mask] the offset, -1 not evaluated). */
typedef struct group {
	int id;
	const cmi_adaptation **offer; /* members, as offered */
	int n;
	long *exceed;         /* 1 << n offsets into pool, -1: not evaluated */
	unsigned char *valid; /* 1 << n: evaluated without breaking a rule set */
	int *pool;            /* per evaluated subset: count, then that many keys; owned */
	long npool, cappool;
	unsigned char **only; /* the rules the group's offers can change: all a subset runs */
	cmi_set *sets;        /* minimal sets, sorted */
	int nsets;
	/* Equal subsets (canonical): members that remove their task, members
	 * that may read any task, and for each member i that removes a task,
	 * the members aimed at that task which it hides (task-only ones, i
	 * too), those that stop it hiding them (the others aimed there), and
	 * the first member of its kind that removes the same task (rep). */
	unsigned removers, any_task, inert;
	unsigned narrowable; /* members aimed at a task, kept to its cells */
	int *task;           /* each member's task index, or -1 */
	unsigned *hides, *blocks;
	int *rep;
	/* Twins (canonical): for each member, the members of its kind (kin)
	 * and those that also have its attributes (twins, itself among them;
	 * itself alone when the catalogue may read more than the attributes) */
	unsigned *kin, *twins;
	int has_twins;
} group;

static int pool_add(searcher *S, group *g, int value)
{
	if (g->npool == g->cappool) {
		long cap = g->cappool ? g->cappool * 2 : 1024;
		int *grown = cmi_realloc(S->ctx, g->pool, (size_t)cap * sizeof *grown);
		if (!grown)
			return 0;
		g->pool = grown;
		g->cappool = cap;
	}
	g->pool[g->npool++] = value;
	return 1;
}

static int by_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* Records which of ev's findings of the group's slots exceed, for mask. */
static cm_status record(searcher *S, group *g, unsigned mask, const cmi_eval *ev, int valid,
                        const unsigned char *touched)
{
	long at = g->npool;
	if (!pool_add(S, g, 0))
		return cmi_error_nomem(S->err);
	/* narrowed (touched: by task index): an own_task rule saw only the
	 * touched tasks, and its findings about the others are the base's */
	for (int k = 0; touched && k < S->nbase; k++)
		if (S->kgroup[k] == g->id && S->base_task[k] >= 0 && !touched[S->base_task[k]] &&
		    S->base_at[k]->status == CM_EXCEEDS && !pool_add(S, g, k))
			return cmi_error_nomem(S->err);
	for (int i = 0; i < ev->nfindings; i++) {
		const cmi_finding *f = &ev->findings[i];
		if (f->status != CM_EXCEEDS)
			continue;
		int k = key_of(S, f);
		if (k < 0 || !pool_add(S, g, k))
			return cmi_error_nomem(S->err);
		if (S->kgroup[k] != g->id)
			g->npool--; /* another group's, or nobody's */
	}
	int n = (int)(g->npool - at - 1), *keys = &g->pool[at + 1];
	qsort(keys, (size_t)n, sizeof *keys, by_int);
	int u = 0; /* a key twice in one evaluation (two findings of one element) counts once */
	for (int i = 0; i < n; i++)
		if (u == 0 || keys[u - 1] != keys[i])
			keys[u++] = keys[i];
	g->pool[at] = u;
	g->npool = at + 1 + u;
	g->exceed[mask] = at;
	g->valid[mask] = (unsigned char)valid;
	return CM_OK;
}

/* The subset equal to mask with what changes nothing taken out: every
 * offer that writes only in elements its task lacks (no kind adds one),
 * and every offer aimed at a task that one of mask's members removes (those
 * of its kind taken by the first of them that removes it). Its job table is
 * the same as mask's, so its findings are the same (doc/search.md, "Equal
 * subsets"): an offer aimed at a task reads and writes only that task's
 * cells, the task's cells are out of the job once it is removed, and a
 * removal depends on the task alone. Nothing changes when a member may read
 * any task, or reads and writes outside the task it is aimed at. */
static unsigned without_moot(const group *g, unsigned mask)
{
	mask &= ~g->inert;
	unsigned on = mask & g->removers;
	if (!on || (mask & g->any_task))
		return mask;
	unsigned out = mask, reps = 0;
	for (int i = 0; i < g->n; i++)
		if ((on & (1u << i)) && !(mask & g->blocks[i])) {
			out &= ~g->hides[i];
			reps |= 1u << g->rep[i];
		}
	return out | reps;
}

/* The subset equal to mask with each twin as early as it can stand: an
 * evaluation applies the offers of one kind in the profile's order, so
 * mask's job table is made by the sequence of attribute sets its members
 * of each kind give in that order; the first members that give the same
 * sequence (for each, the first twin after the one chosen before it of
 * its kind) make the same table. It is never later in the search's order
 * (by size, then by mask), so it is evaluated first. */
static unsigned twins_first(const group *g, unsigned mask)
{
	if (!g->has_twins)
		return mask;
	unsigned out = 0;
	for (int i = 0; i < g->n; i++) {
		if (!(mask & (1u << i)))
			continue;
		/* after every member of its kind chosen so far */
		unsigned chosen = out & g->kin[i];
		unsigned after = chosen ? ~((2u << (31 - __builtin_clz(chosen))) - 1) : ~0u;
		out |= 1u << __builtin_ctz(g->twins[i] & after);
	}
	return out;
}

static unsigned canonical(const group *g, unsigned mask)
{
	return twins_first(g, without_moot(g, mask));
}

static cm_status subset_eval(searcher *S, group *g, unsigned mask)
{
	unsigned equal = canonical(g, mask);
	if (equal != mask && g->exceed[equal] >= 0) {
		g->exceed[mask] = g->exceed[equal];
		g->valid[mask] = g->valid[equal];
		return CM_OK;
	}
	const cmi_adaptation *apply[32];
	int n = 0;
	for (int i = 0; i < g->n; i++)
		if (mask & (1u << i))
			apply[n++] = g->offer[i];
	/* Every member aimed at a task and kept to its cells: own_task rules
	 * need see only those tasks (evaluate.h, narrow_to). */
	int narrowed = mask && !(mask & ~g->narrowable) && S->job->ntasks <= 256;
	unsigned char touched[256];
	const char *ids[33];
	if (narrowed) {
		int nids = 0;
		memset(touched, 0, (size_t)S->job->ntasks);
		for (int i = 0; i < g->n; i++) {
			int t = (mask & (1u << i)) ? g->task[i] : -1;
			if (t >= 0 && !touched[t]) {
				touched[t] = 1;
				ids[nids++] = S->job->tasks[t].id;
			}
		}
		ids[nids] = NULL;
	}
	S->narrow_to = narrowed ? ids : NULL;
	cmi_eval ev;
	const unsigned char *const *only = (const unsigned char *const *)g->only;
	cm_status st = evaluate_counted(S, apply, n, only, &ev, 1, 1, 0);
	S->narrow_to = NULL;
	if (st == CM_OK && ev.idle) {
		narrowed = 0; /* the whole job below */
		/* a member changed nothing where it stands in the order: the job
		 * is the subset's without it, which is smaller, so evaluated
		 * already (or holding a minimal set, and then so would this) */
		unsigned without = mask;
		for (int i = 0; i < g->n; i++)
			if (g->offer[i] == ev.idle)
				without &= ~(1u << i);
		cmi_eval_free(&ev);
		if (without != mask && g->exceed[without] >= 0) {
			g->exceed[mask] = g->exceed[without];
			g->valid[mask] = g->valid[without];
			return CM_OK;
		}
		st = evaluate(S, apply, n, only, &ev);
	}
	if (st == CM_OK)
		st =
		    record(S, g, mask, &ev, !breaks_rules(S->base, &ev), narrowed ? touched : NULL);
	cmi_eval_free(&ev);
	return st;
}

/* Appends to a list in the arena. Its room doubles (8, 16, 32…), so that
 * is implied by *n and thousands of entries cost a linear number of
 * copies, not one copy of the list per entry. */
static int add_index(searcher *S, int **list, int *n, int value)
{
	int full = *n == 0 || (*n >= 8 && (*n & (*n - 1)) == 0);
	if (full) {
		size_t room = *n < 8 ? 8 : (size_t)*n * 2;
		int *grown = cmi_arena_alloc(S->arena, room * sizeof *grown);
		if (!grown)
			return 0;
		if (*n)
			memcpy(grown, *list, (size_t)*n * sizeof *grown);
		*list = grown;
	}
	(*list)[(*n)++] = value;
	return 1;
}

/* Records the base finding of key k in list (unresolved or unsearched). */
static cm_status list_key(searcher *S, int k, int **list, int *n)
{
	const cmi_finding *f = base_of(S, k);
	if (!f || f->status != CM_EXCEEDS)
		return CM_OK;
	return add_index(S, list, n, (int)(f - S->base->findings)) ? CM_OK
	                                                           : cmi_error_nomem(S->err);
}

static int popcount(unsigned m)
{
	return __builtin_popcount(m); /* called for every subset of every size */
}

static int compare_sets(const cmi_set *a, const cmi_set *b)
{
	if (a->cost_eur != b->cost_eur)
		return a->cost_eur < b->cost_eur ? -1 : 1;
	if (a->n != b->n)
		return a->n - b->n;
	for (int i = 0; i < a->n && i < b->n; i++) {
		int c = strcmp(a->members[i]->id, b->members[i]->id);
		if (c)
			return c;
	}
	return 0;
}

static int compare_sets_qsort(const void *a, const void *b)
{
	return compare_sets(a, b);
}

static cm_status add_group_set(searcher *S, group *g, unsigned mask)
{
	cmi_set *grown = cmi_arena_alloc(S->arena, (size_t)(g->nsets + 1) * sizeof *grown);
	const cmi_adaptation **members =
	    cmi_arena_alloc(S->arena, (size_t)(popcount(mask) + 1) * sizeof *members);
	if (!grown || !members)
		return cmi_error_nomem(S->err);
	if (g->nsets)
		memcpy(grown, g->sets, (size_t)g->nsets * sizeof *grown);
	cmi_set *s = &grown[g->nsets++];
	memset(s, 0, sizeof *s);
	s->members = members;
	for (int i = 0; i < g->n; i++)
		if (mask & (1u << i)) {
			s->members[s->n++] = g->offer[i];
			s->cost_eur += g->offer[i]->cost_eur;
		}
	g->sets = grown;
	return CM_OK;
}

static const int *keys_at(const group *g, unsigned mask, int *n)
{
	const int *at = &g->pool[g->exceed[mask]];
	*n = at[0];
	return at + 1;
}

/* Step 3, lazily: subsets by size, none that holds a minimal set already
 * found. A subset under which no finding of the group exceeds is clean;
 * once one is found, no finding of the group is unresolved (that subset
 * fixes each), so the minimal working subsets are the minimal clean ones
 * and a superset of one never needs evaluating. Until one is found nothing
 * is skipped, so a group without a clean subset has every subset evaluated
 * and is finished by minimal_sets. */
static cm_status lazy_sets(searcher *S, group *g, unsigned *minimal, int *nmin)
{
	unsigned full = 1u << g->n;
	cm_status st = CM_OK;
	for (int size = 1; st == CM_OK && size <= g->n; size++) {
		int open = 0;
		for (unsigned m = 1; st == CM_OK && m < full; m++) {
			if (popcount(m) != size)
				continue;
			int dominated = 0;
			for (int i = 0; i < *nmin && !dominated; i++)
				dominated = (minimal[i] & m) == minimal[i];
			if (dominated)
				continue;
			open = 1;
			if ((st = subset_eval(S, g, m)) != CM_OK)
				break;
			int n;
			keys_at(g, m, &n);
			if (g->valid[m] && n == 0) {
				minimal[(*nmin)++] = m;
				st = add_group_set(S, g, m);
			}
		}
		if (!open) /* every subset of this size holds a minimal one: so does every larger */
			break;
	}
	return st;
}

/* Step 3 for a group without a clean subset, every subset evaluated: a
 * key that exceeds under every valid subset is unresolved; the minimal
 * subsets under which nothing else exceeds are found in order of size. */
static cm_status minimal_sets(searcher *S, group *g, unsigned *minimal)
{
	unsigned full = 1u << g->n;
	/* the group's keys, and for each whether some valid subset fixes it */
	int nk = 0, *keys = NULL;
	unsigned char *fixable = NULL;
	for (unsigned m = 0; m < full; m++) {
		int n;
		const int *at = keys_at(g, m, &n);
		for (int i = 0; i < n; i++) {
			int seen = 0;
			for (int j = 0; j < nk && !seen; j++)
				seen = keys[j] == at[i];
			if (!seen && !add_index(S, &keys, &nk, at[i]))
				return cmi_error_nomem(S->err);
		}
	}
	if (!(fixable = cmi_arena_alloc(S->arena, (size_t)nk + 1)))
		return cmi_error_nomem(S->err);
	for (int j = 0; j < nk; j++) {
		fixable[j] = 0;
		for (unsigned m = 0; m < full && !fixable[j]; m++) {
			if (!g->valid[m])
				continue;
			int n, in = 0;
			const int *at = keys_at(g, m, &n);
			for (int i = 0; i < n && !in; i++)
				in = at[i] == keys[j];
			fixable[j] = (unsigned char)!in;
		}
		if (!fixable[j] && list_key(S, keys[j], &S->out->unresolved, &S->out->nunresolved))
			return CM_ENOMEM;
	}
	int nmin = 0;
	for (int size = 0; size <= g->n; size++)
		for (unsigned m = 0; m < full; m++) {
			if (popcount(m) != size || !g->valid[m])
				continue;
			int n, works = 1;
			const int *at = keys_at(g, m, &n);
			for (int i = 0; i < n && works; i++)
				for (int j = 0; j < nk; j++)
					if (keys[j] == at[i])
						works = !fixable[j];
			if (!works)
				continue;
			int dominated = 0;
			for (int i = 0; i < nmin && !dominated; i++)
				dominated = (minimal[i] & m) == minimal[i];
			if (dominated)
				continue;
			minimal[nmin++] = m;
			if (m && add_group_set(S, g, m) != CM_OK)
				return CM_ENOMEM;
		}
	if (nmin == 0) /* the fixable findings cannot all be fixed together */
		for (int j = 0; j < nk; j++)
			if (fixable[j] &&
			    list_key(S, keys[j], &S->out->unresolved, &S->out->nunresolved))
				return CM_ENOMEM;
	return CM_OK;
}

/* A subset's evaluation is read at the group's findings only, so it runs
 * only the rules with findings the group's offers can change: a group of
 * lifting aids runs load and tonnage, not all 22. What the other rules
 * find cannot depend on the group's offers (deps.c). */
static cm_status rules_of_group(searcher *S, group *g)
{
	int nsets = cmi_nrulesets(S->ctx);
	const cmi_deps_groups *G = &S->groups;
	g->only = cmi_arena_alloc(S->arena, (size_t)nsets * sizeof *g->only + 1);
	if (!g->only)
		return cmi_error_nomem(S->err);
	for (int s = 0; s < nsets; s++) {
		int first = G->first_rule[s], nrules = G->first_rule[s + 1] - first;
		g->only[s] = NULL;
		for (int r = 0; r < nrules; r++) {
			int mine = 0;
			for (int t = 0; t <= S->job->ntasks && !mine; t++)
				mine = G->slot_group[first + r][t] == g->id;
			if (!mine)
				continue;
			if (!g->only[s]) {
				if (!(g->only[s] = cmi_arena_alloc(S->arena, (size_t)nrules + 1)))
					return cmi_error_nomem(S->err);
				memset(g->only[s], 0, (size_t)nrules + 1);
			}
			g->only[s][r] = 1;
		}
	}
	return CM_OK;
}

/* Whether a and b, of one kind, take the same attributes, as written:
 * "3" and "3.0" count as different, which only costs an evaluation. */
static int same_attributes(const cmi_adaptation *a, const cmi_adaptation *b)
{
	if (a->nattrs != b->nattrs)
		return 0;
	for (int i = 0; i < a->nattrs; i++) {
		int found = 0;
		for (int j = 0; j < b->nattrs && !found; j++)
			found = !strcmp(a->attrs[i].name, b->attrs[j].name) &&
			        !strcmp(a->attrs[i].value, b->attrs[j].value);
		if (!found)
			return 0;
	}
	return 1;
}

/* The masks canonical() reads, from what deps.c says of each member
 * (index: each member's position among the job's offers). */
static cm_status equal_subsets(searcher *S, group *g, const int *index)
{
	const cmi_deps_groups *G = &S->groups;
	int n = g->n > 32 ? 0 : g->n; /* a group too large to search needs none */
	g->hides = cmi_arena_alloc(S->arena, (size_t)n * sizeof *g->hides + 1);
	g->blocks = cmi_arena_alloc(S->arena, (size_t)n * sizeof *g->blocks + 1);
	g->rep = cmi_arena_alloc(S->arena, (size_t)n * sizeof *g->rep + 1);
	g->task = cmi_arena_alloc(S->arena, (size_t)n * sizeof *g->task + 1);
	g->kin = cmi_arena_alloc(S->arena, (size_t)n * sizeof *g->kin + 1);
	g->twins = cmi_arena_alloc(S->arena, (size_t)n * sizeof *g->twins + 1);
	if (!g->hides || !g->blocks || !g->rep || !g->task || !g->kin || !g->twins)
		return cmi_error_nomem(S->err);
	const cmi_catalogue *cat = cmi_rules_catalogue(S->ctx);
	int compiled = cat && cat->compiled;
	for (int i = 0; i < n; i++) {
		g->kin[i] = g->twins[i] = 0;
		for (int j = 0; j < n; j++) {
			if (g->offer[j]->kind_index != g->offer[i]->kind_index)
				continue;
			g->kin[i] |= 1u << j;
			if (j == i || (compiled && same_attributes(g->offer[i], g->offer[j])))
				g->twins[i] |= 1u << j;
		}
		g->has_twins |= g->twins[i] != 1u << i;
	}
	for (int i = 0; i < n; i++) {
		int a = index[i], t = G->task_of[a];
		g->task[i] = t;
		if ((G->role[a] & CMI_OFFER_TASK_ONLY) && t >= 0)
			g->narrowable |= 1u << i;
		g->hides[i] = g->blocks[i] = 0;
		g->rep[i] = i;
		if (G->role[a] & CMI_OFFER_ANY_TASK)
			g->any_task |= 1u << i;
		if (G->role[a] & CMI_OFFER_INERT)
			g->inert |= 1u << i;
		if (!(G->role[a] & CMI_OFFER_REMOVES))
			continue;
		g->removers |= 1u << i;
		for (int j = n - 1; j >= 0; j--) {
			int b = index[j];
			if (G->task_of[b] != t)
				continue;
			if (G->role[b] & CMI_OFFER_TASK_ONLY)
				g->hides[i] |= 1u << j;
			else
				g->blocks[i] |= 1u << j;
			if ((G->role[b] & CMI_OFFER_REMOVES) &&
			    S->offer[b]->kind_index == S->offer[a]->kind_index)
				g->rep[i] = j; /* the first, as j falls */
		}
	}
	return CM_OK;
}

static cm_status collect_group(searcher *S, int id, group *g)
{
	memset(g, 0, sizeof *g);
	g->id = id;
	g->offer = cmi_arena_alloc(S->arena, (size_t)S->noffer * sizeof *g->offer);
	if (!g->offer)
		return cmi_error_nomem(S->err);
	int *index = cmi_arena_alloc(S->arena, (size_t)S->noffer * sizeof *index);
	if (!index)
		return cmi_error_nomem(S->err);
	for (int i = 0; i < S->noffer; i++)
		if (S->groups.group_of[i] == id) {
			index[g->n] = i;
			g->offer[g->n++] = S->offer[i];
		}
	return equal_subsets(S, g, index);
}

/* Does any finding of the group exceed on the job as it is? */
static int group_exceeds(const searcher *S, const group *g)
{
	for (int k = 0; k < S->nkeys; k++)
		if (S->kgroup[k] == g->id && base_of(S, k) && base_of(S, k)->status == CM_EXCEEDS)
			return 1;
	return 0;
}

static void free_subsets(searcher *S, group *g)
{
	cmi_free(S->ctx, g->exceed);
	cmi_free(S->ctx, g->valid);
	cmi_free(S->ctx, g->pool);
	g->exceed = NULL;
	g->valid = NULL;
	g->pool = NULL;
}

static cm_status search_group(searcher *S, group *g)
{
	if (!group_exceeds(S, g)) /* the job as it is already clean there */
		return CM_OK;
	if (g->n > S->out->largest_group)
		S->out->largest_group = g->n;
	if (g->n > S->ctx->max_group) { /* at most CM_MAX_GROUP_CAP (ctx.c) */
		for (int k = 0; k < S->nkeys; k++)
			if (S->kgroup[k] == g->id &&
			    list_key(S, k, &S->out->unsearched, &S->out->nunsearched))
				return CM_ENOMEM;
		return CM_OK;
	}
	size_t full = (size_t)1 << g->n;
	g->exceed = cmi_alloc(S->ctx, full * sizeof *g->exceed);
	g->valid = cmi_alloc(S->ctx, full);
	unsigned *minimal = cmi_arena_alloc(S->arena, full * sizeof *minimal);
	cm_status st = (!g->exceed || !g->valid || !minimal) ? cmi_error_nomem(S->err) : CM_OK;
	if (st == CM_OK)
		st = rules_of_group(S, g);
	for (size_t m = 0; st == CM_OK && m < full; m++)
		g->exceed[m] = -1;
	if (st == CM_OK) /* the empty subset is the job as it is */
		st = record(S, g, 0, S->base, 1, NULL);
	int nmin = 0;
	if (st == CM_OK)
		st = lazy_sets(S, g, minimal, &nmin);
	if (st == CM_OK && nmin == 0)
		st = minimal_sets(S, g, minimal);
	if (st == CM_OK && g->nsets > 1)
		qsort(g->sets, (size_t)g->nsets, sizeof *g->sets, compare_sets_qsort);
	/* an explained search reads them again (explain), up to KEPT_BYTES for
	 * all its groups: a group of 16 offers holds 600 KB, and a job may
	 * hold sixty such; past that the explanation evaluates instead */
	size_t bytes = full * (sizeof *g->exceed + 1) + (size_t)g->npool * sizeof *g->pool;
	if (st == CM_OK && g->nsets > 0 && S->proto->render && bytes <= KEPT_BYTES - S->kept_bytes)
		S->kept_bytes += bytes;
	else
		free_subsets(S, g);
	return st == CM_OK ? CM_OK : (S->err->code ? S->err->code : cmi_error_nomem(S->err));
}

/* Exceeding findings that no offer can change. */
static cm_status untouched(searcher *S)
{
	for (int k = 0; k < S->nkeys; k++)
		if (S->kgroup[k] < 0 && list_key(S, k, &S->out->unresolved, &S->out->nunresolved))
			return CM_ENOMEM;
	return CM_OK;
}

/* ---- step 4: the cheapest combinations, one minimal set per group ------ */

typedef struct combo {
	double cost;
	int n;
	int last; /* position last incremented: successors increment >= last */
	int *idx; /* one chosen set per group */
} combo;

typedef struct heap {
	combo *items;
	int n, cap;
} heap;

static int combo_less(const combo *a, const combo *b)
{
	return a->cost < b->cost || (a->cost == b->cost && a->n < b->n);
}

static int heap_push(searcher *S, heap *h, combo c)
{
	if (h->n == h->cap) {
		int cap = h->cap ? h->cap * 2 : 64;
		combo *grown = cmi_realloc(S->ctx, h->items, (size_t)cap * sizeof *grown);
		if (!grown)
			return 0;
		h->items = grown;
		h->cap = cap;
	}
	int i = h->n++;
	while (i > 0 && combo_less(&c, &h->items[(i - 1) / 2])) {
		h->items[i] = h->items[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h->items[i] = c;
	return 1;
}

static combo heap_pop(heap *h)
{
	combo top = h->items[0], last = h->items[--h->n];
	int i = 0;
	for (;;) {
		int c = 2 * i + 1;
		if (c >= h->n)
			break;
		if (c + 1 < h->n && combo_less(&h->items[c + 1], &h->items[c]))
			c++;
		if (!combo_less(&h->items[c], &last))
			break;
		h->items[i] = h->items[c];
		i = c;
	}
	if (h->n > 0)
		h->items[i] = last;
	return top;
}

static int make_combo(searcher *S, group *gs, int ng, const int *idx, int last, combo *out)
{
	out->idx = cmi_arena_alloc(S->arena, (size_t)ng * sizeof *out->idx + 1);
	if (!out->idx)
		return 0;
	out->cost = 0;
	out->n = 0;
	out->last = last;
	for (int g = 0; g < ng; g++) {
		out->idx[g] = idx[g];
		out->cost += gs[g].sets[idx[g]].cost_eur;
		out->n += gs[g].sets[idx[g]].n;
	}
	return 1;
}

static cm_status materialise(searcher *S, group *gs, int ng, const combo *c, cmi_set *out)
{
	out->members = cmi_arena_alloc(S->arena, (size_t)c->n * sizeof *out->members + 1);
	if (!out->members)
		return cmi_error_nomem(S->err);
	out->n = 0;
	out->cost_eur = c->cost;
	for (int g = 0; g < ng; g++) {
		const cmi_set *s = &gs[g].sets[c->idx[g]];
		for (int i = 0; i < s->n; i++)
			out->members[out->n++] = s->members[i];
	}
	qsort(out->members, (size_t)out->n, sizeof *out->members, by_offer);
	return CM_OK;
}

/* Pops combinations cheapest first: the `want` cheapest and then those tied
 * with the last of them on cost and size (at most `room` in all), so that
 * the id tie-break can be applied exactly. */
static cm_status cheapest(searcher *S, group *gs, int ng, cmi_set *found, int *nfound, int want,
                          int room)
{
	heap h = {0};
	int *zero = cmi_arena_alloc(S->arena, (size_t)ng * sizeof *zero + 1);
	combo c, cut = {0};
	cm_status st = CM_OK;
	if (!zero || !make_combo(S, gs, ng, zero, 0, &c) || !heap_push(S, &h, c))
		st = cmi_error_nomem(S->err);
	while (st == CM_OK && h.n > 0 && *nfound < room) {
		c = heap_pop(&h);
		if (*nfound >= want && (c.cost != cut.cost || c.n != cut.n))
			break;
		st = materialise(S, gs, ng, &c, &found[(*nfound)++]);
		if (*nfound == want)
			cut = c;
		for (int g = c.last; st == CM_OK && g < ng; g++) {
			if (c.idx[g] + 1 >= gs[g].nsets)
				continue;
			c.idx[g]++;
			combo next;
			if (!make_combo(S, gs, ng, c.idx, g, &next) || !heap_push(S, &h, next))
				st = cmi_error_nomem(S->err);
			c.idx[g]--;
		}
	}
	cmi_free(S->ctx, h.items);
	return st;
}

static int listed(const searcher *S, const cmi_finding *f)
{
	for (int i = 0; i < S->out->nunresolved; i++)
		if (cmi_finding_same_key(f, &S->base->findings[S->out->unresolved[i]]))
			return 1;
	for (int i = 0; i < S->out->nunsearched; i++)
		if (cmi_finding_same_key(f, &S->base->findings[S->out->unsearched[i]]))
			return 1;
	return 0;
}

static int exceeds(const cmi_finding *f)
{
	return f && f->status == CM_EXCEEDS;
}

/* The rules an explanation of a member of group id runs: the group's own
 * of the shipped sets, whose `reads` the brute-force test holds, and every
 * rule of any other set (a user's), whose declarations nothing checks: a
 * rule that reads more than it says may fail on the set without the
 * member, and that failure must show (test_search, "resolves failure").
 * NULL (every rule) when the group has no mask or memory runs out. */
static const unsigned char *const *explain_only(searcher *S, int id)
{
	if (!S->only_of || !S->only_of[id])
		return NULL;
	if (S->explain_of[id])
		return S->explain_of[id];
	int nsets = cmi_nrulesets(S->ctx);
	const unsigned char **only = cmi_arena_alloc(S->arena, (size_t)nsets * sizeof *only + 1);
	if (!only)
		return NULL;
	for (int set = 0; set < nsets; set++) {
		const cmi_ruleset *rs = cmi_ruleset_at(S->ctx, set);
		if (rs->shared_job) {
			only[set] = S->only_of[id][set];
			continue;
		}
		unsigned char *all = cmi_arena_alloc(S->arena, (size_t)rs->nrules + 1);
		if (!all)
			return NULL;
		memset(all, 1, (size_t)rs->nrules + 1);
		only[set] = all;
	}
	return S->explain_of[id] = (const unsigned char *const *)only;
}

/* Whether every rule set the assessment runs is a shipped one (shared_job),
 * whose `reads` the brute-force test holds. */
static int only_shipped(const searcher *S)
{
	for (int set = 0; set < S->base->nsets; set++)
		if ((!S->proto->active || S->proto->active[set]) && !S->skip[set] &&
		    !cmi_ruleset_at(S->ctx, set)->shared_job)
			return 0;
	return 1;
}

/* The exceeding keys of member m's group under set without m, as the
 * group's search recorded them (its part of the set without m is a proper
 * subset of a minimal one, so it was evaluated, or one equal to it was):
 * by the grouping, no other group's offer changes a finding of this
 * group's (doc/search.md). NULL when they were not kept or that
 * evaluation broke a rule set: the caller evaluates instead. */
static const int *keys_without(const searcher *S, const cmi_set *set, int m, int *gid, int *nkeys)
{
	int id = S->groups.group_of[set->members[m] - S->job->adaptations];
	const group *g = NULL;
	for (int i = 0; i < S->nkept && !g; i++)
		if (S->kept[i].id == id)
			g = &S->kept[i];
	if (!g || !g->exceed)
		return NULL;
	unsigned mask = 0;
	for (int j = 0; j < set->n; j++) {
		if (j == m || S->groups.group_of[set->members[j] - S->job->adaptations] != id)
			continue;
		int i = 0;
		while (i < g->n && g->offer[i] != set->members[j])
			i++;
		if (i == g->n)
			return NULL;
		mask |= 1u << i;
	}
	if (g->exceed[mask] < 0)
		mask = canonical(g, mask);
	if (g->exceed[mask] < 0 || !g->valid[mask])
		return NULL;
	*gid = id;
	return keys_at(g, mask, nkeys);
}

static int has_key(const int *keys, int n, int k)
{
	int lo = 0, hi = n - 1; /* sorted (record) */
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (keys[mid] == k)
			return 1;
		if (keys[mid] < k)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return 0;
}

/* Step 6 (explained only): what each member of a listed set resolves. The
 * set without member m is evaluated; a base finding that exceeds, does not
 * with the whole set (whole), and exceeds again without m is m's. Of the
 * shipped sets only the rules m's group can change run there: a finding of
 * any other rule reads and is written by no offer of that group (deps.h),
 * so it is the same with m and without, and not m's (explain_only). */
static cm_status explain(searcher *S, cmi_set *set, const cmi_eval *whole)
{
	set->resolves = cmi_arena_alloc(S->arena, (size_t)set->n * sizeof *set->resolves + 1);
	const cmi_adaptation **apply =
	    cmi_arena_alloc(S->arena, (size_t)set->n * sizeof *apply + 1);
	/* each base finding's key when it exceeds there and not with the whole
	 * set (every base finding has a key, group_offers), else -1: what a
	 * member may resolve, the same for every member */
	int *fixed = cmi_arena_alloc(S->arena, (size_t)S->base->nfindings * sizeof *fixed + 1);
	const cmi_finding **in_whole = NULL, **in_without = NULL;
	if (!set->resolves || !apply || !fixed)
		return cmi_error_nomem(S->err);
	cm_status st = by_key(S, whole, &in_whole);
	for (int i = 0; st == CM_OK && i < S->base->nfindings; i++) {
		const cmi_finding *b = &S->base->findings[i];
		int k = exceeds(b) ? key_find(S, b) : -1;
		fixed[i] = k >= 0 && !exceeds(in_whole[k]) ? k : -1;
	}
	int shipped = only_shipped(S);
	for (int m = 0; st == CM_OK && m < set->n; m++) {
		cmi_resolved *r = &set->resolves[m];
		r->n = 0;
		r->findings =
		    cmi_arena_alloc(S->arena, (size_t)S->base->nfindings * sizeof *r->findings + 1);
		if (!r->findings) {
			st = cmi_error_nomem(S->err);
			break;
		}
		int gid, nkeys;
		const int *keys = shipped ? keys_without(S, set, m, &gid, &nkeys) : NULL;
		if (keys) {
			for (int i = 0; i < S->base->nfindings; i++) {
				int kb = fixed[i];
				if (kb >= 0 && S->kgroup[kb] == gid && has_key(keys, nkeys, kb))
					r->findings[r->n++] = i;
			}
			continue;
		}
		int k = 0;
		for (int i = 0; i < set->n; i++)
			if (i != m)
				apply[k++] = set->members[i];
		const unsigned char *const *only =
		    explain_only(S, S->groups.group_of[set->members[m] - S->job->adaptations]);
		cmi_eval without;
		st = evaluate_counted(S, apply, k, only, &without, 0, 0, 0);
		if (st == CM_OK)
			st = by_key(S, &without, &in_without);
		for (int i = 0; st == CM_OK && i < S->base->nfindings; i++)
			if (fixed[i] >= 0 && exceeds(in_without[fixed[i]]))
				r->findings[r->n++] = i;
		cmi_free(S->ctx, in_without);
		in_without = NULL;
		cmi_eval_free(&without);
	}
	cmi_free(S->ctx, in_whole);
	return st;
}

/* The rules a listed set is verified with when every set is a shipped one,
 * whose `reads` the brute-force test holds: those the offers of the groups
 * with sets can change. Every other rule's findings are the job's as it
 * is, which exceed only where they are listed, so running it would show
 * nothing (the verification of a set in rank's brief assessments was a
 * full evaluation of every rule: a tenth of a check). NULL: every rule (a
 * user's set runs, a group has no mask, or memory ran out). */
static const unsigned char *const *verify_only(searcher *S)
{
	if (S->verify_made)
		return S->verify_mask;
	S->verify_made = 1;
	if (!only_shipped(S))
		return NULL;
	int nsets = cmi_nrulesets(S->ctx);
	unsigned char **only = cmi_arena_alloc(S->arena, (size_t)nsets * sizeof *only + 1);
	if (!only)
		return NULL;
	for (int set = 0; set < nsets; set++) {
		int nrules = cmi_ruleset_at(S->ctx, set)->nrules;
		if (!(only[set] = cmi_arena_alloc(S->arena, (size_t)nrules + 1)))
			return NULL;
		memset(only[set], 0, (size_t)nrules + 1);
		for (int g = 0; g < S->nkept; g++) {
			unsigned char **of = S->kept[g].only;
			if (!of)
				return NULL;
			for (int r = 0; of[set] && r < nrules; r++)
				only[set][r] |= of[set][r];
		}
	}
	return S->verify_mask = (const unsigned char *const *)only;
}

/* Step 5: with the whole set applied, only listed findings may exceed. An
 * explained search keeps the first listed set's evaluation (the cheapest),
 * of every rule, for the report's chart, and explains each listed set. */
static cm_status verify(searcher *S, cmi_set *set, int *ok)
{
	cmi_eval ev;
	const unsigned char *const *only =
	    S->proto->render && !S->out->have_cheapest ? NULL : verify_only(S);
	/* the hours it leaves, for the reports, summed while it is applied */
	cm_status st = evaluate_counted(S, set->members, set->n, only, &ev, 1, 0, 1);
	*ok = st == CM_OK && !breaks_rules(S->base, &ev);
	set->hours_after = ev.hours_after;
	set->have_hours = st == CM_OK && ev.have_hours;
	for (int i = 0; *ok && i < ev.nfindings; i++)
		if (ev.findings[i].status == CM_EXCEEDS && !listed(S, &ev.findings[i]))
			*ok = 0;
	if (*ok && S->proto->render)
		st = explain(S, set, &ev);
	if (st == CM_OK && *ok && S->proto->render && !S->out->have_cheapest) {
		S->out->cheapest = ev; /* kept: the caller frees it */
		S->out->have_cheapest = 1;
	} else {
		cmi_eval_free(&ev);
	}
	return st;
}

static cm_status combine(searcher *S, group *gs, int ng)
{
	int want = S->ctx->max_sets, room = 4 * want + 64, nfound = 0;
	S->out->total_sets = 1;
	for (int g = 0; g < ng; g++)
		S->out->total_sets *= gs[g].nsets;
	cmi_set *found = cmi_arena_alloc(S->arena, (size_t)room * sizeof *found);
	if (!found)
		return cmi_error_nomem(S->err);
	cm_status st = cheapest(S, gs, ng, found, &nfound, want, room);
	if (st != CM_OK)
		return st;
	qsort(found, (size_t)nfound, sizeof *found, compare_sets_qsort);
	S->out->sets = found;
	/* A brief assessment (rank's, check.c) shows the cheapest set alone:
	 * the others are not verified, which is a whole evaluation each. The
	 * cheapest is the same one either way, the first that verifies. */
	int need = S->proto->render ? want : 1;
	for (int i = 0; st == CM_OK && i < nfound && S->out->nsets < need; i++) {
		int ok;
		st = verify(S, &found[i], &ok);
		if (ok)
			found[S->out->nsets++] = found[i];
		else
			S->out->rejected++;
	}
	return st;
}

static int any_exceeding(const cmi_eval *ev)
{
	for (int i = 0; i < ev->nfindings; i++)
		if (ev->findings[i].status == CM_EXCEEDS)
			return 1;
	return 0;
}

static cm_status search_groups(searcher *S)
{
	int ngroups = S->groups.ngroups;
	group *gs = cmi_arena_alloc(S->arena, (size_t)ngroups * sizeof *gs + 1);
	if (!gs)
		return cmi_error_nomem(S->err);
	S->only_of = cmi_arena_alloc(S->arena, (size_t)ngroups * sizeof *S->only_of + 1);
	S->explain_of = cmi_arena_alloc(S->arena, (size_t)ngroups * sizeof *S->explain_of + 1);
	if (!S->only_of || !S->explain_of)
		return cmi_error_nomem(S->err);
	int ng = 0;
	cm_status st = CM_OK;
	for (int i = 0; st == CM_OK && i < ngroups; i++) {
		st = collect_group(S, i, &gs[ng]);
		if (st == CM_OK)
			st = search_group(S, &gs[ng]);
		S->only_of[i] = gs[ng].only;
		if (st == CM_OK && gs[ng].nsets > 0)
			ng++;
	}
	S->kept = gs;
	S->nkept = ng;
	if (st == CM_OK && ng > 0)
		st = combine(S, gs, ng);
	for (int i = 0; i < ng; i++)
		free_subsets(S, &gs[i]);
	S->kept = NULL;
	S->nkept = 0;
	return st;
}

void cmi_search_free(cmi_search *s)
{
	if (s->have_cheapest)
		cmi_eval_free(&s->cheapest);
	memset(s, 0, sizeof *s);
}

/* A job that offers nothing: each exceeding finding that is the first of
 * its key is unresolved, which is what the keys below would list, found
 * without building them (an ergonomist's check of a workstation often
 * offers nothing, and the keys were a tenth of its cost). A rule's
 * findings come one after another, so an earlier finding of the same key
 * lies in the same run; a run longer than `RUN` takes the hashed keys
 * instead, so that a rule of thousands of findings costs no square. 0:
 * done; 1: take the general path; -1: out of memory. */
enum { RUN = 64 };

static int nothing_offered(searcher *S)
{
	const cmi_eval *b = S->base;
	for (int i = 0, start = 0; i < b->nfindings; i++) {
		if (i > 0 && (b->findings[i].set != b->findings[i - 1].set ||
		              b->findings[i].rule != b->findings[i - 1].rule))
			start = i;
		if (i - start >= RUN)
			return 1;
	}
	for (int i = 0, start = 0; i < b->nfindings; i++) {
		const cmi_finding *f = &b->findings[i];
		if (i > 0 && (f->set != f[-1].set || f->rule != f[-1].rule))
			start = i;
		if (f->status != CM_EXCEEDS)
			continue;
		int first = 1;
		for (int j = start; j < i && first; j++)
			first = !cmi_finding_same_key(&b->findings[j], f);
		if (first && !add_index(S, &S->out->unresolved, &S->out->nunresolved, i))
			return -1;
	}
	return 0;
}

cm_status cmi_search_run(cm_ctx *ctx, const cmi_eval_input *proto, const cmi_eval *base,
                         cmi_arena *arena, cmi_search *out, cm_error *err)
{
	memset(out, 0, sizeof *out);
	const cm_job *job = proto->job;
	searcher S = {.ctx = ctx,
	              .job = job,
	              .proto = proto,
	              .base = base,
	              .arena = arena,
	              .err = err,
	              .out = out};
	if (!any_exceeding(base))
		return CM_OK;
	if (job->nadaptations == 0) {
		int r = nothing_offered(&S);
		if (r < 0)
			return cmi_error_nomem(err);
		if (r == 0)
			return CM_OK;
	}
	S.offer = cmi_arena_alloc(arena, (size_t)job->nadaptations * sizeof *S.offer + 1);
	S.skip = cmi_arena_alloc(arena, (size_t)base->nsets * sizeof *S.skip + 1);
	if (!S.offer || !S.skip)
		return cmi_error_nomem(err);
	for (int i = 0; i < base->nsets; i++)
		S.skip[i] = base->failed[i];
	for (int i = 0; i < job->nadaptations; i++)
		S.offer[S.noffer++] = &job->adaptations[i];
	cm_status st = group_offers(&S);
	if (st == CM_OK)
		st = untouched(&S);
	if (st == CM_OK)
		st = search_groups(&S);
	/* In the order of the findings (rule set, rule, task), whichever
	 * group or none named them: a report lists them so. */
	if (st == CM_OK && out->nunresolved > 1)
		qsort(out->unresolved, (size_t)out->nunresolved, sizeof *out->unresolved, by_int);
	if (st == CM_OK && out->nunsearched > 1)
		qsort(out->unsearched, (size_t)out->nunsearched, sizeof *out->unsearched, by_int);
	cmi_free(ctx, S.keys);
	cmi_free(ctx, S.slots);
	cmi_free(ctx, S.base_at);
	cmi_free(ctx, S.kgroup);
	cmi_deps_groups_free(ctx, &S.groups);
	return st;
}
