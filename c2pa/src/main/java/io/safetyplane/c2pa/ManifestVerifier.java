package io.safetyplane.c2pa;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;

import io.safetyplane.c2pa.asset.AssetException;
import io.safetyplane.c2pa.asset.AssetFormat;
import io.safetyplane.c2pa.asset.AssetHandler;
import io.safetyplane.c2pa.asset.AssetHandlers;
import io.safetyplane.c2pa.asset.BmffExclusion;
import io.safetyplane.c2pa.asset.BmffHash;
import io.safetyplane.c2pa.asset.DataHash;
import io.safetyplane.c2pa.asset.Exclusion;
import io.safetyplane.c2pa.cose.CoseSign1;
import io.safetyplane.c2pa.cose.CoseVerification;
import io.safetyplane.c2pa.cose.Trust;
import io.safetyplane.c2pa.cose.TrustAnchors;
import io.safetyplane.c2pa.jumbf.Hashing;
import io.safetyplane.c2pa.jumbf.Jumbf;
import io.safetyplane.c2pa.jumbf.JumbfBox;
import io.safetyplane.c2pa.jumbf.JumbfException;

import static io.safetyplane.c2pa.ValidationStatus.*;

/**
 * Validates the active manifest of an asset as the reference implementation does: the claim signature and the
 * signer's certificate (profile, validity, trust), the timestamp, every hashed URI of the claim, exactly one
 * hard binding and its hash over the asset, and the actions rules of claims v2. CAWG identity assertions are
 * checked for the trust of their X.509 credential only.
 */
public final class ManifestVerifier {
    private final TrustAnchors anchors;
    private final TrustAnchors cawgAnchors;
    private final Clock clock;

    public ManifestVerifier(TrustAnchors anchors, TrustAnchors cawgAnchors, Clock clock) {
        this.anchors = anchors;
        this.cawgAnchors = cawgAnchors;
        this.clock = clock;
    }

    /**
     * Validates {@code asset}.
     *
     * @param format the container, or null to recognise it from its first bytes
     * @throws AssetException when the container is not a supported format or is corrupt
     */
    public ValidationReport verify(byte[] asset, AssetFormat format) throws AssetException {
        AssetHandler handler = format != null ? AssetHandlers.of(format)
                : AssetHandlers.sniff(asset).orElseThrow(() -> new AssetException(AssetException.Kind.UNSUPPORTED,
                        "not a JPEG, PNG, WebP, WAV, MP3 or MP4 file"));
        String fmt = handler.format().mediaType();
        Optional<byte[]> store = handler.readStore(asset);
        if (store.isEmpty()) {
            return ValidationReport.absent(fmt);
        }
        return new Run(asset, handler.format(), store.get()).report();
    }

    /** One validation's findings. */
    private final class Run {
        final byte[] asset;
        final AssetFormat format;
        final byte[] storeBytes;
        final List<ValidationStatus> success = new ArrayList<>();
        final List<ValidationStatus> informational = new ArrayList<>();
        final List<ValidationStatus> failure = new ArrayList<>();

        Run(byte[] asset, AssetFormat format, byte[] storeBytes) {
            this.asset = asset;
            this.format = format;
            this.storeBytes = storeBytes;
        }

        ValidationReport report() {
            JumbfBox store;
            try {
                store = JumbfBox.parse(storeBytes);
            } catch (JumbfException e) {
                failure.add(new ValidationStatus(MANIFEST_MALFORMED, "self#jumbf=/c2pa", e.getMessage()));
                return result(null, 0, null, List.of(), List.of(), Optional.empty());
            }
            // the last manifest of the store is the active one
            JumbfBox active = null;
            for (JumbfBox c : store.children()) {
                if (c.descriptionType().filter(t -> t.equals(Jumbf.MANIFEST) || t.equals(Jumbf.UPDATE_MANIFEST)).isPresent()) {
                    active = c;
                }
            }
            JumbfBox manifest = active;
            if (manifest == null || manifest.label().isEmpty()) {
                failure.add(new ValidationStatus(CLAIM_MISSING, "self#jumbf=/c2pa", "the manifest store holds no manifest"));
                return result(null, 0, null, List.of(), List.of(), Optional.empty());
            }
            String label = manifest.label().get();
            String base = "self#jumbf=/c2pa/" + label + "/";
            Optional<JumbfBox> claimBox = manifest.child(C2pa.CLAIM_V2).or(() -> manifest.child(C2pa.CLAIM_V1));
            if (claimBox.isEmpty() || claimBox.get().content().isEmpty()) {
                failure.add(new ValidationStatus(CLAIM_MISSING, base + C2pa.CLAIM_V2, "the manifest has no claim"));
                return result(label, 0, null, List.of(), List.of(), Optional.empty());
            }
            byte[] claimBytes = claimBox.get().content().get().payload();
            CBORObject claim;
            try {
                claim = CBORObject.DecodeFromBytes(claimBytes);
            } catch (RuntimeException e) {
                failure.add(new ValidationStatus(CLAIM_MALFORMED, base + claimBox.get().label().get(), "the claim is not CBOR: " + e.getMessage()));
                return result(label, 0, null, List.of(), List.of(), Optional.empty());
            }
            boolean v2 = claim.ContainsKey("created_assertions");
            int version = v2 ? 2 : 1;
            String generator = generator(claim, v2);
            String claimAlg = text(claim, "alg").orElse("sha256");

            Optional<ValidationReport.Signature> signature = signature(manifest, base, claimBytes);

            // hashed URIs of the claim
            List<HashedUri> refs = new ArrayList<>();
            try {
                for (String key : v2 ? List.of("created_assertions", "gathered_assertions") : List.of("assertions")) {
                    CBORObject list = claim.get(key);
                    if (list != null && list.getType() == CBORType.Array) {
                        for (CBORObject o : list.getValues()) {
                            refs.add(HashedUri.of(o));
                        }
                    }
                }
            } catch (RuntimeException e) {
                failure.add(new ValidationStatus(CLAIM_MALFORMED, base + claimBox.get().label().get(), e.getMessage()));
            }
            List<String> labels = new ArrayList<>();
            List<JumbfBox> hardBindings = new ArrayList<>();
            List<ValidationReport.Action> actions = new ArrayList<>();
            boolean firstActions = true;
            for (HashedUri ref : refs) {
                Optional<JumbfBox> box = resolve(store, manifest, ref.url());
                String url = absolute(base, ref.url());
                if (box.isEmpty()) {
                    failure.add(new ValidationStatus(ASSERTION_MISSING, url, "the claim refers to an assertion the manifest does not hold"));
                    continue;
                }
                String alg = ref.alg().orElse(claimAlg);
                if (!Hashing.supported(alg)) {
                    failure.add(new ValidationStatus(ALGORITHM_UNSUPPORTED, url, "hash algorithm " + alg));
                    continue;
                }
                if (Arrays.equals(Jumbf.payloadDigest(box.get(), alg), ref.hash())) {
                    success.add(new ValidationStatus(HASHED_URI_MATCH, url, "hashed uri matched: " + url));
                } else {
                    failure.add(new ValidationStatus(HASHED_URI_MISMATCH, url, "the assertion's bytes do not match the claim's hash"));
                }
                String assertionLabel = box.get().label().orElse(ref.label());
                labels.add(assertionLabel);
                String baseLabel = C2pa.baseLabel(assertionLabel);
                if (C2pa.isHardBinding(baseLabel)) {
                    hardBindings.add(box.get());
                } else if ((baseLabel.equals(C2pa.ACTIONS_V2) || baseLabel.equals(C2pa.ACTIONS)) && firstActions) {
                    firstActions = false;
                    actions(box.get(), url, v2, actions);
                } else if (baseLabel.startsWith("cawg.identity")) {
                    identity(box.get(), url);
                } else if (baseLabel.startsWith("c2pa.ingredient")) {
                    ingredient(store, manifest, box.get(), url);
                }
            }
            if (hardBindings.isEmpty()) {
                failure.add(new ValidationStatus(HARD_BINDINGS_MISSING, base + claimBox.get().label().get(), "the claim has no hard binding"));
            } else if (hardBindings.size() > 1) {
                failure.add(new ValidationStatus(MULTIPLE_HARD_BINDINGS, base + claimBox.get().label().get(),
                        hardBindings.size() + " hard bindings"));
            } else {
                binding(hardBindings.get(0), base + C2pa.ASSERTIONS + "/" + hardBindings.get(0).label().orElse(""), claimAlg);
            }
            return result(label, version, generator, labels, actions, signature);
        }

        private ValidationReport result(String label, int version, String generator, List<String> labels,
                List<ValidationReport.Action> actions, Optional<ValidationReport.Signature> signature) {
            boolean invalid = failure.stream().anyMatch(s -> !trustOnly(s.code()));
            boolean trusted = success.stream().anyMatch(s -> s.code().equals(SIGNING_CREDENTIAL_TRUSTED));
            ValidationState state = invalid ? ValidationState.INVALID
                    : trusted && failure.isEmpty() ? ValidationState.TRUSTED : ValidationState.VALID;
            boolean ai = actions.stream().anyMatch(a -> a.digitalSourceType() != null
                    && (a.digitalSourceType().endsWith("/trainedAlgorithmicMedia")
                            || a.digitalSourceType().endsWith("/compositeWithTrainedAlgorithmicMedia")
                            || a.digitalSourceType().endsWith("/compositeSynthetic")));
            return new ValidationReport(true, format.mediaType(), state, label, version, generator, List.copyOf(labels),
                    List.copyOf(actions), ai, signature, List.copyOf(success), List.copyOf(informational), List.copyOf(failure));
        }

        private Optional<ValidationReport.Signature> signature(JumbfBox manifest, String base, byte[] claimBytes) {
            String url = base + C2pa.SIGNATURE;
            Optional<JumbfBox> box = manifest.child(C2pa.SIGNATURE).flatMap(JumbfBox::content);
            if (box.isEmpty()) {
                failure.add(new ValidationStatus(CLAIM_SIGNATURE_MISSING, url, "the manifest has no claim signature"));
                return Optional.empty();
            }
            Instant now = clock.instant();
            CoseVerification v = CoseSign1.verify(box.get().payload(), claimBytes, now);
            for (CoseVerification.Status s : v.statuses()) {
                add(s.code(), url, s.explanation());
            }
            if (v.chain().isEmpty()) {
                return Optional.empty();
            }
            X509Certificate leaf = v.chain().get(0);
            Instant at = v.signingTime().orElse(now);
            boolean trusted = false;
            if (v.signatureValid()) {
                Trust trust = anchors.check(v.chain(), at);
                switch (trust.status()) {
                    case TRUSTED -> {
                        trusted = true;
                        success.add(new ValidationStatus(SIGNING_CREDENTIAL_TRUSTED, url, "signing certificate trusted, found in "
                                + "the trust anchors"));
                    }
                    case UNTRUSTED -> failure.add(new ValidationStatus(SIGNING_CREDENTIAL_UNTRUSTED, url,
                            "signing certificate untrusted: " + trust.reason()));
                    case INVALID -> failure.add(new ValidationStatus(SIGNING_CREDENTIAL_INVALID, url, trust.reason()));
                }
            }
            boolean timestampTrusted = false;
            if (v.timestamp().isPresent() && v.timestamp().get().valid() && !v.timestamp().get().tsaChain().isEmpty()) {
                Trust tsa = anchors.check(v.timestamp().get().tsaChain(), v.timestamp().get().genTime());
                timestampTrusted = tsa.trusted();
                if (timestampTrusted) {
                    success.add(new ValidationStatus(TIMESTAMP_TRUSTED, url, "timestamp authority trusted"));
                } else {
                    informational.add(new ValidationStatus(TIMESTAMP_UNTRUSTED, url, "timestamp authority untrusted: " + tsa.reason()));
                }
            }
            return Optional.of(new ValidationReport.Signature(v.alg().map(Enum::name).orElse("unknown"),
                    leaf.getSubjectX500Principal().getName(), leaf.getIssuerX500Principal().getName(), leaf.getNotAfter().toInstant(),
                    trusted, v.signingTime(),
                    timestampTrusted));
        }

        private void add(String code, String url, String explanation) {
            ValidationStatus s = new ValidationStatus(code, url, explanation);
            if (code.endsWith(".validated") || code.endsWith(".match") || code.endsWith(".trusted") || code.endsWith(".insideValidity")) {
                success.add(s);
            } else if (code.endsWith(".untrusted") && code.startsWith("timeStamp")) {
                informational.add(s);
            } else {
                failure.add(s);
            }
        }

        private void actions(JumbfBox box, String url, boolean v2, List<ValidationReport.Action> out) {
            CBORObject body = cbor(box);
            CBORObject list = body == null ? null : body.get("actions");
            if (list == null || list.getType() != CBORType.Array) {
                failure.add(new ValidationStatus(ACTION_MALFORMED, url, "the actions assertion has no list of actions"));
                return;
            }
            int i = 0;
            for (CBORObject a : list.getValues()) {
                String action = text(a, "action").orElse(null);
                String source = text(a, "digitalSourceType").orElse(null);
                CBORObject agent = a.get("softwareAgent");
                String agentName = agent == null ? null : agent.getType() == CBORType.TextString ? agent.AsString()
                        : text(agent, "name").map(n -> n + text(agent, "version").map(v -> "/" + v).orElse("")).orElse(null);
                out.add(new ValidationReport.Action(action, source, agentName));
                if (v2) {
                    boolean first = i == 0;
                    boolean opening = C2pa.CREATED.equals(action) || C2pa.OPENED.equals(action);
                    if (first != opening && (first || opening)) {
                        failure.add(new ValidationStatus(ACTION_MALFORMED, url, first ? "the first action must be c2pa.created or c2pa.opened"
                                : action + " may only be the first action"));
                    }
                    if (C2pa.CREATED.equals(action) && source == null) {
                        failure.add(new ValidationStatus(ACTION_MALFORMED, url, "c2pa.created without a digitalSourceType"));
                    }
                }
                i++;
            }
        }

        private void binding(JumbfBox box, String url, String claimAlg) {
            String label = C2pa.baseLabel(box.label().orElse(""));
            CBORObject body = cbor(box);
            if (body == null || body.get("hash") == null || body.get("hash").getType() != CBORType.ByteString) {
                failure.add(new ValidationStatus(label.equals(C2pa.DATA_HASH) ? DATA_HASH_MALFORMED : BMFF_HASH_MISMATCH, url,
                        "the hard binding has no hash"));
                return;
            }
            String alg = text(body, "alg").orElse(claimAlg);
            byte[] expected = body.get("hash").GetByteString();
            try {
                if (label.equals(C2pa.DATA_HASH)) {
                    List<Exclusion> exclusions = new ArrayList<>();
                    CBORObject list = body.get("exclusions");
                    if (list != null && list.getType() == CBORType.Array) {
                        for (CBORObject e : list.getValues()) {
                            exclusions.add(new Exclusion(e.get("start").AsInt64Value(), e.get("length").AsInt64Value()));
                        }
                    }
                    boolean match = Arrays.equals(DataHash.hash(asset, exclusions, alg), expected);
                    (match ? success : failure).add(new ValidationStatus(match ? DATA_HASH_MATCH : DATA_HASH_MISMATCH, url,
                            match ? "data hash valid" : "the asset's bytes do not match the data hash"));
                } else if (label.startsWith(C2pa.BMFF_HASH_PREFIX)) {
                    int version = label.endsWith(".v3") ? 3 : label.endsWith(".v2") ? 2 : 1;
                    boolean match = Arrays.equals(BmffHash.hash(asset, bmffExclusions(body.get("exclusions")), alg, version), expected);
                    (match ? success : failure).add(new ValidationStatus(match ? BMFF_HASH_MATCH : BMFF_HASH_MISMATCH, url,
                            match ? "BMFF hash valid" : "the asset's boxes do not match the BMFF hash"));
                } else {
                    failure.add(new ValidationStatus(ALGORITHM_UNSUPPORTED, url, label + " hard bindings are not supported"));
                }
            } catch (AssetException | RuntimeException e) {
                failure.add(new ValidationStatus(label.equals(C2pa.DATA_HASH) ? DATA_HASH_MALFORMED : BMFF_HASH_MISMATCH, url,
                        "the hard binding cannot be checked: " + e.getMessage()));
            }
        }

        /**
         * An ingredient's own manifest, when the store holds it: its box must match the ingredient's hashed URI, and its
         * signer's trust counts as the active manifest's (an untrusted ingredient signer leaves the manifest Valid).
         */
        private void ingredient(JumbfBox store, JumbfBox manifest, JumbfBox box, String url) {
            CBORObject body = cbor(box);
            CBORObject ref = body == null ? null : body.ContainsKey("activeManifest") ? body.get("activeManifest") : body.get("c2pa_manifest");
            if (ref == null || ref.getType() != CBORType.Map) {
                return; // an ingredient without Content Credentials of its own
            }
            HashedUri uri;
            try {
                uri = HashedUri.of(ref);
            } catch (RuntimeException e) {
                failure.add(new ValidationStatus(CLAIM_MALFORMED, url, "ingredient manifest reference: " + e.getMessage()));
                return;
            }
            Optional<JumbfBox> target = resolve(store, manifest, uri.url());
            if (target.isEmpty()) {
                informational.add(new ValidationStatus("ingredient.manifest.missing", url, "the ingredient's manifest is not in the store"));
                return;
            }
            String alg = uri.alg().orElse("sha256");
            if (!Hashing.supported(alg) || !Arrays.equals(Jumbf.payloadDigest(target.get(), alg), uri.hash())) {
                failure.add(new ValidationStatus(HASHED_URI_MISMATCH, url, "the ingredient's manifest does not match its hash"));
                return;
            }
            Optional<byte[]> claim = target.get().child(C2pa.CLAIM_V2).or(() -> target.get().child(C2pa.CLAIM_V1))
                    .flatMap(JumbfBox::content).map(JumbfBox::payload);
            Optional<byte[]> cose = target.get().child(C2pa.SIGNATURE).flatMap(JumbfBox::content).map(JumbfBox::payload);
            if (claim.isEmpty() || cose.isEmpty()) {
                return;
            }
            CoseVerification v = CoseSign1.verify(cose.get(), claim.get(), clock.instant());
            if (!v.signatureValid()) {
                informational.add(new ValidationStatus("ingredient." + CLAIM_SIGNATURE_MISMATCH, url,
                        "the ingredient's claim signature does not verify: " + v.statuses()));
                return;
            }
            Trust trust = anchors.check(v.chain(), v.signingTime().orElse(clock.instant()));
            if (!trust.trusted()) {
                failure.add(new ValidationStatus(SIGNING_CREDENTIAL_UNTRUSTED, url, "the ingredient's signer is untrusted: " + trust.reason()));
            }
        }

        private void identity(JumbfBox box, String url) {
            CBORObject body = cbor(box);
            CBORObject sig = body == null ? null : body.get("signature");
            if (sig == null || sig.getType() != CBORType.ByteString) {
                return;
            }
            // only the credential's chain is read here: the identity signature itself (over the signer payload) is not checked
            List<X509Certificate> chain = CoseSign1.verify(sig.GetByteString(), new byte[0], clock.instant()).chain();
            if (chain.isEmpty()) {
                return;
            }
            Trust trust = cawgAnchors.check(chain, clock.instant());
            if (trust.trusted()) {
                success.add(new ValidationStatus(CAWG_CREDENTIAL_TRUSTED, url, "identity credential trusted"));
            } else {
                failure.add(new ValidationStatus(CAWG_CREDENTIAL_UNTRUSTED, url, "identity credential untrusted: " + trust.reason()));
            }
        }
    }

    /** The assertion superbox a claim's URI names: relative to the manifest, or absolute from the store. */
    static Optional<JumbfBox> resolve(JumbfBox store, JumbfBox manifest, String url) {
        String path = url.startsWith("self#jumbf=") ? url.substring("self#jumbf=".length()) : url;
        JumbfBox at = manifest;
        if (path.startsWith("/")) {
            String[] parts = path.substring(1).split("/");
            if (parts.length == 0 || !parts[0].equals(C2pa.STORE_LABEL)) {
                return Optional.empty();
            }
            at = store;
            path = String.join("/", Arrays.copyOfRange(parts, 1, parts.length));
        }
        for (String part : path.split("/")) {
            Optional<JumbfBox> next = at.child(part);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            at = next.get();
        }
        return Optional.of(at);
    }

    private static String absolute(String base, String url) {
        String path = url.startsWith("self#jumbf=") ? url.substring("self#jumbf=".length()) : url;
        return path.startsWith("/") ? "self#jumbf=" + path : base + path;
    }

    private static String generator(CBORObject claim, boolean v2) {
        if (v2) {
            CBORObject info = claim.get("claim_generator_info");
            if (info != null && info.getType() == CBORType.Map) {
                return text(info, "name").map(n -> n + text(info, "version").map(v -> "/" + v).orElse("")).orElse(null);
            }
            return null;
        }
        return text(claim, "claim_generator").orElse(null);
    }

    private static CBORObject cbor(JumbfBox assertion) {
        Optional<JumbfBox> content = assertion.content();
        if (content.isEmpty() || !content.get().type().equals("cbor")) {
            return null;
        }
        try {
            return CBORObject.DecodeFromBytes(content.get().payload());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Optional<String> text(CBORObject map, String key) {
        if (map == null || map.getType() != CBORType.Map) {
            return Optional.empty();
        }
        CBORObject v = map.get(key);
        return v != null && v.getType() == CBORType.TextString ? Optional.of(v.AsString()) : Optional.empty();
    }

    /** The exclusions of a BMFF hash assertion. */
    static List<BmffExclusion> bmffExclusions(CBORObject list) {
        List<BmffExclusion> out = new ArrayList<>();
        if (list == null || list.getType() != CBORType.Array) {
            return out;
        }
        for (CBORObject e : list.getValues()) {
            List<BmffExclusion.DataMatch> data = new ArrayList<>();
            CBORObject d = e.get("data");
            if (d != null && d.getType() == CBORType.Array) {
                for (CBORObject m : d.getValues()) {
                    data.add(new BmffExclusion.DataMatch(m.get("offset").AsInt64Value(), m.get("value").GetByteString()));
                }
            }
            List<BmffExclusion.Subset> subset = new ArrayList<>();
            CBORObject s = e.get("subset");
            if (s != null && s.getType() == CBORType.Array) {
                for (CBORObject m : s.getValues()) {
                    subset.add(new BmffExclusion.Subset(m.get("offset").AsInt64Value(), m.get("length").AsInt64Value()));
                }
            }
            CBORObject length = e.get("length");
            CBORObject version = e.get("version");
            CBORObject flags = e.get("flags");
            CBORObject exact = e.get("exact");
            out.add(new BmffExclusion(text(e, "xpath").orElse(""),
                    length == null || length.isNull() ? Optional.empty() : Optional.of(length.AsInt64Value()), data, subset,
                    version == null || version.isNull() ? Optional.empty() : Optional.of(version.AsInt32Value()),
                    flags == null || flags.getType() != CBORType.ByteString ? Optional.empty() : Optional.of(flags.GetByteString()),
                    exact == null || exact.isNull() ? Optional.empty() : Optional.of(exact.AsBoolean())));
        }
        return out;
    }
}
