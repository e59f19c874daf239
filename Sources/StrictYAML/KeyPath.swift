/// Builds the dotted key paths used in errors: `smtp.timeouts.connect`, `sender.allowed_domains[0]`.
enum KeyPath {
    static func child(_ key: String, of parent: String) -> String {
        parent.isEmpty ? key : "\(parent).\(key)"
    }

    static func element(_ index: Int, of parent: String) -> String {
        "\(parent)[\(index)]"
    }
}
