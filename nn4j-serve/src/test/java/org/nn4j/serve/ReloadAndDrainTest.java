package org.nn4j.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nn4j.serve.Fixtures.classifier;
import static org.nn4j.serve.Fixtures.expected;
import static org.nn4j.serve.Fixtures.get;
import static org.nn4j.serve.Fixtures.object;
import static org.nn4j.serve.Fixtures.post;
import static org.nn4j.serve.Fixtures.rows;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model file replaced under traffic, a broken replacement, and a stop with requests in flight. */
class ReloadAndDrainTest {
    private static final float[] RAW = {0.5f, -1, 2, 3};
    private static final String BODY = Fixtures.instances(RAW, 1);

    @TempDir
    Path dir;

    private HttpResponse<String> status(ModelServer server) throws Exception {
        return get(server.uri().resolve("/v1/models/pets"));
    }

    private static String version(HttpResponse<String> status) {
        return object(status.body()).getAsJsonArray("model_version_status").get(0).getAsJsonObject().get("version")
                .getAsString();
    }

    /** Polls the model's status until it reports {@code version}; gives up after 30 s. */
    private void awaitVersion(ModelServer server, String version) throws Exception {
        for (int i = 0; i < 3000 && !version.equals(version(status(server))); i++) {
            Thread.sleep(10);
        }
        assertEquals(version, version(status(server)));
    }

    private static double distance(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    @Test
    void aModelReplacedUnderTrafficLosesNoRequestAndABrokenFileNeverServes() throws Exception {
        Path file = Fixtures.save(classifier(1), dir.resolve("pets.nn"));
        Path second = Fixtures.save(classifier(2), dir.resolve("second.nn"));
        float[] before = expected(file, RAW, 1);
        float[] after = expected(second, RAW, 1);
        assertTrue(distance(before, after) > 1e-2, "the two models differ");
        ServeOptions options = ServeOptions.builder(List.of(ModelSource.of(file))).port(0).reloadMillis(5)
                .maxBatch(8).accessLog(dir.resolve("access.log")).build();
        try (ModelServer server = ModelServer.start(options)) {
            URI predict = server.uri().resolve("/v1/models/pets:predict");
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService clients = Executors.newFixedThreadPool(4);
            List<Future<int[]>> counts = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                counts.add(clients.submit(() -> {
                    int[] seen = new int[2];
                    while (running.get()) {
                        HttpResponse<String> r = post(predict, "application/json", BODY);
                        assertEquals(200, r.statusCode(), r.body());
                        float[] got = rows(r.body(), "predictions");
                        // within float rounding: a batch of several samples may sum in another order than one
                        assertTrue(distance(got, before) < 1e-6 || distance(got, after) < 1e-6,
                                "the old model's output or the new one's: " + Arrays.toString(got));
                        seen[distance(got, before) < 1e-6 ? 0 : 1]++;
                    }
                    return seen;
                }));
            }
            Thread.sleep(200);
            // a file being written in place is caught by its checksum: it never serves
            byte[] whole = Files.readAllBytes(second);
            Files.write(file, Arrays.copyOf(whole, whole.length / 2));
            Thread.sleep(200);
            assertEquals("1", version(status(server)));
            // the complete file is then renamed over it, as nn train --out saves
            Files.move(second, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            awaitVersion(server, "2");
            Thread.sleep(200);
            running.set(false);
            int[] total = new int[2];
            for (Future<int[]> f : counts) {
                int[] seen = f.get();
                total[0] += seen[0];
                total[1] += seen[1];
            }
            clients.shutdown();
            assertTrue(total[0] > 0 && total[1] > 0, "both versions answered: " + Arrays.toString(total));
            assertArrayEquals(after, rows(post(predict, "application/json", BODY).body(), "predictions"), 0f);
            String metrics = get(server.uri().resolve("/metrics")).body();
            // writing in place may be seen twice, emptied and half written: each time refused
            assertTrue(metrics.matches(
                    "(?s).*nn4j_model_reloads_total\\{model=\"pets\",outcome=\"refused\"} [12]\\.0.*"), metrics);
            assertTrue(metrics.contains("nn4j_model_reloads_total{model=\"pets\",outcome=\"loaded\"} 1.0"), metrics);
            assertTrue(metrics.contains("nn4j_model_version{model=\"pets\"} 2.0"), metrics);
        }
        String log = Files.readString(dir.resolve("access.log"));
        assertTrue(log.contains("\"event\":\"model_refused\",\"model\":\"pets\",\"version\":1"), log);
        assertTrue(log.contains("truncated") || log.contains("corrupted"), log);
        assertTrue(log.contains("\"event\":\"model_reloaded\",\"model\":\"pets\",\"version\":2"), log);
    }

    @Test
    void aReplacementOfAnotherShapeIsRefused() throws Exception {
        Path file = Fixtures.save(classifier(1), dir.resolve("pets.nn"));
        try (ModelServer server = ModelServer.start(ServeOptions.builder(List.of(ModelSource.of(file))).port(0)
                .reloadMillis(5).accessLog(dir.resolve("access.log")).build())) {
            var wider = new org.nn4j.models.Sequential(5, org.nn4j.losses.Loss.CATEGORICAL_CROSSENTROPY,
                    new org.nn4j.layers.Dense(3, org.nn4j.activations.Activation.SOFTMAX)).initialize(1);
            org.nn4j.io.SavedModel.of(wider).save(file);
            String metrics = "";
            for (int i = 0; i < 3000 && !metrics.contains("outcome=\"refused\"} 1.0"); i++) {
                Thread.sleep(10);
                metrics = get(server.uri().resolve("/metrics")).body();
            }
            assertTrue(metrics.contains("outcome=\"refused\"} 1.0"), metrics);
            assertEquals(200, post(server.uri().resolve("/v1/models/pets:predict"), "application/json", BODY)
                    .statusCode());
        }
        assertTrue(Files.readString(dir.resolve("access.log")).contains("it takes 5 inputs and gives 3 outputs, the "
                + "model serving takes 4 and gives 3"));
    }

    /** A request whose headers and first half of the body have been sent; {@link #finish} sends the rest. */
    private static final class HalfSent implements AutoCloseable {
        private final Socket socket = new Socket();
        private final byte[] body = BODY.getBytes(StandardCharsets.US_ASCII);

        HalfSent(URI server) throws IOException {
            socket.connect(new InetSocketAddress(server.getHost(), server.getPort()));
            String head = "POST /v1/models/pets:predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                    + "application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();
        }

        /** Sends the rest of the body and returns the whole response. */
        String finish() throws IOException {
            socket.getOutputStream().write(body, body.length / 2, body.length - body.length / 2);
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void stopAnswersTheRequestsInFlightAndRefusesNewConnections() throws Exception {
        Path file = Fixtures.save(classifier(1), dir.resolve("pets.nn"));
        ModelServer server = ModelServer.start(ServeOptions.builder(List.of(ModelSource.of(file))).port(0)
                .accessLog(dir.resolve("access.log")).build());
        URI predict = server.uri().resolve("/v1/models/pets:predict");
        List<HalfSent> inFlight = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            inFlight.add(new HalfSent(server.uri()));
        }
        String metrics = "";
        for (int i = 0; i < 3000 && !metrics.contains("nn4j_predict_in_flight{model=\"pets\"} 3.0"); i++) {
            Thread.sleep(1);
            metrics = get(server.uri().resolve("/metrics")).body();
        }
        assertTrue(metrics.contains("nn4j_predict_in_flight{model=\"pets\"} 3.0"), metrics);
        Thread stopping = new Thread(server::stop);
        stopping.start();
        for (int i = 0; i < 3000 && get(server.uri().resolve("/readyz")).statusCode() == 200; i++) {
            Thread.sleep(1);
        }
        // the listening socket closes as the drain begins
        for (int i = 0; i < 3000; i++) {
            try {
                get(server.uri().resolve("/healthz"));
                Thread.sleep(1);
            } catch (ConnectException refused) {
                break;
            }
        }
        assertThrows(ConnectException.class, () -> post(predict, "application/json", BODY));
        assertTrue(stopping.isAlive(), "stop waits for the requests in flight");
        float[] want = expected(file, RAW, 1);
        for (HalfSent request : inFlight) {
            String response = request.finish();
            assertTrue(response.startsWith("HTTP/1.1 200 OK"), response);
            assertArrayEquals(want, rows(response.substring(response.indexOf("\r\n\r\n") + 4), "predictions"), 0f);
            request.close();
        }
        stopping.join();
    }
}
