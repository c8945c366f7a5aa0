# feed_tsig_client.py - used by feed_tsig.sh (not a test itself).
# An independent TSIG client (RFC 8945) in Python: signs a request with a chosen clock
# skew, sends it over TCP, reads the first response message and checks its TSIG record:
# prints "RCODE TSIG_ERROR OTHER_LEN MAC_OK".
import base64, hashlib, hmac, socket, struct, sys, time

port, zone, key_name, secret, qtype, skew = sys.argv[1:7]
port, qtype, skew = int(port), int(qtype), int(skew)
secret = base64.b64decode(secret)

def wire(name):
    return b"".join(bytes([len(l)]) + l.encode() for l in name.strip(".").split(".") if l) + b"\0"

ALG = wire("hmac-sha256")
KEY = wire(key_name.lower())

def variables(t, fudge, error, other):
    return (KEY + struct.pack(">HI", 255, 0) + ALG + struct.pack(">HIH", t >> 32, t & 0xFFFFFFFF, fudge)
            + struct.pack(">HH", error, len(other)) + other)

def tsig_rr(t, fudge, mac, orig_id, error, other):
    rdata = (ALG + struct.pack(">HIH", t >> 32, t & 0xFFFFFFFF, fudge) + struct.pack(">H", len(mac)) + mac
             + struct.pack(">HHH", orig_id, error, len(other)) + other)
    return KEY + struct.pack(">HHIH", 250, 255, 0, len(rdata)) + rdata

qid = 0x4242
msg = struct.pack(">HHHHHH", qid, 0, 1, 0, 0, 0) + wire(zone) + struct.pack(">HH", qtype, 1)
now = int(time.time()) + skew
mac = hmac.new(secret, msg + variables(now, 300, 0, b""), hashlib.sha256).digest()
msg = msg[:10] + struct.pack(">H", 1) + msg[12:] + tsig_rr(now, 300, mac, qid, 0, b"")

s = socket.create_connection(("127.0.0.1", port), timeout=5)
s.sendall(struct.pack(">H", len(msg)) + msg)
def read(n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            raise SystemExit("connection closed")
        data += chunk
    return data
resp = read(struct.unpack(">H", read(2))[0])

def skip_name(m, p):
    while True:
        l = m[p]
        if l & 0xC0 == 0xC0:
            return p + 2
        p += 1 + l
        if l == 0:
            return p

rcode = resp[3] & 0xF
qd, an, ns, ar = struct.unpack(">HHHH", resp[4:12])
p = 12
for _ in range(qd):
    p = skip_name(resp, p) + 4
for _ in range(an + ns + ar - 1):
    p = skip_name(resp, p)
    p += 10 + struct.unpack(">H", resp[p + 8:p + 10])[0]
tsig_start = p
p = skip_name(resp, p)
rtype, = struct.unpack(">H", resp[p:p + 2])
assert rtype == 250, "the last record is not TSIG"
rd = p + 10
q = skip_name(resp, rd)
t_hi, t_lo, fudge, mac_len = struct.unpack(">HIHH", resp[q:q + 10])
rmac = resp[q + 10:q + 10 + mac_len]
orig, error, other_len = struct.unpack(">HHH", resp[q + 10 + mac_len:q + 16 + mac_len])
other = resp[q + 16 + mac_len:q + 16 + mac_len + other_len]
body = resp[:tsig_start]
body = struct.pack(">H", orig) + body[2:10] + struct.pack(">H", ar - 1) + body[12:]
mac_ok = False
if mac_len:
    digest = struct.pack(">H", len(mac)) + mac + body + variables((t_hi << 32) | t_lo, fudge, error, other)
    mac_ok = hmac.compare_digest(hmac.new(secret, digest, hashlib.sha256).digest(), rmac)
print(rcode, error, other_len, "mac-ok" if mac_ok else "mac-bad")
