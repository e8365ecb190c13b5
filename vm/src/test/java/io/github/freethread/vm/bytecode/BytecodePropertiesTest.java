package io.github.freethread.vm.bytecode;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.freethread.vm.compiler.Compiler;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Random and corrupted bytecode never crashes the verifier or the disassembler. */
class BytecodePropertiesTest {

    private static final CodeObject SAMPLE = Compiler.compile("""
            def f(n, k=2):
                total = 0
                for i in range(n):
                    try:
                        total += i ** k if i % 3 else -i
                    except ZeroDivisionError as e:
                        continue
                    finally:
                        total -= 1
                return [x for x in (total, n) if x]
            with ctx() as c:
                print(f(10), f"{c!r:>5}")
            """, "sample.py");

    private static CodeObject withCode(CodeObject like, char[] code, int maxStack, List<ExceptionTable.Entry> entries) {
        return new CodeObject(like.kind(), like.name(), like.filename(), like.firstLine(), like.argCount(), like.defaultCount(),
                like.varnames(), like.names(), like.constants(), code, like.lineTable(), new ExceptionTable(entries), maxStack);
    }

    private static void verifyOrReject(CodeObject co) {
        try {
            Verifier.verify(co);
        } catch (VerifyError e) {
            assertThat(e.offset()).isGreaterThanOrEqualTo(-1); // table entries report their (maybe bogus) start
            assertThat(e.reason()).isNotBlank();
        }
        assertThat(Disassembler.disassemble(co, co.copyCode(), true)).isNotEmpty();
    }

    @Provide
    Arbitrary<char[]> units() {
        Arbitrary<Character> unit = Arbitraries.oneOf(
                Arbitraries.chars().range((char) 0, (char) 0xFFFF),
                Arbitraries.integers().between(0, Opcode.values().length - 1)
                        .flatMap(op -> Arbitraries.integers().between(0, 6).map(arg -> (char) (arg << 8 | op))));
        return unit.array(char[].class).ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 1000)
    void randomCodeUnitsAreVerifiedOrRejected(@ForAll("units") char[] code, @ForAll @IntRange(max = 8) int maxStack) {
        verifyOrReject(withCode(SAMPLE, code, maxStack, List.of()));
    }

    @Property(tries = 1000)
    void corruptedCompiledCodeIsVerifiedOrRejected(@ForAll @IntRange(max = 10_000) int position, @ForAll char value,
                                                    @ForAll @Size(max = 3) List<@IntRange(max = 200) Integer> table) {
        CodeObject f = (CodeObject) SAMPLE.constants().stream().filter(c -> c instanceof CodeObject).findFirst().orElseThrow();
        char[] code = f.copyCode();
        code[position % code.length] = value;
        List<ExceptionTable.Entry> entries = new java.util.ArrayList<>(f.exceptionTable().entries());
        if (table.size() == 3) {
            entries.add(new ExceptionTable.Entry(table.get(0), table.get(1), table.get(2), table.get(0) % 4));
            entries.sort(java.util.Comparator.comparingInt(ExceptionTable.Entry::start));
        }
        verifyOrReject(withCode(f, code, f.maxStack(), entries));
    }

    @Property(tries = 2000)
    void floatReprRoundTripsAndIsNoLongerThanJavas(@ForAll double d) {
        String repr = PyRepr.ofFloat(d);
        if (Double.isNaN(d)) {
            assertThat(repr).isEqualTo("nan");
            return;
        }
        if (!Double.isInfinite(d)) {
            assertThat(Double.parseDouble(repr)).isEqualTo(d);
        }
    }
}
