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
 * all offers is out of the question. Instead:
 *  1. Evaluate each offer alone; it "touches" every finding whose status,
 *     value or limit it changes (or that it removes or adds).
 *  2. Offers that touch a common finding are in one group (union-find);
 *     groups touch disjoint findings and so are searched independently.
 *  3. In a group, evaluate every subset (at most 2^max_group). A finding no
 *     subset fixes is unresolved; the minimal subsets that fix all the rest
 *     are found in order of size, a subset being minimal when no minimal
 *     subset already found is inside it.
 *  4. A minimal set of the whole is one minimal set per group; the cheapest
 *     combinations come out of a best-first walk over the product, so
 *     thousands of combinations cost nothing.
 *  5. Each listed set is evaluated whole, as a check of the independence
 *     assumed in step 2; one that fails is dropped and counted.
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
	const cmi_finding **base_at; /* nkeys: the base's finding of each key, or NULL */
	/* nsets: why a set failed on the job as it is, or NULL. It is not run
	 * again on any adapted job (a looping rule set cost 0.22 s an evaluation,
	 * 299 s over a 1,000-offer job); one that fails only on some adapted
	 * jobs is run on the others, and the check's time budget bounds it. */
	const char **skip;
	unsigned char *touch; /* noffer × capkeys once known: does offer i touch key k */
	int *parent;          /* union-find over offers */
} searcher;

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

static int same_value(cm_value a, cm_value b)
{
	if (a.kind != b.kind)
		return 0;
	if (a.kind == CM_VALUE_NUMBER)
		return a.number == b.number;
	return a.kind != CM_VALUE_BOOL || a.boolean == b.boolean;
}

/* A key may come from another offer's evaluation and be absent from both. */
static int differs(const cmi_finding *a, const cmi_finding *b)
{
	if (!a || !b)
		return a != b;
	return a->status != b->status || !same_value(a->value, b->value) ||
	       !same_value(a->limit, b->limit);
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
                                  const unsigned char *const *only, cmi_eval *ev, int count)
{
	S->out->evaluations += count;
	cmi_eval_input in = *S->proto; /* the job, person and sets of the assessment */
	in.apply = apply;
	in.napply = n;
	in.skip = S->skip;
	in.render = 0; /* never shown */
	in.scored = 0;
	in.only = only;
	cm_status st = cmi_evaluate(S->ctx, &in, ev, S->err);
	if (st == CM_OK && breaks_rules(S->base, ev))
		st = note_failure(S, apply, n, ev);
	return st;
}

static cm_status evaluate(searcher *S, const cmi_adaptation **apply, int n,
                          const unsigned char *const *only, cmi_eval *ev)
{
	return evaluate_counted(S, apply, n, only, ev, 1);
}

static int find_root(int *parent, int i)
{
	while (parent[i] != i)
		i = parent[i] = parent[parent[i]];
	return i;
}

/* Step 1: what each offer touches, alone. Keys grow as offers add findings,
 * so the touch matrix is sized after all keys are known. */
static cm_status touch_offers(searcher *S)
{
	for (int i = 0; i < S->base->nfindings; i++)
		if (key_of(S, &S->base->findings[i]) < 0)
			return cmi_error_nomem(S->err);
	cmi_eval *single = cmi_alloc(S->ctx, (size_t)(S->noffer + 1) * sizeof *single);
	if (!single)
		return cmi_error_nomem(S->err);
	memset(single, 0, (size_t)(S->noffer + 1) * sizeof *single);
	cm_status st = CM_OK;
	for (int i = 0; st == CM_OK && i < S->noffer; i++) {
		st = evaluate(S, &S->offer[i], 1, NULL, &single[i]);
		for (int j = 0; st == CM_OK && j < single[i].nfindings; j++)
			if (key_of(S, &single[i].findings[j]) < 0)
				st = cmi_error_nomem(S->err);
	}
	if (st == CM_OK &&
	    !(S->touch = cmi_arena_alloc(S->arena, (size_t)(S->noffer * S->nkeys) + 1)))
		st = cmi_error_nomem(S->err);
	if (st == CM_OK)
		st = by_key(S, S->base, &S->base_at);
	for (int i = 0; st == CM_OK && i < S->noffer; i++) {
		if (breaks_rules(S->base, &single[i]))
			continue; /* touches nothing: never part of a set */
		const cmi_finding **at;
		if ((st = by_key(S, &single[i], &at)) != CM_OK)
			break;
		for (int k = 0; k < S->nkeys; k++)
			S->touch[i * S->nkeys + k] = (unsigned char)differs(S->base_at[k], at[k]);
		cmi_free(S->ctx, at);
	}
	for (int i = 0; i < S->noffer; i++)
		cmi_eval_free(&single[i]);
	cmi_free(S->ctx, single);
	return st;
}

/* Step 2. */
static cm_status group_offers(searcher *S)
{
	if (!(S->parent = cmi_arena_alloc(S->arena, (size_t)(S->noffer + 1) * sizeof *S->parent)))
		return cmi_error_nomem(S->err);
	for (int i = 0; i < S->noffer; i++)
		S->parent[i] = i;
	for (int k = 0; k < S->nkeys; k++) {
		int first = -1;
		for (int i = 0; i < S->noffer; i++) {
			if (!S->touch[i * S->nkeys + k])
				continue;
			if (first < 0)
				first = i;
			else
				S->parent[find_root(S->parent, i)] = find_root(S->parent, first);
		}
	}
	return CM_OK;
}

/* One independent group being searched. */
typedef struct group {
	const cmi_adaptation **offer; /* members, as offered */
	int n;
	int *keys; /* keys any member touches */
	int nk;
	unsigned char *exceed; /* (1 << n) × nk: key exceeds under that subset */
	unsigned char *valid;  /* 1 << n: subset evaluated without breaking rules */
	unsigned char *target; /* nk: must not exceed (not unresolved) */
	unsigned char **only;  /* the rules whose findings are keys: all a subset runs */
	cmi_set *sets;         /* minimal sets, sorted */
	int nsets;
} group;

static cm_status subset_eval(searcher *S, group *g, unsigned mask)
{
	const cmi_adaptation *apply[32];
	int n = 0;
	for (int i = 0; i < g->n; i++)
		if (mask & (1u << i))
			apply[n++] = g->offer[i];
	cmi_eval ev;
	const cmi_finding **at = NULL;
	cm_status st = evaluate(S, apply, n, (const unsigned char *const *)g->only, &ev);
	if (st == CM_OK)
		st = by_key(S, &ev, &at);
	if (st == CM_OK) {
		g->valid[mask] = !breaks_rules(S->base, &ev);
		for (int j = 0; j < g->nk; j++) {
			const cmi_finding *f = at[g->keys[j]];
			g->exceed[(size_t)mask * (size_t)g->nk + (size_t)j] =
			    f && f->status == CM_EXCEEDS;
		}
	}
	cmi_free(S->ctx, at);
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
	const cmi_finding *f = S->base_at[k];
	if (!f || f->status != CM_EXCEEDS)
		return CM_OK;
	return add_index(S, list, n, (int)(f - S->base->findings)) ? CM_OK
	                                                           : cmi_error_nomem(S->err);
}

static int works(const group *g, unsigned mask)
{
	if (!g->valid[mask])
		return 0;
	for (int j = 0; j < g->nk; j++)
		if (g->target[j] && g->exceed[(size_t)mask * (size_t)g->nk + (size_t)j])
			return 0;
	return 1;
}

static int popcount(unsigned m)
{
	int n = 0;
	for (; m; m &= m - 1)
		n++;
	return n;
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

/* Step 3, after every subset was evaluated. */
static cm_status minimal_sets(searcher *S, group *g)
{
	unsigned full = 1u << g->n;
	for (int j = 0; j < g->nk; j++) {
		int fixable = 0;
		for (unsigned m = 0; m < full && !fixable; m++)
			fixable = g->valid[m] && !g->exceed[(size_t)m * (size_t)g->nk + (size_t)j];
		g->target[j] = (unsigned char)fixable;
		if (!fixable && list_key(S, g->keys[j], &S->out->unresolved, &S->out->nunresolved))
			return CM_ENOMEM;
	}
	unsigned *minimal = cmi_arena_alloc(S->arena, (size_t)full * sizeof *minimal);
	if (!minimal)
		return cmi_error_nomem(S->err);
	int nmin = 0;
	for (int size = 0; size <= g->n; size++)
		for (unsigned m = 0; m < full; m++) {
			if (popcount(m) != size || !works(g, m))
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
		for (int j = 0; j < g->nk; j++)
			if (g->target[j] &&
			    list_key(S, g->keys[j], &S->out->unresolved, &S->out->nunresolved))
				return CM_ENOMEM;
	if (g->nsets > 1)
		qsort(g->sets, (size_t)g->nsets, sizeof *g->sets, compare_sets_qsort);
	return CM_OK;
}

/* A subset's evaluation is read at the group's keys only, so it runs only
 * the rules those come from: a group of lifting aids runs load and tonnage,
 * not all 22. What the other rules would say under the subset is outside
 * the group by the model above (step 2); each listed set is evaluated whole
 * (step 5), which would see it otherwise. */
static cm_status rules_of_keys(searcher *S, group *g)
{
	int nsets = cmi_nrulesets(S->ctx);
	g->only = cmi_arena_alloc(S->arena, (size_t)nsets * sizeof *g->only + 1);
	if (!g->only)
		return cmi_error_nomem(S->err);
	for (int j = 0; j < g->nk; j++) {
		const cmi_finding *k = &S->keys[g->keys[j]];
		if (!g->only[k->set]) {
			int nrules = cmi_ruleset_at(S->ctx, k->set)->nrules;
			if (!(g->only[k->set] = cmi_arena_alloc(S->arena, (size_t)nrules + 1)))
				return cmi_error_nomem(S->err);
		}
		g->only[k->set][k->rule] = 1;
	}
	return CM_OK;
}

static cm_status collect_group(searcher *S, int root, group *g)
{
	memset(g, 0, sizeof *g);
	g->offer = cmi_arena_alloc(S->arena, (size_t)S->noffer * sizeof *g->offer);
	g->keys = cmi_arena_alloc(S->arena, (size_t)S->nkeys * sizeof *g->keys + 1);
	if (!g->offer || !g->keys)
		return cmi_error_nomem(S->err);
	for (int i = 0; i < S->noffer; i++)
		if (find_root(S->parent, i) == root)
			g->offer[g->n++] = S->offer[i];
	for (int k = 0; k < S->nkeys; k++)
		for (int i = 0; i < S->noffer; i++)
			if (find_root(S->parent, i) == root && S->touch[i * S->nkeys + k]) {
				g->keys[g->nk++] = k;
				break;
			}
	return rules_of_keys(S, g);
}

static cm_status search_group(searcher *S, group *g)
{
	if (g->n > S->out->largest_group)
		S->out->largest_group = g->n;
	if (g->n > S->ctx->max_group) { /* at most CM_MAX_GROUP_CAP (ctx.c) */
		for (int j = 0; j < g->nk; j++)
			if (list_key(S, g->keys[j], &S->out->unsearched, &S->out->nunsearched))
				return CM_ENOMEM;
		return CM_OK;
	}
	size_t full = (size_t)1 << g->n;
	g->exceed = cmi_alloc(S->ctx, full * (size_t)g->nk + 1);
	g->valid = cmi_alloc(S->ctx, full);
	g->target = cmi_arena_alloc(S->arena, (size_t)g->nk + 1);
	cm_status st = (!g->exceed || !g->valid || !g->target) ? cmi_error_nomem(S->err) : CM_OK;
	for (unsigned m = 0; st == CM_OK && m < full; m++)
		st = subset_eval(S, g, m);
	if (st == CM_OK)
		st = minimal_sets(S, g);
	cmi_free(S->ctx, g->exceed);
	cmi_free(S->ctx, g->valid);
	g->exceed = g->valid = NULL;
	return st == CM_OK ? CM_OK : (S->err->code ? S->err->code : cmi_error_nomem(S->err));
}

/* Exceeding findings no offer touches at all. */
static cm_status untouched(searcher *S)
{
	for (int k = 0; k < S->nkeys; k++) {
		int touched = 0;
		for (int i = 0; i < S->noffer && !touched; i++)
			touched = S->touch[i * S->nkeys + k];
		if (!touched && list_key(S, k, &S->out->unresolved, &S->out->nunresolved))
			return CM_ENOMEM;
	}
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

/* The finding of ev with f's key, or NULL (its task is gone). */
static const cmi_finding *same_in(const cmi_eval *ev, const cmi_finding *f)
{
	for (int i = 0; i < ev->nfindings; i++)
		if (cmi_finding_same_key(&ev->findings[i], f))
			return &ev->findings[i];
	return NULL;
}

static int exceeds(const cmi_finding *f)
{
	return f && f->status == CM_EXCEEDS;
}

/* Step 6 (explained only): what each member of a listed set resolves. The
 * set without member m is evaluated; a base finding that exceeds, does not
 * with the whole set (whole), and exceeds again without m is m's. */
static cm_status explain(searcher *S, cmi_set *set, const cmi_eval *whole)
{
	set->resolves = cmi_arena_alloc(S->arena, (size_t)set->n * sizeof *set->resolves + 1);
	const cmi_adaptation **apply =
	    cmi_arena_alloc(S->arena, (size_t)set->n * sizeof *apply + 1);
	if (!set->resolves || !apply)
		return cmi_error_nomem(S->err);
	cm_status st = CM_OK;
	for (int m = 0; st == CM_OK && m < set->n; m++) {
		cmi_resolved *r = &set->resolves[m];
		r->n = 0;
		r->findings =
		    cmi_arena_alloc(S->arena, (size_t)S->base->nfindings * sizeof *r->findings + 1);
		if (!r->findings)
			return cmi_error_nomem(S->err);
		int k = 0;
		for (int i = 0; i < set->n; i++)
			if (i != m)
				apply[k++] = set->members[i];
		cmi_eval without;
		st = evaluate_counted(S, apply, k, NULL, &without, 0);
		for (int i = 0; st == CM_OK && i < S->base->nfindings; i++) {
			const cmi_finding *b = &S->base->findings[i];
			if (exceeds(b) && !exceeds(same_in(whole, b)) &&
			    exceeds(same_in(&without, b)))
				r->findings[r->n++] = i;
		}
		cmi_eval_free(&without);
	}
	return st;
}

/* Step 5: with the whole set applied, only listed findings may exceed. An
 * explained search keeps the first listed set's evaluation (the cheapest)
 * and explains each listed set. */
static cm_status verify(searcher *S, cmi_set *set, int *ok)
{
	cmi_eval ev;
	cm_status st = evaluate(S, set->members, set->n, NULL, &ev);
	*ok = st == CM_OK && !breaks_rules(S->base, &ev);
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
	for (int i = 0; st == CM_OK && i < nfound && S->out->nsets < want; i++) {
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
	group *gs = cmi_arena_alloc(S->arena, (size_t)S->noffer * sizeof *gs + 1);
	if (!gs)
		return cmi_error_nomem(S->err);
	int ng = 0;
	cm_status st = CM_OK;
	for (int i = 0; st == CM_OK && i < S->noffer; i++) {
		if (find_root(S->parent, i) != i)
			continue;
		st = collect_group(S, i, &gs[ng]);
		if (st == CM_OK && gs[ng].nk > 0)
			st = search_group(S, &gs[ng]);
		if (st == CM_OK && gs[ng].nsets > 0)
			ng++;
	}
	if (st == CM_OK && ng > 0)
		st = combine(S, gs, ng);
	return st;
}

void cmi_search_free(cmi_search *s)
{
	if (s->have_cheapest)
		cmi_eval_free(&s->cheapest);
	memset(s, 0, sizeof *s);
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
	S.offer = cmi_arena_alloc(arena, (size_t)job->nadaptations * sizeof *S.offer + 1);
	S.skip = cmi_arena_alloc(arena, (size_t)base->nsets * sizeof *S.skip + 1);
	if (!S.offer || !S.skip)
		return cmi_error_nomem(err);
	for (int i = 0; i < base->nsets; i++)
		S.skip[i] = base->failed[i];
	for (int i = 0; i < job->nadaptations; i++)
		S.offer[S.noffer++] = &job->adaptations[i];
	cm_status st = touch_offers(&S);
	if (st == CM_OK)
		st = group_offers(&S);
	if (st == CM_OK)
		st = untouched(&S);
	if (st == CM_OK)
		st = search_groups(&S);
	cmi_free(ctx, S.keys);
	cmi_free(ctx, S.slots);
	cmi_free(ctx, S.base_at);
	return st;
}
