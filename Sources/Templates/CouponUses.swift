/// Where a template file shows the coupon, or includes a partial, outside every `{{#coupon…}}`
/// section: in a campaign without a coupon such a tag renders nothing, so `keepsake validate`
/// refuses it there (``TemplateLibrary/check(references:)-([TemplateReference])``).
struct UnguardedUse: Hashable, Sendable {
    /// The file, as problems name it.
    let file: String
    /// The tag's line and column.
    let position: SourcePosition
    /// The tag's name: `coupon.code`, or the partial's name such as `coupon_code`.
    let name: String
}

/// Follows the open sections of one template file, to tell which tags a `{{#coupon…}}` section
/// guards: inside one, the coupon is there; outside, a campaign without a coupon shows nothing.
struct CouponGuards {
    /// For each open section, innermost last: whether it is a `{{#coupon…}}` section.
    private var open: [Bool] = []

    /// Whether some enclosing section shows its content only when there is a coupon.
    var isGuarded: Bool { open.contains(true) }

    /// Whether `name` reads the coupon: `coupon` or `coupon.NAME`.
    static func readsCoupon(_ name: String) -> Bool {
        name == "coupon" || name.hasPrefix("coupon.")
    }

    /// Follows one tag of the file.
    mutating func follow(_ tag: MustacheTag) {
        switch tag.kind {
        case .section: open.append(Self.readsCoupon(tag.name))
        case .invertedSection: open.append(false)
        case .sectionEnd: if !open.isEmpty { open.removeLast() }
        default: break
        }
    }
}
