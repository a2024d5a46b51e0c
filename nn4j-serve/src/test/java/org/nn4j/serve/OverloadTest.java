package org.nn4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nn4j.serve.Fixtures.classifier;
import static org.nn4j.serve.Fixtures.object;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Overload: a full queue refuses at once, a prediction that takes too long gets 503; memory stays bounded. */
class OverloadTest {
    @TempDir
    Path dir;

    @Test
    void aFullQueueRefusesWith503AtOnceAndTheQueuedRequestsAreStillAnswered() throws Exception {
        ModelVersion version = new ModelVersion(classifier(1), 1, Instant.now());
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ServeOptions options = ServeOptions.builder(List.of(ModelSource.of(Path.of("pets.nn")))).maxBatch(1)
                .queueCapacity(2).build();
        // the inference thread is held inside its first batch, so the queue behind it fills
        Batcher batcher = new Batcher("pets", () -> {
            busy.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return version;
        }, new ServerMetrics().forModel("pets"), options);
        Instances one = new Instances(new float[Fixtures.WIDTH], 1, "instances");
        // two requests in flight, one still arriving: none runs alone on its caller's thread, every one is queued
        batcher.expect();
        batcher.expect();
        CompletableFuture<Batcher.Prediction> first = batcher.submit(one);
        busy.await();
        CompletableFuture<Batcher.Prediction> second = batcher.submit(one);
        CompletableFuture<Batcher.Prediction> third = batcher.submit(one);
        HttpError refused = assertThrows(HttpError.class, () -> batcher.submit(one));
        assertEquals(503, refused.status());
        assertEquals("model 'pets' is overloaded: 2 requests are waiting; retry later", refused.getMessage());
        release.countDown();
        for (CompletableFuture<Batcher.Prediction> f : List.of(first, second, third)) {
            assertEquals(3, f.get(10, TimeUnit.SECONDS).outputs().length);
        }
        batcher.close();
    }

    @Test
    void aPredictionNotReadyWithinTheTimeoutGets503() throws Exception {
        Path file = Fixtures.save(classifier(1), dir.resolve("pets.nn"));
        // a batch waits up to 10 s for more while a request is still arriving: the request sent whole times out
        try (ModelServer server = ModelServer.start(ServeOptions.builder(List.of(ModelSource.of(file))).port(0)
                .maxDelayMicros(10_000_000).timeoutMillis(200).drainMillis(100).accessLog(dir.resolve("access.log")).build());
             Socket arriving = new Socket()) {
            arriving.connect(new InetSocketAddress("127.0.0.1", server.port()));
            OutputStream out = arriving.getOutputStream();
            out.write(("POST /v1/models/pets:predict HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String metrics = "";
            for (int i = 0; i < 3000 && !metrics.contains("nn4j_predict_in_flight{model=\"pets\"} 1.0"); i++) {
                Thread.sleep(1);
                metrics = Fixtures.get(server.uri().resolve("/metrics")).body();
            }
            HttpResponse<String> r = Fixtures.post(server.uri().resolve("/v1/models/pets:predict"),
                    "application/json", "{\"instances\":[[1,2,3,4]]}");
            assertEquals(503, r.statusCode(), r.body());
            assertEquals("no prediction within 200 ms; the server is overloaded",
                    object(r.body()).get("error").getAsString());
            assertTrue(r.headers().firstValue("Retry-After").isPresent());
        }
    }
}
