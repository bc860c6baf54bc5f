package io.berth.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a process runs, as /proc says. A zombie has ended (only its status waits for a parent to
 * collect it), so it does not count, though {@link ProcessHandle#isAlive} would say it does.
 */
final class ProcessStates {
  private ProcessStates() {}

  static boolean running(int pid) {
    try {
      String stat = Files.readAllLines(Path.of("/proc", Integer.toString(pid), "stat")).getFirst();
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
