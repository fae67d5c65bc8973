/*
 * date.h — calendar dates as the profiles and reports write them
 * (YYYY-MM-DD), and the day arithmetic of return-to-work windows. Internal.
 */
#ifndef CM_DATE_H
#define CM_DATE_H

/* Days since 1970-01-01 of a real date "YYYY-MM-DD" from 1900-01-01 to
 * 2199-12-31 into *days: 1; anything else (2026-02-30, a time zone, other
 * lengths): 0. */
int cmi_date_days(const char *text, long *days /* OUT */);
/* The date `days` after 1970-01-01, as YYYY-MM-DD. */
void cmi_date_text(long days, char out[11]);

#endif
