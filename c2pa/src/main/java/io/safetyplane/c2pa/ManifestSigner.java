package io.safetyplane.c2pa;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.upokecenter.cbor.CBORObject;

import io.safetyplane.c2pa.asset.AssetException;
import io.safetyplane.c2pa.asset.AssetFormat;
import io.safetyplane.c2pa.asset.AssetHandler;
import io.safetyplane.c2pa.asset.AssetHandlers;
import io.safetyplane.c2pa.asset.BmffExclusion;
import io.safetyplane.c2pa.asset.BmffHash;
import io.safetyplane.c2pa.asset.DataHash;
import io.safetyplane.c2pa.asset.Embedding;
import io.safetyplane.c2pa.asset.Exclusion;
import io.safetyplane.c2pa.cose.ClaimSigner;
import io.safetyplane.c2pa.cose.CoseSign1;
import io.safetyplane.c2pa.cose.TimestampAuthority;
import io.safetyplane.c2pa.cose.TimestampException;
import io.safetyplane.c2pa.jumbf.Jumbf;

/**
 * Signs generated media with a C2PA manifest (claim v2) that says a trained model made it: one
 * {@code c2pa.actions.v2} assertion whose action is {@code c2pa.created} with digital source type
 * {@code trainedAlgorithmicMedia} and the model as software agent, the hard binding of the format
 * ({@code c2pa.hash.data}, or {@code c2pa.hash.bmff.v3} for MP4), and a COSE_Sign1 claim signature with the
 * certificate chain and, when a timestamp authority is given, an RFC 3161 timestamp. Nothing in it names
 * the end user.
 *
 * <p>Two passes, as the reference implementation: the store is laid out with a zero-filled signature of
 * the reserved size and a hard binding with placeholder values, embedded, the asset hashed around it,
 * then the final store (of exactly the same length) is patched in place.
 */
public final class ManifestSigner {
    private static final String ALG = "sha256";
    /** Zero bytes the data-hash placeholder carries, so that its final form can always be padded to the same length. */
    private static final int PLACEHOLDER_PAD = 32;
    /** Placeholder exclusion values: encoded no shorter than any real offset or length. */
    private static final long PLACEHOLDER_VALUE = 1L << 40;

    /** The software that makes the claim ({@code claim_generator_info}). */
    public record Generator(String name, String version) {
    }

    /** What generated the media; goes into the {@code c2pa.created} action. */
    public record Generation(String model, String modelVersion, Optional<String> title) {
        public Generation {
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("the generating model's name is required");
            }
        }
    }

    /** The signed asset. */
    public record Signed(byte[] asset, AssetFormat format, String manifestLabel, int storeLength, boolean timestamped) {
    }

    private final Generator generator;
    private final ClaimSigner signer;

    public ManifestSigner(Generator generator, ClaimSigner signer) {
        this.generator = generator;
        this.signer = signer;
    }

    /**
     * Signs {@code asset}.
     *
     * @param tsa the timestamp authority, or null to sign without a timestamp
     * @throws ManifestPresentException when the asset already carries a manifest store
     * @throws AssetException           when the asset is not a well-formed file of {@code format}
     * @throws TimestampException       when a timestamp was asked for and the authority did not give one
     */
    public Signed sign(byte[] asset, AssetFormat format, Generation generation, TimestampAuthority tsa)
            throws AssetException, ManifestPresentException, TimestampException {
        AssetHandler handler = AssetHandlers.of(format);
        if (handler.readStore(asset).isPresent()) {
            throw new ManifestPresentException("the " + format.name() + " already carries a C2PA manifest store; "
                    + "generated media is signed once, by the service that releases it");
        }
        String label = "urn:c2pa:" + UUID.randomUUID();
        byte[] actions = Jumbf.cborAssertion(C2pa.ACTIONS_V2, actions(generation));
        int reserve = CoseSign1.reserveSize(signer, tsa != null);
        Layout layout = new Layout(label, actions, generation);

        // pass 1: placeholders, embedded, so that the exclusions are known
        byte[] binding;
        Embedding embedding;
        byte[] hash;
        if (format.bmff()) {
            List<BmffExclusion> exclusions = BmffHash.defaultExclusions();
            byte[] placeholder = Jumbf.cborAssertion(C2pa.BMFF_HASH_V3, bmffHash(exclusions, new byte[32]));
            embedding = handler.embed(asset, layout.store(placeholder, new byte[reserve]));
            hash = BmffHash.hash(embedding.bytes(), exclusions, ALG, 3);
            binding = Jumbf.cborAssertion(C2pa.BMFF_HASH_V3, bmffHash(exclusions, hash));
        } else {
            List<Exclusion> guess = List.of(new Exclusion(PLACEHOLDER_VALUE, PLACEHOLDER_VALUE));
            byte[] placeholder = dataHash(guess, new byte[32], new byte[PLACEHOLDER_PAD]);
            embedding = handler.embed(asset, layout.store(Jumbf.cborAssertion(C2pa.DATA_HASH, placeholder), new byte[reserve]));
            if (embedding.exclusions().size() != guess.size()) { // a layout with several exclusions: lay out again
                guess = embedding.exclusions().stream().map(e -> new Exclusion(PLACEHOLDER_VALUE, PLACEHOLDER_VALUE)).toList();
                placeholder = dataHash(guess, new byte[32], new byte[PLACEHOLDER_PAD]);
                embedding = handler.embed(asset, layout.store(Jumbf.cborAssertion(C2pa.DATA_HASH, placeholder), new byte[reserve]));
            }
            hash = DataHash.hash(embedding.bytes(), embedding.exclusions(), ALG);
            binding = Jumbf.cborAssertion(C2pa.DATA_HASH, dataHash(embedding.exclusions(), hash, placeholder.length));
        }

        // pass 2: the final assertions, claim and signature, patched over the placeholders
        byte[] claim = layout.claim(binding);
        byte[] cose = CoseSign1.sign(claim, signer, tsa, reserve);
        byte[] store = layout.store(binding, cose, claim);
        embedding.patch(store);
        return new Signed(embedding.bytes(), format, label, store.length, tsa != null);
    }

    /** The manifest's boxes around its variable parts. */
    private final class Layout {
        final String label;
        final byte[] actions;
        final Generation generation;
        final String instanceId = "xmp:iid:" + UUID.randomUUID();

        Layout(String label, byte[] actions, Generation generation) {
            this.label = label;
            this.actions = actions;
            this.generation = generation;
        }

        byte[] claim(byte[] binding) {
            CBORObject created = CBORObject.NewArray()
                    .Add(new HashedUri("self#jumbf=" + C2pa.ASSERTIONS + "/" + C2pa.ACTIONS_V2, Optional.empty(), digest(actions)).toCbor())
                    .Add(new HashedUri("self#jumbf=" + C2pa.ASSERTIONS + "/" + label(binding), Optional.empty(), digest(binding)).toCbor());
            CBORObject generatorInfo = CBORObject.NewOrderedMap().Add("name", generator.name()).Add("version", generator.version());
            CBORObject claim = CBORObject.NewOrderedMap()
                    .Add("instanceID", instanceId)
                    .Add("claim_generator_info", generatorInfo)
                    .Add("signature", "self#jumbf=/" + C2pa.STORE_LABEL + "/" + label + "/" + C2pa.SIGNATURE)
                    .Add("created_assertions", created);
            generation.title().ifPresent(t -> claim.Add("dc:title", t));
            claim.Add("alg", ALG);
            return claim.EncodeToBytes();
        }

        byte[] store(byte[] binding, byte[] signature) {
            return store(binding, signature, claim(binding));
        }

        byte[] store(byte[] binding, byte[] signature, byte[] claim) {
            byte[] assertions = Jumbf.superbox(Jumbf.ASSERTION_STORE, C2pa.ASSERTIONS, actions, binding);
            byte[] claimBox = Jumbf.superbox(Jumbf.CLAIM, C2pa.CLAIM_V2, Jumbf.content("cbor", claim));
            byte[] signatureBox = Jumbf.superbox(Jumbf.SIGNATURE, C2pa.SIGNATURE, Jumbf.content("cbor", signature));
            byte[] manifest = Jumbf.superbox(Jumbf.MANIFEST, label, assertions, claimBox, signatureBox);
            return Jumbf.superbox(Jumbf.MANIFEST_STORE, C2pa.STORE_LABEL, manifest);
        }
    }

    private static String label(byte[] assertionSuperbox) {
        // the label follows the 8-byte superbox header, the 8-byte description header, the UUID and the toggles
        int start = 8 + 8 + 16 + 1;
        int end = start;
        while (assertionSuperbox[end] != 0) {
            end++;
        }
        return new String(assertionSuperbox, start, end - start, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The digest of an assertion superbox's payload, as its hashed URI carries it. */
    private static byte[] digest(byte[] superbox) {
        return Jumbf.payloadDigest(superbox, 0, superbox.length, 8, ALG);
    }

    private static byte[] actions(Generation g) {
        CBORObject agent = CBORObject.NewOrderedMap().Add("name", g.model());
        if (g.modelVersion() != null && !g.modelVersion().isBlank()) {
            agent.Add("version", g.modelVersion());
        }
        CBORObject created = CBORObject.NewOrderedMap()
                .Add("action", C2pa.CREATED)
                .Add("digitalSourceType", C2pa.TRAINED_ALGORITHMIC_MEDIA)
                .Add("softwareAgent", agent);
        return CBORObject.NewOrderedMap().Add("actions", CBORObject.NewArray().Add(created)).EncodeToBytes();
    }

    private static byte[] dataHash(List<Exclusion> exclusions, byte[] hash, byte[] pad) {
        CBORObject list = CBORObject.NewArray();
        for (Exclusion e : exclusions) {
            list.Add(CBORObject.NewOrderedMap().Add("start", e.start()).Add("length", e.length()));
        }
        return CBORObject.NewOrderedMap().Add("exclusions", list).Add("name", "jumbf manifest").Add("alg", ALG)
                .Add("hash", hash).Add("pad", pad).EncodeToBytes();
    }

    /**
     * The data-hash CBOR with its {@code pad} sized so that the whole encoding is {@code length} bytes (the
     * placeholder's), which keeps every offset of the embedded store valid.
     */
    private static byte[] dataHash(List<Exclusion> exclusions, byte[] hash, int length) {
        // an empty pad is encoded in one byte (0x40); a pad of n bytes takes header(n) + n
        int target = length - (dataHash(exclusions, hash, new byte[0]).length - 1);
        for (int n = Math.max(0, target - 9); n <= target; n++) {
            if (bstrHeader(n) + n == target) {
                byte[] out = dataHash(exclusions, hash, new byte[n]);
                if (out.length == length) {
                    return out;
                }
            }
        }
        throw new IllegalStateException("cannot pad the data hash assertion to " + length + " bytes");
    }

    private static int bstrHeader(int n) {
        return n < 24 ? 1 : n < 256 ? 2 : n < 65536 ? 3 : 5;
    }

    private static byte[] bmffHash(List<BmffExclusion> exclusions, byte[] hash) {
        CBORObject list = CBORObject.NewArray();
        for (BmffExclusion e : exclusions) {
            CBORObject m = CBORObject.NewOrderedMap().Add("xpath", e.xpath());
            e.length().ifPresent(l -> m.Add("length", l));
            if (!e.data().isEmpty()) {
                CBORObject data = CBORObject.NewArray();
                for (BmffExclusion.DataMatch d : e.data()) {
                    data.Add(CBORObject.NewOrderedMap().Add("offset", d.offset()).Add("value", d.value()));
                }
                m.Add("data", data);
            }
            if (!e.subset().isEmpty()) {
                CBORObject subset = CBORObject.NewArray();
                for (BmffExclusion.Subset s : e.subset()) {
                    subset.Add(CBORObject.NewOrderedMap().Add("offset", s.offset()).Add("length", s.length()));
                }
                m.Add("subset", subset);
            }
            e.version().ifPresent(v -> m.Add("version", v));
            e.flags().ifPresent(f -> m.Add("flags", f));
            e.exact().ifPresent(x -> m.Add("exact", x));
            list.Add(m);
        }
        return CBORObject.NewOrderedMap().Add("exclusions", list).Add("alg", ALG).Add("hash", hash).Add("name", "jumbf manifest")
                .EncodeToBytes();
    }
}
