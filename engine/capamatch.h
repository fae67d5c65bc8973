/*
 * capamatch.h — the whole public interface of libcapamatch.
 *
 * libcapamatch loads job-demand profiles (XML), runs sandboxed Lua rule sets
 * against them, searches the offered adaptations for minimal sets that make
 * the job feasible, and writes a report. The command-line tool is one client
 * of this header; nothing else is installed.
 *
 * Conventions:
 *  - Every function that can fail returns cm_status (CM_OK is 0) and takes
 *    `cm_error *err` last; on failure err holds one or more problems, each
 *    with file, line and the element path where known. The library never
 *    prints and never exits.
 *  - Handles are opaque. Each cm_x_new / cm_x_load has a cm_x_free that
 *    accepts NULL.
 *  - No global state: everything hangs off a cm_ctx. A context is used by one
 *    thread at a time; separate contexts are independent.
 */
#ifndef CAPAMATCH_H
#define CAPAMATCH_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CM_VERSION_MAJOR 0
#define CM_VERSION_MINOR 1
#define CM_VERSION_PATCH 0
#define CM_VERSION       "0.1.0"

#if defined(__GNUC__)
#define CM_API __attribute__((visibility("default")))
#else
#define CM_API
#endif

typedef enum cm_status {
	CM_OK = 0,
	CM_EUSAGE, /* the caller asked for something that does not exist */
	CM_EINPUT, /* a profile is unreadable, malformed or out of range */
	CM_ERULES, /* a rule set or the catalogue could not be loaded */
	CM_ENOMEM, /* out of memory */
	CM_EIO     /* reading or writing a file failed */
} cm_status;

typedef enum cm_lang { CM_LANG_EN = 0, CM_LANG_NL, CM_LANG_FR } cm_lang;

/* One problem. All strings are owned by the cm_error that holds it. */
typedef struct cm_problem {
	char *file;    /* input file, or NULL */
	int line;      /* 1-based, 0 when not known */
	char *path;    /* element path, e.g. "/job/task[2]/handling/@mass-kg", or NULL */
	char *message; /* one line, in the context's language, no trailing newline */
} cm_problem;

/* Errors are values. Zero-initialise; cm_error_clear frees what it holds. */
typedef struct cm_error {
	cm_status code;
	size_t nproblems;
	cm_problem *problems; /* owned; nproblems entries */
} cm_error;

CM_API void cm_error_clear(cm_error *err);

/* ---- context ---------------------------------------------------------- */

typedef struct cm_ctx cm_ctx;

/* datadir holds rules/ and schema/ (the installed share/capamatch, or the
 * source tree). Copied. */
CM_API cm_status cm_ctx_new(const char *datadir, cm_ctx **out /* OUT */, cm_error *err);
CM_API void cm_ctx_free(cm_ctx *ctx);
CM_API void cm_ctx_set_lang(cm_ctx *ctx, cm_lang lang);
/* Parses "en", "nl", "fr" or a locale such as "nl_BE.UTF-8"; -1 if none. */
CM_API int cm_lang_parse(const char *s);
/* A directory of the user's own rule sets, searched before the installed
 * ones, in the order added. Must be called before the first load. */
CM_API cm_status cm_ctx_add_rules_dir(cm_ctx *ctx, const char *dir, cm_error *err);
/* Only these rule sets (comma-separated ids) are run; default: all. */
CM_API cm_status cm_ctx_select_rules(cm_ctx *ctx, const char *ids, cm_error *err);
/* "RULESET.PARAM=VALUE"; checked against the rule set when it is loaded. */
CM_API cm_status cm_ctx_set_param(cm_ctx *ctx, const char *assignment, cm_error *err);
/* Limits for each rule's evaluation: bytes of the Lua heap and VM
 * instructions (default 0: no instruction budget, and no count hook slowing
 * every call: the CPU-time limits alone stop a loop; a budget > 0 makes the
 * stop reproducible at the price of the hook). */
CM_API void cm_ctx_set_lua_limits(cm_ctx *ctx, size_t heap_bytes, long instructions);
/* And CPU seconds per rule's evaluation (default 5): what stops a loop
 * when there is no instruction budget, and work done inside C functions,
 * which no instruction count sees. */
CM_API void cm_ctx_set_lua_seconds(cm_ctx *ctx, double seconds);
/* CPU seconds one cm_check may take, search included (default
 * CM_DEFAULT_CHECK_SECONDS). Past it
 * the rule sets still to run are stopped, the verdict is incomplete and the
 * report says why. A value <= 0 restores the default. */
CM_API void cm_ctx_set_check_seconds(cm_ctx *ctx, double seconds);
/* Search limits: at most max_group offered adaptations in one independent
 * group (2^max_group evaluations; more than CM_MAX_GROUP_CAP is taken as
 * that), at most max_sets sets listed (less than 1 is taken as 1). */
CM_API void cm_ctx_set_search_limit(cm_ctx *ctx, int max_group, int max_sets);
/* The limits a new context has, and the largest group ever searched: the
 * one definition of each. Plain numbers, because the command line's help
 * and messages spell them; tests/defaults checks that the manual agrees.
 *  - a group of 16 offers costs 2^16 evaluations of the job, one of 24
 *    2^24 and tables of 2^24 bytes per finding (search.c): no larger group
 *    is searched, whatever max_group says;
 *  - a reader compares a handful of sets, not hundreds;
 *  - the largest job the input bounds allow checks in about 4 s, a full
 *    group of 16 offers on a small job in about 9 s (make bench, 2026-12),
 *    and 22 rules each just under their own limits could run for minutes:
 *    past 30 s of CPU a check is incomplete and its report says why. */
#define CM_DEFAULT_MAX_GROUP     16
#define CM_MAX_GROUP_CAP         24
#define CM_DEFAULT_MAX_SETS      10
#define CM_DEFAULT_CHECK_SECONDS 30
/* Loads the rule sets and the catalogue now (otherwise done on first use). */
CM_API cm_status cm_ctx_load_rules(cm_ctx *ctx, cm_error *err);

/* ---- job profiles ----------------------------------------------------- */

typedef struct cm_job cm_job;

/* Loads, validates (schema, ranges, references, catalogue) and maps a job
 * profile. On error *out is NULL and err lists every problem found. */
CM_API cm_status cm_job_load(cm_ctx *ctx, const char *path, cm_job **out /* OUT */, cm_error *err);
/* The same from memory; name is used in messages. buf is not kept. */
CM_API cm_status cm_job_load_memory(cm_ctx *ctx, const char *name, const char *buf, size_t len,
                                    cm_job **out /* OUT */, cm_error *err);
CM_API void cm_job_free(cm_job *job);
CM_API const char *cm_job_id(const cm_job *job);
/* The file's name as reports and messages show it: each byte of a control,
 * bidi control, noncharacter or invalid UTF-8 sequence written \xHH. */
CM_API const char *cm_job_file(const cm_job *job);

/* ---- person profiles --------------------------------------------------- */

/* A person: age, dates, resting heart rate, ICF coded statements, measured
 * capacities and screening scores. Medical data: only a report's medical
 * and worker views show more of it than its id. */
typedef struct cm_person cm_person;

/* Loads, validates (schema, ranges, the ICF grammar, duplicates) and maps a
 * person profile, as cm_job_load does a job. */
CM_API cm_status cm_person_load(cm_ctx *ctx, const char *path, cm_person **out /* OUT */,
                                cm_error *err);
CM_API cm_status cm_person_load_memory(cm_ctx *ctx, const char *name, const char *buf, size_t len,
                                       cm_person **out /* OUT */, cm_error *err);
CM_API void cm_person_free(cm_person *person);
CM_API const char *cm_person_id(const cm_person *person);
CM_API const char *cm_person_file(const cm_person *person); /* as cm_job_file */
/* The SHA-256 of the bytes loaded, 64 lower-case hex digits: what a batch
 * record names the person's source by (the reports hold it already). */
CM_API const char *cm_person_sha256(const cm_person *person);
/* The profile's <assessment> date "YYYY-MM-DD", or NULL. */
CM_API const char *cm_person_assessment_date(const cm_person *person);

/* Which profile a file holds, by its root element: "job", "person", or
 * NULL when it is neither (or cannot be read). */
CM_API const char *cm_profile_kind(cm_ctx *ctx, const char *path);

/* ---- assessment -------------------------------------------------------- */

typedef enum cm_verdict {
	CM_VERDICT_FEASIBLE = 0,
	CM_VERDICT_FEASIBLE_WITH_ADAPTATIONS,
	CM_VERDICT_NOT_FEASIBLE,
	CM_VERDICT_INCOMPLETE
} cm_verdict;

typedef enum cm_finding_status {
	CM_WITHIN = 0,
	CM_EXCEEDS,
	CM_UNKNOWN,
	CM_NOT_APPLICABLE
} cm_finding_status;

typedef enum cm_value_kind { CM_VALUE_NONE = 0, CM_VALUE_NUMBER, CM_VALUE_BOOL } cm_value_kind;

typedef struct cm_value {
	cm_value_kind kind;
	double number; /* CM_VALUE_NUMBER */
	int boolean;   /* CM_VALUE_BOOL */
} cm_value;

/* One limit checked. Strings are owned by the assessment. */
typedef struct cm_finding {
	const char *ruleset;
	const char *rule;
	cm_finding_status status;
	cm_value value;
	cm_value limit;
	const char *unit;    /* NULL for yes/no rows */
	const char *op;      /* "<=", ">=" or "=": within means value OP limit */
	const char *task;    /* NULL for job-level rows */
	double margin;       /* room left (negative: exceeded by); NaN when not numeric */
	const char *text;    /* one line in the context's language */
	const char *element; /* the task's element it judges: its id, or "handling[2]" when
	                        the task holds several without ids; NULL otherwise */
} cm_finding;

typedef struct cm_adaptation_set {
	double cost_eur;
	size_t nids;
	const char *const *ids;      /* as the profile offers them (applied in catalogue order) */
	double hours_per_day_before; /* the job's tasks' hours a day, as recorded */
	double hours_per_day_after;  /* ... once the set is applied (drop-task, reduce-hours);
	                              * 0 in rank's items, whose reports show no set's hours */
} cm_adaptation_set;

typedef struct cm_check_options {
	int age;          /* years; negative when not known */
	const char *date; /* "YYYY-MM-DD" the assessment is made on, for the report */
} cm_check_options;

typedef struct cm_assessment cm_assessment;

/* Runs every selected rule set on the job and searches its adaptations. A
 * rule set that fails is reported in the assessment, not as an error. The
 * job must outlive the assessment. */
CM_API cm_status cm_check(cm_ctx *ctx, const cm_job *job, const cm_check_options *opt,
                          cm_assessment **out /* OUT */, cm_error *err);
typedef struct cm_match_options {
	const char *date;  /* "YYYY-MM-DD" the assessment is made on; NULL: the profile's
	                      <assessment>, else today */
	const char *today; /* "YYYY-MM-DD", the caller's today (the library reads no clock) */
	int brief;         /* rank: no texts are rendered, only the cheapest adaptation set
	                      is verified and kept (cm_assessment_nsets is 0 or 1), and
	                      only CM_FORMAT_JSONL and the rank item can be made of the
	                      assessment */
} cm_match_options;

/* Person against job: the rule sets that need a person (capacity), the
 * job's rule sets (the return-to-work frame only within its window after
 * the person's return, doc/semantics.md), the adaptation search over all of them;
 * advisory rule sets (screening) are run and shown, never judged. The
 * person and the job must outlive the assessment. */
CM_API cm_status cm_match(cm_ctx *ctx, const cm_person *person, const cm_job *job,
                          const cm_match_options *opt, cm_assessment **out /* OUT */,
                          cm_error *err);
CM_API void cm_assessment_free(cm_assessment *a);
CM_API cm_verdict cm_assessment_verdict(const cm_assessment *a);
CM_API size_t cm_assessment_nfindings(const cm_assessment *a);
CM_API const cm_finding *cm_assessment_finding(const cm_assessment *a, size_t i);
CM_API size_t cm_assessment_nsets(const cm_assessment *a);
CM_API const cm_adaptation_set *cm_assessment_set(const cm_assessment *a, size_t i);
CM_API size_t cm_assessment_nunresolved(const cm_assessment *a);
CM_API const cm_finding *cm_assessment_unresolved(const cm_assessment *a, size_t i);
/* Advice (an advisory rule set's findings, match only): shown, never part
 * of the verdict; "exceeds" is a flag raised. */
CM_API size_t cm_assessment_nadvice(const cm_assessment *a);
CM_API const cm_finding *cm_assessment_advice(const cm_assessment *a, size_t i);
/* Rule sets that did not run (could not be loaded, or a rule failed), with
 * the reason; *ruleset receives the rule set's id. */
CM_API size_t cm_assessment_nfailed(const cm_assessment *a);
CM_API const char *cm_assessment_failed(const cm_assessment *a, size_t i,
                                        const char **ruleset /* OUT */);
CM_API const char *cm_verdict_name(cm_verdict v);
CM_API const char *cm_finding_status_name(cm_finding_status s);

/* ---- ICF -------------------------------------------------------------- */

/* Loads the ICF classification from a ClaML file (the WHO's XML; not
 * shipped) now and keeps it in the context, replacing any loaded before;
 * NULL forgets it. A file that cannot be read, is not well-formed, declares
 * entities or is not a sound ICF tree is refused whole (CM_EINPUT or
 * CM_EIO, every problem with file and line) and the context keeps what it
 * had. */
CM_API cm_status cm_ctx_set_icf_classification(cm_ctx *ctx, const char *path, cm_error *err);

/* What each of n ICF coded statements ("d4300._3", "e310+2") says, in the
 * context's language: component, chapter, level and parent code, then each
 * qualifier with its meaning and band, into one malloc'd text (cm_free).
 * With a classification loaded, also the code's title, its parent's and
 * its children's, and a code the classification lacks is a problem. Every
 * invalid statement is a problem in err naming its wrong part, and the
 * status is CM_EINPUT with *out NULL. */
CM_API cm_status cm_icf_explain(cm_ctx *ctx, const char *const *statements, size_t n,
                                char **out /* OUT */, cm_error *err);

/* ---- reports ----------------------------------------------------------- */

/* CM_FORMAT_JSONL: one JSON object on one line per result (rank).
 * CM_FORMAT_HTML: one self-contained file (inline SVG chart, print CSS; no
 * network, no external file), for check and match. */
typedef enum cm_format {
	CM_FORMAT_TEXT = 0,
	CM_FORMAT_JSON,
	CM_FORMAT_JSONL,
	CM_FORMAT_HTML
} cm_format;

/* Who reads a report (doc/reports.md). medical: everything. worker: the same,
 * findings in the rule sets' plain wording where they give one. employer:
 * the functional limits and the adaptations, never a diagnosis, an ICF
 * code, a body-function finding, a screening instrument or score, or a
 * medical rule set's figures and wording. A check (no person) reads the
 * same for all three. */
typedef enum cm_audience {
	CM_AUDIENCE_MEDICAL = 0,
	CM_AUDIENCE_WORKER,
	CM_AUDIENCE_EMPLOYER
} cm_audience;

/* Renders the report into a new buffer (*out, NUL-terminated, length *len);
 * the caller frees it with cm_free. */
CM_API cm_status cm_report_render(cm_ctx *ctx, const cm_assessment *a, cm_format format,
                                  char **out /* OUT */, size_t *len /* OUT */, cm_error *err);
/* The same for one audience (cm_report_render is the medical view). */
CM_API cm_status cm_report_render_for(cm_ctx *ctx, const cm_assessment *a, cm_format format,
                                      cm_audience audience, char **out /* OUT */,
                                      size_t *len /* OUT */, cm_error *err);
/* 1 when the assessment holds a person's data (match, rank): a report of it
 * is written with CM_REPORT_MODE_MEDICAL, whatever the audience. */
CM_API int cm_assessment_is_personal(const cm_assessment *a);
/* Modes for cm_write_file_atomic: a report on a job alone (check) may be
 * read by others; one that holds a person's medical data (match, rank)
 * must not be. */
#define CM_REPORT_MODE_JOB     0644
#define CM_REPORT_MODE_MEDICAL 0600
/* Writes data to path so that nothing is harmed whatever path names:
 *  - a new name or a regular file (also at the end of a chain of symbolic
 *    links, which stay links): through a temporary file in the file's own
 *    directory, flushed and renamed over it, so readers never see a partial
 *    report and a failure leaves the file as it was and no temporary file;
 *  - one of the process's open files (/dev/stdout, /dev/fd/N,
 *    /proc/self/fd/N), a character device or a FIFO: written in place,
 *    never replaced; a FIFO that nothing reads is an error, not a wait;
 *  - a directory, a block device or a socket: refused.
 * mode (as for open(2); the umask is the caller's to apply) is a new file's
 * mode; a replaced file gets (its old mode & mode), so its permissions never
 * widen; run as root, it keeps its owner and group. While the temporary
 * file exists the calling thread blocks every signal that can end the
 * process from outside (none is lost: it arrives once the file is renamed
 * or removed); other threads must block them too. SIGKILL cannot be. */
CM_API cm_status cm_write_file_atomic(cm_ctx *ctx, const char *path, const char *data, size_t len,
                                      int mode, cm_error *err);
CM_API void cm_free(void *p);

/* ---- rank ---------------------------------------------------------------- */

/* One job's place in a ranking: what ordering needs, kept small so that a
 * ranking of many jobs holds only these (the profiles are freed as each is
 * done). detail is the job's part of the report in the format asked for:
 * a line of JSON (CM_FORMAT_JSON, CM_FORMAT_JSONL) or a text block. */
typedef struct cm_rank_item {
	char job[65]; /* the job's id (ids have at most 64 characters) */
	cm_verdict verdict;
	double cost_eur; /* the cheapest set's cost; 0 when none is needed; -1 not feasible */
	double score;    /* weighted demand/capacity (lower: lighter for the person) */
	size_t order;    /* the job's position in the input: the last tie-break */
	char *detail;    /* owned by the item's holder: cm_free; may be NULL */
} cm_rank_item;

/* The score of an assessment: per weighted rule (rules/README.md) the worst
 * ratio of demand to limit among its findings, times its weight, summed. */
CM_API double cm_assessment_score(const cm_assessment *a);
/* Fills out from a (a match, brief or not), with its detail rendered in
 * format; order is the job's input position. */
CM_API cm_status cm_rank_item_of(cm_ctx *ctx, const cm_assessment *a, cm_format format,
                                 size_t order, cm_rank_item *out /* OUT */, cm_error *err);
/* The same, for an audience: medical, or worker (each job's sentence in
 * plain words); a ranking has no employer view (CM_EUSAGE). */
CM_API cm_status cm_rank_item_for(cm_ctx *ctx, const cm_assessment *a, cm_format format,
                                  cm_audience audience, size_t order, cm_rank_item *out /* OUT */,
                                  cm_error *err);
/* The ranking's order, for qsort over cm_rank_item: feasible; feasible
 * with adaptations by cost; incomplete; not feasible; within each by
 * score; cost and score compared as the ranking shows them (whole euros,
 * two decimals), so that jobs that read the same stand level and share a
 * rank; then job id, then input order. */
CM_API int cm_rank_compare(const void *a, const void *b);
/* The ranking report of n sorted items (the first `listed` shown), of
 * `jobs` profiles ranked and `refused` refused: text (a table and each
 * listed job's detail), JSON (a document whose ranking holds the listed
 * details) or JSONL (the summary line that ends the per-job lines). */
CM_API cm_status cm_rank_render(cm_ctx *ctx, const cm_person *person, const char *date,
                                const cm_rank_item *items, size_t n, size_t listed, size_t refused,
                                cm_format format, char **out /* OUT */, size_t *len /* OUT */,
                                cm_error *err);
/* The same, for an audience (see cm_rank_item_for); the items must have
 * been made for the same audience. */
CM_API cm_status cm_rank_render_for(cm_ctx *ctx, const cm_person *person, const char *date,
                                    const cm_rank_item *items, size_t n, size_t listed,
                                    size_t refused, cm_format format, cm_audience audience,
                                    char **out /* OUT */, size_t *len /* OUT */, cm_error *err);

/* ---- rule sets ----------------------------------------------------------- */

/* The rule sets as text in the context's language: for each, "id version
 * (valid-from) — title", its source, one line per rule (id, title, the
 * source row it implements) and its parameters (kind, meaning); then the
 * adaptation kinds. The caller frees *out with cm_free. */
CM_API cm_status cm_rules_describe(cm_ctx *ctx, char **out /* OUT */, cm_error *err);

#ifdef __cplusplus
}
#endif
#endif
