import Campaigns
import Foundation
import KeepsakeTestSupport
import Mail
import Scheduler
import Templates

/// A composer over the repository's real `templates/`, the campaigns given and a fixed shop,
/// sending from `Shop <hello@shop.example>` with one-click links under https://shop.example/u.
public func sampleComposer(
    _ campaigns: [Campaign], shop: ShopDetails = sampleShop,
    templates directory: String = TestSupportPaths.repositoryRoot.appendingPathComponent("templates").path
) throws -> DeliveryComposer {
    let templates = TemplateLibrary.load(directory: directory, defaultLocale: TemplateLocale("en")!)
    guard templates.problems.isEmpty else { throw SampleTemplatesError(problems: templates.problems.map { "\($0)" }) }
    return DeliveryComposer(
        templates: templates, campaigns: campaigns, shop: shop,
        envelope: .init(
            from: try Mailbox(parsing: rules().from.text), replyTo: nil, messageIDDomain: "shop.example",
            unsubscribeBase: URL(string: "https://shop.example/u"), unsubscribeMailto: nil,
            tokens: LinkTokens(secret: Array(repeating: 7, count: 32))))
}

/// The shop of the tests' messages.
public let sampleShop = ShopDetails(name: "Sahab Shop", postalAddress: "12 Valiasr St, Tehran", url: "https://shop.example")

/// The repository's `templates/` have problems: the sample composer would not render what the tests expect.
public struct SampleTemplatesError: Error, CustomStringConvertible {
    public let problems: [String]
    public var description: String { "templates/: \(problems.joined(separator: "; "))" }
}
