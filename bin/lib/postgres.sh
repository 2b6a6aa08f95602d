# Private PostgreSQL cluster on loopback, from Debian's packages; never touches a system cluster.
# Source this file, then: pg_start DIR PORT; pg_stop DIR. Sets SAFETYPLANE_PG_URL.

pg_bindir() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
  else
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
  fi
}

pg_install() {
  if [ -z "$(pg_bindir)" ] || [ ! -x "$(pg_bindir)/initdb" ]; then
    if [ "$(id -u)" != 0 ]; then
      echo "PostgreSQL is not installed; install Debian's postgresql package (as root) and run again" >&2
      return 1
    fi
    echo "installing PostgreSQL from Debian's packages"
    apt-get install -y -q postgresql >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q postgresql >/dev/null; }
  fi
}

# pg_start DIR PORT: initialises DIR if needed and starts a server on 127.0.0.1:PORT with database
# and user "app" (password "app").
pg_start() {
  local dir=$1 port=$2 bin run=()
  bin=$(pg_bindir)
  [ -x "$bin/initdb" ] || { echo "PostgreSQL is not installed" >&2; return 1; }
  if [ "$(id -u)" = 0 ]; then run=(runuser -u postgres --); fi
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$dir"; fi
  if [ ! -f "$dir/PG_VERSION" ]; then
    "${run[@]}" "$bin/initdb" -D "$dir" -U postgres -A trust --no-sync >/dev/null
  fi
  "${run[@]}" "$bin/pg_ctl" -D "$dir" -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" \
    -l "$dir/server.log" -w start >/dev/null
  "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=0 \
    -c "do \$\$ begin if not exists (select from pg_roles where rolname = 'app') then create role app login password 'app'; end if; end \$\$;" \
    >/dev/null
  "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -tc "select 1 from pg_database where datname = 'app'" | grep -q 1 \
    || "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -c "create database app owner app" >/dev/null
  export SAFETYPLANE_PG_URL="postgresql://127.0.0.1:$port/app"
}

pg_stop() {
  local dir=$1 bin run=()
  bin=$(pg_bindir)
  [ -f "$dir/postmaster.pid" ] || return 0
  if [ "$(id -u)" = 0 ]; then run=(runuser -u postgres --); fi
  "${run[@]}" "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
}
