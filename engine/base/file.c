/*
 * file.c — the engine's only reads and writes of whole files, and a rule
 * file's name as reports show it.
 *
 * Reading: open without blocking (a FIFO must not wait for a writer), refuse
 * anything but a regular file, refuse more than the caller's maximum before
 * reading, and read into one buffer. libxml2's and Lua's own file readers are
 * never used (libxml2's silently gunzips).
 *
 * Writing (cm_write_file_atomic) first looks at what the name is:
 *  - nothing yet, or a regular file: the report goes to a temporary file
 *    NAME.tmp-XXXXXX beside it (mkstemp, so 0600), is flushed to disk, gets
 *    its mode and is renamed over the name, so no reader ever sees half a
 *    report; a failure leaves the file as it was and no temporary file;
 *  - a symbolic link, a chain of them, or one to a name that does not exist
 *    yet: the same on the name at the end of the chain, whose directory
 *    gets the temporary file; the links stay links;
 *  - one of this process's open files (/dev/stdout, /dev/fd/N,
 *    /proc/self/fd/N): written to that descriptor in place, at its offset
 *    (after a shell's ">>" the report is appended); never replaced;
 *  - a character device or a FIFO: opened without creating, truncating or
 *    becoming the controlling terminal, and written in place. A FIFO is
 *    opened without blocking, so one that nothing reads is an error at once
 *    ("no reader"), not a hang;
 *  - a directory, a block device or a socket: refused, untouched.
 *
 * Modes: a new file gets the caller's mode as given (the caller applies
 * its umask). A replaced file never gets wider permissions than it had: it
 * gets (old mode & requested mode). Run as root, the replacement keeps the
 * old owner and group; when the group cannot be kept (an ordinary user who
 * is not in it), the group bits are dropped rather than given to another
 * group. The temporary file stays 0600 until just before the rename.
 *
 * Signals: from creating the temporary file until it is renamed or removed,
 * the calling thread blocks every signal that can end the process from
 * outside (all but the synchronous faults), then restores its mask, so a
 * signal that came meanwhile is delivered once the temporary file is gone.
 * No handler is installed: the client's dispositions stay the client's. Not
 * covered: SIGKILL and crashes (a temporary file may remain), other threads
 * of a threaded client (they must block these signals themselves), writes
 * in place (they have no temporary file to leave behind).
 *
 * Not done: the name is looked at before it is written, so whoever can
 * change a directory on the way in between can redirect the write (a
 * report belongs in a directory only its owner can write to). The
 * directory is not fsynced after the rename. ACLs and extended attributes
 * of a replaced file are not copied.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nettle/sha2.h>

#include "file.h"
#include "messages.h"
#include "utf8.h"

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

/* Linux's own limit on the links followed in one lookup. */
#define MAX_LINKS 40

static cm_status cannot_write(cm_ctx *ctx, const char *path, int e, cm_error *err)
{
	return cmi_error_add(err, CM_EIO, path, 0, NULL, cmi_msg(ctx->lang, M_CANNOT_WRITE),
	                     strerror(e));
}

/* Writes all of data; a descriptor left non-blocking by someone else is
 * waited on, as a blocking one would be. -1 with errno on failure. */
static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct pollfd p = {fd, POLLOUT, 0};
			poll(&p, 1, -1);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Puts path's directory into dir ("." when it has none) and returns its
 * last component. path is shorter than PATH_MAX. */
static const char *split_path(const char *path, char *dir)
{
	const char *slash = strrchr(path, '/');
	if (!slash) {
		strcpy(dir, ".");
		return path;
	}
	int n = slash == path ? 1 : (int)(slash - path);
	snprintf(dir, PATH_MAX, "%.*s", n, path);
	return slash + 1;
}

/* The descriptor that the link base in the real directory dir stands for
 * when dir is this process's /proc/PID/fd (or a thread's
 * /proc/PID/task/TID/fd); -1 otherwise. */
static int own_fd(const char *dir, const char *base)
{
	char mine[40];
	size_t n = (size_t)snprintf(mine, sizeof mine, "/proc/%ld/", (long)getpid());
	if (strncmp(dir, mine, n) != 0)
		return -1;
	const char *rest = dir + n, *tail = strrchr(rest, '/');
	if (strcmp(rest, "fd") != 0 &&
	    (strncmp(rest, "task/", 5) != 0 || !tail || strcmp(tail, "/fd") != 0))
		return -1;
	char *end;
	long fd = strtol(base, &end, 10);
	if (*base < '0' || *base > '9' || *end || fd > INT_MAX)
		return -1;
	return (int)fd;
}

/* The name that a link's text leads to from the real directory dir, or
 * NULL when out of memory; cmi_free. */
static char *link_target(cm_ctx *ctx, const char *dir, const char *text)
{
	int absolute = text[0] == '/';
	size_t size = strlen(dir) + strlen(text) + 2;
	char *name = cmi_alloc(ctx, size);
	if (name && snprintf(name, size, "%s%s%s", absolute ? "" : dir,
	                     absolute || !strcmp(dir, "/") ? "" : "/", text) < 0)
		name[0] = '\0';
	return name;
}

/* Follows path's chain of symbolic links to the name at its end (*name,
 * cmi_free) or, when the chain reaches one of this process's descriptors,
 * to that descriptor (*fd, and *name NULL). Any other link in /proc ends
 * the chain where it stands: its text need not be a name ("pipe:[42]").
 * So does a failed lookup: writing to that name then reports the error. */
static cm_status resolve(cm_ctx *ctx, const char *path, char **name /* OUT */, int *fd /* OUT */,
                         cm_error *err)
{
	char dir[PATH_MAX], real[PATH_MAX], text[PATH_MAX];
	char *cur = cmi_strdup(ctx, path);
	*fd = -1;
	for (int hops = 0; cur && hops < MAX_LINKS; hops++) {
		struct stat sb;
		if (strlen(cur) >= PATH_MAX) {
			cmi_free(ctx, cur);
			return cannot_write(ctx, path, ENAMETOOLONG, err);
		}
		const char *base = split_path(cur, dir);
		if (lstat(cur, &sb) != 0 || !S_ISLNK(sb.st_mode) || !realpath(dir, real))
			break;
		if ((*fd = own_fd(real, base)) >= 0 || strncmp(real, "/proc/", 6) == 0)
			break;
		ssize_t n = readlink(cur, text, sizeof text);
		if (n < 0 || n == sizeof text)
			break;
		text[n] = '\0';
		cmi_free(ctx, cur);
		cur = link_target(ctx, real, text);
	}
	if (!cur)
		return cmi_error_nomem(err);
	if (*fd >= 0) {
		cmi_free(ctx, cur);
		cur = NULL;
	}
	*name = cur;
	return CM_OK;
}

/* Opens a character device or a FIFO for writing and writes data in place.
 * O_NONBLOCK makes a FIFO that nothing reads fail at once (ENXIO) instead
 * of waiting; it is cleared before writing. */
static cm_status write_device(cm_ctx *ctx, const char *path, int fifo, const char *data, size_t len,
                              cm_error *err)
{
	int fd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 && errno == ENXIO && fifo)
		return cmi_error_add(err, CM_EIO, path, 0, NULL, "%s",
		                     cmi_msg(ctx->lang, M_OUTPUT_NO_READER));
	if (fd < 0)
		return cannot_write(ctx, path, errno, err);
	struct stat sb;
	int e = 0;
	if (fstat(fd, &sb) != 0)
		e = errno;
	else if (!S_ISCHR(sb.st_mode) && !S_ISFIFO(sb.st_mode))
		e = EAGAIN; /* the name changed since it was looked at: try again */
	else if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0 ||
	         write_all(fd, data, len) != 0)
		e = errno;
	if (close(fd) != 0 && !e)
		e = errno;
	return e ? cannot_write(ctx, path, e, err) : CM_OK;
}

/* Blocks, in the calling thread, every signal that can end the process
 * from outside; *saved receives the mask to restore. The synchronous
 * faults stay open: the kernel kills a thread that blocks the one it must
 * deliver, and debuggers and sanitizers rely on them. */
static void block_signals(sigset_t *saved)
{
	static const int faults[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS, SIGABRT};
	sigset_t set;
	sigfillset(&set);
	for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++)
		sigdelset(&set, faults[i]);
	pthread_sigmask(SIG_BLOCK, &set, saved);
}

/* The mode of a file that replaces old, and its owner: root keeps old's
 * owner and group; a user who cannot keep its group drops the group bits,
 * so that another group does not gain what old's group had. */
static mode_t keep_owner(int fd, const struct stat *old, mode_t mode)
{
	mode &= old->st_mode & 07777;
	if (fchown(fd, old->st_uid, old->st_gid) == 0 || fchown(fd, (uid_t)-1, old->st_gid) == 0)
		return mode;
	return mode & ~(mode_t)070;
}

/* Writes data to name through a temporary file beside it and a rename;
 * old is the file being replaced, or NULL. Errors name path, the caller's. */
static cm_status replace(cm_ctx *ctx, const char *path, const char *name, const struct stat *old,
                         const char *data, size_t len, mode_t mode, cm_error *err)
{
	char dir[PATH_MAX];
	if (strlen(name) >= PATH_MAX)
		return cannot_write(ctx, path, ENAMETOOLONG, err);
	const char *base = split_path(name, dir);
	size_t size = strlen(dir) + strlen(base) + 16;
	char *tmp = cmi_alloc(ctx, size);
	if (!tmp)
		return cmi_error_nomem(err);
	/* the base is cut so that a long name's temporary name fits NAME_MAX */
	snprintf(tmp, size, "%s/%.200s.tmp-XXXXXX", dir, base);
	sigset_t saved;
	block_signals(&saved);
	int e = 0, fd = mkstemp(tmp);
	if (fd < 0)
		e = errno;
	if (fd >= 0) {
		mode = old ? keep_owner(fd, old, mode) : mode;
		if (write_all(fd, data, len) != 0 || fchmod(fd, mode) != 0 || fsync(fd) != 0)
			e = errno;
		if (close(fd) != 0 && !e)
			e = errno;
		if (!e && rename(tmp, name) != 0)
			e = errno;
		if (e)
			unlink(tmp);
	}
	pthread_sigmask(SIG_SETMASK, &saved, NULL);
	cmi_free(ctx, tmp);
	return e ? cannot_write(ctx, path, e, err) : CM_OK;
}

cm_status cm_write_file_atomic(cm_ctx *ctx, const char *path, const char *data, size_t len,
                               int mode, cm_error *err)
{
	if (strlen(path) >= PATH_MAX)
		return cannot_write(ctx, path, ENAMETOOLONG, err);
	char *name = NULL;
	int fd;
	cm_status st = resolve(ctx, path, &name, &fd, err);
	if (st != CM_OK)
		return st;
	mode_t want = (mode_t)mode & 07777;
	struct stat sb;
	if (fd >= 0)
		st = write_all(fd, data, len) == 0 ? CM_OK : cannot_write(ctx, path, errno, err);
	else if (stat(path, &sb) != 0)
		st = errno == ENOENT ? replace(ctx, path, name, NULL, data, len, want, err)
		                     : cannot_write(ctx, path, errno, err);
	else if (S_ISREG(sb.st_mode))
		st = replace(ctx, path, name, &sb, data, len, want, err);
	else if (S_ISCHR(sb.st_mode) || S_ISFIFO(sb.st_mode))
		st = write_device(ctx, path, S_ISFIFO(sb.st_mode), data, len, err);
	else
		st = cmi_error_add(err, CM_EIO, path, 0, NULL, "%s",
		                   cmi_msg(ctx->lang, S_ISDIR(sb.st_mode) ? M_OUTPUT_DIRECTORY
		                                                          : M_OUTPUT_SPECIAL));
	cmi_free(ctx, name);
	return st;
}

cm_status cmi_load_file(cm_ctx *ctx, const char *path, size_t max, cmi_load_memory_fn load,
                        void *out, cm_error *err)
{
	char *buf;
	size_t len;
	cm_status st = cmi_read_file(ctx, path, max, &buf, &len, err);
	if (st != CM_OK)
		return st;
	st = load(ctx, path, buf, len, out, err);
	cmi_free(ctx, buf);
	return st;
}

void cmi_sha256_hex(const char *buf, size_t len, char out[65])
{
	struct sha256_ctx h;
	uint8_t digest[SHA256_DIGEST_SIZE];
	sha256_init(&h);
	sha256_update(&h, len, (const uint8_t *)buf);
	sha256_digest(&h, sizeof digest, digest);
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[2 * SHA256_DIGEST_SIZE] = '\0';
}

const char *cmi_report_file_name(const cm_ctx *ctx, const char *path, char shown[CMI_SHOWN_FILE])
{
	size_t n = strlen(ctx->datadir);
	const char *name = path ? path : "";
	if (path && !strncmp(path, ctx->datadir, n) && path[n] == '/')
		name = path + n + 1;
	else if (path && strrchr(path, '/'))
		name =
		    strrchr(path, '/') + 1; /* a --rules-dir file: its name; the hash says which */
	char cut[CMI_SHOWN_FILE / 4 + 1];
	size_t len = strlen(name) < sizeof cut - 1 ? strlen(name) : sizeof cut - 1;
	memcpy(cut, name, len);
	cut[len] = '\0';
	cmi_text_escape(cut, shown);
	return shown;
}
