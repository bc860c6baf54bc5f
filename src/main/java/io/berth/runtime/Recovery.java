package io.berth.runtime;

import io.berth.os.FileTrees;
import io.berth.os.MountPoint;
import io.berth.os.MountTable;
import io.berth.os.Mounts;
import io.berth.os.PidFd;
import io.berth.os.Signals;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an agent does at start after a crash: containers its predecessor supervised that still run
 * are adopted (their output pumped again, their end watched) or stopped, as the policy says;
 * containers that died meanwhile are recorded as exited, with their end unknown; and everything a
 * dead container left (runc state, mounts, bundles, FIFOs) is cleaned away. Containers another live
 * berth process supervises (a {@code berth run} in the foreground) are left alone.
 */
public final class Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
  private final ContainerRuntime runtime;
  private final Policy policy;

  Recovery(ContainerRuntime runtime, Policy policy) {
    this.runtime = runtime;
    this.policy = policy;
  }

  /** What to do with a container that still runs. */
  public enum Policy {
    ADOPT,
    STOP
  }

  /** What recovery did. */
  public record Report(
      List<String> adopted, List<String> stopped, List<String> exited, int swept) {}

  Report run() throws IOException {
    List<String> adopted = new ArrayList<>();
    List<String> stopped = new ArrayList<>();
    List<String> exited = new ArrayList<>();
    Set<String> known = new HashSet<>();
    for (ContainerRecord record : runtime.store().list()) {
      known.add(record.id());
      if (!record.state().isActive()
          && record.state() != ContainerState.CREATING
          && record.state() != ContainerState.REMOVING) {
        continue;
      }
      if (runtime.self().equals(record.supervisor()) || runtime.isLive(record.id())) {
        continue;
      }
      if (Supervisors.alive(record.supervisor())) {
        continue; // a foreground berth run, or another agent, still watches it
      }
      Runc.State state = runtime.runc().state(record.id()).orElse(null);
      boolean running =
          state != null
              && (state.status().equals("running") || state.status().equals("created"))
              && state.pid() > 0
              && ProcessStates.running(state.pid());
      if (running && policy == Policy.ADOPT && record.state() != ContainerState.CREATING) {
        ContainerRecord current =
            record.state() == ContainerState.CREATED && state.status().equals("running")
                ? record.running(state.pid(), Instant.now())
                : record;
        runtime.adopt(current, state.pid());
        adopted.add(record.id());
        continue;
      }
      if (running) {
        stopOrphan(record, state.pid());
        stopped.add(record.id());
      }
      ContainerRecord ended = record.exited(null, null, Instant.now()).supervisedBy(runtime.self());
      runtime.store().update(ended);
      runtime.destroyLeftovers(ended);
      exited.add(record.id());
      if (record.spec().autoRemove() || record.state() == ContainerState.CREATING) {
        runtime.remove(record.id(), true);
      }
    }
    int swept = sweep(known);
    Report report = new Report(adopted, stopped, exited, swept);
    LOG.info(
        "recovery: adopted {}, stopped {}, marked exited {}, swept {} leftovers",
        adopted.size(),
        stopped.size(),
        exited.size(),
        swept);
    return report;
  }

  /** TERM, then KILL after the stop timeout, to a container no one can supervise any more. */
  private void stopOrphan(ContainerRecord record, int pid) {
    try (PidFd pidfd = PidFd.open(pid)) {
      pidfd.sendSignal(Signals.SIGTERM);
      long deadline = System.nanoTime() + runtime.settings().defaultStopTimeout().toNanos();
      while (System.nanoTime() < deadline
          && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
        Thread.sleep(100);
      }
      if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
        pidfd.sendSignal(Signals.SIGKILL);
        Thread.sleep(Duration.ofMillis(200));
      }
    } catch (IOException e) {
      LOG.warn("stopping orphaned container {}: {}", record.name(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Removes runc state, mounts, bundles and FIFOs of containers the store does not know. */
  private int sweep(Set<String> known) throws IOException {
    int swept = 0;
    for (Runc.State state : runtime.runc().list()) {
      if (!known.contains(state.id())) {
        runtime.runc().delete(state.id(), true);
        swept++;
      }
    }
    Path containers = runtime.settings().containers().toAbsolutePath().normalize();
    for (MountPoint mount : MountTable.read().reversed()) {
      Path path = mount.path();
      if (path.startsWith(containers) && path.getNameCount() > containers.getNameCount()) {
        String id = path.getName(containers.getNameCount()).toString();
        if (!known.contains(id) || !runtime.isLive(id)) {
          Mounts.unmount(path, Mounts.MNT_DETACH);
          swept++;
        }
      }
    }
    swept += removeUnknown(runtime.settings().containers(), known);
    swept += removeUnknown(runtime.settings().fifos(), known);
    return swept;
  }

  private static int removeUnknown(Path dir, Set<String> known) throws IOException {
    int removed = 0;
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        if (!known.contains(entry.getFileName().toString())) {
          FileTrees.delete(entry);
          removed++;
        }
      }
    }
    return removed;
  }
}
