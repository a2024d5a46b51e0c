package org.nn4j.serve;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The samples of a predict request, sample-major: {@code n} rows of {@code width} raw (unscaled) features, read from
 * TensorFlow Serving's JSON ({@code {"instances": [[…], …]}} or {@code {"inputs": [[…], …]}}) or from CSV. Every
 * value is checked as it is read: a wrong width, a non-finite or non-numeric value is refused with a message
 * naming the instance and the position ({@code instances[2][17]: NaN is not a finite number}).
 *
 * @param values n × width values
 * @param n the number of samples
 * @param key {@code "instances"} (row format, answered with {@code "predictions"}), {@code "inputs"} (columnar
 *     format, answered with {@code "outputs"}) or {@code "csv"}
 */
record Instances(float[] values, int n, String key) {
    /** Reads a JSON request body for a model taking {@code width} features. */
    static Instances json(byte[] body, int width) {
        JsonReader r = new JsonReader(new StringReader(new String(body, StandardCharsets.UTF_8)));
        // lenient, so that NaN and Infinity are read and refused by name rather than as "malformed JSON"
        r.setStrictness(Strictness.LENIENT);
        try {
            if (r.peek() != JsonToken.BEGIN_OBJECT) {
                throw HttpError.badRequest("the body must be a JSON object with \"instances\" or \"inputs\"");
            }
            r.beginObject();
            Instances found = null;
            while (r.hasNext()) {
                String name = r.nextName();
                switch (name) {
                    case "instances", "inputs" -> {
                        if (found != null) {
                            throw HttpError.badRequest("give \"instances\" or \"inputs\", not both");
                        }
                        found = rows(r, name, width);
                    }
                    case "signature_name" -> r.skipValue();
                    default -> throw HttpError.badRequest("unknown field \"" + name + "\" (a predict request has "
                            + "\"instances\" or \"inputs\")");
                }
            }
            r.endObject();
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw HttpError.badRequest("malformed JSON: content after the closing '}'");
            }
            if (found == null) {
                throw HttpError.badRequest("the body has neither \"instances\" nor \"inputs\"");
            }
            return found;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw HttpError.badRequest("malformed JSON: " + gsonMessage(e));
        }
    }

    /** Gson's message without the link to its troubleshooting guide. */
    private static String gsonMessage(Exception e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        int see = m.indexOf("\nSee ");
        return see < 0 ? m : m.substring(0, see);
    }

    private static Instances rows(JsonReader r, String key, int width) throws IOException {
        if (r.peek() != JsonToken.BEGIN_ARRAY) {
            throw HttpError.badRequest("\"" + key + "\" must be an array of instances, each an array of " + width
                    + " numbers; found " + describe(r.peek()));
        }
        r.beginArray();
        float[] values = new float[width];
        int n = 0;
        while (r.hasNext()) {
            if (r.peek() != JsonToken.BEGIN_ARRAY) {
                throw HttpError.badRequest(key + "[" + n + "]: an instance must be an array of " + width + " numbers; found "
                        + describe(r.peek()));
            }
            if (values.length < (n + 1) * width) {
                values = Arrays.copyOf(values, 2 * values.length);
            }
            r.beginArray();
            int j = 0;
            for (; r.hasNext(); j++) {
                if (j < width) {
                    values[n * width + j] = number(r, key, n, j);
                } else {
                    r.skipValue();
                }
            }
            r.endArray();
            if (j != width) {
                throw HttpError.badRequest(key + "[" + n + "]: " + j + " values, but the model takes " + width);
            }
            n++;
        }
        r.endArray();
        if (n == 0) {
            throw HttpError.badRequest("\"" + key + "\" is empty: no instance to predict");
        }
        return new Instances(values.length == n * width ? values : Arrays.copyOf(values, n * width), n, key);
    }

    /** Reads {@code key[i][j]}; the place is spelled out only in an error, not for every value. */
    private static float number(JsonReader r, String key, int i, int j) throws IOException {
        JsonToken token = r.peek();
        if (token == JsonToken.NUMBER) {
            double v = r.nextDouble();
            float f = (float) v;
            if (Float.isFinite(f)) {
                return f;
            }
            return finite(v, key + "[" + i + "][" + j + "]");
        }
        String where = key + "[" + i + "][" + j + "]";
        if (token == JsonToken.STRING) {
            String s = r.nextString();
            if (s.equals("NaN") || s.endsWith("Infinity")) {
                throw HttpError.badRequest(where + ": " + s + " is not a finite number");
            }
            throw HttpError.badRequest(where + ": \"" + s + "\" is not a number");
        }
        throw HttpError.badRequest(where + ": expected a number, found " + describe(token));
    }

    private static float finite(double v, String where) {
        float f = (float) v;
        if (!Float.isFinite(f)) {
            throw HttpError.badRequest(where + ": " + v + (Double.isFinite(v) ? " is beyond float32's range"
                    : " is not a finite number"));
        }
        return f;
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case BEGIN_ARRAY -> "an array";
            case BEGIN_OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case NULL -> "null";
            default -> "the end of the input";
        };
    }

    /**
     * Reads a CSV body: one sample per line, {@code width} numbers separated by commas; a first line in which no
     * cell is a number is a header and skipped; blank lines are skipped.
     */
    static Instances csv(byte[] body, int width) {
        String[] lines = new String(body, StandardCharsets.UTF_8).split("\r?\n");
        float[] values = new float[width];
        int n = 0;
        boolean first = true;
        for (int line = 0; line < lines.length; line++) {
            if (lines[line].isBlank()) {
                continue;
            }
            String[] cells = lines[line].split(",", -1);
            if (first && isHeader(cells)) {
                first = false;
                continue;
            }
            first = false;
            String where = "line " + (line + 1);
            if (cells.length != width) {
                throw HttpError.badRequest(where + ": " + cells.length + " values, but the model takes " + width);
            }
            if (values.length < (n + 1) * width) {
                values = Arrays.copyOf(values, 2 * values.length);
            }
            for (int j = 0; j < width; j++) {
                values[n * width + j] = csvNumber(cells[j], where + ", column " + (j + 1));
            }
            n++;
        }
        if (n == 0) {
            throw HttpError.badRequest("the CSV body has no rows to predict");
        }
        return new Instances(values.length == n * width ? values : Arrays.copyOf(values, n * width), n, "csv");
    }

    private static boolean isHeader(String[] cells) {
        for (String cell : cells) {
            if (isNumeric(cell.strip())) {
                return false;
            }
        }
        return true;
    }

    /** Digits with an optional sign, point and exponent: what Double.parseDouble reads, less "1f", "0x1p3". */
    private static boolean isNumeric(String s) {
        return !s.isEmpty() && s.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    }

    private static float csvNumber(String cell, String where) {
        String s = cell.strip();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1).strip();
        }
        if (!isNumeric(s)) {
            throw HttpError.badRequest(where + ": " + (s.equals("NaN") || s.endsWith("Infinity")
                    ? s + " is not a finite number" : "\"" + s + "\" is not a number"));
        }
        return finite(Double.parseDouble(s), where);
    }
}
