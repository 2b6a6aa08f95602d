package io.safetyplane.c2pa.cose;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A development PKI made in memory: a self-signed root CA, an intermediate CA, a C2PA claim-signing
 * leaf (EC P-256; critical KeyUsage digitalSignature; EKU c2pa-kp-claimSigning + emailProtection +
 * documentSigning; CA=false; AKI/SKI) and a time-stamping certificate (critical EKU timeStamping), both
 * issued by the intermediate. NOT for production: keys are generated in process and written unencrypted.
 *
 * <p>{@link #writePem} and {@link #load} keep the same root between runs so a trust-anchor file stays
 * valid. {@link #leafBuilder()} issues deliberately bad certificates for tests.
 */
public final class DevPki {
    /** c2pa-kp-claimSigning. */
    public static final String EKU_C2PA_CLAIM_SIGNING = CertificateProfile.EKU_C2PA_CLAIM_SIGNING;
    /** id-kp-emailProtection. */
    public static final String EKU_EMAIL_PROTECTION = CertificateProfile.EKU_EMAIL_PROTECTION;
    /** id-kp-documentSigning. */
    public static final String EKU_DOCUMENT_SIGNING = CertificateProfile.EKU_DOCUMENT_SIGNING;

    static final String ROOT_PEM = "root.pem";
    static final String CHAIN_PEM = "chain.pem";
    static final String SIGNING_KEY_PEM = "signing-key.pem";
    static final String TSA_PEM = "tsa.pem";
    static final String TSA_KEY_PEM = "tsa-key.pem";
    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final X509Certificate root;
    private final X509Certificate intermediate;
    private final KeyPair intermediateKeys; // null after load(): no further certificates can be issued
    private final X509Certificate leaf;
    private final PrivateKey leafKey;
    private final X509Certificate tsa;
    private final PrivateKey tsaKey;
    private volatile KeySigner signer;
    private volatile LocalTimestampAuthority timestampAuthority;

    private DevPki(Clock clock, X509Certificate root, X509Certificate intermediate, KeyPair intermediateKeys,
                   X509Certificate leaf, PrivateKey leafKey, X509Certificate tsa, PrivateKey tsaKey) {
        this.clock = clock;
        this.root = root;
        this.intermediate = intermediate;
        this.intermediateKeys = intermediateKeys;
        this.leaf = leaf;
        this.leafKey = leafKey;
        this.tsa = tsa;
        this.tsaKey = tsaKey;
    }

    /**
     * A new PKI. Root valid 10 years, intermediate and TSA 5 years, the leaf {@code leafValidity}; every
     * certificate starts an hour before {@code clock.instant()} to tolerate clock skew.
     */
    public static DevPki create(String organisation, Duration leafValidity, Clock clock) {
        Objects.requireNonNull(organisation, "organisation");
        Objects.requireNonNull(leafValidity, "leafValidity");
        Objects.requireNonNull(clock, "clock");
        if (leafValidity.isNegative() || leafValidity.isZero()) {
            throw new IllegalArgumentException("leafValidity must be positive");
        }
        Instant now = clock.instant();
        Instant from = now.minus(BACKDATE);
        KeyPair rootKeys = generate(KeyAlgorithm.EC_P256);
        X500Name rootName = name(organisation, organisation + " Dev Root CA");
        X509Certificate root = issue(rootName, rootKeys.getPublic(), rootName, rootKeys.getPrivate(), null,
                from, now.plus(Duration.ofDays(3650)), caExtensions(-1));
        KeyPair intKeys = generate(KeyAlgorithm.EC_P256);
        X509Certificate intermediate = issue(name(organisation, organisation + " Dev Intermediate CA"),
                intKeys.getPublic(), rootName, rootKeys.getPrivate(), root.getPublicKey(),
                from, now.plus(Duration.ofDays(1825)), caExtensions(0));
        KeyPair leafKeys = generate(KeyAlgorithm.EC_P256);
        X509Certificate leaf = issue(name(organisation, organisation + " C2PA claim signer"), leafKeys.getPublic(),
                x500(intermediate), intKeys.getPrivate(), intermediate.getPublicKey(), from, now.plus(leafValidity),
                leafExtensions(false, List.of(EKU_C2PA_CLAIM_SIGNING, EKU_EMAIL_PROTECTION, EKU_DOCUMENT_SIGNING),
                        KeyUsage.digitalSignature));
        KeyPair tsaKeys = generate(KeyAlgorithm.EC_P256);
        X509Certificate tsa = issue(name(organisation, organisation + " Dev Time-Stamping Authority"),
                tsaKeys.getPublic(), x500(intermediate), intKeys.getPrivate(), intermediate.getPublicKey(),
                from, now.plus(Duration.ofDays(1825)), tsaExtensions());
        return new DevPki(clock, root, intermediate, intKeys, leaf, leafKeys.getPrivate(), tsa, tsaKeys.getPrivate());
    }

    /** Reads what {@link #writePem} wrote. The result can sign and time-stamp but not issue certificates. */
    public static DevPki load(Path dir, Clock clock) {
        List<X509Certificate> roots = KeyMaterial.readCertificateFile(dir.resolve(ROOT_PEM));
        List<X509Certificate> chain = KeyMaterial.readCertificateFile(dir.resolve(CHAIN_PEM));
        List<X509Certificate> tsas = KeyMaterial.readCertificateFile(dir.resolve(TSA_PEM));
        if (roots.isEmpty() || chain.size() < 2 || tsas.isEmpty()) {
            throw new IllegalArgumentException("incomplete dev PKI in " + dir
                    + ": expected root.pem, chain.pem (leaf + intermediate) and tsa.pem");
        }
        PrivateKey leafKey = KeyMaterial.readPrivateKey(dir.resolve(SIGNING_KEY_PEM));
        PrivateKey tsaKey = KeyMaterial.readPrivateKey(dir.resolve(TSA_KEY_PEM));
        DevPki pki = new DevPki(clock, roots.get(0), chain.get(1), null, chain.get(0), leafKey, tsas.get(0), tsaKey);
        KeyMaterial.signer(leafKey, pki.chain(), dir.resolve(CHAIN_PEM).toString()); // key matches the leaf
        return pki;
    }

    /** {@link #load} when {@code dir} holds a PKI whose leaf is still valid, else {@link #create} and {@link #writePem}. */
    public static DevPki loadOrCreate(Path dir, String organisation, Duration leafValidity, Clock clock)
            throws IOException {
        if (Files.isRegularFile(dir.resolve(ROOT_PEM)) && Files.isRegularFile(dir.resolve(CHAIN_PEM))) {
            DevPki pki = load(dir, clock);
            if (!pki.leaf.getNotAfter().toInstant().isBefore(clock.instant())) {
                return pki;
            }
        }
        DevPki pki = create(organisation, leafValidity, clock);
        pki.writePem(dir);
        return pki;
    }

    /**
     * Writes root.pem (the trust anchor), chain.pem (leaf + intermediate), signing-key.pem (PKCS#8),
     * tsa.pem and tsa-key.pem (PKCS#8); key files are made owner-only where the file system allows.
     */
    public void writePem(Path dir) throws IOException {
        Files.createDirectories(dir);
        write(dir.resolve(ROOT_PEM), pem(List.of(root)), false);
        write(dir.resolve(CHAIN_PEM), pem(chain()), false);
        write(dir.resolve(SIGNING_KEY_PEM), pem(List.of(leafKey)), true);
        write(dir.resolve(TSA_PEM), pem(List.of(tsa)), false);
        write(dir.resolve(TSA_KEY_PEM), pem(List.of(tsaKey)), true);
    }

    public X509Certificate root() {
        return root;
    }

    public X509Certificate intermediate() {
        return intermediate;
    }

    public X509Certificate leaf() {
        return leaf;
    }

    public PrivateKey signingKey() {
        return leafKey;
    }

    public X509Certificate tsaCertificate() {
        return tsa;
    }

    public PrivateKey tsaKey() {
        return tsaKey;
    }

    /** The signing chain as it goes into x5chain: leaf, intermediate. */
    public List<X509Certificate> chain() {
        return List.of(leaf, intermediate);
    }

    /** The root as the only trust anchor. */
    public TrustAnchors trustAnchors() {
        return TrustAnchors.of(List.of(root));
    }

    public KeySigner signer() {
        KeySigner s = signer;
        if (s == null) {
            s = new KeySigner(leafKey, chain());
            signer = s;
        }
        return s;
    }

    /** An in-process TSA with the TSA certificate; tokens carry it and the intermediate. */
    public LocalTimestampAuthority timestampAuthority() {
        LocalTimestampAuthority t = timestampAuthority;
        if (t == null) {
            t = new LocalTimestampAuthority(tsaKey, List.of(tsa, intermediate), clock);
            timestampAuthority = t;
        }
        return t;
    }

    /**
     * For tests: issues further certificates from this PKI's intermediate (or self-signed), including
     * deliberately bad ones. Only on a PKI made by {@link #create}.
     */
    public LeafBuilder leafBuilder() {
        if (intermediateKeys == null) {
            throw new IllegalStateException("a loaded dev PKI cannot issue certificates (no CA key)");
        }
        return new LeafBuilder();
    }

    /** Key types {@link LeafBuilder} can make. */
    public enum KeyAlgorithm { EC_P256, EC_P384, EC_P521, RSA_2048, ED25519 }

    /** A key and its chain (leaf first, trust anchor omitted). */
    public record Issued(PrivateKey key, List<X509Certificate> chain) {
        public Issued {
            chain = List.copyOf(chain);
        }

        public X509Certificate leaf() {
            return chain.get(0);
        }

        public KeySigner signer() {
            return new KeySigner(key, chain);
        }
    }

    /**
     * FOR TESTS: a certificate builder starting from a good claim-signing leaf; each setter breaks or
     * changes one property.
     */
    public final class LeafBuilder {
        private KeyAlgorithm keyAlgorithm = KeyAlgorithm.EC_P256;
        private String commonName = "Test leaf";
        private boolean ca;
        private boolean selfSigned;
        private List<String> ekus = List.of(EKU_C2PA_CLAIM_SIGNING, EKU_EMAIL_PROTECTION);
        private int keyUsage = KeyUsage.digitalSignature;
        private Instant notBefore;
        private Instant notAfter;

        private LeafBuilder() {
            Instant now = clock.instant();
            notBefore = now.minus(BACKDATE);
            notAfter = now.plus(Duration.ofDays(365));
        }

        public LeafBuilder keyAlgorithm(KeyAlgorithm algorithm) {
            this.keyAlgorithm = Objects.requireNonNull(algorithm);
            return this;
        }

        public LeafBuilder commonName(String cn) {
            this.commonName = Objects.requireNonNull(cn);
            return this;
        }

        /** BasicConstraints CA=true (and keyCertSign), which a claim signer must not have. */
        public LeafBuilder ca() {
            this.ca = true;
            this.keyUsage |= KeyUsage.keyCertSign;
            return this;
        }

        /** Issuer = subject, signed with its own key. */
        public LeafBuilder selfSigned() {
            this.selfSigned = true;
            return this;
        }

        /** The extended key usages (OIDs); none leaves the extension out. */
        public LeafBuilder extendedKeyUsages(String... oids) {
            this.ekus = List.of(oids);
            return this;
        }

        /** BouncyCastle {@link KeyUsage} bits, e.g. {@code KeyUsage.digitalSignature}. */
        public LeafBuilder keyUsage(int bits) {
            this.keyUsage = bits;
            return this;
        }

        public LeafBuilder validity(Instant from, Instant until) {
            this.notBefore = Objects.requireNonNull(from);
            this.notAfter = Objects.requireNonNull(until);
            return this;
        }

        public Issued build() {
            KeyPair keys = generate(keyAlgorithm);
            X500Name subject = name(organisationOf(leaf), commonName);
            List<Ext> extensions = leafExtensions(ca, ekus, keyUsage);
            if (selfSigned) {
                X509Certificate cert = issue(subject, keys.getPublic(), subject, keys.getPrivate(), null,
                        notBefore, notAfter, extensions);
                return new Issued(keys.getPrivate(), List.of(cert));
            }
            X509Certificate cert = issue(subject, keys.getPublic(), x500(intermediate), intermediateKeys.getPrivate(),
                    intermediate.getPublicKey(), notBefore, notAfter, extensions);
            return new Issued(keys.getPrivate(), List.of(cert, intermediate));
        }
    }

    // ------------------------------------------------------------------------------------ internals

    private record Ext(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
    }

    private static List<Ext> caExtensions(int pathLength) {
        List<Ext> ext = new ArrayList<>();
        ext.add(new Ext(Extension.basicConstraints, true,
                pathLength < 0 ? new BasicConstraints(true) : new BasicConstraints(pathLength)));
        ext.add(new Ext(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)));
        return ext;
    }

    private static List<Ext> leafExtensions(boolean ca, List<String> ekus, int keyUsage) {
        List<Ext> ext = new ArrayList<>();
        ext.add(new Ext(Extension.basicConstraints, true, new BasicConstraints(ca)));
        if (keyUsage != 0) {
            ext.add(new Ext(Extension.keyUsage, true, new KeyUsage(keyUsage)));
        }
        if (!ekus.isEmpty()) {
            KeyPurposeId[] ids = ekus.stream().map(o -> KeyPurposeId.getInstance(new ASN1ObjectIdentifier(o)))
                    .toArray(KeyPurposeId[]::new);
            ext.add(new Ext(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(ids)));
        }
        return ext;
    }

    private static List<Ext> tsaExtensions() {
        List<Ext> ext = new ArrayList<>();
        ext.add(new Ext(Extension.basicConstraints, true, new BasicConstraints(false)));
        ext.add(new Ext(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature)));
        ext.add(new Ext(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping)));
        return ext;
    }

    /**
     * Issues a certificate; {@code issuerPublic} null means self-signed. SKI always, AKI from the
     * issuer's key (for self-signed, its own).
     */
    private static X509Certificate issue(X500Name subject, PublicKey subjectKey, X500Name issuer,
                                         PrivateKey issuerKey, PublicKey issuerPublic, Instant from, Instant until,
                                         List<Ext> extensions) {
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    new BigInteger(64, RANDOM).setBit(62), Date.from(from), Date.from(until), subject, subjectKey);
            for (Ext e : extensions) {
                builder.addExtension(e.oid(), e.critical(), e.value());
            }
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    utils.createAuthorityKeyIdentifier(issuerPublic == null ? subjectKey : issuerPublic));
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(signatureAlgorithm(issuerKey)).build(issuerKey)));
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot issue certificate " + subject + ": " + e.getMessage(), e);
        }
    }

    private static String signatureAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> "Ed25519";
        };
    }

    static KeyPair generate(KeyAlgorithm algorithm) {
        try {
            KeyPairGenerator generator;
            switch (algorithm) {
                case EC_P256, EC_P384, EC_P521 -> {
                    generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec(switch (algorithm) {
                        case EC_P384 -> "secp384r1";
                        case EC_P521 -> "secp521r1";
                        default -> "secp256r1";
                    }));
                }
                case RSA_2048 -> {
                    generator = KeyPairGenerator.getInstance("RSA");
                    generator.initialize(2048);
                }
                default -> generator = KeyPairGenerator.getInstance("Ed25519");
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + algorithm + " key", e);
        }
    }

    private static X500Name name(String organisation, String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "XX")
                .addRDN(BCStyle.O, organisation)
                .addRDN(BCStyle.OU, "FOR TESTING ONLY")
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    private static String organisationOf(X509Certificate cert) {
        RDN[] o = x500(cert).getRDNs(BCStyle.O);
        return o.length > 0 ? IETFUtils.valueToString(o[0].getFirst().getValue()) : "Test";
    }

    private static X500Name x500(X509Certificate cert) {
        return X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
    }

    private static String pem(List<?> objects) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                if (o instanceof PrivateKey key) {
                    writer.writeObject(new JcaPKCS8Generator(key, null));
                } else {
                    writer.writeObject(o);
                }
            }
        }
        return out.toString();
    }

    private static void write(Path file, String text, boolean secret) throws IOException {
        Files.deleteIfExists(file);
        if (secret && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            w.write(text);
        }
    }
}
