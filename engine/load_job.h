/*
 * load_job.h — job profile loading beyond the public cm_job_load. Internal.
 */
#ifndef CM_LOAD_JOB_H
#define CM_LOAD_JOB_H

#include "model.h"

/* The task with that id, or NULL. */
const cmi_task *cmi_job_find_task(const cm_job *job, const char *id);
/* Parses a decimal in [min, max]; 0 when it is not one (out stays as is). */
int cmi_parse_number(const char *text, double min, double max, double *out /* OUT */);

#endif
