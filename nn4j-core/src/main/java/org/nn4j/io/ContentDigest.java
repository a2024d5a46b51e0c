package org.nn4j.io;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SHA-256 checksum of a model file's content (FIPS 180-4): every metadata entry but the checksum itself, in key
 * order, then every tensor in file order — name, element type, shape and raw bytes — each length-prefixed so that no
 * two different contents hash the same input. It covers exactly what a loader reads, so any changed byte that still
 * parses as safetensors is caught; bytes that do not parse are caught by the reader.
 */
final class ContentDigest {
    /** The metadata key the checksum is stored under; the digest skips it. */
    static final String KEY = "checksum";
    private static final String PREFIX = "sha256:";

    private ContentDigest() {
    }

    /** {@code sha256:<64 hex digits>} of a file's metadata (minus {@link #KEY}) and tensors. */
    static String of(SafetensorsFile content) {
        MessageDigest sha = sha256();
        for (Map.Entry<String, String> e : new TreeMap<>(content.metadata()).entrySet()) {
            if (!e.getKey().equals(KEY)) {
                string(sha, e.getKey());
                string(sha, e.getValue());
            }
        }
        for (NamedArray a : content.tensors().values()) {
            string(sha, a.name());
            string(sha, a.dtype().name());
            long[] shape = a.shape();
            sha.update(ByteBuffer.allocate(Long.BYTES * (shape.length + 1)).putLong(shape.length)
                    .put(longs(shape)).flip());
            ByteBuffer bytes = a.rawBytes();
            sha.update(ByteBuffer.allocate(Long.BYTES).putLong(bytes.remaining()).flip());
            sha.update(bytes);
        }
        return PREFIX + HexFormat.of().formatHex(sha.digest());
    }

    private static byte[] longs(long[] values) {
        ByteBuffer b = ByteBuffer.allocate(Long.BYTES * values.length);
        for (long v : values) {
            b.putLong(v);
        }
        return b.array();
    }

    private static void string(MessageDigest sha, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(utf8.length).flip());
        sha.update(utf8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
