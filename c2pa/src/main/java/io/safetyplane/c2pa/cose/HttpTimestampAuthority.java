package io.safetyplane.c2pa.cose;

import java.io.IOException;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;

/**
 * An RFC 3161 TSA reached over HTTP (RFC 3161 §3.4): POSTs a {@code application/timestamp-query}
 * with {@code certReq=true} and a random nonce, and checks that the {@code application/timestamp-reply}
 * grants a token for the same imprint and nonce.
 */
public final class HttpTimestampAuthority implements TimestampAuthority {
    private static final String QUERY_TYPE = "application/timestamp-query";
    private static final String REPLY_TYPE = "application/timestamp-reply";

    private final URI url;
    private final Duration timeout;
    private final HttpClient client;
    private final SecureRandom random = new SecureRandom();

    public HttpTimestampAuthority(URI url, Duration timeout) {
        this.url = Objects.requireNonNull(url, "url");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("TSA URL must be http or https: " + url);
        }
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public URI url() {
        return url;
    }

    @Override
    public byte[] timestamp(byte[] messageImprintSha256) throws TimestampException {
        if (messageImprintSha256 == null || messageImprintSha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 message imprint has 32 bytes");
        }
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        TimeStampRequest request = generator.generate(TSPAlgorithms.SHA256, messageImprintSha256,
                new BigInteger(64, random));
        HttpResponse<byte[]> reply = post(request);
        if (reply.statusCode() != 200) {
            throw new TimestampException("TSA " + url + " answered HTTP " + reply.statusCode());
        }
        Optional<String> contentType = reply.headers().firstValue("Content-Type");
        if (contentType.isPresent()
                && !contentType.get().toLowerCase(Locale.ROOT).startsWith(REPLY_TYPE)) {
            throw new TimestampException("TSA " + url + " answered with Content-Type " + contentType.get()
                    + ", expected " + REPLY_TYPE);
        }
        TimeStampResponse response;
        try {
            response = new TimeStampResponse(reply.body());
        } catch (TSPException | IOException | RuntimeException e) {
            throw new TimestampException("TSA " + url + " sent a malformed TimeStampResp: " + e.getMessage(), e);
        }
        int status = response.getStatus();
        if ((status != PKIStatus.GRANTED && status != PKIStatus.GRANTED_WITH_MODS)
                || response.getTimeStampToken() == null) {
            String text = response.getStatusString();
            throw new TimestampException("TSA " + url + " rejected the request: status " + status
                    + (text == null ? "" : " (" + text + ")")
                    + (response.getFailInfo() == null ? "" : ", failInfo " + response.getFailInfo().intValue()));
        }
        try {
            response.validate(request); // imprint, nonce, policy, signer certificate present
            return response.getTimeStampToken().toCMSSignedData().getEncoded(ASN1Encoding.DER);
        } catch (TSPException | IOException e) {
            throw new TimestampException("TSA " + url + " sent a bad response: " + e.getMessage(), e);
        }
    }

    private HttpResponse<byte[]> post(TimeStampRequest request) throws TimestampException {
        byte[] body;
        try {
            body = request.getEncoded();
        } catch (IOException e) {
            throw new TimestampException("cannot encode the TimeStampReq", e);
        }
        HttpRequest httpRequest = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", QUERY_TYPE)
                .header("Accept", REPLY_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            return client.send(httpRequest, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new TimestampException("TSA " + url + " did not answer within " + timeout, e);
        } catch (ConnectException e) {
            throw new TimestampException("TSA " + url + " is unreachable: connection refused or failed", e);
        } catch (IOException e) {
            throw new TimestampException("TSA " + url + " is unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimestampException("interrupted while waiting for TSA " + url, e);
        }
    }

    @Override
    public String toString() {
        return "HttpTimestampAuthority[" + url + "]";
    }
}
