/* optparse.h - the command-line parser of both programs (darkglobe, darkglobe-feed): a table
 * of option specs drives parsing, value checks, error messages and --help, so the four can
 * never disagree. A spec (name, short letter, old alias, kind, range, help) may be shared by
 * both programs' tables (cliopts.h); an entry adds what is the program's own (its key, the
 * --help section, a note, where dgopt_store writes the value).
 * Owns: nothing after a call returns; messages go to stderr as "PROG: ...".
 * Threads: any, re-entrant (no getopt state): the viewer re-parses on a configuration reload. */
#ifndef DG_OPTPARSE_H
#define DG_OPTPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef enum {
    DGOPT_FLAG,   /* no value on the command line; true/false (yes/no, 1/0, on/off) in files */
    DGOPT_INT,    /* a whole number in [min, max] */
    DGOPT_DOUBLE, /* a finite number in [min, max], or the spec's word */
    DGOPT_STRING,
    DGOPT_ENUM, /* one of the spec's choices */
    DGOPT_LIST  /* a string, repeatable: the program collects them */
} dgopt_kind;

typedef struct dgopt_spec {
    const char *name;  /* long name, without "--" */
    char letter;       /* short option, or 0 */
    const char *alias; /* an old long name still accepted, with a one-time deprecation note */
    dgopt_kind kind;
    double min, max;     /* DGOPT_INT, DGOPT_DOUBLE */
    const char *word;    /* DGOPT_DOUBLE: a word taken instead of a number ("max") ... */
    double word_value;   /* ... and the value it stands for */
    const char *choices; /* DGOPT_ENUM: "a|b|c" */
    const char *metavar;
    const char *expect; /* what a value that is no number should have been ("a positive
                           number"); NULL: "a number from MIN to MAX" */
    const char *help;   /* '\n' starts another line */
} dgopt_spec;

typedef struct dgopt_entry {
    const dgopt_spec *spec;
    int key;             /* the program's own name for the option, for its setter */
    const char *section; /* --help groups entries under their section, in table order */
    const char *note;    /* this program's addition to a shared spec's help ('\n' lines) */
    size_t off, size;    /* dgopt_store: the field, and its bytes (strings, one list item) */
    size_t count_off;    /* dgopt_store, DGOPT_LIST: the int that counts the items */
} dgopt_entry;

typedef struct dgopt_table {
    const char *prog; /* prefix of every message */
    const dgopt_entry *entries;
    size_t n;
} dgopt_table;

/* A checked value: text as given (NULL for a flag on the command line) and its number. */
typedef struct dgopt_val {
    const char *text;
    bool flag;
    double num;  /* DGOPT_INT (a whole number) and DGOPT_DOUBLE */
    long long i; /* DGOPT_INT, exact */
} dgopt_val;

/* The program's setter: 0 to go on, 1 to stop parsing with success (--help), 2 for a bad
 * value with the reason in err (printed as "PROG: --NAME: reason"). */
typedef int (*dgopt_setter)(void *ctx, const dgopt_entry *e, const dgopt_val *v, char *err,
                            size_t cap);

/* Parses argv[1..]: --name value, --name=value, an unambiguous prefix of a name, -x value,
 * -xvalue, bundled flags (-qh), "--" ends the options. Values are checked against the spec
 * before set sees them. Returns 0, 1 (the setter stopped) or 2 after printing why; no
 * argument is positional. */
int dgopt_parse(const dgopt_table *t, int argc, char **argv, dgopt_setter set, void *ctx);

/* Checks text as a value of s (NULL text: a flag given on the command line); false with
 * "reason" in err, e.g. "2e9 is above the maximum 1e9". */
bool dgopt_convert(const dgopt_spec *s, const char *text, dgopt_val *v, char *err, size_t cap);

/* Writes v into the field of base the entry names: bool, long (DGOPT_INT), double, char[size]
 * (DGOPT_STRING, DGOPT_ENUM) or the next char[size] item of a DGOPT_LIST (at most max_items).
 * False with the reason in err. */
bool dgopt_store(const dgopt_entry *e, void *base, const dgopt_val *v, int max_items, char *err,
                 size_t cap);

/* The entry whose name or alias is exactly name, or NULL. */
const dgopt_entry *dgopt_find(const dgopt_table *t, const char *name);

/* --help's look: the left column's width, and an optional default shown as " [value]". */
typedef struct dgopt_layout {
    int width;
    const char *(*default_text)(void *ctx, const dgopt_entry *e, char *buf, size_t cap);
    void *ctx;
} dgopt_layout;

/* Prints every entry under its section: "  -x, --name METAVAR  help", notes, the choices of
 * an enum, and an alias as the deprecated old name. */
void dgopt_print_help(FILE *f, const dgopt_table *t, const dgopt_layout *l);

/* Copies at most 80 bytes of s into out (cap >= 4 * 80 + 16) with control bytes and
 * byte-order marks written as \xNN, so a message shows what really is in a value. */
const char *dgopt_visible(const char *s, char *out, size_t cap);

#endif
