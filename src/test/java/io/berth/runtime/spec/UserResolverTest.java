package io.berth.runtime.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** --user and the image's User, resolved through the image's /etc/passwd and /etc/group. */
class UserResolverTest {
  private static OciUser user(SpecFixture fixture) {
    return fixture.build().process().user();
  }

  @Test
  void user_noneGiven_isRootWithRootsGroups() {
    assertThat(user(SpecFixture.image())).isEqualTo(new OciUser(0, 0, null, List.of(10)));
  }

  @Test
  void user_imageUser_isUsed() {
    assertThat(user(SpecFixture.image().imageUser("app")))
        .isEqualTo(new OciUser(1000, 1000, null, List.of(50, 63)));
  }

  @Test
  void user_flag_overridesTheImagesUser() {
    assertThat(user(SpecFixture.image().imageUser("app").user("nobody")))
        .isEqualTo(new OciUser(65534, 65534, null, List.of()));
  }

  @ParameterizedTest(name = "{0} -> {1}:{2} groups [{3}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "app          | 1000 | 1000  | 50 63",
        "1000         | 1000 | 1000  | 50 63",
        "0            | 0    | 0     | 10",
        "4242         | 4242 | 0     | ''",
        "app:staff    | 1000 | 50    | ''",
        "app:4242     | 1000 | 4242  | ''",
        "1000:audio   | 1000 | 63    | ''",
        "4242:4343    | 4242 | 4343  | ''",
        "daemon       | 1    | 1     | 50",
        "root:app     | 0    | 1000  | ''",
        "' app '      | 1000 | 1000  | 50 63",
      })
  void user_forms_resolveAsDockerDoes(String text, int uid, int gid, String groups) {
    List<Integer> expected =
        groups.isBlank()
            ? List.of()
            : java.util.Arrays.stream(groups.split(" ")).map(Integer::valueOf).toList();

    assertThat(user(SpecFixture.image().user(text)))
        .isEqualTo(new OciUser(uid, gid, null, expected));
  }

  @Test
  void user_unknownName_failsNamingTheUserAndTheImage() {
    assertThatThrownBy(() -> SpecFixture.image().user("ghost").build())
        .isInstanceOf(InvalidContainerException.class)
        .hasMessage(
            "user 'ghost' not found in the /etc/passwd of image registry.test/team/app:1.0");
  }

  @Test
  void user_unknownImageUser_failsToo() {
    assertThatThrownBy(() -> SpecFixture.image().imageUser("svc").build())
        .isInstanceOf(InvalidContainerException.class)
        .hasMessageContaining("user 'svc' not found");
  }

  @Test
  void user_unknownGroupName_failsNamingTheGroupAndTheImage() {
    assertThatThrownBy(() -> SpecFixture.image().user("app:ghosts").build())
        .isInstanceOf(InvalidContainerException.class)
        .hasMessage(
            "group 'ghosts' not found in the /etc/group of image registry.test/team/app:1.0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a:b:c", ":50", "app:", "99999999999", "2147483648", "1:2147483648"})
  void user_malformedOrOutOfRange_isRefused(String text) {
    assertThatThrownBy(() -> SpecFixture.image().user(text).build())
        .isInstanceOf(InvalidContainerException.class)
        .hasMessageContaining("invalid user '" + text + "'");
  }

  @Test
  void user_imageWithoutPasswd_numbersWorkNamesFail() {
    SpecFixture numeric = SpecFixture.image().user("1000:1000");
    numeric.passwd = null;
    numeric.group = null;
    SpecFixture named = SpecFixture.image().user("app");
    named.passwd = null;

    assertThat(user(numeric)).isEqualTo(new OciUser(1000, 1000, null, List.of()));
    assertThat(numeric.build().process().env()).contains("HOME=/");
    assertThatThrownBy(named::build).hasMessageContaining("user 'app' not found");
  }

  @Test
  void parse_skipsCommentsBlankNisAndMalformedLines_firstEntryWins() {
    UserDatabase users =
        UserDatabase.parse(
            """
            # a comment

            +nis::::::
            broken:x:notanumber:0::/:/bin/sh
            short:x:5
            big:x:4294967294:0::/:/bin/sh
            app:x:1000:1000::/home/app:/bin/sh
            app:x:2000:2000::/elsewhere:/bin/sh
            nohome:x:3000:3000:::/bin/sh
            """,
            """
            staff:x:50: app , other
            staff:x:51:app
            -nis:::
            bad:x:x:app
            """);

    assertThat(users.userByName("app")).hasValue(new PasswdEntry("app", 1000, 1000, "/home/app"));
    assertThat(users.userById(2000)).hasValue(new PasswdEntry("app", 2000, 2000, "/elsewhere"));
    assertThat(users.userByName("nohome").orElseThrow().home()).isEqualTo("/");
    assertThat(users.userByName("broken")).isEmpty();
    assertThat(users.userByName("short")).isEmpty();
    assertThat(users.userByName("big")).isEmpty();
    assertThat(users.userByName("+nis")).isEmpty();
    assertThat(users.groupByName("staff"))
        .hasValue(new GroupEntry("staff", 50, List.of("app", "other")));
    assertThat(users.groupsWithMember("app")).extracting(GroupEntry::gid).containsExactly(50, 51);
    assertThat(users.groupById(0)).isEmpty();
  }

  @Test
  void parse_crlfLines_areRead() {
    UserDatabase users = UserDatabase.parse("app:x:7:8::/h:/bin/sh\r\n", "g:x:9:app\r\n");

    assertThat(users.userByName("app")).hasValue(new PasswdEntry("app", 7, 8, "/h"));
    assertThat(users.groupsWithMember("app")).hasSize(1);
  }
}
