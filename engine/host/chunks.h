/*
 * chunks.h — the shipped rule files, compiled when capamatch is built.
 *
 * A cold `check` spent about 40 % of its CPU time compiling Lua source
 * (the .lua files of rules/ and rules/lib/: 126 KB, 3.6 ms on this
 * project's machine, against 0.4 ms to load the same code compiled). So the
 * build compiles each shipped file (scripts/rule-chunks.c) into a table
 * linked into the library, keyed by the SHA-256 of the file's bytes. The
 * sandbox, having read a rule file and hashed it for the report, loads the
 * compiled form when the hash is in the table, and compiles the text
 * otherwise. A file whose bytes are not exactly those the build compiled
 * (a user's set, an edited file) is compiled from its text, as before;
 * bytecode from anywhere but this table is never loaded.
 *
 * What the table holds was compiled with the chunk name "=" and its debug
 * information kept: the sandbox puts the file's real name back where the
 * name sits (cmi_chunk_reader), so messages name "path:line" as they do
 * for text. Not here: reading files, the sandbox. Internal; this header is
 * also included by the build's compiler, scripts/rule-chunks.c.
 */
#ifndef CM_CHUNKS_H
#define CM_CHUNKS_H

#include <stddef.h>
#include <string.h>

/* One compiled file: code[0, head) is Lua's header and the main
 * function's count of upvalues, then comes the chunk's name ("="), and
 * code[body, len) is everything after it. */
typedef struct cmi_chunk {
	const char *sha256; /* of the file's bytes, lower-case hex */
	const char *file;   /* as the build named it (rules/capacity.lua): for tests */
	const unsigned char *code;
	size_t len, head, body;
} cmi_chunk;

/* The compiled form of the file whose SHA-256 is sha256, or NULL. */
const cmi_chunk *cmi_chunk_find(const char *sha256);
/* The table, for tests: *n entries. */
const cmi_chunk *cmi_chunk_all(int *n /* OUT */);

/* What of a rule file is Lua: as the `lua` interpreter does, a UTF-8 byte
 * order mark, then a first line starting with '#' (a "#!" line), are
 * skipped, so a rule file that runs with `lua` loads here too. The line's
 * newline stays, and with it the line numbers of messages. One function
 * for the sandbox and the build's compiler, so both compile the same text. */
static inline const char *cmi_chunk_text(const char *src, size_t *len)
{
	if (*len >= 3 && !memcmp(src, "\xEF\xBB\xBF", 3))
		src += 3, *len -= 3;
	if (*len > 0 && src[0] == '#') {
		const char *nl = memchr(src, '\n', *len);
		size_t skip = nl ? (size_t)(nl - src) : *len;
		src += skip, *len -= skip;
	}
	return src;
}

/* Lua 5.4 writes a string's length plus one in 7-bit groups, most
 * significant first, the last group marked with 0x80 (ldump.c, dumpSize).
 * Writes n's encoding into out (at least 10 bytes) and returns its length. */
static inline size_t cmi_chunk_size_code(size_t n, unsigned char *out)
{
	unsigned char rev[10];
	size_t k = 0;
	do {
		rev[k++] = (unsigned char)(n & 0x7f);
		n >>= 7;
	} while (n && k < sizeof rev);
	rev[0] |= 0x80;
	for (size_t i = 0; i < k; i++)
		out[i] = rev[k - 1 - i];
	return k;
}

#endif
