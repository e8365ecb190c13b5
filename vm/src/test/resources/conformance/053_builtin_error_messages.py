# Messages of errors raised by built-in operations (caught, so the message is printed).
def attempt(label, f, arg):
    try:
        f(arg)
        print(label, "no error")
    except ZeroDivisionError as e:
        print(label, "ZeroDivisionError:", e)
    except IndexError as e:
        print(label, "IndexError:", e)
    except KeyError as e:
        print(label, "KeyError:", e)
    except TypeError as e:
        print(label, "TypeError:", e)
    except ValueError as e:
        print(label, "ValueError:", e)
    except AttributeError as e:
        print(label, "AttributeError:", e)
    except OverflowError as e:
        print(label, "OverflowError:", e)
    except NameError as e:
        print(label, "NameError:", e)
def list_index(x):
    return [1, 2, 3][x]
def tuple_index(x):
    return (1,)[x]
def str_index(x):
    return "abc"[x]
def list_assign(x):
    l = [0]
    l[x] = 1
def dict_key(x):
    return {"a": 1}[x]
def pop_empty(x):
    return [].pop()
def pop_index(x):
    return [1].pop(x)
def int_parse(x):
    return int(x)
def float_parse(x):
    return float(x)
def index_missing(x):
    return [1, 2].index(x)
def remove_missing(x):
    [1, 2].remove(x)
def add_str_int(x):
    return "a" + x
def add_int_str(x):
    return x + "a"
def mul_list_float(x):
    return [1] * x
def len_int(x):
    return len(x)
def call_int(x):
    return x()
def unhashable(x):
    return {x: 1}
def hash_list(x):
    return hash(x)
def bad_attr(x):
    return x.nosuchattribute  # subset-check: intentional
def compare(x):
    return x < "a"
def neg_str(x):
    return -x
def int_to_float(x):
    return float(x)
def nan_to_int(x):
    return int(x)
def round_inf(x):
    return round(x)
def sub_list(x):
    return [1] - x
def unpack(x):
    a, b = x
def too_many_args(x):
    return len(x, x)
def slice_step(x):
    return [1, 2][::x]
def str_item_assign(x):
    s = "abc"
    s[0] = x
def tuple_item_assign(x):
    t = (1, 2)
    t[0] = x
def missing_global(x):
    return undefined_global_name_xyz  # subset-check: intentional
def range_step_zero(x):
    return range(x, 0, 0)
attempt("list_index", list_index, 3)
attempt("list_index_neg", list_index, -4)
attempt("tuple_index", tuple_index, 1)
attempt("str_index", str_index, 10)
attempt("list_assign", list_assign, 2)
attempt("list_index_type", list_index, "0")
attempt("dict_key", dict_key, "b")
attempt("dict_key_int", dict_key, 5)
attempt("dict_key_tuple", dict_key, (1, "x"))
attempt("pop_empty", pop_empty, None)
attempt("pop_index", pop_index, 3)
attempt("int_parse", int_parse, "12a")
attempt("int_parse_empty", int_parse, "")
attempt("int_parse_float_str", int_parse, "1.5")
attempt("int_none", int_parse, None)
attempt("float_parse", float_parse, "abc")
attempt("index_missing", index_missing, 5)
attempt("remove_missing", remove_missing, 5)
attempt("add_str_int", add_str_int, 1)
attempt("add_int_str", add_int_str, 1)
attempt("add_none", add_int_str, None)
attempt("mul_list_float", mul_list_float, 1.5)
attempt("len_int", len_int, 5)
attempt("call_int", call_int, 5)
attempt("unhashable", unhashable, [1])
attempt("hash_list", hash_list, [1])
attempt("hash_dict", hash_list, {})
attempt("bad_attr_int", bad_attr, 1)
attempt("bad_attr_list", bad_attr, [])
attempt("compare", compare, 1)
attempt("neg_str", neg_str, "s")
attempt("int_to_float", int_to_float, 10 ** 400)
attempt("nan_to_int", nan_to_int, float("nan"))
attempt("inf_to_int", nan_to_int, float("inf"))
attempt("round_inf", round_inf, float("inf"))
attempt("sub_list", sub_list, [1])
attempt("unpack_many", unpack, [1, 2, 3])
attempt("unpack_few", unpack, [1])
attempt("unpack_int", unpack, 5)
attempt("too_many_args", too_many_args, "x")
attempt("slice_step", slice_step, 0)
attempt("str_item_assign", str_item_assign, "z")
attempt("tuple_item_assign", tuple_item_assign, 0)
attempt("missing_global", missing_global, 0)
attempt("range_step_zero", range_step_zero, -1)
