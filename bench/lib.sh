# bench/lib.sh - what the server benchmarks share: the CPU a server used, since a load
# generator on the same two cores bounds the requests per second of every server alike.

# cpu_ticks PID: user + system clock ticks of the process, its threads and every process
# below it (nginx's workers; NSD's server processes are its grandchildren).
cpu_ticks() {
  # Fields 14 and 15 of /proc/PID/stat, counted after the name in parentheses, which may
  # hold blanks ("nsd: server 1").
  local total=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $12 + $13}') child
  total=${total:-0}
  for child in $(pgrep -P "$1" || true); do
    total=$((total + $(cpu_ticks "$child")))
  done
  echo "$total"
}

# cpu_us_per TICKS COUNT: CPU microseconds per request from clock ticks over COUNT requests.
cpu_us_per() {
  awk -v t="$1" -v n="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", n ? t * 1e6 / hz / n : 0 }'
}
