package io.berth.runtime;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** The containers berth knows, kept across agent restarts. */
public interface ContainerStore {

  /** Adds a container; fails with {@link NameInUseException} when its name is taken. */
  void add(ContainerRecord container) throws IOException;

  void update(ContainerRecord container) throws IOException;

  void remove(String id) throws IOException;

  Optional<ContainerRecord> get(String id) throws IOException;

  /** By full id, name, or unique id prefix. */
  List<ContainerRecord> find(String idOrName) throws IOException;

  List<ContainerRecord> list() throws IOException;

  /** Whether any container uses the image with this manifest digest. */
  boolean usesImage(String manifestDigest) throws IOException;
}
