package io.berth.runtime;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/** Container ids (64 random hex characters) and names people can say. */
final class Names {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final List<String> ADJECTIVES =
      List.of(
          "brave", "calm", "eager", "fond", "gentle", "happy", "jolly", "keen", "lively", "merry",
          "nimble", "proud", "quiet", "rapid", "steady", "tidy", "vivid", "warm", "witty", "zesty",
          "bold", "bright", "clever", "daring", "frank", "grand", "hardy", "loyal", "noble",
          "sunny");
  private static final List<String> NOUNS =
      List.of(
          "anchor",
          "bollard",
          "buoy",
          "cargo",
          "dock",
          "ferry",
          "harbor",
          "hull",
          "jetty",
          "keel",
          "lighthouse",
          "mast",
          "mooring",
          "pier",
          "quay",
          "rudder",
          "sail",
          "schooner",
          "skiff",
          "tide",
          "wharf",
          "yawl",
          "barge",
          "beacon",
          "cove",
          "dinghy",
          "galley",
          "lagoon",
          "reef",
          "tug");

  private Names() {}

  static String newId() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  static String newName() {
    return ADJECTIVES.get(RANDOM.nextInt(ADJECTIVES.size()))
        + "_"
        + NOUNS.get(RANDOM.nextInt(NOUNS.size()))
        + "_"
        + Integer.toString(RANDOM.nextInt(46656), 36);
  }
}
