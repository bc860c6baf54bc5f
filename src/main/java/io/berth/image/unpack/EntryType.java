package io.berth.image.unpack;

/** The kinds of tar entry a layer may hold once PAX and GNU long-name headers are folded in. */
enum EntryType {
  REGULAR,
  HARD_LINK,
  SYMBOLIC_LINK,
  CHARACTER_DEVICE,
  BLOCK_DEVICE,
  DIRECTORY,
  FIFO;

  /** Types whose size field says nothing: their data, if any is claimed, is not in the stream. */
  boolean headerOnly() {
    return this != REGULAR;
  }
}
