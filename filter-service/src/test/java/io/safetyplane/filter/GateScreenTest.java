package io.safetyplane.filter;

import static io.safetyplane.filter.Api.BENIGN;
import static io.safetyplane.filter.Api.CSAM;
import static io.safetyplane.filter.FakeDownstreams.CLASSIFICATIONS;
import static io.safetyplane.filter.FakeDownstreams.CLASSIFY_CALLS;
import static io.safetyplane.filter.FakeDownstreams.MATCHES;
import static io.safetyplane.filter.FakeDownstreams.MATCH_CALLS;
import static io.safetyplane.filter.FakeDownstreams.STANDINGS;
import static io.safetyplane.filter.FakeDownstreams.STANDING_CALLS;
import static io.safetyplane.filter.FakeDownstreams.callsFor;
import static io.safetyplane.filter.Screens.context;
import static io.safetyplane.filter.Screens.request;
import static io.safetyplane.filter.Screens.screen;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.safetyplane.contracts.classifier.v1.ClassifyRequest;
import io.safetyplane.contracts.enforcement.v1.GetStandingRequest;
import io.safetyplane.contracts.enforcement.v1.StandingState;
import io.safetyplane.contracts.events.v1.Action;
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.contracts.hash.v1.MatchRequest;
import io.safetyplane.testsupport.MediaSamples;

/** The before-generation gate's decisions over REST, against fakes of the enforcement-, hash- and classifier-services. */
@QuarkusTest
class GateScreenTest {
    static final byte[] JPEG = MediaSamples.bytes("sample.jpg");
    static final String VIOLENT = "decapitated body in a pool of blood";

    static List<MatchRequest> matchCalls(String contentId) {
        return callsFor(MATCH_CALLS, r -> r.getContentId().equals(contentId));
    }

    static List<ClassifyRequest> classifyCalls(String contentId) {
        return callsFor(CLASSIFY_CALLS, r -> r.getContentId().equals(contentId));
    }

    static List<GetStandingRequest> standingCalls(String accountId) {
        return callsFor(STANDING_CALLS, r -> r.getAccountId().equals(accountId));
    }

    @Test
    void aPromptOnlyRequestOfAnAccountInGoodStandingIsAllowed() {
        screen(request("gate-allow-1", BENIGN)).statusCode(200)
                .body("decision", is("allow"))
                .body("reasons", empty())
                .body("standing.state", is("active"))
                .body("standing.until", nullValue())
                .body("prompt.decision", is("allow"))
                .body("prompt.requestId", is("req-gate-allow-1"))
                .body("prompt.decisionEventId", notNullValue())
                .body("hash", nullValue())
                .body("classification", nullValue())
                .body("violationEventIds", empty())
                .body("unavailable", empty());
        List<GetStandingRequest> asked = standingCalls("gate-allow-1");
        assertEquals(1, asked.size());
        assertEquals("self-serve", asked.get(0).getTenantId());
        assertEquals("user-of-gate-allow-1", asked.get(0).getEndUserId());
        assertEquals(List.of(), matchCalls("upload-gate-allow-1"));
        assertEquals(List.of(), classifyCalls("upload-gate-allow-1"));
    }

    @Test
    void aWarnedAccountGoesOn() {
        STANDINGS.put("gate-warned-1", FakeDownstreams.standing(StandingState.STANDING_STATE_WARNED, 0));
        screen(request("gate-warned-1", BENIGN)).statusCode(200).body("decision", is("allow")).body("standing.state", is("warned"));
    }

    @Test
    void aBlockedPromptBlocksWithThePromptsReason() {
        screen(request("gate-prompt-1", VIOLENT)).statusCode(200)
                .body("decision", is("block"))
                .body("reasons", hasSize(1))
                .body("reasons[0].check", is("prompt"))
                .body("reasons[0].action", is("block"))
                .body("reasons[0].detail", containsString("violence"))
                .body("prompt.decision", is("block"))
                .body("violationEventIds", empty());
        // a CSAM-style prompt: block_and_report, and the violation the prompt check emitted is named
        String violation = screen(request("gate-prompt-2", CSAM)).statusCode(200)
                .body("decision", is("block_and_report"))
                .body("reasons[0].check", is("prompt"))
                .body("reasons[0].detail", containsString("csam"))
                .body("violationEventIds", hasSize(1))
                .extract().path("prompt.violationEventId");
        // a retry of the same request names the same violation (the events are idempotent by request id)
        screen(request("gate-prompt-2", CSAM)).statusCode(200).body("violationEventIds", is(List.of(violation)));
    }

    @Test
    void aSuspendedAccountIsBlockedAndItsImageOnlyHashMatched() {
        long until = System.currentTimeMillis() + 86_400_000L;
        STANDINGS.put("gate-suspended-1", FakeDownstreams.standing(StandingState.STANDING_STATE_SUSPENDED, until));
        screen(request("gate-suspended-1", BENIGN), JPEG, "image/jpeg").statusCode(200)
                .body("decision", is("block"))
                .body("reasons", hasSize(1))
                .body("reasons[0].check", is("standing"))
                .body("reasons[0].action", is("block"))
                .body("reasons[0].detail", containsString("suspended"))
                .body("standing.state", is("suspended"))
                .body("standing.until", is(java.time.Instant.ofEpochMilli(until).toString()))
                .body("prompt.decision", is("allow"))
                .body("hash.action", is("allow"))
                .body("classification", nullValue());
        assertEquals(1, matchCalls("upload-gate-suspended-1").size(), "known CSAM is matched whoever uploads it");
        assertEquals(List.of(), classifyCalls("upload-gate-suspended-1"), "a blocked account's image is not classified");

        STANDINGS.put("gate-disabled-1", FakeDownstreams.standing(StandingState.STANDING_STATE_DISABLED, 0));
        screen(request("gate-disabled-1", CSAM)).statusCode(200).body("decision", is("block_and_report"))
                .body("reasons.check", is(List.of("prompt", "standing")))
                .body("reasons[1].detail", containsString("disabled"));
        STANDINGS.put("gate-restricted-1", FakeDownstreams.standing(StandingState.STANDING_STATE_RESTRICTED, 0));
        screen(request("gate-restricted-1", BENIGN)).statusCode(200).body("decision", is("block"))
                .body("reasons[0].detail", containsString("restricted"));
    }

    @Test
    void anImageMatchingAReportingBankIsBlockedAndReportedWithTheHashReason() {
        MATCHES.put("upload-gate-csam-1", FakeDownstreams.reportingMatch("demo-csam", 4, "demo-1"));
        Map<String, Object> request = request("gate-csam-1", BENIGN);
        request.put("context", context("gate-csam-req", "self-serve", "gate-csam-1", "acme-user-42"));
        screen(request, JPEG, "image/jpeg").statusCode(200)
                .body("decision", is("block_and_report"))
                .body("reasons[0].check", is("hash"))
                .body("reasons[0].action", is("block_and_report"))
                .body("reasons[0].detail", containsString("demo-csam"))
                .body("hash.action", is("block_and_report"))
                .body("hash.matches[0].bank", is("demo-csam"))
                .body("hash.matches[0].signalType", is("pdq"))
                .body("hash.matches[0].distance", is(4))
                .body("hash.matches[0].externalId", is("demo-1"))
                .body("hash.matches[0].action", is("block_and_report"))
                .body("violationEventIds", is(List.of("violation-of-demo-1")))
                .body("classification.decision", is("allow"))
                .body("prompt.decision", is("allow"));
        List<MatchRequest> asked = matchCalls("upload-gate-csam-1");
        assertEquals(1, asked.size());
        MatchRequest m = asked.get(0);
        assertEquals(ContentStage.CONTENT_STAGE_UPLOAD, m.getStage());
        assertArrayEquals(JPEG, m.getMedia().getData().toByteArray());
        assertEquals("image/jpeg", m.getMedia().getContentType());
        assertEquals("gate-csam-req", m.getContext().getRequestId());
        assertEquals("acme-user-42", m.getContext().getEndUserId());
        assertEquals("gate-csam-1", m.getContext().getAccountId());
    }

    @Test
    void aClassifierBlockBlocksAndNamesItsViolation() {
        CLASSIFICATIONS.put("upload-gate-nsfw-1", FakeDownstreams.verdict(Action.ACTION_BLOCK, 0.97f, "violation-of-nsfw-1"));
        screen(request("gate-nsfw-1", BENIGN), JPEG, "image/jpeg").statusCode(200)
                .body("decision", is("block"))
                .body("reasons", hasSize(1))
                .body("reasons[0].check", is("classifier"))
                .body("reasons[0].detail", containsString("explicit 0.970"))
                .body("classification.decision", is("block"))
                .body("classification.model", is("nsfwjs-mobilenet-v2"))
                .body("classification.rules[0].rule", is("explicit"))
                .body("classification.rules[0].action", is("block"))
                .body("hash.action", is("allow"))
                .body("hash.matches", empty())
                .body("violationEventIds", is(List.of("violation-of-nsfw-1")));
    }

    @Test
    void anImageIsBothHashMatchedAndClassified() {
        screen(request("gate-both-1", BENIGN), JPEG, "image/jpeg").statusCode(200)
                .body("decision", is("allow"))
                .body("hash.action", is("allow"))
                .body("classification.decision", is("allow"))
                .body("unavailable", empty());
        assertEquals(1, matchCalls("upload-gate-both-1").size());
        List<ClassifyRequest> classified = classifyCalls("upload-gate-both-1");
        assertEquals(1, classified.size());
        assertEquals(ContentStage.CONTENT_STAGE_UPLOAD, classified.get(0).getStage());
        assertArrayEquals(JPEG, classified.get(0).getMedia().getData().toByteArray());
        assertEquals("req-gate-both-1", classified.get(0).getContext().getRequestId());
        // the strictest wins: a review verdict of the classifier and a block of the hash bank
        MATCHES.put("upload-gate-both-2", FakeDownstreams.reportingMatch("demo-csam", 0, "demo-2").toBuilder()
                .setAction(io.safetyplane.contracts.hash.v1.MatchAction.MATCH_ACTION_BLOCK).build());
        CLASSIFICATIONS.put("upload-gate-both-2", FakeDownstreams.verdict(Action.ACTION_REVIEW, 0.6f, ""));
        screen(request("gate-both-2", BENIGN), JPEG, "image/jpeg").statusCode(200)
                .body("decision", is("block"))
                .body("reasons.check", is(List.of("hash", "classifier")))
                .body("reasons.action", is(List.of("block", "review")));
    }

    @Test
    void standingsAreCachedBriefly() {
        screen(request("gate-cache-1", BENIGN)).statusCode(200).body("standing.state", is("active"));
        // the enforcement-service would now say suspended, but the cached standing holds for the TTL
        STANDINGS.put("gate-cache-1", FakeDownstreams.standing(StandingState.STANDING_STATE_SUSPENDED, 0));
        screen(request("gate-cache-1", BENIGN)).statusCode(200).body("standing.state", is("active"));
        assertEquals(1, standingCalls("gate-cache-1").size());
        // another end user of the same account is another standing
        Map<String, Object> other = request("gate-cache-1", BENIGN);
        other.put("context", context("req-gate-cache-2", "self-serve", "gate-cache-1", "another-user"));
        screen(other).statusCode(200).body("standing.state", is("suspended")).body("decision", is("block"));
        assertEquals(2, standingCalls("gate-cache-1").size());
    }
}
