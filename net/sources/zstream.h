/* zstream.h - compressed files read as plain byte streams: gzip, bzip2, xz and zstd, told
 * apart by their magic bytes and decompressed on the fly (zlib, libbz2, liblzma, libzstd;
 * concatenated streams too) behind a stdio FILE, so libpcap reads a compressed capture like
 * any other file. Nothing is decompressed to disk.
 * Owns: the decoder and input buffer behind each FILE it opens (released by fclose).
 * Threads: a stream belongs to the thread that reads it. */
#ifndef DG_ZSTREAM_H
#define DG_ZSTREAM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum dgz_kind { DGZ_NONE, DGZ_GZIP, DGZ_BZIP2, DGZ_XZ, DGZ_ZSTD } dgz_kind;

/* The compression the first bytes of a file announce (DGZ_NONE: none we read). */
dgz_kind dgz_probe(const uint8_t *head, size_t n);
/* "gzip", "bzip2", "xz", "zstd" or "uncompressed". */
const char *dgz_name(dgz_kind kind);

/* The compression of a file by its first bytes; DGZ_NONE also when it cannot be read. */
dgz_kind dgz_file_kind(const char *path);

/* Opens path for reading, decompressed when dgz_probe names its compression; "-" is standard
 * input, compressed or not (recognised by content, as it streams). A stream that turns out
 * corrupt or cut reads as an I/O error (EIO) after its last good byte, with the
 * decompressor's reason printed once as "path: reason". NULL with a reason in err. */
FILE *dgz_fopen(const char *path, char *err, size_t errcap);

/* Reads the first (decompressed) bytes of path into buf for content sniffing; returns the
 * count (short for a small or damaged file) and the compression in *kind, -1 with err when
 * the file cannot be opened or is damaged before its first decompressed byte. */
long dgz_head(const char *path, uint8_t *buf, size_t cap, dgz_kind *kind, char *err,
              size_t errcap);

#endif
