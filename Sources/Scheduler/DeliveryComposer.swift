import Calendars
import Campaigns
import Foundation
import Mail
import Store
import Templates

/// Turns a delivery (a planner's entry or a send-ledger row, ``DeliveryContent``) into the exact
/// message that would be sent: the customer's template rendered in their locale, then composed as
/// MIME and DKIM-signed. `keepsake preview` and the daemon share it, so a preview shows the bytes
/// the relay would receive.
public struct DeliveryComposer: Sendable {
    /// The sender and the fixed headers of every message.
    public struct Envelope: Sendable {
        /// The From mailbox (the calendar's `from`).
        public var from: Mailbox
        /// The Reply-To mailbox, if any.
        public var replyTo: Mailbox?
        /// The domain of generated Message-IDs.
        public var messageIDDomain: String
        /// The operator's `unsubscribe.base_url`: each message gets its own one-click link under it.
        public var unsubscribeBase: URL?
        /// The operator's `unsubscribe.mailto`.
        public var unsubscribeMailto: EmailAddress?
        /// Derives the links and coupon codes.
        public var tokens: LinkTokens
        /// Signs every composed message with DKIM (the operator's `dkim.*`), or nil for unsigned mail.
        public var signer: DKIMSigner?

        /// Creates the envelope.
        public init(
            from: Mailbox, replyTo: Mailbox?, messageIDDomain: String, unsubscribeBase: URL?,
            unsubscribeMailto: EmailAddress?, tokens: LinkTokens, signer: DKIMSigner? = nil
        ) {
            self.from = from
            self.replyTo = replyTo
            self.messageIDDomain = messageIDDomain
            self.unsubscribeBase = unsubscribeBase
            self.unsubscribeMailto = unsubscribeMailto
            self.tokens = tokens
            self.signer = signer
        }
    }

    /// A delivery rendered and composed.
    public struct ComposedDelivery: Sendable {
        /// The rendered subject, bodies and the locale used.
        public let rendered: RenderedMessage
        /// The message, before composition.
        public let message: MailMessage
        /// The exact bytes that would go to the relay, DKIM-signed when the envelope has a signer;
        /// empty when composed with `encode: false`.
        public let bytes: [UInt8]
    }

    public let templates: TemplateLibrary
    public let campaigns: [String: Campaign]
    public let shop: ShopDetails
    public let envelope: Envelope
    /// Each template localized once per customer locale, with the shop as it shows it.
    let localizedTemplates: LocalizedTemplates

    /// Creates a composer over a checked template library and campaign set.
    public init(templates: TemplateLibrary, campaigns: [Campaign], shop: ShopDetails, envelope: Envelope) {
        self.templates = templates
        self.campaigns = Dictionary(campaigns.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.shop = shop
        self.envelope = envelope
        self.localizedTemplates = LocalizedTemplates(library: templates, shop: RenderContext.Shop(shop))
    }

    /// Renders and composes `delivery` (a planner's entry or a send-ledger row) for `customer`,
    /// whose id is the delivery's customer; addressed to `recipient` instead of the
    /// customer when given (a test send to a tester's inbox). With `encode: false` only the subject
    /// is rendered and no MIME bytes are produced: what a listing of a day's mail needs.
    ///
    /// - Throws: `TemplateError` or `MailError` naming what is wrong.
    ///
    /// With `mailtoToken` (the dispatcher's, once the delivery has its ledger id) the unsubscribe
    /// mailto address carries it as `LOCAL+TOKEN@DOMAIN`, so that a mailed request names its delivery.
    public func compose(
        _ delivery: some DeliveryContent, customer: CustomerRecord, recipient: Mailbox? = nil, encode: Bool = true,
        mailtoToken: String? = nil
    ) throws -> ComposedDelivery {
        let oneClick = oneClickLink(delivery, customer: customer)
        let mailto = try envelope.unsubscribeMailto.map { base in
            try mailtoToken.map { try EmailAddress("\(base.localPart)+\($0)@\(base.domain)") } ?? base
        }
        let context = renderContext(delivery, customer: customer, oneClick: oneClick, mailto: mailto)
        let rendered = try templates.render(
            localizedTemplates.localized(delivery.template, locale: delivery.locale), context: context, subjectOnly: !encode)
        let displayName = [customer.firstName, customer.lastName].compactMap { $0 }.joined(separator: " ")
        let message = try MailMessage(
            from: sender(showing: rendered.shopName),
            to: recipient ?? Mailbox(displayName: displayName.isEmpty ? nil : displayName, address: customer.email),
            replyTo: envelope.replyTo,
            subject: rendered.subject,
            textBody: rendered.text,
            htmlBody: rendered.html,
            date: delivery.sendAt,
            timeZone: delivery.timeZone,
            messageID: recipient == nil
                ? try MessageID(delivery.messageID(envelope: envelope)) : .generate(domain: envelope.messageIDDomain),
            listUnsubscribe: oneClick != nil || mailto != nil ? try ListUnsubscribe(mailto: mailto, https: oneClick) : nil)
        // The boundary follows from the Message-ID, so one occurrence always composes to the same bytes.
        let composer = MIMEComposer(fixedBoundary: "=_ks_" + message.messageID.localPart.filter(\.isHexDigit))
        var bytes = encode ? try composer.compose(message) : []
        if encode, let signer = envelope.signer {
            bytes = try signer.sign(bytes)
        }
        return ComposedDelivery(rendered: rendered, message: message, bytes: bytes)
    }

    /// What a listing of a day's mail shows of `delivery` (`keepsake preview` without `--out`): its
    /// subject rendered alone, with the locale used, checked as ``compose(_:customer:recipient:encode:mailtoToken:)``
    /// checks it, without building the message (its Message-ID and List-Unsubscribe are made from
    /// settings checked when they are read). The subject and locale are the ones composing gives.
    ///
    /// - Throws: `TemplateError`, or `MailError` for an empty subject.
    public func listing(_ delivery: some DeliveryContent, customer: CustomerRecord) throws -> RenderedMessage {
        let template = try localizedTemplates.localized(delivery.template, locale: delivery.locale)
        // A subject that reads nothing of the customer was rendered once for all of them.
        if let listed = template.listing {
            guard !MailError.isEmptySubject(listed.subject) else { throw MailError.emptySubject(to: customer.email) }
            return listed
        }
        // Only what the subject reads: the link (an HMAC) and the coupon's code when it shows them.
        let reads = template.subjectVariables
        let oneClick = reads.contains("unsubscribe_url") ? oneClickLink(delivery, customer: customer) : nil
        let context = renderContext(delivery, customer: customer, oneClick: oneClick, withCoupon: reads.contains("coupon"))
        let rendered = try templates.render(template, context: context, subjectOnly: true)
        guard !MailError.isEmptySubject(rendered.subject) else { throw MailError.emptySubject(to: customer.email) }
        return rendered
    }

    /// Whether the listing of `delivery` shows a coupon code (its subject reads `coupon`), so
    /// that a listing looks codes up only for those.
    public func listingShowsCoupon(_ delivery: some DeliveryContent) -> Bool {
        guard let template = try? localizedTemplates.localized(delivery.template, locale: delivery.locale) else { return false }
        return template.subjectVariables.contains("coupon")
    }

    /// The delivery's own one-click unsubscribe link, when the operator set `unsubscribe.base_url`.
    func oneClickLink(_ delivery: some DeliveryContent, customer: CustomerRecord) -> URL? {
        envelope.unsubscribeBase.map {
            envelope.tokens.unsubscribeURL(base: $0, customerID: customer.id, campaignID: delivery.campaignID)
        }
    }

    /// What `delivery`'s templates see: the customer, the campaign, its coupon, the shop, the
    /// sending day (`today`) and the occasion's own date, with ages and years counted to it.
    /// Without `withCoupon` the coupon is left out (for a subject that does not show it).
    func renderContext(
        _ delivery: some DeliveryContent, customer: CustomerRecord, oneClick: URL?, mailto: EmailAddress? = nil,
        withCoupon: Bool = true
    ) -> RenderContext {
        let campaign = campaigns[delivery.campaignID]
        let unsubscribeURL = oneClick?.absoluteString
            ?? (mailto ?? envelope.unsubscribeMailto).map { "mailto:\($0)?subject=unsubscribe" } ?? ""
        let coupon = (withCoupon ? campaign?.coupon(forSegment: delivery.segment) : nil).map { coupon in
            RenderContext.Coupon(
                code: delivery.couponCode ?? envelope.tokens.couponCode(
                    prefix: coupon.prefix, customerID: customer.id, campaignID: delivery.campaignID,
                    occurrence: delivery.occurrenceDate.description),
                percent: coupon.percent, validUntil: delivery.day.adding(days: coupon.validDays))
        }
        return RenderContext(
            customer: RenderContext.Customer(
                email: customer.email.description, firstName: customer.firstName, lastName: customer.lastName,
                locale: customer.locale, country: customer.country, calendar: customer.calendar,
                birthday: customer.birthday, ordersCount: customer.ordersCount, totalSpent: customer.totalSpent,
                currency: customer.currency, tags: customer.tags, attributes: customer.attributes),
            campaign: RenderContext.Campaign(id: delivery.campaignID, name: campaign?.name ?? delivery.campaignID),
            segment: delivery.segment,
            years: delivery.years,
            age: customer.birthday.flatMap { CustomerAge.years(birthday: $0, on: delivery.occurrenceDate) },
            coupon: coupon,
            unsubscribeURL: unsubscribeURL,
            shop: localizedTemplates.shop,
            today: delivery.day,
            occasion: delivery.occurrenceDate)
    }

    /// The From mailbox; when its display name is the shop's name (`from: "Sahab Shop <…>"` with
    /// `shop.name: Sahab Shop`), the name the message shows in its locale (`shop.locales`).
    func sender(showing shopName: String) -> Mailbox {
        guard envelope.from.displayName == shop.name, !shopName.isEmpty, shopName != shop.name else { return envelope.from }
        return Mailbox(displayName: shopName, address: envelope.from.address)
    }
}

extension RenderContext.Shop {
    /// The shop of the calendar's `shop:`, with its `locales` as translations.
    public init(_ details: ShopDetails) {
        self.init(
            name: details.name, address: details.postalAddress, url: details.url ?? "",
            translations: details.locales.mapValues { .init(name: $0.name, address: $0.postalAddress, url: $0.url) })
    }
}
