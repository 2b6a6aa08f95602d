package io.safetyplane.classifier.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every model sits on the classpath as models/&lt;id&gt;/ with a card that describes it truthfully. */
class ModelCardTest {

    static final List<String> IDS = List.of("nsfwjs-mobilenet-v2", "nsfwjs-mobilenet-v2-mid", "nsfwjs-inception-v3");
    static final String PACKAGE_SHA256 = "585cd178f3b994337c4d10a87b080d342fc52f8b9bf0085c4d1f345a3a1c5382";

    @ParameterizedTest
    @ValueSource(strings = {"nsfwjs-mobilenet-v2", "nsfwjs-mobilenet-v2-mid", "nsfwjs-inception-v3"})
    void cardDescribesTheModel(String id) throws Exception {
        JsonNode card = ModelFidelityTest.json("models/" + id + "/model-card.json");
        byte[] onnx = ModelFidelityTest.resource("models/" + id + "/model.onnx");
        int size = id.equals("nsfwjs-inception-v3") ? 299 : 224;

        assertEquals(id, card.get("id").asText());
        assertEquals("4.4.0", card.get("version").asText());
        assertEquals(id.equals("nsfwjs-mobilenet-v2"), card.get("default").asBoolean());
        assertEquals("nsfwjs", card.get("source").get("package").asText());
        assertEquals(PACKAGE_SHA256, card.get("source").get("sha256").asText());
        assertEquals("MIT", card.get("license").get("spdx").asText());
        assertTrue(card.get("license").get("trainingData").asText().contains("not documented"));
        assertEquals("[\"Drawing\",\"Hentai\",\"Neutral\",\"Porn\",\"Sexy\"]", card.get("labels").toString());

        JsonNode input = card.get("input");
        assertEquals("input", input.get("name").asText());
        assertEquals("NHWC", input.get("layout").asText());
        assertEquals("[-1," + size + "," + size + ",3]", input.get("shape").toString());
        assertEquals("float32", input.get("dtype").asText());
        JsonNode pre = card.get("preprocessing");
        assertEquals("RGB", pre.get("colorSpace").asText());
        assertTrue(pre.get("resize").get("alignCorners").asBoolean());
        assertEquals(size, pre.get("resize").get("width").asInt());
        assertTrue(pre.get("mean").isNull() && pre.get("std").isNull());
        assertEquals(id.equals("nsfwjs-mobilenet-v2-mid"), !pre.get("internalRescale").isNull());
        assertEquals("probs", card.get("output").get("name").asText());

        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(onnx));
        assertEquals(sha256, card.get("onnx").get("sha256").asText(), "model.onnx sha256");
        assertEquals(onnx.length, card.get("onnx").get("bytes").asLong());
        assertTrue(card.get("converter").get("version").asText().matches("\\d+\\.\\d+\\.\\d+"));
    }
}
