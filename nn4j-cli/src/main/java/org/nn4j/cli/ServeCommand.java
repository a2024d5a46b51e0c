package org.nn4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.nn4j.serve.ModelServer;
import org.nn4j.serve.ModelSource;
import org.nn4j.serve.ServeOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code nn serve}: serves models over HTTP with TensorFlow Serving's REST API until SIGTERM or Ctrl-C, which drain
 * the requests in flight. The flags map one to one onto {@link ServeOptions}, whose defaults they show.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve models over HTTP: POST /v1/models/NAME:predict with {\"instances\": [[...], ...]} (or a "
                + "CSV body); GET /v1/models/NAME, /v1/models/NAME/metadata, /healthz, /readyz, /metrics.",
                "Stops on SIGTERM or Ctrl-C after answering the requests in flight."})
final class ServeCommand implements Callable<Integer> {
    private static final ServeOptions DEFAULTS = ServeOptions.builder(List.of(ModelSource.of(Path.of("m.nn"))))
            .build();

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "[NAME=]FILE",
            description = "a model file to serve, named after the file (m.nn serves as m) or NAME; repeatable")
    List<String> models;

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "interface to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for all)")
    String host = DEFAULTS.host();

    @Option(names = "--port", paramLabel = "N", description = "TCP port, 0 for any free one (default: ${DEFAULT-VALUE})")
    int port = DEFAULTS.port();

    @Option(names = "--max-batch", paramLabel = "N",
            description = "most samples per inference, gathered from concurrent requests (default: ${DEFAULT-VALUE})")
    int maxBatch = DEFAULTS.maxBatch();

    @Option(names = "--max-delay", paramLabel = "MICROS", description = "longest wait for a batch to fill while "
            + "requests are arriving, in microseconds (default: ${DEFAULT-VALUE})")
    long maxDelay = DEFAULTS.maxDelayMicros();

    @Option(names = "--queue", paramLabel = "N",
            description = "requests that may wait per model; more get 503 (default: ${DEFAULT-VALUE})")
    int queue = DEFAULTS.queueCapacity();

    @Option(names = "--timeout", paramLabel = "MILLIS",
            description = "longest wait for a prediction before 503 (default: ${DEFAULT-VALUE})")
    long timeout = DEFAULTS.timeoutMillis();

    @Option(names = "--max-body", paramLabel = "BYTES",
            description = "largest request body; larger ones get 413 (default: ${DEFAULT-VALUE})")
    int maxBody = DEFAULTS.maxBodyBytes();

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "require 'Authorization: Bearer TOKEN' (TOKEN: this file's first line) on all but /healthz "
                    + "and /readyz")
    Path tokenFile;

    @Option(names = "--access-log", paramLabel = "FILE",
            description = "append the JSON access log here (default: standard error)")
    Path accessLog;

    @Option(names = "--http-threads", paramLabel = "N",
            description = "the HTTP server's most threads (default: ${DEFAULT-VALUE})")
    int httpThreads = DEFAULTS.threads();

    @Option(names = "--reload-interval", paramLabel = "MILLIS",
            description = "how often to look for replaced model files, 0 for never (default: ${DEFAULT-VALUE})")
    long reloadInterval = DEFAULTS.reloadMillis();

    @Option(names = "--drain", paramLabel = "MILLIS",
            description = "longest wait for requests in flight when stopping (default: ${DEFAULT-VALUE})")
    long drain = DEFAULTS.drainMillis();

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() throws Exception {
        ServeOptions options;
        try {
            options = ServeOptions.builder(sources()).host(host).port(port).maxBatch(maxBatch).maxDelayMicros(maxDelay)
                    .queueCapacity(queue).timeoutMillis(timeout).maxBodyBytes(maxBody).token(token())
                    .accessLog(accessLog).threads(httpThreads).reloadMillis(reloadInterval).drainMillis(drain)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        // Jetty logs through SLF4J; nn serve reports through its JSON log and exceptions, so no provider is needed
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
        }
        ModelServer server = ModelServer.start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "nn4j-serve-shutdown"));
        for (String name : server.models()) {
            System.out.println("nn serve: " + name + " at " + server.uri().resolve("v1/models/" + name));
        }
        System.out.println("nn serve: listening on " + server.uri() + " (SIGTERM or Ctrl-C stops after answering the "
                + "requests in flight)");
        System.out.flush();
        server.join();
        return 0;
    }

    private List<ModelSource> sources() {
        List<ModelSource> sources = new ArrayList<>();
        for (String m : models) {
            int eq = m.indexOf('=');
            sources.add(eq < 0 ? ModelSource.of(Path.of(m)) : new ModelSource(m.substring(0, eq),
                    Path.of(m.substring(eq + 1))));
        }
        return sources;
    }

    private String token() throws IOException {
        if (tokenFile == null) {
            return null;
        }
        List<String> lines = Files.readAllLines(tokenFile, StandardCharsets.UTF_8);
        String token = lines.isEmpty() ? "" : lines.get(0).strip();
        if (token.isEmpty()) {
            throw new IllegalArgumentException(tokenFile + ": the token file is empty");
        }
        return token;
    }
}
