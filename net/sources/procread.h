/* procread.h - a helper program's standard output read as lines (the nfdump program for the
 * NetFlow source). The program is started without a shell; its standard error is relayed
 * line by line with a prefix and counted; both pipes are drained together (poll), so neither
 * can stall the child.
 * Owns: the child process and its two pipes.
 * Threads: a reader is used by one thread. */
#ifndef DG_PROCREAD_H
#define DG_PROCREAD_H

#include <stddef.h>
#include <stdint.h>

typedef struct dgpr dgpr;

/* Starts argv[0] (searched in PATH) with TZ set to tz (NULL: inherited); stderr lines are
 * printed as "prefix: line". NULL with err when it cannot be started. */
dgpr *dgpr_spawn(char *const argv[], const char *tz, const char *prefix, char *err,
                 size_t errcap);
/* The next line of standard output without its end of line (valid until the next call),
 * or NULL at the end of the output or on a read error. */
const char *dgpr_line(dgpr *p);
/* Lines the program wrote to standard error so far. */
uint64_t dgpr_errors(const dgpr *p);
/* Stops the program if it still runs, waits for it and frees p. Returns its exit status,
 * or -1 with a reason in err when it was killed by a signal it was not sent here. */
int dgpr_close(dgpr *p, char *err, size_t errcap);

#endif
