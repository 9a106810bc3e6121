"""Unix ``compress`` (.Z) output, so the tests can serve files the way the dataPortal does.

LZW with codes of 9 to 16 bits packed least-significant bit first, in groups of eight codes;
a group is padded out when the code width grows (as compress(1) does). Block mode is flagged
but never used: the table simply stops growing when full.
"""

from __future__ import annotations

MAGIC = b"\x1f\x9d"
MAX_BITS = 16
BLOCK_MODE = 0x80
FIRST_FREE = 257  # 256 is the CLEAR code of block mode


def compress_z(data: bytes) -> bytes:
    out = bytearray(MAGIC + bytes([BLOCK_MODE | MAX_BITS]))
    table = {bytes([i]): i for i in range(256)}
    free, width = FIRST_FREE, 9
    buffer = filled = in_group = 0

    def emit(code: int) -> None:
        nonlocal buffer, filled, in_group
        buffer |= code << filled
        filled += width
        in_group += 1
        while filled >= 8:
            out.append(buffer & 0xFF)
            buffer >>= 8
            filled -= 8

    word = b""
    for byte in data:
        longer = word + bytes([byte])
        if longer in table:
            word = longer
            continue
        emit(table[word])
        if free < 1 << MAX_BITS:
            table[longer] = free
            free += 1
        word = bytes([byte])
        if free > 1 << width and width < MAX_BITS:
            while in_group % 8:
                emit(0)
            in_group = 0
            width += 1
    if word:
        emit(table[word])
    if filled:
        out.append(buffer & 0xFF)
    return bytes(out)
