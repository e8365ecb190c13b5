package io.github.freethread.vm.bytecode;

import java.util.ArrayList;
import java.util.List;

/**
 * One decoded instruction: {@code start} is its first unit (first EXTENDED_ARG prefix if any),
 * {@code opOffset} the unit holding the opcode, {@code next} the offset after its caches.
 */
public record Instruction(int start, int opOffset, Opcode op, int arg, int next) {

    /**
     * Decodes code units leniently (for the disassembler of possibly quickened code): unknown
     * opcodes decode as null op with their raw number in {@code arg}, and decoding stops at a
     * truncated tail.
     */
    public static List<Instruction> decode(char[] code) {
        List<Instruction> out = new ArrayList<>();
        int i = 0;
        while (i < code.length) {
            int start = i;
            long arg = 0;
            while (i < code.length && CodeUnits.opcode(code[i]) == Opcode.EXTENDED_ARG.code()) {
                arg = (arg | CodeUnits.oparg(code[i])) << 8;
                i++;
            }
            if (i >= code.length) {
                out.add(new Instruction(start, start, Opcode.EXTENDED_ARG, (int) (arg >>> 8), code.length));
                break;
            }
            Opcode op = Opcode.byCode(CodeUnits.opcode(code[i]));
            arg |= CodeUnits.oparg(code[i]);
            int next = Math.min(code.length, i + 1 + (op == null ? 0 : op.cacheUnits()));
            out.add(new Instruction(start, i, op, op == null ? CodeUnits.opcode(code[i]) : (int) arg, next));
            i = next;
        }
        return out;
    }
}
