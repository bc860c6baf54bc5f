package io.berth.runtime;

import io.berth.spec.ContainerSpec;
import io.berth.spec.Digest;
import java.time.Instant;
import java.util.List;

/**
 * What berth knows of one container, as stored.
 *
 * @param id 64 hex characters
 * @param spec what was asked for
 * @param imageRef the reference the image was found by
 * @param imageDigest the image's manifest digest
 * @param args the process's command line as run
 * @param pid the init process's pid on the host, 0 when not running
 * @param exitCode set once it exited; null when unknown (an adopted container's end is seen but its
 *     status belongs to its former parent)
 * @param exitSignal the signal that ended it, or null
 * @param supervisor the berth process that supervises it ({@code pid@start-millis}), or null
 */
public record ContainerRecord(
    String id,
    String name,
    ContainerSpec spec,
    String imageRef,
    Digest imageDigest,
    List<String> args,
    ContainerState state,
    int pid,
    Integer exitCode,
    String exitSignal,
    Instant created,
    Instant started,
    Instant finished,
    String supervisor) {

  public ContainerRecord {
    if (id == null || !id.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("a container id is 64 hex characters, not " + id);
    }
    args = args == null ? List.of() : List.copyOf(args);
  }

  public String shortId() {
    return id.substring(0, 12);
  }

  public ContainerRecord withState(ContainerState newState) {
    return new ContainerRecord(
        id,
        name,
        spec,
        imageRef,
        imageDigest,
        args,
        newState,
        pid,
        exitCode,
        exitSignal,
        created,
        started,
        finished,
        supervisor);
  }

  public ContainerRecord running(int newPid, Instant at) {
    return new ContainerRecord(
        id,
        name,
        spec,
        imageRef,
        imageDigest,
        args,
        ContainerState.RUNNING,
        newPid,
        null,
        null,
        created,
        at,
        null,
        supervisor);
  }

  public ContainerRecord created(int newPid, List<String> processArgs) {
    return new ContainerRecord(
        id,
        name,
        spec,
        imageRef,
        imageDigest,
        processArgs,
        ContainerState.CREATED,
        newPid,
        null,
        null,
        created,
        null,
        null,
        supervisor);
  }

  public ContainerRecord exited(Integer code, String signal, Instant at) {
    return new ContainerRecord(
        id,
        name,
        spec,
        imageRef,
        imageDigest,
        args,
        ContainerState.EXITED,
        0,
        code,
        signal,
        created,
        started,
        at,
        supervisor);
  }

  /** The same container, supervised from now on by {@code newSupervisor}. */
  public ContainerRecord supervisedBy(String newSupervisor) {
    return new ContainerRecord(
        id,
        name,
        spec,
        imageRef,
        imageDigest,
        args,
        state,
        pid,
        exitCode,
        exitSignal,
        created,
        started,
        finished,
        newSupervisor);
  }
}
