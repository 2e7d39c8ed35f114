/*
 * registry/git.c: the registry at a git revision, read with git itself: `git rev-parse` finds
 * the repository and the revision, `git ls-tree` lists a folder, `git cat-file blob` reads a
 * file. git runs with an argument vector (fork and exec, never a shell), standard input from
 * /dev/null, its output read through pipes up to a limit.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "registry/internal.h"
#include "schemagate/sources.h"
#include "util/limits.h"

#define STDERR_KEEP 4096

static void close_fd(int *fd) {
    if (*fd >= 0) {
        close(*fd);
        *fd = -1;
    }
}

static bool cloexec_pipe(int fds[2]) {
    if (pipe(fds) != 0) {
        fds[0] = fds[1] = -1;
        return false;
    }
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    return true;
}

/* The child: standard streams wired, then exec; on failure the errno goes up the report pipe. */
static void run_child(const char *const *argv, int out, int errors, int report) {
    int null = open("/dev/null", O_RDONLY);
    if (null < 0 || dup2(null, 0) < 0 || dup2(out, 1) < 0 || dup2(errors, 2) < 0) {
        int e = errno;
        ssize_t ignored = write(report, &e, sizeof e);
        (void)ignored;
        _exit(127);
    }
    execvp(argv[0], (char *const *)argv);
    int e = errno;
    ssize_t ignored = write(report, &e, sizeof e);
    (void)ignored;
    _exit(127);
}

int sgp_run(const char *const *argv, size_t max, char **out, size_t *length, int *status,
            char **errors, sg_error *err) {
    *out = NULL;
    *length = 0;
    *status = -1;
    if (errors) {
        *errors = NULL;
    }
    int po[2] = {-1, -1}, pe[2] = {-1, -1}, pr[2] = {-1, -1};
    if (!cloexec_pipe(po) || !cloexec_pipe(pe) || !cloexec_pipe(pr)) {
        int e = errno;
        for (int i = 0; i < 2; i++) {
            close_fd(&po[i]);
            close_fd(&pe[i]);
            close_fd(&pr[i]);
        }
        return sgp_error(err, SG_EIO, NULL, NULL, 0, 0, "cannot run %s: %s", argv[0], strerror(e));
    }
    pid_t pid = fork();
    if (pid == 0) {
        run_child(argv, po[1], pe[1], pr[1]);
    }
    int fork_errno = errno;
    close_fd(&po[1]);
    close_fd(&pe[1]);
    close_fd(&pr[1]);
    if (pid < 0) {
        close_fd(&po[0]);
        close_fd(&pe[0]);
        close_fd(&pr[0]);
        return sgp_error(err, SG_EIO, NULL, NULL, 0, 0, "cannot run %s: %s", argv[0],
                         strerror(fork_errno));
    }
    sgp_buf outbuf = SGP_BUF_INIT, errbuf = SGP_BUF_INIT;
    bool too_big = false;
    char chunk[65536];
    while (po[0] >= 0 || pe[0] >= 0) {
        struct pollfd fds[2];
        nfds_t n = 0;
        int which[2];
        if (po[0] >= 0) {
            fds[n].fd = po[0];
            fds[n].events = POLLIN;
            which[n++] = 0;
        }
        if (pe[0] >= 0) {
            fds[n].fd = pe[0];
            fds[n].events = POLLIN;
            which[n++] = 1;
        }
        if (poll(fds, n, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        for (nfds_t i = 0; i < n; i++) {
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) {
                continue;
            }
            int *fd = which[i] == 0 ? &po[0] : &pe[0];
            ssize_t got = read(*fd, chunk, sizeof chunk);
            if (got < 0 && errno == EINTR) {
                continue;
            }
            if (got <= 0) {
                close_fd(fd);
                continue;
            }
            if (which[i] == 0) {
                if (outbuf.len + (size_t)got > max) {
                    too_big = true;
                    close_fd(&po[0]);
                    close_fd(&pe[0]);
                    kill(pid, SIGTERM);
                    break;
                }
                sgp_buf_append(&outbuf, chunk, (size_t)got);
            } else if (errbuf.len < STDERR_KEEP) {
                sgp_buf_append(&errbuf, chunk, (size_t)got);
            }
        }
    }
    close_fd(&po[0]);
    close_fd(&pe[0]);
    int exec_errno = 0;
    ssize_t got;
    do {
        got = read(pr[0], &exec_errno, sizeof exec_errno);
    } while (got < 0 && errno == EINTR);
    close_fd(&pr[0]);
    int wstatus = 0;
    while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
    }
    int rc = SG_OK;
    if (got == (ssize_t)sizeof exec_errno) {
        rc = sgp_error(err, SG_EIO, NULL, NULL, 0, 0, "cannot run %s: %s", argv[0],
                       strerror(exec_errno));
    } else if (too_big) {
        rc = sgp_error(err, SG_ELIMIT, NULL, NULL, 0, 0,
                       "%s printed more than the limit of %zu bytes", argv[0], max);
    } else if (outbuf.failed || errbuf.failed) {
        rc = sgp_error_nomem(err);
    }
    if (rc == SG_OK) {
        sgp_buf_append(&outbuf, "", 0);
        *length = outbuf.len;
        *out = sgp_buf_take(&outbuf);
        *status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
        if (!*out) {
            rc = sgp_error_nomem(err);
        } else if (errors && errbuf.len > 0) {
            /* The first line, which is where git says what went wrong. */
            size_t n = strcspn(errbuf.data, "\n");
            *errors = sgp_strndup(errbuf.data, n);
        }
    } else {
        sgp_buf_free(&outbuf);
    }
    sgp_buf_free(&errbuf);
    return rc;
}

void sgp_git_close(sgp_git *g) {
    if (!g) {
        return;
    }
    free(g->top);
    free(g->prefix);
    free(g->rev);
    free(g->commit);
    memset(g, 0, sizeof *g);
}

/* Splits "top\nprefix\n" as `rev-parse --show-toplevel --show-prefix` prints it. */
static bool split_top_prefix(const char *text, char **top, char **prefix) {
    const char *nl = strchr(text, '\n');
    if (!nl) {
        return false;
    }
    *top = sgp_strndup(text, (size_t)(nl - text));
    const char *rest = nl + 1;
    *prefix = sgp_strndup(rest, strcspn(rest, "\n"));
    return *top && *prefix;
}

int sgp_git_open(sgp_git *g, const char *dir, const char *rev, const char *source, sg_error *err) {
    memset(g, 0, sizeof *g);
    const char *where[] = {"git", "-C", dir, "rev-parse", "--show-toplevel", "--show-prefix", NULL};
    char *out = NULL, *errors = NULL;
    size_t length;
    int status;
    int rc = sgp_run(where, 1 << 16, &out, &length, &status, &errors, err);
    if (rc != SG_OK) {
        return rc;
    }
    if (status != 0) {
        if (errors && strstr(errors, "not a git repository")) {
            rc = sgp_error(err, SG_ENOTFOUND, source, NULL, 0, 0,
                           "--against %s: the registry is not in a git repository", rev);
        } else {
            rc =
                sgp_error(err, SG_EIO, source, NULL, 0, 0, "--against %s: git rev-parse failed: %s",
                          rev, errors ? errors : "no message");
        }
    } else if (!split_top_prefix(out, &g->top, &g->prefix)) {
        rc = sgp_error(err, SG_EINTERNAL, dir, NULL, 0, 0,
                       "unexpected output from git rev-parse --show-toplevel");
    }
    free(out);
    free(errors);
    out = errors = NULL;
    if (rc == SG_OK && rev) {
        if (!rev[0] || rev[0] == '-' || strchr(rev, '\n')) {
            rc = sgp_error(err, SG_EUSAGE, source, NULL, 0, 0, "--against '%s' is no git revision",
                           rev);
        } else {
            sgp_buf spec = SGP_BUF_INIT;
            sgp_buf_printf(&spec, "%s^{commit}", rev);
            char *s = sgp_buf_take(&spec);
            const char *verify[] = {"git",      "-C",      g->top, "rev-parse",
                                    "--verify", "--quiet", s,      NULL};
            rc = s ? sgp_run(verify, 1 << 16, &out, &length, &status, &errors, err)
                   : sgp_error_nomem(err);
            free(s);
            if (rc == SG_OK && (status != 0 || length < 2)) {
                rc = sgp_error(err, SG_ENOTFOUND, source, NULL, 0, 0,
                               "--against %s: unknown git revision (no commit of that name in "
                               "the repository)",
                               rev);
            } else if (rc == SG_OK) {
                g->commit = sgp_strndup(out, strcspn(out, "\n"));
                g->rev = sgp_strdup(rev);
                if (!g->commit || !g->rev) {
                    rc = sgp_error_nomem(err);
                }
            }
            free(out);
            free(errors);
        }
    }
    if (rc != SG_OK) {
        sgp_git_close(g);
    }
    return rc;
}

char *sgp_git_prefix(const char *dir) {
    const char *argv[] = {"git", "-C", dir, "rev-parse", "--show-toplevel", "--show-prefix", NULL};
    char *out = NULL, *errors = NULL, *top = NULL, *prefix = NULL;
    size_t length;
    int status;
    sg_error err;
    if (sgp_run(argv, 1 << 16, &out, &length, &status, &errors, &err) == SG_OK && status == 0 &&
        split_top_prefix(out, &top, &prefix)) {
        free(top);
        free(out);
        free(errors);
        return prefix;
    }
    free(top);
    free(prefix);
    free(out);
    free(errors);
    return NULL;
}

/* The tree at a revision ----------------------------------------------------------------------- */

/* The path from the repository's top; "." is the registry's own folder. */
static char *git_path(const sgp_git *g, const char *path) {
    sgp_buf buf = SGP_BUF_INIT;
    sgp_buf_printf(&buf, "%s%s", g->prefix, strcmp(path, ".") == 0 ? "" : path);
    return sgp_buf_take(&buf);
}

static int git_list(const sgp_tree *tree, const char *dir, sgp_entry **entries, size_t *count,
                    sg_error *err) {
    const sgp_git *g = tree->ctx;
    *entries = NULL;
    *count = 0;
    /* "sub/schemas/orders/": ls-tree lists what is inside a path ending in '/'. */
    sgp_buf spec = SGP_BUF_INIT;
    bool top = strcmp(dir, ".") == 0;
    sgp_buf_printf(&spec, "%s%s%s", g->prefix, top ? "" : dir, top ? "" : "/");
    char *folder = sgp_buf_take(&spec);
    if (!folder) {
        return sgp_error_nomem(err);
    }
    const char *argv[] = {
        "git", "-C", g->top, "ls-tree", "-z", g->commit, "--", folder[0] ? folder : ".", NULL};
    char *out = NULL, *errors = NULL;
    size_t length;
    int status;
    int rc = sgp_run(argv, SG_MAX_GIT_OUTPUT, &out, &length, &status, &errors, err);
    if (rc == SG_OK && status != 0) {
        rc = sgp_error(err, SG_EIO, NULL, NULL, 0, 0, "git ls-tree %s failed: %s", g->rev,
                       errors ? errors : "no message");
    }
    size_t cap = 0;
    size_t skip = strlen(folder);
    for (size_t i = 0; rc == SG_OK && i + 1 < length;) {
        const char *record = out + i;
        size_t n = strlen(record);
        i += n + 1;
        const char *tab = strchr(record, '\t');
        if (!tab) {
            continue;
        }
        const char *path = tab + 1;
        if (strncmp(path, folder, skip) != 0 || strchr(path + skip, '/')) {
            continue;
        }
        bool is_dir = strstr(record, " tree ") != NULL && strstr(record, " tree ") < tab;
        bool is_blob = strstr(record, " blob ") != NULL && strstr(record, " blob ") < tab;
        if (!is_dir && !is_blob) {
            continue; /* submodules */
        }
        char *name = sgp_strdup(path + skip);
        if (!name || !sgp_reserve((void **)entries, &cap, *count + 1, sizeof **entries)) {
            free(name);
            rc = sgp_error_nomem(err);
            break;
        }
        (*entries)[*count].name = name;
        (*entries)[*count].is_dir = is_dir;
        (*count)++;
    }
    if (rc == SG_OK && *count == 0) {
        rc = SG_ENOTFOUND; /* git has no empty folders */
    }
    if (rc != SG_OK) {
        sgp_entries_free(*entries, *count);
        *entries = NULL;
        *count = 0;
    }
    free(out);
    free(errors);
    free(folder);
    return rc;
}

static int git_read(const sgp_tree *tree, const char *path, size_t max, char **data, size_t *length,
                    sg_error *err) {
    const sgp_git *g = tree->ctx;
    *data = NULL;
    *length = 0;
    char *full = git_path(g, path);
    sgp_buf spec = SGP_BUF_INIT;
    sgp_buf_printf(&spec, "%s:%s", g->commit, full ? full : "");
    char *object = full ? sgp_buf_take(&spec) : NULL;
    if (!full) {
        sgp_buf_free(&spec);
    }
    if (!object) {
        free(full);
        return sgp_error_nomem(err);
    }
    /* One git run for a file that is there; a second only to tell why one is not. */
    const char *argv[] = {"git", "-C", g->top, "cat-file", "blob", object, NULL};
    char *out = NULL, *errors = NULL;
    int status;
    int rc = sgp_run(argv, max, &out, length, &status, &errors, err);
    if (rc == SG_ELIMIT) {
        rc = sgp_error(err, SG_ELIMIT, NULL, NULL, 0, 0,
                       "%s at %s is larger than the limit of %zu bytes", full, g->rev, max);
    } else if (rc == SG_OK && status != 0) {
        const char *type_argv[] = {"git", "-C", g->top, "cat-file", "-t", object, NULL};
        char *type = NULL, *type_errors = NULL;
        size_t type_length;
        int type_status;
        rc = sgp_run(type_argv, 1 << 12, &type, &type_length, &type_status, &type_errors, err);
        if (rc == SG_OK && (type_status != 0 || strncmp(type, "blob", 4) != 0)) {
            rc = sgp_error(err, SG_ENOTFOUND, NULL, NULL, 0, 0, "%s: not a file at %s", full,
                           g->rev);
        } else if (rc == SG_OK) {
            rc = sgp_error(err, SG_EIO, NULL, NULL, 0, 0, "git cat-file %s failed: %s", object,
                           errors ? errors : "no message");
        }
        free(type);
        free(type_errors);
    }
    free(errors);
    free(object);
    free(full);
    if (rc != SG_OK) {
        free(out);
        *length = 0;
        return rc;
    }
    *data = out;
    return SG_OK;
}

static char *git_name(const sgp_tree *tree, const char *path) {
    const sgp_git *g = tree->ctx;
    sgp_buf buf = SGP_BUF_INIT;
    sgp_buf_printf(&buf, "%s:%s%s", g->rev, g->prefix, path);
    return sgp_buf_take(&buf);
}

void sgp_tree_git(sgp_tree *tree, const sgp_git *git) {
    tree->list = git_list;
    tree->read = git_read;
    tree->name = git_name;
    tree->ctx = (void *)git;
}
