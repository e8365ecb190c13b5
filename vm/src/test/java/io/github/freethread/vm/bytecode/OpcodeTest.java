package io.github.freethread.vm.bytecode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OpcodeTest {

    @Test
    void shouldGiveQuickenedFormsTheShapeOfTheirFamily() {
        for (Opcode op : Opcode.values()) {
            if (op.isSpecialized()) {
                Opcode f = op.family();
                assertThat(f.isSpecialized()).as(op + " family is generic").isFalse();
                assertThat(op.cacheUnits()).as(op + " caches").isEqualTo(f.cacheUnits());
                assertThat(op.arg()).isEqualTo(f.arg());
                for (int arg = 0; arg < 8; arg++) {
                    assertThat(op.stackEffect(arg, false)).isEqualTo(f.stackEffect(arg, false));
                }
                assertThat(f.cacheUnits()).as(f + " has a counter to specialise with").isGreaterThan(0);
            }
        }
    }

    @Test
    void shouldDocumentEveryOpcode() {
        for (Opcode op : Opcode.values()) {
            assertThat(op.description()).as(op.name()).isNotBlank();
            assertThat(op.stack()).as(op.name()).isNotBlank();
        }
        assertThat(Opcode.CACHE.code()).isZero();
        assertThat(Opcode.values().length).isLessThanOrEqualTo(256);
    }

    @Test
    void shouldKeepDocsInstructionTableInSyncWithOpcode() throws Exception {
        Path doc = Path.of("..", "docs", "vm.md");
        String text = Files.readString(doc);
        String table = OpcodeTable.markdown();
        assertThat(text).as("docs/vm.md must contain the table printed by OpcodeTable.markdown()").contains(table);
        for (Opcode op : Opcode.values()) {
            assertThat(text).contains("`" + op.name() + "`");
        }
    }

    @Test
    void shouldRoundTripCountersInCacheLayout() {
        char c = InlineCacheLayout.initialCounter();
        assertThat(InlineCacheLayout.counterValue(c)).isEqualTo(InlineCacheLayout.WARMUP - 1);
        char backed = InlineCacheLayout.backedOff(InlineCacheLayout.backedOff(c));
        assertThat(InlineCacheLayout.counterBackoff(backed)).isEqualTo(2);
        assertThat(InlineCacheLayout.counterValue(backed)).isEqualTo(3);
        char max = c;
        for (int i = 0; i < 20; i++) {
            max = InlineCacheLayout.backedOff(max);
        }
        assertThat(InlineCacheLayout.counterBackoff(max)).isEqualTo(InlineCacheLayout.MAX_BACKOFF);
        char[] code = new char[4];
        InlineCacheLayout.write32(code, 1, 0xDEADBEEF);
        assertThat(InlineCacheLayout.read32(code, 1)).isEqualTo(0xDEADBEEF);
    }
}
