/* export.h - frames out of the viewer: numbered PNG screenshots into a directory, and a raw
 * PPM (P6) video stream to a file or a pipe (e.g. `darkglobe ... | ffmpeg -f image2pipe
 * -vcodec ppm -i - out.mp4`).
 * Owns: the screenshot numbering and the stream's FILE. Both read the framebuffer bound for
 * reading (the window's back buffer before the swap, or an FBO) with glReadPixels.
 * A stream that fails (EPIPE when ffmpeg exits, a full disk) is reported once on stderr and
 * ends; later frames are ignored. The app ignores SIGPIPE so this is an error, not a death.
 * Threads: render thread only, with the GL context current. */
#ifndef DG_EXPORT_H
#define DG_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

/* Writes the w x h framebuffer as DIR/shot-NNNN.png with the next number not yet used in
 * DIR (created, with its parents, if missing). The path goes to path_out (may be NULL).
 * false with a message on stderr. */
bool dgex_screenshot(const char *dir, int w, int h, char *path_out, size_t cap);
/* The path the next screenshot in dir would take; false when dir cannot be read. */
bool dgex_next_shot_path(const char *dir, char *out, size_t cap);

typedef struct dgex_ppm dgex_ppm;

/* Opens path for writing ("-": stdout). The first frame fixes the stream's size: later
 * frames of another size are cropped or padded with black (ffmpeg needs one size).
 * NULL with a message in err. */
dgex_ppm *dgex_ppm_open(const char *path, char *err, size_t errcap);
/* Appends the w x h framebuffer as one P6 image (top row first) and flushes it. false once
 * the stream has ended (write error, reported once). */
bool dgex_ppm_frame(dgex_ppm *p, int w, int h);
/* Whether the stream still takes frames. */
bool dgex_ppm_ok(const dgex_ppm *p);
unsigned long dgex_ppm_frames(const dgex_ppm *p);
/* Flushes and closes (stdout is flushed, not closed); NULL is fine. */
void dgex_ppm_close(dgex_ppm *p);

#endif
