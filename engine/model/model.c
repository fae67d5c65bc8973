/*
 * model.c — what every module asks of a loaded job: a task by id, and a
 * number read the way the schema reads an xs:decimal. Kept apart from
 * load_job.c so that the catalogue and the rules, which need both, do not
 * depend on the loader (nor the loader on them in a cycle).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

/* [+-] digits [. digits], as xs:decimal: no exponent, no hexadecimal, no
 * "inf" or "nan", all of which strtod would take. */
static int is_decimal(const char *s)
{
	s += *s == '+' || *s == '-';
	size_t whole = strspn(s, "0123456789");
	s += whole;
	size_t frac = 0;
	if (*s == '.') {
		frac = strspn(s + 1, "0123456789");
		s += 1 + frac;
	}
	return (whole > 0 || frac > 0) && *s == '\0';
}

int cmi_parse_number(const char *text, double min, double max, double *out)
{
	if (!is_decimal(text))
		return 0;
	double v = strtod(text, NULL);
	if (!isfinite(v) || v < min || v > max)
		return 0;
	*out = v;
	return 1;
}

static int task_key_cmp(const void *key, const void *elem)
{
	return strcmp(key, (*(const cmi_task *const *)elem)->id);
}

const cmi_task *cmi_job_find_task(const cm_job *job, const char *id)
{
	if (!job->task_index)
		return NULL;
	const cmi_task *const *t = bsearch(id, job->task_index, (size_t)job->ntasks,
	                                   sizeof *job->task_index, task_key_cmp);
	return t ? *t : NULL;
}

double cmi_job_task_hours(const cm_job *job)
{
	double sum = 0;
	for (int i = 0; i < job->ntasks; i++)
		sum += job->tasks[i].hours_per_day;
	return sum;
}
