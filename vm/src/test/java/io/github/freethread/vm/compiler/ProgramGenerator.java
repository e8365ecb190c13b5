package io.github.freethread.vm.compiler;

import java.util.Random;

/**
 * Generates random, syntactically valid programs of the subset from a small grammar (statements
 * nest up to a depth; break/continue only in loops, return only in functions, global only at the
 * top of a function, nested functions only at module level so no closure can arise).
 */
final class ProgramGenerator {
    private static final String[] NAMES = {"a", "b", "c", "xs", "d", "s"};
    private static final String[] BINOPS = {"+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^"};
    private static final String[] CMPOPS = {"<", "<=", "==", "!=", ">", ">=", "is", "is not", "in", "not in"};

    private final Random r;
    private final StringBuilder out = new StringBuilder();
    private int functions;

    ProgramGenerator(long seed) {
        this.r = new Random(seed);
    }

    String program() {
        out.append("a = 1\nb = 2\nc = 3.5\nxs = [1, 2, 3, 4]\nd = {1: 2}\ns = 'str'\nimport math\n");
        int n = 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
            stmt(0, false, false, true);
        }
        return out.toString();
    }

    private void line(int indent, String text) {
        out.append("    ".repeat(indent)).append(text).append('\n');
    }

    private String name() {
        return NAMES[r.nextInt(NAMES.length)];
    }

    private void block(int indent, boolean inLoop, boolean inFunction) {
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            stmt(indent, inLoop, inFunction, false);
        }
    }

    private void stmt(int indent, boolean inLoop, boolean inFunction, boolean topLevel) {
        int deep = indent >= 3 ? 6 : 15;
        switch (r.nextInt(deep)) {
            case 0 -> line(indent, name() + " = " + expr(2));
            case 1 -> line(indent, name() + " " + BINOPS[r.nextInt(BINOPS.length)] + "= " + expr(1));
            case 2 -> line(indent, "a, b = b, " + expr(1));
            case 3 -> line(indent, "print(" + expr(2) + (r.nextBoolean() ? ", sep=''" : "") + ")");
            case 4 -> {
                if (inLoop && r.nextBoolean()) {
                    line(indent, r.nextBoolean() ? "break" : "continue");
                } else if (inFunction) {
                    line(indent, r.nextBoolean() ? "return " + expr(1) : "return");
                } else {
                    line(indent, "pass");
                }
            }
            case 5 -> line(indent, "xs[" + expr(0) + "] += " + expr(0));
            case 6 -> {
                line(indent, "if " + expr(2) + ":");
                block(indent + 1, inLoop, inFunction);
                if (r.nextBoolean()) {
                    line(indent, "elif " + expr(1) + ":");
                    block(indent + 1, inLoop, inFunction);
                }
                if (r.nextBoolean()) {
                    line(indent, "else:");
                    block(indent + 1, inLoop, inFunction);
                }
            }
            case 7 -> {
                line(indent, "while " + expr(1) + ":");
                block(indent + 1, true, inFunction);
            }
            case 8 -> {
                line(indent, "for " + (r.nextBoolean() ? "i" : "i, j") + " in " + expr(1) + ":");
                block(indent + 1, true, inFunction);
                if (r.nextInt(4) == 0) {
                    line(indent, "else:");
                    block(indent + 1, inLoop, inFunction);
                }
            }
            case 9 -> {
                line(indent, "try:");
                block(indent + 1, inLoop, inFunction);
                int handlers = r.nextInt(3);
                for (int h = 0; h < handlers; h++) {
                    line(indent, switch (r.nextInt(3)) {
                        case 0 -> "except ValueError:";
                        case 1 -> "except (KeyError, IndexError) as e:";
                        default -> "except Exception as err:";
                    });
                    block(indent + 1, inLoop, inFunction);
                }
                if (handlers > 0 && r.nextInt(3) == 0) {
                    line(indent, "else:");
                    block(indent + 1, inLoop, inFunction);
                }
                if (handlers == 0 || r.nextBoolean()) {
                    line(indent, "finally:");
                    block(indent + 1, inLoop, inFunction);
                }
            }
            case 10 -> {
                line(indent, "with ctx('" + name() + "', " + (r.nextBoolean() ? "True" : "False") + ")" + (r.nextBoolean() ? " as " + name() : "") + ":");
                block(indent + 1, inLoop, inFunction);
            }
            case 11 -> {
                if (topLevel) {
                    line(indent, "def f" + (functions++) + "(p, q=" + expr(0) + "):");
                    if (r.nextBoolean()) {
                        line(indent + 1, "global " + name());
                    }
                    block(indent + 1, false, true);
                } else {
                    line(indent, "assert " + expr(1) + (r.nextBoolean() ? ", " + expr(0) : ""));
                }
            }
            case 12 -> line(indent, "del " + (r.nextBoolean() ? name() : "xs[" + expr(0) + "]"));
            case 13 -> line(indent, name() + " = [" + expr(1) + " for i in " + expr(0) + (r.nextBoolean() ? " if " + expr(0) : "")
                    + (r.nextBoolean() ? " for j in range(i)" : "") + "]");
            default -> line(indent, r.nextBoolean() ? "raise ValueError(" + expr(0) + ")" : "import math");
        }
    }

    private String expr(int depth) {
        if (depth <= 0) {
            return switch (r.nextInt(7)) {
                case 0 -> Integer.toString(r.nextInt(100));
                case 1 -> r.nextInt(10) + "." + r.nextInt(10) + (r.nextBoolean() ? "e" + (r.nextInt(20) - 10) : "");
                case 2 -> "'" + name() + "'";
                case 3 -> r.nextBoolean() ? "None" : "True";
                case 4 -> "0x" + Integer.toHexString(r.nextInt(1 << 20)) + (r.nextBoolean() ? "_0" : "");
                default -> name();
            };
        }
        return "(" + compound(depth) + ")";
    }

    private String compound(int depth) {
        return switch (r.nextInt(12)) {
            case 0 -> expr(depth - 1) + " " + BINOPS[r.nextInt(BINOPS.length)] + " " + expr(depth - 1);
            case 1 -> expr(depth - 1) + " " + CMPOPS[r.nextInt(CMPOPS.length)] + " " + expr(depth - 1)
                    + (r.nextBoolean() ? " < " + expr(depth - 1) : "");
            case 2 -> expr(depth - 1) + (r.nextBoolean() ? " and " : " or ") + expr(depth - 1);
            case 3 -> "not " + expr(depth - 1);
            case 4 -> "(" + expr(depth - 1) + " if " + expr(depth - 1) + " else " + expr(depth - 1) + ")";
            case 5 -> "len(" + expr(depth - 1) + ", k=" + expr(depth - 1) + ")";
            case 6 -> "[" + expr(depth - 1) + ", " + expr(depth - 1) + "]";
            case 7 -> "{" + expr(depth - 1) + ": " + expr(depth - 1) + "}";
            case 8 -> name() + "[" + expr(depth - 1) + ":" + (r.nextBoolean() ? expr(depth - 1) : "") + ":" + expr(depth - 1) + "]";
            case 9 -> "f'{" + name() + "!r:>{" + name() + "}} x {" + name() + ":.3f}'";
            case 10 -> "-" + expr(depth - 1);
            default -> "math.sqrt(" + expr(depth - 1) + ").real";
        };
    }
}
