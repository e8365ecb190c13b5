# String literal forms: quotes, triple quotes, escapes, raw strings, concatenation.
print('single', "double", 'it\'s', "say \"hi\"", "it's", 'say "hi"')
print('''triple single
with a newline''')
print("""triple double "quotes" inside
  and 'single' too""")
print("tab\tsep", "back\\slash", "nl\\n literal")
print("\x41\x42\x43", "\u00e9\u00e8", "\U0001F600", "\101\102", "\0" == "\x00")
print(r"raw \n not newline", R'raw \t tab', r'C:\dir\file')
print(len("a\nb"), len(r"a\nb"), len(""), len(''))
print("multi" "part" 'literal')
print("line1\nline2")
print("unicode: héllo wörld ∑ 日本")
print('''a\
b''')
x = """
first
"""
print(len(x), x.count("\n"))
