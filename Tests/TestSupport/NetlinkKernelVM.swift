import LinuxSystem

/// The kernel-VM tier: suites that need drivers a CI or sandbox kernel may lack (802.1Q vlan,
/// macvlan/macvtap, ipvlan, vrf, dummy, bridge VLAN filtering, the matchall classifier).
///
/// `Scripts/test-kernel-vm.sh` runs them in a VM booted with Debian's kernel and sets
/// `CNI_KERNEL_VM=1` there. Elsewhere they are disabled, never passed: a skipped suite must not look
/// like a kernel that works. Inside the VM a missing driver fails its test.
public enum NetlinkKernelVM {
    /// Whether this process runs inside the kernel VM.
    public static let isInside: Bool = ProcessEnvironment.current.contains("CNI_KERNEL_VM=1")

    /// Why the suites are disabled outside the VM.
    public static let disabledReason =
        "kernel-VM tier: needs drivers this kernel may lack; run Scripts/test-kernel-vm.sh (sets CNI_KERNEL_VM=1 in the VM)"
}
