#!/usr/bin/env bash
# Bit-for-bit regression test: runs tests/golden/golden.lua and compares every hash with the one
# recorded for this platform (compiler, -march=native's target flags) in baselines/<platform>.txt.
# A platform without a recorded baseline is skipped (exit 77), never passed: record one with --record.
#
# usage: tests/golden/test_golden.sh path/to/chaoslab [--record]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin=$(realpath "$1")
record=${2:-}
build=$(dirname "$(dirname "$bin")")
cache="$build/CMakeCache.txt"
[ -f "$cache" ] || { echo "golden: no CMakeCache.txt beside $bin" >&2; exit 2; }

# The platform: which compiler, and which instruction set the build uses (results depend on both:
# Eigen's kernels and GCC's vector code differ with the target flags).
cxx=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$cache")
native=$(sed -n 's/^CHAOSLAB_NATIVE:BOOL=//p' "$cache")
{
    "$cxx" --version | head -1
    echo "native=$native"
    if [ "$native" = ON ]; then "$cxx" -march=native -Q --help=target | grep -E '^\s+-m' | grep -v 'tune='; fi
} > "$build/golden-platform.txt"
platform=$(md5sum < "$build/golden-platform.txt" | cut -c1-12)
baseline="$here/baselines/$platform.txt"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" "$here/golden.lua" "$work" 2>"$work/stderr" > "$work/now.txt" || { cat "$work/stderr" >&2; exit 1; }

if [ "$record" = --record ]; then
    cp "$work/now.txt" "$baseline"
    cp "$build/golden-platform.txt" "$here/baselines/$platform.platform"
    echo "golden: recorded $(wc -l < "$baseline") results for platform $platform in $baseline"
    exit 0
fi
if [ ! -f "$baseline" ]; then
    echo "golden: no baseline recorded for this platform ($platform: $(head -1 "$build/golden-platform.txt"));"
    echo "        record one from a trusted commit with: tests/golden/test_golden.sh $bin --record"
    exit 77
fi
if ! diff -u "$baseline" "$work/now.txt"; then
    echo "golden: results differ from the recorded baseline $baseline (lines above: - recorded, + now)" >&2
    exit 1
fi
echo "golden: all $(wc -l < "$baseline") results are bit-for-bit the recorded ones (platform $platform)"
