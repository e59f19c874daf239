/// A message that cannot be rendered, with what to do about it, such as
/// `template 'birthday' has no version for fa-IR, fa or en: add templates/birthday/en/`.
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure, for code that reacts differently to each.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case unknownTemplate
            case missingLocale
            case invalidTemplate
            case invalidLocale
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// No folder of that name under the templates folder.
        public static let unknownTemplate = Code(.unknownTemplate)
        /// The template exists, but in none of the locales the fallback tries.
        public static let missingLocale = Code(.missingLocale)
        /// The template, or the layout it needs, has problems `keepsake validate` reports.
        public static let invalidTemplate = Code(.invalidTemplate)
        /// The default locale given to the loader is not a locale such as `en`.
        public static let invalidLocale = Code(.invalidLocale)

        /// The code's name, such as `missingLocale`.
        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// What went wrong and how to put it right.
    public let message: String

    /// Creates an error of the given kind with an explanation.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The explanation, ready to show to an operator or a marketer.
    public var description: String { message }
}
