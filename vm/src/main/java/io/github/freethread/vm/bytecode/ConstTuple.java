package io.github.freethread.vm.bytecode;

import java.util.List;

/**
 * A tuple constant (for example a function's default values when they are all literals, or the
 * keyword names of {@link Opcode#CALL_KW}). Items are constants themselves.
 */
public record ConstTuple(List<Object> items) {
    public ConstTuple {
        items = List.copyOf(items);
        for (Object item : items) {
            CodeObject.checkConstant(item);
        }
    }
}
