import Foundation
import StrictYAML

extension ImportMapping {
    /// The mappings shipped with Keepsake, by name: `shopify-customers`, `shopify-orders`,
    /// `woocommerce-customers`, `woocommerce-orders`.
    public static let presetNames = ["shopify-customers", "shopify-orders", "woocommerce-customers", "woocommerce-orders"]

    /// A shipped mapping by name.
    ///
    /// - Throws: ``YAMLError`` naming the presets when `name` is not one of them.
    public static func preset(named name: String) throws(YAMLError) -> ImportMapping {
        guard presetNames.contains(name),
              let url = Bundle.module.url(forResource: name, withExtension: "yaml", subdirectory: "Presets")
        else {
            let hint = Suggestion.closest(to: name, among: presetNames).map { " (did you mean \($0)?)" } ?? ""
            throw YAMLError(.invalidValue, file: name, message: "no mapping preset is named \"\(name)\"\(hint); "
                + "the presets are \(presetNames.joined(separator: ", "))")
        }
        var mapping = try ImportMapping(contentsOfFile: url.path)
        mapping.name = name
        return mapping
    }
}
