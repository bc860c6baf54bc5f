package io.berth.runtime.spec;

import java.util.List;

/** The rlimits a container starts with. */
final class Rlimits {
  /** What a container gets for open files and processes when the host allows that many. */
  static final long CEILING = 1_048_576;

  private Rlimits() {}

  /**
   * RLIMIT_NOFILE and RLIMIT_NPROC, soft equal to hard, at {@link #CEILING} or the host's hard
   * limit when that is lower: raising a hard limit above the host's fails without CAP_SYS_RESOURCE,
   * and runc would then refuse to start the container.
   */
  static List<OciRlimit> of(long openFilesHard, long processesHard) {
    long files = capped(openFilesHard);
    long processes = capped(processesHard);
    return List.of(
        new OciRlimit("RLIMIT_NOFILE", files, files),
        new OciRlimit("RLIMIT_NPROC", processes, processes));
  }

  /** The lower of the ceiling and {@code hostHard}, read as an unsigned {@code rlim_t}. */
  static long capped(long hostHard) {
    return Long.compareUnsigned(hostHard, CEILING) < 0 ? hostHard : CEILING;
  }
}
