package io.github.freethread.vm.compiler;

import io.github.freethread.vm.bytecode.CodeObject;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Dynamic check of the compiler's stack discipline: generated programs run on the reference
 * interpreter with a value stack of exactly {@code maxStack} slots. Whatever Python exception a
 * program raises, or a built-in the reference interpreter lacks, execution must never overflow
 * or underflow that stack, and every RETURN_VALUE must find the stack otherwise empty (both
 * would show as ArrayIndexOutOfBoundsException / IllegalStateException from the interpreter).
 */
class ExecutionPropertiesTest {

    @Property(tries = 300)
    void generatedProgramsRespectMaxStackAndReturnWithAnEmptyStack(@ForAll long seed) {
        String src = new ProgramGenerator(seed).program();
        CodeObject co = Compiler.compile(src, "gen.py");
        ReferenceInterpreter vm = new ReferenceInterpreter();
        vm.stepsLeft = 20_000;
        try {
            vm.run(co);
        } catch (ReferenceInterpreter.StepLimit | ClassCastException | UnsupportedOperationException
                 | NullPointerException | ArithmeticException | IndexOutOfBoundsException e) {
            if (e instanceof ArrayIndexOutOfBoundsException) {
                throw new AssertionError("value stack overflow/underflow running:\n" + src, e);
            }
            // Reference-interpreter limitation or an endless loop: not a compiler property.
        } catch (IllegalStateException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("RETURN_VALUE")) {
                throw new AssertionError(e.getMessage() + " running:\n" + src, e);
            }
        }
    }
}
