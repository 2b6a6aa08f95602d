package io.safetyplane.c2pa;

import java.util.Optional;

import com.upokecenter.cbor.CBORObject;

/** A claim's reference to an assertion: its JUMBF URI and the digest of its box (c2pa-rs {@code hashed_uri.rs}). */
public record HashedUri(String url, Optional<String> alg, byte[] hash) {

    CBORObject toCbor() {
        CBORObject m = CBORObject.NewOrderedMap().Add("url", url);
        alg.ifPresent(a -> m.Add("alg", a));
        return m.Add("hash", hash);
    }

    static HashedUri of(CBORObject m) {
        CBORObject url = m.get("url");
        CBORObject hash = m.get("hash");
        CBORObject alg = m.get("alg");
        if (url == null || url.getType() != com.upokecenter.cbor.CBORType.TextString || hash == null
                || hash.getType() != com.upokecenter.cbor.CBORType.ByteString) {
            throw new IllegalArgumentException("a hashed URI needs a text url and a byte-string hash");
        }
        return new HashedUri(url.AsString(), alg == null ? Optional.empty() : Optional.of(alg.AsString()), hash.GetByteString());
    }

    /** The assertion label the URI points to: the last path segment. */
    public String label() {
        int i = url.lastIndexOf('/');
        int j = url.indexOf('=');
        return url.substring(Math.max(i, j) + 1);
    }
}
