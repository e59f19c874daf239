/// The token VERP adds to the envelope sender's local part, after `+`: `ID-SIGNATURE`, a send-ledger
/// id of digits without a leading zero, a dash, and a 10-character signature of `a`–`z` and `2`–`7`.
///
/// One reading of the format for both sides: the dispatcher's `EnvelopeSender`, which writes it and
/// reads bounce addresses back, and `Inbound`, which finds it in returned mail. Neither checks the
/// signature here: that needs the link secret and the ledger row.
public enum VERPTokenText {
    /// The length of the signature part.
    public static let signatureLength = 10

    /// Reads `ID-SIGNATURE` (lower-case) into the delivery id and signature; nil for anything else.
    public static func parse(_ token: Substring) -> (deliveryID: Int64, signature: String)? {
        let parts = token.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let first = parts[0].first, first != "0",
              parts[0].allSatisfy({ ("0"..."9").contains($0) }), let id = Int64(parts[0]),
              parts[1].count == signatureLength,
              parts[1].allSatisfy({ ("a"..."z").contains($0) || ("2"..."7").contains($0) })
        else { return nil }
        return (id, String(parts[1]))
    }
}
