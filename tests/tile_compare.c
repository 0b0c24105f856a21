/* tile_compare.c - compares video-wall tiles with one wide render:
 *   tile_compare WHOLE.png TILE0.png TILE1.png ... (COLS tiles of one row)
 * Prints the mean absolute difference and the share of pixels off by more than 48; exits 1
 * when the tiles do not form the whole picture (mean > 3 or share > 2%). */
#include <stb/stb_image.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc < 3) return 2;
    int W, H, n, cols = argc - 2;
    unsigned char *whole = stbi_load(argv[1], &W, &H, &n, 3);
    if (!whole) return 2;
    double sum = 0;
    long bad = 0, total = 0;
    for (int c = 0; c < cols; c++) {
        int w, h;
        unsigned char *t = stbi_load(argv[2 + c], &w, &h, &n, 3);
        if (!t || w * cols != W || h != H) {
            fprintf(stderr, "tile %d: wrong size or unreadable\n", c);
            stbi_image_free(t);
            stbi_image_free(whole);
            return 1;
        }
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w * 3; x++) {
                int d = abs(t[y * w * 3 + x] - whole[y * W * 3 + c * w * 3 + x]);
                sum += d;
                bad += d > 48;
                total++;
            }
        stbi_image_free(t);
    }
    stbi_image_free(whole);
    double mean = sum / (double)total, share = (double)bad / (double)total;
    printf("mean abs diff %.3f, share off by > 48: %.4f%%\n", mean, share * 100);
    return mean > 3 || share > 0.02;
}
