package io.github.freethread.vm.syntax;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses a module of the ftvm Python subset into a {@link Stmt.Module}. Statements follow the
 * Python Language Reference (chapters 7 and 8) restricted to the subset of issue 5; every
 * construct outside it that the parser meets (class, decorators, async, lambda, yield, nonlocal,
 * star-args, keyword-only and positional-only parameters, variable annotations, sets, relative
 * and star imports, {@code except*}) is a {@link SyntaxError} naming the feature, line and column.
 * Parameter and return annotations are accepted and ignored (the seed program of issue 6 uses
 * them); they are not evaluated, as under {@code from __future__ import annotations}.
 * Scoping rules that need the whole function (closures, global misuse) are checked later by the
 * compiler's symbol pass.
 */
public final class Parser extends ExpressionParser {
    private int loopDepth;
    private int functionDepth;

    private Parser(List<Token> tokens, String filename) {
        super(tokens, filename);
    }

    /** Lexes and parses a whole file. */
    public static Stmt.Module parse(String source, String filename) {
        Parser p = new Parser(Lexer.tokenize(source, filename), filename);
        return p.module();
    }

    /** Parses a single expression (for tools and tests). */
    public static Expr parseExpression(String source, String filename) {
        Parser p = new Parser(Lexer.tokenize(source, filename), filename);
        Expr e = p.expressionList();
        p.expect(TokenKind.NEWLINE, "end of expression");
        p.expect(TokenKind.END, "end of input");
        return e;
    }

    private Stmt.Module module() {
        List<Stmt> body = new ArrayList<>();
        while (peek().kind() != TokenKind.END) {
            if (peek().kind() == TokenKind.NEWLINE) {
                next();
                continue;
            }
            if (peek().kind() == TokenKind.INDENT) {
                throw new SyntaxError("IndentationError", "unexpected indent", filename, peek().line(), peek().col());
            }
            statement(body);
        }
        return new Stmt.Module(filename, List.copyOf(body));
    }

    private void statement(List<Stmt> out) {
        Token t = peek();
        if (t.kind() == TokenKind.KEYWORD) {
            switch (t.text()) {
                case "if" -> { out.add(ifStatement()); return; }
                case "while" -> { out.add(whileStatement()); return; }
                case "for" -> { out.add(forStatement()); return; }
                case "try" -> { out.add(tryStatement()); return; }
                case "with" -> { out.add(withStatement()); return; }
                case "def" -> { out.add(functionDef()); return; }
                case "class" -> throw notInSubset(t, "classes");
                case "async" -> throw notInSubset(t, "async");
                default -> { }
            }
        } else if (t.isOp("@")) {
            throw notInSubset(t, "decorators");
        } else if (t.kind() == TokenKind.INDENT) {
            throw new SyntaxError("IndentationError", "unexpected indent", filename, t.line(), t.col());
        }
        simpleStatements(out);
    }

    private void simpleStatements(List<Stmt> out) {
        while (true) {
            out.add(simpleStatement());
            if (!acceptOp(";")) {
                break;
            }
            if (peek().kind() == TokenKind.NEWLINE) {
                break;
            }
        }
        if (peek().kind() != TokenKind.NEWLINE) {
            throw unexpected("expected end of statement");
        }
        next();
    }

    private Stmt simpleStatement() {
        Token t = peek();
        Pos p = Pos.of(t);
        if (t.kind() == TokenKind.KEYWORD) {
            switch (t.text()) {
                case "pass" -> { next(); return new Stmt.Pass(p); }
                case "break" -> {
                    next();
                    if (loopDepth == 0) {
                        throw error(t, "'break' outside loop");
                    }
                    return new Stmt.Break(p);
                }
                case "continue" -> {
                    next();
                    if (loopDepth == 0) {
                        throw error(t, "'continue' not properly in loop");
                    }
                    return new Stmt.Continue(p);
                }
                case "return" -> {
                    next();
                    if (functionDepth == 0) {
                        throw error(t, "'return' outside function");
                    }
                    Expr value = atSimpleStatementEnd() ? null : expressionList();
                    return new Stmt.Return(p, value);
                }
                case "global" -> {
                    next();
                    List<String> names = new ArrayList<>();
                    do {
                        names.add(expect(TokenKind.NAME, "a name after 'global'").text());
                    } while (acceptOp(","));
                    return new Stmt.Global(p, List.copyOf(names));
                }
                case "nonlocal" -> throw notInSubset(t, "closures (nonlocal)");
                case "del" -> {
                    next();
                    List<Expr> targets = new ArrayList<>();
                    do {
                        if (atSimpleStatementEnd()) {
                            break;
                        }
                        Expr target = targetOrExpression();
                        Targets.checkDeletable(this, target);
                        targets.add(target);
                    } while (acceptOp(","));
                    if (targets.isEmpty()) {
                        throw unexpected("expected a target after 'del'");
                    }
                    return new Stmt.Delete(p, List.copyOf(targets));
                }
                case "assert" -> {
                    next();
                    Expr test = expression();
                    Expr msg = acceptOp(",") ? expression() : null;
                    return new Stmt.Assert(p, test, msg);
                }
                case "import" -> { return importStatement(); }
                case "from" -> { return fromImport(); }
                case "raise" -> {
                    next();
                    if (atSimpleStatementEnd()) {
                        return new Stmt.Raise(p, null, null);
                    }
                    Expr exc = expression();
                    Expr cause = acceptKeyword("from") ? expression() : null;
                    return new Stmt.Raise(p, exc, cause);
                }
                case "yield" -> throw notInSubset(t, "generators (yield)");
                case "class" -> throw notInSubset(t, "classes");
                case "async" -> throw notInSubset(t, "async");
                default -> { }
            }
        }
        return expressionStatement();
    }

    private Expr targetOrExpression() {
        if (atOp("*")) {
            throw notInSubset(peek(), "starred assignment targets");
        }
        return expression();
    }

    private boolean atSimpleStatementEnd() {
        return peek().kind() == TokenKind.NEWLINE || atOp(";");
    }

    private Stmt expressionStatement() {
        Token t = peek();
        Pos p = Pos.of(t);
        Expr first = starredList();
        if (atOp("=")) {
            List<Expr> targets = new ArrayList<>();
            Expr value = first;
            while (acceptOp("=")) {
                Targets.checkAssignable(this, value, "assignment");
                targets.add(value);
                if (atKeyword("yield")) {
                    throw notInSubset(peek(), "generators (yield)");
                }
                value = starredList();
            }
            return new Stmt.Assign(p, List.copyOf(targets), value);
        }
        Token op = peek();
        if (op.kind() == TokenKind.OP && op.text().length() >= 2 && op.text().endsWith("=")
                && !op.text().equals("==") && !op.text().equals("<=") && !op.text().equals(">=") && !op.text().equals("!=")) {
            String sym = op.text().substring(0, op.text().length() - 1);
            if (sym.equals("@")) {
                throw notInSubset(op, "matrix multiplication operator (@=)");
            }
            Operator.Binary bin = Operator.Binary.ofSymbol(sym);
            if (bin == null) {
                throw unexpected("expected an augmented assignment operator");
            }
            next();
            Targets.checkAugmentable(this, first);
            return new Stmt.AugAssign(p, first, bin, expressionList());
        }
        if (atOp(":")) {
            throw notInSubset(peek(), "variable annotations");
        }
        return new Stmt.ExprStmt(p, first);
    }

    /** Expression list in statement position, where a starred item is recognised and rejected. */
    private Expr starredList() {
        if (atOp("*")) {
            throw notInSubset(peek(), "starred assignment targets");
        }
        return expressionList();
    }

    private Stmt importStatement() {
        Token t = next();
        List<Stmt.Alias> names = new ArrayList<>();
        do {
            Token start = peek();
            String name = dottedName();
            String as = acceptKeyword("as") ? expect(TokenKind.NAME, "a name after 'as'").text() : null;
            names.add(new Stmt.Alias(Pos.of(start), name, as));
        } while (acceptOp(","));
        return new Stmt.Import(Pos.of(t), List.copyOf(names));
    }

    private Stmt fromImport() {
        Token t = next();
        if (atOp(".") || atOp("...")) {
            throw notInSubset(peek(), "relative imports");
        }
        String module = dottedName();
        expectKeyword("import");
        if (atOp("*")) {
            throw notInSubset(peek(), "star imports (from m import *)");
        }
        boolean paren = acceptOp("(");
        List<Stmt.Alias> names = new ArrayList<>();
        do {
            if (paren && atOp(")")) {
                break;
            }
            Token start = peek();
            String name = expect(TokenKind.NAME, "a name to import").text();
            String as = acceptKeyword("as") ? expect(TokenKind.NAME, "a name after 'as'").text() : null;
            names.add(new Stmt.Alias(Pos.of(start), name, as));
        } while (acceptOp(","));
        if (paren) {
            expectOp(")");
        }
        if (names.isEmpty()) {
            throw unexpected("expected a name to import");
        }
        return new Stmt.ImportFrom(Pos.of(t), module, List.copyOf(names));
    }

    private String dottedName() {
        StringBuilder sb = new StringBuilder(expect(TokenKind.NAME, "a module name").text());
        while (acceptOp(".")) {
            sb.append('.').append(expect(TokenKind.NAME, "a module name after '.'").text());
        }
        return sb.toString();
    }

    private List<Stmt> block(Token header) {
        expectOp(":");
        if (peek().kind() != TokenKind.NEWLINE) {
            List<Stmt> body = new ArrayList<>();
            simpleStatements(body);
            return List.copyOf(body);
        }
        next();
        if (peek().kind() != TokenKind.INDENT) {
            throw new SyntaxError("IndentationError", "expected an indented block after '" + header.text()
                    + "' statement on line " + header.line(), filename, peek().line(), peek().col());
        }
        next();
        List<Stmt> body = new ArrayList<>();
        while (peek().kind() != TokenKind.DEDENT && peek().kind() != TokenKind.END) {
            statement(body);
        }
        if (peek().kind() == TokenKind.DEDENT) {
            next();
        }
        return List.copyOf(body);
    }

    private Stmt ifStatement() {
        Token t = next();
        Expr test = namedTest();
        List<Stmt> body = block(t);
        List<Stmt> orElse = List.of();
        if (atKeyword("elif")) {
            orElse = List.of(ifStatement());
        } else if (atKeyword("else")) {
            Token e = next();
            orElse = block(e);
        }
        return new Stmt.If(Pos.of(t), test, body, orElse);
    }

    private Expr namedTest() {
        Expr e = expression();
        if (atOp(":=")) {
            throw notInSubset(peek(), "assignment expressions (:=)");
        }
        return e;
    }

    private Stmt whileStatement() {
        Token t = next();
        Expr test = namedTest();
        loopDepth++;
        List<Stmt> body = block(t);
        loopDepth--;
        List<Stmt> orElse = List.of();
        if (atKeyword("else")) {
            orElse = block(next());
        }
        return new Stmt.While(Pos.of(t), test, body, orElse);
    }

    private Stmt forStatement() {
        Token t = next();
        Expr target = targetList();
        Targets.checkAssignable(this, target, "for loop target");
        expectKeyword("in");
        Expr iter = expressionList();
        loopDepth++;
        List<Stmt> body = block(t);
        loopDepth--;
        List<Stmt> orElse = List.of();
        if (atKeyword("else")) {
            orElse = block(next());
        }
        return new Stmt.For(Pos.of(t), target, iter, body, orElse);
    }

    private Stmt tryStatement() {
        Token t = next();
        List<Stmt> body = block(t);
        List<Stmt.ExceptHandler> handlers = new ArrayList<>();
        while (atKeyword("except")) {
            Token e = next();
            if (atOp("*")) {
                throw notInSubset(peek(), "exception groups (except*)");
            }
            Expr type = null;
            String name = null;
            if (!atOp(":")) {
                type = expression();
                if (atOp(",")) {
                    throw error(peek(), "multiple exception types must be parenthesized");
                }
                if (acceptKeyword("as")) {
                    name = expect(TokenKind.NAME, "a name after 'as'").text();
                }
            } else if (atKeyword("as")) {
                throw unexpected("expected an exception type before 'as'");
            }
            if (type == null && atKeyword("except") == false && !handlers.isEmpty() && handlers.getLast().type() == null) {
                throw error(e, "default 'except:' must be last");
            }
            if (!handlers.isEmpty() && handlers.getLast().type() == null) {
                throw error(e, "default 'except:' must be last");
            }
            handlers.add(new Stmt.ExceptHandler(Pos.of(e), type, name, block(e)));
        }
        List<Stmt> orElse = List.of();
        if (atKeyword("else")) {
            if (handlers.isEmpty()) {
                throw error(peek(), "invalid syntax: 'else' without 'except'");
            }
            orElse = block(next());
        }
        List<Stmt> finalBody = List.of();
        if (atKeyword("finally")) {
            finalBody = block(next());
        }
        if (handlers.isEmpty() && finalBody.isEmpty()) {
            throw unexpected("expected 'except' or 'finally' block");
        }
        return new Stmt.Try(Pos.of(t), body, List.copyOf(handlers), orElse, finalBody);
    }

    private Stmt withStatement() {
        Token t = next();
        List<Stmt.WithItem> items = new ArrayList<>();
        do {
            Expr ctx = expression();
            Expr vars = null;
            if (acceptKeyword("as")) {
                vars = target();
                Targets.checkAssignable(this, vars, "with target");
            }
            items.add(new Stmt.WithItem(ctx, vars));
        } while (acceptOp(","));
        List<Stmt> body = block(t);
        return new Stmt.With(Pos.of(t), List.copyOf(items), body);
    }

    private Stmt functionDef() {
        Token t = next();
        Token name = expect(TokenKind.NAME, "a function name after 'def'");
        expectOp("(");
        List<Stmt.Param> params = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        boolean sawDefault = false;
        while (!atOp(")")) {
            Token p = peek();
            if (p.isOp("*") || p.isOp("**")) {
                throw notInSubset(p, "*args/**kwargs parameters");
            }
            if (p.isOp("/")) {
                throw notInSubset(p, "positional-only parameters (/)");
            }
            Token pn = expect(TokenKind.NAME, "a parameter name");
            if (acceptOp(":")) {
                expression(); // annotation: parsed, checked, not evaluated (see docs/vm.md)
            }
            if (!seen.add(pn.text())) {
                throw error(pn, "duplicate argument '" + pn.text() + "' in function definition");
            }
            Expr dflt = null;
            if (acceptOp("=")) {
                dflt = expression();
                sawDefault = true;
            } else if (sawDefault) {
                throw error(pn, "non-default argument follows default argument");
            }
            params.add(new Stmt.Param(Pos.of(pn), pn.text(), dflt));
            if (!acceptOp(",")) {
                break;
            }
        }
        expectOp(")");
        if (acceptOp("->")) {
            expression(); // return annotation: parsed, not evaluated
        }
        int savedLoops = loopDepth;
        loopDepth = 0;
        functionDepth++;
        List<Stmt> body = block(t);
        functionDepth--;
        loopDepth = savedLoops;
        return new Stmt.FunctionDef(Pos.of(t), name.text(), List.copyOf(params), body);
    }
}
