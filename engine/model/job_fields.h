/*
 * job_fields.h — the job profile's elements and attributes as data: XML
 * name, Lua name, type and accepted range. Internal.
 */
#ifndef CM_JOB_FIELDS_H
#define CM_JOB_FIELDS_H

typedef enum cmi_type { CMI_NUM, CMI_BOOL, CMI_STR } cmi_type;

typedef struct cmi_field {
	const char *xml; /* attribute name */
	const char *lua; /* key in the Lua table */
	cmi_type type;
	double min, max; /* CMI_NUM: accepted range, inclusive */
} cmi_field;

typedef enum cmi_scope { CMI_TASK_ELEM, CMI_JOB_ELEM } cmi_scope;

typedef struct cmi_elem_desc {
	const char *xml; /* element name */
	const char *lua; /* key in the task or job table */
	cmi_scope scope;
	int always; /* pushed as an empty table when absent (requirement rows) */
	int many;   /* a task may hold several: an array in the Lua table */
	const cmi_field *fields;
	int nfields;
} cmi_elem_desc;

/* The one rule from an XML name to a Lua key, in place: each '-' becomes
 * '_' ("mass-kg" is mass_kg). The tables below spell the keys out so that
 * building a job table computes nothing; a test holds them to this rule. */
void cmi_lua_key(char *name);

/* NULL when name is not a generic element of that scope. */
const cmi_elem_desc *cmi_elem_find(cmi_scope scope, const char *name);
/* All generic elements, for pushing the "always" ones. */
const cmi_elem_desc *cmi_elem_all(int *n /* OUT */);
/* -1 when absent. */
int cmi_field_find(const cmi_elem_desc *d, const char *name);

/* Attributes that are not part of a generic element but are ranged too. */
extern const cmi_field cmi_task_hours_field; /* <task hours-per-day> */
extern const cmi_field cmi_cost_field;       /* <adaptation cost-eur> */

#endif
