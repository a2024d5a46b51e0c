package org.nn4j.serve;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Serves nn4j models over HTTP with TensorFlow Serving's REST API, for {@code nn serve} and for embedding in a
 * service of one's own:
 *
 * <pre>{@code
 * try (ModelServer server = ModelServer.start(ServeOptions.builder(List.of(ModelSource.of(Path.of("m.nn"))))
 *         .port(0).build())) {
 *     URI predict = server.uri().resolve("/v1/models/m:predict");
 *     …
 * }
 * }</pre>
 *
 * <p>Runs on Jetty. Each model has one inference thread that batches concurrent requests ({@link ServeOptions}
 * says how), a bounded queue, and a watch on its file: a replaced file is loaded and checked before it takes
 * traffic. {@link #stop()} drains: it refuses new connections, answers every request in flight, then stops.
 */
public final class ModelServer implements AutoCloseable {
    private final Server jetty;
    private final Api api;
    private final Map<String, ServedModel> models;
    private final JsonLog log;
    private final ScheduledExecutorService housekeeping;
    private final ServerConnector connector;
    private int port;
    private boolean stopped;

    private ModelServer(ServeOptions options, Map<String, ServedModel> models, JsonLog log, ServerMetrics metrics) {
        this.models = models;
        this.log = log;
        QueuedThreadPool pool = new QueuedThreadPool(options.threads(), Math.min(4, options.threads()));
        pool.setName("nn4j-http");
        jetty = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(options.host());
        connector.setPort(options.port());
        jetty.addConnector(connector);
        api = new Api(models, metrics, log, options);
        jetty.setHandler(new GracefulHandler(api));
        jetty.setStopTimeout(options.drainMillis());
        jetty.setErrorHandler(new JsonErrors());
        housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nn4j-serve-housekeeping");
            t.setDaemon(true);
            return t;
        });
        housekeeping.scheduleWithFixedDelay(log::flush, 100, 100, TimeUnit.MILLISECONDS);
        if (options.reloadMillis() > 0) {
            housekeeping.scheduleWithFixedDelay(() -> models.values().forEach(ServedModel::reloadIfChanged),
                    options.reloadMillis(), options.reloadMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Errors Jetty answers itself (a malformed request line, a request refused while draining) as {"error": …}. */
    private static final class JsonErrors extends ErrorHandler {
        JsonErrors() {
            setShowStacks(false);
            setDefaultResponseMimeType("application/json");
        }

        @Override
        protected void writeErrorJson(Request request, PrintWriter writer, int code, String message,
                                      Throwable cause) {
            writer.write(new String(Responses.error(message == null ? HttpStatus.getMessage(code) : message),
                    StandardCharsets.UTF_8));
        }
    }

    /**
     * Loads every model, checks it, and starts serving.
     *
     * @param options what to serve and how
     * @return the running server
     * @throws IOException if a model file cannot be read or does not serve (the message names it and why), or the
     *     port cannot be bound
     */
    public static ModelServer start(ServeOptions options) throws IOException {
        JsonLog log = JsonLog.open(options.accessLog());
        ServerMetrics metrics = new ServerMetrics();
        Map<String, ServedModel> models = new LinkedHashMap<>();
        ModelServer server = null;
        try {
            for (ModelSource source : options.models()) {
                models.put(source.name(), ServedModel.load(source, metrics, log, options));
            }
            server = new ModelServer(options, Map.copyOf(models), log, metrics);
            server.jetty.start();
            server.port = server.connector.getLocalPort();
            return server;
        } catch (IOException | RuntimeException e) {
            closeQuietly(server, models);
            throw e;
        } catch (Exception e) {
            closeQuietly(server, models);
            throw new IOException("the server could not start on " + options.host() + ":" + options.port() + ": "
                    + e.getMessage(), e);
        }
    }

    private static void closeQuietly(ModelServer server, Map<String, ServedModel> models) {
        if (server != null) {
            server.stop();
        } else {
            for (ServedModel m : models.values()) {
                try {
                    m.close();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** @return the port the server listens on (the one chosen when the options asked for port 0) */
    public int port() {
        return port;
    }

    /** @return {@code http://host:port/}, with the host as bound */
    public URI uri() {
        String host = connector.getHost();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/");
    }

    /** @return the names of the models served, in the order given */
    public java.util.Set<String> models() {
        return models.keySet();
    }

    /** Blocks until the server has stopped. @throws InterruptedException if interrupted while waiting */
    public void join() throws InterruptedException {
        jetty.join();
    }

    /**
     * Stops gracefully: {@code /readyz} turns 503, the listening socket closes, requests in flight are answered
     * (waiting up to {@link ServeOptions#drainMillis()}), the inference threads finish their queues, and the log
     * is flushed. Idempotent.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        api.notReady();
        try {
            jetty.stop();
        } catch (Exception e) {
            log.event("stop_failed", "", 0, null, e.toString());
        }
        housekeeping.shutdownNow();
        for (ServedModel m : models.values()) {
            try {
                m.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            log.close();
        } catch (IOException e) {
            System.err.println("nn serve: the access log could not be closed: " + e.getMessage());
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }
}
