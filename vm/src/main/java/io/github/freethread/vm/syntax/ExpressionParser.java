package io.github.freethread.vm.syntax;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser for expressions, one method per level of Python's grammar
 * (Python Language Reference 6.16, operator precedence), lowest first:
 * conditional expression, {@code or}, {@code and}, {@code not}, comparisons (chained),
 * {@code |}, {@code ^}, {@code &}, shifts, {@code + -}, {@code * / // %}, unary {@code + - ~},
 * {@code **} (right-associative; binds tighter than a unary operator on its left, looser than
 * one on its right), then primaries (attribute, call, subscript); atoms are in {@link AtomParser}.
 * Constructs outside the subset are rejected where they are recognised, with the feature named.
 */
class ExpressionParser extends AtomParser {

    /** Nesting limit for expressions (unary chains, parentheses, subscripts...), like CPython's parser stack limit. */
    static final int MAX_NESTING = 200;
    private int nesting;

    ExpressionParser(List<Token> tokens, String filename) {
        super(tokens, filename);
    }

    private void enter() {
        if (++nesting > MAX_NESTING) {
            throw error(peek(), "expression too deeply nested (more than " + MAX_NESTING + " levels)");
        }
    }

    /** {@code expression}: conditional expression or lower; rejects lambda/yield/walrus. */
    @Override
    Expr expression() {
        enter();
        try {
            return conditional();
        } finally {
            nesting--;
        }
    }

    private Expr conditional() {
        Token t = peek();
        if (t.isKeyword("lambda")) {
            throw notInSubset(t, "lambdas");
        }
        if (t.isKeyword("yield")) {
            throw notInSubset(t, "generators (yield)");
        }
        if (t.isOp("*") || t.isOp("**")) {
            throw notInSubset(t, "starred expressions (*args/**kwargs)");
        }
        Expr body = disjunction();
        if (atKeyword("if")) {
            next();
            Expr test = disjunction();
            if (!atKeyword("else")) {
                throw unexpected("expected 'else' after 'if' expression");
            }
            next();
            Expr orElse = expression();
            return new Expr.IfExp(body.pos(), test, body, orElse);
        }
        if (atOp(":=")) {
            throw notInSubset(peek(), "assignment expressions (:=)");
        }
        return body;
    }

    /** {@code expression (',' expression)* [',']}: a tuple when there is a comma. */
    Expr expressionList() {
        Expr first = expression();
        if (!atOp(",")) {
            return first;
        }
        List<Expr> elts = new ArrayList<>();
        elts.add(first);
        while (acceptOp(",")) {
            if (!startsExpression()) {
                break;
            }
            elts.add(expression());
        }
        return new Expr.Tuple(first.pos(), List.copyOf(elts));
    }

    /** Target list for {@code for} and comprehensions: stops before {@code in}. */
    @Override
    Expr targetList() {
        Expr first = target();
        if (!atOp(",")) {
            return first;
        }
        List<Expr> elts = new ArrayList<>();
        elts.add(first);
        while (acceptOp(",")) {
            if (!startsExpression()) {
                break;
            }
            elts.add(target());
        }
        return new Expr.Tuple(first.pos(), List.copyOf(elts));
    }

    Expr target() {
        if (atOp("*")) {
            throw notInSubset(peek(), "starred assignment targets");
        }
        return bitOr();
    }

    boolean startsExpression() {
        Token t = peek();
        return switch (t.kind()) {
            case NAME, INT, FLOAT, STRING -> true;
            case KEYWORD -> switch (t.text()) {
                case "None", "True", "False", "not", "lambda", "await", "yield" -> true;
                default -> false;
            };
            case OP -> switch (t.text()) {
                case "(", "[", "{", "-", "+", "~", "*", "**", "..." -> true;
                default -> false;
            };
            default -> false;
        };
    }

    Expr disjunction() {
        Expr first = conjunction();
        if (!atKeyword("or")) {
            return first;
        }
        List<Expr> values = new ArrayList<>();
        values.add(first);
        while (acceptKeyword("or")) {
            values.add(conjunction());
        }
        return new Expr.BoolOp(first.pos(), Operator.Bool.OR, List.copyOf(values));
    }

    private Expr conjunction() {
        Expr first = inversion();
        if (!atKeyword("and")) {
            return first;
        }
        List<Expr> values = new ArrayList<>();
        values.add(first);
        while (acceptKeyword("and")) {
            values.add(inversion());
        }
        return new Expr.BoolOp(first.pos(), Operator.Bool.AND, List.copyOf(values));
    }

    private Expr inversion() {
        if (atKeyword("not")) {
            Token t = next();
            enter();
            try {
                return new Expr.UnaryOp(Pos.of(t), Operator.Unary.NOT, inversion());
            } finally {
                nesting--;
            }
        }
        return comparison();
    }

    private Expr comparison() {
        Expr left = bitOr();
        List<Operator.Compare> ops = new ArrayList<>();
        List<Expr> rights = new ArrayList<>();
        while (true) {
            Operator.Compare op = compareOperator();
            if (op == null) {
                break;
            }
            ops.add(op);
            rights.add(bitOr());
        }
        if (ops.isEmpty()) {
            return left;
        }
        return new Expr.Compare(left.pos(), left, List.copyOf(ops), List.copyOf(rights));
    }

    private Operator.Compare compareOperator() {
        Token t = peek();
        if (t.kind() == TokenKind.OP) {
            Operator.Compare op = switch (t.text()) {
                case "<" -> Operator.Compare.LT;
                case "<=" -> Operator.Compare.LE;
                case "==" -> Operator.Compare.EQ;
                case "!=" -> Operator.Compare.NE;
                case ">" -> Operator.Compare.GT;
                case ">=" -> Operator.Compare.GE;
                default -> null;
            };
            if (op != null) {
                next();
            }
            return op;
        }
        if (t.isKeyword("in")) {
            next();
            return Operator.Compare.IN;
        }
        if (t.isKeyword("not") && peek(1).isKeyword("in")) {
            next();
            next();
            return Operator.Compare.NOT_IN;
        }
        if (t.isKeyword("is")) {
            next();
            return acceptKeyword("not") ? Operator.Compare.IS_NOT : Operator.Compare.IS;
        }
        return null;
    }

    private Expr bitOr() {
        Expr left = bitXor();
        while (atOp("|")) {
            next();
            left = new Expr.BinOp(left.pos(), left, Operator.Binary.BITOR, bitXor());
        }
        return left;
    }

    private Expr bitXor() {
        Expr left = bitAnd();
        while (atOp("^")) {
            next();
            left = new Expr.BinOp(left.pos(), left, Operator.Binary.BITXOR, bitAnd());
        }
        return left;
    }

    private Expr bitAnd() {
        Expr left = shift();
        while (atOp("&")) {
            next();
            left = new Expr.BinOp(left.pos(), left, Operator.Binary.BITAND, shift());
        }
        return left;
    }

    private Expr shift() {
        Expr left = sum();
        while (atOp("<<") || atOp(">>")) {
            Operator.Binary op = Operator.Binary.ofSymbol(next().text());
            left = new Expr.BinOp(left.pos(), left, op, sum());
        }
        return left;
    }

    private Expr sum() {
        Expr left = term();
        while (atOp("+") || atOp("-")) {
            Operator.Binary op = Operator.Binary.ofSymbol(next().text());
            left = new Expr.BinOp(left.pos(), left, op, term());
        }
        return left;
    }

    private Expr term() {
        Expr left = factor();
        while (true) {
            Token t = peek();
            if (t.isOp("@")) {
                throw notInSubset(t, "matrix multiplication operator (@)");
            }
            if (t.isOp("*") || t.isOp("/") || t.isOp("//") || t.isOp("%")) {
                next();
                left = new Expr.BinOp(left.pos(), left, Operator.Binary.ofSymbol(t.text()), factor());
            } else {
                return left;
            }
        }
    }

    private Expr factor() {
        Token t = peek();
        if (t.isOp("-") || t.isOp("+") || t.isOp("~")) {
            next();
            Operator.Unary op = t.isOp("-") ? Operator.Unary.NEG : t.isOp("+") ? Operator.Unary.POS : Operator.Unary.INVERT;
            enter();
            try {
                return new Expr.UnaryOp(Pos.of(t), op, factor());
            } finally {
                nesting--;
            }
        }
        return power();
    }

    private Expr power() {
        if (atKeyword("await")) {
            throw notInSubset(peek(), "async (await)");
        }
        Expr base = primary();
        if (atOp("**")) {
            next();
            return new Expr.BinOp(base.pos(), base, Operator.Binary.POW, factor());
        }
        return base;
    }

    private Expr primary() {
        Expr e = atom();
        while (true) {
            Token t = peek();
            if (t.isOp(".")) {
                next();
                Token name = expect(TokenKind.NAME, "attribute name after '.'");
                e = new Expr.Attribute(e.pos(), e, name.text());
            } else if (t.isOp("(")) {
                next();
                e = callArguments(e, t);
            } else if (t.isOp("[")) {
                next();
                Expr index = subscriptList();
                expectOp("]");
                e = new Expr.Subscript(e.pos(), e, index);
            } else {
                return e;
            }
        }
    }

    private Expr callArguments(Expr func, Token open) {
        List<Expr> args = new ArrayList<>();
        List<Expr.Keyword> keywords = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        while (!atOp(")")) {
            Token t = peek();
            if (t.isOp("*") || t.isOp("**")) {
                throw notInSubset(t, "*args/**kwargs in calls");
            }
            if (t.kind() == TokenKind.NAME && peek(1).isOp("=")) {
                next();
                next();
                if (!seen.add(t.text())) {
                    throw error(t, "keyword argument repeated: " + t.text());
                }
                keywords.add(new Expr.Keyword(Pos.of(t), t.text(), expression()));
            } else {
                Expr arg = expression();
                if (atKeyword("for")) {
                    throw notInSubset(peek(), "generator expressions");
                }
                if (atOp("=")) {
                    throw error(peek(), "expression cannot contain assignment, perhaps you meant \"==\"?");
                }
                if (!keywords.isEmpty()) {
                    throw error(arg.pos(), "positional argument follows keyword argument");
                }
                args.add(arg);
            }
            if (!acceptOp(",")) {
                break;
            }
        }
        expectOp(")");
        return new Expr.Call(func.pos(), func, List.copyOf(args), List.copyOf(keywords));
    }

    private Expr subscriptList() {
        Expr first = sliceItem();
        if (!atOp(",")) {
            return first;
        }
        List<Expr> elts = new ArrayList<>();
        elts.add(first);
        while (acceptOp(",")) {
            if (atOp("]")) {
                break;
            }
            elts.add(sliceItem());
        }
        return new Expr.Tuple(first.pos(), List.copyOf(elts));
    }

    private Expr sliceItem() {
        Token start = peek();
        Expr lower = null;
        if (!atOp(":")) {
            lower = expression();
            if (!atOp(":")) {
                return lower;
            }
        }
        expectOp(":");
        Expr upper = (atOp(":") || atOp("]") || atOp(",")) ? null : expression();
        Expr step = null;
        if (acceptOp(":")) {
            step = (atOp("]") || atOp(",")) ? null : expression();
        }
        return new Expr.Slice(Pos.of(start), lower, upper, step);
    }







}
