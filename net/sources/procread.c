/* procread.c - see procread.h. */
#include "procread.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define PR_CHUNK 65536
#define PR_ERR_LINE 1024

struct dgpr {
    pid_t pid;
    int out, err; /* -1 once closed */
    char prefix[256];
    char *buf;    /* standard output not yet handed out */
    size_t start, len, cap;
    char ebuf[PR_ERR_LINE];
    size_t elen;
    uint64_t errors;
    bool stopped; /* killed here: a SIGTERM exit is ours */
};

/* The environment with TZ replaced; one allocation holding pointers and the TZ string. */
static char **env_with_tz(const char *tz)
{
    size_t n = 0;
    while (environ[n])
        n++;
    char **env = malloc((n + 2) * sizeof *env + strlen(tz) + 4);
    if (!env) return NULL;
    char *tzvar = (char *)(env + n + 2);
    sprintf(tzvar, "TZ=%s", tz);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "TZ=", 3) != 0) env[k++] = environ[i];
    env[k++] = tzvar;
    env[k] = NULL;
    return env;
}

static bool start(dgpr *p, char *const argv[], const char *tz, int po[2], int pe[2])
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, po[1], 1);
    posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
    posix_spawn_file_actions_addclose(&fa, po[0]);
    posix_spawn_file_actions_addclose(&fa, pe[0]);
    char **env = tz ? env_with_tz(tz) : environ;
    int rc = env ? posix_spawnp(&p->pid, argv[0], &fa, NULL, argv, env) : ENOMEM;
    if (tz) free(env);
    posix_spawn_file_actions_destroy(&fa);
    errno = rc;
    return rc == 0;
}

dgpr *dgpr_spawn(char *const argv[], const char *tz, const char *prefix, char *err,
                 size_t errcap)
{
    dgpr *p = calloc(1, sizeof *p);
    int po[2] = {-1, -1}, pe[2] = {-1, -1};
    if (!p || !(p->buf = malloc(p->cap = PR_CHUNK)) || pipe2(po, O_CLOEXEC) != 0 ||
        pipe2(pe, O_CLOEXEC) != 0 || !start(p, argv, tz, po, pe)) {
        snprintf(err, errcap, "cannot run %s: %s", argv[0], strerror(errno));
        for (int i = 0; i < 2; i++)
            if (po[i] >= 0) close(po[i]);
        for (int i = 0; i < 2; i++)
            if (pe[i] >= 0) close(pe[i]);
        if (p) free(p->buf);
        free(p);
        return NULL;
    }
    close(po[1]);
    close(pe[1]);
    p->out = po[0];
    p->err = pe[0];
    snprintf(p->prefix, sizeof p->prefix, "%s", prefix);
    return p;
}

/* Relays complete stderr lines; a line longer than the buffer is cut. */
static void relay_errors(dgpr *p, const char *data, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        bool eol = data[i] == '\n';
        if (!eol && p->elen < PR_ERR_LINE - 1) p->ebuf[p->elen++] = data[i];
        if (!eol) continue;
        p->ebuf[p->elen] = 0;
        if (p->elen) fprintf(stderr, "%s: %s\n", p->prefix, p->ebuf), p->errors++;
        p->elen = 0;
    }
}

/* Reads what one ready pipe has; closes it at its end. */
static void drain(dgpr *p, int *fd, bool is_out)
{
    char tmp[4096];
    if (is_out) {
        if (p->start) { /* keep the unread bytes at the front */
            memmove(p->buf, p->buf + p->start, p->len - p->start);
            p->len -= p->start;
            p->start = 0;
        }
        if (p->cap - p->len < PR_CHUNK / 2) {
            char *nb = realloc(p->buf, p->cap * 2);
            if (!nb) return;
            p->buf = nb;
            p->cap *= 2;
        }
    }
    char *dst = is_out ? p->buf + p->len : tmp;
    size_t room = is_out ? p->cap - p->len - 1 : sizeof tmp;
    ssize_t n = read(*fd, dst, room);
    if (n < 0 && errno == EINTR) return;
    if (n <= 0) {
        close(*fd);
        *fd = -1;
        return;
    }
    if (is_out)
        p->len += (size_t)n;
    else
        relay_errors(p, tmp, (size_t)n);
}

/* Waits until either pipe has data or closed. */
static void pump(dgpr *p)
{
    struct pollfd fds[2] = {{.fd = p->out, .events = POLLIN}, {.fd = p->err, .events = POLLIN}};
    if (poll(fds, 2, -1) < 0) return;
    if (p->out >= 0 && fds[0].revents) drain(p, &p->out, true);
    if (p->err >= 0 && fds[1].revents) drain(p, &p->err, false);
}

const char *dgpr_line(dgpr *p)
{
    for (;;) {
        char *s = p->buf + p->start;
        char *nl = memchr(s, '\n', p->len - p->start);
        if (nl || (p->out < 0 && p->len > p->start)) {
            char *end = nl ? nl : p->buf + p->len;
            *end = 0;
            if (end > s && end[-1] == '\r') end[-1] = 0;
            p->start = (size_t)(end - p->buf) + (nl ? 1 : 0);
            if (!nl) p->start = p->len;
            return s;
        }
        if (p->out < 0 && p->err < 0) return NULL;
        if (p->out < 0) { /* output over: stderr may still hold the reason */
            drain(p, &p->err, false);
            continue;
        }
        pump(p);
    }
}

uint64_t dgpr_errors(const dgpr *p)
{
    return p->errors;
}

int dgpr_close(dgpr *p, char *err, size_t errcap)
{
    if (p->out >= 0 || p->err >= 0) {
        kill(p->pid, SIGTERM);
        p->stopped = true;
    }
    if (p->out >= 0) close(p->out);
    if (p->err >= 0) close(p->err);
    int st = 0;
    while (waitpid(p->pid, &st, 0) < 0 && errno == EINTR)
        ;
    int rc = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    if (rc < 0 && p->stopped) rc = 0;
    if (rc < 0) snprintf(err, errcap, "killed by signal %d", WTERMSIG(st));
    free(p->buf);
    free(p);
    return rc;
}
