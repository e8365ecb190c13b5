package io.github.freethread.vm.syntax;

/** Checks that an expression can be the target of an assignment, a {@code for} or a {@code del}. */
final class Targets {
    private Targets() {
    }

    /** Name, attribute, subscript, or a tuple/list of those. */
    static void checkAssignable(TokenCursor at, Expr e, String context) {
        switch (e) {
            case Expr.Name n -> { }
            case Expr.Attribute a -> { }
            case Expr.Subscript s -> { }
            case Expr.Tuple t -> t.elts().forEach(x -> checkAssignable(at, x, context));
            case Expr.ListExpr l -> l.elts().forEach(x -> checkAssignable(at, x, context));
            default -> throw at.error(e.pos(), "cannot assign to " + describe(e) + " (in " + context + ")");
        }
    }

    static void checkDeletable(TokenCursor at, Expr e) {
        switch (e) {
            case Expr.Name n -> { }
            case Expr.Attribute a -> { }
            case Expr.Subscript s -> { }
            case Expr.Tuple t -> t.elts().forEach(x -> checkDeletable(at, x));
            case Expr.ListExpr l -> l.elts().forEach(x -> checkDeletable(at, x));
            default -> throw at.error(e.pos(), "cannot delete " + describe(e));
        }
    }

    static void checkAugmentable(TokenCursor at, Expr e) {
        switch (e) {
            case Expr.Name n -> { }
            case Expr.Attribute a -> { }
            case Expr.Subscript s -> { }
            default -> throw at.error(e.pos(), "'" + describe(e) + "' is an illegal expression for augmented assignment");
        }
    }

    static String describe(Expr e) {
        return switch (e) {
            case Expr.Constant c -> c.value() instanceof Expr.NoneValue ? "None"
                    : c.value() instanceof Boolean b ? (b ? "True" : "False") : "literal";
            case Expr.Call c -> "function call";
            case Expr.BinOp b -> "expression";
            case Expr.UnaryOp u -> "expression";
            case Expr.BoolOp b -> "expression";
            case Expr.Compare c -> "comparison";
            case Expr.IfExp i -> "conditional expression";
            case Expr.Dict d -> "dict literal";
            case Expr.ListComp l -> "list comprehension";
            case Expr.JoinedStr j -> "f-string expression";
            case Expr.FormattedValue f -> "f-string expression";
            case Expr.Slice s -> "slice";
            case Expr.Tuple t -> "tuple";
            case Expr.ListExpr l -> "list";
            case Expr.Name n -> "name";
            case Expr.Attribute a -> "attribute";
            case Expr.Subscript s -> "subscript";
        };
    }
}
