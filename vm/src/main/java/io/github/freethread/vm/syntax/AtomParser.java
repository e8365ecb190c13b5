package io.github.freethread.vm.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * Atoms of the expression grammar: names, numbers, strings (adjacent literals concatenated,
 * f-strings through {@link FStringParser}), {@code None/True/False}, parenthesised expressions and
 * tuples, list displays and list comprehensions, dict displays. Set displays, set/dict
 * comprehensions, generator expressions and Ellipsis are rejected here as outside the subset.
 */
abstract class AtomParser extends TokenCursor {

    AtomParser(List<Token> tokens, String filename) {
        super(tokens, filename);
    }

    /** A full expression (conditional expression level). */
    abstract Expr expression();

    /** A target list for {@code for} clauses. */
    abstract Expr targetList();

    /** An or-expression: the operand level of comprehension iterables and conditions. */
    abstract Expr disjunction();

    Expr atom() {
        Token t = peek();
        switch (t.kind()) {
            case NAME -> {
                next();
                return new Expr.Name(Pos.of(t), t.text());
            }
            case INT, FLOAT -> {
                next();
                return new Expr.Constant(Pos.of(t), t.value());
            }
            case STRING -> {
                return strings();
            }
            case KEYWORD -> {
                switch (t.text()) {
                    case "None" -> {
                        next();
                        return new Expr.Constant(Pos.of(t), Expr.NoneValue.NONE);
                    }
                    case "True", "False" -> {
                        next();
                        return new Expr.Constant(Pos.of(t), t.text().equals("True"));
                    }
                    case "lambda" -> throw notInSubset(t, "lambdas");
                    case "yield" -> throw notInSubset(t, "generators (yield)");
                    case "await" -> throw notInSubset(t, "async (await)");
                    default -> throw error(t, "invalid syntax: unexpected keyword '" + t.text() + "'");
                }
            }
            case OP -> {
                switch (t.text()) {
                    case "(" -> {
                        return parenthesized();
                    }
                    case "[" -> {
                        return listDisplay();
                    }
                    case "{" -> {
                        return dictDisplay();
                    }
                    case "..." -> throw notInSubset(t, "Ellipsis (...)");
                    case "*", "**" -> throw notInSubset(t, "starred expressions (*args/**kwargs)");
                    default -> throw unexpected("expected an expression");
                }
            }
            default -> throw unexpected("expected an expression");
        }
    }

    private Expr parenthesized() {
        Token open = next();
        if (acceptOp(")")) {
            return new Expr.Tuple(Pos.of(open), List.of());
        }
        if (atKeyword("yield")) {
            throw notInSubset(peek(), "generators (yield)");
        }
        Expr first = expression();
        if (atKeyword("for") || atKeyword("async")) {
            throw notInSubset(peek(), "generator expressions");
        }
        if (!atOp(",")) {
            expectOp(")");
            return first;
        }
        List<Expr> elts = new ArrayList<>();
        elts.add(first);
        while (acceptOp(",")) {
            if (atOp(")")) {
                break;
            }
            elts.add(expression());
        }
        expectOp(")");
        return new Expr.Tuple(Pos.of(open), List.copyOf(elts));
    }

    private Expr listDisplay() {
        Token open = next();
        if (acceptOp("]")) {
            return new Expr.ListExpr(Pos.of(open), List.of());
        }
        Expr first = expression();
        if (atKeyword("for") || atKeyword("async")) {
            List<Expr.Comprehension> gens = comprehensionClauses();
            expectOp("]");
            return new Expr.ListComp(Pos.of(open), first, gens);
        }
        List<Expr> elts = new ArrayList<>();
        elts.add(first);
        while (acceptOp(",")) {
            if (atOp("]")) {
                break;
            }
            elts.add(expression());
        }
        expectOp("]");
        return new Expr.ListExpr(Pos.of(open), List.copyOf(elts));
    }

    private List<Expr.Comprehension> comprehensionClauses() {
        List<Expr.Comprehension> gens = new ArrayList<>();
        while (atKeyword("for") || atKeyword("async")) {
            if (atKeyword("async")) {
                throw notInSubset(peek(), "async comprehensions");
            }
            Token f = next();
            Expr target = targetList();
            Targets.checkAssignable(this, target, "comprehension target");
            expectKeyword("in");
            Expr iter = disjunction();
            List<Expr> ifs = new ArrayList<>();
            while (acceptKeyword("if")) {
                ifs.add(disjunction());
            }
            gens.add(new Expr.Comprehension(Pos.of(f), target, iter, List.copyOf(ifs)));
        }
        return List.copyOf(gens);
    }

    private Expr dictDisplay() {
        Token open = next();
        if (acceptOp("}")) {
            return new Expr.Dict(Pos.of(open), List.of(), List.of());
        }
        if (atOp("**")) {
            throw notInSubset(peek(), "dict unpacking (**)");
        }
        Expr firstKey = expression();
        if (!atOp(":")) {
            if (atKeyword("for")) {
                throw notInSubset(open, "set comprehensions");
            }
            throw notInSubset(open, "sets (set literals)");
        }
        next();
        Expr firstValue = expression();
        if (atKeyword("for")) {
            throw notInSubset(peek(), "dict comprehensions");
        }
        List<Expr> keys = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        keys.add(firstKey);
        values.add(firstValue);
        while (acceptOp(",")) {
            if (atOp("}")) {
                break;
            }
            if (atOp("**")) {
                throw notInSubset(peek(), "dict unpacking (**)");
            }
            keys.add(expression());
            expectOp(":");
            values.add(expression());
        }
        expectOp("}");
        return new Expr.Dict(Pos.of(open), List.copyOf(keys), List.copyOf(values));
    }

    /** Adjacent string literals concatenate; any f-string among them makes a JoinedStr. */
    private Expr strings() {
        Token first = peek();
        List<Expr> parts = new ArrayList<>();
        boolean anyF = false;
        while (peek().kind() == TokenKind.STRING) {
            Token t = next();
            StringToken s = (StringToken) t.value();
            if (s.fstring()) {
                anyF = true;
                parts.addAll(new FStringParser(filename, s, t).parse().values());
            } else {
                parts.add(new Expr.Constant(Pos.of(t), s.body()));
            }
        }
        List<Expr> merged = mergeLiterals(parts);
        if (!anyF) {
            String v = merged.isEmpty() ? "" : (String) ((Expr.Constant) merged.getFirst()).value();
            return new Expr.Constant(Pos.of(first), v);
        }
        return new Expr.JoinedStr(Pos.of(first), merged);
    }

    static List<Expr> mergeLiterals(List<Expr> parts) {
        List<Expr> merged = new ArrayList<>();
        for (Expr p : parts) {
            if (p instanceof Expr.Constant c && c.value() instanceof String s) {
                if (s.isEmpty()) {
                    continue;
                }
                if (!merged.isEmpty() && merged.getLast() instanceof Expr.Constant prev && prev.value() instanceof String ps) {
                    merged.set(merged.size() - 1, new Expr.Constant(prev.pos(), ps + s));
                    continue;
                }
            }
            merged.add(p);
        }
        if (merged.isEmpty() && !parts.isEmpty()) {
            merged.add(new Expr.Constant(parts.getFirst().pos(), ""));
        }
        return List.copyOf(merged);
    }
}
