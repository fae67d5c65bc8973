/*
 * lua_range.h — the job format's ranges as Lua reads them, so that the
 * catalogue takes what an adaptation may write into a job from the one
 * list (job_fields.c) rather than repeating it. Internal.
 */
#ifndef CM_LUA_RANGE_H
#define CM_LUA_RANGE_H

#include <lua.h>

/* Lua: range(element, attribute) -> min, max: the accepted range,
 * inclusive, of a number attribute of the job profile, by XML names:
 * a generic element ("handling", "posture", "heavy-work", ...) or "task"
 * for the task's own hours-per-day. Raises for any other name and for an
 * attribute that is not a number. The shared helpers' capamatch.range. */
int cmi_lua_range(lua_State *L);

#endif
