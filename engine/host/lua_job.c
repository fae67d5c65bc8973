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

static void push_titles(lua_State *L, const cmi_text *titles, int n)
{
	lua_createtable(L, 0, n);
	for (int i = 0; i < n; i++) {
		lua_pushstring(L, titles[i].text);
		lua_setfield(L, -2, titles[i].lang);
	}
	lua_setfield(L, -2, "title");
}

/* Leaves the element's table on the stack, sized for exactly the fields
 * it holds (a handling's ten fields made a sixteen-node table for its four
 * recorded ones). The label is the element's id when it has one, so the id
 * field is not set twice. */
static void push_values(lua_State *L, const cmi_elem *e)
{
	const cmi_elem_desc *d = e->desc;
	int n = e->label != NULL;
	for (int i = 0; i < d->nfields; i++)
		n += e->values[i].set;
	lua_createtable(L, 0, n);
	for (int i = 0; i < d->nfields; i++) {
		const cmi_value *v = &e->values[i];
		if (!v->set)
			continue;
		if (d->fields[i].type == CMI_NUM)
			lua_pushnumber(L, v->num);
		else if (d->fields[i].type == CMI_BOOL)
			lua_pushboolean(L, v->num != 0);
		else if (e->label && !strcmp(d->fields[i].lua, "id"))
			continue; /* the label below is the same string */
		else
			lua_pushstring(L, v->str);
		lua_setfield(L, -2, d->fields[i].lua);
	}
	if (e->label) {
		lua_pushstring(L, e->label);
		lua_setfield(L, -2, "id");
	}
}

/* The elements of elems[0..n) (a task's or the job's), each kind under its
 * key in the table on top of the stack. A kind a task may hold several of
 * is an array in document order, so a rule never has to guess whether it
 * got one or many; the array is made at its kind's first element, with as
 * many slots as the kind has elements, and filled there. */
static void push_elems(lua_State *L, const cmi_elem *elems, int n)
{
	for (int i = 0; i < n; i++) {
		const cmi_elem_desc *d = elems[i].desc;
		if (!d->many) {
			push_values(L, &elems[i]);
			lua_setfield(L, -2, d->lua);
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
			push_values(L, &elems[j]);
			lua_rawseti(L, -2, k++);
		}
		lua_setfield(L, -2, d->lua);
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

static void push_task(lua_State *L, const cmi_task *t)
{
	lua_createtable(L, 0, 3 + nkinds(t->elems, t->nelems));
	lua_pushstring(L, t->id);
	lua_setfield(L, -2, "id");
	lua_pushnumber(L, t->hours_per_day);
	lua_setfield(L, -2, "hours_per_day");
	push_titles(L, t->titles, t->ntitles);
	push_elems(L, t->elems, t->nelems);
}

static void push_demands(lua_State *L, const cm_job *job)
{
	lua_createtable(L, job->ndemands, 0);
	for (int i = 0; i < job->ndemands; i++) {
		const cmi_demand *d = &job->demands[i];
		lua_createtable(L, 0, 3);
		lua_pushstring(L, d->code);
		lua_setfield(L, -2, "code");
		lua_pushnumber(L, d->max_difficulty);
		lua_setfield(L, -2, "max_difficulty");
		if (d->task) {
			lua_pushstring(L, d->task);
			lua_setfield(L, -2, "task");
		}
		lua_rawseti(L, -2, i + 1);
	}
	lua_setfield(L, -2, "icf_demands");
}

/* Requirement rows are always a table, so a missing answer reads as nil
 * inside it (unknown) rather than a missing table (not applicable). */
static void push_absent_rows(lua_State *L)
{
	int n;
	const cmi_elem_desc *all = cmi_elem_all(&n);
	for (int i = 0; i < n; i++) {
		if (!all[i].always || all[i].scope != CMI_JOB_ELEM)
			continue;
		if (lua_getfield(L, -1, all[i].lua) == LUA_TNIL) {
			lua_newtable(L);
			lua_setfield(L, -3, all[i].lua);
		}
		lua_pop(L, 1);
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
	lua_createtable(L, 0, 12);
	lua_pushstring(L, job->id);
	lua_setfield(L, -2, "id");
	push_titles(L, job->titles, job->ntitles);
	push_elems(L, job->elems, job->nelems);
	push_absent_rows(L);
	lua_createtable(L, job->ntasks, 0);
	for (int i = 0; i < job->ntasks; i++) {
		push_task(L, &job->tasks[i]);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setfield(L, -2, "tasks");
	push_demands(L, job);
}
