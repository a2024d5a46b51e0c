package org.nn4j.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.nn4j.activations.Activation;
import org.nn4j.data.FittedScaler;
import org.nn4j.io.SavedModel;
import org.nn4j.layers.Dense;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;

/** Small models saved to files, and an HTTP client for the server under test. */
final class Fixtures {
    static final int WIDTH = 4;
    static final List<String> CLASSES = List.of("cat", "dog", "bird");
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    private Fixtures() {
    }

    /** A 4-8r-3s classifier with standard scaling and class names, its weights drawn from {@code seed}. */
    static SavedModel classifier(long seed) {
        Sequential model = new Sequential(WIDTH, Loss.CATEGORICAL_CROSSENTROPY, new Dense(8, Activation.RELU),
                new Dense(3, Activation.SOFTMAX)).initialize(seed);
        FittedScaler scaler = new FittedScaler("standard", new float[]{1, 2, 3, 4}, new float[]{0.5f, 2, 1, 0.25f});
        return new SavedModel(model, null, scaler, CLASSES, null, List.of());
    }

    static Path save(SavedModel saved, Path file) throws IOException {
        saved.save(file);
        return file;
    }

    /** What {@code Sequential.predict} gives for these raw rows, through a freshly loaded copy of the file. */
    static float[] expected(Path file, float[] raw, int n) throws IOException {
        SavedModel saved = SavedModel.load(file);
        return saved.model().predict(saved.scaler().transform(raw, WIDTH), n);
    }

    static HttpResponse<String> post(URI uri, String contentType, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(URI uri, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The rows of {@code "predictions"} (or another key) of a JSON response, flattened. */
    static float[] rows(String json, String key) {
        JsonArray rows = JsonParser.parseString(json).getAsJsonObject().getAsJsonArray(key);
        int k = rows.get(0).getAsJsonArray().size();
        float[] out = new float[rows.size() * k];
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < k; j++) {
                out[i * k + j] = rows.get(i).getAsJsonArray().get(j).getAsFloat();
            }
        }
        return out;
    }

    static JsonObject object(String json) {
        return JsonParser.parseString(json).getAsJsonObject();
    }

    /** {@code {"instances": [[…], …]}} for sample-major rows. */
    static String instances(float[] raw, int n) {
        StringBuilder s = new StringBuilder("{\"instances\":[");
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "[" : ",[");
            for (int j = 0; j < WIDTH; j++) {
                s.append(j == 0 ? "" : ",").append(raw[i * WIDTH + j]);
            }
            s.append(']');
        }
        return s.append("]}").toString();
    }
}
