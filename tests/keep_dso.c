/* keep_dso.c - LD_PRELOAD shim for leak checks: dlclose does nothing, so the GL driver
 * (Mesa's llvmpipe, loaded with dlopen) is still mapped when LeakSanitizer runs at exit and
 * its allocations can be named and suppressed (tests/lsan.supp) instead of showing up as
 * unreadable "<unknown module>" frames. Used only by the sanitizer build's tests. */
int dlclose(void *handle);

int dlclose(void *handle)
{
    (void)handle;
    return 0;
}
