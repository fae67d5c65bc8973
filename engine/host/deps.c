/*
 * deps.c — the rules' `reads` and the kinds' `writes`, and from them which
 * offers of a job can meet in a finding.
 *
 * The job is seen as cells: each path of the job table (rules/README.md)
 * once per task for what lies under "tasks" and for "icf_demands" (a
 * demand is its task's; one without a task is the job's), once for the job
 * otherwise. An offer aimed at a task writes that task's cells of its
 * kind's task paths (every task's, without a task) and the job's cells of
 * its job paths; a kind reads what it writes and what its `reads` adds. A
 * rule's finding reads:
 *  - with own_task, when it names task t: t's cells and the job's; when it
 *    names no task: the job's only (per_task's not-applicable, which never
 *    exceeds, is such a finding);
 *  - otherwise: the cells of every task the rule reads (tasks_with: only
 *    the tasks that hold one of those elements in the job as loaded; no
 *    kind adds an element or a task, rules/adaptations.lua) and the job's.
 * Two paths meet when one lies under the other ("tasks" covers every task
 * path). Offers whose writes meet a common finding's reads, or each
 * other's reads, are one group (union-find); every finding is then written
 * by the offers of one group at most, which is what makes the search's
 * per-group subsets exact (doc/search.md).
 *
 * It evaluates nothing and never sees a value: the grouping comes from the
 * job's structure and the declarations alone.
 */
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "ctx.h"
#include "deps.h"
#include "job_fields.h"
#include "model.h"
#include "rules.h"
#include "sandbox.h"

#include <lauxlib.h>

/* ---- reading a declaration ---------------------------------------------- */

static int field_of(const cmi_elem_desc *d, const char *name)
{
	if (strcmp(name, "id") == 0)
		return 1;
	for (int i = 0; i < d->nfields; i++)
		if (strcmp(d->fields[i].lua, name) == 0)
			return 1;
	return 0;
}

static const cmi_elem_desc *elem_of(cmi_scope scope, const char *lua)
{
	int n;
	const cmi_elem_desc *all = cmi_elem_all(&n);
	for (int i = 0; i < n; i++)
		if (all[i].scope == scope && strcmp(all[i].lua, lua) == 0)
			return &all[i];
	return NULL;
}

/* The task element a path lies in ("tasks.repetition.actions_per_minute"),
 * or NULL (a task's own field, the whole task, or not under tasks). */
static const cmi_elem_desc *path_elem(const char *path)
{
	if (strncmp(path, "tasks.", 6) != 0)
		return NULL;
	char buf[200];
	const char *e = path + 6, *dot = strchr(e, '.');
	size_t n = dot ? (size_t)(dot - e) : strlen(e);
	if (n >= sizeof buf)
		return NULL;
	memcpy(buf, e, n);
	buf[n] = '\0';
	return elem_of(CMI_TASK_ELEM, buf);
}

/* A path names the job table: a typo would make a rule read nothing and
 * the grouping unsound, so one that names no field is refused. */
static int path_ok(const char *path)
{
	char buf[200];
	if (strlen(path) >= sizeof buf)
		return 0;
	strcpy(buf, path);
	char *part[4] = {0};
	int n = 0;
	for (char *s = buf; n < 4;) {
		part[n++] = s;
		char *dot = strchr(s, '.');
		if (!dot)
			break;
		*dot = '\0';
		s = dot + 1;
	}
	for (int i = 0; i < n; i++)
		if (!*part[i])
			return 0;
	if (strcmp(part[0], "tasks") == 0) {
		if (n == 1)
			return 1;
		if (n == 2 &&
		    (strcmp(part[1], "id") == 0 || strcmp(part[1], "hours_per_day") == 0 ||
		     strcmp(part[1], "title") == 0))
			return 1;
		const cmi_elem_desc *d = elem_of(CMI_TASK_ELEM, part[1]);
		return d && (n == 2 || (n == 3 && field_of(d, part[2])));
	}
	if (strcmp(part[0], "icf_demands") == 0)
		return n == 1 || (n == 2 && (strcmp(part[1], "code") == 0 ||
		                             strcmp(part[1], "max_difficulty") == 0 ||
		                             strcmp(part[1], "task") == 0));
	if (n == 1 && (strcmp(part[0], "id") == 0 || strcmp(part[0], "title") == 0))
		return 1;
	const cmi_elem_desc *d = elem_of(CMI_JOB_ELEM, part[0]);
	return d && (n == 1 || (n == 2 && field_of(d, part[1])));
}

static char *read_string(lua_State *L, int idx, const char *what, const char *owner)
{
	if (lua_type(L, idx) != LUA_TSTRING)
		luaL_error(L, "%s: '%s' must hold strings", owner, what);
	return cmi_lua_strdup(L, lua_tostring(L, idx));
}

void cmi_decl_read(lua_State *L, int t, const char *field, const char *owner, cmi_decl *d)
{
	memset(d, 0, sizeof *d);
	int type = lua_getfield(L, t, field);
	if (type == LUA_TNIL) {
		lua_pop(L, 1);
		return;
	}
	if (type != LUA_TTABLE)
		luaL_error(L, "%s: '%s' must be a table of job-table paths", owner, field);
	int at = lua_gettop(L);
	d->declared = 1;
	int n = cmi_lua_array_len(L, at, field);
	if (n > 0)
		d->paths = cmi_lua_calloc(L, (size_t)n, sizeof *d->paths);
	for (int i = 1; i <= n; i++) {
		lua_geti(L, at, i);
		char *p = read_string(L, -1, field, owner);
		d->paths[d->npaths++] = p;
		lua_pop(L, 1);
		if (!path_ok(p))
			luaL_error(L, "%s: '%s' names no field of the job table: %s", owner, field,
			           p);
	}
	type = lua_getfield(L, at, "own_task");
	if (type != LUA_TNIL && type != LUA_TBOOLEAN)
		luaL_error(L, "%s: '%s.own_task' must be true or false", owner, field);
	d->own_task = lua_toboolean(L, -1);
	lua_pop(L, 1);
	type = lua_getfield(L, at, "tasks_with");
	if (type == LUA_TSTRING) {
		d->with = cmi_lua_calloc(L, 1, sizeof *d->with);
		d->with[d->nwith++] = cmi_lua_strdup(L, lua_tostring(L, -1));
	} else if (type == LUA_TTABLE) {
		int m = cmi_lua_array_len(L, -1, "tasks_with");
		if (m > 0)
			d->with = cmi_lua_calloc(L, (size_t)m, sizeof *d->with);
		for (int i = 1; i <= m; i++) {
			lua_geti(L, -1, i);
			d->with[d->nwith++] = read_string(L, -1, "tasks_with", owner);
			lua_pop(L, 1);
		}
	} else if (type != LUA_TNIL) {
		luaL_error(L, "%s: '%s.tasks_with' must be an element name or an array of them",
		           owner, field);
	}
	lua_pop(L, 1);
	for (int i = 0; i < d->nwith; i++)
		if (!elem_of(CMI_TASK_ELEM, d->with[i]))
			luaL_error(L, "%s: '%s.tasks_with' names no task element: %s", owner, field,
			           d->with[i]);
	lua_pop(L, 1);
}

void cmi_decl_free(cmi_decl *d)
{
	for (int i = 0; i < d->npaths; i++)
		free(d->paths[i]);
	free(d->paths);
	for (int i = 0; i < d->nwith; i++)
		free(d->with[i]);
	free(d->with);
	memset(d, 0, sizeof *d);
}

/* ---- crossing the declarations ------------------------------------------ */

/* Two paths meet when one is the other or lies under it. */
static int meet(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	if (n > m) {
		const char *t = a;
		a = b;
		b = t;
		size_t k = n;
		n = m;
		m = k;
	}
	return strncmp(a, b, n) == 0 && (b[n] == '\0' || b[n] == '.');
}

static int task_path(const char *p)
{
	return meet(p, "tasks") || meet(p, "icf_demands");
}

int cmi_decl_task_only(const cmi_decl *d)
{
	if (!d->declared)
		return 0;
	for (int i = 0; i < d->npaths; i++)
		if (!task_path(d->paths[i]))
			return 0;
	return 1;
}

/* Bits of how writes w meet reads r: TASK, cells of one task; JOB, the
 * job's. Undeclared on either side is everything, so it meets whatever the
 * other side names (and, both undeclared, both). */
enum { TASK = 1, JOB = 2 };

static unsigned cross(const cmi_decl *w, const cmi_decl *r1, const cmi_decl *r2)
{
	unsigned out = 0;
	const cmi_decl *rs[2] = {r1, r2};
	for (int s = 0; s < 2; s++) {
		const cmi_decl *r = rs[s];
		if (!r)
			continue;
		if (!w->declared && !r->declared)
			return TASK | JOB;
		if (!w->declared || !r->declared) {
			const cmi_decl *d = w->declared ? w : r;
			for (int i = 0; i < d->npaths; i++)
				out |= task_path(d->paths[i]) ? TASK : JOB;
			continue;
		}
		for (int i = 0; i < w->npaths; i++)
			for (int j = 0; j < r->npaths; j++)
				if (meet(w->paths[i], r->paths[j]))
					out |= task_path(w->paths[i]) ? TASK : JOB;
	}
	return out;
}

struct cmi_deps {
	int nsets, nrules, nkinds;
	int *first_rule;             /* nsets + 1 */
	unsigned char *own_task;     /* nrules */
	const cmi_elem_desc ***with; /* nrules: NULL (every task) or NULL-ended descs */
	unsigned char *rule_bits;    /* nkinds × nrules: cross(writes of kind, reads of rule) */
	unsigned char *kind_bits;    /* nkinds × nkinds: writes of a meet reads of b */
	int *task_attr;              /* nkinds: its task attribute's index, or -1 */
	unsigned char *role;         /* nkinds: CMI_OFFER_ bits but for the task */
	/* nkinds: NULL, or the task elements (NULL-ended) that hold every path
	 * the kind writes: aimed at a task without any of them, an offer of it
	 * changes nothing (no kind adds an element, rules/adaptations.lua) */
	const cmi_elem_desc ***writes_in;
};

void cmi_deps_free(cm_ctx *ctx, cmi_deps *d)
{
	if (!d)
		return;
	if (d->with)
		for (int r = 0; r < d->nrules; r++)
			cmi_free(ctx, d->with[r]);
	cmi_free(ctx, d->with);
	cmi_free(ctx, d->first_rule);
	cmi_free(ctx, d->own_task);
	cmi_free(ctx, d->rule_bits);
	cmi_free(ctx, d->kind_bits);
	cmi_free(ctx, d->task_attr);
	cmi_free(ctx, d->role);
	if (d->writes_in)
		for (int k = 0; k < d->nkinds; k++)
			cmi_free(ctx, d->writes_in[k]);
	cmi_free(ctx, d->writes_in);
	cmi_free(ctx, d);
}

static cmi_deps *build(cm_ctx *ctx)
{
	const cmi_catalogue *cat = cmi_rules_catalogue(ctx);
	cmi_deps *d = cmi_calloc(ctx, 1, sizeof *d);
	if (!d)
		return NULL;
	d->nsets = cmi_nrulesets(ctx);
	d->nkinds = cat ? cat->nkinds : 0;
	if (!(d->first_rule = cmi_calloc(ctx, (size_t)d->nsets + 1, sizeof *d->first_rule)))
		goto fail;
	for (int s = 0; s < d->nsets; s++) {
		const cmi_ruleset *rs = cmi_ruleset_at(ctx, s);
		d->first_rule[s + 1] = d->first_rule[s] + (rs->rules ? rs->nrules : 0);
	}
	d->nrules = d->first_rule[d->nsets];
	size_t nr = (size_t)d->nrules + 1, nk = (size_t)d->nkinds + 1;
	d->own_task = cmi_calloc(ctx, nr, 1);
	d->with = cmi_calloc(ctx, nr, sizeof *d->with);
	d->rule_bits = cmi_calloc(ctx, nk * nr, 1);
	d->kind_bits = cmi_calloc(ctx, nk * nk, 1);
	d->task_attr = cmi_calloc(ctx, nk, sizeof *d->task_attr);
	d->role = cmi_calloc(ctx, nk, 1);
	d->writes_in = cmi_calloc(ctx, nk, sizeof *d->writes_in);
	if (!d->own_task || !d->with || !d->rule_bits || !d->kind_bits || !d->task_attr ||
	    !d->role || !d->writes_in)
		goto fail;
	for (int k = 0; k < d->nkinds; k++) {
		const cmi_kind *kind = &cat->kinds[k];
		d->task_attr[k] = -1;
		for (int a = 0; a < kind->nattrs; a++)
			if (kind->attrs[a].type == CMI_ATTR_TASK)
				d->task_attr[k] = a;
		for (int b = 0; b < d->nkinds; b++)
			d->kind_bits[k * d->nkinds + b] = (unsigned char)cross(
			    &kind->writes, &cat->kinds[b].writes,
			    cat->kinds[b].reads.declared ? &cat->kinds[b].reads : NULL);
		/* A kind reads what it writes, and its `reads` besides. */
		int task_only = cmi_decl_task_only(&kind->writes) &&
		                (!kind->reads.declared || cmi_decl_task_only(&kind->reads));
		int touches_tasks = !kind->writes.declared;
		const cmi_decl *both[2] = {&kind->writes, &kind->reads};
		for (int x = 0; x < 2; x++)
			for (int p = 0; both[x]->declared && p < both[x]->npaths; p++)
				touches_tasks |= task_path(both[x]->paths[p]);
		if (d->task_attr[k] >= 0 && task_only)
			d->role[k] = (unsigned char)(CMI_OFFER_TASK_ONLY |
			                             (kind->removes_task ? CMI_OFFER_REMOVES : 0));
		else if (d->task_attr[k] < 0 ? touches_tasks : !kind->writes.declared)
			d->role[k] = CMI_OFFER_ANY_TASK;
		int in_elems = (d->role[k] & CMI_OFFER_TASK_ONLY) && kind->writes.npaths > 0;
		for (int p = 0; in_elems && p < kind->writes.npaths; p++)
			in_elems = path_elem(kind->writes.paths[p]) != NULL;
		if (in_elems) {
			const cmi_elem_desc **in =
			    cmi_calloc(ctx, (size_t)kind->writes.npaths + 1, sizeof *in);
			if (!(d->writes_in[k] = in))
				goto fail;
			for (int p = 0; p < kind->writes.npaths; p++)
				in[p] = path_elem(kind->writes.paths[p]);
		}
	}
	for (int s = 0; s < d->nsets; s++) {
		const cmi_ruleset *rs = cmi_ruleset_at(ctx, s);
		for (int i = 0; i < d->first_rule[s + 1] - d->first_rule[s]; i++) {
			int r = d->first_rule[s] + i;
			const cmi_decl *reads = &rs->rules[i].reads;
			d->own_task[r] = (unsigned char)(reads->declared && reads->own_task);
			if (reads->declared && reads->nwith > 0) {
				if (!(d->with[r] = cmi_calloc(ctx, (size_t)reads->nwith + 1,
				                              sizeof **d->with)))
					goto fail;
				for (int w = 0; w < reads->nwith; w++)
					d->with[r][w] = elem_of(CMI_TASK_ELEM, reads->with[w]);
			}
			for (int k = 0; k < d->nkinds; k++)
				d->rule_bits[k * d->nrules + r] =
				    (unsigned char)cross(&cat->kinds[k].writes, reads, NULL);
		}
	}
	return d;
fail:
	cmi_deps_free(ctx, d);
	return NULL;
}

const cmi_deps *cmi_deps_of(cm_ctx *ctx)
{
	if (!ctx->deps)
		ctx->deps = build(ctx);
	return ctx->deps;
}

/* ---- one job's groups ----------------------------------------------------- */

static int find_root(int *parent, int i)
{
	while (parent[i] != i)
		i = parent[i] = parent[parent[i]];
	return i;
}

/* Joins b's group to a's; -1 stands for no offer yet. Returns the root. */
static int join(int *parent, int a, int b)
{
	if (a < 0)
		return b < 0 ? -1 : find_root(parent, b);
	a = find_root(parent, a);
	if (b >= 0) {
		b = find_root(parent, b);
		if (a != b)
			parent[b] = a;
	}
	return a;
}

static int by_id(const void *key, const void *item)
{
	return strcmp(key, (*(const cmi_task *const *)item)->id);
}

static int task_index(const cm_job *job, const char *id)
{
	if (!id || !job->task_index)
		return -1;
	const cmi_task *const *t =
	    bsearch(id, job->task_index, (size_t)job->ntasks, sizeof *job->task_index, by_id);
	return t ? (int)(*t - job->tasks) : -1;
}

/* The task an offer is aimed at, or -1 (the whole job). */
static int offer_task(const cmi_deps *d, const cm_job *job, const cmi_adaptation *a)
{
	if (a->kind_index < 0 || a->kind_index >= d->nkinds || d->task_attr[a->kind_index] < 0)
		return -1;
	for (int i = 0; i < a->nattrs; i++)
		if (strcmp(a->attrs[i].name, "task") == 0)
			return task_index(job, a->attrs[i].value);
	return -1;
}

/* Does task t hold an element of one of descs (NULL-ended)? */
static int holds_any(const cmi_task *t, const cmi_elem_desc *const *descs)
{
	for (int i = 0; i < t->nelems; i++)
		for (int w = 0; descs[w]; w++)
			if (t->elems[i].desc == descs[w])
				return 1;
	return 0;
}

/* Does rule r read task t (tasks_with)? */
static int reads_task(const cmi_deps *d, int r, const cmi_task *t)
{
	return !d->with[r] || holds_any(t, d->with[r]);
}

/* Kind bits of an offer: an unknown kind writes everything. */
static unsigned rule_bits(const cmi_deps *d, const cmi_adaptation *a, int r)
{
	if (a->kind_index < 0 || a->kind_index >= d->nkinds)
		return TASK | JOB;
	return d->rule_bits[a->kind_index * d->nrules + r];
}

static unsigned kind_bits(const cmi_deps *d, const cmi_adaptation *a, const cmi_adaptation *b)
{
	if (a->kind_index < 0 || a->kind_index >= d->nkinds || b->kind_index < 0 ||
	    b->kind_index >= d->nkinds)
		return TASK | JOB;
	return d->kind_bits[a->kind_index * d->nkinds + b->kind_index];
}

void cmi_deps_groups_free(cm_ctx *ctx, cmi_deps_groups *g)
{
	if (g->slot_group)
		for (int r = 0; r < g->nrules; r++)
			cmi_free(ctx, g->slot_group[r]);
	cmi_free(ctx, g->slot_group);
	cmi_free(ctx, g->group_of);
	cmi_free(ctx, g->task_of);
	cmi_free(ctx, g->role);
	memset(g, 0, sizeof *g);
}

cm_status cmi_deps_group(cm_ctx *ctx, const cm_job *job, const unsigned char *active,
                         cmi_deps_groups *out, cm_error *err)
{
	memset(out, 0, sizeof *out);
	const cmi_deps *d = cmi_deps_of(ctx);
	int n = job->nadaptations, nt = job->ntasks;
	if (d && n == 0) {
		/* Nothing offered: no group, and no slot any offer writes
		 * (cmi_deps_finding_group reads the NULL slot_group as -1). Crossing
		 * every rule with no offer cost 11,000 instructions of each 266,000
		 * in make bench's evaluation figure (doc/evaluation.md). */
		out->nrules = d->nrules;
		out->first_rule = d->first_rule;
		out->own_task = d->own_task;
		return CM_OK;
	}
	int *parent = cmi_calloc(ctx, (size_t)n + 1, sizeof *parent);
	int *task = out->task_of = cmi_calloc(ctx, (size_t)n + 1, sizeof *task);
	out->role = cmi_calloc(ctx, (size_t)n + 1, 1);
	int *slot = cmi_calloc(ctx, (size_t)nt + 1, sizeof *slot);
	out->group_of = cmi_calloc(ctx, (size_t)n + 1, sizeof *out->group_of);
	if (d)
		out->slot_group = cmi_calloc(ctx, (size_t)d->nrules + 1, sizeof *out->slot_group);
	cm_status st = CM_OK;
	if (!d || !parent || !task || !out->role || !slot || !out->group_of || !out->slot_group) {
		st = cmi_error_nomem(err);
		goto done;
	}
	out->noffers = n;
	out->nrules = d->nrules;
	out->first_rule = d->first_rule;
	out->own_task = d->own_task;
	for (int i = 0; i < n; i++) {
		parent[i] = i;
		task[i] = offer_task(d, job, &job->adaptations[i]);
		int k = job->adaptations[i].kind_index;
		/* an unknown kind, or a task that is not the job's, could touch anything */
		int unknown = k < 0 || k >= d->nkinds || (d->task_attr[k] >= 0 && task[i] < 0);
		out->role[i] = unknown ? CMI_OFFER_ANY_TASK : d->role[k];
		if (!unknown && task[i] >= 0 && d->writes_in[k] &&
		    !holds_any(&job->tasks[task[i]], d->writes_in[k]))
			out->role[i] |= CMI_OFFER_INERT;
	}
	/* offers that feed each other: one's writes meet the other's reads */
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++) {
			const cmi_adaptation *a = &job->adaptations[i], *b = &job->adaptations[j];
			unsigned bits = kind_bits(d, a, b) | kind_bits(d, b, a);
			int same = task[i] == task[j] || task[i] < 0 || task[j] < 0;
			if ((bits & JOB) || ((bits & TASK) && same))
				join(parent, i, j);
		}
	/* offers that meet in a finding; slot[] holds one writer of each slot
	 * (1 + task, 0 the job's) while the rule is crossed, -1 for none */
	for (int s = 0; s < d->nsets; s++) {
		int on = !active || active[s];
		for (int r = d->first_rule[s]; r < d->first_rule[s + 1]; r++) {
			if (!(out->slot_group[r] =
			          cmi_calloc(ctx, (size_t)nt + 1, sizeof **out->slot_group))) {
				st = cmi_error_nomem(err);
				goto done;
			}
			for (int t = 0; t <= nt; t++)
				slot[t] = -1;
			for (int i = 0; on && i < n; i++) {
				unsigned bits = rule_bits(d, &job->adaptations[i], r);
				if ((bits & JOB) || ((bits & TASK) && task[i] < 0)) {
					for (int t = 0; t <= nt;
					     t++) /* every finding of the rule */
						slot[t] = join(parent, slot[t], i);
				} else if (bits & TASK) {
					int t = task[i];
					if (!reads_task(d, r, &job->tasks[t]))
						continue;
					if (d->own_task[r])
						slot[1 + t] = join(parent, slot[1 + t], i);
					else
						slot[0] = join(parent, slot[0], i);
				}
			}
			for (int t = 0; t <= nt; t++)
				out->slot_group[r][t] = slot[t]; /* offers now; groups below */
		}
	}
	/* roots become group numbers, in the order of the offers */
	int *number = cmi_calloc(ctx, (size_t)n + 1, sizeof *number);
	if (!number) {
		st = cmi_error_nomem(err);
		goto done;
	}
	for (int i = 0; i < n; i++)
		number[i] = -1;
	for (int i = 0; i < n; i++) {
		int root = find_root(parent, i);
		if (number[root] < 0)
			number[root] = out->ngroups++;
		out->group_of[i] = number[root];
	}
	for (int r = 0; r < d->nrules; r++)
		for (int t = 0; t <= nt; t++) {
			int w = out->slot_group[r][t];
			out->slot_group[r][t] = w < 0 ? -1 : out->group_of[w];
		}
	cmi_free(ctx, number);
done:
	cmi_free(ctx, parent);
	cmi_free(ctx, slot);
	if (st != CM_OK)
		cmi_deps_groups_free(ctx, out);
	return st;
}

int cmi_deps_finding_group(const cmi_deps_groups *g, const cm_job *job, int set, int rule,
                           const char *task)
{
	if (!g->slot_group) /* no offer (cmi_deps_group) */
		return -1;
	int r = g->first_rule[set] + rule;
	if (r < 0 || r >= g->nrules || !g->slot_group[r])
		return -1;
	int t = g->own_task[r] && task ? task_index(job, task) : -1;
	return g->slot_group[r][t + 1];
}
