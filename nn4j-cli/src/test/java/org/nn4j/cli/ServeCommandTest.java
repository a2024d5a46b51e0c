package org.nn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.activations.Activation;
import org.nn4j.cli.Cli.Result;
import org.nn4j.io.SavedModel;
import org.nn4j.layers.Dense;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;
import org.nn4j.testing.ChildJvm;

/** {@code nn serve} in a JVM of its own: SIGTERM answers the request in flight before the process ends. */
class ServeCommandTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    @TempDir
    Path dir;

    private Path model() throws IOException {
        Path file = dir.resolve("tiny.nn");
        SavedModel.of(new Sequential(2, Loss.CATEGORICAL_CROSSENTROPY, new Dense(2, Activation.SOFTMAX))
                .initialize(1)).save(file);
        return file;
    }

    private static String get(URI uri) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void sigtermAnswersTheRequestInFlightThenExits() throws Exception {
        Path log = dir.resolve("access.log");
        try (ChildJvm child = ChildJvm.start(Main.class, "serve", "--model", "m=" + model(), "--port", "0",
                "--access-log", log.toString())) {
            String listening = child.awaitLine(l -> l.startsWith("nn serve: listening on "));
            URI uri = URI.create(listening.split(" ")[4]);
            byte[] body = "{\"instances\":[[0.5,-2]]}".getBytes(StandardCharsets.US_ASCII);
            try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/models/m:predict HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, 0, 10);
                out.flush();
                String metrics = "";
                for (int i = 0; i < 3000 && !metrics.contains("nn4j_predict_in_flight{model=\"m\"} 1.0"); i++) {
                    Thread.sleep(1);
                    metrics = get(uri.resolve("/metrics"));
                }
                child.terminate();
                boolean refused = false;
                for (int i = 0; i < 3000 && !refused; i++) {
                    try {
                        get(uri.resolve("/healthz"));
                        Thread.sleep(1);
                    } catch (ConnectException e) {
                        refused = true;
                    }
                }
                assertTrue(refused, "the listening socket closed on SIGTERM");
                out.write(body, 10, body.length - 10);
                out.flush();
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(response.startsWith("HTTP/1.1 200 OK") && response.contains("\"predictions\":[["),
                        response);
            }
            assertEquals(143, child.awaitExit(), String.join("\n", child.lines()));
        }
        List<String> lines = Files.readAllLines(log);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"path\":\"/v1/models/m:predict\"")
                && l.contains("\"status\":200")), String.join("\n", lines));
    }

    @Test
    void badSettingsAreUsageErrorsAndAMissingModelFileARuntimeError() throws Exception {
        Result port = Cli.run("serve", "--model", "m.nn", "--port", "70000");
        assertEquals(2, port.code());
        assertTrue(port.err().contains("port is 70000; it must be from 0 to 65535"), port.err());
        Result name = Cli.run("serve", "--model", "a b=m.nn");
        assertEquals(2, name.code());
        assertTrue(name.err().contains("model name 'a b' must be letters, digits"), name.err());
        Result twice = Cli.run("serve", "--model", "m.nn", "--model", "m=other.nn");
        assertEquals(2, twice.code());
        assertTrue(twice.err().contains("two models are named 'm'"), twice.err());
        Result missing = Cli.run("serve", "--model", dir.resolve("none.nn").toString(), "--port", "0");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("none.nn: no such model file"), missing.err());
    }
}
