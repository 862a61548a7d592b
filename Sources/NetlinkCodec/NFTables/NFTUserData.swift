/// The comment `nft` keeps in a table's, chain's or rule's user data: libnftnl's TLV format, one
/// byte of type (0, the comment), one byte of length, then the text with its NUL. The kernel
/// stores the bytes without reading them; `nft list` shows them as `comment "..."`.
public enum NFTUserData {
    /// The longest comment `nft` accepts, in bytes (`NFTNL_UDATA_COMMENT_MAXLEN`).
    public static let maximumCommentLength = 128

    private static let commentType: UInt8 = 0

    /// The user data holding `comment`, cut to ``maximumCommentLength`` bytes (at a character
    /// boundary).
    public static func encode(comment: String) -> [UInt8] {
        var text = Array(comment.utf8)
        if text.count > maximumCommentLength {
            var cut = String(decoding: text.prefix(maximumCommentLength), as: UTF8.self)
            // A multi-byte character cut in half decodes to U+FFFD, which is longer: drop it.
            while cut.utf8.count > maximumCommentLength || cut.hasSuffix("\u{FFFD}") { cut.removeLast() }
            text = Array(cut.utf8)
        }
        return [commentType, UInt8(text.count + 1)] + text + [0]
    }

    /// The comment in user data, if it holds one.
    public static func comment(in userData: [UInt8]) -> String? {
        var offset = 0
        while offset + 2 <= userData.count {
            let type = userData[offset], length = Int(userData[offset + 1])
            let start = offset + 2
            guard start + length <= userData.count else { return nil }
            if type == commentType {
                let value = userData[start..<(start + length)]
                return String(decoding: value.prefix { $0 != 0 }, as: UTF8.self)
            }
            offset = start + length
        }
        return nil
    }
}
