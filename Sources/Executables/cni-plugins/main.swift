print("cni-plugins")
