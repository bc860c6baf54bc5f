package io.berth.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** OpenSSL's SHA-256 gives the JDK's digests, however the bytes are handed to it. */
class Sha256Test {
  @Test
  void libcrypto_isUsedHere() {
    assertThat(Sha256.openSsl())
        .as("libcrypto.so.3 should load (apt-get install libssl3)")
        .isTrue();
  }

  @Test
  void digests_matchTheJdks_forEveryWayOfFeedingIt() {
    Random random = new Random(42);
    byte[] data = new byte[(1 << 20) + 123];
    random.nextBytes(data);
    for (int length : new int[] {0, 1, 55, 56, 63, 64, 65, 4096, data.length}) {
      MessageDigest expected = Sha256.jdk();
      MessageDigest actual = Sha256.newDigest();
      int at = 0;
      while (at < length) {
        int n = Math.min(length - at, 1 + random.nextInt(70_000));
        expected.update(data, at, n);
        if (n == 1) {
          actual.update(data[at]);
        } else {
          actual.update(data, at, n);
        }
        at += n;
      }
      assertThat(actual.digest()).as("length %d", length).isEqualTo(expected.digest());
    }
  }

  @Test
  void aDigest_startsAfresh_afterDigestAndReset() {
    MessageDigest digest = Sha256.newDigest();
    byte[] empty = Sha256.jdk().digest();
    digest.update(new byte[] {1, 2, 3});
    digest.digest();
    assertThat(digest.digest()).isEqualTo(empty);
    digest.update(new byte[] {1, 2, 3});
    digest.reset();
    assertThat(digest.digest()).isEqualTo(empty);
    digest.update(new byte[] {9, 1, 2, 3, 9}, 1, 3);
    assertThat(digest.digest()).isEqualTo(Sha256.jdk().digest(new byte[] {1, 2, 3}));
  }
}
