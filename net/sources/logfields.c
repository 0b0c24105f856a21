/* logfields.c - see logfields.h. */
#include "logfields.h"
#include "names.h"
#include "text_sanitize.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool dglf_proto(const char *text, uint8_t *proto)
{
    if (dgn_proto_from_name(text, proto)) return true;
    if (!isdigit((unsigned char)text[0])) return false;
    char *end;
    errno = 0;
    unsigned long v = strtoul(text, &end, 10);
    if (errno || *end || v > 255) return false;
    *proto = (uint8_t)v;
    return true;
}

bool dglf_flags_letters(const char *text, uint8_t *flags)
{
    static const char letters[] = "FSRPAUEC";
    *flags = 0;
    for (const char *p = text; *p; p++) {
        if (*p == '.') continue;
        const char *l = strchr(letters, toupper((unsigned char)*p));
        if (!l) return false;
        *flags |= (uint8_t)(1u << (l - letters));
    }
    return true;
}

bool dglf_flags_hex(const char *text, uint8_t *flags)
{
    if (!isxdigit((unsigned char)text[0])) return false;
    char *end;
    errno = 0;
    unsigned long v = strtoul(text, &end, 16);
    if (errno || *end || v > 0xFF) return false;
    *flags = (uint8_t)v;
    return true;
}

const char *dglf_sensor(dgw_sensor_table *st, const char *name, uint16_t *idx)
{
    size_t len = strlen(name);
    char clean[DGW_SENSOR_NAME_LEN];
    if (len >= DGW_SENSOR_NAME_LEN) return "sensor name over 31 bytes";
    if (dg_text_sanitize(clean, sizeof clean, name, len) != len) return "sensor name is not clean text";
    for (int i = 0; i < st->count; i++)
        if (strcmp(st->name[i], name) == 0) return *idx = (uint16_t)i, NULL;
    if (st->count == DGW_MAX_SENSORS) return "more than 64 sensor names";
    memcpy(st->name[st->count], name, len + 1);
    *idx = (uint16_t)st->count++;
    return NULL;
}
