package io.safetyplane.c2pa.asset;

import java.util.Optional;

/** One container format: finds, removes and embeds a C2PA manifest store (the JUMBF {@code c2pa} superbox, header included). */
public interface AssetHandler {
    AssetFormat format();

    /** True when the bytes start like this format (magic numbers only). */
    boolean accepts(byte[] asset);

    /** The manifest store embedded in the asset, if there is one. */
    Optional<byte[]> readStore(byte[] asset) throws AssetException;

    /** The asset without its manifest store (the same bytes when it has none). */
    byte[] removeStore(byte[] asset) throws AssetException;

    /** A copy of the asset, any store it had removed, with {@code store} embedded where the C2PA reference implementation puts it. */
    Embedding embed(byte[] asset, byte[] store) throws AssetException;
}
