/*
 * test_sandbox.c — hostile rule sets, one row each.
 *
 * Each row writes a rule set "evil" (evil.lua in a fresh directory given with
 * --rules-dir) whose one rule attacks the sandbox, and checks the order
 * picker at age 47 with a 16 MiB heap and a budget of 2,000,000 instructions.
 * Whatever the attack, four things must hold:
 *  (a) "evil" is reported as not run, with the expected reason: a runtime
 *      failure reads "rule set evil, rule R: REASON", a load failure the Lua
 *      message alone; either is one line without control characters
 *      (sandbox.h promises a one-line reason, and the text report prints it
 *      as it is);
 *  (b) the installed rule set inrs-cadre-vert still ran (its "load" finding
 *      exceeds);
 *  (c) the verdict is incomplete (a clean run is feasible with adaptations);
 *  (d) nothing reached the other rule set: its findings and the adaptation
 *      sets equal those of a clean run, and no finding of "evil" survives.
 *
 * Then: an innocent user rule set next to "evil" still runs; two runs give
 * the same report byte for byte (math.random is gone, see the table); and
 * memory one rule set keeps alive must not reach the others.
 *
 * Attacks that hang or crash when the engine is wrong run in a child process
 * with a deadline, so that one of them cannot take the suite down with it.
 *
 * Rows with a comment saying "found by this suite" failed on the engine of
 * commit 5cc52dd and pass since 8451e90; they stay as regression tests.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support.h"

#define JOB         "examples/jobs/orderpicker.xml"
#define HEAP        (16u << 20)
#define BUDGET      2000000L
#define TIME_STOP   "stopped: instruction limit of 2000000 reached (endless loop?)"
#define MEMORY_STOP "stopped: memory limit of 16 MiB reached"

/* ---- the rule set around an attack ----------------------------------------- */

/* A rule set with one rule "attack" whose eval body (the %s) is on line 8. OK
 * is a well-formed finding the body may return. */
static const char evil_template[] =
    "local M = { one = { en = 'is %%s', nl = 'is %%s', fr = 'est %%s' }, none = { en = 'n', "
    "nl = 'n', fr = 'n' } } local OK = { status = 'within', value = 1, limit = 2, op = '<=',\n"
    "             text = { en = 'ok', nl = 'ok', fr = 'ok' } }\n"
    "return {\n"
    "  id = 'evil', version = '1.0.0', valid_from = '2024-01-01', source = 'test_sandbox.c',\n"
    "  title = { en = 'Evil', nl = 'Kwaad', fr = 'Malveillant' }, params = {}, messages = M,\n"
    "  rules = { { id = 'attack', title = { en = 'Attack', nl = 'Aanval', fr = 'Attaque' },\n"
    "    eval = function(job, p, person)\n"
    "%s\n"
    "    end } },\n"
    "}\n";

/* A well-formed rule set around top-level code (the %s, on line 1). */
static const char evil_top_template[] =
    "%s\n"
    "return {\n"
    "  id = 'evil', version = '1.0.0', valid_from = '2024-01-01', source = 'test_sandbox.c',\n"
    "  title = { en = 'Evil', nl = 'Kwaad', fr = 'Malveillant' }, params = {},\n"
    "  rules = { { id = 'attack', title = { en = 'Attack', nl = 'Aanval', fr = 'Attaque' },\n"
    "    eval = function() return { { status = 'within', value = 1, limit = 2, op = '<=',\n"
    "      text = { en = 'ok', nl = 'ok', fr = 'ok' } } } end } },\n"
    "}\n";

/* An innocent user rule set next to "evil". */
static const char good_lua[] =
    "return {\n"
    "  id = 'good', version = '1.0.0', valid_from = '2024-01-01', source = 'test_sandbox.c',\n"
    "  title = { en = 'Good', nl = 'Goed', fr = 'Bon' }, params = {},\n"
    "  rules = { { id = 'tasks', title = { en = 'Tasks', nl = 'Taken', fr = 'Tâches' },\n"
    "    eval = function(job)\n"
    "      return { { status = 'within', value = #job.tasks, limit = 10, op = '<=',\n"
    "                 text = { en = 'tasks', nl = 'taken', fr = 'tâches' } } }\n"
    "    end } },\n"
    "}\n";

typedef enum source {
	BODY,     /* lua is the body of eval, in evil_template */
	TOP,      /* lua is top-level code, in evil_top_template */
	WHOLE,    /* lua is the whole file */
	BIG_FILE, /* a valid rule set padded past the 1 MiB a rule file may have */
	DIRECTORY /* evil.lua is a directory */
} source;

typedef enum when { AT_RUN, AT_LOAD } when;

typedef struct attack {
	const char *name;
	source source;
	const char *lua;
	when when;        /* run: "rule set evil, rule R: ..."; load: the Lua message */
	const char *rule; /* the rule named (AT_RUN); NULL: "attack" */
	const char *want; /* the reason after the prefix; {file}: evil.lua's path */
} attack;

/* A second rule fails after the first returned findings: they go too. */
static const char two_rules[] =
    "local OK = { status = 'within', value = 1, limit = 2, op = '<=',\n"
    "             text = { en = 'ok', nl = 'ok', fr = 'ok' } }\n"
    "return {\n"
    "  id = 'evil', version = '1.0.0', valid_from = '2024-01-01', source = 'test_sandbox.c',\n"
    "  title = { en = 'Evil', nl = 'Kwaad', fr = 'Malveillant' }, params = {},\n"
    "  rules = {\n"
    "    { id = 'first', title = { en = '1', nl = '1', fr = '1' },\n"
    "      eval = function() return { OK, OK } end },\n"
    "    { id = 'second', title = { en = '2', nl = '2', fr = '2' },\n"
    "      eval = function() leaked = true end },\n"
    "  },\n"
    "}\n";

/* A well-formed rule set whose id is not its file's name. */
static const char other_id[] =
    "return {\n"
    "  id = 'live', version = '1.0.0', valid_from = '2024-01-01', source = 'test_sandbox.c',\n"
    "  title = { en = 'Live', nl = 'Leef', fr = 'Vis' }, params = {},\n"
    "  rules = { { id = 'attack', title = { en = 'Attack', nl = 'Aanval', fr = 'Attaque' },\n"
    "    eval = function() return {} end } },\n"
    "}\n";

/* A rule set whose messages are the %s (a Lua expression). */
#define WITH_MESSAGES(m)                                                                           \
	"return { id = 'evil', version = '1', valid_from = '2024-01-01', source = 's',\n"          \
	"  title = { en = 'e', nl = 'e', fr = 'e' }, params = {}, messages = " m ",\n"             \
	"  rules = { { id = 'attack', title = { en = 'A', nl = 'A', fr = 'A' },\n"                 \
	"    eval = function() return { { status = 'within', message = 'x' } } end } } }\n"

static const attack attacks[] = {
    /* the environment: no global is written, none is invented */
    {"write a global", BODY, "leaked = true", AT_RUN, NULL, "{file}:8: cannot set global 'leaked'"},
    {"read an unknown global (a typo)", BODY, "return { OK, tostrin(1) }", AT_RUN, NULL,
     "{file}:8: unknown global 'tostrin'"},
    {"reach io", BODY, "return io.open('/etc/passwd')", AT_RUN, NULL,
     "{file}:8: unknown global 'io'"},
    {"reach os", BODY, "os.exit(3)", AT_RUN, NULL, "{file}:8: unknown global 'os'"},
    {"reach require", BODY, "require('io')", AT_RUN, NULL, "{file}:8: unknown global 'require'"},
    {"reach dofile", BODY, "dofile('/etc/passwd')", AT_RUN, NULL,
     "{file}:8: unknown global 'dofile'"},
    {"reach loadfile", BODY, "loadfile('/etc/passwd')", AT_RUN, NULL,
     "{file}:8: unknown global 'loadfile'"},
    {"reach print", BODY, "print('hello')", AT_RUN, NULL, "{file}:8: unknown global 'print'"},
    {"reach collectgarbage", BODY, "collectgarbage('stop')", AT_RUN, NULL,
     "{file}:8: unknown global 'collectgarbage'"},
    {"reach rawset", BODY, "rawset(_ENV, 'leaked', true)", AT_RUN, NULL,
     "{file}:8: unknown global 'rawset'"},
    {"reach debug", BODY, "debug.sethook()", AT_RUN, NULL, "{file}:8: unknown global 'debug'"},
    {"reach package", BODY, "package.loaded.io.write('x')", AT_RUN, NULL,
     "{file}:8: unknown global 'package'"},
    {"reach coroutine", BODY, "coroutine.wrap(function() end)()", AT_RUN, NULL,
     "{file}:8: unknown global 'coroutine'"},
    {"reach _G", BODY, "_G.leaked = true", AT_RUN, NULL, "{file}:8: unknown global '_G'"},
    {"math.random (reports must be reproducible)", BODY,
     "return { { status = 'within', value = math.random(), text = OK.text } }", AT_RUN, NULL,
     "{file}:8: no such function 'random'"},
    {"math.randomseed", BODY, "math.randomseed(42)", AT_RUN, NULL,
     "{file}:8: no such function 'randomseed'"},
    /* pairs has a fixed order; keys whose order would be an address order
     * are refused. */
    {"pairs over a table key", BODY, "for k in pairs({ [{}] = 1 }) do end", AT_RUN, NULL,
     "{file}:8: pairs: a key is a table; only numbers, strings and booleans have an order "
     "that is the same every run"},
    {"reach string.dump", BODY, "return string.dump(function() end)", AT_RUN, NULL,
     "{file}:8: no such function 'dump'"},
    /* Found by this suite: a setmetatable wrapper that called the real one
     * through lua_call lost the rule's chunk:line in these two reasons. */
    {"setmetatable(_ENV, {})", BODY, "setmetatable(_ENV, {})", AT_RUN, NULL,
     "{file}:8: cannot change a protected metatable"},
    {"getmetatable(_ENV) is locked", BODY, "getmetatable(_ENV).__newindex = nil", AT_RUN, NULL,
     "{file}:8: attempt to index a boolean value"},
    {"rawget(_ENV) sees an empty table", BODY, "return rawget(_ENV, 'string').upper", AT_RUN, NULL,
     "{file}:8: attempt to index a nil value"},
    {"a __gc metamethod", BODY, "setmetatable({}, { __gc = function() end })", AT_RUN, NULL,
     "{file}:8: __gc metamethods are not allowed in rules"},
    {"write a parameter", BODY, "p.load_kg = 100", AT_RUN, NULL,
     "{file}:8: cannot change parameter 'load_kg'"},
    /* a lock's reads are a table (sandbox.c, push_lock): what is there is
     * found, what is not still raises, and the table stays out of reach */
    {"read a parameter that is not there", BODY, "return { { status = 'within', value = p.nope } }",
     AT_RUN, NULL, "{file}:8: no field 'nope'"},
    {"read a helper that is not there", BODY, "return capamatch.nope()", AT_RUN, NULL,
     "{file}:8: no field 'nope'"},
    {"getmetatable(math) is locked", BODY, "getmetatable(math).__index.floor = nil", AT_RUN, NULL,
     "{file}:8: attempt to index a boolean value"},
    {"rawget(math) sees an empty table", BODY, "local f = rawget(math, 'floor') f(1)", AT_RUN, NULL,
     "{file}:8: attempt to call a nil value (local 'f')"},

    /* the string library: no patterns, read-only, locked metatable */
    {"string.gsub", BODY, "return string.gsub('a', 'a', 'b')", AT_RUN, NULL,
     "{file}:8: no such function 'gsub'"},
    {"string.match", BODY, "return string.match('a', 'a')", AT_RUN, NULL,
     "{file}:8: no such function 'match'"},
    {"string.gmatch", BODY, "return string.gmatch('a', 'a')", AT_RUN, NULL,
     "{file}:8: no such function 'gmatch'"},
    {"(\"x\"):match() through the string metatable", BODY, "return ('x'):match('x')", AT_RUN, NULL,
     "{file}:8: attempt to call a nil value (method 'match')"},
    {"(\"x\"):gsub() through the string metatable", BODY, "return ('x'):gsub('x', 'y')", AT_RUN,
     NULL, "{file}:8: attempt to call a nil value (method 'gsub')"},
    {"string.find is always plain", BODY,
     "error(tostring(string.find('aaa', 'a+')) .. ' ' .. tostring(('a+b'):find('a+')), 0)", AT_RUN,
     NULL, "nil 1"},
    {"replace string.upper", BODY, "string.upper = function() return 'x' end", AT_RUN, NULL,
     "{file}:8: cannot change string 'upper'"},
    {"add to table", BODY, "table.leaked = true", AT_RUN, NULL,
     "{file}:8: cannot change table 'leaked'"},
    {"change math.pi", BODY, "math.pi = 3", AT_RUN, NULL, "{file}:8: cannot change math 'pi'"},
    {"getmetatable(\"\").__index write", BODY, "getmetatable('').__index.upper = nil", AT_RUN, NULL,
     "{file}:8: attempt to index a boolean value"},
    {"setmetatable on a string", BODY, "setmetatable('', {})", AT_RUN, NULL,
     "{file}:8: bad argument #1 to 'setmetatable' (table expected, got string)"},

    /* load: text only, never the real globals */
    {"load a bytecode chunk", BODY, "assert(load('\\27LuaT\\0\\25\\147\\r\\n\\26\\n'))", AT_RUN,
     NULL, "{file}:8: attempt to load a binary chunk (mode is 't')"},
    {"load a bytecode chunk, mode \"b\"", BODY, "assert(load('\\27Lua', 'x', 'b'))", AT_RUN, NULL,
     "{file}:8: attempt to load a binary chunk (mode is 't')"},
    {"load a bytecode chunk, mode \"bt\" and an env", BODY,
     "assert(load('\\27Lua', 'x', 'bt', {}))", AT_RUN, NULL,
     "{file}:8: attempt to load a binary chunk (mode is 't')"},
    {"load(\"return os\") without an env", BODY, "return assert(load('return os'))()", AT_RUN, NULL,
     "(load):1: unknown global 'os'"},
    {"load(\"leaked = true\") without an env", BODY, "assert(load('leaked = true'))()", AT_RUN,
     NULL, "(load):1: cannot set global 'leaked'"},
    {"load from a reader function", BODY, "assert(load(function() return nil end))", AT_RUN, NULL,
     "{file}:8: bad argument #1 to 'load' (string expected, got function)"},

    /* time and memory */
    {"infinite loop", BODY, "while true do end", AT_RUN, NULL, TIME_STOP},
    {"infinite loop inside pcall", BODY,
     "while true do pcall(function() while true do end end) end", AT_RUN, NULL, TIME_STOP},
    {"infinite loop inside xpcall", BODY,
     "while true do xpcall(function() while true do end end, function(m) return m end) end", AT_RUN,
     NULL, TIME_STOP},
    {"memory bomb", BODY, "local t = {} for i = 1, 1e9 do t[i] = string.rep('x', 1024) .. i end",
     AT_RUN, NULL, MEMORY_STOP},
    {"memory bomb inside pcall", BODY,
     "while true do pcall(function() local t = {} for i = 1, 1e9 do "
     "t[i] = string.rep('x', 1024) .. i end end) end",
     AT_RUN, NULL, MEMORY_STOP},
    {"one huge string", BODY, "return string.rep('x', 1 << 30)", AT_RUN, NULL, MEMORY_STOP},
    /* Library functions that loop in C on sizes the caller chooses are
     * bounded (sandbox.c); these, tried, are bounded by Lua itself, and stay
     * as checks that they still are. The ones that hung are isolated below. */
    {"string.rep with a separator, 2^40 times", BODY, "return string.rep('x', 2^40, ',')", AT_RUN,
     NULL, MEMORY_STOP},
    {"string.format with a huge width", BODY, "return string.format('%0999d', 1)", AT_RUN, NULL,
     "{file}:8: invalid conversion specification: '%0999d'"},
    /* %p prints an address: a report would differ from run to run. */
    {"string.format %p", BODY, "return string.format('%p', {})", AT_RUN, NULL,
     "{file}:8: string.format: %p prints an address (not allowed)"},
    {"string.format %-10p", BODY, "return string.format('x %-10p', pairs)", AT_RUN, NULL,
     "{file}:8: string.format: %p prints an address (not allowed)"},
    {"string.format %%p is a literal", BODY, "error(string.format('%%p %d', 3), 0)", AT_RUN, NULL,
     "%p 3"},
    {"string.format of the largest float", BODY,
     "error(tostring(#string.format('%99.99f', 1e308)), 0)", AT_RUN, NULL, "409"},
    {"utf8.char with 200,000 arguments", BODY,
     "local t = {} for i = 1, 200000 do t[i] = 0x10FFFF end\n"
     "error(tostring(#utf8.char(table.unpack(t))), 0)",
     AT_RUN, NULL, "800000"},
    {"table.unpack of 2^40 values", BODY, "return table.unpack({}, 1, 2^40)", AT_RUN, NULL,
     "{file}:8: too many results to unpack"},
    {"table.unpack of a table whose __len lies", BODY,
     "return table.unpack(setmetatable({}, { __len = function() return 2^40 end }))", AT_RUN, NULL,
     "{file}:8: too many results to unpack"},
    {"select(2^40, ...)", BODY, "error(tostring(select('#', select(2^40, 1, 2))), 0)", AT_RUN, NULL,
     "0"},
    {"select(-2^40, ...)", BODY, "return select(-2^40, 1)", AT_RUN, NULL,
     "{file}:8: bad argument #1 to 'select' (index out of range)"},
    {"string.byte over 2^41 positions", BODY,
     "error(tostring(select('#', string.byte('abc', -2^40, 2^40))), 0)", AT_RUN, NULL, "3"},
    {"string.sub over 2^63 positions", BODY, "error(string.sub('abc', -2^62, 2^62), 0)", AT_RUN,
     NULL, "abc"},
    {"string.pack padding to 2 GB", BODY, "return string.pack('c2000000000', '')", AT_RUN, NULL,
     MEMORY_STOP},
    {"table functions still do their work", BODY,
     "local t = {} for i = 1, 100 do t[i] = tostring(i) end\n"
     "table.sort(t) table.sort(t, function(a, b) return a > b end)\n"
     "table.insert(t, 1, 'z') local r = table.remove(t, 1) table.move(t, 1, 3, 2)\n"
     "error(r .. table.concat(t, ',', 1, 4) .. string.rep('ab', 3, '-'), 0)",
     AT_RUN, NULL, "z99,99,98,97ab-ab-ab"},
    /* The stack outgrows 16 MiB before Lua's own limit of 1,000,000 slots. */
    {"deep recursion", BODY, "local function f(n) return 1 + f(n + 1) end return f(1)", AT_RUN,
     NULL, MEMORY_STOP},
    {"recursion through a metamethod", BODY,
     "local t = setmetatable({}, { __index = function(t, k) return t[k] end }) return t.x", AT_RUN,
     NULL, "{file}:8: C stack overflow"},
    {"__len of the result loops", BODY,
     "return setmetatable({}, { __len = function() while true do end end })", AT_RUN, NULL,
     TIME_STOP},
    {"__index of a finding loops", BODY,
     "return { setmetatable({}, { __index = function() while true do end end }) }", AT_RUN, NULL,
     TIME_STOP},

    /* what eval returns */
    {"finding with status \"maybe\"", BODY, "return { { status = 'maybe', text = OK.text } }",
     AT_RUN, NULL, "finding 1: status must be within, exceeds, unknown or not-applicable"},
    {"exceeds without a value", BODY,
     "return { { status = 'exceeds', limit = 5, op = '<=', text = OK.text } }", AT_RUN, NULL,
     "finding 1: exceeds without a value"},
    {"result is not a table", BODY, "return 42", AT_RUN, NULL,
     "eval must return an array of findings"},
    {"empty array of findings", BODY, "return {}", AT_RUN, NULL, "eval returned no finding"},
    {"a finding that is not a table", BODY, "return { OK, 'within' }", AT_RUN, NULL,
     "finding 2 is not a table"},
    {"value is not a finite number", BODY,
     "return { { status = 'exceeds', value = 0/0, text = OK.text } }", AT_RUN, NULL,
     "finding 1: value is not a finite number"},
    {"finding without text", BODY, "return { { status = 'within' } }", AT_RUN, NULL,
     "finding 1: needs a message (or a text table of en, nl and fr lines)"},
    {"finding with op \"<\"", BODY,
     "return { { status = 'within', value = 1, limit = 2, op = '<', text = OK.text } }", AT_RUN,
     NULL, "finding 1: op must be <=, >= or ="},
    /* Found by this suite: findings are copied out of the Lua heap, so no
     * cap saw them; a __len saying 2^31 - 1 took 1.1 GB and the whole time
     * limit. */
    {"more findings than the cap", BODY, "local t = {} for i = 1, 10001 do t[i] = OK end return t",
     AT_RUN, NULL, "more than 10,000 findings (what one rule set may give in one evaluation)"},
    {"findings whose __len lies", BODY,
     "return setmetatable({}, { __len = function() return 2^31 - 1 end,\n"
     "  __index = function() return OK end })",
     AT_RUN, NULL, "more than 10,000 findings (what one rule set may give in one evaluation)"},
    {"findings with more text than the cap", BODY,
     "local s = string.rep('x', 1 << 20) local t = {}\n"
     "for i = 1, 5 do t[i] = { status = 'within', text = { en = s, nl = s, fr = s } } end\n"
     "return t",
     AT_RUN, NULL,
     "the findings' text is over 4 MiB (what one rule set may give in one evaluation)"},
    {"findings with distinct long tasks past the text cap", BODY,
     "local t = {} for i = 1, 10000 do\n"
     "  t[i] = { status = 'within', task = string.rep('t', 500) .. i, text = OK.text } end\n"
     "return t",
     AT_RUN, NULL,
     "the findings' text is over 4 MiB (what one rule set may give in one evaluation)"},
    /* messages and their arguments (finding.c renders them) */
    {"unknown message id", BODY, "return { { status = 'within', message = 'nope' } }", AT_RUN, NULL,
     "finding 1: no message 'nope' in the rule set's messages"},
    {"message id that is not a string", BODY, "return { { status = 'within', message = 5 } }",
     AT_RUN, NULL, "finding 1: message must be a message id"},
    {"too few arguments", BODY, "return { { status = 'within', message = 'one' } }", AT_RUN, NULL,
     "finding 1: message 'one' takes 1 arguments, got 0"},
    {"too many arguments", BODY,
     "return { { status = 'within', message = 'one', args = { 1, 2 } } }", AT_RUN, NULL,
     "finding 1: message 'one' takes 1 arguments, got 2"},
    {"a boolean argument", BODY,
     "return { { status = 'within', message = 'one', args = { true } } }", AT_RUN, NULL,
     "finding 1: message 'one', argument 1 must be a number, a string or a table"},
    {"a NaN argument", BODY, "return { { status = 'within', message = 'one', args = { 0/0 } } }",
     AT_RUN, NULL, "finding 1: message 'one', argument 1 is not a finite number"},
    {"a table argument of no known shape", BODY,
     "return { { status = 'within', message = 'one', args = { { de = 'x' } } } }", AT_RUN, NULL,
     "finding 1: message 'one', argument 1: a table needs message, list or en, nl and fr "
     "texts"},
    {"a message that contains itself", BODY,
     "local a = { message = 'one' } a.args = { a }\n"
     "return { { status = 'within', message = 'one', args = { a } } }",
     AT_RUN, NULL, "finding 1: messages nested more than 8 deep"},
    {"lists nested deeper than messages may be", BODY,
     "local a = 'x' for i = 1, 20 do a = { list = { a } } end\n"
     "return { { status = 'within', message = 'one', args = { a } } }",
     AT_RUN, NULL, "finding 1: messages nested more than 8 deep"},
    {"lists of lists of empty strings", BODY,
     "local l = {} for i = 1, 1000 do l[i] = '' end\n"
     "local ll = {} for i = 1, 1000 do ll[i] = { list = l } end\n"
     "local f = { status = 'within', message = 'one', args = { { list = ll } } }\n"
     "return { f }",
     AT_RUN, NULL, "finding 1: more than 1,000,000 arguments rendered"},
    {"a list longer than the cap", BODY,
     "local l = {} for i = 1, 100001 do l[i] = '' end\n"
     "return { { status = 'within', message = 'one', args = { { list = l } } } }",
     AT_RUN, NULL, "finding 1: message 'one', argument 1: a list of more than 100000"},
    {"a list past the text cap", BODY,
     "local s, l = string.rep('x', 100), {} for i = 1, 50000 do l[i] = s end\n"
     "return { { status = 'within', message = 'one', args = { { list = l } } } }",
     AT_RUN, NULL,
     "the findings' text is over 4 MiB (what one rule set may give in one evaluation)"},
    /* Found when allocations went through the fault seam: C allocated for
     * whatever length a rule set's arrays claimed. */
    {"rules whose __len says 2^40", WHOLE,
     "return { id = 'evil', version = '1', valid_from = '2024-01-01', source = 's',\n"
     "  title = { en = 'e', nl = 'e', fr = 'e' }, params = {},\n"
     "  rules = setmetatable({}, { __len = function() return 2^40 end }) }\n",
     AT_LOAD, NULL, "'rules' must be an array of at most 10000 entries"},
    {"params whose __len is negative", WHOLE,
     "return { id = 'evil', version = '1', valid_from = '2024-01-01', source = 's',\n"
     "  title = { en = 'e', nl = 'e', fr = 'e' },\n"
     "  params = setmetatable({}, { __len = function() return -1 end }), rules = {} }\n",
     AT_LOAD, NULL, "'params' must be an array of at most 10000 entries"},
    {"messages that are not a table", WHOLE, WITH_MESSAGES("5"), AT_LOAD, NULL,
     "field 'messages' must be a table of messages by id"},
    {"a message keyed by a number", WHOLE, WITH_MESSAGES("{ { en = 'a', nl = 'a', fr = 'a' } }"),
     AT_LOAD, NULL, "messages: every key must be a message id (a string)"},
    {"a message without French", WHOLE, WITH_MESSAGES("{ x = { en = 'a', nl = 'a' } }"), AT_LOAD,
     NULL, "message 'x': 'fr' must be a string"},
    {"a template with %d", WHOLE, WITH_MESSAGES("{ x = { en = '%d', nl = '%d', fr = '%d' } }"),
     AT_LOAD, NULL, "message 'x': 'en' may hold only %s and %%"},
    {"one long template for every message", WHOLE,
     WITH_MESSAGES("(function() local s, m = string.rep('x', 4096), {}\n"
                   "  for i = 1, 200 do m['m' .. i] = { en = s, nl = s, fr = s } end\n"
                   "  return m end)()"),
     AT_LOAD, NULL, "messages: more than 1 MiB of templates"},
    {"templates with different counts", WHOLE,
     WITH_MESSAGES("{ x = { en = '%s', nl = '', fr = '%s' } }"), AT_LOAD, NULL,
     "message 'x': 'nl' has 0 %s, 'en' has 1"},
    {"second rule fails after the first gave findings", WHOLE, two_rules, AT_RUN, "second",
     "{file}:10: cannot set global 'leaked'"},

    /* error objects */
    {"error with a table", BODY, "error({})", AT_RUN, NULL, "(error object is a table value)"},
    {"error object whose __tostring loops", BODY,
     "error(setmetatable({}, { __tostring = function() while true do end end }))", AT_RUN, NULL,
     "(error object is a table value)"},
    /* Found by this suite: the reason was copied as it was, so a rule could
     * put a line of its own ("Verdict: feasible") or a terminal escape
     * (ESC [2J clears the screen) into the text report. */
    {"error message with a newline", BODY, "error('first line\\nVerdict: feasible', 0)", AT_RUN,
     NULL, "first line Verdict: feasible"},
    {"error message with a terminal escape", BODY, "error('\\27[2J\\27[31mforged', 0)", AT_RUN,
     NULL, " [2J [31mforged"},

    /* load time: the set is kept with the Lua message */
    {"syntax error", WHOLE, "return {\n  id = 'evil',,\n}\n", AT_LOAD, NULL,
     "{file}:2: unexpected symbol near ','"},
    {"id differs from the file name", WHOLE, other_id, AT_LOAD, NULL,
     "field 'id' must be 'evil', the file's name"},
    {"infinite loop at top level", TOP, "while true do end", AT_LOAD, NULL, TIME_STOP},
    {"memory bomb at top level", TOP,
     "local t = {} for i = 1, 1e9 do t[i] = string.rep('x', 1024) .. i end", AT_LOAD, NULL,
     MEMORY_STOP},
    {"write a global at top level", TOP, "leaked = true", AT_LOAD, NULL,
     "{file}:1: cannot set global 'leaked'"},
    {"a bytecode file", WHOLE, "\033LuaT\031\223\r\n\032\n", AT_LOAD, NULL,
     "attempt to load a binary chunk (mode is 't')"},
    {"returns a number", WHOLE, "return 42\n", AT_LOAD, NULL, "a rule set must return a table"},
    {"no rules", WHOLE,
     "return { id = 'evil', version = '1', valid_from = '2024-01-01', source = 's',\n"
     "  title = { en = 'e', nl = 'e', fr = 'e' }, params = {}, rules = {} }\n",
     AT_LOAD, NULL, "field 'rules' is empty"},
    /* Found by this suite: a rule file that could not be read made
     * cm_ctx_load_rules fail, so no rule set ran at all, and any read error
     * was reported as "file too large (at most 1 MiB)". */
    {"a file over 1 MiB", BIG_FILE, NULL, AT_LOAD, NULL, "file too large (at most 1 MiB)"},
    {"evil.lua is a directory", DIRECTORY, NULL, AT_LOAD, NULL, "not a regular file"},
};

enum { NATTACKS = sizeof attacks / sizeof attacks[0] };

/* ---- one run ------------------------------------------------------------- */

/* Everything a run holds, freed by the teardown even when an assert fails. */
typedef struct run {
	char dir[64];     /* the --rules-dir, "" when none */
	char file[128];   /* dir/evil.lua */
	cm_ctx *ctx;      /* owned */
	cm_job *job;      /* owned */
	cm_assessment *a; /* owned */
	cm_error err;
} run;

static run cur;

/* The clean run every attack is compared with: no user rule set. */
static run clean;

/* Frees what a check made, keeping the directory. */
static void run_reset(run *r)
{
	cm_assessment_free(r->a);
	cm_job_free(r->job);
	cm_ctx_free(r->ctx);
	cm_error_clear(&r->err);
	r->a = NULL;
	r->job = NULL;
	r->ctx = NULL;
}

static void run_free(run *r)
{
	run_reset(r);
	if (r->dir[0])
		test_remove_tree(r->dir);
	memset(r, 0, sizeof *r);
}

static void make_dir(run *r)
{
	snprintf(r->dir, sizeof r->dir, "/tmp/cm-sandbox-XXXXXX");
	assert_non_null(mkdtemp(r->dir));
	snprintf(r->file, sizeof r->file, "%s/evil.lua", r->dir);
}

/* Writes evil.lua (or what stands in for it) for row t. */
static void write_evil(const run *r, const attack *t)
{
	size_t size =
	    (t->lua ? strlen(t->lua) : 0) + sizeof evil_template + sizeof evil_top_template;
	char *text = malloc(size);
	assert_non_null(text);
	switch (t->source) {
	case BODY:
		snprintf(text, size, evil_template, t->lua);
		break;
	case TOP:
		snprintf(text, size, evil_top_template, t->lua);
		break;
	case WHOLE:
		snprintf(text, size, "%s", t->lua);
		break;
	case BIG_FILE: {
		size_t big = (1u << 20) + 4096;
		char *padded = malloc(big + size);
		assert_non_null(padded);
		snprintf(text, size, evil_top_template, "");
		memset(padded, '-', big); /* one long comment line */
		padded[big - 1] = '\n';
		strcpy(padded + big, text);
		free(text);
		text = padded;
		break;
	}
	case DIRECTORY:
		free(text);
		assert_int_equal(mkdir(r->file, 0700), 0);
		return;
	}
	assert_int_equal(test_write_file(r->file, text), 0);
	free(text);
}

/* Checks the order picker at age 47 with the test's limits and, when dir is
 * set, that rule directory; select: rule-set ids or NULL for all. On failure
 * r->err says why. */
static cm_status try_check(run *r, const char *select)
{
	cm_status st;
	r->ctx = test_ctx();
	if (!r->ctx)
		return CM_ENOMEM;
	cm_ctx_set_lua_limits(r->ctx, HEAP, BUDGET);
	if (r->dir[0] && (st = cm_ctx_add_rules_dir(r->ctx, r->dir, &r->err)) != CM_OK)
		return st;
	if (select && (st = cm_ctx_select_rules(r->ctx, select, &r->err)) != CM_OK)
		return st;
	if ((st = cm_job_load(r->ctx, JOB, &r->job, &r->err)) != CM_OK)
		return st;
	cm_check_options opt = {47, "2024-06-01"};
	return cm_check(r->ctx, r->job, &opt, &r->a, &r->err);
}

static void run_check(run *r, const char *select)
{
	if (try_check(r, select) != CM_OK)
		fail_msg("check failed: %s", r->err.nproblems ? r->err.problems[0].message : "?");
}

/* want with every "{file}" replaced by file. */
static void expand(const char *want, const char *file, char *out, size_t size)
{
	size_t o = 0;
	for (const char *p = want; *p && o + 1 < size;) {
		if (!strncmp(p, "{file}", 6)) {
			o += (size_t)snprintf(out + o, size - o, "%s", file);
			p += 6;
		} else {
			out[o++] = *p++;
		}
	}
	out[o < size ? o : size - 1] = '\0';
}

static int has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

/* (a): the one failed rule set is "evil", for the row's reason. */
static void assert_evil_failed(const run *r, const attack *t)
{
	const char *ruleset = NULL, *why;
	char want[1024], prefix[128] = "";
	if (cm_assessment_nfailed(r->a) != 1)
		fail_msg("%zu rule sets failed (want 1: evil)", cm_assessment_nfailed(r->a));
	why = cm_assessment_failed(r->a, 0, &ruleset);
	assert_non_null(why);
	assert_string_equal(ruleset, "evil");
	assert_null(cm_assessment_failed(r->a, 1, NULL));
	expand(t->want, r->file, want, sizeof want);
	if (t->when == AT_RUN)
		snprintf(prefix, sizeof prefix,
		         "rule set evil, rule %s: ", t->rule ? t->rule : "attack");
	if (strncmp(why, prefix, strlen(prefix)) != 0)
		fail_msg("reason \"%s\" does not start with \"%s\"", why, prefix);
	if (t->when == AT_LOAD && !strncmp(why, "rule set ", 9))
		fail_msg("load-time reason \"%s\" names a rule", why);
	assert_string_equal(why + strlen(prefix), want);
	if (has_control(why))
		fail_msg("reason \"%s\" holds a control character (want one plain line)", why);
}

static int same_number(double x, double y)
{
	return x == y || (isnan(x) && isnan(y));
}

static int same_text(const char *x, const char *y)
{
	return (!x && !y) || (x && y && !strcmp(x, y));
}

static int same_value(cm_value x, cm_value y)
{
	return x.kind == y.kind && (x.kind != CM_VALUE_NUMBER || x.number == y.number) &&
	       (x.kind != CM_VALUE_BOOL || x.boolean == y.boolean);
}

/* (b) and (d): inrs-cadre-vert's findings and the adaptation sets are those
 * of the clean run, and nothing of "evil" is left. NULL when so, else what
 * differs (in a static buffer). */
static const char *others_differ(const cm_assessment *a)
{
	static char why[512];
	const cm_finding *load = test_finding(a, "load", "picking");
	if (!load || strcmp(load->ruleset, "inrs-cadre-vert") || load->status != CM_EXCEEDS)
		return "inrs-cadre-vert did not run: no exceeding \"load\" finding";
	int evil_failed = 0;
	for (size_t i = 0; i < cm_assessment_nfailed(a); i++) {
		const char *ruleset = NULL;
		cm_assessment_failed(a, i, &ruleset);
		evil_failed |= !strcmp(ruleset, "evil");
	}
	size_t n = 0;
	for (size_t i = 0; i < cm_assessment_nfindings(a); i++) {
		const cm_finding *f = cm_assessment_finding(a, i);
		if (evil_failed && !strcmp(f->ruleset, "evil"))
			return "a finding of \"evil\" survived its failure";
		if (strcmp(f->ruleset, "inrs-cadre-vert") != 0)
			continue;
		if (n >= cm_assessment_nfindings(clean.a))
			return "more findings than a clean run";
		const cm_finding *g = cm_assessment_finding(clean.a, n++);
		if (strcmp(f->rule, g->rule) || !same_text(f->task, g->task) ||
		    f->status != g->status || !same_value(f->value, g->value) ||
		    !same_value(f->limit, g->limit) || !same_text(f->unit, g->unit) ||
		    !same_text(f->op, g->op) || !same_number(f->margin, g->margin) ||
		    strcmp(f->text, g->text)) {
			snprintf(why, sizeof why,
			         "finding %zu (%s) differs from a clean run: \"%s\"", n, f->rule,
			         f->text);
			return why;
		}
	}
	if (n != cm_assessment_nfindings(clean.a))
		return "fewer findings than a clean run";
	if (cm_assessment_nsets(a) != cm_assessment_nsets(clean.a))
		return "not as many adaptation sets as a clean run";
	for (size_t i = 0; i < cm_assessment_nsets(a); i++) {
		const cm_adaptation_set *s = cm_assessment_set(a, i),
		                        *c = cm_assessment_set(clean.a, i);
		int same = s->cost_eur == c->cost_eur && s->nids == c->nids;
		for (size_t j = 0; same && j < s->nids; j++)
			same = !strcmp(s->ids[j], c->ids[j]);
		if (!same) {
			snprintf(why, sizeof why, "adaptation set %zu differs from a clean run",
			         i + 1);
			return why;
		}
	}
	return NULL;
}

static void assert_others_untouched(const cm_assessment *a)
{
	const char *why = others_differ(a);
	if (why)
		fail_msg("%s", why);
}

static int clean_setup(void **state)
{
	(void)state;
	run_check(&clean, NULL);
	/* The attacks' verdict must differ from this for (c) to mean anything. */
	if (cm_assessment_verdict(clean.a) != CM_VERDICT_FEASIBLE_WITH_ADAPTATIONS ||
	    cm_assessment_nfailed(clean.a) != 0 || cm_assessment_nsets(clean.a) != 2)
		return -1;
	return 0;
}

static int clean_teardown(void **state)
{
	(void)state;
	run_free(&clean);
	return 0;
}

static int cur_teardown(void **state)
{
	(void)state;
	run_free(&cur);
	return 0;
}

static void test_attack(void **state)
{
	const attack *t = *state;
	make_dir(&cur);
	write_evil(&cur, t);
	run_check(&cur, NULL);
	assert_evil_failed(&cur, t);                                           /* (a) */
	assert_others_untouched(cur.a);                                        /* (b), (d) */
	assert_int_equal(cm_assessment_verdict(cur.a), CM_VERDICT_INCOMPLETE); /* (c) */
}

/* ---- an innocent neighbour ----------------------------------------------- */

static const char *const neighbour_rows[] = {
    "write a global",
    "infinite loop inside pcall",
    "memory bomb inside pcall",
    "replace string.upper",
    "syntax error",
    "infinite loop at top level",
};

static const attack *attack_named(const char *name)
{
	for (size_t i = 0; i < NATTACKS; i++)
		if (!strcmp(attacks[i].name, name))
			return &attacks[i];
	return NULL;
}

/* good.lua, in the same directory, runs whatever "evil" did. */
static void test_neighbour(void **state)
{
	const attack *t = attack_named(*state);
	assert_non_null(t);
	make_dir(&cur);
	write_evil(&cur, t);
	char good[128];
	snprintf(good, sizeof good, "%s/good.lua", cur.dir);
	assert_int_equal(test_write_file(good, good_lua), 0);
	run_check(&cur, NULL);

	assert_evil_failed(&cur, t);
	const cm_finding *f = test_finding(cur.a, "tasks", NULL);
	assert_non_null(f);
	assert_string_equal(f->ruleset, "good");
	assert_int_equal(f->status, CM_WITHIN);
	assert_int_equal(f->value.kind, CM_VALUE_NUMBER);
	assert_true(f->value.number == 3);
	assert_string_equal(f->text, "tasks");
	assert_others_untouched(cur.a);
	assert_int_equal(cm_assessment_verdict(cur.a), CM_VERDICT_INCOMPLETE);
}

/* ---- reproducibility ----------------------------------------------------- */

/* Found by this suite: Lua seeds its string hash per state, so pairs
 * visited keys in a different order in every run and tostring({}) printed
 * an address; a rule set building its text that way gave a different report
 * each time. Five fresh contexts must all give the one sorted order. */
static void test_pairs_and_tostring_are_reproducible(void **state)
{
	(void)state;
	static const char body[] =
	    "local t = {}\n"
	    "for _, k in ipairs({ 'eta', 'alpha', 'delta', 'gamma', 3, 1, 2, true, false }) do\n"
	    "  t[k] = 1 end\n"
	    "local o = {}\n"
	    "for k in pairs(t) do o[#o + 1] = tostring(k) end\n"
	    "o[#o + 1] = tostring({}) .. ' ' .. tostring(ipairs)\n";
	static const char want[] = "1,2,3,alpha,delta,eta,gamma,false,true,table function";
	char file[2048];
	make_dir(&cur);
	snprintf(
	    file, sizeof file,
	    "%sreturn { id = 'order', version = '1', valid_from = '2024-01-01', source = 't',\n"
	    "  title = { en = 'o', nl = 'o', fr = 'o' }, params = {}, rules = { { id = 'o',\n"
	    "  title = { en = 'o', nl = 'o', fr = 'o' }, eval = function()\n"
	    "  local s = table.concat(o, ',') return { { status = 'within',\n"
	    "  text = { en = s, nl = s, fr = s } } } end } } }\n",
	    body);
	char path[600];
	snprintf(path, sizeof path, "%s/order.lua", cur.dir);
	assert_int_equal(test_write_file(path, file), 0);
	for (int i = 0; i < 5; i++) {
		cm_ctx *ctx = test_ctx();
		cm_error err = {0};
		cm_job *job = NULL;
		cm_assessment *a = NULL;
		assert_int_equal(cm_ctx_add_rules_dir(ctx, cur.dir, &err), CM_OK);
		assert_int_equal(cm_ctx_select_rules(ctx, "order", &err), CM_OK);
		assert_int_equal(cm_job_load(ctx, JOB, &job, &err), CM_OK);
		assert_int_equal(cm_check(ctx, job, NULL, &a, &err), CM_OK);
		const cm_finding *f = test_finding(a, "o", NULL);
		assert_non_null(f);
		assert_string_equal(f->text, want);
		cm_assessment_free(a);
		cm_job_free(job);
		cm_ctx_free(ctx);
	}
	remove(path);
}

/* Two contexts, same input: the same report, byte for byte. */
static void test_two_runs_agree(void **state)
{
	(void)state;
	char *report[2] = {NULL, NULL};
	for (int i = 0; i < 2; i++) {
		make_dir(&cur);
		char good[128];
		snprintf(good, sizeof good, "%s/good.lua", cur.dir);
		assert_int_equal(test_write_file(good, good_lua), 0);
		run_check(&cur, NULL);
		size_t len;
		assert_int_equal(
		    cm_report_render(cur.ctx, cur.a, CM_FORMAT_JSON, &report[i], &len, &cur.err),
		    CM_OK);
		assert_non_null(test_finding(cur.a, "tasks", NULL));
		run_free(&cur);
	}
	/* The directory name differs; nothing in the report names it. */
	assert_string_equal(report[0], report[1]);
	cm_free(report[0]);
	cm_free(report[1]);
}

/* ---- attacks that hang or crash: in a child, with a deadline --------------- */

/* A table whose length lies, whose reads and writes are C functions that
 * return at once (tostring(t, k) is "table"; rawequal stores nothing): the
 * loops of the table library then never leave C. The attack is on line 10. */
#define LYING_LEN(n)                                                                               \
	"local t = setmetatable({}, { __index = tostring, __newindex = rawequal,\n"                \
	"  __len = function() return " n " end })\n"
#define LYING      LYING_LEN("2^40")
#define LYING_SORT LYING_LEN("2^31 - 3")
#define CLOCK_STOP "stopped: time limit of 1 s of CPU reached"

typedef struct isolated {
	const char *name;
	source source;
	const char *lua;
	unsigned seconds; /* the child is killed after this */
	const char *want; /* why "evil" did not run, after "rule set evil, rule attack: "
	                   * ({file}: evil.lua's path); NULL: not checked */
} isolated;

/* What the child hands back, in shared memory. */
typedef struct child_result {
	int step;          /* 0: the run completed; else the step of child_run that failed */
	char reason[1024]; /* why "evil" did not run, "" if it ran */
} child_result;

/* In the child: only "evil" is selected, so the check is one evaluation and
 * the deadline measures the attack, not the search. Returns 0 when the run
 * and cm_ctx_free completed, else the step that failed (10 to 13). */
static int child_run(const run *r, char *reason, size_t size)
{
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	cm_job *job = NULL;
	cm_assessment *a = NULL;
	if (!ctx)
		return 10;
	cm_ctx_set_lua_limits(ctx, HEAP, BUDGET);
	cm_ctx_set_lua_seconds(ctx, 1.0);
	if (cm_ctx_add_rules_dir(ctx, r->dir, &err) || cm_ctx_select_rules(ctx, "evil", &err))
		return 11;
	if (cm_job_load(ctx, JOB, &job, &err) != CM_OK)
		return 12;
	cm_check_options opt = {47, NULL};
	if (cm_check(ctx, job, &opt, &a, &err) != CM_OK)
		return 13;
	const char *why = cm_assessment_failed(a, 0, NULL);
	snprintf(reason, size, "%s", why ? why : "");
	cm_assessment_free(a);
	cm_job_free(job);
	cm_ctx_free(ctx); /* lua_close runs what finalisers are left */
	cm_error_clear(&err);
	return 0;
}

/* The child's own verdict travels through shared memory, not its exit
 * status: under valgrind --error-exitcode the status also counts what the
 * child inherited from the suite and never frees. */
static void test_isolated(void **state)
{
	const isolated *t = *state;
	make_dir(&cur);
	attack row = {t->name, t->source, t->lua, AT_RUN, NULL, ""};
	write_evil(&cur, &row);
	child_result *result =
	    mmap(NULL, sizeof *result, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	assert_true(result != MAP_FAILED);
	result->step = -1;
	result->reason[0] = '\0';
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* cmocka's handlers would resume the suite in the child. */
		for (int sig = 1; sig < NSIG; sig++)
			signal(sig, SIG_DFL);
		alarm(t->seconds);
		int step = child_run(&cur, result->reason, sizeof result->reason);
		result->step = step;
		run_reset(&clean); /* what the child inherited, for valgrind's count */
		_exit(0);
	}
	int status, got;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	got = ((volatile child_result *)result)->step;
	char reason[sizeof result->reason], want[1024] = "";
	memcpy(reason, result->reason, sizeof reason);
	munmap(result, sizeof *result);
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM && got < 0)
		fail_msg("still running after %u s: the sandbox did not stop it", t->seconds);
	if (got < 0)
		fail_msg("the check ended without a result (%s %d; a sanitizer's report is above)",
		         WIFSIGNALED(status) ? "signal" : "exit status",
		         WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
	if (got != 0)
		fail_msg("the check went wrong in the child (step %d of child_run)", got);
	if (t->want) {
		char full[1100];
		expand(t->want, cur.file, want, sizeof want);
		snprintf(full, sizeof full, "rule set evil, rule attack: %s", want);
		assert_string_equal(reason, full);
	}
}

static const isolated isolated_rows[] = {
    /* Lua runs finalisers with hooks off (lgc.c GCTM), at the next GC step
     * or in lua_close from cm_ctx_free: no budget would stop this loop, so
     * setmetatable must refuse __gc. */
    {"a finaliser that never returns", BODY,
     "setmetatable({}, { __gc = function() while true do end end }) return { OK }", 10, NULL},
    /* Found by this suite: the stop is raised from inside the count hook,
     * where Lua has turned hooks off (ldo.c luaD_hook), and luaG_errormsg
     * called xpcall's message handler right there, so a handler that
     * looped was never stopped. */
    {"xpcall whose message handler loops", BODY,
     "xpcall(function() while true do end end, function() while true do end end)\n"
     "return { OK }",
     10, NULL},
    /* Found by this suite: Lua 5.4's plain find (lstrlib.c lmemfind) is
     * O(n·m) in C, where no hook fires; one call with a 1 MiB subject and a
     * 512 KiB pattern took about 8 s whatever the instruction budget. */
    {"one quadratic plain string.find", BODY,
     "local s, p = string.rep('a', 1 << 20), string.rep('a', 1 << 19) .. 'b'\n"
     "for i = 1, 3 do string.find(s, p, 1, true) end return { OK }",
     10, NULL},
    /* Found by this suite: the instruction budget does not see time spent
     * inside C functions; 4 MiB through s:upper() costs milliseconds a call
     * and a few instructions, so 2 million instructions took hours. The
     * CPU-time limit (1 s here) ends it. */
    {"a loop whose time goes into C calls", BODY,
     "local s = string.rep('a', 4 << 20) while true do s:upper() end", 10, NULL},
    /* The same, allocating nothing: a linear plain find over 4 MiB. */
    {"a loop whose time goes into C calls that allocate nothing", BODY,
     "local s = string.rep('a', 4 << 20) while true do s:find('b', 1, true) end", 10, CLOCK_STOP},
    /* Found by this suite: Lua's table functions loop in C over a range the
     * caller chooses, where no hook fires; these ran for hours (the first
     * forever). sandbox.c's versions refuse more than 2^24 elements. */
    {"table.move of 2^40 elements", BODY, "table.move({}, 1, 2^40, 1)", 10,
     "{file}:8: table.move: more than 16,777,216 elements"},
    {"table.insert into a table whose __len lies", BODY, LYING "table.insert(t, 1, 'x')", 10,
     "{file}:10: table.insert: more than 16,777,216 elements"},
    {"table.remove from a table whose __len lies", BODY, LYING "table.remove(t, 1)", 10,
     "{file}:10: table.remove: more than 16,777,216 elements"},
    {"table.concat of a table whose __len lies", BODY, LYING "table.concat(t)", 10,
     "{file}:10: table.concat: more than 16,777,216 elements"},
    {"table.concat of 2^40 elements", BODY, "table.concat({}, '', 1, 2^40)", 10,
     "{file}:8: table.concat: more than 16,777,216 elements"},
    /* Within the bound, but every access a C metamethod: seconds in C. The
     * CPU timer stops it at 1 s. */
    {"table.move of 2^24 elements through C metamethods", BODY,
     "table.move(setmetatable({}, { __index = tostring }), 1, 1 << 24, 1,\n"
     "           setmetatable({}, { __newindex = rawequal }))",
     10, CLOCK_STOP},
    /* Lua's sort takes lengths up to 2^31 - 2 and runs in C; its comparisons
     * now check the CPU deadline, with or without a comparator. */
    {"table.sort of a table whose __len says 2^31 - 3", BODY, LYING_SORT "table.sort(t)", 10,
     CLOCK_STOP},
    {"table.sort with a C comparator", BODY, LYING_SORT "table.sort(t, rawequal)", 10, CLOCK_STOP},
    /* Found by this suite: an empty repeat looped in C on copies of nothing. */
    {"string.rep('', 2^53)", BODY,
     "error('[' .. string.rep('', 2^53) .. string.rep('', 2^53, '') .. ']', 0)", 10, "[]"},
};

/* A rule set that keeps n pieces of 64 KiB alive in its rule's upvalue. */
static const char hoard_template[] =
    "local hoard = {}\n"
    "for i = 1, %d do hoard[i] = string.rep(tostring(i %% 10), 1 << 16) end\n"
    "return {\n"
    "  id = 'evil', version = '1.0.0', valid_from = '2024-01-01', source = 'test_sandbox.c',\n"
    "  title = { en = 'Evil', nl = 'Kwaad', fr = 'Malveillant' }, params = {},\n"
    "  rules = { { id = 'kept', title = { en = 'Kept', nl = 'Bewaard', fr = 'Gardé' },\n"
    "    eval = function() return { { status = 'within', value = #hoard, limit = 1000,\n"
    "      op = '<=', text = { en = 'kept', nl = 'bewaard', fr = 'gardé' } } } end } },\n"
    "}\n";

/* What is wrong with a run in which "evil" kept memory; NULL if nothing.
 * Either "evil" was stopped (by a memory limit: the reason says "stopped:")
 * or it ran; both ways inrs-cadre-vert must give the clean run's answer. */
static const char *hoard_problem(run *r)
{
	static char why[256];
	if (try_check(r, NULL) != CM_OK) {
		snprintf(why, sizeof why, "check failed: %s",
		         r->err.nproblems ? r->err.problems[0].message : "?");
		return why;
	}
	const char *ruleset = NULL, *reason = cm_assessment_failed(r->a, 0, &ruleset);
	if (reason && (strcmp(ruleset, "evil") || !strstr(reason, "stopped: "))) {
		snprintf(why, sizeof why, "%s did not run: %s", ruleset, reason);
		return why;
	}
	if (cm_assessment_nfailed(r->a) > 1)
		return "more than one rule set did not run";
	if (!reason && !test_finding(r->a, "kept", NULL))
		return "evil ran but its finding is missing";
	cm_verdict want = reason ? CM_VERDICT_INCOMPLETE : CM_VERDICT_FEASIBLE_WITH_ADAPTATIONS;
	if (cm_assessment_verdict(r->a) != want) {
		snprintf(why, sizeof why, "verdict %s",
		         cm_verdict_name(cm_assessment_verdict(r->a)));
		return why;
	}
	return others_differ(r->a);
}

/* Found by this suite: the memory cap is one budget for the whole Lua state,
 * so what one rule set kept alive was taken from every call after it. With
 * 244 to 254 pieces kept, inrs-cadre-vert's evaluations in the search hit
 * the limit, which search.c read as "this adaptation set breaks a rule set":
 * the check returned CM_OK with the verdict not-feasible and no rule set
 * reported (a silently wrong answer), or failed with CM_ERULES "adaptation
 * 'vacuum-lifter' (kind lifting-aid) could not be applied: stopped: memory
 * limit of 16 MiB reached", blaming the catalogue. The sweep runs from 7 to
 * 16 MiB kept, across the "more than half the heap" line drawn since. */
static void test_memory_kept_by_one_set(void **state)
{
	(void)state;
	char bad[1024] = "", file[sizeof hoard_template + 16];
	make_dir(&cur);
	for (int n = 112; n <= 256; n += 8) {
		snprintf(file, sizeof file, hoard_template, n);
		assert_int_equal(test_write_file(cur.file, file), 0);
		const char *why = hoard_problem(&cur);
		if (why && strlen(bad) < sizeof bad - 200)
			snprintf(bad + strlen(bad), sizeof bad - strlen(bad),
			         "\n  %d x 64 KiB kept: %s", n, why);
		run_reset(&cur);
	}
	if (bad[0])
		fail_msg("memory kept by \"evil\" reached inrs-cadre-vert:%s", bad);
}

/* ---- the table of tests ------------------------------------------------- */

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

int main(void)
{
	enum {
		NNEIGHBOUR = COUNT(neighbour_rows),
		NISOLATED = COUNT(isolated_rows),
		NTESTS = NATTACKS + NNEIGHBOUR + NISOLATED + 3
	};
	static struct CMUnitTest tests[NTESTS];
	static char names[NNEIGHBOUR][128];
	size_t n = 0;
	for (size_t i = 0; i < NATTACKS; i++)
		tests[n++] = (struct CMUnitTest){attacks[i].name, test_attack, NULL, cur_teardown,
		                                 (void *)&attacks[i]};
	for (size_t i = 0; i < NNEIGHBOUR; i++) {
		snprintf(names[i], sizeof names[i], "innocent neighbour: %s", neighbour_rows[i]);
		tests[n++] = (struct CMUnitTest){names[i], test_neighbour, NULL, cur_teardown,
		                                 (void *)neighbour_rows[i]};
	}
	tests[n++] = (struct CMUnitTest){"two runs give the same report", test_two_runs_agree, NULL,
	                                 cur_teardown, NULL};
	tests[n++] =
	    (struct CMUnitTest){"pairs and tostring are the same every run",
	                        test_pairs_and_tostring_are_reproducible, NULL, cur_teardown, NULL};
	for (size_t i = 0; i < NISOLATED; i++)
		tests[n++] = (struct CMUnitTest){isolated_rows[i].name, test_isolated, NULL,
		                                 cur_teardown, (void *)&isolated_rows[i]};
	tests[n++] = (struct CMUnitTest){"memory one rule set keeps does not starve the others",
	                                 test_memory_kept_by_one_set, NULL, cur_teardown, NULL};
	return _cmocka_run_group_tests("sandbox", tests, n, clean_setup, clean_teardown);
}
