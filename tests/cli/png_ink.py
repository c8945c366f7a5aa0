#!/usr/bin/env python3
"""png_ink.py - the share of pixels in a PNG that are not the background (the top-left
pixel's colour), and the number of distinct colours; for checking that a screenshot is not
blank. Reads 8-bit RGB or RGBA PNGs (what Chromium writes) with zlib only.
Usage: png_ink.py FILE  ->  prints "INK_SHARE COLOURS"."""
import struct
import sys
import zlib


def rows(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit("not a PNG")
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    if depth != 8 or colour not in (2, 6):
        raise SystemExit("unsupported PNG: depth %d colour type %d" % (depth, colour))
    bpp = 3 if colour == 2 else 4
    raw, stride, previous = zlib.decompress(idat), width * bpp, bytearray(width * bpp)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = previous[i]
            c = previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        previous = line
        yield [bytes(line[x * bpp:x * bpp + 3]) for x in range(width)]


def main():
    background, ink, total, colours = None, 0, 0, set()
    for line in rows(sys.argv[1]):
        for pixel in line:
            background = background or pixel
            ink += pixel != background
            total += 1
            colours.add(pixel)
    print("%.4f %d" % (ink / total, len(colours)))


main()
