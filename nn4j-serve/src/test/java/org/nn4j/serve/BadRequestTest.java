package org.nn4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.nn4j.serve.Fixtures.classifier;
import static org.nn4j.serve.Fixtures.get;
import static org.nn4j.serve.Fixtures.object;
import static org.nn4j.serve.Fixtures.post;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every request the server refuses, over real HTTP, with its status and the message naming the problem: never a
 * stack trace. The server here asks for a bearer token and takes bodies of at most 1,000 bytes.
 */
class BadRequestTest {
    private static final String TOKEN = "s3cret-Token";
    @TempDir
    static Path dir;
    static ModelServer server;
    static URI predict;

    @BeforeAll
    static void start() throws Exception {
        Path file = Fixtures.save(classifier(3), dir.resolve("pets.nn"));
        server = ModelServer.start(ServeOptions.builder(List.of(new ModelSource("pets", file))).port(0)
                .token(TOKEN).maxBodyBytes(1000).accessLog(dir.resolve("access.log")).build());
        predict = server.uri().resolve("/v1/models/pets:predict");
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static HttpResponse<String> send(String contentType, String body) throws Exception {
        return post(predict, contentType, body, "Authorization", "Bearer " + TOKEN);
    }

    private static void assertError(int status, String message, HttpResponse<String> r) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(message, object(r.body()).get("error").getAsString());
        assertFalse(r.body().contains("at org."), "no stack trace: " + r.body());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"instances\":[[1,2,3,4],[1,2,3]]}|instances[1]: 3 values, but the model takes 4",
        "{\"instances\":[[1,2,3,4,5,6]]}|instances[0]: 6 values, but the model takes 4",
        "{\"instances\":[[1,2,NaN,4]]}|instances[0][2]: NaN is not a finite number",
        "{\"inputs\":[[1,2,3,-Infinity]]}|inputs[0][3]: -Infinity is not a finite number",
        "{\"instances\":[[1,\"two\",3,4]]}|instances[0][1]: \"two\" is not a number",
        "{\"instances\":[[1,2,3,null]]}|instances[0][3]: expected a number, found null",
        "{\"instances\":[[1,2,3,1e39]]}|instances[0][3]: 1.0E39 is beyond float32's range",
        "{\"instances\":[1,2,3,4]}|instances[0]: an instance must be an array of 4 numbers; found a number",
        "{\"instances\":[]}|\"instances\" is empty: no instance to predict",
        "{\"instances\":{\"x\":[1,2,3,4]}}|\"instances\" must be an array of instances, each an array of 4 numbers; "
                + "found an object",
        "{\"instance\":[[1,2,3,4]]}|unknown field \"instance\" (a predict request has \"instances\" or \"inputs\")",
        "{}|the body has neither \"instances\" nor \"inputs\"",
        "{\"instances\":[[1,2,3,4]],\"inputs\":[[1,2,3,4]]}|give \"instances\" or \"inputs\", not both",
        "[[1,2,3,4]]|the body must be a JSON object with \"instances\" or \"inputs\"",
        "{\"instances\":[[1,2,3,4]]|malformed JSON: End of input at line 1 column 25 path $.instances",
        "{\"instances\":[[1,2,3,4]]} x|malformed JSON: content after the closing '}'",
        "``|malformed JSON: End of input at line 1 column 1 path $",
    })
    void badJsonGets400NamingTheProblem(String body, String message) throws Exception {
        assertError(400, message, send("application/json", body));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`1,2,3,4\n1,2,x,4`|line 2, column 3: \"x\" is not a number",
        "`1,2,3,4\n1,2,3`|line 2: 3 values, but the model takes 4",
        "`1,2,NaN,4`|line 1, column 3: NaN is not a finite number",
        "`a,b,c,d\n`|the CSV body has no rows to predict",
    })
    void badCsvGets400NamingTheLineAndColumn(String body, String message) throws Exception {
        assertError(400, message, send("text/csv", body));
    }

    @Test
    void aBodyOverTheLimitGets413WithOrWithoutItsLength() throws Exception {
        String big = "{\"instances\":[" + "[1,2,3,4],".repeat(200) + "[1,2,3,4]]}";
        assertError(413, "the request body is 2025 bytes; the limit is 1000 bytes", send("application/json", big));
        HttpRequest chunked = HttpRequest.newBuilder(predict).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes())))
                .build();
        assertError(413, "the request body is more than 1000 bytes; the limit is 1000 bytes",
                Fixtures.CLIENT.send(chunked, HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void withoutTheTokenEverythingButTheHealthChecksGets401() throws Exception {
        HttpResponse<String> none = post(predict, "application/json", "{\"instances\":[[1,2,3,4]]}");
        assertError(401, "this server needs an Authorization: Bearer token", none);
        assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElse(""));
        // its body unread, the connection closes, and the response says so: the next request takes a fresh one
        assertEquals("close", none.headers().firstValue("Connection").orElse(""));
        assertError(401, "the bearer token is wrong", post(predict, "application/json", "{\"instances\":[[1,2,3,4]]}",
                "Authorization", "Bearer " + TOKEN + "x"));
        assertError(401, "this server needs an Authorization: Bearer token", get(server.uri().resolve("/metrics")));
        assertError(401, "this server needs an Authorization: Bearer token",
                get(server.uri().resolve("/v1/models/pets/metadata")));
        assertEquals(200, get(server.uri().resolve("/healthz")).statusCode());
        assertEquals(200, get(server.uri().resolve("/readyz")).statusCode());
        assertEquals(200, send("application/json", "{\"instances\":[[1,2,3,4]]}").statusCode());
    }

    @Test
    void unknownModelsPathsAndMethodsGet404And405() throws Exception {
        String auth = "Bearer " + TOKEN;
        assertError(404, "no model named 'dogs'; this server serves pets",
                post(server.uri().resolve("/v1/models/dogs:predict"), "application/json", "{}", "Authorization", auth));
        assertError(404, "no such endpoint: /v2/x (the API is under /v1/models/{name})",
                get(server.uri().resolve("/v2/x"), "Authorization", auth));
        assertError(405, "GET is not allowed here; use POST", get(predict, "Authorization", auth));
        assertError(405, "POST is not allowed here; use GET",
                post(server.uri().resolve("/v1/models/pets"), "application/json", "{}", "Authorization", auth));
    }

    @Test
    void everyRequestIsOneJsonLineOfTheAccessLog() throws Exception {
        Path log = dir.resolve("own.log");
        try (ModelServer own = ModelServer.start(ServeOptions.builder(List.of(ModelSource.of(dir.resolve("pets.nn"))))
                .port(0).accessLog(log).build())) {
            post(own.uri().resolve("/v1/models/pets:predict"), "application/json",
                    "{\"instances\":[[1,2,3,4],[4,3,2,1]]}");
            post(own.uri().resolve("/v1/models/pets:predict"), "application/json", "{\"instances\":[[1]]}");
        }
        List<String> lines = Files.readAllLines(log);
        String predicted = lines.stream().filter(l -> l.contains("\"status\":200") && l.contains("\"instances\":2"))
                .findFirst().orElseThrow(() -> new AssertionError(String.join("\n", lines)));
        var o = object(predicted);
        assertEquals("POST", o.get("method").getAsString());
        assertEquals("/v1/models/pets:predict", o.get("path").getAsString());
        assertEquals("pets", o.get("model").getAsString());
        assertEquals("127.0.0.1", o.get("remote").getAsString());
        assertEquals(2, o.get("instances").getAsInt());
        assertEquals("instances[0]: 1 values, but the model takes 4", lines.stream().map(Fixtures::object)
                .filter(l -> l.has("status") && l.get("status").getAsInt() == 400).findFirst().orElseThrow()
                .get("error").getAsString());
        assertEquals("model_loaded", object(lines.get(0)).get("event").getAsString());
    }
}
