package io.github.freethread.vm.runtime;

/**
 * Type ids of ftvm's runtime object types, in the order {@link RuntimeTypes#registerAll} registers
 * them in a fresh {@code TypeRegistry} (which hands out 1, 2, 3, ...; checked at registration).
 * Constants so the interpreter can switch on a header's type id.
 */
public final class TypeIds {
    private TypeIds() {
    }

    public static final int NONE = 1;
    public static final int BOOL = 2;
    public static final int INT = 3;
    public static final int BIGINT = 4;
    public static final int FLOAT = 5;
    public static final int STR = 6;
    public static final int TUPLE = 7;
    public static final int LIST = 8;
    public static final int DICT = 9;
    public static final int RANGE = 10;
    public static final int SLICE = 11;
    public static final int ITER = 12;
    public static final int FUNCTION = 13;
    public static final int BUILTIN = 14;
    public static final int MODULE = 15;
    public static final int CLASS = 16;
    public static final int EXC = 17;
    public static final int TRACEBACK = 18;
    public static final int CODE = 19;
    public static final int DICT_VIEW = 20;
    // Handle objects of the threading / concurrent.futures / queue modules (issue 6): the payload
    // is a slot of the VM's handle table (see Layouts, modules.HandleTable).
    public static final int THREAD = 21;
    public static final int LOCK = 22;
    public static final int RLOCK = 23;
    public static final int EVENT = 24;
    public static final int FUTURE = 25;
    public static final int EXECUTOR = 26;
    public static final int QUEUE = 27;
    public static final int COUNT = 27;

    /** First and last type id of handle objects. */
    public static final int FIRST_HANDLE = THREAD;
    public static final int LAST_HANDLE = QUEUE;

    public static boolean isHandle(int typeId) {
        return typeId >= FIRST_HANDLE && typeId <= LAST_HANDLE;
    }
}
