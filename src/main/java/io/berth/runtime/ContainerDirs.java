package io.berth.runtime;

import java.nio.file.Path;

/**
 * One container's places on disk: the OCI bundle and its overlay under {@code
 * <root>/containers/<id>/}, the output FIFOs under {@code <state>/containers/<id>/}.
 */
record ContainerDirs(Path bundle, Path fifos) {

  static ContainerDirs of(RuntimeSettings settings, String id) {
    return new ContainerDirs(settings.containers().resolve(id), settings.fifos().resolve(id));
  }

  Path config() {
    return bundle.resolve("config.json");
  }

  /** The overlay's mount point: the container's root filesystem. */
  Path rootfs() {
    return bundle.resolve("rootfs");
  }

  /** The overlay's upper directory: what the container wrote (kept for {@code diff}). */
  Path upper() {
    return bundle.resolve("upper");
  }

  Path work() {
    return bundle.resolve("work");
  }

  /** hosts, hostname and resolv.conf, generated and bind-mounted. */
  Path etc() {
    return bundle.resolve("etc");
  }

  /**
   * The container's own process, kept when catatonit took its place as PID 1: what a main task
   * runs, and the base of every process started in the container.
   */
  Path mainProcess() {
    return bundle.resolve("main.json");
  }

  /** FIFOs, pid files and runc logs of the processes started in the container. */
  Path tasks() {
    return fifos.resolve("tasks");
  }

  Path runcLog() {
    return bundle.resolve("runc.log");
  }

  Path pidFile() {
    return fifos.resolve("pid");
  }

  Path stdout() {
    return fifos.resolve("stdout");
  }

  Path stderr() {
    return fifos.resolve("stderr");
  }
}
