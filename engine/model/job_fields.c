/*
 * job_fields.c — every generic element of the job profile, with the range
 * each number must fall in. The XSD says which attributes exist and that
 * numbers are decimals; these ranges say what is physically sensible, so
 * that a typo (a negative mass, 250 lifts a minute, 30 hours a day) is an
 * input error with a clear message rather than a strange finding.
 *
 * Ranges are deliberately wide: they catch impossible values, not unusual
 * ones. Rule limits are not here; they belong to the rule sets.
 */
#include <string.h>

#include "job_fields.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const cmi_field schedule[] = {
    {"hours-per-day", "hours_per_day", CMI_NUM, 0, 24},
    {"days-per-week", "days_per_week", CMI_NUM, 0, 7},
};
static const cmi_field occupation[] = {
    {"isco08", "isco08", CMI_STR, 0, 0},
};
static const cmi_field handling[] = {
    {"id", "id", CMI_STR, 0, 0},
    {"mass-kg", "mass_kg", CMI_NUM, 0, 1000},
    {"per-minute", "per_minute", CMI_NUM, 0, 200},
    {"h-cm", "h_cm", CMI_NUM, 0, 300},
    {"v-cm", "v_cm", CMI_NUM, 0, 300},
    {"d-cm", "d_cm", CMI_NUM, 0, 300},
    {"asymmetry-deg", "asymmetry_deg", CMI_NUM, 0, 180},
    {"coupling", "coupling", CMI_STR, 0, 0},
    {"duration", "duration", CMI_STR, 0, 0},
    {"kg-per-day", "kg_per_day", CMI_NUM, 0, 1e6},
};
static const cmi_field repetition[] = {
    {"actions-per-minute", "actions_per_minute", CMI_NUM, 0, 200},
};
static const cmi_field posture[] = {
    {"trunk-flexion-deg", "trunk_flexion_deg", CMI_NUM, -90, 180},
    {"static", "static", CMI_BOOL, 0, 0},
    {"pause-minutes-per-hour", "pause_minutes_per_hour", CMI_NUM, 0, 60},
};
/* Forces in newtons, as ISO 11228-2 and a force gauge give them; the
 * person's push and pull are measured in kilograms-force, which the
 * capacity rules convert (1 kgf = 9.80665 N). 5,000 N is half a tonne-force,
 * more than anyone can push. */
static const cmi_field push_pull[] = {
    {"id", "id", CMI_STR, 0, 0},
    {"mass-kg", "mass_kg", CMI_NUM, 0, 100000},
    {"wheels", "wheels", CMI_NUM, 0, 64},
    {"direction", "direction", CMI_STR, 0, 0},
    {"initial-force-n", "initial_force_n", CMI_NUM, 0, 5000},
    {"sustained-force-n", "sustained_force_n", CMI_NUM, 0, 5000},
    {"per-minute", "per_minute", CMI_NUM, 0, 200},
};
/* A load carried: its mass, how far, how often. */
static const cmi_field carry[] = {
    {"id", "id", CMI_STR, 0, 0},
    {"mass-kg", "mass_kg", CMI_NUM, 0, 1000},
    {"distance-m", "distance_m", CMI_NUM, 0, 10000},
    {"per-minute", "per_minute", CMI_NUM, 0, 200},
};
/* Sitting, standing or walking in a task: the longest unbroken period and
 * the hours a day in that posture (absent: the task's hours). Whether
 * they fit the task's hours is checked by the loader. */
static const cmi_field stance[] = {
    {"continuous-minutes", "continuous_minutes", CMI_NUM, 0, 1440},
    {"hours-per-day", "hours_per_day", CMI_NUM, 0, 24},
};
static const cmi_field vibration[] = {
    {"aw-ms2", "aw_ms2", CMI_NUM, 0, 50},
};
static const cmi_field heavy_work[] = {
    {"cardiac-cost-bpm", "cardiac_cost_bpm", CMI_NUM, 0, 200},
    {"hours-per-day", "hours_per_day", CMI_NUM, 0, 24},
    {"peak-bpm", "peak_bpm", CMI_NUM, 30, 250},
};
static const cmi_field falls[] = {
    {"obstacles", "obstacles", CMI_BOOL, 0, 0},
    {"level-differences", "level_differences", CMI_BOOL, 0, 0},
    {"haste", "haste", CMI_BOOL, 0, 0},
    {"movement-info", "movement_info", CMI_BOOL, 0, 0},
};
static const cmi_field psychosocial[] = {
    {"reception", "reception", CMI_BOOL, 0, 0},
    {"listening-ear", "listening_ear", CMI_BOOL, 0, 0},
    {"progressive-pace", "progressive_pace", CMI_BOOL, 0, 0},
    {"limited-rhythm", "limited_rhythm", CMI_BOOL, 0, 0},
    {"pause-choice", "pause_choice", CMI_BOOL, 0, 0},
};
static const cmi_field organisation[] = {
    {"mutual-assistance", "mutual_assistance", CMI_BOOL, 0, 0},
    {"adaptable-tasks", "adaptable_tasks", CMI_BOOL, 0, 0},
};

static const cmi_elem_desc elems[] = {
    {"schedule", "schedule", CMI_JOB_ELEM, 0, 0, schedule, N(schedule)},
    {"occupation", "occupation", CMI_JOB_ELEM, 0, 0, occupation, N(occupation)},
    {"heavy-work", "heavy_work", CMI_JOB_ELEM, 0, 0, heavy_work, N(heavy_work)},
    {"falls", "falls", CMI_JOB_ELEM, 1, 0, falls, N(falls)},
    {"psychosocial", "psychosocial", CMI_JOB_ELEM, 1, 0, psychosocial, N(psychosocial)},
    {"organisation", "organisation", CMI_JOB_ELEM, 1, 0, organisation, N(organisation)},
    {"handling", "handling", CMI_TASK_ELEM, 0, 1, handling, N(handling)},
    {"repetition", "repetition", CMI_TASK_ELEM, 0, 0, repetition, N(repetition)},
    {"posture", "posture", CMI_TASK_ELEM, 0, 0, posture, N(posture)},
    {"push-pull", "push_pull", CMI_TASK_ELEM, 0, 1, push_pull, N(push_pull)},
    {"vibration", "vibration", CMI_TASK_ELEM, 0, 0, vibration, N(vibration)},
    {"carry", "carry", CMI_TASK_ELEM, 0, 1, carry, N(carry)},
    {"sitting", "sitting", CMI_TASK_ELEM, 0, 0, stance, N(stance)},
    {"standing", "standing", CMI_TASK_ELEM, 0, 0, stance, N(stance)},
    {"walking", "walking", CMI_TASK_ELEM, 0, 0, stance, N(stance)},
};

void cmi_lua_key(char *name)
{
	for (; *name; name++)
		if (*name == '-')
			*name = '_';
}

const cmi_elem_desc *cmi_elem_find(cmi_scope scope, const char *name)
{
	for (int i = 0; i < N(elems); i++)
		if (elems[i].scope == scope && strcmp(elems[i].xml, name) == 0)
			return &elems[i];
	return NULL;
}

const cmi_elem_desc *cmi_elem_all(int *n)
{
	*n = N(elems);
	return elems;
}

int cmi_field_find(const cmi_elem_desc *d, const char *name)
{
	for (int i = 0; i < d->nfields; i++)
		if (strcmp(d->fields[i].xml, name) == 0)
			return i;
	return -1;
}

const cmi_field cmi_task_hours_field = {"hours-per-day", "hours_per_day", CMI_NUM, 0, 24};
const cmi_field cmi_cost_field = {"cost-eur", "cost_eur", CMI_NUM, 0, 1e9};
