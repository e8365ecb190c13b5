"""Static check that corpus programs stay inside the ftvm Python subset (issues 5 and 6).

Runs under CPython (it uses the ast module, which is not part of the subset itself):
    python3 tools/check_subset.py FILE.py...        exit 1 and one line per violation
A line ending in "# subset-check: intentional" is exempt (programs that provoke a NameError or
AttributeError on purpose). The check is syntactic: it rejects every construct the subset leaves out, every built-in name
and every attribute name that the subset does not list. It cannot know run-time types, so a
listed method name called on the wrong type is not caught (the CPython run would show it).
"""
import ast
import sys

BUILTINS = {
    "print", "len", "range", "abs", "min", "max", "sum", "int", "float", "str", "repr", "bool",
    "list", "tuple", "dict", "enumerate", "zip", "sorted", "reversed", "round", "divmod", "pow",
    "isinstance", "hash", "iter", "next", "all", "any", "map", "filter",
    "None", "True", "False", "Exception",
    "ZeroDivisionError", "IndexError", "KeyError", "NameError", "TypeError", "ValueError",
    "AttributeError", "OverflowError", "RecursionError", "AssertionError", "StopIteration",
}
METHODS = {
    # list
    "append", "pop", "insert", "extend", "index", "count", "remove", "sort", "reverse", "copy",
    # dict
    "get", "keys", "values", "items", "setdefault", "update",
    # str
    "join", "split", "strip", "lstrip", "rstrip", "upper", "lower", "startswith", "endswith",
    "replace", "find", "format",
}
MODULES = {
    "math": {"sqrt", "floor", "ceil", "sin", "cos", "tan", "atan2", "exp", "log", "pi", "e",
             "fabs", "isqrt", "gcd", "inf"},
    "time": {"perf_counter", "time", "sleep"},
    "sys": {"argv", "exit", "flags", "_is_gil_enabled", "gil"},
}
THREAD_MODULES = {
    "threading": {"Thread", "Lock", "RLock", "Event", "current_thread", "get_ident", "active_count",
                  "start", "join", "name", "ident", "acquire", "release", "set", "clear", "wait",
                  "is_set", "locked", "is_alive", "daemon", "main_thread"},
    "concurrent": {"futures"},
    "concurrent.futures": {"ThreadPoolExecutor", "submit", "result", "done", "map", "shutdown",
                           "exception"},
    "queue": {"Queue", "put", "get", "task_done", "join", "empty", "qsize", "full", "put_nowait",
              "get_nowait", "maxsize", "Empty", "Full"},
    "os": {"cpu_count"},
    # issue 6's GIL mode (sys additions) and the test module that does not declare free-threading safety
    "_legacy_ext": {"add", "name"},
    "sys": {"getswitchinterval", "setswitchinterval"},
}
# exception classes the threaded programs may name (ftvm's ClassTable has them)
THREAD_BUILTINS = {"RuntimeError", "TimeoutError", "OSError", "RuntimeWarning", "isinstance"}


def check(path, threads_allowed):
    modules = dict(MODULES)
    if threads_allowed:
        for m, names in THREAD_MODULES.items():
            modules[m] = modules.get(m, set()) | names
    attrs = set(METHODS)
    for names in modules.values():
        attrs |= names
    source = open(path, encoding="utf-8").read()
    lines = source.split("\n")
    tree = ast.parse(source, path)
    problems = []

    def bad(node, what):
        line = getattr(node, "lineno", 0)
        if 0 < line <= len(lines) and "# subset-check: intentional" in lines[line - 1]:
            return  # the program provokes this error on purpose (NameError, AttributeError tests)
        problems.append(f"{path}:{getattr(node, 'lineno', '?')}: {what}")

    defined = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            defined.add(node.name)
            for arg in node.args.args:
                defined.add(arg.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            defined.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                defined.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            defined.add(node.name)
        elif isinstance(node, ast.Global):
            defined.update(node.names)

    function_depth = {}

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            visit(child, in_function or isinstance(node, ast.FunctionDef))
        t = type(node)
        if t in (ast.ClassDef, ast.Lambda, ast.GeneratorExp, ast.SetComp, ast.DictComp, ast.Set,
                 ast.Yield, ast.YieldFrom, ast.Await, ast.AsyncFunctionDef, ast.AsyncFor,
                 ast.AsyncWith, ast.Starred, ast.Nonlocal, ast.NamedExpr, ast.Match, ast.TryStar):
            bad(node, f"{t.__name__} is not in the subset")
        if t is ast.FunctionDef:
            if in_function:
                bad(node, "nested def is not in the subset")
            a = node.args
            if a.vararg or a.kwarg or a.kwonlyargs or a.posonlyargs:
                bad(node, "*args/**kwargs/keyword-only/positional-only parameters")
            if node.decorator_list:
                bad(node, "decorators are not in the subset")
        if t in (ast.For, ast.While) and node.orelse:
            bad(node, "else clause on a loop is not listed in the subset")
        if t is ast.Try and node.orelse:
            bad(node, "else clause on try is not listed in the subset")
        if t is ast.Raise and node.cause is not None:
            bad(node, "raise ... from is not listed in the subset")
        if t is ast.With and not threads_allowed:
            bad(node, "with is only usable with threading/concurrent.futures context managers")
        if t is ast.FormattedValue:
            if node.conversion != -1:
                bad(node, "f-string conversions (!r/!s/!a) are not listed in the subset")
            if node.format_spec is not None:
                for part in node.format_spec.values:
                    if isinstance(part, ast.FormattedValue):
                        bad(node, "nested replacement fields in a format spec are not listed")
        if t is ast.Constant and isinstance(node.value, (bytes, complex)):
            bad(node, f"{type(node.value).__name__} literals are not in the subset")
        if t is ast.BinOp and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant) \
                and isinstance(node.left.value, str):
            bad(node, "%-formatting of strings is not listed in the subset")
        if t is ast.BinOp and isinstance(node.op, ast.MatMult):
            bad(node, "@ is not in the subset")
        if t is ast.Subscript and isinstance(node.slice, ast.Slice) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bad(node, "slice assignment/deletion is not listed in the subset")
        if t is ast.Compare:
            for op, right in zip(node.ops, node.comparators):
                if isinstance(op, (ast.Is, ast.IsNot)) and isinstance(right, ast.Constant) \
                        and right.value is not None and not isinstance(right.value, bool):
                    bad(node, "'is' against a literal is implementation-defined")
        if t is ast.Name and isinstance(node.ctx, ast.Load):
            if node.id not in BUILTINS and node.id not in defined and not (threads_allowed and node.id in THREAD_BUILTINS):
                bad(node, f"name '{node.id}' is neither defined here nor a subset built-in")
        if t is ast.Attribute and node.attr not in attrs:
            bad(node, f"attribute '{node.attr}' is not listed in the subset")
        if t is ast.Import:
            for alias in node.names:
                if alias.asname or alias.name not in modules:
                    bad(node, f"import {alias.name} is not in the subset")
        if t is ast.ImportFrom:
            if node.module not in modules:
                bad(node, f"from {node.module} import is not in the subset")
            for alias in node.names:
                if alias.asname or alias.name not in modules.get(node.module, set()):
                    bad(node, f"from {node.module} import {alias.name} is not in the subset")
        if t is ast.Call and isinstance(node.func, ast.Name) and node.func.id in ("id", "type", "set", "open", "input", "eval", "exec", "ord", "chr", "globals", "locals"):
            bad(node, f"built-in {node.func.id}() is not in the subset")

    visit(tree, False)
    return problems


def main(argv):
    problems = []
    for path in argv:
        problems += check(path, "/threads/" in path.replace("\\", "/") or "/examples/" in path.replace("\\", "/"))
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
