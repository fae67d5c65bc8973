/*
 * finding.c — what a rule hands to C, and the text it says.
 *
 * A finding is data: status, value, limit, op, unit, task, element, and a
 * message id with its arguments. The templates are the rule set's
 * `messages`, read once when it loads. Text is rendered only when the
 * evaluation will be shown (the job as it is; the adaptation search's
 * thousands of evaluations are never read), in the report's language only:
 * formatting three languages for every finding of every evaluation was
 * 80 % of the evaluation's time. A finding may still carry a ready-made
 * `text = { nl, fr, en }` (the contract before messages), which is then
 * copied for a shown evaluation and ignored otherwise.
 *
 * Everything read here comes from a rule set, so everything is checked,
 * copied out of the Lua heap and bounded: the copies do not count against
 * the Lua memory cap, so the caps below do.
 *
 * Not here: running rules (evaluate.c), the search's use of the keys
 * (search.c), how a report lays findings out (report_*.c).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "finding.h"
#include "sandbox.h"

/* Bytes of the strings one rule set may have copied in one evaluation
 * (texts, units, tasks, elements, with their terminators): 400 a finding
 * on average at the cap on findings. The installed inrs-cadre-vert gives
 * about 22 + 3 per task element, so 3,022 findings on the largest job the
 * bounds allow (1,000 elements); the caps leave three times that. Per rule
 * set, so a hostile set cannot use up what the installed one needs. */
#define MAX_TEXT_BYTES      (4u << 20)
#define MAX_TEXT_BYTES_TEXT "4 MiB"
#define MAX_FINDINGS_TEXT   "10,000"

/* A rule set's messages and their size: far beyond what a rule set needs
 * (inrs-cadre-vert has 60, 12 KiB), few enough that reading them is
 * instant. The templates are copied into C, outside the Lua heap's cap, and
 * one Lua string can be every template of every message, so their total is
 * bounded too. */
enum { MAX_MESSAGES = 10000, MAX_TEMPLATE = 4096, MAX_NESTING = 8, MAX_LIST = 100000 };
#define MAX_TEMPLATES_BYTES      (1u << 20)
#define MAX_TEMPLATES_BYTES_TEXT "1 MiB"

/* Arguments rendered for one rule set in one evaluation. Rendering runs in
 * C, where no Lua hook sees the time pass, and an empty argument costs no
 * text: lists of lists of empty strings would otherwise loop for hours
 * inside the text cap. */
#define MAX_RENDERED      1000000
#define MAX_RENDERED_TEXT "1,000,000"

static const char *const status_names[] = {"within", "exceeds", "unknown", "not-applicable"};

const char *cm_finding_status_name(cm_finding_status s)
{
	return (unsigned)s < 4 ? status_names[s] : "?";
}

/* ---- messages ----------------------------------------------------------- */

/* Only %s and %%: the engine formats the arguments, so no other directive
 * has a meaning (and %p would print an address). Returns the count of %s,
 * or -1. */
static int placeholders(const char *s)
{
	int n = 0;
	for (; *s; s++) {
		if (*s != '%')
			continue;
		if (s[1] == 's')
			n++;
		else if (s[1] != '%')
			return -1;
		s++;
	}
	return n;
}

static int by_message_id(const void *a, const void *b)
{
	return strcmp(((const cmi_message *)a)->id, ((const cmi_message *)b)->id);
}

/* value at -1 is the message `id`'s table; *bytes counts the templates
 * read so far. */
static void read_message(lua_State *L, cmi_message *m, size_t *bytes)
{
	if (!lua_istable(L, -1))
		luaL_error(L, "message '%s' must be a table of en, nl and fr templates", m->id);
	for (int l = 0; l < CMI_NLANGS; l++) {
		const char *code = cmi_lang_code((cm_lang)l);
		if (lua_getfield(L, -1, code) != LUA_TSTRING)
			luaL_error(L, "message '%s': '%s' must be a string", m->id, code);
		if (lua_rawlen(L, -1) > MAX_TEMPLATE)
			luaL_error(L, "message '%s': '%s' is longer than %d bytes", m->id, code,
			           MAX_TEMPLATE);
		if ((*bytes += lua_rawlen(L, -1)) > MAX_TEMPLATES_BYTES)
			luaL_error(L,
			           "messages: more than " MAX_TEMPLATES_BYTES_TEXT " of templates");
		m->text[l] = cmi_lua_plain_string(L, -1);
		lua_pop(L, 1);
		int n = placeholders(m->text[l]);
		if (n < 0)
			luaL_error(L, "message '%s': '%s' may hold only %%s and %%%%", m->id, code);
		if (l > 0 && n != m->nargs)
			luaL_error(L, "message '%s': '%s' has %d %%s, '%s' has %d", m->id, code, n,
			           cmi_lang_code(CM_LANG_EN), m->nargs);
		m->nargs = n;
	}
}

void cmi_messages_read(lua_State *L, int t, cmi_messages *out)
{
	t = lua_absindex(L, t);
	if (!lua_istable(L, t))
		luaL_error(L, "field 'messages' must be a table of messages by id");
	int cap = 0;
	size_t bytes = 0;
	lua_pushnil(L);
	while (lua_next(L, t)) {
		if (lua_type(L, -2) != LUA_TSTRING)
			luaL_error(L, "messages: every key must be a message id (a string)");
		if (out->n == MAX_MESSAGES)
			luaL_error(L, "messages: more than %d", MAX_MESSAGES);
		if (out->n == cap) {
			cap = cap ? 2 * cap : 64;
			out->items =
			    cmi_lua_realloc(L, out->items, (size_t)cap * sizeof *out->items);
		}
		cmi_message *m = &out->items[out->n];
		memset(m, 0, sizeof *m);
		out->n++;
		m->id = cmi_lua_plain_string(L, -2);
		read_message(L, m, &bytes);
		lua_pop(L, 1);
	}
	if (out->n > 1)
		qsort(out->items, (size_t)out->n, sizeof *out->items, by_message_id);
	out->seen = cmi_lua_realloc(L, NULL, CMI_SEEN_MESSAGES * sizeof *out->seen);
	memset(out->seen, 0, CMI_SEEN_MESSAGES * sizeof *out->seen);
}

void cmi_messages_free(cmi_messages *m)
{
	for (int i = 0; i < m->n; i++) {
		free(m->items[i].id);
		for (int l = 0; l < CMI_NLANGS; l++)
			free(m->items[i].text[l]);
	}
	free(m->items);
	free(m->seen);
	m->items = NULL;
	m->seen = NULL;
	m->n = 0;
}

static const cmi_message *search_message(const cmi_messages *ms, const char *id)
{
	cmi_message key = {(char *)id, {0}, 0};
	return ms && ms->n ? bsearch(&key, ms->items, (size_t)ms->n, sizeof key, by_message_id)
	                   : NULL;
}

/* A rule passes its message id as a constant, so the same Lua string's
 * bytes come back at the same address: a slot by address, confirmed by one
 * strcmp, instead of the bsearch's six (a scored evaluation looks up every
 * finding's message for its ratio: 8,000 instructions of an evaluation's
 * 266,000, doc/evaluation.md). */
static const cmi_message *find_message(const cmi_messages *ms, const char *id)
{
	if (!ms || !ms->seen)
		return search_message(ms, id);
	uintptr_t at = (uintptr_t)id;
	cmi_seen_message *c = &ms->seen[(at ^ (at >> 7)) / 8 % CMI_SEEN_MESSAGES];
	if (c->key == id && !strcmp(c->msg->id, id))
		return c->msg;
	const cmi_message *m = search_message(ms, id);
	if (m) {
		c->key = id;
		c->msg = m;
	}
	return m;
}

/* ---- reading a finding -------------------------------------------------- */

void cmi_finding_reader_start(cmi_finding_reader *rd, const cmi_messages *messages, int set)
{
	rd->messages = messages;
	rd->set = set;
	rd->findings = 0;
	rd->bytes = 0;
	rd->rendered = 0;
}

int cmi_finding_too_many(lua_State *L)
{
	return luaL_error(L, "more than " MAX_FINDINGS_TEXT
	                     " findings (what one rule set may give in one evaluation)");
}

static void check_bytes(lua_State *L, const cmi_finding_reader *rd, size_t n)
{
	if (n > MAX_TEXT_BYTES - rd->bytes)
		luaL_error(L, "the findings' text is over " MAX_TEXT_BYTES_TEXT
		              " (what one rule set may give in one evaluation)");
}

static void count_bytes(lua_State *L, cmi_finding_reader *rd, size_t n)
{
	check_bytes(L, rd, n);
	rd->bytes += n;
}

/* A plain copy in the arena, counted against the cap. */
static const char *keep(lua_State *L, cmi_finding_reader *rd, const char *s, size_t len)
{
	count_bytes(L, rd, len + 1);
	/* All len bytes: a NUL inside a Lua string must not cut the text short. */
	char *d = cmi_arena_strndup(rd->arena, s, len);
	if (!d)
		cmi_lua_nomem(L);
	cmi_text_plain_len(d, len); /* reports go to terminals: no escapes from rules */
	return d;
}

/* The readers below take the value at stack index v (a field read with
 * lua_getfield, or an argument of emit) and leave the stack as it is. */
static cm_value value_at(lua_State *L, int v, const char *field, int i)
{
	cm_value out = {CM_VALUE_NONE, 0, 0};
	int type = lua_type(L, v);
	if (type == LUA_TNUMBER) {
		out.kind = CM_VALUE_NUMBER;
		out.number = lua_tonumber(L, v);
		if (!isfinite(out.number))
			luaL_error(L, "finding %d: %s is not a finite number", i, field);
	} else if (type == LUA_TBOOLEAN) {
		out.kind = CM_VALUE_BOOL;
		out.boolean = lua_toboolean(L, v);
	} else if (type != LUA_TNIL && type != LUA_TNONE) {
		luaL_error(L, "finding %d: %s must be a number, a boolean or nil", i, field);
	}
	return out;
}

static cm_value read_value(lua_State *L, int t, const char *field, int i)
{
	lua_getfield(L, t, field);
	cm_value v = value_at(L, -1, field, i);
	lua_pop(L, 1);
	return v;
}

/* Strings kept for a rule set's findings (task and element ids) repeat
 * from finding to finding: a copy is reused when the text is the same,
 * compared in full, so a repeat costs no copy. The slot is a hash of the
 * address Lua holds the bytes at: Lua interns short strings, so the same
 * id comes back at the same address while the job table holds it, and
 * hashing the address costs nothing per byte. A string whose slot holds
 * another replaces it; bytes that moved only miss (a copy more). */
static const char *string_at(lua_State *L, cmi_finding_reader *rd, int v, const char *field, int i)
{
	int type = lua_type(L, v);
	if (type != LUA_TNIL && type != LUA_TNONE && type != LUA_TSTRING)
		luaL_error(L, "finding %d: %s must be a string or nil", i, field);
	if (type != LUA_TSTRING)
		return NULL;
	size_t len = 0;
	const char *s = lua_tolstring(L, v, &len);
	uintptr_t at = (uintptr_t)s;
	cmi_kept_string *c = &rd->kept[(at ^ (at >> 9)) / 8 % CMI_KEPT_STRINGS];
	if (c->src == s && c->len == len && !memcmp(c->copy, s, len))
		return c->copy; /* the same bytes, nothing cleaned from them */
	const char *copy = keep(L, rd, s, len);
	c->len = len;
	c->copy = copy;
	c->src = s;
	return copy;
}

static const char *read_string(lua_State *L, cmi_finding_reader *rd, int t, const char *field,
                               int i)
{
	lua_getfield(L, t, field);
	const char *s = string_at(L, rd, -1, field, i);
	lua_pop(L, 1);
	return s;
}

static cm_finding_status status_at(lua_State *L, int v, int i)
{
	const char *s = lua_type(L, v) == LUA_TSTRING ? lua_tostring(L, v) : NULL;
	/* the four names begin with four letters: one strcmp, not up to four */
	int k = !s ? -1 : *s == 'w' ? 0 : *s == 'e' ? 1 : *s == 'u' ? 2 : *s == 'n' ? 3 : -1;
	if (k >= 0 && !strcmp(s, status_names[k]))
		return (cm_finding_status)k;
	luaL_error(L, "finding %d: status must be within, exceeds, unknown or not-applicable", i);
	return CM_UNKNOWN;
}

static cm_finding_status read_status(lua_State *L, int t, int i)
{
	lua_getfield(L, t, "status");
	cm_finding_status st = status_at(L, -1, i);
	lua_pop(L, 1);
	return st;
}

/* The three ops as static strings: nothing to copy, and compared by value. */
static const char *op_at(lua_State *L, int v, int i)
{
	static const char *const ops[] = {"<=", ">=", "="};
	int type = lua_type(L, v);
	if (type == LUA_TNIL || type == LUA_TNONE)
		return NULL;
	const char *s = type == LUA_TSTRING ? lua_tostring(L, v) : NULL;
	if (s && s[0] == '=' && !s[1])
		return ops[2];
	if (s && (s[0] == '<' || s[0] == '>') && s[1] == '=' && !s[2])
		return ops[s[0] == '>'];
	luaL_error(L, "finding %d: op must be <=, >= or =", i);
	return NULL;
}

static const char *read_op(lua_State *L, int t, int i)
{
	lua_getfield(L, t, "op");
	const char *op = op_at(L, -1, i);
	lua_pop(L, 1);
	return op;
}

/* Room left (positive) or excess (negative) from op, value and limit, for
 * a judged finding only. A rule may judge on more than the figure it
 * reports (80 kg on 2 wheels exceeds though 80 ≤ 100): a margin whose sign
 * contradicts the status would then tell the reader the opposite of the
 * verdict, so there is none. An excess of 0 contradicts too: exceeded by
 * nothing. One place, for every rule set. */
static double margin_of(const cmi_finding *f)
{
	double m = NAN;
	if (f->status != CM_WITHIN && f->status != CM_EXCEEDS)
		return NAN;
	if (f->value.kind != CM_VALUE_NUMBER || f->limit.kind != CM_VALUE_NUMBER || !f->op)
		return NAN;
	if (f->op[0] == '<')
		m = f->limit.number - f->value.number;
	else if (f->op[0] == '>')
		m = f->value.number - f->limit.number;
	if ((f->status == CM_EXCEEDS && m >= 0) || (f->status == CM_WITHIN && m < 0))
		return NAN;
	return m;
}

/* ---- rendering ---------------------------------------------------------- */

typedef struct render {
	lua_State *L;
	cmi_finding_reader *rd;
	int finding; /* its position in what the rule returned, for messages */
	char *buf;   /* in the arena: grown by doubling, copied when it moves */
	size_t len, cap;
} render;

static void add(render *R, const char *s, size_t n)
{
	if (R->len + n + 1 > R->cap) {
		/* The text is counted once rendered; this bounds its growth (and the
		 * arena's, at most twice the cap). */
		check_bytes(R->L, R->rd, R->len + n + 1);
		size_t cap = R->cap ? R->cap : 128;
		while (cap < R->len + n + 1)
			cap *= 2;
		char *grown = cmi_arena_alloc(R->rd->arena, cap);
		if (!grown)
			cmi_lua_nomem(R->L);
		if (R->len)
			memcpy(grown, R->buf, R->len);
		R->buf = grown;
		R->cap = cap;
	}
	memcpy(R->buf + R->len, s, n);
	R->len += n;
	R->buf[R->len] = '\0';
}

/* Where a message's arguments are: the value at stack index `table` (an
 * array, or nil for none) when first is 0; else the n values from stack
 * index first on (emit's own arguments, read where they stand). */
typedef struct args_at {
	int table, first, n;
} args_at;

static void render_message(render *R, const char *id, args_at args, int depth);

/* Renders the argument on top of the stack (and pops it). */
static void render_arg(render *R, const char *id, int k, int depth)
{
	lua_State *L = R->L;
	int type = lua_type(L, -1);
	if (++R->rd->rendered > MAX_RENDERED)
		luaL_error(L, "finding %d: more than " MAX_RENDERED_TEXT " arguments rendered",
		           R->finding);
	if (depth > MAX_NESTING)
		luaL_error(L, "finding %d: messages nested more than %d deep", R->finding,
		           MAX_NESTING);
	if (type == LUA_TNUMBER) {
		double x = lua_tonumber(L, -1);
		char num[400]; /* "%.2f" of the largest double */
		if (!isfinite(x))
			luaL_error(L,
			           "finding %d: message '%s', argument %d is not a finite number",
			           R->finding, id, k);
		cmi_format_number(x, R->rd->lang, num, sizeof num);
		add(R, num, strlen(num));
	} else if (type == LUA_TSTRING) {
		size_t n;
		const char *s = lua_tolstring(L, -1, &n);
		add(R, s, n);
	} else if (type == LUA_TTABLE && lua_getfield(L, -1, "message") != LUA_TNIL) {
		if (lua_type(L, -1) != LUA_TSTRING)
			luaL_error(
			    L, "finding %d: message '%s', argument %d: its message must be an id",
			    R->finding, id, k);
		lua_getfield(L, -2, "args");
		render_message(R, lua_tostring(L, -2), (args_at){lua_gettop(L), 0, 0}, depth + 1);
		lua_pop(L, 2);
	} else if (type == LUA_TTABLE && lua_getfield(L, -2, "list") == LUA_TTABLE) {
		lua_getfield(L, -3, "sep");
		size_t nsep = 0;
		const char *sep = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &nsep) : "";
		lua_Unsigned n = lua_rawlen(L, -2);
		if (n > MAX_LIST)
			luaL_error(L,
			           "finding %d: message '%s', argument %d: a list of more than %d",
			           R->finding, id, k, MAX_LIST);
		for (lua_Unsigned j = 1; j <= n; j++) {
			if (j > 1)
				add(R, sep, nsep);
			lua_rawgeti(L, -2, (lua_Integer)j);
			render_arg(R, id, k, depth + 1);
		}
		lua_pop(L, 3); /* sep, list, the nil message */
	} else if (type == LUA_TTABLE) {
		const char *code = cmi_lang_code(R->rd->lang);
		if (lua_getfield(L, -3, code) != LUA_TSTRING)
			luaL_error(
			    L,
			    "finding %d: message '%s', argument %d: a table needs message, list "
			    "or en, nl and fr texts",
			    R->finding, id, k);
		size_t n;
		const char *s = lua_tolstring(L, -1, &n);
		add(R, s, n);
		lua_pop(L, 3);
	} else {
		luaL_error(L,
		           "finding %d: message '%s', argument %d must be a number, a string or a "
		           "table",
		           R->finding, id, k);
	}
	lua_pop(L, 1);
}

/* Renders message `id` with its arguments where args says. */
static void render_message(render *R, const char *id, args_at args, int depth)
{
	lua_State *L = R->L;
	if (depth > MAX_NESTING)
		luaL_error(L, "finding %d: messages nested more than %d deep", R->finding,
		           MAX_NESTING);
	const cmi_message *m = find_message(R->rd->messages, id);
	if (!m)
		luaL_error(L, "finding %d: no message '%s' in the rule set's messages", R->finding,
		           id);
	lua_Unsigned given = (lua_Unsigned)args.n;
	if (!args.first) {
		if (!lua_isnil(L, args.table) && !lua_istable(L, args.table))
			luaL_error(L, "finding %d: message '%s': args must be an array", R->finding,
			           id);
		given = lua_istable(L, args.table) ? lua_rawlen(L, args.table) : 0;
	}
	if (given != (lua_Unsigned)m->nargs)
		luaL_error(L, "finding %d: message '%s' takes %d arguments, got %d", R->finding, id,
		           m->nargs, (int)(given < 1000000 ? given : 1000000));
	const char *t = m->text[R->rd->lang];
	for (int k = 1;; t++) {
		const char *pct = strchr(t, '%');
		if (!pct) {
			add(R, t, strlen(t));
			return;
		}
		add(R, t, (size_t)(pct - t));
		t = pct + 1; /* the load allowed only %s and %% */
		if (*t == '%') {
			add(R, "%", 1);
			continue;
		}
		if (args.first)
			lua_pushvalue(L, args.first + k - 1);
		else
			lua_rawgeti(L, args.table, k);
		render_arg(R, id, k++, depth);
	}
}

/* Message `id` rendered in the reader's language, counted and cleaned. */
static const char *message_text(lua_State *L, cmi_finding_reader *rd, const char *id, args_at args,
                                int i)
{
	render R = {L, rd, i, NULL, 0, 0};
	render_message(&R, id, args, 0);
	if (!R.buf)
		add(&R, "", 0);
	count_bytes(L, rd, R.len + 1);
	R.len = cmi_text_plain_len(R.buf, R.len);
	return R.buf;
}

/* What a finding without a message is refused with when it has no text
 * table either (an emitted one never has). */
#define NO_MESSAGE "finding %d: needs a message (or a text table of en, nl and fr lines)"

static void message_is_id(lua_State *L, int type, int i)
{
	if (type != LUA_TSTRING && type != LUA_TNIL && type != LUA_TNONE)
		luaL_error(L, "finding %d: message must be a message id", i);
}

/* The text of the finding at t in the reader's language. */
static const char *read_text(lua_State *L, cmi_finding_reader *rd, int t, int i)
{
	int type = lua_getfield(L, t, "message");
	if (type == LUA_TSTRING) {
		lua_getfield(L, t, "args");
		const char *s =
		    message_text(L, rd, lua_tostring(L, -2), (args_at){lua_gettop(L), 0, 0}, i);
		lua_pop(L, 2);
		return s;
	}
	message_is_id(L, type, i);
	lua_pop(L, 1);
	const char *key = cmi_lang_code(rd->lang);
	if (lua_getfield(L, t, "text") != LUA_TTABLE)
		luaL_error(L, NO_MESSAGE, i);
	if (lua_getfield(L, -1, key) != LUA_TSTRING)
		luaL_error(L, "finding %d: text.%s must be a string", i, key);
	size_t len = 0;
	const char *v = lua_tolstring(L, -1, &len);
	const char *s = keep(L, rd, v, len);
	lua_pop(L, 2);
	return s;
}

/* An audience's own wording, the field `audience` = { message = id, args =
 * {...} } (rules/README.md) of the table at t (a finding, or emit's named
 * data), rendered like the finding's; NULL when the rule gives none or t is
 * 0 (no table). */
static const char *read_audience_text(lua_State *L, cmi_finding_reader *rd, int t, int i,
                                      const char *audience)
{
	if (!t)
		return NULL;
	int type = lua_getfield(L, t, audience);
	const char *s = NULL;
	if (type == LUA_TTABLE) {
		if (lua_getfield(L, -1, "message") != LUA_TSTRING)
			luaL_error(L, "finding %d: %s.message must be a message id", i, audience);
		lua_pop(L, 1);
		s = read_text(L, rd, lua_gettop(L), i);
	} else if (type != LUA_TNIL) {
		luaL_error(L, "finding %d: %s must be a table { message = id, args = {...} }", i,
		           audience);
	}
	lua_pop(L, 1);
	return s;
}

/* The ratio at stack index v: a number from 0 to 1e6, or nil (NaN). */
static double ratio_at(lua_State *L, int v, int i)
{
	int type = lua_type(L, v);
	double r = NAN;
	if (type == LUA_TNUMBER)
		r = lua_tonumber(L, v);
	else if (type != LUA_TNIL && type != LUA_TNONE)
		luaL_error(L, "finding %d: ratio must be a number", i);
	if (!isnan(r) && !(r >= 0 && r <= 1e6))
		luaL_error(L, "finding %d: ratio must be from 0 to 1000000", i);
	return r;
}

void cmi_finding_read(lua_State *L, int t, int i, cmi_finding_reader *rd, cmi_finding *f)
{
	if (rd->findings >= CMI_MAX_FINDINGS)
		cmi_finding_too_many(L);
	rd->findings++;
	f->set = rd->set;
	f->rule = rd->rule;
	f->status = read_status(L, t, i);
	f->value = read_value(L, t, "value", i);
	f->limit = read_value(L, t, "limit", i);
	f->op = read_op(L, t, i);
	f->task = read_string(L, rd, t, "task", i);
	f->element = read_string(L, rd, t, "element", i);
	/* the unit is read for the scored evaluation too: rank shows the
	 * figures behind each part of the score (no text is rendered for it) */
	f->unit = rd->render || rd->scored ? read_string(L, rd, t, "unit", i) : NULL;
	f->text = rd->render ? read_text(L, rd, t, i) : NULL;
	f->text_employer = rd->render ? read_audience_text(L, rd, t, i, "employer") : NULL;
	f->text_worker = rd->render ? read_audience_text(L, rd, t, i, "worker") : NULL;
	if (f->status == CM_EXCEEDS && f->value.kind == CM_VALUE_NONE)
		luaL_error(L, "finding %d: exceeds without a value", i);
	f->margin = margin_of(f);
	f->ratio = NAN;
	if (rd->scored) {
		lua_getfield(L, t, "ratio");
		f->ratio = ratio_at(L, -1, i);
		lua_pop(L, 1);
	}
}

/* An emit call's fields, in the order of its arguments: status, value,
 * limit, op, unit, task, element, message. */
enum { EMIT_FIELDS = 8 };

/* What follows a message's arguments in an emit call (rules/README.md):
 * the finding's ratio (a number or nil), then a table of named data read
 * only when the evaluation is rendered (`employer`, `worker`). How many
 * arguments the message takes comes from its template, so the position of
 * each is known; *nargs is -1 when the message (or its id) is not one of
 * the set's, whose error the renderer gives. */
static int emit_nargs(lua_State *L, int base, int n, const cmi_finding_reader *rd)
{
	if (n <= EMIT_FIELDS || lua_type(L, base + EMIT_FIELDS - 1) != LUA_TSTRING)
		return -1;
	const cmi_message *m = find_message(rd->messages, lua_tostring(L, base + EMIT_FIELDS - 1));
	return m ? m->nargs : -1;
}

static void check_trailing(lua_State *L, int extra, int nargs, int i)
{
	if (extra > nargs + 2)
		luaL_error(L,
		           "finding %d: emit takes the message's %d arguments, then a ratio and "
		           "a table of named data, got %d after the message",
		           i, nargs, extra);
}

/* An emitted finding's counted place and its fields up to its element,
 * read in the order a finding table's are (cmi_finding_read). */
static void emitted_fields(lua_State *L, int base, int i, cmi_finding_reader *rd, cmi_finding *f)
{
	if (rd->findings >= CMI_MAX_FINDINGS)
		cmi_finding_too_many(L);
	rd->findings++;
	f->set = rd->set;
	f->rule = rd->rule;
	f->status = status_at(L, base, i);
	f->value = value_at(L, base + 1, "value", i);
	f->limit = value_at(L, base + 2, "limit", i);
	f->op = op_at(L, base + 3, i);
	f->task = string_at(L, rd, base + 5, "task", i);
	f->element = string_at(L, rd, base + 6, "element", i);
}

/* An emitted finding a report shows, read where its arguments stand: what
 * the finding table of the same fields would give (cmi_finding_read), its
 * reasons and their order included, without making that table. The
 * message takes its arguments from the stack, so a nil among them is that
 * argument's error, not a shorter array's. */
static void emit_rendered(lua_State *L, int base, int n, int i, cmi_finding_reader *rd,
                          cmi_finding *f)
{
	int extra = n > EMIT_FIELDS ? n - EMIT_FIELDS : 0;
	int nargs = emit_nargs(L, base, n, rd);
	int args = nargs < 0 || extra < nargs ? extra : nargs, named = 0;
	if (nargs >= 0)
		check_trailing(L, extra, nargs, i);
	if (extra > args + 1) {
		named = base + EMIT_FIELDS + args + 1;
		if (!lua_istable(L, named) && !lua_isnil(L, named))
			luaL_error(L, "finding %d: emit's named data must be a table", i);
		named = lua_istable(L, named) ? named : 0;
	}
	emitted_fields(L, base, i, rd, f);
	f->unit = string_at(L, rd, base + 4, "unit", i);
	int message = base + EMIT_FIELDS - 1, type = lua_type(L, message);
	message_is_id(L, type, i);
	if (type != LUA_TSTRING)
		luaL_error(L, NO_MESSAGE, i);
	f->text = message_text(L, rd, lua_tostring(L, message),
	                       (args_at){0, base + EMIT_FIELDS, args}, i);
	f->text_employer = read_audience_text(L, rd, named, i, "employer");
	f->text_worker = read_audience_text(L, rd, named, i, "worker");
	if (f->status == CM_EXCEEDS && f->value.kind == CM_VALUE_NONE)
		luaL_error(L, "finding %d: exceeds without a value", i);
	f->margin = margin_of(f);
	f->ratio = rd->scored && extra > args ? ratio_at(L, base + EMIT_FIELDS + args, i) : NAN;
}

void cmi_finding_emit(lua_State *L, int base, int n, int i, cmi_finding_reader *rd, cmi_finding *f)
{
	int extra = n > EMIT_FIELDS ? n - EMIT_FIELDS : 0;
	if (rd->render) {
		emit_rendered(L, base, n, i, rd, f);
		return;
	}
	emitted_fields(L, base, i, rd, f);
	f->unit = rd->scored ? string_at(L, rd, base + 4, "unit", i) : NULL;
	f->text = f->text_employer = f->text_worker = NULL;
	if (f->status == CM_EXCEEDS && f->value.kind == CM_VALUE_NONE)
		luaL_error(L, "finding %d: exceeds without a value", i);
	f->margin = margin_of(f);
	f->ratio = NAN;
	/* Only the scored evaluation reads a ratio: the search's never look
	 * up the message. */
	int nargs = rd->scored ? emit_nargs(L, base, n, rd) : -1;
	if (nargs >= 0 && extra > nargs) {
		check_trailing(L, extra, nargs, i);
		f->ratio = ratio_at(L, base + EMIT_FIELDS + nargs, i);
	}
}

double cmi_finding_share(const cmi_finding *f)
{
	if (!f || f->value.kind != CM_VALUE_NUMBER || f->limit.kind != CM_VALUE_NUMBER || !f->op ||
	    !strcmp(f->op, "="))
		return NAN;
	double over = f->value.number, under = f->limit.number;
	if (strcmp(f->op, "<=")) { /* ">=": the limit is the floor */
		over = f->limit.number;
		under = f->value.number;
	}
	return under > 0 ? over / under : over > 0 ? INFINITY : 0;
}

/* ---- keys --------------------------------------------------------------- */

static int same_string(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

int cmi_finding_same_key(const cmi_finding *a, const cmi_finding *b)
{
	return a->set == b->set && a->rule == b->rule && same_string(a->task, b->task) &&
	       same_string(a->element, b->element);
}

/* FNV-1a over the key's parts. */
static unsigned mix(unsigned h, const char *s)
{
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return (h ^ 0xffu) * 16777619u; /* NULL and "" differ from a following string */
}

unsigned cmi_finding_key_hash(const cmi_finding *f)
{
	unsigned h = 2166136261u;
	h = (h ^ (unsigned)f->set) * 16777619u;
	h = (h ^ (unsigned)f->rule) * 16777619u;
	return mix(mix(h, f->task), f->element);
}
