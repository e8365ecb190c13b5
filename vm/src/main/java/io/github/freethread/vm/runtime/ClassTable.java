package io.github.freethread.vm.runtime;

import java.util.ArrayList;
import java.util.List;

/** The fixed table of built-in classes, indices as constants; exception classes form Python's hierarchy. */
public final class ClassTable {
    private ClassTable() {
    }

    public static final int OBJECT = 0;
    public static final int TYPE = 1;
    public static final int NONE_TYPE = 2;
    public static final int INT = 3;
    public static final int BOOL = 4;
    public static final int FLOAT = 5;
    public static final int STR = 6;
    public static final int TUPLE = 7;
    public static final int LIST = 8;
    public static final int DICT = 9;
    public static final int RANGE = 10;
    public static final int SLICE = 11;
    public static final int FUNCTION = 12;
    public static final int BUILTIN_FUNCTION = 13;
    public static final int MODULE = 14;
    public static final int ITERATOR = 15;
    public static final int DICT_VIEW = 16;
    public static final int TRACEBACK = 17;
    public static final int CODE = 18;
    public static final int BASE_EXCEPTION = 19;
    public static final int EXCEPTION = 20;
    public static final int ARITHMETIC_ERROR = 21;
    public static final int ZERO_DIVISION_ERROR = 22;
    public static final int OVERFLOW_ERROR = 23;
    public static final int LOOKUP_ERROR = 24;
    public static final int INDEX_ERROR = 25;
    public static final int KEY_ERROR = 26;
    public static final int NAME_ERROR = 27;
    public static final int UNBOUND_LOCAL_ERROR = 28;
    public static final int TYPE_ERROR = 29;
    public static final int VALUE_ERROR = 30;
    public static final int ATTRIBUTE_ERROR = 31;
    public static final int RUNTIME_ERROR = 32;
    public static final int RECURSION_ERROR = 33;
    public static final int ASSERTION_ERROR = 34;
    public static final int STOP_ITERATION = 35;
    public static final int IMPORT_ERROR = 36;
    public static final int SYSTEM_EXIT = 37;
    public static final int NOT_IMPLEMENTED_ERROR = 38;
    public static final int KEYBOARD_INTERRUPT = 39;
    public static final int MODULE_NOT_FOUND_ERROR = 40;
    public static final int MEMORY_ERROR = 41;
    public static final int OS_ERROR = 42;
    public static final int TIMEOUT_ERROR = 43;
    public static final int WARNING = 44;
    public static final int RUNTIME_WARNING = 45;
    /** Classes from here on belong to modules (threading, concurrent.futures, queue), not builtins. */
    public static final int FIRST_MODULE_CLASS = 46;
    public static final int THREAD = 46;
    public static final int LOCK = 47;
    public static final int RLOCK = 48;
    public static final int EVENT = 49;
    public static final int FUTURE = 50;
    public static final int THREAD_POOL_EXECUTOR = 51;
    public static final int QUEUE = 52;
    public static final int QUEUE_EMPTY = 53;
    public static final int QUEUE_FULL = 54;

    public static final List<PyClass> ALL;

    static {
        List<PyClass> l = new ArrayList<>();
        add(l, OBJECT, "object", -1);
        add(l, TYPE, "type", OBJECT);
        add(l, NONE_TYPE, "NoneType", OBJECT);
        add(l, INT, "int", OBJECT);
        add(l, BOOL, "bool", INT);
        add(l, FLOAT, "float", OBJECT);
        add(l, STR, "str", OBJECT);
        add(l, TUPLE, "tuple", OBJECT);
        add(l, LIST, "list", OBJECT);
        add(l, DICT, "dict", OBJECT);
        add(l, RANGE, "range", OBJECT);
        add(l, SLICE, "slice", OBJECT);
        add(l, FUNCTION, "function", OBJECT);
        add(l, BUILTIN_FUNCTION, "builtin_function_or_method", OBJECT);
        add(l, MODULE, "module", OBJECT);
        add(l, ITERATOR, "iterator", OBJECT);
        add(l, DICT_VIEW, "dict_view", OBJECT);
        add(l, TRACEBACK, "traceback", OBJECT);
        add(l, CODE, "code", OBJECT);
        add(l, BASE_EXCEPTION, "BaseException", OBJECT);
        add(l, EXCEPTION, "Exception", BASE_EXCEPTION);
        add(l, ARITHMETIC_ERROR, "ArithmeticError", EXCEPTION);
        add(l, ZERO_DIVISION_ERROR, "ZeroDivisionError", ARITHMETIC_ERROR);
        add(l, OVERFLOW_ERROR, "OverflowError", ARITHMETIC_ERROR);
        add(l, LOOKUP_ERROR, "LookupError", EXCEPTION);
        add(l, INDEX_ERROR, "IndexError", LOOKUP_ERROR);
        add(l, KEY_ERROR, "KeyError", LOOKUP_ERROR);
        add(l, NAME_ERROR, "NameError", EXCEPTION);
        add(l, UNBOUND_LOCAL_ERROR, "UnboundLocalError", NAME_ERROR);
        add(l, TYPE_ERROR, "TypeError", EXCEPTION);
        add(l, VALUE_ERROR, "ValueError", EXCEPTION);
        add(l, ATTRIBUTE_ERROR, "AttributeError", EXCEPTION);
        add(l, RUNTIME_ERROR, "RuntimeError", EXCEPTION);
        add(l, RECURSION_ERROR, "RecursionError", RUNTIME_ERROR);
        add(l, ASSERTION_ERROR, "AssertionError", EXCEPTION);
        add(l, STOP_ITERATION, "StopIteration", EXCEPTION);
        add(l, IMPORT_ERROR, "ImportError", EXCEPTION);
        add(l, SYSTEM_EXIT, "SystemExit", BASE_EXCEPTION);
        add(l, NOT_IMPLEMENTED_ERROR, "NotImplementedError", RUNTIME_ERROR);
        add(l, KEYBOARD_INTERRUPT, "KeyboardInterrupt", BASE_EXCEPTION);
        add(l, MODULE_NOT_FOUND_ERROR, "ModuleNotFoundError", IMPORT_ERROR);
        add(l, MEMORY_ERROR, "MemoryError", EXCEPTION);
        add(l, OS_ERROR, "OSError", EXCEPTION);
        add(l, TIMEOUT_ERROR, "TimeoutError", OS_ERROR);
        add(l, WARNING, "Warning", EXCEPTION);
        add(l, RUNTIME_WARNING, "RuntimeWarning", WARNING);
        // names as CPython 3.11's type(x).__name__: threading.Lock() is a '_thread.lock'
        add(l, THREAD, "Thread", OBJECT);
        add(l, LOCK, "lock", OBJECT);
        add(l, RLOCK, "RLock", OBJECT);
        add(l, EVENT, "Event", OBJECT);
        add(l, FUTURE, "Future", OBJECT);
        add(l, THREAD_POOL_EXECUTOR, "ThreadPoolExecutor", OBJECT);
        add(l, QUEUE, "Queue", OBJECT);
        add(l, QUEUE_EMPTY, "Empty", EXCEPTION);
        add(l, QUEUE_FULL, "Full", EXCEPTION);
        ALL = List.copyOf(l);
    }

    private static void add(List<PyClass> l, int index, String name, int base) {
        if (l.size() != index) {
            throw new ExceptionInInitializerError("class table out of order at " + name);
        }
        l.add(new PyClass(index, name, base));
    }

    public static PyClass get(int index) {
        return ALL.get(index);
    }

    public static String name(int index) {
        return ALL.get(index).name();
    }

    /** True if class {@code sub} is {@code sup} or derives from it. */
    public static boolean isSubclass(int sub, int sup) {
        for (int c = sub; c >= 0; c = ALL.get(c).base()) {
            if (c == sup) {
                return true;
            }
        }
        return false;
    }

    public static boolean isException(int index) {
        return isSubclass(index, BASE_EXCEPTION);
    }
}
