# Program: word frequencies with dicts, sorting by (-count, word), formatted report.
text = """It was the best of times, it was the worst of times, it was the age of
wisdom, it was the age of foolishness, it was the epoch of belief, it was the
epoch of incredulity, it was the season of Light, it was the season of Darkness"""
def normalize(w):
    return w.strip(".,;:!?").lower()
counts = {}
for line in text.split("\n"):
    for raw in line.split():
        w = normalize(raw)
        counts[w] = counts.get(w, 0) + 1
def order(item):
    return (-item[1], item[0])
ranked = sorted(counts.items(), key=order)
print(f"{'word':<12}|{'n':>4}")
print("-" * 17)
for w, n in ranked[:8]:
    print(f"{w:<12}|{n:>4}")
print(len(counts), sum(counts.values()), max(counts.values()))
lengths = {}
for w in counts:
    lengths.setdefault(len(w), []).append(w)
for k in sorted(lengths):
    print(k, sorted(lengths[k]))
