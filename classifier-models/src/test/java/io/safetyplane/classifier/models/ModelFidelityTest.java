package io.safetyplane.classifier.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The converted models give the original nsfwjs probabilities: golden values written by
 * {@code scripts/golden/golden.mjs} (nsfwjs 4.4.0 on TensorFlow.js, WASM backend) against ONNX
 * Runtime on the same input tensors, within {@value #TOLERANCE}.
 */
class ModelFidelityTest {

    static final double TOLERANCE = 1e-4;

    private static JsonNode golden;
    private static OrtEnvironment env;

    @BeforeAll
    static void load() throws IOException {
        golden = json("golden/golden.json");
        env = OrtEnvironment.getEnvironment();
    }

    @Test
    void goldenCoversEveryModelAndPattern() {
        TreeSet<String> ids = new TreeSet<>();
        golden.get("models").fieldNames().forEachRemaining(ids::add);
        assertEquals(new TreeSet<>(ModelCardTest.IDS), ids);
        for (String id : ids) {
            TreeSet<String> patterns = new TreeSet<>();
            golden.get("models").get(id).get("probs").fieldNames().forEachRemaining(patterns::add);
            assertEquals(new TreeSet<>(GoldenInputs.PATTERNS), patterns, id);
        }
        assertEquals("4.4.0", golden.get("versions").get("nsfwjs").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"nsfwjs-mobilenet-v2", "nsfwjs-mobilenet-v2-mid", "nsfwjs-inception-v3"})
    void onnxMatchesNsfwjs(String id) throws Exception {
        JsonNode card = json("models/" + id + "/model-card.json");
        int size = card.get("input").get("height").asInt();
        assertEquals(size, golden.get("models").get(id).get("size").asInt());
        List<String> labels = new ArrayList<>();
        golden.get("labels").forEach(l -> labels.add(l.asText()));

        // The same tensors as golden.mjs: their checksums must match before the probabilities mean anything.
        List<String> patterns = GoldenInputs.PATTERNS;
        float[] batch = new float[patterns.size() * size * size * 3];
        for (int i = 0; i < patterns.size(); i++) {
            int[] pixels = GoldenInputs.pixels(patterns.get(i), size);
            assertEquals(golden.get("inputs").get(patterns.get(i) + "@" + size).get("fnv1a").asText(),
                    GoldenInputs.fnv1a(pixels), "pixels of " + patterns.get(i) + " at " + size);
            float[] t = GoldenInputs.tensor(pixels);
            System.arraycopy(t, 0, batch, i * t.length, t.length);
        }

        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(Math.min(4, Runtime.getRuntime().availableProcessors()));
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            try (OrtSession session = env.createSession(resource("models/" + id + "/model.onnx"), options)) {
                assertIo(session, card, size, labels.size());
                float[][] probs = run(session, batch, patterns.size(), size);
                float[][] single = run(session, GoldenInputs.tensor(GoldenInputs.pixels(patterns.get(0), size)), 1, size);

                double max = 0;
                String worst = "";
                for (int i = 0; i < patterns.size(); i++) {
                    JsonNode expected = golden.get("models").get(id).get("probs").get(patterns.get(i));
                    for (int k = 0; k < labels.size(); k++) {
                        double d = Math.abs(probs[i][k] - expected.get(k).asDouble());
                        if (d > max) {
                            max = d;
                            worst = patterns.get(i) + " " + labels.get(k);
                        }
                    }
                }
                double batchVsSingle = 0;
                for (int k = 0; k < labels.size(); k++) {
                    batchVsSingle = Math.max(batchVsSingle, Math.abs(probs[0][k] - single[0][k]));
                }
                System.out.printf("fidelity %s: max |dp| = %.2e vs nsfwjs over %d inputs x %d labels (worst: %s); "
                                + "batch %d vs batch 1: %.2e%n",
                        id, max, patterns.size(), labels.size(), worst, patterns.size(), batchVsSingle);
                assertTrue(max <= TOLERANCE, id + ": max |dp| " + max + " at " + worst + " exceeds " + TOLERANCE);
                assertTrue(batchVsSingle <= TOLERANCE, id + ": batch and batch-1 results differ by " + batchVsSingle);
            }
        }
    }

    private static void assertIo(OrtSession session, JsonNode card, int size, int labels) throws OrtException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        String in = card.get("input").get("name").asText();
        String out = card.get("output").get("name").asText();
        assertEquals(List.of(in), List.copyOf(inputs.keySet()));
        assertEquals(List.of(out), List.copyOf(outputs.keySet()));
        assertArrayEquals(new long[] {-1, size, size, 3}, ((TensorInfo) inputs.get(in).getInfo()).getShape());
        assertArrayEquals(new long[] {-1, labels}, ((TensorInfo) outputs.get(out).getInfo()).getShape());
        assertEquals(card.get("id").asText(), session.getMetadata().getCustomMetadata().get("id"));
    }

    private static float[][] run(OrtSession session, float[] nhwc, int n, int size) throws OrtException {
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(nhwc), new long[] {n, size, size, 3});
                OrtSession.Result result = session.run(Map.of("input", x))) {
            return (float[][]) result.get(0).getValue();
        }
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = ModelFidelityTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no " + name + " on the classpath");
            }
            return in.readAllBytes();
        }
    }

    static JsonNode json(String name) throws IOException {
        return new ObjectMapper().readTree(resource(name));
    }
}
