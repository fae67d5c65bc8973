/*
 * test_search_brute.c — the adaptation search against a brute force.
 *
 * The search (search.c) groups offers by what the kinds declare they write
 * and the rules that they read (deps.c) and searches each group's subsets
 * lazily; it is exact if the declarations are complete. This test makes
 * random jobs from a fixed seed and compares what the search lists with the
 * minimal working sets found by evaluating every subset of the offers with
 * every rule: the same sets, the same count, the same unresolved findings,
 * cheapest first. The jobs cover every shipped rule set (the groene kader;
 * capacity and screening in match, against four persons: figures measured
 * at several rates, ICF qualifiers that estimate a lift, coded push and
 * stance limits, screening scores that raise advice), every kind of the
 * catalogue, several handlings per task (with ids, aimed at one by one
 * offer), ICF demands with and without a task, and offers that only fix a
 * finding together (two lifting aids on the two handlings of a task with a
 * d4300 demand; fewer hours with a split load). The two combinations of
 * doc/search.md are also rows of their own (search_rows); the search before
 * the declarations said not-feasible on both. With the catalogue's
 * lifting-aid declared not to write icf_demands, the random jobs fail too.
 *
 * The brute force reads findings by (rule set, rule, task, element) like
 * the search, over the judged rule sets (advice is never part of a set),
 * and a set works when no finding exceeds apart from the unresolved ones
 * (those that exceed under every subset).
 */
#include "support.h"

#include "assessment.h"
#include "catalogue.h"
#include "evaluate.h"

enum { CHECK_JOBS = 200, MATCH_JOBS = 160, MAX_OFFERS = 10, MAX_KEYS = 512 };

static unsigned rnd_state;

static unsigned rnd(unsigned n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 16) % n;
}

#define PERSON_HEAD                                                                                \
	"<person xmlns='urn:capamatch:person:1' id='p'><age years='47'/>"                          \
	"<return-to-work date='2026-11-16'/>"
#define MATCH_DATE "2026-11-20" /* in the frame's window: every set judges */

/* The persons of the match jobs: measured figures (one at several rates),
 * ICF qualifiers alone, and both; two raise screening advice. */
static const char *const persons[] = {
    PERSON_HEAD "<capacity item='lift-floor-waist' kg='10' frequency='occasional'/>"
                "<capacity item='push' kg='25' frequency='occasional'/>"
                "<capacity item='pull' kg='20' frequency='occasional'/>"
                "<capacity item='carry' kg='9' frequency='occasional'/>"
                "<capacity item='sitting' minutes='40'/><capacity item='standing' minutes='30'/>"
                "<capacity item='walking' minutes='20'/></person>",
    PERSON_HEAD "<capacity item='lift-floor-waist' kg='4' frequency='occasional'/>"
                "<capacity item='lift-floor-waist' kg='4' frequency='frequent'/>"
                "<capacity item='lift-floor-waist' kg='1' frequency='constant'/>"
                "<capacity item='lift-waist-shoulder' kg='6' frequency='occasional'/>"
                "<capacity item='push' kg='30' frequency='frequent'/>"
                "<capacity item='carry' kg='12' frequency='occasional'/>"
                "<capacity item='carry' kg='6' frequency='frequent'/>"
                "<screening instrument='tsk-17' score='44'/></person>",
    PERSON_HEAD "<icf><code>d4300.22</code><code>d4105.11</code><code>d4500.1</code>"
                "<code>d4450.1</code><code>d4153.2</code><code>d450.1</code></icf>"
                "<screening instrument='ompsq-10' score='60'/></person>",
    PERSON_HEAD "<icf><code>d4300.12</code><code>d4105.00</code></icf>"
                "<capacity item='lift-floor-waist' kg='10' frequency='occasional'/>"
                "<capacity item='carry' kg='12' frequency='frequent'/>"
                "<capacity item='walking' minutes='30'/></person>",
};
enum { NPERSONS = sizeof persons / sizeof *persons };

#define PRINTF(...) (o += snprintf(buf + o, size - (size_t)o, __VA_ARGS__))

/* What a task of a random job holds, for offers to aim at. */
typedef struct task_shape {
	int handlings; /* 0, 1 or 2 (then with ids h0 and h1) */
	int push, carry;
} task_shape;

static const char *const psy_rows[] = {"reception", "listening-ear", "progressive-pace",
                                       "limited-rhythm", "pause-choice"};

static void make_task(char *buf, size_t size, int *op, int t, int match, task_shape *sh)
{
	int o = *op;
	PRINTF("<task id='t%d' hours-per-day='%u'>", t, 1 + rnd(5));
	sh->handlings = (int)rnd(3);
	for (int h = 0; h < sh->handlings; h++) {
		char id[24] = "";
		if (sh->handlings == 2)
			snprintf(id, sizeof id, " id='h%d'", h);
		static const char *const rates[] = {"0.2", "0.5", "1", "2", "3"};
		PRINTF("<handling%s mass-kg='%u' per-minute='%s' v-cm='%u'/>", id, 2 + rnd(12),
		       rates[rnd(5)], 20 + rnd(80));
	}
	if (rnd(2))
		PRINTF("<repetition actions-per-minute='%u'/>", 25 + rnd(25));
	if (rnd(3))
		PRINTF("<posture trunk-flexion-deg='%u'%s/>", 5 + rnd(40),
		       rnd(3)   ? ""
		       : rnd(2) ? " static='true' pause-minutes-per-hour='5'"
		                : " static='true'");
	sh->push = rnd(3) == 0;
	if (sh->push && match)
		PRINTF("<push-pull id='cart' mass-kg='150' wheels='4' initial-force-n='%u'"
		       " sustained-force-n='%u' per-minute='0.2'/>",
		       150 + rnd(150), 80 + rnd(60));
	else if (sh->push)
		PRINTF("<push-pull id='cart' mass-kg='%u' wheels='4'/>", 80 + rnd(60));
	if (rnd(4) == 0)
		PRINTF("<vibration aw-ms2='0.%u'/>", 3 + rnd(6));
	sh->carry = match && rnd(3) == 0;
	if (sh->carry)
		PRINTF("<carry id='box' mass-kg='%u' distance-m='10' per-minute='%s'/>",
		       5 + rnd(10), rnd(2) ? "0.2" : "1");
	if (match) {
		static const char *const stances[] = {"sitting", "standing", "walking"};
		for (int i = 0; i < 3; i++)
			if (rnd(3) == 0)
				PRINTF("<%s continuous-minutes='%u'/>", stances[i], 15 + rnd(45));
	}
	PRINTF("</task>\n");
	*op = o;
}

/* One offer of a random kind (all sixteen of the catalogue) aimed at task
 * t; an element attribute only where the task holds that element by id. */
static void make_offer(char *buf, size_t size, int *op, int n, int t, const task_shape *sh)
{
	int o = *op;
	char attrs[160], el[40] = "";
	const char *kind;
	if (sh->handlings == 2 && rnd(2))
		snprintf(el, sizeof el, " element='h%u'", rnd(2));
	switch (rnd(17)) {
	case 0:
	case 16: /* twice as often: with residual 0 it removes lifting demands */
		kind = "lifting-aid";
		snprintf(attrs, sizeof attrs, "task='t%d'%s residual-mass-kg='%u'", t, el,
		         rnd(2) ? 0 : rnd(7));
		break;
	case 1:
		kind = "split-load";
		snprintf(attrs, sizeof attrs, "task='t%d'%s parts='%u'", t, el, 2 + rnd(2));
		break;
	case 2:
		kind = "reduce-hours";
		snprintf(attrs, sizeof attrs, "task='t%d' hours-per-day='%u'", t, 1 + rnd(2));
		break;
	case 3:
		kind = "workstation-height";
		snprintf(attrs, sizeof attrs, "task='t%d'%s%s trunk-flexion-deg='%u'", t, el,
		         rnd(2) ? " v-cm='80'" : "", 10 + rnd(20));
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
		snprintf(attrs, sizeof attrs, "task='t%d'%s", t,
		         sh->push && rnd(2) ? " element='cart'" : "");
		break;
	case 7:
		kind = "route";
		snprintf(attrs, sizeof attrs, "obstacles='false'%s",
		         rnd(2) ? " haste='false'" : "");
		break;
	case 8:
		kind = "psychosocial";
		snprintf(attrs, sizeof attrs, "provides='%s %s'", psy_rows[rnd(5)],
		         psy_rows[rnd(5)]);
		break;
	case 9:
		kind = "organisation";
		snprintf(attrs, sizeof attrs, "provides='%s'",
		         rnd(2) ? "mutual-assistance" : "adaptable-tasks mutual-assistance");
		break;
	case 10:
		kind = "seat-suspension";
		snprintf(attrs, sizeof attrs, "task='t%d' aw-ms2='0.%u'", t, 2 + rnd(4));
		break;
	case 11:
		kind = "pauses";
		snprintf(attrs, sizeof attrs, "task='t%d' pause-minutes-per-hour='%u'", t,
		         5 + rnd(10));
		break;
	case 12:
		kind = "limit-heavy-work";
		snprintf(attrs, sizeof attrs, "hours-per-day='%s'", rnd(2) ? "1" : "0.5");
		break;
	case 13:
		kind = "carry-aid";
		snprintf(attrs, sizeof attrs, "task='t%d'%s residual-mass-kg='%u'", t,
		         sh->carry && rnd(2) ? " element='box'" : "", rnd(10));
		break;
	case 14:
		kind = "sit-stand";
		snprintf(attrs, sizeof attrs, "task='t%d' continuous-minutes='%u'", t,
		         20 + rnd(30));
		break;
	default:
		kind = "rest-stops";
		snprintf(attrs, sizeof attrs, "task='t%d' continuous-minutes='%u'", t,
		         10 + rnd(20));
		break;
	}
	PRINTF("<adaptation id='a%d' kind='%s' %s cost-eur='%u'/>\n", n, kind, attrs,
	       100 * rnd(30));
	*op = o;
}

static const char *yes_no(void)
{
	return rnd(3) ? "true" : "false";
}

/* One random job in XML: 1 to 3 tasks, job-level elements some of which
 * say no, ICF demands in match, and up to MAX_OFFERS offers aimed at what
 * the tasks hold. */
static void make_job(char *buf, size_t size, int *noffers, int match)
{
	int ntasks = 1 + (int)rnd(3), o = 0;
	task_shape shape[3];
	PRINTF("<job xmlns='urn:capamatch:job:1' id='j'>\n");
	for (int t = 0; t < ntasks; t++)
		make_task(buf, size, &o, t, match, &shape[t]);
	if (rnd(3) == 0)
		PRINTF("<heavy-work cardiac-cost-bpm='%u' hours-per-day='%s' peak-bpm='%u'/>\n",
		       20 + rnd(20), rnd(2) ? "2" : "0.8", 120 + rnd(40));
	PRINTF("<falls obstacles='%s' level-differences='false' haste='%s' movement-info='true'/>\n"
	       "<psychosocial reception='%s' listening-ear='true' progressive-pace='%s'"
	       " limited-rhythm='%s' pause-choice='true'/>\n"
	       "<organisation mutual-assistance='%s' adaptable-tasks='true'/>\n",
	       rnd(2) ? "true" : "false", rnd(2) ? "true" : "false", yes_no(), yes_no(), yes_no(),
	       yes_no());
	if (match && rnd(3)) {
		PRINTF("<icf-demands><demand code='d4300' max-difficulty='%u' task='t%u'/>", rnd(2),
		       rnd((unsigned)ntasks));
		if (rnd(2))
			PRINTF("<demand code='d4105' max-difficulty='1' task='t%u'/>",
			       rnd((unsigned)ntasks));
		if (rnd(2))
			PRINTF("<demand code='d4500' max-difficulty='0'/>");
		PRINTF("</icf-demands>\n");
	}
	PRINTF("<adaptations>\n");
	int want = (int)rnd(MAX_OFFERS + 1), n = 0;
	for (; n < want; n++) {
		int t = (int)rnd((unsigned)ntasks);
		make_offer(buf, size, &o, n, t, &shape[t]);
	}
	PRINTF("</adaptations>\n</job>\n");
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

/* exceed[mask][key]: does key exceed with that subset of offers applied,
 * over the sets the assessment judges (active). */
static void evaluate_all(cm_ctx *ctx, const cm_job *job, const cm_person *person,
                         const unsigned char *active, int n, keys *ks,
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
		cmi_eval_input in = {.job = job,
		                     .apply = apply,
		                     .napply = m,
		                     .age = 47,
		                     .person = person,
		                     .active = active};
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

/* What one comparison found. */
typedef struct outcome {
	int nminimal;    /* minimal working sets by brute force */
	unsigned first;  /* the first of them (by mask), 0 if none */
	int exceeding;   /* the job as it is exceeds somewhere */
	int conflict;    /* findings each fixable, not all together */
	int evaluations; /* the search's (search.evaluations) */
} outcome;

/* Checks (person NULL) or matches one job and holds the search to the
 * brute force; name says which job in a failure. */
static outcome compare_job(cm_ctx *ctx, const cm_person *person, const char *xml, const char *name)
{
	static unsigned char exceed[1u << MAX_OFFERS][MAX_KEYS];
	static unsigned minimal[1u << MAX_OFFERS];
	cm_error err = {0};
	cm_job *job = test_job_from(ctx, xml, &err);
	if (!job)
		fail_msg("%s does not load: %s\n%s", name, err.problems[0].message, xml);
	int n = job->nadaptations;
	assert_true(n <= MAX_OFFERS);
	int nsets = cmi_nrulesets(ctx);
	unsigned char active[16];
	assert_true(nsets <= 16);
	for (int i = 0; i < nsets; i++) {
		cmi_window w;
		active[i] = cmi_role_of(ctx, person, MATCH_DATE, i, &w) == CMI_ROLE_JUDGED;
	}
	keys ks = {.n = 0};
	evaluate_all(ctx, job, person, active, n, &ks, exceed);
	unsigned char unresolved[MAX_KEYS] = {0};
	for (int k = 0; k < ks.n; k++) {
		unresolved[k] = exceed[0][k];
		for (unsigned m = 1; m < (1u << n) && unresolved[k]; m++)
			unresolved[k] = exceed[m][k];
	}
	outcome out = {0};
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
		if (is_min && m != 0) {
			if (out.nminimal == 0)
				out.first = m;
			minimal[out.nminimal++] = m;
		}
	}
	cm_assessment *a = NULL;
	cm_check_options opt = {47, NULL};
	cm_match_options mopt = {.date = MATCH_DATE};
	if (person)
		assert_int_equal(cm_match(ctx, person, job, &mopt, &a, &err), CM_OK);
	else
		assert_int_equal(cm_check(ctx, job, &opt, &a, &err), CM_OK);
	assert_null(a->search.failure);
	assert_int_equal(a->search.nunsearched, 0);
	for (int k = 0; k < ks.n; k++)
		out.exceeding |= exceed[0][k];
	int nunres = 0;
	for (int k = 0; k < ks.n; k++)
		nunres += unresolved[k];
	/* the search's unresolved findings, as brute-force keys */
	unsigned char listed[MAX_KEYS] = {0};
	for (int i = 0; i < a->search.nunresolved; i++)
		listed[key_index(&ks, &a->base.findings[a->search.unresolved[i]])] = 1;
	int conflict = out.exceeding && out.nminimal == 0 && !works(exceed[0], unresolved, ks.n);
	if (conflict) {
		/* Each finding can be fixed, but not all together: the search
		 * names those of the group where that happens unresolved too and
		 * lists the sets that fix the rest (search.c, minimal_sets), so it
		 * names more than the brute force, and every listed set works
		 * against what it names. */
		if (a->search.nunresolved <= nunres)
			fail_msg(
			    "%s: nothing works, yet the search names %d unresolved (brute force "
			    "%d)\n%s",
			    name, a->search.nunresolved, nunres, xml);
		for (int i = 0; i < a->search.nsets; i++) {
			unsigned mask = 0;
			for (int k = 0; k < a->search.sets[i].n; k++)
				mask |= 1u << a->search.sets[i].members[k]->order;
			if (!works(exceed[mask], listed, ks.n))
				fail_msg("%s: set %d does not work against the unresolved\n%s",
				         name, i, xml);
		}
	} else if (out.exceeding && !works(exceed[0], unresolved, ks.n)) {
		if ((int)a->search.total_sets != out.nminimal || a->search.nsets != out.nminimal)
			fail_msg("%s: the search lists %d of %.0f sets, brute force finds %d\n%s",
			         name, a->search.nsets, a->search.total_sets, out.nminimal, xml);
		for (int i = 0; i < a->search.nsets; i++) {
			unsigned mask = 0;
			for (int k = 0; k < a->search.sets[i].n; k++)
				mask |= 1u << a->search.sets[i].members[k]->order;
			int found = 0;
			for (int s = 0; s < out.nminimal; s++)
				found |= minimal[s] == mask;
			if (!found)
				fail_msg("%s: set %d is not minimal by brute force\n%s", name, i,
				         xml);
			if (i > 0 && a->search.sets[i].cost_eur < a->search.sets[i - 1].cost_eur)
				fail_msg("%s: sets not cheapest first", name);
		}
	}
	if (!conflict && a->search.nunresolved != nunres)
		fail_msg("%s: %d unresolved, brute force %d\n%s", name, a->search.nunresolved,
		         nunres, xml);
	for (int k = 0; k < ks.n; k++)
		if (unresolved[k] && !listed[k])
			fail_msg(
			    "%s: %s exceeds under every subset, not unresolved in the search\n%s",
			    name, cmi_ruleset_at(ctx, ks.k[k].set)->rules[ks.k[k].rule].id, xml);
	/* what each member of a listed set resolves (search.c, explain, which
	 * runs only its group's rules of the shipped sets): the base findings
	 * that exceed, do not with the whole set, and do without the member,
	 * by the brute force's evaluations of every rule */
	for (int i = 0; i < a->search.nsets; i++) {
		const cmi_set *set = &a->search.sets[i];
		if (!set->resolves)
			fail_msg("%s: set %d is not explained\n%s", name, i, xml);
		unsigned mask = 0;
		for (int k = 0; k < set->n; k++)
			mask |= 1u << set->members[k]->order;
		for (int k = 0; k < set->n; k++) {
			unsigned without = mask & ~(1u << set->members[k]->order);
			int want = 0;
			for (int f = 0; f < a->base.nfindings; f++) {
				int key = key_index(&ks, &a->base.findings[f]);
				if (a->base.findings[f].status != CM_EXCEEDS || exceed[mask][key] ||
				    !exceed[without][key])
					continue;
				if (want >= set->resolves[k].n ||
				    set->resolves[k].findings[want] != f)
					fail_msg("%s: set %d member %s: finding %d is its, not "
					         "listed\n%s",
					         name, i, set->members[k]->id, f, xml);
				want++;
			}
			if (want != set->resolves[k].n)
				fail_msg(
				    "%s: set %d member %s resolves %d findings, brute force %d\n%s",
				    name, i, set->members[k]->id, set->resolves[k].n, want, xml);
		}
	}
	/* each set's hours, summed while the search verified it (search.c),
	 * are what applying the set to a table of its own gives */
	for (int i = 0; i < a->search.nsets; i++) {
		const cmi_set *set = &a->search.sets[i];
		double hours = -1;
		assert_int_equal(
		    cmi_catalogue_hours_after(ctx, job, set->members, set->n, &hours, &err), CM_OK);
		if (hours != set->hours_after)
			fail_msg("%s: set %d leaves %.17g h, applied %.17g h\n%s", name, i,
			         set->hours_after, hours, xml);
	}
	out.conflict = conflict;
	out.evaluations = a->search.evaluations;
	assert_int_equal(a->search.rejected, 0); /* the declarations are complete */
	keys_free(&ks);
	cm_assessment_free(a);
	cm_job_free(job);
	cm_error_clear(&err);
	return out;
}

static cm_ctx *loaded_ctx(void)
{
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	assert_int_equal(cm_ctx_load_rules(ctx, &err), CM_OK);
	cm_ctx_set_search_limit(ctx, 16, 1000);
	return ctx;
}

static cm_person *load_person(cm_ctx *ctx, const char *xml)
{
	cm_error err = {0};
	cm_person *person = NULL;
	if (cm_person_load_memory(ctx, "p.xml", xml, strlen(xml), &person, &err) != CM_OK)
		fail_msg("person does not load: %s\n%s", err.problems[0].message, xml);
	return person;
}

/* jobs random jobs, matched against the persons in turn (none: checked). */
static void brute_force(int jobs, int match)
{
	cm_ctx *ctx = loaded_ctx();
	cm_person *ps[NPERSONS] = {0};
	for (int i = 0; match && i < NPERSONS; i++)
		ps[i] = load_person(ctx, persons[i]);
	rnd_state = match ? 20261206u : 20261201u;
	int with_sets = 0, together = 0, conflicts = 0;
	for (int j = 0; j < jobs; j++) {
		char xml[12288], name[32];
		int n;
		make_job(xml, sizeof xml, &n, match);
		snprintf(name, sizeof name, "job %d", j);
		outcome o = compare_job(ctx, match ? ps[j % NPERSONS] : NULL, xml, name);
		with_sets += o.nminimal > 0;
		conflicts += o.conflict;
		together += o.nminimal > 0 && (o.first & (o.first - 1)) != 0;
	}
	print_message("compared %d jobs, %d with minimal sets, %d whose first takes more than one "
	              "offer, %d whose findings cannot all be fixed together\n",
	              jobs, with_sets, together, conflicts);
	assert_true(with_sets > jobs / 4); /* the corpus does exercise the search */
	assert_true(together > jobs / 20);
	for (int i = 0; i < NPERSONS; i++)
		cm_person_free(ps[i]);
	cm_ctx_free(ctx);
}

static void test_search_equals_brute_force(void **state)
{
	(void)state;
	brute_force(CHECK_JOBS, 0);
}

/* Against the persons: capacity judges lifts, demands, push forces,
 * carrying and the postures; screening raises advice, which no set fixes
 * and no set needs to. */
static void test_match_search_equals_brute_force(void **state)
{
	(void)state;
	brute_force(MATCH_JOBS, 1);
}

/* ---- the combinations of doc/search.md, one row each ------------------- */

#define ROWS_FRAME                                                                                 \
	"<falls obstacles='false' level-differences='false' haste='false' movement-info='true'/>"  \
	"<psychosocial reception='true' listening-ear='true' progressive-pace='true'"              \
	" limited-rhythm='true' pause-choice='true'/>"                                             \
	"<organisation mutual-assistance='true' adaptable-tasks='true'/>"

typedef struct search_row {
	const char *name;
	const char *person;
	const char *job;
	unsigned set;        /* the one minimal set, as a mask of offers */
	int max_evaluations; /* the search makes at most so many (0: any number) */
	int nsets;           /* the minimal sets there are, `set` the first by mask (0: one) */
	/* a user catalogue: rules/adaptations.lua with each patch[2i] replaced
	 * by patch[2i + 1] (NULL: the shipped one) */
	const char *patch[4];
} search_row;

/* A patched copy of the shipped catalogue, in a fresh directory under
 * /tmp that the caller removes (dir). */
static void write_catalogue(char dir[64], const char *const *patch)
{
	assert_int_equal(test_make_tmpdir(dir, "catalogue"), 0);
	char *text = test_slurp("rules/adaptations.lua");
	assert_non_null(text);
	for (int i = 0; i < 4 && patch[i]; i += 2) {
		char *at = strstr(text, patch[i]);
		if (!at)
			fail_msg("the catalogue has no \"%s\" to patch", patch[i]);
		size_t head = (size_t)(at - text), from = strlen(patch[i]),
		       to = strlen(patch[i + 1]);
		char *out = malloc(strlen(text) - from + to + 1);
		assert_non_null(out);
		memcpy(out, text, head);
		memcpy(out + head, patch[i + 1], to);
		strcpy(out + head + to, at + from);
		free(text);
		text = out;
	}
	char path[128];
	snprintf(path, sizeof path, "%s/adaptations.lua", dir);
	assert_int_equal(test_write_file(path, text), 0);
	free(text);
}

static const search_row search_rows[] = {
    /* Only with both handlings lifted by machine is the task without manual
     * lifting, and only then does its d4300 demand go; each aid alone
     * changes only its own handling's findings (the old grouping kept
     * them apart and called d4300 unresolved). */
    {"two lifting aids remove d4300 together",
     PERSON_HEAD "<icf><code>d4300.22</code></icf></person>",
     "<job xmlns='urn:capamatch:job:1' id='j'><task id='packing' hours-per-day='2'>"
     "<handling id='boxes' mass-kg='4' per-minute='0.5' v-cm='30'/>"
     "<handling id='crates' mass-kg='4' per-minute='0.5' v-cm='30'/></task>" ROWS_FRAME
     "<icf-demands><demand code='d4300' max-difficulty='1' task='packing'/></icf-demands>"
     "<adaptations>"
     "<adaptation id='a0' kind='lifting-aid' task='packing' element='boxes'"
     " residual-mass-kg='0' cost-eur='800'/>"
     "<adaptation id='a1' kind='lifting-aid' task='packing' element='crates'"
     " residual-mass-kg='0' cost-eur='900'/>"
     "</adaptations></job>",
     3u,
     0,
     0,
     {NULL}},
    /* Fewer hours move the lift from frequent to occasional and change
     * nothing alone (4 kg at both rates); halving the load alone makes it
     * constant (1 kg); together 2.5 kg at frequent is within. */
    {"fewer hours and a split load bring a lift within together",
     PERSON_HEAD "<capacity item='lift-floor-waist' kg='4' frequency='occasional'/>"
                 "<capacity item='lift-floor-waist' kg='4' frequency='frequent'/>"
                 "<capacity item='lift-floor-waist' kg='1' frequency='constant'/></person>",
     "<job xmlns='urn:capamatch:job:1' id='j'><task id='packing' hours-per-day='5'>"
     "<handling mass-kg='5' per-minute='1' v-cm='30'/></task>" ROWS_FRAME "<adaptations>"
     "<adaptation id='a0' kind='split-load' task='packing' parts='2' cost-eur='0'/>"
     "<adaptation id='a1' kind='reduce-hours' task='packing' hours-per-day='1' cost-eur='0'/>"
     "</adaptations></job>",
     3u,
     0,
     0,
     {NULL}},
    /* A removed task makes the offers aimed at it moot: two drop-tasks of
     * one task and a lifting aid on it give three distinct job tables of
     * eight subsets (none, the aid, the task gone), times the split load
     * on the other task; a slower pace on a task without repetition
     * changes nothing at all. Six tables of 32 subsets, the job as it is
     * one of them. The search evaluates each of the other five once
     * (search.c, canonical), the brute force every subset; either drop
     * with the split is a minimal set, and each listed set is evaluated
     * whole once more: 7 (23 before equal subsets were known). */
    {"a removed task makes the offers aimed at it moot",
     PERSON_HEAD "</person>",
     "<job xmlns='urn:capamatch:job:1' id='j'><task id='packing' hours-per-day='2'>"
     "<handling mass-kg='12' per-minute='0.5' v-cm='30'/></task>"
     "<task id='stacking' hours-per-day='2'>"
     "<handling mass-kg='8' per-minute='0.5' v-cm='30'/></task>" ROWS_FRAME "<adaptations>"
     "<adaptation id='a0' kind='lifting-aid' task='packing' residual-mass-kg='7' cost-eur='300'/>"
     "<adaptation id='a1' kind='drop-task' task='packing' cost-eur='500'/>"
     "<adaptation id='a2' kind='drop-task' task='packing' cost-eur='400'/>"
     "<adaptation id='a3' kind='split-load' task='stacking' parts='2' cost-eur='100'/>"
     "<adaptation id='a4' kind='pace' task='packing' actions-per-minute='20' cost-eur='50'/>"
     "</adaptations></job>",
     0xau,
     7,
     2,
     {NULL}},
    /* Twins: two offers of one kind with the same attributes (a1, a2) make
     * the same job table, so a subset holding one is the subset holding
     * the first (search.c, twins_first), but only where that keeps the
     * order of the kind's offers: b raises the lift into the waist zone and
     * leaves the trunk bent, a lower bench straightens the trunk; applied
     * in the profile's order, b then a2 does both, a1 then b undoes the
     * trunk. The one set is {b, a2}; a search that took it as {a1, b}
     * would find none. 5 evaluations, 6 without twins. */
    {"twins are one offer, in the order of their kind",
     PERSON_HEAD "<capacity item='lift-floor-waist' kg='4' frequency='occasional'/>"
                 "<capacity item='lift-waist-shoulder' kg='6' frequency='occasional'/></person>",
     "<job xmlns='urn:capamatch:job:1' id='j'><task id='packing' hours-per-day='2'>"
     "<handling mass-kg='5' per-minute='0.2' v-cm='30'/><posture trunk-flexion-deg='30'/>"
     "</task>" ROWS_FRAME "<adaptations>"
     "<adaptation id='a1' kind='workstation-height' task='packing' trunk-flexion-deg='10'"
     " cost-eur='100'/>"
     "<adaptation id='b' kind='workstation-height' task='packing' v-cm='80'"
     " trunk-flexion-deg='30' cost-eur='200'/>"
     "<adaptation id='a2' kind='workstation-height' task='packing' trunk-flexion-deg='10'"
     " cost-eur='50'/>"
     "</adaptations></job>",
     6u,
     5,
     0,
     {NULL}},
    /* A user's catalogue may read an offer's cost or id, so its twins are
     * two offers: here a bench lower than 80 euros straightens the trunk,
     * the dearer one does not. The one set is the cheap bench; a search
     * that copied it from its dear twin would find none. */
    {"a user's catalogue has no twins",
     PERSON_HEAD "</person>",
     "<job xmlns='urn:capamatch:job:1' id='j'><task id='packing' hours-per-day='2'>"
     "<posture trunk-flexion-deg='30'/></task>" ROWS_FRAME "<adaptations>"
     "<adaptation id='a1' kind='workstation-height' task='packing' trunk-flexion-deg='10'"
     " cost-eur='100'/>"
     "<adaptation id='a2' kind='workstation-height' task='packing' trunk-flexion-deg='10'"
     " cost-eur='50'/>"
     "</adaptations></job>",
     2u,
     0,
     0,
     {"  set(task.posture, \"trunk_flexion_deg\", a.trunk_flexion_deg)\n",
      "  set(task.posture, \"trunk_flexion_deg\", a.cost_eur < 80 and a.trunk_flexion_deg or "
      "30)\n"}},
    /* An offer aimed at the task that writes outside it (here a split load
     * that also sets the job's heavy-work hours from the mass the lifting
     * aid left) keeps the aid in play though the task goes: only aid,
     * split and drop together fix both findings. A search that took the
     * aid as moot would copy the set without it and find nothing. */
    {"an offer aimed at a task that writes the job keeps the others in play",
     PERSON_HEAD "</person>",
     "<job xmlns='urn:capamatch:job:1' id='j'><task id='packing' hours-per-day='2'>"
     "<handling mass-kg='30' per-minute='0.5' v-cm='30'/></task>"
     "<heavy-work cardiac-cost-bpm='20' hours-per-day='2' peak-bpm='120'/>" ROWS_FRAME
     "<adaptations>"
     "<adaptation id='a0' kind='lifting-aid' task='packing' residual-mass-kg='12' cost-eur='300'/>"
     "<adaptation id='a1' kind='split-load' task='packing' parts='2' cost-eur='100'/>"
     "<adaptation id='a2' kind='drop-task' task='packing' cost-eur='500'/>"
     "</adaptations></job>",
     7u,
     0,
     0,
     {"[\"split-load\"] = { \"tasks.handling.mass_kg\", \"tasks.handling.per_minute\" }",
      "[\"split-load\"] = { \"tasks.handling.mass_kg\", \"tasks.handling.per_minute\","
      " \"heavy_work.hours_per_day\" }",
      "  local el, parts = a.element, a.parts\n",
      "  local el, parts = a.element, a.parts\n"
      "  if job.heavy_work and hs[1] and hs[1].mass_kg then\n"
      "    write(job.heavy_work, \"hours_per_day\", hs[1].mass_kg / 20)\n"
      "  end\n"}},
};

static void test_search_row(void **state)
{
	const search_row *row = *state;
	char dir[64] = "";
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	if (row->patch[0]) {
		write_catalogue(dir, row->patch);
		assert_int_equal(cm_ctx_add_rules_dir(ctx, dir, &err), CM_OK);
	}
	assert_int_equal(cm_ctx_load_rules(ctx, &err), CM_OK);
	cm_ctx_set_search_limit(ctx, 16, 1000);
	cm_person *person = load_person(ctx, row->person);
	outcome o = compare_job(ctx, person, row->job, row->name);
	assert_int_equal(o.nminimal, row->nsets ? row->nsets : 1);
	assert_int_equal(o.first, row->set);
	if (row->max_evaluations && o.evaluations > row->max_evaluations)
		fail_msg("%s: %d evaluations, at most %d expected", row->name, o.evaluations,
		         row->max_evaluations);
	cm_person_free(person);
	cm_ctx_free(ctx);
	if (dir[0])
		test_remove_tree(dir);
}

/* removes_task lets the search take sets as equal, so the engine holds
 * a kind to it: only a task attribute, writes only under the tasks. */
static void test_removes_task_refused(void **state)
{
	(void)state;
	static const char *const kinds[] = {"[\"reduce-hours\"]", "route"};
	for (int i = 0; i < 2; i++) {
		char dir[64], mark[80], want[80];
		snprintf(mark, sizeof mark, "{ [\"drop-task\"] = true, %s = true }", kinds[i]);
		const char *patch[4] = {"{ [\"drop-task\"] = true }", mark, NULL, NULL};
		write_catalogue(dir, patch);
		cm_ctx *ctx = test_ctx();
		cm_error err = {0};
		assert_int_equal(cm_ctx_add_rules_dir(ctx, dir, &err), CM_OK);
		assert_int_equal(cm_ctx_load_rules(ctx, &err), CM_ERULES);
		snprintf(want, sizeof want, "kind '%s': removes_task needs one attribute, the task",
		         i ? "route" : "reduce-hours");
		if (!err.nproblems || !strstr(err.problems[0].message, want))
			fail_msg("not refused with \"%s\": %s", want,
			         err.nproblems ? err.problems[0].message : "(nothing)");
		cm_error_clear(&err);
		cm_ctx_free(ctx);
		test_remove_tree(dir);
	}
}

int main(void)
{
	enum { NROWS = sizeof search_rows / sizeof *search_rows };
	struct CMUnitTest tests[3 + NROWS];
	int n = 0;
	for (int i = 0; i < NROWS; i++)
		tests[n++] = (struct CMUnitTest){search_rows[i].name, test_search_row, NULL, NULL,
		                                 (void *)&search_rows[i]};
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_search_equals_brute_force);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_match_search_equals_brute_force);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_removes_task_refused);
	return _cmocka_run_group_tests("search_brute", tests, (size_t)n, NULL, NULL);
}
