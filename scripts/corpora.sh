#!/usr/bin/env bash
# scripts/corpora.sh [DIR] — fetch other mail software's published S/MIME and OpenPGP test messages,
# with their test keys, for the corpus tests (tests/Smgw.Tests/Corpora). Nothing of it is committed.
#
# Sources (Debian's archive, the upstream tarballs of two source packages; sha256-checked):
#   kf5-messagelib 22.12.3 (KDE KMail's MIME tree parser; CC0-1.0 test data):
#     mimetreeparser/autotests/data/*.mbox   S/MIME and PGP/MIME/inline messages, some from Apple Mail and Enigmail
#     messagecore/autotests/gnupg_home        their keys (GnuPG 2.1 home, no passphrases)
#   notmuch 0.37 (GPL-3+):
#     test/corpora/{pkcs7,protected-headers,crypto}   S/MIME (RFC 9216 sample keys) and PGP/MIME messages
#     test/smime, test/gnupg-secret-key.asc          their keys
# Idempotent: a DIR that holds both trees is left as it is. Prints DIR on success.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dir=${1:-${SMGW_CORPORA_DIR:-$here/../.cache/corpora}}
mirror=${SMGW_DEBIAN_MIRROR:-http://deb.debian.org/debian}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

fetch() { # fetch POOL-PATH FILE SHA256 TAR-MEMBERS...
  local path=$1 file=$2 sum=$3; shift 3
  local marker="$dir/.$file.done"
  [[ -f $marker ]] && return 0
  if [[ ! -f $dir/$file ]] || ! echo "$sum  $dir/$file" | sha256sum -c --status; then
    curl -fsS --retry 3 --max-time 300 -o "$dir/$file.part" "$mirror/pool/main/$path/$file" \
      || { echo "corpora: cannot download $mirror/pool/main/$path/$file" >&2; exit 1; }
    mv "$dir/$file.part" "$dir/$file"
  fi
  echo "$sum  $dir/$file" | sha256sum -c --status || { echo "corpora: $file: sha256 mismatch" >&2; rm -f "$dir/$file"; exit 1; }
  tar -xJf "$dir/$file" -C "$dir" "$@"
  touch "$marker"
}

fetch k/kf5-messagelib kf5-messagelib_22.12.3.orig.tar.xz 55d6be5205fb9c9f1c546d241164fe56e527e26e852f86af740cdc850b3d82a6 \
  messagelib-22.12.3/mimetreeparser/autotests/data messagelib-22.12.3/messagecore/autotests/gnupg_home
fetch n/notmuch notmuch_0.37.orig.tar.xz 0e766df28b78bf4eb8235626ab1f52f04f1e366649325a8ce8d3c908602786f6 \
  notmuch-0.37/test/corpora notmuch-0.37/test/smime notmuch-0.37/test/gnupg-secret-key.asc
echo "$dir"
