/*
 * lua_person.c — the person table: what the capacity and screening rules
 * read of a person profile, built when the job table is (lua_job.c): once
 * per check and rule set for pure rule sets, per evaluation for contract 1.
 *
 * Deliberately absent: the diagnoses and the file's name. No rule needs
 * them, and medical text that never reaches Lua cannot leak through a
 * finding.
 */
#include <math.h>

#include <lauxlib.h>

#include "lua_person.h"

static const char *const components = "bsde";

static void set_string(lua_State *L, const char *key, const char *value)
{
	if (value && value[0]) {
		lua_pushstring(L, value);
		lua_setfield(L, -2, key);
	}
}

static void push_code(lua_State *L, const cmi_person_code *c)
{
	lua_createtable(L, 0, 6);
	set_string(L, "code", c->st.code);
	lua_pushlstring(L, &components[c->st.component], 1);
	lua_setfield(L, -2, "component");
	lua_pushinteger(L, c->st.level);
	lua_setfield(L, -2, "level");
	lua_pushboolean(L, c->st.facilitator);
	lua_setfield(L, -2, "facilitator");
	lua_createtable(L, c->st.nqualifiers, 0);
	for (int i = 0; i < c->st.nqualifiers; i++) {
		if (c->st.qualifier[i] == CMI_ICF_UNRECORDED)
			lua_pushboolean(L, 0); /* `_`: not recorded, and an array keeps no nil */
		else
			lua_pushinteger(L, c->st.qualifier[i]);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setfield(L, -2, "qualifiers");
	set_string(L, "text", c->text);
}

void cmi_lua_push_person(lua_State *L, const cm_person *p, int age)
{
	if (!p) {
		lua_createtable(L, 0, 1);
		if (age >= 0) {
			lua_pushinteger(L, age);
			lua_setfield(L, -2, "age");
		}
		return;
	}
	lua_createtable(L, 0, 9);
	set_string(L, "id", p->id);
	if (p->age >= 0 || age >= 0) {
		lua_pushinteger(L, p->age >= 0 ? p->age : age);
		lua_setfield(L, -2, "age");
	}
	set_string(L, "assessment", p->assessment);
	set_string(L, "return_to_work", p->return_to_work);
	if (!isnan(p->resting_bpm)) {
		lua_pushnumber(L, p->resting_bpm);
		lua_setfield(L, -2, "resting_bpm");
	}
	lua_createtable(L, p->ncodes, 0);
	for (int i = 0; i < p->ncodes; i++) {
		push_code(L, &p->codes[i]);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setfield(L, -2, "icf");
	lua_createtable(L, p->ncapacities, 0);
	for (int i = 0; i < p->ncapacities; i++) {
		const cmi_capacity *c = &p->capacities[i];
		lua_createtable(L, 0, 3);
		set_string(L, "item", c->item);
		lua_pushnumber(L, c->value);
		lua_setfield(L, -2, c->unit);
		set_string(L, "frequency", c->frequency);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setfield(L, -2, "capacity");
	lua_createtable(L, p->nscreenings, 0);
	for (int i = 0; i < p->nscreenings; i++) {
		lua_createtable(L, 0, 2);
		set_string(L, "instrument", p->screenings[i].instrument);
		lua_pushnumber(L, p->screenings[i].score);
		lua_setfield(L, -2, "score");
		lua_rawseti(L, -2, i + 1);
	}
	lua_setfield(L, -2, "screening");
}
