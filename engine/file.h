/*
 * file.h — reading whole files safely (the public writer is
 * cm_write_file_atomic). Internal.
 */
#ifndef CM_FILE_H
#define CM_FILE_H

#include "ctx.h"

/* Reads a regular file of at most max bytes into a new NUL-terminated
 * buffer the caller frees with cmi_free. A FIFO, a directory or a device is
 * refused at once, never waited on. */
cm_status cmi_read_file(cm_ctx *ctx, const char *path, size_t max, char **buf /* OUT */,
                        size_t *len /* OUT */, cm_error *err);

#endif
