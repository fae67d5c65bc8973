/*
 * file.c — the engine's only reads and writes of whole files.
 *
 * Reading: open without blocking (a FIFO must not wait for a writer), refuse
 * anything but a regular file, refuse more than the caller's maximum before
 * reading, and read into one buffer. libxml2's and Lua's own file readers are
 * never used (libxml2's silently gunzips).
 *
 * Writing: a report goes to a temporary file in the target's directory, is
 * flushed to disk, and is renamed over the target, so no reader ever sees
 * half of it; a failure leaves the target as it was and removes the
 * temporary file. The mode is the caller's: reports that hold medical data
 * are 0600.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "messages.h"

cm_status cmi_read_file(cm_ctx *ctx, const char *path, size_t max, char **buf, size_t *len,
                        cm_error *err)
{
	*buf = NULL;
	*len = 0;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer; the type check
	 * below then refuses it. No effect on a regular file. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return cmi_error_add(err, CM_EIO, path, 0, NULL, cmi_msg(ctx->lang, M_CANNOT_OPEN),
		                     strerror(errno));
	cm_status st = CM_OK;
	struct stat sb;
	char *data = NULL;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		st = cmi_error_add(err, CM_EIO, path, 0, NULL, "%s",
		                   cmi_msg(ctx->lang, M_NOT_A_FILE));
		goto done;
	}
	if ((unsigned long long)sb.st_size > max) {
		st = cmi_error_add(err, CM_EINPUT, path, 0, NULL, cmi_msg(ctx->lang, M_TOO_BIG),
		                   (unsigned)(max >> 20));
		goto done;
	}
	size_t want = (size_t)sb.st_size, got = 0;
	data = cmi_alloc(ctx, want + 1);
	if (!data) {
		st = cmi_error_nomem(err);
		goto done;
	}
	while (got < want) {
		ssize_t n = read(fd, data + got, want - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			st = cmi_error_add(err, CM_EIO, path, 0, NULL,
			                   cmi_msg(ctx->lang, M_CANNOT_READ),
			                   n < 0 ? strerror(errno) : "short read");
			goto done;
		}
		got += (size_t)n;
	}
	data[got] = '\0';
	*buf = data;
	*len = got;
	data = NULL;
done:
	cmi_free(ctx, data);
	close(fd);
	return st;
}

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
