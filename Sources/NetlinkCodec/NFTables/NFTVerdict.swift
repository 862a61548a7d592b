/// What a rule decides (`NF_DROP`, `NF_ACCEPT`, `NFT_JUMP`, ...), carried by an immediate
/// expression into the verdict register, or a base chain's policy.
public enum NFTVerdict: Hashable, Sendable {
    case drop
    case accept
    /// `continue`: on to the next rule.
    case `continue`
    /// `return`: back to the chain that jumped here (or the base chain's policy).
    case `return`
    /// `jump CHAIN`: run CHAIN, then come back.
    case jump(String)
    /// `goto CHAIN`: run CHAIN and do not come back.
    case goto(String)
    /// A code this library does not name.
    case other(Int32)

    /// The kernel's code.
    public var code: Int32 {
        switch self {
        case .drop: 0
        case .accept: 1
        case .continue: -1
        case .return: -5
        case .jump: -3
        case .goto: -4
        case .other(let code): code
        }
    }

    /// The chain a jump or goto names.
    public var chain: String? {
        switch self {
        case .jump(let chain), .goto(let chain): chain
        default: nil
        }
    }

    /// The verdict for a code (and the chain of a jump or goto).
    public init(code: Int32, chain: String?) {
        switch code {
        case 0: self = .drop
        case 1: self = .accept
        case -1: self = .continue
        case -5: self = .return
        case -3: self = .jump(chain ?? "")
        case -4: self = .goto(chain ?? "")
        default: self = .other(code)
        }
    }
}
