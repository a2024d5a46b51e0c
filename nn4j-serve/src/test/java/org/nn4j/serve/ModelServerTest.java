package org.nn4j.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nn4j.serve.Fixtures.classifier;
import static org.nn4j.serve.Fixtures.expected;
import static org.nn4j.serve.Fixtures.get;
import static org.nn4j.serve.Fixtures.object;
import static org.nn4j.serve.Fixtures.post;
import static org.nn4j.serve.Fixtures.rows;

import com.google.gson.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API over real HTTP: predictions, status, metadata, health and metrics on a server at port 0. */
class ModelServerTest {
    @TempDir
    static Path dir;
    static Path file;
    static ModelServer server;
    static URI predict;

    @BeforeAll
    static void start() throws Exception {
        file = Fixtures.save(classifier(7), dir.resolve("pets.nn"));
        server = ModelServer.start(ServeOptions.builder(List.of(ModelSource.of(file))).port(0)
                .accessLog(dir.resolve("access.log")).build());
        predict = server.uri().resolve("/v1/models/pets:predict");
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void predictionsEqualThoseOfSequentialPredictForTheSameInput() throws Exception {
        float[] raw = {0.5f, -1, 2.25f, 7, 3, 3, 3, 3, -0.125f, 1e-3f, 100, -20};
        HttpResponse<String> r = post(predict, "application/json", Fixtures.instances(raw, 3));
        assertEquals(200, r.statusCode(), r.body());
        float[] want = expected(file, raw, 3);
        assertArrayEquals(want, rows(r.body(), "predictions"), 0f);
        int[] classes = new int[3];
        for (int i = 0; i < 3; i++) {
            for (int j = 1; j < 3; j++) {
                classes[i] = want[i * 3 + j] > want[i * 3 + classes[i]] ? j : classes[i];
            }
            assertEquals(Fixtures.CLASSES.get(classes[i]),
                    object(r.body()).getAsJsonArray("classes").get(i).getAsString());
        }
    }

    @Test
    void columnarInputsAreAnsweredWithOutputsAndCsvRowsWithPredictions() throws Exception {
        float[] raw = {1, 2, 3, 4, -4, -3, -2, -1};
        HttpResponse<String> inputs = post(predict, "application/json",
                "{\"signature_name\":\"serving_default\",\"inputs\":[[1,2,3,4],[-4,-3,-2,-1]]}");
        assertEquals(200, inputs.statusCode(), inputs.body());
        assertArrayEquals(expected(file, raw, 2), rows(inputs.body(), "outputs"), 0f);

        HttpResponse<String> csv = post(predict, "text/csv", "a,b,c,d\n1,2,3,4\r\n\n-4,-3,-2,-1\n");
        assertEquals(200, csv.statusCode(), csv.body());
        assertArrayEquals(expected(file, raw, 2), rows(csv.body(), "predictions"), 0f);
    }

    @Test
    void statusAndMetadataHaveTensorFlowServingsShape() throws Exception {
        HttpResponse<String> status = get(server.uri().resolve("/v1/models/pets"));
        assertEquals(200, status.statusCode());
        JsonObject v = object(status.body()).getAsJsonArray("model_version_status").get(0).getAsJsonObject();
        assertEquals("1", v.get("version").getAsString());
        assertEquals("AVAILABLE", v.get("state").getAsString());

        JsonObject meta = object(get(server.uri().resolve("/v1/models/pets/metadata")).body());
        assertEquals("pets", meta.getAsJsonObject("model_spec").get("name").getAsString());
        JsonObject input = meta.getAsJsonObject("metadata").getAsJsonObject("signature_def")
                .getAsJsonObject("signature_def").getAsJsonObject("serving_default").getAsJsonObject("inputs")
                .getAsJsonObject("instances");
        assertEquals("DT_FLOAT", input.get("dtype").getAsString());
        assertEquals("4", input.getAsJsonObject("tensor_shape").getAsJsonArray("dim").get(1).getAsJsonObject()
                .get("size").getAsString());
        JsonObject nn4j = meta.getAsJsonObject("nn4j");
        assertEquals("[\"cat\",\"dog\",\"bird\"]", nn4j.get("classes").toString());
        assertEquals("standard", nn4j.getAsJsonObject("scaler").get("kind").getAsString());
        assertEquals(0.25, nn4j.getAsJsonObject("scaler").getAsJsonArray("scale").get(3).getAsDouble());
        assertEquals("classification", nn4j.get("task").getAsString());
    }

    @Test
    void healthReadinessAndMetrics() throws Exception {
        assertEquals(200, get(server.uri().resolve("/healthz")).statusCode());
        assertEquals(200, get(server.uri().resolve("/readyz")).statusCode());
        post(predict, "application/json", "{\"instances\":[[1,2,3,4]]}");
        post(predict, "application/json", "{\"instances\":[[1,2,3]]}");
        String metrics = get(server.uri().resolve("/metrics")).body();
        assertTrue(metrics.contains("nn4j_model_version{model=\"pets\"} 1"), metrics);
        assertTrue(metrics.matches("(?s).*nn4j_requests_total\\{code=\"200\",endpoint=\"predict\",model=\"pets\"} "
                + "[1-9].*"), metrics);
        assertTrue(metrics.matches("(?s).*nn4j_request_errors_total\\{code=\"400\",model=\"pets\"} [1-9].*"), metrics);
        assertTrue(metrics.contains("nn4j_predict_duration_seconds_bucket{model=\"pets\""), metrics);
        assertTrue(metrics.contains("nn4j_batch_size_bucket{model=\"pets\",le=\"1.0\"}"), metrics);
        assertFalse(metrics.isEmpty());
    }
}
