package io.safetyplane.c2pa;

/** Labels, URIs and vocabulary of the C2PA specification used by the signer and the verifier. */
public final class C2pa {
    public static final String STORE_LABEL = "c2pa";
    public static final String ASSERTIONS = "c2pa.assertions";
    public static final String CLAIM_V2 = "c2pa.claim.v2";
    public static final String CLAIM_V1 = "c2pa.claim";
    public static final String SIGNATURE = "c2pa.signature";
    public static final String ACTIONS_V2 = "c2pa.actions.v2";
    public static final String ACTIONS = "c2pa.actions";
    public static final String DATA_HASH = "c2pa.hash.data";
    public static final String BMFF_HASH_V3 = "c2pa.hash.bmff.v3";
    public static final String BMFF_HASH_PREFIX = "c2pa.hash.bmff";
    public static final String BOXES_HASH = "c2pa.hash.boxes";
    public static final String CREATED = "c2pa.created";
    public static final String OPENED = "c2pa.opened";
    /** IPTC digital source type of media made by a trained model from a prompt. */
    public static final String TRAINED_ALGORITHMIC_MEDIA = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";
    public static final String DIGITAL_SOURCE_TYPES = "http://cv.iptc.org/newscodes/digitalsourcetype/";

    private C2pa() {
    }

    /** True for the labels of hard-binding assertions (data, BMFF of any version, box hashes). */
    public static boolean isHardBinding(String label) {
        String base = baseLabel(label);
        return base.equals(DATA_HASH) || base.startsWith(BMFF_HASH_PREFIX) || base.equals(BOXES_HASH);
    }

    /** An assertion label without its instance suffix ({@code c2pa.hash.data__1} → {@code c2pa.hash.data}). */
    public static String baseLabel(String label) {
        int i = label.indexOf("__");
        return i < 0 ? label : label.substring(0, i);
    }
}
