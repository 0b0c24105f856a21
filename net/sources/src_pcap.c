/* src_pcap.c - pcap/pcapng files, stdin and live capture as a dg_source (libpcap). */
#include "pktparse.h"
#include "bytes.h"
#include "source_kinds.h"
#include "timestamp.h"
#include "zstream.h"

#include <errno.h>
#include <grp.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PCAP_INDEX_EVERY 4096 /* packets between two seek index entries */
#define LIVE_SNAPLEN 256      /* enough for Ethernet+VLANs+IPv6 with options+TCP */
#define LIVE_TIMEOUT_MS 100

typedef struct pcap_mark {
    uint64_t ts_ns;
    long off;     /* file offset of the packet record */
    uint64_t pkt; /* its index in the file */
} pcap_mark;

typedef struct pcap_impl {
    pcap_t *p;
    char path[4096];
    bool live, seekable; /* seekable: a classic pcap file, not stdin, not pcapng */
    bool nano;
    bool classic; /* a classic pcap file (not pcapng, not live): 32-bit unsigned seconds */
    int dlt;
    bool err_reported;
    uint64_t pkt;         /* packets read from the file so far */
    uint64_t skip_before; /* after a seek: drop records older than this */
    pcap_mark *marks;
    size_t nmarks, capmarks;
    char filter[1024];
    volatile sig_atomic_t stop; /* set by dgsrc_break, possibly from a signal handler */
} pcap_impl;

static void report_once(dg_source *s, pcap_impl *im, const char *what)
{
    s->src_errors++;
    if (im->err_reported) return;
    im->err_reported = true;
    fprintf(stderr, "pcap %s: %s; the packets before it are used\n",
            im->live ? "capture" : im->path, what);
}

/* Records a seek point every PCAP_INDEX_EVERY packets of a classic pcap file. */
static void index_packet(pcap_impl *im, long off, uint64_t ts)
{
    if (!im->seekable || off < 0 || im->pkt % PCAP_INDEX_EVERY != 0) return;
    if (im->nmarks && im->marks[im->nmarks - 1].pkt >= im->pkt) return;
    if (im->nmarks == im->capmarks) {
        size_t cap = im->capmarks ? im->capmarks * 2 : 64;
        pcap_mark *m = realloc(im->marks, cap * sizeof *m);
        if (!m) return;
        im->marks = m;
        im->capmarks = cap;
    }
    im->marks[im->nmarks++] = (pcap_mark){ts, off, im->pkt};
}

/* The packet's time in ns; false when it is impossible (timestamp.h). A classic pcap file
 * stores seconds as an unsigned 32-bit field that libpcap hands over as a signed one: past
 * 2038-01-19 it arrives negative and is read back as the unsigned value it is. */
static bool hdr_ts(const pcap_impl *im, const struct pcap_pkthdr *h, uint64_t *ts)
{
    int64_t sec = h->ts.tv_sec;
    if (im->classic) sec = (int64_t)(uint32_t)h->ts.tv_sec;
    if (h->ts.tv_usec < 0) return false;
    return dgtm_from_sec(sec, (uint64_t)h->ts.tv_usec * (im->nano ? 1u : 1000u), ts);
}

/* Reads one packet: 1 record ready, 0 skipped, -1 end of input, -2 nothing yet (live). */
static int read_one(dg_source *s, pcap_impl *im, dg_record *out)
{
    struct pcap_pkthdr *h;
    const u_char *data;
    FILE *f = im->seekable ? pcap_file(im->p) : NULL;
    /* ftell costs a system call: only for the packets the seek index keeps */
    long off = f && im->pkt % PCAP_INDEX_EVERY == 0 ? ftell(f) : -1;
    int rc = pcap_next_ex(im->p, &h, &data);
    if (rc == 0) return -2;
    if (rc == PCAP_ERROR_BREAK) return -1;
    if (rc < 0) {
        report_once(s, im, pcap_geterr(im->p));
        return -1;
    }
    uint64_t ts;
    bool ts_ok = hdr_ts(im, h, &ts);
    if (ts_ok) index_packet(im, off, ts);
    im->pkt++;
    if (!ts_ok) {
        s->bad_ts++;
        return 0;
    }
    if (dgpp_parse_frame(im->dlt, data, h->caplen, out) != DGPP_OK) {
        s->src_errors++;
        return 0;
    }
    out->ts_ns = ts;
    if (ts < im->skip_before) return 0;
    im->skip_before = 0;
    return 1;
}

/* Waits up to LIVE_TIMEOUT_MS for packets; the short wait lets pcap_breakloop be seen. */
static void wait_readable(pcap_impl *im)
{
    struct pollfd pfd = {.fd = pcap_get_selectable_fd(im->p), .events = POLLIN};
    if (pfd.fd >= 0) poll(&pfd, 1, LIVE_TIMEOUT_MS);
}

static int pcap_next_batch(dg_source *s, dg_record *out, size_t max)
{
    pcap_impl *im = s->impl;
    size_t n = 0;
    while (n < max) {
        int rc = read_one(s, im, &out[n]);
        if (rc == 1)
            n++;
        else if (rc == -1)
            break;
        /* live: return what is there; wait only while there is nothing at all */
        else if (rc == -2 && n > 0)
            break;
        else if (im->stop)
            break;
        else if (rc == -2)
            wait_readable(im);
    }
    return (int)n;
}

static bool apply_filter(pcap_impl *im, const char *filter, char *err, size_t errcap)
{
    struct bpf_program prog;
    if (pcap_compile(im->p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) < 0) {
        snprintf(err, errcap, "bad filter \"%s\": %s", filter, pcap_geterr(im->p));
        return false;
    }
    int rc = pcap_setfilter(im->p, &prog);
    pcap_freecode(&prog);
    if (rc < 0) {
        snprintf(err, errcap, "cannot set filter \"%s\": %s", filter, pcap_geterr(im->p));
        return false;
    }
    snprintf(im->filter, sizeof im->filter, "%s", filter);
    return true;
}

/* Compressed captures (gzip, bzip2, xz, zstd) and standard input are read through a
 * decompressing stream (zstream.h): no unpacked copy, recognised by content. */
static pcap_t *open_offline(const char *path, char *err, size_t errcap)
{
    char ebuf[PCAP_ERRBUF_SIZE] = "";
    pcap_t *p;
    if (strcmp(path, "-") != 0 && dgz_file_kind(path) == DGZ_NONE) {
        p = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, ebuf);
    } else {
        FILE *f = dgz_fopen(path, err, errcap);
        if (!f) return NULL;
        p = pcap_fopen_offline_with_tstamp_precision(f, PCAP_TSTAMP_PRECISION_NANO, ebuf);
        if (!p) fclose(f);
    }
    if (!p) { /* libpcap names the file in some messages, not in others */
        bool named = strncmp(ebuf, path, strlen(path)) == 0;
        snprintf(err, errcap, "%s%s%s", named ? "" : path, named ? "" : ": ", ebuf);
    }
    return p;
}

/* Opens (or reopens) the offline file and checks its link type. */
static bool open_file(pcap_impl *im, char *err, size_t errcap)
{
    im->p = open_offline(im->path, err, errcap);
    if (!im->p) return false;
    im->nano = pcap_get_tstamp_precision(im->p) == PCAP_TSTAMP_PRECISION_NANO;
    im->classic = pcap_major_version(im->p) == 2; /* pcapng reports its own 1.x */
    im->dlt = pcap_datalink(im->p);
    if (!dgpp_linktype_supported(im->dlt)) {
        const char *name = pcap_datalink_val_to_name(im->dlt);
        snprintf(err, errcap, "%s: unsupported link type %d (%s)", im->path, im->dlt,
                 name ? name : "unknown");
        pcap_close(im->p);
        im->p = NULL;
        return false;
    }
    im->pkt = 0;
    if (im->filter[0]) {
        char fe[256];
        if (!apply_filter(im, im->filter, fe, sizeof fe)) fprintf(stderr, "%s\n", fe);
    }
    return true;
}

/* A classic pcap file starts with one of four magic numbers; pcapng with 0x0A0D0D0A. */
static bool is_classic_pcap(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t m[4] = {0};
    if (!f) return false;
    size_t got = fread(m, 1, 4, f);
    fclose(f);
    uint32_t v = dgb_be32(m);
    return got == 4 && (v == 0xA1B2C3D4 || v == 0xD4C3B2A1 || v == 0xA1B23C4D || v == 0x4D3CB2A1);
}

static bool pcap_rewind_src(dg_source *s)
{
    pcap_impl *im = s->impl;
    if (im->live || strcmp(im->path, "-") == 0) return false;
    char err[256];
    pcap_close(im->p);
    im->skip_before = 0;
    if (!open_file(im, err, sizeof err)) {
        fprintf(stderr, "rewind: %s\n", err);
        return false;
    }
    return true;
}

static void pcap_close_src(dg_source *s)
{
    pcap_impl *im = s->impl;
    if (im->p) pcap_close(im->p);
    free(im->marks);
    free(im);
    free(s);
}

static bool pcap_seek(dg_source *s, uint64_t ts_ns);
static bool pcap_filter(dg_source *s, const char *filter, char *err, size_t errcap);
static void pcap_interrupt(dg_source *s);

static dg_source *wrap(pcap_impl *im)
{
    dg_source *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->next = pcap_next_batch;
    s->rewind = pcap_rewind_src;
    s->close = pcap_close_src;
    s->seek = pcap_seek;
    s->filter = pcap_filter;
    s->interrupt = pcap_interrupt;
    s->kind = "pcap";
    s->impl = im;
    return s;
}

dg_source *dgsrc_pcap(const char *path, char *err, size_t errcap)
{
    pcap_impl *im = calloc(1, sizeof *im);
    if (!im) {
        snprintf(err, errcap, "out of memory");
        return NULL;
    }
    snprintf(im->path, sizeof im->path, "%s", path);
    if (!open_file(im, err, errcap)) {
        free(im);
        return NULL;
    }
    im->seekable = strcmp(path, "-") != 0 && is_classic_pcap(path);
    dg_source *s = wrap(im);
    if (!s) {
        pcap_close(im->p);
        free(im);
        snprintf(err, errcap, "out of memory");
    }
    return s;
}

static bool pcap_seek(dg_source *s, uint64_t ts_ns)
{
    pcap_impl *im = s->impl;
    if (im->live || strcmp(im->path, "-") == 0) return false;
    const pcap_mark *best = NULL;
    for (size_t i = 0; i < im->nmarks; i++)
        if (im->marks[i].ts_ns <= ts_ns) best = &im->marks[i];
    if (best && im->seekable && fseek(pcap_file(im->p), best->off, SEEK_SET) == 0) {
        im->pkt = best->pkt;
    } else if (!pcap_rewind_src(s)) {
        return false;
    }
    im->skip_before = ts_ns;
    return true;
}

static bool pcap_filter(dg_source *s, const char *filter, char *err, size_t errcap)
{
    return apply_filter(s->impl, filter, err, errcap);
}

static void pcap_interrupt(dg_source *s)
{
    pcap_impl *im = s->impl;
    im->stop = 1;
    pcap_breakloop(im->p);
}

/* Turns pcap_activate's status into the message a user can act on. */
static void activate_error(pcap_t *p, int rc, const char *iface, char *err, size_t errcap)
{
    if (rc == PCAP_ERROR_PERM_DENIED || (rc == PCAP_ERROR && strstr(pcap_geterr(p), "ermission")))
        snprintf(err, errcap, "no permission to capture on %s: run as root or grant CAP_NET_RAW",
                 iface);
    else if (rc == PCAP_ERROR_NO_SUCH_DEVICE)
        snprintf(err, errcap, "no such interface: %s", iface);
    else
        snprintf(err, errcap, "cannot capture on %s: %s", iface, pcap_geterr(p));
}

static pcap_t *open_live(const char *iface, char *err, size_t errcap)
{
    char ebuf[PCAP_ERRBUF_SIZE] = "";
    pcap_t *p = pcap_create(iface, ebuf);
    if (!p) {
        snprintf(err, errcap, "cannot capture on %s: %s", iface, ebuf);
        return NULL;
    }
    pcap_set_snaplen(p, LIVE_SNAPLEN);
    pcap_set_promisc(p, 1);
    pcap_set_timeout(p, LIVE_TIMEOUT_MS);
    /* a live globe wants each packet now; batching in the ring also stalls on some kernels */
    pcap_set_immediate_mode(p, 1);
    pcap_set_buffer_size(p, 16 << 20);
    pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO);
    int rc = pcap_activate(p);
    if (rc < 0) {
        activate_error(p, rc, iface, err, errcap);
        pcap_close(p);
        return NULL;
    }
    if (rc > 0) fprintf(stderr, "capture on %s: warning: %s\n", iface, pcap_statustostr(rc));
    return p;
}

dg_source *dgsrc_iface(const char *iface, const char *filter, char *err, size_t errcap)
{
    pcap_impl *im = calloc(1, sizeof *im);
    if (!im) return NULL;
    im->live = true;
    snprintf(im->path, sizeof im->path, "%s", iface);
    im->p = open_live(iface, err, errcap);
    if (!im->p) {
        free(im);
        return NULL;
    }
    im->nano = pcap_get_tstamp_precision(im->p) == PCAP_TSTAMP_PRECISION_NANO;
    im->dlt = pcap_datalink(im->p);
    char nb[PCAP_ERRBUF_SIZE];
    pcap_setnonblock(im->p, 1, nb); /* next() drains what is there, then returns */
    bool ok = dgpp_linktype_supported(im->dlt);
    if (!ok) snprintf(err, errcap, "%s: unsupported link type %d", iface, im->dlt);
    if (ok && filter && filter[0]) ok = apply_filter(im, filter, err, errcap);
    dg_source *s = ok ? wrap(im) : NULL;
    if (!s) {
        pcap_close(im->p);
        free(im);
    }
    return s;
}

bool dgsrc_drop_privileges(const char *user, char *err, size_t errcap)
{
    errno = 0;
    struct passwd *pw = getpwnam(user);
    if (!pw) {
        snprintf(err, errcap, "no such user: %s", user);
        return false;
    }
    if (geteuid() != 0) {
        if (geteuid() == pw->pw_uid) return true;
        snprintf(err, errcap, "cannot switch to user %s: not running as root", user);
        return false;
    }
    if (initgroups(user, pw->pw_gid) != 0 || setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0) {
        snprintf(err, errcap, "cannot switch to user %s: %s", user, strerror(errno));
        return false;
    }
    if (pw->pw_uid != 0 && setuid(0) == 0) {
        snprintf(err, errcap, "dropping privileges to %s did not stick", user);
        return false;
    }
    return true;
}
