# Front-end spec: async functions are not in the subset.
async def fetch():
    return 1
print("defined")
