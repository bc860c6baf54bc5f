package io.berth.template;

import io.berth.template.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns tokens into nodes, checking all that can be checked before a render: every function exists
 * and gets a number of arguments it takes, every variable is declared, every control structure is
 * closed, and nothing is nested deeper than the limit.
 */
final class Parser {

  private final String source;
  private final List<Token> tokens;
  private final Map<String, Function> functions;
  private final int maxDepth;
  private final List<String> variables = new ArrayList<>(List.of("$"));
  private int next;
  private int depth;
  private int loops;

  private Parser(String source, List<Token> tokens, Map<String, Function> functions, int maxDepth) {
    this.source = source;
    this.tokens = tokens;
    this.functions = functions;
    this.maxDepth = maxDepth;
  }

  static List<Node> parse(
      String source, String text, Map<String, Function> functions, int maxDepth) {
    Parser parser = new Parser(source, Lexer.tokens(source, text), functions, maxDepth);
    List<Node> nodes = new ArrayList<>();
    End end = parser.list(nodes);
    switch (end.kind()) {
      case END ->
          throw parser.error(end.token(), "{{end}} without an {{if}}, {{range}} or {{with}}");
      case ELSE ->
          throw parser.error(end.token(), "{{else}} without an {{if}}, {{range}} or {{with}}");
      case EOF -> {}
    }
    return List.copyOf(nodes);
  }

  /** What ended a list of nodes, and the token that did. */
  private record End(Kind kind, Token token) {
    enum Kind {
      EOF,
      END,
      ELSE
    }
  }

  private End list(List<Node> into) {
    while (true) {
      Token t = take();
      switch (t.kind()) {
        case TEXT -> into.add(new Node.Text(t.pos(), t.text()));
        case EOF -> {
          return new End(End.Kind.EOF, t);
        }
        case LEFT_DELIM -> {
          End end = action(into);
          if (end != null) {
            return end;
          }
        }
        default -> throw error(t, "unexpected " + t.describe());
      }
    }
  }

  /** Reads the action after a {@code {{}; returns how the list ends if it is an end or else. */
  private End action(List<Node> into) {
    Token first = peek();
    if (first.kind() == Kind.IDENTIFIER) {
      switch (first.text()) {
        case "end" -> {
          take();
          closeAction("end");
          return new End(End.Kind.END, first);
        }
        case "else" -> {
          take();
          return new End(End.Kind.ELSE, first);
        }
        case "if", "with", "range" -> {
          take();
          into.add(control(first));
          return null;
        }
        case "break", "continue" -> {
          take();
          if (loops == 0) {
            throw error(first, "{{" + first.text() + "}} outside a {{range}}");
          }
          closeAction(first.text());
          into.add(
              first.text().equals("break")
                  ? new Node.Break(first.pos())
                  : new Node.Continue(first.pos()));
          return null;
        }
        default -> {
          if (Lexicon.UNSUPPORTED.contains(first.text())) {
            throw error(
                first,
                "{{"
                    + first.text()
                    + "}} is not supported: berth's templates have no named"
                    + " templates; write the text where it is needed");
          }
        }
      }
    }
    Pipeline pipeline = pipeline("action", 1);
    closeAction("action");
    into.add(new Node.Print(pipeline.pos(), pipeline));
    return null;
  }

  private Node control(Token keyword) {
    enter(keyword);
    String name = keyword.text();
    int scope = variables.size();
    boolean range = name.equals("range");
    Pipeline value = pipeline(name, range ? 2 : 1);
    closeAction(name);
    List<Node> body = new ArrayList<>();
    if (range) {
      loops++;
    }
    End end = list(body);
    if (range) {
      loops--;
    }
    // what the body declared is gone in the else branch; what the condition declared is not,
    // except a range's element variables
    int declared = value.binding() == Pipeline.Binding.DECLARE ? value.variables().size() : 0;
    truncate(range ? scope : scope + declared);
    List<Node> otherwise = new ArrayList<>();
    if (end.kind() == End.Kind.ELSE) {
      Token chained = peek();
      if (!range && chained.kind() == Kind.IDENTIFIER && chained.text().equals(name)) {
        take();
        otherwise.add(control(chained));
        end = new End(End.Kind.END, chained);
      } else {
        closeAction("else");
        end = list(otherwise);
        if (end.kind() == End.Kind.ELSE) {
          throw error(end.token(), "a second {{else}} in the {{" + name + "}} at " + keyword.pos());
        }
      }
    }
    if (end.kind() == End.Kind.EOF) {
      throw error(keyword, "{{" + name + "}} is never closed: expected an {{end}}");
    }
    truncate(scope);
    depth--;
    Pos pos = keyword.pos();
    List<Node> b = List.copyOf(body);
    List<Node> o = List.copyOf(otherwise);
    return switch (name) {
      case "if" -> new Node.If(pos, value, b, o);
      case "with" -> new Node.With(pos, value, b, o);
      default -> new Node.Range(pos, value, b, o);
    };
  }

  /**
   * Reads a pipeline up to (not including) {@code }}} or {@code )}.
   *
   * @param context what the pipeline is for, in messages: {@code if}, {@code action}
   * @param maxVariables how many variables it may declare: 2 in a range, else 1
   */
  private Pipeline pipeline(String context, int maxVariables) {
    Token start = peek();
    List<String> declared = new ArrayList<>();
    Pipeline.Binding binding = Pipeline.Binding.NONE;
    if (start.kind() == Kind.VARIABLE && maxVariables > 0) {
      Token after = peekAt(1);
      if (after.kind() == Kind.COMMA && maxVariables == 2) {
        Token second = peekAt(2);
        if (second.kind() != Kind.VARIABLE) {
          throw error(second, "expected a second variable after \",\" in the range");
        }
        take();
        take();
        take();
        declared.add(start.text());
        declared.add(second.text());
        Token op = take();
        if (op.kind() != Kind.DECLARE && op.kind() != Kind.ASSIGN) {
          throw error(op, "expected \":=\" after " + start.text() + ", " + second.text());
        }
        binding = op.kind() == Kind.DECLARE ? Pipeline.Binding.DECLARE : Pipeline.Binding.ASSIGN;
      } else if (after.kind() == Kind.DECLARE || after.kind() == Kind.ASSIGN) {
        take();
        take();
        declared.add(start.text());
        binding = after.kind() == Kind.DECLARE ? Pipeline.Binding.DECLARE : Pipeline.Binding.ASSIGN;
      }
      for (String v : declared) {
        if (v.equals("$")) {
          throw error(start, "$ is the data the render started with and cannot be set");
        }
        if (binding == Pipeline.Binding.ASSIGN && !variables.contains(v)) {
          throw error(start, "undefined variable " + v + ": declare it with := first");
        }
      }
    }
    List<Expr> commands = new ArrayList<>();
    while (true) {
      Token at = peek();
      if (at.kind() == Kind.RIGHT_DELIM || at.kind() == Kind.RIGHT_PAREN) {
        throw error(
            at,
            commands.isEmpty()
                ? "missing value for " + describeContext(context)
                : "missing command after \"|\"");
      }
      commands.add(command(commands.size()));
      if (peek().kind() == Kind.PIPE) {
        take();
      } else {
        break;
      }
    }
    if (binding == Pipeline.Binding.DECLARE) {
      variables.addAll(declared);
    }
    return new Pipeline(start.pos(), List.copyOf(declared), binding, List.copyOf(commands));
  }

  private static String describeContext(String context) {
    return switch (context) {
      case "action" -> "the action: {{ }} holds nothing";
      case "group" -> "the parentheses: () hold nothing";
      default -> "{{" + context + "}}";
    };
  }

  /** A command: an operand alone, or a function and its arguments. */
  private Expr command(int stage) {
    Token head = peek();
    List<Expr> operands = new ArrayList<>();
    List<Token> starts = new ArrayList<>();
    int lastEnd = -1;
    while (true) {
      Token at = peek();
      Kind k = at.kind();
      if (k == Kind.PIPE || k == Kind.RIGHT_DELIM || k == Kind.RIGHT_PAREN || k == Kind.EOF) {
        break;
      }
      if (at.start() == lastEnd) {
        throw error(at, "expected a space before " + at.describe());
      }
      starts.add(at);
      operands.add(operand(operands.isEmpty()));
      lastEnd = tokens.get(next - 1).end();
    }
    if (operands.isEmpty()) {
      throw error(head, "missing command");
    }
    Expr first = operands.getFirst();
    int piped = stage > 0 ? 1 : 0;
    if (first instanceof Expr.Call call && call.args().isEmpty() && headIsFunction(head)) {
      List<Expr> args = List.copyOf(operands.subList(1, operands.size()));
      Function f = call.function();
      int count = args.size() + piped;
      if (!f.accepts(count)) {
        throw error(
            head,
            "%s %s, but gets %d%s"
                .formatted(
                    f.name(), f.arity(), count, piped > 0 ? " (counting the piped value)" : ""));
      }
      return new Expr.Call(call.pos(), f, args);
    }
    if (operands.size() > 1) {
      throw error(
          starts.get(1),
          "only a function takes arguments, and " + head.describe() + " is not a function");
    }
    if (stage > 0) {
      throw error(
          head,
          "only a function can take the value of \"|\", and "
              + head.describe()
              + " is not a function");
    }
    if (first instanceof Expr.Literal lit && lit.value() == null) {
      throw error(head, "nil is not a command");
    }
    return first;
  }

  private static boolean headIsFunction(Token head) {
    return head.kind() == Kind.IDENTIFIER;
  }

  /**
   * One operand; a function named where an argument goes is called with no arguments, unless it
   * heads its command ({@code asHead}), where the command supplies them.
   */
  private Expr operand(boolean asHead) {
    Token t = take();
    return switch (t.kind()) {
      case IDENTIFIER -> identifier(t, asHead);
      case DOT -> new Expr.Dot(t.pos());
      case FIELD -> chain(t, new Expr.Dot(t.pos()), "", List.of(t.text().substring(1)));
      case VARIABLE -> {
        if (!variables.contains(t.text())) {
          throw error(t, "undefined variable " + t.text());
        }
        yield chain(t, new Expr.Variable(t.pos(), t.text()), t.text(), List.of());
      }
      case STRING, NUMBER, CHAR -> new Expr.Literal(t.pos(), t.value());
      case LEFT_PAREN -> {
        enter(t);
        Pipeline inner = pipeline("group", 0);
        Token close = take();
        if (close.kind() != Kind.RIGHT_PAREN) {
          throw error(t, "unclosed parenthesis: this \"(\" has no \")\"");
        }
        depth--;
        yield chain(close, new Expr.Group(t.pos(), inner), "(...)", List.of());
      }
      default -> throw error(t, "unexpected " + t.describe() + " in a command");
    };
  }

  private Expr identifier(Token t, boolean asHead) {
    switch (t.text()) {
      case "true" -> {
        return new Expr.Literal(t.pos(), Boolean.TRUE);
      }
      case "false" -> {
        return new Expr.Literal(t.pos(), Boolean.FALSE);
      }
      case "nil" -> {
        return new Expr.Literal(t.pos(), null);
      }
      default -> {}
    }
    if (Lexicon.KEYWORDS.contains(t.text())) {
      throw error(t, "{{" + t.text() + "}} must begin its own action");
    }
    Function f = functions.get(t.text());
    if (f == null) {
      String suggestion = Suggestions.closest(t.text(), functions.keySet());
      throw error(
          t, "unknown function \"" + t.text() + "\"" + (suggestion == null ? "" : suggestion));
    }
    if (!asHead && !f.accepts(0)) {
      throw error(
          t,
          "%s %s, but gets 0 (put it in parentheses with its arguments)"
              .formatted(f.name(), f.arity()));
    }
    return new Expr.Call(t.pos(), f, List.of());
  }

  /** Adds the fields that follow {@code last} with no space between, as in {@code $x.a.b}. */
  private Expr chain(Token last, Expr receiver, String text, List<String> first) {
    List<String> names = new ArrayList<>(first);
    StringBuilder shown = new StringBuilder(text);
    first.forEach(n -> shown.append('.').append(n));
    Token previous = last;
    while (peek().kind() == Kind.FIELD && previous.touches(peek())) {
      previous = take();
      names.add(previous.text().substring(1));
      shown.append(previous.text());
    }
    if (names.isEmpty()) {
      return receiver;
    }
    return new Expr.Fields(receiver.pos(), receiver, List.copyOf(names), shown.toString());
  }

  private void closeAction(String context) {
    Token t = take();
    if (t.kind() != Kind.RIGHT_DELIM) {
      String what =
          switch (context) {
            case "end", "else", "break", "continue" -> "{{" + context + "}}";
            case "action" -> "the action";
            default -> "{{" + context + " ...}}";
          };
      throw error(
          t,
          t.kind() == Kind.RIGHT_PAREN
              ? "unexpected \")\": no \"(\" is open"
              : "unexpected " + t.describe() + " in " + what + ": expected \"}}\"");
    }
  }

  private void enter(Token t) {
    if (++depth > maxDepth) {
      throw error(t, "nested more than " + maxDepth + " levels deep");
    }
  }

  private void truncate(int size) {
    while (variables.size() > size) {
      variables.removeLast();
    }
  }

  private Token take() {
    Token t = tokens.get(next);
    if (t.kind() != Kind.EOF) {
      next++;
    }
    return t;
  }

  private Token peek() {
    return tokens.get(next);
  }

  private Token peekAt(int ahead) {
    return tokens.get(Math.min(next + ahead, tokens.size() - 1));
  }

  private TemplateException error(Token t, String problem) {
    return new TemplateException(source, t.pos(), problem);
  }
}
