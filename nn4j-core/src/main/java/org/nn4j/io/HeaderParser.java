package org.nn4j.io;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.EOFException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses and validates a safetensors JSON header. Nothing in it is trusted: every field is type-checked as it is read
 * (gson's streaming reader in strict mode, so nothing lenient slips through), each tensor's byte range must match its
 * shape, and the ranges must tile the data buffer from 0 without holes or overlaps, as the specification requires.
 */
final class HeaderParser {
    private static final String METADATA = "__metadata__";
    private static final String GSON_LENIENCY_ADVICE =
            "Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON";

    /** A tensor's declared layout; {@code [begin, end)} is relative to the start of the data buffer. */
    record Entry(String name, SafetensorsDType dtype, long[] shape, long begin, long end) {}

    /** The header's content; {@code dataLength} is the size of the data buffer the entries tile. */
    record Header(Map<String, String> metadata, List<Entry> entries, long dataLength) {}

    private final String source;

    HeaderParser(String source) {
        this.source = source;
    }

    /** @throws SafetensorsFormatException for every defect; no other exception escapes for any input */
    Header parse(byte[] utf8) throws IOException {
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw fail("header is not valid UTF-8");
        }
        if (json.startsWith("\uFEFF")) { // gson would skip it; JSON and the reference implementation refuse it
            throw fail("header starts with a byte-order mark");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        try (JsonReader r = new JsonReader(new StringReader(json))) {
            r.setStrictness(Strictness.STRICT);
            if (r.peek() != JsonToken.BEGIN_OBJECT) {
                throw fail("header is a JSON " + kind(r.peek()) + ", not an object");
            }
            r.beginObject();
            Set<String> seen = new HashSet<>();
            while (r.hasNext()) {
                String name = r.nextName();
                if (!seen.add(name)) {
                    throw fail("header names '" + name + "' twice");
                }
                if (name.equals(METADATA)) {
                    readMetadata(r, metadata);
                } else {
                    entries.add(readEntry(r, name));
                }
            }
            r.endObject();
            r.peek(); // in strict mode, throws if anything but whitespace follows the object
        } catch (MalformedJsonException | EOFException e) { // the only exceptions gson raises for bad syntax
            // gson's first line holds the cause and position; its advice to parse leniently does not apply here.
            String detail = e.getMessage().lines().findFirst().orElse("");
            throw fail("header is not valid JSON: " + detail.replace(GSON_LENIENCY_ADVICE, "non-JSON syntax"));
        }
        return new Header(metadata, entries, checkTiling(entries));
    }

    private void readMetadata(JsonReader r, Map<String, String> metadata) throws IOException {
        if (r.peek() == JsonToken.NULL) { // the reference implementation treats null as absent
            r.nextNull();
            return;
        }
        if (r.peek() != JsonToken.BEGIN_OBJECT) {
            throw fail(METADATA + " is a JSON " + kind(r.peek()) + ", not an object of strings");
        }
        r.beginObject();
        while (r.hasNext()) {
            String key = r.nextName();
            if (r.peek() != JsonToken.STRING) {
                throw fail(METADATA + " value for '" + key + "' is a JSON " + kind(r.peek()) + ", not a string");
            }
            if (metadata.put(key, r.nextString()) != null) {
                throw fail(METADATA + " names '" + key + "' twice");
            }
        }
        r.endObject();
    }

    private Entry readEntry(JsonReader r, String name) throws IOException {
        if (r.peek() != JsonToken.BEGIN_OBJECT) {
            throw fail("tensor '" + name + "' is a JSON " + kind(r.peek())
                    + ", not an object with dtype, shape and data_offsets");
        }
        String dtypeName = null;
        long[] shape = null;
        long[] offsets = null;
        Set<String> keys = new HashSet<>();
        r.beginObject();
        while (r.hasNext()) {
            String key = r.nextName();
            if (!keys.add(key)) {
                throw fail("tensor '" + name + "' has " + key + " twice");
            }
            switch (key) {
                case "dtype" -> {
                    if (r.peek() != JsonToken.STRING) {
                        throw fail("tensor '" + name + "' dtype is a JSON " + kind(r.peek()) + ", not a string");
                    }
                    dtypeName = r.nextString();
                }
                case "shape" -> shape = readNaturals(r, name, key);
                case "data_offsets" -> offsets = readNaturals(r, name, key);
                default -> r.skipValue(); // unknown fields are ignored, as by the reference implementation
            }
        }
        r.endObject();
        required(dtypeName, name, "dtype");
        required(shape, name, "shape");
        required(offsets, name, "data_offsets");
        SafetensorsDType dtype = SafetensorsDType.byName(dtypeName);
        if (dtype == null) {
            throw fail("tensor '" + name + "' has unknown dtype '" + dtypeName + "'; the format defines "
                    + Arrays.toString(SafetensorsDType.values()));
        }
        if (offsets.length != 2) {
            throw fail("tensor '" + name + "' has data_offsets " + Arrays.toString(offsets)
                    + "; expected [begin, end]");
        }
        long begin = offsets[0];
        long end = offsets[1];
        if (end < begin) {
            throw fail("tensor '" + name + "' has data_offsets [" + begin + ", " + end + "] ending before they begin");
        }
        long bytes;
        try {
            bytes = dtype.bytes();
            for (long d : shape) {
                bytes = Math.multiplyExact(bytes, d);
            }
        } catch (ArithmeticException e) {
            throw fail("tensor '" + name + "' has shape " + Arrays.toString(shape) + " too large to address");
        }
        if (end - begin != bytes) {
            throw fail("tensor '" + name + "' has data_offsets [" + begin + ", " + end + "] spanning " + (end - begin)
                    + " bytes, but shape " + Arrays.toString(shape) + " of " + dtype + " needs " + bytes);
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    /** An array of JSON integers ≥ 0; the format's dimensions and offsets are unsigned. */
    private long[] readNaturals(JsonReader r, String name, String key) throws IOException {
        if (r.peek() != JsonToken.BEGIN_ARRAY) {
            throw fail("tensor '" + name + "' " + key + " is a JSON " + kind(r.peek()) + ", not an array of integers");
        }
        List<Long> values = new ArrayList<>();
        r.beginArray();
        while (r.hasNext()) {
            if (r.peek() != JsonToken.NUMBER) {
                throw fail("tensor '" + name + "' " + key + " holds a JSON " + kind(r.peek()) + ", not an integer");
            }
            String text = r.nextString();
            long v;
            try {
                v = Long.parseLong(text); // refuses 2.0 and 1e3, which the reference implementation also refuses
            } catch (NumberFormatException e) {
                throw fail("tensor '" + name + "' " + key + " holds " + text + ", not an integer in range");
            }
            if (v < 0) {
                throw fail("tensor '" + name + "' " + key + " holds negative " + v);
            }
            values.add(v);
        }
        r.endArray();
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    /** Checks that the byte ranges, in order, cover [0, end) exactly once, and returns end. */
    private long checkTiling(List<Entry> entries) throws SafetensorsFormatException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin() < covered) {
                throw fail("tensor '" + e.name() + "' data_offsets [" + e.begin() + ", " + e.end() + "] overlap "
                        + "tensor '" + previous.name() + "' [" + previous.begin() + ", " + previous.end() + "]");
            }
            if (e.begin() > covered) {
                throw fail("data bytes [" + covered + ", " + e.begin() + ") belong to no tensor: "
                        + (previous == null ? "the first tensor, '" + e.name() + "', begins at " + e.begin()
                                : "'" + previous.name() + "' ends at " + covered + " and '" + e.name() + "' begins at "
                                + e.begin()));
            }
            covered = e.end();
            previous = e;
        }
        return covered;
    }

    private void required(Object value, String name, String field) throws SafetensorsFormatException {
        if (value == null) {
            throw fail("tensor '" + name + "' has no " + field);
        }
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case BEGIN_ARRAY -> "array";
            case BEGIN_OBJECT -> "object";
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case NULL -> "null";
            default -> token.name();
        };
    }

    private SafetensorsFormatException fail(String reason) {
        return new SafetensorsFormatException(source, reason);
    }
}
