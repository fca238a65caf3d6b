#!/bin/sh
# Docker HEALTHCHECK: GET / must answer 200. busybox wget on alpine, curl where it exists,
# bash's /dev/tcp on Debian-based nginx images that have neither.
url=http://127.0.0.1:8080/
if command -v wget >/dev/null 2>&1; then
  exec wget -q -T 3 -O /dev/null "$url"
elif command -v curl >/dev/null 2>&1; then
  exec curl -fsS -m 3 -o /dev/null "$url"
elif command -v bash >/dev/null 2>&1; then
  exec bash -c 'exec 3<>/dev/tcp/127.0.0.1/8080 || exit 1
    printf "GET / HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3
    IFS= read -r -t 3 status <&3 || exit 1
    case "$status" in *" 200 "*) exit 0 ;; *) exit 1 ;; esac'
fi
echo "healthcheck: no wget, curl or bash in this image" >&2
exit 1
