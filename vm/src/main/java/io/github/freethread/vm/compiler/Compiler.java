package io.github.freethread.vm.compiler;

import io.github.freethread.vm.bytecode.CodeObject;
import io.github.freethread.vm.syntax.Parser;
import io.github.freethread.vm.syntax.Stmt;

/**
 * Entry point of the front end: source text to a verified module {@link CodeObject}.
 * Pipeline: {@code Lexer} -> {@code Parser} (AST) -> {@link ScopeAnalyzer} (locals/globals,
 * closure and global checks) -> {@link CodeGenerator} over a {@code CodeBuilder} (layout, stack
 * depth, exception and line tables) -> {@code Verifier}. Bad programs raise
 * {@link io.github.freethread.vm.syntax.SyntaxError}; a {@code VerifyError} from here would be a
 * compiler bug. Stateless and thread-safe: each call builds its own objects.
 */
public final class Compiler {
    private Compiler() {
    }

    /** Compiles a whole file. */
    public static CodeObject compile(String source, String filename) {
        return compile(Parser.parse(source, filename));
    }

    /** Compiles a parsed module. */
    public static CodeObject compile(Stmt.Module module) {
        ScopeAnalyzer.Result scopes = ScopeAnalyzer.analyze(module);
        return CodeGenerator.module(module, scopes);
    }
}
