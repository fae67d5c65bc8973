/*
 * person.h — a loaded person profile, as C structs. Internal.
 *
 * Medical data: everything here but the id and the dates may be shown only
 * in the medical and worker views of a report (report.c decides). The C
 * side checks ranges and the ICF grammar and hands the values to the Lua
 * rules; it never judges them. Everything a cm_person points to lives in
 * its arena.
 */
#ifndef CM_PERSON_H
#define CM_PERSON_H

#include "arena.h"
#include "grammar.h"
#include "model.h"

typedef struct cmi_person_code {
	cmi_icf_statement st; /* the statement, split and normalised */
	const char *text;     /* as written, in the arena */
	int line;
} cmi_person_code;

/* One measured capacity (an FCE item). */
typedef struct cmi_capacity {
	const char *item;      /* "lift-floor-waist"…, as the schema names it */
	const char *unit;      /* its attribute: "kg" or "minutes" */
	double value;          /* in unit */
	const char *frequency; /* "occasional", "frequent", "constant", or NULL */
	int line;
} cmi_capacity;

typedef struct cmi_screening {
	const char *instrument; /* "tsk-17", "ompsq-10" */
	double score;
	int line;
} cmi_screening;

/* Invariants: codes are unique by normalised code; capacities by (item,
 * frequency); screenings by instrument; dates are real dates or "". */
struct cm_person {
	cmi_arena arena;  /* owns everything below */
	const char *file; /* name given when loading */
	char sha256[65];  /* of the bytes loaded, lower-case hex */
	/* never 0 and unique in the process: what a person table kept from one
	 * check to the next was built from (evaluate.c), which a pointer is not
	 * once the person is freed and another loaded in its place */
	unsigned long serial;
	const char *id;
	int age;                 /* years; -1 when not recorded */
	char assessment[11];     /* YYYY-MM-DD, or "" */
	char return_to_work[11]; /* YYYY-MM-DD, or "" */
	double resting_bpm;      /* NaN when not recorded */
	cmi_text *diagnoses;     /* free text, as written */
	int ndiagnoses;
	cmi_person_code *codes;
	int ncodes;
	cmi_capacity *capacities;
	int ncapacities;
	cmi_screening *screenings;
	int nscreenings;
};

/* The measured items, their unit and range: the one list (the schema's
 * enumeration must match, tests/unit/test_person.c). */
typedef struct cmi_capacity_item {
	const char *item;
	const char *unit; /* the attribute that holds the value */
	double min, max;
} cmi_capacity_item;
extern const cmi_capacity_item cmi_capacity_items[];
extern const int cmi_ncapacity_items;

/* The screening instruments and their score ranges. */
typedef struct cmi_instrument {
	const char *id;
	double min, max;
} cmi_instrument;
extern const cmi_instrument cmi_instruments[];
extern const int cmi_ninstruments;

#endif
