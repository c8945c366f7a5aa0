#!/usr/bin/env python3
"""necurs.py - a plain Python implementation of the Necurs DGA, the kind of script
responders run today; the peer of bench/predict.sh. Written for this benchmark from the
algorithm's description (see docs/families.md); prints COUNT names of one period."""
import sys
from datetime import date

MASK = (1 << 64) - 1
TLDS = ("tj in jp tw ac cm la mn so sh sc nu nf mu ms mx ki im cx cc tv bz me eu de ru co "
        "su pw kz sx us ug ir to ga com net org biz xxx pro bit").split()


def mix(value):
    for rnd in range((value & 0x7F) + 21):
        value = (value + (((value * 7) ^ (value << 15)) + 8 * rnd - (value >> 5))) & MASK
    return value


def name(day, sequence, magic):
    n = mix(day.year)
    n = mix(n + day.month + 43690)
    n = mix(n + (day.day >> 2))
    n = mix(n + sequence)
    n = mix(n + magic)
    letters = []
    for i in range(n % 15 + 7):
        n = mix(n + i)
        letters.append(chr(ord("a") + n % 25))
        n = mix(n + 0xABBEDF)
    return "".join(letters) + "." + TLDS[n % 43]


def main():
    day = date.fromisoformat(sys.argv[1])
    count = int(sys.argv[2])
    magic = int(sys.argv[3]) if len(sys.argv) > 3 else 9
    out = sys.stdout
    for sequence in range(count):
        out.write(name(day, sequence, magic) + "\n")


if __name__ == "__main__":
    main()
