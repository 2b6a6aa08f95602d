package io.safetyplane.enforcement.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    @Test
    void signsAsTheStandardWebhooksReferenceDoes() {
        // the test vector of the Standard Webhooks reference libraries
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookSignature.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"));
    }

    @Test
    void refusesSecretsThatAreNotWhsecBase64OfAFittingLength() {
        assertThrows(IllegalArgumentException.class, () -> WebhookSignature.key("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        assertThrows(IllegalArgumentException.class, () -> WebhookSignature.key("whsec_not base64!"));
        assertThrows(IllegalArgumentException.class, () -> WebhookSignature.key("whsec_c2hvcnQ=")); // 5 bytes
        assertEquals(24, WebhookSignature.key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").length);
    }
}
