/* png_probe.c - counts pixels of a hue family in a box of a screenshot, for shell tests that
 * judge the viewer's pictures:  png_probe FILE X0 Y0 X1 Y1 HUE
 * HUE: amber (feed-time label, hints), red (feed lost), green (connected, replay), bright
 * (text), plate (the near-opaque navy of the alert card). Prints the count; exit 2 when the file
 * cannot be read or the box is outside. */
#include <stb/stb_image.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_hue(const unsigned char *p, const char *hue)
{
    int r = p[0], g = p[1], b = p[2];
    if (!strcmp(hue, "amber")) return r > 170 && g > 130 && b < 110 && r - b > 100;
    if (!strcmp(hue, "red")) return r > 170 && g < 120 && b < 120;
    if (!strcmp(hue, "green")) return g > 150 && r < 140 && g - r > 60;
    if (!strcmp(hue, "plate"))
        return r >= 4 && r <= 22 && g >= 8 && g <= 30 && b >= 14 && b <= 42 && b > r + 6;
    return (r * 3 + g * 6 + b) / 10 > 150;
}

int main(int argc, char **argv)
{
    if (argc != 7) {
        fprintf(stderr, "usage: png_probe FILE X0 Y0 X1 Y1 amber|red|green|bright|plate\n");
        return 2;
    }
    int w, h, n, x0 = atoi(argv[2]), y0 = atoi(argv[3]), x1 = atoi(argv[4]), y1 = atoi(argv[5]);
    unsigned char *px = stbi_load(argv[1], &w, &h, &n, 3);
    if (!px || x0 < 0 || y0 < 0 || x1 > w || y1 > h || x0 >= x1 || y0 >= y1) {
        fprintf(stderr, "png_probe: %s: unreadable or box outside %dx%d\n", argv[1], w, h);
        stbi_image_free(px);
        return 2;
    }
    long count = 0;
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
            count += is_hue(px + ((size_t)y * w + x) * 3, argv[6]);
    printf("%ld\n", count);
    stbi_image_free(px);
    return 0;
}
