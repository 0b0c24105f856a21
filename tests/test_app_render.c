/* test_app_render.c - the viewer as a user runs it, judged on its pictures:
 *   darkglobe --headless --demo --seed 7 --fixed-dt 0.0166667 --frames N --screenshot out.png
 * The globe is where expected, arcs of several class colours fly, the legend is drawn, two
 * frame counts give two pictures; an alert published by nanocat shows in the alert panel
 * and as a ring on the globe, is counted and is logged.
 * Usage: test_app_render DARKGLOBE_BINARY WORKDIR */
#include <stb/stb_image.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "gl/hud.h"

#define W 1280
#define H 720

static const char *bin, *dir;

static unsigned char *shot(const char *name, const char *args)
{
    char cmd[2048], path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(cmd, sizeof cmd,
             "SDL_VIDEODRIVER=offscreen %s --headless --quiet --fixed-dt 0.0166667 --fps 0 %s "
             "--screenshot %s",
             bin, args, path);
    CHECK(system(cmd) == 0);
    int w, h, n;
    unsigned char *px = stbi_load(path, &w, &h, &n, 3);
    CHECK(px && w == W && h == H);
    return px;
}

static const unsigned char *at(const unsigned char *px, int x, int y)
{
    return px + ((size_t)y * W + (size_t)x) * 3;
}

/* Mean brightness of a box. */
static double mean(const unsigned char *px, int x0, int y0, int x1, int y1)
{
    double s = 0;
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
            s += (at(px, x, y)[0] + at(px, x, y)[1] + at(px, x, y)[2]) / 3.0;
    return s / ((double)(x1 - x0) * (y1 - y0));
}

/* Pixels of the globe area (between the side panels) by hue family of the default palette:
 * warm (SYN scan orange, other TCP yellow), green (UDP), pink (SYN-ACK). The globe itself
 * is blue and cyan. */
static void hue_counts(const unsigned char *px, int *warm, int *green, int *pink)
{
    *warm = *green = *pink = 0;
    for (int y = 40; y < H - 40; y++)
        for (int x = 330; x < 950; x++) {
            const unsigned char *p = at(px, x, y);
            int r = p[0], g = p[1], b = p[2];
            *warm += r > 150 && g > 90 && b < 90;
            *green += g > 110 && g > r + 50 && g > b + 20;
            *pink += r > 150 && b > 110 && g < r - 50;
        }
}

static void demo_pictures(void)
{
    unsigned char *a = shot("demo-240.png", "--demo --seed 7 --frames 240");
    unsigned char *b = shot("demo-120.png", "--demo --seed 7 --frames 120");
    if (!a || !b) return;
    CHECK(mean(a, W / 2 - 40, H / 2 - 40, W / 2 + 40, H / 2 + 40) > 12); /* the globe */
    int warm, green, pink;
    hue_counts(a, &warm, &green, &pink);
    printf("arc pixels: warm %d, green %d, pink %d\n", warm, green, pink);
    CHECK(warm > 200);
    CHECK((green > 10) + (pink > 10) >= 1);
    dghud_rect r[DGHUD_P_COUNT];
    dghud_input in = {.panels = DGHUD_ALL};
    dghud_layout(W, H, &in, r);
    dghud_rect lg = r[DGHUD_P_LEGEND];
    double legend = mean(a, (int)lg.x, (int)lg.y, (int)(lg.x + lg.w), (int)(lg.y + lg.h));
    double beside = mean(a, (int)lg.x, (int)lg.y - 60, (int)(lg.x + lg.w), (int)lg.y - 10);
    printf("legend %.1f, above it %.1f\n", legend, beside);
    CHECK(legend > beside + 5);
    double diff = 0;
    for (size_t i = 0; i < (size_t)W * H * 3; i++)
        diff += abs(a[i] - b[i]);
    CHECK(diff / ((double)W * H * 3) > 1.0);
    stbi_image_free(a);
    stbi_image_free(b);
}

/* nanocat publishes the alert of the issue, placed in Tokyo; compared with the same run
 * without it, the alert panel and the globe near Tokyo change; it is counted and logged. */
static void alert_pictures(void)
{
    char args[1400], cmd[1024], log[512], stats[512];
    int port = 20000 + getpid() % 20000;
    snprintf(log, sizeof log, "%s/alerts.jsonl", dir);
    snprintf(stats, sizeof stats, "%s/alert-stats.jsonl", dir);
    unlink(log);
    unlink(stats);
    snprintf(
        cmd, sizeof cmd,
        "nanocat --pub --bind tcp://127.0.0.1:%d --interval 0.2 --data 'alert "
        "{\"ts\":1509408000,\"severity\":\"high\",\"kind\":\"watchlist\",\"title\":\"Host in "
        "ExampleOrg scanning 23/TCP\",\"src\":\"133.243.3.34\",\"org\":\"ExampleOrg\","
        "\"detail\":\"Mirai fingerprint\",\"lat\":35.68,\"lon\":139.69}' & echo $! > %s/nc.pid",
        port, dir);
    CHECK(system(cmd) == 0);
    const char *common = "--no-autorotate --panels alerts --frames 90 --fps 30";
    snprintf(args, sizeof args, "%s --connect tcp://127.0.0.1:%d --alerts-log %s --stats %s",
             common, port, log, stats);
    unsigned char *with = shot("alert.png", args);
    snprintf(cmd, sizeof cmd, "kill $(cat %s/nc.pid)", dir);
    CHECK(system(cmd) == 0);
    unsigned char *without = shot("no-alert.png", "--no-autorotate --panels alerts --frames 90 "
                                                  "--fps 30 --connect tcp://127.0.0.1:1");
    if (!with || !without) return;
    CHECK(mean(without, W / 2 - 30, 0, W / 2 + 30, 4) < 30); /* space above the globe */
    dghud_rect r[DGHUD_P_COUNT];
    dghud_input in = {.panels = DGHUD_BIT(DGHUD_P_ALERTS)};
    dghud_layout(W, H, &in, r);
    dghud_rect al = r[DGHUD_P_ALERTS];
    double pa = mean(with, (int)al.x, (int)al.y, (int)(al.x + al.w), (int)(al.y + al.h));
    double pb = mean(without, (int)al.x, (int)al.y, (int)(al.x + al.w), (int)(al.y + al.h));
    printf("alert panel %.1f vs %.1f without the alert\n", pa, pb);
    CHECK(pa > pb + 1);
    long changed = 0;
    for (int y = 60; y < H - 60; y++)
        for (int x = W / 2; x < (int)al.x - 10; x++)
            for (int c = 0; c < 3; c++)
                changed += abs(at(with, x, y)[c] - at(without, x, y)[c]) > 40;
    printf("globe pixels changed by the ring: %ld\n", changed);
    CHECK(changed > 50);
    FILE *f = fopen(log, "r");
    char line[2048] = "";
    CHECK(f && fgets(line, sizeof line, f));
    CHECK(strstr(line, "Host in ExampleOrg scanning 23/TCP") != NULL);
    if (f) fclose(f);
    snprintf(cmd, sizeof cmd, "tail -n 1 %s | grep -q '\"alerts_active\":1,'", stats);
    CHECK(system(cmd) == 0);
    stbi_image_free(with);
    stbi_image_free(without);
}

int main(int argc, char **argv)
{
    if (argc < 3) return 2;
    bin = argv[1];
    dir = argv[2];
    demo_pictures();
    alert_pictures();
    return check_report();
}
