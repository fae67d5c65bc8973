/*
 * rules.c — finding, loading and describing rule sets.
 *
 * Rule sets are Lua files; this module finds them (the user's --rules-dir
 * directories first, then the installed rules/), runs each in the sandbox,
 * checks the table it returns (id, version, valid_from, source, titles,
 * params with their kind, rules with the source row they implement) and
 * keeps registry references to the rules' eval functions and to a
 * read-only table of the parameters in force.
 *
 * A rule set that cannot be loaded is not fatal: it is kept with its reason
 * and every report says it did not run, so the other rule sets still give
 * their findings. The catalogue is different: without it no job's
 * adaptations can be checked, so its failure is an error.
 *
 * Everything that reads a Lua table runs in a protected C function: a
 * rule set's table may have metamethods, and any read may allocate.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "catalogue.h"
#include "lua_job.h"
#include "lua_range.h"
#include "file.h"
#include "messages.h"
#include "rules.h"
#include "strbuf.h"

/* capamatch.set's record (cmi_rules_log_open): entries 3i+1, 3i+2 and
 * 3i+3 of the Lua table `ref` are the table, key and former value of
 * write i, for i < n. */
typedef struct write_log {
	int ref; /* registry reference to the log table, or LUA_NOREF */
	int n;
	int open;
	int changed; /* a logged write gave a key another value (cmi_rules_log_take_changed) */
	/* the job table, its tasks and its icf_demands as cmi_rules_log_watch
	 * saw them, and whether a logged write since went to one of them or to
	 * a key "id" or "task": what a narrowed job is made of (evaluate.c) */
	const void *watched[3];
	int structural;
} write_log;

/* Invariants: sets sorted by id; caches[i] belongs to sets[i], caches[nsets]
 * is the shipped sets' shared job table; all owned. */
struct cmi_rules {
	cmi_sandbox *sandbox; /* owned */
	write_log log;
	void *emitting;          /* what the emit function's calls go to (evaluate.c), or NULL */
	int emit_ref;            /* registry reference to the emit function */
	cmi_set_cache *caches;   /* owned; nsets + 1 entries, once loaded */
	char helpers_sha256[65]; /* of rules/lib/capamatch.lua */
	cmi_ruleset *sets;       /* owned; sorted by id */
	int nsets;
	struct cmi_catalogue *catalogue; /* owned */
};

/* What the protected readers of a rule set's table get: the set to fill and
 * the language their messages are in. */
typedef struct loading {
	cmi_ruleset *rs;
	cm_lang lang;
} loading;

/* Text of a parameter default, as --set would write it. A number must be
 * finite: reports print it as a JSON number. */
static char *value_text(lua_State *L, int idx, const char *name)
{
	char num[64];
	const char *s;
	if (lua_type(L, idx) == LUA_TSTRING)
		return cmi_lua_plain_string(L, idx);
	if (lua_type(L, idx) == LUA_TNUMBER) {
		if (!isfinite(lua_tonumber(L, idx)))
			luaL_error(L, "parameter '%s': default must be a finite number", name);
		snprintf(num, sizeof num, "%.14g", lua_tonumber(L, idx));
		s = num;
	} else {
		s = lua_toboolean(L, idx) ? "true" : "false";
	}
	return cmi_lua_strdup(L, s);
}

/* kind: "limit" or "reading"; absent is a reading, so rule sets written
 * before kinds existed keep loading and --set on them stays a user's
 * choice, not a departure. */
static cmi_param_kind read_kind(lua_State *L, int t, const char *name, cm_lang lang)
{
	cmi_param_kind kind = CMI_PARAM_READING;
	int type = lua_getfield(L, t, "kind");
	if (type == LUA_TSTRING && !strcmp(lua_tostring(L, -1), "limit"))
		kind = CMI_PARAM_LIMIT;
	else if (type == LUA_TSTRING && strcmp(lua_tostring(L, -1), "reading"))
		luaL_error(L, cmi_msg(lang, M_BAD_PARAM_KIND), name, lua_tostring(L, -1));
	else if (type != LUA_TSTRING && type != LUA_TNIL)
		luaL_error(L, "field 'kind' must be a string");
	lua_pop(L, 1);
	return kind;
}

static void read_param(lua_State *L, int t, cmi_param *p, cm_lang lang)
{
	p->name = cmi_lua_field_string(L, t, "name", 1);
	p->unit = cmi_lua_field_string(L, t, "unit", 0);
	p->kind = read_kind(L, t, p->name, lang);
	cmi_lua_field_titles(L, t, "doc", p->doc);
	lua_getfield(L, t, "default");
	p->type = lua_type(L, -1);
	if (p->type != LUA_TNUMBER && p->type != LUA_TSTRING && p->type != LUA_TBOOLEAN)
		luaL_error(L, "parameter '%s': default must be a number, string or boolean",
		           p->name);
	p->value = value_text(L, -1, p->name);
	p->published = value_text(L, -1, p->name);
	lua_pop(L, 1);
	lua_getfield(L, t, "choices");
	if (lua_istable(L, -1)) {
		int n = cmi_lua_array_len(L, -1, "choices");
		p->choices = cmi_lua_calloc(L, (size_t)n + 1, sizeof *p->choices);
		for (int i = 1; i <= n; i++, p->nchoices++) {
			lua_geti(L, -1, i);
			luaL_checkstring(L, -1);
			p->choices[i - 1] = cmi_lua_plain_string(L, -1);
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 1);
}

/* Reads `name` (an array) with one C reader per element; the array is
 * allocated up front so a Lua error never leaks what was read. */
static void read_array(lua_State *L, int t, const char *name, void **items, int *count, size_t size,
                       void (*read)(lua_State *, int, void *, cm_lang), cm_lang lang)
{
	lua_getfield(L, t, name);
	if (!lua_istable(L, -1))
		luaL_error(L, "field '%s' must be an array", name);
	int n = cmi_lua_array_len(L, -1, name);
	if (n > 0)
		*items = cmi_lua_calloc(L, (size_t)n, size);
	for (int i = 1; i <= n; i++) {
		lua_geti(L, -1, i);
		if (!lua_istable(L, -1))
			luaL_error(L, "%s[%d] must be a table", name, i);
		(*count)++;
		read(L, lua_gettop(L), (char *)*items + (size_t)(i - 1) * size, lang);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

static void read_param_item(lua_State *L, int t, void *p, cm_lang lang)
{
	read_param(L, t, p, lang);
}

/* row: optional, a whole number from 1 (the source's own numbering). */
static int read_row(lua_State *L, int t, const char *rule)
{
	int type = lua_getfield(L, t, "row");
	int row = 0, whole = 0;
	if (type == LUA_TNUMBER) {
		lua_Integer n = lua_tointegerx(L, -1, &whole);
		if (whole && n >= 1 && n <= 1000000)
			row = (int)n;
	}
	if (type != LUA_TNIL && row == 0)
		luaL_error(L, "rule '%s': 'row' must be a whole number from 1 to 1000000", rule);
	lua_pop(L, 1);
	return row;
}

/* An optional boolean field: 0 when absent. */
static int read_flag(lua_State *L, int t, const char *field)
{
	int type = lua_getfield(L, t, field);
	if (type != LUA_TNIL && type != LUA_TBOOLEAN)
		luaL_error(L, "field '%s' must be true or false", field);
	int on = lua_toboolean(L, -1);
	lua_pop(L, 1);
	return on;
}

/* What the rule set needs and where it applies (rules/README.md). */
static void read_scope(lua_State *L, cmi_ruleset *rs)
{
	char *needs = cmi_lua_field_string(L, 2, "needs", 0);
	int bad = needs && strcmp(needs, "person");
	rs->needs_person = needs && !bad;
	free(needs);
	if (bad)
		luaL_error(L, "field 'needs' must be \"person\" (or absent)");
	rs->advisory = read_flag(L, 2, "advisory");
	rs->contract = cmi_lua_contract(L, 2, 3);
	/* Whatever reads the person is medical, whatever its file says: only a
	 * set that needs the person is given more of it than the age
	 * (evaluate.c), and its findings are the engine's to word for an
	 * employer (report.c). */
	rs->medical = read_flag(L, 2, "medical") || rs->needs_person;
	int type = lua_getfield(L, 2, "window_days"), whole = 0;
	if (type != LUA_TNIL) {
		lua_Integer n = lua_tointegerx(L, -1, &whole);
		if (!whole || n < 1 || n > 366)
			luaL_error(L, "field 'window_days' must be a whole number from 1 to 366");
		rs->window_days = (int)n;
	}
	lua_pop(L, 1);
}

/* A rule's optional `label`: a table of en, nl and fr texts (each report
 * shows its own language's), or one text for every language (a user rule
 * set may give its source's label as printed, in the source's language). */
static void read_label(lua_State *L, int t, char *out[CMI_NLANGS])
{
	int type = lua_getfield(L, t, "label");
	lua_pop(L, 1);
	if (type == LUA_TTABLE) {
		cmi_lua_field_titles(L, t, "label", out);
		return;
	}
	for (int i = 0; i < CMI_NLANGS; i++)
		out[i] = cmi_lua_field_string(L, t, "label", 0);
}

static void read_rule(lua_State *L, int t, void *item, cm_lang lang)
{
	(void)lang;
	cmi_rule *r = item;
	r->id = cmi_lua_field_string(L, t, "id", 1);
	cmi_lua_field_titles(L, t, "title", r->title);
	r->row = read_row(L, t, r->id);
	read_label(L, t, r->label);
	int type = lua_getfield(L, t, "weight");
	if (type != LUA_TNIL) {
		r->weight = lua_tonumber(L, -1);
		if (type != LUA_TNUMBER || !(r->weight >= 0 && r->weight <= 100))
			luaL_error(L, "rule '%s': 'weight' must be a number from 0 to 100", r->id);
	}
	lua_pop(L, 1);
	char owner[300];
	snprintf(owner, sizeof owner, "rule '%s'", r->id);
	r->eval_ref = cmi_lua_field_ref(L, t, "eval", owner);
	cmi_decl_read(L, t, "reads", owner, &r->reads);
}

/* Protected: (loading*, table) -> fills the rule set. */
static int read_ruleset(lua_State *L)
{
	const loading *in = lua_touserdata(L, 1);
	cmi_ruleset *rs = in->rs;
	if (!lua_istable(L, 2))
		return luaL_error(L, "a rule set must return a table");
	char *id = cmi_lua_field_string(L, 2, "id", 1);
	int same = strcmp(id, rs->id) == 0;
	free(id);
	if (!same)
		return luaL_error(L, "field 'id' must be '%s', the file's name", rs->id);
	rs->version = cmi_lua_field_string(L, 2, "version", 1);
	rs->valid_from = cmi_lua_field_string(L, 2, "valid_from", 1);
	rs->source = cmi_lua_field_string(L, 2, "source", 1);
	cmi_lua_field_titles(L, 2, "title", rs->title);
	read_scope(L, rs);
	read_array(L, 2, "params", (void **)&rs->params, &rs->nparams, sizeof *rs->params,
	           read_param_item, in->lang);
	read_array(L, 2, "rules", (void **)&rs->rules, &rs->nrules, sizeof *rs->rules, read_rule,
	           in->lang);
	if (rs->nrules == 0)
		return luaL_error(L, "field 'rules' is empty");
	if (lua_getfield(L, 2, "messages") != LUA_TNIL) /* optional: findings may carry text */
		cmi_messages_read(L, -1, &rs->messages);
	lua_pop(L, 1);
	return 0;
}

/* Protected: (ruleset*) -> registers the read-only table of values in force. */
static int build_params(lua_State *L)
{
	cmi_ruleset *rs = lua_touserdata(L, 1);
	lua_createtable(L, 0, rs->nparams);
	for (int i = 0; i < rs->nparams; i++) {
		const cmi_param *p = &rs->params[i];
		if (p->type == LUA_TNUMBER)
			lua_pushnumber(L, strtod(p->value, NULL));
		else if (p->type == LUA_TBOOLEAN)
			lua_pushboolean(L, strcmp(p->value, "true") == 0);
		else
			lua_pushstring(L, p->value);
		lua_setfield(L, -2, p->name);
	}
	cmi_sandbox_readonly(L, "cannot change parameter");
	rs->params_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	return 0;
}

/* A rule set that cannot be read or run is kept with the reason, like one
 * that fails later: the other rule sets still run. Only running out of
 * memory is an error. */
static cm_status load_ruleset(cm_ctx *ctx, cmi_rules *rules, cmi_ruleset *rs, cm_error *err)
{
	char msg[1024];
	cm_status ran = CM_OK;
	cm_error read_err = {0};
	loading in = {rs, ctx->lang};
	int compiled = cmi_sandbox_compiled_loads(rules->sandbox);
	cm_status st = cmi_sandbox_run_file(ctx, rules->sandbox, rs->file, read_ruleset, &in,
	                                    rs->sha256, &ran, msg, sizeof msg, &read_err);
	rs->shared_job = st == CM_OK && ran == CM_OK && rs->contract >= 2 &&
	                 cmi_sandbox_compiled_loads(rules->sandbox) > compiled;
	if (st == CM_ENOMEM || ran == CM_ENOMEM) {
		cm_error_clear(&read_err);
		return cmi_error_nomem(err);
	}
	if (st != CM_OK)
		snprintf(msg, sizeof msg, "%s",
		         read_err.nproblems ? read_err.problems[0].message : "cannot read");
	cm_error_clear(&read_err);
	if ((st != CM_OK || ran != CM_OK) && !(rs->unusable = cmi_strdup(ctx, msg)))
		return cmi_error_nomem(err);
	return CM_OK;
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n > m && strcmp(s + n - m, suffix) == 0;
}

static int selected(const cm_ctx *ctx, const char *id)
{
	if (!ctx->selected)
		return 1;
	for (int i = 0; i < ctx->nselected; i++)
		if (!strcmp(ctx->selected[i], id))
			return 1;
	return 0;
}

static cmi_ruleset *find_set(cmi_rules *rules, const char *id)
{
	for (int i = 0; i < rules->nsets; i++)
		if (!strcmp(rules->sets[i].id, id))
			return &rules->sets[i];
	return NULL;
}

/* Adds every ID.lua of dir. An id found in an earlier directory is refused:
 * reports name a rule set by its id, and a user's capacity.lua silently
 * standing in for the installed one (with its medical wording, its
 * figures) would be reported as the shipped rule set. */
static cm_status scan_dir(cm_ctx *ctx, cmi_rules *rules, const char *dir, char **catalogue,
                          cm_error *err)
{
	DIR *d = opendir(dir);
	if (!d)
		return cmi_error_add(err, CM_EUSAGE, dir, 0, NULL,
		                     cmi_msg(ctx->lang, M_CANNOT_OPEN), strerror(errno));
	cm_status st = CM_OK;
	struct dirent *e;
	while (st == CM_OK && (e = readdir(d))) {
		if (!has_suffix(e->d_name, ".lua") || e->d_name[0] == '.')
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (!strcmp(e->d_name, "adaptations.lua")) {
			if (!*catalogue && !(*catalogue = cmi_strdup(ctx, path)))
				st = cmi_error_nomem(err);
			continue;
		}
		char *id = cmi_strndup(ctx, e->d_name, strlen(e->d_name) - 4);
		if (id) /* the id is printed: a file name is text from the rules too */
			cmi_text_plain(id);
		cmi_ruleset *grown =
		    id ? cmi_realloc(ctx, rules->sets, (size_t)(rules->nsets + 1) * sizeof *grown)
		       : NULL;
		if (!grown) {
			free(id);
			st = cmi_error_nomem(err);
			break;
		}
		rules->sets = grown;
		if (!selected(ctx, id)) {
			free(id);
			continue;
		}
		const cmi_ruleset *clash = find_set(rules, id);
		if (clash) {
			char shown[CMI_SHOWN_FILE];
			st = cmi_error_add(err, CM_EUSAGE, clash->file, 0, NULL,
			                   cmi_msg(ctx->lang, M_RULESET_ID_TAKEN), id,
			                   cmi_report_file_name(ctx, path, shown));
			free(id);
			break;
		}
		cmi_ruleset *rs = &rules->sets[rules->nsets++];
		memset(rs, 0, sizeof *rs);
		rs->id = id;
		rs->params_ref = LUA_NOREF;
		if (!(rs->file = cmi_strdup(ctx, path)))
			st = cmi_error_nomem(err);
	}
	closedir(d);
	return st;
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const cmi_ruleset *)a)->id, ((const cmi_ruleset *)b)->id);
}

static cm_status find_files(cm_ctx *ctx, cmi_rules *rules, char **catalogue, cm_error *err)
{
	cm_status st = CM_OK;
	for (int i = 0; st == CM_OK && i < ctx->nrules_dirs; i++)
		st = scan_dir(ctx, rules, ctx->rules_dirs[i], catalogue, err);
	char installed[4096];
	snprintf(installed, sizeof installed, "%s/rules", ctx->datadir);
	if (st == CM_OK)
		st = scan_dir(ctx, rules, installed, catalogue, err);
	if (st != CM_OK)
		return st;
	if (rules->nsets > 1)
		qsort(rules->sets, (size_t)rules->nsets, sizeof *rules->sets, by_id);
	for (int i = 0; i < ctx->nselected; i++)
		if (!find_set(rules, ctx->selected[i]))
			return cmi_error_add(err, CM_EUSAGE, NULL, 0, NULL,
			                     cmi_msg(ctx->lang, M_NO_SUCH_RULESET),
			                     ctx->selected[i]);
	if (!*catalogue)
		return cmi_error_add(err, CM_ERULES, installed, 0, NULL, "%s",
		                     cmi_msg(ctx->lang, M_NO_CATALOGUE));
	return CM_OK;
}

static int choice_ok(const cmi_param *p, const char *v)
{
	for (int i = 0; i < p->nchoices; i++)
		if (!strcmp(p->choices[i], v))
			return 1;
	return p->nchoices == 0;
}

/* The value as it will be kept: a number in the form defaults have
 * ("07" and "7.50" become "7" and "7.5", valid JSON both); NULL when v is
 * not a value p accepts, or (with *nomem) out of memory. */
static char *accepted_value(cm_ctx *ctx, const cmi_param *p, const char *v, int *nomem)
{
	double d;
	char num[64];
	if (p->type == LUA_TNUMBER) {
		if (!cmi_parse_number(v, -1e300, 1e300, &d))
			return NULL;
		snprintf(num, sizeof num, "%.14g", d);
		v = num;
	} else if (p->type == LUA_TBOOLEAN ? strcmp(v, "true") && strcmp(v, "false")
	                                   : !choice_ok(p, v)) {
		return NULL;
	}
	char *kept = cmi_strdup(ctx, v);
	*nomem = !kept;
	return kept;
}

/* A value --set refused: what is accepted when it is a short list, else
 * the default. */
static cm_status refuse_value(cm_ctx *ctx, const cmi_param *p, const cmi_param_override *o,
                              cm_error *err)
{
	static const char *const yes_no[] = {"true", "false"};
	const char *const *list =
	    p->type == LUA_TBOOLEAN ? yes_no : (const char *const *)p->choices;
	int n = p->type == LUA_TBOOLEAN ? 2 : p->nchoices;
	if (n == 0)
		return cmi_error_add(err, CM_EUSAGE, NULL, 0, NULL,
		                     cmi_msg(ctx->lang, M_BAD_PARAM_VALUE), o->ruleset, o->name,
		                     o->value, p->published);
	char accepted[1024];
	size_t len = 0;
	accepted[0] = '\0';
	for (int i = 0; i < n && len < sizeof accepted; i++)
		len += (size_t)snprintf(accepted + len, sizeof accepted - len, "%s%s",
		                        i ? ", " : "", list[i]);
	return cmi_error_add(err, CM_EUSAGE, NULL, 0, NULL, cmi_msg(ctx->lang, M_BAD_PARAM_CHOICE),
	                     o->ruleset, o->name, o->value, accepted);
}

static cm_status apply_override(cm_ctx *ctx, cmi_rules *rules, const cmi_param_override *o,
                                cm_error *err)
{
	cmi_ruleset *rs = find_set(rules, o->ruleset);
	if (!rs)
		return cmi_error_add(err, CM_EUSAGE, NULL, 0, NULL,
		                     cmi_msg(ctx->lang, M_NO_SUCH_RULESET), o->ruleset);
	if (rs->unusable)
		return cmi_error_add(err, CM_ERULES, rs->file, 0, NULL, "%s", rs->unusable);
	for (int i = 0; i < rs->nparams; i++) {
		cmi_param *p = &rs->params[i];
		if (strcmp(p->name, o->name))
			continue;
		int nomem = 0;
		char *v = accepted_value(ctx, p, o->value, &nomem);
		if (!v)
			return nomem ? cmi_error_nomem(err) : refuse_value(ctx, p, o, err);
		free(p->value);
		p->value = v;
		p->overridden = 1;
		return CM_OK;
	}
	return cmi_error_add(err, CM_EUSAGE, NULL, 0, NULL, cmi_msg(ctx->lang, M_NO_SUCH_PARAM),
	                     o->ruleset, o->name);
}

static cm_status finish_sets(cm_ctx *ctx, cmi_rules *rules, cm_error *err)
{
	char msg[512];
	for (int i = 0; i < ctx->noverrides; i++) {
		cm_status st = apply_override(ctx, rules, &ctx->overrides[i], err);
		if (st != CM_OK)
			return st;
	}
	for (int i = 0; i < rules->nsets; i++) {
		cmi_ruleset *rs = &rules->sets[i];
		if (rs->unusable)
			continue;
		cm_status st =
		    cmi_sandbox_call(rules->sandbox, build_params, rs, 0, 0, msg, sizeof msg);
		if (st != CM_OK) /* it only builds a table: a failure is memory */
			return cmi_error_add(err, CM_ENOMEM, rs->file, 0, NULL, "%s", msg);
	}
	return CM_OK;
}

/* The same value, and not merely equal: 0 and -0, 1 and 1.0 differ (a
 * rule could tell them apart). */
static int same_value(lua_State *L, int a, int b)
{
	int type = lua_type(L, a);
	if (type != lua_type(L, b))
		return 0;
	if (type != LUA_TNUMBER)
		return lua_rawequal(L, a, b);
	if (lua_isinteger(L, a) != lua_isinteger(L, b))
		return 0;
	if (lua_isinteger(L, a))
		return lua_tointeger(L, a) == lua_tointeger(L, b);
	lua_Number x = lua_tonumber(L, a), y = lua_tonumber(L, b);
	return memcmp(&x, &y, sizeof x) == 0;
}

/* Whether the write at 1 (table), 2 (key) changes what a narrowed job is
 * made of: the job table's own keys, its arrays of tasks and demands, or
 * the ids that pick them out. */
static int structural_write(lua_State *L, const write_log *log)
{
	const void *t = lua_topointer(L, 1);
	if (t == log->watched[0] || t == log->watched[1] || t == log->watched[2])
		return 1;
	if (lua_type(L, 2) != LUA_TSTRING)
		return 0;
	const char *k = lua_tostring(L, 2);
	return !strcmp(k, "id") || !strcmp(k, "task");
}

/* Lua: set(t, key, value) -> rawset(t, key, value), recorded with the
 * value it replaces while the log is open (upvalue 1: the write_log,
 * upvalue 2: its table). */
static int logged_set(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_checkany(L, 3);
	if (lua_isnil(L, 2))
		return luaL_error(L, "set: the key is nil");
	lua_settop(L, 3);
	write_log *log = lua_touserdata(L, lua_upvalueindex(1));
	if (log->open) {
		int at = 3 * log->n;
		lua_pushvalue(L, 1);
		lua_rawseti(L, lua_upvalueindex(2), at + 1);
		lua_pushvalue(L, 2);
		lua_rawseti(L, lua_upvalueindex(2), at + 2);
		lua_pushvalue(L, 2);
		lua_rawget(L, 1);
		if (!log->changed && !same_value(L, -1, 3))
			log->changed = 1;
		lua_rawseti(L, lua_upvalueindex(2), at + 3);
		log->n++; /* counted once the entry is whole: a failed write is none */
		if (!log->structural)
			log->structural = structural_write(L, log);
	}
	lua_rawset(L, 1);
	return 0;
}

/* Protected: (cmi_rules*, the helpers' table) -> the global `capamatch`. */
static int publish_helpers(lua_State *L)
{
	cmi_rules *rules = lua_touserdata(L, 1);
	write_log *log = &rules->log;
	if (!lua_istable(L, 2))
		return luaL_error(L, "the helpers must return a table");
	lua_pushcfunction(L, cmi_lua_rows); /* the format's rows, from C: one list */
	lua_setfield(L, 2, "rows");
	lua_pushcfunction(L, cmi_lua_range); /* the format's ranges, for the catalogue */
	lua_setfield(L, 2, "range");
	lua_pushlightuserdata(L, log);
	lua_newtable(L);
	lua_pushvalue(L, -1);
	log->ref = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_pushcclosure(L, logged_set, 2);
	lua_setfield(L, 2, "set");
	cmi_sandbox_publish(L, "capamatch", 2);
	return 0;
}

/* The installed rules/lib/capamatch.lua, before any rule set (which may
 * read it) and never from --rules-dir: every rule set must read the same
 * helpers. Without it no rule set could run, so its failure is an error. */
static cm_status load_helpers(cm_ctx *ctx, cmi_sandbox *sb, cmi_rules *rules, char sha256[65],
                              cm_error *err)
{
	char path[4096], msg[1024];
	cm_status ran = CM_OK;
	snprintf(path, sizeof path, "%s/rules/lib/capamatch.lua", ctx->datadir);
	cm_status st = cmi_sandbox_run_file(ctx, sb, path, publish_helpers, rules, sha256, &ran,
	                                    msg, sizeof msg, err);
	if (st == CM_OK && ran != CM_OK)
		st = cmi_error_add(err, ran, path, 0, NULL, "%s", msg);
	return st;
}

static int stop_hoarder(cm_ctx *ctx, cmi_rules *rules, int set);
static void cache_init(cmi_set_cache *c);

static cm_status load_rules(cm_ctx *ctx, cm_error *err)
{
	cmi_rules *rules = cmi_calloc(ctx, 1, sizeof *rules);
	if (!rules)
		return cmi_error_nomem(err);
	char *catalogue = NULL;
	rules->log.ref = rules->emit_ref = LUA_NOREF;
	cm_status st = cmi_sandbox_new(ctx, &rules->sandbox, err);
	if (st == CM_OK)
		st = load_helpers(ctx, rules->sandbox, rules, rules->helpers_sha256, err);
	if (st == CM_OK)
		st = find_files(ctx, rules, &catalogue, err);
	if (st == CM_OK)
		st = cmi_catalogue_load(ctx, rules->sandbox, catalogue, &rules->catalogue, err);
	for (int i = 0; st == CM_OK && i < rules->nsets; i++) {
		st = load_ruleset(ctx, rules, &rules->sets[i], err);
		if (st == CM_OK && stop_hoarder(ctx, rules, i) < 0)
			st = cmi_error_nomem(err);
	}
	if (st == CM_OK)
		st = finish_sets(ctx, rules, err);
	if (st == CM_OK &&
	    !(rules->caches = cmi_calloc(ctx, (size_t)rules->nsets + 1, sizeof *rules->caches)))
		st = cmi_error_nomem(err);
	for (int i = 0; st == CM_OK && i <= rules->nsets; i++) /* and the shared one */
		cache_init(&rules->caches[i]);
	free(catalogue);
	if (st != CM_OK) {
		cmi_rules_free(rules);
		return st;
	}
	ctx->rules = rules;
	return CM_OK;
}

cm_status cm_ctx_load_rules(cm_ctx *ctx, cm_error *err)
{
	if (ctx->rules)
		return CM_OK;
	locale_t old = cmi_locale_enter(ctx);
	cm_status st = load_rules(ctx, err);
	cmi_locale_leave(old);
	return st;
}

/* Empty (calloc'd: a reference 0 is a real one). */
static void cache_init(cmi_set_cache *c)
{
	c->job = c->person = LUA_NOREF;
	for (size_t i = 0; i < sizeof c->narrowed / sizeof *c->narrowed; i++)
		c->narrowed[i].ref = LUA_NOREF;
}

static void drop_narrowed(cmi_sandbox *sb, cmi_set_cache *c)
{
	for (size_t i = 0; i < sizeof c->narrowed / sizeof *c->narrowed; i++) {
		cmi_sandbox_unref(sb, c->narrowed[i].ref);
		c->narrowed[i].ref = LUA_NOREF;
		c->narrowed[i].nids = 0;
	}
	c->next = 0;
}

void cmi_rules_cache_drop_narrowed(const cm_ctx *ctx, cmi_set_cache *c)
{
	drop_narrowed(ctx->rules->sandbox, c);
}

/* keep_person: the person table stays for the next check (rules.h). */
static void release_cache(cmi_rules *rules, int set, int keep_person)
{
	cmi_set_cache *c = &rules->caches[set];
	cmi_sandbox_unref(rules->sandbox, c->job);
	drop_narrowed(rules->sandbox, c);
	c->job = LUA_NOREF;
	c->for_job = NULL;
	if (keep_person)
		return;
	cmi_sandbox_unref(rules->sandbox, c->person);
	memset(c, 0, sizeof *c);
	cache_init(c);
}

static int stop_hoarder(cm_ctx *ctx, cmi_rules *rules, int set)
{
	size_t used, limit;
	cmi_ruleset *rs = &rules->sets[set];
	if (rs->unusable || !cmi_sandbox_over_half(rules->sandbox, &used, &limit))
		return 0;
	char why[256];
	snprintf(why, sizeof why, cmi_msg(ctx->lang, M_LUA_HOARDS), used >> 20, limit >> 20);
	if (!(rs->unusable = cmi_strdup(ctx, why)))
		return -1;
	if (rules->caches)
		release_cache(rules, set, 0);
	for (int i = 0; i < rs->nrules; i++) {
		cmi_sandbox_unref(rules->sandbox, rs->rules[i].eval_ref);
		rs->rules[i].eval_ref = LUA_NOREF;
	}
	cmi_sandbox_unref(rules->sandbox, rs->params_ref);
	rs->params_ref = LUA_NOREF;
	cmi_sandbox_over_half(rules->sandbox, &used, &limit); /* collects what it held */
	return 1;
}

static void free_titles(char *t[CMI_NLANGS])
{
	for (int i = 0; i < CMI_NLANGS; i++)
		free(t[i]);
}

static void free_set(cmi_ruleset *rs)
{
	free(rs->id);
	free(rs->file);
	free(rs->version);
	free(rs->valid_from);
	free(rs->source);
	free(rs->unusable);
	cmi_messages_free(&rs->messages);
	free_titles(rs->title);
	for (int i = 0; i < rs->nparams; i++) {
		free(rs->params[i].name);
		free(rs->params[i].value);
		free(rs->params[i].published);
		free(rs->params[i].unit);
		free_titles(rs->params[i].doc);
		for (int j = 0; j < rs->params[i].nchoices; j++)
			free(rs->params[i].choices[j]);
		free(rs->params[i].choices);
	}
	free(rs->params);
	for (int i = 0; i < rs->nrules; i++) {
		free(rs->rules[i].id);
		free_titles(rs->rules[i].label);
		free_titles(rs->rules[i].title);
		cmi_decl_free(&rs->rules[i].reads);
	}
	free(rs->rules);
}

void cmi_rules_free(cmi_rules *rules)
{
	if (!rules)
		return;
	for (int i = 0; i < rules->nsets; i++)
		free_set(&rules->sets[i]);
	free(rules->sets);
	free(rules->caches);
	cmi_catalogue_free(rules->catalogue);
	cmi_sandbox_free(rules->sandbox); /* registry references die with it */
	free(rules);
}

int cmi_rules_stop_hoarder(cm_ctx *ctx, int set)
{
	return stop_hoarder(ctx, ctx->rules, set);
}

cmi_set_cache *cmi_rules_cache(const cm_ctx *ctx, int set)
{
	return &ctx->rules->caches[set];
}

cmi_set_cache *cmi_rules_shared_cache(const cm_ctx *ctx)
{
	return &ctx->rules->caches[ctx->rules->nsets];
}

void cmi_rules_release_caches(const cm_ctx *ctx)
{
	if (!ctx->rules)
		return;
	for (int i = 0; i <= ctx->rules->nsets; i++) /* and the shared one */
		release_cache(ctx->rules, i,
		              i < ctx->rules->nsets && ctx->rules->sets[i].shared_job);
}

int cmi_lua_contract(lua_State *L, int t, int max)
{
	int type = lua_getfield(L, t, "contract"), whole = 0;
	lua_Integer n = type == LUA_TNIL ? 1 : lua_tointegerx(L, -1, &whole);
	lua_pop(L, 1);
	if (type != LUA_TNIL && (type != LUA_TNUMBER || !whole || n < 1 || n > max))
		luaL_error(L, "field 'contract' must be a whole number from 1 to %d", max);
	return (int)n;
}

void **cmi_rules_emit_slot(const cm_ctx *ctx)
{
	return &ctx->rules->emitting;
}

int cmi_rules_emit_ref(const cm_ctx *ctx)
{
	return ctx->rules->emit_ref;
}

void cmi_rules_set_emit_ref(const cm_ctx *ctx, int ref)
{
	ctx->rules->emit_ref = ref;
}

void cmi_rules_log_open(const cm_ctx *ctx)
{
	ctx->rules->log.open = 1;
}

void cmi_rules_log_close(const cm_ctx *ctx)
{
	ctx->rules->log.open = 0;
}

void cmi_rules_log_watch(lua_State *L, const cm_ctx *ctx, int job)
{
	write_log *log = &ctx->rules->log;
	job = lua_absindex(L, job);
	log->watched[0] = lua_topointer(L, job);
	lua_getfield(L, job, "tasks");
	log->watched[1] = lua_istable(L, -1) ? lua_topointer(L, -1) : NULL;
	lua_getfield(L, job, "icf_demands");
	log->watched[2] = lua_istable(L, -1) ? lua_topointer(L, -1) : NULL;
	lua_pop(L, 2);
	log->structural = 0;
}

int cmi_rules_log_structural(const cm_ctx *ctx)
{
	return ctx->rules->log.structural;
}

int cmi_rules_log_take_changed(const cm_ctx *ctx)
{
	int changed = ctx->rules->log.changed;
	ctx->rules->log.changed = 0;
	return changed;
}

void cmi_rules_log_undo(lua_State *L, const cm_ctx *ctx)
{
	write_log *log = &ctx->rules->log;
	log->open = 0;
	lua_rawgeti(L, LUA_REGISTRYINDEX, log->ref);
	int t = lua_gettop(L);
	int n = log->n;
	log->n = 0; /* empty whatever happens below */
	while (n > 0) {
		int at = 3 * --n;
		lua_rawgeti(L, t, at + 1);
		lua_rawgeti(L, t, at + 2);
		lua_rawgeti(L, t, at + 3);
		for (int k = 1; k <= 3; k++) { /* the log holds nothing alive */
			lua_pushnil(L);
			lua_rawseti(L, t, at + k);
		}
		lua_rawset(L, -3);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

int cmi_nrulesets(const cm_ctx *ctx)
{
	return ctx->rules->nsets;
}

const cmi_ruleset *cmi_ruleset_at(const cm_ctx *ctx, int i)
{
	return &ctx->rules->sets[i];
}

const cmi_catalogue *cmi_rules_catalogue(const cm_ctx *ctx)
{
	return ctx->rules->catalogue;
}

cmi_sandbox *cmi_rules_sandbox(const cm_ctx *ctx)
{
	return ctx->rules->sandbox;
}

const char *cmi_rules_helpers_sha256(const cm_ctx *ctx)
{
	return ctx->rules->helpers_sha256;
}

int cmi_param_departs(const cmi_param *p)
{
	if (p->kind != CMI_PARAM_LIMIT || !p->overridden)
		return 0;
	if (p->type == LUA_TNUMBER)
		return strtod(p->value, NULL) != strtod(p->published, NULL);
	return strcmp(p->value, p->published) != 0;
}

/* "[row 1: Manipulatie — Last]", or what of it the rule gives. */
static void rule_source(const cmi_rule *r, cm_lang lang, cmi_sb *sb)
{
	const char *label = r->label[lang];
	if (r->row && label)
		cmi_sb_printf(sb, cmi_msg(lang, R_RULE_ROW_LABEL), r->row, label);
	else if (r->row)
		cmi_sb_printf(sb, cmi_msg(lang, R_RULE_ROW), r->row);
	else if (label)
		cmi_sb_printf(sb, "[%s]", label);
}

/* One line per rule, id and title in aligned columns, then its source row. */
static void describe_rules(const cmi_ruleset *rs, cm_lang lang, cmi_sb *sb)
{
	int wid = 0, wtitle = 0;
	for (int j = 0; j < rs->nrules; j++) {
		int w = cmi_utf8_width(rs->rules[j].id),
		    t = cmi_utf8_width(rs->rules[j].title[lang]);
		wid = w > wid ? w : wid;
		wtitle = t > wtitle ? t : wtitle;
	}
	cmi_sb_printf(sb, "  %s\n", cmi_msg(lang, R_DESCRIBE_RULES));
	for (int j = 0; j < rs->nrules; j++) {
		const cmi_rule *r = &rs->rules[j];
		cmi_sb_puts(sb, "    ");
		cmi_sb_pad(sb, r->id, wid + 2);
		if (r->row || r->label[lang]) {
			cmi_sb_pad(sb, r->title[lang], wtitle + 2);
			rule_source(r, lang, sb);
		} else {
			cmi_sb_puts(sb, r->title[lang]);
		}
		cmi_sb_puts(sb, "\n");
	}
}

/* What a parameter is, after its unit: "(kg; limit of the published
 * frame)", "(reading: exposure | a8)"; French spaces its punctuation. */
static void param_kind(const cmi_param *p, cm_lang lang, cmi_sb *sb)
{
	cmi_sb choices;
	cmi_sb_init(&choices, sb->ctx);
	for (int i = 0; i < p->nchoices; i++)
		cmi_sb_printf(&choices, "%s%s", i ? " | " : "", p->choices[i]);
	cmi_sb_puts(sb, "  (");
	if (p->unit) {
		cmi_sb_printf(sb, cmi_msg(lang, R_UNIT_THEN), cmi_unit(lang, p->unit));
		cmi_sb_puts(sb, " ");
	}
	if (p->kind == CMI_PARAM_LIMIT)
		cmi_sb_puts(sb, cmi_msg(lang, R_KIND_LIMIT));
	else if (choices.len)
		cmi_sb_printf(sb, cmi_msg(lang, R_KIND_READING_OF), choices.buf);
	else
		cmi_sb_puts(sb, cmi_msg(lang, R_KIND_READING));
	cmi_sb_puts(sb, ")");
	sb->failed |= choices.failed;
	cmi_sb_free(&choices);
}

static void describe_set(const cmi_ruleset *rs, cm_lang lang, cmi_sb *sb)
{
	cmi_sb_printf(sb, "%s %s (%s) — %s\n  %s\n", rs->id, rs->version, rs->valid_from,
	              rs->title[lang], rs->source);
	if (rs->needs_person)
		cmi_sb_printf(sb, "  %s\n", cmi_msg(lang, R_DESCRIBE_NEEDS_PERSON));
	if (rs->advisory)
		cmi_sb_printf(sb, "  %s\n", cmi_msg(lang, R_DESCRIBE_ADVISORY));
	if (rs->window_days > 0) {
		cmi_sb_puts(sb, "  ");
		cmi_sb_printf(sb, cmi_msg(lang, R_DESCRIBE_WINDOW), rs->window_days);
		cmi_sb_puts(sb, "\n");
	}
	describe_rules(rs, lang, sb);
	if (rs->nparams)
		cmi_sb_printf(sb, "  %s\n", cmi_msg(lang, R_DESCRIBE_PARAMS));
	for (int j = 0; j < rs->nparams; j++) {
		const cmi_param *p = &rs->params[j];
		cmi_sb_printf(sb, "    --set %s.%s=%s", rs->id, p->name, p->value);
		param_kind(p, lang, sb);
		cmi_sb_printf(sb, "\n        %s\n", p->doc[lang]);
	}
}

static void describe_catalogue(const cmi_catalogue *cat, cm_lang lang, cmi_sb *sb)
{
	cmi_sb_printf(sb, "\nadaptations %s\n", cat->version);
	for (int i = 0; i < cat->nkinds; i++) {
		const cmi_kind *k = &cat->kinds[i];
		cmi_sb_printf(sb, "  %s — %s\n   ", k->kind, k->title[lang]);
		for (int j = 0; j < k->nattrs; j++)
			cmi_sb_printf(sb, " %s%s", k->attrs[j].name,
			              k->attrs[j].required ? "" : "?");
		cmi_sb_puts(sb, "\n");
	}
}

cm_status cm_rules_describe(cm_ctx *ctx, char **out, cm_error *err)
{
	*out = NULL;
	cm_status st = cm_ctx_load_rules(ctx, err);
	if (st != CM_OK)
		return st;
	cmi_sb sb;
	cmi_sb_init(&sb, ctx);
	for (int i = 0; i < ctx->rules->nsets; i++) {
		const cmi_ruleset *rs = &ctx->rules->sets[i];
		if (i)
			cmi_sb_puts(&sb, "\n");
		if (rs->unusable)
			cmi_sb_printf(&sb, "%s  %s: %s\n", rs->id, cmi_msg(ctx->lang, M_NOT_LOADED),
			              rs->unusable);
		else
			describe_set(rs, ctx->lang, &sb);
	}
	describe_catalogue(ctx->rules->catalogue, ctx->lang, &sb);
	if (!(*out = cmi_sb_detach(&sb, NULL)))
		return cmi_error_nomem(err);
	return CM_OK;
}
