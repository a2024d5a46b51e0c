package org.nn4j.serve;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * The HTTP endpoints, on Jetty's core handler API: TensorFlow Serving's REST API ({@code POST
 * /v1/models/{name}:predict}, {@code GET /v1/models/{name}}, {@code GET /v1/models/{name}/metadata}),
 * {@code /healthz}, {@code /readyz} and {@code /metrics}. Requests are handled on the server's thread pool (not
 * its selector thread), so that parsing runs on every core; a predict request's body is read asynchronously,
 * parsed, and queued for its model's {@link Batcher}, and the response is written when its prediction is ready. Every answer is counted and logged as one JSON line; every failure is a status and a message.
 */
final class Api extends Handler.Abstract {
    private static final String JSON = "application/json";
    private static final String MODELS = "/v1/models/";

    private final Map<String, ServedModel> models;
    private final ServerMetrics metrics;
    private final JsonLog log;
    private final ServeOptions options;
    private final byte[] authorization;
    private volatile boolean ready = true;

    Api(Map<String, ServedModel> models, ServerMetrics metrics, JsonLog log, ServeOptions options) {
        this.models = models;
        this.metrics = metrics;
        this.log = log;
        this.options = options;
        this.authorization = options.token() == null ? null
                : ("Bearer " + options.token()).getBytes(StandardCharsets.US_ASCII);
    }

    /** From now on {@code /readyz} says 503, so that a load balancer stops sending traffic before the drain. */
    void notReady() {
        ready = false;
    }

    /** One request being answered: what the access log and the metrics need to know about it. */
    private final class Exchange {
        final Request request;
        final Response response;
        final Callback callback;
        final String path;
        String model = "";
        String endpoint = "other";
        int instances;
        ServedModel predicting;

        Exchange(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.path = request.getHttpURI().getPath();
        }

        void send(int status, String contentType, byte[] body, String error) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
            if (status == 401) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
            } else if (status == 503) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
            }
            if (status >= 400 && (request.getLength() > 0
                    || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING))) {
                // a request refused before its body was read (401, 413, …) leaves the rest of that body on the
                // connection, so Jetty closes it; said in the response, the client does not send its next request
                // on a connection that is closing
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
            }
            response.write(true, ByteBuffer.wrap(body), callback);
            long nanos = System.nanoTime() - request.getHeadersNanoTime();
            if (predicting != null) {
                predicting.counters().inFlight.dec();
                predicting.batcher().done();
            }
            if (status == 200 && predicting != null) {
                predicting.counters().predicted.inc();
                predicting.counters().predictLatency.observe(nanos / 1e9);
            } else {
                metrics.request(model, endpoint, status);
            }
            log.request(Request.getTimeStamp(request), Request.getRemoteAddr(request), request.getMethod(), path,
                    model.isEmpty() ? null : model, status, instances, body.length, nanos / 1000, error);
        }

        void json(int status, String body) {
            send(status, JSON, body.getBytes(StandardCharsets.UTF_8), null);
        }

        void fail(Throwable failure) {
            Throwable e = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            HttpError error = e instanceof HttpError h ? h
                    : e instanceof TimeoutException ? new HttpError(503, "no prediction within "
                            + options.timeoutMillis() + " ms; the server is overloaded")
                    : new HttpError(500, "internal error: " + e);
            send(error.status(), JSON, Responses.error(error.getMessage()), error.getMessage());
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Exchange ex = new Exchange(request, response, callback);
        try {
            route(ex);
        } catch (RuntimeException e) {
            ex.fail(e);     // an HttpError with its status, anything else as a 500 naming it
        }
        return true;
    }

    private void route(Exchange ex) {
        String path = ex.path;
        String method = ex.request.getMethod();
        switch (path) {
            case "/healthz" -> {
                ex.endpoint = "healthz";
                ex.json(200, "{\"status\":\"ok\"}");
                return;
            }
            case "/readyz" -> {
                ex.endpoint = "readyz";
                ex.json(ready ? 200 : 503, ready ? "{\"status\":\"ready\"}" : "{\"status\":\"shutting down\"}");
                return;
            }
            default -> {
            }
        }
        authorize(ex.request);
        if (path.equals("/metrics")) {
            ex.endpoint = "metrics";
            requireMethod(method, "GET");
            ex.send(200, metrics.contentType(), metrics.scrape(), null);
            return;
        }
        if (!path.startsWith(MODELS)) {
            throw new HttpError(404, "no such endpoint: " + path + " (the API is under " + MODELS + "{name})");
        }
        String rest = path.substring(MODELS.length());
        String name;
        if (rest.endsWith(":predict")) {
            ex.endpoint = "predict";
            name = rest.substring(0, rest.length() - ":predict".length());
        } else if (rest.endsWith("/metadata")) {
            ex.endpoint = "metadata";
            name = rest.substring(0, rest.length() - "/metadata".length());
        } else {
            ex.endpoint = "status";
            name = rest;
        }
        ServedModel model = models.get(name);
        if (model == null) {
            throw new HttpError(404, "no model named '" + name + "'; this server serves " + String.join(", ",
                    models.keySet()));
        }
        ex.model = name;
        switch (ex.endpoint) {
            case "status" -> {
                requireMethod(method, "GET");
                ex.json(200, Responses.status(model.current()));
            }
            case "metadata" -> {
                requireMethod(method, "GET");
                ex.json(200, Responses.metadata(model));
            }
            default -> {
                requireMethod(method, "POST");
                predict(ex, model);
            }
        }
    }

    private void authorize(Request request) {
        if (authorization == null) {
            return;
        }
        String given = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (given == null || !MessageDigest.isEqual(authorization, given.getBytes(StandardCharsets.US_ASCII))) {
            throw new HttpError(401, given == null ? "this server needs an Authorization: Bearer token"
                    : "the bearer token is wrong");
        }
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw new HttpError(405, method + " is not allowed here; use " + allowed);
        }
    }

    private void predict(Exchange ex, ServedModel model) {
        long length = ex.request.getLength();
        if (length > options.maxBodyBytes()) {
            throw tooLarge(length + " bytes");
        }
        String type = ex.request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        boolean csv = type != null && type.startsWith("text/csv");
        Batcher batcher = model.batcher();
        ex.predicting = model;
        model.counters().inFlight.inc();
        batcher.expect();
        Content.Source.asByteArrayAsync(ex.request, options.maxBodyBytes(),
                Promise.Invocable.from(Invocable.InvocationType.BLOCKING, (byte[] body, Throwable failure) -> {
                    if (failure != null) {
                        batcher.arrived();
                        ex.fail(ex.request.getLength() < 0 ? tooLarge("more than " + options.maxBodyBytes() + " bytes")
                                : new HttpError(400, "the request body could not be read: " + failure.getMessage()));
                        return;
                    }
                    try {
                        Instances x;
                        try {
                            int width = model.current().width();
                            x = csv ? Instances.csv(body, width) : Instances.json(body, width);
                        } finally {
                            batcher.arrived();
                        }
                        ex.instances = x.n();
                        batcher.submit(x).orTimeout(options.timeoutMillis(), TimeUnit.MILLISECONDS)
                                .whenComplete((p, e) -> {
                                    if (e != null) {
                                        ex.fail(e);
                                    } else {
                                        ex.send(200, JSON, Responses.predictions(p, x), null);
                                    }
                                });
                    } catch (HttpError e) {
                        ex.fail(e);
                    }
                }));
    }

    private HttpError tooLarge(String size) {
        return new HttpError(413, "the request body is " + size + "; the limit is " + options.maxBodyBytes()
                + " bytes");
    }
}
