/*
 * file.h — reading whole files safely (the public writer is
 * cm_write_file_atomic), and a rule file's name as reports show it.
 * Internal.
 */
#ifndef CM_FILE_H
#define CM_FILE_H

#include "ctx.h"

/* Reads a regular file of at most max bytes into a new NUL-terminated
 * buffer the caller frees with cmi_free. A FIFO, a directory or a device is
 * refused at once, never waited on. */
cm_status cmi_read_file(cm_ctx *ctx, const char *path, size_t max, char **buf /* OUT */,
                        size_t *len /* OUT */, cm_error *err);

/* The SHA-256 of buf as lower-case hex: how reports name their inputs. */
void cmi_sha256_hex(const char *buf, size_t len, char out[65]);

/* What loads a document from memory: a profile or a classification;
 * out is the loader's T ** (it sets *out). */
typedef cm_status (*cmi_load_memory_fn)(cm_ctx *ctx, const char *name, const char *buf, size_t len,
                                        void *out, cm_error *err);
/* Reads path (as cmi_read_file, at most max bytes) and hands the bytes to
 * load, with path as the document's name; the buffer is freed after. */
cm_status cmi_load_file(cm_ctx *ctx, const char *path, size_t max, cmi_load_memory_fn load,
                        void *out, cm_error *err);

/* A rule file's name as reports show it: relative to the data directory
 * when it lies there, else (a --rules-dir file) its name alone, so that a
 * report reads the same wherever capamatch is installed and wherever the
 * user keeps rule sets; the file's hash tells which it is. Written into
 * shown, escaped (utf8.h, cmi_text_escape: a name may hold ESC or bytes
 * that are not UTF-8); returns shown. */
enum { CMI_SHOWN_FILE = 4 * 4096 + 1 }; /* rules.c's paths are under 4096 bytes */
const char *cmi_report_file_name(const cm_ctx *ctx, const char *path,
                                 char shown[CMI_SHOWN_FILE] /* OUT */);

#endif
