/*
 * lua_range.c — capamatch.range: a number attribute's accepted range from
 * the job format's one list (job_fields.c), for the catalogue, whose
 * adaptations write those attributes: an adaptation can then neither
 * refuse a value the job format accepts nor write one it refuses.
 * Not here: what a value means (rules/), the loader's checks (load_job.c).
 */
#include <string.h>

#include <lauxlib.h>

#include "job_fields.h"
#include "lua_range.h"

int cmi_lua_range(lua_State *L)
{
	const char *element = luaL_checkstring(L, 1);
	const char *attribute = luaL_checkstring(L, 2);
	const cmi_field *f = NULL;
	if (!strcmp(element, "task")) {
		if (!strcmp(attribute, cmi_task_hours_field.xml))
			f = &cmi_task_hours_field;
	} else {
		const cmi_elem_desc *d = cmi_elem_find(CMI_TASK_ELEM, element);
		if (!d)
			d = cmi_elem_find(CMI_JOB_ELEM, element);
		if (!d)
			return luaL_error(L, "range: '%s' is not an element of the job profile",
			                  element);
		int i = cmi_field_find(d, attribute);
		if (i >= 0)
			f = &d->fields[i];
	}
	if (!f || f->type != CMI_NUM)
		return luaL_error(L, "range: <%s> has no number attribute '%s'", element,
		                  attribute);
	lua_pushnumber(L, f->min);
	lua_pushnumber(L, f->max);
	return 2;
}
