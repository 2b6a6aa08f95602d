package io.safetyplane.c2pa.cose;

import java.io.IOException;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * An in-process RFC 3161 time-stamping authority for development and tests (BouncyCastle TSP). Its
 * certificate must carry the critical extended key usage id-kp-timeStamping; its tokens are signed with
 * SHA-256, name the signer with an ESSCertIDv2 and include the TSA chain. It accepts SHA-256/384/512
 * imprints. {@link #respond} is the body of an HTTP endpoint ({@code application/timestamp-query} in,
 * {@code application/timestamp-reply} out).
 */
public final class LocalTimestampAuthority implements TimestampAuthority {
    /** The TSA policy OID written into tokens (a test policy, as in the shared test PKI's {@code tsa.cnf}). */
    public static final String TEST_POLICY_OID = "1.2.3.4.1";

    private final TimeStampTokenGenerator tokenGenerator;
    private final TimeStampResponseGenerator responseGenerator;
    private final Clock clock;
    private final List<X509Certificate> chain;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param key the TSA's private key (EC, RSA or Ed25519)
     * @param chain the TSA certificate first, then its issuers (included in every token)
     * @param clock the source of the tokens' genTime
     */
    public LocalTimestampAuthority(PrivateKey key, List<X509Certificate> chain, Clock clock) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(chain, "chain");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("the TSA certificate chain is empty");
        }
        this.chain = List.copyOf(chain);
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            String sigAlg = switch (key.getAlgorithm()) {
                case "EC", "ECDSA" -> "SHA256withECDSA";
                case "RSA" -> "SHA256withRSA";
                case "Ed25519", "EdDSA" -> "Ed25519";
                default -> throw new IllegalArgumentException("unsupported TSA key: " + key.getAlgorithm());
            };
            DigestCalculator sha256 = new JcaDigestCalculatorProviderBuilder().build()
                    .get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256));
            tokenGenerator = new TimeStampTokenGenerator(
                    new JcaSimpleSignerInfoGeneratorBuilder().build(sigAlg, key, this.chain.get(0)),
                    sha256, new ASN1ObjectIdentifier(TEST_POLICY_OID));
            tokenGenerator.addCertificates(new JcaCertStore(this.chain));
            tokenGenerator.setAccuracySeconds(1);
            responseGenerator = new TimeStampResponseGenerator(tokenGenerator,
                    Set.of(TSPAlgorithms.SHA256, TSPAlgorithms.SHA384, TSPAlgorithms.SHA512));
        } catch (OperatorCreationException | CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot set up the TSA: " + e.getMessage(), e);
        } catch (TSPException e) {
            // BouncyCastle refuses a certificate without the critical id-kp-timeStamping EKU
            throw new IllegalArgumentException("unusable TSA certificate: " + e.getMessage(), e);
        }
    }

    /** The TSA certificate and its issuers, as included in the tokens. */
    public List<X509Certificate> chain() {
        return chain;
    }

    @Override
    public byte[] timestamp(byte[] messageImprintSha256) throws TimestampException {
        if (messageImprintSha256 == null || messageImprintSha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 message imprint has 32 bytes");
        }
        TimeStampRequestGenerator requestGenerator = new TimeStampRequestGenerator();
        requestGenerator.setCertReq(true);
        TimeStampRequest request = requestGenerator.generate(TSPAlgorithms.SHA256, messageImprintSha256,
                new BigInteger(64, random));
        try {
            TimeStampResponse response = new TimeStampResponse(respond(request.getEncoded()));
            if (response.getTimeStampToken() == null) {
                throw new TimestampException("local TSA rejected the request: " + response.getStatusString());
            }
            response.validate(request);
            return response.getTimeStampToken().toCMSSignedData().getEncoded(ASN1Encoding.DER);
        } catch (IOException | TSPException e) {
            throw new TimestampException("local TSA failed: " + e.getMessage(), e);
        }
    }

    /**
     * Answers a DER {@code TimeStampReq} with a DER {@code TimeStampResp}: a granted token, or a
     * rejection (bad data format, unsupported algorithm, …) that says why. Never throws on bad input.
     */
    public byte[] respond(byte[] timestampQueryDer) {
        try {
            TimeStampRequest request;
            try {
                request = new TimeStampRequest(timestampQueryDer);
            } catch (IOException | RuntimeException e) {
                return responseGenerator.generateFailResponse(PKIStatus.REJECTION,
                        PKIFailureInfo.badDataFormat, "malformed TimeStampReq").getEncoded();
            }
            BigInteger serial = new BigInteger(63, random).add(BigInteger.ONE);
            Date genTime = Date.from(clock.instant());
            synchronized (tokenGenerator) { // the generator's ContentSigner is not thread-safe
                return responseGenerator.generate(request, serial, genTime).getEncoded();
            }
        } catch (TSPException e) {
            return failure(e.getMessage());
        } catch (IOException e) {
            return failure("internal error");
        }
    }

    private byte[] failure(String text) {
        try {
            return responseGenerator.generateFailResponse(PKIStatus.REJECTION, PKIFailureInfo.systemFailure,
                    text == null ? "rejected" : text).getEncoded();
        } catch (TSPException | IOException e) {
            throw new IllegalStateException("cannot encode a TSA failure response", e);
        }
    }
}
