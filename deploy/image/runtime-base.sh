#!/usr/bin/env bash
# Assembles the root filesystem of the images' local base (docs/operations.md, "Images"): a Java runtime made with
# jlink from this machine's JDK (the second argument, else JAVA_HOME, else the java on PATH), placed at
# /opt/java/openjdk in the image (where the eclipse-temurin images keep theirs), the C libraries
# it links against, the loader, a non-root user (10001) and a writable /tmp. Jib puts it on top of `scratch`, so the
# images build with no registry and no Docker engine. Usage: runtime-base.sh <output directory> [java home]
set -euo pipefail

out=${1:?usage: runtime-base.sh <output directory> [java home]}
java_home=${2:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}
runtime="$out/opt/java/openjdk"

# What Spring Boot, Tomcat, Axon, the PostgreSQL driver and Kafka clients (SASL, Kerberos, TLS) use; no compiler,
# no debugger, no desktop beyond java.beans (in java.desktop).
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.management.rmi,\
java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,\
java.transaction.xa,java.xml,java.xml.crypto,jdk.charsets,jdk.crypto.cryptoki,jdk.crypto.ec,jdk.jfr,jdk.management,\
jdk.management.agent,jdk.management.jfr,jdk.naming.dns,jdk.net,jdk.security.auth,jdk.security.jgss,jdk.unsupported,\
jdk.zipfs

stamp="$out/.built-from"
want="$(readlink -f "$java_home") $(sha256sum "$0" | cut -c1-16)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0   # already assembled from this JDK by this script
fi
rm -rf "$out"
mkdir -p "$out/opt/java" "$out/etc" "$out/tmp"

if [ -d "$java_home/jmods" ]; then
  "$java_home/bin/jlink" --add-modules "$modules" --output "$runtime" \
    --strip-debug --no-man-pages --no-header-files --compress=2
else
  # a JDK without jmods (some distributions ship them separately): the whole runtime, links resolved
  cp -rL "$java_home" "$runtime"
  rm -rf "$runtime/jmods" "$runtime/include" "$runtime/man" "$runtime/src.zip" "$runtime/demo"
fi

# a headless server: no windows, fonts, sound, image codecs or splash screens (and none of the X11, ALSA, FreeType
# libraries they pull in); java.beans, which Spring uses, needs none of them
for gui in libawt_xawt libsplashscreen libjsound libfontmanager libjawt libjavajpeg liblcms; do
  rm -f "$runtime/lib/$gui.so"
done

# Jib drops symbolic links: make every one a copy of what it points to
find "$runtime" -type l | while read -r link; do
  target=$(readlink -f "$link"); rm "$link"; cp -rL "$target" "$link"
done
# the trust store: some distributions link it to the system's, and their jmods may hold an empty one
cacerts="$runtime/lib/security/cacerts"
if [ ! -s "$cacerts" ] && [ -s /etc/ssl/certs/java/cacerts ]; then
  cp -L /etc/ssl/certs/java/cacerts "$cacerts"
fi

# the shared libraries outside the runtime that its executables and libraries need, at the paths ldd found them
find "$runtime" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper \) -print0 \
  | xargs -0 -n 50 sh -c 'ldd "$@" 2>/dev/null || true' ldd \
  | awk '/=> \// { print $3 } /^\t\/[^ ]+ \(0x/ { print $1 }' \
  | sort -u | while read -r lib; do
      case "$lib" in "$runtime"/*) continue ;; esac
      mkdir -p "$out$(dirname "$lib")"
      cp -L "$lib" "$out$lib"
    done

# UTF-8 for file names and the default charset (LANG=C.UTF-8 in the image): glibc reads the locale from files
if [ -d /usr/lib/locale/C.utf8 ]; then
  mkdir -p "$out/usr/lib/locale"
  cp -rL /usr/lib/locale/C.utf8 "$out/usr/lib/locale/"
fi

cat > "$out/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
shiporskip:x:10001:10001:Ship or Skip:/tmp:/sbin/nologin
PASSWD
cat > "$out/etc/group" <<'GROUP'
root:x:0:
shiporskip:x:10001:
GROUP
cat > "$out/etc/nsswitch.conf" <<'NSS'
passwd: files
group: files
hosts: files dns
NSS

echo "$want" > "$stamp"
du -sh "$out" | sed 's/^/runtime base: /'
