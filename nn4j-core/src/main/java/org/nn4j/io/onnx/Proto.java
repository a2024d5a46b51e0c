package org.nn4j.io.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A protocol-buffer message being encoded, in the wire format of the protobuf encoding guide
 * (https://protobuf.dev/programming-guides/encoding/): each field is a key, {@code (number << 3) | wire type}, as a
 * varint, then a varint (type 0), a length-prefixed byte string or nested message (type 2), or four little-endian
 * bytes (type 5). ONNX needs nothing more, so the exporter carries no protobuf library.
 */
final class Proto {
    private static final int VARINT = 0;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** An integer field (int32, int64 or enum; negative values take ten bytes, as the format requires). */
    Proto varint(int field, long value) {
        key(field, VARINT);
        raw(value);
        return this;
    }

    Proto string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Proto bytes(int field, byte[] value) {
        key(field, LENGTH_DELIMITED);
        raw(value.length);
        out.writeBytes(value);
        return this;
    }

    Proto message(int field, Proto value) {
        return bytes(field, value.toBytes());
    }

    Proto float32(int field, float value) {
        key(field, FIXED32);
        int bits = Float.floatToIntBits(value);
        for (int i = 0; i < 4; i++) {
            out.write(bits >>> (8 * i));
        }
        return this;
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    private void key(int field, int wireType) {
        raw(((long) field << 3) | wireType);
    }

    /** Base-128 varint: seven bits at a time, least significant first, high bit set on all but the last byte. */
    private void raw(long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }
}
