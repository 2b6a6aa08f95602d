package io.safetyplane.classifier;

import static io.restassured.RestAssured.given;
import static io.safetyplane.classifier.Api.classify;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.safetyplane.contracts.CloudEvents;
import io.safetyplane.contracts.Topics;
import io.safetyplane.contracts.classifier.v1.ClassifyRequest;
import io.safetyplane.contracts.classifier.v1.ClassifyResponse;
import io.safetyplane.contracts.classifier.v1.MediaClassifierGrpc;
import io.safetyplane.contracts.classifier.v1.RulePeak;
import io.safetyplane.contracts.classifier.v1.SampledFrame;
import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.contracts.events.v1.Action;
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.contracts.events.v1.Decision;
import io.safetyplane.contracts.events.v1.Violation;
import io.safetyplane.contracts.classifier.v1.Media;
import io.safetyplane.media.DecodedImage;
import io.safetyplane.media.SampledVideo;
import io.safetyplane.media.VideoLimits;
import io.safetyplane.media.VideoSampler;
import io.safetyplane.testsupport.Mp4Files;

/** MP4/H.264 through the same endpoint, model and batcher as images: sampling, aggregation, events and bad inputs. */
@QuarkusTest
class VideoClassifyTest {
    @TestHTTPResource
    URL url;

    static final List<BufferedImage> FRAMES = List.of(Images.checkerboard(96, 12), Images.gradient(96, 96),
            Images.solid(96, 96, new Color(200, 150, 120)), Images.checkerboard(96, 32));

    /** 4 fps, 14 frames (3.5 s): samples at 0, 1, 2, 3 s are frames 0, 4, 8, 12, each a different picture. */
    static byte[] clip() {
        return Videos.h264(4, 14, i -> FRAMES.get((i / 4) % FRAMES.size()));
    }

    @Test
    void framesAreSampledOncePerSecondAndTheirScoresAggregated() throws Exception {
        byte[] mp4 = clip();
        JsonPath r = classify("video-1", "video/mp4", mp4).statusCode(200)
                .body("media.format", is("mp4")).body("media.width", is(96)).body("media.height", is(96))
                .body("media.sha256", is(sha256(mp4)))
                .body("video.framesSampled", is(4)).body("video.codec", is("avc1")).body("video.totalFrames", is(14))
                .body("video.minFramesOverThreshold", is(1))
                .extract().jsonPath();
        assertEquals(List.of(0.0, 1.0, 2.0, 3.0), doubles(r.getList("video.frames.timeSeconds")));
        assertEquals(List.of(0, 4, 8, 12), r.getList("video.frames.frameNumber", Integer.class));
        assertEquals(1.0, r.getDouble("video.intervalSeconds"), 1e-9);

        // each frame scores as its decoded picture does alone, through the same model and preprocessing
        SampledVideo decoded = sampler().sample(mp4);
        float[][] frameScores = new float[4][];
        for (int f = 0; f < 4; f++) {
            frameScores[f] = labelScores(r.getMap("video.frames[" + f + "].scores", String.class, Float.class));
            float[] alone = Api.scores(Api.classifyPng("video-1-frame-" + f, Images.png(Videos.image(decoded.frames().get(f).image()))));
            assertTrue(Api.maxDiff(frameScores[f], alone) < 1e-5, "frame " + f + " differs by " + Api.maxDiff(frameScores[f], alone));
        }
        // the frames differ, so the peaks come from different frames
        assertTrue(Api.maxDiff(frameScores[0], frameScores[1]) > 1e-3);

        // label peaks: the highest score of each label and the first frame that has it; they are the verdict's scores
        float[] scores = labelScores(r.getMap("scores", String.class, Float.class));
        for (int i = 0; i < Api.LABELS.size(); i++) {
            int at = 0;
            for (int f = 1; f < 4; f++) {
                if (frameScores[f][i] > frameScores[at][i]) {
                    at = f;
                }
            }
            assertEquals(Api.LABELS.get(i), r.getString("video.labelPeaks[" + i + "].label"));
            assertEquals(frameScores[at][i], r.getFloat("video.labelPeaks[" + i + "].score"));
            assertEquals(at, r.getInt("video.labelPeaks[" + i + "].frameIndex"));
            assertEquals(at, r.getDouble("video.labelPeaks[" + i + "].timeSeconds"), 1e-9);
            assertEquals(frameScores[at][i], scores[i]);
        }
        // rule peaks: explicit = Porn + Hentai, review 0.5, block 0.98; suggestive = Sexy, review 0.8
        float explicitPeak = 0;
        int explicitReview = 0;
        for (float[] s : frameScores) {
            explicitPeak = Math.max(explicitPeak, s[1] + s[3]);
            explicitReview += s[1] + s[3] >= 0.5 ? 1 : 0;
        }
        assertEquals("explicit", r.getString("video.rulePeaks[0].rule"));
        assertEquals(explicitPeak, r.getFloat("video.rulePeaks[0].score"), 1e-6);
        assertEquals(explicitReview, r.getInt("video.rulePeaks[0].framesAtReview"));
        assertEquals(explicitPeak, r.getFloat("rules[0].score"), 1e-6);
        // the decision is the rules applied to the peaks: these benign pictures are allowed, frame by frame and as a video
        assertEquals("allow", r.getString("decision"));
        assertEquals(List.of("allow", "allow", "allow", "allow"), r.getList("video.frames.action"));
        assertEquals("allow", r.getString("video.rulePeaks[0].action"));
    }

    @Test
    void aPortraitRecordingReachesTheModelUpright() throws Exception {
        // coded as 96 x 64 frames with a quarter-turn matrix, as phones record portrait video
        byte[] mp4 = Mp4Files.withMatrix(Videos.h264(2, 2, i -> Images.gradient(96, 64)), 0, 1, -1, 0);
        JsonPath r = classify("video-portrait", "video/mp4", mp4).statusCode(200)
                .body("media.exifOrientation", is(6)).body("media.width", is(64)).body("media.height", is(96))
                .extract().jsonPath();
        float[] frame = labelScores(r.getMap("video.frames[0].scores", String.class, Float.class));
        DecodedImage coded = sampler().sample(mp4).frames().get(0).image();
        float[] upright = Api.scores(Api.classifyPng("video-portrait-upright", Images.png(Videos.image(coded.oriented()))));
        float[] asCoded = Api.scores(Api.classifyPng("video-portrait-coded", Images.png(Videos.image(coded))));
        assertTrue(Api.maxDiff(frame, upright) < 1e-5, "differs from the upright frame by " + Api.maxDiff(frame, upright));
        assertTrue(Api.maxDiff(upright, asCoded) > 1e-4, "turning the frame changes nothing the test could see");
    }

    @Test
    void aLongerVideoIsSampledInWavesThroughTheSameQueue() {
        // 20 s at 1 fps: 20 samples, more than a batch (8 in tests): waves of 8, 8 and 4
        byte[] mp4 = Videos.h264(1, 20, i -> FRAMES.get(i % FRAMES.size()));
        JsonPath r = classify("video-long", "application/octet-stream", mp4).statusCode(200)
                .body("video.framesSampled", is(20)).body("media.format", is("mp4")).extract().jsonPath();
        List<Double> times = doubles(r.getList("video.frames.timeSeconds"));
        for (int i = 0; i < 20; i++) {
            assertEquals(i, times.get(i), 1e-9);
        }
        // the same picture every 4 frames scores the same
        float[] f0 = labelScores(r.getMap("video.frames[0].scores", String.class, Float.class));
        float[] f16 = labelScores(r.getMap("video.frames[16].scores", String.class, Float.class));
        assertTrue(Api.maxDiff(f0, f16) < 0.05, "frames 0 and 16 differ by " + Api.maxDiff(f0, f16));
    }

    @Test
    void aBlockedVideoUploadEmitsAViolationAndEveryVerdictADecision() throws Exception {
        byte[] mp4 = clip();
        JsonPath r = given().header("Safety-Context-Request-Id", "video-evt-1").header("Safety-Context-Tenant-Id", "acme")
                .header("Safety-Context-Account-Id", "acct-v").contentType("video/mp4").body(mp4)
                .queryParam("model", "test-always-block").queryParam("contentId", "upload-v1")
                .post("/v1/media:classify").then().statusCode(200)
                .body("decision", is("block")).body("violationEventId", notNullValue())
                .body("video.rulePeaks[0].rule", is("everything")).body("video.rulePeaks[0].action", is("block"))
                // every frame reaches the rule's block threshold (0)
                .body("video.rulePeaks[0].framesAtBlock", is(4))
                .extract().jsonPath();
        String violationId = r.getString("violationEventId");
        Violation v = Violation.parseFrom(Api.records(Topics.VIOLATIONS, 1, rec -> violationId.equals(Api.header(rec, CloudEvents.H_ID)))
                .get(0).value());
        assertEquals("classifier-service", v.getDetector());
        assertEquals(ContentStage.CONTENT_STAGE_UPLOAD, v.getStage());
        assertEquals(Action.ACTION_BLOCK, v.getAction());
        assertEquals("upload-v1", v.getContentId());
        assertEquals(sha256(mp4), v.getHashes(0).getValue());
        assertTrue(v.getEvidenceList().stream().anyMatch(e -> e.getKind().equals("classifier-rule") && e.getName().equals("everything")));
        String decisionId = r.getString("decisionEventId");
        Decision d = Decision.parseFrom(Api.records(Topics.DECISIONS, 1, rec -> decisionId.equals(Api.header(rec, CloudEvents.H_ID)))
                .get(0).value());
        assertEquals(Action.ACTION_BLOCK, d.getAction());
        assertTrue(d.getReasonsList().contains("everything:block"), d.getReasonsList().toString());

        // a blocked output video is a decision only
        given().header("Safety-Context-Request-Id", "video-evt-2").contentType("video/mp4").body(mp4)
                .queryParam("model", "test-always-block").queryParam("stage", "output")
                .post("/v1/media:classify").then().statusCode(200).body("decision", is("block"))
                .body("violationEventId", nullValue());
    }

    @Test
    void grpcCarriesTheVideoSummary() throws Exception {
        ManagedChannel channel = ManagedChannelBuilder.forAddress(url.getHost(), url.getPort()).usePlaintext().build();
        try {
            byte[] mp4 = clip();
            ClassifyResponse g = MediaClassifierGrpc.newBlockingStub(channel).classify(ClassifyRequest.newBuilder()
                    .setContext(RequestContext.newBuilder().setRequestId("grpc-video").setTenantId("acme"))
                    .setMedia(Media.newBuilder().setData(ByteString.copyFrom(mp4)).setContentType("video/mp4"))
                    .setItemId("v1").build());
            JsonPath rest = classify("video-grpc-rest", "video/mp4", mp4).statusCode(200).extract().jsonPath();
            assertEquals("mp4", g.getFormat());
            assertEquals(Action.ACTION_ALLOW, g.getDecision());
            assertEquals(4, g.getVideo().getFramesSampled());
            assertEquals(List.of(0L, 4L, 8L, 12L), g.getVideo().getFramesList().stream().map(SampledFrame::getFrameNumber).toList());
            assertEquals(List.of(0.0, 1.0, 2.0, 3.0), g.getVideo().getFramesList().stream().map(SampledFrame::getTimeSeconds).toList());
            assertEquals(rest.getFloat("video.rulePeaks[0].score"), g.getVideo().getRulePeaks(0).getScore(), 1e-6);
            assertEquals(List.of("explicit", "suggestive"), g.getVideo().getRulePeaksList().stream().map(RulePeak::getRule).toList());
            for (int i = 0; i < Api.LABELS.size(); i++) {
                assertEquals(g.getVideo().getLabelPeaks(i).getScore(), g.getScores(i).getScore());
            }
            // an image has no video summary
            ClassifyResponse img = MediaClassifierGrpc.newBlockingStub(channel).classify(GrpcClassifyTest.request("i1",
                    Images.png(Images.gradient(64, 64)), ""));
            assertTrue(!img.hasVideo());
            // a bad video is the same problem type as over REST
            io.grpc.StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(io.grpc.StatusRuntimeException.class,
                    () -> MediaClassifierGrpc.newBlockingStub(channel).classify(GrpcClassifyTest.request("v2",
                            Videos.prores(2, 2, i -> FRAMES.get(0)), "")));
            assertTrue(e.getStatus().getDescription().startsWith("unsupported-video-codec: "), e.getStatus().getDescription());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void badVideos() {
        byte[] mp4 = clip();
        // truncated: the movie box (written last by jcodec) or the media data is cut off
        BadInputTest.problem(given().contentType("video/mp4").body(Arrays.copyOf(mp4, mp4.length / 2)), 422, "corrupt-media")
                .body("detail", containsString("truncated"));
        BadInputTest.problem(given().contentType("video/mp4").body(Arrays.copyOf(mp4, mp4.length - 7)), 422, "corrupt-media");
        // no video track
        BadInputTest.problem(given().contentType("video/mp4").body(Videos.audioOnly()), 415, "no-video-track")
                .body("detail", containsString("soun"));
        // a video track in another codec
        BadInputTest.problem(given().contentType("video/quicktime").body(Videos.prores(2, 3, i -> FRAMES.get(i % 2))), 415,
                "unsupported-video-codec").body("detail", containsString("not H.264"));
        // random bytes and text declared as MP4: the bytes decide, and they are no media
        byte[] random = new byte[4096];
        new Random(7).nextBytes(random);
        BadInputTest.problem(given().contentType("video/mp4").body(random), 415, "unsupported-media");
        BadInputTest.problem(given().contentType("video/mp4").body("not a video at all".getBytes(StandardCharsets.UTF_8)), 415,
                "unsupported-media");
        // too long (over 20 s in tests) and too many frames (over 300 in tests), refused before decoding
        BadInputTest.problem(given().contentType("video/mp4").body(Videos.h264(1, 25, i -> FRAMES.get(0))), 422, "video-too-long")
                .body("detail", containsString("limit 20 s"));
        BufferedImage small = Images.checkerboard(16, 4);
        BadInputTest.problem(given().contentType("video/mp4").body(Videos.h264(30, 360, i -> small)), 422, "video-too-many-frames")
                .body("detail", containsString("360 frames, limit 300"));
        // an empty body is empty whatever its type
        BadInputTest.problem(given().contentType("video/mp4").body(new byte[0]), 400, "empty-media");
    }

    static VideoSampler sampler() {
        return new VideoSampler(VideoLimits.defaults());
    }

    static float[] labelScores(Map<String, Float> m) {
        float[] s = new float[Api.LABELS.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = m.get(Api.LABELS.get(i));
        }
        return s;
    }

    static List<Double> doubles(List<?> l) {
        return l.stream().map(o -> ((Number) o).doubleValue()).toList();
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
