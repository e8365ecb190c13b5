# Program: recursive backtracking (n-queens) and tower of Hanoi with move lists.
def queens(n):
    solutions = []
    cols = []
    place(n, 0, cols, solutions)
    return solutions
def place(n, row, cols, solutions):
    if row == n:
        solutions.append(cols[:])
        return
    for c in range(n):
        ok = True
        for r in range(row):
            if cols[r] == c or abs(cols[r] - c) == row - r:
                ok = False
                break
        if ok:
            cols.append(c)
            place(n, row + 1, cols, solutions)
            cols.pop()
for n in range(1, 8):
    print(n, len(queens(n)))
first = queens(6)[0]
for r in range(6):
    print("".join(["Q" if first[r] == c else "." for c in range(6)]))
moves = []
def hanoi(k, src, dst, via):
    if k == 0:
        return
    hanoi(k - 1, src, via, dst)
    moves.append((src, dst))
    hanoi(k - 1, via, dst, src)
hanoi(3, "A", "C", "B")
print(len(moves), moves)
moves = []
hanoi(12, "A", "C", "B")
print(len(moves), moves[-1], moves[2047])
