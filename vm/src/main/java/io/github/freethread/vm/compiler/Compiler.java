package io.github.freethread.vm.compiler;

import io.github.freethread.vm.bytecode.CodeObject;
import io.github.freethread.vm.syntax.Parser;
import io.github.freethread.vm.syntax.Stmt;
import io.github.freethread.vm.syntax.SyntaxError;

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
        try {
            return compile(Parser.parse(source, filename));
        } catch (StackOverflowError e) {
            throw tooComplex(filename);
        }
    }

    /** Compiles a parsed module. */
    public static CodeObject compile(Stmt.Module module) {
        try {
            ScopeAnalyzer.Result scopes = ScopeAnalyzer.analyze(module);
            return CodeGenerator.module(module, scopes);
        } catch (StackOverflowError e) {
            throw tooComplex(module.filename());
        }
    }

    /**
     * Developer tool: {@code java -cp vm/target/classes io.github.freethread.vm.compiler.Compiler FILE.py...}
     * prints the disassembly of each file, or its SyntaxError in CPython's format (exit status 1).
     */
    public static void main(String[] args) throws java.io.IOException {
        int status = 0;
        for (String file : args) {
            String source = java.nio.file.Files.readString(java.nio.file.Path.of(file));
            try {
                System.out.print(io.github.freethread.vm.bytecode.Disassembler.disassemble(compile(source, file)));
            } catch (SyntaxError e) {
                System.err.print(e.format(source));
                status = 1;
            }
        }
        System.exit(status);
    }

    /**
     * The parser bounds nesting (brackets, indentation, unary chains, nested expressions), but a
     * left-deep chain such as {@code 1+1+...+1} with tens of thousands of terms is parsed by a
     * loop and only recursed over later; CPython reports such programs as a RecursionError during
     * compilation, ftvm as this SyntaxError. The Java stack unwinds normally through the catch.
     */
    private static SyntaxError tooComplex(String filename) {
        return new SyntaxError("program too deeply nested to compile", filename, 1, 1);
    }
}
