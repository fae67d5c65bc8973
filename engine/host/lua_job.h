/*
 * lua_job.h — a cm_job as the Lua table rules and adaptations read
 * (rules/README.md describes its shape). Internal.
 */
#ifndef CM_LUA_JOB_H
#define CM_LUA_JOB_H

#include <lua.h>

#include "model.h"

/* In protected mode: pushes a fresh table for job. */
void cmi_lua_push_job(lua_State *L, const cm_job *job);

/* Lua: rows(section) -> a fresh array of { name = XML name, key = Lua key }
 * of the requirement rows of that job-level section ("falls",
 * "psychosocial", "organisation"), in the profile's order; raises for any
 * other section. The shared helpers' capamatch.rows: rule sets and the
 * catalogue read the rows from the format's one list (job_fields.c). */
int cmi_lua_rows(lua_State *L);

#endif
