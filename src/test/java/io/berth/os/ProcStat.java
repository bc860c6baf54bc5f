package io.berth.os;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads fields of /proc/[pid]/stat for tests. */
final class ProcStat {
  private ProcStat() {}

  /** The state letter (R, S, Z, ...), or 0 when there is no such process. */
  static char state(int pid) throws IOException {
    String stat;
    try (InputStream in = Files.newInputStream(Path.of("/proc/" + pid + "/stat"))) {
      stat = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return 0;
    }
    return stat.charAt(stat.lastIndexOf(')') + 2);
  }
}
