#!/usr/bin/env bash
# Starts local MariaDB (MySQL stand-in) and Redis for tests and development when they do not
# answer yet, and creates the test user. Idempotent; needs root the first time (apt, datadir).
#   TEST_DB_USER / TEST_DB_PASSWORD  the TCP user for tests (default trainingclub / trainingclub)
set -euo pipefail

db_user=${TEST_DB_USER:-trainingclub}
db_pass=${TEST_DB_PASSWORD:-trainingclub}

need_pkgs=()
command -v mariadbd >/dev/null 2>&1 || need_pkgs+=(mariadb-server)
command -v redis-server >/dev/null 2>&1 || need_pkgs+=(redis-server)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  echo "services: installing ${need_pkgs[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi

if ! mariadb-admin ping --silent >/dev/null 2>&1; then
  echo "services: starting mariadbd"
  install -d -o mysql -g mysql /run/mysqld
  if [ ! -d /var/lib/mysql/mysql ]; then
    mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null
  fi
  # mariadbd writes its own pid file and drops to the mysql user itself.
  start-stop-daemon --start --background --quiet \
    --exec /usr/sbin/mariadbd -- --user=mysql --datadir=/var/lib/mysql \
      --pid-file=/run/mysqld/mysqld.pid --log-error=/var/log/mariadb-trainingclub.log \
      --socket=/run/mysqld/mysqld.sock --bind-address=127.0.0.1 --port=3306 \
      --max-connections=500 --innodb-flush-log-at-trx-commit=2
  for _ in $(seq 1 60); do mariadb-admin ping --silent >/dev/null 2>&1 && break; sleep 0.5; done
  mariadb-admin ping --silent >/dev/null 2>&1 || { echo "services: mariadbd did not start" >&2; exit 1; }
fi
mariadb -u root <<SQL
CREATE USER IF NOT EXISTS '${db_user}'@'127.0.0.1' IDENTIFIED BY '${db_pass}';
CREATE USER IF NOT EXISTS '${db_user}'@'localhost' IDENTIFIED BY '${db_pass}';
GRANT ALL PRIVILEGES ON *.* TO '${db_user}'@'127.0.0.1';
GRANT ALL PRIVILEGES ON *.* TO '${db_user}'@'localhost';
FLUSH PRIVILEGES;
SQL

if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  echo "services: starting redis-server"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no \
    --databases 64 --logfile /tmp/redis-trainingclub.log
  for _ in $(seq 1 40); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 0.25; done
  redis-cli -h 127.0.0.1 ping >/dev/null || { echo "services: redis did not start" >&2; exit 1; }
fi

echo "services: MariaDB and Redis answer on 127.0.0.1 (user ${db_user})"
echo "  export TEST_MYSQL_DSN='${db_user}:${db_pass}@tcp(127.0.0.1:3306)/'"
echo "  export TEST_REDIS_URL='redis://127.0.0.1:6379/0'"
