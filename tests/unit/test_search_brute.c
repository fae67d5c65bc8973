/*
 * test_search_brute.c — the adaptation search against a brute force.
 *
 * The search (search.c) groups offers by the findings each touches alone
 * and searches each group's subsets; it takes offers that touch different
 * findings not to interact. This test makes 300 small jobs from a fixed
 * seed (8.7 s here, more under the sanitizers), each with up to 10
 * offers of nine kinds (twelve, with carry-aid, sit-stand and rest-stops, in
 * 60 jobs matched against a person whose push, carry and posture figures
 * capacity judges), and compares what the search lists with the minimal
 * working sets found by evaluating every subset of the offers: the same
 * sets, the same count, the same unresolved findings, cheapest first. With
 * the search's grouping broken on purpose (offers grouped by status changes
 * only), it fails at job 7. A set that works only through an interaction the
 * grouping cannot see would show up here as a set the search missed.
 *
 * The brute force reads findings by (rule set, rule, task, element) like
 * the search, and a set works when no finding exceeds apart from the
 * unresolved ones (those that exceed under every subset).
 */
#include "support.h"

#include "assessment.h"
#include "evaluate.h"

enum { JOBS = 300, MATCH_JOBS = 60, MAX_OFFERS = 10, MAX_KEYS = 256 };

static unsigned rnd_state;

static unsigned rnd(unsigned n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 16) % n;
}

/* The person of the match jobs: measured push, pull, carry and postures,
 * back at work within the return-to-work window of the date below. */
static const char person_xml[] =
    "<person xmlns='urn:capamatch:person:1' id='p'><age years='47'/>"
    "<return-to-work date='2026-11-16'/>"
    "<capacity item='lift-floor-waist' kg='10' frequency='occasional'/>"
    "<capacity item='push' kg='25' frequency='occasional'/>"
    "<capacity item='pull' kg='20' frequency='occasional'/>"
    "<capacity item='carry' kg='9' frequency='occasional'/>"
    "<capacity item='sitting' minutes='40'/><capacity item='standing' minutes='30'/>"
    "<capacity item='walking' minutes='20'/></person>";
#define MATCH_DATE "2026-11-20"

/* A match job's task also pushes with measured forces, carries, sits,
 * stands and walks (brute = 1). */
static void person_demands(char *buf, size_t size, int *o)
{
	*o += snprintf(buf + *o, size - (size_t)*o,
	               "<push-pull id='cart' initial-force-n='%u' sustained-force-n='%u'/>"
	               "<carry mass-kg='%u' distance-m='10' per-minute='0.2'/>"
	               "<sitting continuous-minutes='%u'/><standing continuous-minutes='%u'/>"
	               "<walking continuous-minutes='%u' hours-per-day='1'/>",
	               150 + rnd(150), 80 + rnd(60), 5 + rnd(8), 20 + rnd(40), 20 + rnd(30),
	               10 + rnd(20));
}

/* One random job in XML: 1 to 3 tasks, requirement rows some of which say
 * no, and up to MAX_OFFERS offers aimed at what the tasks hold; with
 * match, also the person's dimensions and the kinds that change them. */
static void make_job(char *buf, size_t size, int *noffers, int match)
{
	int ntasks = 1 + (int)rnd(3), o = 0, n = 0;
	o += snprintf(buf + o, size - (size_t)o, "<job xmlns='urn:capamatch:job:1' id='j'>\n");
	for (int t = 0; t < ntasks; t++) {
		o += snprintf(buf + o, size - (size_t)o,
		              "<task id='t%d' hours-per-day='%d'>"
		              "<handling mass-kg='%u' per-minute='%u'/>"
		              "<repetition actions-per-minute='%u'/>"
		              "<posture trunk-flexion-deg='%u'/>%s",
		              t, 1 + (int)rnd(2), 2 + rnd(12), 1 + rnd(3), 25 + rnd(25),
		              5 + rnd(40), rnd(2) ? "<push-pull mass-kg='150' wheels='4'/>" : "");
		if (match)
			person_demands(buf, size, &o);
		o += snprintf(buf + o, size - (size_t)o, "</task>\n");
	}
	o += snprintf(buf + o, size - (size_t)o,
	              "<falls obstacles='%s' level-differences='false' haste='%s'"
	              " movement-info='true'/>\n"
	              "<psychosocial reception='true' listening-ear='true' progressive-pace='%s'"
	              " limited-rhythm='true' pause-choice='true'/>\n"
	              "<organisation mutual-assistance='true' adaptable-tasks='true'/>\n"
	              "<adaptations>\n",
	              rnd(2) ? "true" : "false", rnd(2) ? "true" : "false",
	              rnd(2) ? "true" : "false");
	int want = (int)rnd(MAX_OFFERS + 1);
	for (; n < want; n++) {
		int t = (int)rnd((unsigned)ntasks);
		unsigned cost = 100 * rnd(30);
		char attrs[96];
		const char *kind;
		switch (match ? rnd(13) : rnd(9)) {
		case 0:
			kind = "lifting-aid";
			snprintf(attrs, sizeof attrs, "task='t%d' residual-mass-kg='%u'", t,
			         rnd(7));
			break;
		case 1:
			kind = "split-load";
			snprintf(attrs, sizeof attrs, "task='t%d' parts='%u'", t, 2 + rnd(2));
			break;
		case 2:
			kind = "reduce-hours";
			snprintf(attrs, sizeof attrs, "task='t%d' hours-per-day='1'", t);
			break;
		case 3:
			kind = "workstation-height";
			snprintf(attrs, sizeof attrs, "task='t%d' trunk-flexion-deg='%u'", t,
			         10 + rnd(20));
			break;
		case 4:
			kind = "pace";
			snprintf(attrs, sizeof attrs, "task='t%d' actions-per-minute='%u'", t,
			         20 + rnd(30));
			break;
		case 5:
			kind = "drop-task";
			snprintf(attrs, sizeof attrs, "task='t%d'", t);
			break;
		case 6:
			kind = "powered-transport";
			snprintf(attrs, sizeof attrs, "task='t%d'", t);
			break;
		case 7:
			kind = "route";
			snprintf(attrs, sizeof attrs, "obstacles='false' haste='false'");
			break;
		case 9:
			kind = "carry-aid";
			snprintf(attrs, sizeof attrs, "task='t%d' residual-mass-kg='%u'", t,
			         rnd(10));
			break;
		case 10:
			kind = "sit-stand";
			snprintf(attrs, sizeof attrs, "task='t%d' continuous-minutes='%u'", t,
			         20 + rnd(30));
			break;
		case 11:
			kind = "rest-stops";
			snprintf(attrs, sizeof attrs, "task='t%d' continuous-minutes='%u'", t,
			         10 + rnd(20));
			break;
		default:
			kind = "psychosocial";
			snprintf(attrs, sizeof attrs, "provides='progressive-pace'");
			break;
		}
		o += snprintf(buf + o, size - (size_t)o,
		              "<adaptation id='a%d' kind='%s' %s cost-eur='%u'/>\n", n, kind, attrs,
		              cost);
	}
	snprintf(buf + o, size - (size_t)o, "</adaptations>\n</job>\n");
	*noffers = n;
}

/* Findings of a job's evaluations as keys; their strings are copies, owned
 * here (an evaluation's die with it). */
typedef struct keys {
	cmi_finding k[MAX_KEYS];
	int n;
} keys;

static int key_index(keys *ks, const cmi_finding *f)
{
	for (int i = 0; i < ks->n; i++)
		if (cmi_finding_same_key(&ks->k[i], f))
			return i;
	assert_true(ks->n < MAX_KEYS);
	cmi_finding *k = &ks->k[ks->n];
	memset(k, 0, sizeof *k);
	k->set = f->set;
	k->rule = f->rule;
	k->task = f->task ? strdup(f->task) : NULL;
	k->element = f->element ? strdup(f->element) : NULL;
	return ks->n++;
}

static void keys_free(keys *ks)
{
	for (int i = 0; i < ks->n; i++) {
		free((char *)ks->k[i].task);
		free((char *)ks->k[i].element);
	}
}

/* exceed[mask][key]: does key exceed with that subset of offers applied. */
static void evaluate_all(cm_ctx *ctx, const cm_job *job, const cm_person *person, int n, keys *ks,
                         unsigned char (*exceed)[MAX_KEYS])
{
	for (unsigned mask = 0; mask < (1u << n); mask++) {
		const cmi_adaptation *apply[MAX_OFFERS];
		int m = 0;
		for (int i = 0; i < n; i++)
			if (mask & (1u << i))
				apply[m++] = &job->adaptations[i];
		cmi_eval ev;
		cm_error err = {0};
		cmi_eval_input in = {
		    .job = job, .apply = apply, .napply = m, .age = 47, .person = person};
		assert_int_equal(cmi_evaluate(ctx, &in, &ev, &err), CM_OK);
		for (int i = 0; i < ev.nsets; i++)
			assert_null(ev.failed[i]);
		memset(exceed[mask], 0, MAX_KEYS);
		for (int i = 0; i < ev.nfindings; i++) {
			int k = key_index(ks, &ev.findings[i]);
			exceed[mask][k] |= ev.findings[i].status == CM_EXCEEDS;
		}
		cmi_eval_free(&ev);
	}
}

static int works(const unsigned char *ex, const unsigned char *unresolved, int nkeys)
{
	for (int k = 0; k < nkeys; k++)
		if (ex[k] && !unresolved[k])
			return 0;
	return 1;
}

/* check (person NULL) or match against the person above, over `jobs`. */
static void brute_force(int jobs, const cm_person *person, cm_ctx *ctx)
{
	cm_error err = {0};
	cm_ctx_set_search_limit(ctx, 16, 1000);
	static unsigned char exceed[1u << MAX_OFFERS][MAX_KEYS];
	rnd_state = 20261201u;
	int compared = 0, with_sets = 0;
	for (int j = 0; j < jobs; j++) {
		char xml[8192];
		int n;
		make_job(xml, sizeof xml, &n, person != NULL);
		cm_job *job = test_job_from(ctx, xml, &err);
		if (!job)
			fail_msg("job %d does not load: %s\n%s", j, err.problems[0].message, xml);
		keys ks = {.n = 0};
		evaluate_all(ctx, job, person, n, &ks, exceed);
		unsigned char unresolved[MAX_KEYS] = {0};
		for (int k = 0; k < ks.n; k++) {
			unresolved[k] = exceed[0][k];
			for (unsigned m = 1; m < (1u << n) && unresolved[k]; m++)
				unresolved[k] = exceed[m][k];
		}
		/* minimal working subsets, counted */
		int nminimal = 0;
		static unsigned minimal[1u << MAX_OFFERS];
		for (unsigned m = 0; m < (1u << n); m++) {
			if (!works(exceed[m], unresolved, ks.n))
				continue;
			int is_min = 1;
			for (unsigned s = (m - 1) & m; is_min && s != m; s = (s - 1) & m) {
				if (works(exceed[s], unresolved, ks.n))
					is_min = 0;
				if (s == 0)
					break;
			}
			if (is_min && m != 0)
				minimal[nminimal++] = m;
		}
		cm_assessment *a = NULL;
		cm_check_options opt = {47, NULL};
		cm_match_options mopt = {.date = MATCH_DATE};
		if (person)
			assert_int_equal(cm_match(ctx, person, job, &mopt, &a, &err), CM_OK);
		else
			assert_int_equal(cm_check(ctx, job, &opt, &a, &err), CM_OK);
		int any_exceeding = 0;
		for (int k = 0; k < ks.n; k++)
			any_exceeding |= exceed[0][k];
		if (any_exceeding && !works(exceed[0], unresolved, ks.n)) {
			if ((int)a->search.total_sets != nminimal || a->search.nsets != nminimal)
				fail_msg("job %d: the search lists %d of %.0f sets, brute force "
				         "finds %d\n%s",
				         j, a->search.nsets, a->search.total_sets, nminimal, xml);
			for (int i = 0; i < a->search.nsets; i++) {
				unsigned mask = 0;
				for (int k = 0; k < a->search.sets[i].n; k++)
					mask |= 1u << a->search.sets[i].members[k]->order;
				int found = 0;
				for (int s = 0; s < nminimal; s++)
					found |= minimal[s] == mask;
				if (!found)
					fail_msg("job %d: set %d is not minimal by brute force\n%s",
					         j, i, xml);
				if (i > 0 &&
				    a->search.sets[i].cost_eur < a->search.sets[i - 1].cost_eur)
					fail_msg("job %d: sets not cheapest first", j);
			}
			with_sets += nminimal > 0;
		}
		int nunres = 0;
		for (int k = 0; k < ks.n; k++)
			nunres += unresolved[k];
		if (a->search.nunresolved != nunres)
			fail_msg("job %d: %d unresolved, brute force %d\n%s", j,
			         a->search.nunresolved, nunres, xml);
		compared++;
		keys_free(&ks);
		cm_assessment_free(a);
		cm_job_free(job);
	}
	print_message("compared %d jobs, %d with minimal sets\n", compared, with_sets);
	assert_int_equal(compared, jobs);
	assert_true(with_sets > jobs / 4); /* the corpus does exercise the search */
	cm_error_clear(&err);
}

static void test_search_equals_brute_force(void **state)
{
	(void)state;
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	assert_int_equal(cm_ctx_load_rules(ctx, &err), CM_OK);
	brute_force(JOBS, NULL, ctx);
	cm_ctx_free(ctx);
}

/* The same against a person: capacity judges push forces, carrying and the
 * postures, and carry-aid, sit-stand and rest-stops are drawn too. */
static void test_match_search_equals_brute_force(void **state)
{
	(void)state;
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	assert_int_equal(cm_ctx_load_rules(ctx, &err), CM_OK);
	cm_person *person = NULL;
	assert_int_equal(
	    cm_person_load_memory(ctx, "p.xml", person_xml, sizeof person_xml - 1, &person, &err),
	    CM_OK);
	brute_force(MATCH_JOBS, person, ctx);
	cm_person_free(person);
	cm_error_clear(&err);
	cm_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_search_equals_brute_force),
	                                   cmocka_unit_test(test_match_search_equals_brute_force)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
