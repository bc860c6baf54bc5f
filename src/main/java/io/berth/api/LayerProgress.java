package io.berth.api;

/**
 * Where one layer of a pull is.
 *
 * @param digest the layer blob's digest
 * @param phase what happens to it now
 * @param bytes bytes of the blob read so far
 * @param total the blob's size
 */
public record LayerProgress(String digest, Phase phase, long bytes, long total) {

  /** The phases of a layer; download, verification and unpacking are one streaming pass. */
  public enum Phase {
    WAITING,
    /** Downloaded, digested and unpacked as the bytes arrive. */
    PULLING,
    /** Unpacked from a blob already on disk. */
    UNPACKING,
    /** Already unpacked by an earlier pull: nothing to do. */
    EXISTS,
    DONE,
    FAILED
  }
}
