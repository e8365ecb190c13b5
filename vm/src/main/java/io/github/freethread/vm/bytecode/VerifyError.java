package io.github.freethread.vm.bytecode;

/**
 * Malformed bytecode, found by the {@link Verifier}: which code object, which offset (code units;
 * -1 for a problem with the code object as a whole) and why.
 */
public final class VerifyError extends RuntimeException {
    private final String codeName;
    private final int offset;
    private final String reason;

    public VerifyError(String codeName, int offset, String reason) {
        super("bad bytecode in " + codeName + (offset >= 0 ? " at offset " + offset : "") + ": " + reason);
        this.codeName = codeName;
        this.offset = offset;
        this.reason = reason;
    }

    public String codeName() { return codeName; }

    public int offset() { return offset; }

    public String reason() { return reason; }
}
