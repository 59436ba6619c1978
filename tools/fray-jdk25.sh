#!/usr/bin/env bash
# Prepares a JDK 25 for Fray (the -Pfray profile) on a Debian 12 machine, from Debian's own packages only.
#
# Why: Fray 0.9.2 builds its instrumented JDK with jlink from a JDK 25 (it checks the version); without one it
# downloads Corretto from the internet, which this project's machines cannot reach. Debian 12 has no JDK 25;
# Debian 13's openjdk-25 needs glibc 2.38 (Debian 12 has 2.36). So we unpack Debian 13's JDK and glibc into a
# private prefix and point every ELF file (also those inside the jmods, which jlink copies) at that glibc with
# patchelf. The system's libc is not touched.
#
# Usage: tools/fray-jdk25.sh [PREFIX]   (default /opt/enlightened-jdk25); prints the JDK home on stdout.
# Then: JDK25_HOME=$(tools/fray-jdk25.sh) mvn -B -Pfray verify -pl reference-impl -am
set -euo pipefail
prefix="${1:-/opt/enlightened-jdk25}"
jdk="$prefix/usr/lib/jvm/java-25-openjdk-amd64"
libdir="$prefix/usr/lib/x86_64-linux-gnu"
if [ -x "$jdk/bin/java" ] && "$jdk/bin/java" -version >/dev/null 2>&1 && [ -f "$prefix/.jmods-patched" ]; then
  echo "$jdk"; exit 0
fi
need() { command -v "$1" >/dev/null 2>&1 || { echo "fray-jdk25: needs $1 (apt-get install $2)" >&2; exit 2; }; }
need apt-get apt; need dpkg-deb dpkg; need python3 python3
if ! command -v patchelf >/dev/null 2>&1; then apt-get install -y -qq patchelf >&2; fi

# Debian 13 ("trixie") as a low-priority source: nothing installs from it unless asked for by name.
if [ ! -f /etc/apt/sources.list.d/enlightened-trixie.sources ]; then
  cat > /etc/apt/sources.list.d/enlightened-trixie.sources <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' > /etc/apt/preferences.d/enlightened-trixie
  apt-get update -qq >&2
fi
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download -t trixie openjdk-25-jdk-headless openjdk-25-jre-headless libc6 libgcc-s1 \
   libstdc++6 zlib1g >&2)
mkdir -p "$prefix"
for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$prefix"; done
# The JDK's conf/ links point into /etc/java-25-openjdk.
[ -d /etc/java-25-openjdk ] || cp -r "$prefix/etc/java-25-openjdk" /etc/

patch_elf() {  # $1: file
  if file -L "$1" 2>/dev/null | grep -q ELF || head -c 4 "$1" | grep -q ELF; then
    if patchelf --print-interpreter "$1" >/dev/null 2>&1; then
      patchelf --set-interpreter "$libdir/ld-linux-x86-64.so.2" "$1"
    fi
    old="$(patchelf --print-rpath "$1" 2>/dev/null || true)"
    patchelf --set-rpath "$libdir${old:+:$old}" "$1"
  fi
}
export -f patch_elf; export libdir
find "$jdk/bin" "$jdk/lib" -type f \( -path "$jdk/bin/*" -o -name '*.so' -o -name jspawnhelper -o -name jexec \) \
  -exec bash -c 'patch_elf "$0"' {} \;
# jlink copies native files out of the jmods: patch them there too (a jmod is 4 header bytes + a zip).
python3 - "$jdk" <<'PY'
import io, os, subprocess, sys, tempfile, zipfile, glob
jdk = sys.argv[1]
for path in sorted(glob.glob(os.path.join(jdk, 'jmods', '*.jmod'))):
    raw = open(path, 'rb').read()
    head, zin = raw[:4], zipfile.ZipFile(io.BytesIO(raw[4:]))
    names = [n for n in zin.namelist()
             if (n.startswith('bin/') or n.startswith('lib/')) and not n.endswith('.debuginfo')]
    if not names:
        continue
    out = io.BytesIO()
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename in names and data[:4] == b'\x7fELF':
                with tempfile.NamedTemporaryFile(delete=False) as t:
                    t.write(data)
                subprocess.run(['bash', '-c', 'patch_elf "$0"', t.name], check=True)
                data = open(t.name, 'rb').read(); os.unlink(t.name)
            zout.writestr(info, data)
    open(path, 'wb').write(head + out.getvalue())
PY
"$jdk/bin/java" -version >&2
touch "$prefix/.jmods-patched"
echo "$jdk"
