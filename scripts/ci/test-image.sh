#!/usr/bin/env bash
# Builds the image the Docker tests, the demo and bench:engine run: Debian's static busybox with its
# applets as symlinks (sh, sleep, httpd, wget, nc, …), imported into the local engine. No registry is
# involved. Idempotent: an image already present is left alone unless --force is given.
set -euo pipefail
IMAGE="${COVEY_TEST_IMAGE:-covey-test/busybox:1}"
if [ "${1:-}" != "--force" ] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "test image $IMAGE already present"
  exit 0
fi
busybox=$(command -v busybox || true)
if [ -z "$busybox" ] || ! file -L "$busybox" 2>/dev/null | grep -q 'statically linked'; then
  busybox=/bin/busybox
fi
if [ ! -x "$busybox" ]; then
  echo "busybox not found: apt-get install -y busybox-static" >&2
  exit 1
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/bin" "$dir/tmp" "$dir/etc" "$dir/www" "$dir/data"
chmod 1777 "$dir/tmp"
cp "$busybox" "$dir/bin/busybox"
for applet in $("$dir/bin/busybox" --list); do
  [ "$applet" = busybox ] || ln -sf busybox "$dir/bin/$applet"
done
printf 'root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' >"$dir/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$dir/etc/group"
echo 'covey test page' >"$dir/www/index.html"
tar -C "$dir" -c . | docker import -c 'ENV PATH=/bin' -c 'CMD ["sh"]' - "$IMAGE" >/dev/null
echo "built test image $IMAGE"
