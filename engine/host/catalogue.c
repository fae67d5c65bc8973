/*
 * catalogue.c — the adaptation catalogue (rules/adaptations.lua).
 *
 * The catalogue is data and code together: for each kind, the attributes an
 * <adaptation> of that kind takes (so that the loader can refuse an unknown
 * kind or a stray attribute with a precise message) and the Lua function
 * that changes a job table. Keeping both in one Lua file means a new kind is
 * one table entry, with no C change.
 *
 * Not here: deciding which adaptations to combine (search.c).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "catalogue.h"
#include "lua_job.h"
#include "messages.h"
#include "rules.h"
#include "sandbox.h"
#include "strbuf.h"

static const char *const type_names[] = {"task", "number", "boolean", "words", "element"};

static char *lua_key(lua_State *L, const char *xml)
{
	char *k = cmi_lua_strdup(L, xml);
	cmi_lua_key(k);
	return k;
}

static double number_field(lua_State *L, int t, const char *field, double dflt)
{
	lua_getfield(L, t, field);
	double v = lua_isnil(L, -1) ? dflt : luaL_checknumber(L, -1);
	lua_pop(L, 1);
	return v;
}

static void read_values(lua_State *L, int t, cmi_kind_attr *a)
{
	lua_getfield(L, t, "values");
	if (!lua_istable(L, -1))
		luaL_error(L, "attribute '%s': a words attribute needs 'values'", a->name);
	int n = cmi_lua_array_len(L, -1, "values");
	a->values = cmi_lua_calloc(L, (size_t)n + 1, sizeof *a->values);
	for (int i = 1; i <= n; i++, a->nvalues++) {
		lua_geti(L, -1, i);
		luaL_checkstring(L, -1);
		a->values[i - 1] = cmi_lua_plain_string(L, -1);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

static void read_attr(lua_State *L, int t, cmi_kind_attr *a)
{
	a->name = cmi_lua_field_string(L, t, "name", 1);
	a->lua = lua_key(L, a->name);
	char *type = cmi_lua_field_string(L, t, "type", 1);
	int found = -1;
	for (int i = 0; i < (int)(sizeof type_names / sizeof type_names[0]); i++)
		if (!strcmp(type, type_names[i]))
			found = i;
	free(type);
	if (found < 0)
		luaL_error(L,
		           "attribute '%s': type must be task, number, boolean, words or element",
		           a->name);
	a->type = (cmi_attr_type)found;
	lua_getfield(L, t, "required");
	a->required = lua_toboolean(L, -1);
	lua_pop(L, 1);
	a->min = number_field(L, t, "min", -HUGE_VAL);
	a->max = number_field(L, t, "max", HUGE_VAL);
	if (a->type == CMI_ATTR_WORDS)
		read_values(L, t, a);
	if (a->type == CMI_ATTR_ELEMENT) {
		a->of = cmi_lua_field_string(L, t, "of", 1);
		if (!cmi_elem_find(CMI_TASK_ELEM, a->of))
			luaL_error(L,
			           "attribute '%s': 'of' must name an element of a task, not '%s'",
			           a->name, a->of);
	}
}

static void read_kind(lua_State *L, int t, cmi_kind *k)
{
	k->kind = cmi_lua_field_string(L, t, "kind", 1);
	cmi_lua_field_titles(L, t, "title", k->title);
	lua_getfield(L, t, "attributes");
	if (!lua_istable(L, -1))
		luaL_error(L, "kind '%s': 'attributes' must be an array", k->kind);
	int n = cmi_lua_array_len(L, -1, "attributes");
	if (n > 0)
		k->attrs = cmi_lua_calloc(L, (size_t)n, sizeof *k->attrs);
	for (int i = 1; i <= n; i++) {
		k->nattrs++; /* before reading: a half-read attribute is freed too */
		lua_geti(L, -1, i);
		read_attr(L, lua_gettop(L), &k->attrs[i - 1]);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	char owner[300];
	snprintf(owner, sizeof owner, "kind '%s'", k->kind);
	k->apply_ref = cmi_lua_field_ref(L, t, "apply", owner);
	cmi_decl_read(L, t, "writes", owner, &k->writes);
	cmi_decl_read(L, t, "reads", owner, &k->reads);
	lua_getfield(L, t, "removes_task");
	k->removes_task = lua_toboolean(L, -1);
	lua_pop(L, 1);
	if (k->removes_task && (k->nattrs != 1 || k->attrs[0].type != CMI_ATTR_TASK ||
	                        !cmi_decl_task_only(&k->writes) ||
	                        (k->reads.declared && !cmi_decl_task_only(&k->reads))))
		luaL_error(L,
		           "kind '%s': removes_task needs one attribute, the task, and 'writes' "
		           "only under tasks and icf_demands",
		           k->kind);
}

/* Protected: (catalogue*, table). */
static int read_catalogue(lua_State *L)
{
	cmi_catalogue *cat = lua_touserdata(L, 1);
	if (!lua_istable(L, 2))
		return luaL_error(L, "the catalogue must return a table");
	cat->version = cmi_lua_field_string(L, 2, "version", 1);
	cat->contract = cmi_lua_contract(L, 2, 2);
	lua_getfield(L, 2, "kinds");
	if (!lua_istable(L, -1))
		return luaL_error(L, "field 'kinds' must be an array");
	int n = cmi_lua_array_len(L, -1, "kinds");
	if (n > 0)
		cat->kinds = cmi_lua_calloc(L, (size_t)n, sizeof *cat->kinds);
	for (int i = 1; i <= n; i++) {
		lua_geti(L, -1, i);
		if (!lua_istable(L, -1))
			return luaL_error(L, "kinds[%d] must be a table", i);
		cat->nkinds++; /* before reading: a half-read kind is freed too */
		read_kind(L, lua_gettop(L), &cat->kinds[i - 1]);
		lua_pop(L, 1);
	}
	return 0;
}

cm_status cmi_catalogue_load(cm_ctx *ctx, cmi_sandbox *sb, const char *path, cmi_catalogue **out,
                             cm_error *err)
{
	*out = NULL;
	char msg[1024];
	cmi_catalogue *cat = cmi_calloc(ctx, 1, sizeof *cat);
	if (!cat || !(cat->file = cmi_strdup(ctx, path))) {
		free(cat);
		return cmi_error_nomem(err);
	}
	cm_status ran = CM_OK;
	int compiled = cmi_sandbox_compiled_loads(sb);
	cm_status st = cmi_sandbox_run_file(ctx, sb, path, read_catalogue, cat, cat->sha256, &ran,
	                                    msg, sizeof msg, err);
	cat->compiled = cmi_sandbox_compiled_loads(sb) > compiled;
	if (st == CM_OK && ran != CM_OK)
		st = cmi_error_add(err, ran, path, 0, NULL, "%s", msg);
	if (st != CM_OK) {
		cmi_catalogue_free(cat);
		return st;
	}
	*out = cat;
	return CM_OK;
}

void cmi_catalogue_free(cmi_catalogue *cat)
{
	if (!cat)
		return;
	for (int i = 0; i < cat->nkinds; i++) {
		cmi_kind *k = &cat->kinds[i];
		free(k->kind);
		for (int j = 0; j < CMI_NLANGS; j++)
			free(k->title[j]);
		for (int j = 0; j < k->nattrs; j++) {
			free(k->attrs[j].name);
			free(k->attrs[j].lua);
			for (int v = 0; v < k->attrs[j].nvalues; v++)
				free(k->attrs[j].values[v]);
			free(k->attrs[j].values);
			free(k->attrs[j].of);
		}
		free(k->attrs);
		cmi_decl_free(&k->writes);
		cmi_decl_free(&k->reads);
	}
	free(cat->kinds);
	free(cat->version);
	free(cat->file);
	free(cat);
}

/* ---- checking a job's offer ---------------------------------------------- */

typedef struct checker {
	cm_ctx *ctx;
	const cm_job *job;
	cm_error *err;
	int problems;
	int nomem; /* a message could not be built */
} checker;

static void fault(checker *c, const cmi_adaptation *a, const char *attr, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void fault(checker *c, const cmi_adaptation *a, const char *attr, const char *fmt, ...)
{
	c->problems++;
	if (c->err->nproblems >= CMI_MAX_PROBLEMS)
		return; /* counted: the loader says the rest was not listed */
	char path[600];
	snprintf(path, sizeof path, "%s/@%s", a->path, attr);
	va_list ap;
	va_start(ap, fmt);
	cmi_error_addv(c->err, CM_EINPUT, c->job->file, a->line, path, fmt, ap);
	va_end(ap);
}

static int word_ok(const cmi_kind_attr *ka, const char *w, size_t n)
{
	for (int i = 0; i < ka->nvalues; i++)
		if (strlen(ka->values[i]) == n && !strncmp(ka->values[i], w, n))
			return 1;
	return 0;
}

/* The next space-separated word at or after *s (its length in *n), or NULL
 * at the end; *s moves past it. The one reading of a "words" attribute. */
static const char *next_word(const char **s, size_t *n)
{
	const char *w = *s + strspn(*s, " \t\n");
	if (!*w)
		return NULL;
	*n = strcspn(w, " \t\n");
	*s = w + *n;
	return w;
}

/* The first word of s that ka does not accept (its length in *n), or NULL. */
static const char *bad_word(const cmi_kind_attr *ka, const char *s, size_t *n)
{
	const char *w;
	while ((w = next_word(&s, n)))
		if (!word_ok(ka, w, *n))
			return w;
	return NULL;
}

static void check_words(checker *c, const cmi_adaptation *a, const cmi_kind_attr *ka, const char *v)
{
	size_t n = 0;
	const char *bad = bad_word(ka, v, &n);
	if (!bad && v[strspn(v, " \t\n")] != '\0')
		return;
	cmi_sb list;
	cmi_sb_init(&list, c->ctx);
	for (int i = 0; i < ka->nvalues; i++)
		cmi_sb_printf(&list, "%s%s", i ? ", " : "", ka->values[i]);
	fault(c, a, ka->name, cmi_msg(c->ctx->lang, M_BAD_WORDS), ka->name, v, bad ? (int)n : 0,
	      bad ? bad : "", list.buf ? list.buf : "");
	c->nomem |= list.failed;
	cmi_sb_free(&list);
}

/* An element attribute names one element of the adaptation's own task; a
 * missing or unknown task is reported by the task attribute itself. */
static void check_element(checker *c, const cmi_kind *k, const cmi_adaptation *a,
                          const cmi_kind_attr *ka, const char *v)
{
	const cmi_task *t = NULL;
	for (int j = 0; j < k->nattrs; j++)
		for (int i = 0; i < a->nattrs && k->attrs[j].type == CMI_ATTR_TASK; i++)
			if (!strcmp(a->attrs[i].name, k->attrs[j].name))
				t = cmi_job_find_task(c->job, a->attrs[i].value);
	if (!t)
		return;
	for (int i = 0; i < t->nelems; i++)
		if (t->elems[i].label && !strcmp(t->elems[i].desc->xml, ka->of) &&
		    !strcmp(t->elems[i].label, v))
			return;
	fault(c, a, ka->name, cmi_msg(c->ctx->lang, M_NO_SUCH_ELEMENT), t->id, ka->of, v, ka->of);
}

static void check_value(checker *c, const cmi_kind *k, const cmi_adaptation *a,
                        const cmi_kind_attr *ka, const char *v)
{
	cm_lang lang = c->ctx->lang;
	double d;
	switch (ka->type) {
	case CMI_ATTR_TASK:
		if (!c->job->doubtful_ids && !cmi_job_find_task(c->job, v))
			fault(c, a, ka->name, cmi_msg(lang, M_NO_SUCH_TASK), v);
		break;
	case CMI_ATTR_NUMBER:
		if (!cmi_parse_number(v, ka->min, ka->max, &d))
			fault(c, a, ka->name, cmi_msg(lang, M_OUT_OF_RANGE), ka->name, v, ka->min,
			      ka->max);
		break;
	case CMI_ATTR_BOOLEAN:
		if (strcmp(v, "true") && strcmp(v, "false") && strcmp(v, "1") && strcmp(v, "0"))
			fault(c, a, ka->name, cmi_msg(lang, M_BAD_BOOLEAN), ka->name, v);
		break;
	case CMI_ATTR_WORDS:
		check_words(c, a, ka, v);
		break;
	case CMI_ATTR_ELEMENT:
		check_element(c, k, a, ka, v);
		break;
	}
}

static void kind_names(cmi_sb *sb, const cmi_catalogue *cat)
{
	for (int i = 0; i < cat->nkinds; i++)
		cmi_sb_printf(sb, "%s%s", i ? ", " : "", cat->kinds[i].kind);
}

static void attr_names(cmi_sb *sb, const cmi_kind *k)
{
	for (int i = 0; i < k->nattrs; i++)
		cmi_sb_printf(sb, "%s%s", i ? ", " : "", k->attrs[i].name);
	if (k->nattrs == 0)
		cmi_sb_puts(sb, "-");
}

static void check_one(checker *c, const cmi_catalogue *cat, cmi_adaptation *a)
{
	cm_lang lang = c->ctx->lang;
	if (!a->kind[0])
		return; /* no kind at all: the schema has said so */
	for (int i = 0; i < cat->nkinds; i++)
		if (!strcmp(cat->kinds[i].kind, a->kind))
			a->kind_index = i;
	cmi_sb names;
	cmi_sb_init(&names, c->ctx);
	if (a->kind_index < 0) {
		kind_names(&names, cat);
		fault(c, a, "kind", cmi_msg(lang, M_UNKNOWN_KIND), a->kind,
		      names.buf ? names.buf : "");
		c->nomem |= names.failed;
		cmi_sb_free(&names);
		return;
	}
	const cmi_kind *k = &cat->kinds[a->kind_index];
	for (int i = 0; i < a->nattrs; i++) {
		const cmi_kind_attr *ka = NULL;
		for (int j = 0; j < k->nattrs; j++)
			if (!strcmp(k->attrs[j].name, a->attrs[i].name))
				ka = &k->attrs[j];
		if (ka) {
			check_value(c, k, a, ka, a->attrs[i].value);
			continue;
		}
		/* the kind's attributes, for the message only: rank loads
		 * thousands of offers, nearly all of them well formed */
		if (!names.len)
			attr_names(&names, k);
		fault(c, a, a->attrs[i].name, cmi_msg(lang, M_KIND_NO_ATTR), a->kind,
		      a->attrs[i].name, names.buf ? names.buf : "-");
	}
	for (int j = 0; j < k->nattrs; j++) {
		int present = 0;
		for (int i = 0; i < a->nattrs; i++)
			present |= !strcmp(k->attrs[j].name, a->attrs[i].name);
		if (k->attrs[j].required && !present)
			fault(c, a, k->attrs[j].name, cmi_msg(lang, M_KIND_NEEDS_ATTR), a->kind,
			      k->attrs[j].name);
	}
	c->nomem |= names.failed;
	cmi_sb_free(&names);
}

int cmi_catalogue_check(cm_ctx *ctx, const cmi_catalogue *cat, cm_job *job, cm_error *err)
{
	checker c = {ctx, job, err, 0, 0};
	for (int i = 0; i < job->nadaptations; i++)
		check_one(&c, cat, &job->adaptations[i]);
	return c.nomem ? -1 : c.problems;
}

/* ---- applying ------------------------------------------------------------ */

/* A "words" attribute reaches apply() as an array of strings. */
static void push_words(lua_State *L, const char *v)
{
	const char *w;
	size_t n;
	lua_newtable(L);
	for (lua_Integer i = 1; (w = next_word(&v, &n)); i++) {
		lua_pushlstring(L, w, n);
		lua_rawseti(L, -2, i);
	}
}

static void push_attr(lua_State *L, const cmi_kind_attr *ka, const char *v)
{
	switch (ka->type) {
	case CMI_ATTR_NUMBER:
		lua_pushnumber(L, strtod(v, NULL));
		break;
	case CMI_ATTR_BOOLEAN:
		lua_pushboolean(L, !strcmp(v, "true") || !strcmp(v, "1"));
		break;
	case CMI_ATTR_WORDS:
		push_words(L, v);
		break;
	case CMI_ATTR_TASK:
	case CMI_ATTR_ELEMENT:
		lua_pushstring(L, v);
		break;
	}
	lua_setfield(L, -2, ka->lua);
}

/* Pushes the table apply() receives for a. */
static void push_offer(lua_State *L, const cmi_kind *k, const cmi_adaptation *a)
{
	lua_createtable(L, 0, a->nattrs + 3);
	lua_pushstring(L, a->id);
	lua_setfield(L, -2, "id");
	lua_pushstring(L, a->kind);
	lua_setfield(L, -2, "kind");
	lua_pushnumber(L, a->cost_eur);
	lua_setfield(L, -2, "cost_eur");
	for (int i = 0; i < a->nattrs; i++)
		for (int j = 0; j < k->nattrs; j++)
			if (!strcmp(k->attrs[j].name, a->attrs[i].name))
				push_attr(L, &k->attrs[j], a->attrs[i].value);
}

/* The registry key of the offers' tables, built once per job table: the
 * search applies the same few offers to the check's one job table in every
 * evaluation, and building each one's table (names compared, numbers
 * parsed, strings interned) was a third of applying it (perf, 2026-12).
 * The cache holds the job table it was built for under `job`, so a new job
 * table (a new check, a fresh table per evaluation under contract 1, the
 * hours of a set) starts a new cache, and a table that is still alive
 * cannot be mistaken for another. Sharing one offer's table between
 * evaluations is sound because apply reads `a` and never writes it
 * (rules/adaptations.lua, contract 2; under contract 1 each evaluation has
 * its own job table and so its own tables). */
static const char offer_cache_key = 0;

/* Pushes a's table from the cache for the job table at index t. */
static void push_cached_offer(lua_State *L, const cmi_kind *k, const cmi_adaptation *a, int t)
{
	int same = 0;
	if (lua_rawgetp(L, LUA_REGISTRYINDEX, &offer_cache_key) == LUA_TTABLE) {
		lua_getfield(L, -1, "job");
		same = lua_rawequal(L, -1, t);
		lua_pop(L, 1);
	}
	if (!same) {
		lua_pop(L, 1);
		lua_createtable(L, 0, 4);
		lua_pushvalue(L, t);
		lua_setfield(L, -2, "job");
		lua_pushvalue(L, -1);
		lua_rawsetp(L, LUA_REGISTRYINDEX, &offer_cache_key);
	}
	if (lua_rawgetp(L, -1, a) != LUA_TTABLE) {
		lua_pop(L, 1);
		push_offer(L, k, a);
		lua_pushvalue(L, -1);
		lua_rawsetp(L, -3, a);
	}
	lua_remove(L, -2);
}

void cmi_catalogue_apply(lua_State *L, const cmi_catalogue *cat, const cmi_adaptation *a, int t)
{
	t = lua_absindex(L, t);
	const cmi_kind *k = &cat->kinds[a->kind_index];
	lua_rawgeti(L, LUA_REGISTRYINDEX, k->apply_ref);
	lua_pushvalue(L, t);
	push_cached_offer(L, k, a, t);
	lua_call(L, 2, 0);
}

/* ---- what a set leaves of the day ---------------------------------------- */

typedef struct hours_run {
	const cmi_catalogue *cat;
	const cm_job *job;
	const cmi_adaptation **apply; /* in catalogue order */
	int n;
	double hours;
} hours_run;

/* Protected: (hours_run*). Only the job's own tasks are read back: an
 * adaptation can remove tasks, never add one. */
static int sum_hours(lua_State *L)
{
	hours_run *h = lua_touserdata(L, 1);
	cmi_lua_push_job(L, h->job);
	for (int i = 0; i < h->n; i++)
		cmi_catalogue_apply(L, h->cat, h->apply[i], -1);
	h->hours = cmi_catalogue_sum_hours(L, h->job->ntasks);
	return 0;
}

double cmi_catalogue_sum_hours(lua_State *L, int ntasks)
{
	double hours = 0;
	if (lua_getfield(L, -1, "tasks") == LUA_TTABLE)
		for (lua_Integer i = 1; i <= (lua_Integer)ntasks; i++) {
			if (lua_rawgeti(L, -1, i) != LUA_TTABLE) {
				lua_pop(L, 1);
				break;
			}
			lua_getfield(L, -1, "hours_per_day");
			hours += lua_tonumber(L, -1);
			lua_pop(L, 2);
		}
	lua_pop(L, 1);
	return hours;
}

static int by_kind_then_offer(const void *a, const void *b)
{
	const cmi_adaptation *x = *(const cmi_adaptation *const *)a;
	const cmi_adaptation *y = *(const cmi_adaptation *const *)b;
	if (x->kind_index != y->kind_index)
		return x->kind_index - y->kind_index;
	return x->order - y->order;
}

cm_status cmi_catalogue_hours_after(cm_ctx *ctx, const cm_job *job,
                                    const cmi_adaptation *const *set, int n, double *hours,
                                    cm_error *err)
{
	const cmi_adaptation **apply = cmi_calloc(ctx, (size_t)n + 1, sizeof *apply);
	if (!apply)
		return cmi_error_nomem(err);
	for (int i = 0; i < n; i++)
		apply[i] = set[i];
	qsort(apply, (size_t)n, sizeof *apply, by_kind_then_offer);
	hours_run h = {cmi_rules_catalogue(ctx), job, apply, n, 0};
	char msg[1024];
	cm_status st =
	    cmi_sandbox_call(cmi_rules_sandbox(ctx), sum_hours, &h, 0, 0, msg, sizeof msg);
	cmi_free(ctx, apply);
	if (st == CM_ENOMEM)
		return cmi_error_add(err, CM_ENOMEM, NULL, 0, NULL, "%s", msg);
	if (st != CM_OK)
		return cmi_error_add(err, CM_ERULES, NULL, 0, NULL, "%s", msg);
	*hours = h.hours;
	return CM_OK;
}
