package org.deeplake4j.engine.internal.tql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.deeplake4j.engine.tql.Position;
import org.deeplake4j.engine.tql.TqlSyntaxException;

/** Splits TQL text into tokens, tracking 1-based line and column (in code points). */
final class Lexer {
  /** Token kinds. Keywords are {@link #IDENT} tokens that the parser matches case-insensitively. */
  enum Kind {
    IDENT,
    QUOTED_IDENT,
    STRING,
    NUMBER,
    SYMBOL,
    EOF
  }

  /**
   * One token.
   *
   * @param text the token as written
   * @param value the decoded name or string, or the {@link Number}
   */
  record Token(Kind kind, String text, Object value, int line, int column) {
    Position pos() {
      return new Position(line, column);
    }

    /** The token for messages: quoted and shortened, or {@code end of input}. */
    String describe() {
      if (kind == Kind.EOF) {
        return "end of input";
      }
      String t = text.length() > 40 ? text.substring(0, 37) + "..." : text;
      return "'" + t + "'";
    }

    boolean isSymbol(String s) {
      return kind == Kind.SYMBOL && text.equals(s);
    }

    boolean isKeyword(String k) {
      return kind == Kind.IDENT && text.equalsIgnoreCase(k);
    }
  }

  private final String src;
  private int i;
  private int line = 1;
  private int col = 1;

  private Lexer(String src) {
    this.src = src;
  }

  /** All tokens of {@code src}, ending with one EOF token. */
  static List<Token> tokenize(String src) {
    return new Lexer(src).run();
  }

  private int peek(int ahead) {
    int j = i;
    for (int k = 0; k < ahead && j < src.length(); k++) {
      j += Character.charCount(src.codePointAt(j));
    }
    return j < src.length() ? src.codePointAt(j) : -1;
  }

  private int advance() {
    int c = src.codePointAt(i);
    i += Character.charCount(c);
    if (c == '\n') {
      line++;
      col = 1;
    } else {
      col++;
    }
    return c;
  }

  private List<Token> run() {
    List<Token> out = new ArrayList<>();
    while (true) {
      skipSpaceAndComments();
      if (i >= src.length()) {
        out.add(new Token(Kind.EOF, "", null, line, col));
        return out;
      }
      int startLine = line;
      int startCol = col;
      int start = i;
      int c = peek(0);
      if (isIdentStart(c)) {
        while (i < src.length() && isIdentPart(peek(0))) {
          advance();
        }
        String t = src.substring(start, i);
        out.add(new Token(Kind.IDENT, t, t, startLine, startCol));
      } else if (isDigit(c) || (c == '.' && isDigit(peek(1)))) {
        out.add(number(start, startLine, startCol));
      } else if (c == '\'') {
        String v = quoted('\'', start, startLine, startCol, "a closing quote (') of the string");
        out.add(new Token(Kind.STRING, src.substring(start, i), v, startLine, startCol));
      } else if (c == '"') {
        String v = quoted('"', start, startLine, startCol, "a closing quote (\") of the name");
        out.add(new Token(Kind.QUOTED_IDENT, src.substring(start, i), v, startLine, startCol));
      } else {
        out.add(symbol(c, start, startLine, startCol));
      }
    }
  }

  private void skipSpaceAndComments() {
    while (i < src.length()) {
      int c = peek(0);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        advance();
      } else if (c == '-' && peek(1) == '-') {
        while (i < src.length() && peek(0) != '\n') {
          advance();
        }
      } else {
        return;
      }
    }
  }

  private static boolean isIdentStart(int c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isIdentPart(int c) {
    return isIdentStart(c) || isDigit(c);
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private Token number(int start, int startLine, int startCol) {
    boolean real = false;
    while (i < src.length() && isDigit(peek(0))) {
      advance();
    }
    if (peek(0) == '.' && isDigit(peek(1))) {
      real = true;
      advance();
      while (i < src.length() && isDigit(peek(0))) {
        advance();
      }
    } else if (peek(0) == '.' && !isIdentStart(peek(1)) && peek(1) != '.') {
      real = true; // "1." as in Python
      advance();
    }
    if ((peek(0) == 'e' || peek(0) == 'E')
        && (isDigit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && isDigit(peek(2))))) {
      real = true;
      advance();
      if (peek(0) == '+' || peek(0) == '-') {
        advance();
      }
      while (i < src.length() && isDigit(peek(0))) {
        advance();
      }
    }
    String t = src.substring(start, i);
    Number v;
    if (real) {
      v = Double.parseDouble(t);
    } else {
      try {
        v = Long.parseLong(t);
      } catch (NumberFormatException e) {
        v = new BigDecimal(t).doubleValue(); // beyond int64: a double, as Python floats it
      }
    }
    return new Token(Kind.NUMBER, t, v, startLine, startCol);
  }

  private String quoted(int q, int start, int startLine, int startCol, String expected) {
    StringBuilder b = new StringBuilder();
    advance();
    while (true) {
      if (i >= src.length()) {
        throw new TqlSyntaxException(
            startLine,
            startCol,
            new Token(Kind.STRING, src.substring(start), null, startLine, startCol).describe(),
            expected);
      }
      int c = advance();
      if (c == q) {
        if (peek(0) == q) {
          advance();
          b.appendCodePoint(q);
          continue;
        }
        return b.toString();
      }
      b.appendCodePoint(c);
    }
  }

  private Token symbol(int c, int start, int startLine, int startCol) {
    String two = i + 1 < src.length() ? src.substring(i, Math.min(src.length(), i + 2)) : "";
    for (String s : new String[] {"==", "!=", "<>", "<=", ">="}) {
      if (two.equals(s)) {
        advance();
        advance();
        return new Token(Kind.SYMBOL, s, s, startLine, startCol);
      }
    }
    if ("*,()[]:+-/%=<>".indexOf(c) >= 0) {
      advance();
      String s = Character.toString(c);
      return new Token(Kind.SYMBOL, s, s, startLine, startCol);
    }
    advance();
    String t = src.substring(start, i);
    throw new TqlSyntaxException(
        startLine,
        startCol,
        new Token(Kind.SYMBOL, t, t, startLine, startCol).describe(),
        "a name, number, string or operator");
  }
}
