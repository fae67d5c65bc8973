/*
 * sandbox.c — one Lua 5.4 state per context, in which rule sets and the
 * adaptation catalogue run as untrusted code.
 *
 * Model (after redis's script_lua.c and Lua's own linit.c/lbaselib.c):
 *  - Libraries are opened one by one (never luaL_openlibs) and copied into
 *    filtered tables: base without dofile, loadfile, print, collectgarbage,
 *    rawset; string without the pattern functions (a C function runs where no
 *    hook can stop it) and with find forced plain; math without random.
 *  - Each chunk's _ENV is an empty table whose __index reads the allowlist
 *    and raises "unknown global" for anything else, whose __newindex refuses
 *    every write, and whose metatable is locked. Library tables are read-only
 *    proxies and the string metatable is locked, so nothing one rule set
 *    does reaches another or the next evaluation.
 *  - Chunks load as text only; `load` inside the sandbox is text-only and
 *    defaults to the caller's environment, never the real globals.
 *  - Library functions that loop in C on a size the caller chooses are
 *    replaced or wrapped (table.move, insert, remove, concat, sort;
 *    string.rep): no hook fires inside C, so they bound their size and
 *    watch the time flags themselves. The rest were tried and are bounded
 *    by Lua (a million stack slots, two-digit format widths, the heap).
 *  - The allocator caps the heap. CPU time is one periodic timer on the
 *    thread's CPU clock, armed once per check (a session) or, outside one,
 *    around each call; its signal handler counts ticks and, when the call's
 *    limit, the session's budget or an account's share of it (one rule
 *    set's) passes, sets a flag and the hook. A
 *    count hook runs only for an instruction budget, which makes a loop's
 *    stop reproducible; with a budget of 0, the default, there is none and
 *    the CPU-time limit stops a loop. A call may run several rules, each
 *    with the per-call limits started again (cmi_sandbox_restart_limits:
 *    evaluate.c runs a rule set in one call). Once a
 *    limit is hit the hook fires on every instruction, so the rule's own
 *    pcall cannot swallow the stop. The reason is kept in a C flag, because
 *    an abort at the memory cap reads as LUA_ERRMEM whatever the cause
 *    (doc/platform.md).
 *
 * Cost: any count hook slows the VM by about 40 % (doc/platform.md),
 * and an evaluation of the installed rule set by 13-16 % (bench_eval's jobs
 * evaluated alternately with and without it, 2026-12). Inside a session a
 * call makes no system call: the limits are reads of what the handler
 * counted. Before, each call made about five (two timer_settime,
 * clock_gettime, gettid, and the budget's clock read): about 2.5 µs a call,
 * 55 µs over an evaluation's 23.
 *
 * Not here: what a rule set or catalogue contains (rules.c, catalogue.c).
 */
#define _GNU_SOURCE /* memmem: linear-time search; gettid */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lualib.h>

#include "file.h"
#include "lua_pool.h"
#include "messages.h"
#include "sandbox.h"
#include "chunks.h"
#include "utf8.h"

/* TIME: the instruction budget; CLOCK: the call's CPU-time limit; BUDGET:
 * the session's (the check's) CPU time; SHARE: the account's share of it
 * (one rule set's). */
typedef enum stop_reason {
	STOP_NONE = 0,
	STOP_TIME,
	STOP_CLOCK,
	STOP_BUDGET,
	STOP_SHARE,
	STOP_MEMORY
} stop_reason;

/* The count hook runs every STEP instructions and the budget is counted in
 * STEPs, so a stop comes at most STEP instructions late; the interval does
 * not change what the hook costs (doc/platform.md). */
enum { STEP = 1000 };

/* The timer's period, in the thread's CPU time. Linux looks at CPU-clock
 * timers only at its scheduler tick (4 ms at HZ=250 here: a 1 ms period gave
 * 250 signals a CPU-second, not 1,000), so a shorter period buys nothing;
 * 10 ms is 100 signals a CPU-second, a few µs each, and an overshoot that no
 * limit we set notices (the smallest a test sets is 0.2 s). */
#define TICK_NS      10000000L
#define TICK_SECONDS 0.01

/* Ticks a limit may count at most: sig_atomic_t is an int, and a
 * difference of two tick counts must not overflow. */
#define MAX_TICKS (INT_MAX / 4)

/* The most elements one table.move, table.insert, table.remove or
 * table.concat may touch: far more than a rule needs, few enough that the
 * loop (which runs in C) ends in a fraction of a second even when every
 * access goes through a metamethod. The loops also watch the CPU deadline. */
#define MAX_ELEMENTS      16777216
#define MAX_ELEMENTS_TEXT "16,777,216"

/* The signal the CPU-time timer sends (see ensure_timer). */
#define TIMER_SIGNAL SIGVTALRM

/* Invariants: used counts the bytes Lua holds; L is NULL until the state
 * exists; stop is STOP_NONE outside a failing call; the timer ticks only
 * in a session or a call made outside one. The fields marked (signal) are
 * shared with the handler, which runs on the thread the timer measures:
 * the thread the calls, and the session, run on. */
struct cmi_sandbox {
	cm_ctx *ctx;    /* settings and language; not owned */
	lua_State *L;   /* owned */
	size_t used;    /* bytes currently allocated by Lua */
	size_t limit;   /* cap on used */
	long budget;    /* VM instructions per call; 0: no budget, no count hook */
	long steps;     /* instructions counted in this call */
	double seconds; /* CPU seconds per call */
	stop_reason stop;
	int allowlist_ref;                /* registry reference to the allowlist table */
	int c_nomem;                      /* protected C code ran out of memory (cmi_lua_nomem) */
	timer_t timer;                    /* valid when timer_tid != 0 */
	pid_t timer_tid;                  /* the thread whose CPU time it measures */
	double session_seconds;           /* the session's budget, for its message */
	volatile sig_atomic_t call_ticks; /* (signal) seconds in whole ticks, rounded up */
	volatile sig_atomic_t ticks;      /* (signal) ticks since the timer was armed */
	volatile sig_atomic_t call_start; /* (signal) ticks when this call began */
	volatile sig_atomic_t in_call;    /* (signal) a call is running: the hook may be set */
	volatile sig_atomic_t expired;    /* (signal) this call's limit passed */
	volatile sig_atomic_t session;    /* (signal) a session is under way */
	volatile sig_atomic_t session_ticks; /* (signal) its budget in ticks */
	volatile sig_atomic_t spent;         /* (signal) its budget passed; set until it ends */
	double account_seconds;              /* the account's share, for its message */
	volatile sig_atomic_t account;       /* (signal) an account is charged (sandbox.h) */
	volatile sig_atomic_t account_ticks; /* (signal) what it has been charged */
	volatile sig_atomic_t account_limit; /* (signal) its share in ticks */
	volatile sig_atomic_t account_spent; /* (signal) its share passed */
	unsigned long sessions;              /* sessions begun so far: names the current one */
	int compiled_loads;                  /* chunks loaded from the build's compiled form */
	cmi_pool pool;                       /* the state's small blocks; released after it */
};

static void stop_hook(lua_State *L, lua_Debug *ar);

/* Fire the hook on every instruction from now on: the stop cannot be caught. */
static void arm_stop(cmi_sandbox *sb, stop_reason why)
{
	sb->stop = why;
	if (sb->L)
		lua_sethook(sb->L, stop_hook, LUA_MASKCOUNT, 1);
}

/* A block Lua gave back: to its class's free list, or to malloc. */
static void give_back(cmi_sandbox *sb, void *ptr, size_t size)
{
	if (cmi_pool_small(size))
		cmi_pool_free(&sb->pool, ptr, size);
	else
		free(ptr);
}

/* Lua's allocator: the cap on used, small blocks from the pool (lua_pool.h),
 * larger ones from malloc. A block that changes class, or moves between the
 * two, is copied, a shrink too: a block kept in place would be given back
 * to the smaller class, and the larger class would cut a new one, so that
 * over a long batch the lists of the small classes would grow without
 * bound (only the chunks' cap would stop them). */
static void *capped_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	cmi_sandbox *sb = ud;
	if (!ptr)
		osize = 0; /* Lua passes a type tag here for new objects */
	if (nsize == 0) {
		if (ptr)
			give_back(sb, ptr, osize);
		sb->used -= osize;
		return NULL;
	}
	if (nsize > osize && sb->used - osize + nsize > sb->limit) {
		arm_stop(sb, STOP_MEMORY);
		return NULL;
	}
	void *p;
	if (ptr && cmi_pool_small(osize) && cmi_pool_small(nsize) &&
	    cmi_pool_same_class(osize, nsize))
		p = ptr;
	else if (ptr && !cmi_pool_small(osize) && !cmi_pool_small(nsize))
		p = realloc(ptr, nsize);
	else {
		p = cmi_pool_small(nsize) ? cmi_pool_alloc(&sb->pool, nsize) : malloc(nsize);
		if (p && ptr) {
			memcpy(p, ptr, osize < nsize ? osize : nsize);
			give_back(sb, ptr, osize);
		}
	}
	if (p)
		sb->used = sb->used - osize + nsize;
	else if (cmi_pool_small(nsize) && cmi_pool_full(&sb->pool))
		arm_stop(sb, STOP_MEMORY);
	return p;
}

static cmi_sandbox *sandbox_of(lua_State *L)
{
	void *ud;
	lua_getallocf(L, &ud);
	return ud;
}

/* Which time limit has passed, if any: the session's first, since the
 * check then stops whatever the call would have done. */
static stop_reason time_up(const cmi_sandbox *sb)
{
	if (sb->spent)
		return STOP_BUDGET;
	if (sb->account_spent)
		return STOP_SHARE;
	if (sb->expired)
		return STOP_CLOCK;
	return STOP_NONE;
}

/* Counts instructions, and is set to fire at once by the timer; once a
 * limit is passed, arms the stop and raises. */
static void stop_hook(lua_State *L, lua_Debug *ar)
{
	(void)ar;
	cmi_sandbox *sb = sandbox_of(L);
	if (sb->stop == STOP_NONE) {
		stop_reason why = time_up(sb);
		if (why == STOP_NONE && sb->budget > 0 && (sb->steps += STEP) >= sb->budget)
			why = STOP_TIME;
		if (why == STOP_NONE)
			return;
		arm_stop(sb, why);
	}
	luaL_error(L, "%s",
	           cmi_msg(sb->ctx->lang, sb->stop == STOP_MEMORY ? M_LUA_MEMORY : M_LUA_TIME));
}

/* ---- CPU time: one periodic timer ---------------------------------------
 * The count hook never fires inside a C function, and reading the thread's
 * CPU clock is a system call (not vDSO: 450 ns here, timer_settime 670 ns,
 * gettid 120 ns; 2026-12). So a per-sandbox POSIX timer on the
 * thread's CPU clock sends TIMER_SIGNAL to that thread every tick; the
 * handler counts, and when the call's limit or the session's budget has
 * passed it sets a flag (which the loops below, in C, check as they go)
 * and the hook to fire on the next instruction (lua_sethook is
 * async-signal-safe; Lua's own lua.c calls it from SIGINT). It sets them
 * again on every later tick, so a race with the thread's own lua_sethook
 * costs a tick at most. The handler is installed when a sandbox is made;
 * several contexts in one process each have their own timer, and the
 * signal's value says which sandbox it is for. A host that uses
 * TIMER_SIGNAL itself, or changes its disposition while a context exists,
 * cannot also use capamatch (README.md says so). */

static void timer_fired(int sig, siginfo_t *info, void *uc)
{
	(void)sig;
	(void)uc;
	if (info->si_code != SI_TIMER || !info->si_value.sival_ptr)
		return;
	cmi_sandbox *sb = info->si_value.sival_ptr;
	sb->ticks++;
	if (sb->session && sb->ticks >= sb->session_ticks)
		sb->spent = 1;
	if (sb->session && sb->account && ++sb->account_ticks >= sb->account_limit)
		sb->account_spent = 1;
	if (!sb->in_call)
		return;
	if (sb->ticks - sb->call_start > sb->call_ticks)
		sb->expired = 1;
	if ((sb->spent || sb->account_spent || sb->expired) && sb->L)
		lua_sethook(sb->L, stop_hook, LUA_MASKCOUNT, 1);
}

/* Again for every sandbox: a host (or a forked child) that reset the
 * signal's disposition would otherwise be killed by the timer. */
static void install_handler(void)
{
	struct sigaction sa;
	if (sigaction(TIMER_SIGNAL, NULL, &sa) == 0 && (sa.sa_flags & SA_SIGINFO) &&
	    sa.sa_sigaction == timer_fired)
		return;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = timer_fired;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(TIMER_SIGNAL, &sa, NULL);
}

/* Whole ticks of a limit, rounded up; a limit of 0 or less stops at the
 * first tick. */
static sig_atomic_t ticks_of(double seconds)
{
	if (!(seconds > 0))
		return 0;
	double n = ceil(seconds / TICK_SECONDS);
	return n < MAX_TICKS ? (sig_atomic_t)n : MAX_TICKS;
}

/* A timer on this thread's CPU clock, made again when the context moved to
 * another thread: gettid is a system call, so this runs where the timer is
 * armed (a session's start, a call outside one), never per call inside a
 * session. Returns 0, or -1 with errno set when no timer could be made. */
static int ensure_timer(cmi_sandbox *sb)
{
	pid_t tid = gettid();
	if (sb->timer_tid == tid)
		return 0;
	if (sb->timer_tid)
		timer_delete(sb->timer);
	sb->timer_tid = 0;
	struct sigevent ev;
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = SIGEV_THREAD_ID;
	ev.sigev_signo = TIMER_SIGNAL;
	ev.sigev_value.sival_ptr = sb;
	ev._sigev_un._tid = tid;
	if (timer_create(CLOCK_THREAD_CPUTIME_ID, &ev, &sb->timer) != 0)
		return -1;
	sb->timer_tid = tid;
	return 0;
}

/* Ticks start from 0, the first a whole tick of CPU time from now. */
static int start_ticking(cmi_sandbox *sb)
{
	if (ensure_timer(sb) != 0)
		return -1;
	struct itimerspec every = {{0, TICK_NS}, {0, TICK_NS}};
	sb->ticks = 0;
	return timer_settime(sb->timer, 0, &every, NULL);
}

/* A signal already due is delivered on the way out of timer_settime, so
 * none arrives once this returns. */
static void stop_ticking(cmi_sandbox *sb)
{
	struct itimerspec never = {{0, 0}, {0, 0}};
	if (sb->timer_tid)
		timer_settime(sb->timer, 0, &never, NULL);
}

void cmi_sandbox_session_begin(cmi_sandbox *sb, double seconds)
{
	sb->sessions++;
	sb->session_seconds = seconds;
	sb->session_ticks = ticks_of(seconds);
	sb->spent = 0;
	/* Without a timer the session does not start, and each call then
	 * tries, fails and says so (sandbox_pcall): nothing runs unbounded. */
	if (start_ticking(sb) == 0)
		sb->session = 1;
}

void cmi_sandbox_session_end(cmi_sandbox *sb)
{
	if (!sb->session)
		return;
	stop_ticking(sb);
	cmi_sandbox_account_end(sb);
	sb->session = 0;
	sb->spent = 0;
}

/* The handler reads account before the rest: it is set last and cleared
 * first, so a tick never counts against half an account. */
void cmi_sandbox_account_begin(cmi_sandbox *sb, int charged, double seconds)
{
	if (!sb->session)
		return;
	sb->account = 0;
	sb->account_seconds = seconds;
	sb->account_limit = ticks_of(seconds);
	sb->account_ticks = charged;
	sb->account_spent = charged >= sb->account_limit;
	sb->account = 1;
}

int cmi_sandbox_account_end(cmi_sandbox *sb)
{
	sb->account = 0;
	int charged = sb->account_ticks;
	sb->account_ticks = 0;
	sb->account_spent = 0;
	return charged;
}

int cmi_sandbox_account_spent(const cmi_sandbox *sb)
{
	return sb->account && sb->account_spent;
}

double cmi_sandbox_account_seconds(const cmi_sandbox *sb)
{
	return sb->account_seconds;
}

int cmi_sandbox_session_spent(const cmi_sandbox *sb)
{
	return sb->spent;
}

unsigned long cmi_sandbox_session_id(const cmi_sandbox *sb)
{
	return sb->session ? sb->sessions : 0;
}

void cmi_sandbox_restart_limits(lua_State *L)
{
	cmi_sandbox *sb = sandbox_of(L);
	if (!sb->in_call || sb->stop != STOP_NONE)
		return; /* a stop already armed stays armed */
	sb->steps = 0;
	sb->call_start = sb->ticks;
	sb->expired = 0;
	/* The timer may have set the every-instruction hook for the limit just
	 * cleared: back to the call's own. */
	lua_sethook(L, sb->budget > 0 ? stop_hook : NULL, LUA_MASKCOUNT, STEP);
	if (sb->spent || sb->account_spent)
		lua_sethook(L, stop_hook, LUA_MASKCOUNT, 1);
}

/* For loops that run in C: raises the time stop once a limit passed. */
static void check_deadline(lua_State *L)
{
	cmi_sandbox *sb = sandbox_of(L);
	stop_reason why = time_up(sb);
	if (why == STOP_NONE)
		return;
	arm_stop(sb, why);
	luaL_error(L, "%s", cmi_msg(sb->ctx->lang, M_LUA_TIME));
}

static int deny_write(lua_State *L)
{
	const char *what = lua_tostring(L, lua_upvalueindex(1));
	const char *key = lua_tostring(L, 2);
	return luaL_error(L, "%s '%s'", what, key ? key : "?");
}

/* The __index of what a lock reads, for the keys it lacks. */
static int fail_missing(lua_State *L)
{
	const char *what = lua_tostring(L, lua_upvalueindex(1));
	const char *key = lua_tostring(L, 2);
	return luaL_error(L, "%s '%s'", what, key ? key : "?");
}

/* Pushes a locked metatable: reads from `source` (at index src), writes
 * refused. `missing` and `denied` are the messages' prefixes. Its __index
 * is a table, a copy of source whose own __index raises for a missing key,
 * so that a key that is there (a global, a library function, a parameter:
 * every read of a rule) is found by Lua's lookup without a call; a C
 * function as __index cost a call on every such read (2.5 % of an
 * evaluation). The copy is reachable only through the locked metatable,
 * and source keeps no metatable of ours. */
static void push_lock(lua_State *L, int src, const char *missing, const char *denied)
{
	src = lua_absindex(L, src);
	lua_createtable(L, 0, 3);
	lua_newtable(L); /* the copy */
	lua_pushnil(L);
	while (lua_next(L, src)) {
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, -4);
	}
	lua_createtable(L, 0, 1);
	lua_pushstring(L, missing);
	lua_pushcclosure(L, fail_missing, 1);
	lua_setfield(L, -2, "__index");
	lua_setmetatable(L, -2);
	lua_setfield(L, -2, "__index");
	lua_pushstring(L, denied);
	lua_pushcclosure(L, deny_write, 1);
	lua_setfield(L, -2, "__newindex");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
}

void cmi_sandbox_readonly(lua_State *L, const char *what)
{
	lua_newtable(L);
	push_lock(L, -2, "no field", what);
	lua_setmetatable(L, -2);
	lua_remove(L, -2);
}

/* string.find(s, p [, init]), always plain, with glibc's memmem, which is
 * linear: patterns run in C where no hook can stop them, and so would a
 * naive plain search (O(#s x #p), seconds for a megabyte). Positions as in
 * Lua's own find. */
static int plain_find(lua_State *L)
{
	size_t ls, lp;
	const char *s = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	lua_Integer init = luaL_optinteger(L, 3, 1);
	if (init < 0)
		init = (lua_Integer)ls + init + 1 > 0 ? (lua_Integer)ls + init + 1 : 1;
	else if (init == 0)
		init = 1;
	if (init > (lua_Integer)ls + 1) {
		luaL_pushfail(L);
		return 1;
	}
	const char *hit = memmem(s + init - 1, ls - (size_t)(init - 1), p, lp);
	if (!hit) {
		luaL_pushfail(L);
		return 1;
	}
	lua_pushinteger(L, (lua_Integer)(hit - s) + 1);
	lua_pushinteger(L, (lua_Integer)(hit - s) + (lua_Integer)lp);
	return 2;
}

/* ---- library functions whose loops run in C -------------------------------
 * Lua's own table.move, insert, remove and concat loop in C over a range
 * the caller chooses (a __len that lies, or explicit bounds), where no hook
 * fires: table.move({}, 1, 2^40, 1) never ends. These versions read the
 * length once, refuse more than MAX_ELEMENTS, and check the CPU deadline on
 * every step. They take tables only (Lua's accept any value with the right
 * metamethods; rules have no need of that). table.unpack is Lua's: its
 * stack check already bounds it to a million values. */

static void too_many(lua_State *L, const char *fn, lua_Integer n)
{
	if (n > MAX_ELEMENTS)
		luaL_error(L, "%s: more than " MAX_ELEMENTS_TEXT " elements", fn);
}

static int bounded_insert(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_Integer e = luaL_len(L, 1) + 1, pos;
	switch (lua_gettop(L)) {
	case 2:
		pos = e;
		break;
	case 3:
		pos = luaL_checkinteger(L, 2);
		luaL_argcheck(L, (lua_Unsigned)pos - 1u < (lua_Unsigned)e, 2,
		              "position out of bounds");
		too_many(L, "table.insert", e - pos);
		for (lua_Integer i = e; i > pos; i--) {
			check_deadline(L);
			lua_geti(L, 1, i - 1);
			lua_seti(L, 1, i);
		}
		break;
	default:
		return luaL_error(L, "wrong number of arguments to 'insert'");
	}
	lua_seti(L, 1, pos);
	return 0;
}

static int bounded_remove(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_Integer size = luaL_len(L, 1);
	lua_Integer pos = luaL_optinteger(L, 2, size);
	if (pos != size)
		luaL_argcheck(L, (lua_Unsigned)pos - 1u <= (lua_Unsigned)size, 2,
		              "position out of bounds");
	if (pos < size)
		too_many(L, "table.remove", size - pos);
	lua_geti(L, 1, pos);
	for (; pos < size; pos++) {
		check_deadline(L);
		lua_geti(L, 1, pos + 1);
		lua_seti(L, 1, pos);
	}
	lua_pushnil(L);
	lua_seti(L, 1, pos);
	return 1;
}

/* table.move(a1, f, e, t [, a2]), as Lua's, with the bound. */
static int bounded_move(lua_State *L)
{
	lua_Integer f = luaL_checkinteger(L, 2), e = luaL_checkinteger(L, 3);
	lua_Integer t = luaL_checkinteger(L, 4);
	int tt = !lua_isnoneornil(L, 5) ? 5 : 1;
	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_checktype(L, tt, LUA_TTABLE);
	if (e >= f) {
		luaL_argcheck(L, f > 0 || e < LUA_MAXINTEGER + f, 3, "too many elements to move");
		lua_Integer n = e - f + 1;
		luaL_argcheck(L, t <= LUA_MAXINTEGER - n + 1, 4, "destination wrap around");
		too_many(L, "table.move", n);
		int forward = t > e || t <= f || (tt != 1 && !lua_compare(L, 1, tt, LUA_OPEQ));
		for (lua_Integer i = 0; i < n; i++) {
			check_deadline(L);
			lua_Integer k = forward ? i : n - 1 - i;
			lua_geti(L, 1, f + k);
			lua_seti(L, tt, t + k);
		}
	}
	lua_pushvalue(L, tt);
	return 1;
}

/* table.concat(t [, sep [, i [, j]]]); the result is bounded by the heap. */
static int bounded_concat(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	size_t lsep;
	const char *sep = luaL_optlstring(L, 2, "", &lsep);
	lua_Integer i = luaL_optinteger(L, 3, 1);
	lua_Integer last = lua_isnoneornil(L, 4) ? luaL_len(L, 1) : luaL_checkinteger(L, 4);
	if (i <= last && (i > 0 || last < LUA_MAXINTEGER + i))
		too_many(L, "table.concat", last - i + 1);
	else if (i <= last)
		too_many(L, "table.concat", LUA_MAXINTEGER);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	for (; i <= last; i++) {
		check_deadline(L);
		lua_geti(L, 1, i);
		if (!lua_isstring(L, -1))
			return luaL_error(L, "invalid value (at index %I) in table for 'concat'",
			                  (lua_Integer)i);
		luaL_addvalue(&b);
		if (i != last)
			luaL_addlstring(&b, sep, lsep);
	}
	luaL_pushresult(&b);
	return 1;
}

/* The comparison table.sort makes, with the deadline checked: Lua's sort
 * runs its loops in C, and a lying __len (up to 2^31 - 2) would keep it
 * there for hours. Upvalue 1: the rule's comparator, or nil for <. */
static int deadline_less(lua_State *L)
{
	check_deadline(L);
	if (lua_isnil(L, lua_upvalueindex(1))) {
		lua_pushboolean(L, lua_compare(L, 1, 2, LUA_OPLT));
		return 1;
	}
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, 2, 1);
	lua_pushboolean(L, lua_toboolean(L, -1));
	return 1;
}

/* table.sort(t [, comp]) through Lua's (upvalue 1). */
static int deadline_sort(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	if (!lua_isnoneornil(L, 2))
		luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_settop(L, 2);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_pushvalue(L, 1);
	lua_pushvalue(L, 2);
	lua_pushcclosure(L, deadline_less, 1);
	lua_call(L, 2, 0);
	return 0;
}

/* The end of a wrapper: calls the library's own function (upvalue 1) with
 * the arguments, for one result. Its own errors (a width too large, a
 * string too long) would name this wrapper's level, where no line is: the
 * rule's chunk:line goes in front again. */
static int call_wrapped(lua_State *L)
{
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	if (lua_pcall(L, lua_gettop(L) - 1, 1, 0) != LUA_OK) {
		if (lua_type(L, -1) == LUA_TSTRING) {
			luaL_where(L, 1);
			lua_insert(L, -2);
			lua_concat(L, 2);
		}
		return lua_error(L);
	}
	return 1;
}

/* string.rep(s, n [, sep]) through Lua's (upvalue 1), refusing first what
 * Lua's would loop on: an empty s and sep repeated 2^53 times loops in C on
 * copies of nothing. A result larger than the whole heap can never be made
 * and stops the call as the memory limit; one that fits the cap but not
 * what is free meets the allocator (which collects garbage first), and
 * Lua's loop then copies at most the heap. */
static int bounded_rep(lua_State *L)
{
	cmi_sandbox *sb = sandbox_of(L);
	size_t l, lsep;
	luaL_checklstring(L, 1, &l);
	lua_Integer n = luaL_checkinteger(L, 2);
	luaL_optlstring(L, 3, "", &lsep);
	if (n <= 0 || l + lsep == 0) {
		lua_pushliteral(L, "");
		return 1;
	}
	if ((lua_Unsigned)n > sb->limit / (l + lsep)) {
		arm_stop(sb, STOP_MEMORY); /* as the allocator would, without the attempt */
		return luaL_error(L, "%s", cmi_msg(sb->ctx->lang, M_LUA_MEMORY));
	}
	return call_wrapped(L);
}

/* string.format without %p: it prints an address, which differs from run to
 * run (a report must come out the same every time, as pairs and tostring
 * already ensure). The rest is Lua's own format, the upvalue. */
static int addressless_format(lua_State *L)
{
	size_t len;
	const char *fmt = luaL_checklstring(L, 1, &len);
	for (const char *p = fmt, *end = fmt + len; (p = memchr(p, '%', (size_t)(end - p)));) {
		p++;
		if (p < end && *p == '%') {
			p++;
			continue;
		}
		p += strspn(p, "-+ #0123456789.");
		if (p < end && *p == 'p')
			return luaL_error(L, "string.format: %%p prints an address (not allowed)");
	}
	return call_wrapped(L);
}

/* Replaces field name of the table on top with f, the old value its upvalue. */
static void wrap_field(lua_State *L, const char *name, lua_CFunction f)
{
	lua_getfield(L, -1, name);
	lua_pushcclosure(L, f, 1);
	lua_setfield(L, -2, name);
}

static void replace_field(lua_State *L, const char *name, lua_CFunction f)
{
	lua_pushcfunction(L, f);
	lua_setfield(L, -2, name);
}

/* setmetatable without __gc: a finalizer runs wherever the collector
 * happens to run, including lua_close, where no budget can stop it. Lua 5.4
 * marks an object for finalization only if __gc is present when the
 * metatable is set, so checking here is enough. Raised from here, errors
 * carry the rule's chunk:line as the base library's would. */
static int guarded_setmetatable(lua_State *L)
{
	int t = lua_type(L, 2);
	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
	if (t == LUA_TTABLE) {
		lua_pushliteral(L, "__gc");
		if (lua_rawget(L, 2) != LUA_TNIL)
			return luaL_error(L, "__gc metamethods are not allowed in rules");
		lua_pop(L, 1);
	}
	if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
		return luaL_error(L, "cannot change a protected metatable");
	lua_settop(L, 2);
	lua_setmetatable(L, 1);
	return 1;
}

/* xpcall(f, handler, ...) with the handler called after the error has
 * unwound, not at the point of the error: Lua runs a message handler with
 * hooks off when the error came from a hook, so a handler that loops could
 * not be stopped. Rules get no traceback either way (no debug library). */
static int sandbox_xpcall(lua_State *L)
{
	int n = lua_gettop(L);
	luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_pushboolean(L, 1);
	lua_pushvalue(L, 1);
	for (int i = 3; i <= n; i++)
		lua_pushvalue(L, i);
	if (lua_pcall(L, n - 2, LUA_MULTRET, 0) == LUA_OK)
		return lua_gettop(L) - n;
	lua_pushvalue(L, 2);
	lua_insert(L, -2);
	lua_call(L, 1, 1);
	lua_pushboolean(L, 0);
	lua_insert(L, -2);
	return 2;
}

/* ---- reproducible iteration and printing ------------------------------
 * Lua 5.4 seeds its string hash per run, so `pairs` visits keys in an order
 * that changes from one run to the next, and tostring({}) prints an
 * address. A report must come out the same every time, so rules get a
 * `pairs` that visits numbers ascending, then strings in byte order, then
 * false and true; keys of other types are refused (their order would be an
 * address order). `tostring` shows a table or function by its type only. */

static int key_rank(lua_State *L, int i)
{
	switch (lua_type(L, i)) {
	case LUA_TNUMBER:
		return 0;
	case LUA_TSTRING:
		return 1;
	case LUA_TBOOLEAN:
		return 2;
	}
	return -1;
}

static int key_less(lua_State *L)
{
	check_deadline(L); /* the sort of a huge table's keys runs in C */
	int a = key_rank(L, 1), b = key_rank(L, 2);
	if (a != b)
		lua_pushboolean(L, a < b);
	else if (a == 2)
		lua_pushboolean(L, !lua_toboolean(L, 1) && lua_toboolean(L, 2));
	else if (a == 1)
		lua_pushboolean(L, strcmp(lua_tostring(L, 1), lua_tostring(L, 2)) < 0);
	else
		lua_pushboolean(L, lua_compare(L, 1, 2, LUA_OPLT));
	return 1;
}

/* Iterator: upvalue 1 the sorted keys, upvalue 2 the position reached. */
static int sorted_next(lua_State *L)
{
	lua_Integer i = lua_tointeger(L, lua_upvalueindex(2)) + 1;
	lua_pushinteger(L, i);
	lua_replace(L, lua_upvalueindex(2));
	if (lua_rawgeti(L, lua_upvalueindex(1), i) == LUA_TNIL)
		return 1;
	lua_pushvalue(L, -1);
	lua_rawget(L, 1);
	return 2;
}

static int sorted_pairs(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_newtable(L); /* the keys */
	lua_Integer n = 0;
	lua_pushnil(L);
	while (lua_next(L, 1)) {
		lua_pop(L, 1);
		if (key_rank(L, -1) < 0)
			return luaL_error(L,
			                  "pairs: a key is a %s; only numbers, strings and "
			                  "booleans have an order that is the same every run",
			                  luaL_typename(L, -1));
		lua_pushvalue(L, -1);
		lua_rawseti(L, 2, ++n);
	}
	lua_getfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
	lua_getfield(L, -1, LUA_TABLIBNAME);
	lua_getfield(L, -1, "sort");
	lua_pushvalue(L, 2);
	lua_pushcfunction(L, key_less);
	lua_call(L, 2, 0);
	lua_pop(L, 2);
	lua_pushvalue(L, 2);
	lua_pushinteger(L, 0);
	lua_pushcclosure(L, sorted_next, 2);
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

/* tostring without addresses, so that a report is the same every run: a
 * __tostring still decides (its result must be a string, luaL_tolstring
 * checks), but __name is ignored, because Lua prints it with the address. */
static int plain_tostring(lua_State *L)
{
	luaL_checkany(L, 1);
	lua_settop(L, 1);
	int t = lua_type(L, 1);
	int own = luaL_getmetafield(L, 1, "__tostring") != LUA_TNIL;
	lua_settop(L, 1);
	if (own || t == LUA_TNIL || t == LUA_TBOOLEAN || t == LUA_TNUMBER || t == LUA_TSTRING)
		luaL_tolstring(L, 1, NULL);
	else
		lua_pushstring(L, lua_typename(L, t));
	return 1;
}

/* load(chunk [, name [, mode [, env]]]): text only; env defaults to the
 * caller's sandbox environment (upvalue 1), never the real globals. */
static int sandbox_load(lua_State *L)
{
	size_t len;
	const char *s = luaL_checklstring(L, 1, &len);
	const char *name = luaL_optstring(L, 2, "=(load)");
	int has_env = lua_gettop(L) >= 4;
	if (luaL_loadbufferx(L, s, len, name, "t") != LUA_OK) {
		luaL_pushfail(L);
		lua_insert(L, -2);
		return 2;
	}
	lua_pushvalue(L, has_env ? 4 : lua_upvalueindex(1));
	if (!lua_setupvalue(L, -2, 1))
		lua_pop(L, 1);
	return 1;
}

/* Copies the named fields of the table at src into a new table. */
static void copy_fields(lua_State *L, int src, const char *const *names)
{
	src = lua_absindex(L, src);
	lua_newtable(L);
	for (; *names; names++) {
		lua_getfield(L, src, *names);
		lua_setfield(L, -2, *names);
	}
}

static const char *const base_allowed[] = {
    "assert", "error",  "ipairs",       "next",         "pairs",    "pcall",
    "xpcall", "select", "tonumber",     "tostring",     "type",     "rawequal",
    "rawget", "rawlen", "setmetatable", "getmetatable", "_VERSION", NULL};
static const char *const string_allowed[] = {"byte",     "char",   "format",  "len", "lower",
                                             "upper",    "rep",    "reverse", "sub", "pack",
                                             "packsize", "unpack", NULL};
static const char *const table_allowed[] = {"concat", "insert", "move",   "pack",
                                            "remove", "sort",   "unpack", NULL};
static const char *const math_allowed[] = {
    "abs", "ceil",       "cos",  "deg",        "exp",  "floor", "fmod", "huge", "log",
    "max", "maxinteger", "min",  "mininteger", "modf", "pi",    "rad",  "sin",  "sqrt",
    "tan", "tointeger",  "type", "ult",        "atan", "asin",  "acos", NULL};
static const char *const utf8_allowed[] = {"char", "charpattern", "codes", "codepoint",
                                           "len",  "offset",      NULL};

/* Opens a library (not into _G), filters it, leaves the filtered copy. */
static void open_filtered(lua_State *L, const char *name, lua_CFunction open,
                          const char *const *allowed)
{
	luaL_requiref(L, name, open, 0);
	copy_fields(L, -1, allowed);
	lua_remove(L, -2);
}

/* Library tables reach rules only as read-only proxies. */
static void add_library(lua_State *L, int allow, const char *name)
{
	char denied[64];
	snprintf(denied, sizeof denied, "cannot change %s", name);
	lua_newtable(L);
	push_lock(L, -2, "no such function", denied);
	lua_setmetatable(L, -2);
	lua_setfield(L, allow, name);
	lua_pop(L, 1);
}

/* Makes the filtered string table the strings' __index and locks it. */
static void lock_string_metatable(lua_State *L, int filtered_string)
{
	filtered_string = lua_absindex(L, filtered_string);
	lua_pushliteral(L, "");
	lua_getmetatable(L, -1);
	lua_pushvalue(L, filtered_string);
	lua_setfield(L, -2, "__index");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 2);
}

static int build_allowlist(lua_State *L)
{
	luaL_requiref(L, "_G", luaopen_base, 0);
	copy_fields(L, -1, base_allowed);
	int allow = lua_gettop(L);
	lua_pushcfunction(L, guarded_setmetatable);
	lua_setfield(L, allow, "setmetatable");
	lua_pushcfunction(L, sandbox_xpcall);
	lua_setfield(L, allow, "xpcall");
	lua_pushcfunction(L, sorted_pairs);
	lua_setfield(L, allow, "pairs");
	lua_pushcfunction(L, plain_tostring);
	lua_setfield(L, allow, "tostring");

	open_filtered(L, LUA_STRLIBNAME, luaopen_string, string_allowed);
	lua_pushcfunction(L, plain_find);
	lua_setfield(L, -2, "find");
	wrap_field(L, "rep", bounded_rep);
	wrap_field(L, "format", addressless_format);
	lock_string_metatable(L, -1);
	add_library(L, allow, LUA_STRLIBNAME);

	open_filtered(L, LUA_TABLIBNAME, luaopen_table, table_allowed);
	replace_field(L, "insert", bounded_insert);
	replace_field(L, "remove", bounded_remove);
	replace_field(L, "move", bounded_move);
	replace_field(L, "concat", bounded_concat);
	wrap_field(L, "sort", deadline_sort);
	add_library(L, allow, LUA_TABLIBNAME);
	open_filtered(L, LUA_MATHLIBNAME, luaopen_math, math_allowed);
	add_library(L, allow, LUA_MATHLIBNAME);
	open_filtered(L, LUA_UTF8LIBNAME, luaopen_utf8, utf8_allowed);
	add_library(L, allow, LUA_UTF8LIBNAME);

	lua_pushvalue(L, allow);
	cmi_sandbox *sb = sandbox_of(L);
	sb->allowlist_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	return 0;
}

void cmi_sandbox_publish(lua_State *L, const char *name, int idx)
{
	idx = lua_absindex(L, idx);
	lua_rawgeti(L, LUA_REGISTRYINDEX, sandbox_of(L)->allowlist_ref);
	lua_pushvalue(L, idx);
	cmi_sandbox_readonly(L, "cannot change");
	lua_setfield(L, -2, name);
	lua_pop(L, 1);
}

/* Pushes a fresh environment: empty, reads the allowlist (plus a `load`
 * bound to this environment), refuses writes and unknown names. */
static void push_environment(cmi_sandbox *sb)
{
	lua_State *L = sb->L; /* called in protected mode only */
	lua_newtable(L);      /* the environment */
	lua_newtable(L);      /* what it reads: allowlist + its own load */
	lua_rawgeti(L, LUA_REGISTRYINDEX, sb->allowlist_ref);
	lua_pushnil(L);
	while (lua_next(L, -2)) {
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, -5);
	}
	lua_pop(L, 1);
	lua_pushvalue(L, -2);
	lua_pushcclosure(L, sandbox_load, 1);
	lua_setfield(L, -2, "load");
	push_lock(L, -1, "unknown global", "cannot set global");
	lua_remove(L, -2);
	lua_setmetatable(L, -2);
}

static int message_handler(lua_State *L)
{
	if (lua_type(L, 1) != LUA_TSTRING) /* never convert outside protection */
		lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
	return 1;
}

int cmi_sandbox_over_half(cmi_sandbox *sb, size_t *used, size_t *limit)
{
	if (sb->used > sb->limit / 2)
		lua_gc(sb->L, LUA_GCCOLLECT); /* only then: garbage is not kept memory */
	*used = sb->used;
	*limit = sb->limit;
	return sb->used > sb->limit / 2;
}

/* The reason a failed call gives: the limit that stopped it, or its error
 * (on top of the stack). */
static void failure_reason(cmi_sandbox *sb, int rc, char *msg, size_t size)
{
	cm_lang lang = sb->ctx->lang;
	const char *m = lua_tostring(sb->L, -1);
	if (sb->stop == STOP_TIME)
		snprintf(msg, size, cmi_msg(lang, M_LUA_TIME_LIMIT), sb->budget);
	else if (sb->stop == STOP_CLOCK)
		snprintf(msg, size, cmi_msg(lang, M_LUA_CLOCK_LIMIT), sb->seconds);
	else if (sb->stop == STOP_BUDGET)
		snprintf(msg, size, cmi_msg(lang, M_CHECK_SPENT), sb->session_seconds);
	else if (sb->stop == STOP_SHARE)
		snprintf(msg, size, cmi_msg(lang, M_SHARE_SPENT), sb->account_seconds,
		         sb->session_seconds);
	else if (sb->stop == STOP_MEMORY || rc == LUA_ERRMEM)
		snprintf(msg, size, cmi_msg(lang, M_LUA_MEMORY_LIMIT), sb->limit >> 20);
	else
		snprintf(msg, size, "%s", m ? m : "?");
	cmi_text_plain(msg);
}

/* The count hook only for an instruction budget; the timer sets it when a
 * time limit passes, and at once if the session's already has. */
static void begin_call(cmi_sandbox *sb)
{
	sb->stop = STOP_NONE;
	sb->steps = 0;
	sb->call_start = sb->ticks;
	sb->expired = 0;
	lua_sethook(sb->L, sb->budget > 0 ? stop_hook : NULL, LUA_MASKCOUNT, STEP);
	sb->in_call = 1;
	if (sb->spent || sb->account_spent)
		lua_sethook(sb->L, stop_hook, LUA_MASKCOUNT, 1);
}

static void end_call(cmi_sandbox *sb)
{
	sb->in_call = 0;
	lua_sethook(sb->L, NULL, 0, 0);
	sb->expired = 0;
}

static int sandbox_pcall(cmi_sandbox *sb, int nargs, int nresults, char *msg, size_t size)
{
	lua_State *L = sb->L;
	int base = lua_gettop(L) - nargs;
	int own_timer = !sb->session; /* outside a session each call is bounded on its own */
	if (own_timer && start_ticking(sb) != 0) {
		snprintf(msg, size, cmi_msg(sb->ctx->lang, M_LUA_NO_TIMER), strerror(errno));
		lua_settop(L, base - 1);
		return LUA_ERRRUN;
	}
	lua_pushcfunction(L, message_handler);
	lua_insert(L, base);
	begin_call(sb);
	int rc = lua_pcall(L, nargs, nresults, base);
	end_call(sb);
	if (own_timer)
		stop_ticking(sb);
	if (rc != LUA_OK) {
		failure_reason(sb, rc, msg, size);
		lua_pop(L, 1);
	}
	lua_remove(L, base);
	if (sb->stop != STOP_NONE)
		lua_gc(L, LUA_GCCOLLECT);
	sb->stop = STOP_NONE;
	return rc;
}

cm_status cmi_sandbox_call(cmi_sandbox *sb, lua_CFunction fn, void *ud, int nargs, int nresults,
                           char *msg, size_t size)
{
	lua_State *L = sb->L;
	sb->c_nomem = 0;
	lua_pushcfunction(L, fn); /* no allocation: a light C function */
	lua_pushlightuserdata(L, ud);
	lua_rotate(L, -(nargs + 2), 2);
	if (sandbox_pcall(sb, nargs + 1, nresults, msg, size) == LUA_OK)
		return CM_OK;
	return sb->c_nomem ? CM_ENOMEM : CM_ERULES; /* reset when the call began */
}

void cmi_sandbox_unref(cmi_sandbox *sb, int ref)
{
	luaL_unref(sb->L, LUA_REGISTRYINDEX, ref);
}

typedef struct chunk_src {
	const char *name; /* "@file" */
	const char *src;
	size_t len;
	const cmi_chunk *compiled; /* the build's compiled form of src, or NULL */
} chunk_src;

/* lua_load's reader over a compiled chunk with its name put back: the
 * code's head, the name's length and bytes, the code's body. */
typedef struct chunk_pieces {
	const void *p[4];
	size_t n[4];
	int next;
	unsigned char size[10];
} chunk_pieces;

static const char *read_pieces(lua_State *L, void *ud, size_t *size)
{
	(void)L;
	chunk_pieces *c = ud;
	if (c->next == 4) {
		*size = 0;
		return NULL;
	}
	*size = c->n[c->next];
	return c->p[c->next++];
}

static int load_compiled(lua_State *L, const chunk_src *c)
{
	const cmi_chunk *k = c->compiled;
	size_t name = strlen(c->name);
	chunk_pieces pieces = {.next = 0};
	pieces.p[0] = k->code, pieces.n[0] = k->head;
	pieces.p[1] = pieces.size, pieces.n[1] = cmi_chunk_size_code(name + 1, pieces.size);
	pieces.p[2] = c->name, pieces.n[2] = name;
	pieces.p[3] = k->code + k->body, pieces.n[3] = k->len - k->body;
	return lua_load(L, read_pieces, &pieces, c->name, "b");
}

/* Protected: compiling and building the environment allocate. A compiled
 * chunk that Lua refuses (a Lua of another bytecode format than the one
 * the build used) is compiled from its text instead: the same code. */
static int load_and_run(lua_State *L)
{
	const chunk_src *c = lua_touserdata(L, 1);
	int st = LUA_ERRSYNTAX;
	if (c->compiled) {
		st = load_compiled(L, c);
		if (st == LUA_ERRMEM)
			return lua_error(L);
		if (st != LUA_OK)
			lua_pop(L, 1);
		else
			sandbox_of(L)->compiled_loads++;
	}
	if (st != LUA_OK && luaL_loadbufferx(L, c->src, c->len, c->name, "t") != LUA_OK)
		return lua_error(L);
	push_environment(sandbox_of(L));
	lua_setupvalue(L, -2, 1);
	lua_call(L, 0, 1);
	return 1;
}

static cm_status run_chunk(cmi_sandbox *sb, const char *name, const char *src, size_t len,
                           const cmi_chunk *compiled, char *msg, size_t size)
{
	char chunkname[512];
	snprintf(chunkname, sizeof chunkname, "@%s", name);
	chunk_src c = {chunkname, src, len, compiled};
	return cmi_sandbox_call(sb, load_and_run, &c, 0, 1, msg, size);
}

cm_status cmi_sandbox_run_chunk(cmi_sandbox *sb, const char *name, const char *src, size_t len,
                                char *msg, size_t size)
{
	return run_chunk(sb, name, src, len, NULL, msg, size);
}

int cmi_sandbox_compiled_loads(const cmi_sandbox *sb)
{
	return sb->compiled_loads;
}

cm_status cmi_sandbox_new(cm_ctx *ctx, cmi_sandbox **out, cm_error *err)
{
	*out = NULL;
	cmi_sandbox *sb = cmi_alloc(ctx, sizeof *sb);
	if (!sb)
		return cmi_error_nomem(err);
	memset(sb, 0, sizeof *sb);
	install_handler();
	sb->ctx = ctx;
	sb->limit = ctx->lua_heap;
	sb->budget = ctx->lua_instructions;
	sb->seconds = ctx->lua_seconds;
	sb->call_ticks = ticks_of(sb->seconds);
	/* The chunks' cap: twice the state's, so that garbage of other sizes
	 * than the live data can be reused without the footprint growing
	 * unbounded (a hostile set cycling through sizes stops at the cap). */
	sb->pool.cap = sb->limit > SIZE_MAX / 2 ? SIZE_MAX : 2 * sb->limit;
	sb->L = lua_newstate(capped_alloc, sb);
	if (!sb->L) {
		cmi_pool_release(&sb->pool);
		cmi_free(ctx, sb);
		return cmi_error_nomem(err);
	}
	/* Generational collection: the rule sets, their messages and the
	 * helpers live as long as the state, and an evaluation makes tables that
	 * die at once. The incremental collector walked the old heap again in
	 * every cycle, so each rule set made the others slower. */
	lua_gc(sb->L, LUA_GCGEN, 0, 0);
	char msg[256];
	lua_pushcfunction(sb->L, build_allowlist);
	if (sandbox_pcall(sb, 0, 0, msg, sizeof msg) != LUA_OK) {
		cmi_sandbox_free(sb);
		return cmi_error_add(err, CM_ENOMEM, NULL, 0, NULL, "Lua: %s", msg);
	}
	*out = sb;
	return CM_OK;
}

void cmi_sandbox_free(cmi_sandbox *sb)
{
	if (!sb)
		return;
	if (sb->L) {
		/* Belt and braces for __gc: anything still running at close stops. */
		arm_stop(sb, STOP_TIME);
		lua_close(sb->L);
	}
	cmi_pool_release(&sb->pool);
	if (sb->timer_tid)
		timer_delete(sb->timer);
	cmi_free(sb->ctx, sb);
}

/* ---- C memory in protected code ----------------------------------------- */

void cmi_lua_nomem(lua_State *L)
{
	sandbox_of(L)->c_nomem = 1;
	luaL_error(L, "out of memory");
}

void *cmi_lua_alloc(lua_State *L, size_t n)
{
	void *p = cmi_alloc(sandbox_of(L)->ctx, n);
	if (!p)
		cmi_lua_nomem(L);
	return p;
}

void *cmi_lua_calloc(lua_State *L, size_t n, size_t size)
{
	void *p = cmi_calloc(sandbox_of(L)->ctx, n, size);
	if (!p)
		cmi_lua_nomem(L);
	return p;
}

void *cmi_lua_realloc(lua_State *L, void *p, size_t n)
{
	void *q = cmi_realloc(sandbox_of(L)->ctx, p, n);
	if (!q)
		cmi_lua_nomem(L);
	return q;
}

char *cmi_lua_strdup(lua_State *L, const char *s)
{
	char *d = cmi_strdup(sandbox_of(L)->ctx, s);
	if (!d)
		cmi_lua_nomem(L);
	return d;
}

int cmi_lua_array_len(lua_State *L, int idx, const char *what)
{
	enum { MAX_ARRAY = 10000 };
	lua_Integer n = luaL_len(L, idx);
	if (n < 0 || n > MAX_ARRAY)
		luaL_error(L, "'%s' must be an array of at most %d entries", what, MAX_ARRAY);
	return (int)n;
}

/* ---- reading rule-set files and tables --------------------------------- */

enum { MAX_RULE_FILE = 1 << 20 }; /* rule sets and catalogue are code: 1 MiB is plenty */

cm_status cmi_sandbox_run_file(cm_ctx *ctx, cmi_sandbox *sb, const char *path, lua_CFunction reader,
                               void *ud, char *sha256, cm_status *ran, char *msg, size_t size,
                               cm_error *err)
{
	char *src = NULL;
	size_t len;
	cm_status st = cmi_read_file(ctx, path, MAX_RULE_FILE, &src, &len, err);
	if (st != CM_OK)
		return st;
	char own[65];
	if (!sha256)
		sha256 = own;
	cmi_sha256_hex(src, len, sha256);
	const char *text = cmi_chunk_text(src, &len);
	*ran = run_chunk(sb, path, text, len, cmi_chunk_find(sha256), msg, size);
	cmi_free(ctx, src);
	if (*ran == CM_OK) /* reader(ud, the table) */
		*ran = cmi_sandbox_call(sb, reader, ud, 1, 0, msg, size);
	return CM_OK;
}

char *cmi_lua_plain_string(lua_State *L, int idx)
{
	size_t len;
	const char *src = lua_tolstring(L, idx, &len);
	if (!src)
		luaL_error(L, "a string was expected");
	char *s = cmi_lua_alloc(L, len + 1);
	memcpy(s, src, len);
	cmi_text_plain_len(s, len);
	return s;
}

char *cmi_lua_field_string(lua_State *L, int t, const char *field, int required)
{
	lua_getfield(L, t, field);
	if (lua_isnil(L, -1) && !required) {
		lua_pop(L, 1);
		return NULL;
	}
	if (lua_type(L, -1) != LUA_TSTRING)
		luaL_error(L, "field '%s' must be a string", field);
	char *s = cmi_lua_plain_string(L, -1);
	lua_pop(L, 1);
	return s;
}

void cmi_lua_field_titles(lua_State *L, int t, const char *field, char *out[CMI_NLANGS])
{
	lua_getfield(L, t, field);
	if (!lua_istable(L, -1))
		luaL_error(L, "field '%s' must be a table of en, nl and fr texts", field);
	for (int i = 0; i < CMI_NLANGS; i++)
		out[i] = cmi_lua_field_string(L, -1, cmi_lang_code((cm_lang)i), 1);
	lua_pop(L, 1);
}

int cmi_lua_field_ref(lua_State *L, int t, const char *field, const char *owner)
{
	lua_getfield(L, t, field);
	if (!lua_isfunction(L, -1))
		luaL_error(L, "%s: '%s' must be a function", owner, field);
	return luaL_ref(L, LUA_REGISTRYINDEX);
}
