package org.nn4j.serve;

import com.google.gson.stream.JsonWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One JSON object per line: a line per request (the access log) and a line per model event (loaded, reloaded,
 * refused). Lines are buffered and flushed by {@link #flush()}, which the server calls every 100 ms and when it
 * stops, so that a busy server does not make a system call per request.
 */
final class JsonLog implements AutoCloseable {
    private final Writer out;
    private final boolean ownsStream;

    private JsonLog(Writer out, boolean ownsStream) {
        this.out = out;
        this.ownsStream = ownsStream;
    }

    /** Appends to {@code file}, or writes to standard error when it is null. */
    static JsonLog open(Path file) throws IOException {
        return file == null
                ? new JsonLog(new BufferedWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), 1 << 16),
                        false)
                : new JsonLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND), true);
    }

    /** One request: when it arrived, from where, what it asked, how it was answered and how long that took. */
    void request(long epochMillis, String remote, String method, String path, String model, int status, int instances,
                 long bytesOut, long micros, String error) {
        line(w -> {
            w.name("time").value(Instant.ofEpochMilli(epochMillis).toString());
            w.name("remote").value(remote).name("method").value(method).name("path").value(path);
            if (model != null) {
                w.name("model").value(model);
            }
            w.name("status").value(status);
            if (instances > 0) {
                w.name("instances").value(instances);
            }
            w.name("bytes").value(bytesOut).name("micros").value(micros);
            if (error != null) {
                w.name("error").value(error);
            }
        });
    }

    /** A model or server event: {@code {"time":…,"event":…,"model":…,"version":…,"file":…,"message":…}}; a
     * version of 0 and a null file or message are left out. */
    void event(String event, String model, long version, Path file, String message) {
        line(w -> {
            w.name("time").value(Instant.now().toString()).name("event").value(event).name("model").value(model);
            if (version > 0) {
                w.name("version").value(version);
            }
            if (file != null) {
                w.name("file").value(file.toString());
            }
            if (message != null) {
                w.name("message").value(message);
            }
        });
        flush();
    }

    /** The fields of one line. */
    private interface Fields {
        void write(JsonWriter w) throws IOException;
    }

    private void line(Fields fields) {
        StringWriter s = new StringWriter(160);
        try (JsonWriter w = new JsonWriter(s)) {
            w.beginObject();
            fields.write(w);
            w.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        synchronized (this) {
            try {
                out.write(s.toString());
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.flush();
        if (ownsStream) {
            out.close();
        }
    }
}
