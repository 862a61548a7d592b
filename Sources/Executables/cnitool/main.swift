print("cnitool")
