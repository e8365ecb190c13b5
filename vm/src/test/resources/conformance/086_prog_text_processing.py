# Program: run-length encoding, roman numerals, caesar cipher via str.find, palindromes.
def rle(s):
    if not s:
        return []
    out = []
    cur, n = s[0], 1
    for ch in s[1:]:
        if ch == cur:
            n += 1
        else:
            out.append((cur, n)); cur, n = ch, 1
    out.append((cur, n))
    return out
def unrle(pairs):
    return "".join([ch * n for ch, n in pairs])
enc = rle("aaabccddddde")
print(enc, unrle(enc), "".join([f"{n}{c}" for c, n in enc]))
def to_roman(n):
    table = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
             (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for v, sym in table:
        while n >= v:
            out += sym
            n -= v
    return out
print([to_roman(n) for n in [1, 4, 9, 14, 40, 90, 400, 1994, 2026, 3999]])
ALPHA = "abcdefghijklmnopqrstuvwxyz"
def caesar(s, k):
    out = []
    for ch in s:
        low = ch.lower()
        i = ALPHA.find(low)
        if i < 0:
            out.append(ch)
        else:
            c = ALPHA[(i + k) % 26]
            out.append(c.upper() if ch != low else c)
    return "".join(out)
secret = caesar("Hello, Free-Threaded World!", 3)
print(secret, caesar(secret, -3))
def is_pal(s):
    t = "".join([c for c in s.lower() if ALPHA.find(c) >= 0])
    return t == t[::-1]
print([is_pal(s) for s in ["A man, a plan, a canal: Panama", "abc", "", "No lemon, no melon"]])
words = "the rain in spain stays mainly in the plain".split()
print(" ".join([w[::-1] for w in words]), " ".join([w.replace("ain", "AIN") for w in words if "ain" in w]))
table = [("alpha", 1.5, 10), ("beta", 22.25, 200), ("gamma", 333.125, 3000)]
for name, val, count in table:
    print(f"|{name:^9}|{val:>10.2f}|{count:<6d}|{count:06d}|{val:+.1e}|")
