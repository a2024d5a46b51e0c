package org.nn4j.serve;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How a {@link ModelServer} runs. Every default is written once, in {@link Builder}; {@code nn serve}'s flags map
 * onto these components one to one.
 *
 * @param models the models to serve, at least one, names distinct
 * @param host the interface to bind; the loopback interface by default, so nothing outside the machine can connect
 *     unless asked
 * @param port the TCP port; 0 picks a free one ({@link ModelServer#port()} says which)
 * @param maxBatch the most samples one inference runs over, gathered from concurrent requests
 * @param maxDelayMicros how long the inference thread waits for more requests to fill a batch, while requests are
 *     still arriving; it never waits when none is on its way
 * @param queueCapacity how many requests may wait per model; beyond that a request is refused with 503 at once
 * @param timeoutMillis how long a request may wait for its prediction before it gets 503
 * @param maxBodyBytes the largest request body accepted; larger ones get 413
 * @param token the bearer token every request but the health checks must carry, or null for none
 * @param accessLog the file that gets one JSON line per request and per model event, or null for standard error
 * @param threads the most threads of the HTTP server's pool
 * @param reloadMillis how often the model files are checked for replacement; 0 turns reloading off
 * @param drainMillis how long {@link ModelServer#stop()} waits for requests in flight
 */
public record ServeOptions(List<ModelSource> models, String host, int port, int maxBatch, long maxDelayMicros,
                           int queueCapacity, long timeoutMillis, int maxBodyBytes, String token, Path accessLog,
                           int threads, long reloadMillis, long drainMillis) {
    /** Validates every setting, naming the one that is wrong. */
    public ServeOptions {
        models = List.copyOf(models);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("no model to serve");
        }
        Set<String> names = new HashSet<>();
        for (ModelSource m : models) {
            if (!names.add(m.name())) {
                throw new IllegalArgumentException("two models are named '" + m.name() + "'; name them with "
                        + "name=path");
            }
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must be an interface name or address, got '" + host + "'");
        }
        range("port", port, 0, 65535);
        range("max batch", maxBatch, 1, 1 << 16);
        range("max delay (µs)", maxDelayMicros, 0, 10_000_000);
        range("queue capacity", queueCapacity, 1, 1 << 20);
        range("timeout (ms)", timeoutMillis, 1, 3_600_000);
        range("max body (bytes)", maxBodyBytes, 1, Integer.MAX_VALUE);
        range("threads", threads, 4, 1000);
        range("reload interval (ms)", reloadMillis, 0, Long.MAX_VALUE);
        range("drain time (ms)", drainMillis, 0, Long.MAX_VALUE);
        if (token != null && (token.isBlank() || !token.matches("[\\x21-\\x7e]+"))) {
            throw new IllegalArgumentException("the token must be printable ASCII without spaces");
        }
    }

    private static void range(String what, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " is " + value + "; it must be " + (max == Long.MAX_VALUE
                    || max == Integer.MAX_VALUE ? "at least " + min : "from " + min + " to " + max));
        }
    }

    /** A builder with the defaults, for the models given. */
    public static Builder builder(List<ModelSource> models) {
        return new Builder(models);
    }

    /** The defaults, each written once here, and a setter per component. */
    public static final class Builder {
        private final List<ModelSource> models;
        private String host = "127.0.0.1";
        private int port = 8501;
        private int maxBatch = 64;
        private long maxDelayMicros = 200;
        private int queueCapacity = 1024;
        private long timeoutMillis = 5_000;
        private int maxBodyBytes = 4 << 20;
        private String token;
        private Path accessLog;
        private int threads = 16;
        private long reloadMillis = 1_000;
        private long drainMillis = 10_000;

        private Builder(List<ModelSource> models) {
            this.models = models;
        }

        /** @param v see {@link ServeOptions#host()} @return this */
        public Builder host(String v) {
            host = v;
            return this;
        }

        /** @param v see {@link ServeOptions#port()} @return this */
        public Builder port(int v) {
            port = v;
            return this;
        }

        /** @param v see {@link ServeOptions#maxBatch()} @return this */
        public Builder maxBatch(int v) {
            maxBatch = v;
            return this;
        }

        /** @param v see {@link ServeOptions#maxDelayMicros()} @return this */
        public Builder maxDelayMicros(long v) {
            maxDelayMicros = v;
            return this;
        }

        /** @param v see {@link ServeOptions#queueCapacity()} @return this */
        public Builder queueCapacity(int v) {
            queueCapacity = v;
            return this;
        }

        /** @param v see {@link ServeOptions#timeoutMillis()} @return this */
        public Builder timeoutMillis(long v) {
            timeoutMillis = v;
            return this;
        }

        /** @param v see {@link ServeOptions#maxBodyBytes()} @return this */
        public Builder maxBodyBytes(int v) {
            maxBodyBytes = v;
            return this;
        }

        /** @param v see {@link ServeOptions#token()} @return this */
        public Builder token(String v) {
            token = v;
            return this;
        }

        /** @param v see {@link ServeOptions#accessLog()} @return this */
        public Builder accessLog(Path v) {
            accessLog = v;
            return this;
        }

        /** @param v see {@link ServeOptions#threads()} @return this */
        public Builder threads(int v) {
            threads = v;
            return this;
        }

        /** @param v see {@link ServeOptions#reloadMillis()} @return this */
        public Builder reloadMillis(long v) {
            reloadMillis = v;
            return this;
        }

        /** @param v see {@link ServeOptions#drainMillis()} @return this */
        public Builder drainMillis(long v) {
            drainMillis = v;
            return this;
        }

        /** @return the options, validated */
        public ServeOptions build() {
            return new ServeOptions(models, host, port, maxBatch, maxDelayMicros, queueCapacity, timeoutMillis,
                    maxBodyBytes, token, accessLog, threads, reloadMillis, drainMillis);
        }
    }
}
