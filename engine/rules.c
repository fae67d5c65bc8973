/*
 * rules.c — finding, loading and describing rule sets.
 *
 * Rule sets are Lua files; this module finds them (the user's --rules-dir
 * directories first, then the installed rules/), runs each in the sandbox,
 * checks the table it returns (id, version, valid_from, source, titles,
 * params, rules) and keeps registry references to the rules' eval functions
 * and to a read-only table of the parameters in force.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "catalogue.h"
#include "file.h"
#include "load_job.h"
#include "messages.h"
#include "rules.h"
#include "strbuf.h"

enum { MAX_RULE_FILE = 1 << 20 }; /* rule sets and catalogue are code: 1 MiB is plenty */

static const char *const lang_keys[3] = {"en", "nl", "fr"};

char *cmi_lua_field_string(lua_State *L, int t, const char *field, int required)
{
	lua_getfield(L, t, field);
	if (lua_isnil(L, -1) && !required) {
		lua_pop(L, 1);
		return NULL;
	}
	if (lua_type(L, -1) != LUA_TSTRING)
		luaL_error(L, "field '%s' must be a string", field);
	char *s = strdup(lua_tostring(L, -1));
	lua_pop(L, 1);
	if (!s)
		luaL_error(L, "out of memory");
	return s;
}

void cmi_lua_field_titles(lua_State *L, int t, const char *field, char *out[3])
{
	lua_getfield(L, t, field);
	if (!lua_istable(L, -1))
		luaL_error(L, "field '%s' must be a table of en, nl and fr texts", field);
	for (int i = 0; i < 3; i++)
		out[i] = cmi_lua_field_string(L, -1, lang_keys[i], 1);
	lua_pop(L, 1);
}

/* Text of a parameter default, as --set would write it. */
static char *value_text(lua_State *L, int idx)
{
	char num[64];
	const char *s;
	if (lua_type(L, idx) == LUA_TNUMBER) {
		snprintf(num, sizeof num, "%.14g", lua_tonumber(L, idx));
		s = num;
	} else if (lua_type(L, idx) == LUA_TBOOLEAN) {
		s = lua_toboolean(L, idx) ? "true" : "false";
	} else {
		s = lua_tostring(L, idx);
	}
	char *d = strdup(s);
	if (!d)
		luaL_error(L, "out of memory");
	return d;
}

static void read_param(lua_State *L, int t, cmi_param *p)
{
	p->name = cmi_lua_field_string(L, t, "name", 1);
	p->unit = cmi_lua_field_string(L, t, "unit", 0);
	cmi_lua_field_titles(L, t, "doc", p->doc);
	lua_getfield(L, t, "default");
	p->type = lua_type(L, -1);
	if (p->type != LUA_TNUMBER && p->type != LUA_TSTRING && p->type != LUA_TBOOLEAN)
		luaL_error(L, "parameter '%s': default must be a number, string or boolean",
		           p->name);
	p->value = value_text(L, -1);
	lua_pop(L, 1);
	lua_getfield(L, t, "choices");
	if (lua_istable(L, -1)) {
		int n = (int)luaL_len(L, -1);
		if (!(p->choices = calloc((size_t)n + 1, sizeof *p->choices)))
			luaL_error(L, "out of memory");
		for (int i = 1; i <= n; i++, p->nchoices++) {
			lua_geti(L, -1, i);
			if (!(p->choices[i - 1] = strdup(luaL_checkstring(L, -1))))
				luaL_error(L, "out of memory");
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 1);
}

/* Reads `name` (an array) with one C reader per element; the array is
 * allocated up front so a Lua error never leaks what was read. */
static void read_array(lua_State *L, int t, const char *name, void **items, int *count, size_t size,
                       void (*read)(lua_State *, int, void *))
{
	lua_getfield(L, t, name);
	if (!lua_istable(L, -1))
		luaL_error(L, "field '%s' must be an array", name);
	int n = (int)luaL_len(L, -1);
	if (n > 0 && !(*items = calloc((size_t)n, size)))
		luaL_error(L, "out of memory");
	for (int i = 1; i <= n; i++) {
		lua_geti(L, -1, i);
		if (!lua_istable(L, -1))
			luaL_error(L, "%s[%d] must be a table", name, i);
		(*count)++;
		read(L, lua_gettop(L), (char *)*items + (size_t)(i - 1) * size);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

static void read_param_item(lua_State *L, int t, void *p)
{
	read_param(L, t, p);
}

static void read_rule(lua_State *L, int t, void *item)
{
	cmi_rule *r = item;
	r->id = cmi_lua_field_string(L, t, "id", 1);
	cmi_lua_field_titles(L, t, "title", r->title);
	char owner[300];
	snprintf(owner, sizeof owner, "rule '%s'", r->id);
	r->eval_ref = cmi_lua_field_ref(L, t, "eval", owner);
}

/* Protected: (ruleset*, table) -> fills the rule set. */
static int read_ruleset(lua_State *L)
{
	cmi_ruleset *rs = lua_touserdata(L, 1);
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
	read_array(L, 2, "params", (void **)&rs->params, &rs->nparams, sizeof *rs->params,
	           read_param_item);
	read_array(L, 2, "rules", (void **)&rs->rules, &rs->nrules, sizeof *rs->rules, read_rule);
	if (rs->nrules == 0)
		return luaL_error(L, "field 'rules' is empty");
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

cm_status cmi_run_table_file(cm_ctx *ctx, cmi_sandbox *sb, const char *path, lua_CFunction reader,
                             void *ud, int *rc, char *msg, size_t size, cm_error *err)
{
	char *src = NULL;
	size_t len;
	cm_status st = cmi_read_file(ctx, path, MAX_RULE_FILE, &src, &len, err);
	if (st != CM_OK)
		return st;
	*rc = cmi_sandbox_run_chunk(sb, path, src, len, msg, size);
	cmi_free(ctx, src);
	if (*rc == LUA_OK) {
		lua_State *L = cmi_sandbox_state(sb);
		lua_pushcfunction(L, reader);
		lua_insert(L, -2);
		lua_pushlightuserdata(L, ud);
		lua_insert(L, -2);
		*rc = cmi_sandbox_pcall(sb, 2, 0, msg, size);
	}
	return CM_OK;
}

int cmi_lua_field_ref(lua_State *L, int t, const char *field, const char *owner)
{
	lua_getfield(L, t, field);
	if (!lua_isfunction(L, -1))
		luaL_error(L, "%s: '%s' must be a function", owner, field);
	return luaL_ref(L, LUA_REGISTRYINDEX);
}

/* A rule set that cannot be read or run is kept with the reason, like one
 * that fails later: the other rule sets still run. Only running out of
 * memory is an error. */
static cm_status load_ruleset(cm_ctx *ctx, cmi_rules *rules, cmi_ruleset *rs, cm_error *err)
{
	char msg[1024];
	int rc = LUA_OK;
	cm_error read_err = {0};
	cm_status st = cmi_run_table_file(ctx, rules->sandbox, rs->file, read_ruleset, rs, &rc, msg,
	                                  sizeof msg, &read_err);
	if (st == CM_ENOMEM) {
		cm_error_clear(&read_err);
		return cmi_error_nomem(err);
	}
	if (st != CM_OK)
		snprintf(msg, sizeof msg, "%s",
		         read_err.nproblems ? read_err.problems[0].message : "cannot read");
	cm_error_clear(&read_err);
	if ((st != CM_OK || rc != LUA_OK) && !(rs->unusable = strdup(msg)))
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

/* Adds every ID.lua of dir not already found (earlier directories win). */
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
			if (!*catalogue && !(*catalogue = strdup(path)))
				st = cmi_error_nomem(err);
			continue;
		}
		char *id = strndup(e->d_name, strlen(e->d_name) - 4);
		cmi_ruleset *grown =
		    id ? realloc(rules->sets, (size_t)(rules->nsets + 1) * sizeof *grown) : NULL;
		if (!grown) {
			free(id);
			st = cmi_error_nomem(err);
			break;
		}
		rules->sets = grown;
		if (find_set(rules, id) || !selected(ctx, id)) {
			free(id);
			continue;
		}
		cmi_ruleset *rs = &rules->sets[rules->nsets++];
		memset(rs, 0, sizeof *rs);
		rs->id = id;
		rs->params_ref = LUA_NOREF;
		if (!(rs->file = strdup(path)))
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

static int value_ok(const cmi_param *p, const char *v)
{
	double d;
	if (p->type == LUA_TNUMBER)
		return cmi_parse_number(v, -1e300, 1e300, &d);
	if (p->type == LUA_TBOOLEAN)
		return !strcmp(v, "true") || !strcmp(v, "false");
	return choice_ok(p, v);
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
		if (!value_ok(p, o->value))
			return cmi_error_add(err, CM_EUSAGE, NULL, 0, NULL,
			                     cmi_msg(ctx->lang, M_BAD_PARAM_VALUE), o->ruleset,
			                     o->name, o->value, p->value);
		char *v = strdup(o->value);
		if (!v)
			return cmi_error_nomem(err);
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
		lua_pushcfunction(cmi_sandbox_state(rules->sandbox), build_params);
		lua_pushlightuserdata(cmi_sandbox_state(rules->sandbox), rs);
		if (cmi_sandbox_pcall(rules->sandbox, 1, 0, msg, sizeof msg) != LUA_OK)
			return cmi_error_add(err, CM_ENOMEM, rs->file, 0, NULL, "%s", msg);
	}
	return CM_OK;
}

static cm_status load_rules(cm_ctx *ctx, cm_error *err)
{
	cmi_rules *rules = calloc(1, sizeof *rules);
	if (!rules)
		return cmi_error_nomem(err);
	char *catalogue = NULL;
	cm_status st = cmi_sandbox_new(ctx, &rules->sandbox, err);
	if (st == CM_OK)
		st = find_files(ctx, rules, &catalogue, err);
	if (st == CM_OK)
		st = cmi_catalogue_load(ctx, rules->sandbox, catalogue, &rules->catalogue, err);
	for (int i = 0; st == CM_OK && i < rules->nsets; i++) {
		st = load_ruleset(ctx, rules, &rules->sets[i], err);
		if (st == CM_OK && cmi_rules_stop_hoarder(ctx, rules, i) < 0)
			st = cmi_error_nomem(err);
	}
	if (st == CM_OK)
		st = finish_sets(ctx, rules, err);
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

int cmi_rules_stop_hoarder(cm_ctx *ctx, cmi_rules *rules, int set)
{
	size_t used, limit;
	cmi_ruleset *rs = &rules->sets[set];
	if (rs->unusable || !cmi_sandbox_over_half(rules->sandbox, &used, &limit))
		return 0;
	char why[256];
	snprintf(why, sizeof why, cmi_msg(ctx->lang, M_LUA_HOARDS), used >> 20, limit >> 20);
	if (!(rs->unusable = strdup(why)))
		return -1;
	lua_State *L = cmi_sandbox_state(rules->sandbox);
	for (int i = 0; i < rs->nrules; i++) {
		luaL_unref(L, LUA_REGISTRYINDEX, rs->rules[i].eval_ref);
		rs->rules[i].eval_ref = LUA_NOREF;
	}
	luaL_unref(L, LUA_REGISTRYINDEX, rs->params_ref);
	rs->params_ref = LUA_NOREF;
	cmi_sandbox_over_half(rules->sandbox, &used, &limit); /* collects what it held */
	return 1;
}

static void free_titles(char *t[3])
{
	for (int i = 0; i < 3; i++)
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
	free_titles(rs->title);
	for (int i = 0; i < rs->nparams; i++) {
		free(rs->params[i].name);
		free(rs->params[i].value);
		free(rs->params[i].unit);
		free_titles(rs->params[i].doc);
		for (int j = 0; j < rs->params[i].nchoices; j++)
			free(rs->params[i].choices[j]);
		free(rs->params[i].choices);
	}
	free(rs->params);
	for (int i = 0; i < rs->nrules; i++) {
		free(rs->rules[i].id);
		free_titles(rs->rules[i].title);
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
	cmi_catalogue_free(rules->catalogue);
	cmi_sandbox_free(rules->sandbox); /* registry references die with it */
	free(rules);
}

const cmi_catalogue *cmi_rules_catalogue(const cmi_rules *rules)
{
	return rules->catalogue;
}

static void describe_set(const cmi_ruleset *rs, cm_lang lang, cmi_sb *sb)
{
	cmi_sb_printf(sb, "%s %s (%s) — %s\n  %s\n", rs->id, rs->version, rs->valid_from,
	              rs->title[lang], rs->source);
	for (int j = 0; j < rs->nrules; j++)
		cmi_sb_printf(sb, "%s%s", j ? ", " : "  rules: ", rs->rules[j].id);
	cmi_sb_puts(sb, "\n");
	for (int j = 0; j < rs->nparams; j++) {
		const cmi_param *p = &rs->params[j];
		cmi_sb_printf(sb, "  --set %s.%s=%s%s%s%s\n      %s\n", rs->id, p->name, p->value,
		              p->unit ? "  (" : "", p->unit ? p->unit : "", p->unit ? ")" : "",
		              p->doc[lang]);
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
