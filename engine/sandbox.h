/*
 * sandbox.h — the Lua state rules run in: allowlisted libraries, a locked
 * environment per chunk, a capped heap, an instruction budget and a CPU-time
 * limit per call, and a CPU-time budget per session (one check).
 * The only module that turns Lua errors into text for the engine. Internal.
 */
#ifndef CM_SANDBOX_H
#define CM_SANDBOX_H

#include <lua.h>

#include "ctx.h"

typedef struct cmi_sandbox cmi_sandbox;

cm_status cmi_sandbox_new(cm_ctx *ctx, cmi_sandbox **out /* OUT */, cm_error *err);
void cmi_sandbox_free(cmi_sandbox *sb);
lua_State *cmi_sandbox_state(cmi_sandbox *sb);

/* Compiles src as text (bytecode is refused) with a fresh, locked
 * environment of its own and runs it. On success pushes the chunk's first
 * result and returns LUA_OK; otherwise writes a one-line reason to msg. */
int cmi_sandbox_run_chunk(cmi_sandbox *sb, const char *name, const char *src, size_t len, char *msg,
                          size_t size);

/* lua_pcall with the heap cap, instruction budget and CPU-time limit armed
 * and a message handler that keeps chunk:line. On failure pops the error,
 * writes the reason to msg (the limit that stopped it, the session's budget
 * when that passed during the call, or the error) and returns the Lua
 * status; if no CPU timer can be had, nothing runs and the status is
 * LUA_ERRRUN. Nothing escapes: every engine call into Lua goes through
 * here. Not reentrant: one call at a time per sandbox. Outside a session it
 * arms and disarms the timer itself (three system calls); inside, none. */
int cmi_sandbox_pcall(cmi_sandbox *sb, int nargs, int nresults, char *msg, size_t size);

/* A session: the CPU time of this thread from begin to end, every call in
 * it included, is limited to `seconds`. The timer is armed once, at begin,
 * on the calling thread; every call until end must come from that thread.
 * Once the budget is spent, the call running stops and spent reads 1 (no
 * system call) until end. Sessions do not nest. */
void cmi_sandbox_session_begin(cmi_sandbox *sb, double seconds);
void cmi_sandbox_session_end(cmi_sandbox *sb);
int cmi_sandbox_session_spent(const cmi_sandbox *sb);

/* Whether more than half the heap is alive after a full collection; the
 * bytes alive and the cap in *used and *limit. */
int cmi_sandbox_over_half(cmi_sandbox *sb, size_t *used /* OUT */, size_t *limit /* OUT */);

/* Text from a rule set or the catalogue (metadata, a finding's text, an
 * error) becomes one plain line of valid UTF-8, in place: each C0 control,
 * DEL, C1 control (U+0080-U+009F), line or paragraph separator, bidi
 * control (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) and each
 * ill-formed UTF-8 part (utf8.h) becomes one space. The text never grows;
 * returns its new length and ends it with a NUL. len may count NULs inside
 * the text (a Lua string may hold them): they become spaces too. */
size_t cmi_sandbox_plain_len(char *s, size_t len);

/* The same for a C string. */
void cmi_sandbox_plain(char *s);

/* Builds a read-only view of the table on top of the stack, replacing it:
 * reads pass through, writes raise an error. */
void cmi_sandbox_readonly(lua_State *L, const char *what);

#endif
