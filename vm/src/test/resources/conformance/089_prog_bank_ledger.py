# Program: a ledger with dicts, validation via exceptions, and a formatted statement.
accounts = {}
def open_account(name, deposit=0):
    if name in accounts:
        raise KeyError(name)
    accounts[name] = {"balance": deposit, "history": [("open", deposit)]}
def transfer(src, dst, amount):
    if dst not in accounts:
        raise KeyError(dst)
    if amount <= 0:
        raise ValueError(f"amount must be positive: {amount}")
    if accounts[src]["balance"] < amount:
        raise ValueError(f"insufficient funds in {src}: {accounts[src]['balance']} < {amount}")
    accounts[src]["balance"] -= amount
    accounts[dst]["balance"] += amount
    accounts[src]["history"].append(("out", -amount))
    accounts[dst]["history"].append(("in", amount))
open_account("alice", 100)
open_account("bob")
open_account("carol", 250)
ops = [("alice", "bob", 30), ("bob", "carol", 50), ("carol", "dave", 10), ("carol", "alice", -5), ("carol", "bob", 125)]
for src, dst, amt in ops:
    try:
        transfer(src, dst, amt)
        print(f"ok   {src:>6} -> {dst:<6} {amt:5d}")
    except ValueError as e:
        print("fail", e)
    except KeyError as e:
        print("fail unknown account", e)
try:
    open_account("bob")
except KeyError as e:
    print("duplicate account", e)
for name in sorted(accounts):
    acc = accounts[name]
    print(f"{name:<6}{acc['balance']:>8.2f}  " + ", ".join([f"{k}:{v}" for k, v in acc["history"]]))
print("total", sum([a["balance"] for a in accounts.values()]))
