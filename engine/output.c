/*
 * output.c — writing a report so that no reader ever sees half of it: the
 * data goes to a temporary file in the target's directory, is flushed to
 * disk, and is renamed over the target. A failure leaves the target as it
 * was and removes the temporary file.
 *
 * The mode is the caller's: reports that hold medical data are 0600.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctx.h"
#include "messages.h"

static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

cm_status cm_write_file_atomic(cm_ctx *ctx, const char *path, const char *data, size_t len,
                               int mode, cm_error *err)
{
	size_t n = strlen(path);
	char *tmp = malloc(n + 16);
	if (!tmp)
		return cmi_error_nomem(err);
	snprintf(tmp, n + 16, "%s.tmp-XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		cm_status st = cmi_error_add(err, CM_EIO, path, 0, NULL,
		                             cmi_msg(ctx->lang, M_CANNOT_WRITE), strerror(errno));
		free(tmp);
		return st;
	}
	int failed =
	    fchmod(fd, (mode_t)mode) != 0 || write_all(fd, data, len) != 0 || fsync(fd) != 0;
	int saved = errno;
	failed |= close(fd) != 0;
	if (!failed && rename(tmp, path) != 0) {
		failed = 1;
		saved = errno;
	}
	cm_status st = CM_OK;
	if (failed) {
		unlink(tmp);
		st = cmi_error_add(err, CM_EIO, path, 0, NULL, cmi_msg(ctx->lang, M_CANNOT_WRITE),
		                   strerror(saved));
	}
	free(tmp);
	return st;
}
