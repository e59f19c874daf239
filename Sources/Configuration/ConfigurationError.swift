import StrictYAML

/// Why the configuration could not be loaded. Its ``description`` is the line to show the operator.
///
/// A mistake in the file reads `FILE:LINE:COLUMN: KEYPATH: MESSAGE`; one in an environment
/// override reads `environment VARIABLE: MESSAGE`.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// A stable identifier for the kind of problem.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case fileNotFound, unreadableFile, invalidSetting, unknownEnvironmentVariable
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The name of the code, such as `invalidSetting`.
        public var description: String { base.rawValue }

        /// The file named by `--config` or `KEEPSAKE_CONFIG` does not exist.
        public static let fileNotFound = Code(.fileNotFound)
        /// The configuration file exists but cannot be read as UTF-8 text.
        public static let unreadableFile = Code(.unreadableFile)
        /// A setting in the file or in an environment override is wrong; ``ConfigurationError/setting`` says where.
        public static let invalidSetting = Code(.invalidSetting)
        /// A `KEEPSAKE_*` environment variable that is not a setting (most likely a typo).
        public static let unknownEnvironmentVariable = Code(.unknownEnvironmentVariable)
    }

    /// What kind of problem this is.
    public let code: Code
    /// The positioned problem, for ``Code/invalidSetting``.
    public let setting: YAMLError?
    /// What is wrong and how to fix it, with where.
    public let description: String

    /// Creates an error with a message.
    public init(_ code: Code, _ description: String) {
        self.code = code
        self.setting = nil
        self.description = description
    }

    /// Wraps a positioned problem with a setting.
    public init(_ setting: YAMLError) {
        self.code = .invalidSetting
        self.setting = setting
        self.description = setting.description
    }
}
