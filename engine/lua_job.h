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

#endif
