# fleet_events.awk - N synthetic sinkhole events of every protocol (DNS with and without a
# Client Subnet, HTTP, SMTP accepted and aborted, raw TCP) for sensor SENSOR, over three days
# in time order, as JSON lines; S varies the addresses. Used by the fleet tests.
BEGIN {
  for (i = 0; i < N; i++) {
    day = 1 + int(i * 3 / N); sec = (i * 7) % 86400
    t = sprintf("2020-03-%02dT%02d:%02d:%02d.%06dZ", day, int(sec / 3600), int(sec % 3600 / 60), sec % 60, i % 1000000)
    a = (i * 7919 + S * 13) % 3000; addr = sprintf("10.%d.%d.%d", a % 200, int(a / 200) % 256, (a * 3) % 256)
    tag = (i % 4 == 3) ? "" : sprintf(",\"tag\":{\"family\":\"%s\",\"variant\":\"default\",\"seed\":\"%d\"}", (i % 2 ? "necurs" : "conficker"), i % 3)
    head = sprintf("{\"v\":2,\"time\":\"%s\",\"sensor\":\"%s\"", t, SENSOR)
    k = i % 5
    if (k == 0)
      printf "%s,\"proto\":\"dns\",\"transport\":\"udp\",\"src\":\"127.0.0.%d\",\"sport\":4000,\"dst\":\"127.0.0.1\",\"dport\":53,\"name\":\"n%d.example\"%s,\"qtype\":\"A\",\"rcode\":\"NOERROR\",\"ecs\":\"%s/32\"}\n", head, 10 + i % 3, i % 50, tag, addr
    else if (k == 1)
      printf "%s,\"proto\":\"dns\",\"transport\":\"udp\",\"src\":\"127.0.0.%d\",\"sport\":4000,\"dst\":\"127.0.0.1\",\"dport\":53,\"name\":\"n%d.example\"%s,\"qtype\":\"A\",\"rcode\":\"NOERROR\"}\n", head, 20 + i % 2, i % 50, tag
    else if (k == 2)
      printf "%s,\"proto\":\"http\",\"transport\":\"tcp\",\"src\":\"%s\",\"sport\":40000,\"dst\":\"192.0.2.80\",\"dport\":80,\"name\":\"n%d.example\"%s,\"http\":{\"method\":\"POST\",\"path\":\"/gate.php?q='%d\\\\x\",\"version\":\"1.1\",\"ua\":\"bot/1 \\\"q\\\"\",\"status\":200,\"body_bytes\":4,\"body_hashed\":4,\"body_xxh128\":\"00006c99d768d554724c7d21e4fef0f3\"}}\n", head, addr, i % 50, tag, i
    else if (k == 3)
      printf "%s,\"proto\":\"smtp\",\"transport\":\"tcp\",\"src\":\"%s\",\"sport\":42288,\"dst\":\"127.0.0.1\",\"dport\":25,\"name\":\"vm\",\"smtp\":{\"helo\":\"vm\",\"esmtp\":true,\"result\":\"%s\",\"messages\":%d,\"from\":\"spam@example.com\",\"size\":236,\"rcpt_count\":2,\"rcpt\":[\"%016x\",\"%016x\"]}}\n", head, (i % 3 ? addr : "10.0.0.1"), (i % 7 ? "accepted" : "aborted"), (i % 7 ? 1 : 0), i % 97, (i * 31) % 89
    else
      printf "%s,\"proto\":\"tcp\",\"transport\":\"tcp\",\"src\":\"%s\",\"sport\":41000,\"dst\":\"192.0.2.80\",\"dport\":8080,\"name\":\"\",\"tcp\":{\"duration_ms\":12,\"close\":\"eof\",\"data_bytes\":0}}\n", head, addr
  }
}
