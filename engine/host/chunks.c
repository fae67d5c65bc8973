/*
 * chunks.c — looking up the shipped rule files compiled by the build.
 *
 * The table itself is generated (scripts/rule-chunks.c writes
 * $(BUILD)/gen/rule_chunks.c from rules/); this file only searches it.
 * A handful of entries: a linear search by hash is all it needs.
 */
#include "chunks.h"

/* Defined in the generated rule_chunks.c. */
extern const cmi_chunk cmi_chunk_table[];
extern const int cmi_chunk_count;

const cmi_chunk *cmi_chunk_find(const char *sha256)
{
	for (int i = 0; i < cmi_chunk_count; i++)
		if (!strcmp(cmi_chunk_table[i].sha256, sha256))
			return &cmi_chunk_table[i];
	return NULL;
}

const cmi_chunk *cmi_chunk_all(int *n)
{
	*n = cmi_chunk_count;
	return cmi_chunk_table;
}
