package io.safetyplane.c2pa.cose;

/** An RFC 3161 time-stamping authority. */
public interface TimestampAuthority {
    /**
     * A time-stamp token for a SHA-256 message imprint.
     *
     * @param messageImprintSha256 the 32-byte SHA-256 hash of the data to stamp
     * @return the DER {@code TimeStampToken} (a CMS {@code ContentInfo}), not the whole response
     */
    byte[] timestamp(byte[] messageImprintSha256) throws TimestampException;
}
