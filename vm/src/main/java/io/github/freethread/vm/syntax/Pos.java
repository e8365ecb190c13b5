package io.github.freethread.vm.syntax;

/** A 1-based source position. */
public record Pos(int line, int col) {
    static Pos of(Token t) {
        return new Pos(t.line(), t.col());
    }
}
