/*
 * kader_job.c — a job profile as plain C arrays for make bench's hand-C
 * ceiling and its CLIPS peer (kader.h): libxml2's tree walked once, the
 * attributes the groene kader reads turned into numbers, in document order
 * (the order the Lua rule set visits tasks and elements, so that sums are
 * added in the same order and come out bit for bit the same).
 *
 * Not a loader of the engine's: no schema, no ranges, no catalogue. The
 * corpus it reads is loaded and validated by the engine in the same run.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "kader.h"

const char *const kj_rule_names[KJ_RULES] = {"load",
                                             "tonnage",
                                             "push-pull",
                                             "repetition",
                                             "cardiac-cost",
                                             "heavy-work-duration",
                                             "max-heart-rate",
                                             "visible-bending",
                                             "prolonged-posture",
                                             "vibration-level",
                                             "vibration-duration",
                                             "obstacles",
                                             "level-differences",
                                             "haste",
                                             "movement-info",
                                             "reception",
                                             "listening-ear",
                                             "progressive-pace",
                                             "limited-rhythm",
                                             "pause-choice",
                                             "mutual-assistance",
                                             "adaptable-tasks"};

const struct kj_row kj_rows[KJ_ROWS] = {{"falls", "obstacles", 0},
                                        {"falls", "level-differences", 0},
                                        {"falls", "haste", 0},
                                        {"falls", "movement-info", 1},
                                        {"psychosocial", "reception", 1},
                                        {"psychosocial", "listening-ear", 1},
                                        {"psychosocial", "progressive-pace", 1},
                                        {"psychosocial", "limited-rhythm", 1},
                                        {"psychosocial", "pause-choice", 1},
                                        {"organisation", "mutual-assistance", 1},
                                        {"organisation", "adaptable-tasks", 1}};

const char *const kj_status_names[4] = {"within", "exceeds", "unknown", "not-applicable"};

double kj_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* The attribute as a number, NAN when absent. */
static double num(xmlNode *n, const char *attr)
{
	xmlChar *s = xmlGetProp(n, (const xmlChar *)attr);
	double x = s ? strtod((const char *)s, NULL) : NAN;
	xmlFree(s);
	return x;
}

/* xs:boolean: 1, 0, or -1 when absent. */
static int yes_no(xmlNode *n, const char *attr)
{
	xmlChar *s = xmlGetProp(n, (const xmlChar *)attr);
	int v = !s ? -1 : !strcmp((const char *)s, "true") || !strcmp((const char *)s, "1");
	xmlFree(s);
	return v;
}

static void copy_attr(xmlNode *n, const char *attr, char *out, size_t size)
{
	xmlChar *s = xmlGetProp(n, (const xmlChar *)attr);
	snprintf(out, size, "%s", s ? (const char *)s : "");
	xmlFree(s);
}

/* A job as read, at the bounds of kader.h, before kj_load copies it into
 * arrays of its own size. */
typedef struct scratch {
	char task_id[KJ_TASKS][72];
	double task_hours[KJ_TASKS];
	kj_handling h[KJ_ELEMS];
	kj_push_pull p[KJ_ELEMS];
	kj_repetition r[KJ_ELEMS];
	kj_posture posture[KJ_ELEMS];
	kj_vibration v[KJ_ELEMS];
} scratch;

/* One task's elements; -1 when a bound of kader.h is passed. */
static int load_task(xmlNode *task, int t, kj_job *j, scratch *s)
{
	for (xmlNode *e = task->children; e; e = e->next) {
		if (j->nh == KJ_ELEMS || j->np == KJ_ELEMS || j->nr == KJ_ELEMS ||
		    j->nposture == KJ_ELEMS || j->nv == KJ_ELEMS)
			return -1;
		if (is(e, "handling"))
			s->h[j->nh++] = (kj_handling){t, num(e, "mass-kg"), num(e, "per-minute"),
			                              num(e, "kg-per-day")};
		else if (is(e, "push-pull"))
			s->p[j->np++] = (kj_push_pull){t, num(e, "mass-kg"), num(e, "wheels")};
		else if (is(e, "repetition"))
			s->r[j->nr++] = (kj_repetition){t, num(e, "actions-per-minute")};
		else if (is(e, "posture"))
			s->posture[j->nposture++] =
			    (kj_posture){t, yes_no(e, "static") == 1, num(e, "trunk-flexion-deg"),
			                 num(e, "pause-minutes-per-hour")};
		else if (is(e, "vibration"))
			s->v[j->nv++] = (kj_vibration){t, num(e, "aw-ms2")};
	}
	return 0;
}

static int load_root(xmlNode *root, kj_job *j, scratch *s)
{
	memset(j, 0, sizeof *j);
	memset(j->rows, -1, sizeof j->rows);
	j->cardiac = j->heavy_hours = j->peak = NAN;
	copy_attr(root, "id", j->id, sizeof j->id);
	for (xmlNode *n = root->children; n; n = n->next) {
		if (is(n, "task")) {
			if (j->ntasks == KJ_TASKS)
				return -1;
			copy_attr(n, "id", s->task_id[j->ntasks], sizeof s->task_id[0]);
			s->task_hours[j->ntasks] = num(n, "hours-per-day");
			if (load_task(n, j->ntasks++, j, s) < 0)
				return -1;
		} else if (is(n, "heavy-work")) {
			j->heavy = 1;
			j->cardiac = num(n, "cardiac-cost-bpm");
			j->heavy_hours = num(n, "hours-per-day");
			j->peak = num(n, "peak-bpm");
		}
		for (int r = 0; r < KJ_ROWS; r++)
			if (is(n, kj_rows[r].section))
				j->rows[r] = (signed char)yes_no(n, kj_rows[r].name);
	}
	return 0;
}

/* A copy of n items of size bytes, or NULL when n is 0 (or no memory:
 * *ok is cleared). */
static void *dup(const void *src, int n, size_t size, int *ok)
{
	void *p = n ? malloc((size_t)n * size) : NULL;
	if (n && !p)
		*ok = 0;
	if (p)
		memcpy(p, src, (size_t)n * size);
	return p;
}

static int own(kj_job *j, const scratch *s)
{
	int ok = 1;
	j->task_id = dup(s->task_id, j->ntasks, sizeof s->task_id[0], &ok);
	j->task_hours = dup(s->task_hours, j->ntasks, sizeof s->task_hours[0], &ok);
	j->h = dup(s->h, j->nh, sizeof s->h[0], &ok);
	j->p = dup(s->p, j->np, sizeof s->p[0], &ok);
	j->r = dup(s->r, j->nr, sizeof s->r[0], &ok);
	j->posture = dup(s->posture, j->nposture, sizeof s->posture[0], &ok);
	j->v = dup(s->v, j->nv, sizeof s->v[0], &ok);
	return ok ? 0 : -1;
}

int kj_load(const char *path, kj_job *job)
{
	static scratch s; /* one job's worth at the bounds: too big for the stack */
	xmlDoc *doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	memset(job, 0, sizeof *job);
	int rc = root && is(root, "job") && load_root(root, job, &s) == 0 ? own(job, &s) : -1;
	xmlFreeDoc(doc);
	if (rc < 0) {
		kj_free(job);
		fprintf(stderr,
		        "bench: %s: not a job profile, or past the bounds of bench/kader.h\n",
		        path);
	}
	return rc;
}

void kj_free(kj_job *j)
{
	free(j->task_id);
	free(j->task_hours);
	free(j->h);
	free(j->p);
	free(j->r);
	free(j->posture);
	free(j->v);
	memset(j, 0, sizeof *j);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **kj_list(const char *dir, int *n)
{
	DIR *d = opendir(dir);
	char **names = NULL;
	int cap = 0;
	*n = 0;
	for (struct dirent *e; d && (e = readdir(d));) {
		size_t len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".xml"))
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 256;
			char **grown = realloc(names, (size_t)cap * sizeof *names);
			if (!grown)
				break;
			names = grown;
		}
		if (!(names[*n] = malloc(strlen(dir) + len + 2)))
			break;
		sprintf(names[(*n)++], "%s/%s", dir, e->d_name);
	}
	if (d)
		closedir(d);
	if (*n)
		qsort(names, (size_t)*n, sizeof *names, by_name);
	return names;
}

void kj_dump(FILE *out, const kj_job *job, const kj_finding *f, int n)
{
	for (int i = 0; i < n; i++)
		fprintf(out, "%s %s %s %s\n", job->id, kj_rule_names[f[i].rule],
		        f[i].task >= 0 ? job->task_id[f[i].task] : "-",
		        kj_status_names[f[i].status]);
}

/* The file at path, whole, NUL-terminated; NULL when unreadable. */
char *kj_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n = -1;
	if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1)) && fread(buf, 1, (size_t)n, f) == (size_t)n) {
		buf[n] = '\0';
		*len = (size_t)n;
	} else {
		free(buf);
		buf = NULL;
	}
	if (f)
		fclose(f);
	return buf;
}

/* Cuts the <adaptations> element out of a profile in place: the job as it
 * is, with nothing for a search to try. */
void kj_cut_offers(char *buf, size_t *len)
{
	char *from = strstr(buf, "<adaptations"), *to = NULL;
	if (!from)
		return;
	char *close = strstr(from, "</adaptations>");
	char *empty = strstr(from, "/>");
	char *gt = strchr(from, '>');
	if (gt && empty && empty + 1 == gt)
		to = gt + 1;
	else if (close)
		to = close + strlen("</adaptations>");
	if (!to)
		return;
	memmove(from, to, strlen(to) + 1);
	*len -= (size_t)(to - from);
}
