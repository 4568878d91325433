#!/bin/sh
# Add a user to the proxy's password file (HTTP basic authentication). Usage:
#   deploy/add-user.sh NAME [FILE]
# asks for the password twice (or reads one line from standard input when it is not a
# terminal) and appends NAME:HASH to FILE (default deploy/local/htpasswd), readable by its
# owner only. The hash is SHA-512 crypt (`openssl passwd -6`), which Debian's nginx checks;
# no apache2-utils needed. To remove a user, delete the line; `make serve` reads the file
# when it starts.
set -eu
name=${1:?usage: deploy/add-user.sh NAME [FILE]}
file=${2:-deploy/local/htpasswd}
case "$name" in *:*) echo "a user name cannot contain ':'" >&2; exit 2 ;; esac
if [ -t 0 ]; then hash=$(openssl passwd -6); else hash=$(openssl passwd -6 -stdin); fi
mkdir -p "$(dirname "$file")"
umask 077
printf '%s:%s\n' "$name" "$hash" >> "$file"
echo "added $name to $file"
