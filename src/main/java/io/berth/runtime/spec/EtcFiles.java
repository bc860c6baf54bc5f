package io.berth.runtime.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A {@link UserDatabase} read from the text of /etc/passwd and /etc/group. */
record EtcFiles(List<PasswdEntry> users, List<GroupEntry> groups) implements UserDatabase {
  EtcFiles {
    users = List.copyOf(users);
    groups = List.copyOf(groups);
  }

  static EtcFiles parse(String passwd, String group) {
    List<PasswdEntry> users = new ArrayList<>();
    for (String[] fields : lines(passwd, 7)) {
      Integer uid = id(fields[2]);
      Integer gid = id(fields[3]);
      if (!fields[0].isEmpty() && uid != null && gid != null) {
        users.add(new PasswdEntry(fields[0], uid, gid, fields[5]));
      }
    }
    List<GroupEntry> groups = new ArrayList<>();
    for (String[] fields : lines(group, 4)) {
      Integer gid = id(fields[2]);
      if (!fields[0].isEmpty() && gid != null) {
        List<String> members =
            fields[3].isBlank()
                ? List.of()
                : Arrays.stream(fields[3].split(",")).map(String::strip).toList();
        groups.add(new GroupEntry(fields[0], gid, members));
      }
    }
    return new EtcFiles(users, groups);
  }

  @Override
  public Optional<PasswdEntry> userByName(String name) {
    return users.stream().filter(u -> u.name().equals(name)).findFirst();
  }

  @Override
  public Optional<PasswdEntry> userById(int uid) {
    return users.stream().filter(u -> u.uid() == uid).findFirst();
  }

  @Override
  public Optional<GroupEntry> groupByName(String name) {
    return groups.stream().filter(g -> g.name().equals(name)).findFirst();
  }

  @Override
  public Optional<GroupEntry> groupById(int gid) {
    return groups.stream().filter(g -> g.gid() == gid).findFirst();
  }

  @Override
  public List<GroupEntry> groupsWithMember(String userName) {
    return groups.stream().filter(g -> g.members().contains(userName)).toList();
  }

  /** The lines of {@code text} with exactly {@code count} colon-separated fields. */
  private static List<String[]> lines(String text, int count) {
    if (text == null) {
      return List.of();
    }
    List<String[]> result = new ArrayList<>();
    for (String line : text.split("\n")) {
      line = line.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith("+") || line.startsWith("-")) {
        continue;
      }
      String[] fields = line.split(":", -1);
      if (fields.length == count) {
        result.add(fields);
      }
    }
    return result;
  }

  /** A uid or gid in 0..2^31-1, as Docker accepts them, or null. */
  private static Integer id(String text) {
    if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(Character::isDigit)) {
      return null;
    }
    long value = Long.parseLong(text);
    return value > Integer.MAX_VALUE ? null : (int) value;
  }
}
