package io.github.freethread.vm.syntax;

/**
 * Value of a STRING token.
 *
 * @param fstring  true for {@code f"..."}: {@code body} is the undecoded source between the quotes
 * @param raw      true for {@code r"..."}: backslashes are literal
 * @param body     decoded text for plain strings; undecoded source text for f-strings
 * @param bodyLine line of the first character of the body
 * @param bodyCol  column of the first character of the body
 */
public record StringToken(boolean fstring, boolean raw, String body, int bodyLine, int bodyCol) {
}
