# Shared helpers of the shell tests (sourced).
export SDL_VIDEODRIVER=offscreen
fail=0
check() { if ! eval "$1"; then echo "FAIL: $1" >&2; fail=1; fi; }
# field NAME LINE: a numeric or boolean field of one stats JSON line.
field() { echo "$2" | sed -n "s/.*\"$1\":\([-0-9.a-z]*\).*/\1/p"; }
free_port() { echo $((20000 + (RANDOM * 7 + $$) % 40000)); }
