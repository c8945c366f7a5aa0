# clickhouse_helpers.bash - start and stop ClickHouse servers on loopback for the fleet tests
# (sourced after lib.sh; not a test itself). Each server is a plain process with its own
# config and data directory under $WORK, loopback ports only, under `timeout` so that it
# stops by itself even when a test dies. Two servers form the cluster `fleet` of two shards.

CLICKHOUSE_SERVER=${CLICKHOUSE_SERVER:-clickhouse-server}

# have_clickhouse: 0 when a ClickHouse server binary is installed.
have_clickhouse() { command -v "$CLICKHOUSE_SERVER" >/dev/null 2>&1; }

# clickhouse_config N: writes $WORK/ch$N/config.xml and users.xml for server N (1 or 2);
# CH_COUNT, CH_HTTP_n and CH_TCP_n must be set for every server (the cluster names each).
clickhouse_config() {
  local n=$1 dir=$WORK/ch$1
  mkdir -p "$dir/data" "$dir/tmp" "$dir/user_files" "$dir/format_schemas"
  cat >"$dir/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$dir/server.log</log><errorlog>$dir/error.log</errorlog></logger>
  <http_port>$(eval echo "\$CH_HTTP_$n")</http_port>
  <tcp_port>$(eval echo "\$CH_TCP_$n")</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>$dir/data/</path>
  <tmp_path>$dir/tmp/</tmp_path>
  <user_files_path>$dir/user_files/</user_files_path>
  <format_schema_path>$dir/format_schemas/</format_schema_path>
  <users_config>$dir/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>67108864</mark_cache_size>
  <uncompressed_cache_size>67108864</uncompressed_cache_size>
  <max_concurrent_queries>20</max_concurrent_queries>
  <timezone>UTC</timezone>
  <remote_servers>
    <fleet>
      <shard><replica><host>127.0.0.1</host><port>$CH_TCP_1</port></replica></shard>
$([ "$CH_COUNT" -eq 2 ] && echo "      <shard><replica><host>127.0.0.1</host><port>$CH_TCP_2</port></replica></shard>")
    </fleet>
  </remote_servers>
</yandex>
XML
  cat >"$dir/users.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
  <users>
    <default>
      <password>${CH_PASSWORD:-}</password>
      <networks><ip>127.0.0.1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors>
    <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time>
  </interval></default></quotas>
</yandex>
XML
}

# start_clickhouse_server N: starts server N and waits until it answers /ping; sets CH_PID_N.
start_clickhouse_server() {
  local n=$1 dir=$WORK/ch$1 port
  port=$(eval echo "\$CH_HTTP_$n")
  (cd "$dir" && exec timeout 600 "$CLICKHOUSE_SERVER" --config-file="$dir/config.xml" \
    >"$dir/stdout" 2>&1) &
  eval "CH_PID_$n=$!"
  for _ in $(seq 1 300); do
    [ "$(curl -s -m 1 "http://127.0.0.1:$port/ping" 2>/dev/null)" = "Ok." ] && return 0
    sleep 0.1
  done
  fail "clickhouse $n did not start: $(tail -c 600 "$dir/stdout" "$dir/error.log" 2>/dev/null)"
}

# start_clickhouse COUNT: picks free ports and starts COUNT servers (1 or 2); the cluster
# `fleet` has one shard per server.
start_clickhouse() {
  CH_COUNT=$1
  CH_HTTP_1=$(free_port); CH_TCP_1=$(free_port)
  CH_HTTP_2=$(free_port); CH_TCP_2=$(free_port)
  clickhouse_config 1
  start_clickhouse_server 1
  if [ "$CH_COUNT" -eq 2 ]; then
    clickhouse_config 2
    start_clickhouse_server 2
  fi
}

# kill_clickhouse N [SIGNAL]: stops server N (SIGTERM unless told) and waits for it.
kill_clickhouse() {
  local pid
  pid=$(eval echo "\${CH_PID_$1:-}")
  [ -n "$pid" ] || return 0
  pkill -"${2:-TERM}" -P "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  eval "CH_PID_$1="
}

# stop_clickhouse: stops every server this test started.
stop_clickhouse() {
  kill_clickhouse 1
  kill_clickhouse 2
}

# ch_query N SQL: runs SQL on server N over HTTP and prints the answer.
ch_query() {
  local port
  port=$(eval echo "\$CH_HTTP_$1")
  curl -sS --fail-with-body -m 30 -u "default:${CH_PASSWORD:-}" \
    --data-binary "$2" "http://127.0.0.1:$port/"
}
