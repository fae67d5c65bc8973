/*
 * support.h — what every unit test needs: cmocka, the public header, and a
 * context on the source tree's rules and schemas. Tests run from the
 * repository root (make check does that).
 */
#ifndef CM_TEST_SUPPORT_H
#define CM_TEST_SUPPORT_H

#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include <cmocka.h>

#include "capamatch.h"

/* A context on the source tree, English, default limits; NULL on failure. */
static inline cm_ctx *test_ctx(void)
{
	cm_ctx *ctx = NULL;
	cm_error err = {0};
	if (cm_ctx_new(".", &ctx, &err) != CM_OK) {
		cm_error_clear(&err);
		return NULL;
	}
	return ctx;
}

/* Loads a job profile from a string; NULL and err filled on failure. */
static inline cm_job *test_job_from(cm_ctx *ctx, const char *xml, cm_error *err)
{
	cm_job *job = NULL;
	cm_job_load_memory(ctx, "test.xml", xml, strlen(xml), &job, err);
	return job;
}

/* The first finding of rule (and task, when not NULL), or NULL. */
static inline const cm_finding *test_finding(const cm_assessment *a, const char *rule,
                                             const char *task)
{
	for (size_t i = 0; i < cm_assessment_nfindings(a); i++) {
		const cm_finding *f = cm_assessment_finding(a, i);
		if (!strcmp(f->rule, rule) && (!task || (f->task && !strcmp(f->task, task))))
			return f;
	}
	return NULL;
}

/* Writes text to path (for rule sets made by a test); 0 on success. */
static inline int test_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	int ok = fputs(text, f) >= 0;
	return (fclose(f) == 0 && ok) ? 0 : -1;
}

/* Removes dir and everything under it (a test's temporary directory). */
static inline void test_remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char path[1024];
		if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path)
			continue;
		if (unlink(path) != 0 && errno == EISDIR)
			test_remove_tree(path);
	}
	closedir(d);
	rmdir(dir);
}

/* The content of path (at most 64 KiB), NUL-terminated; free. */
static inline char *test_slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *buf = malloc(1 << 16);
	assert_non_null(buf);
	size_t n = fread(buf, 1, (1 << 16) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

/* A fresh directory /tmp/cm-NAME-XXXXXX in dir (64 bytes); 0 on success. */
static inline int test_make_tmpdir(char dir[64], const char *name)
{
	snprintf(dir, 64, "/tmp/cm-%s-XXXXXX", name);
	return mkdtemp(dir) ? 0 : -1;
}

#endif
