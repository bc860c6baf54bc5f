package io.berth.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.testing.TempDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecretKeyFileTest {
  private final TempDirectory directory = TempDirectory.create("berth-kv-key-");
  private final ConfigPath path = ConfigPath.of("/app/password");

  @AfterEach
  void cleanUp() {
    directory.close();
  }

  @Test
  void createOnFirstUse_makesA0600KeyInA0700Directory() throws Exception {
    Path file = directory.resolve("secrets/kv.key");
    SecretKeyFile keys = SecretKeyFile.createOnFirstUse(file);
    assertThat(file).doesNotExist();
    SecretBox.Sealed sealed = keys.box().seal(path, "hunter2".getBytes(StandardCharsets.UTF_8));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    assertThat(new String(sealed.data(), StandardCharsets.ISO_8859_1)).doesNotContain("hunter2");
    // another process with the same file reads the same key
    byte[] opened = SecretKeyFile.existing(file).box().open(path, sealed);
    assertThat(new String(opened, StandardCharsets.UTF_8)).isEqualTo("hunter2");
    assertThat(keys.toString()).doesNotContain(Files.readString(file).strip());
  }

  @Test
  void ciphertext_movedToAnotherKey_doesNotDecrypt() throws Exception {
    SecretBox box = SecretKeyFile.createOnFirstUse(directory.resolve("k/key")).box();
    SecretBox.Sealed sealed = box.seal(path, "v".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> box.open(ConfigPath.of("/other"), sealed))
        .hasMessageContaining("/other: the secret does not decrypt");
  }

  @Test
  void anotherHostsKey_isNamedAsTheCause() throws Exception {
    SecretBox.Sealed sealed =
        SecretKeyFile.createOnFirstUse(directory.resolve("a/key"))
            .box()
            .seal(path, "v".getBytes(StandardCharsets.UTF_8));
    SecretBox other = SecretKeyFile.createOnFirstUse(directory.resolve("b/key")).box();
    assertThatThrownBy(() -> other.open(path, sealed))
        .hasMessageContaining("/app/password: the secret was encrypted with key " + sealed.keyId())
        .hasMessageContaining("needs the same key file");
  }

  @Test
  void existing_missing_saysEveryHostNeedsTheSameFile() {
    Path file = directory.resolve("none/key");
    assertThatThrownBy(() -> SecretKeyFile.existing(file).box())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("secret key file " + file + " does not exist");
    assertThat(file.getParent()).doesNotExist();
  }

  @Test
  void keyFileReadableByOthers_isRefused() throws Exception {
    Path file = directory.resolve("k/key");
    SecretKeyFile.generate(file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> SecretKeyFile.existing(file).box())
        .hasMessage(
            "secret key file %s is open to group or others (rw-r--r--); it must be private: chmod 600 %s"
                .formatted(file, file));
  }

  @Test
  void directoryOpenToOthers_isRefusedBeforeAKeyIsWritten() throws Exception {
    Path open = directory.subdirectory("open");
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThatThrownBy(() -> SecretKeyFile.createOnFirstUse(open.resolve("key")).box())
        .hasMessageContaining("the secret key file's directory " + open + " is open to group")
        .hasMessageContaining("chmod 700");
    assertThat(open.resolve("key")).doesNotExist();
  }

  @Test
  void keyOfTheWrongSize_isRefused() throws Exception {
    Path file = directory.resolve("k/key");
    SecretKeyFile.generate(file);
    Files.writeString(file, "c2hvcnQ=\n");
    assertThatThrownBy(() -> SecretKeyFile.existing(file).box())
        .hasMessageContaining("holds a key of 5 bytes; expected 32");
  }
}
