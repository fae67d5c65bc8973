/*
 * lua_person.h — a cm_person as the Lua table rules read (rules/README.md
 * describes its shape). Internal.
 */
#ifndef CM_LUA_PERSON_H
#define CM_LUA_PERSON_H

#include <lua.h>

#include "person.h"

/* In protected mode: pushes a fresh table for person; with no person (a
 * check), { age = age } when age >= 0, else {}. A person's own age wins. */
void cmi_lua_push_person(lua_State *L, const cm_person *person, int age);

#endif
