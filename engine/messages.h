/*
 * messages.h — every text a user reads, in English, Dutch and French.
 * Internal.
 */
#ifndef CM_MESSAGES_H
#define CM_MESSAGES_H

#include "capamatch.h"

typedef enum cmi_msg_id {
	/* input and usage errors */
	M_ADAPTATION_FAILED,
	M_BAD_BOOLEAN,
	M_BAD_PARAM_VALUE,
	M_BAD_RULES_LIST,
	M_BAD_SET,
	M_BAD_WORDS,
	M_CANNOT_OPEN,
	M_CANNOT_READ,
	M_CANNOT_WRITE,
	M_DUPLICATE_ID,
	M_DUPLICATE_ELEMENT_ID,
	M_ADAPTATION_IS_TASK,
	M_ELEM_ONCE,
	M_NO_TASK,
	M_TASK_OVER_DAY,
	M_TASKS_OVER_DAY,
	M_TASKS_OVER_24,
	M_HEAVY_OVER_DAY,
	M_NO_SUCH_ELEMENT,
	M_KIND_NEEDS_ATTR,
	M_KIND_NO_ATTR,
	M_LUA_HOARDS,
	M_LUA_MEMORY,
	M_LUA_MEMORY_LIMIT,
	M_LUA_TIME,
	M_LUA_TIME_LIMIT,
	M_LUA_CLOCK_LIMIT,
	M_NOT_A_FILE,
	M_NOT_LOADED,
	M_NO_CATALOGUE,
	M_NO_SUCH_PARAM,
	M_NO_SUCH_RULESET,
	M_NO_SUCH_TASK,
	M_OUT_OF_RANGE,
	M_RULES_ALREADY_LOADED,
	M_RULE_FAILED,
	M_SCHEMA_INVALID,
	M_SCHEMA_UNUSABLE,
	M_TOO_BIG,
	M_UNKNOWN_KIND,
	M_XML_DOCTYPE,
	M_XML_MALFORMED,
	M_XML_TOO_MANY,
	/* report */
	R_HEADING,
	R_PROFILE,
	R_ASSESSED,
	R_AGE,
	R_AGE_UNKNOWN,
	R_RULESETS,
	R_TASKS,
	R_VALID_FROM,
	R_COL_RULE,
	R_COL_TASK,
	R_COL_VALUE,
	R_COL_LIMIT,
	R_COL_STATUS,
	R_COL_MARGIN,
	R_ST_WITHIN,
	R_ST_EXCEEDS,
	R_ST_UNKNOWN,
	R_ST_NOT_APPLICABLE,
	R_ST_MET,
	R_ST_NOT_MET,
	R_PARAMS,
	R_OVERRIDDEN,
	R_NOT_RUN,
	R_SETS,
	R_NO_SETS_NEEDED,
	R_NO_SETS,
	R_NONE_OFFERED,
	R_MORE_SETS,
	R_UNRESOLVED,
	R_UNSEARCHED,
	R_REJECTED,
	R_VERDICT,
	R_V_FEASIBLE,
	R_V_WITH_ADAPTATIONS,
	R_V_NOT_FEASIBLE,
	R_V_INCOMPLETE,
	R_WHY_NOT_FEASIBLE,
	R_WHY_INCOMPLETE_UNKNOWN,
	R_WHY_INCOMPLETE_NOT_RUN,
	R_WHY_INCOMPLETE_UNSEARCHED,
	R_WHY_INCOMPLETE_SEARCH,
	R_SEARCH_FAILED,
	R_WHY_WITH_ADAPTATIONS,
	R_WHY_FEASIBLE,
	R_YES,
	R_NO,
	R_NOTE,
	R_ENGINE,
	M_COUNT
} cmi_msg_id;

const char *cmi_msg(cm_lang lang, cmi_msg_id id);
/* A unit as a report in lang writes it ("h" is "u" in Dutch); a unit with
 * no entry is shown as the rule set wrote it. Findings keep the rule set's
 * unit: this is for display only. */
const char *cmi_unit(cm_lang lang, const char *unit);
/* For tests: the English text, to compare conversion specifications. */
int cmi_msg_count(void);

#endif
