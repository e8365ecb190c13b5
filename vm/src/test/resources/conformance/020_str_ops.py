# String operations: concatenation, repetition, indexing, slicing, membership, iteration, repr.
s = "Hello, World"
print(s + "!", s * 2, 3 * "ab", "" * 5, "x" * 0, "x" * -1)
print(s[0], s[-1], s[4], s[-5], len(s))
print(s[0:5], s[7:], s[:5], s[-5:], s[::2], s[::-1], s[1:10:3], s[10:1:-2], s[-1:-6:-1])
print(s[100:], s[-100:3], s[5:2], repr(s[3:3]), s[:], s[::-3])
print("World" in s, "world" in s, "" in s, "lo, W" not in s)
for ch in "abc":
    print(ch, end=" ")
print()
print(repr("plain"), repr("it's"), repr('say "hi"'), repr("both ' and \""), repr("tab\there"))
print(repr("nl\n"), repr("\\"), repr("\x00\x7f"), repr("é ü"), repr(""), repr("\u200b"))
print(str(12), str(1.5), str(None), str(True), str([1, "a"]), str((1,)), str({"k": "v"}))
print(["a", 'b"c', "d'e"], ("x",), {"k": "it's"})
print("abc" + str(123), "%" + "d", "é".upper(), "straße".upper(), "ÀÉ".lower())
print(len("日本語"), "日本語"[1], "日本語"[::-1], "😀x"[1], len("😀"))
t = ""
for i in range(5):
    t += str(i)
print(t)
