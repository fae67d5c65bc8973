/*
 * report.h — what the text and JSON writers share. Internal.
 */
#ifndef CM_REPORT_H
#define CM_REPORT_H

#include "assessment.h"
#include "strbuf.h"

/* At most two decimals, no trailing zeros; a decimal comma in nl and fr. */
void cmi_format_number(double x, cm_lang lang, char *buf, size_t size);
/* A title in lang, else English, else the first; NULL when there is none. */
const char *cmi_title(const cmi_text *titles, int n, cm_lang lang);
/* The job's title in lang, else English, else the first, else its id. */
const char *cmi_job_title(const cm_job *job, cm_lang lang);
/* Rule ids of the findings that stopped at `unknown`, comma-separated. */
void cmi_unknown_rules(const cm_assessment *a, cmi_sb *sb);
/* One line saying why the verdict is what it is. */
void cmi_verdict_reason(const cm_assessment *a, cmi_sb *sb);

void cmi_report_text(const cm_assessment *a, cmi_sb *sb);
void cmi_report_json(const cm_assessment *a, cmi_sb *sb);

#endif
