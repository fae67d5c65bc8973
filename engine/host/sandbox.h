/*
 * sandbox.h — the Lua state rules run in: allowlisted libraries, a locked
 * environment per chunk, a capped heap, an instruction budget (when set)
 * and a CPU-time limit per call, and a CPU-time budget per session (one
 * check), shared out into accounts (one per rule set).
 * The only module that turns Lua errors into text for the engine. Internal.
 */
#ifndef CM_SANDBOX_H
#define CM_SANDBOX_H

#include <lua.h>

#include "ctx.h"
#include "utf8.h" /* the cleaner rule-set text goes through */
#include "messages.h"

typedef struct cmi_sandbox cmi_sandbox;

cm_status cmi_sandbox_new(cm_ctx *ctx, cmi_sandbox **out /* OUT */, cm_error *err);
void cmi_sandbox_free(cmi_sandbox *sb);

/* Compiles src as text (bytecode is refused) with a fresh, locked
 * environment of its own and runs it. On success pushes the chunk's first
 * result; otherwise as cmi_sandbox_call. */
cm_status cmi_sandbox_run_chunk(cmi_sandbox *sb, const char *name, const char *src, size_t len,
                                char *msg, size_t size);

/* The one way into Lua: fn(ud, ...) in protected mode, with the nargs
 * values on top of the stack after ud, the heap cap, instruction budget and
 * CPU-time limit armed, and a message handler that keeps chunk:line. CM_OK
 * leaves nresults values. Otherwise nothing is left, msg holds the reason
 * as one plain line (the limit that stopped it, the session's budget when
 * that passed during the call, or the error), and the status says whose
 * fault it was: CM_ENOMEM when the engine's own memory ran out
 * (cmi_lua_nomem), CM_ERULES for anything else (if no CPU timer can be
 * had, nothing runs and the status is CM_ERULES). Not reentrant: one call
 * at a time per sandbox. Outside a session it arms and disarms the timer
 * itself (three system calls); inside, none. */
cm_status cmi_sandbox_call(cmi_sandbox *sb, lua_CFunction fn, void *ud, int nargs, int nresults,
                           char *msg, size_t size);
/* Releases a registry reference (luaL_unref: never allocates). */
void cmi_sandbox_unref(cmi_sandbox *sb, int ref);

/* A session: the CPU time of this thread from begin to end, every call in
 * it included, is limited to `seconds`. The timer is armed once, at begin,
 * on the calling thread; every call until end must come from that thread.
 * Once the budget is spent, the call running stops and spent reads 1 (no
 * system call) until end. Sessions do not nest. */
void cmi_sandbox_session_begin(cmi_sandbox *sb, double seconds);
void cmi_sandbox_session_end(cmi_sandbox *sb);
int cmi_sandbox_session_spent(const cmi_sandbox *sb);
/* A number naming the session under way (never the same twice for one
 * sandbox), or 0 outside a session: what is cached for one check
 * (evaluate.c) is valid while this reads the same. */
unsigned long cmi_sandbox_session_id(const cmi_sandbox *sb);

/* Inside a call, from protected C code: the per-call limits (instruction
 * budget, CPU-time limit) start again from here, as if a new call began,
 * while the session's budget and the account's share go on. One protected
 * call then runs several rules, each with the limits a call of its own
 * would have (evaluate.c). Does nothing once a stop is armed. */
void cmi_sandbox_restart_limits(lua_State *L);

/* An account inside a session (one rule set's share of a check): from
 * begin until end, every tick of the session is also charged to the
 * account, which has been charged `charged` ticks before (the caller keeps
 * each account's count between its turns) and may be charged `seconds` in
 * all. Once its share is spent, the call running stops with the share's
 * message and account_spent reads 1 until end, while the session goes on
 * for the other accounts. end returns the account's ticks so far; one
 * account at a time; outside a session, begin does nothing. */
void cmi_sandbox_account_begin(cmi_sandbox *sb, int charged, double seconds);
int cmi_sandbox_account_end(cmi_sandbox *sb);
int cmi_sandbox_account_spent(const cmi_sandbox *sb);
double cmi_sandbox_account_seconds(const cmi_sandbox *sb);

/* Whether more than half the heap is alive after a full collection; the
 * bytes alive and the cap in *used and *limit. */
int cmi_sandbox_over_half(cmi_sandbox *sb, size_t *used /* OUT */, size_t *limit /* OUT */);

/* Text from a rule set or the catalogue (metadata, a finding's text, an
 * error) is made one plain line with the cleaner of utf8.h,
 * cmi_text_plain_len. */

/* Protected: a read-only view of the table at idx becomes the global
 * `name` of every chunk run from now on (the rule sets' shared helpers). */
void cmi_sandbox_publish(lua_State *L, const char *name, int idx);

/* Builds a read-only view of the table on top of the stack, replacing it:
 * reads pass through, writes raise an error. */
void cmi_sandbox_readonly(lua_State *L, const char *what);

/* C memory for protected C code, through the context's allocator (so fault
 * injection reaches it): on failure each raises "out of memory" and marks
 * the sandbox, so that the caller of the failed call reports CM_ENOMEM
 * rather than blaming the rule set. */
void *cmi_lua_alloc(lua_State *L, size_t n);
void *cmi_lua_calloc(lua_State *L, size_t n, size_t size);
void *cmi_lua_realloc(lua_State *L, void *p, size_t n);
char *cmi_lua_strdup(lua_State *L, const char *s);
void cmi_lua_nomem(lua_State *L);

/* The length of the array at idx (its __len, if any), raising when it is
 * more than a rule set or catalogue can mean (10,000) rather than letting
 * C allocate for it. */
int cmi_lua_array_len(lua_State *L, int idx, const char *what);

/* The one place a string of a rule set or the catalogue becomes C text:
 * a malloc'd copy of the string at idx made plain (cmi_text_plain_len),
 * so no field can reach a report with controls or bad UTF-8. */
char *cmi_lua_plain_string(lua_State *L, int idx);
/* Table field helpers for protected C functions reading rule-set tables:
 * they raise a Lua error naming the field when the type is wrong. */
char *cmi_lua_field_string(lua_State *L, int t, const char *field, int required);
/* A registry reference to the function in field; raises "OWNER: 'field'
 * must be a function" otherwise. */
int cmi_lua_field_ref(lua_State *L, int t, const char *field, const char *owner);
void cmi_lua_field_titles(lua_State *L, int t, const char *field, char *out[CMI_NLANGS]);

/* Reads a Lua file (at most 1 MiB), runs it in the sandbox, and passes the
 * table it returns to reader(ud, table) in protected mode. File errors are
 * returned; the Lua outcome is *ran (as cmi_sandbox_call), with its reason
 * in msg. sha256 (NULL, or 65 bytes) receives the file's hash, for the
 * reports' reproducibility. A file the build compiled, byte for byte, is
 * loaded in that compiled form (chunks.h), under its own name. */
cm_status cmi_sandbox_run_file(cm_ctx *ctx, cmi_sandbox *sb, const char *path, lua_CFunction reader,
                               void *ud, char *sha256 /* OUT */, cm_status *ran /* OUT */,
                               char *msg, size_t size, cm_error *err);
/* How many chunks this sandbox loaded in the build's compiled form: for
 * tests, which must know that form was used. */
int cmi_sandbox_compiled_loads(const cmi_sandbox *sb);

#endif
