/*
 * test_file.c — cm_write_file_atomic on every kind of name it can be given,
 * and under signals.
 *
 * Kinds: a character device (a terminal, and as root copies of /dev/null and
 * /dev/full made with mknod: /dev/full's "no space" shows the report went
 * to the device; a copy of a terminal's node cannot be opened, EIO), a FIFO with and without a
 * reader, a socket, a block device and a directory. Each must still be what it was afterwards, and
 * must either have received the report or have been refused with the documented message. A FIFO
 * must never make the call hang, so every write of that table runs in a child process that is
 * killed after CHILD_SECONDS. Descriptors: /proc/self/fd/N, /dev/fd/N and /dev/stdout are written
 * to the descriptor in place (a file opened for appending is appended to). Links: the name at the
 * end of a chain is replaced, with its temporary file in its own directory, and the links stay
 * links; nothing named .tmp- is left anywhere. Modes: a new file gets the mode asked for, a
 * replaced one never a wider one, and (as root) keeps its owner and group. Signals: a signal that
 * arrives while the temporary file exists (SIGXFSZ from the kernel inside write(2), SIGTERM from
 * another process) ends the process only once that file is renamed or removed.
 *
 * Tests that need root (mknod, chown, changing user) are skipped, visibly,
 * when not run as root.
 */
#define _XOPEN_SOURCE 700 /* posix_openpt, grantpt, unlockpt, ptsname */

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>

#include "support.h"

#define CHILD_SECONDS 10
#define REPORT        "{\"verdict\": \"feasible\"}\n"
#define OLD           "an older and much longer report that must not survive in part\n"

static char tmpdir[64];
static int peer = -1; /* the read end a row's target sends to, or -1 */

static int make_tmpdir(void **state)
{
	(void)state;
	return test_make_tmpdir(tmpdir, "file");
}

static int remove_tmpdir(void **state)
{
	(void)state;
	if (peer >= 0)
		close(peer);
	peer = -1;
	test_remove_tree(tmpdir);
	return 0;
}

static void skip_unless_root(void)
{
	if (geteuid() != 0) {
		print_message("needs root (mknod, chown or setuid): skipped\n");
		skip();
	}
}

/* Every name under dir, depth first, sorted, joined by spaces ("" when
 * empty); a directory's names follow it as "dir/name". */
static void list_tree(const char *dir, const char *prefix, char *out, size_t size)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	assert_true(n >= 0);
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		char sub[512], subprefix[512];
		struct stat sb;
		snprintf(sub, sizeof sub, "%s/%s", dir, name);
		snprintf(subprefix, sizeof subprefix, "%s%s/", prefix, name);
		if (strcmp(name, ".") && strcmp(name, "..")) {
			snprintf(out + strlen(out), size - strlen(out), "%s%s%s", *out ? " " : "",
			         prefix, name);
			if (lstat(sub, &sb) == 0 && S_ISDIR(sb.st_mode))
				list_tree(sub, subprefix, out, size);
		}
		free(names[i]);
	}
	free(names);
}

static void assert_tree(const char *want)
{
	char got[2048] = "";
	list_tree(tmpdir, "", got, sizeof got);
	assert_string_equal(got, want);
}

/* Reads what is waiting on fd (non-blocking) and compares it with want. */
static void assert_received(int fd, const char *want)
{
	char buf[4096];
	ssize_t n = read(fd, buf, sizeof buf - 1);
	assert_true(n >= 0);
	buf[n] = '\0';
	assert_string_equal(buf, want);
}

/* One write of REPORT with a context of its own: the status, the problem's
 * message (or ""), and *tidy set when a failure carries exactly one problem
 * that names path. No assertion: a forked child calls it too (a cmocka
 * failure in a child would go on to run the parent's other tests). */
static cm_status write_report(const char *path, int mode, char *message, size_t size, int *tidy)
{
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	cm_status st =
	    ctx ? cm_write_file_atomic(ctx, path, REPORT, strlen(REPORT), mode, &err) : CM_ENOMEM;
	snprintf(message, size, "%s", err.nproblems ? err.problems[0].message : "");
	*tidy = ctx && (st == CM_OK ? err.nproblems == 0
	                            : err.nproblems == 1 && !strcmp(err.problems[0].file, path));
	cm_error_clear(&err);
	cm_ctx_free(ctx);
	return st;
}

/* The same in this process, asserting that the problem is tidy. */
static cm_status write_here(const char *path, int mode, char *message, size_t size)
{
	int tidy;
	cm_status st = write_report(path, mode, message, size, &tidy);
	if (!tidy)
		fail_msg("writing %s: status %d, problems not one naming the path (%s)", path,
		         (int)st, message);
	return st;
}

/* The same in a child process killed after CHILD_SECONDS: the status, -1
 * if it hung, -2 if its problems were not tidy, -3 if it died. The child hands back
 * "STATUS MESSAGE" through a pipe. */
static int write_in_child(const char *path, char *message, size_t size)
{
	int p[2];
	assert_int_equal(pipe(p), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		char msg[512];
		int tidy;
		cm_status st = write_report(path, 0644, msg, sizeof msg, &tidy);
		dprintf(p[1], "%d %s", tidy ? (int)st : -2, msg);
		_exit(0);
	}
	close(p[1]);
	char buf[600];
	size_t got = 0;
	struct pollfd pf = {p[0], POLLIN, 0};
	time_t end = time(NULL) + CHILD_SECONDS;
	ssize_t n = 1;
	while (n > 0 && got < sizeof buf - 1 && time(NULL) < end && poll(&pf, 1, 1000) >= 0)
		if (pf.revents && (n = read(p[0], buf + got, sizeof buf - 1 - got)) > 0)
			got += (size_t)n;
	close(p[0]);
	if (n != 0)
		kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	buf[got] = '\0';
	int st = -1;
	int used = 0;
	if (n != 0)
		return -1;
	if (sscanf(buf, "%d %n", &st, &used) != 1)
		return -3;
	snprintf(message, size, "%s", buf + used);
	return st;
}

/* ---- kinds of names that are not regular files ---------------------------- */

/* A pseudo-terminal in raw mode (no \n to \r\n); its master becomes peer.
 * Puts the terminal's name into path. */
static void open_terminal(char *path, size_t size)
{
	peer = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK);
	assert_true(peer >= 0);
	assert_int_equal(grantpt(peer), 0);
	assert_int_equal(unlockpt(peer), 0);
	snprintf(path, size, "%s", ptsname(peer));
	int slave = open(path, O_RDWR | O_NOCTTY);
	assert_true(slave >= 0);
	struct termios t;
	assert_int_equal(tcgetattr(slave, &t), 0);
	cfmakeraw(&t);
	assert_int_equal(tcsetattr(slave, TCSANOW, &t), 0);
	close(slave); /* the master keeps the terminal alive */
}

static void make_null(char *path, size_t size)
{
	snprintf(path, size, "%s/null", tmpdir);
	assert_int_equal(mknod(path, S_IFCHR | 0666, makedev(1, 3)), 0);
}

static void make_full(char *path, size_t size)
{
	snprintf(path, size, "%s/full", tmpdir);
	assert_int_equal(mknod(path, S_IFCHR | 0666, makedev(1, 7)), 0);
}

static void make_block(char *path, size_t size)
{
	snprintf(path, size, "%s/loop", tmpdir);
	assert_int_equal(mknod(path, S_IFBLK | 0600, makedev(7, 0)), 0);
}

static void make_fifo(char *path, size_t size)
{
	snprintf(path, size, "%s/fifo", tmpdir);
	assert_int_equal(mkfifo(path, 0600), 0);
}

static void make_fifo_read(char *path, size_t size)
{
	make_fifo(path, size);
	peer = open(path, O_RDONLY | O_NONBLOCK);
	assert_true(peer >= 0);
}

static void make_socket(char *path, size_t size)
{
	snprintf(path, size, "%s/socket", tmpdir);
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	snprintf(a.sun_path, sizeof a.sun_path, "%s", path);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(s >= 0);
	assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof a), 0);
	close(s);
}

static void make_directory(char *path, size_t size)
{
	snprintf(path, size, "%s/reports", tmpdir);
	assert_int_equal(mkdir(path, 0700), 0);
}

typedef struct kind_case {
	const char *name;
	void (*make)(char *path, size_t size); /* makes the name to write to */
	int root;                              /* needs root */
	cm_status want;
	const char *message; /* exact problem message when failing */
	mode_t kind;         /* what the name must still be (S_IFMT bits) */
	const char *tree;    /* names under tmpdir afterwards */
	const char *peer;    /* what peer must have received, or NULL */
} kind_case;

static const kind_case kind_cases[] = {
    {"a terminal receives the report", open_terminal, 0, CM_OK, NULL, S_IFCHR, "", REPORT},
    {"a copy of /dev/null is written through, stays a device", make_null, 1, CM_OK, NULL, S_IFCHR,
     "null", NULL},
    {"a copy of /dev/full is written through and its error reported", make_full, 1, CM_EIO,
     "cannot write: No space left on device", S_IFCHR, "full", NULL},
    {"a block device is refused", make_block, 1, CM_EIO,
     "is a block device or a socket (a report goes to a file, a terminal, a character device "
     "or a pipe)",
     S_IFBLK, "loop", NULL},
    {"a FIFO that nothing reads: an error at once, no hang", make_fifo, 0, CM_EIO,
     "is a pipe that nothing reads (start its reader first)", S_IFIFO, "fifo", NULL},
    {"a FIFO with a reader receives the report", make_fifo_read, 0, CM_OK, NULL, S_IFIFO, "fifo",
     REPORT},
    {"a socket is refused", make_socket, 0, CM_EIO,
     "is a block device or a socket (a report goes to a file, a terminal, a character device "
     "or a pipe)",
     S_IFSOCK, "socket", NULL},
    {"a directory is refused", make_directory, 0, CM_EIO,
     "is a directory (expected a file name for the report)", S_IFDIR, "reports", NULL},
};

static void test_kind(void **state)
{
	const kind_case *c = *state;
	char path[256], message[512];
	struct stat sb;
	if (c->root)
		skip_unless_root();
	c->make(path, sizeof path);
	int st = write_in_child(path, message, sizeof message);
	if (st == -1)
		fail_msg("the write to %s did not end within %d s", path, CHILD_SECONDS);
	if (st == -2)
		fail_msg("the write to %s failed without exactly one problem naming it", path);
	if (st == -3)
		fail_msg("the child writing to %s died (a sanitizer's report is above)", path);
	assert_int_equal(st, c->want);
	assert_string_equal(message, c->message ? c->message : "");
	assert_int_equal(lstat(path, &sb), 0);
	assert_int_equal(sb.st_mode & S_IFMT, c->kind);
	assert_tree(c->tree);
	if (c->peer)
		assert_received(peer, c->peer);
}

/* ---- this process's own descriptors ------------------------------------- */

/* A pipe whose read end does not block. */
static void open_pipe(int p[2])
{
	assert_int_equal(pipe(p), 0);
	assert_int_equal(fcntl(p[0], F_SETFL, O_NONBLOCK), 0);
}

static void test_proc_self_fd_pipe(void **state)
{
	(void)state;
	int p[2];
	char path[64], message[512];
	open_pipe(p);
	snprintf(path, sizeof path, "/proc/self/fd/%d", p[1]);
	assert_int_equal(write_here(path, 0644, message, sizeof message), CM_OK);
	close(p[1]);
	assert_received(p[0], REPORT);
	close(p[0]);
}

/* A link made as /dev/stdout is (to /proc/self/fd/1), with a pipe on fd 1.
 * Not /dev/stdout itself: the tests run as root, and a regression would
 * replace the machine's /dev/stdout with a file (as the old code did). */
static void test_stdout_link_pipe(void **state)
{
	(void)state;
	int p[2];
	char path[256], message[512];
	snprintf(path, sizeof path, "%s/stdout", tmpdir);
	assert_int_equal(symlink("/proc/self/fd/1", path), 0);
	open_pipe(p);
	fflush(stdout);
	int saved = dup(1);
	assert_true(saved >= 0);
	assert_int_equal(dup2(p[1], 1), 1);
	cm_status st = write_here(path, 0644, message, sizeof message);
	dup2(saved, 1);
	close(saved);
	close(p[1]);
	assert_int_equal(st, CM_OK);
	assert_received(p[0], REPORT);
	close(p[0]);
	struct stat sb;
	assert_int_equal(lstat(path, &sb), 0);
	assert_true(S_ISLNK(sb.st_mode));
	assert_tree("stdout");
}

/* `capamatch ... -o /dev/fd/N` after a shell's N>>FILE: appended to the
 * very file the descriptor is open on, which is not replaced. */
static void test_dev_fd_appends(void **state)
{
	(void)state;
	char file[256], path[64], message[512];
	struct stat before, after;
	snprintf(file, sizeof file, "%s/log.txt", tmpdir);
	assert_int_equal(test_write_file(file, OLD), 0);
	int fd = open(file, O_WRONLY | O_APPEND);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &before), 0);
	snprintf(path, sizeof path, "/dev/fd/%d", fd);
	assert_int_equal(write_here(path, 0600, message, sizeof message), CM_OK);
	close(fd);
	assert_int_equal(stat(file, &after), 0);
	assert_int_equal(after.st_ino, before.st_ino);
	assert_int_equal(after.st_mode & 07777, before.st_mode & 07777);
	char *got = test_slurp(file);
	assert_string_equal(got, OLD REPORT);
	free(got);
	assert_tree("log.txt");
}

/* ---- symbolic links ----------------------------------------------------- */

typedef struct link_case {
	const char *name;
	const char *dirs[2];     /* directories to make under tmpdir */
	const char *links[3][2]; /* {name, text}: links to make; a text that
	                          * starts with @ is made absolute (tmpdir/) */
	const char *existing;    /* a file with OLD in it, or NULL */
	const char *write_to;    /* the name given to cm_write_file_atomic */
	const char *lands;       /* the file that must then hold the report */
	const char *message;     /* exact problem message when it fails */
	const char *tree;        /* names under tmpdir afterwards */
} link_case;

static const link_case link_cases[] = {
    {"a link to a regular file: the file is replaced, the link stays",
     {"real"},
     {{"out.json", "real/report.json"}},
     "real/report.json",
     "out.json",
     "real/report.json",
     NULL,
     "out.json real real/report.json"},
    {"a chain of links across directories, relative and absolute",
     {"a", "b"},
     {{"out.json", "@a/step"}, {"a/step", "../b/report.json"}},
     "b/report.json",
     "out.json",
     "b/report.json",
     NULL,
     "a a/step b b/report.json out.json"},
    {"a dangling link: its target is created, the link stays",
     {"real"},
     {{"out.json", "real/new.json"}},
     NULL,
     "out.json",
     "real/new.json",
     NULL,
     "out.json real real/new.json"},
    {"a dangling link into a missing directory: an error, nothing made",
     {NULL},
     {{"out.json", "missing/new.json"}},
     NULL,
     "out.json",
     NULL,
     "cannot write: No such file or directory",
     "out.json"},
    {"a link to a directory is refused",
     {"real"},
     {{"out.json", "real"}},
     NULL,
     "out.json",
     NULL,
     "is a directory (expected a file name for the report)",
     "out.json real"},
    {"a loop of links: an error, nothing made",
     {NULL},
     {{"out.json", "loop"}, {"loop", "out.json"}},
     NULL,
     "out.json",
     NULL,
     "cannot write: Too many levels of symbolic links",
     "loop out.json"},
};

/* Makes a case's directories, links and existing file. */
static void make_links(const link_case *c)
{
	char path[512], text[512];
	for (int i = 0; i < 2 && c->dirs[i]; i++) {
		snprintf(path, sizeof path, "%s/%s", tmpdir, c->dirs[i]);
		assert_int_equal(mkdir(path, 0755), 0);
	}
	for (int i = 0; i < 3 && c->links[i][0]; i++) {
		snprintf(path, sizeof path, "%s/%s", tmpdir, c->links[i][0]);
		if (c->links[i][1][0] == '@')
			snprintf(text, sizeof text, "%s/%s", tmpdir, c->links[i][1] + 1);
		else
			snprintf(text, sizeof text, "%s", c->links[i][1]);
		assert_int_equal(symlink(text, path), 0);
	}
	if (c->existing) {
		snprintf(path, sizeof path, "%s/%s", tmpdir, c->existing);
		assert_int_equal(test_write_file(path, OLD), 0);
	}
}

static void test_link(void **state)
{
	const link_case *c = *state;
	char path[512], message[512];
	make_links(c);
	snprintf(path, sizeof path, "%s/%s", tmpdir, c->write_to);
	cm_status st = write_here(path, 0644, message, sizeof message);
	assert_int_equal(st, c->lands ? CM_OK : CM_EIO);
	assert_string_equal(message, c->message ? c->message : "");
	assert_tree(c->tree);
	for (int i = 0; i < 3 && c->links[i][0]; i++) {
		struct stat sb;
		snprintf(path, sizeof path, "%s/%s", tmpdir, c->links[i][0]);
		assert_int_equal(lstat(path, &sb), 0);
		assert_true(S_ISLNK(sb.st_mode));
	}
	if (c->lands) {
		snprintf(path, sizeof path, "%s/%s", tmpdir, c->lands);
		char *got = test_slurp(path);
		assert_string_equal(got, REPORT);
		free(got);
	}
}

/* ---- modes -------------------------------------------------------------- */

typedef struct mode_case {
	const char *name;
	int existing;  /* the mode of a file already there; -1: none */
	int requested; /* as passed to cm_write_file_atomic */
	int want;      /* the report's mode */
} mode_case;

static const mode_case mode_cases[] = {
    {"a new file gets the mode asked for: 0600", -1, 0600, 0600},
    {"a new file gets the mode asked for: 0644 (no umask in the library)", -1, 0644, 0644},
    {"an existing 0600 file stays 0600 when 0644 is asked for", 0600, 0644, 0600},
    {"an existing 0640 file narrows to 0600 when 0600 is asked for", 0640, 0600, 0600},
    {"an existing 0666 file narrows to 0644", 0666, 0644, 0644},
    {"an existing read-only 0444 file stays read-only", 0444, 0644, 0444},
    {"an existing 0755 file loses its execute bits", 0755, 0644, 0644},
};

static void test_mode(void **state)
{
	const mode_case *c = *state;
	char path[256], message[512];
	struct stat sb;
	snprintf(path, sizeof path, "%s/report.json", tmpdir);
	if (c->existing >= 0) {
		assert_int_equal(test_write_file(path, OLD), 0);
		assert_int_equal(chmod(path, (mode_t)c->existing), 0);
	}
	assert_int_equal(write_here(path, c->requested, message, sizeof message), CM_OK);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, c->want);
	char *got = test_slurp(path);
	assert_string_equal(got, REPORT);
	free(got);
	assert_tree("report.json");
}

/* Root replacing a user's report must not take it from that user. */
static void test_root_keeps_owner(void **state)
{
	(void)state;
	skip_unless_root();
	char path[256], message[512];
	struct stat sb;
	snprintf(path, sizeof path, "%s/report.json", tmpdir);
	assert_int_equal(test_write_file(path, OLD), 0);
	assert_int_equal(chown(path, 1234, 5678), 0);
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(write_here(path, 0644, message, sizeof message), CM_OK);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_uid, 1234);
	assert_int_equal(sb.st_gid, 5678);
	assert_int_equal(sb.st_mode & 07777, 0640);
}

/* A user who may replace a file (the directory is theirs) but is not in
 * its group: the group bits go, so that the user's group does not gain
 * what the file's group had. Run as uid/gid 4321 in a child. */
static void test_foreign_group_dropped(void **state)
{
	(void)state;
	skip_unless_root();
	char path[256];
	struct stat sb;
	snprintf(path, sizeof path, "%s/report.json", tmpdir);
	assert_int_equal(chown(tmpdir, 4321, 4321), 0);
	assert_int_equal(test_write_file(path, OLD), 0);
	assert_int_equal(chown(path, 4321, 5678), 0);
	assert_int_equal(chmod(path, 0640), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char message[512];
		int tidy;
		gid_t none[1] = {4321};
		if (setgroups(1, none) != 0 || setgid(4321) != 0 || setuid(4321) != 0)
			_exit(3);
		_exit(write_report(path, 0644, message, sizeof message, &tidy) == CM_OK ? 0 : 4);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_gid, 4321);
	assert_int_equal(sb.st_mode & 07777, 0600);
	assert_tree("report.json");
}

/* ---- signals ------------------------------------------------------------ */

static void exit_on_signal(int sig)
{
	_exit(100 + sig);
}

/* The kernel raises SIGXFSZ inside write(2) when the temporary file passes
 * RLIMIT_FSIZE. A handler that ends the process at once stands for any
 * fatal signal (without leaving a core file): it must run only after the
 * failed write's temporary file is removed, and the old report survives. */
static void test_sigxfsz_mid_write(void **state)
{
	(void)state;
	char path[256];
	snprintf(path, sizeof path, "%s/report.json", tmpdir);
	assert_int_equal(test_write_file(path, OLD), 0);
	enum { BIG = 4 << 20 };
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct rlimit lim = {1 << 20, 1 << 20};
		char *big = malloc(BIG);
		cm_ctx *ctx = test_ctx();
		cm_error err = {0};
		if (!big || !ctx || signal(SIGXFSZ, exit_on_signal) == SIG_ERR ||
		    setrlimit(RLIMIT_FSIZE, &lim) != 0)
			_exit(3);
		memset(big, 'x', BIG);
		cm_status st = cm_write_file_atomic(ctx, path, big, BIG, 0644, &err);
		_exit(st == CM_EIO ? 4 : 5); /* returned without the signal arriving */
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 100 + SIGXFSZ);
	assert_tree("report.json");
	char *got = test_slurp(path);
	assert_string_equal(got, OLD);
	free(got);
}

/* Polls dir until a name holding ".tmp-" appears or the child is gone;
 * 1 when one appeared. */
static int wait_for_temporary(const char *dir, pid_t pid)
{
	for (;;) {
		char names[2048] = "";
		list_tree(dir, "", names, sizeof names);
		if (strstr(names, ".tmp-"))
			return 1;
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return 0;
	}
}

/* SIGTERM from another process while a large report is being written (the
 * parent sends it once it sees the temporary file): the child dies of it,
 * but only after the rename, so the new report is there whole and nothing
 * else. Should the parent miss the temporary file, it tries a larger one. */
static void test_sigterm_mid_write(void **state)
{
	(void)state;
	char path[256];
	snprintf(path, sizeof path, "%s/report.json", tmpdir);
	for (size_t big = 32 << 20; big <= (256u << 20); big *= 2) {
		assert_int_equal(test_write_file(path, OLD), 0);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			char *data = malloc(big);
			cm_ctx *ctx = test_ctx();
			cm_error err = {0};
			if (!data || !ctx)
				_exit(3);
			memset(data, 'y', big);
			_exit(cm_write_file_atomic(ctx, path, data, big, 0644, &err) == CM_OK ? 0
			                                                                      : 4);
		}
		if (!wait_for_temporary(tmpdir, pid))
			continue; /* the child finished before it was seen */
		assert_int_equal(kill(pid, SIGTERM), 0);
		int status;
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_tree("report.json");
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			continue; /* it finished before the signal landed */
		assert_true(WIFSIGNALED(status));
		assert_int_equal(WTERMSIG(status), SIGTERM);
		struct stat sb;
		assert_int_equal(stat(path, &sb), 0);
		assert_int_equal(sb.st_size, big);
		return;
	}
	fail_msg("never saw the temporary file of a write up to 256 MiB");
}

/* The caller's signal mask is the same afterwards, blocked signals included,
 * and a signal that was pending stays pending. */
static void test_mask_restored(void **state)
{
	(void)state;
	char path[256], message[512];
	sigset_t mine, before, after, pending;
	sigemptyset(&mine);
	sigaddset(&mine, SIGUSR1);
	assert_int_equal(pthread_sigmask(SIG_BLOCK, &mine, &before), 0);
	raise(SIGUSR1);
	snprintf(path, sizeof path, "%s/report.json", tmpdir);
	assert_int_equal(write_here(path, 0644, message, sizeof message), CM_OK);
	assert_int_equal(pthread_sigmask(SIG_SETMASK, NULL, &after), 0);
	sigpending(&pending);
	signal(SIGUSR1, SIG_IGN); /* discards the pending one */
	signal(SIGUSR1, SIG_DFL);
	pthread_sigmask(SIG_SETMASK, &before, NULL);
	assert_true(sigismember(&after, SIGUSR1));
	assert_false(sigismember(&after, SIGTERM));
	assert_false(sigismember(&after, SIGINT));
	assert_true(sigismember(&pending, SIGUSR1));
}

int main(void)
{
	enum { NKIND = sizeof kind_cases / sizeof kind_cases[0] };
	enum { NLINK = sizeof link_cases / sizeof link_cases[0] };
	enum { NMODE = sizeof mode_cases / sizeof mode_cases[0] };
	static const struct {
		const char *name;
		CMUnitTestFunction fn;
	} singles[] = {
	    {"/proc/self/fd/N of a pipe receives the report", test_proc_self_fd_pipe},
	    {"a link like /dev/stdout, on a pipe, sends the report down the pipe",
	     test_stdout_link_pipe},
	    {"/dev/fd/N open for appending is appended to, not replaced", test_dev_fd_appends},
	    {"root keeps a replaced file's owner and group", test_root_keeps_owner},
	    {"a group that cannot be kept loses its bits", test_foreign_group_dropped},
	    {"SIGXFSZ inside write(2): no temporary file, old report intact",
	     test_sigxfsz_mid_write},
	    {"SIGTERM mid-write: delivered after the rename, no temporary file",
	     test_sigterm_mid_write},
	    {"the caller's signal mask and pending signals are kept", test_mask_restored},
	};
	enum { NSINGLE = sizeof singles / sizeof singles[0] };
	struct CMUnitTest tests[NKIND + NLINK + NMODE + NSINGLE];
	size_t n = 0;
	for (size_t i = 0; i < NKIND; i++)
		tests[n++] = (struct CMUnitTest){kind_cases[i].name, test_kind, make_tmpdir,
		                                 remove_tmpdir, (void *)&kind_cases[i]};
	for (size_t i = 0; i < NLINK; i++)
		tests[n++] = (struct CMUnitTest){link_cases[i].name, test_link, make_tmpdir,
		                                 remove_tmpdir, (void *)&link_cases[i]};
	for (size_t i = 0; i < NMODE; i++)
		tests[n++] = (struct CMUnitTest){mode_cases[i].name, test_mode, make_tmpdir,
		                                 remove_tmpdir, (void *)&mode_cases[i]};
	for (size_t i = 0; i < NSINGLE; i++)
		tests[n++] = (struct CMUnitTest){singles[i].name, singles[i].fn, make_tmpdir,
		                                 remove_tmpdir, NULL};
	return cmocka_run_group_tests_name("file", tests, NULL, NULL);
}
