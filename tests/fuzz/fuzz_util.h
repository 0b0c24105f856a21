/* fuzz_util.h - helpers shared by the fuzz targets: the input as a file path (for the
 * decoders that only take a path) and a uniform way to report a broken invariant.
 * Threads: the fuzz target's thread only. */
#ifndef DG_FUZZ_UTIL_H
#define DG_FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

/* An anonymous in-memory file holding the input, reachable by path through
 * /proc/self/fd: no temp files left behind, nothing on disk to clean up after a crash. */
typedef struct fuzz_file {
    int fd;
    char path[64];
} fuzz_file;

/* Writes data into a fresh memfd; false (input skipped) only if the kernel refuses. */
static inline int fuzz_file_open(fuzz_file *f, const uint8_t *data, size_t size)
{
    f->fd = memfd_create("dgfuzz", 0);
    if (f->fd < 0) return 0;
    for (size_t off = 0; off < size;) {
        ssize_t n = write(f->fd, data + off, size - off);
        if (n <= 0) {
            close(f->fd);
            return 0;
        }
        off += (size_t)n;
    }
    snprintf(f->path, sizeof f->path, "/proc/self/fd/%d", f->fd);
    return 1;
}

static inline void fuzz_file_close(fuzz_file *f)
{
    close(f->fd);
}

/* A broken invariant is a bug even without a memory error: abort so that the fuzzer
 * (or the replayer under ctest) reports it with a stack. */
static inline void fuzz_fail(const char *target, const char *what)
{
    fprintf(stderr, "%s invariant broken: %s\n", target, what);
    abort();
}

#endif
