/* asn.c - see asn.h. */
#include "asn.h"

#include "geo.h"

#include <arpa/inet.h>
#include <limits.h>
#include <maxminddb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { V4, V6, SLOTS };

struct dgasn {
    MMDB_s db[SLOTS];
    bool open[SLOTS];
    bool ripe; /* the ip-location-db files (RouteViews, DB-IP, NRO): credit them */
    char desc[2 * PATH_MAX + 32];
};

static bool readable(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Opens a file into the slot of its IP version (an IPv6 file serves IPv4 when alone). */
static void try_file(dgasn *a, const char *path)
{
    MMDB_s m;
    if (!readable(path) || MMDB_open(path, MMDB_MODE_MMAP, &m) != MMDB_SUCCESS) return;
    int slot = m.metadata.ip_version == 4 ? V4 : V6;
    if (a->open[slot]) {
        MMDB_close(&m);
        return;
    }
    a->db[slot] = m;
    a->open[slot] = true;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    a->ripe |= strncmp(base, "asn-", 4) == 0;
    size_t n = strlen(a->desc);
    snprintf(a->desc + n, sizeof a->desc - n, "%s%s", n ? " + " : "", path);
}

static void try_path(dgasn *a, const char *path)
{
    static const char *const names[] = {"asn-ipv4.mmdb", "asn-ipv6.mmdb", "GeoLite2-ASN.mmdb"};
    struct stat st;
    if (!path || !*path || stat(path, &st) != 0) return;
    if (!S_ISDIR(st.st_mode)) {
        try_file(a, path);
        return;
    }
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char file[PATH_MAX];
        if ((size_t)snprintf(file, sizeof file, "%s/%s", path, names[i]) < sizeof file)
            try_file(a, file);
    }
}

/* A ':'-separated list of paths (the environment variables). */
static void try_list(dgasn *a, const char *list)
{
    if (!list || !*list) return;
    char *copy = strdup(list), *save = NULL;
    for (char *p = copy ? strtok_r(copy, ":", &save) : NULL; p; p = strtok_r(NULL, ":", &save)) {
        struct stat st;
        /* a database file named for geolocation stands for its directory */
        char dir[PATH_MAX];
        snprintf(dir, sizeof dir, "%s", p);
        char *slash = strrchr(dir, '/');
        if (stat(p, &st) == 0 && !S_ISDIR(st.st_mode) && slash) *slash = '\0';
        try_path(a, stat(p, &st) == 0 && S_ISDIR(st.st_mode) ? p : dir);
    }
    free(copy);
}

dgasn *dgasn_open(const char *path, const char *geo_path)
{
    static const char *const places[] = {DG_SOURCE_DATADIR, DG_INSTALL_DATADIR,
                                         DG_INSTALL_DATADIR "/data", "/usr/share/GeoIP",
                                         "/var/lib/GeoIP"};
    dgasn *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    try_path(a, path);
    if (!dgasn_has_db(a)) try_list(a, getenv("DARKGLOBE_ASN"));
    if (!dgasn_has_db(a)) try_list(a, geo_path);
    if (!dgasn_has_db(a)) try_list(a, getenv("DARKGLOBE_GEOIP"));
    for (size_t i = 0; i < sizeof places / sizeof *places && !dgasn_has_db(a); i++)
        try_path(a, places[i]);
    if (!dgasn_has_db(a)) snprintf(a->desc, sizeof a->desc, "no ASN database");
    return a;
}

void dgasn_close(dgasn *a)
{
    if (!a) return;
    for (int i = 0; i < SLOTS; i++)
        if (a->open[i]) MMDB_close(&a->db[i]);
    free(a);
}

bool dgasn_has_db(const dgasn *a)
{
    return a && (a->open[V4] || a->open[V6]);
}

const char *dgasn_describe(const dgasn *a)
{
    return a ? a->desc : "no ASN database";
}

const char *dgasn_credit(const dgasn *a)
{
    if (!dgasn_has_db(a)) return NULL;
    return a->ripe ? "AS data by RouteViews, DB-IP and NRO (CC BY 4.0)" : "AS data by MaxMind";
}

/* Copies an MMDB string, cut at a UTF-8 boundary, control bytes replaced. */
static void copy_string(const MMDB_entry_data_s *d, char *out, size_t cap)
{
    size_t n = d->data_size < cap - 1 ? d->data_size : cap - 1;
    memcpy(out, d->utf8_string, n);
    while (n > 0 && n < d->data_size && ((unsigned char)out[n] & 0xC0) == 0x80)
        n--; /* do not end inside a character */
    out[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f) out[i] = '?';
}

static bool read_asn(MMDB_entry_s *e, dgasn_result *out)
{
    static const char *const num[] = {"autonomous_system_number", NULL};
    static const char *const org[] = {"autonomous_system_organization", NULL};
    MMDB_entry_data_s d;
    if (MMDB_aget_value(e, &d, num) != MMDB_SUCCESS || !d.has_data) return false;
    if (d.type == MMDB_DATA_TYPE_UINT32)
        out->asn = d.uint32;
    else if (d.type == MMDB_DATA_TYPE_UINT16)
        out->asn = d.uint16;
    else
        return false;
    if (MMDB_aget_value(e, &d, org) == MMDB_SUCCESS && d.has_data &&
        d.type == MMDB_DATA_TYPE_UTF8_STRING)
        copy_string(&d, out->org, sizeof out->org);
    return out->asn != 0;
}

bool dgasn_lookup(dgasn *a, int ip_ver, const uint8_t addr[16], dgasn_result *out)
{
    static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    memset(out, 0, sizeof *out);
    if (!dgasn_has_db(a) || dggeo_is_bogon(ip_ver, addr)) return false;
    bool v4 = ip_ver == 4 || (ip_ver == 6 && !memcmp(addr, mapped, 12));
    const uint8_t *p4 = ip_ver == 4 ? addr : addr + 12;
    struct sockaddr_in sin = {.sin_family = AF_INET};
    struct sockaddr_in6 sin6 = {.sin6_family = AF_INET6};
    memcpy(&sin.sin_addr, p4, 4);
    memcpy(&sin6.sin6_addr, addr, 16);
    MMDB_s *db = v4 && a->open[V4] ? &a->db[V4] : a->open[V6] ? &a->db[V6] : NULL;
    if (!db) return false;
    int rc = MMDB_SUCCESS;
    const struct sockaddr *sa = v4 ? (const struct sockaddr *)&sin : (const struct sockaddr *)&sin6;
    MMDB_lookup_result_s r = MMDB_lookup_sockaddr(db, sa, &rc);
    return rc == MMDB_SUCCESS && r.found_entry && read_asn(&r.entry, out);
}
