/*
 * lua_job.c — builds the job table from the model.
 *
 * Built once per check and rule set for a rule set of contract 2 or 3,
 * whose rules never write it (adaptations are applied through the logged
 * capamatch.set and undone, evaluate.c); for every evaluation for one of
 * contract 1, whose rules may scribble on what they are given. Building one
 * costs 4-8 µs for the order picker (3 tasks, titles in three languages)
 * and about 320 µs for the largest the bounds allow (1,000 elements)
 * (bench/job_table.c at commit 168a7c3, before issue 21).
 * Names and types come from job_fields.c; nothing here knows what a field
 * means.
 */
#include <string.h>

#include <lauxlib.h>

#include "lua_job.h"

/* The table's keys, made once per Lua state and kept in the registry: each
 * key a string interned once, pushed by its index, so that building a
 * table costs no lookup of the key's text (lua_setfield's interning was a
 * tenth of an evaluation of a generated job). Slots: the fixed keys below,
 * then for each element kind of job_fields.c in its order its own key and
 * one per field. */
static const char keys_key = 0;
enum { K_ID = 1, K_TITLE, K_HOURS, K_TASKS, K_DEMANDS, K_CODE, K_MAX_DIFFICULTY, K_TASK, K_KINDS };

typedef struct keys {
	int t; /* stack index of the key table */
	const cmi_elem_desc *all;
	int nall;
} keys;

static void push_key_table(lua_State *L, const cmi_elem_desc *all, int n)
{
	static const char *const fixed[] = {"id",          "title", "hours_per_day",  "tasks",
	                                    "icf_demands", "code",  "max_difficulty", "task"};
	lua_newtable(L);
	int k = 0;
	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) {
		lua_pushstring(L, fixed[i]);
		lua_rawseti(L, -2, ++k);
	}
	for (int i = 0; i < n; i++) {
		lua_pushstring(L, all[i].lua);
		lua_rawseti(L, -2, ++k);
		for (int j = 0; j < all[i].nfields; j++) {
			lua_pushstring(L, all[i].fields[j].lua);
			lua_rawseti(L, -2, ++k);
		}
	}
}

/* The slot of element kind d's own key; its fields follow it. */
static lua_Integer kind_slot(const keys *K, const cmi_elem_desc *d)
{
	lua_Integer slot = K_KINDS;
	for (const cmi_elem_desc *e = K->all; e < d; e++)
		slot += 1 + e->nfields;
	return slot;
}

/* t[key of slot] = the value on top of the stack, popped; t below it. */
static void set_key(lua_State *L, const keys *K, lua_Integer slot)
{
	lua_rawgeti(L, K->t, slot);
	lua_insert(L, -2);
	lua_rawset(L, -3);
}

static void push_titles(lua_State *L, const keys *K, const cmi_text *titles, int n)
{
	lua_createtable(L, 0, n);
	for (int i = 0; i < n; i++) {
		lua_pushstring(L, titles[i].text);
		lua_setfield(L, -2, titles[i].lang);
	}
	set_key(L, K, K_TITLE);
}

/* Leaves the element's table on the stack, sized for exactly the fields
 * it holds (a handling's ten fields made a sixteen-node table for its four
 * recorded ones). The label is the element's id when it has one, so the id
 * field is not set twice. */
static void push_values(lua_State *L, const keys *K, const cmi_elem *e, lua_Integer kind)
{
	const cmi_elem_desc *d = e->desc;
	int n = e->label != NULL;
	for (int i = 0; i < d->nfields; i++)
		n += e->values[i].set;
	lua_createtable(L, 0, n);
	for (int i = 0; i < d->nfields; i++) {
		const cmi_value *v = &e->values[i];
		cmi_type type = d->fields[i].type;
		if (!v->set || (type == CMI_STR && e->label && !strcmp(d->fields[i].lua, "id")))
			continue; /* the label below is the same string */
		lua_rawgeti(L, K->t, kind + 1 + i); /* the key first: no rotation */
		if (type == CMI_NUM)
			lua_pushnumber(L, v->num);
		else if (type == CMI_BOOL)
			lua_pushboolean(L, v->num != 0);
		else
			lua_pushstring(L, v->str);
		lua_rawset(L, -3);
	}
	if (e->label) {
		lua_pushstring(L, e->label);
		set_key(L, K, K_ID);
	}
}

/* The elements of elems[0..n) (a task's or the job's), each kind under its
 * key in the table on top of the stack. A kind a task may hold several of
 * is an array in document order, so a rule never has to guess whether it
 * got one or many; the array is made at its kind's first element, with as
 * many slots as the kind has elements, and filled there. */
static void push_elems(lua_State *L, const keys *K, const cmi_elem *elems, int n)
{
	for (int i = 0; i < n; i++) {
		const cmi_elem_desc *d = elems[i].desc;
		lua_Integer kind = kind_slot(K, d);
		if (!d->many) {
			push_values(L, K, &elems[i], kind);
			set_key(L, K, kind);
			continue;
		}
		int first = 1, count = 0;
		for (int j = 0; j < n && first; j++) {
			first = j >= i || elems[j].desc != d;
			count += elems[j].desc == d;
		}
		if (!first)
			continue; /* in its kind's array already */
		lua_createtable(L, count, 0);
		for (int j = i, k = 1; j < n; j++) {
			if (elems[j].desc != d)
				continue;
			push_values(L, K, &elems[j], kind);
			lua_rawseti(L, -2, k++);
		}
		set_key(L, K, kind);
	}
}

/* How many kinds elems[0..n) hold: the keys they add to their table. */
static int nkinds(const cmi_elem *elems, int n)
{
	int kinds = 0;
	for (int i = 0; i < n; i++) {
		int seen = 0;
		for (int j = 0; j < i && !seen; j++)
			seen = elems[j].desc == elems[i].desc;
		kinds += !seen;
	}
	return kinds;
}

static void push_task(lua_State *L, const keys *K, const cmi_task *t)
{
	lua_createtable(L, 0, 3 + nkinds(t->elems, t->nelems));
	lua_pushstring(L, t->id);
	set_key(L, K, K_ID);
	lua_pushnumber(L, t->hours_per_day);
	set_key(L, K, K_HOURS);
	push_titles(L, K, t->titles, t->ntitles);
	push_elems(L, K, t->elems, t->nelems);
}

static void push_demands(lua_State *L, const keys *K, const cm_job *job)
{
	lua_createtable(L, job->ndemands, 0);
	for (int i = 0; i < job->ndemands; i++) {
		const cmi_demand *d = &job->demands[i];
		lua_createtable(L, 0, 3);
		lua_pushstring(L, d->code);
		set_key(L, K, K_CODE);
		lua_pushnumber(L, d->max_difficulty);
		set_key(L, K, K_MAX_DIFFICULTY);
		if (d->task) {
			lua_pushstring(L, d->task);
			set_key(L, K, K_TASK);
		}
		lua_rawseti(L, -2, i + 1);
	}
	set_key(L, K, K_DEMANDS);
}

/* Requirement rows are always a table, so a missing answer reads as nil
 * inside it (unknown) rather than a missing table (not applicable). */
static void push_absent_rows(lua_State *L, const keys *K)
{
	for (int i = 0; i < K->nall; i++) {
		const cmi_elem_desc *d = &K->all[i];
		if (!d->always || d->scope != CMI_JOB_ELEM)
			continue;
		lua_Integer kind = kind_slot(K, d);
		lua_rawgeti(L, K->t, kind);
		int absent = lua_rawget(L, -2) == LUA_TNIL;
		lua_pop(L, 1);
		if (absent) {
			lua_newtable(L);
			set_key(L, K, kind);
		}
	}
}

int cmi_lua_rows(lua_State *L)
{
	const char *section = luaL_checkstring(L, 1);
	const cmi_elem_desc *d = cmi_elem_find(CMI_JOB_ELEM, section);
	if (!d || !d->always)
		return luaL_error(L, "rows: '%s' is not a section of requirement rows", section);
	lua_createtable(L, d->nfields, 0);
	for (int i = 0; i < d->nfields; i++) {
		lua_createtable(L, 0, 2);
		lua_pushstring(L, d->fields[i].xml);
		lua_setfield(L, -2, "name");
		lua_pushstring(L, d->fields[i].lua);
		lua_setfield(L, -2, "key");
		lua_rawseti(L, -2, i + 1);
	}
	return 1;
}

void cmi_lua_push_job(lua_State *L, const cm_job *job)
{
	keys K;
	K.all = cmi_elem_all(&K.nall);
	if (lua_rawgetp(L, LUA_REGISTRYINDEX, &keys_key) != LUA_TTABLE) {
		lua_pop(L, 1);
		push_key_table(L, K.all, K.nall);
		lua_pushvalue(L, -1);
		lua_rawsetp(L, LUA_REGISTRYINDEX, &keys_key);
	}
	K.t = lua_gettop(L);
	lua_createtable(L, 0, 12);
	lua_pushstring(L, job->id);
	set_key(L, &K, K_ID);
	push_titles(L, &K, job->titles, job->ntitles);
	push_elems(L, &K, job->elems, job->nelems);
	push_absent_rows(L, &K);
	lua_createtable(L, job->ntasks, 0);
	for (int i = 0; i < job->ntasks; i++) {
		push_task(L, &K, &job->tasks[i]);
		lua_rawseti(L, -2, i + 1);
	}
	set_key(L, &K, K_TASKS);
	push_demands(L, &K, job);
	lua_remove(L, K.t); /* the job table takes its place */
}
