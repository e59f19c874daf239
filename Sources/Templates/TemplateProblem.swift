/// Something wrong in the templates folder, found by ``TemplateLibrary/load(directory:defaultLocale:)``
/// or ``TemplateLibrary/check(references:)``, with the place a marketer has to edit:
/// `templates/birthday/fa/body.html.mustache:3:12: unknown variable 'frist_name' (did you mean first_name?)`.
public struct TemplateProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of problem, for code that reacts differently to each.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case syntax
            case unknownVariable
            case unknownPartial
            case unsupportedTag
            case unescapedHTML
            case missingPart
            case unknownFile
            case invalidLocale
            case missingLayout
            case missingTemplate
            case unreadableFile
            case partialLoop
            case limitExceeded
            case couponWithoutCoupon
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// Mustache that cannot be parsed: an unclosed tag or section, a mismatched closing tag.
        public static let syntax = Code(.syntax)
        /// A `{{name}}` that names no variable Keepsake provides.
        public static let unknownVariable = Code(.unknownVariable)
        /// A `{{>name}}` that names no partial in `_layout`, or a partial where none may be used.
        public static let unknownPartial = Code(.unknownPartial)
        /// A Mustache feature Keepsake templates do not allow (pragmas, inheritance, transforms).
        public static let unsupportedTag = Code(.unsupportedTag)
        /// `{{{name}}}` or `{{&name}}` in HTML, which would insert customer data without escaping.
        public static let unescapedHTML = Code(.unescapedHTML)
        /// A locale without its subject, HTML or plain-text part, or a layout without a required piece.
        public static let missingPart = Code(.missingPart)
        /// A file or folder Keepsake does not know, usually a misspelt name.
        public static let unknownFile = Code(.unknownFile)
        /// A locale folder whose name is not a locale such as `en`, `fa` or `fa-IR`.
        public static let invalidLocale = Code(.invalidLocale)
        /// The shared `_layout` folder, or one of its required files, is missing.
        public static let missingLayout = Code(.missingLayout)
        /// A template a campaign names that does not exist, or lacks the default locale.
        public static let missingTemplate = Code(.missingTemplate)
        /// A file that cannot be read or is not UTF-8.
        public static let unreadableFile = Code(.unreadableFile)
        /// A partial that includes itself, directly or through other partials.
        public static let partialLoop = Code(.partialLoop)
        /// A file past one of ``TemplateLimits``: sections or partials nested too deep.
        public static let limitExceeded = Code(.limitExceeded)
        /// `{{coupon.code}}` outside `{{#coupon}}…{{/coupon}}` in a template a campaign without a coupon uses.
        public static let couponWithoutCoupon = Code(.couponWithoutCoupon)

        /// The code's name, such as `unknownVariable`.
        public var description: String { base.rawValue }
    }

    /// The kind of problem.
    public let code: Code
    /// The file to edit, as given to the loader joined with the path inside the templates folder.
    public let file: String
    /// The line, from 1.
    public let line: Int
    /// The column, from 1, counted in characters as an editor shows them.
    public let column: Int
    /// What is wrong and how to put it right.
    public let message: String

    /// Creates a problem at a place in a file.
    public init(_ code: Code, file: String, line: Int, column: Int, _ message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `FILE:LINE:COLUMN: message`, the form editors and CI logs link to.
    public var description: String { "\(file):\(line):\(column): \(message)" }
}
